/**
 * The findings of an HTML report as compact JSON for the page's script: what repeats (a rule's title, fix and
 * references; a resource's identity) is stored once in a table and referred to by index, so a report of
 * 100,000 findings stays a few tens of MB and parses in a fraction of a second.
 */
import type { Finding, ScanReport } from '../../findings/finding.js';
import { SEVERITIES, severityRank } from '../../findings/severity.js';
import { formatReference } from '../../references/frameworks.js';
import { resourceIdentity } from '../common.js';

/** [id, title, chapter, fix, references] */
export type RuleRow = [string, string, string, string, string];
/** [kind, namespace, name, file, uid] ('' where absent) */
export type ResourceRow = [string, string, string, string, string];
/** [rule, resource, severity (index into SEVERITIES), path, message, line (0: none), suppression reason, expires] */
export type FindingRow = [number, number, number, string, string, number, string | null, string];

export interface PageData {
  severities: readonly string[];
  rules: RuleRow[];
  resources: ResourceRow[];
  /** Grouped by resource (in resource order), most severe first within a resource. */
  findings: FindingRow[];
}

export const FINDING_COLUMNS = {
  rule: 0,
  resource: 1,
  severity: 2,
  path: 3,
  message: 4,
  line: 5,
  suppressed: 6,
  expires: 7,
} as const;

export function pageData(report: ScanReport): PageData {
  const rules: RuleRow[] = [];
  const ruleIndex = new Map<string, number>();
  const resources: ResourceRow[] = [];
  const resourceIndex = new Map<string, number>();
  const rows: { finding: Finding; row: FindingRow }[] = [];
  for (const finding of report.findings) {
    const references = finding.references.map(formatReference).join(', ');
    const ruleKey = [finding.ruleId, finding.title, finding.chapter, finding.remediation, references].join(
      '\u0000',
    );
    let rule = ruleIndex.get(ruleKey);
    if (rule === undefined) {
      rule = rules.length;
      ruleIndex.set(ruleKey, rule);
      rules.push([finding.ruleId, finding.title, finding.chapter, finding.remediation, references]);
    }
    const r = finding.resource;
    const resourceKey = resourceIdentity(r);
    let resource = resourceIndex.get(resourceKey);
    if (resource === undefined) {
      resource = resources.length;
      resourceIndex.set(resourceKey, resource);
      resources.push([r.kind, r.namespace, r.name, r.file ?? '', r.uid ?? '']);
    }
    rows.push({
      finding,
      row: [
        rule,
        resource,
        SEVERITIES.indexOf(finding.severity),
        finding.path,
        finding.message,
        r.line ?? 0,
        finding.suppressed ? finding.suppressed.reason : null,
        finding.suppressed?.expires ?? '',
      ],
    });
  }
  // rule ids ranked once: a comparison of numbers per pair, not a locale-aware one (100,000 findings)
  const ruleRank = new Map(
    [...new Set(rules.map((r) => r[0]))]
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .map((id, i) => [id, i]),
  );
  const rank = rules.map((r) => ruleRank.get(r[0]) as number);
  rows.sort(
    (a, b) =>
      a.row[1] - b.row[1] ||
      severityRank(b.finding.severity) - severityRank(a.finding.severity) ||
      (rank[a.row[0]] as number) - (rank[b.row[0]] as number) ||
      (a.finding.path < b.finding.path ? -1 : a.finding.path > b.finding.path ? 1 : 0),
  );
  return { severities: SEVERITIES, rules, resources, findings: rows.map((r) => r.row) };
}

/**
 * JSON safe inside a `<script type="application/json">` element: `<` (hence `</script>` and `<!--`), `>` and `&`
 * as escapes, and U+2028/U+2029 too, which older parsers took for line ends.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
