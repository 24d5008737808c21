/**
 * parapet's command line: dispatches to one module per command, loaded on demand so that start-up costs only
 * what the command uses.
 */
import { UsageError } from './args.js';

interface Command {
  summary: string;
  load: () => Promise<{ run(argv: string[]): Promise<number> }>;
}

const COMMANDS: Record<string, Command> = {
  scan: {
    summary: 'Scan manifests (files, directories, Helm output on stdin) against the rule catalog',
    load: () => import('./scan.js'),
  },
  pss: {
    summary: 'Judge pods by Pod Security Standards exactly as the API server would',
    load: () => import('./pss.js'),
  },
  rbac: {
    summary: 'Effective RBAC permissions: who-can, can, and everything one subject can do',
    load: () => import('./rbac.js'),
  },
  snapshot: {
    summary: "Preserve a cluster's objects (Secret values as fingerprints) to scan offline and compare",
    load: () => import('./snapshot.js'),
  },
  diff: {
    summary: 'Compare two states (snapshot, manifest directory, --cluster): security-relevant changes first',
    load: () => import('./diff.js'),
  },
  rules: {
    summary: 'List the rule catalog (table, json, or markdown for docs/rules.md)',
    load: () => import('./rules.js'),
  },
  webhook: {
    summary: 'Enforce the same rules at admission (audit, warn, deny); `webhook config`, `webhook report`',
    load: () => import('./webhook.js'),
  },
  explain: {
    summary: 'Explain one rule: why, a failing and a passing example, how to fix, references',
    load: () => import('./explain.js'),
  },
  node: {
    summary: "Judge a node's own files (kubeadm, k3s, RKE2; sshd) from its host root",
    load: () => import('./node.js'),
  },
  history: {
    summary: "One site's posture over time, from `scan --record`: trend, new, fixed, how long open",
    load: () => import('./history.js'),
  },
  fleet: {
    summary: 'Every site recording into one database: latest posture and change, worst first',
    load: () => import('./fleet.js'),
  },
  images: {
    summary:
      'Every image in use with its workloads (table, json, CycloneDX BOM); --vulns joins scanner reports',
    load: () => import('./images.js'),
  },
  'verify-images': {
    summary: "Verify the images' cosign signatures against their registry, with your public key",
    load: () => import('./verify-images.js'),
  },
  detect: {
    summary: 'Detect threats in audit logs (files, --follow, audit webhook): Threat Matrix alerts',
    load: () => import('./detect.js'),
  },
  'etcd-check': {
    summary: 'Prove from etcd itself that Secrets are encrypted at rest, and by which provider',
    load: () => import('./etcd-check.js'),
  },
  export: {
    summary: 'Export the rules as ValidatingAdmissionPolicies: enforcement in the API server, no webhook',
    load: () => import('./export.js'),
  },
};

// the widest command name and two spaces, so every summary starts in one column
const COMMAND_COLUMN = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2;

const HELP = `parapet: security posture for (edge) Kubernetes clusters

Usage:
  parapet <command> [flags] [PATH...]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(COMMAND_COLUMN)}${c.summary}`)
  .join('\n')}

Examples:
  parapet scan examples/edge-cluster/site
  helm template my-release ./chart | parapet scan --format sarif -o parapet.sarif -
  parapet pss --level restricted --version v1.30 pod.yaml
  parapet scan --framework cis examples/edge-cluster/site
  parapet explain PP-WL-010
  parapet rbac who-can get secrets -n kube-system examples/edge-cluster/site
  parapet snapshot --cluster -o incident.tar.gz && parapet scan incident.tar.gz
  parapet diff k8s/ --cluster

Run \`parapet <command> --help\` for a command's flags.
Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error or unreadable input.
`;

export async function main(argv: string[]): Promise<void> {
  // `parapet scan ... | head` closes the pipe early: stop quietly, as other Unix tools do
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return;
  }
  if (name === '--version' || name === 'version') {
    const { VERSION } = await import('../version.js');
    process.stdout.write(`parapet ${VERSION}\n`);
    return;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`parapet: unknown command "${name}"\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  try {
    const module = await command.load();
    process.exitCode = await module.run(rest);
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as Error).name === 'PolicyError' ||
      (error as Error).name === 'BaselineError' ||
      (error as Error).name === 'ClusterError' ||
      (error as Error).name === 'SnapshotError' ||
      (error as Error).name === 'HistoryError' ||
      (error as Error).name === 'SupplyError' ||
      (error as Error).name === 'RuleFileError'
    ) {
      process.stderr.write(`parapet ${name}: ${(error as Error).message}\n`);
    } else {
      process.stderr.write(`parapet ${name}: internal error: ${(error as Error).stack ?? error}\n`);
    }
    process.exitCode = 2;
  }
}
