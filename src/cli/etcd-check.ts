/** `parapet etcd-check`: proves from etcd itself whether Secrets are encrypted at rest, and by which provider. */
import {
  ETCD_RESOURCES,
  type EtcdCheckResult,
  type EtcdResource,
  type StoredObject,
  summarize,
} from '../node/etcd-check.js';
import { oneOf, parseFlags, UsageError } from './args.js';
import { writeOutput } from './output.js';

const HELP = `Read etcd directly and report every Secret stored without encryption, and which provider wrote the rest.

Usage:
  parapet etcd-check --endpoints URL[,URL] [--cacert F --cert F --key F] [--user NAME[:PASSWORD]] [flags]

Flags:
  --endpoints URLS     etcd client URLs, comma-separated (https://10.0.0.5:2379)
  --cacert FILE        CA of etcd's serving certificate (kubeadm: /etc/kubernetes/pki/etcd/ca.crt)
  --cert FILE          client certificate (kubeadm: /etc/kubernetes/pki/apiserver-etcd-client.crt)
  --key FILE           its private key (kubeadm: /etc/kubernetes/pki/apiserver-etcd-client.key)
  --user NAME[:PW]     etcd user, where etcd has its own authentication on (etcdctl's --user form)
  --password PW        that user's password (default: after the colon in --user, else ETCDCTL_PASSWORD)
  --prefix PREFIX      kube-apiserver's --etcd-prefix (default /registry)
  --resources LIST     secrets (default) or secrets,configmaps
  --format FORMAT      table (default) or json
  --timeout SECONDS    per call to etcd (default 10)
  -o, --output FILE    write the report to FILE
  -h, --help           this help

Keys are listed first; then each value is fetched alone and only its first bytes (the k8s:enc:<provider>
prefix) are read. No value, nor any byte of one beyond the provider prefix, is printed or stored.

Exit codes: 0 everything encrypted; 1 some object stored in plain text; 2 usage, connection, TLS or
permission error.
`;

const FORMATS = ['table', 'json'] as const;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      endpoints: { type: 'string' },
      cacert: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      prefix: { type: 'string' },
      resources: { type: 'string' },
      format: { type: 'string' },
      timeout: { type: 'string' },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
    'etcd-check',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const endpoints = (values.endpoints ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (endpoints.length === 0)
    throw new UsageError('--endpoints is required (etcd client URLs, comma-separated)');
  if ((values.cert === undefined) !== (values.key === undefined))
    throw new UsageError('--cert and --key go together');
  const auth = etcdAuth(values.user, values.password);
  const resources = (values.resources ?? 'secrets')
    .split(',')
    .map((r) => oneOf('resources', r.trim(), ETCD_RESOURCES, 'secrets'));
  if (!resources.includes('secrets')) resources.unshift('secrets');
  const format = oneOf('format', values.format, FORMATS, 'table');
  const timeout = Number(values.timeout ?? '10');
  if (!(timeout > 0))
    throw new UsageError(`--timeout must be a positive number of seconds (got "${values.timeout}")`);

  // Node warns (DEP0123) when gRPC sets an IP address as TLS server name, as every https://10.0.0.5:2379 does:
  // the report and its one-line errors should not carry that noise
  (process as { noDeprecation?: boolean }).noDeprecation = true;
  const { checkEtcd } = await import('../node/etcd-check.js');
  let result: EtcdCheckResult;
  try {
    result = await checkEtcd({
      endpoints,
      cacert: values.cacert,
      cert: values.cert,
      key: values.key,
      auth,
      prefix: values.prefix ?? '/registry',
      resources: [...new Set(resources)],
      timeoutMs: timeout * 1000,
    });
  } catch (error) {
    if ((error as Error).name !== 'EtcdCheckError') throw error;
    process.stderr.write(`parapet etcd-check: ${(error as Error).message}\n`);
    return 2;
  }
  await writeOutput(format === 'json' ? renderJson(result) : renderTable(result), values.output);
  const plain = Object.values(result).some((objects) => objects.some((o) => !o.encrypted));
  return plain ? 1 : 0;
}

/** `--user root --password pw`, `--user root:pw`, or the password from ETCDCTL_PASSWORD, as etcdctl reads it. */
function etcdAuth(
  user: string | undefined,
  password: string | undefined,
): { username: string; password: string } | undefined {
  if (user === undefined) {
    if (password !== undefined) throw new UsageError('--password needs --user');
    return undefined;
  }
  const colon = user.indexOf(':');
  const username = colon < 0 ? user : user.slice(0, colon);
  const secret = password ?? (colon < 0 ? process.env.ETCDCTL_PASSWORD : user.slice(colon + 1));
  if (username === '') throw new UsageError('--user needs a user name');
  if (secret === undefined)
    throw new UsageError('--user needs a password: --user NAME:PASSWORD, --password, or ETCDCTL_PASSWORD');
  return { username, password: secret };
}

function renderJson(result: EtcdCheckResult): string {
  const summary = Object.fromEntries(Object.entries(result).map(([r, objects]) => [r, summarize(objects)]));
  return `${JSON.stringify({ ...result, summary }, null, 2)}\n`;
}

const SINGULAR: Readonly<Record<EtcdResource, string>> = { secrets: 'Secret', configmaps: 'ConfigMap' };

function renderTable(result: EtcdCheckResult): string {
  const lines: string[] = [];
  for (const [resource, objects] of Object.entries(result) as [EtcdResource, StoredObject[]][]) {
    for (const o of objects.filter((x) => !x.encrypted))
      lines.push(
        `PLAIN      ${SINGULAR[resource]} ${o.namespace}/${o.name}  stored without encryption (identity)`,
      );
    for (const o of objects.filter((x) => x.encrypted))
      lines.push(`encrypted  ${SINGULAR[resource]} ${o.namespace}/${o.name}  ${o.provider}`);
    const s = summarize(objects);
    const providers = Object.entries(s.providers)
      .map(([p, n]) => `${p} ${n}`)
      .join(', ');
    lines.push(
      `${resource}: ${s.total} stored, ${s.encrypted} encrypted, ${s.plain} in plain text${providers ? ` (${providers})` : ''}`,
      '',
    );
  }
  return lines.join('\n');
}
