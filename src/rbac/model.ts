/**
 * The RBAC authorizer, modelled once: roles with ClusterRole aggregation resolved (transitively), bindings with
 * their subjects and scope (a RoleBinding grants only in its namespace, even to a ClusterRole), the built-in roles
 * and bindings merged in where the input does not define them, and the questions `can`, `who-can` and "what can
 * this subject do" answered as the API server would.
 */
import { namespaceOf } from '../inventory/inventory.js';
import type { Resource } from '../inventory/resource.js';
import { selectorMatches } from '../inventory/selectors.js';
import { asArray, asRecord } from '../inventory/values.js';
import { bootstrapResources } from './bootstrap/objects.js';
import { isNonResource, type Request, ruleAllows } from './match.js';
import {
  isBinding,
  isRole,
  type PolicyRuleView,
  policyRules,
  type RoleRefView,
  roleRefOf,
  type SubjectView,
  subjectsOf,
} from './objects.js';
import {
  type Identity,
  identityOf,
  isClusterComponent,
  MASTERS,
  normalize,
  type Subject,
  serviceAccountUser,
} from './subjects.js';

export interface RoleEntry {
  resource: Resource;
  kind: 'Role' | 'ClusterRole';
  name: string;
  /** '' for ClusterRoles. */
  namespace: string;
  /** From the shipped bootstrap policy, not the input. */
  builtIn: boolean;
}

/** A policy rule as a role holds it once aggregation is resolved: `from` is the role that wrote it. */
export interface EffectiveRule {
  rule: PolicyRuleView;
  from: RoleEntry;
}

export interface BindingEntry {
  resource: Resource;
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  /** Where it grants: the RoleBinding's namespace, or '' (everywhere) for a ClusterRoleBinding. */
  namespace: string;
  roleRef: RoleRefView;
  /** The role it refers to; undefined when neither the input nor the built-ins define it. */
  role: RoleEntry | undefined;
  subjects: SubjectView[];
  builtIn: boolean;
}

/** One reason a request is allowed: this binding, its role, and the rule in it. */
export interface Grant {
  binding: BindingEntry;
  role: RoleEntry;
  rule: EffectiveRule;
}

export interface RbacNote {
  binding: BindingEntry;
  message: string;
}

const key = (kind: string, namespace: string, name: string) => `${kind}\u0000${namespace}\u0000${name}`;

/** The key a binding subject is indexed under: the user name (ServiceAccounts too) or the group. */
function subjectIndexKey(subject: SubjectView): string | undefined {
  if (subject.kind === 'User') return `u:${subject.name}`;
  if (subject.kind === 'Group') return `g:${subject.name}`;
  if (subject.kind === 'ServiceAccount' && subject.namespace !== '')
    return `u:${serviceAccountUser(subject.namespace, subject.name)}`;
  return undefined; // a ServiceAccount without a namespace (in a ClusterRoleBinding) matches nobody
}

export interface ModelOptions {
  /** Merge the bootstrap ClusterRoles and ClusterRoleBindings where the input does not define them (default). */
  builtIns?: boolean;
}

export class RbacModel {
  readonly roles = new Map<string, RoleEntry>();
  readonly bindings: BindingEntry[] = [];
  readonly notes: RbacNote[] = [];
  private readonly effective = new Map<RoleEntry, EffectiveRule[]>();
  private readonly byResource = new Map<Resource, BindingEntry>();
  private readonly adminEquivalent = new Map<RoleEntry, boolean>();
  private readonly bySubject = new Map<string, BindingEntry[]>();
  private clusterRoles: RoleEntry[] = [];

  constructor(resources: readonly Resource[], options: ModelOptions = {}) {
    const inputRoles = resources.filter(isRole);
    const inputBindings = resources.filter(isBinding);
    for (const resource of inputRoles) this.addRole(resource, false);
    if (options.builtIns !== false) {
      for (const resource of bootstrapResources()) {
        if (isRole(resource) && !this.roles.has(key('ClusterRole', '', resource.name)))
          this.addRole(resource, true);
      }
    }
    this.clusterRoles = [...this.roles.values()].filter((r) => r.kind === 'ClusterRole');
    const inputBindingNames = new Set(inputBindings.map((b) => key(b.kind, namespaceOf(b), b.name)));
    for (const resource of inputBindings) this.addBinding(resource, false);
    if (options.builtIns !== false) {
      for (const resource of bootstrapResources()) {
        if (isBinding(resource) && !inputBindingNames.has(key(resource.kind, '', resource.name)))
          this.addBinding(resource, true);
      }
    }
  }

  private addRole(resource: Resource, builtIn: boolean): void {
    const kind = resource.kind as RoleEntry['kind'];
    const namespace = kind === 'Role' ? namespaceOf(resource) : '';
    this.roles.set(key(kind, namespace, resource.name), {
      resource,
      kind,
      name: resource.name,
      namespace,
      builtIn,
    });
  }

