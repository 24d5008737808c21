import type { Severity } from '../../findings/severity.js';
import type { FieldPath } from '../../inventory/field-path.js';
import { describeResource, type Resource } from '../../inventory/resource.js';
import { CIS, EXTRA_NETWORK_OPS, MS_TMK, NSA, OWASP } from '../../references/controls.js';
import type { ObjectRule, Violation } from '../types.js';
import { isBuiltInRole, isRole, type PolicyRuleView, policyRules } from './rbac.js';

const RBAC = 'rbac.authorization.k8s.io';

function inGroup(rule: PolicyRuleView, group: string): boolean {
  return rule.apiGroups.includes('*') || rule.apiGroups.includes(group);
}

/** Index of the rule's resource entry that grants `resource` (or `resource/sub`, also via `*\/sub`); -1 if none. */
function resourceIndex(rule: PolicyRuleView, resource: string, sub?: string): number {
  return rule.resources.findIndex((r) =>
    sub === undefined ? r === resource : r === `${resource}/${sub}` || r === `*/${sub}`,
  );
}

function via(rule: PolicyRuleView, index: number, named: string): string {
  const entry = rule.resources[index];
  return entry === named ? named : `${named} (via \`${entry}\`)`;
}

function finding(
  role: Resource,
  rule: PolicyRuleView,
  path: FieldPath,
  severity: Severity,
  grant: string,
  consequence: string,
  fix: string,
): Violation {
  const message = `${describeResource(role)} rule ${rule.index} grants ${grant}: ${consequence}; ${fix}`;
  // 'high' is the rule's own severity: leave it to the policy, which may override it.
  return severity === 'critical' ? { path, severity, message } : { path, message };
}

/** The named grants that hand out credentials, code execution or privilege escalation, one finding each. */
function* riskyGrants(role: Resource, rule: PolicyRuleView): Iterable<Violation> {
  const verbs = (wanted: readonly string[]) => rule.verbs.filter((v) => wanted.includes(v));
  const core = inGroup(rule, '');

  const secrets = core ? resourceIndex(rule, 'secrets') : -1;
  const secretVerbs = verbs(['get', 'list', 'watch']);
  if (secrets >= 0 && secretVerbs.length > 0 && rule.resourceNames.length === 0) {
    yield finding(
      role,
      rule,
      [...rule.path, 'resources', secrets],
      'high',
      `${secretVerbs.join(', ')} on secrets`,
      'whoever holds it reads every Secret in its scope, service account tokens and passwords included',
      'limit it to the Secrets it needs with `resourceNames`, or remove it',
    );
  }

  const exec = core ? resourceIndex(rule, 'pods', 'exec') : -1;
  if (exec >= 0 && rule.verbs.includes('create')) {
    yield finding(
      role,
      rule,
      [...rule.path, 'resources', exec],
      'high',
      `create on ${via(rule, exec, 'pods/exec')}`,
      "whoever holds it runs commands in any pod in its scope, with that pod's secrets and service account",
      'remove it, or keep it in a separate, audited break-glass role',
    );
  }

  const token = core ? resourceIndex(rule, 'serviceaccounts', 'token') : -1;
  if (token >= 0 && rule.verbs.includes('create')) {
    yield finding(
      role,
      rule,
      [...rule.path, 'resources', token],
      'high',
      `create on ${via(rule, token, 'serviceaccounts/token')}`,
      'whoever holds it mints tokens for the service accounts in its scope and takes on their permissions',
      'remove it',
    );
  }

  const proxy = core && role.kind === 'ClusterRole' ? resourceIndex(rule, 'nodes', 'proxy') : -1;
  if (proxy >= 0 && rule.verbs.length > 0) {
    yield finding(
      role,
      rule,
      [...rule.path, 'resources', proxy],
      'high',
      `${rule.verbs.join(', ')} on ${via(rule, proxy, 'nodes/proxy')}`,
      'whoever holds it reaches the kubelet API, which runs commands in every pod on the node',
      'remove it; grant nodes/metrics or nodes/stats for monitoring instead',
    );
  }

  const rbacRoles = inGroup(rule, RBAC) && rule.resources.some((r) => r === 'roles' || r === 'clusterroles');
  for (const [verb, consequence] of [
    ['escalate', 'whoever holds it can create or change roles with permissions it does not hold'],
    ['bind', 'whoever holds it can bind roles; cluster-admin included; to any subject, itself too'],
  ] as const) {
    const index = rule.verbs.indexOf(verb);
    if (index < 0 || !rbacRoles) continue;
    const limited = rule.resourceNames.length > 0 ? ` (limited to ${rule.resourceNames.join(', ')})` : '';
    yield finding(
      role,
      rule,
      [...rule.path, 'verbs', index],
      'critical',
      `${verb} on roles${limited}`,
      consequence,
      'remove it',
    );
  }

  const impersonate = rule.verbs.indexOf('impersonate');
  const identities =
    (core && rule.resources.some((r) => r === 'users' || r === 'groups' || r === 'serviceaccounts')) ||
    (inGroup(rule, 'authentication.k8s.io') &&
      rule.resources.some((r) => r === 'uids' || r.startsWith('userextras')));
  if (impersonate >= 0 && identities) {
    yield finding(
      role,
      rule,
      [...rule.path, 'verbs', impersonate],
      'critical',
      `impersonate on ${rule.resources.join(', ')}`,
      'whoever holds it acts as other users, groups or service accounts, and gets their permissions',
      'remove it',
    );
  }
}

