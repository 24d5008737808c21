import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  catalogJson,
  closestRuleIds,
  editDistance,
  findRuleId,
  paramsOf,
  referenceLine,
  renderCatalogMarkdown,
  renderCatalogTable,
  renderExplain,
  rulesOfChapter,
  schemaType,
  wrap,
} from '../../src/catalog/render.js';
import type { RuleMeta } from '../../src/rules/types.js';

const withParams: RuleMeta = {
  id: 'PP-DATA-901',
  title: 'Something | with a pipe',
  chapter: 'data',
  severity: 'low',
  recommendation: 'Do the thing.',
  rationale: 'Because.',
  silentWhen: 'the input lacks the Secrets.',
  remediation: 'Fix `it`.',
  references: [
    { framework: 'CIS', id: '5.4.1', title: 'Prefer using secrets as files' },
    { framework: 'MS-TMK', id: 'MS-TA9025' },
  ],
  params: {
    schema: {
      type: 'object',
      properties: {
        max: { type: 'integer', default: 2, description: 'Most allowed.' },
        names: { type: 'array', items: { type: 'string' } },
        mode: { enum: ['strict', 'lax'] },
      },
    },
    defaults: { max: 3, names: ['a'] },
  },
  appliesTo: ['Secret'],
  examples: {
    fail: '\napiVersion: v1\nkind: Secret\nmetadata: {name: a}\n',
    pass: 'apiVersion: v1\nkind: Secret\n',
  },
};

const plain: RuleMeta = {
  id: 'PP-WL-901',
  title: 'Plain',
  chapter: 'workloads',
  severity: 'high',
  recommendation: 'Plain recommendation.',
  remediation: 'Plain remediation.',
  references: [{ framework: 'PSS', id: 'privileged' }],
  appliesTo: ['Pod'],
};

test("paramsOf: names, types and defaults from the schema, the rule's defaults winning", () => {
  assert.deepEqual(paramsOf(withParams), [
    { name: 'max', type: 'integer', default: '3', description: 'Most allowed.' },
    { name: 'names', type: 'string[]', default: '["a"]' },
    { name: 'mode', type: '"strict" | "lax"' },
  ]);
  assert.deepEqual(paramsOf(plain), []);
  assert.equal(schemaType({ type: ['string', 'null'] }), 'string | null');
  assert.equal(schemaType({ oneOf: [{ type: 'integer' }, { type: 'string' }] }), 'integer | string');
  assert.equal(schemaType(undefined), 'any');
});

test('table: one row per rule with its references, and a count', () => {
  const text = renderCatalogTable([plain, withParams]);
  const lines = text.split('\n');
  assert.match(lines[0], /^ID\s+Severity\s+Chapter\s+Title\s+References$/);
  assert.match(lines[1], /^PP-WL-901\s+high\s+workloads\s+Plain\s+PSS privileged$/);
  assert.match(lines[2], /^PP-DATA-901\s+low\s+data\s+.*CIS 5\.4\.1, MS-TMK MS-TA9025$/);
  assert.ok(text.endsWith('2 rules; `parapet explain RULE-ID` shows one in full.\n'));
  assert.equal(renderCatalogTable([]), 'No rules.\n');
});

test('json: id, title, chapter, severity, references and parameters', () => {
  const json = catalogJson([withParams, plain]);
  assert.deepEqual(json.rules[0].references, [
    { framework: 'CIS', id: '5.4.1', title: 'Prefer using secrets as files' },
    { framework: 'MS-TMK', id: 'MS-TA9025', title: undefined },
  ]);
  assert.equal(json.rules[1].params, undefined);
  assert.equal(json.rules[0].params?.[0].default, '3');
});

test('chapter filter', () => {
  assert.deepEqual(
    rulesOfChapter([plain, withParams], 'data').map((r) => r.id),
    ['PP-DATA-901'],
  );
  assert.equal(rulesOfChapter([plain, withParams]).length, 2);
});

