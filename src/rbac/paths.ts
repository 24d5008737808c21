/**
 * Escalation paths: a graph whose nodes are subjects and whose edges are "can become" — create pods (or pod
 * controllers) where a ServiceAccount exists and run as it, mint its token, impersonate it, bind itself a role it
 * may bind (or write a role with any rule, with `escalate`), or start a privileged pod where Pod Security allows
 * it and own the node. A path ends at an admin-equivalent subject (full control, Secrets cluster-wide or in
 * kube-system, node control, escalate/bind/impersonate cluster-wide).
 *
 * A role a subject can bind itself is a node of its own, "holder of ClusterRole X in N": whoever holds it there
 * (cluster-admin through a RoleBinding in N is admin of N: pods, tokens and bindings there, not the cluster).
 */
import type { Inventory } from '../inventory/inventory.js';
import {
  describeHeld,
  type HeldCapability,
  isAdminCapability,
  roleCapabilities,
  type ScopedCapability,
  subjectCapabilities,
} from './capabilities.js';
import {
  apiGroupMatches,
  type ResourceRequest,
  resourceEntryIndex,
  ruleAllows,
  verbMatches,
} from './match.js';
import type { RbacModel, RoleEntry } from './model.js';
import { subjectOfView } from './model.js';
import type { PolicyRuleView } from './objects.js';
import { formatSubject, isClusterComponent, type Subject } from './subjects.js';

export const NODE = 'node';

export interface GraphNode {
  key: string;
  subject?: Subject;
  /** A role bound in a namespace ('' = by a ClusterRoleBinding), for the nodes that stand for its holder. */
  role?: { entry: RoleEntry; namespace: string };
  held: HeldCapability[];
  /** Why it is admin-equivalent; undefined when it is not. */
  admin?: string;
}

export interface Edge {
  to: string;
  action: string;
  /** The capability behind the edge, for findings (edges from subjects). */
  held?: HeldCapability;
}

/**
 * Edges from one node to each of many accounts under one capability (create pods in N: every ServiceAccount there),
 * kept as one record: the graph would otherwise hold subjects × accounts edge objects.
 */
interface FanOut {
  targets: readonly { namespace: string; key: string }[];
  /** The action towards one target. */
  action: (target: { namespace: string; key: string }) => string;
  /** A target to leave out (the node itself). */
  except: string;
  held?: HeldCapability;
}

type Link = Edge | FanOut;

/** How a breadth-first search reached a node: from where, over which link (and which of a fan-out's targets). */
interface Arrival {
  prev: string;
  link: Link;
  target?: { namespace: string; key: string };
}

export interface PathStep {
  action: string;
  subject: string;
}

export interface EscalationPath {
  from: string;
  steps: PathStep[];
  /** What the last subject holds that makes it admin-equivalent. */
  end: string;
  first: HeldCapability | undefined;
}

export type PssLevelOf = (namespace: string) => string;

/** A capability where it holds, with the subject's grant behind it when the node is a subject. */
interface Power extends ScopedCapability {
  held?: HeldCapability;
}

/** A policy rule and where it applies ('' = everywhere): what the bind and escalate checks read. */
interface ScopedRule {
  namespace: string;
  rule: PolicyRuleView;
}

const RBAC = 'rbac.authorization.k8s.io';
const WRITES = ['create', 'update', 'patch'];
const req = (verb: string, resource: string, apiGroup = ''): ResourceRequest => ({
  verb,
  apiGroup,
  resource,
});
const where = (namespace: string) => (namespace === '' ? 'cluster-wide' : `in ${namespace}`);

/** The roles a subject may bind in a scope: every one, or these names. */
interface Bindable {
  all: boolean;
  /** When not all. */
  names: Set<string>;
}

export class EscalationGraph {
  readonly nodes = new Map<string, GraphNode>();
  /** Each node's outgoing edges, in the order they are followed; fan-outs stand for many edges each. */
  private readonly links = new Map<string, Link[]>();
  private readonly accounts = new Map<string, Set<string>>();
  private readonly powers = new Map<GraphNode, Power[]>();
  private rolesByNamespace: Map<string, RoleEntry[]> | undefined;
  private readonly accountKeys = new Map<string, { namespace: string; key: string }[]>();

