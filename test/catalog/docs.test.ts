/** docs/rules.md is `parapet rules --format markdown` output: it must match the catalog as built. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { DOCS_COMMAND, renderCatalogMarkdown } from '../../src/catalog/render.js';
import { RULES } from '../../src/rules/registry.js';
import { REPO_ROOT } from '../helpers/paths.js';

const STALE = `docs/rules.md is stale: run ${DOCS_COMMAND}`;

test('docs/rules.md matches the rule catalog', async (t) => {
  const expected = renderCatalogMarkdown(RULES.map((rule) => rule.meta));
  const actual = await readFile(path.join(REPO_ROOT, 'docs', 'rules.md'), 'utf8').catch(() => undefined);
  if (actual !== undefined && actual !== expected) {
    const want = expected.split('\n');
    const have = actual.split('\n');
    const line = want.findIndex((text, i) => text !== have[i]);
    const at = line === -1 ? have.length : line;
    t.diagnostic(
      `first difference at line ${at + 1}: expected ${JSON.stringify(want[at])}, found ${JSON.stringify(have[at])}`,
    );
  }
  assert.ok(
    actual === expected,
    actual === undefined ? `docs/rules.md is missing: run ${DOCS_COMMAND}` : STALE,
  );
});

test('the stale message names the command', () => {
  assert.equal(
    STALE,
    'docs/rules.md is stale: run node bin/parapet.js rules --format markdown -o docs/rules.md',
  );
});
