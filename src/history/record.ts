/**
 * `scan --record`: one scan into the history. Each finding is kept as its fingerprint (rule, resource, path) and
 * severity, never its message, which may quote a value. Idempotent: the scan id is derived from the site, the
 * time and the findings, and a scan already stored is left as it is.
 */
import { hash } from 'node:crypto';
import { hostname } from 'node:os';
import type { ScanReport } from '../findings/finding.js';
import { SEVERITIES } from '../findings/severity.js';
import { summarize } from '../reporters/summary.js';
import { parseLocation } from './location.js';
import { openStore } from './open.js';
import type { Store } from './store.js';

export interface RecordOptions {
  site: string;
  /** When the scan ran (default: now). */
  at?: Date;
}

export interface Recorded {
  scanId: string;
  /** False when this very scan had been recorded before (nothing changed). */
  inserted: boolean;
  findings: number;
}

export function scanId(report: ScanReport, site: string, at: Date): string {
  const fingerprints = report.findings.map((f) => `${f.fingerprint}:${f.severity}:${f.suppressed ? 1 : 0}`);
  return hash('sha256', [site, at.toISOString(), report.tool.version, ...fingerprints].join('\n')).slice(
    0,
    32,
  );
}

export async function recordScan(
  store: Store,
  report: ScanReport,
  options: RecordOptions,
): Promise<Recorded> {
  const at = options.at ?? new Date();
  const id = scanId(report, options.site, at);
  const summary = summarize(report);
  const keys = new Map<string, unknown[]>();
  const rows = new Map<string, unknown[]>();
  for (const f of report.findings) {
    if (rows.has(f.fingerprint)) continue; // one object judged twice (listed in two files) is one finding
    const r = f.resource;
    keys.set(f.fingerprint, [f.fingerprint, f.ruleId, r.kind, r.namespace, r.name, f.path]);
    rows.set(f.fingerprint, [id, f.fingerprint, f.severity, f.suppressed ? 1 : 0]);
  }
  const inserted = await store.transaction(async () => {
    const added = await store.run(
      `INSERT INTO scans (id, site, scanned_at, parapet_version, resources, ${SEVERITIES.join(', ')}, suppressed)
       VALUES (?, ?, ?, ?, ?, ${SEVERITIES.map(() => '?').join(', ')}, ?) ON CONFLICT (id) DO NOTHING`,
      [
        id,
        options.site,
        at.getTime(),
        report.tool.version,
        summary.resources,
        ...SEVERITIES.map((s) => summary.bySeverity[s]),
        summary.suppressed,
      ],
    );
    if (added === 0) return false;
    await store.insertMany(
      'finding_keys',
      ['fingerprint', 'rule_id', 'kind', 'namespace', 'name', 'path'],
      [...keys.values()],
    );
    await store.insertMany(
      'findings',
      ['scan_id', 'fingerprint', 'severity', 'suppressed'],
      [...rows.values()],
    );
    await store.run(
      `INSERT INTO latest_scans (site, scan_id, scanned_at) VALUES (?, ?, ?)
       ON CONFLICT (site) DO UPDATE SET scan_id = excluded.scan_id, scanned_at = excluded.scanned_at
       WHERE latest_scans.scanned_at <= excluded.scanned_at`,
      [options.site, id, at.getTime()],
    );
    return true;
  });
  return { scanId: id, inserted, findings: rows.size };
}

/** The site a scan is recorded for when --site is not given: the kube context of a --cluster scan, else this host. */
export function defaultSite(context: string | undefined): string {
  return context || hostname();
}

/** `scan --record`: open the store the user named (creating and migrating it), record, close. */
export async function recordToHistory(
  report: ScanReport,
  options: { db: string | undefined; site: string; at?: Date },
): Promise<Recorded & { location: string }> {
  const store = await openStore(parseLocation(options.db), { create: true });
  try {
    return { ...(await recordScan(store, report, options)), location: store.location };
  } finally {
    await store.close();
  }
}
