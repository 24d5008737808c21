/**
 * The indexed, read-only set of objects under evaluation. Rules that need relations (a NetworkPolicy selecting
 * a pod, a PDB covering a Deployment, a binding naming a ServiceAccount) ask here instead of re-scanning.
 */
import { isClusterScoped } from './kinds.js';
import { extractPodTemplate, type PodTemplate } from './pod-specs.js';
import { type Resource, stringRecord } from './resource.js';
import { mapSelectorMatches, selectorMatches } from './selectors.js';
import { asArray, asRecord } from './values.js';

/** A resource that runs pods, with its pod template. */
export interface PodWorkload {
  resource: Resource;
  template: PodTemplate;
  /** The pod template's labels (what selectors match). */
  labels: Readonly<Record<string, string>>;
}

/** Manifests often leave the namespace to `kubectl -n`; such objects are taken to be in `default`. */
export const DEFAULT_NAMESPACE = 'default';

export class Inventory {
  private readonly kindIndex = new Map<string, Resource[]>();
  private readonly nameIndex = new Map<string, Resource>();
  private readonly namespaceIndex = new Map<string, Resource[]>();
  /** namespace → kind → objects: rules ask "the HPAs / PDBs / Secrets of this namespace" per workload. */
  private readonly namespaceKindIndex = new Map<string, Map<string, Resource[]>>();
  private workloads: PodWorkload[] | undefined;
  private workloadsByNamespace: Map<string, PodWorkload[]> | undefined;
  /** namespace → `key=value` → workloads whose pod template carries that label. */
  private labelIndex: Map<string, Map<string, PodWorkload[]>> | undefined;
  private readonly selections = new WeakMap<object, Map<string, readonly PodWorkload[]>>();

  constructor(readonly resources: readonly Resource[]) {
    for (const resource of resources) {
      push(this.kindIndex, resource.kind, resource);
      this.nameIndex.set(nameKey(resource.kind, namespaceOf(resource), resource.name), resource);
      if (isClusterScoped(resource.kind)) continue;
      const namespace = namespaceOf(resource);
      push(this.namespaceIndex, namespace, resource);
      let byKind = this.namespaceKindIndex.get(namespace);
      if (byKind === undefined) {
        byKind = new Map();
        this.namespaceKindIndex.set(namespace, byKind);
      }
      push(byKind, resource.kind, resource);
    }
  }

  byKind(kind: string): readonly Resource[] {
    return this.kindIndex.get(kind) ?? [];
  }

  /** A namespaced object by kind, namespace and name (cluster-scoped: namespace ''). */
  get(kind: string, namespace: string, name: string): Resource | undefined {
    return this.nameIndex.get(nameKey(kind, namespace, name));
  }

  /** The namespaced objects in `namespace`, optionally of one kind. */
  inNamespace(namespace: string, kind?: string): readonly Resource[] {
    if (kind === undefined) return this.namespaceIndex.get(namespace) ?? [];
    return this.namespaceKindIndex.get(namespace)?.get(kind) ?? [];
  }

  /** Namespaces that hold objects or are declared by a Namespace object, sorted. */
  namespaces(): string[] {
    const names = new Set(this.namespaceIndex.keys());
    for (const ns of this.byKind('Namespace')) names.add(ns.name);
    return [...names].sort();
  }

  /** The Namespace object, when it is part of the input. */
  namespaceObject(name: string): Resource | undefined {
    return this.get('Namespace', '', name);
  }

  /**
   * The controller that owns `resource` (ownerReferences with `controller: true`) when it is in the input too: the
   * Deployment of a ReplicaSet, the ReplicaSet of a Pod. Rules judge the owner and skip such copies.
   */
  controllerOf(resource: Resource): Resource | undefined {
    for (const item of asArray(asRecord(resource.object.metadata)?.ownerReferences)) {
      const ref = asRecord(item);
      if (ref?.controller !== true || typeof ref.kind !== 'string' || typeof ref.name !== 'string') continue;
      const owner = this.get(ref.kind, isClusterScoped(ref.kind) ? '' : namespaceOf(resource), ref.name);
      if (owner !== undefined) return owner;
    }
    return undefined;
  }

