import { describeResource } from '../../inventory/resource.js';
import { rbacModelOf, subjectOfView } from '../../rbac/model.js';
import { describeSubject, isBinding } from '../../rbac/objects.js';
import { NIST, NSA, OWASP } from '../../references/controls.js';
import type { ObjectRule } from '../types.js';

/** A binding to an account that does not exist is a grant waiting for whoever creates that account. */
export const missingServiceAccount: ObjectRule = {
  meta: {
    id: 'PP-OPS-024',
    title: 'Binding to a ServiceAccount that does not exist',
    chapter: 'operations',
    severity: 'low',
    recommendation: 'Remove bindings whose ServiceAccount no longer exists, and fix misspelt subjects.',
    rationale:
      'RBAC bindings name subjects by string; nothing checks they exist. A binding to a deleted or misspelt ServiceAccount grants nothing today, but whoever can create a ServiceAccount of that name in that namespace (or a later deployment that reuses the name) silently receives its permissions. Judged only for namespaces whose ServiceAccounts are in the input (at least one of them), so a partial scan does not report everything; `default` always exists. Judged on the RBAC model subjects, so a User `system:serviceaccount:NS:NAME` counts as that ServiceAccount.',
    remediation: "Delete the subject (or the binding), or correct the ServiceAccount's name or namespace.",
    references: [NSA.rbac, OWASP.rbac, NIST.unauthorizedAccess],
    appliesTo: ['ClusterRoleBinding', 'RoleBinding'],
    examples: {
      fail: `apiVersion: v1
kind: ServiceAccount
metadata: {name: ci-deployer, namespace: shop}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ci-deployer, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ci-deployer}
subjects:
  - {kind: ServiceAccount, name: ci-deploy, namespace: shop}
`,
      pass: `apiVersion: v1
kind: ServiceAccount
metadata: {name: ci-deployer, namespace: shop}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ci-deployer, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ci-deployer}
subjects:
  - {kind: ServiceAccount, name: ci-deployer, namespace: shop}
`,
    },
  },
  target: 'object',
  *check(binding, { inventory }) {
    if (!isBinding(binding)) return;
    for (const view of rbacModelOf(inventory).bindingOf(binding)?.subjects ?? []) {
      // the model's subject: a User `system:serviceaccount:NS:NAME` is that ServiceAccount too
      const subject = subjectOfView(view);
      if (subject?.kind !== 'ServiceAccount' || subject.name === 'default') continue;
      const namespace = subject.namespace ?? '';
      const accounts = inventory.inNamespace(namespace, 'ServiceAccount');
      if (accounts.length === 0) continue;
      if (inventory.get('ServiceAccount', namespace, subject.name) !== undefined) continue;
      const others = `${accounts.length} other ServiceAccount${accounts.length === 1 ? '' : 's'}`;
      const named =
        view.kind === 'ServiceAccount'
          ? describeSubject(view)
          : `${describeSubject(view)} (a ServiceAccount)`;
      yield {
        path: view.path,
        message: `${describeResource(binding)} binds ${named}, which the input does not define (namespace \`${namespace}\` has ${others}): whoever creates an account of that name receives its permissions; remove the subject or fix its name`,
      };
    }
  },
};
