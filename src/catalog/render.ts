/**
 * The rule catalog as text, JSON and Markdown (`parapet rules`, docs/rules.md) and one rule in full
 * (`parapet explain`). Pure functions of rule metadata: the CLI commands only pick rules and write the result.
 */
import { CHAPTERS, type Chapter } from '../findings/finding.js';
import { asRecord } from '../inventory/values.js';
import { FRAMEWORKS, formatReference, type Reference } from '../references/frameworks.js';
import type { FactSource, RuleMeta } from '../rules/types.js';

export const CATALOG_FORMATS = ['table', 'json', 'markdown'] as const;
export type CatalogFormat = (typeof CATALOG_FORMATS)[number];

/** The command that regenerates docs/rules.md; the docs test names it when the file is stale. */
export const DOCS_COMMAND = 'node bin/parapet.js rules --format markdown -o docs/rules.md';

const CHAPTER_TITLE: Record<Chapter, string> = {
  platform: 'Platform',
  workloads: 'Workloads',
  operations: 'Operations',
  data: 'Data',
  network: 'Network',
};

export interface ParamInfo {
  name: string;
  type: string;
  /** The default, as JSON; undefined when the rule has none. */
  default?: string;
  description?: string;
}

/** `integer`, `string[]`, `"a" | "b"`, from a property's JSON schema. */
export function schemaType(schema: Record<string, unknown> | undefined): string {
  if (schema === undefined) return 'any';
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.type === 'array') return `${schemaType(asRecord(schema.items))}[]`;
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (typeof schema.type === 'string') return schema.type;
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(schema[key])) return schema[key].map((s) => schemaType(asRecord(s))).join(' | ');
  }
  return 'any';
}

/** A rule's parameters from its JSON schema: name, type, default (the rule's defaults win over the schema's). */
export function paramsOf(meta: RuleMeta): ParamInfo[] {
  if (meta.params === undefined) return [];
  const properties = asRecord(meta.params.schema.properties) ?? {};
  const names = [...Object.keys(properties)];
  for (const name of Object.keys(meta.params.defaults)) if (!names.includes(name)) names.push(name);
  return names.map((name) => {
    const schema = asRecord(properties[name]);
    const value = Object.hasOwn(meta.params?.defaults ?? {}, name)
      ? meta.params?.defaults[name]
      : schema?.default;
    const info: ParamInfo = { name, type: schemaType(schema) };
    if (value !== undefined) info.default = JSON.stringify(value);
    if (typeof schema?.description === 'string') info.description = schema.description;
    return info;
  });
}

/** `CIS Kubernetes Benchmark 5.2.2: Minimize the admission of privileged containers` (a title equal to the id once). */
export function referenceLine(ref: Reference): string {
  const title = ref.title && ref.title !== ref.id ? `: ${ref.title}` : '';
  return `${FRAMEWORKS[ref.framework].title} ${ref.id}${title}`;
}

export function rulesOfChapter(rules: readonly RuleMeta[], chapter?: Chapter): RuleMeta[] {
  return chapter === undefined ? [...rules] : rules.filter((rule) => rule.chapter === chapter);
}

// --- table -----------------------------------------------------------------------------------------------

