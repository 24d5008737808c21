/** Small helpers shared by several reporters. */
import type { Finding, ResourceRef, RuleSummary, ScanReport } from '../findings/finding.js';

/** The file name the inputs use for standard input. */
export const STDIN_FILE = '-';

/** `Deployment shop/web`, `ClusterRole admin`. */
export function resourceLabel(resource: Pick<ResourceRef, 'kind' | 'namespace' | 'name'>): string {
  return resource.namespace
    ? `${resource.kind} ${resource.namespace}/${resource.name}`
    : `${resource.kind} ${resource.name}`;
}

/**
 * Identity of a resource across `report.resources` and findings: kind, namespace, name and file. Line and
 * column are left out because a finding's position is the offending field's, not the object's.
 */
export function resourceIdentity(resource: ResourceRef): string {
  return [resource.kind, resource.namespace, resource.name, resource.file ?? ''].join('\u0000');
}

/** `file:line` (`<stdin>` for standard input), `file`, or undefined when there is no file. */
export function fileAndLine(location: { file?: string; line?: number }): string | undefined {
  if (location.file === undefined) return undefined;
  const file = location.file === STDIN_FILE ? '<stdin>' : location.file;
  return location.line === undefined ? file : `${file}:${location.line}`;
}

/**
 * The report's rules, plus a rule derived from the finding for any rule id missing from `report.rules`, so
 * SARIF's ruleIndex and JUnit's suites never point at nothing.
 */
export function rulesOf(report: ScanReport): RuleSummary[] {
  const rules = [...report.rules];
  const known = new Set(rules.map((rule) => rule.id));
  for (const finding of report.findings) {
    if (known.has(finding.ruleId)) continue;
    known.add(finding.ruleId);
    rules.push(ruleFromFinding(finding));
  }
  return rules;
}

function ruleFromFinding(finding: Finding): RuleSummary {
  return {
    id: finding.ruleId,
    title: finding.title,
    chapter: finding.chapter,
    severity: finding.severity,
    recommendation: finding.title,
    remediation: finding.remediation,
    references: finding.references,
  };
}

/** Objects per kind: what rules judge is then counted from kinds, not by a pass over the objects per rule. */
export function kindCounts(resources: readonly Pick<ResourceRef, 'kind'>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const resource of resources) counts.set(resource.kind, (counts.get(resource.kind) ?? 0) + 1);
  return counts;
}

/**
 * How many of the counted objects at least one of `rules` judges. A rule known only from its findings has no
 * appliesTo: it judged something, so it counts everything.
 */
export function objectsJudged(
  rules: readonly Pick<RuleSummary, 'appliesTo'>[],
  perKind: Map<string, number>,
): number {
  const kinds = new Set<string>();
  for (const rule of rules) {
    if (rule.appliesTo === undefined || rule.appliesTo.includes('*')) {
      let all = 0;
      for (const n of perKind.values()) all += n;
      return all;
    }
    for (const kind of rule.appliesTo) kinds.add(kind);
  }
  let n = 0;
  for (const kind of kinds) n += perKind.get(kind) ?? 0;
  return n;
}