  constructor(
    private readonly model: RbacModel,
    inventory: Inventory,
    pssLevel: PssLevelOf,
  ) {
    const accounts = this.accounts;
    const addAccount = (namespace: string, name: string) => {
      const set = accounts.get(namespace);
      if (set === undefined) accounts.set(namespace, new Set([name]));
      else set.add(name);
    };
    for (const sa of inventory.byKind('ServiceAccount')) addAccount(sa.namespace || 'default', sa.name);
    for (const binding of model.bindings) {
      for (const view of binding.subjects) {
        const subject = subjectOfView(view);
        if (subject === undefined) continue;
        if (subject.kind === 'ServiceAccount') addAccount(subject.namespace ?? '', subject.name);
        this.add(subject);
      }
    }
    for (const [namespace, names] of accounts)
      for (const name of names) this.add({ kind: 'ServiceAccount', name, namespace });
    this.nodes.set(NODE, {
      key: NODE,
      held: [],
      admin: 'control of a node (and every pod and Secret on it)',
    });

    const privileged = inventory.namespaces().filter((ns) => pssLevel(ns) === 'privileged');
    // where a cluster-wide right to write RoleBindings can bind a role
    const namespaces = [...new Set([...inventory.namespaces(), ...accounts.keys(), 'kube-system'])].sort();
    const work = [...this.nodes.values()];
    for (let i = 0; i < work.length; i++) {
      const node = work[i] as GraphNode;
      if (node.admin !== undefined) continue;
      this.links.set(node.key, this.edgesOf(node, privileged, namespaces, work));
    }
  }

  private add(subject: Subject): void {
    const key = formatSubject(subject);
    if (this.nodes.has(key)) return;
    const held = subjectCapabilities(this.model, subject);
    const admin = held.find(isAdminCapability);
    const node: GraphNode = { key, subject, held, admin: admin ? describeHeld(admin) : undefined };
    this.nodes.set(key, node);
    this.powers.set(
      node,
      held.map((h) => ({ capability: h.capability, namespace: h.namespace, held: h })),
    );
  }

  /** The node for whoever holds `role` bound in `namespace`; undefined when that grants nothing dangerous. */
  private holder(role: RoleEntry, namespace: string, key: string, work: GraphNode[]): GraphNode | undefined {
    const known = this.nodes.get(key);
    if (known !== undefined) return known;
    const powers = roleCapabilities(this.model, role, namespace).map(({ capability }) => ({
      capability,
      namespace,
    }));
    if (powers.length === 0) return undefined;
    const admin = powers.find(isAdminCapability);
    const node: GraphNode = {
      key,
      role: { entry: role, namespace },
      held: [],
      admin: admin ? describeHeld(admin) : undefined,
    };
    this.nodes.set(key, node);
    this.powers.set(node, powers);
    work.push(node);
    return node;
  }

  /** The node's rules with where they apply: the subject's through its bindings, or the bound role's. */
  private rulesOf(node: GraphNode): ScopedRule[] {
    if (node.role !== undefined) {
      const { entry, namespace } = node.role;
      return this.model.rulesOf(entry).map((r) => ({ namespace, rule: r.rule }));
    }
    if (node.subject === undefined) return [];
    return this.model
      .permissionsOf(node.subject)
      .map(({ namespace, grant }) => ({ namespace, rule: grant.rule.rule }));
  }

  private rolesIn(namespace: string): RoleEntry[] {
    if (this.rolesByNamespace === undefined) {
      this.rolesByNamespace = new Map();
      for (const role of this.model.roles.values()) {
        if (role.kind !== 'Role') continue;
        const list = this.rolesByNamespace.get(role.namespace);
        if (list === undefined) this.rolesByNamespace.set(role.namespace, [role]);
        else list.push(role);
      }
    }
    return this.rolesByNamespace.get(namespace) ?? [];
  }

  /**
   * The ServiceAccounts in a namespace ('' = every one) as graph keys, each with its namespace. Made once per
   * namespace and shared by every edge: a cluster where many subjects can create pods has subjects × accounts
   * edges, and a string of its own per edge would cost most of the graph's memory.
   */
  private accountsIn(namespace: string): readonly { namespace: string; key: string }[] {
    let list = this.accountKeys.get(namespace);
    if (list === undefined) {
      const entries =
        namespace === '' ? [...this.accounts] : [[namespace, this.accounts.get(namespace) ?? []] as const];
      list = entries.flatMap(([ns, names]) =>
        [...names].map((name) => ({
          namespace: ns,
          key: formatSubject({ kind: 'ServiceAccount', namespace: ns, name }),
        })),
      );
      this.accountKeys.set(namespace, list);
    }
    return list;
  }

