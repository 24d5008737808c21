/** `parapet pss`: Pod Security Standards verdicts per pod, exactly as Pod Security Admission would give them. */
import { DEFAULT_MAX_FILE_SIZE, loadManifests } from '../inputs/manifests.js';
import { extractPodTemplate, isPodController } from '../inventory/pod-specs.js';
import { resourceLabel } from '../reporters/common.js';
import { evaluatePod } from '../rules/pss/evaluate.js';
import { isValidPolicyVersion } from '../rules/pss/version.js';
import { oneOf, parseFlags, parseSize, UsageError, useColor } from './args.js';
import { writeOutput } from './output.js';

const HELP = `Judge every pod (and pod template of Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, ...) by the
Kubernetes Pod Security Standards, with the same checks, versions and reasons as the API server's Pod Security
Admission.

Usage:
  parapet pss [--level baseline|restricted] [--version v1.N|latest] [--format table|json] PATH...

Flags:
  --level LEVEL         baseline or restricted (default restricted); privileged allows everything
  --version V           policy version, v1.0 ... v1.37, or latest (default)
  --format FORMAT       table (default) or json: one element per pod-bearing object, in input order:
                        {file, kind, name, namespace, level, version, allowed, violations: [{check, reason, detail}]}
  -o, --output FILE     write to FILE instead of standard output
  --max-file-size SIZE  refuse larger files (default 16Mi)
  --no-color            no colour
  -h, --help            this help

Exit codes: 0 every pod allowed; 1 some pod denied; 2 usage error or unreadable input.
`;

interface Verdict {
  file: string | undefined;
  kind: string;
  name: string;
  namespace: string;
  level: string;
  version: string;
  allowed: boolean;
  violations: { check: string; reason: string; detail: string }[];
  line?: number;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      level: { type: 'string' },
      version: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'max-file-size': { type: 'string' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'pss',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('no PATH given\nRun `parapet pss --help` for usage.');
  const level = oneOf('level', values.level, ['privileged', 'baseline', 'restricted'] as const, 'restricted');
  const version = values.version ?? 'latest';
  if (!isValidPolicyVersion(version))
    throw new UsageError(`--version must be latest or v1.N, e.g. v1.30 (got "${version}")`);
  const format = oneOf('format', values.format, ['table', 'json'] as const, 'table');

  const loaded = await loadManifests(positionals, {
    maxFileSize: parseSize('max-file-size', values['max-file-size'], DEFAULT_MAX_FILE_SIZE),
  });
  // Every pod-bearing object gets a verdict, even one without a pod spec (judged as the empty pod it would be).
  const podBearing = loaded.resources.filter((r) => isPodController(r.kind));
  const verdicts: Verdict[] = podBearing.map((resource) => {
    const template = extractPodTemplate(resource.object, resource.kind) ?? { metadata: {}, spec: {} };
    const result = evaluatePod(level, version, template.metadata, template.spec);
    return {
      file: resource.origin.file,
      kind: resource.kind,
      name: resource.name,
      namespace: resource.namespace,
      level,
      version,
      allowed: result.allowed,
      violations: result.violations.map(({ check, reason, detail }) => ({ check, reason, detail })),
      // only the table prints lines; the JSON contract has none
      line: format === 'table' ? resource.origin.locate?.([])?.line : undefined,
    };
  });
  for (const note of loaded.notes)
    if (note.level === 'error') process.stderr.write(`parapet pss: ${note.message}\n`);
  const text =
    format === 'json'
      ? `${JSON.stringify(
          verdicts.map(({ line: _line, ...v }) => v),
          null,
          2,
        )}\n`
      : renderTable(verdicts, useColor(values['no-color'], values.output !== undefined));
  await writeOutput(text, values.output);
  if (loaded.inputErrors) return 2;
  return verdicts.every((v) => v.allowed) ? 0 : 1;
}

function renderTable(verdicts: Verdict[], color: boolean): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  for (const v of verdicts) {
    const where = v.file ? `  (${v.file}${v.line ? `:${v.line}` : ''})` : '';
    const verdict = v.allowed ? paint('32', 'allowed') : paint('31', 'DENIED ');
    lines.push(`${verdict}  ${resourceLabel(v)}${where}`);
    for (const violation of v.violations)
      lines.push(`         ${violation.check}: ${violation.reason}: ${violation.detail}`);
  }
  const denied = verdicts.filter((v) => !v.allowed).length;
  const first = verdicts[0];
  const standard = first ? `Pod Security ${first.level} ${first.version}` : 'Pod Security';
  lines.push(
    '',
    `${verdicts.length} pod(s) judged at ${standard}: ${verdicts.length - denied} allowed, ${denied} denied.`,
  );
  return `${lines.join('\n')}\n`;
}
