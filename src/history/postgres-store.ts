/** The fleet store: one PostgreSQL database that many sites record into, through `pg`. */
import type pg from 'pg';
import { redact } from './location.js';
import { HistoryError, numberedPlaceholders, type Store } from './store.js';

/** Rows per INSERT … SELECT FROM unnest(…): one round trip per batch, arrays instead of thousands of params. */
const BATCH = 20_000;
const CONNECT_TIMEOUT_MS = 10_000;
/** Any constant key: every parapet that migrates this database takes the same advisory lock. */
const MIGRATION_LOCK = 0x70617261;
const SITE_LOCKS = 0x70617262;

export async function openPostgres(url: string): Promise<Store> {
  // loaded here, not at the top: only --record, history and fleet pay for the driver
  const { default: driver } = await import('pg');
  const location = redact(url);
  const client = new driver.Client({
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // counts and epoch milliseconds fit a double: read int8 (and numeric sums) as numbers, not strings
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20 || oid === 1700
          ? Number
          : driver.types.getTypeParser(oid, format)) as typeof driver.types.getTypeParser,
    },
  });
  client.on('error', () => {
    // a dropped connection surfaces as the failing query's error; without a listener it would crash the process
  });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new HistoryError(`cannot connect to history database ${location}: ${oneLine(error)}`);
  }
  const query = async (sql: string, params: readonly unknown[]): Promise<pg.QueryResult> => {
    try {
      return await client.query(numberedPlaceholders(sql), params as unknown[]);
    } catch (error) {
      throw new HistoryError(`history database ${location}: ${oneLine(error)}`);
    }
  };
  return {
    kind: 'postgres',
    location,
    async all<T>(sql: string, params: readonly unknown[] = []) {
      return (await query(sql, params)).rows as T[];
    },
    async run(sql, params = []) {
      return (await query(sql, params)).rowCount ?? 0;
    },
    async insertMany(table, columns, rows) {
      // column types come from the table itself, so one statement shape serves every table
      const types = await columnTypes(query, table, columns);
      const unnest = columns.map((c) => `?::${types.get(c)}[]`).join(', ');
      const sql = `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${unnest}) ON CONFLICT DO NOTHING`;
      for (let start = 0; start < rows.length; start += BATCH) {
        const batch = rows.slice(start, start + BATCH);
        await query(
          sql,
          columns.map((_, i) => batch.map((row) => row[i])),
        );
      }
    },
    async transaction(work) {
      await query('BEGIN', []);
      try {
        const result = await work();
        await query('COMMIT', []);
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    async lockForMigration() {
      await query('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
    },
    async lockSite(site) {
      // two-key form: its own key space, apart from the migration lock
      await query('SELECT pg_advisory_xact_lock(?, hashtext(?))', [SITE_LOCKS, site]);
    },
    async close() {
      await client.end().catch(() => undefined);
    },
  };
}

async function columnTypes(
  query: (sql: string, params: readonly unknown[]) => Promise<pg.QueryResult>,
  table: string,
  columns: readonly string[],
): Promise<Map<string, string>> {
  const { rows } = await query(
    `SELECT column_name, data_type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ?`,
    [table],
  );
  const types = new Map(
    (rows as { column_name: string; data_type: string }[]).map((r) => [r.column_name, r.data_type]),
  );
  for (const c of columns)
    if (!types.has(c)) throw new HistoryError(`history table ${table} has no column ${c}`);
  return types;
}

function oneLine(error: unknown): string {
  const e = error as { message?: string; code?: string; errors?: { message: string }[] };
  // a refused connection to "localhost" is an AggregateError (one per address) with an empty message
  const message = e.message || e.errors?.[0]?.message || e.code || String(error);
  return message.split('\n')[0] as string;
}
