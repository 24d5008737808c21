import { describeNamespace, namespaceOf } from '../../inventory/inventory.js';
import { describeResource } from '../../inventory/resource.js';
import { rbacModelOf, subjectOfView } from '../../rbac/model.js';
import { describeSubject, isBinding, type SubjectView } from '../../rbac/objects.js';
import { ANONYMOUS as ANONYMOUS_USER, isClusterComponent, UNAUTHENTICATED } from '../../rbac/subjects.js';
import { CIS, MS_TMK, NIST, NSA, OWASP } from '../../references/controls.js';
import type { ObjectRule } from '../types.js';

/** Left to PP-OPS-022, which reports any role bound to them. */
const ANONYMOUS = new Set([ANONYMOUS_USER, UNAUTHENTICATED]);

/**
 * The cluster's own users and groups (system:masters, system:kube-controller-manager...) are excepted; not the
 * groups that stand for everyone, and not ServiceAccounts (a User `system:serviceaccount:ns:name` is one).
 */
function excepted(view: SubjectView): boolean {
  if (view.kind !== 'User' && view.kind !== 'Group') return false;
  if (ANONYMOUS.has(view.name)) return true;
  const subject = subjectOfView(view);
  return subject !== undefined && isClusterComponent(subject);
}

/** cluster-admin is every permission on everything; bound to an application or a person it is the cluster's keys. */
export const clusterAdminBinding: ObjectRule = {
  meta: {
    id: 'PP-OPS-021',
    title: 'cluster-admin (or an equivalent role) bound to a non-system subject',
    chapter: 'operations',
    severity: 'critical',
    recommendation:
      "Bind cluster-admin to nobody but the cluster's own system identities; grant people and applications narrower roles.",
    rationale:
      "cluster-admin allows every verb on every resource. A service account bound to it turns any compromise of a pod that runs as that account into a compromise of the whole cluster, and a person bound to it makes every phishing mail a cluster takeover. Judged on the RBAC model: any role whose effective rules (aggregated ones included) are every verb on every resource in every API group plus every non-resource URL is cluster-admin, whatever its name; a role named cluster-admin that the input narrows is not. Users and groups whose name starts with `system:` are the cluster's own and excepted, except the groups `system:authenticated` and `system:serviceaccounts[:...]` (and a User `system:serviceaccount:NS:NAME`, which is a ServiceAccount); anonymous subjects are PP-OPS-022's. A RoleBinding to cluster-admin is limited to its namespace but still grants everything there, Secrets included, and is reported too.",
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
  *check(binding, { inventory }) {
    if (!isBinding(binding)) return;
    const entry = rbacModelOf(inventory).bindingOf(binding);
    const role = entry?.role;
    if (entry === undefined || role === undefined || !rbacModelOf(inventory).isClusterAdminEquivalent(role))
      return;
    const what =
      role.kind === 'ClusterRole' && role.name === 'cluster-admin'
        ? 'cluster-admin'
        : `${role.kind} \`${role.name}\` (every verb on everything: cluster-admin under another name)`;
    const scope =
      binding.kind === 'ClusterRoleBinding'
        ? { where: 'cluster-wide', what: 'controls the whole cluster' }
        : {
            where: `in ${describeNamespace(namespaceOf(binding), [binding])}`,
            what: 'controls every object there, Secrets included',
          };
    for (const subject of entry.subjects) {
      if (excepted(subject)) continue;
      yield {
        path: subject.path,
        message: `${describeResource(binding)} grants ${what} ${scope.where} to ${describeSubject(subject)}: whoever holds its credentials ${scope.what}; bind a role with only the permissions it needs`,
      };
    }
  },
};
