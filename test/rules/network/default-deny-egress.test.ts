import { defaultDenyEgress } from '../../../src/rules/network/default-deny-egress.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = defaultDenyEgress.meta.examples ?? { fail: '', pass: '' };

const policy = (name: string, spec: string, namespace = 'iot') => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${spec}
`;

const MESSAGE = (namespace: string) =>
  `namespace \`${namespace}\` has NetworkPolicies but none denies egress by default, so any pod they do not select can connect anywhere, including the site network and the internet; add a NetworkPolicy with \`podSelector: {}\`, \`policyTypes: [Egress]\` and no egress rules, and allow DNS explicitly`;

ruleTester(defaultDenyEgress, {
  valid: [
    { name: 'example: default deny of both directions plus DNS', yaml: examples.pass },
    {
      name: 'egress-only default deny',
      yaml: policy('deny', '  podSelector: {}\n  policyTypes: [Egress]\n  egress: []'),
    },
    {
      name: "no NetworkPolicy at all is PP-NET-001's",
      yaml: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: iot}\n',
    },
  ],
  invalid: [
    {
      name: 'example: ingress denied, egress not',
      yaml: examples.fail,
      errors: [
        { message: MESSAGE('iot'), path: 'metadata.name', severity: 'medium', resource: 'Namespace/iot' },
      ],
    },
    {
      name: 'policyTypes omitted and no egress rules: the policy is ingress-only',
      yaml: policy('deny', '  podSelector: {}'),
      errors: [{ message: MESSAGE('iot'), path: 'metadata.namespace', resource: 'NetworkPolicy/deny' }],
    },
    {
      name: 'an egress policy with rules allows, it does not deny',
      yaml: policy(
        'allow-dns',
        '  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{ports: [{protocol: UDP, port: 53}]}]',
      ),
      errors: [{ message: MESSAGE('iot') }],
    },
    {
      name: 'a deny for some pods only is not a default',
      yaml: policy(
        'deny-db',
        '  podSelector: {matchExpressions: [{key: app, operator: In, values: [db]}]}\n  policyTypes: [Egress]',
      ),
      errors: [{ message: MESSAGE('iot') }],
    },
  ],
});
