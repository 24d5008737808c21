import type { ScanReport } from '../findings/finding.js';
import { SEVERITIES, type Severity } from '../findings/severity.js';

export interface ReportSummary {
  resources: number;
  /** Findings that count: suppressed ones are excluded. */
  findings: number;
  suppressed: number;
  /** Counts of unsuppressed findings per severity, every severity present. */
  bySeverity: Record<Severity, number>;
}

/** The counts every reporter prints, computed in one place so table and json always agree. */
export function summarize(report: ScanReport): ReportSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let suppressed = 0;
  for (const finding of report.findings) {
    if (finding.suppressed) suppressed++;
    else bySeverity[finding.severity]++;
  }
  return {
    resources: report.resources.length,
    findings: report.findings.length - suppressed,
    suppressed,
    bySeverity,
  };
}