  /** Every pod-bearing resource with its template, in input order. */
  podWorkloads(): readonly PodWorkload[] {
    if (this.workloads === undefined) {
      this.workloads = [];
      this.workloadsByNamespace = new Map();
      this.labelIndex = new Map();
      for (const resource of this.resources) {
        const template = extractPodTemplate(resource.object, resource.kind);
        if (template === undefined) continue;
        const workload = { resource, template, labels: stringRecord(template.metadata.labels) };
        this.workloads.push(workload);
        const namespace = namespaceOf(resource);
        push(this.workloadsByNamespace, namespace, workload);
        let byLabel = this.labelIndex.get(namespace);
        if (byLabel === undefined) {
          byLabel = new Map();
          this.labelIndex.set(namespace, byLabel);
        }
        for (const [key, value] of Object.entries(workload.labels))
          push(byLabel, `${key}=${value}`, workload);
      }
    }
    return this.workloads;
  }

  podWorkloadsIn(namespace: string): readonly PodWorkload[] {
    this.podWorkloads();
    return this.workloadsByNamespace?.get(namespace) ?? [];
  }

  /** Pod workloads in `namespace` whose template labels a metav1.LabelSelector matches ({} matches all). */
  selectPods(namespace: string, selector: unknown): readonly PodWorkload[] {
    return this.cachedSelection(
      namespace,
      selector,
      selectorMatches,
      (selector as { matchLabels?: unknown } | null)?.matchLabels,
    );
  }

  /** Pod workloads a Service-style map selector matches (empty selects none). */
  selectPodsByMap(namespace: string, selector: unknown): readonly PodWorkload[] {
    return this.cachedSelection(namespace, selector, mapSelectorMatches, selector);
  }

  /**
   * Selection through the label index: only workloads carrying the rarest of the selector's required labels are
   * tested. Results are kept per selector object, since several rules ask about the same PDB or policy.
   */
  private cachedSelection(
    namespace: string,
    selector: unknown,
    matches: (selector: unknown, labels: Readonly<Record<string, string>>) => boolean,
    requiredLabels: unknown,
  ): readonly PodWorkload[] {
    const cacheable = selector !== null && typeof selector === 'object';
    const cached = cacheable ? this.selections.get(selector)?.get(namespace) : undefined;
    if (cached !== undefined) return cached;
    const result = this.candidates(namespace, requiredLabels).filter((w) => matches(selector, w.labels));
    if (cacheable) {
      let byNamespace = this.selections.get(selector);
      if (byNamespace === undefined) {
        byNamespace = new Map();
        this.selections.set(selector, byNamespace);
      }
      byNamespace.set(namespace, result);
    }
    return result;
  }

  /** The workloads of `namespace` that carry every required label: the shortest index list, or all. */
  private candidates(namespace: string, requiredLabels: unknown): readonly PodWorkload[] {
    const all = this.podWorkloadsIn(namespace);
    if (requiredLabels === null || typeof requiredLabels !== 'object') return all;
    let best: readonly PodWorkload[] = all;
    for (const [key, value] of Object.entries(requiredLabels)) {
      if (typeof value !== 'string') continue;
      const list = this.labelIndex?.get(namespace)?.get(`${key}=${value}`) ?? [];
      if (list.length < best.length) best = list;
    }
    return best;
  }
}

/** The namespace an object lives in ('' for cluster-scoped kinds, `default` when a manifest leaves it out). */
export function namespaceOf(resource: Pick<Resource, 'kind' | 'namespace'>): string {
  if (isClusterScoped(resource.kind)) return '';
  return resource.namespace || DEFAULT_NAMESPACE;
}

/** Said of objects that leave their namespace to kubectl: where they land is decided when they are applied. */
const APPLIED_NAMESPACE = `applied to (\`${DEFAULT_NAMESPACE}\` unless -n)`;

/**
 * How messages name the namespace of `resources` (objects of `namespace`): `namespace `shop``, or, when none of
 * them sets `metadata.namespace`, "the namespace it is (they are) applied to (`default` unless -n)" — never a
 * silent `default`.
 */
export function describeNamespace(
  namespace: string,
  resources: readonly Pick<Resource, 'kind' | 'namespace'>[],
): string {
  const unset =
    resources.length > 0 && resources.every((r) => r.namespace === '' && !isClusterScoped(r.kind));
  if (!unset) return `namespace \`${namespace}\``;
  return `the namespace ${resources.length === 1 ? 'it is' : 'they are'} ${APPLIED_NAMESPACE}`;
}

function nameKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
