import { NIST, NSA } from '../../references/controls.js';
import { describeContainer, runningContainers } from '../helpers.js';
import { containerPath, type PodRule } from '../types.js';

/** A hung process with no liveness probe stays "Running" until someone notices; at the edge, nobody may. */
export const livenessProbe: PodRule = {
  meta: {
    id: 'PP-OPS-002',
    title: 'No liveness probe',
    chapter: 'operations',
    severity: 'low',
    recommendation:
      'Give every container of a Deployment or StatefulSet a liveness probe, so a hung process is restarted.',
    rationale:
      'The kubelet restarts a container whose process exits, but not one that hangs or deadlocks. Without a liveness probe such a pod stays Running and Ready-looking while it serves nothing; on an unattended edge site that can last until someone drives there.',
    remediation:
      'Add a `livenessProbe` that checks the process is responsive (a cheap endpoint, not its dependencies), with a `startupProbe` for slow starts.',
    references: [NSA.upgrades, NIST.imageVulnerabilities],
    appliesTo: ['Deployment', 'StatefulSet'],
    examples: {
      fail: `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/shop-api:3.2.0
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
`,
      pass: `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/shop-api:3.2.0
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
          livenessProbe: {httpGet: {path: /healthz, port: 8080}}
`,
    },
  },
  target: 'pod',
  *check(pod) {
    if (pod.resource.kind !== 'Deployment' && pod.resource.kind !== 'StatefulSet') return;
    for (const container of runningContainers(pod)) {
      const probe = container.container.livenessProbe;
      if (probe !== undefined && probe !== null) continue;
      yield {
        path: containerPath(pod, container, 'livenessProbe'),
        message: `${describeContainer(pod, container)} has no liveness probe, so a hung process is never restarted; add \`livenessProbe\``,
      };
    }
  },
};
