/**
 * Replica counts and ownership for the operations (zero-downtime) and network rules: how many pods a controller
 * keeps (its `spec.replicas`, or the floor a HorizontalPodAutoscaler sets), which objects are only copies of a
 * controller that is itself in the input, and Kubernetes' int-or-percent values with its rounding.
 */
import { type Inventory, namespaceOf } from '../../inventory/inventory.js';
import { describeResource, type Resource } from '../../inventory/resource.js';
import { asRecord } from '../helpers.js';

/** Controllers whose pod count is `spec.replicas`. */
export const REPLICATED_KINDS: readonly string[] = [
  'Deployment',
  'StatefulSet',
  'ReplicaSet',
  'ReplicationController',
];

export interface ReplicaCount {
  /** The pods the controller keeps (the HPA's minimum when one scales it). */
  count: number;
  /** Where the number comes from. */
  source: 'replicas' | 'default' | 'hpa';
  /** The HorizontalPodAutoscaler that scales the controller, if any. */
  hpa?: Resource;
}

function nonNegativeInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Per inventory: HorizontalPodAutoscalers by the `kind/namespace/name` of their scale target (built once). */
const autoscalerIndex = new WeakMap<Inventory, Map<string, Resource>>();

/** The HorizontalPodAutoscaler in the input whose scaleTargetRef names `resource` (the first, as listed). */
export function autoscalerOf(inventory: Inventory, resource: Resource): Resource | undefined {
  let index = autoscalerIndex.get(inventory);
  if (index === undefined) {
    index = new Map();
    for (const hpa of inventory.byKind('HorizontalPodAutoscaler')) {
      const target = asRecord(asRecord(hpa.object.spec)?.scaleTargetRef);
      if (typeof target?.kind !== 'string' || typeof target.name !== 'string') continue;
      const key = `${target.kind}/${namespaceOf(hpa)}/${target.name}`;
      if (!index.has(key)) index.set(key, hpa);
    }
    autoscalerIndex.set(inventory, index);
  }
  return index.get(`${resource.kind}/${namespaceOf(resource)}/${resource.name}`);
}

/**
 * How many pods a Deployment, StatefulSet, ReplicaSet or ReplicationController runs (a bare Pod: one); undefined
 * for other kinds (a DaemonSet runs one per node, a Job until done) and for malformed counts. With an HPA the
 * HPA's `minReplicas` (default 1) is the count that matters: the controller can always shrink to it.
 */
export function replicaCount(inventory: Inventory, resource: Resource): ReplicaCount | undefined {
  if (resource.kind === 'Pod') return { count: 1, source: 'default' };
  if (!REPLICATED_KINDS.includes(resource.kind)) return undefined;
  const hpa = autoscalerOf(inventory, resource);
  if (hpa !== undefined) {
    const min = asRecord(hpa.object.spec)?.minReplicas;
    if (min === undefined || min === null) return { count: 1, source: 'hpa', hpa };
    const count = nonNegativeInt(min);
    return count === undefined ? undefined : { count, source: 'hpa', hpa };
  }
  const spec = asRecord(resource.object.spec);
  if (spec === undefined) return undefined; // no pod template either: not a workload the API server accepts
  const replicas = spec.replicas;
  if (replicas === undefined || replicas === null) return { count: 1, source: 'default' };
  const count = nonNegativeInt(replicas);
  return count === undefined ? undefined : { count, source: 'replicas' };
}

/** `Deployment `shop/api` has 2 replicas` / `... runs as few as 2 replicas (HorizontalPodAutoscaler `shop/api`)`. */
export function describeReplicaCount(resource: Resource, replicas: ReplicaCount): string {
  const n = `${replicas.count} replica${replicas.count === 1 ? '' : 's'}`;
  if (resource.kind === 'Pod') return `${describeResource(resource)} is a single pod`;
  if (replicas.hpa !== undefined) {
    return `${describeResource(resource)} runs as few as ${n} (${describeResource(replicas.hpa)})`;
  }
  return `${describeResource(resource)} has ${n}${replicas.source === 'default' ? ' (`spec.replicas` unset)' : ''}`;
}

/** A Kubernetes IntOrString as used by maxUnavailable, maxSurge and minAvailable. */
export type IntOrPercent = { type: 'int'; value: number } | { type: 'percent'; value: number };

/** Parses `2` or `"50%"`; undefined for anything the API server would reject (negative, `"2"`, `"abc"`). */
export function intOrPercent(value: unknown): IntOrPercent | undefined {
  const int = nonNegativeInt(value);
  if (int !== undefined) return { type: 'int', value: int };
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+)%$/.exec(value);
  return match ? { type: 'percent', value: Number(match[1]) } : undefined;
}

/** intstr.GetScaledValueFromIntOrPercent: a percent of `total`, rounded up or down. */
export function scaled(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (value.type === 'int') return value.value;
  const exact = (value.value * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** `2` or `50%`, as the manifest wrote it. */
export function formatIntOrPercent(value: IntOrPercent): string {
  return value.type === 'int' ? String(value.value) : `${value.value}%`;
}

/** What a Deployment's rolling update may do at once, from its strategy and replica count. */
export interface DeploymentRollout {
  maxUnavailable: IntOrPercent;
  maxSurge: IntOrPercent;
  /** Pods it may take down before their replacements are ready (maxUnavailable, rounded down). */
  down: number;
  /** Both rounded to 0, so Kubernetes takes down 1 after all. */
  forcedDown: boolean;
}

/**
 * A Deployment's rolling update (defaults 25% / 25%): maxUnavailable rounds down, maxSurge up, and when both come
 * to 0 Kubernetes makes maxUnavailable 1. `down` 0 means the update surges first: the new pod starts, and the
 * old one goes only once the new one is ready. Undefined for Recreate and malformed values.
 */
export function deploymentRollout(resource: Resource, replicas: number): DeploymentRollout | undefined {
  const strategy = asRecord(asRecord(resource.object.spec)?.strategy);
  if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return undefined;
  const rolling = asRecord(strategy?.rollingUpdate);
  const maxUnavailable = intOrPercent(rolling?.maxUnavailable ?? '25%');
  const maxSurge = intOrPercent(rolling?.maxSurge ?? '25%');
  if (maxUnavailable === undefined || maxSurge === undefined) return undefined;
  const down = scaled(maxUnavailable, replicas, false);
  const forcedDown = down === 0 && scaled(maxSurge, replicas, true) === 0;
  return { maxUnavailable, maxSurge, down: forcedDown ? 1 : down, forcedDown };
}
