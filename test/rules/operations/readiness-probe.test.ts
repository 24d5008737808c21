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
const NO_TRAFFIC =
  'so during an update it counts as ready as soon as it starts, and the old pods go before it can do their work';
const TRAFFIC = (sender: string) =>
  `so during an update ${sender} sends it traffic before it can serve while the old pods are already going`;
const MESSAGE = (container: string, what: string, consequence = NO_TRAFFIC) =>
  `container \`${container}\` in ${what} has no readiness probe, ${consequence}; add \`readinessProbe\``;

/** A Deployment `web` in `shop` whose pods carry `app: web`, with two containers: only the second lacks a probe. */
const WEB = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  template:
    metadata: {labels: {app: web, tier: front}}
    spec:
      containers:
        - {name: app, image: nginx:1.27, readinessProbe: {httpGet: {path: /ready, port: 80}}}
        - {name: sidecar, image: envoyproxy/envoy:v1.31.0}
`;
const service = (name: string, selector: string, namespace = 'shop') => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: ${selector}
  ports: [{port: 80}]
`;
const SIDECAR = 'spec.template.spec.containers[1].readinessProbe';

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
    {
      name: 'a Service selects the pods: the message speaks of its traffic',
      yaml: `${WEB}${service('web', '{app: web}')}`,
      errors: [
        {
          message: MESSAGE('sidecar', 'Deployment `shop/web`', TRAFFIC('Service `shop/web`')),
          path: SIDECAR,
        },
      ],
    },
    {
      name: 'two Services select the pods',
      yaml: `${WEB}${service('web', '{app: web}')}${service('web-metrics', '{tier: front}')}`,
      errors: [
        { message: MESSAGE('sidecar', 'Deployment `shop/web`', TRAFFIC('2 Services')), path: SIDECAR },
      ],
    },
    {
      name: 'Services that do not select the pods: no traffic is spoken of',
      yaml: `${WEB}${service('other', '{app: api}')}${service('web', '{app: web}', 'iot')}---
apiVersion: v1
kind: Service
metadata: {name: external, namespace: shop}
spec: {type: ExternalName, externalName: db.example.com}
`,
      errors: [{ message: MESSAGE('sidecar', 'Deployment `shop/web`'), path: SIDECAR }],
    },
  ],
});
