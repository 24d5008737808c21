/**
 * Which rules the webhook judges. An admission request carries one object, so a rule whose verdict depends on the
 * rest of the cluster cannot be judged there: inventory rules, rules that stay silent on partial input, and the
 * object rules below that would read an absent object as a missing one.
 */
import type { ActiveRule } from '../engine/evaluate.js';
import { activeRules, type Policy } from '../engine/policy.js';
import type { Rule } from '../rules/types.js';

/** Object and pod rules that look up other objects and would report their absence. */
const NEEDS_CLUSTER: ReadonlyMap<string, string> = new Map([
  ['PP-OPS-003', 'a HorizontalPodAutoscaler may scale the workload'],
  ['PP-OPS-006', 'the pods it selects are other objects'],
  ['PP-OPS-024', 'the ServiceAccount is another object'],
]);

/** Undefined when the rule is judged at admission, otherwise why not. */
export function notAtAdmission(rule: Rule): string | undefined {
  if (rule.meta.facts !== undefined) return 'judges node and control-plane facts, not admitted objects';
  if (rule.target === 'inventory') return 'judges relations between objects';
  if (rule.meta.silentWhen !== undefined) return 'needs the objects it relates to';
  return NEEDS_CLUSTER.get(rule.meta.id);
}

/** The policy's enabled rules (what `parapet scan` runs) that admission can judge. */
export function admissionRules(catalog: readonly Rule[], policy: Policy): ActiveRule[] {
  return activeRules(catalog, policy).filter((active) => notAtAdmission(active.rule) === undefined);
}
