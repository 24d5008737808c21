/** `parapet fleet`: every site recorded in one database, latest posture and change over the window, worst first. */
import { oneOf, parseFlags, UsageError } from './args.js';
import { DB_HELP, sinceFlag } from './history-flags.js';
import { writeOutput } from './output.js';

const HELP = `Every site that records into one database (\`parapet scan --record\`): its latest posture and its
change over the window, worst first (most critical findings, then high, and so on).

Usage:
  parapet fleet [--db URL] [--since 7d] [--format table|json|html] [-o FILE]

Flags:
${DB_HELP}
  --since WINDOW        the window the change is measured over, from its first scan to the latest:
                        a duration such as 7d (default), 30d or 12h, or a date such as 2026-11-01
  --format FORMAT       table (default), json, or html (one self-contained page)
  -o, --output FILE     write to FILE instead of standard output
  -h, --help            this help

Examples:
  export PARAPET_DATABASE_URL=postgres://parapet@history.example/parapet
  parapet scan --record --site shop-042 k8s/       # on each site
  parapet fleet --since 7d                          # which sites got worse this week

Exit codes: 0 shown; 2 usage error, or a database that cannot be opened, reached or read.
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      since: { type: 'string' },
      format: { type: 'string' },
      db: { type: 'string' },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
    'fleet',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`fleet takes no PATH (got "${positionals[0]}")`);
  const format = oneOf('format', values.format, ['table', 'json', 'html'], 'table');
  const since = sinceFlag(values.since, '7d');
  const { parseLocation } = await import('../history/location.js');
  const { openStore } = await import('../history/open.js');
  const { fleet } = await import('../history/fleet.js');
  const report = await import('../history/fleet-report.js');
  const store = await openStore(parseLocation(values.db), { create: false });
  try {
    const view = await fleet(store, since);
    const render =
      format === 'json' ? report.fleetJson : format === 'html' ? report.fleetHtml : report.fleetTable;
    await writeOutput(render(view), values.output);
  } finally {
    await store.close();
  }
  return 0;
}
