/**
 * Custom SELinux labels can escape the container domain: the type must be one of the container types, and the
 * user and role must not be set. v1.31 adds container_engine_t (for container engines run in pods).
 */
import type { FieldPath } from '../../../inventory/field-path.js';
import type { Denial, PodView, PssCheck } from '../check.js';
import { asRecord, podContainers, podContextPath, podSecurityContext, stringField } from '../pod-fields.js';
import { containersPhrase, joinQuote, pluralize, sortedUnique } from '../wording.js';

export const TYPES_V1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
export const TYPES_V1_31 = [...TYPES_V1_0, 'container_engine_t'];

export const seLinuxOptions: PssCheck = {
  id: 'seLinuxOptions',
  level: 'baseline',
  versions: [
    { minVersion: 'v1.0', evaluate: seLinuxOptionsAllowing(TYPES_V1_0) },
    { minVersion: 'v1.31', evaluate: seLinuxOptionsAllowing(TYPES_V1_31) },
  ],
};

function seLinuxOptionsAllowing(allowedTypes: readonly string[]) {
  const allowed = new Set(allowedTypes);
  return ({ spec }: PodView): Denial | undefined => {
    const badTypes: string[] = [];
    const paths: FieldPath[] = [];
    let setUser = false;
    let setRole = false;

    /** Records what is wrong with one seLinuxOptions; true when nothing is. */
    const valid = (options: Record<string, unknown>, at: (...s: string[]) => FieldPath): boolean => {
      let ok = true;
      const type = stringField(options, 'type');
      if (!allowed.has(type)) {
        ok = false;
        badTypes.push(type);
        paths.push(at('type'));
      }
      if (stringField(options, 'user') !== '') {
        ok = false;
        setUser = true;
        paths.push(at('user'));
      }
      if (stringField(options, 'role') !== '') {
        ok = false;
        setRole = true;
        paths.push(at('role'));
      }
      return ok;
    };

    const setters: string[] = [];
    const podOptions = asRecord(podSecurityContext(spec)?.seLinuxOptions);
    if (podOptions && !valid(podOptions, (...s) => podContextPath('seLinuxOptions', ...s)))
      setters.push('pod');
    const badContainers: string[] = [];
    for (const c of podContainers(spec)) {
      const options = asRecord(c.securityContext?.seLinuxOptions);
      if (options && !valid(options, (...s) => c.at('securityContext', 'seLinuxOptions', ...s))) {
        badContainers.push(c.name);
      }
    }
    if (badContainers.length > 0) setters.push(containersPhrase(badContainers));
    if (setters.length === 0) return undefined;

    const problems: string[] = [];
    const types = sortedUnique(badTypes);
    if (types.length > 0) problems.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) problems.push('user may not be set');
    if (setRole) problems.push('role may not be set');
    return {
      reason: 'seLinuxOptions',
      detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${problems.join('; ')}`,
      paths,
    };
  };
}
