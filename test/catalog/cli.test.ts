/** `parapet rules` and `parapet explain`, run as a user would. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { renderCatalogMarkdown } from '../../src/catalog/render.js';
import { RULES } from '../../src/rules/registry.js';
import { parapet } from '../helpers/cli.js';

test('rules: a table of every rule', () => {
  const result = parapet(['rules']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^ID +Severity +Chapter +Title +References\n/);
  for (const rule of RULES) assert.ok(result.stdout.includes(`\n${rule.meta.id} `), rule.meta.id);
  assert.ok(
    result.stdout.endsWith(`${RULES.length} rules; \`parapet explain RULE-ID\` shows one in full.\n`),
  );
});

test('rules --chapter data --format json', () => {
  const result = parapet(['rules', '--chapter', 'data', '--format', 'json']);
  assert.equal(result.code, 0, result.stderr);
  const { rules } = JSON.parse(result.stdout);
  assert.ok(rules.length > 0);
  assert.ok(rules.every((r: { chapter: string }) => r.chapter === 'data'));
  const spread = rules.find((r: { id: string }) => r.id === 'PP-DATA-001');
  assert.deepEqual(spread.params, [
    {
      name: 'maxWorkloads',
      type: 'integer',
      default: '3',
      description: 'Most workloads that may mount the same Secret.',
    },
  ]);
});

test('rules --format markdown -o FILE writes what docs.test compares', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'parapet-rules-'));
  try {
    const file = path.join(dir, 'rules.md');
    const result = parapet(['rules', '--format', 'markdown', '-o', file]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.equal(await readFile(file, 'utf8'), renderCatalogMarkdown(RULES.map((rule) => rule.meta)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('rules: bad flags are usage errors', () => {
  const chapter = parapet(['rules', '--chapter', 'storage']);
  assert.equal(chapter.code, 2);
  assert.match(chapter.stderr, /--chapter must be one of platform, workloads, operations, data, network/);
  const stray = parapet(['rules', 'PP-WL-010']);
  assert.equal(stray.code, 2);
  assert.match(stray.stderr, /parapet explain PP-WL-010/);
  assert.match(parapet(['rules', '--help']).stdout, /--format FORMAT/);
});

test('explain: case-insensitive, with examples and references', () => {
  const result = parapet(['explain', 'pp-data-001']);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(result.stdout.startsWith('PP-DATA-001  Secret mounted into many workloads\n'));
  for (const section of [
    'Recommendation',
    'Why it matters',
    'Fails (an example this rule flags)',
    'Passes (the same, fixed)',
    'How to fix',
    'References',
    'Parameters',
  ]) {
    assert.ok(result.stdout.includes(`\n${section}\n`), section);
  }
  assert.ok(result.stdout.includes('\n    kind: Deployment\n'), 'examples printed as YAML');
  assert.ok(result.stdout.includes('CIS Kubernetes Benchmark 5.1.2: Minimize access to secrets'));
});

test('explain: a rule that stays silent on a partial input says when (PP-WL-024 without Secrets)', () => {
  const result = parapet(['explain', 'PP-WL-024']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stdout,
    /\nSilent on a partial input\n {2}Silent when the input holds no Secret of the workload's namespace:/,
  );
  assert.ok(!parapet(['explain', 'PP-WL-010']).stdout.includes('Silent on a partial input'));
});

test('explain: an unknown id exits 2 and suggests the closest', () => {
  const result = parapet(['explain', 'PP-PLAT-01']);
  assert.equal(result.code, 2);
  assert.match(
    result.stderr,
    /^parapet explain: unknown rule PP-PLAT-01; `parapet rules` lists them\nDid you mean PP-PLAT-010, PP-PLAT-001, PP-PLAT-021, PP-PLAT-002, PP-PLAT-020/,
  );
  const nothing = parapet(['explain', 'zzzzzzzz']);
  assert.equal(nothing.code, 2);
  assert.equal(nothing.stderr, 'parapet explain: unknown rule zzzzzzzz; `parapet rules` lists them\n');
  assert.equal(parapet(['explain']).code, 2);
  assert.equal(parapet(['explain', 'a', 'b']).code, 2);
});

test('the top-level help lists rules and explain', () => {
  const help = parapet(['--help']).stdout;
  assert.match(help, /\n {2}rules {5}/);
  assert.match(help, /\n {2}explain {3}/);
});
