/**
 * `parapet webhook`: the rules `parapet scan` runs, enforced at admission. Flags only; the server is
 * src/admission/server.ts. `webhook config` and `webhook report` are the rollout aids.
 */
import type { AdmissionMode } from '../engine/policy.js';
import { oneOf, parseFlags, parseSeconds, parseSize, UsageError } from './args.js';

const HELP = `Serve parapet's rules as a Kubernetes validating admission webhook (AdmissionReview v1).

Usage:
  parapet webhook [flags] (--tls-cert FILE --tls-key FILE | --tls-self-signed)
  parapet webhook config --help
  parapet webhook report --help

Flags:
  --policy FILE          policy file: rules, exceptions, and its admission: section (modes per rule and
                         namespace, exemptions); reloaded on change and on SIGHUP. Default: the rules
                         \`parapet scan\` runs by default
  --mode MODE            audit (default: allow, log, count), warn (allow with warnings) or deny, for every
                         rule the policy sets no mode for
  --listen ADDR          HOST:PORT for HTTPS (default 0.0.0.0:8443; port 0 picks a free one)
  --metrics-listen ADDR  serve /healthz, /readyz and /metrics here over plain HTTP instead
  --tls-cert FILE        certificate (PEM), reloaded on change
  --tls-key FILE         its key (PEM), reloaded on change
  --tls-self-signed      make a throwaway certificate for localhost and 127.0.0.1 (needs openssl)
  --timeout-ms N         answer per --on-error when a review takes longer (default 2000; keep it below the
                         webhook's timeoutSeconds)
  --on-error allow|deny  the answer on overrun or internal error (default allow: never lock the cluster out)
  --max-body SIZE        refuse larger bodies with 400 (default 4Mi)
  --drain-ms N           on SIGTERM, how long in-flight reviews may take before exit (default 10000)

Namespace labels (only read when the policy's admission: section has a namespaceSelector):
  --kubeconfig FILE      kubeconfig for reading namespaces (default: KUBECONFIG, ~/.kube/config, else the
                         pod's ServiceAccount, which then needs get on namespaces:
                         deploy/webhook/namespace-reader/)
  --context NAME         kubeconfig context to use
  --namespace-cache-ttl S  how long a namespace's labels are kept (default 30; 30s and 1m work too). A
                         namespace whose labels cannot be read is judged as if its namespaceSelector
                         entries were absent, logged and counted
  -h, --help             this help

One JSON line per event goes to standard output: each judged request with violations (time, uid, user,
namespace, kind/name, rules, mode, decision), reloads and errors. \`parapet webhook report\` reads them.
`;

export async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'config') return (await import('./webhook-config.js')).run(argv.slice(1));
  if (argv[0] === 'report') return (await import('./webhook-report.js')).run(argv.slice(1));
  const { values, positionals } = parseFlags(
    argv,
    {
      policy: { type: 'string' },
      mode: { type: 'string' },
      listen: { type: 'string' },
      'metrics-listen': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-self-signed': { type: 'boolean' },
      'timeout-ms': { type: 'string' },
      'on-error': { type: 'string' },
      'max-body': { type: 'string' },
      'drain-ms': { type: 'string' },
      'watch-interval-ms': { type: 'string' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      'namespace-cache-ttl': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    'webhook',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (see --help)`);
  const { DEFAULTS, parseListen, startWebhook } = await import('../admission/server.js');
  const listenOf = (flag: string, value: string) => {
    const at = parseListen(value);
    if (at === undefined)
      throw new UsageError(`--${flag} takes HOST:PORT such as 0.0.0.0:8443 (got "${value}")`);
    return at;
  };
  const number = (flag: string, value: string | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value))
      throw new UsageError(`--${flag} takes a whole number of milliseconds (got "${value}")`);
    return Number(value);
  };
  const mode = oneOf<AdmissionMode>('mode', values.mode, ['audit', 'warn', 'deny'], 'audit');
  const onError = oneOf('on-error', values['on-error'], ['allow', 'deny'] as const, DEFAULTS.onError);
  const selfSigned = values['tls-self-signed'] === true;
  const cert = values['tls-cert'];
  const key = values['tls-key'];
  if (selfSigned === (cert !== undefined || key !== undefined) || (!selfSigned && (!cert || !key))) {
    throw new UsageError('give either --tls-cert FILE and --tls-key FILE, or --tls-self-signed');
  }
  const tls = selfSigned
    ? await (await import('../admission/self-signed.js')).selfSignedPair()
    : { certFile: cert as string, keyFile: key as string };
  const { RULES } = await import('../rules/registry.js');
  const log = (entry: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(entry)}\n`);
  const webhook = await startWebhook({
    listen: listenOf('listen', values.listen ?? '0.0.0.0:8443'),
    ...(values['metrics-listen']
      ? { metricsListen: listenOf('metrics-listen', values['metrics-listen']) }
      : {}),
    ...tls,
    ...(values.policy ? { policyFile: values.policy } : {}),
    catalog: RULES,
    mode,
    onError,
    timeoutMs: number('timeout-ms', values['timeout-ms'], DEFAULTS.timeoutMs),
    maxBodyBytes: parseSize('max-body', values['max-body'], DEFAULTS.maxBodyBytes),
    drainMs: number('drain-ms', values['drain-ms'], DEFAULTS.drainMs),
    watchIntervalMs: number('watch-interval-ms', values['watch-interval-ms'], DEFAULTS.watchIntervalMs),
    log,
    namespaceLabels: namespaceLabels(values.kubeconfig, values.context),
    namespaceCacheTtlMs: (parseSeconds('namespace-cache-ttl', values['namespace-cache-ttl']) ?? 30) * 1000,
  }).catch((error: NodeJS.ErrnoException) => {
    const where = error as { address?: string; port?: number; path?: string };
    const why: Record<string, string> = {
      EADDRINUSE: 'address already in use',
      EACCES: 'permission denied',
      EADDRNOTAVAIL: 'no such address',
    };
    const reason = error.code === undefined ? undefined : why[error.code];
    if (reason !== undefined)
      throw new UsageError(`cannot listen on ${where.address}:${where.port}: ${reason}`);
    if (error.code === 'ENOENT') throw new UsageError(`cannot read ${where.path}: no such file`);
    throw error;
  });
  process.on('SIGHUP', () => void webhook.reloadPolicy());
  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      log({ time: new Date().toISOString(), level: 'info', event: 'draining', signal });
      webhook.close().then(() => {
        log({ time: new Date().toISOString(), level: 'info', event: 'stopped' });
        resolve(0);
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

/** The cluster front reads the labels; it is loaded only when a policy first needs them. */
function namespaceLabels(kubeconfig: string | undefined, context: string | undefined) {
  let reader: Promise<import('../cluster/namespace-labels.js').NamespaceLabelReader> | undefined;
  const load = () => {
    reader ??= import('../cluster/namespace-labels.js').then((m) =>
      m.namespaceLabelReader({ kubeconfig, context, requestTimeoutMs: 1000 }),
    );
    return reader;
  };
  return {
    prepare: async () => (await load()).prepare(),
    read: async (name: string) => (await load()).read(name),
  };
}
