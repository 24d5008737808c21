import { clusterAdminBinding } from '../../../src/rules/operations/cluster-admin-binding.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = clusterAdminBinding.meta.examples ?? { fail: '', pass: '' };

const binding = (kind: string, role: string, subjects: string, metadata = '{name: admins}') => `
apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: ${metadata}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}
subjects:
${subjects}
`;

const clusterRole = (name: string, rules: string, extra = '') => `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ${name}}
${extra}rules: ${rules}
`;
const EVERYTHING =
  '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}, {nonResourceURLs: ["*"], verbs: ["*"]}]';
const NARROW_ADMIN = clusterRole('cluster-admin', '[{apiGroups: [""], resources: [pods], verbs: [get]}]');

const CLUSTER = (subject: string, name = 'admins') =>
  `ClusterRoleBinding \`${name}\` grants cluster-admin cluster-wide to ${subject}: whoever holds its credentials controls the whole cluster; bind a role with only the permissions it needs`;

ruleTester(clusterAdminBinding, {
  valid: [
    { name: 'example: a narrow ClusterRole', yaml: examples.pass },
    {
      name: 'system:masters and other system: subjects',
      yaml: binding(
        'ClusterRoleBinding',
        'cluster-admin',
        '  - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:masters"}\n  - {kind: User, name: "system:kube-controller-manager"}',
        '{name: cluster-admin}',
      ),
    },
    {
      name: 'anonymous subjects are left to PP-OPS-022',
      yaml: binding('ClusterRoleBinding', 'cluster-admin', '  - {kind: User, name: "system:anonymous"}'),
    },
    {
      name: 'a Role named cluster-admin is not the ClusterRole',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: x, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cluster-admin}
subjects: [{kind: User, name: alice}]
`,
    },
    { name: 'no subjects', yaml: binding('ClusterRoleBinding', 'cluster-admin', '  []') },
    {
      name: 'a role named cluster-admin that the input narrows is judged by its rules',
      yaml: `${NARROW_ADMIN}---${binding('ClusterRoleBinding', 'cluster-admin', '  - {kind: User, name: alice}')}`,
    },
    {
      name: 'every resource but no non-resource URLs is not cluster-admin (PP-OPS-020 and 025 report it)',
      yaml: `${clusterRole('almost', '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]')}---${binding('ClusterRoleBinding', 'almost', '  - {kind: User, name: alice}')}`,
    },
  ],
  invalid: [
    {
      name: 'example: a ServiceAccount',
      yaml: examples.fail,
      errors: [
        {
          message: CLUSTER('ServiceAccount `iot/collector`', 'collector-admin'),
          path: 'subjects[0]',
          severity: 'critical',
        },
      ],
    },
    {
      name: 'users and groups, one finding each; the broad system groups are not excepted',
      yaml: binding(
        'ClusterRoleBinding',
        'cluster-admin',
        '  - {kind: User, name: alice}\n  - {kind: Group, name: "system:masters"}\n  - {kind: Group, name: "system:serviceaccounts:iot"}\n  - {kind: Group, name: "system:authenticated"}',
      ),
      errors: [
        { message: CLUSTER('User `alice`'), path: 'subjects[0]' },
        { message: CLUSTER('Group `system:serviceaccounts:iot`'), path: 'subjects[2]' },
        { message: CLUSTER('Group `system:authenticated`'), path: 'subjects[3]' },
      ],
    },
    {
      name: 'a RoleBinding without metadata.namespace: the namespace it is applied to, not a silent default',
      yaml: binding('RoleBinding', 'cluster-admin', '  - {kind: User, name: alice}', '{name: ci-admin}'),
      errors: [
        {
          message:
            'RoleBinding `ci-admin` grants cluster-admin in the namespace it is applied to (`default` unless -n) to User `alice`: whoever holds its credentials controls every object there, Secrets included; bind a role with only the permissions it needs',
          path: 'subjects[0]',
        },
      ],
    },
    {
      name: 'a RoleBinding to cluster-admin: the namespace, ServiceAccount namespace defaulted',
      yaml: binding(
        'RoleBinding',
        'cluster-admin',
        '  - {kind: ServiceAccount, name: ci}',
        '{name: ci-admin, namespace: shop}',
      ),
      errors: [
        {
          message:
            'RoleBinding `shop/ci-admin` grants cluster-admin in namespace `shop` to ServiceAccount `shop/ci`: whoever holds its credentials controls every object there, Secrets included; bind a role with only the permissions it needs',
          path: 'subjects[0]',
          severity: 'critical',
        },
      ],
    },
    {
      name: 'a role with every verb on everything is cluster-admin under another name',
      yaml: `${clusterRole('root', EVERYTHING)}---${binding('ClusterRoleBinding', 'root', '  - {kind: User, name: alice}')}`,
      errors: [
        {
          message:
            'ClusterRoleBinding `admins` grants ClusterRole `root` (every verb on everything: cluster-admin under another name) cluster-wide to User `alice`: whoever holds its credentials controls the whole cluster; bind a role with only the permissions it needs',
          path: 'subjects[0]',
        },
      ],
    },
    {
      name: 'an aggregated role that gathers the same rules is judged by them',
      yaml: `${clusterRole('gather', '[]', 'aggregationRule: {clusterRoleSelectors: [{matchLabels: {gather: "yes"}}]}\n')}---${clusterRole('part-a', '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]').replace('{name: part-a}', '{name: part-a, labels: {gather: "yes"}}')}---${clusterRole('part-b', '[{nonResourceURLs: ["*"], verbs: ["*"]}]').replace('{name: part-b}', '{name: part-b, labels: {gather: "yes"}}')}---${binding('ClusterRoleBinding', 'gather', '  - {kind: Group, name: ops}')}`,
      errors: [
        {
          message:
            'ClusterRoleBinding `admins` grants ClusterRole `gather` (every verb on everything: cluster-admin under another name) cluster-wide to Group `ops`: whoever holds its credentials controls the whole cluster; bind a role with only the permissions it needs',
        },
      ],
    },
    {
      name: 'a User system:serviceaccount:NS:NAME is a ServiceAccount, not a system component',
      yaml: binding(
        'ClusterRoleBinding',
        'cluster-admin',
        '  - {kind: User, name: "system:serviceaccount:iot:collector"}',
      ),
      errors: [{ message: CLUSTER('User `system:serviceaccount:iot:collector`'), path: 'subjects[0]' }],
    },
  ],
});
