import { describeResource } from '../../inventory/resource.js';
import { isBuiltInRole, isRole, type PolicyRuleView, policyRules } from '../../rbac/objects.js';
import { CIS, NIST, NSA, OWASP } from '../../references/controls.js';
import type { ObjectRule } from '../types.js';

function groupsText(rule: PolicyRuleView): string {
  if (rule.apiGroups.includes('*')) return 'in every API group';
  const groups = rule.apiGroups.map((g) => (g === '' ? 'core' : g));
  return `in API group${groups.length === 1 ? '' : 's'} ${groups.join(', ') || '(none)'}`;
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
      'A `*` verb includes escalate, bind, impersonate and delete; a `*` resource includes Secrets, pods/exec and every custom resource installed later. Wildcard roles are how "temporary" admin access becomes permanent. Non-resource URL rules and Kubernetes\' own roles (`system:*`, `kubernetes.io/bootstrapping: rbac-defaults`) are not judged; PP-OPS-023 leaves rules reported here to this rule.',
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
  *check(role) {
    if (!isRole(role) || isBuiltInRole(role)) return;
    for (const rule of policyRules(role)) {
      const allVerbs = rule.verbs.includes('*');
      const allResources = rule.resources.includes('*');
      if (!allVerbs && !allResources) continue;
      const verbs = allVerbs ? 'every verb (`*`)' : rule.verbs.join(', ');
      const resources = allResources ? 'every resource (`*`)' : rule.resources.join(', ');
      const everything =
        allVerbs && allResources && rule.apiGroups.includes('*')
          ? role.kind === 'ClusterRole'
            ? '; the same as cluster-admin'
            : '; full control of the namespace'
          : '';
      yield {
        path: rule.path,
        message: `${describeResource(role)} rule ${rule.index} grants ${verbs} on ${resources} ${groupsText(rule)}, including whatever is added later${everything}; name the verbs and resources it needs`,
      };
    }
  },
};
