import { readinessProbe } from '../../../src/rules/operations/readiness-probe.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = readinessProbe.meta.examples ?? { fail: '', pass: '' };

const workload = (kind: string, containers: string, extra = '') => `
apiVersion: apps/v1
kind: ${kind}
metadata: {name: api, namespace: shop}
spec:
  template:
    spec:
${extra}      containers:
${containers}
`;

const PROBED = '        - {name: app, image: nginx:1.27, readinessProbe: {tcpSocket: {port: 80}}}';
const MESSAGE = (container: string, what: string) =>
  `container \`${container}\` in ${what} has no readiness probe, so during an update it receives traffic before it can serve while the old pods are already going; add \`readinessProbe\``;

ruleTester(readinessProbe, {
  valid: [
    { name: 'example: readiness and liveness probes', yaml: examples.pass },
    { name: 'a StatefulSet with a probe', yaml: workload('StatefulSet', PROBED) },
    {
      name: 'init containers need no readiness probe',
      yaml: workload(
        'Deployment',
        PROBED,
        '      initContainers:\n        - {name: migrate, image: busybox:1.36}\n',
      ),
    },
    {
      name: 'other kinds are not judged (DaemonSet, Job, Pod)',
      yaml: `${workload('DaemonSet', '        - {name: agent, image: busybox:1.36}')}---
apiVersion: batch/v1
kind: Job
metadata: {name: once, namespace: shop}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: job, image: busybox:1.36}]
---
apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: shop}
spec:
  containers: [{name: sh, image: busybox:1.36}]
`,
    },
  ],
  invalid: [
    {
      name: 'example: liveness probe only',
      yaml: examples.fail,
      errors: [
        {
          message: MESSAGE('app', 'Deployment `shop/api`'),
          path: 'spec.template.spec.containers[0].readinessProbe',
          severity: 'medium',
        },
      ],
    },
    {
      name: 'one finding per running container without a probe',
      yaml: workload(
        'StatefulSet',
        `${PROBED}\n        - {name: sidecar, image: envoyproxy/envoy:v1.31.0}\n        - {name: exporter, image: prom/statsd-exporter:v0.27.1, readinessProbe: null}`,
      ),
      errors: [
        {
          message: MESSAGE('sidecar', 'StatefulSet `shop/api`'),
          path: 'spec.template.spec.containers[1].readinessProbe',
        },
        {
          message: MESSAGE('exporter', 'StatefulSet `shop/api`'),
          path: 'spec.template.spec.containers[2].readinessProbe',
        },
      ],
    },
  ],
});
