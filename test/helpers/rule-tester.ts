/**
 * Rule tests as tables, after ESLint's RuleTester: resources that pass and resources that fail, with the
 * expected messages. Each case is YAML (one or more documents: the object under test plus any context objects
 * such as Namespaces or NetworkPolicies).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate } from '../../src/engine/evaluate.js';
import { activeRules, DEFAULT_POLICY } from '../../src/engine/policy.js';
import { loadManifestText } from '../../src/inputs/manifests.js';
import { formatPath } from '../../src/inventory/field-path.js';
import { Inventory } from '../../src/inventory/inventory.js';
import type { Reference } from '../../src/references/frameworks.js';
import { DEFAULT_PSS, pssResolver } from '../../src/rules/pod-security/settings.js';
import type { Rule } from '../../src/rules/types.js';
import type { ImageScan } from '../../src/rules/workloads/image-scans.js';

export interface ValidCase {
  name: string;
  yaml: string;
  params?: Record<string, unknown>;
}

export interface ExpectedViolation {
  /** The exact message, or a pattern it must match. */
  message: string | RegExp;
  /** The field path as reported, e.g. `spec.template.spec.containers[0].image`. */
  path?: string;
  severity?: string;
  /** `Kind/name` of the resource the finding is on, when the case holds several. */
  resource?: string;
  /** The CIS control ids the finding cites, in order (a rule citing several may cite only some per finding). */
  cis?: string[];
  /** The same for the Microsoft Threat Matrix (`MS-TA9013`). */
  mitre?: string[];
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedViolation[];
}

export interface RuleCases {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

function idsOf(references: readonly Reference[], framework: Reference['framework']): string[] {
  return references.filter((ref) => ref.framework === framework).map((ref) => ref.id);
}

/** Runs one rule over the objects in `yaml`; returns its violations as reported. */
export function runRule(
  rule: Rule,
  yaml: string,
  params?: Record<string, unknown>,
  vulnerabilities?: readonly ImageScan[],
) {
  const loaded = loadManifestText('case.yaml', yaml);
  assert.equal(loaded.inputErrors, false, `test YAML does not parse: ${JSON.stringify(loaded.notes)}`);
  const inventory = new Inventory(loaded.resources);
  const [active] = activeRules([rule], DEFAULT_POLICY);
  assert.ok(active);
  if (params) active.params = { ...active.params, ...params };
  const options = {
    pss: pssResolver(inventory, DEFAULT_PSS),
    ...(vulnerabilities ? { vulnerabilities } : {}),
  };
  return evaluate(inventory, [active], options).map((v) => ({
    message: v.violation.message,
    path: formatPath(v.violation.path),
    severity: v.violation.severity ?? active.severity,
    resource: `${v.resource.kind}/${v.resource.name}`,
    cis: idsOf(v.violation.references ?? active.rule.meta.references, 'CIS'),
    mitre: idsOf(v.violation.references ?? active.rule.meta.references, 'MS-TMK'),
  }));
}

export function ruleTester(rule: Rule, cases: RuleCases): void {
  describe(`${rule.meta.id} ${rule.meta.title}`, () => {
    for (const c of cases.valid) {
      it(`passes: ${c.name}`, () => {
        assert.deepEqual(runRule(rule, c.yaml, c.params), []);
      });
    }
    for (const c of cases.invalid) {
      it(`fails: ${c.name}`, () => {
        const got = runRule(rule, c.yaml, c.params);
        assert.equal(
          got.length,
          c.errors.length,
          `expected ${c.errors.length} finding(s), got ${JSON.stringify(got, null, 2)}`,
        );
        c.errors.forEach((expected, i) => {
          const actual = got[i] as (typeof got)[number];
          if (typeof expected.message === 'string') assert.equal(actual.message, expected.message);
          else assert.match(actual.message, expected.message);
          if (expected.path !== undefined) assert.equal(actual.path, expected.path);
          if (expected.severity !== undefined) assert.equal(actual.severity, expected.severity);
          if (expected.resource !== undefined) assert.equal(actual.resource, expected.resource);
          if (expected.cis !== undefined) assert.deepEqual(actual.cis, expected.cis);
          if (expected.mitre !== undefined) assert.deepEqual(actual.mitre, expected.mitre);
        });
      });
    }
  });
}
