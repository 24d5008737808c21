/** `parapet detect serve`: the audit webhook backend (the API server's --audit-webhook-config-file points here). */
import { atLeast, SEVERITIES, type Severity } from '../findings/severity.js';
import { oneOf, parseFlags, UsageError } from './args.js';
import { alertWriter, openSinks, parseDuration, SINK_FLAGS } from './detect.js';

const HELP = `Receive the API server's audit events (its webhook backend) and raise alerts as they come.

Usage:
  parapet detect serve [--listen ADDR] [--tls-cert FILE --tls-key FILE] [flags]

Flags:
  --listen ADDR          HOST:PORT to listen on (default 127.0.0.1:8444; port 0 picks a free one)
  --tls-cert FILE        serve HTTPS with this certificate (PEM) ...
  --tls-key FILE         ... and this key; without them, plain HTTP (loopback or a sidecar only)
  --queue N              events queued at most (default 50000); a batch that does not fit gets 429, and the
                         API server's batch backend retries it
  --format FORMAT        table (default) or json (NDJSON)
  -o, --output FILE      append alerts to FILE instead of standard output
  --rules FILE           more rules (repeatable), as for \`parapet detect\`
  --cluster-name NAME    the cluster's name, set in every alert
  --dedup-window DUR     fold repeats of an alert within DUR (default 60s; 0: off)
  --rate-limit N         at most N alerts per rule per minute (default 100)
  --sink URL, --spool DIR, --spool-max SIZE   deliver alerts to sinks, as for \`parapet detect\`
  --fail-on SEVERITY     exit 1 at shutdown when an alert at or above it was raised (default none)
  -h, --help             this help

POST / takes an audit.k8s.io/v1 EventList; GET /healthz answers ok; GET /metrics serves Prometheus metrics
(events received and processed, bad events, refused batches, alerts by rule, queue depth, lag). SIGTERM or
SIGINT: stop accepting, judge what is queued, exit.

The API server's webhook config (--audit-webhook-config-file) is a kubeconfig:
  clusters: [{name: parapet, cluster: {server: "https://127.0.0.1:8444/", certificate-authority: ca.pem}}]

Exit codes: 0 stopped cleanly; 1 an alert at or above --fail-on; 2 usage error or cannot listen.
`;

const FORMATS = ['table', 'json'] as const;

export async function runServe(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      listen: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      queue: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      rules: { type: 'string', multiple: true },
      'cluster-name': { type: 'string' },
      'dedup-window': { type: 'string' },
      'rate-limit': { type: 'string' },
      'fail-on': { type: 'string' },
      ...SINK_FLAGS,
      help: { type: 'boolean', short: 'h' },
    },
    'detect serve',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const format = oneOf('format', values.format, FORMATS, 'table');
  const failOn = oneOf<Severity | 'none'>('fail-on', values['fail-on'], [...SEVERITIES, 'none'], 'none');
  const dedupWindow = parseDuration('dedup-window', values['dedup-window'], 60);
  const number = (flag: string, value: string | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new UsageError(`--${flag} takes a positive integer (got "${value}")`);
    return n;
  };
  const rateLimit = number('rate-limit', values['rate-limit'], 100);
  const queueLimit = number('queue', values.queue, 50_000);
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined))
    throw new UsageError('--tls-cert and --tls-key go together');
  const [{ loadRuleSet }, { Detector }, serve, table] = await Promise.all([
    import('../audit/rule-set.js'),
    import('../audit/detector.js'),
    import('../audit/serve.js'),
    import('../audit/table.js'),
  ]);
  const listen = serve.parseListenAddress(values.listen ?? '127.0.0.1:8444');
  if (listen === undefined) throw new UsageError(`--listen takes HOST:PORT (got "${values.listen}")`);
  let ruleSet: ReturnType<typeof loadRuleSet>;
  try {
    ruleSet = loadRuleSet(values.rules ?? []);
  } catch (error) {
    if ((error as Error).name !== 'RuleFileError') throw error;
    throw new UsageError((error as Error).message);
  }
  const writer = alertWriter(format, values.output, { header: table.TABLE_HEADER, line: table.tableLine });
  const metrics = serve.createDetectMetrics();
  const warn = (message: string) => process.stderr.write(`parapet detect serve: ${message}\n`);
  const sinks = await openSinks(values, values['cluster-name'] ?? null, warn);
  let failed = false;
  const detector = new Detector(
    ruleSet,
    (alert) => {
      if (failOn !== 'none' && atLeast(alert.severity, failOn)) failed = true;
      metrics.alerts.inc({ rule: alert.rule });
      writer.write(alert);
      sinks.push(alert);
    },
    { cluster: values['cluster-name'] ?? null, dedupWindow, rateLimit },
  );
  let webhook: Awaited<ReturnType<typeof serve.startAuditWebhook>>;
  try {
    webhook = await serve.startAuditWebhook(detector, warn, {
      listen,
      queueLimit,
      metrics,
      ...(values['tls-cert'] && values['tls-key']
        ? { tls: { certFile: values['tls-cert'], keyFile: values['tls-key'] } }
        : {}),
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    warn(
      `cannot serve on ${listen.host}:${listen.port} (${e.code ?? e.message}${e.path ? `: ${e.path}` : ''})`,
    );
    return 2;
  }
  warn(`listening on ${webhook.url}`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await webhook.close();
  writer.close();
  await sinks.close();
  for (const [rule, n] of detector.stats.rateLimited)
    warn(`rule ${rule}: ${n} alert(s) over --rate-limit ${rateLimit}/min were not raised`);
  return failed ? 1 : 0;
}
