/**
 * "Every namespace that runs pods has an object of kind X": the shared check behind the ResourceQuota and
 * LimitRange rules. The finding sits on the Namespace object when the input has it, else on the namespace's
 * first pod workload.
 */
import type { Inventory } from '../../inventory/inventory.js';
import { describeResource } from '../../inventory/resource.js';
import type { ResourceViolation } from '../types.js';

export interface NamespaceGap {
  namespace: string;
  /** The pod workloads that run in it, in input order. */
  workloads: string[];
}

/** Violations for namespaces that run pods but hold no object of `kind`; `message` words each one. */
export function* namespacesLacking(
  inventory: Inventory,
  kind: string,
  message: (gap: NamespaceGap) => string,
): Iterable<ResourceViolation> {
  for (const namespace of inventory.namespaces()) {
    const workloads = inventory.podWorkloadsIn(namespace);
    const first = workloads[0];
    if (first === undefined || inventory.inNamespace(namespace, kind).length > 0) continue;
    const gap = { namespace, workloads: workloads.map((w) => describeResource(w.resource)) };
    const namespaceObject = inventory.namespaceObject(namespace);
    yield namespaceObject === undefined
      ? { resource: first.resource, path: ['metadata', 'namespace'], message: message(gap) }
      : { resource: namespaceObject, path: ['metadata', 'name'], message: message(gap) };
  }
}

/** `Deployment `shop/web`, StatefulSet `shop/db` and 3 more`: the workloads a namespace message names. */
export function someWorkloads(workloads: readonly string[], shown = 2): string {
  if (workloads.length <= shown) return workloads.join(' and ');
  return `${workloads.slice(0, shown).join(', ')} and ${workloads.length - shown} more`;
}
