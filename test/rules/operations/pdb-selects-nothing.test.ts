import { pdbSelectsNothing } from '../../../src/rules/operations/pdb-selects-nothing.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = pdbSelectsNothing.meta.examples ?? { fail: '', pass: '' };

const deployment = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  replicas: 2
  template:
    metadata: {labels: {app: api, tier: backend}}
    spec:
      containers: [{name: app, image: nginx:1.27}]
`;

const pdb = (spec: string, apiVersion = 'policy/v1') => `
apiVersion: ${apiVersion}
kind: PodDisruptionBudget
metadata: {name: api, namespace: shop}
spec:
  maxUnavailable: 1
${spec}
`;

const MESSAGE = (selector: string) =>
  `PodDisruptionBudget \`shop/api\` selects no pod workload in namespace \`shop\` (${selector}), so it protects nothing; make \`spec.selector\` match the pod labels of the workload it is meant for`;

ruleTester(pdbSelectsNothing, {
  valid: [
    { name: 'example: selector matches the pod labels', yaml: examples.pass },
    {
      name: 'matchExpressions',
      yaml: `${deployment}---${pdb('  selector: {matchExpressions: [{key: tier, operator: In, values: [backend]}]}')}`,
    },
    {
      name: "a budget that also allows no eviction is PP-OPS-005's, whose finding says both",
      yaml: `${deployment}---${pdb('  selector: {matchLabels: {app: web}}').replace('maxUnavailable: 1', 'maxUnavailable: 0')}`,
    },
    {
      name: 'policy/v1: {} selects every pod of the namespace',
      yaml: `${deployment}---${pdb('  selector: {}')}`,
    },
  ],
  invalid: [
    {
      name: 'example: the workload was relabelled',
      yaml: examples.fail,
      errors: [{ message: MESSAGE('selector app=api'), path: 'spec.selector', severity: 'low' }],
    },
    {
      name: 'pods of another namespace do not count',
      yaml: `${deployment.replace('namespace: shop', 'namespace: iot')}---${pdb('  selector: {matchLabels: {app: api}}')}`,
      errors: [{ message: MESSAGE('selector app=api') }],
    },
    {
      name: 'a budget without metadata.namespace: the namespace it is applied to, not a silent default',
      yaml: pdb('  selector: {matchLabels: {app: api}}').replace(
        '{name: api, namespace: shop}',
        '{name: api}',
      ),
      errors: [
        {
          message:
            'PodDisruptionBudget `api` selects no pod workload in the namespace it is applied to (`default` unless -n) (selector app=api), so it protects nothing; make `spec.selector` match the pod labels of the workload it is meant for',
        },
      ],
    },
    {
      name: 'no selector selects nothing',
      yaml: `${deployment}---${pdb('')}`,
      errors: [{ message: MESSAGE('no selector') }],
    },
    {
      name: 'policy/v1beta1: an empty selector selects nothing',
      yaml: `${deployment}---${pdb('  selector: {}', 'policy/v1beta1')}`,
      errors: [{ message: MESSAGE('selector {}') }],
    },
    {
      name: 'labels and expressions that do not all match',
      yaml: `${deployment}---${pdb('  selector:\n    matchLabels: {app: api}\n    matchExpressions: [{key: tier, operator: NotIn, values: [backend]}]')}`,
      errors: [{ message: MESSAGE('selector app=api, 1 expression') }],
    },
    {
      name: 'a malformed matchExpressions entry selects nothing (and does not throw)',
      yaml: `${deployment}---${pdb('  selector: {matchExpressions: [null]}')}`,
      errors: [{ message: MESSAGE('selector 1 expression') }],
    },
  ],
});
