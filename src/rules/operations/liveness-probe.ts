import { probeRule } from './probe-rule.js';

/** A hung process with no liveness probe stays "Running" until someone notices; at the edge, nobody may. */
export const livenessProbe = probeRule({
  id: 'PP-OPS-002',
  field: 'livenessProbe',
  name: 'liveness',
  severity: 'low',
  recommendation:
    'Give every container of a Deployment or StatefulSet a liveness probe, so a hung process is restarted.',
  rationale:
    'The kubelet restarts a container whose process exits, but not one that hangs or deadlocks. Without a liveness probe such a pod stays Running and Ready-looking while it serves nothing; on an unattended edge site that can last until someone drives there.',
  remediation:
    'Add a `livenessProbe` that checks the process is responsive (a cheap endpoint, not its dependencies), with a `startupProbe` for slow starts.',
  consequence: 'so a hung process is never restarted',
});
