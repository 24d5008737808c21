import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan } from '../../src/engine/scan.js';
import { RULES } from '../../src/rules/registry.js';
import { EXAMPLE_DIR } from '../helpers/paths.js';

describe('scan pipeline', () => {
  it('says when the rules start and how much they judge (the CLI draws it on its progress line)', async () => {
    const calls: [number, number][] = [];
    const { report, timings } = await scan({
      paths: [EXAMPLE_DIR],
      catalog: RULES,
      onJudging: (objects, rules) => calls.push([objects, rules]),
    });
    // the rules that run: those requiring input the scan was not given (--vulns) are not assessed
    assert.deepEqual(calls, [[report.resources.length, report.rules.length]]);
    assert.ok(report.rules.length > 0 && report.rules.length <= RULES.length);
    assert.deepEqual(Object.keys(timings), [
      'read and parse',
      'rules and findings',
      'exceptions and baseline',
    ]);
  });
});
