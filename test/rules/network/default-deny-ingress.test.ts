import { defaultDenyIngress } from '../../../src/rules/network/default-deny-ingress.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = defaultDenyIngress.meta.examples ?? { fail: '', pass: '' };

const policy = (name: string, spec: string, namespace = 'iot') => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${spec}
`;

const MESSAGE = (namespace: string) =>
  `namespace \`${namespace}\` has NetworkPolicies but none denies ingress by default, so any pod they do not select accepts connections from anywhere; add a NetworkPolicy with \`podSelector: {}\`, \`policyTypes: [Ingress]\` and no ingress rules`;

ruleTester(defaultDenyIngress, {
  valid: [
    { name: 'example: default deny plus an allow', yaml: examples.pass },
    {
      name: 'policyTypes omitted: defaults to Ingress',
      yaml: policy('deny', '  podSelector: {}'),
    },
    { name: 'spec: {} selects every pod and denies ingress', yaml: policy('deny', '  {}') },
    {
      name: 'ingress and egress denied together, empty ingress list',
      yaml: policy(
        'deny',
        '  podSelector: {matchLabels: {}}\n  policyTypes: [Ingress, Egress]\n  ingress: []',
      ),
    },
    {
      name: "no NetworkPolicy at all is PP-NET-001's",
      yaml: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: iot}\n',
    },
    {
      name: 'Calico policies are not judged',
      yaml: `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: web, namespace: iot}
spec: {selector: all(), types: [Ingress]}
`,
    },
  ],
  invalid: [
    {
      name: 'example: only an allow-list policy',
      yaml: examples.fail,
      errors: [
        { message: MESSAGE('iot'), path: 'metadata.name', severity: 'medium', resource: 'Namespace/iot' },
      ],
    },
    {
      name: 'an empty podSelector with ingress rules allows, it does not deny',
      yaml: policy('allow-all', '  podSelector: {}\n  ingress: [{}]'),
      errors: [{ message: MESSAGE('iot'), path: 'metadata.namespace', resource: 'NetworkPolicy/allow-all' }],
    },
    {
      name: 'egress-only default deny does not deny ingress',
      yaml: policy('deny-egress', '  podSelector: {}\n  policyTypes: [Egress]'),
      errors: [{ message: MESSAGE('iot') }],
    },
    {
      name: 'a deny that selects some pods only is not a default',
      yaml: policy('deny-db', '  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress]'),
      errors: [{ message: MESSAGE('iot') }],
    },
    {
      name: 'a default deny in another namespace does not count',
      yaml: `${policy('deny', '  podSelector: {}', 'shop')}---${policy('allow-db', '  podSelector: {matchLabels: {app: db}}\n  ingress: [{}]')}`,
      errors: [{ message: MESSAGE('iot'), resource: 'NetworkPolicy/allow-db' }],
    },
  ],
});
