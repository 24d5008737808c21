/**
 * evaluatePodLayered (what `parapet scan` reports) against Pod Security Admission's own fixtures: at restricted it
 * denies exactly the pods PSA denies, flags exactly the fields PSA's restricted checks and the baseline checks they
 * replace flag, never one field twice, and keeps every baseline violation under its own check.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { load } from 'js-yaml';
import type { FieldPath } from '../../src/inventory/field-path.js';
import { evaluatePod, evaluatePodLayered, type PssViolation } from '../../src/rules/pss/evaluate.js';
import { fixtureVersions, MISSING_DATA, PSS_LEVELS, unpackPssFixtures } from '../helpers/pss-fixtures.js';

let fixtures: ReturnType<typeof unpackPssFixtures>;
before(() => {
  fixtures = unpackPssFixtures();
});
after(() => fixtures?.cleanup());

const key = (v: PssViolation, p: FieldPath) => `${v.check} ${JSON.stringify(p)}`;
const fields = (violations: readonly PssViolation[]) =>
  new Set(violations.flatMap((v) => v.paths.map((p) => JSON.stringify(p))));

/** Mismatches of one pod judged at restricted `version`. */
function mismatches(
  metadata: Record<string, unknown>,
  spec: Record<string, unknown>,
  version: string,
): string[] {
  const exact = evaluatePod('restricted', version, metadata, spec);
  const baseline = evaluatePod('baseline', version, metadata, spec);
  const layered = evaluatePodLayered('restricted', version, metadata, spec);
  const out: string[] = [];
  if (layered.allowed !== exact.allowed) out.push(`allowed ${layered.allowed}, PSA ${exact.allowed}`);
  const expected = new Set([...fields(exact.violations), ...fields(baseline.violations)]);
  const got = fields(layered.violations);
  if ([...expected].sort().join() !== [...got].sort().join()) {
    out.push(`fields ${[...got].sort().join(' ')}, expected ${[...expected].sort().join(' ')}`);
  }
  const seen = new Set<string>();
  for (const v of layered.violations) {
    for (const p of v.paths) {
      const field = JSON.stringify(p);
      if (seen.has(field)) out.push(`${field} reported twice (${key(v, p)})`);
      seen.add(field);
    }
  }
  for (const b of baseline.violations) {
    const same = layered.violations.find((v) => v.check === b.check);
    if (same === undefined || same.detail !== b.detail) out.push(`baseline ${b.check} not kept: ${b.detail}`);
  }
  return out;
}

test('evaluatePodLayered at restricted: PSA verdicts, every field once, baseline violations kept', (t) => {
  if (!fixtures) return t.skip(MISSING_DATA);
  const { testdata } = fixtures;
  const problems: string[] = [];
  let judged = 0;
  for (const level of PSS_LEVELS) {
    for (const version of fixtureVersions(testdata, level)) {
      for (const kind of ['pass', 'fail']) {
        const dir = path.join(testdata, level, version, kind);
        for (const file of fs.readdirSync(dir).sort()) {
          const pod = load(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
          const metadata = (pod.metadata ?? {}) as Record<string, unknown>;
          const spec = (pod.spec ?? {}) as Record<string, unknown>;
          for (const at of [version, 'latest']) {
            judged++;
            for (const m of mismatches(metadata, spec, at))
              problems.push(`${level}/${version}/${kind}/${file} at ${at}: ${m}`);
          }
        }
      }
    }
  }
  assert.ok(judged > 1000, `only ${judged} fixtures judged`);
  assert.deepEqual(problems.slice(0, 20), []);
});
