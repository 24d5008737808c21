/** `parapet scan`: manifests in, findings out. Flags only; the work is engine/scan.ts. */

import { scan } from '../engine/scan.js';
import { atLeast, SEVERITIES, type Severity } from '../findings/severity.js';
import { DEFAULT_MAX_FILE_SIZE } from '../inputs/manifests.js';
import { FORMATS, loadReporter } from '../reporters/index.js';
import { PSS_LEVELS } from '../rules/pod-security/settings.js';
import { RULES } from '../rules/registry.js';
import { oneOf, parseFlags, parseSize, UsageError, useColor } from './args.js';
import { writeOutput } from './output.js';

const HELP = `Scan Kubernetes manifests against parapet's rules (Pod Security Standards and the book's catalog).

Usage:
  parapet scan [flags] PATH...

PATH is a file, a directory (searched recursively for .yaml, .yml and .json; a directory with a
kustomization.yaml is rendered with \`kubectl kustomize\`), or - for standard input.

Flags:
  --format FORMAT       table (default), json, sarif or junit
  -o, --output FILE     write the report to FILE instead of standard output
  --fail-on SEVERITY    exit 1 when a finding is at or above it: critical, high (default), medium, low,
                        info, or none (always exit 0 unless input is unreadable)
  --policy FILE         policy file (default: parapet.yaml in a scanned directory)
  --baseline FILE       report only findings new since this earlier --format json report
  --pss-level LEVEL     Pod Security level for namespaces without pod-security labels:
                        restricted (default), baseline or privileged
  --pss-version V       Pod Security version for them: latest (default) or v1.N
  --max-file-size SIZE  refuse larger files (default 16Mi)
  -f, --filename PATH   another PATH (kubectl style); may repeat
  --no-color            no colour even on a terminal (NO_COLOR is honoured too)
  -h, --help            this help

Pods are judged at Pod Security "restricted" unless their Namespace (when it is part of the input)
carries pod-security.kubernetes.io/enforce|audit|warn labels, or the policy file sets another level.

Examples:
  parapet scan examples/edge-cluster
  parapet scan --format sarif -o parapet.sarif k8s/
  helm template shop ./charts/shop | parapet scan -
  parapet scan --format json -o before.json k8s/ && parapet scan --baseline before.json k8s/

Exit codes: 0 no finding at or above --fail-on; 1 some; 2 usage error or input that could not be read
(everything readable is still scanned and reported).
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string' },
      policy: { type: 'string' },
      baseline: { type: 'string' },
      'pss-level': { type: 'string' },
      'pss-version': { type: 'string' },
      'max-file-size': { type: 'string' },
      filename: { type: 'string', short: 'f', multiple: true },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'scan',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const paths = [...positionals, ...(values.filename ?? [])];
  if (paths.length === 0)
    throw new UsageError(
      'no PATH given: name files or directories, or - for stdin\nRun `parapet scan --help` for usage.',
    );
  const format = oneOf('format', values.format, FORMATS, 'table');
  const pssLevel =
    values['pss-level'] === undefined
      ? undefined
      : oneOf('pss-level', values['pss-level'], PSS_LEVELS, 'restricted');
  const pssVersion = values['pss-version'];
  if (pssVersion !== undefined && !/^(latest|v1\.\d+)$/.test(pssVersion)) {
    throw new UsageError(`--pss-version must be latest or v1.N (got "${pssVersion}")`);
  }
  const maxFileSize = parseSize('max-file-size', values['max-file-size'], DEFAULT_MAX_FILE_SIZE);

  const result = await scan({
    paths,
    catalog: RULES,
    policyFile: values.policy,
    baselineFile: values.baseline,
    maxFileSize,
    pss:
      pssLevel || pssVersion
        ? { ...(pssLevel ? { level: pssLevel } : {}), ...(pssVersion ? { version: pssVersion } : {}) }
        : undefined,
  });
  const failOn = oneOf<Severity | 'none'>(
    'fail-on',
    values['fail-on'],
    [...SEVERITIES, 'none'],
    result.policy.failOn ?? 'high',
  );
  const reporter = await loadReporter(format);
  const text = reporter(result.report, {
    color: useColor(values['no-color'], values.output !== undefined),
    failOn,
  });
  await writeOutput(text, values.output);
  if (values.output !== undefined || format !== 'table') {
    // machine formats keep stdout clean; errors still reach a person on stderr
    for (const note of result.report.notes)
      if (note.level === 'error') process.stderr.write(`parapet scan: ${note.message}\n`);
  }
  if (result.inputErrors) return 2;
  if (failOn === 'none') return 0;
  return result.report.findings.some((f) => !f.suppressed && atLeast(f.severity, failOn)) ? 1 : 0;
}
