import { probeRule } from './probe-rule.js';

/** Rolling updates trust readiness: without a probe a pod takes traffic, and old pods go, before it can serve. */
export const readinessProbe = probeRule({
  id: 'PP-OPS-001',
  field: 'readinessProbe',
  name: 'readiness',
  severity: 'medium',
  recommendation:
    'Give every container of a Deployment or StatefulSet a readiness probe, so updates cause no downtime.',
  rationale:
    'A rolling update replaces old pods as soon as new ones are ready; without a readiness probe a pod counts as ready the moment its process starts, so it receives traffic before it can serve and the old pods are removed regardless. Updates that drop requests get postponed, and postponed updates are how known vulnerabilities stay in production.',
  remediation:
    'Add a `readinessProbe` (HTTP, TCP or gRPC) that succeeds only when the container can serve requests.',
  consequence:
    'so during an update it receives traffic before it can serve while the old pods are already going',
});