  private addBinding(resource: Resource, builtIn: boolean): void {
    const roleRef = roleRefOf(resource);
    if (roleRef === undefined) return;
    const kind = resource.kind as BindingEntry['kind'];
    const namespace = kind === 'RoleBinding' ? namespaceOf(resource) : '';
    const entry: BindingEntry = {
      resource,
      kind,
      name: resource.name,
      namespace,
      roleRef,
      role: this.role(roleRef, namespace),
      subjects: subjectsOf(resource),
      builtIn,
    };
    this.bindings.push(entry);
    this.byResource.set(resource, entry);
    if (entry.role === undefined) {
      const where = roleRef.kind === 'Role' ? ` in namespace \`${namespace}\`` : '';
      this.notes.push({
        binding: entry,
        message: `${kind} \`${namespace ? `${namespace}/` : ''}${entry.name}\` refers to ${roleRef.kind} \`${roleRef.name}\`${where}, which is neither in the input nor built in: it grants nothing until someone creates that role`,
      });
    }
    for (const subject of entry.subjects) {
      const k = subjectIndexKey(subject);
      if (k === undefined) continue;
      const list = this.bySubject.get(k);
      if (list === undefined) this.bySubject.set(k, [entry]);
      else if (list[list.length - 1] !== entry) list.push(entry);
    }
  }

  /** The role a roleRef names, as the binding at `namespace` ('' for ClusterRoleBindings) resolves it. */
  role(ref: RoleRefView, namespace: string): RoleEntry | undefined {
    if (ref.kind === 'ClusterRole') return this.roles.get(key('ClusterRole', '', ref.name));
    if (ref.kind === 'Role' && namespace !== '') return this.roles.get(key('Role', namespace, ref.name));
    return undefined; // a ClusterRoleBinding cannot refer to a Role
  }

  /**
   * The role's rules as the API server holds them: for a ClusterRole with an aggregationRule, the union of the
   * rules of every other ClusterRole its selectors match (themselves resolved, so aggregation is transitive);
   * the aggregation controller overwrites the role's own rules.
   */
  rulesOf(role: RoleEntry): readonly EffectiveRule[] {
    return this.resolve(role, new Set());
  }

  private resolve(role: RoleEntry, visiting: Set<RoleEntry>): EffectiveRule[] {
    const cached = this.effective.get(role);
    if (cached !== undefined) return cached;
    const selectors =
      role.kind === 'ClusterRole'
        ? asRecord(role.resource.object.aggregationRule)?.clusterRoleSelectors
        : undefined;
    if (!Array.isArray(selectors)) {
      const own = policyRules(role.resource).map((rule) => ({ rule, from: role }));
      this.effective.set(role, own);
      return own;
    }
    visiting.add(role);
    const out: EffectiveRule[] = [];
    const seen = new Set<PolicyRuleView>();
    for (const other of this.clusterRoles) {
      if (other === role || visiting.has(other)) continue;
      if (!asArray(selectors).some((selector) => selectorMatches(selector, other.resource.labels))) continue;
      for (const effective of this.resolve(other, visiting)) {
        if (seen.has(effective.rule)) continue;
        seen.add(effective.rule);
        out.push(effective);
      }
    }
    visiting.delete(role);
    // cache only complete answers: a role resolved inside a cycle is recomputed from the top
    if (visiting.size === 0) this.effective.set(role, out);
    return out;
  }

  /** The model's entry for a binding of the input; undefined for other objects and malformed bindings. */
  bindingOf(resource: Resource): BindingEntry | undefined {
    return this.byResource.get(resource);
  }

  /**
   * cluster-admin by its effective rules, whatever its name: every verb on every resource in every API group,
   * and every verb on every non-resource URL (aggregated rules included).
   */
  isClusterAdminEquivalent(role: RoleEntry): boolean {
    let answer = this.adminEquivalent.get(role);
    if (answer === undefined) {
      const rules = this.rulesOf(role).map((r) => r.rule);
      const all = (list: string[]) => list.includes('*');
      answer =
        rules.some(
          (r) => all(r.verbs) && all(r.resources) && all(r.apiGroups) && r.resourceNames.length === 0,
        ) && rules.some((r) => all(r.verbs) && all(r.nonResourceURLs));
      this.adminEquivalent.set(role, answer);
    }
    return answer;
  }

  /** The bindings that name the identity: its user name or one of its groups. */
  bindingsFor(identity: Identity): BindingEntry[] {
    const keys = [
      ...(identity.user === undefined ? [] : [`u:${identity.user}`]),
      ...identity.groups.map((g) => `g:${g}`),
    ];
    const out = new Set<BindingEntry>();
    for (const k of keys) for (const binding of this.bySubject.get(k) ?? []) out.add(binding);
    return [...out];
  }

