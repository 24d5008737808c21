/**
 * A rule that throws on an odd object costs only that rule on that object: it becomes an error note naming the
 * rule and the object (file:line), the scan exits 2, and every judgement around it stands.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { forEachViolation } from '../../src/engine/evaluate.js';
import { activeRules, DEFAULT_POLICY } from '../../src/engine/policy.js';
import { scan } from '../../src/engine/scan.js';
import type { Note } from '../../src/findings/finding.js';
import { loadManifestText } from '../../src/inputs/manifests.js';
import { Inventory } from '../../src/inventory/inventory.js';
import { DEFAULT_PSS, pssResolver } from '../../src/rules/pod-security/settings.js';
import type { InventoryRule, ObjectRule, PodRule, Rule, RuleMeta } from '../../src/rules/types.js';
import { memoryLimit } from '../../src/rules/workloads/memory-limit.js';

/** Three pods; the rules planted below trip over the second one, `odd`. */
const PODS = ['first', 'odd', 'last']
  .map(
    (name) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: shop}
spec:
  containers:
    - name: app
      image: nginx:1.27
`,
  )
  .join('---\n');

function meta(id: string): RuleMeta {
  return {
    id,
    title: `planted rule ${id}`,
    chapter: 'workloads',
    severity: 'low',
    recommendation: 'none',
    remediation: 'none',
    references: [],
    appliesTo: ['Pod'],
  };
}

const odd = (name: string) => {
  if (name === 'odd') throw new TypeError(`cannot read properties of ${name}`);
};

/** Reports every object it judges, after throwing on `odd`. */
const objectRule: ObjectRule = {
  meta: meta('TEST-OBJECT'),
  target: 'object',
  *check(resource) {
    odd(resource.name);
    yield { path: ['metadata', 'name'], message: `judged ${resource.name}` };
  },
};

/** The same as a pod rule, throwing after a first violation: what it reported before the throw stays. */
const podRule: PodRule = {
  meta: meta('TEST-POD'),
  target: 'pod',
  *check(pod) {
    yield { path: ['spec'], message: `judged ${pod.resource.name}` };
    odd(pod.resource.name);
  },
};

const inventoryRule: InventoryRule = {
  meta: meta('TEST-INVENTORY'),
  target: 'inventory',
  *check({ inventory }) {
    yield { resource: inventory.resources[0] as never, path: [], message: 'before the throw' };
    throw new Error('relations unreadable');
  },
};

function judge(rules: Rule[]) {
  const inventory = new Inventory(loadManifestText('pods.yaml', PODS).resources);
  const notes: Note[] = [];
  const judged: string[] = [];
  forEachViolation(
    inventory,
    activeRules(rules, DEFAULT_POLICY),
    { pss: pssResolver(inventory, DEFAULT_PSS), onRuleError: (note) => notes.push(note) },
    (active, resource) => {
      judged.push(`${active.rule.meta.id} ${resource.name}`);
    },
  );
  return { notes, judged };
}

describe('a rule that throws', () => {
  it('becomes a note naming the rule and the object, and every other judgement stands', () => {
    const { notes, judged } = judge([objectRule, podRule, memoryLimit, inventoryRule]);
    assert.deepEqual(judged, [
      'TEST-OBJECT first',
      'TEST-POD first',
      'PP-WL-010 first',
      // TEST-OBJECT threw on odd, TEST-POD after its first violation; the rules after them still judged it
      'TEST-POD odd',
      'PP-WL-010 odd',
      'TEST-OBJECT last',
      'TEST-POD last',
      'PP-WL-010 last',
      'TEST-INVENTORY first',
    ]);
    assert.deepEqual(notes, [
      {
        level: 'error',
        message:
          'rule TEST-OBJECT threw on Pod `shop/odd`, which it left unjudged (a bug in parapet: please report it): cannot read properties of odd',
        file: 'pods.yaml',
        line: 9,
        column: 1,
      },
      {
        level: 'error',
        message:
          'rule TEST-POD threw on Pod `shop/odd`, which it left unjudged (a bug in parapet: please report it): cannot read properties of odd',
        file: 'pods.yaml',
        line: 9,
        column: 1,
      },
      {
        level: 'error',
        message:
          'rule TEST-INVENTORY threw on the input, which it left unjudged (a bug in parapet: please report it): relations unreadable',
      },
    ]);
  });

  it('propagates where no one listens for it (a rule test must see its rule throw)', () => {
    const inventory = new Inventory(loadManifestText('pods.yaml', PODS).resources);
    assert.throws(
      () =>
        forEachViolation(
          inventory,
          activeRules([objectRule], DEFAULT_POLICY),
          { pss: pssResolver(inventory, DEFAULT_PSS) },
          () => {},
        ),
      /cannot read properties of odd/,
    );
  });

  it('through the scan pipeline: an error note, ruleErrors set (exit 2), the findings of every other rule kept', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parapet-rule-errors-'));
    try {
      const file = path.join(dir, 'pods.yaml');
      writeFileSync(file, PODS);
      const clean = await scan({ paths: [file], catalog: [memoryLimit] });
      const { report, ruleErrors } = await scan({ paths: [file], catalog: [objectRule, memoryLimit] });
      assert.equal(clean.ruleErrors, false);
      assert.equal(ruleErrors, true);
      const errors = report.notes.filter((n) => n.level === 'error');
      assert.equal(errors.length, 1);
      assert.match(errors[0]?.message ?? '', /^rule TEST-OBJECT threw on Pod `shop\/odd`/);
      assert.equal(errors[0]?.file, file);
      assert.equal(errors[0]?.line, 9);
      const byRule = (id: string) =>
        report.findings.filter((f) => f.ruleId === id).map((f) => f.resource.name);
      assert.deepEqual(byRule('PP-WL-010'), ['first', 'odd', 'last']);
      assert.deepEqual(byRule('TEST-OBJECT'), ['first', 'last']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