export function renderCatalogTable(rules: readonly RuleMeta[]): string {
  if (rules.length === 0) return 'No rules.\n';
  const rows = rules.map((rule) => [
    rule.id,
    rule.severity,
    rule.chapter,
    rule.title,
    rule.references.map(formatReference).join(', '),
  ]);
  const header = ['ID', 'Severity', 'Chapter', 'Title', 'References'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const count = `${rules.length} rule${rules.length === 1 ? '' : 's'}; \`parapet explain RULE-ID\` shows one in full.`;
  return `${[line(header), ...rows.map(line)].join('\n')}\n\n${count}\n`;
}

// --- json ------------------------------------------------------------------------------------------------

export function catalogJson(rules: readonly RuleMeta[]) {
  return {
    rules: rules.map((rule) => ({
      id: rule.id,
      title: rule.title,
      chapter: rule.chapter,
      severity: rule.severity,
      recommendation: rule.recommendation,
      silentWhen: rule.silentWhen,
      references: rule.references.map((ref) => ({ framework: ref.framework, id: ref.id, title: ref.title })),
      params: rule.params === undefined ? undefined : paramsOf(rule),
    })),
  };
}

export function renderCatalogJson(rules: readonly RuleMeta[]): string {
  return `${JSON.stringify(catalogJson(rules), null, 2)}\n`;
}

// --- markdown --------------------------------------------------------------------------------------------

/** Table cells: no pipes or line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function anchor(id: string): string {
  return id.toLowerCase();
}

/** What a rule judges, for explain and the docs: its kinds, and who builds them where they are parapet's facts. */
function appliesToText(rule: RuleMeta): string {
  const kinds = rule.appliesTo.join(', ');
  if (rule.facts === undefined) return kinds;
  const fronts = rule.facts.map((source) => FACT_FRONTS[source]).join(' and ');
  return `${kinds} (facts read by ${fronts})`;
}

const FACT_FRONTS: Readonly<Record<FactSource, string>> = {
  node: "`parapet node` from the node's files",
  cluster: '`parapet scan --cluster` from the API server',
};

function ruleSectionMarkdown(rule: RuleMeta): string {
  const parts = [
    `<a id="${anchor(rule.id)}"></a>\n\n### ${rule.id}: ${rule.title}`,
    `Severity **${rule.severity}** · chapter ${rule.chapter} · applies to ${appliesToText(rule)}`,
    `**Recommendation.** ${rule.recommendation}`,
  ];
  if (rule.rationale) parts.push(`**Why it matters.** ${rule.rationale}`);
  if (rule.silentWhen) parts.push(`**Silent when** ${rule.silentWhen}`);
  parts.push(`**How to fix.** ${rule.remediation}`);
  parts.push(`**References**\n\n${rule.references.map((ref) => `- ${referenceLine(ref)}`).join('\n')}`);
  const params = paramsOf(rule);
  if (params.length > 0) {
    const rows = params.map(
      (p) =>
        `| \`${cell(p.name)}\` | ${cell(p.type)} | ${p.default === undefined ? '-' : `\`${cell(p.default)}\``} | ${cell(p.description ?? '')} |`,
    );
    parts.push(
      `**Parameters** (set under \`rules.${rule.id}.params\` in parapet.yaml)\n\n| Name | Type | Default | Description |\n| --- | --- | --- | --- |\n${rows.join('\n')}`,
    );
  }
  return parts.join('\n\n');
}

/**
 * The catalog as a Markdown document: a table per chapter, then a section per rule. Deterministic (no dates,
 * no version) so that docs/rules.md changes only when the rules do.
 */
export function renderCatalogMarkdown(rules: readonly RuleMeta[]): string {
  const chapters = CHAPTERS.filter((chapter) => rules.some((rule) => rule.chapter === chapter));
  const frameworks = Object.entries(FRAMEWORKS)
    .map(([key, info]) => `- **${key}** (\`--framework ${info.short}\`): ${info.title}`)
    .join('\n');
  const out = [
    '# parapet rule catalog',
    `<!-- Generated by \`${DOCS_COMMAND}\`; do not edit by hand. -->`,
    `${rules.length} rule${rules.length === 1 ? '' : 's'} in ${chapters.length} chapter${chapters.length === 1 ? '' : 's'}. ` +
      '`parapet explain RULE-ID` prints any of them with a failing and a passing example; ' +
      '`parapet scan --framework NAME` regroups findings by the controls of one framework.',
    `Frameworks cited:\n\n${frameworks}`,
  ];
  for (const chapter of chapters) {
    const own = rules.filter((rule) => rule.chapter === chapter);
    const rows = own.map(
      (rule) =>
        `| [${rule.id}](#${anchor(rule.id)}) | ${cell(rule.title)} | ${rule.severity} | ${cell(rule.references.map(formatReference).join(', '))} |`,
    );
    out.push(`## ${CHAPTER_TITLE[chapter]}`);
    out.push(`| Rule | Title | Severity | References |\n| --- | --- | --- | --- |\n${rows.join('\n')}`);
    for (const rule of own) out.push(ruleSectionMarkdown(rule));
  }
  return `${out.join('\n\n')}\n`;
}

// --- explain ---------------------------------------------------------------------------------------------

/** Wraps prose at `width` columns: first lines indented by `indent`, continuation lines by `hang`. */
export function wrap(text: string, indent = '  ', width = 100, hang = indent): string {
  const lines: string[] = [];
  for (const paragraph of text.split(/\n/)) {
    let line = '';
    let prefix = indent;
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      if (line !== '' && prefix.length + line.length + 1 + word.length > width) {
        lines.push(prefix + line);
        line = word;
        prefix = hang;
      } else {
        line = line === '' ? word : `${line} ${word}`;
      }
    }
    lines.push(prefix + line);
  }
  return lines.join('\n');
}

