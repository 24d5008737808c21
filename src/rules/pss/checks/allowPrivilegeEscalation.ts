/**
 * Privilege escalation (setuid binaries, file capabilities) must be turned off explicitly:
 * `allowPrivilegeEscalation: false` on every container, since the runtime's default is to allow it.
 * The field exists from Kubernetes 1.8; from v1.25 Windows pods are exempt, as the field is Linux-only.
 */
import type { Denial, PodView, PssCheck } from '../check.js';
import { isWindowsPod, podContainers } from '../pod-fields.js';
import { containersPhrase } from '../wording.js';

export const allowPrivilegeEscalation: PssCheck = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  versions: [
    { minVersion: 'v1.8', evaluate: allowPrivilegeEscalationV1Dot8 },
    { minVersion: 'v1.25', evaluate: allowPrivilegeEscalationV1Dot25 },
  ],
};

function allowPrivilegeEscalationV1Dot8({ spec }: PodView): Denial | undefined {
  const bad = podContainers(spec).filter((c) => c.securityContext?.allowPrivilegeEscalation !== false);
  if (bad.length === 0) return undefined;
  return {
    reason: 'allowPrivilegeEscalation != false',
    detail: `${containersPhrase(bad.map((c) => c.name))} must set securityContext.allowPrivilegeEscalation=false`,
    paths: bad.map((c) => c.at('securityContext', 'allowPrivilegeEscalation')),
  };
}

function allowPrivilegeEscalationV1Dot25(pod: PodView): Denial | undefined {
  return isWindowsPod(pod.spec) ? undefined : allowPrivilegeEscalationV1Dot8(pod);
}
