/**
 * `parapet history`: one site's posture over a window: findings by severity per scan, what is new and what was
 * fixed since the previous scan, and how long findings stayed open.
 */
import { compareSeverity, type Severity } from '../findings/severity.js';
import { type ScanRow, scanColumns, toScan } from './scans.js';
import { HistoryError, type Store } from './store.js';

export interface FindingKey {
  fingerprint: string;
  ruleId: string;
  kind: string;
  namespace: string;
  name: string;
  path: string;
  severity: Severity;
}

export interface OpenFinding extends FindingKey {
  /** Epoch milliseconds of the first scan that saw it. */
  firstSeen: number;
  /** How long it has been open at the latest scan, in milliseconds. */
  openMs: number;
}

export interface FixedFinding extends FindingKey {
  firstSeen: number;
  /** The first scan that no longer saw it. */
  fixedAt: number;
  openMs: number;
}

export interface SiteHistory {
  site: string;
  /** Epoch milliseconds: the start of the window. */
  since: number;
  /** Scans in the window, oldest first. */
  scans: ScanRow[];
  latest?: ScanRow;
  previous?: ScanRow;
  /** In the latest scan and not in the previous one. */
  added: FindingKey[];
  /** In the previous scan and not in the latest one. */
  fixed: FindingKey[];
  /** Findings open at the latest scan, open longest first. */
  open: OpenFinding[];
  /** Findings fixed within the window, with how long they had stayed open. */
  fixedInWindow: FixedFinding[];
}

const KEY_COLUMNS = `k.fingerprint AS fingerprint, k.rule_id AS rule_id, k.kind AS kind, k.namespace AS namespace,
  k.name AS name, k.path AS path, f.severity AS severity`;

/** Unsuppressed findings of scan `?` that scan `?` does not have (unsuppressed). */
const DIFFERENCE = `SELECT ${KEY_COLUMNS}
  FROM findings f JOIN finding_keys k ON k.fingerprint = f.fingerprint
  WHERE f.scan_id = ? AND f.suppressed = 0
    AND NOT EXISTS (SELECT 1 FROM findings p WHERE p.scan_id = ? AND p.fingerprint = f.fingerprint AND p.suppressed = 0)`;

/** Every finding the site ever had: when it was first and last seen. */
const LIFETIMES = `SELECT ${KEY_COLUMNS}, MIN(s.scanned_at) AS first_seen, MAX(s.scanned_at) AS last_seen
  FROM findings f JOIN scans s ON s.id = f.scan_id JOIN finding_keys k ON k.fingerprint = f.fingerprint
  WHERE s.site = ? AND f.suppressed = 0
  GROUP BY k.fingerprint, k.rule_id, k.kind, k.namespace, k.name, k.path, f.severity`;

type KeyRow = {
  fingerprint: string;
  rule_id: string;
  kind: string;
  namespace: string;
  name: string;
  path: string;
  severity: Severity;
};

function toKey(row: KeyRow): FindingKey {
  return {
    fingerprint: row.fingerprint,
    ruleId: row.rule_id,
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    path: row.path,
    severity: row.severity,
  };
}

export async function sites(store: Store): Promise<string[]> {
  const rows = await store.all<{ site: string }>('SELECT site FROM latest_scans ORDER BY site');
  return rows.map((r) => r.site);
}

/** The site to show: the one asked for, else the only one recorded. */
export async function chooseSite(store: Store, asked: string | undefined): Promise<string> {
  const known = await sites(store);
  if (asked !== undefined) {
    if (!known.includes(asked))
      throw new HistoryError(`no scans recorded for site "${asked}"${knownSites(known)}`);
    return asked;
  }
  if (known.length === 1) return known[0] as string;
  if (known.length === 0)
    throw new HistoryError(
      `no scans recorded in ${store.location} yet: record one with \`parapet scan --record\``,
    );
  throw new HistoryError(`${known.length} sites are recorded: choose one with --site${knownSites(known)}`);
}

function knownSites(known: readonly string[]): string {
  if (known.length === 0) return '';
  const shown = known.slice(0, 10).join(', ');
  return ` (recorded: ${shown}${known.length > 10 ? `, and ${known.length - 10} more` : ''})`;
}

export async function siteHistory(store: Store, site: string, since: number): Promise<SiteHistory> {
  const scans = (
    await store.all<Record<string, unknown>>(
      `SELECT ${scanColumns('s')} FROM scans s WHERE s.site = ? AND s.scanned_at >= ? ORDER BY s.scanned_at, s.id`,
      [site, since],
    )
  ).map((row) => toScan(row));
  // the previous scan may lie before the window: "new since the previous scan" is about the last two
  const [latest, previous] = (
    await store.all<Record<string, unknown>>(
      `SELECT ${scanColumns('s')} FROM scans s WHERE s.site = ? ORDER BY s.scanned_at DESC, s.id DESC LIMIT 2`,
      [site],
    )
  ).map((row) => toScan(row));
  const history: SiteHistory = { site, since, scans, added: [], fixed: [], open: [], fixedInWindow: [] };
  if (latest === undefined) return history;
  history.latest = latest;
  if (previous !== undefined) {
    history.previous = previous;
    history.added = sortKeys((await store.all<KeyRow>(DIFFERENCE, [latest.id, previous.id])).map(toKey));
    history.fixed = sortKeys((await store.all<KeyRow>(DIFFERENCE, [previous.id, latest.id])).map(toKey));
  }
  const times = (
    await store.all<{ scanned_at: number }>(
      'SELECT scanned_at FROM scans WHERE site = ? ORDER BY scanned_at',
      [site],
    )
  ).map((r) => Number(r.scanned_at));
  for (const row of await store.all<KeyRow & { first_seen: number; last_seen: number }>(LIFETIMES, [site])) {
    const firstSeen = Number(row.first_seen);
    const lastSeen = Number(row.last_seen);
    if (lastSeen >= latest.at) {
      history.open.push({ ...toKey(row), firstSeen, openMs: latest.at - firstSeen });
      continue;
    }
    const fixedAt = times[firstAfter(times, lastSeen)] as number;
    if (fixedAt >= since)
      history.fixedInWindow.push({ ...toKey(row), firstSeen, fixedAt, openMs: fixedAt - firstSeen });
  }
  history.open.sort((a, b) => b.openMs - a.openMs || compareKeys(a, b));
  history.fixedInWindow.sort((a, b) => b.fixedAt - a.fixedAt || compareKeys(a, b));
  return history;
}

/** Index of the first time greater than `t` in ascending `times`. */
function firstAfter(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sortKeys<T extends FindingKey>(keys: T[]): T[] {
  return keys.sort(compareKeys);
}

function compareKeys(a: FindingKey, b: FindingKey): number {
  return (
    compareSeverity(a.severity, b.severity) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.namespace.localeCompare(b.namespace) ||
    a.kind.localeCompare(b.kind) ||
    a.name.localeCompare(b.name) ||
    a.path.localeCompare(b.path)
  );
}

/** The median of some durations (0 for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
