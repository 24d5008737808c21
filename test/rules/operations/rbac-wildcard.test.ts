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
      name: 'named non-resource URLs, even with a * verb',
      yaml: role(
        'ClusterRole',
        '  - {nonResourceURLs: ["/metrics", "/healthz/*"], verbs: ["*"]}',
        '{name: metrics}',
      ),
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
      name: 'every non-resource URL: judged by its URLs, not as "on  in API groups (none)"',
      yaml: role('ClusterRole', '  - {nonResourceURLs: ["*"], verbs: ["*"]}', '{name: debug}'),
      errors: [
        {
          message:
            'ClusterRole `debug` rule 0 grants every verb (`*`) on every non-resource URL (`*`), /debug/pprof and /logs included; name the URLs it needs',
          path: 'rules[0]',
          severity: 'high',
        },
      ],
    },
    {
      name: 'a */*/* ClusterRole bound cluster-wide is critical, like a cluster-admin binding',
      yaml: `${examples.fail}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: edge-ops}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edge-ops}
subjects: [{kind: ServiceAccount, name: collector, namespace: iot}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: edge-ops, namespace: iot}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edge-ops}
subjects: [{kind: User, name: bob}]
`,
      errors: [
        {
          message: `ClusterRole \`edge-ops\` rule 0 grants every verb (\`*\`) on every resource (\`*\`) in every API group, ${LATER}; the same as cluster-admin, and bound cluster-wide by ClusterRoleBinding \`edge-ops\`; ${FIX}`,
          severity: 'critical',
        },
      ],
    },
    {
      name: 'a system: name alone is not a Kubernetes default',
      yaml: role(
        'ClusterRole',
        '  - {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}',
        '{name: "system:test"}',
      ),
      errors: [{ message: /^ClusterRole `system:test` rule 0 grants every verb/ }],
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
