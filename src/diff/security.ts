/**
 * Why a change matters for security, in words: new or widened RBAC grants and bindings, workloads made
 * privileged or given host access, changed images, removed NetworkPolicies, changed Pod Security labels. An
 * empty list means the change is not security-relevant.
 */

import { extractPodTemplate, listContainers } from '../inventory/pod-specs.js';
import { type KubeObject, stringRecord, toResource } from '../inventory/resource.js';
import { asArray, asRecord } from '../inventory/values.js';
import { describeRule } from '../rbac/describe.js';
import { isNonResource, type Request, ruleAllows } from '../rbac/match.js';
import { type PolicyRuleView, policyRules } from '../rbac/objects.js';

const ROLE_KINDS = new Set(['Role', 'ClusterRole']);
const BINDING_KINDS = new Set(['RoleBinding', 'ClusterRoleBinding']);
const PSS_LABEL = /^pod-security\.kubernetes\.io\//;

/** Reasons a change from `before` to `after` (either undefined: added or removed) is security-relevant. */
export function securityReasons(before: KubeObject | undefined, after: KubeObject | undefined): string[] {
  const kind = String((after ?? before)?.kind);
  if (after === undefined)
    return kind === 'NetworkPolicy' ? ['NetworkPolicy removed: its pods lose that isolation'] : [];
  if (ROLE_KINDS.has(kind)) return widenedRules(before, after);
  if (BINDING_KINDS.has(kind)) return widenedBinding(before, after);
  if (kind === 'Namespace') return changedPssLabels(before, after);
  return workloadChanges(before, after);
}

/** Each rule of `after` granting a request no rule of `before` grants (the authorizer's own matching). */
function widenedRules(before: KubeObject | undefined, after: KubeObject): string[] {
  const old = before === undefined ? [] : rulesOf(before);
  const reasons: string[] = [];
  for (const rule of rulesOf(after))
    if (requestsOf(rule).some((request) => !old.some((o) => ruleAllows(o, request))))
      reasons.push(`${before === undefined ? 'new' : 'widened'} grant: ${describeRule(rule)}`);
  if (
    before !== undefined &&
    JSON.stringify(before.aggregationRule) !== JSON.stringify(after.aggregationRule)
  )
    reasons.push('aggregationRule changed: the role now gathers other ClusterRoles');
  return reasons;
}

function rulesOf(object: KubeObject): PolicyRuleView[] {
  const resource = toResource(object, {}, 0);
  return resource === undefined ? [] : policyRules(resource);
}

/**
 * The requests a rule grants, its wildcards kept as literal `*` (which only a `*` of the older rule covers):
 * one per verb, group, resource and name.
 */
function requestsOf(rule: PolicyRuleView): Request[] {
  const out: Request[] = [];
  for (const verb of rule.verbs) {
    for (const path of rule.nonResourceURLs) out.push({ verb, path });
    for (const apiGroup of rule.apiGroups)
      for (const entry of rule.resources) {
        const [resource = '', subresource] = entry.split('/', 2);
        const names = rule.resourceNames.length > 0 ? rule.resourceNames : [undefined];
        for (const name of names) out.push({ verb, apiGroup, resource, subresource, name });
      }
  }
  return out.filter((request) => isNonResource(request) || request.resource !== '');
}

function widenedBinding(before: KubeObject | undefined, after: KubeObject): string[] {
  const role = (o: KubeObject | undefined) => {
    const ref = asRecord(o?.roleRef);
    return ref === undefined ? '' : `${String(ref.kind)} ${String(ref.name)}`;
  };
  const subjects = (o: KubeObject | undefined) =>
    asArray(o?.subjects)
      .map(asRecord)
      .map((s) => `${String(s?.kind)} ${s?.namespace ? `${String(s.namespace)}/` : ''}${String(s?.name)}`);
  if (before === undefined)
    return [`new binding: ${role(after)} to ${subjects(after).join(', ') || 'no subjects'}`];
  const reasons: string[] = [];
  if (role(before) !== role(after)) reasons.push(`binds another role: ${role(before)} → ${role(after)}`);
  const old = new Set(subjects(before));
  for (const subject of subjects(after))
    if (!old.has(subject)) reasons.push(`new subject: ${subject} gets ${role(after)}`);
  return reasons;
}

function changedPssLabels(before: KubeObject | undefined, after: KubeObject): string[] {
  const labels = (o: KubeObject | undefined) =>
    Object.entries(stringRecord(asRecord(o?.metadata)?.labels)).filter(([k]) => PSS_LABEL.test(k));
  const old = new Map(labels(before));
  const now = new Map(labels(after));
  const reasons: string[] = [];
  for (const key of new Set([...old.keys(), ...now.keys()]))
    if (old.get(key) !== now.get(key))
      reasons.push(`Pod Security label ${key}: ${old.get(key) ?? '(none)'} → ${now.get(key) ?? '(none)'}`);
  return before === undefined ? [] : reasons;
}

/** What a pod template grants beyond the container boundary, as phrases (`privileged container app`). */
function escapes(object: KubeObject | undefined): Set<string> {
  const out = new Set<string>();
  const template = object === undefined ? undefined : extractPodTemplate(object);
  if (template === undefined) return out;
  const { spec } = template;
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'])
    if (spec[field] === true) out.add(`${field}: true`);
  for (const volume of asArray(spec.volumes).map(asRecord))
    if (asRecord(volume?.hostPath) !== undefined)
      out.add(`hostPath volume ${String(volume?.name)} (${String(asRecord(volume?.hostPath)?.path)})`);
  for (const { name, container } of listContainers(spec)) {
    const context = asRecord(container.securityContext);
    if (context?.privileged === true) out.add(`privileged container ${name}`);
    if (context?.allowPrivilegeEscalation === true) out.add(`container ${name} allows privilege escalation`);
    for (const capability of asArray(asRecord(context?.capabilities)?.add))
      out.add(`container ${name} adds capability ${String(capability)}`);
    for (const port of asArray(container.ports).map(asRecord))
      if (port?.hostPort !== undefined) out.add(`container ${name} binds host port ${String(port.hostPort)}`);
  }
  return out;
}

function images(object: KubeObject | undefined): Map<string, string> {
  const template = object === undefined ? undefined : extractPodTemplate(object);
  if (template === undefined) return new Map();
  return new Map(listContainers(template.spec).map(({ name, container }) => [name, String(container.image)]));
}

function workloadChanges(before: KubeObject | undefined, after: KubeObject): string[] {
  const old = escapes(before);
  const reasons = [...escapes(after)].filter((e) => !old.has(e)).map((e) => `host access or privilege: ${e}`);
  if (before === undefined) return reasons;
  const oldImages = images(before);
  for (const [name, image] of images(after)) {
    const was = oldImages.get(name);
    if (was !== undefined && was !== image) reasons.push(`container ${name} image ${was} → ${image}`);
    if (was === undefined) reasons.push(`new container ${name} (${image})`);
  }
  return reasons;
}