function yamlBlock(yaml: string): string {
  return yaml
    .replace(/^\s*\n/, '')
    .trimEnd()
    .split('\n')
    .map((line) => (line === '' ? '' : `    ${line}`))
    .join('\n');
}

/** `parapet explain`: one rule in full, for a person at a terminal. */
export function renderExplain(rule: RuleMeta): string {
  const blocks = [
    `${rule.id}  ${rule.title}\n` +
      `severity ${rule.severity} · chapter ${rule.chapter} · applies to ${appliesToText(rule)}`,
    `Recommendation\n${wrap(rule.recommendation)}`,
  ];
  if (rule.rationale) blocks.push(`Why it matters\n${wrap(rule.rationale)}`);
  if (rule.silentWhen) blocks.push(`Silent on a partial input\n${wrap(`Silent when ${rule.silentWhen}`)}`);
  if (rule.examples) {
    blocks.push(`Fails (an example this rule flags)\n${yamlBlock(rule.examples.fail)}`);
    blocks.push(`Passes (the same, fixed)\n${yamlBlock(rule.examples.pass)}`);
  }
  blocks.push(`How to fix\n${wrap(rule.remediation)}`);
  blocks.push(
    `References\n${rule.references.map((ref) => wrap(`- ${referenceLine(ref)}`, '  ', 100, '    ')).join('\n')}`,
  );
  const params = paramsOf(rule);
  if (params.length > 0) {
    const width = Math.max(...params.map((p) => p.name.length));
    const typeWidth = Math.max(...params.map((p) => p.type.length));
    const lines = params.map((p) => {
      const value = p.default === undefined ? 'no default' : `default ${p.default}`;
      const description = p.description ? `  ${p.description}` : '';
      return `  ${p.name.padEnd(width)}  ${p.type.padEnd(typeWidth)}  ${value}${description}`;
    });
    const example = params
      .filter((p) => p.default !== undefined)
      .map((p) => `${p.name}: ${p.default}`)
      .join(', ');
    lines.push(
      `  (set in parapet.yaml: rules: {${rule.id}: {params: {${example || `${params[0].name}: ...`}}}})`,
    );
    blocks.push(`Parameters\n${lines.join('\n')}`);
  }
  return `${blocks.join('\n\n')}\n`;
}

// --- unknown ids -----------------------------------------------------------------------------------------

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

/** The catalog id `query` names, ignoring case. */
export function findRuleId(query: string, ids: readonly string[]): string | undefined {
  const wanted = query.trim().toUpperCase();
  return ids.find((id) => id.toUpperCase() === wanted);
}

/**
 * Ids close to a mistyped one: those it is a prefix of (with or without `PP-`), then those within a small
 * edit distance, nearest first. At most `max`.
 */
export function closestRuleIds(query: string, ids: readonly string[], max = 5): string[] {
  const q = query.trim().toUpperCase();
  if (q === '') return [];
  const limit = Math.max(2, Math.floor(q.length / 3));
  const scored: { id: string; score: number }[] = [];
  for (const id of ids) {
    const upper = id.toUpperCase();
    if (upper.startsWith(q) || upper.startsWith(`PP-${q}`)) {
      scored.push({ id, score: 0 });
      continue;
    }
    const distance = Math.min(editDistance(q, upper), editDistance(`PP-${q}`, upper) + 1);
    if (distance <= limit) scored.push({ id, score: distance });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id, 'en', { numeric: true }))
    .slice(0, max)
    .map((s) => s.id);
}
