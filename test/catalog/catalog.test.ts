/**
 * Catalog-wide checks over every rule parapet ships: metadata complete and well-formed, parameter defaults
 * valid, and each rule's own examples behaving as documented (`parapet explain` prints them).
 */
import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { Ajv } from 'ajv';
import { CHAPTERS, type Chapter } from '../../src/findings/finding.js';
import { isSeverity } from '../../src/findings/severity.js';
import { isFramework } from '../../src/references/frameworks.js';
import { RULES } from '../../src/rules/registry.js';
import { exampleParams } from '../helpers/example-params.js';
import { runRule } from '../helpers/rule-tester.js';

const ID = /^PP-(PSS|WL|NET|OPS|DATA|PLAT|NODE)-\d{3}$/;

/**
 * The chapter each id prefix belongs to (Pod Security rules are part of the workloads chapter; node rules to the
 * platform chapter, but for encryption at rest, which is data).
 */
const PREFIX_CHAPTER: Record<string, Chapter | readonly Chapter[]> = {
  PSS: 'workloads',
  WL: 'workloads',
  NET: 'network',
  OPS: 'operations',
  DATA: 'data',
  PLAT: 'platform',
  NODE: ['platform', 'data'],
};

const nonEmpty = (value: unknown) => typeof value === 'string' && value.trim() !== '';

test('the catalog is not empty', () => {
  assert.ok(RULES.length > 0);
});

test('rule ids are unique and match PP-(PSS|WL|NET|OPS|DATA|PLAT|NODE)-NNN', () => {
  const ids = RULES.map((rule) => rule.meta.id);
  const malformed = ids.filter((id) => !ID.test(id));
  assert.deepEqual(malformed, [], `malformed rule ids: ${malformed.join(', ')}`);
  const duplicates = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  assert.deepEqual(duplicates, [], `duplicate rule ids: ${duplicates.join(', ')}`);
});

test('every rule without examples is listed (required outside PP-PSS-*)', (t) => {
  const missing = RULES.filter((rule) => rule.meta.examples === undefined).map((rule) => rule.meta.id);
  const pss = missing.filter((id) => id.startsWith('PP-PSS-'));
  if (pss.length > 0) {
    // Exercised by the Pod Security Admission conformance fixtures instead (test/pss).
    t.diagnostic(`Pod Security rules without examples (covered by PSA's fixtures): ${pss.join(', ')}`);
  }
  const required = missing.filter((id) => !id.startsWith('PP-PSS-'));
  assert.deepEqual(
    required,
    [],
    `rules without meta.examples {fail, pass} (parapet explain shows them; add one each): ${required.join(', ')}`,
  );
});

const ajv = new Ajv({ allErrors: true, strict: false });

for (const rule of RULES) {
  const { meta } = rule;
  describe(`${meta.id} ${meta.title}`, () => {
    it('has a title, recommendation and remediation', () => {
      assert.ok(nonEmpty(meta.title), 'empty title');
      assert.ok(nonEmpty(meta.recommendation), 'empty recommendation');
      assert.ok(nonEmpty(meta.remediation), 'empty remediation');
      if (meta.rationale !== undefined) assert.ok(nonEmpty(meta.rationale), 'empty rationale');
    });

    it('has a valid severity, a chapter matching its id, and kinds it applies to', () => {
      assert.ok(isSeverity(meta.severity), `severity ${String(meta.severity)}`);
      assert.ok(CHAPTERS.includes(meta.chapter), `chapter ${String(meta.chapter)}`);
      const prefix = ID.exec(meta.id)?.[1];
      const expected = prefix === undefined ? undefined : PREFIX_CHAPTER[prefix];
      if (expected !== undefined)
        assert.ok([expected].flat().includes(meta.chapter), `chapter ${meta.chapter} vs id prefix ${prefix}`);
      assert.ok(meta.appliesTo.length > 0, 'appliesTo is empty');
    });

    it('cites at least one control, each of a known framework', () => {
      assert.ok(meta.references.length > 0, 'no references');
      for (const ref of meta.references) {
        assert.ok(isFramework(ref.framework), `unknown framework ${String(ref.framework)}`);
        assert.ok(nonEmpty(ref.id), `empty control id in ${ref.framework}`);
      }
    });

    if (meta.params !== undefined) {
      const { schema, defaults } = meta.params;
      it('has parameter defaults valid against its schema', () => {
        const validate = ajv.compile(schema);
        assert.ok(
          validate(defaults),
          `defaults ${JSON.stringify(defaults)}: ${ajv.errorsText(validate.errors)}`,
        );
      });
    }

    if (meta.examples !== undefined) {
      const { fail, pass, scans } = meta.examples;
      it('flags its fail example', () => {
        const got = runRule(rule, fail, exampleParams(meta.id, fail), scans);
        assert.ok(got.length >= 1, `the fail example yields no ${meta.id} finding`);
      });
      it('passes its pass example', () => {
        assert.deepEqual(
          runRule(rule, pass, exampleParams(meta.id, pass), scans),
          [],
          `the pass example yields ${meta.id} findings`,
        );
      });
    }
  });
}
