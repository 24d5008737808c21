import type { Severity } from '../../findings/severity.js';
import type { FieldPath } from '../../inventory/field-path.js';
import { describeResource, type Resource } from '../../inventory/resource.js';
import { apiGroupMatches, resourceEntryIndex, verbMatches } from '../../rbac/match.js';
import { isBuiltInRole, isRole, type PolicyRuleView, policyRules } from '../../rbac/objects.js';
import { CIS, EXTRA_NETWORK_OPS, MS_TMK, NSA, OWASP } from '../../references/controls.js';
import type { Reference } from '../../references/frameworks.js';
import type { ObjectRule, Violation } from '../types.js';

export const RBAC = 'rbac.authorization.k8s.io';

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
export interface ResourceGrant {
  resource: string;
  sub?: string;
  /** Only a ClusterRole can grant it (nodes are cluster-scoped). */
  clusterRoleOnly?: boolean;
  /** The verbs that make the grant risky. */
  verbs: readonly string[];
  /** Limited by `resourceNames`, the grant is the recommended narrow form (Secret reads): not reported. */
  namedIsNarrow?: boolean;
  consequence: string;
  fix: string;
  /** The controls a finding of this grant cites. */
  references: Reference[];
}

/** kubectl exec and attach open their stream with GET over WebSocket (1.30+) or POST (create) over SPDY. */
const SESSION = ['get', 'create'];

export const RESOURCE_GRANTS: readonly ResourceGrant[] = [
  {
    resource: 'secrets',
    verbs: ['get', 'list', 'watch'],
    namedIsNarrow: true,
    consequence:
      'whoever holds it reads every Secret in its scope, service account tokens and passwords included',
    fix: 'limit it to the Secrets it needs with `resourceNames`, or remove it',
    references: [CIS.secretsAccess, MS_TMK.listSecrets, NSA.rbac, OWASP.rbac],
  },
  {
    resource: 'pods',
    verbs: ['create'],
    consequence:
      'whoever holds it starts pods that mount any Secret and run as any service account in its scope, and escape to the node wherever Pod Security allows it',
    fix: 'remove it where the subject does not start pods itself; where it must (CI runners, operators), bind it only in a namespace of its own, enforced at Pod Security restricted',
    references: [CIS.podCreate, NSA.rbac, OWASP.rbac],
  },
  {
    resource: 'pods',
    sub: 'exec',
    verbs: SESSION,
    consequence:
      "whoever holds it runs commands in any pod in its scope, with that pod's secrets and service account",
    fix: 'remove it, or keep it in a separate, audited break-glass role',
    references: [MS_TMK.execIntoContainer, NSA.rbac, OWASP.rbac],
  },
  {
    resource: 'pods',
    sub: 'attach',
    verbs: SESSION,
    consequence:
      "whoever holds it attaches to the main process of any pod in its scope and types into it, with that pod's secrets and service account",
    fix: 'remove it, or keep it in a separate, audited break-glass role',
    references: [MS_TMK.execIntoContainer, NSA.rbac, OWASP.rbac],
  },
  {
    resource: 'serviceaccounts',
    sub: 'token',
    verbs: ['create'],
    consequence:
      'whoever holds it mints tokens for the service accounts in its scope and takes on their permissions',
    fix: 'remove it',
    references: [EXTRA_NETWORK_OPS.tokenCreate, NSA.rbac, OWASP.rbac],
  },
  {
    resource: 'nodes',
    sub: 'proxy',
    clusterRoleOnly: true,
    // the kubelet authorizes its API by the HTTP method: get and create both reach it
    verbs: ['get', 'create', 'update', 'patch', 'delete', 'list', 'watch', 'proxy'],
    consequence: 'whoever holds it reaches the kubelet API, which runs commands in every pod on the node',
    fix: 'remove it; grant nodes/metrics or nodes/stats for monitoring instead',
    references: [EXTRA_NETWORK_OPS.nodesProxy, NSA.rbac, OWASP.rbac],
  },
];

/** CIS 5.1.8: limit use of the bind, impersonate and escalate permissions. */
const RBAC_ESCALATION_REFERENCES = [CIS.escalationPermissions, NSA.rbac, OWASP.rbac];

/** A verb that sidesteps RBAC itself (escalate, bind, impersonate) on the resources it applies to: critical. */
export interface VerbGrant {
  verb: string;
  /** What the rule grants the verb on, as the message names it; undefined when not on what makes it risky. */
  on(rule: PolicyRuleView): string | undefined;
  consequence: string;
}

/** What escalate and bind act on (in the RBAC group). */
export const ROLE_RESOURCES = ['roles', 'clusterroles'] as const;

