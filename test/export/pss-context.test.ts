/**
 * The CEL of a namespace's Pod Security settings resolves as parapet does (settings.ts): for every combination of
 * labels below and every check, "does this check judge the namespace's pods" is the same answer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CelPolicy } from '../../src/cel/policy.js';
import { pssJudges, pssVariables } from '../../src/export/vap/pss-context.js';
import {
  type PssSettings,
  pssChecksJudging,
  settingsFromLabels,
} from '../../src/rules/pod-security/settings.js';
import { PSS_CHECKS } from '../../src/rules/pss/checks/index.js';

const LEVELS = [undefined, 'privileged', 'baseline', 'restricted', 'bogus'];
const VERSIONS = [undefined, 'latest', 'v1.0', 'v1.22', 'v1.23', 'v1.25', 'v1.30', 'v1.40', 'v2.0', 'v1.022'];
const FALLBACKS: PssSettings[] = [
  { level: 'restricted', version: 'latest', source: 'test' },
  { level: 'baseline', version: 'v1.24', source: 'test' },
];

function labelSets(): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const enforce of LEVELS)
    for (const warn of LEVELS)
      for (const version of VERSIONS) {
        const labels: Record<string, string> = {};
        if (enforce) labels['pod-security.kubernetes.io/enforce'] = enforce;
        if (warn) labels['pod-security.kubernetes.io/warn'] = warn;
        if (version) labels[`pod-security.kubernetes.io/${warn ? 'warn' : 'enforce'}-version`] = version;
        out.push(labels);
      }
  return out;
}

test('pssJudges agrees with the scan for every label set, fallback and check', () => {
  const checks = PSS_CHECKS.map((c) => c.id);
  let compared = 0;
  for (const fallback of FALLBACKS) {
    const policy = new CelPolicy({
      variables: pssVariables(fallback),
      validations: checks.map((id) => ({ expression: `!${pssJudges(id)}` })),
    });
    for (const labels of [...labelSets(), undefined]) {
      const namespaceObject = labels === undefined ? null : { metadata: { name: 'ns', labels } };
      const verdict = policy.judge({}, { namespaceObject });
      assert.equal(verdict.kind, 'judged', JSON.stringify({ labels, verdict }));
      if (verdict.kind !== 'judged') continue;
      const celJudging = new Set(verdict.failures.map((f) => checks[f.index]));
      const settings = (labels && settingsFromLabels(labels, 'ns')) ?? fallback;
      assert.deepEqual(
        [...celJudging].sort(),
        [...pssChecksJudging(settings)].sort(),
        JSON.stringify(labels),
      );
      compared++;
    }
  }
  assert.ok(compared > 400);
});
