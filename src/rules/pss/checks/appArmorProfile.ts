/**
 * AppArmor may be left at the runtime default or set to a localhost profile, never disabled. PSA reads both the
 * securityContext.appArmorProfile fields (added in Kubernetes 1.30) and the older beta annotations; both are read
 * at every policy version, since the field check was added to the v1.0 implementation rather than a new one.
 */
import type { FieldPath } from '../../../inventory/field-path.js';
import type { Denial, PodView, PssCheck } from '../check.js';
import { asRecord, asString, podContainers, podContextPath, podSecurityContext } from '../pod-fields.js';
import { containersPhrase, goQuote, joinQuote, pluralize, sortedUnique } from '../wording.js';

export const appArmorProfile: PssCheck = {
  id: 'appArmorProfile',
  level: 'baseline',
  versions: [{ minVersion: 'v1.0', evaluate: appArmorProfileV1Dot0 }],
};

export const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedType(type: unknown): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

function allowedAnnotationValue(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

/** The profile type as PSA would print it ("" when unset or mistyped). */
function typeOf(profile: Record<string, unknown>): string {
  return asString(profile.type) ?? '';
}

function appArmorProfileV1Dot0({ metadata, spec }: PodView): Denial | undefined {
  const setters: string[] = [];
  const badTypes: string[] = [];
  const paths: FieldPath[] = [];

  const podProfile = asRecord(podSecurityContext(spec)?.appArmorProfile);
  if (podProfile && !allowedType(podProfile.type)) {
    setters.push('pod');
    badTypes.push(typeOf(podProfile));
    paths.push(podContextPath('appArmorProfile', 'type'));
  }
  const badContainers: string[] = [];
  for (const c of podContainers(spec)) {
    const profile = asRecord(c.securityContext?.appArmorProfile);
    if (!profile || allowedType(profile.type)) continue;
    badContainers.push(c.name);
    badTypes.push(typeOf(profile));
    paths.push(c.at('securityContext', 'appArmorProfile', 'type'));
  }
  if (badContainers.length > 0) setters.push(containersPhrase(badContainers));

  const badAnnotations: string[] = [];
  for (const [key, value] of Object.entries(asRecord(metadata.annotations) ?? {})) {
    if (!key.startsWith(ANNOTATION_PREFIX) || typeof value !== 'string' || allowedAnnotationValue(value))
      continue;
    badAnnotations.push(`${key}=${goQuote(value)}`);
    paths.push(['metadata', 'annotations', key]);
  }
  if (badAnnotations.length > 0) setters.push(pluralize('annotation', 'annotations', badAnnotations.length));

  if (setters.length === 0) return undefined;
  const shown = [...sortedUnique(badTypes), ...sortedUnique(badAnnotations)];
  return {
    reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', shown.length),
    detail: `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(shown)}`,
    paths,
  };
}
