import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FORMATS, isFormat, loadReporter } from '../../src/reporters/index.js';
import { report } from './fixture.js';

test('every format loads a reporter that returns text ending in a newline', async () => {
  for (const format of FORMATS) {
    const reporter = await loadReporter(format);
    const out = reporter(report, { color: false });
    assert.equal(typeof out, 'string');
    assert.ok(out.endsWith('\n'), format);
  }
});

test('isFormat', () => {
  assert.ok(isFormat('sarif'));
  assert.ok(!isFormat('xml'));
});
