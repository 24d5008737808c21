import { escalationPaths } from '../../../src/rules/operations/escalation-paths.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = escalationPaths.meta.examples ?? { fail: '', pass: '' };
const V = 'apiVersion: rbac.authorization.k8s.io/v1';
const clusterRole = (name: string, rules: string) =>
  `${V}\nkind: ClusterRole\nmetadata: {name: ${name}}\nrules: ${rules}\n---\n`;
const rb = (ns: string, name: string, role: string, subjects: string) =>
  `${V}\nkind: RoleBinding\nmetadata: {name: ${name}, namespace: ${ns}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}\nsubjects: ${subjects}\n---\n`;
const crb = (name: string, role: string, subjects: string) =>
  `${V}\nkind: ClusterRoleBinding\nmetadata: {name: ${name}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}\nsubjects: ${subjects}\n---\n`;
const BINDER = clusterRole(
  'binder',
  '[{apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create]}, {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind]}]',
);
const POD_LISTER = clusterRole('lister', '[{apiGroups: [""], resources: [pods], verbs: [get, list]}]');
const ADMIN_SA = rb(
  'kube-system',
  'deployer-admin',
  'cluster-admin',
  '[{kind: ServiceAccount, name: deployer, namespace: build}]',
);

ruleTester(escalationPaths, {
  valid: [
    { name: 'example: pods only where no ServiceAccount is bound to more', yaml: examples.pass },
    {
      name: 'writing RoleBindings without bind gains nothing (it can bind only what it holds)',
      yaml:
        clusterRole(
          'writer',
          '[{apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create, patch]}]',
        ) + rb('kube-system', 'w', 'writer', '[{kind: User, name: alice}]'),
    },
    {
      name: 'bind without a binding write gains nothing',
      yaml:
        clusterRole(
          'bind-only',
          '[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind]}]',
        ) + rb('kube-system', 'b', 'bind-only', '[{kind: User, name: alice}]'),
    },
    {
      name: 'impersonating users through a RoleBinding grants nothing (users are cluster-scoped)',
      yaml:
        clusterRole('imp', '[{apiGroups: [""], resources: [users], verbs: [impersonate]}]') +
        rb('build', 'i', 'imp', '[{kind: User, name: alice}]') +
        ADMIN_SA,
    },
    {
      name: 'a subject that can only list pods has no path',
      yaml: POD_LISTER + rb('build', 'l', 'lister', '[{kind: User, name: alice}]') + ADMIN_SA,
    },
  ],
  invalid: [
    {
      name: 'example: create pods where a Secret reader runs',
      yaml: examples.fail,
      errors: [
        {
          message:
            'RoleBinding `build/builder-starts-pods` opens a path to cluster control: sa:ci/builder → (create pods in build) → sa:build/deployer → (read Secrets in kube-system); remove a step',
          severity: 'critical',
          path: 'subjects[0]',
        },
      ],
    },
    {
      name: 'two steps: a token for a pod creator',
      yaml:
        clusterRole('tokens', '[{apiGroups: [""], resources: [serviceaccounts/token], verbs: [create]}]') +
        clusterRole('starter', '[{apiGroups: [apps], resources: [deployments], verbs: [create]}]') +
        rb('ci', 't', 'tokens', '[{kind: User, name: alice}]') +
        rb('build', 's', 'starter', '[{kind: ServiceAccount, name: runner, namespace: ci}]') +
        ADMIN_SA,
      errors: [
        {
          message:
            'RoleBinding `ci/t` opens a path to cluster control: user:alice → (create a token for sa:ci/runner) → sa:ci/runner → (create pods in build) → sa:build/deployer → (read Secrets in kube-system); remove a step',
        },
        {
          message:
            'RoleBinding `build/s` opens a path to cluster control: sa:ci/runner → (create pods in build) → sa:build/deployer → (read Secrets in kube-system); remove a step',
        },
      ],
    },
    {
      name: 'a privileged pod where Pod Security allows it owns the node',
      yaml:
        'apiVersion: v1\nkind: Namespace\nmetadata: {name: lab, labels: {pod-security.kubernetes.io/enforce: privileged}}\n---\n' +
        clusterRole('starter', '[{apiGroups: [""], resources: [pods], verbs: [create]}]') +
        rb('lab', 's', 'starter', '[{kind: User, name: bob}]'),
      errors: [
        {
          message:
            'RoleBinding `lab/s` opens a path to cluster control: user:bob → (create a privileged pod in lab (Pod Security privileged)) → node → (control of a node (and every pod and Secret on it)); remove a step',
        },
      ],
    },
    {
      name: 'bind and write RoleBindings in kube-system: cluster-admin there reads its Secrets',
      yaml: BINDER + rb('kube-system', 'b', 'binder', '[{kind: User, name: bob}, {kind: User, name: alice}]'),
      errors: [
        {
          message:
            'RoleBinding `kube-system/b` opens a path to cluster control: user:bob → (bind ClusterRole cluster-admin to itself in kube-system) → holder of ClusterRole cluster-admin in kube-system → (read Secrets in kube-system); remove a step',
          path: 'subjects[0]',
        },
        {
          message:
            'RoleBinding `kube-system/b` opens a path to cluster control: user:alice → (bind ClusterRole cluster-admin to itself in kube-system) → holder of ClusterRole cluster-admin in kube-system → (read Secrets in kube-system); remove a step',
          path: 'subjects[1]',
        },
      ],
    },
    {
      name: 'cluster-admin through a RoleBinding in build is admin of build: its pods run as the accounts there',
      yaml:
        BINDER +
        rb('build', 'b', 'binder', '[{kind: Group, name: ops}, {kind: User, name: carol}]') +
        ADMIN_SA,
      errors: [
        {
          message:
            'RoleBinding `build/b` opens a path to cluster control: group:ops → (bind ClusterRole cluster-admin to itself in build) → holder of ClusterRole cluster-admin in build → (create pods in build) → sa:build/deployer → (read Secrets in kube-system); remove a step',
          path: 'subjects[0]',
        },
        {
          message:
            'RoleBinding `build/b` opens a path to cluster control: user:carol → (bind ClusterRole cluster-admin to itself in build) → holder of ClusterRole cluster-admin in build → (create pods in build) → sa:build/deployer → (read Secrets in kube-system); remove a step',
          path: 'subjects[1]',
        },
      ],
    },
    {
      name: 'bind limited by resourceNames binds only that role',
      yaml:
        clusterRole(
          'named-binder',
          '[{apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create]}, {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind], resourceNames: [starter]}]',
        ) +
        clusterRole('starter', '[{apiGroups: [""], resources: [pods], verbs: [create]}]') +
        rb('build', 'b', 'named-binder', '[{kind: User, name: dave}]') +
        ADMIN_SA,
      errors: [
        {
          message:
            'RoleBinding `build/b` opens a path to cluster control: user:dave → (bind ClusterRole starter to itself in build) → holder of ClusterRole starter in build → (create pods in build) → sa:build/deployer → (read Secrets in kube-system); remove a step',
        },
      ],
    },
    {
      name: 'escalate on Roles with Role and RoleBinding writes: a Role with every permission',
      yaml:
        clusterRole(
          'escalator',
          '[{apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [escalate, create]}, {apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create]}]',
        ) + rb('kube-system', 'e', 'escalator', '[{kind: User, name: erin}]'),
      errors: [
        {
          message:
            'RoleBinding `kube-system/e` opens a path to cluster control: user:erin → (write a Role with every permission in kube-system (escalate) and bind it to itself) → holder of every permission in kube-system → (read Secrets in kube-system); remove a step',
        },
      ],
    },
    {
      name: 'ClusterRoleBinding writes with bind on one ClusterRole: that role cluster-wide',
      yaml:
        clusterRole(
          'crb-writer',
          '[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create]}, {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind], resourceNames: [secret-reader]}]',
        ) +
        clusterRole('secret-reader', '[{apiGroups: [""], resources: [secrets], verbs: [list]}]') +
        crb('c', 'crb-writer', '[{kind: User, name: frank}]'),
      errors: [
        {
          message:
            'ClusterRoleBinding `c` opens a path to cluster control: user:frank → (bind ClusterRole secret-reader to itself cluster-wide) → holder of ClusterRole secret-reader cluster-wide → (read Secrets cluster-wide); remove a step',
        },
      ],
    },
    {
      name: 'impersonating ServiceAccounts in a namespace: become them',
      yaml:
        clusterRole('imp', '[{apiGroups: [""], resources: [serviceaccounts], verbs: [impersonate]}]') +
        rb('build', 'i', 'imp', '[{kind: User, name: gina}]') +
        ADMIN_SA,
      errors: [
        {
          message:
            'RoleBinding `build/i` opens a path to cluster control: user:gina → (impersonate sa:build/deployer) → sa:build/deployer → (read Secrets in kube-system); remove a step',
        },
      ],
    },
  ],
});
