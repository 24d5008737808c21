import { NIST, NSA } from '../../references/controls.js';
import { describeContainer, runningContainers } from '../helpers.js';
import { containerPath, type PodRule } from '../types.js';

/** Rolling updates trust readiness: without a probe a pod takes traffic, and old pods go, before it can serve. */
export const readinessProbe: PodRule = {
  meta: {
    id: 'PP-OPS-001',
    title: 'No readiness probe',
    chapter: 'operations',
    severity: 'medium',
    recommendation:
      'Give every container of a Deployment or StatefulSet a readiness probe, so updates cause no downtime.',
    rationale:
      'A rolling update replaces old pods as soon as new ones are ready; without a readiness probe a pod counts as ready the moment its process starts, so it receives traffic before it can serve and the old pods are removed regardless. Updates that drop requests get postponed, and postponed updates are how known vulnerabilities stay in production.',
    remediation:
      'Add a `readinessProbe` (HTTP, TCP or gRPC) that succeeds only when the container can serve requests.',
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
          livenessProbe: {httpGet: {path: /healthz, port: 8080}}
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
      const probe = container.container.readinessProbe;
      if (probe !== undefined && probe !== null) continue;
      yield {
        path: containerPath(pod, container, 'readinessProbe'),
        message: `${describeContainer(pod, container)} has no readiness probe, so during an update it receives traffic before it can serve while the old pods are already going; add \`readinessProbe\``,
      };
    }
  },
};
