/** `parapet detect`: threat detection over Kubernetes audit logs (files, a followed live log, the audit webhook). */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Alert } from '../audit/alert.js';
import { atLeast, SEVERITIES, type Severity } from '../findings/severity.js';
import { oneOf, parseFlags, parseSize, UsageError } from './args.js';

const HELP = `Detect threats (Microsoft Threat Matrix techniques) in Kubernetes API server audit logs.

Usage:
  parapet detect [flags] FILE...                     audit logs (JSON lines; .gz; - for stdin)
  parapet detect --follow FILE --checkpoint F [flags]  tail the live log through rotation, resume after restart
  parapet detect serve --listen ADDR [flags]          the API server's audit webhook backend

Flags:
  --format FORMAT        table (default) or json (one alert per line, NDJSON, in event order)
  -o, --output FILE      write alerts to FILE (appended) instead of standard output
  --rules FILE           more rules (same YAML format as the built-in ones); repeatable
  --cluster-name NAME    the cluster's name, set in every alert
  --dedup-window DUR     fold repeats of an alert (same rule, subject, object) within DUR (default 60s; 0: off)
  --rate-limit N         at most N alerts per rule per minute (default 100); the rest are counted on stderr
  --fail-on SEVERITY     exit 1 when an alert at or above it was raised (default none)
  --sink URL             also deliver alerts to http(s)://..., syslog+udp://HOST:PORT, syslog+tcp://HOST:PORT
                         or otlp+http(s)://HOST:PORT/v1/logs (OTLP/HTTP JSON); repeatable
  --spool DIR            where alerts wait while a sink is unreachable (default .parapet-spool), delivered
                         in order when it returns, also by a later run
  --spool-max SIZE       spool size per sink (default 64Mi); beyond it the oldest alerts are dropped
  --follow FILE          follow FILE as it grows and rotates (rename or copytruncate)
  --checkpoint FILE      where --follow keeps its position (inode, offset, last auditID), written atomically
  -h, --help             this help

Each request is judged once: at ResponseComplete, at ResponseStarted for exec, attach, port-forward, proxy
and watch, and at Panic; an auditID seen again is not judged again. Lines that are not audit events are
reported on stderr as FILE:LINE: reason and skipped. \`parapet rules\` does not list detection rules: they
are data (YAML) in src/audit/builtin-rules.ts; a --rules file adds rules, replaces one by id, extends the
named exclusions (system-components, deployers) and may \`disable\` rules.

Examples:
  parapet detect /var/log/kubernetes/audit/audit.log /var/log/kubernetes/audit/audit-*.log.gz
  parapet detect --format json --cluster-name edge-17 audit.log | jq .
  parapet detect --follow /var/log/kubernetes/audit/audit.log --checkpoint /var/lib/parapet/audit.ckpt

Exit codes: 0 the run completed; 1 an alert at or above --fail-on; 2 usage error or an unreadable input.
`;

const FORMATS = ['table', 'json'] as const;

/** The flags every mode shares for delivery to sinks. */
export const SINK_FLAGS = {
  sink: { type: 'string', multiple: true },
  spool: { type: 'string' },
  'spool-max': { type: 'string' },
} as const;

/** The --sink deliveries, each with its spool; `push` hands an alert to all, `close` makes a last attempt. */
export async function openSinks(
  values: { sink?: string[]; spool?: string; 'spool-max'?: string },
  cluster: string | null,
  warn: (message: string) => void,
) {
  const urls = values.sink ?? [];
  const spoolMaxBytes = parseSize('spool-max', values['spool-max'], 64 * 1024 * 1024);
  if (urls.length === 0) return { push: (_: Alert) => {}, close: async () => {} };
  const [{ parseSink }, { Delivery }] = await Promise.all([
    import('../audit/sinks.js'),
    import('../audit/delivery.js'),
  ]);
  const deliveries = urls.map((url) => {
    const sink = parseSink(url, cluster);
    if (sink === undefined)
      throw new UsageError(
        `--sink takes http(s)://..., syslog+udp://HOST:PORT, syslog+tcp://HOST:PORT or otlp+http(s)://... (got "${url}")`,
      );
    return new Delivery(sink, { spoolDir: values.spool ?? '.parapet-spool', spoolMaxBytes, warn });
  });
  return {
    push: (alert: Alert) => {
      for (const d of deliveries) d.push(alert);
    },
    close: async () => {
      await Promise.all(deliveries.map((d) => d.close()));
    },
  };
}
export type DetectFormat = (typeof FORMATS)[number];

