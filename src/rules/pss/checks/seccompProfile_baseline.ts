/**
 * Seccomp may be left unset, but must not be disabled: only the runtime default or a localhost profile.
 * Before v1.19 seccomp was set by alpha annotations; from v1.19 by the securityContext.seccompProfile field.
 */
import type { FieldPath } from '../../../inventory/field-path.js';
import type { Denial, PodView, PssCheck } from '../check.js';
import {
  asRecord,
  asString,
  podContainers,
  podContextPath,
  podSecurityContext,
  stringField,
} from '../pod-fields.js';
import { containersPhrase, goQuote, joinQuote, pluralize, sortedUnique } from '../wording.js';

export const seccompProfileBaseline: PssCheck = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  versions: [
    { minVersion: 'v1.0', evaluate: seccompAnnotationsV1Dot0 },
    { minVersion: 'v1.19', evaluate: seccompProfileBaselineV1Dot19 },
  ],
};

export const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
export const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function validAnnotationValue(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

/** Seccomp profile types that keep a filter in place. */
export const CONFINING_SECCOMP_TYPES: readonly string[] = ['RuntimeDefault', 'Localhost'];

export function validSeccompType(type: string): boolean {
  return CONFINING_SECCOMP_TYPES.includes(type);
}

function seccompAnnotationsV1Dot0({ metadata, spec }: PodView): Denial | undefined {
  const annotations = asRecord(metadata.annotations) ?? {};
  // Only the pod key and the keys of containers that exist are read, as PSA does.
  const keys = [POD_ANNOTATION, ...podContainers(spec).map((c) => CONTAINER_ANNOTATION_PREFIX + c.name)];
  const forbidden = new Map<string, FieldPath>();
  for (const key of keys) {
    const value = Object.hasOwn(annotations, key) ? asString(annotations[key]) : undefined;
    if (value === undefined || validAnnotationValue(value)) continue;
    forbidden.set(`${key}=${goQuote(value)}`, ['metadata', 'annotations', key]);
  }
  if (forbidden.size === 0) return undefined;
  const shown = sortedUnique(forbidden.keys());
  return {
    reason: 'seccompProfile',
    detail: `forbidden ${pluralize('annotation', 'annotations', shown.length)} ${shown.join(', ')}`,
    paths: shown.map((entry) => forbidden.get(entry) as FieldPath),
  };
}

function seccompProfileBaselineV1Dot19({ spec }: PodView): Denial | undefined {
  const setters: string[] = [];
  const badTypes: string[] = [];
  const paths: FieldPath[] = [];
  const podProfile = asRecord(podSecurityContext(spec)?.seccompProfile);
  if (podProfile && !validSeccompType(stringField(podProfile, 'type'))) {
    setters.push('pod');
    badTypes.push(stringField(podProfile, 'type'));
    paths.push(podContextPath('seccompProfile', 'type'));
  }
  const badContainers: string[] = [];
  for (const c of podContainers(spec)) {
    const profile = asRecord(c.securityContext?.seccompProfile);
    if (!profile || validSeccompType(stringField(profile, 'type'))) continue;
    badContainers.push(c.name);
    badTypes.push(stringField(profile, 'type'));
    paths.push(c.at('securityContext', 'seccompProfile', 'type'));
  }
  if (badContainers.length > 0) setters.push(containersPhrase(badContainers));
  if (setters.length === 0) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(badTypes))}`,
    paths,
  };
}
