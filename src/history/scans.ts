/** A stored scan as the history and fleet views read it. */
import { SEVERITIES, type Severity } from '../findings/severity.js';

export interface ScanRow {
  id: string;
  site: string;
  /** Epoch milliseconds. */
  at: number;
  version: string;
  resources: number;
  suppressed: number;
  /** Unsuppressed findings per severity. */
  bySeverity: Record<Severity, number>;
}

/** The columns of `scans` under the names toScan reads, prefixed by a table alias. */
export function scanColumns(alias: string, prefix = ''): string {
  const column = (name: string, as: string) => `${alias}.${name} AS ${prefix}${as}`;
  return [
    column('id', 'id'),
    column('site', 'site'),
    column('scanned_at', 'scanned_at'),
    column('parapet_version', 'parapet_version'),
    column('resources', 'resources'),
    column('suppressed', 'suppressed'),
    ...SEVERITIES.map((s) => column(s, s)),
  ].join(', ');
}

export function toScan(row: Record<string, unknown>, prefix = ''): ScanRow {
  const get = (name: string) => row[`${prefix}${name}`];
  return {
    id: String(get('id')),
    site: String(get('site')),
    at: Number(get('scanned_at')),
    version: String(get('parapet_version')),
    resources: Number(get('resources')),
    suppressed: Number(get('suppressed')),
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, Number(get(s))])) as Record<Severity, number>,
  };
}

export function total(counts: Record<Severity, number>): number {
  return SEVERITIES.reduce((sum, s) => sum + counts[s], 0);
}

/** Most severe posture first: more critical findings, then more high ones, and so on. */
export function compareWorst(a: Record<Severity, number>, b: Record<Severity, number>): number {
  for (const s of SEVERITIES) if (a[s] !== b[s]) return b[s] - a[s];
  return 0;
}
