/** Reading RBAC objects: roles' policy rules, bindings' subjects and roleRefs, malformed entries skipped. */
import type { FieldPath } from '../inventory/field-path.js';
import { namespaceOf } from '../inventory/inventory.js';
import type { Resource } from '../inventory/resource.js';
import { asArray, asRecord } from '../inventory/values.js';
import { BUILT_IN_CLUSTER_ROLE_NAMES } from './bootstrap/objects.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io/';

export function isRole(resource: Resource): boolean {
  return (
    (resource.kind === 'Role' || resource.kind === 'ClusterRole') &&
    resource.apiVersion.startsWith(RBAC_GROUP)
  );
}

export function isBinding(resource: Resource): boolean {
  return (
    (resource.kind === 'RoleBinding' || resource.kind === 'ClusterRoleBinding') &&
    resource.apiVersion.startsWith(RBAC_GROUP)
  );
}

/** The label Kubernetes puts on the RBAC objects it creates itself. */
export const BOOTSTRAPPING_LABEL = { key: 'kubernetes.io/bootstrapping', value: 'rbac-defaults' } as const;

/**
 * Kubernetes' own roles: labelled `kubernetes.io/bootstrapping: rbac-defaults` (admin, edit, view, system:node...)
 * or one of the shipped built-in ClusterRoles. A `system:` name alone proves nothing: anyone can create
 * `system:test`.
 */
export function isBuiltInRole(role: Resource): boolean {
  return (
    role.labels[BOOTSTRAPPING_LABEL.key] === BOOTSTRAPPING_LABEL.value ||
    (role.kind === 'ClusterRole' && BUILT_IN_CLUSTER_ROLE_NAMES.has(role.name))
  );
}

export interface PolicyRuleView {
  index: number;
  path: FieldPath;
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

function strings(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

/** The role's `rules`, with malformed entries skipped and non-string list items dropped. */
export function policyRules(role: Resource): PolicyRuleView[] {
  const out: PolicyRuleView[] = [];
  asArray(role.object.rules).forEach((item, index) => {
    const rule = asRecord(item);
    if (rule === undefined) return;
    out.push({
      index,
      path: ['rules', index],
      apiGroups: strings(rule.apiGroups),
      resources: strings(rule.resources),
      verbs: strings(rule.verbs),
      resourceNames: strings(rule.resourceNames),
      nonResourceURLs: strings(rule.nonResourceURLs),
    });
  });
  return out;
}

export interface SubjectView {
  index: number;
  path: FieldPath;
  kind: string;
  name: string;
  /** For ServiceAccounts: their namespace (a RoleBinding's own when unset); '' otherwise or when unknown. */
  namespace: string;
  /** A ServiceAccount without a namespace in a RoleBinding without one: its namespace is decided at apply time. */
  namespaceApplied?: boolean;
}

/** The binding's `subjects`, with malformed entries skipped. */
export function subjectsOf(binding: Resource): SubjectView[] {
  const out: SubjectView[] = [];
  asArray(binding.object.subjects).forEach((item, index) => {
    const subject = asRecord(item);
    if (typeof subject?.kind !== 'string' || typeof subject.name !== 'string') return;
    let namespace = '';
    let namespaceApplied = false;
    if (subject.kind === 'ServiceAccount') {
      if (typeof subject.namespace === 'string' && subject.namespace !== '') namespace = subject.namespace;
      else if (binding.kind === 'RoleBinding') {
        namespace = namespaceOf(binding);
        namespaceApplied = binding.namespace === '';
      }
    }
    const view: SubjectView = {
      index,
      path: ['subjects', index],
      kind: subject.kind,
      name: subject.name,
      namespace,
    };
    if (namespaceApplied) view.namespaceApplied = true;
    out.push(view);
  });
  return out;
}

/**
 * `ServiceAccount `iot/default``, `User `alice``, `Group `ops``: only ServiceAccounts have a namespace, and one
 * left to the binding's apply-time namespace is said so, not shown as a silent `default/`.
 */
export function describeSubject(
  subject: Pick<SubjectView, 'kind' | 'name' | 'namespace' | 'namespaceApplied'>,
): string {
  if (subject.kind !== 'ServiceAccount' || subject.namespace === '')
    return `${subject.kind} \`${subject.name}\``;
  if (subject.namespaceApplied)
    return `ServiceAccount \`${subject.name}\` (of the namespace the binding is applied to)`;
  return `ServiceAccount \`${subject.namespace}/${subject.name}\``;
}

export interface RoleRefView {
  kind: string;
  name: string;
}

export function roleRefOf(binding: Resource): RoleRefView | undefined {
  const ref = asRecord(binding.object.roleRef);
  if (typeof ref?.kind !== 'string' || typeof ref.name !== 'string') return undefined;
  return { kind: ref.kind, name: ref.name };
}

/** `ClusterRole `view``; how messages name a binding's role. */
export function describeRoleRef(ref: RoleRefView): string {
  return `${ref.kind} \`${ref.name}\``;
}
