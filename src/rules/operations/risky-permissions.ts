import type { Severity } from '../../findings/severity.js';
import type { FieldPath } from '../../inventory/field-path.js';
import { describeResource, type Resource } from '../../inventory/resource.js';
import { isBuiltInRole, isRole, type PolicyRuleView, policyRules } from '../../rbac/objects.js';
import { CIS, EXTRA_NETWORK_OPS, MS_TMK, NSA, OWASP } from '../../references/controls.js';
import type { Reference } from '../../references/frameworks.js';
import type { ObjectRule, Violation } from '../types.js';

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

interface Grant {
  path: FieldPath;
  severity: Severity;
  /** What is granted on what, as the message names it. */
  what: string;
  consequence: string;
  fix: string;
  references: Reference[];
}

function finding(role: Resource, rule: PolicyRuleView, grant: Grant): Violation {
  const message = `${describeResource(role)} rule ${rule.index} grants ${grant.what}: ${grant.consequence}; ${grant.fix}`;
  const { path, references } = grant;
  // 'high' is the rule's own severity: leave it to the policy, which may override it.
  return grant.severity === 'critical'
    ? { path, severity: 'critical', message, references }
    : { path, message, references };
}

/** A core-group resource (or subresource) whose grant hands out credentials or code execution: high. */
interface ResourceGrant {
  resource: string;
  sub?: string;
  /** Only a ClusterRole can grant it (nodes are cluster-scoped). */
  clusterRoleOnly?: boolean;
  /** The risky verbs the rule grants on it, as the message names them; undefined when none. */
  verbs(rule: PolicyRuleView): string | undefined;
  consequence: string;
  fix: string;
  /** The controls a finding of this grant cites. */
  references: Reference[];
}

const CREATE = (rule: PolicyRuleView) => (rule.verbs.includes('create') ? 'create' : undefined);

const RESOURCE_GRANTS: readonly ResourceGrant[] = [
  {
    resource: 'secrets',
    verbs: (rule) => {
      const reads = rule.verbs.filter((v) => v === 'get' || v === 'list' || v === 'watch');
      return reads.length > 0 && rule.resourceNames.length === 0 ? reads.join(', ') : undefined;
    },
    consequence:
      'whoever holds it reads every Secret in its scope, service account tokens and passwords included',
    fix: 'limit it to the Secrets it needs with `resourceNames`, or remove it',
    references: [CIS.secretsAccess, MS_TMK.listSecrets, NSA.rbac, OWASP.rbac],
  },
  {
    resource: 'pods',
    verbs: CREATE,
    consequence:
      'whoever holds it starts pods that mount any Secret and run as any service account in its scope, and escape to the node wherever Pod Security allows it',
    fix: 'remove it where the subject does not start pods itself; where it must (CI runners, operators), bind it only in a namespace of its own, enforced at Pod Security restricted',
    references: [CIS.podCreate, NSA.rbac, OWASP.rbac],
  },
  {
    resource: 'pods',
    sub: 'exec',
    verbs: CREATE,
    consequence:
      "whoever holds it runs commands in any pod in its scope, with that pod's secrets and service account",
    fix: 'remove it, or keep it in a separate, audited break-glass role',
    references: [MS_TMK.execIntoContainer, NSA.rbac, OWASP.rbac],
  },
  {
    resource: 'serviceaccounts',
    sub: 'token',
    verbs: CREATE,
    consequence:
      'whoever holds it mints tokens for the service accounts in its scope and takes on their permissions',
    fix: 'remove it',
    references: [EXTRA_NETWORK_OPS.tokenCreate, NSA.rbac, OWASP.rbac],
  },
  {
    resource: 'nodes',
    sub: 'proxy',
    clusterRoleOnly: true,
    verbs: (rule) => (rule.verbs.length > 0 ? rule.verbs.join(', ') : undefined),
    consequence: 'whoever holds it reaches the kubelet API, which runs commands in every pod on the node',
    fix: 'remove it; grant nodes/metrics or nodes/stats for monitoring instead',
    references: [EXTRA_NETWORK_OPS.nodesProxy, NSA.rbac, OWASP.rbac],
  },
];

/** CIS 5.1.8: limit use of the bind, impersonate and escalate permissions. */
const RBAC_ESCALATION_REFERENCES = [CIS.escalationPermissions, NSA.rbac, OWASP.rbac];

