/**
 * Where the history lives: `--db sqlite:PATH`, `--db postgres://…`, PARAPET_DATABASE_URL, or by default a SQLite
 * file under the user's data directory.
 */
import { homedir } from 'node:os';
import path from 'node:path';
import { HistoryError } from './store.js';

export type Location = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export function defaultSqlitePath(env: NodeJS.ProcessEnv = process.env): string {
  const dataHome = env.XDG_DATA_HOME?.trim() || path.join(homedir(), '.local', 'share');
  return path.join(dataHome, 'parapet', 'history.db');
}

export function parseLocation(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Location {
  const given = flag ?? (env.PARAPET_DATABASE_URL || undefined);
  if (given === undefined) return { kind: 'sqlite', path: defaultSqlitePath(env) };
  if (given.startsWith('sqlite:')) {
    const file = given.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file === '')
      throw new HistoryError('database URL sqlite: needs a path, e.g. sqlite:/var/lib/parapet/history.db');
    return { kind: 'sqlite', path: file };
  }
  if (/^postgres(ql)?:\/\//.test(given)) {
    try {
      new URL(given);
    } catch {
      throw new HistoryError(`database URL is not a valid URL: ${redact(given)}`);
    }
    return { kind: 'postgres', url: given };
  }
  throw new HistoryError(
    `database URL must be sqlite:PATH or postgres://USER@HOST/DB (got "${redact(given)}")`,
  );
}

/** A URL as it may be printed: the password replaced. */
export function redact(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
