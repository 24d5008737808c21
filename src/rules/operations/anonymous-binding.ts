import type { Inventory } from '../../inventory/inventory.js';
import { describeResource, type Resource } from '../../inventory/resource.js';
import { rbacModelOf } from '../../rbac/model.js';
import { describeRoleRef, isBinding, roleRefOf, subjectsOf } from '../../rbac/objects.js';
import { NIST, NSA, OWASP } from '../../references/controls.js';
import { asArray } from '../helpers.js';
import type { ObjectRule } from '../types.js';

interface Params {
  allowedRoles: string[];
  allowedAuthenticatedRoles: string[];
}

const ANONYMOUS = new Set(['system:anonymous', 'system:unauthenticated']);
const AUTHENTICATED = 'system:authenticated';

/** cluster-admin, or a role with the same effective rules: PP-OPS-021 reports it bound to everyone. */
function clusterAdminEquivalent(binding: Resource, inventory: Inventory): boolean {
  const model = rbacModelOf(inventory);
  const role = model.bindingOf(binding)?.role;
  return role !== undefined && model.isClusterAdminEquivalent(role);
}

/** Permissions bound to the anonymous user are granted to anyone who can reach the API server. */
export const anonymousBinding: ObjectRule<Params> = {
  meta: {
    id: 'PP-OPS-022',
    title: 'Role bound to anonymous (or every authenticated) user',
    chapter: 'operations',
    severity: 'critical',
    recommendation: 'Bind no role to `system:anonymous` or `system:unauthenticated`.',
    rationale:
      "Requests without credentials are authenticated as the user `system:anonymous` in the group `system:unauthenticated` (unless anonymous auth is off). A binding to either grants its permissions to anyone who can reach the API server; at the edge that is often everyone on the site network. The public-info and cluster-info roles Kubernetes and kubeadm bind there themselves are allowed (`allowedRoles`). A binding to `system:authenticated` beyond Kubernetes' own (basic-user, discovery, public-info-viewer; `allowedAuthenticatedRoles`) hands its role to every user and every ServiceAccount token, so to any compromised pod: reported high (cluster-admin, or a role equivalent to it, bound there is PP-OPS-021's).",
    remediation:
      'Remove the subject (bind the role to the identities that need it), and run the API server with `--anonymous-auth=false` or an anonymous-auth configuration limited to health endpoints.',
    references: [NSA.rbac, OWASP.rbac, NIST.unauthorizedAccess],
    params: {
      schema: {
        type: 'object',
        properties: {
          allowedRoles: {
            type: 'array',
            items: { type: 'string' },
            description: 'Roles that may be bound to anonymous users (by name).',
          },
          allowedAuthenticatedRoles: {
            type: 'array',
            items: { type: 'string' },
            description:
              'Roles that may be bound to system:authenticated, every user and ServiceAccount (by name).',
          },
        },
        additionalProperties: false,
      },
      defaults: {
        allowedRoles: ['system:public-info-viewer', 'kubeadm:bootstrap-signer-clusterinfo'],
        // Kubernetes' own bindings to system:authenticated (bootstrap policy)
        allowedAuthenticatedRoles: [
          'system:basic-user',
          'system:discovery',
          'system:public-info-viewer',
          'kubeadm:bootstrap-signer-clusterinfo',
        ],
      },
    },
    appliesTo: ['ClusterRoleBinding', 'RoleBinding'],
    examples: {
      fail: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: dashboard-public}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:unauthenticated}
`,
      pass: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: dashboard-viewers}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: plant7-operators}
`,
    },
  },
  target: 'object',
  *check(binding, { params, inventory }) {
    if (!isBinding(binding)) return;
    const ref = roleRefOf(binding);
    if (ref === undefined) return;
    for (const subject of subjectsOf(binding)) {
      if (subject.kind === 'ServiceAccount') continue;
      if (ANONYMOUS.has(subject.name) && !asArray(params.allowedRoles).includes(ref.name)) {
        yield {
          path: subject.path,
          message: `${describeResource(binding)} grants ${describeRoleRef(ref)} to ${subject.name}: anyone who can reach the API server gets its permissions without credentials; remove the subject`,
        };
      } else if (
        subject.name === AUTHENTICATED &&
        !clusterAdminEquivalent(binding, inventory) &&
        !asArray(params.allowedAuthenticatedRoles).includes(ref.name)
      ) {
        yield {
          path: subject.path,
          severity: 'high',
          message: `${describeResource(binding)} grants ${describeRoleRef(ref)} to ${AUTHENTICATED}: every user and every ServiceAccount token (any compromised pod) gets its permissions; bind it to the groups that need it`,
        };
      }
    }
  },
};
