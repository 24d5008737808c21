/**
 * Pod Security Admission's own fixtures (kubernetes/pod-security-admission test/testdata): every pass fixture must
 * be allowed, and every fail fixture denied by the check its name gives, at its level and policy version.
 * The data lives beside the checkout in ../shared/conformance and is absent from a user's clone.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { load } from 'js-yaml';
import { evaluatePod } from '../../src/rules/pss/evaluate.js';
import { NEWEST_POLICY_VERSION } from '../../src/rules/pss/version.js';
import { missingData } from '../helpers/conformance.js';
import { SHARED_DIR } from '../helpers/paths.js';
import { expectedCheck } from '../helpers/pss-fixtures.js';

const TARBALL = path.join(SHARED_DIR, 'conformance', 'pss-testdata.tar.gz');
const LEVELS = ['baseline', 'restricted'] as const;

let workDir: string | undefined;
let testdata = '';

before(() => {
  if (!fs.existsSync(TARBALL)) return;
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parapet-pss-'));
  execFileSync('tar', ['-xzf', TARBALL, '-C', workDir]);
  testdata = path.join(workDir, 'test', 'testdata');
});

after(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

function versionsOf(level: string): string[] {
  return fs.readdirSync(path.join(testdata, level)).sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
}

interface Outcome {
  checked: { pass: number; fail: number };
  mismatches: string[];
}

/** Judges every fixture of one level at `version` (or at `asVersion`, to test `latest` against the newest folder). */
function judge(level: (typeof LEVELS)[number], version: string, outcome: Outcome, asVersion = version): void {
  for (const kind of ['pass', 'fail'] as const) {
    const dir = path.join(testdata, level, version, kind);
    for (const file of fs.readdirSync(dir).sort()) {
      const pod = load(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
      const metadata = (pod.metadata ?? {}) as Record<string, unknown>;
      const spec = (pod.spec ?? {}) as Record<string, unknown>;
      const result = evaluatePod(level, asVersion, metadata, spec);
      const where = `${level}/${version}/${kind}/${file} at ${asVersion}`;
      outcome.checked[kind]++;
      if (kind === 'pass') {
        if (!result.allowed) {
          outcome.mismatches.push(`${where}: denied by ${result.violations.map((v) => v.check).join(', ')}`);
        }
        continue;
      }
      const expected = expectedCheck(file, level, asVersion);
      const found = result.violations.map((v) => v.check);
      if (expected.length === 0)
        outcome.mismatches.push(`${where}: no check in effect for this fixture name`);
      else if (!expected.some((id) => found.includes(id))) {
        outcome.mismatches.push(`${where}: expected ${expected.join(' or ')}, got [${found.join(', ')}]`);
      }
    }
  }
}

function report(outcome: Outcome): string {
  const shown = outcome.mismatches.slice(0, 25).join('\n');
  return `${outcome.mismatches.length} mismatches:\n${shown}`;
}

for (const level of LEVELS) {
  test(`PSA conformance: every ${level} fixture at its own policy version`, (t) => {
    if (!workDir) {
      missingData(t, `PSS conformance data not found at ${TARBALL}; it lives in ../shared/conformance`);
      return;
    }
    const outcome: Outcome = { checked: { pass: 0, fail: 0 }, mismatches: [] };
    const versions = versionsOf(level);
    for (const version of versions) judge(level, version, outcome);
    t.diagnostic(
      `${level}: ${outcome.checked.pass + outcome.checked.fail} fixtures over ${versions.length} versions ` +
        `(${outcome.checked.pass} pass, ${outcome.checked.fail} fail)`,
    );
    assert.ok(outcome.checked.pass > 0 && outcome.checked.fail > 0, 'no fixtures found');
    assert.deepEqual(outcome.mismatches, [], report(outcome));
  });

  test(`PSA conformance: ${level} fixtures of ${NEWEST_POLICY_VERSION} judged at "latest" and beyond`, (t) => {
    if (!workDir) {
      missingData(t, `PSS conformance data not found at ${TARBALL}; it lives in ../shared/conformance`);
      return;
    }
    const newest = versionsOf(level).at(-1) as string;
    assert.equal(
      newest,
      NEWEST_POLICY_VERSION,
      'the fixtures know a newer policy version than the checks do',
    );
    const outcome: Outcome = { checked: { pass: 0, fail: 0 }, mismatches: [] };
    judge(level, newest, outcome, 'latest');
    judge(level, newest, outcome, 'v1.99');
    assert.deepEqual(outcome.mismatches, [], report(outcome));
  });
}
