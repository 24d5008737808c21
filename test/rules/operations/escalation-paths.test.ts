import { escalationPaths } from '../../../src/rules/operations/escalation-paths.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = escalationPaths.meta.examples ?? { fail: '', pass: '' };
const V = 'apiVersion: rbac.authorization.k8s.io/v1';
const clusterRole = (name: string, rules: string) =>
  `${V}\nkind: ClusterRole\nmetadata: {name: ${name}}\nrules: ${rules}\n---\n`;
const rb = (ns: string, name: string, role: string, subjects: string) =>
  `${V}\nkind: RoleBinding\nmetadata: {name: ${name}, namespace: ${ns}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}\nsubjects: ${subjects}\n---\n`;
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
          path: 'subjects',
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
  ],
});
