/** `parapet diff A B`: what changed between two states of a cluster, security-relevant changes first. */
import type { Change } from '../diff/diff.js';
import { oneOf, parseFlags, UsageError } from './args.js';
import { CLUSTER_FLAGS, CLUSTER_HELP, clusterInput } from './cluster-flags.js';
import { writeOutput } from './output.js';

const HELP = `Compare two states of a cluster: objects added, removed and changed, security-relevant changes first.

Usage:
  parapet diff [flags] A B

A and B are each a snapshot (parapet snapshot), a manifest file or directory (the desired state in Git),
or --cluster (the live cluster). The changes are those from A to B. Fields the API server manages
(status, managedFields, resourceVersion, uid, generation, creationTimestamp, assigned IPs) and the
defaults it fills in are not change. Against a manifest directory, objects made by controllers
(ReplicaSets, Pods of a Deployment) are left out: Git never holds them.

Security-relevant: new or widened RBAC grants and bindings, workloads made privileged or given host
access, changed images, removed NetworkPolicies, changed Pod Security labels.

Flags:
  --format FORMAT       table (default) or json
  -o, --output FILE     write the report to FILE instead of standard output
  -h, --help            this help

${CLUSTER_HELP}
Examples:
  parapet diff k8s/ --cluster                  drift of the cluster from Git
  parapet diff before.tar.gz after.tar.gz      what an incident changed

Exit codes: 0 no security-relevant change; 1 some; 2 usage error or an input that could not be read.
`;

/** `--cluster` stands for one side, where it is written; the other cluster flags are shared. */
const CLUSTER_SIDE = '\u0000cluster';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv.map((arg) => (arg === '--cluster' ? CLUSTER_SIDE : arg)),
    {
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
      ...CLUSTER_FLAGS,
    },
    'diff',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 2)
    throw new UsageError('diff compares two states: give A and B (snapshots, directories or --cluster)');
  const format = oneOf('format', values.format, ['table', 'json'] as const, 'table');
  const usesCluster = positionals.includes(CLUSTER_SIDE);
  const readCluster = clusterInput({ ...values, cluster: usesCluster || undefined }, [], undefined, false);
  const { clusterSide, pathSide } = await import('../diff/sides.js');
  const { diffStates } = await import('../diff/diff.js');
  const [a, b] = await Promise.all(
    positionals.map(async (side) =>
      side === CLUSTER_SIDE && readCluster !== undefined
        ? clusterSide(await readCluster(), values['read-secrets'] ?? false)
        : pathSide(side),
    ),
  );
  if (a === undefined || b === undefined) return 2;
  for (const note of [...a.notes, ...b.notes])
    if (note.level !== 'info') process.stderr.write(`parapet diff: ${note.message}\n`);
  if (a.inputErrors || b.inputErrors) return 2;
  const changes = diffStates(a, b);
  const report = { from: a.label, to: b.label, changes };
  await writeOutput(
    format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderTable(report),
    values.output,
  );
  return changes.some((c) => c.reasons.length > 0) ? 1 : 0;
}

function renderTable(report: { from: string; to: string; changes: Change[] }): string {
  const lines = [`From ${report.from}`, `  to ${report.to}`, ''];
  const security = report.changes.filter((c) => c.reasons.length > 0);
  const rest = report.changes.filter((c) => c.reasons.length === 0);
  const name = (c: Change) => `${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}`;
  const section = (title: string, changes: Change[]) => {
    if (changes.length === 0) return;
    lines.push(`${title} (${changes.length}):`);
    for (const c of changes) {
      lines.push(`  ${c.change.padEnd(8)} ${name(c)}`);
      for (const reason of c.reasons) lines.push(`           ! ${reason}`);
      for (const field of c.fields) lines.push(`           ~ ${field}`);
    }
    lines.push('');
  };
  section('Security-relevant changes', security);
  section('Other changes', rest);
  if (report.changes.length === 0) lines.push('No changes.', '');
  return lines.join('\n');
}
