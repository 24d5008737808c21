/** Services and the pod workloads they send traffic to, through the Inventory's selector queries. */
import { type Inventory, namespaceOf } from '../../inventory/inventory.js';
import type { Resource } from '../../inventory/resource.js';
import { asRecord } from '../helpers.js';

/** Per inventory and namespace: which Services select each workload (computed once per namespace). */
const serviceIndex = new WeakMap<Inventory, Map<string, Map<Resource, Resource[]>>>();

/**
 * The Services of `workload`'s namespace whose `spec.selector` matches its pod labels, in input order. A Service
 * without a selector (ExternalName, hand-made Endpoints) selects no pods.
 */
export function servicesSelecting(inventory: Inventory, workload: Resource): Resource[] {
  let byNamespace = serviceIndex.get(inventory);
  if (byNamespace === undefined) {
    byNamespace = new Map();
    serviceIndex.set(inventory, byNamespace);
  }
  const namespace = namespaceOf(workload);
  let index = byNamespace.get(namespace);
  if (index === undefined) {
    index = new Map();
    for (const service of inventory.inNamespace(namespace, 'Service')) {
      const selector = asRecord(service.object.spec)?.selector;
      for (const w of inventory.selectPodsByMap(namespace, selector)) {
        const list = index.get(w.resource);
        if (list === undefined) index.set(w.resource, [service]);
        else list.push(service);
      }
    }
    byNamespace.set(namespace, index);
  }
  return index.get(workload) ?? [];
}
