import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { MS_TMK, NSA, OWASP } from '../../references/controls.js';
import { appContainer, webDeployment } from '../examples.js';
import { asRecord, describeContainer, runningContainers } from '../helpers.js';
import { containerPath, type PodRule } from '../types.js';

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * Without a CPU request the scheduler counts the container as free and the kernel gives it the smallest share
 * under contention. A container with a CPU limit but no request gets a request equal to the limit from the API
 * server, so it passes here (PP-WL-012 speaks to the limit).
 */
export const cpuRequest: PodRule = {
  meta: {
    id: 'PP-WL-011',
    title: 'No CPU request',
    chapter: 'workloads',
    severity: 'medium',
    recommendation: 'Give every container a CPU request sized to its normal load.',
    rationale:
      'The CPU request is what the scheduler packs nodes by and what the kernel shares the CPU by under contention; a container without one is scheduled as if it used nothing and is starved first when a neighbour gets busy, which on a small edge node is often.',
    remediation: 'Set `resources.requests.cpu` on each container (e.g. `100m`), from its observed usage.',
    references: [NSA.resourcePolicies, OWASP.resources, MS_TMK.denialOfService],
    appliesTo: POD_CONTROLLER_KINDS,
    examples: {
      fail: webDeployment({
        containers: appContainer('nginx:1.27', 'resources:', '  limits: {memory: 128Mi}'),
      }),
      pass: webDeployment({
        containers: appContainer(
          'nginx:1.27',
          'resources:',
          '  requests: {cpu: 100m, memory: 128Mi}',
          '  limits: {memory: 128Mi}',
        ),
      }),
    },
  },
  target: 'pod',
  *check(pod) {
    for (const container of runningContainers(pod)) {
      const resources = asRecord(container.container.resources);
      if (isSet(asRecord(resources?.requests)?.cpu) || isSet(asRecord(resources?.limits)?.cpu)) continue;
      yield {
        path: containerPath(pod, container, 'resources', 'requests', 'cpu'),
        message: `${describeContainer(pod, container)} sets no CPU request; set \`resources.requests.cpu\``,
      };
    }
  },
};