/** `60s`, `5m`, `1h`, `0` → seconds. */
export function parseDuration(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const m = /^(\d+)(s|m|h)?$/.exec(value.trim());
  if (!m) throw new UsageError(`--${flag} takes a duration such as 60s, 5m or 1h (got "${value}")`);
  return Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
}

function positiveInt(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${flag} takes a positive integer (got "${value}")`);
  return n;
}

/** Where alerts go: a line writer for stdout or an appended file. */
export function alertWriter(
  format: DetectFormat,
  output: string | undefined,
  table: { header: string; line: (a: Alert) => string },
) {
  const fd = output === undefined || output === '-' ? undefined : openSync(output, 'a');
  let headed = false;
  const write = (text: string) => {
    if (fd === undefined) process.stdout.write(text);
    else writeSync(fd, text);
  };
  return {
    write(alert: Alert) {
      if (format === 'json') write(`${JSON.stringify(alert)}\n`);
      else {
        if (!headed) {
          headed = true;
          write(table.header);
        }
        write(table.line(alert));
      }
    },
    close() {
      if (fd !== undefined) closeSync(fd);
    },
  };
}

export async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'serve') {
    const { runServe } = await import('./detect-serve.js');
    return runServe(argv.slice(1));
  }
  const { values, positionals } = parseFlags(
    argv,
    {
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      rules: { type: 'string', multiple: true },
      'cluster-name': { type: 'string' },
      'dedup-window': { type: 'string' },
      'rate-limit': { type: 'string' },
      'fail-on': { type: 'string' },
      follow: { type: 'string' },
      checkpoint: { type: 'string' },
      ...SINK_FLAGS,
      help: { type: 'boolean', short: 'h' },
    },
    'detect',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const format = oneOf('format', values.format, FORMATS, 'table');
  const failOn = oneOf<Severity | 'none'>('fail-on', values['fail-on'], [...SEVERITIES, 'none'], 'none');
  const dedupWindow = parseDuration('dedup-window', values['dedup-window'], 60);
  const rateLimit = positiveInt('rate-limit', values['rate-limit'], 100);
  if (values.follow !== undefined) {
    if (values.checkpoint === undefined) throw new UsageError('--follow needs --checkpoint FILE');
    if (positionals.length > 0) throw new UsageError('--follow takes its one file; give no other FILE');
  } else if (values.checkpoint !== undefined) throw new UsageError('--checkpoint goes with --follow FILE');
  else if (positionals.length === 0)
    throw new UsageError(
      'give audit log files (or - for stdin), or --follow FILE\nRun `parapet detect --help` for usage.',
    );

  const [{ loadRuleSet }, { Detector }, { detectFile }, table] = await Promise.all([
    import('../audit/rule-set.js'),
    import('../audit/detector.js'),
    import('../audit/files.js'),
    import('../audit/table.js'),
  ]);
  let ruleSet: ReturnType<typeof loadRuleSet>;
  try {
    ruleSet = loadRuleSet(values.rules ?? []);
  } catch (error) {
    if ((error as Error).name !== 'RuleFileError') throw error;
    throw new UsageError((error as Error).message);
  }
  const writer = alertWriter(format, values.output, { header: table.TABLE_HEADER, line: table.tableLine });
  const warn = (message: string) => process.stderr.write(`parapet detect: ${message}\n`);
  const sinks = await openSinks(values, values['cluster-name'] ?? null, warn);
  let failed = false;
  const detector = new Detector(
    ruleSet,
    (alert) => {
      if (failOn !== 'none' && atLeast(alert.severity, failOn)) failed = true;
      writer.write(alert);
      sinks.push(alert);
    },
    { cluster: values['cluster-name'] ?? null, dedupWindow, rateLimit },
  );
  let unreadable = false;
  try {
    if (values.follow !== undefined) {
      const { follow } = await import('../audit/follow.js');
      await follow(values.follow, values.checkpoint as string, detector, warn);
    } else {
      for (const file of positionals) if (!(await detectFile(file, detector, warn))) unreadable = true;
    }
    detector.flush();
  } finally {
    writer.close();
    await sinks.close();
  }
  for (const [rule, n] of detector.stats.rateLimited)
    warn(`rule ${rule}: ${n} alert(s) over --rate-limit ${rateLimit}/min were not raised`);
  if (unreadable) return 2;
  return failed ? 1 : 0;
}