  /** Every edge, fan-outs expanded: for drawing the graph. */
  *allEdges(): Generator<[string, Edge]> {
    for (const [from, links] of this.links)
      for (const link of links) {
        if (!('targets' in link)) {
          yield [from, link];
          continue;
        }
        for (const target of link.targets)
          if (target.key !== link.except)
            yield [from, { to: target.key, action: link.action(target), held: link.held }];
      }
  }

  private edgesOf(node: GraphNode, privileged: string[], namespaces: string[], work: GraphNode[]): Link[] {
    const edges: Link[] = [];
    let rules: ScopedRule[] | undefined;
    const scoped = () => {
      rules ??= this.rulesOf(node);
      return rules;
    };
    const allows = (request: ResourceRequest, namespace: string) =>
      scoped().some((r) => (r.namespace === '' || r.namespace === namespace) && ruleAllows(r.rule, request));
    let held: HeldCapability | undefined;
    const toHolder = (role: RoleEntry | undefined, namespace: string, action: string, key?: string) => {
      if (role === undefined) return;
      const name = role.kind === 'Role' ? `Role ${role.name}` : `ClusterRole ${role.name}`;
      const target = this.holder(role, namespace, key ?? `holder of ${name} ${where(namespace)}`, work);
      if (target !== undefined && target !== node) edges.push({ to: target.key, action, held });
    };
    for (const power of this.powers.get(node) ?? []) {
      held = power.held;
      const id = power.capability.id;
      // impersonating users or groups is cluster-wide (and admin-equivalent); in a namespace, ServiceAccounts only
      const impersonates =
        id === 'impersonate' &&
        (power.namespace === '' || allows(req('impersonate', 'serviceaccounts'), power.namespace));
      if (id === 'create-pods' || id === 'mint-tokens' || impersonates) {
        const action =
          id === 'create-pods'
            ? ({ namespace }: { namespace: string }) => `create pods in ${namespace}`
            : id === 'mint-tokens'
              ? ({ key }: { key: string }) => `create a token for ${key}`
              : ({ key }: { key: string }) => `impersonate ${key}`;
        edges.push({ targets: this.accountsIn(power.namespace), action, except: node.key, held });
      }
      if (id === 'create-pods') {
        const inScope =
          power.namespace === '' ? privileged : privileged.filter((ns) => ns === power.namespace);
        for (const ns of inScope)
          edges.push({
            to: NODE,
            action: `create a privileged pod in ${ns} (Pod Security privileged)`,
            held,
          });
      }
      if (id === 'write-bindings') {
        for (const ns of power.namespace === '' ? namespaces : [power.namespace]) {
          if (!WRITES.some((verb) => allows(req(verb, 'rolebindings', RBAC), ns))) continue;
          const clusterRoles = this.bindable(scoped(), 'clusterroles', ns);
          const roles = this.bindable(scoped(), 'roles', ns);
          const inNs = `in ${ns}`;
          if (clusterRoles?.all) {
            const admin = this.model.role({ kind: 'ClusterRole', name: 'cluster-admin' }, '');
            toHolder(admin, ns, `bind ClusterRole cluster-admin to itself ${inNs}`);
          } else
            for (const name of clusterRoles?.names ?? [])
              toHolder(
                this.model.role({ kind: 'ClusterRole', name }, ''),
                ns,
                `bind ClusterRole ${name} to itself ${inNs}`,
              );
          const candidates = roles?.all
            ? this.rolesIn(ns)
            : [...(roles?.names ?? [])].flatMap((name) => this.model.role({ kind: 'Role', name }, ns) ?? []);
          for (const role of candidates) toHolder(role, ns, `bind Role ${role.name} to itself ${inNs}`);
          // escalate lets it write a Role with rules it does not hold; the binding write lets it hold that Role
          if (
            allows(req('escalate', 'roles', RBAC), ns) &&
            WRITES.some((verb) => allows(req(verb, 'roles', RBAC), ns))
          ) {
            const admin = this.model.role({ kind: 'ClusterRole', name: 'cluster-admin' }, '');
            toHolder(
              admin,
              ns,
              `write a Role with every permission ${inNs} (escalate) and bind it to itself`,
              `holder of every permission ${inNs}`,
            );
          }
        }
        if (
          power.namespace === '' &&
          WRITES.some((verb) => allows(req(verb, 'clusterrolebindings', RBAC), ''))
        ) {
          // binding every ClusterRole cluster-wide is `bind` cluster-wide: admin-equivalent already
          for (const name of this.bindable(scoped(), 'clusterroles', '')?.names ?? [])
            toHolder(
              this.model.role({ kind: 'ClusterRole', name }, ''),
              '',
              `bind ClusterRole ${name} to itself cluster-wide`,
            );
        }
      }
    }
    return edges;
  }

