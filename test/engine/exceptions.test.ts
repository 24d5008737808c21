/**
 * applyExceptions at its boundaries: an exception still suppresses on its expiry day and stops the day after;
 * each selector narrows it, and a finding it does not match never stops it from covering the next one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyExceptions } from '../../src/engine/exceptions.js';
import type { PolicyException } from '../../src/engine/policy.js';
import type { Finding } from '../../src/findings/finding.js';
import type { Resource } from '../../src/inventory/resource.js';

const TODAY = '2026-06-15';

function finding(ruleId: string, kind: string, namespace: string, name: string): Finding {
  return {
    ruleId,
    title: ruleId,
    severity: 'high',
    chapter: 'workloads',
    resource: { apiVersion: 'v1', kind, namespace, name },
    path: 'spec',
    message: `${ruleId} on ${name}`,
    remediation: '',
    references: [],
    fingerprint: `${ruleId}/${name}`,
  };
}

/** Findings on DaemonSet monitoring/node-exporter and Deployment shop/web, and the labels of their objects. */
function scene(labels: Record<string, string> = { app: 'node-exporter' }) {
  const findings = [
    finding('PP-PSS-002', 'Deployment', 'shop', 'web'),
    finding('PP-PSS-002', 'DaemonSet', 'monitoring', 'node-exporter'),
    finding('PP-WL-010', 'DaemonSet', 'monitoring', 'node-exporter'),
  ];
  const owners = new Map<Finding, Resource>(
    findings.map((f) => [f, { labels: f.resource.name === 'web' ? {} : labels } as unknown as Resource]),
  );
  return { findings, owners };
}

const exception = (extra: Partial<PolicyException> = {}): PolicyException => ({
  rule: 'PP-PSS-002',
  kind: 'DaemonSet',
  namespace: 'monitoring',
  name: 'node-exporter',
  reason: 'reads host metrics by design',
  ...extra,
});

const suppressed = (findings: Finding[]) => findings.map((f) => f.suppressed !== undefined);

describe('exception expiry', () => {
  for (const [expires, stillValid] of [
    ['2026-06-15', true], // today: the last day it holds
    ['2026-06-16', true],
    ['2027-01-01', true],
    ['2026-06-14', false], // yesterday: expired
    ['2025-12-31', false],
  ] as const) {
    it(`expiring ${expires}, judged on ${TODAY}: ${stillValid ? 'still suppresses' : 'expired'}`, () => {
      const { findings, owners } = scene();
      const outcome = applyExceptions(findings, owners, [exception({ expires })], TODAY);
      assert.deepEqual(suppressed(findings), [false, stillValid, false]);
      assert.deepEqual(outcome.unused, []);
      if (stillValid) {
        assert.deepEqual(findings[1]?.suppressed, { reason: 'reads host metrics by design', expires });
        assert.deepEqual(outcome.notes, []);
      } else {
        assert.deepEqual(outcome.notes, [
          {
            level: 'warning',
            message: `exception for PP-PSS-002 ("reads host metrics by design") expired on ${expires}; the 1 finding(s) it covered are reported again`,
          },
        ]);
      }
    });
  }

  it('without expires it never expires, and the suppression carries no date', () => {
    const { findings, owners } = scene();
    const outcome = applyExceptions(findings, owners, [exception()], TODAY);
    assert.deepEqual(findings[1]?.suppressed, { reason: 'reads host metrics by design' });
    assert.deepEqual(outcome, { notes: [], unused: [] });
  });

  it('an expired exception that matches nothing is listed as unused, with no expiry note', () => {
    const { findings, owners } = scene();
    const outcome = applyExceptions(
      findings,
      owners,
      [exception({ expires: '2020-01-01', name: 'gone' })],
      TODAY,
    );
    assert.deepEqual(outcome, {
      notes: [],
      unused: [{ rule: 'PP-PSS-002', reason: 'reads host metrics by design' }],
    });
  });
});

describe('exception selectors', () => {
  const cases: [string, Partial<PolicyException>, boolean[]][] = [
    ['rule, kind, namespace and name', {}, [false, true, false]],
    ['a rule glob covers both rules on the object', { rule: 'PP-*' }, [false, true, true]],
    ['a name glob', { name: 'node-*' }, [false, true, false]],
    ['a namespace glob', { namespace: 'mon?toring' }, [false, true, false]],
    ['another kind', { kind: 'Deployment' }, [false, false, false]],
    ['another namespace', { namespace: 'shop' }, [false, false, false]],
    ['another name', { name: 'node-exporter-2' }, [false, false, false]],
    ['another rule', { rule: 'PP-PSS-003' }, [false, false, false]],
    ['matching labels', { labels: { app: 'node-exporter' } }, [false, true, false]],
    ['a label with another value', { labels: { app: 'grafana' } }, [false, false, false]],
    ['one of two labels missing', { labels: { app: 'node-exporter', tier: 'agent' } }, [false, false, false]],
    [
      'no kind, namespace or name: the rule everywhere',
      { kind: undefined, namespace: undefined, name: undefined },
      [true, true, false],
    ],
  ];
  for (const [name, extra, expected] of cases) {
    it(name, () => {
      const { findings, owners } = scene();
      const outcome = applyExceptions(findings, owners, [exception(extra)], TODAY);
      assert.deepEqual(suppressed(findings), expected);
      assert.equal(outcome.unused.length, expected.includes(true) ? 0 : 1);
    });
  }

  it('labels are read from the object; a finding without a known object has none', () => {
    const { findings } = scene();
    applyExceptions(findings, new Map(), [exception({ labels: { app: 'node-exporter' } })], TODAY);
    assert.deepEqual(suppressed(findings), [false, false, false]);
  });

  it('the first exception that covers a finding gives its reason; a later one is then unused', () => {
    const { findings, owners } = scene();
    const outcome = applyExceptions(
      findings,
      owners,
      [exception({ reason: 'first' }), exception({ reason: 'second' })],
      TODAY,
    );
    assert.equal(findings[1]?.suppressed?.reason, 'first');
    assert.deepEqual(outcome.unused, [{ rule: 'PP-PSS-002', reason: 'second' }]);
  });

  it('counts every finding an expired exception covered', () => {
    const { findings, owners } = scene();
    const outcome = applyExceptions(
      findings,
      owners,
      [exception({ rule: 'PP-*', expires: '2026-06-14' })],
      TODAY,
    );
    assert.match(outcome.notes[0]?.message ?? '', /the 2 finding\(s\) it covered are reported again$/);
  });
});
