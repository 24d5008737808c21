/**
 * What makes a subject dangerous, as requests the model can answer: the capabilities the RBAC risk findings and
 * the escalation-path graph are built from. Each capability is a list of requests, any of which grants it.
 */

import type { Severity } from '../findings/severity.js';
import { CIS, EXTRA_NETWORK_OPS, MS_TMK, NSA, OWASP } from '../references/controls.js';
import type { Reference } from '../references/frameworks.js';
import { type ResourceRequest, ruleAllows } from './match.js';
import type { BindingEntry, EffectiveRule, Grant, RbacModel, RoleEntry } from './model.js';
import type { PolicyRuleView } from './objects.js';
import { identityOf, type Subject } from './subjects.js';

export type CapabilityId =
  | 'full-control'
  | 'read-secrets'
  | 'create-pods'
  | 'exec'
  | 'escalate'
  | 'impersonate'
  | 'mint-tokens'
  | 'write-bindings'
  | 'node-control'
  | 'webhooks'
  | 'approve-csrs';

export interface Capability {
  id: CapabilityId;
  /** What the subject can do, as a message's verb phrase. */
  does: string;
  consequence: string;
  requests: readonly ResourceRequest[];
  /** Only held where it matters: cluster-wide, or (for Secrets) in kube-system too. */
  where?: (namespace: string) => boolean;
  severity: Severity;
  /** Held cluster-wide, it makes the subject admin-equivalent: the end of an escalation path. */
  adminWhenClusterWide?: boolean;
  references: Reference[];
}

const r = (verb: string, resource: string, apiGroup = '', subresource?: string): ResourceRequest => ({
  verb,
  apiGroup,
  resource,
  ...(subresource ? { subresource } : {}),
});
const each = (verbs: string[], make: (verb: string) => ResourceRequest[]) => verbs.flatMap(make);
const RBAC = 'rbac.authorization.k8s.io';
const WRITE = ['create', 'update', 'patch'];

/** Pods and every controller that creates pods from a template. */
export const POD_CREATORS: readonly ResourceRequest[] = [
  r('create', 'pods'),
  r('create', 'replicationcontrollers'),
  ...['deployments', 'daemonsets', 'statefulsets', 'replicasets'].map((res) => r('create', res, 'apps')),
  ...['jobs', 'cronjobs'].map((res) => r('create', res, 'batch')),
];

export const CAPABILITIES: readonly Capability[] = [
  {
    id: 'full-control',
    does: 'do everything (`*` on `*`)',
    consequence: 'it is cluster-admin in all but name',
    // a made-up verb, group and resource: only wildcards grant it
    requests: [r('parapet-any-verb', 'parapet-any-resource', 'parapet.invalid')],
    severity: 'critical',
    adminWhenClusterWide: true,
    references: [CIS.clusterAdmin, CIS.wildcards, MS_TMK.clusterAdminBinding, NSA.rbac, OWASP.rbac],
  },
  {
    id: 'read-secrets',
    does: 'read Secrets',
    consequence: "it reads the service account tokens and passwords there, kube-system's included",
    requests: each(['get', 'list', 'watch'], (verb) => [r(verb, 'secrets')]),
    where: (namespace) => namespace === '' || namespace === 'kube-system',
    severity: 'high',
    adminWhenClusterWide: true,
    references: [CIS.secretsAccess, MS_TMK.listSecrets, NSA.rbac, OWASP.rbac],
  },
  {
    id: 'create-pods',
    does: 'create pods (or pod controllers)',
    consequence: 'it runs pods as any ServiceAccount there and mounts any Secret there',
    requests: POD_CREATORS,
    severity: 'high',
    references: [CIS.podCreate, MS_TMK.newContainer, NSA.rbac, OWASP.rbac],
  },
  {
    id: 'exec',
    does: 'exec or attach into pods',
    consequence: 'it runs commands in the pods there, with their Secrets and service accounts',
    requests: each(['get', 'create'], (verb) => [r(verb, 'pods', '', 'exec'), r(verb, 'pods', '', 'attach')]),
    severity: 'high',
    references: [MS_TMK.execIntoContainer, NSA.rbac, OWASP.rbac],
  },
  {
    id: 'escalate',
    does: 'escalate or bind roles',
    consequence: 'it grants itself any role, cluster-admin included',
    requests: each(['escalate', 'bind'], (verb) => [r(verb, 'clusterroles', RBAC), r(verb, 'roles', RBAC)]),
    severity: 'critical',
    adminWhenClusterWide: true,
    references: [CIS.escalationPermissions, NSA.rbac, OWASP.rbac],
  },
  {
    id: 'impersonate',
    does: 'impersonate users, groups or service accounts',
    consequence: 'it acts as anyone it may impersonate (system:masters included, cluster-wide)',
    requests: ['users', 'groups', 'serviceaccounts'].map((res) => r('impersonate', res)),
    severity: 'critical',
    adminWhenClusterWide: true,
    references: [CIS.escalationPermissions, NSA.rbac, OWASP.rbac],
  },
  {
    id: 'mint-tokens',
    does: 'create service account tokens',
    consequence: 'it becomes any ServiceAccount there',
    requests: [r('create', 'serviceaccounts', '', 'token')],
    severity: 'high',
    references: [EXTRA_NETWORK_OPS.tokenCreate, NSA.rbac, OWASP.rbac],
  },
  {
    id: 'write-bindings',
    does: 'create or change role bindings',
    consequence: 'it binds roles it holds (or may bind) to anyone, itself included',
    requests: each(WRITE, (verb) => [r(verb, 'rolebindings', RBAC), r(verb, 'clusterrolebindings', RBAC)]),
    severity: 'high',
    references: [CIS.escalationPermissions, NSA.rbac, OWASP.rbac],
  },
  {
    id: 'node-control',
    does: 'patch nodes or use nodes/proxy',
    consequence: 'it reaches the kubelet API or redirects workloads, which is control of the nodes',
    requests: [
      r('patch', 'nodes'),
      r('update', 'nodes'),
      r('get', 'nodes', '', 'proxy'),
      r('create', 'nodes', '', 'proxy'),
    ],
    where: (namespace) => namespace === '',
    severity: 'high',
    adminWhenClusterWide: true,
    references: [EXTRA_NETWORK_OPS.nodesProxy, NSA.rbac, OWASP.rbac],
  },
  {
    id: 'webhooks',
    does: 'change admission webhook configurations',
    consequence: 'it switches admission enforcement off, or sends every object to a webhook of its own',
    requests: each([...WRITE, 'delete'], (verb) =>
      ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'].map((res) =>
        r(verb, res, 'admissionregistration.k8s.io'),
      ),
    ),
    where: (namespace) => namespace === '',
    severity: 'high',
    references: [EXTRA_NETWORK_OPS.webhookConfigurations, NSA.rbac, OWASP.rbac],
  },
  {
    id: 'approve-csrs',
    does: 'approve certificate signing requests',
    consequence: 'it issues client certificates, for system:masters too where a signer allows it',
    requests: [r('update', 'certificatesigningrequests', 'certificates.k8s.io', 'approval')],
    where: (namespace) => namespace === '',
    severity: 'high',
    references: [EXTRA_NETWORK_OPS.csrApproval, NSA.rbac, OWASP.rbac],
  },
];

