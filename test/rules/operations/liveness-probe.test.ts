import { livenessProbe } from '../../../src/rules/operations/liveness-probe.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = livenessProbe.meta.examples ?? { fail: '', pass: '' };

const workload = (kind: string, containers: string) => `
apiVersion: apps/v1
kind: ${kind}
metadata: {name: db, namespace: iot}
spec:
  template:
    spec:
      containers:
${containers}
`;

const MESSAGE = (container: string, what: string) =>
  `container \`${container}\` in ${what} has no liveness probe, so a hung process is never restarted; add \`livenessProbe\``;

ruleTester(livenessProbe, {
  valid: [
    { name: 'example: both probes', yaml: examples.pass },
    {
      name: 'a StatefulSet with an exec liveness probe',
      yaml: workload(
        'StatefulSet',
        '        - {name: influx, image: influxdb:2.7.6, livenessProbe: {exec: {command: [influx, ping]}}}',
      ),
    },
    {
      name: 'a DaemonSet is not judged',
      yaml: workload('DaemonSet', '        - {name: agent, image: busybox:1.36}'),
    },
  ],
  invalid: [
    {
      name: 'example: readiness probe only',
      yaml: examples.fail,
      errors: [
        {
          message: MESSAGE('app', 'Deployment `shop/api`'),
          path: 'spec.template.spec.containers[0].livenessProbe',
          severity: 'low',
        },
      ],
    },
    {
      name: 'a StatefulSet container without one',
      yaml: workload('StatefulSet', '        - {name: influx, image: influxdb:2.7.6}'),
      errors: [
        {
          message: MESSAGE('influx', 'StatefulSet `iot/db`'),
          path: 'spec.template.spec.containers[0].livenessProbe',
        },
      ],
    },
  ],
});
