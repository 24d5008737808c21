import { describeResource } from '../../inventory/resource.js';
import { capabilitiesOf } from '../../rbac/capabilities.js';
import { rbacModelOf } from '../../rbac/model.js';
import { describeRoleRef, describeSubject } from '../../rbac/objects.js';
import { unusedServiceAccounts } from '../../rbac/unused-accounts.js';
import { CIS, NSA, OWASP } from '../../references/controls.js';
import { someResources } from '../namespace-gaps.js';
import type { InventoryRule, ResourceViolation } from '../types.js';

/** Rights nobody runs with are a standing grant for whoever gets the account's token. */
export const unusedServiceAccount: InventoryRule = {
  meta: {
    id: 'PP-OPS-027',
    title: 'ServiceAccount with rights that no workload uses',
    chapter: 'operations',
    severity: 'low',
    recommendation:
      'Bind roles only to ServiceAccounts that a workload runs as; remove the bindings of retired accounts.',
    rationale:
      "A binding grants a ServiceAccount rights, but no pod-bearing workload of its namespace in the input runs as it with a token: none names it (pods without `serviceAccountName` run as `default`), or those that do set `automountServiceAccountToken: false` (theirs, else the account's) and project no token. The rights then serve only whoever can mint or steal a token for the account (`serviceaccounts/token`, a leaked Secret): leftovers of a retired CI job or a renamed Deployment. Judged on the RBAC model, per binding subject; only where the input holds the namespace's workloads (at least one), so an input with RBAC but no workloads reports nothing (`parapet rbac` lists such accounts as not assessable). Medium when the binding grants something PP-OPS-025 counts as dangerous.",
    remediation:
      'Delete the binding (or the subject), or, if a workload outside the input uses the account, scan them together.',
    references: [CIS.tokenMount, CIS.defaultServiceAccount, NSA.rbac, OWASP.serviceAccounts, OWASP.rbac],
    appliesTo: ['RoleBinding', 'ClusterRoleBinding'],
    examples: {
      fail: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      containers: [{name: web, image: nginx:1.27}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: old-ci, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: ServiceAccount, name: old-ci, namespace: shop}]
`,
      pass: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      containers: [{name: web, image: nginx:1.27}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: web, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: ServiceAccount, name: web, namespace: shop}]
`,
    },
  },
  target: 'inventory',
  *check({ inventory }) {
    const model = rbacModelOf(inventory);
    for (const account of unusedServiceAccounts(model, inventory).unused) {
      const why =
        account.tokenless.length > 0
          ? `whose workloads (${someResources(account.tokenless.map((w) => w.resource))}) do not mount its token`
          : `which no workload of namespace \`${account.namespace}\` runs as (${account.workloadsInNamespace} workload${account.workloadsInNamespace === 1 ? '' : 's'} there)`;
      for (const { binding, view } of account.grants) {
        const violation: ResourceViolation = {
          resource: binding.resource,
          path: view.path,
          message: `${describeResource(binding.resource)} grants ${describeRoleRef(binding.roleRef)} to ${describeSubject({ kind: 'ServiceAccount', name: account.name, namespace: account.namespace })}, ${why}: the rights serve only whoever obtains a token for it; remove the binding or the subject`,
          problem: `${account.namespace}/${account.name}`,
        };
        if (capabilitiesOf(model, binding).length > 0) violation.severity = 'medium';
        yield violation;
      }
    }
  },
};
