import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { OWASP } from '../../references/controls.js';
import { appContainer, webDeployment } from '../examples.js';
import { asRecord, describeContainer, runningContainers } from '../helpers.js';
import { containerPath, type PodRule } from '../types.js';

/**
 * The book advises against CPU limits: CFS quota throttles a container even while the node has idle CPU, which
 * shows up as latency spikes. CPU requests already share the CPU fairly under contention.
 */
export const cpuLimit: PodRule = {
  meta: {
    id: 'PP-WL-012',
    title: 'CPU limit set',
    chapter: 'workloads',
    severity: 'low',
    recommendation: 'Set CPU requests but no CPU limits.',
    rationale:
      'A CPU limit makes the kernel throttle the container every scheduling period once it spends its quota, even when the node is idle; requests already guarantee each container its share under contention.',
    remediation: 'Remove `resources.limits.cpu` and keep (or add) `resources.requests.cpu`.',
    references: [OWASP.resources],
    appliesTo: POD_CONTROLLER_KINDS,
    examples: {
      fail: webDeployment({
        containers: appContainer(
          'nginx:1.27',
          'resources: {requests: {cpu: 100m}, limits: {cpu: 500m, memory: 128Mi}}',
        ),
      }),
      pass: webDeployment({
        containers: appContainer('nginx:1.27', 'resources: {requests: {cpu: 100m}, limits: {memory: 128Mi}}'),
      }),
    },
  },
  target: 'pod',
  *check(pod) {
    for (const container of runningContainers(pod)) {
      const limits = asRecord(asRecord(container.container.resources)?.limits);
      if (limits?.cpu === undefined || limits.cpu === null) continue;
      yield {
        path: containerPath(pod, container, 'resources', 'limits', 'cpu'),
        message: `${describeContainer(pod, container)} sets a CPU limit (${String(limits.cpu)}), which throttles it even on an idle node; remove \`resources.limits.cpu\` and rely on \`resources.requests.cpu\``,
      };
    }
  },
};
