/**
 * Containers must be required to run as a non-root user: `runAsNonRoot: true` on the pod, or on every container
 * that the pod-level setting does not cover. From v1.35 pods in a user namespace (`hostUsers: false`) are exempt,
 * since their root maps to an unprivileged host user.
 */
import type { FieldPath } from '../../../inventory/field-path.js';
import type { Denial, PodView, PssCheck } from '../check.js';
import { inUserNamespace, podContainers, podContextPath, podSecurityContext } from '../pod-fields.js';
import { containersPhrase } from '../wording.js';

export const runAsNonRoot: PssCheck = {
  id: 'runAsNonRoot',
  level: 'restricted',
  versions: [
    { minVersion: 'v1.0', evaluate: runAsNonRootV1Dot0 },
    { minVersion: 'v1.35', evaluate: runAsNonRootV1Dot35 },
  ],
};

const REASON = 'runAsNonRoot != true';

function runAsNonRootV1Dot0({ spec }: PodView): Denial | undefined {
  const setters: string[] = [];
  const paths: FieldPath[] = [];
  const podValue = podSecurityContext(spec)?.runAsNonRoot;
  if (podValue === false) {
    setters.push('pod');
    paths.push(podContextPath('runAsNonRoot'));
  }
  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  const implicitPaths: FieldPath[] = [];
  for (const c of podContainers(spec)) {
    const value = c.securityContext?.runAsNonRoot;
    if (typeof value === 'boolean') {
      if (value) continue;
      explicitlyBad.push(c.name);
      paths.push(c.at('securityContext', 'runAsNonRoot'));
    } else if (podValue !== true) {
      implicitlyBad.push(c.name);
      implicitPaths.push(c.at('securityContext', 'runAsNonRoot'));
    }
  }
  if (explicitlyBad.length > 0) setters.push(containersPhrase(explicitlyBad));
  // An explicit false is reported on its own: it is the setting to change first.
  if (setters.length > 0) {
    return {
      reason: REASON,
      detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
      paths,
    };
  }
  if (implicitlyBad.length === 0) return undefined;
  return {
    reason: REASON,
    detail: `pod or ${containersPhrase(implicitlyBad)} must set securityContext.runAsNonRoot=true`,
    paths: implicitPaths,
  };
}

function runAsNonRootV1Dot35(pod: PodView): Denial | undefined {
  return inUserNamespace(pod.spec) ? undefined : runAsNonRootV1Dot0(pod);
}
