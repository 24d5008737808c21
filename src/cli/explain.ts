/** `parapet explain RULE-ID`: one rule in full. Rendering is catalog/render.ts. */
import { closestRuleIds, findRuleId, renderExplain } from '../catalog/render.js';
import { RULES } from '../rules/registry.js';
import { parseFlags, UsageError } from './args.js';
import { writeOutput } from './output.js';

const HELP = `Explain one rule: what it recommends, why it matters, an example it flags and the fixed version, how to
fix a finding, the framework controls it cites, and its parameters.

Usage:
  parapet explain RULE-ID

RULE-ID is case-insensitive, e.g. PP-WL-010 or pp-wl-010. \`parapet rules\` lists them all.

Flags:
  -h, --help   this help

Exit codes: 0 explained; 2 unknown rule or usage error.
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { help: { type: 'boolean', short: 'h' } }, 'explain');
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1)
    throw new UsageError(
      `${positionals.length === 0 ? 'no RULE-ID given' : 'one RULE-ID at a time'}\nRun \`parapet explain --help\` for usage.`,
    );
  const query = positionals[0];
  const ids = RULES.map((rule) => rule.meta.id);
  const id = findRuleId(query, ids);
  const rule = RULES.find((r) => r.meta.id === id);
  if (rule === undefined) {
    const close = closestRuleIds(query, ids);
    const hint = close.length > 0 ? `\nDid you mean ${close.join(', ')}?` : '';
    throw new UsageError(`unknown rule ${query}; \`parapet rules\` lists them${hint}`);
  }
  await writeOutput(renderExplain(rule.meta), undefined);
  return 0;
}
