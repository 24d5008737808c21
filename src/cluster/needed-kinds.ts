/**
 * The kinds a cluster scan must list, from the catalog itself: each rule's `appliesTo`, plus the kinds it asks the
 * inventory about (NetworkPolicies for a namespace, HPAs for a Deployment), learnt by judging the rule's own
 * examples against an inventory that records its questions. No second list to keep in step with the rules.
 */
import { forEachViolation } from '../engine/evaluate.js';
import { DEFAULT_POLICY } from '../engine/policy.js';
import { loadManifestText } from '../inputs/manifests.js';
import { Inventory } from '../inventory/inventory.js';
import type { Resource } from '../inventory/resource.js';
import { pssResolver } from '../rules/pod-security/settings.js';
import type { Rule } from '../rules/types.js';

/** kind → ids of the rules that need it, in catalog order. */
export type NeededKinds = Map<string, string[]>;

class RecordingInventory extends Inventory {
  readonly asked = new Set<string>();

  override byKind(kind: string): readonly Resource[] {
    this.asked.add(kind);
    return super.byKind(kind);
  }

  override inNamespace(namespace: string, kind?: string): readonly Resource[] {
    if (kind !== undefined) this.asked.add(kind);
    return super.inNamespace(namespace, kind);
  }

  override get(kind: string, namespace: string, name: string): Resource | undefined {
    this.asked.add(kind);
    return super.get(kind, namespace, name);
  }
}

function kindsAskedBy(rule: Rule): Set<string> {
  const asked = new Set<string>();
  const examples = rule.meta.examples;
  if (examples === undefined) return asked;
  for (const text of [examples.fail, examples.pass]) {
    const inventory = new RecordingInventory(loadManifestText(`${rule.meta.id}.yaml`, text).resources);
    const active = { rule, severity: rule.meta.severity, params: { ...(rule.meta.params?.defaults ?? {}) } };
    try {
      forEachViolation(inventory, [active], { pss: pssResolver(inventory, DEFAULT_POLICY.pss) }, () => {});
    } catch {
      // a rule that fails on its own example still needs what it asked for before failing
    }
    for (const kind of inventory.asked) asked.add(kind);
  }
  return asked;
}

export function neededKinds(catalog: readonly Rule[]): NeededKinds {
  const needed: NeededKinds = new Map();
  // facts parapet builds itself (node and control-plane settings, the server's version): no API serves them
  const factKinds = new Set(catalog.flatMap((rule) => (rule.meta.facts ? rule.meta.appliesTo : [])));
  const add = (kind: string, id: string) => {
    if (kind === '*' || factKinds.has(kind)) return;
    const ids = needed.get(kind);
    if (ids === undefined) needed.set(kind, [id]);
    else if (!ids.includes(id)) ids.push(id);
  };
  for (const rule of catalog) {
    if (rule.meta.facts !== undefined) continue;
    for (const kind of rule.meta.appliesTo) add(kind, rule.meta.id);
    for (const kind of kindsAskedBy(rule)) add(kind, rule.meta.id);
  }
  return needed;
}

/** `PP-NET-001..005, PP-OPS-020`: rule ids with consecutive runs folded. */
export function ruleIdRanges(ids: readonly string[]): string {
  // runs of ids `PREFIX-NNN` whose numbers follow each other
  const runs: string[][] = [];
  for (const id of [...ids].sort()) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run !== undefined && last !== undefined && id === successor(last)) run.push(id);
    else runs.push([id]);
  }
  return runs
    .flatMap((run) => (run.length >= 3 ? [`${run[0]}..${run.at(-1)?.replace(/^.*-/, '')}`] : run))
    .join(', ');
}

/** `PP-NET-002` after `PP-NET-001`; undefined for an id without a number. */
function successor(id: string): string | undefined {
  const match = /^(.*-)(\d+)$/.exec(id);
  if (match === null) return undefined;
  const digits = match[2] ?? '';
  return `${match[1]}${String(Number(digits) + 1).padStart(digits.length, '0')}`;
}
