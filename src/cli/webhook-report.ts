/** `parapet webhook report`: flags here, the summary in report.ts. */
import { readFile } from 'node:fs/promises';
import { admissionRules } from '../admission/capability.js';
import { formatReport, parseAuditLines, rolloutReport } from '../admission/report.js';
import { DEFAULT_POLICY, loadPolicy } from '../engine/policy.js';
import { RULES } from '../rules/registry.js';
import { parseFlags, UsageError } from './args.js';

const HELP = `Summarise the webhook's audit lines by rule and namespace, and say which rules could move to deny
without blocking anything admitted in the window.

Usage:
  parapet webhook report [--since 24h] [--policy FILE] [--format text|json] LOGFILE...

Flags:
  --since DURATION   only lines this recent: 30m, 24h (default), 7d
  --policy FILE      the webhook's policy, for the rules it judges (default: parapet's default rules)
  --format F         text (default) or json
  -h, --help         this help
`;

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      since: { type: 'string' },
      policy: { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    'webhook report',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('name the webhook log file(s) to read');
  const window = values.since ?? '24h';
  const m = /^(\d+)([smhd])$/.exec(window);
  if (!m) throw new UsageError(`--since takes a duration such as 30m, 24h or 7d (got "${window}")`);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`--format must be text or json (got "${format}")`);
  const since = Date.now() - Number(m[1]) * (UNITS[m[2] as string] as number);
  const policy = values.policy ? await loadPolicy(values.policy, RULES) : DEFAULT_POLICY;
  let skipped = 0;
  const lines = [];
  for (const file of positionals) {
    const text = await readFile(file, 'utf8').catch((error: Error) => {
      throw new UsageError(`cannot read ${file}: ${error.message}`);
    });
    const parsed = parseAuditLines(text, since);
    lines.push(...parsed.lines);
    skipped += parsed.skipped;
  }
  const judged = admissionRules(RULES, policy).map((a) => a.rule.meta.id);
  const report = rolloutReport(lines, judged, skipped);
  process.stdout.write(
    format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, window),
  );
  return 0;
}
