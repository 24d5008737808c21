/** PodDisruptionBudgets and the pod workloads they select, through the Inventory's selector queries. */
import type { Inventory, PodWorkload } from '../../inventory/inventory.js';
import { namespaceOf } from '../../inventory/inventory.js';
import type { Resource } from '../../inventory/resource.js';
import { asArray, asRecord } from '../helpers.js';

export function isDisruptionBudget(resource: Resource): boolean {
  return resource.kind === 'PodDisruptionBudget' && resource.apiVersion.startsWith('policy/');
}

/** The PodDisruptionBudgets of a namespace, in input order. */
export function disruptionBudgetsIn(inventory: Inventory, namespace: string): Resource[] {
  return inventory.inNamespace(namespace, 'PodDisruptionBudget').filter(isDisruptionBudget);
}

function selectsNothingInV1beta1(pdb: Resource, selector: unknown): boolean {
  if (!pdb.apiVersion.startsWith('policy/v1beta1')) return false;
  const record = asRecord(selector);
  if (record === undefined) return true;
  const labels = asRecord(record.matchLabels);
  return (
    (labels === undefined || Object.keys(labels).length === 0) &&
    asArray(record.matchExpressions).length === 0
  );
}

/**
 * The pod workloads whose pods the budget selects (policy/v1: `{}` selects every pod of the namespace, a
 * missing selector none; policy/v1beta1: an empty selector selects none). PodTemplates and copies of a
 * controller that is itself in the input are left out, so every pod is counted once.
 */
export function selectedByBudget(inventory: Inventory, pdb: Resource): PodWorkload[] {
  const selector = asRecord(pdb.object.spec)?.selector;
  if (selectsNothingInV1beta1(pdb, selector)) return [];
  return inventory
    .selectPods(namespaceOf(pdb), selector)
    .filter((w) => w.resource.kind !== 'PodTemplate' && inventory.controllerOf(w.resource) === undefined);
}

/** Per inventory and namespace: which budgets select each workload (computed once per namespace). */
const budgetIndex = new WeakMap<Inventory, Map<string, Map<Resource, Resource[]>>>();

/** The PodDisruptionBudgets that select `workload`'s pods, in input order. */
export function budgetsSelecting(inventory: Inventory, workload: Resource): Resource[] {
  let byNamespace = budgetIndex.get(inventory);
  if (byNamespace === undefined) {
    byNamespace = new Map();
    budgetIndex.set(inventory, byNamespace);
  }
  const namespace = namespaceOf(workload);
  let index = byNamespace.get(namespace);
  if (index === undefined) {
    index = new Map();
    for (const pdb of disruptionBudgetsIn(inventory, namespace)) {
      for (const w of selectedByBudget(inventory, pdb)) {
        const list = index.get(w.resource);
        if (list === undefined) index.set(w.resource, [pdb]);
        else list.push(pdb);
      }
    }
    byNamespace.set(namespace, index);
  }
  return index.get(workload) ?? [];
}
