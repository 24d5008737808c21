/**
 * Pod-spec extraction for every pod controller: the one place that knows where each kind keeps its pod template.
 * Rules, the PSS evaluator and (later) the audit detector all read pods through here.
 */
import type { FieldPath } from './field-path.js';
import type { KubeObject } from './resource.js';
import { asRecord } from './values.js';

export type PodSpec = Record<string, unknown>;
export type ObjectMeta = Record<string, unknown>;

/** Where the pod template's metadata and spec sit inside each controller kind. */
const TEMPLATE_PATHS: Record<string, FieldPath> = {
  Pod: [],
  PodTemplate: ['template'],
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export const POD_CONTROLLER_KINDS: readonly string[] = Object.keys(TEMPLATE_PATHS);

export function isPodController(kind: string): boolean {
  return Object.hasOwn(TEMPLATE_PATHS, kind);
}

/** Where a pod controller keeps its pod template ([] for a Pod), or undefined for other kinds. */
export function templatePathOf(kind: string): FieldPath | undefined {
  return TEMPLATE_PATHS[kind];
}

export interface PodTemplate {
  /** The pod's (or template's) metadata; {} when absent. */
  metadata: ObjectMeta;
  spec: PodSpec;
  metadataPath: FieldPath;
  specPath: FieldPath;
}

/** The pod template of a pod-bearing object, or undefined for other kinds (or a controller with no spec). */
export function extractPodTemplate(
  object: KubeObject,
  kind = object.kind as string,
): PodTemplate | undefined {
  const base = TEMPLATE_PATHS[kind];
  if (base === undefined) return undefined;
  let holder: Record<string, unknown> | undefined = object;
  for (const key of base) {
    holder = asRecord(holder?.[key as string]);
    if (holder === undefined) return undefined;
  }
  const spec = asRecord(holder.spec);
  if (spec === undefined) return undefined;
  return {
    metadata: asRecord(holder.metadata) ?? {},
    spec,
    metadataPath: [...base, 'metadata'],
    specPath: [...base, 'spec'],
  };
}

export type ContainerType = 'containers' | 'initContainers' | 'ephemeralContainers';
export const CONTAINER_TYPES: readonly ContainerType[] = [
  'initContainers',
  'containers',
  'ephemeralContainers',
];

export interface ContainerRef {
  container: Record<string, unknown>;
  name: string;
  type: ContainerType;
  index: number;
  /** Path of the container relative to the pod spec, e.g. ['containers', 0]. */
  path: FieldPath;
}

/** Every container of a pod spec (init, regular and ephemeral), in that order. */
export function listContainers(spec: PodSpec): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const type of CONTAINER_TYPES) {
    const list = spec[type];
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => {
      const container = asRecord(item);
      if (container === undefined) return;
      out.push({
        container,
        name: typeof container.name === 'string' ? container.name : `#${index}`,
        type,
        index,
        path: [type, index],
      });
    });
  }
  return out;
}

/** The restartPolicy that makes an init container a sidecar that keeps running. */
export const NATIVE_SIDECAR_RESTART_POLICY = 'Always';

/**
 * A native sidecar (Kubernetes 1.29+): an init container with `restartPolicy: Always`, which starts before the
 * containers and runs for the pod's life beside them.
 */
export function isNativeSidecar(ref: ContainerRef): boolean {
  return ref.type === 'initContainers' && ref.container.restartPolicy === NATIVE_SIDECAR_RESTART_POLICY;
}
