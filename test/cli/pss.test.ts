/**
 * `parapet pss` end to end on Pod Security Admission's own fixtures: every level and version, through the real
 * input path (files, YAML decoding, pod extraction) and the JSON contract.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parapet } from '../helpers/cli.js';
import { missingData } from '../helpers/conformance.js';
import {
  expectedCheck,
  fixtureVersions,
  MISSING_DATA,
  PSS_LEVELS,
  unpackPssFixtures,
} from '../helpers/pss-fixtures.js';

interface Verdict {
  file: string;
  kind: string;
  name: string;
  namespace: string;
  level: string;
  version: string;
  allowed: boolean;
  violations: { check: string; reason: string; detail: string }[];
}

let fixtures: ReturnType<typeof unpackPssFixtures>;
before(() => {
  fixtures = unpackPssFixtures();
});
after(() => fixtures?.cleanup());

describe('parapet pss on the PSA fixtures', () => {
  for (const level of PSS_LEVELS) {
    it(`agrees with Pod Security Admission on every ${level} fixture of every version`, (t) => {
      if (!fixtures) return missingData(t, MISSING_DATA);
      const { testdata } = fixtures;
      const mismatches: string[] = [];
      let judged = 0;
      for (const version of fixtureVersions(testdata, level)) {
        const dir = path.join(testdata, level, version);
        const r = parapet(
          ['pss', '--level', level, '--version', version, '--format', 'json', 'pass', 'fail'],
          { cwd: dir },
        );
        assert.notEqual(r.code, 2, r.stderr);
        const verdicts = JSON.parse(r.stdout) as Verdict[];
        for (const v of verdicts) {
          judged++;
          assert.equal(v.level, level);
          assert.equal(v.version, version);
          const shouldPass = v.file.startsWith('pass/');
          if (shouldPass !== v.allowed)
            mismatches.push(`${level}/${version}/${v.file}: allowed=${v.allowed}`);
          if (!shouldPass) {
            const expected = expectedCheck(v.file, level, version);
            if (!expected.some((id) => v.violations.some((x) => x.check === id))) {
              mismatches.push(`${level}/${version}/${v.file}: expected ${expected.join(' or ')}`);
            }
          }
        }
        assert.equal(r.code, verdicts.every((v) => v.allowed) ? 0 : 1);
      }
      t.diagnostic(`${judged} ${level} fixtures judged through the CLI`);
      assert.ok(judged > 1000);
      assert.deepEqual(mismatches, []);
    });
  }

  it('keeps input order and the JSON contract', (t) => {
    if (!fixtures) return missingData(t, MISSING_DATA);
    const dir = path.join(fixtures.testdata, 'baseline', 'v1.0');
    const r = parapet(
      [
        'pss',
        '--level',
        'baseline',
        '--version',
        'v1.0',
        '--format',
        'json',
        'fail/privileged0.yaml',
        'pass',
      ],
      { cwd: dir },
    );
    const verdicts = JSON.parse(r.stdout) as Verdict[];
    assert.deepEqual(Object.keys(verdicts[0] as object), [
      'file',
      'kind',
      'name',
      'namespace',
      'level',
      'version',
      'allowed',
      'violations',
    ]);
    assert.equal(verdicts[0]?.file, 'fail/privileged0.yaml');
    assert.deepEqual(
      verdicts[0]?.violations.map((v) => v.check),
      ['privileged'],
    );
    assert.equal(r.code, 1);
  });

  it('rejects a bad version or level with exit 2', () => {
    assert.equal(parapet(['pss', '--version', '1.30', 'x.yaml']).code, 2);
    assert.equal(parapet(['pss', '--level', 'strict', 'x.yaml']).code, 2);
  });
});
