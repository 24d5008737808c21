/** `parapet webhook config`: prints the ValidatingWebhookConfiguration (flags here, the object in config.ts). */
import { readFile } from 'node:fs/promises';
import yaml from 'js-yaml';
import { webhookConfiguration } from '../admission/config.js';
import { oneOf, parseFlags, UsageError } from './args.js';

const HELP = `Print a ValidatingWebhookConfiguration for \`parapet webhook\`, ready for kubectl apply -f -.

Usage:
  parapet webhook config (--service NS/NAME | --url URL) --ca-bundle FILE [flags]

Flags:
  --service NS/NAME          the webhook's Service (port 443, path /validate unless --port, --path)
  --url URL                  or an https URL outside the cluster
  --ca-bundle FILE           the CA (PEM) that signed the webhook's certificate
  --failure-policy P         Ignore (default: a webhook that is down admits everything) or Fail
  --timeout-seconds N        the API server's timeout (default 5; keep --timeout-ms of the server below it)
  --namespace NS             the webhook's own namespace, exempted (default: the --service namespace)
  --name NAME                fully qualified webhook name (default validate.parapet.dev)
  --port N, --path P         the Service port and path (default 443, /validate)
  -h, --help                 this help

kube-system and the webhook's own namespace are never sent to the webhook.
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      service: { type: 'string' },
      url: { type: 'string' },
      'ca-bundle': { type: 'string' },
      'failure-policy': { type: 'string' },
      'timeout-seconds': { type: 'string' },
      namespace: { type: 'string' },
      name: { type: 'string' },
      port: { type: 'string' },
      path: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    'webhook config',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if ((values.service === undefined) === (values.url === undefined)) {
    throw new UsageError('give exactly one of --service NS/NAME and --url URL');
  }
  const service =
    values.service === undefined ? undefined : /^([a-z0-9-]+)\/([a-z0-9-]+)$/.exec(values.service);
  if (service === null) throw new UsageError(`--service takes NAMESPACE/NAME (got "${values.service}")`);
  if (values.url !== undefined && !values.url.startsWith('https://')) {
    throw new UsageError('--url must be an https:// URL (the API server calls webhooks over TLS only)');
  }
  if (values['ca-bundle'] === undefined) throw new UsageError('--ca-bundle FILE is required');
  const ca = await readFile(values['ca-bundle'], 'utf8').catch((error: Error) => {
    throw new UsageError(`cannot read --ca-bundle: ${error.message}`);
  });
  if (!ca.includes('-----BEGIN CERTIFICATE-----'))
    throw new UsageError('--ca-bundle is not a PEM certificate');
  const whole = (flag: string, value: string | undefined, fallback: number, max: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new UsageError(`--${flag} takes 1 to ${max} (got "${value}")`);
    return n;
  };
  const name = values.name ?? 'validate.parapet.dev';
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+){2,}$/.test(name)) {
    throw new UsageError(`--name must be fully qualified, at least three segments (got "${name}")`);
  }
  const ownNamespace = values.namespace ?? service?.[1];
  const { object, warnings } = webhookConfiguration({
    ...(service
      ? {
          service: {
            namespace: service[1] as string,
            name: service[2] as string,
            port: whole('port', values.port, 443, 65535),
            path: values.path ?? '/validate',
          },
        }
      : { url: values.url }),
    caBundle: Buffer.from(ca).toString('base64'),
    failurePolicy: oneOf('failure-policy', values['failure-policy'], ['Ignore', 'Fail'] as const, 'Ignore'),
    timeoutSeconds: whole('timeout-seconds', values['timeout-seconds'], 5, 30),
    ...(ownNamespace ? { ownNamespace } : {}),
    name,
  });
  for (const warning of warnings) process.stderr.write(`parapet webhook config: warning: ${warning}\n`);
  process.stdout.write(yaml.dump(object, { lineWidth: -1, noRefs: true }));
  return 0;
}
