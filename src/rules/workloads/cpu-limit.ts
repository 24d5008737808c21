import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { MS_TMK } from '../../references/controls.js';
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
      'A CPU limit makes the kernel throttle the container every scheduling period once it spends its quota, even when the node is idle; requests already guarantee each container its share under contention, which is what protects the neighbours (denial of service, MS-TA9040), together with memory limits. ' +
      'A container with a CPU limit and no CPU request gets a request equal to the limit from the API server, so the request has to be written down before the limit goes. ' +
      'The OWASP cheat sheet and the NSA/CISA guide set CPU limits in their examples, so they are not cited here.',
    remediation:
      'Set `resources.requests.cpu` (where it is missing, to what the container normally uses: until now it defaulted to the limit), then remove `resources.limits.cpu`.',
    references: [MS_TMK.denialOfService],
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
      const resources = asRecord(container.container.resources);
      const limit = asRecord(resources?.limits)?.cpu;
      if (limit === undefined || limit === null) continue;
      const request = asRecord(resources?.requests)?.cpu;
      // Without a request the API server copies the limit into it: removing the limit alone leaves none.
      const fix =
        request === undefined || request === null
          ? 'set `resources.requests.cpu` first (today it defaults to the limit), then remove `resources.limits.cpu`'
          : 'remove `resources.limits.cpu` and rely on `resources.requests.cpu`';
      yield {
        path: containerPath(pod, container, 'resources', 'limits', 'cpu'),
        message: `${describeContainer(pod, container)} sets a CPU limit (${String(limit)}), which throttles it even on an idle node; ${fix}`,
      };
    }
  },
};
