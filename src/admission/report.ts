/**
 * The rollout aid: from the webhook's audit lines, what each rule would have blocked by namespace, and which rules
 * could move to deny without blocking anything that was admitted in the window.
 */
import type { AdmissionMode } from '../engine/policy.js';

export interface AuditLine {
  time: string;
  event: 'admission';
  namespace: string;
  kind: string;
  name: string;
  decision: string;
  violations: { rule: string; mode: AdmissionMode; path: string }[];
}

export interface RuleSummary {
  rule: string;
  /** Requests with this rule violated that were admitted anyway (audit or warn). */
  admitted: number;
  denied: number;
  namespaces: Record<string, number>;
}

export interface RolloutReport {
  requests: number;
  skippedLines: number;
  rules: RuleSummary[];
  /** Judged rules that no admitted request violated: deny would have blocked nothing in the window. */
  readyForDeny: string[];
}

/** Audit lines only; anything else (other events, bad JSON) is counted as skipped. */
export function parseAuditLines(text: string, since: number): { lines: AuditLine[]; skipped: number } {
  const lines: AuditLine[] = [];
  let skipped = 0;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    try {
      const entry = JSON.parse(raw) as Partial<AuditLine>;
      if (entry.event !== 'admission') continue;
      if (!Array.isArray(entry.violations) || typeof entry.time !== 'string')
        throw new Error('not an audit line');
      if (Date.parse(entry.time) < since) continue;
      lines.push(entry as AuditLine);
    } catch {
      skipped++;
    }
  }
  return { lines, skipped };
}

export function rolloutReport(
  lines: readonly AuditLine[],
  judged: readonly string[],
  skippedLines = 0,
): RolloutReport {
  const byRule = new Map<string, RuleSummary>();
  for (const line of lines) {
    for (const rule of new Set(line.violations.map((v) => v.rule))) {
      let summary = byRule.get(rule);
      if (summary === undefined) {
        summary = { rule, admitted: 0, denied: 0, namespaces: {} };
        byRule.set(rule, summary);
      }
      if (line.decision === 'deny') summary.denied++;
      else summary.admitted++;
      summary.namespaces[line.namespace] = (summary.namespaces[line.namespace] ?? 0) + 1;
    }
  }
  const rules = [...byRule.values()].sort((a, b) => b.admitted - a.admitted || a.rule.localeCompare(b.rule));
  return {
    requests: lines.length,
    skippedLines,
    rules,
    readyForDeny: judged.filter((id) => (byRule.get(id)?.admitted ?? 0) === 0),
  };
}

export function formatReport(report: RolloutReport, window: string): string {
  const out = [`${report.requests} request(s) with violations in the last ${window}.`];
  if (report.skippedLines > 0)
    out.push(`${report.skippedLines} line(s) were not audit lines and were skipped.`);
  if (report.rules.length > 0) {
    out.push('', 'Rule          admitted  denied  namespaces');
    for (const r of report.rules) {
      const namespaces = Object.entries(r.namespaces)
        .sort((a, b) => b[1] - a[1])
        .map(([ns, n]) => `${ns || '(cluster)'} ${n}`)
        .join(', ');
      out.push(
        `${r.rule.padEnd(14)}${String(r.admitted).padStart(8)}${String(r.denied).padStart(8)}  ${namespaces}`,
      );
    }
  }
  out.push(
    '',
    report.readyForDeny.length > 0
      ? `Could move to deny without blocking anything admitted in the window: ${report.readyForDeny.join(', ')}`
      : 'No rule could move to deny without blocking something admitted in the window.',
  );
  return `${out.join('\n')}\n`;
}
