/**
 * The indexed, read-only set of objects under evaluation. Rules that need relations (a NetworkPolicy selecting
 * a pod, a PDB covering a Deployment, a binding naming a ServiceAccount) ask here instead of re-scanning.
 */
import { isClusterScoped } from './kinds.js';
import { extractPodTemplate, type PodTemplate } from './pod-specs.js';
import { type Resource, stringRecord } from './resource.js';
import { mapSelectorMatches, selectorMatches } from './selectors.js';

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
  private workloads: PodWorkload[] | undefined;
  private workloadsByNamespace: Map<string, PodWorkload[]> | undefined;

  constructor(readonly resources: readonly Resource[]) {
    for (const resource of resources) {
      push(this.kindIndex, resource.kind, resource);
      this.nameIndex.set(nameKey(resource.kind, namespaceOf(resource), resource.name), resource);
      if (!isClusterScoped(resource.kind)) push(this.namespaceIndex, namespaceOf(resource), resource);
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
    const all = this.namespaceIndex.get(namespace) ?? [];
    return kind === undefined ? all : all.filter((r) => r.kind === kind);
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

  /** Every pod-bearing resource with its template, in input order. */
  podWorkloads(): readonly PodWorkload[] {
    if (this.workloads === undefined) {
      this.workloads = [];
      this.workloadsByNamespace = new Map();
      for (const resource of this.resources) {
        const template = extractPodTemplate(resource.object, resource.kind);
        if (template === undefined) continue;
        const workload = { resource, template, labels: stringRecord(template.metadata.labels) };
        this.workloads.push(workload);
        push(this.workloadsByNamespace, namespaceOf(resource), workload);
      }
    }
    return this.workloads;
  }

  podWorkloadsIn(namespace: string): readonly PodWorkload[] {
    this.podWorkloads();
    return this.workloadsByNamespace?.get(namespace) ?? [];
  }

  /** Pod workloads in `namespace` whose template labels a metav1.LabelSelector matches ({} matches all). */
  selectPods(namespace: string, selector: unknown): PodWorkload[] {
    return this.podWorkloadsIn(namespace).filter((w) => selectorMatches(selector, w.labels));
  }

  /** Pod workloads a Service-style map selector matches (empty selects none). */
  selectPodsByMap(namespace: string, selector: unknown): PodWorkload[] {
    return this.podWorkloadsIn(namespace).filter((w) => mapSelectorMatches(selector, w.labels));
  }
}

/** The namespace an object lives in ('' for cluster-scoped kinds, `default` when a manifest leaves it out). */
export function namespaceOf(resource: Pick<Resource, 'kind' | 'namespace'>): string {
  if (isClusterScoped(resource.kind)) return '';
  return resource.namespace || DEFAULT_NAMESPACE;
}

function nameKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