/** What impersonate acts on: core-group identities, and the authentication group's uids and user extras. */
export const IMPERSONATED = {
  core: ['users', 'groups', 'serviceaccounts'],
  group: 'authentication.k8s.io',
  resources: ['uids'],
  prefix: 'userextras',
} as const;

export function onRoles(rule: PolicyRuleView): string | undefined {
  if (!apiGroupMatches(rule, RBAC)) return undefined;
  const index = ROLE_RESOURCES.map((r) => resourceEntryIndex(rule, r)).find((i) => i >= 0);
  if (index === undefined) return undefined;
  const named = rule.resources[index] === '*' ? 'roles (via `*`)' : 'roles';
  return rule.resourceNames.length > 0 ? `${named} (limited to ${rule.resourceNames.join(', ')})` : named;
}

/** What impersonate acts on, when the rule grants it on identities. */
export function onIdentities(rule: PolicyRuleView): string | undefined {
  const identities =
    (apiGroupMatches(rule, '') && IMPERSONATED.core.some((r) => resourceEntryIndex(rule, r) >= 0)) ||
    (apiGroupMatches(rule, IMPERSONATED.group) &&
      rule.resources.some(
        (r) =>
          r === '*' ||
          (IMPERSONATED.resources as readonly string[]).includes(r) ||
          r.startsWith(IMPERSONATED.prefix),
      ));
  return identities ? rule.resources.join(', ') : undefined;
}

export const VERB_GRANTS: readonly VerbGrant[] = [
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
    on: onIdentities,
    consequence:
      'whoever holds it acts as other users, groups or service accounts, and gets their permissions',
  },
];

/** The named resource grants of a rule without wildcards, one finding each. */
function* resourceGrants(role: Resource, rule: PolicyRuleView): Iterable<Violation> {
  if (!apiGroupMatches(rule, '')) return;
  for (const grant of RESOURCE_GRANTS) {
    if (grant.clusterRoleOnly && role.kind !== 'ClusterRole') continue;
    if (grant.namedIsNarrow && rule.resourceNames.length > 0) continue;
    // create names no object: a rule limited by resourceNames never allows it
    const verbs = grant.verbs.filter(
      (verb) =>
        verbMatches(rule, verb) &&
        (verb !== 'create' || grant.sub !== undefined || rule.resourceNames.length === 0),
    );
    const index = verbs.length > 0 ? resourceEntryIndex(rule, grant.resource, grant.sub) : -1;
    if (index < 0) continue;
    const named = grant.sub === undefined ? grant.resource : `${grant.resource}/${grant.sub}`;
    yield finding(role, rule, {
      path: [...rule.path, 'resources', index],
      severity: 'high',
      what: `${verbs.join(', ')} on ${via(rule, index, named)}`,
      consequence: grant.consequence,
      fix: grant.fix,
      references: grant.references,
    });
  }
}

/** escalate, bind and impersonate, named explicitly (a `*` verb is PP-OPS-020's), even beside a wildcard. */
function* verbGrants(role: Resource, rule: PolicyRuleView): Iterable<Violation> {
  for (const grant of VERB_GRANTS) {
    const index = rule.verbs.indexOf(grant.verb);
    const on = index >= 0 ? grant.on(rule) : undefined;
    if (on === undefined) continue;
    yield finding(role, rule, {
      path: [...rule.path, 'verbs', index],
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
      'Grant Secret reads, pod creation, pods/exec and pods/attach, token creation, nodes/proxy, escalate, bind and impersonate only where unavoidable, and name the objects.',
    rationale:
      'These permissions lead further than they look: Secrets hold the tokens of more powerful accounts; creating pods hands out every Secret and service account of the namespace; pods/exec, pods/attach (with get as much as create: kubectl 1.30+ opens the session with a WebSocket GET) and nodes/proxy run code inside workloads; serviceaccounts/token mints credentials; escalate, bind and impersonate sidestep RBAC altogether (critical). Matched as the API server matches: `apiGroups: ["*"]` counts for the core group, `*/exec` grants pods/exec, `pods/*` grants no subresource. One finding per risky grant, at the resource or verb entry that grants it. Rules with a `*` verb or resource grant all resource grants too and are reported once, by PP-OPS-020, but an explicit escalate, bind or impersonate beside a wildcard keeps its own critical finding; Secret reads limited by `resourceNames` are the recommended narrow form and not reported; Kubernetes\' own roles (labelled `kubernetes.io/bootstrapping: rbac-defaults`, or a shipped built-in) are skipped, a `system:` name alone is not enough.',
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
      if (!rule.verbs.includes('*') && !rule.resources.includes('*')) yield* resourceGrants(role, rule);
      yield* verbGrants(role, rule);
    }
  },
};
