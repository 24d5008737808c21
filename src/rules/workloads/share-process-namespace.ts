import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { describeResource } from '../../inventory/resource.js';
import { CIS, NIST, NSA } from '../../references/controls.js';
import { webDeployment } from '../examples.js';
import { type PodRule, specPath } from '../types.js';

/** With a shared process namespace every container of the pod sees, signals and can inspect the others. */
export const shareProcessNamespace: PodRule = {
  meta: {
    id: 'PP-WL-008',
    title: 'Process namespace shared between containers',
    chapter: 'workloads',
    severity: 'medium',
    recommendation: 'Keep each container in its own process namespace: leave shareProcessNamespace unset.',
    rationale:
      'With `shareProcessNamespace: true` any container of the pod can list, signal and ptrace the processes of the others and read their environment and root filesystems through /proc/<pid>/root, so one compromised sidecar exposes the secrets of the main container.',
    remediation:
      'Remove `spec.shareProcessNamespace` (or set it to false); for debugging use an ephemeral container with `kubectl debug --target` instead.',
    references: [CIS.securityContext, NSA.hardenedContainers, NIST.runtimeConfiguration],
    appliesTo: POD_CONTROLLER_KINDS,
    examples: {
      fail: webDeployment({
        podFields: ['shareProcessNamespace: true'],
        containers: ['- {name: app, image: nginx:1.27}', '- {name: proxy, image: envoyproxy/envoy:v1.31.0}'],
      }),
      pass: webDeployment({
        containers: ['- {name: app, image: nginx:1.27}', '- {name: proxy, image: envoyproxy/envoy:v1.31.0}'],
      }),
    },
  },
  target: 'pod',
  *check(pod) {
    if (pod.template.spec.shareProcessNamespace !== true) return;
    yield {
      path: specPath(pod, 'shareProcessNamespace'),
      message: `${describeResource(pod.resource)} sets \`shareProcessNamespace: true\`, so its containers can see, signal and read the files of each other's processes; remove \`spec.shareProcessNamespace\``,
    };
  },
};
