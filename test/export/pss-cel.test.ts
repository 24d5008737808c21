/**
 * The exported Pod Security policies judge exactly as parapet does: every check's CEL (with the policy's own
 * variables, run by the same CEL library) is evaluated on every Pod Security Admission fixture, at every level
 * and version, as a Pod and inside a Deployment and a CronJob, and must allow or deny as the TypeScript check does.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { load } from 'js-yaml';
import { CelPolicy, type CelPolicySource } from '../../src/cel/policy.js';
import { DEFAULT_POLICY } from '../../src/engine/policy.js';
import { exportVap } from '../../src/export/vap/policies.js';
import { pssExports } from '../../src/export/vap/pss.js';
import { PSS_CEL } from '../../src/export/vap/pss-cel.js';
import { PSS_CHECKS } from '../../src/rules/pss/checks/index.js';
import { evaluatePod } from '../../src/rules/pss/evaluate.js';
import { RULES } from '../../src/rules/registry.js';
import { missingData } from '../helpers/conformance.js';
import { fixtureVersions, MISSING_DATA, PSS_LEVELS, unpackPssFixtures } from '../helpers/pss-fixtures.js';

let fixtures: ReturnType<typeof unpackPssFixtures>;
before(() => {
  fixtures = unpackPssFixtures();
});
after(() => fixtures?.cleanup());

/** The pod as itself, and as the template of a Deployment and of a CronJob. */
function wrappings(pod: Record<string, unknown>): Record<string, unknown>[] {
  const template = { metadata: pod.metadata ?? {}, spec: pod.spec ?? {} };
  return [
    pod,
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template } },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } },
    },
  ];
}

test('every implementation of every Pod Security check has a CEL translation, and no translation is stray', () => {
  const implementations = PSS_CHECKS.flatMap((c) => c.versions.map((v) => `${c.id}@${v.minVersion}`)).sort();
  assert.deepEqual(Object.keys(PSS_CEL).sort(), implementations);
});

test('exported Pod Security CEL agrees with the checks on every PSA fixture, level and version', (t) => {
  if (!fixtures) {
    missingData(t, MISSING_DATA);
    return;
  }
  const mismatches: string[] = [];
  let judged = 0;
  for (const level of PSS_LEVELS) {
    for (const version of fixtureVersions(fixtures.testdata, level)) {
      // the policies exactly as `parapet export vap` emits them
      const { objects } = exportVap({
        rules: ['pss'],
        level,
        version,
        policy: DEFAULT_POLICY,
        catalog: RULES,
        today: '2026-12-02',
      });
      const policies = pssExports(level, version).map((e) => {
        const vap = objects.find(
          (o) =>
            o.kind === 'ValidatingAdmissionPolicy' &&
            (o.metadata as { annotations: Record<string, string> }).annotations['parapet.dev/rule'] ===
              e.rule.meta.id,
        );
        assert.ok(vap, `${e.rule.meta.id} not exported at ${level} ${version}`);
        return { check: e.check, policy: new CelPolicy(vap.spec as CelPolicySource) };
      });
      for (const kind of ['pass', 'fail']) {
        const dir = path.join(fixtures.testdata, level, version, kind);
        for (const file of fs.readdirSync(dir).sort()) {
          const pod = load(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
          const result = evaluatePod(
            level,
            version,
            (pod.metadata ?? {}) as Record<string, unknown>,
            (pod.spec ?? {}) as Record<string, unknown>,
          );
          const denied = new Set(result.violations.map((v) => v.check));
          for (const object of wrappings(pod)) {
            for (const { check, policy } of policies) {
              const verdict = policy.judge(object);
              judged++;
              const where = `${level}/${version}/${kind}/${file} as ${object.kind}: ${check}`;
              if (verdict.kind !== 'judged') {
                mismatches.push(
                  `${where}: ${verdict.kind === 'error' ? `${verdict.where}: ${verdict.error}` : 'skipped'}`,
                );
                continue;
              }
              const celDenies = verdict.failures.length > 0;
              if (celDenies !== denied.has(check))
                mismatches.push(
                  `${where}: CEL ${celDenies ? 'denies' : 'allows'}, the check ${denied.has(check) ? 'denies' : 'allows'}`,
                );
            }
          }
        }
      }
    }
  }
  t.diagnostic(`${judged} check verdicts compared`);
  assert.ok(judged > 1000, 'too few verdicts compared');
  assert.deepEqual(mismatches.slice(0, 30), [], `${mismatches.length} mismatches`);
});
