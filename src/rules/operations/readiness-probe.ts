import { describeResource } from '../../inventory/resource.js';
import { probeRule } from './probe-rule.js';
import { servicesSelecting } from './services.js';

/**
 * Rolling updates trust readiness: without a probe old pods go before the new one can serve, and where a Service
 * selects the pods, the new one takes traffic before it can serve.
 */
export const readinessProbe = probeRule({
  id: 'PP-OPS-001',
  field: 'readinessProbe',
  name: 'readiness',
  severity: 'medium',
  recommendation:
    'Give every container of a Deployment or StatefulSet a readiness probe, so updates cause no downtime.',
  rationale:
    'A rolling update replaces old pods as soon as new ones are ready; without a readiness probe a pod counts as ready the moment its process starts, so the old pods are removed before it can do their work and, where a Service selects the pods, it receives traffic before it can serve. Updates that drop requests get postponed, and postponed updates are how known vulnerabilities stay in production.',
  remediation:
    'Add a `readinessProbe` (HTTP, TCP or gRPC) that succeeds only when the container can serve requests.',
  consequence: (pod, { inventory }) => {
    const services = servicesSelecting(inventory, pod.resource);
    if (services.length === 0) {
      return 'so during an update it counts as ready as soon as it starts, and the old pods go before it can do their work';
    }
    const sender = services.length === 1 ? describeResource(services[0]) : `${services.length} Services`;
    return `so during an update ${sender} sends it traffic before it can serve while the old pods are already going`;
  },
});
