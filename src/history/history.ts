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

const SPAN = `SELECT fingerprint, rule_id, kind, namespace, name, path, severity, opened_at, fixed_at
  FROM findings WHERE site = ?`;

type KeyRow = {
  fingerprint: string;
  opened_at: number;
  fixed_at: number | null;
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
    history.added = sortKeys(
      (await store.all<KeyRow>(`${SPAN} AND opened_scan = ?`, [site, latest.id])).map(toKey),
    );
    history.fixed = sortKeys(
      (await store.all<KeyRow>(`${SPAN} AND fixed_scan = ?`, [site, latest.id])).map(toKey),
    );
  }
  for (const row of await store.all<KeyRow>(`${SPAN} AND fixed_at IS NULL`, [site])) {
    const firstSeen = Number(row.opened_at);
    history.open.push({ ...toKey(row), firstSeen, openMs: latest.at - firstSeen });
  }
  for (const row of await store.all<KeyRow>(`${SPAN} AND fixed_at >= ?`, [site, since])) {
    const firstSeen = Number(row.opened_at);
    const fixedAt = Number(row.fixed_at);
    history.fixedInWindow.push({ ...toKey(row), firstSeen, fixedAt, openMs: fixedAt - firstSeen });
  }
  history.open.sort((a, b) => b.openMs - a.openMs || compareKeys(a, b));
  history.fixedInWindow.sort((a, b) => b.fixedAt - a.fixedAt || compareKeys(a, b));
  return history;
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