test('markdown: chapters in catalog order, a table each, a section per rule', () => {
  const md = renderCatalogMarkdown([withParams, plain]);
  assert.ok(md.startsWith('# parapet rule catalog\n'));
  assert.ok(md.indexOf('## Workloads') < md.indexOf('## Data'), 'chapters follow CHAPTERS order');
  assert.ok(!md.includes('## Network'), 'empty chapters are left out');
  assert.ok(
    md.includes(
      '| [PP-DATA-901](#pp-data-901) | Something \\| with a pipe | low | CIS 5.4.1, MS-TMK MS-TA9025 |',
    ),
  );
  assert.ok(md.includes('<a id="pp-data-901"></a>\n\n### PP-DATA-901: Something | with a pipe'));
  assert.ok(md.includes('**Why it matters.** Because.'));
  assert.ok(md.includes('- CIS Kubernetes Benchmark 5.4.1: Prefer using secrets as files'));
  assert.ok(md.includes('- Microsoft Threat Matrix for Kubernetes MS-TA9025\n'));
  assert.ok(md.includes('| `max` | integer | `3` | Most allowed. |'));
  assert.ok(md.includes('| `mode` | "strict" \\| "lax" | - |  |'));
  assert.ok(!md.includes('**Why it matters.** undefined'));
  assert.ok(md.includes('**Silent when** the input lacks the Secrets.'));
  assert.equal(md.match(/\*\*Silent when\*\*/g)?.length, 1, 'only the rule that has it');
  assert.ok(md.endsWith('\n') && !md.endsWith('\n\n'));
  assert.equal(md, renderCatalogMarkdown([withParams, plain]), 'deterministic');
});

test('explain: recommendation, why, examples as YAML, fix, references, parameters', () => {
  const text = renderExplain(withParams);
  const order = [
    'PP-DATA-901  Something | with a pipe',
    'Recommendation\n  Do the thing.',
    'Why it matters\n  Because.',
    'Silent on a partial input\n  Silent when the input lacks the Secrets.',
    'Fails (an example this rule flags)\n    apiVersion: v1\n    kind: Secret\n    metadata: {name: a}\n',
    'Passes (the same, fixed)\n    apiVersion: v1\n    kind: Secret\n',
    'How to fix\n  Fix `it`.',
    'References\n  - CIS Kubernetes Benchmark 5.4.1: Prefer using secrets as files\n  - Microsoft Threat Matrix for Kubernetes MS-TA9025',
    'Parameters\n  max    integer           default 3  Most allowed.',
    '(set in parapet.yaml: rules: {PP-DATA-901: {params: {max: 3, names: ["a"]}}})',
  ];
  let at = -1;
  for (const part of order) {
    const found = text.indexOf(part);
    assert.ok(found > at, `missing or out of order: ${JSON.stringify(part)}\n---\n${text}`);
    at = found;
  }
  const bare = renderExplain(plain);
  assert.ok(!bare.includes('Why it matters') && !bare.includes('Fails') && !bare.includes('Parameters'));
  assert.ok(!bare.includes('Silent'));
});

test('wrap: at the width, with a hanging indent', () => {
  assert.equal(wrap('aaa bbb ccc', '  ', 9, '    '), '  aaa bbb\n    ccc');
  assert.equal(wrap('one', '- '), '- one');
});

test('rule ids: exact match ignoring case; close ids by prefix, then edit distance', () => {
  const ids = ['PP-WL-010', 'PP-WL-012', 'PP-WL-001', 'PP-NET-004', 'PP-DATA-001'];
  assert.equal(findRuleId('pp-wl-010', ids), 'PP-WL-010');
  assert.equal(findRuleId(' PP-Net-004 ', ids), 'PP-NET-004');
  assert.equal(findRuleId('PP-WL-01', ids), undefined);
  assert.deepEqual(closestRuleIds('pp-wl-01', ids), ['PP-WL-010', 'PP-WL-012', 'PP-WL-001']);
  assert.deepEqual(closestRuleIds('wl-010', ids).slice(0, 1), ['PP-WL-010']);
  assert.deepEqual(closestRuleIds('PP-NET-04', ids), ['PP-NET-004']);
  assert.deepEqual(closestRuleIds('PP-DATA-010', ids), ['PP-DATA-001']);
  assert.deepEqual(closestRuleIds('banana', ids), []);
  assert.deepEqual(closestRuleIds('', ids), []);
  assert.equal(closestRuleIds('PP', ids).length, 5);
  assert.equal(editDistance('kitten', 'sitting'), 3);
});

test('a reference whose title repeats its id is printed once', () => {
  assert.equal(
    referenceLine({ framework: 'NSA-CISA', id: 'Upgrades', title: 'Upgrades' }),
    'NSA/CISA Kubernetes Hardening Guide Upgrades',
  );
  assert.equal(
    referenceLine({ framework: 'PSS', id: 'privileged', title: 'Privileged' }),
    'Kubernetes Pod Security Standards privileged: Privileged',
  );
});
