/** The embedded store: one SQLite file through better-sqlite3 (synchronous underneath, wrapped as the interface). */
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { HistoryError, type Store } from './store.js';

export function openSqlite(file: string, create: boolean): Store {
  // loaded here, not at the top: only --record, history and fleet pay for the native module
  const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  if (!create && !existsSync(file))
    throw new HistoryError(
      `no history at ${file} yet: record a scan there with \`parapet scan --record\` (or name one with --db)`,
    );
  let db: BetterSqlite3.Database;
  try {
    if (create) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new Database(file, { fileMustExist: !create });
    db.pragma('journal_mode = WAL');
    // WAL with synchronous=NORMAL: a crash loses at most the last scan recorded, never the file's integrity
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -65536');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
  } catch (error) {
    throw new HistoryError(`cannot open history database ${file}: ${(error as Error).message}`);
  }
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string): BetterSqlite3.Statement => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    kind: 'sqlite',
    location: file,
    async all<T>(sql: string, params: readonly unknown[] = []) {
      return guard(file, () => prepare(sql).all(...params) as T[]);
    },
    async run(sql, params = []) {
      return guard(file, () => {
        const statement = prepare(sql);
        return statement.reader ? statement.all(...params).length : statement.run(...params).changes;
      });
    },
    async insertMany(table, columns, rows) {
      guard(file, () => {
        const insert = prepare(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`,
        );
        for (const row of rows) insert.run(...row);
      });
    },
    async transaction(work) {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work();
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    },
    async lockForMigration() {
      // BEGIN IMMEDIATE already holds SQLite's write lock
    },
    async lockSite() {
      // likewise
    },
    async close() {
      db.close();
    },
  };
}

/** SQLite's own errors (a locked, full or corrupt file) as one line naming the file. */
function guard<T>(file: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if ((error as { code?: unknown }).code === undefined) throw error;
    throw new HistoryError(`history database ${file}: ${(error as Error).message}`);
  }
}
