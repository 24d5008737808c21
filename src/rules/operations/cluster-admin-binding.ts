import { describeNamespace, namespaceOf } from '../../inventory/inventory.js';
import { describeResource } from '../../inventory/resource.js';
import { describeSubject, isBinding, roleRefOf, subjectsOf } from '../../rbac/objects.js';
import { CIS, MS_TMK, NIST, NSA, OWASP } from '../../references/controls.js';
import type { ObjectRule } from '../types.js';

/** Left to PP-OPS-022, which reports any role bound to them. */
const ANONYMOUS = new Set(['system:anonymous', 'system:unauthenticated']);

/**
 * `system:` subjects are the cluster's own (system:masters, system:kube-controller-manager...) and excepted; but
 * not the groups that stand for every authenticated user or every service account.
 */
function isSystemSubject(name: string): boolean {
  if (!name.startsWith('system:')) return false;
  return (
    name !== 'system:authenticated' &&
    name !== 'system:serviceaccounts' &&
    !name.startsWith('system:serviceaccounts:')
  );
}

/** cluster-admin is every permission on everything; bound to an application or a person it is the cluster's keys. */
export const clusterAdminBinding: ObjectRule = {
  meta: {
    id: 'PP-OPS-021',
    title: 'cluster-admin bound to a non-system subject',
    chapter: 'operations',
    severity: 'critical',
    recommendation:
      "Bind cluster-admin to nobody but the cluster's own system identities; grant people and applications narrower roles.",
    rationale:
      "cluster-admin allows every verb on every resource. A service account bound to it turns any compromise of a pod that runs as that account into a compromise of the whole cluster, and a person bound to it makes every phishing mail a cluster takeover. Subjects whose name starts with `system:` are the cluster's own and excepted, except the groups `system:authenticated` and `system:serviceaccounts[:...]`; anonymous subjects are PP-OPS-022's. A RoleBinding to cluster-admin is limited to its namespace but still grants everything there, Secrets included, and is reported too.",
    remediation:
      'Replace the binding with a Role or ClusterRole that lists the needed verbs and resources; keep break-glass admin access out of band (a kubeconfig in a vault, not a standing binding).',
    references: [CIS.clusterAdmin, MS_TMK.clusterAdminBinding, NSA.rbac, OWASP.rbac, NIST.adminAccess],
    appliesTo: ['ClusterRoleBinding', 'RoleBinding'],
    examples: {
      fail: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: collector-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
  - {kind: ServiceAccount, name: collector, namespace: iot}
`,
      pass: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: collector-node-reader}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-labels-reader}
subjects:
  - {kind: ServiceAccount, name: collector, namespace: iot}
`,
    },
  },
  target: 'object',
  *check(binding) {
    if (!isBinding(binding)) return;
    const ref = roleRefOf(binding);
    if (ref?.kind !== 'ClusterRole' || ref.name !== 'cluster-admin') return;
    const scope =
      binding.kind === 'ClusterRoleBinding'
        ? { where: 'cluster-wide', what: 'controls the whole cluster' }
        : {
            where: `in ${describeNamespace(namespaceOf(binding), [binding])}`,
            what: 'controls every object there, Secrets included',
          };
    for (const subject of subjectsOf(binding)) {
      if (ANONYMOUS.has(subject.name) || isSystemSubject(subject.name)) continue;
      yield {
        path: subject.path,
        message: `${describeResource(binding)} grants cluster-admin ${scope.where} to ${describeSubject(subject)}: whoever holds its credentials ${scope.what}; bind a role with only the permissions it needs`,
      };
    }
  },
};
