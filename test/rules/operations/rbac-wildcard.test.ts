import { rbacWildcard } from '../../../src/rules/operations/rbac-wildcard.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = rbacWildcard.meta.examples ?? { fail: '', pass: '' };

const role = (kind: string, rules: string, metadata = '{name: ops, namespace: shop}') => `
apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: ${metadata}
rules:
${rules}
`;

const LATER = 'including whatever is added later';
const FIX = 'name the verbs and resources it needs';

ruleTester(rbacWildcard, {
  valid: [
    { name: 'example: named verbs and resources', yaml: examples.pass },
    {
      name: 'apiGroups "*" alone (with named resources and verbs)',
      yaml: role('Role', '  - {apiGroups: ["*"], resources: [deployments], verbs: [get]}'),
    },
    {
      name: 'a `*/scale` subresource is not a resource wildcard',
      yaml: role('Role', '  - {apiGroups: [apps], resources: ["*/scale"], verbs: [update]}'),
    },
    {
      name: "Kubernetes' own roles",
      yaml: `${role('ClusterRole', '  - {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}', '{name: cluster-admin, labels: {kubernetes.io/bootstrapping: rbac-defaults}}')}---${role('ClusterRole', '  - {apiGroups: ["*"], resources: ["*"], verbs: [list]}', '{name: "system:controller:namespace-controller", labels: {kubernetes.io/bootstrapping: rbac-defaults}}')}`,
    },
    {
      name: 'non-resource URL rules are not judged',
      yaml: role('ClusterRole', '  - {nonResourceURLs: ["/metrics"], verbs: [get]}', '{name: metrics}'),
    },
    { name: 'malformed rules', yaml: role('Role', '  - just-a-string\n  - {verbs: "*"}') },
  ],
  invalid: [
    {
      name: 'example: everything',
      yaml: examples.fail,
      errors: [
        {
          message: `ClusterRole \`edge-ops\` rule 0 grants every verb (\`*\`) on every resource (\`*\`) in every API group, ${LATER}; the same as cluster-admin; ${FIX}`,
          path: 'rules[0]',
          severity: 'high',
        },
      ],
    },
    {
      name: 'wildcard verbs, and wildcard resources, in separate rules',
      yaml: role(
        'Role',
        '  - {apiGroups: [apps], resources: [deployments], verbs: [get]}\n  - {apiGroups: [""], resources: [secrets, configmaps], verbs: ["*"]}\n  - {apiGroups: ["", apps], resources: ["*"], verbs: [get, list]}',
      ),
      errors: [
        {
          message: `Role \`shop/ops\` rule 1 grants every verb (\`*\`) on secrets, configmaps in API group core, ${LATER}; ${FIX}`,
          path: 'rules[1]',
        },
        {
          message: `Role \`shop/ops\` rule 2 grants get, list on every resource (\`*\`) in API groups core, apps, ${LATER}; ${FIX}`,
          path: 'rules[2]',
        },
      ],
    },
    {
      name: 'all wildcards in a Role: the namespace',
      yaml: role('Role', '  - {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}'),
      errors: [
        {
          message: `Role \`shop/ops\` rule 0 grants every verb (\`*\`) on every resource (\`*\`) in every API group, ${LATER}; full control of the namespace; ${FIX}`,
        },
      ],
    },
  ],
});
