import type { ScanReport } from '../findings/finding.js';
import type { Severity } from '../findings/severity.js';
import type { FrameworkView } from './framework.js';

export interface ReporterOptions {
  color: boolean;
  /** The CLI's exit threshold; the table reporter says whether the scan crosses it. */
  failOn?: Severity | 'none';
  /** `--framework` coverage, for reporters that show it beside the findings (html). */
  frameworks?: readonly FrameworkView[];
}

/** A pure function from a scan report to the text to print. */
export type Reporter = (report: ScanReport, options: ReporterOptions) => string;
