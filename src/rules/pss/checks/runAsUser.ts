/**
 * Containers must not run as UID 0: `runAsUser` may be unset but not 0, on the pod or any container. From v1.35
 * pods in a user namespace (`hostUsers: false`) are exempt, since their UID 0 is not the host's.
 */
import type { FieldPath } from '../../../inventory/field-path.js';
import type { Denial, PodView, PssCheck } from '../check.js';
import { inUserNamespace, podContainers, podContextPath, podSecurityContext } from '../pod-fields.js';
import { containersPhrase } from '../wording.js';

export const runAsUser: PssCheck = {
  id: 'runAsUser',
  level: 'restricted',
  versions: [
    { minVersion: 'v1.23', evaluate: runAsUserV1Dot23 },
    { minVersion: 'v1.35', evaluate: runAsUserV1Dot35 },
  ],
};

function runAsUserV1Dot23({ spec }: PodView): Denial | undefined {
  const setters: string[] = [];
  const paths: FieldPath[] = [];
  if (podSecurityContext(spec)?.runAsUser === 0) {
    setters.push('pod');
    paths.push(podContextPath('runAsUser'));
  }
  const bad = podContainers(spec).filter((c) => c.securityContext?.runAsUser === 0);
  if (bad.length > 0) {
    setters.push(containersPhrase(bad.map((c) => c.name)));
    paths.push(...bad.map((c) => c.at('securityContext', 'runAsUser')));
  }
  if (setters.length === 0) return undefined;
  return { reason: 'runAsUser=0', detail: `${setters.join(' and ')} must not set runAsUser=0`, paths };
}

function runAsUserV1Dot35(pod: PodView): Denial | undefined {
  return inUserNamespace(pod.spec) ? undefined : runAsUserV1Dot23(pod);
}
