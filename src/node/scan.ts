/**
 * The node pipeline: host facts → the same evaluate loop and findings as a manifest scan → a ScanReport for the
 * existing reporters. The only difference: a finding names the file and line where its setting was written,
 * which for a node may be another file than the object's own (a drop-in overriding the kubelet's config).
 */

import { forEachViolation } from '../engine/evaluate.js';
import { findingOf, resourceRef } from '../engine/findings.js';
import { activeRules, DEFAULT_POLICY } from '../engine/policy.js';
import type { Finding, Note, ScanReport } from '../findings/finding.js';
import { Inventory } from '../inventory/inventory.js';
import { DEFAULT_PSS } from '../rules/pod-security/settings.js';
import type { Rule } from '../rules/types.js';
import { VERSION } from '../version.js';
import type { NodeFact } from './components.js';
import type { Distribution } from './layout.js';
import { readNode } from './read.js';

export interface NodeScanResult {
  distribution: Distribution;
  report: ScanReport;
}

export async function scanNode(
  root: string,
  distribution: Distribution | 'auto',
  catalog: readonly Rule[],
): Promise<NodeScanResult> {
  const read = await readNode(root, distribution);
  return { distribution: read.distribution, report: judge(read.facts, read.notes, catalog) };
}

/** Judges node facts with `catalog`: the evaluate loop, then each finding placed at its setting's file and line. */
export function judge(
  facts: readonly NodeFact[],
  notes: readonly Note[],
  catalog: readonly Rule[],
): ScanReport {
  const inventory = new Inventory(facts.map((f) => f.resource));
  const sources = new Map(facts.map((f) => [f.resource, f.sources]));
  const rules = activeRules(catalog, DEFAULT_POLICY);
  const findings: Finding[] = [];
  const allNotes: Note[] = [...notes];
  forEachViolation(
    inventory,
    rules,
    { pss: () => DEFAULT_PSS, onRuleError: (note) => allNotes.push(note) },
    (active, resource, violation) => {
      const finding = findingOf(active, resource, violation);
      const [head, name] = violation.path;
      const source = sources.get(resource)?.get(name === undefined ? String(head) : `${head}.${name}`);
      if (source) {
        finding.resource.file = source.file;
        if (source.line === undefined) delete finding.resource.line;
        else finding.resource.line = source.line;
      }
      findings.push(finding);
    },
  );
  return {
    tool: { name: 'parapet', version: VERSION },
    findings,
    notes: allNotes,
    rules: rules.map(({ rule, severity }) => ({
      id: rule.meta.id,
      title: rule.meta.title,
      chapter: rule.meta.chapter,
      severity,
      recommendation: rule.meta.recommendation,
      remediation: rule.meta.remediation,
      references: rule.meta.references,
      appliesTo: rule.meta.appliesTo,
    })),
    resources: inventory.resources.map((r) => resourceRef(r, [])),
    unusedExceptions: [],
  };
}
