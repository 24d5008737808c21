import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { CIS, MS_TMK, NSA, OWASP } from '../../references/controls.js';
import { appContainer, webDeployment } from '../examples.js';
import { asRecord, describeContainer, runningContainers } from '../helpers.js';
import { containerPath, type PodRule } from '../types.js';

/** Without a memory limit one container can take the node's memory and get its neighbours OOM-killed. */
export const memoryLimit: PodRule = {
  meta: {
    id: 'PP-WL-010',
    title: 'No memory limit',
    chapter: 'workloads',
    severity: 'medium',
    recommendation: 'Give every container a memory limit.',
    rationale:
      'Memory is not compressible: a container without a limit can exhaust the node, and on a small edge node the kernel then kills whatever it picks, including system agents.',
    remediation: 'Set `resources.limits.memory` on each container (and a request no higher than it).',
    references: [NSA.resourcePolicies, OWASP.resources, MS_TMK.denialOfService, CIS.securityContext],
    appliesTo: POD_CONTROLLER_KINDS,
    examples: {
      fail: webDeployment({
        containers: appContainer('nginx:1.27', 'resources: {requests: {cpu: 100m, memory: 64Mi}}'),
      }),
      pass: webDeployment({
        containers: appContainer(
          'nginx:1.27',
          'resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}',
        ),
      }),
    },
  },
  target: 'pod',
  *check(pod) {
    for (const container of runningContainers(pod)) {
      const limits = asRecord(asRecord(container.container.resources)?.limits);
      if (limits?.memory !== undefined && limits.memory !== null) continue;
      yield {
        path: containerPath(pod, container, 'resources', 'limits', 'memory'),
        message: `${describeContainer(pod, container)} sets no memory limit; set \`resources.limits.memory\``,
      };
    }
  },
};