  /** The binding's subjects that name the identity (its user name or one of its groups), in order. */
  subjectsNaming(binding: BindingEntry, identity: Identity): SubjectView[] {
    return binding.subjects.filter((view) => {
      const k = subjectIndexKey(view);
      return (
        k !== undefined &&
        ((identity.user !== undefined && k === `u:${identity.user}`) ||
          identity.groups.some((g) => k === `g:${g}`))
      );
    });
  }

  /** Every grant that allows `request` to `subject` in `namespace` ('' = cluster-wide, ClusterRoleBindings only). */
  grants(subject: Subject, request: Request, namespace: string): Grant[] {
    const out: Grant[] = [];
    for (const binding of this.bindingsFor(identityOf(subject))) {
      const grant = this.bindingAllows(binding, request, namespace);
      if (grant !== undefined) out.push(grant);
    }
    return out;
  }

  /** True when `system:masters` membership allows everything regardless of bindings. */
  isMaster(subject: Subject): boolean {
    return identityOf(subject).groups.includes(MASTERS);
  }

  /** The first rule of the binding's role that allows the request where the binding applies, if any. */
  bindingAllows(binding: BindingEntry, request: Request, namespace: string): Grant | undefined {
    if (binding.role === undefined) return undefined;
    // a RoleBinding applies only to requests in its own namespace; non-resource URLs have no namespace
    if (binding.namespace !== '' && (isNonResource(request) || binding.namespace !== namespace))
      return undefined;
    for (const rule of this.rulesOf(binding.role)) {
      if (ruleAllows(rule.rule, request)) return { binding, role: binding.role, rule };
    }
    return undefined;
  }

  /**
   * The subjects that may make `request` in `namespace` ('' = cluster-wide: ClusterRoleBindings only), each with
   * the bindings that allow it, in binding order.
   */
  whoCan(request: Request, namespace: string): { subject: Subject; via: Grant[] }[] {
    const out = new Map<string, { subject: Subject; via: Grant[] }>();
    for (const binding of this.bindings) {
      if (binding.namespace !== '' && binding.namespace !== namespace) continue;
      const grant = this.bindingAllows(binding, request, namespace);
      if (grant === undefined) continue;
      for (const view of binding.subjects) {
        const subject = subjectOfView(view);
        if (subject === undefined) continue;
        const k = `${subject.kind}\u0000${subject.namespace ?? ''}\u0000${subject.name}`;
        const entry = out.get(k);
        if (entry === undefined) out.set(k, { subject, via: [grant] });
        else if (!entry.via.some((g) => g.binding === binding)) entry.via.push(grant);
      }
    }
    return [...out.values()];
  }

  /** Every rule a subject holds, with the binding that grants it and where ('' = cluster-wide). */
  permissionsOf(subject: Subject): { namespace: string; grant: Grant }[] {
    const out: { namespace: string; grant: Grant }[] = [];
    for (const binding of this.bindingsFor(identityOf(subject))) {
      if (binding.role === undefined) continue;
      for (const rule of this.rulesOf(binding.role))
        out.push({ namespace: binding.namespace, grant: { binding, role: binding.role, rule } });
    }
    return out;
  }
}

/** The subject a binding names, ServiceAccount user names as ServiceAccounts; undefined for unknown kinds. */
export function subjectOfView(view: SubjectView): Subject | undefined {
  if (view.kind === 'ServiceAccount')
    return view.namespace === ''
      ? undefined
      : { kind: 'ServiceAccount', name: view.name, namespace: view.namespace };
  if (view.kind === 'User' || view.kind === 'Group') return normalize({ kind: view.kind, name: view.name });
  return undefined;
}

/**
 * The cluster's own subjects in a who-can answer: `system:` users and groups (not the groups for everyone, nor
 * anonymous), and kube-system ServiceAccounts that only the built-in bindings name (the bootstrap policy's
 * controllers). What `who-can --hide-system` leaves out.
 */
export function isBuiltInSubject(answer: { subject: Subject; via: readonly Grant[] }): boolean {
  const { subject, via } = answer;
  if (subject.kind !== 'ServiceAccount') return isClusterComponent(subject);
  return subject.namespace === 'kube-system' && via.every((grant) => grant.binding.builtIn);
}

const models = new WeakMap<object, RbacModel>();

/** One model per inventory (keyed by its resource list), shared by every rule that asks. */
export function rbacModelOf(inventory: { resources: readonly Resource[] }): RbacModel {
  let model = models.get(inventory.resources);
  if (model === undefined) {
    model = new RbacModel(inventory.resources);
    models.set(inventory.resources, model);
  }
  return model;
}
