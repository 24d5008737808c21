/**
 * A cluster holds each workload several times over: a Deployment, its ReplicaSets, their Pods. The rules judge
 * the top owner's template once; the copies made from a template by a controller in the inventory are not
 * judged again (they still answer relation queries: a NetworkPolicy selects running Pods as it selects
 * templates). Owners without a pod template (a Node owning its static pods' mirrors) do not count.
 */
import type { Inventory } from '../inventory/inventory.js';
import { extractPodTemplate } from '../inventory/pod-specs.js';
import type { Resource } from '../inventory/resource.js';

/** The resources to judge, or undefined (judge all) when no object was made from a template in the inventory. */
export function topOwners(inventory: Inventory): ReadonlySet<Resource> | undefined {
  const copies = inventory.resources.filter((resource) => {
    const owner = inventory.controllerOf(resource);
    return owner !== undefined && extractPodTemplate(owner.object, owner.kind) !== undefined;
  });
  if (copies.length === 0) return undefined;
  const skip = new Set(copies);
  return new Set(inventory.resources.filter((r) => !skip.has(r)));
}
