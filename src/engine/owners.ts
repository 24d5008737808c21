/**
 * A cluster holds each workload several times over: a Deployment, its ReplicaSets, their Pods. The rules judge
 * the top owner's template once; the copies a controller in the inventory made are not judged again (they still
 * answer relation queries: a NetworkPolicy selects running Pods as it selects templates).
 */
import type { Inventory } from '../inventory/inventory.js';
import type { Resource } from '../inventory/resource.js';

/** The resources to judge, or undefined (judge all) when no object's controller is in the inventory. */
export function topOwners(inventory: Inventory): ReadonlySet<Resource> | undefined {
  const owned = inventory.resources.filter((r) => inventory.controllerOf(r) !== undefined);
  if (owned.length === 0) return undefined;
  const skip = new Set(owned);
  return new Set(inventory.resources.filter((r) => !skip.has(r)));
}
