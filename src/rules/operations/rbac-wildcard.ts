import type { Inventory } from '../../inventory/inventory.js';
import { describeResource, type Resource } from '../../inventory/resource.js';
import { rbacModelOf } from '../../rbac/model.js';
import { isBuiltInRole, isRole, type PolicyRuleView, policyRules } from '../../rbac/objects.js';
import { CIS, NIST, NSA, OWASP } from '../../references/controls.js';
import type { ObjectRule } from '../types.js';

function groupsText(rule: PolicyRuleView): string {
  if (rule.apiGroups.includes('*')) return 'in every API group';
  const groups = rule.apiGroups.map((g) => (g === '' ? 'core' : g));
  return `in API group${groups.length === 1 ? '' : 's'} ${groups.join(', ') || '(none)'}`;
}

/** The input's ClusterRoleBindings that hand `role` to someone cluster-wide. */
function clusterWideBindings(role: Resource, inventory: Inventory): string[] {
  return rbacModelOf(inventory)
    .bindings.filter(
      (b) =>
        b.kind === 'ClusterRoleBinding' && !b.builtIn && b.role?.resource === role && b.subjects.length > 0,
    )
    .map((b) => b.name);
}

/** A wildcard grants everything that exists; and everything installed later (CRDs, new subresources). */
export const rbacWildcard: ObjectRule = {
  meta: {
    id: 'PP-OPS-020',
    title: 'Wildcard in Role or ClusterRole',
    chapter: 'operations',
    severity: 'high',
    recommendation: 'Name the verbs and resources a role grants; never use `*`.',
    rationale:
      'A `*` verb includes escalate, bind, impersonate and delete; a `*` resource includes Secrets, pods/exec and every custom resource installed later. Wildcard roles are how "temporary" admin access becomes permanent. A `*`/`*`/`*` ClusterRole that a ClusterRoleBinding hands out is cluster-admin under another name and critical, like a cluster-admin binding. Non-resource URL rules are judged by their URLs: `*` covers every endpoint (/debug/pprof, /logs, /metrics); named URLs with a `*` verb are not reported (their verbs are only HTTP methods). Kubernetes\' own roles (labelled `kubernetes.io/bootstrapping: rbac-defaults`, or a shipped built-in; not a bare `system:` name) are not judged; PP-OPS-023 leaves resource grants in rules reported here to this rule.',
    remediation:
      'Replace `*` with the verbs and resources the subject needs (`kubectl auth can-i --list --as=...` and the audit log show what it uses).',
    references: [CIS.wildcards, NSA.rbac, OWASP.rbac, NIST.adminAccess],
    appliesTo: ['Role', 'ClusterRole'],
    examples: {
      fail: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: edge-ops}
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
`,
      pass: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: node-labels-reader}
rules:
  - apiGroups: [""]
    resources: ["nodes"]
    verbs: ["get", "list", "watch"]
`,
    },
  },
  target: 'object',
  *check(role, { inventory }) {
    if (!isRole(role) || isBuiltInRole(role)) return;
    for (const rule of policyRules(role)) {
      const allVerbs = rule.verbs.includes('*');
      const verbs = allVerbs ? 'every verb (`*`)' : rule.verbs.join(', ');
      if (rule.nonResourceURLs.includes('*')) {
        yield {
          path: rule.path,
          message: `${describeResource(role)} rule ${rule.index} grants ${verbs} on every non-resource URL (\`*\`), /debug/pprof and /logs included; name the URLs it needs`,
        };
      }
      const allResources = rule.resources.includes('*');
      if (rule.resources.length === 0 || (!allVerbs && !allResources)) continue;
      const resources = allResources ? 'every resource (`*`)' : rule.resources.join(', ');
      const everything = allVerbs && allResources && rule.apiGroups.includes('*');
      const bound = everything && role.kind === 'ClusterRole' ? clusterWideBindings(role, inventory) : [];
      const scope = !everything
        ? ''
        : role.kind !== 'ClusterRole'
          ? '; full control of the namespace'
          : bound.length > 0
            ? `; the same as cluster-admin, and bound cluster-wide by ClusterRoleBinding ${bound.map((b) => `\`${b}\``).join(', ')}`
            : '; the same as cluster-admin';
      const message = `${describeResource(role)} rule ${rule.index} grants ${verbs} on ${resources} ${groupsText(rule)}, including whatever is added later${scope}; name the verbs and resources it needs`;
      yield bound.length > 0
        ? { path: rule.path, message, severity: 'critical' }
        : { path: rule.path, message };
    }
  },
};
