/** Flags that `scan --record`, `history` and `fleet` share: where the history database is, and --since. */
import { parseSince, SINCE_HELP } from '../history/window.js';
import { UsageError } from './args.js';

export const DB_HELP = `  --db URL              the history database: sqlite:PATH or postgres://USER[:PASSWORD]@HOST[:PORT]/DB
                        (default: PARAPET_DATABASE_URL, else sqlite:$XDG_DATA_HOME/parapet/history.db,
                        that is ~/.local/share/parapet/history.db)`;

export function sinceFlag(value: string | undefined, fallback: string): number {
  const since = parseSince(value ?? fallback);
  if (since === undefined) throw new UsageError(`--since takes ${SINCE_HELP} (got "${value}")`);
  return since;
}
