/**
 * Namespace-level findings: "namespace X has these objects but lacks what should go with them" (workloads but
 * no NetworkPolicy, policies but no default deny, workloads but no ResourceQuota...). The finding sits on the
 * Namespace object when the input has it, else at `metadata.namespace` of the first of those objects.
 */
import type { Severity } from '../findings/severity.js';
import type { Inventory } from '../inventory/inventory.js';
import { describeResource, type Resource } from '../inventory/resource.js';
import type { ResourceViolation } from './types.js';

export interface NamespaceCheck {
  /** The namespace's objects the check is about, in input order; none: nothing to report. */
  members(namespace: string): readonly Resource[];
  /** True when the namespace has what the rule asks for. */
  satisfied(namespace: string, members: readonly Resource[]): boolean;
  message(namespace: string, members: readonly Resource[]): string;
  /** The finding's severity where it differs from the rule's for this namespace. */
  severity?(namespace: string): Severity | undefined;
}

/** One violation per namespace with members that is not satisfied, in the Inventory's namespace order. */
export function* namespaceGaps(inventory: Inventory, check: NamespaceCheck): Iterable<ResourceViolation> {
  for (const namespace of inventory.namespaces()) {
    const members = check.members(namespace);
    const first = members[0];
    if (first === undefined || check.satisfied(namespace, members)) continue;
    const namespaceObject = inventory.namespaceObject(namespace);
    const violation: ResourceViolation =
      namespaceObject === undefined
        ? { resource: first, path: ['metadata', 'namespace'], message: check.message(namespace, members) }
        : {
            resource: namespaceObject,
            path: ['metadata', 'name'],
            message: check.message(namespace, members),
          };
    const severity = check.severity?.(namespace);
    if (severity !== undefined) violation.severity = severity;
    yield violation;
  }
}

/** `Deployment `shop/web`, StatefulSet `shop/db` and 3 more`: the objects a namespace message names. */
export function someResources(resources: readonly Resource[], shown = 2): string {
  const names = resources.map((r) => describeResource(r));
  if (names.length <= shown) return names.join(' and ');
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}
