/** `parapet rules`: the rule catalog as a table, JSON or Markdown (docs/rules.md). Rendering is catalog/render.ts. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { notAtAdmission } from '../admission/capability.js';
import {
  CATALOG_FORMATS,
  catalogJson,
  DOCS_COMMAND,
  renderCatalogMarkdown,
  renderCatalogTable,
  rulesOfChapter,
} from '../catalog/render.js';
import { notExportable } from '../export/vap/policies.js';
import { CHAPTERS } from '../findings/finding.js';
import { RULES } from '../rules/registry.js';
import { oneOf, parseFlags, UsageError } from './args.js';
import { writeOutput } from './output.js';

const HELP = `List parapet's rules: id, title, chapter, severity and the framework controls each one cites.

Usage:
  parapet rules [--chapter CHAPTER] [--format FORMAT] [-o FILE]

Flags:
  --chapter CHAPTER   only one chapter: ${CHAPTERS.join(', ')}
  --format FORMAT     table (default), json, or markdown: a document with a table per chapter and a section
                      per rule (recommendation, rationale, remediation, references, parameters)
  -o, --output FILE   write to FILE instead of standard output
  -h, --help          this help

docs/rules.md is this command's markdown output; regenerate it after changing a rule:
  ${DOCS_COMMAND}

See \`parapet explain RULE-ID\` for one rule in full, with a failing and a passing example.
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      chapter: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
    'rules',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length > 0)
    throw new UsageError(
      `unexpected argument "${positionals[0]}"; for one rule use \`parapet explain ${positionals[0]}\``,
    );
  const chapter =
    values.chapter === undefined ? undefined : oneOf('chapter', values.chapter, CHAPTERS, CHAPTERS[0]);
  const format = oneOf('format', values.format, CATALOG_FORMATS, 'table');
  const rules = rulesOfChapter(
    RULES.map((rule) => rule.meta),
    chapter,
  );
  const text =
    format === 'json'
      ? withAdmission(catalogJson(rules))
      : format === 'markdown'
        ? renderCatalogMarkdown(rules)
        : renderCatalogTable(rules);
  // `-o docs/rules.md` in a fresh checkout: create the directory rather than fail
  if (values.output !== undefined && values.output !== '-')
    await mkdir(path.dirname(values.output), { recursive: true });
  await writeOutput(text, values.output);
  return 0;
}

/** Whether `parapet webhook` judges each rule and `parapet export vap` exports it, and why not where not. */
function withAdmission(catalog: ReturnType<typeof catalogJson>): string {
  const out = catalog.rules.map((entry) => {
    const rule = RULES.find((r) => r.meta.id === entry.id);
    const reason = rule === undefined ? 'unknown rule' : notAtAdmission(rule);
    // `parapet export vap`: whether the rule can become a ValidatingAdmissionPolicy, and why not
    const notVap = rule === undefined ? 'unknown rule' : notExportable(rule);
    return {
      ...entry,
      admission: reason === undefined ? { judged: true } : { judged: false, reason },
      exportable: notVap === undefined ? { vap: true } : { vap: false, reason: notVap },
    };
  });
  return `${JSON.stringify({ ...catalog, rules: out }, null, 2)}\n`;
}
