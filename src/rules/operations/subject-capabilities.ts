import { describeResource } from '../../inventory/resource.js';
import { BOOTSTRAP_SOURCE } from '../../rbac/bootstrap/source.js';
import { CAPABILITIES, capabilitiesOf } from '../../rbac/capabilities.js';
import { rbacModelOf, subjectOfView } from '../../rbac/model.js';
import { formatSubject, isClusterComponent } from '../../rbac/subjects.js';
import type { InventoryRule, ResourceViolation } from '../types.js';

/**
 * Subjects, not roles: what each binding in the input lets each of its subjects do, resolved through aggregation,
 * RoleBinding scope and the built-in roles (a binding to `edit` lets its subjects exec into pods).
 */
export const subjectCapabilities: InventoryRule = {
  meta: {
    id: 'PP-OPS-025',
    title: 'Subject can take over workloads, credentials or the cluster',
    chapter: 'operations',
    severity: 'high',
    recommendation:
      'Give people and workloads only the RBAC they use: no Secret reads cluster-wide or in kube-system, no pod creation, exec, token minting, binding writes, node, webhook or CSR approval rights unless that is their job.',
    rationale:
      "Per-role rules see a role; this rule sees what a binding hands each subject once the API server has resolved it: ClusterRole aggregation, a RoleBinding's namespace, the built-in roles (edit includes pods/exec and serviceaccounts/token; Kubernetes' bootstrap policy, " +
      BOOTSTRAP_SOURCE +
      "). It reports each subject × capability once per binding: reading Secrets cluster-wide or in kube-system; creating pods or pod controllers; exec/attach; escalate, bind, impersonate (critical cluster-wide); creating service account tokens; writing role bindings; patching nodes or nodes/proxy; changing admission webhook configurations; approving CSRs. A binding that grants everything (`*`) is reported once as full control, and not at all when it binds cluster-admin or a role equivalent to it (PP-OPS-021's). The cluster's own `system:` users and groups are skipped; the groups for everyone (system:authenticated, system:serviceaccounts) are not.",
    remediation:
      'Bind a narrower role, in the one namespace where it is needed; move break-glass rights to a separate, audited binding.',
    references: [...new Set(CAPABILITIES.flatMap((c) => c.references))],
    appliesTo: ['RoleBinding', 'ClusterRoleBinding'],
    examples: {
      fail: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: devs-edit, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects:
  - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: devs}
`,
      pass: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: devs-view, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: devs}
`,
    },
  },
  target: 'inventory',
  *check({ inventory }) {
    const model = rbacModelOf(inventory);
    for (const binding of model.bindings) {
      if (binding.builtIn) continue;
      let held = capabilitiesOf(model, binding);
      const full = held.find((h) => h.capability.id === 'full-control');
      if (full)
        held = binding.role !== undefined && model.isClusterAdminEquivalent(binding.role) ? [] : [full];
      for (const view of binding.subjects) {
        const subject = subjectOfView(view);
        if (subject === undefined || isClusterComponent(subject)) continue;
        for (const h of held) {
          const where = h.namespace === '' ? 'cluster-wide' : `in namespace \`${h.namespace}\``;
          const from = h.grant.rule.from;
          const violation: ResourceViolation = {
            resource: binding.resource,
            path: view.path,
            message: `${describeResource(binding.resource)} lets \`${formatSubject(subject)}\` ${h.capability.does} ${where} (${from.kind} \`${from.name}\` rule ${h.grant.rule.rule.index}): ${h.capability.consequence}; bind a narrower role`,
            references: h.capability.references,
            problem: h.capability.id,
          };
          // critical capabilities held in one namespace only stay high
          if (h.capability.severity === 'critical' && h.namespace === '') violation.severity = 'critical';
          yield violation;
        }
      }
    }
  },
};
