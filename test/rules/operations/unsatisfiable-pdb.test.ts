import { unsatisfiablePdb } from '../../../src/rules/operations/unsatisfiable-pdb.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = unsatisfiablePdb.meta.examples ?? { fail: '', pass: '' };

const workload = (kind: string, name: string, replicas: string, labels = '{app: api}') => `
apiVersion: apps/v1
kind: ${kind}
metadata: {name: ${name}, namespace: shop}
spec:
${replicas}  template:
    metadata: {labels: ${labels}}
    spec:
      containers: [{name: app, image: nginx:1.27}]
`;

const pdb = (budget: string, selector = '{matchLabels: {app: api}}') => `
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api, namespace: shop}
spec:
  ${budget}
  selector: ${selector}
`;

const HANG = 'node drains (and so node patching) will hang';
const MIN_FIX = `${HANG}; lower minAvailable or raise replicas`;
const EMPTY = (selector: string) =>
  `; it also selects no pod workload of namespace \`shop\` in the scanned input (${selector}): if it selects none in the cluster either it protects nothing, so check that \`spec.selector\` matches the pod labels of the workload it is meant for`;

ruleTester(unsatisfiablePdb, {
  valid: [
    { name: 'example: maxUnavailable 1', yaml: examples.pass },
    {
      name: 'minAvailable below the replicas',
      yaml: `${workload('Deployment', 'api', '  replicas: 3\n')}---${pdb('minAvailable: 2')}`,
    },
    {
      name: '50% of 3 rounds up to 2 of 3',
      yaml: `${workload('Deployment', 'api', '  replicas: 3\n')}---${pdb('minAvailable: 50%')}`,
    },
    {
      name: 'maxUnavailable 10% rounds up to 1',
      yaml: `${workload('Deployment', 'api', '  replicas: 2\n')}---${pdb('maxUnavailable: 10%')}`,
    },
    {
      name: "an integer minAvailable on a budget that selects nothing (PP-OPS-006's)",
      yaml: pdb('minAvailable: 5'),
    },
    { name: 'the budget alone, just above the boundary: maxUnavailable 1', yaml: pdb('maxUnavailable: 1') },
    { name: 'the budget alone: maxUnavailable "1%"', yaml: pdb('maxUnavailable: "1%"') },
    {
      name: 'the budget alone, just below the boundary: minAvailable 99% (of a DaemonSet)',
      yaml: `${workload('DaemonSet', 'agent', '')}---${pdb('minAvailable: 99%')}`,
    },
    {
      name: "a DaemonSet's pod count is unknown: an integer minAvailable is not judged",
      yaml: `${workload('DaemonSet', 'agent', '')}---${pdb('minAvailable: 1')}`,
    },
    {
      name: 'two workloads together have enough pods',
      yaml: `${workload('Deployment', 'api', '  replicas: 2\n')}---${workload('StatefulSet', 'api-cache', '  replicas: 1\n')}---${pdb('minAvailable: 2')}`,
    },
    {
      name: 'malformed minAvailable is skipped',
      yaml: `${workload('Deployment', 'api', '  replicas: 2\n')}---${pdb('minAvailable: two')}`,
    },
    {
      name: 'malformed objects are skipped',
      yaml: `${workload('Deployment', 'api', '  replicas: "2"\n')}---${pdb('minAvailable: 1')}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: odd, namespace: shop}
spec: [1, 2]
`,
    },
  ],
  invalid: [
    {
      name: 'example: minAvailable 2 of 2 replicas',
      yaml: examples.fail,
      errors: [
        {
          message: `PodDisruptionBudget \`shop/api\` requires 2 available pods but Deployment \`shop/api\` has 2 replicas, so no pod can ever be evicted: ${MIN_FIX}`,
          path: 'spec.minAvailable',
          severity: 'high',
        },
      ],
    },
    {
      name: 'maxUnavailable 0',
      yaml: `${workload('Deployment', 'api', '  replicas: 3\n')}---${pdb('maxUnavailable: 0')}`,
      errors: [
        {
          message: `PodDisruptionBudget \`shop/api\` allows no unavailable pod (maxUnavailable: 0), so no pod it selects can ever be evicted: ${HANG}; raise maxUnavailable to at least 1`,
          path: 'spec.maxUnavailable',
        },
      ],
    },
    {
      name: 'maxUnavailable "0%"',
      yaml: `${workload('Deployment', 'api', '  replicas: 3\n')}---${pdb('maxUnavailable: "0%"')}`,
      errors: [{ message: /allows no unavailable pod \(maxUnavailable: 0%\)/ }],
    },
    {
      name: 'a percentage that rounds up to every pod',
      yaml: `${workload('Deployment', 'api', '  replicas: 2\n')}---${pdb('minAvailable: 60%')}`,
      errors: [
        {
          message: `PodDisruptionBudget \`shop/api\` requires 60% of its pods available (2 of 2, rounded up) but Deployment \`shop/api\` has 2 replicas, so no pod can ever be evicted: ${MIN_FIX}`,
        },
      ],
    },
    {
      name: 'replicas unset: one pod',
      yaml: `${workload('StatefulSet', 'api', '')}---${pdb('minAvailable: 1')}`,
      errors: [
        {
          message: `PodDisruptionBudget \`shop/api\` requires 1 available pod but StatefulSet \`shop/api\` has 1 replica (\`spec.replicas\` unset), so no pod can ever be evicted: ${MIN_FIX}`,
        },
      ],
    },
    {
      name: 'several workloads: their pods are added up',
      yaml: `${workload('Deployment', 'api', '  replicas: 2\n')}---${workload('StatefulSet', 'api-cache', '  replicas: 1\n')}---${pdb('minAvailable: 3')}`,
      errors: [
        {
          message: `PodDisruptionBudget \`shop/api\` requires 3 available pods but the pods it selects number 3 (Deployment \`shop/api\` has 2 replicas, StatefulSet \`shop/api-cache\` has 1 replica), so no pod can ever be evicted: ${MIN_FIX}`,
        },
      ],
    },
    {
      name: 'an HPA minimum',
      yaml: `${workload('Deployment', 'api', '  replicas: 4\n')}---${pdb('minAvailable: 2')}---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api, namespace: shop}
spec:
  scaleTargetRef: {kind: Deployment, name: api}
  minReplicas: 2
  maxReplicas: 6
`,
      errors: [
        {
          message: `PodDisruptionBudget \`shop/api\` requires 2 available pods but Deployment \`shop/api\` runs as few as 2 replicas (HorizontalPodAutoscaler \`shop/api\`), so at that size no pod can be evicted: ${MIN_FIX}`,
        },
      ],
    },
    {
      name: 'minAvailable 100% with known replicas: the budget alone says it',
      yaml: `${workload('Deployment', 'api', '  replicas: 3\n')}---${pdb('minAvailable: 100%')}`,
      errors: [
        {
          message: `PodDisruptionBudget \`shop/api\` requires 100% of its pods available, so no pod it selects can ever be evicted: ${HANG}; lower minAvailable or use maxUnavailable: 1`,
          path: 'spec.minAvailable',
          severity: 'high',
        },
      ],
    },
    {
      name: 'maxUnavailable 0 selecting nothing in the input: reported from its own numbers, saying both',
      yaml: pdb('maxUnavailable: 0'),
      errors: [
        {
          message: `PodDisruptionBudget \`shop/api\` allows no unavailable pod (maxUnavailable: 0), so no pod it selects can ever be evicted: ${HANG}; raise maxUnavailable to at least 1${EMPTY('selector app=api')}`,
          path: 'spec.maxUnavailable',
          severity: 'high',
        },
      ],
    },
    {
      name: '"0%" and 100% selecting nothing, one with no selector at all',
      yaml: `${pdb('maxUnavailable: "0%"', '{matchLabels: {app: web}}')}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: db, namespace: shop}
spec:
  minAvailable: 100%
`,
      errors: [
        { message: /\(maxUnavailable: 0%\), .*in the scanned input \(selector app=web\)/ },
        {
          message: `PodDisruptionBudget \`shop/db\` requires 100% of its pods available, so no pod it selects can ever be evicted: ${HANG}; lower minAvailable or use maxUnavailable: 1${EMPTY('no selector')}`,
          resource: 'PodDisruptionBudget/db',
        },
      ],
    },
    {
      name: 'a DaemonSet with minAvailable 100%',
      yaml: `${workload('DaemonSet', 'agent', '')}---${pdb('minAvailable: 100%')}`,
      errors: [
        {
          message: `PodDisruptionBudget \`shop/api\` requires 100% of its pods available, so no pod it selects can ever be evicted: ${HANG}; lower minAvailable or use maxUnavailable: 1`,
          path: 'spec.minAvailable',
        },
      ],
    },
    {
      name: 'a bare Pod counts as one',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop, labels: {app: api}}
spec:
  containers: [{name: app, image: nginx:1.27}]
---${pdb('minAvailable: 1')}`,
      errors: [
        {
          message: `PodDisruptionBudget \`shop/api\` requires 1 available pod but Pod \`shop/api\` is a single pod, so no pod can ever be evicted: ${MIN_FIX}`,
        },
      ],
    },
  ],
});
