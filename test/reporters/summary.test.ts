import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarize } from '../../src/reporters/summary.js';
import { cleanReport, report } from './fixture.js';

test('summarize counts unsuppressed findings by severity and suppressed ones apart', () => {
  assert.deepEqual(summarize(report), {
    resources: 4,
    findings: 5,
    suppressed: 1,
    bySeverity: { critical: 1, high: 1, medium: 1, low: 1, info: 1 },
  });
});

test('summarize lists every severity even when nothing was found', () => {
  assert.deepEqual(summarize(cleanReport), {
    resources: 4,
    findings: 0,
    suppressed: 0,
    bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
  });
});
