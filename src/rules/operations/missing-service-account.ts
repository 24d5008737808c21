import { describeResource } from '../../inventory/resource.js';
import { describeSubject, isBinding, subjectsOf } from '../../rbac/objects.js';
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
      'RBAC bindings name subjects by string; nothing checks they exist. A binding to a deleted or misspelt ServiceAccount grants nothing today, but whoever can create a ServiceAccount of that name in that namespace (or a later deployment that reuses the name) silently receives its permissions. Judged only for namespaces whose ServiceAccounts are in the input (at least one of them), so a partial scan does not report everything; `default` always exists.',
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
    for (const subject of subjectsOf(binding)) {
      if (subject.kind !== 'ServiceAccount' || subject.namespace === '' || subject.name === 'default')
        continue;
      const accounts = inventory.inNamespace(subject.namespace, 'ServiceAccount');
      if (accounts.length === 0) continue;
      if (inventory.get('ServiceAccount', subject.namespace, subject.name) !== undefined) continue;
      const others = `${accounts.length} other ServiceAccount${accounts.length === 1 ? '' : 's'}`;
      yield {
        path: subject.path,
        message: `${describeResource(binding)} binds ${describeSubject(subject)}, which the input does not define (namespace \`${subject.namespace}\` has ${others}): whoever creates an account of that name receives its permissions; remove the subject or fix its name`,
      };
    }
  },
};