export interface HeldCapability {
  capability: Capability;
  /** Where it holds: '' cluster-wide, or the RoleBinding's namespace. */
  namespace: string;
  grant: Grant;
}

/** A capability a role's rules grant, with the first rule that grants it. */
export interface RoleCapability {
  capability: Capability;
  rule: EffectiveRule;
}

/** `where` tells only cluster-wide, kube-system and any other namespace apart: one answer per role for each. */
const scopeBucket = (namespace: string) =>
  namespace === '' || namespace === 'kube-system' ? namespace : '*';

const byRole = new WeakMap<RoleEntry, Map<string, RoleCapability[]>>();

/** The verbs and resources a capability's requests name: a rule that names none of them cannot grant it. */
const NAMES = new Map(
  CAPABILITIES.map((c) => [
    c,
    { verbs: new Set(c.requests.map((r) => r.verb)), resources: new Set(c.requests.map((r) => r.resource)) },
  ]),
);

/** A cheap necessary condition for ruleAllows on one of the capability's requests (most rules fail it). */
function mayGrant(rule: PolicyRuleView, capability: Capability): boolean {
  const names = NAMES.get(capability);
  if (names === undefined) return true;
  return (
    rule.verbs.some((v) => v === '*' || names.verbs.has(v)) &&
    rule.resources.some((entry) => {
      const slash = entry.indexOf('/');
      const head = slash < 0 ? entry : entry.slice(0, slash);
      return head === '*' || names.resources.has(head);
    })
  );
}

/**
 * The capabilities a role grants where a binding to it applies ('' cluster-wide, or a namespace), each with the
 * first rule that grants it. Kept per role: many bindings share a role.
 */
export function roleCapabilities(model: RbacModel, role: RoleEntry, namespace: string): RoleCapability[] {
  const bucket = scopeBucket(namespace);
  let perScope = byRole.get(role);
  if (perScope === undefined) {
    perScope = new Map();
    byRole.set(role, perScope);
  }
  const cached = perScope.get(bucket);
  if (cached !== undefined) return cached;
  const rules = model.rulesOf(role);
  const out: RoleCapability[] = [];
  for (const capability of CAPABILITIES) {
    if (capability.where && !capability.where(namespace)) continue;
    if (!rules.some((r) => mayGrant(r.rule, capability))) continue;
    for (const request of capability.requests) {
      const rule = rules.find((r) => ruleAllows(r.rule, request));
      if (rule === undefined) continue;
      out.push({ capability, rule });
      break;
    }
  }
  perScope.set(bucket, out);
  return out;
}

const cache = new WeakMap<BindingEntry, HeldCapability[]>();

/** The capabilities a binding hands its subjects, each with the first grant that allows it (kept per binding). */
export function capabilitiesOf(model: RbacModel, binding: BindingEntry): HeldCapability[] {
  const cached = cache.get(binding);
  if (cached !== undefined) return cached;
  const role = binding.role;
  const out: HeldCapability[] =
    role === undefined
      ? []
      : roleCapabilities(model, role, binding.namespace).map(({ capability, rule }) => ({
          capability,
          namespace: binding.namespace,
          grant: { binding, role, rule },
        }));
  cache.set(binding, out);
  return out;
}

/** Every capability the subject holds, through any binding. */
export function subjectCapabilities(model: RbacModel, subject: Subject): HeldCapability[] {
  return model.bindingsFor(identityOf(subject)).flatMap((binding) => capabilitiesOf(model, binding));
}

/** A capability and where it holds: what the admin test and messages need. */
export type ScopedCapability = Pick<HeldCapability, 'capability' | 'namespace'>;

/** Admin-equivalent: a capability that, held cluster-wide, controls the cluster. */
export function isAdminCapability(held: ScopedCapability): boolean {
  return (
    held.capability.adminWhenClusterWide === true &&
    (held.namespace === '' || (held.capability.id === 'read-secrets' && held.namespace === 'kube-system'))
  );
}

export function describeHeld(held: ScopedCapability): string {
  return `${held.capability.does} ${held.namespace === '' ? 'cluster-wide' : `in ${held.namespace}`}`;
}