  /**
   * The roles the rules let it `bind` where a binding in `namespace` ('' = a ClusterRoleBinding) is authorized:
   * every one, the `resourceNames`, or none. Binding a role whose permissions it already holds gains it nothing,
   * so only `bind` counts here.
   */
  private bindable(rules: ScopedRule[], resource: string, namespace: string): Bindable | undefined {
    const names = new Set<string>();
    for (const { namespace: scope, rule } of rules) {
      if (scope !== '' && scope !== namespace) continue;
      if (!verbMatches(rule, 'bind') || !apiGroupMatches(rule, RBAC)) continue;
      if (resourceEntryIndex(rule, resource) < 0) continue;
      if (rule.resourceNames.length === 0) return { all: true, names };
      for (const name of rule.resourceNames) names.add(name);
    }
    return names.size === 0 ? undefined : { all: false, names };
  }

  /** Sources worth reporting: subjects that are not admin-equivalent already nor the cluster's own. */
  sources(): GraphNode[] {
    return [...this.nodes.values()].filter(
      (n) => n.subject !== undefined && n.admin === undefined && !isClusterComponent(n.subject),
    );
  }

  /** Shortest paths from `from` to admin-equivalent subjects, shortest first, at most `max`. */
  pathsFrom(from: string, max: number): EscalationPath[] {
    const out: EscalationPath[] = [];
    const parent = new Map<string, Arrival>();
    const seen = new Set([from]);
    let frontier = [from];
    let next: string[] = [];
    const reach = (prev: string, to: string, link: Link, target?: { namespace: string; key: string }) => {
      if (seen.has(to)) return;
      seen.add(to);
      parent.set(to, { prev, link, target });
      const node = this.nodes.get(to);
      if (node?.admin !== undefined) {
        if (out.length < max) out.push(this.pathTo(from, to, node.admin, parent));
      } else next.push(to);
    };
    while (frontier.length > 0 && out.length < max) {
      next = [];
      for (const key of frontier) {
        for (const link of this.links.get(key) ?? []) {
          if (!('targets' in link)) reach(key, link.to, link);
          else
            for (const target of link.targets)
              if (target.key !== link.except) reach(key, target.key, link, target);
        }
      }
      frontier = next;
    }
    return out;
  }

  private pathTo(from: string, to: string, end: string, parent: Map<string, Arrival>): EscalationPath {
    const steps: PathStep[] = [];
    let first: HeldCapability | undefined;
    for (let key = to; key !== from; ) {
      const arrival = parent.get(key);
      if (arrival === undefined) break;
      const { link, target } = arrival;
      const action =
        'targets' in link ? link.action(target as { namespace: string; key: string }) : link.action;
      steps.unshift({ action, subject: key });
      first = link.held;
      key = arrival.prev;
    }
    return { from, steps, end, first };
  }
}

const graphs = new WeakMap<object, EscalationGraph>();

/** One graph per inventory, shared by the rules and the command. */
export function escalationGraphOf(
  model: RbacModel,
  inventory: Inventory,
  pssLevel: PssLevelOf,
): EscalationGraph {
  let graph = graphs.get(inventory.resources);
  if (graph === undefined) {
    graph = new EscalationGraph(model, inventory, pssLevel);
    graphs.set(inventory.resources, graph);
  }
  return graph;
}

/** `sa:ci/builder → (create pods in build) → sa:build/deployer → (read Secrets in kube-system)`. */
export function formatPath(path: EscalationPath): string {
  return [path.from, ...path.steps.flatMap((s) => [`(${s.action})`, s.subject]), `(${path.end})`].join(' → ');
}
