import type { FieldPath } from './field-path.js';

/** A Kubernetes object as decoded: plain JSON-like data. */
export type KubeObject = Record<string, unknown> & {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: unknown;
};

export interface SourcePosition {
  line: number;
  column: number;
}

/** Where an object came from: a file position for manifests, a uid for objects read from a cluster. */
export interface Origin {
  /** The file as named on the command line (or `-` for stdin). */
  file?: string;
  /** 0-based index of the YAML document in the file. */
  document?: number;
  /** Helm's `# Source: chart/templates/x.yaml` comment above the document. */
  helmSource?: string;
  /** The object's uid, for objects read from a cluster. */
  uid?: string;
  /** Line and column (1-based) of any field of the object; undefined where positions are unknown. */
  locate?: (path: FieldPath) => SourcePosition | undefined;
}

export interface Resource {
  readonly object: KubeObject;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Empty for cluster-scoped objects. */
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly origin: Origin;
  /** Position in the input, for stable ordering. */
  readonly index: number;
}

/** `Deployment shop/web`, `ClusterRole admin`: how messages name a resource. */
export function describeResource(resource: Pick<Resource, 'kind' | 'name' | 'namespace'>): string {
  return resource.namespace
    ? `${resource.kind} \`${resource.namespace}/${resource.name}\``
    : `${resource.kind} \`${resource.name}\``;
}

export function stringRecord(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string') out[key] = v;
  return out;
}

/** Wraps a decoded object; returns undefined when it has no apiVersion/kind (not a Kubernetes object). */
export function toResource(object: unknown, origin: Origin, index: number): Resource | undefined {
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return undefined;
  const obj = object as KubeObject;
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return undefined;
  const metadata = (typeof obj.metadata === 'object' && obj.metadata !== null ? obj.metadata : {}) as Record<
    string,
    unknown
  >;
  return {
    object: obj,
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name:
      typeof metadata.name === 'string'
        ? metadata.name
        : typeof metadata.generateName === 'string'
          ? `${metadata.generateName}*`
          : '',
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : '',
    labels: stringRecord(metadata.labels),
    origin,
    index,
  };
}