/**
 * The permissions that quietly amount to more: reading Secrets, exec into pods, minting tokens, the kubelet
 * proxy, and RBAC escalation. Rules with `*` verbs or resources are left to PP-OPS-020, which reports them.
 */
export const riskyPermissions: ObjectRule = {
  meta: {
    id: 'PP-OPS-023',
    title: 'Role grants risky permissions',
    chapter: 'operations',
    severity: 'high',
    recommendation:
      'Grant Secret reads, pods/exec, token creation, nodes/proxy, escalate, bind and impersonate only where unavoidable, and name the objects.',
    rationale:
      "These permissions lead further than they look: Secrets hold the tokens of more powerful accounts; pods/exec and nodes/proxy run code inside workloads; serviceaccounts/token mints credentials; escalate, bind and impersonate sidestep RBAC altogether (critical). One finding per risky grant, at the resource or verb entry that grants it. Rules with a `*` verb or resource grant all of these too but are reported once, by PP-OPS-020; Secret reads limited by `resourceNames` are the recommended narrow form and not reported; Kubernetes' own roles (`system:*`, rbac-defaults) are skipped.",
    remediation:
      'Remove the grant, or move it to a separate role bound only where needed; limit Secret access with `resourceNames`, and prefer nodes/metrics or nodes/stats to nodes/proxy.',
    references: [
      CIS.secretsAccess,
      CIS.escalationPermissions,
      EXTRA_NETWORK_OPS.nodesProxy,
      EXTRA_NETWORK_OPS.tokenCreate,
      MS_TMK.listSecrets,
      MS_TMK.execIntoContainer,
      NSA.rbac,
      OWASP.rbac,
    ],
    appliesTo: ['Role', 'ClusterRole'],
    examples: {
      fail: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: ci-deployer, namespace: shop}
rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list", "watch", "patch", "update"]
  - apiGroups: [""]
    resources: ["pods/exec"]
    verbs: ["create"]
`,
      pass: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: ci-deployer, namespace: shop}
rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list", "watch", "patch", "update"]
  - apiGroups: [""]
    resources: ["pods", "pods/log"]
    verbs: ["get", "list", "watch"]
`,
    },
  },
  target: 'object',
  *check(role) {
    if (!isRole(role) || isBuiltInRole(role)) return;
    for (const rule of policyRules(role)) {
      if (rule.verbs.includes('*') || rule.resources.includes('*')) continue;
      yield* riskyGrants(role, rule);
    }
  },
};