/** A verb that sidesteps RBAC itself (escalate, bind, impersonate) on the resources it applies to: critical. */
interface VerbGrant {
  verb: string;
  /** What the rule grants the verb on, as the message names it; undefined when not on what makes it risky. */
  on(rule: PolicyRuleView): string | undefined;
  consequence: string;
}

function onRoles(rule: PolicyRuleView): string | undefined {
  if (!inGroup(rule, RBAC) || !rule.resources.some((r) => r === 'roles' || r === 'clusterroles'))
    return undefined;
  return rule.resourceNames.length > 0 ? `roles (limited to ${rule.resourceNames.join(', ')})` : 'roles';
}

const VERB_GRANTS: readonly VerbGrant[] = [
  {
    verb: 'escalate',
    on: onRoles,
    consequence: 'whoever holds it can create or change roles with permissions it does not hold',
  },
  {
    verb: 'bind',
    on: onRoles,
    consequence: 'whoever holds it can bind roles (cluster-admin included) to any subject, itself too',
  },
  {
    verb: 'impersonate',
    on: (rule) => {
      const identities =
        (inGroup(rule, '') &&
          rule.resources.some((r) => r === 'users' || r === 'groups' || r === 'serviceaccounts')) ||
        (inGroup(rule, 'authentication.k8s.io') &&
          rule.resources.some((r) => r === 'uids' || r.startsWith('userextras')));
      return identities ? rule.resources.join(', ') : undefined;
    },
    consequence:
      'whoever holds it acts as other users, groups or service accounts, and gets their permissions',
  },
];

/** The named grants that hand out credentials, code execution or privilege escalation, one finding each. */
function* riskyGrants(role: Resource, rule: PolicyRuleView): Iterable<Violation> {
  if (inGroup(rule, '')) {
    for (const grant of RESOURCE_GRANTS) {
      if (grant.clusterRoleOnly && role.kind !== 'ClusterRole') continue;
      const index = resourceIndex(rule, grant.resource, grant.sub);
      const verbs = index >= 0 ? grant.verbs(rule) : undefined;
      if (verbs === undefined) continue;
      const named = grant.sub === undefined ? grant.resource : `${grant.resource}/${grant.sub}`;
      const path = [...rule.path, 'resources', index];
      yield finding(role, rule, {
        path,
        severity: 'high',
        what: `${verbs} on ${via(rule, index, named)}`,
        consequence: grant.consequence,
        fix: grant.fix,
        references: grant.references,
      });
    }
  }
  for (const grant of VERB_GRANTS) {
    const index = rule.verbs.indexOf(grant.verb);
    const on = index >= 0 ? grant.on(rule) : undefined;
    if (on === undefined) continue;
    const path = [...rule.path, 'verbs', index];
    yield finding(role, rule, {
      path,
      severity: 'critical',
      what: `${grant.verb} on ${on}`,
      consequence: grant.consequence,
      fix: 'remove it',
      references: RBAC_ESCALATION_REFERENCES,
    });
  }
}

/**
 * The permissions that quietly amount to more: reading Secrets, creating pods, exec into pods, minting tokens, the kubelet
 * proxy, and RBAC escalation. Rules with `*` verbs or resources are left to PP-OPS-020, which reports them.
 */
export const riskyPermissions: ObjectRule = {
  meta: {
    id: 'PP-OPS-023',
    title: 'Role grants risky permissions',
    chapter: 'operations',
    severity: 'high',
    recommendation:
      'Grant Secret reads, pod creation, pods/exec, token creation, nodes/proxy, escalate, bind and impersonate only where unavoidable, and name the objects.',
    rationale:
      "These permissions lead further than they look: Secrets hold the tokens of more powerful accounts; creating pods hands out every Secret and service account of the namespace; pods/exec and nodes/proxy run code inside workloads; serviceaccounts/token mints credentials; escalate, bind and impersonate sidestep RBAC altogether (critical). One finding per risky grant, at the resource or verb entry that grants it. Rules with a `*` verb or resource grant all of these too but are reported once, by PP-OPS-020; Secret reads limited by `resourceNames` are the recommended narrow form and not reported; Kubernetes' own roles (`system:*`, rbac-defaults) are skipped.",
    remediation:
      'Remove the grant, or move it to a separate role bound only where needed; limit Secret access with `resourceNames`, and prefer nodes/metrics or nodes/stats to nodes/proxy.',
    references: [
      CIS.secretsAccess,
      CIS.podCreate,
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
