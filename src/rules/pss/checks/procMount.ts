/**
 * The default /proc masks reduce the kernel surface a container sees: `securityContext.procMount` must be unset or
 * "Default". From v1.35 baseline lets pods in a user namespace (`hostUsers: false`) unmask /proc, since it is then
 * the namespace's own; restricted keeps the unconditional rule (see procMount_restricted).
 */
import type { FieldPath } from '../../../inventory/field-path.js';
import type { Denial, PodView, PssCheck } from '../check.js';
import { inUserNamespace, podContainers } from '../pod-fields.js';
import { containersPhrase, joinQuote, sortedUnique } from '../wording.js';

export const procMount: PssCheck = {
  id: 'procMount',
  level: 'baseline',
  versions: [
    { minVersion: 'v1.0', evaluate: forbidNonDefaultProcMount },
    { minVersion: 'v1.35', evaluate: procMountV1Dot35 },
  ],
};

/** Any procMount other than "Default" is forbidden, whatever the pod's namespaces. */
export function forbidNonDefaultProcMount({ spec }: PodView): Denial | undefined {
  const badContainers: string[] = [];
  const types: string[] = [];
  const paths: FieldPath[] = [];
  for (const c of podContainers(spec)) {
    const type = c.securityContext?.procMount;
    if (typeof type !== 'string' || type === 'Default') continue;
    badContainers.push(c.name);
    types.push(type);
    paths.push(c.at('securityContext', 'procMount'));
  }
  if (badContainers.length === 0) return undefined;
  return {
    reason: 'procMount',
    detail: `${containersPhrase(badContainers)} must not set securityContext.procMount to ${joinQuote(sortedUnique(types))}`,
    paths,
  };
}

function procMountV1Dot35(pod: PodView): Denial | undefined {
  return inUserNamespace(pod.spec) ? undefined : forbidNonDefaultProcMount(pod);
}
