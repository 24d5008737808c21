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

const EVERY_OUTAGE = 'every update, node drain or crash takes it offline';
const SURGES = (maxUnavailable: string) =>
  `every node drain or crash takes it offline (updates do not: maxUnavailable: ${maxUnavailable} allows no pod down, so the new pod starts before the old one stops)`;
const SINGLE = (why: string, outages = SURGES('25%')) =>
  `Deployment \`shop/api\` runs a single replica although ${why}, so ${outages}; set \`spec.replicas\` to 2 or more`;
const CRITICAL = '  labels: {parapet.dev/critical: "true"}\n';
const MARKED = 'it is marked `parapet.dev/critical: "true"`';

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
          message: `Deployment \`shop/api\` can scale down to a single replica (HorizontalPodAutoscaler \`shop/api\`) although PodDisruptionBudget \`shop/api\` protects it, so ${SURGES('25%')}; raise \`minReplicas\` of HorizontalPodAutoscaler \`shop/api\` to 2 or more`,
          path: 'spec.replicas',
        },
      ],
    },
    {
      name: 'maxUnavailable 0 surges first: only drains and crashes are outages',
      yaml: deployment(
        '  replicas: 1\n  strategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}\n',
        CRITICAL,
      ),
      errors: [{ message: SINGLE(MARKED, SURGES('0')) }],
    },
    {
      name: 'maxUnavailable 1 takes the only pod down first',
      yaml: deployment('  replicas: 1\n  strategy: {rollingUpdate: {maxUnavailable: 1}}\n', CRITICAL),
      errors: [{ message: SINGLE(MARKED, EVERY_OUTAGE) }],
    },
    {
      name: 'maxUnavailable 0 and maxSurge 0: Kubernetes takes one down after all',
      yaml: deployment(
        '  replicas: 1\n  strategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: 0}}\n',
        CRITICAL,
      ),
      errors: [{ message: SINGLE(MARKED, EVERY_OUTAGE) }],
    },
    {
      name: 'maxUnavailable 99% of one replica rounds down to 0: surges first',
      yaml: deployment('  replicas: 1\n  strategy: {rollingUpdate: {maxUnavailable: 99%}}\n', CRITICAL),
      errors: [{ message: SINGLE(MARKED, SURGES('99%')) }],
    },
    {
      name: 'maxUnavailable 100% of one replica is that replica',
      yaml: deployment('  replicas: 1\n  strategy: {rollingUpdate: {maxUnavailable: 100%}}\n', CRITICAL),
      errors: [{ message: SINGLE(MARKED, EVERY_OUTAGE) }],
    },
    {
      name: 'a StatefulSet cannot surge: updates are outages',
      yaml: deployment('  replicas: 1\n', CRITICAL).replace('kind: Deployment', 'kind: StatefulSet'),
      errors: [{ message: SINGLE(MARKED, EVERY_OUTAGE).replace('Deployment', 'StatefulSet') }],
    },
    {
      name: 'Recreate stops the pod before starting the new one',
      yaml: deployment('  replicas: 1\n  strategy: {type: Recreate}\n', CRITICAL),
      errors: [{ message: SINGLE(MARKED, EVERY_OUTAGE) }],
    },
  ],
});
