/**
 * The history schema, created and upgraded by numbered migrations recorded in `schema_version`. SQL common to
 * SQLite and PostgreSQL only. A database migrated by a newer parapet is refused and left exactly as it is.
 */
import { SEVERITIES } from '../findings/severity.js';
import { HistoryError, type Store } from './store.js';

interface Migration {
  version: number;
  statements: readonly string[];
}

const severityColumns = SEVERITIES.map((s) => `${s} INTEGER NOT NULL`).join(',\n  ');

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: [
      // one row per recorded scan; the counts are the unsuppressed findings per severity
      `CREATE TABLE scans (
  id TEXT PRIMARY KEY,
  site TEXT NOT NULL,
  scanned_at BIGINT NOT NULL,
  parapet_version TEXT NOT NULL,
  resources INTEGER NOT NULL,
  ${severityColumns},
  suppressed INTEGER NOT NULL
)`,
      'CREATE INDEX scans_by_site_time ON scans (site, scanned_at)',
      // each finding of a site as the span of scans it stayed open in: a scan writes only what changed (new
      // findings, fixed ones), so a site recording daily grows by its changes, not by its whole posture. A finding
      // is its fingerprint (rule, resource, path) and severity, with those parts; never a message
      `CREATE TABLE findings (
  site TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  severity TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  path TEXT NOT NULL,
  opened_scan TEXT NOT NULL,
  opened_at BIGINT NOT NULL,
  fixed_scan TEXT,
  fixed_at BIGINT,
  PRIMARY KEY (site, fingerprint, severity, opened_at)
)`,
      // each site's newest scan, kept on record, so `parapet fleet` reads one row per site
      `CREATE TABLE latest_scans (
  site TEXT PRIMARY KEY,
  scan_id TEXT NOT NULL,
  scanned_at BIGINT NOT NULL
)`,
    ],
  },
];

export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** Brings the database to SCHEMA_VERSION (concurrent parapets wait for each other), or refuses a newer one. */
export async function migrate(store: Store): Promise<void> {
  await store.transaction(async () => {
    await store.lockForMigration();
    await store.run(
      'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)',
    );
    const [row] = await store.all<{ version: number | null }>(
      'SELECT MAX(version) AS version FROM schema_version',
    );
    const current = Number(row?.version ?? 0);
    if (current > SCHEMA_VERSION)
      throw new HistoryError(
        `history database ${store.location} has schema version ${current}, newer than this parapet's ${SCHEMA_VERSION}: upgrade parapet (the database was not changed)`,
      );
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      for (const statement of migration.statements) await store.run(statement);
      await store.run('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)', [
        migration.version,
        Date.now(),
      ]);
    }
  });
}
