import { rollingUpdateUnavailable } from '../../../src/rules/operations/rolling-update-unavailable.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = rollingUpdateUnavailable.meta.examples ?? { fail: '', pass: '' };

const deployment = (spec: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
${spec}  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: nginx:1.27}]
`;

const statefulSet = (spec: string) => `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: iot}
spec:
${spec}  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: influxdb:2.7.6}]
`;

const rolling = (replicas: string, values: string) =>
  `${replicas}  strategy:\n    type: RollingUpdate\n    rollingUpdate: ${values}\n`;

const FIX =
  'so every update is an outage; set maxUnavailable below the replica count (for a Deployment: 0, with maxSurge: 1)';
const DEPLOYMENT_PATH = 'spec.strategy.rollingUpdate.maxUnavailable';

ruleTester(rollingUpdateUnavailable, {
  valid: [
    { name: 'example: maxUnavailable 0, maxSurge 1', yaml: examples.pass },
    { name: 'defaults (25% / 25%) with one replica', yaml: deployment('') },
    { name: 'defaults with four replicas', yaml: deployment('  replicas: 4\n') },
    {
      name: '50% of 3 rounds down to 1',
      yaml: deployment(rolling('  replicas: 3\n', '{maxUnavailable: 50%}')),
    },
    {
      name: '99% of 2 rounds down to 1',
      yaml: deployment(rolling('  replicas: 2\n', '{maxUnavailable: 99%}')),
    },
    {
      name: 'Recreate is a deliberate choice',
      yaml: deployment('  replicas: 2\n  strategy: {type: Recreate}\n'),
    },
    { name: 'scaled to zero', yaml: deployment(rolling('  replicas: 0\n', '{maxUnavailable: 100%}')) },
    {
      name: 'malformed values are skipped',
      yaml: deployment(rolling('  replicas: 2\n', '{maxUnavailable: "2"}')),
    },
    {
      name: 'a StatefulSet without maxUnavailable (one pod at a time)',
      yaml: statefulSet('  replicas: 1\n  updateStrategy: {type: RollingUpdate}\n'),
    },
    {
      name: 'a single-replica StatefulSet cannot do better',
      yaml: statefulSet(
        '  replicas: 1\n  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 1}}\n',
      ),
    },
    {
      name: 'a StatefulSet with maxUnavailable below its replicas',
      yaml: statefulSet('  replicas: 3\n  updateStrategy: {rollingUpdate: {maxUnavailable: 2}}\n'),
    },
    {
      name: 'an HPA keeps more replicas than may be unavailable',
      yaml: `${deployment(rolling('', '{maxUnavailable: 1}'))}---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef: {kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 4
`,
    },
    {
      name: 'a malformed strategy falls back to the defaults',
      yaml: deployment('  replicas: 2\n  strategy: fast\n'),
    },
  ],
  invalid: [
    {
      name: 'example: 100% of 2 replicas',
      yaml: examples.fail,
      errors: [
        {
          message: `Deployment \`shop/web\` lets a rolling update take down all 2 replicas at once (maxUnavailable: 100%), ${FIX}`,
          path: DEPLOYMENT_PATH,
          severity: 'medium',
        },
      ],
    },
    {
      name: 'maxUnavailable 1 with replicas unset (1)',
      yaml: deployment(rolling('', '{maxUnavailable: 1}')),
      errors: [
        {
          message: `Deployment \`shop/web\` lets a rolling update take down its only replica at once (maxUnavailable: 1), ${FIX}`,
          path: DEPLOYMENT_PATH,
        },
      ],
    },
    {
      name: 'maxUnavailable above the replica count',
      yaml: deployment(rolling('  replicas: 2\n', '{maxUnavailable: 3}')),
      errors: [
        {
          message: `Deployment \`shop/web\` lets a rolling update take down 3 of its 2 replicas at once (maxUnavailable: 3), ${FIX}`,
        },
      ],
    },
    {
      name: 'percent and maxSurge both rounding to 0: Kubernetes makes maxUnavailable 1',
      yaml: deployment(rolling('  replicas: 1\n', '{maxUnavailable: 25%, maxSurge: 0}')),
      errors: [
        {
          message: `Deployment \`shop/web\` lets a rolling update take down its only replica at once (maxUnavailable: 25% and maxSurge: 0 both round to 0, so Kubernetes takes down 1), ${FIX}`,
          path: DEPLOYMENT_PATH,
        },
      ],
    },
    {
      name: 'the HPA minimum is the count that matters',
      yaml: `${deployment(rolling('  replicas: 5\n', '{maxUnavailable: 2, maxSurge: 0}'))}---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef: {kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 8
`,
      errors: [
        {
          message: `Deployment \`shop/web\` lets a rolling update take down all 2 replicas (the minimum of HorizontalPodAutoscaler \`shop/web\`) at once (maxUnavailable: 2), ${FIX}`,
        },
      ],
    },
    {
      name: 'a StatefulSet with maxUnavailable 100%',
      yaml: statefulSet(
        '  replicas: 3\n  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 100%}}\n',
      ),
      errors: [
        {
          message: `StatefulSet \`iot/db\` lets a rolling update take down all 3 replicas at once (maxUnavailable: 100%), ${FIX}`,
          path: 'spec.updateStrategy.rollingUpdate.maxUnavailable',
        },
      ],
    },
  ],
});
