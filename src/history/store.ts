/**
 * The one interface both history stores implement: SQL is written once, with `?` placeholders, and each store
 * runs it in its own dialect (PostgreSQL's `$1`), so every query and migration is shared.
 */

export type StoreKind = 'sqlite' | 'postgres';

export interface Store {
  readonly kind: StoreKind;
  /** What the user named, for messages: a file path, or the PostgreSQL URL without its password. */
  readonly location: string;
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /**
   * Inserts many rows at once (the store batches them its fastest way); rows whose primary key is already
   * there are skipped, so recording the same scan twice changes nothing.
   */
  insertMany(table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void>;
  /** Runs `work` in one transaction: all of it is stored, or none. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Serialises schema migrations between processes sharing one database (inside a transaction). */
  lockForMigration(): Promise<void>;
  /** Serialises recording for one site (inside a transaction): two scans of it at once must not both open a span. */
  lockSite(site: string): Promise<void>;
  close(): Promise<void>;
}

/** Any trouble with the history database: printed as one line, exit code 2. */
export class HistoryError extends Error {
  override name = 'HistoryError';
}

/** `?` placeholders → `$1, $2, …` (no query of ours has a `?` inside a string literal). */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
