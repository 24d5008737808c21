import { describeResource } from '../../inventory/resource.js';
import { rbacModelOf } from '../../rbac/model.js';
import { escalationGraphOf, formatPath } from '../../rbac/paths.js';
import { identityOf } from '../../rbac/subjects.js';
import { CIS, NSA, OWASP } from '../../references/controls.js';
import type { InventoryRule } from '../types.js';

interface Params {
  maxPaths: number;
}

/** The chains an attacker follows: run as a more powerful ServiceAccount, mint its token, own a node. */
export const escalationPaths: InventoryRule<Params> = {
  meta: {
    id: 'PP-OPS-026',
    title: 'Privilege-escalation path to cluster control',
    chapter: 'operations',
    severity: 'critical',
    recommendation:
      'Break every path from an ordinary subject to cluster control: no pod creation where more powerful ServiceAccounts live, no token minting or impersonation of them, no pod creation where Pod Security is privileged.',
    rationale:
      'RBAC is additive and indirect: a subject that may create pods in a namespace runs them as any ServiceAccount there, one that may create serviceaccounts/token becomes the account, and a privileged pod owns its node. The rule follows those edges from each subject that is not already admin-equivalent to one that is (full control, Secrets cluster-wide or in kube-system, node control, escalate/bind/impersonate cluster-wide) and reports the shortest paths, step by step, at most `maxPaths` per subject, on the binding that gives the first step.',
    remediation:
      'Remove the first step (move the CI runner to a namespace of its own, enforced at Pod Security restricted) or the last (take the powerful grant away from the ServiceAccount, or give that workload a namespace of its own).',
    references: [CIS.podCreate, CIS.escalationPermissions, NSA.rbac, OWASP.rbac],
    params: {
      schema: {
        type: 'object',
        properties: {
          maxPaths: {
            type: 'integer',
            minimum: 1,
            description: 'Paths reported per subject, shortest first.',
          },
        },
        additionalProperties: false,
      },
      defaults: { maxPaths: 3 },
    },
    appliesTo: ['RoleBinding', 'ClusterRoleBinding'],
    examples: {
      fail: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: builder-starts-pods, namespace: build}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-starter}
subjects: [{kind: ServiceAccount, name: builder, namespace: ci}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: pod-starter}
rules: [{apiGroups: [""], resources: [pods], verbs: [create]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: deployer-secrets, namespace: kube-system}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
subjects: [{kind: ServiceAccount, name: deployer, namespace: build}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: secret-reader}
rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]
`,
      pass: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: builder-starts-pods, namespace: ci-sandbox}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-starter}
subjects: [{kind: ServiceAccount, name: builder, namespace: ci}]
---
apiVersion: v1
kind: Namespace
metadata: {name: ci-sandbox, labels: {pod-security.kubernetes.io/enforce: restricted}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: pod-starter}
rules: [{apiGroups: [""], resources: [pods], verbs: [create]}]
`,
    },
  },
  target: 'inventory',
  *check({ inventory, params, pss }) {
    const model = rbacModelOf(inventory);
    const graph = escalationGraphOf(model, inventory, (ns) => pss(ns).level);
    for (const source of graph.sources()) {
      for (const path of graph.pathsFrom(source.key, params.maxPaths)) {
        const binding = path.first?.grant.binding;
        if (binding === undefined || binding.builtIn || source.subject === undefined) continue;
        // the subject entry that names the path's source (itself, or a group it is in)
        const named = model.subjectsNaming(binding, identityOf(source.subject))[0];
        yield {
          resource: binding.resource,
          path: named?.path ?? ['subjects'],
          message: `${describeResource(binding.resource)} opens a path to cluster control: ${formatPath(path)}; remove a step`,
          problem: formatPath(path),
        };
      }
    }
  },
};
