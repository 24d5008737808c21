/** `parapet history`: one site's posture over time, from the scans `scan --record` stored. */
import { oneOf, parseFlags, UsageError } from './args.js';
import { DB_HELP, sinceFlag } from './history-flags.js';
import { writeOutput } from './output.js';

const HELP = `One site's posture over time, from the scans \`parapet scan --record\` stored: findings by
severity per scan, what is new and what was fixed since the previous scan, and how long findings stayed
open (a finding is its rule, resource and field path; messages are never stored).

Usage:
  parapet history [--site NAME] [--since 30d] [--format table|json|html] [--db URL] [-o FILE]

Flags:
  --site NAME           the site (default: the only one recorded; with several, name one)
  --since WINDOW        scans since then: a duration such as 30d (default), 12h or 2w, or a date
                        such as 2026-11-01
  --format FORMAT       table (default), json, or html (one self-contained page that draws the trend
                        and makes no network request)
${DB_HELP}
  -o, --output FILE     write to FILE instead of standard output
  -h, --help            this help

Examples:
  parapet scan --record --site shop-042 k8s/
  parapet history --site shop-042 --since 14d
  parapet history --site shop-042 --format html -o shop-042.html

Exit codes: 0 shown; 2 usage error, or a database that cannot be opened, reached or read.
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      site: { type: 'string' },
      since: { type: 'string' },
      format: { type: 'string' },
      db: { type: 'string' },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
    'history',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`history takes no PATH (got "${positionals[0]}")`);
  const format = oneOf('format', values.format, ['table', 'json', 'html'], 'table');
  const since = sinceFlag(values.since, '30d');
  const { parseLocation } = await import('../history/location.js');
  const { openStore } = await import('../history/open.js');
  const { chooseSite, siteHistory } = await import('../history/history.js');
  const report = await import('../history/history-report.js');
  const store = await openStore(parseLocation(values.db), { create: false });
  try {
    const history = await siteHistory(store, await chooseSite(store, values.site), since);
    const render =
      format === 'json' ? report.historyJson : format === 'html' ? report.historyHtml : report.historyTable;
    await writeOutput(render(history), values.output);
  } finally {
    await store.close();
  }
  return 0;
}
