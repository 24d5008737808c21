/**
 * Which ServiceAccounts the input binds to a role: a small stand-in, read straight from RoleBinding and
 * ClusterRoleBinding subjects, until the RBAC model (src/rbac/) can answer "what may this account do".
 */
import type { Inventory } from '../../inventory/inventory.js';
import { namespaceOf } from '../../inventory/inventory.js';
import { asArray, asRecord } from '../helpers.js';

const SERVICE_ACCOUNT_USER = 'system:serviceaccount:';
const cache = new WeakMap<Inventory, ReadonlySet<string>>();

function key(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/**
 * `namespace/name` of every ServiceAccount a binding in the input names: as a ServiceAccount subject (in a
 * RoleBinding its namespace defaults to the binding's) or as the user `system:serviceaccount:<ns>:<name>`.
 * Groups (`system:serviceaccounts`) are left out: they say nothing about one account's need for the API.
 */
function boundAccounts(inventory: Inventory): ReadonlySet<string> {
  let bound = cache.get(inventory);
  if (bound !== undefined) return bound;
  const found = new Set<string>();
  for (const kind of ['RoleBinding', 'ClusterRoleBinding']) {
    for (const binding of inventory.byKind(kind)) {
      const fallback = kind === 'RoleBinding' ? namespaceOf(binding) : '';
      for (const item of asArray(binding.object.subjects)) {
        const subject = asRecord(item);
        if (typeof subject?.name !== 'string') continue;
        if (subject.kind === 'ServiceAccount') {
          const namespace =
            typeof subject.namespace === 'string' && subject.namespace !== '' ? subject.namespace : fallback;
          if (namespace !== '') found.add(key(namespace, subject.name));
        } else if (subject.kind === 'User' && subject.name.startsWith(SERVICE_ACCOUNT_USER)) {
          const [namespace, name] = subject.name.slice(SERVICE_ACCOUNT_USER.length).split(':');
          if (namespace && name) found.add(key(namespace, name));
        }
      }
    }
  }
  bound = found;
  cache.set(inventory, bound);
  return bound;
}

/** Whether a RoleBinding or ClusterRoleBinding in the input binds ServiceAccount `namespace/name` to a role. */
export function isBoundServiceAccount(inventory: Inventory, namespace: string, name: string): boolean {
  return boundAccounts(inventory).has(key(namespace, name));
}
