/**
 * `scan --record`: one scan into the history: its counts, and the findings that opened or were fixed since the
 * site's previous scan. A finding is kept as its fingerprint (rule, resource, path), severity and those parts,
 * never its message, which may quote a value. Idempotent: the scan id is derived from the site, the time and the
 * findings, and a scan already stored is left as it is.
 */
import { hash } from 'node:crypto';
import { hostname } from 'node:os';
import type { Finding, ScanReport } from '../findings/finding.js';
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
  opened: number;
  fixed: number;
}

/** Parameters per `IN (…)` list: well under SQLite's and PostgreSQL's limits. */
const IN_CHUNK = 500;

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
  const { site } = options;
  const id = scanId(report, site, at);
  const summary = summarize(report);
  // suppressed findings are counted in the scan, not tracked as open; one finding per fingerprint
  const current = new Map<string, Finding>();
  for (const f of report.findings) if (!f.suppressed) current.set(f.fingerprint, f);
  return store.transaction(async () => {
    const added = await store.run(
      `INSERT INTO scans (id, site, scanned_at, parapet_version, resources, ${SEVERITIES.join(', ')}, suppressed)
       VALUES (?, ?, ?, ?, ?, ${SEVERITIES.map(() => '?').join(', ')}, ?) ON CONFLICT (id) DO NOTHING`,
      [
        id,
        site,
        at.getTime(),
        report.tool.version,
        summary.resources,
        ...SEVERITIES.map((s) => summary.bySeverity[s]),
        summary.suppressed,
      ],
    );
    if (added === 0) return { scanId: id, inserted: false, opened: 0, fixed: 0 };
    await store.lockSite(site);
    const [latest] = await store.all<{ scanned_at: number }>(
      'SELECT scanned_at FROM latest_scans WHERE site = ?',
      [site],
    );
    // a scan older than the site's newest (recorded late) adds its counts to the trend, not to the spans
    if (latest !== undefined && Number(latest.scanned_at) > at.getTime())
      return { scanId: id, inserted: true, opened: 0, fixed: 0 };
    const open = await store.all<{ fingerprint: string; severity: string }>(
      'SELECT fingerprint, severity FROM findings WHERE site = ? AND fixed_at IS NULL',
      [site],
    );
    const stillOpen = new Set<string>();
    const fixed = new Map<string, string[]>();
    for (const row of open) {
      // a finding whose severity changed closes its old span and opens one at the new severity
      if (current.get(row.fingerprint)?.severity === row.severity) stillOpen.add(row.fingerprint);
      else {
        const list = fixed.get(row.severity) ?? [];
        list.push(row.fingerprint);
        fixed.set(row.severity, list);
      }
    }
    const opened: unknown[][] = [];
    for (const [k, f] of current) {
      if (stillOpen.has(k)) continue;
      const r = f.resource;
      opened.push([
        site,
        f.fingerprint,
        f.severity,
        f.ruleId,
        r.kind,
        r.namespace,
        r.name,
        f.path,
        id,
        at.getTime(),
      ]);
    }
    await store.insertMany(
      'findings',
      [
        'site',
        'fingerprint',
        'severity',
        'rule_id',
        'kind',
        'namespace',
        'name',
        'path',
        'opened_scan',
        'opened_at',
      ],
      opened,
    );
    let fixedCount = 0;
    for (const [severity, fingerprints] of fixed)
      for (let i = 0; i < fingerprints.length; i += IN_CHUNK) {
        const chunk = fingerprints.slice(i, i + IN_CHUNK);
        fixedCount += await store.run(
          `UPDATE findings SET fixed_scan = ?, fixed_at = ?
            WHERE site = ? AND severity = ? AND fixed_at IS NULL AND fingerprint IN (${chunk.map(() => '?').join(', ')})`,
          [id, at.getTime(), site, severity, ...chunk],
        );
      }
    await store.run(
      `INSERT INTO latest_scans (site, scan_id, scanned_at) VALUES (?, ?, ?)
       ON CONFLICT (site) DO UPDATE SET scan_id = excluded.scan_id, scanned_at = excluded.scanned_at`,
      [site, id, at.getTime()],
    );
    return { scanId: id, inserted: true, opened: opened.length, fixed: fixedCount };
  });
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
