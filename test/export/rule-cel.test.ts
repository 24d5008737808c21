/**
 * The exported single-object rules judge as the built-in ones: each exported policy (as `parapet export vap`
 * emits it) is run on every pod-bearing object of the rule's own failing and passing examples, and must deny
 * exactly the objects the rule reports.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadAll } from 'js-yaml';
import { CelPolicy, type CelPolicySource } from '../../src/cel/policy.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { activeRules, DEFAULT_POLICY } from '../../src/engine/policy.js';
import { exportVap } from '../../src/export/vap/policies.js';
import { RULE_CEL } from '../../src/export/vap/rule-cel.js';
import { Inventory } from '../../src/inventory/inventory.js';
import { isPodController } from '../../src/inventory/pod-specs.js';
import { type Resource, toResource } from '../../src/inventory/resource.js';
import { DEFAULT_PSS, pssResolver } from '../../src/rules/pod-security/settings.js';
import { findRule, RULES } from '../../src/rules/registry.js';

for (const id of Object.keys(RULE_CEL)) {
  test(`${id}: the exported CEL denies exactly what the rule reports on its examples`, () => {
    const rule = findRule(id);
    assert.ok(rule?.meta.examples, `${id} has no examples`);
    const { objects } = exportVap({
      rules: [id],
      level: 'restricted',
      version: 'latest',
      policy: DEFAULT_POLICY,
      catalog: RULES,
      today: '2026-12-02',
    });
    const vap = objects.find((o) => o.kind === 'ValidatingAdmissionPolicy');
    assert.ok(vap, `${id} not exported`);
    const policy = new CelPolicy(vap.spec as CelPolicySource);
    const active = activeRules(RULES, DEFAULT_POLICY).filter((a) => a.rule.meta.id === id);
    let judged = 0;
    for (const kind of ['fail', 'pass'] as const) {
      const text: string = rule.meta.examples[kind];
      const resources = loadAll(text)
        .map((doc, i) => toResource(doc, {}, i))
        .filter((r): r is Resource => r !== undefined);
      const inventory = new Inventory(resources);
      const reported = new Set(
        evaluate(inventory, active, { pss: pssResolver(inventory, DEFAULT_PSS) }).map((v) => v.resource),
      );
      for (const resource of resources.filter((r) => isPodController(r.kind))) {
        const verdict = policy.judge(resource.object);
        assert.equal(verdict.kind, 'judged', `${id} ${kind} example: ${JSON.stringify(verdict)}`);
        const denied = verdict.kind === 'judged' && verdict.failures.length > 0;
        assert.equal(
          denied,
          reported.has(resource),
          `${id} ${kind} example, ${resource.kind} ${resource.name}`,
        );
        judged++;
      }
      if (kind === 'fail') assert.ok(reported.size > 0, `${id}: the failing example reports nothing`);
    }
    assert.ok(judged >= 2);
  });
}
