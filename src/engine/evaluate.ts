/**
 * evaluate(inventory, rules) → violations: the one evaluation loop shared by `parapet scan`, and later the
 * admission webhook (one object) and the cluster scanner. Rules are dispatched by kind, so an object meets only
 * the rules that judge its kind.
 */
import type { Note } from '../findings/finding.js';
import type { Severity } from '../findings/severity.js';
import type { Inventory, PodWorkload } from '../inventory/inventory.js';
import { listContainers } from '../inventory/pod-specs.js';
import { describeResource, type Resource } from '../inventory/resource.js';
import type { PssSettings } from '../rules/pod-security/settings.js';
import {
  type InventoryRule,
  type ObjectRule,
  type PodRule,
  type Rule,
  type RuleContext,
  RuleNote,
  type Violation,
} from '../rules/types.js';
import type { ImageScan } from '../rules/workloads/image-scans.js';

/** A rule as configured by the policy: enabled, with its severity and parameters. */
export interface ActiveRule {
  rule: Rule;
  /** The rule's severity, or the policy's override of it. */
  severity: Severity;
  /** Set when the policy overrides the severity: it then also wins over a violation's own severity. */
  severityOverridden?: boolean;
  params: Record<string, unknown>;
}

export interface RuleViolation {
  active: ActiveRule;
  resource: Resource;
  violation: Violation;
}

export interface EvaluateOptions {
  pss: (namespace: string) => PssSettings;
  /** Judge only these resources (the rest of the inventory still answers relation queries). */
  only?: ReadonlySet<Resource>;
  /**
   * Told when a rule throws: the scan reports the note and goes on, the rule still judging the other objects and
   * every other rule this one. Without it the exception propagates, as a rule test wants.
   */
  onRuleError?: (note: Note, error: unknown) => void;
  /** Image vulnerability scans, for the rules that require them (which do not run without). */
  vulnerabilities?: readonly ImageScan[];
}

/** The note for a rule that threw on an object (or, for an inventory rule, on the whole input). */
export function ruleErrorNote(active: ActiveRule, resource: Resource | undefined, error: unknown): Note {
  const reason = error instanceof Error ? error.message : String(error);
  const where = resource ? describeResource(resource) : 'the input';
  const note: Note =
    error instanceof RuleNote
      ? { level: 'warning', message: `rule ${active.rule.meta.id} could not judge ${where}: ${reason}` }
      : {
          level: 'error',
          message: `rule ${active.rule.meta.id} threw on ${where}, which it left unjudged (a bug in parapet: please report it): ${reason}`,
        };
  if (resource?.origin.file !== undefined) note.file = resource.origin.file;
  const position = resource?.origin.locate?.([]);
  if (position) {
    note.line = position.line;
    note.column = position.column;
  }
  return note;
}

interface Dispatch {
  /** Per kind: the object rules for that kind, then those for every kind. */
  byKind: Map<string, ActiveRule[]>;
  anyKind: ActiveRule[];
  pod: ActiveRule[];
  inventory: ActiveRule[];
}

function dispatchTable(rules: readonly ActiveRule[]): Dispatch {
  const table: Dispatch = { byKind: new Map(), anyKind: [], pod: [], inventory: [] };
  const kindRules = new Map<string, ActiveRule[]>();
  for (const active of rules) {
    const { rule } = active;
    if (rule.target === 'pod') table.pod.push(active);
    else if (rule.target === 'inventory') table.inventory.push(active);
    else if (rule.meta.appliesTo.includes('*')) table.anyKind.push(active);
    else {
      for (const kind of rule.meta.appliesTo) {
        const list = kindRules.get(kind);
        if (list === undefined) kindRules.set(kind, [active]);
        else list.push(active);
      }
    }
  }
  for (const [kind, list] of kindRules) table.byKind.set(kind, [...list, ...table.anyKind]);
  return table;
}

/** What a rule requires that the evaluation was not given (it then does not run), or undefined. */
export function lacksInput(
  rule: Rule,
  options: Pick<EvaluateOptions, 'vulnerabilities'>,
): string | undefined {
  if (rule.meta.requires === 'vulnerabilities' && options.vulnerabilities === undefined)
    return 'no image vulnerability reports were given (--vulns FILE)';
  return undefined;
}

/** Every violation, collected: what the webhook and tests use. */
export function evaluate(
  inventory: Inventory,
  rules: readonly ActiveRule[],
  options: EvaluateOptions,
): RuleViolation[] {
  const out: RuleViolation[] = [];
  forEachViolation(inventory, rules, options, (active, resource, violation) => {
    out.push({ active, resource, violation });
  });
  return out;
}

/**
 * Every violation, handed to `visit` as it is found (in input order, then the inventory rules'): a large scan turns
 * each into a finding at once, so the violation itself never outlives the young generation.
 */
export function forEachViolation(
  inventory: Inventory,
  rules: readonly ActiveRule[],
  options: EvaluateOptions,
  visit: (active: ActiveRule, resource: Resource, violation: Violation) => void,
): void {
  const assessable = rules.filter((active) => lacksInput(active.rule, options) === undefined);
  const table = dispatchTable(assessable);
  // one context per rule, made once: a large scan asks for it a million times
  const contexts = new Map<ActiveRule, RuleContext>(
    assessable.map((active) => [
      active,
      {
        inventory,
        params: active.params,
        pss: options.pss,
        ...(options.vulnerabilities ? { vulnerabilities: options.vulnerabilities } : {}),
      },
    ]),
  );
  const contextOf = (active: ActiveRule) => contexts.get(active) as RuleContext;
  const workloads = new Map<Resource, PodWorkload>();
  if (table.pod.length > 0) for (const w of inventory.podWorkloads()) workloads.set(w.resource, w);

  const { onRuleError } = options;
  const failed = (active: ActiveRule, resource: Resource | undefined, error: unknown) => {
    if (onRuleError === undefined) throw error;
    onRuleError(ruleErrorNote(active, resource, error), error);
  };

  for (const resource of inventory.resources) {
    if (options.only && !options.only.has(resource)) continue;
    for (const active of table.byKind.get(resource.kind) ?? table.anyKind) {
      // one try per rule and object: V8 optimises it, and a throw costs only this rule this object
      try {
        for (const violation of (active.rule as ObjectRule).check(resource, contextOf(active))) {
          visit(active, resource, violation);
        }
      } catch (error) {
        failed(active, resource, error);
      }
    }
    const workload = workloads.get(resource);
    if (workload === undefined) continue;
    const pod = { resource, template: workload.template, containers: listContainers(workload.template.spec) };
    for (const active of table.pod) {
      try {
        for (const violation of (active.rule as PodRule).check(pod, contextOf(active))) {
          visit(active, resource, violation);
        }
      } catch (error) {
        failed(active, resource, error);
      }
    }
  }
  for (const active of table.inventory) {
    try {
      for (const { resource, ...violation } of (active.rule as InventoryRule).check(contextOf(active))) {
        if (options.only && !options.only.has(resource)) continue;
        visit(active, resource, violation);
      }
    } catch (error) {
      failed(active, undefined, error);
    }
  }
}
