/** What the terminal reports (`--format table`, with or without `--framework`) share: colours, escaping, summary. */
import type { Note, ScanReport } from '../findings/finding.js';
import { atLeast, SEVERITIES, type Severity } from '../findings/severity.js';
import { summarize } from './summary.js';
import type { ReporterOptions } from './types.js';

export const SEVERITY_COLOR: Record<Severity, string> = {
  critical: '\u001b[1;31m',
  high: '\u001b[31m',
  medium: '\u001b[33m',
  low: '\u001b[36m',
  info: '\u001b[34m',
};
export const BOLD = '\u001b[1m';
export const DIM = '\u001b[2m';
const RESET = '\u001b[0m';
export const SEVERITY_WIDTH = Math.max(...SEVERITIES.map((s) => s.length));
const NOTE_ORDER: readonly Note['level'][] = ['error', 'warning', 'info'];

/** `paint(code, text)`: text in a colour or style when the output has colour, else as it is. */
export function painter(options: ReporterOptions): (code: string, text: string) => string {
  return (code, text) => (options.color ? `${code}${text}${RESET}` : text);
}

/**
 * Control characters (and bidi overrides) from manifest content could move the cursor or recolour the
 * terminal; print them escaped instead.
 */
export function clean(text: string): string {
  return text.replace(
    /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu,
    (c) => `\\u${c.codePointAt(0)?.toString(16).padStart(4, '0')}`,
  );
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The scan's notes, errors first. */
export function notesByLevel(report: ScanReport): Note[] {
  return [...report.notes].sort((a, b) => NOTE_ORDER.indexOf(a.level) - NOTE_ORDER.indexOf(b.level));
}

/** The closing summary: counts by severity, then the --fail-on verdict when one is set. */
export function summaryLines(report: ScanReport, options: ReporterOptions): string {
  const summary = summarize(report);
  const suppressed = summary.suppressed > 0 ? ` (${summary.suppressed} suppressed)` : '';
  const resources = plural(summary.resources, 'resource');
  let line: string;
  if (summary.findings === 0) {
    line = `No findings in ${resources}${suppressed}.`;
  } else {
    const counts = SEVERITIES.map((s) => `${summary.bySeverity[s]} ${s}`).join(', ');
    line = `${plural(summary.findings, 'finding')}: ${counts}${suppressed} in ${resources}`;
  }
  const { failOn } = options;
  if (failOn === undefined || failOn === 'none') return line;
  const failing = report.findings.filter((f) => !f.suppressed && atLeast(f.severity, failOn)).length;
  return failing === 0
    ? `${line}\nNo findings at or above ${failOn} (--fail-on ${failOn}).`
    : `${line}\n${plural(failing, 'finding')} at or above ${failOn} (--fail-on ${failOn}).`;
}
