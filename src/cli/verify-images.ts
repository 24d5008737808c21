/** `parapet verify-images`: each image's cosign signature checked against its registry with the given key. */
import { readFile } from 'node:fs/promises';
import { oneOf, parseFlags, UsageError } from './args.js';
import { CLUSTER_FLAGS, CLUSTER_HELP, pathsOrCluster } from './cluster-flags.js';
import { writeOutput } from './output.js';

const HELP = `Verify the cosign signatures of the images the workloads run, against their registries.

Usage:
  parapet verify-images --key cosign.pub [flags] PATH...
  parapet verify-images --key cosign.pub --cluster [--context C] [-n NS | -A] [flags]

For each image: the tag is resolved to its manifest digest with the registry's v2 API (HEAD on the
manifest, Docker-Content-Digest; anonymous token auth where the registry asks for it), the signature
artifact sha256-<digest>.sig is fetched, each signature layer's ECDSA signature over its simple-signing
payload is checked with the key, and the payload must name the same digest. A pinned digest is verified
as is; a tag only for the digest it resolves to now (pin it). From a cluster, images are the workloads'.

Results: valid; unsigned (no signature artifact); invalid (no layer verifies with the key); mismatch
(a valid signature names another digest, or the registry serves another digest for a pinned one); not
found; unreachable (a note: not a pass).

Network: only the registries the images name (and a token realm on the same domain), HTTPS with the
system's CAs, a timeout per request and two retries. No other host.

Flags:
  --key FILE               the cosign public key (PEM, ECDSA P-256), as \`cosign generate-key-pair\` writes
  --registry-ca FILE       also trust these CA certificates (PEM) for registries
  --insecure-registry HOST talk plain HTTP to HOST (host:port); may repeat
  --timeout S              seconds per request (default 10)
  --format FORMAT          table (default) or json
  -o, --output FILE        write to FILE instead of standard output
  -f, --filename PATH      another PATH (kubectl style); may repeat
  -h, --help               this help

${CLUSTER_HELP}
Examples:
  parapet verify-images --key cosign.pub k8s/
  parapet verify-images --key cosign.pub --registry-ca site-ca.pem --cluster --format json

Exit codes: 0 every image signed and valid; 1 some unsigned, invalid or mismatched; 2 usage error,
unreadable input or key, or (with nothing worse) a registry that could not be reached or an image not found.
`;

const FORMATS = ['table', 'json'] as const;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      key: { type: 'string' },
      'registry-ca': { type: 'string' },
      'insecure-registry': { type: 'string', multiple: true },
      timeout: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      filename: { type: 'string', short: 'f', multiple: true },
      help: { type: 'boolean', short: 'h' },
      ...CLUSTER_FLAGS,
    },
    'verify-images',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const { paths, input } = pathsOrCluster(values, positionals, 'verify-images');
  if (values.key === undefined) throw new UsageError('--key FILE is required: the cosign public key (PEM)');
  const format = oneOf('format', values.format, FORMATS, 'table');
  const timeout = values.timeout === undefined ? 10 : Number(values.timeout);
  if (!(timeout > 0)) throw new UsageError(`--timeout takes seconds such as 10 (got "${values.timeout}")`);
  const { createPublicKey } = await import('node:crypto');
  const keyText = await readFile(values.key, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`--key ${values.key}: cannot read: ${error.code ?? error.message}`);
  });
  let key: ReturnType<typeof createPublicKey>;
  try {
    key = createPublicKey(keyText);
  } catch (error) {
    throw new UsageError(`--key ${values.key}: not a PEM public key: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new UsageError(`--key ${values.key}: a cosign key is ECDSA P-256 (got ${key.asymmetricKeyType})`);
  const ca =
    values['registry-ca'] === undefined
      ? undefined
      : await readFile(values['registry-ca'], 'utf8').catch((error: NodeJS.ErrnoException) => {
          throw new UsageError(
            `--registry-ca ${values['registry-ca']}: cannot read: ${error.code ?? error.message}`,
          );
        });
  const [{ readImageInventory }, { RegistryClient }, { verifyImages }, { renderVerifyTable }] =
    await Promise.all([
      import('../supply/input.js'),
      import('../supply/registry.js'),
      import('../supply/verify.js'),
      import('../supply/verify-report.js'),
    ]);
  const inventory = await readImageInventory(paths, input);
  for (const note of inventory.notes)
    if (note.level === 'error')
      process.stderr.write(
        `parapet verify-images: ${note.file ? `${note.file}${note.line ? `:${note.line}` : ''}: ` : ''}${note.message}\n`,
      );
  const client = new RegistryClient({
    ca,
    insecure: new Set(values['insecure-registry'] ?? []),
    timeoutMs: timeout * 1000,
  });
  const results = await verifyImages(
    inventory.entries.map((e) =>
      e.digest !== undefined && e.ref.digest === undefined ? `${e.image}@${e.digest}` : e.image,
    ),
    client,
    key,
  );
  const text =
    format === 'json' ? `${JSON.stringify({ images: results }, null, 2)}\n` : renderVerifyTable(results);
  await writeOutput(text, values.output);
  if (inventory.inputErrors) return 2;
  if (results.some((r) => r.status === 'unsigned' || r.status === 'invalid' || r.status === 'mismatch'))
    return 1;
  return results.some((r) => r.status !== 'valid') ? 2 : 0;
}
