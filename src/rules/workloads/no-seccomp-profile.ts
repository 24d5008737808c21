import { describeNamespace, namespaceOf } from '../../inventory/inventory.js';
import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { CIS, NIST, NSA } from '../../references/controls.js';
import { BASELINE_SHOP, webDeployment, yamlDocuments } from '../examples.js';
import { asRecord, describeContainer, securityContextOf } from '../helpers.js';
import { isWindowsPod } from '../pss/pod-fields.js';
import { containerPath, type PodRule } from '../types.js';

function confining(profile: Record<string, unknown> | undefined): boolean {
  return profile?.type === 'RuntimeDefault' || profile?.type === 'Localhost';
}

/**
 * Seccomp for pods that Pod Security does not hold to restricted. In restricted namespaces PP-PSS-017 already
 * reports a missing profile, and at baseline PP-PSS-008 reports an explicit Unconfined one; this rule reports
 * what is left, so no pod is reported twice for the same profile.
 */
export const noSeccompProfile: PodRule = {
  meta: {
    id: 'PP-WL-003',
    title: 'No seccomp profile outside restricted namespaces',
    chapter: 'workloads',
    severity: 'low',
    recommendation:
      "Run every container under the RuntimeDefault seccomp profile, whatever its namespace's level.",
    rationale:
      "Unless the kubelet runs with --seccomp-default, Kubernetes runs containers unconfined by seccomp, leaving every system call of the kernel reachable; the runtime's default profile blocks the rarely needed calls that most container-escape exploits use, at no cost to ordinary workloads. Namespaces at baseline or privileged do not require it, so nothing else reports it there.",
    remediation:
      'Set `spec.securityContext.seccompProfile.type: RuntimeDefault` on the pod (or `Localhost` with a profile that the node provides).',
    references: [CIS.seccomp, NSA.hardenedContainers, NIST.runtimeConfiguration],
    appliesTo: POD_CONTROLLER_KINDS,
    examples: {
      fail: yamlDocuments(BASELINE_SHOP, webDeployment({ containers: ['- {name: app, image: nginx:1.27}'] })),
      pass: yamlDocuments(
        BASELINE_SHOP,
        webDeployment({
          podFields: ['securityContext:', '  seccompProfile: {type: RuntimeDefault}'],
          containers: ['- {name: app, image: nginx:1.27}'],
        }),
      ),
    },
  },
  target: 'pod',
  *check(pod, context) {
    const namespace = namespaceOf(pod.resource);
    const { level } = context.pss(namespace);
    if (level === 'restricted' || isWindowsPod(pod.template.spec)) return;
    const podProfile = asRecord(asRecord(pod.template.spec.securityContext)?.seccompProfile);
    for (const container of pod.containers) {
      const profile = asRecord(securityContextOf(container).seccompProfile) ?? podProfile;
      if (confining(profile)) continue;
      const explicit = typeof profile?.type === 'string' ? profile.type : undefined;
      // Pod Security baseline (PP-PSS-008) already reports an explicit Unconfined profile.
      if (explicit === 'Unconfined' && level === 'baseline') continue;
      const what =
        explicit === undefined ? 'runs without a seccomp profile' : `sets seccomp profile ${explicit}`;
      yield {
        path: containerPath(pod, container, 'securityContext', 'seccompProfile', 'type'),
        message: `${describeContainer(pod, container)} ${what} (${describeNamespace(namespace, [pod.resource])} is at Pod Security ${level}, which does not require one); set \`securityContext.seccompProfile.type: RuntimeDefault\` on the pod or the container`,
      };
    }
  },
};
