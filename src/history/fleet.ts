/**
 * `parapet fleet`: every site's latest posture and its change over the window, worst first. One query: the
 * latest scan comes from `latest_scans` (one row per site), the window's first scan from the (site, time) index.
 */
import { SEVERITIES, type Severity } from '../findings/severity.js';
import { compareWorst, type ScanRow, scanColumns, toScan } from './scans.js';
import type { Store } from './store.js';

export interface FleetSite {
  site: string;
  latest: ScanRow;
  /** The first scan in the window, that the change is measured from; absent when the latest is older. */
  baseline?: ScanRow;
  /** Latest minus baseline, per severity (all 0 without a baseline). */
  change: Record<Severity, number>;
  /** The latest scan is older than the window's start. */
  stale: boolean;
}

export interface Fleet {
  since: number;
  sites: FleetSite[];
}

const FLEET = `SELECT ${scanColumns('cur')}, ${scanColumns('base', 'b_')}
  FROM latest_scans l
  JOIN scans cur ON cur.id = l.scan_id
  LEFT JOIN scans base ON base.id = (
    SELECT b.id FROM scans b WHERE b.site = l.site AND b.scanned_at >= ? ORDER BY b.scanned_at, b.id LIMIT 1)`;

export async function fleet(store: Store, since: number): Promise<Fleet> {
  const sites = (await store.all<Record<string, unknown>>(FLEET, [since])).map((row): FleetSite => {
    const latest = toScan(row);
    const baseline = row.b_id === null || row.b_id === undefined ? undefined : toScan(row, 'b_');
    const change = Object.fromEntries(
      SEVERITIES.map((s) => [s, baseline === undefined ? 0 : latest.bySeverity[s] - baseline.bySeverity[s]]),
    ) as Record<Severity, number>;
    return { site: latest.site, latest, ...(baseline ? { baseline } : {}), change, stale: latest.at < since };
  });
  sites.sort(
    (a, b) =>
      compareWorst(a.latest.bySeverity, b.latest.bySeverity) ||
      compareWorst(a.change, b.change) ||
      a.site.localeCompare(b.site),
  );
  return { since, sites };
}
