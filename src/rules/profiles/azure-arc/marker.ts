/**
 * The Azure Arc profile's marker: the `azure-arc` namespace, where the Arc agents live. Its rules judge
 * nothing (no findings, no notes) unless the input holds that Namespace object or any object in it.
 */
import type { Inventory } from '../../../inventory/inventory.js';
import type { ObjectRule, RuleContext, Violation } from '../../types.js';

export const ARC_NAMESPACE = 'azure-arc';

/** For the profile rules' `silentWhen`: what `parapet explain` says about the marker. */
export const ARC_SILENT_WHEN = `the input holds nothing of the \`${ARC_NAMESPACE}\` namespace (its Namespace object or any object in it): the Azure Arc profile runs only on inputs from an Arc-connected cluster.`;

const present = new WeakMap<Inventory, boolean>();

/** True when the input is (part of) an Azure Arc-connected cluster. */
export function arcPresent(inventory: Inventory): boolean {
  let value = present.get(inventory);
  if (value === undefined) {
    value =
      inventory.namespaceObject(ARC_NAMESPACE) !== undefined ||
      inventory.inNamespace(ARC_NAMESPACE).length > 0;
    present.set(inventory, value);
  }
  return value;
}

/** An object rule of the profile: its check runs only where the marker is present. */
export function arcRule<P>(rule: ObjectRule<P>): ObjectRule<P> {
  const check = rule.check;
  return {
    ...rule,
    *check(resource, context: RuleContext<P>): Iterable<Violation> {
      if (!arcPresent(context.inventory)) return;
      yield* check(resource, context);
    },
  };
}
