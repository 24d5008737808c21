/** `parapet node`: a node's own files (kubeadm, k3s, RKE2 layouts; sshd) judged by the node rules. */
import { atLeast, SEVERITIES, type Severity } from '../findings/severity.js';
import { DISTRIBUTIONS, type Distribution } from '../node/layout.js';
import { loadReporter } from '../reporters/index.js';
import { oneOf, parseFlags, UsageError, useColor } from './args.js';
import { writeOutput } from './output.js';

const HELP = `Judge a node's control-plane, kubelet, etcd, file-permission and sshd configuration from its files.

Usage:
  parapet node [--root DIR] [flags]

Flags:
  --root DIR             the host's root: / on the node (default), or where it is mounted (/host)
  --distribution NAME    auto (default: detected and reported), kubeadm, k3s or rke2
  --format FORMAT        table (default), json or sarif
  -o, --output FILE      write the report to FILE instead of standard output
  --fail-on SEVERITY     exit 1 when a finding is at or above it (default high; none: always 0)
  --no-color             no colour even on a terminal
  -h, --help             this help

Findings name the file and line where the setting is written (or the file where a built-in default would
be overridden). A component whose configuration is not found is reported as "not assessable" with the
paths looked at, never as passed. Only modes and owners of keys and kubeconfigs are read, never content.

Examples:
  sudo parapet node
  parapet node --root /host --distribution k3s --format json

Exit codes: 0 no finding at or above --fail-on; 1 some; 2 usage error or no distribution found.
`;

const NODE_FORMATS = ['table', 'json', 'sarif'] as const;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      root: { type: 'string' },
      distribution: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'node',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument "${positionals[0]}" (use --root DIR)`);
  const format = oneOf('format', values.format, NODE_FORMATS, 'table');
  const distribution = oneOf<Distribution | 'auto'>(
    'distribution',
    values.distribution,
    ['auto', ...DISTRIBUTIONS],
    'auto',
  );
  const failOn = oneOf<Severity | 'none'>('fail-on', values['fail-on'], [...SEVERITIES, 'none'], 'high');
  const [{ scanNode }, { NODE_RULES }] = await Promise.all([
    import('../node/scan.js'),
    import('../rules/platform/node/index.js'),
  ]);
  let result: Awaited<ReturnType<typeof scanNode>>;
  try {
    result = await scanNode(values.root ?? '/', distribution, NODE_RULES);
  } catch (error) {
    if ((error as Error).name !== 'NoDistributionError') throw error;
    process.stderr.write(`parapet node: ${(error as Error).message}\n`);
    return 2;
  }
  let text: string;
  if (format === 'sarif') {
    // findings name host paths (/etc/kubernetes/...): SARIF's %SRCROOT% is the host root, not the working directory
    const { sarifLog } = await import('../reporters/sarif.js');
    text = `${JSON.stringify(sarifLog(result.report, '/'), null, 2)}\n`;
  } else {
    const reporter = await loadReporter(format);
    text = reporter(result.report, {
      color: useColor(values['no-color'], values.output !== undefined),
      failOn,
    });
  }
  await writeOutput(text, values.output);
  if (failOn === 'none') return 0;
  return result.report.findings.some((f) => atLeast(f.severity, failOn)) ? 1 : 0;
}
