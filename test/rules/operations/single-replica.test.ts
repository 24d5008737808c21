import { singleReplica } from '../../../src/rules/operations/single-replica.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = singleReplica.meta.examples ?? { fail: '', pass: '' };

const deployment = (spec: string, metadata = '', template = '') => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
${metadata}spec:
${spec}  template:
    metadata: {labels: {app: api}}
    spec:
${template}      containers: [{name: app, image: nginx:1.27}]
`;

const pdb = (selector: string, apiVersion = 'policy/v1') => `
apiVersion: ${apiVersion}
kind: PodDisruptionBudget
metadata: {name: api, namespace: shop}
spec:
  maxUnavailable: 1
  selector: ${selector}
`;

const hpa = (min: string) => `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
${min}  maxReplicas: 5
`;

const SINGLE = (why: string) =>
  `Deployment \`shop/api\` runs a single replica although ${why}, so every update, node drain or crash takes it offline; set \`spec.replicas\` to 2 or more`;

ruleTester(singleReplica, {
  valid: [
    { name: 'example: two replicas with a PDB', yaml: examples.pass },
    { name: 'one replica, nothing says it must stay up', yaml: deployment('  replicas: 1\n') },
    {
      name: 'a PDB for other pods',
      yaml: `${deployment('  replicas: 1\n')}---${pdb('{matchLabels: {app: web}}')}`,
    },
    {
      name: 'scaled to zero',
      yaml: deployment('  replicas: 0\n', '  labels: {parapet.dev/critical: "true"}\n'),
    },
    {
      name: 'an HPA keeps at least two',
      yaml: `${deployment('', '  labels: {parapet.dev/critical: "true"}\n')}---${hpa('  minReplicas: 2\n')}`,
    },
    {
      name: 'critical set to something other than "true"',
      yaml: deployment('  replicas: 1\n', '  annotations: {parapet.dev/critical: "false"}\n'),
    },
    {
      name: 'policy/v1beta1: an empty selector selects nothing',
      yaml: `${deployment('  replicas: 1\n')}---${pdb('{}', 'policy/v1beta1')}`,
    },
    {
      name: 'a DaemonSet is not judged',
      yaml: deployment('').replace('kind: Deployment', 'kind: DaemonSet'),
    },
    {
      name: 'malformed objects are skipped',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop, labels: {parapet.dev/critical: "true"}}
spec: [1]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, labels: {parapet.dev/critical: "true"}}
spec: {replicas: one}
`,
    },
  ],
  invalid: [
    {
      name: 'example: one replica protected by a PDB',
      yaml: examples.fail,
      errors: [
        {
          message: SINGLE('PodDisruptionBudget `shop/api` protects it'),
          path: 'spec.replicas',
          severity: 'medium',
        },
      ],
    },
    {
      name: 'replicas unset (1) and a policy/v1 PDB with an empty selector (all pods)',
      yaml: `${deployment('')}---${pdb('{}')}`,
      errors: [{ message: SINGLE('PodDisruptionBudget `shop/api` protects it'), path: 'spec.replicas' }],
    },
    {
      name: 'marked critical by label and by priority class',
      yaml: deployment(
        '  replicas: 1\n',
        '  labels: {parapet.dev/critical: "true"}\n',
        '      priorityClassName: system-cluster-critical\n',
      ),
      errors: [
        {
          message: SINGLE(
            'it is marked `parapet.dev/critical: "true"` and its pods run at priority class system-cluster-critical',
          ),
        },
      ],
    },
    {
      name: 'a critical StatefulSet',
      yaml: `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: broker, namespace: iot}
spec:
  replicas: 1
  template:
    metadata:
      labels: {app: broker}
      annotations: {parapet.dev/critical: "true"}
    spec:
      containers: [{name: mosquitto, image: eclipse-mosquitto:2.0.20}]
`,
      errors: [
        {
          message:
            'StatefulSet `iot/broker` runs a single replica although it is marked `parapet.dev/critical: "true"`, so every update, node drain or crash takes it offline; set `spec.replicas` to 2 or more',
        },
      ],
    },
    {
      name: 'an HPA that may scale down to one',
      yaml: `${deployment('  replicas: 3\n')}---${pdb('{matchLabels: {app: api}}')}---${hpa('')}`,
      errors: [
        {
          message:
            'Deployment `shop/api` can scale down to a single replica (HorizontalPodAutoscaler `shop/api`) although PodDisruptionBudget `shop/api` protects it, so every update, node drain or crash takes it offline; raise `minReplicas` of HorizontalPodAutoscaler `shop/api` to 2 or more',
          path: 'spec.replicas',
        },
      ],
    },
  ],
});
