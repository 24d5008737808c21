/** PodDisruptionBudgets and the pod workloads they select, through the Inventory's selector queries. */
import type { FieldPath } from '../../inventory/field-path.js';
import type { Inventory, PodWorkload } from '../../inventory/inventory.js';
import { namespaceOf } from '../../inventory/inventory.js';
import type { Resource } from '../../inventory/resource.js';
import { asArray, asRecord } from '../helpers.js';
import { intOrPercent } from './workloads.js';

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

/** `selector app=api, tier=backend` (+ expressions), as a message shows a budget's selector. */
export function describeSelector(selector: unknown): string {
  const record = asRecord(selector);
  if (record === undefined) return 'no selector';
  const labels = Object.entries(asRecord(record.matchLabels) ?? {}).map(([k, v]) => `${k}=${String(v)}`);
  const expressions = asArray(record.matchExpressions).length;
  if (expressions > 0) labels.push(`${expressions} expression${expressions === 1 ? '' : 's'}`);
  return labels.length === 0 ? 'selector {}' : `selector ${labels.join(', ')}`;
}

/** A budget whose own numbers allow no eviction, whatever pods it selects: where, and why in words. */
export interface ZeroBudget {
  path: FieldPath;
  /** `allows no unavailable pod (maxUnavailable: 0)` */
  why: string;
  fix: string;
}

/**
 * `maxUnavailable: 0` or `"0%"`, or `minAvailable` of 100% or more: no eviction is ever allowed, however many
 * pods there are. (An integer minAvailable depends on the pod count: see PP-OPS-005.)
 */
export function zeroBudget(pdb: Resource): ZeroBudget | undefined {
  const spec = asRecord(pdb.object.spec);
  if (spec === undefined) return undefined;
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    if (intOrPercent(spec.maxUnavailable)?.value !== 0) return undefined;
    return {
      path: ['spec', 'maxUnavailable'],
      why: `allows no unavailable pod (maxUnavailable: ${String(spec.maxUnavailable)})`,
      fix: 'raise maxUnavailable to at least 1',
    };
  }
  const min = intOrPercent(spec.minAvailable);
  if (min?.type !== 'percent' || min.value < 100) return undefined;
  return {
    path: ['spec', 'minAvailable'],
    why: `requires ${min.value}% of its pods available`,
    fix: 'lower minAvailable or use maxUnavailable: 1',
  };
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
