/** `parapet export vap`: the rules that can be judged from one object, as ValidatingAdmissionPolicies. */
import yaml from 'js-yaml';
import { type AdmissionMode, DEFAULT_POLICY, loadPolicy } from '../engine/policy.js';
import { exportVap } from '../export/vap/policies.js';
import { isValidPolicyVersion } from '../rules/pss/version.js';
import { RULES } from '../rules/registry.js';
import { oneOf, parseFlags, UsageError } from './args.js';
import { writeOutput } from './output.js';

const HELP = `Export parapet's rules as ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding objects
(admissionregistration.k8s.io/v1, Kubernetes 1.30+): the API server then judges with the same CEL, no webhook
to run. Exported: the Pod Security checks of the chosen level and version, and the policy file's custom rules.
Rules that need other objects (NetworkPolicy coverage, PDBs, RBAC paths, ...) are listed on stderr with why.

Usage:
  parapet export vap [--rules all|pss|ID...] [--pss-level L --pss-version V] [--mode audit|warn|deny]
                     [--policy parapet.yaml] [-o FILE]

Flags:
  --rules R           all (default), pss (the Pod Security checks only), or rule ids; repeat or comma-separate
  --pss-level L       baseline or restricted (default: the policy file's, else restricted)
  --pss-version V     v1.N or latest (default: the policy file's, else latest)
  --mode M            audit (default), warn or deny: the bindings' validationActions (Audit; Warn+Audit; Deny).
                      Without it the policy file's admission.mode is used; its per-rule and per-namespace
                      overrides become bindings of their own with a namespaceSelector
  --policy FILE       the policy file: custom rules, rules turned off, admission modes, exemptions and
                      exceptions (as matchConditions)
  -o, --output FILE   write to FILE instead of standard output
  -h, --help          this help

Roll out: export with --mode audit, apply, read the audit annotations (or the API server's audit log) for
violations, fix them, then export again with --mode warn and finally --mode deny.

Exit codes: 0 written; 2 usage error or unreadable policy file.
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      rules: { type: 'string', multiple: true },
      'pss-level': { type: 'string' },
      'pss-version': { type: 'string' },
      mode: { type: 'string' },
      policy: { type: 'string' },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
    'export',
  );
  if (values.help || positionals.length === 0) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  if (positionals[0] !== 'vap' || positionals.length > 1)
    throw new UsageError(
      `unknown export "${positionals.join(' ')}": the one format is \`parapet export vap\``,
    );
  const policy = values.policy ? await loadPolicy(values.policy, RULES) : DEFAULT_POLICY;
  const level = oneOf(
    'pss-level',
    values['pss-level'],
    ['baseline', 'restricted'] as const,
    policy.pss.level === 'baseline' ? 'baseline' : 'restricted',
  );
  const version = values['pss-version'] ?? policy.pss.version;
  if (!isValidPolicyVersion(version))
    throw new UsageError(`--pss-version must be latest or v1.N, e.g. v1.30 (got "${version}")`);
  const mode =
    values.mode === undefined
      ? undefined
      : oneOf<AdmissionMode>('mode', values.mode, ['audit', 'warn', 'deny'], 'audit');
  const rules = (values.rules ?? ['all']).flatMap((r) => r.split(',')).filter((r) => r !== '');
  let result: ReturnType<typeof exportVap>;
  try {
    result = exportVap({
      rules,
      level,
      version,
      ...(mode ? { mode } : {}),
      policy,
      catalog: RULES,
      today: new Date().toISOString().slice(0, 10),
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const header = [
    `# parapet export vap: Pod Security ${level} ${version}; ${result.objects.length} objects`,
    ...result.notExported.map((n) => `# not exported: ${n.id}: ${n.reason}`),
  ].join('\n');
  const body = result.objects.map((o) => yaml.dump(o, { lineWidth: -1, noRefs: true })).join('---\n');
  await writeOutput(`${header}\n${body}`, values.output);
  for (const warning of result.warnings) process.stderr.write(`parapet export: warning: ${warning}\n`);
  const skipped = result.notExported.length;
  if (skipped > 0)
    process.stderr.write(
      `parapet export: ${skipped} rule(s) not exported (listed at the top of the output, with why)\n`,
    );
  return 0;
}
