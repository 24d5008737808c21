import type { ScanReport } from '../findings/finding.js';
import type { Severity } from '../findings/severity.js';

export interface ReporterOptions {
  color: boolean;
  /** The CLI's exit threshold; the table reporter says whether the scan crosses it. */
  failOn?: Severity | 'none';
}

/** A pure function from a scan report to the text to print. */
export type Reporter = (report: ScanReport, options: ReporterOptions) => string;
