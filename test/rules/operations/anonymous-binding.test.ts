import { anonymousBinding } from '../../../src/rules/operations/anonymous-binding.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = anonymousBinding.meta.examples ?? { fail: '', pass: '' };

const binding = (
  kind: string,
  roleKind: string,
  role: string,
  subjects: string,
  metadata = '{name: public}',
) => `
apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: ${metadata}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${roleKind}, name: ${role}}
subjects:
${subjects}
`;

const ANON = '  - {apiGroup: rbac.authorization.k8s.io, kind: User, name: "system:anonymous"}';
const UNAUTH = '  - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:unauthenticated"}';

const AUTH = '  - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:authenticated"}';

ruleTester(anonymousBinding, {
  valid: [
    {
      name: "Kubernetes' own system:authenticated bindings (basic-user, discovery)",
      yaml: `${binding('ClusterRoleBinding', 'ClusterRole', 'system:basic-user', AUTH)}---${binding('ClusterRoleBinding', 'ClusterRole', 'system:discovery', AUTH)}`,
    },
    {
      name: "cluster-admin to system:authenticated is PP-OPS-021's",
      yaml: binding('ClusterRoleBinding', 'ClusterRole', 'cluster-admin', AUTH),
    },
    { name: 'example: a named group', yaml: examples.pass },
    {
      name: "Kubernetes' public-info-viewer binding",
      yaml: binding(
        'ClusterRoleBinding',
        'ClusterRole',
        'system:public-info-viewer',
        `${UNAUTH}\n  - {kind: Group, name: "system:authenticated"}`,
        '{name: "system:public-info-viewer"}',
      ),
    },
    {
      name: "kubeadm's cluster-info binding",
      yaml: binding(
        'RoleBinding',
        'Role',
        'kubeadm:bootstrap-signer-clusterinfo',
        ANON,
        '{name: "kubeadm:bootstrap-signer-clusterinfo", namespace: kube-public}',
      ),
    },
    {
      name: 'an allowed role added by parameter',
      yaml: binding('ClusterRoleBinding', 'ClusterRole', 'health-reader', UNAUTH),
      params: { allowedRoles: ['health-reader'] },
    },
  ],
  invalid: [
    {
      name: 'view bound to system:authenticated: every user and ServiceAccount',
      yaml: binding('ClusterRoleBinding', 'ClusterRole', 'view', AUTH),
      errors: [
        {
          message:
            'ClusterRoleBinding `public` grants ClusterRole `view` to system:authenticated: every user and every ServiceAccount token (any compromised pod) gets its permissions; bind it to the groups that need it',
          path: 'subjects[0]',
          severity: 'high',
        },
      ],
    },
    {
      name: 'example: view for unauthenticated users',
      yaml: examples.fail,
      errors: [
        {
          message:
            'ClusterRoleBinding `dashboard-public` grants ClusterRole `view` to system:unauthenticated: anyone who can reach the API server gets its permissions without credentials; remove the subject',
          path: 'subjects[0]',
          severity: 'critical',
        },
      ],
    },
    {
      name: 'both anonymous subjects in a RoleBinding',
      yaml: binding(
        'RoleBinding',
        'Role',
        'reader',
        `  - {kind: User, name: alice}\n${ANON}\n${UNAUTH}`,
        '{name: public, namespace: shop}',
      ),
      errors: [
        {
          message:
            'RoleBinding `shop/public` grants Role `reader` to system:anonymous: anyone who can reach the API server gets its permissions without credentials; remove the subject',
          path: 'subjects[1]',
        },
        {
          message: /^RoleBinding `shop\/public` grants Role `reader` to system:unauthenticated:/,
          path: 'subjects[2]',
        },
      ],
    },
    {
      name: 'cluster-admin for anonymous',
      yaml: binding('ClusterRoleBinding', 'ClusterRole', 'cluster-admin', ANON),
      errors: [
        { message: /^ClusterRoleBinding `public` grants ClusterRole `cluster-admin` to system:anonymous:/ },
      ],
    },
  ],
});
