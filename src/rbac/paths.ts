/**
 * Escalation paths: a graph whose nodes are subjects and whose edges are "can become" — create pods (or pod
 * controllers) where a ServiceAccount exists and run as it, mint its token, impersonate it, or start a privileged
 * pod where Pod Security allows it and own the node. A path ends at an admin-equivalent subject (full control,
 * Secrets cluster-wide or in kube-system, node control, escalate/bind/impersonate cluster-wide).
 */
import type { Inventory } from '../inventory/inventory.js';
import { describeHeld, type HeldCapability, isAdminCapability, subjectCapabilities } from './capabilities.js';
import type { RbacModel } from './model.js';
import { subjectOfView } from './model.js';
import { formatSubject, isClusterComponent, type Subject } from './subjects.js';

export const NODE = 'node';

export interface GraphNode {
  key: string;
  subject?: Subject;
  held: HeldCapability[];
  /** Why it is admin-equivalent; undefined when it is not. */
  admin?: string;
}

export interface Edge {
  to: string;
  action: string;
  /** The capability behind the edge, for findings. */
  held?: HeldCapability;
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

export class EscalationGraph {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges = new Map<string, Edge[]>();

  constructor(model: RbacModel, inventory: Inventory, pssLevel: PssLevelOf) {
    const accounts = new Map<string, Set<string>>();
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
        this.add(model, subject);
      }
    }
    for (const [namespace, names] of accounts)
      for (const name of names) this.add(model, { kind: 'ServiceAccount', name, namespace });
    this.nodes.set(NODE, {
      key: NODE,
      held: [],
      admin: 'control of a node (and every pod and Secret on it)',
    });

    const privileged = inventory.namespaces().filter((ns) => pssLevel(ns) === 'privileged');
    const accountsIn = (namespace: string): [string, string][] =>
      namespace === ''
        ? [...accounts].flatMap(([ns, names]) => [...names].map((n): [string, string] => [ns, n]))
        : [...(accounts.get(namespace) ?? [])].map((n): [string, string] => [namespace, n]);
    for (const node of this.nodes.values()) {
      if (node.admin !== undefined || node.subject === undefined) continue;
      const edges: Edge[] = [];
      for (const held of node.held) {
        const id = held.capability.id;
        if (id === 'create-pods' || id === 'mint-tokens' || id === 'impersonate') {
          for (const [ns, name] of accountsIn(held.namespace)) {
            const to = formatSubject({ kind: 'ServiceAccount', namespace: ns, name });
            if (to === node.key) continue;
            const action =
              id === 'create-pods'
                ? `create pods in ${ns}`
                : id === 'mint-tokens'
                  ? `create a token for ${to}`
                  : `impersonate ${to}`;
            edges.push({ to, action, held });
          }
        }
        if (id === 'create-pods') {
          const where2 =
            held.namespace === '' ? privileged : privileged.filter((ns) => ns === held.namespace);
          for (const ns of where2)
            edges.push({
              to: NODE,
              action: `create a privileged pod in ${ns} (Pod Security privileged)`,
              held,
            });
        }
      }
      this.edges.set(node.key, edges);
    }
  }

  private add(model: RbacModel, subject: Subject): void {
    const key = formatSubject(subject);
    if (this.nodes.has(key)) return;
    const held = subjectCapabilities(model, subject);
    const admin = held.find(isAdminCapability);
    this.nodes.set(key, { key, subject, held, admin: admin ? describeHeld(admin) : undefined });
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
    const parent = new Map<string, { prev: string; edge: Edge }>();
    const seen = new Set([from]);
    let frontier = [from];
    while (frontier.length > 0 && out.length < max) {
      const next: string[] = [];
      for (const key of frontier) {
        for (const edge of this.edges.get(key) ?? []) {
          if (seen.has(edge.to)) continue;
          seen.add(edge.to);
          parent.set(edge.to, { prev: key, edge });
          const target = this.nodes.get(edge.to);
          if (target?.admin !== undefined) {
            if (out.length < max) out.push(this.pathTo(from, edge.to, target.admin, parent));
          } else next.push(edge.to);
        }
      }
      frontier = next;
    }
    return out;
  }

  private pathTo(
    from: string,
    to: string,
    end: string,
    parent: Map<string, { prev: string; edge: Edge }>,
  ): EscalationPath {
    const steps: PathStep[] = [];
    let first: HeldCapability | undefined;
    for (let key = to; key !== from; ) {
      const link = parent.get(key);
      if (link === undefined) break;
      steps.unshift({ action: link.edge.action, subject: key });
      first = link.edge.held;
      key = link.prev;
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
