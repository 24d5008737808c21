/** `parapet snapshot --cluster -o snap.tar.gz`: preserve what the cluster holds, for offline scans and diffs. */
import { parseFlags, UsageError } from './args.js';
import { CLUSTER_FLAGS, CLUSTER_HELP, clusterInput } from './cluster-flags.js';

const HELP = `Preserve a cluster's objects in a snapshot, to scan offline and compare later (incident response).

Usage:
  parapet snapshot --cluster [--kubeconfig F] [--context C] [-n NS | -A] -o FILE.tar.gz

The snapshot holds every object parapet reads for a scan, as YAML files by namespace and kind, and
snapshot.json (server, context, Kubernetes version, time, and what could not be read). Secret values are
never stored: each is replaced by the SHA-256 fingerprint of its bytes.

Flags:
  -o, --output FILE     the snapshot to write (.tar.gz or .tgz); required
  -h, --help            this help

${CLUSTER_HELP}
Then:
  parapet scan snap.tar.gz            the findings the live scan had, offline
  parapet diff before.tar.gz after.tar.gz

Exit codes: 0 written; 2 usage error or a cluster that cannot be reached.
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    { output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' }, ...CLUSTER_FLAGS },
    'snapshot',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!values.cluster) throw new UsageError('a snapshot is taken of a cluster: give --cluster');
  const input = clusterInput(values, positionals);
  const { isSnapshotPath, writeSnapshot } = await import('../cluster/snapshot.js');
  if (values.output === undefined || !isSnapshotPath(values.output))
    throw new UsageError('-o FILE.tar.gz is required: the snapshot to write');
  if (input === undefined) return 2;
  const read = await input();
  const info = await writeSnapshot(read, values.output, {
    namespace: values.namespace,
    readSecrets: values['read-secrets'],
  });
  for (const note of read.notes)
    if (note.level !== 'info') process.stderr.write(`parapet snapshot: ${note.message}\n`);
  process.stderr.write(
    `parapet snapshot: ${info.objects} objects of ${info.server} written to ${values.output}\n`,
  );
  return 0;
}
