import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { neededKinds, ruleIdRanges } from '../../src/cluster/needed-kinds.js';
import { RULES } from '../../src/rules/registry.js';

describe('the kinds a cluster scan lists', () => {
  const needed = neededKinds(RULES);

  it('include what the rules judge (appliesTo)', () => {
    assert.ok(needed.get('Deployment')?.includes('PP-PSS-001'));
    assert.ok(needed.get('ClusterRole')?.includes('PP-OPS-020'));
  });

  it('include what inventory rules consult on their examples, though they judge other kinds', () => {
    assert.deepEqual(needed.get('NetworkPolicy'), ['PP-NET-001', 'PP-NET-002', 'PP-NET-003', 'PP-NET-005']);
    assert.deepEqual(needed.get('HorizontalPodAutoscaler'), ['PP-OPS-003', 'PP-OPS-004', 'PP-OPS-005']);
    assert.ok(needed.get('ResourceQuota')?.includes('PP-WL-013'));
  });

  it('never list "*"', () => {
    assert.equal(needed.has('*'), false);
  });
});

describe('rule id ranges in notes', () => {
  it('fold runs of three or more consecutive ids, keep pairs and singles', () => {
    assert.equal(
      ruleIdRanges([
        'PP-NET-005',
        'PP-NET-001',
        'PP-NET-002',
        'PP-NET-003',
        'PP-OPS-010',
        'PP-OPS-011',
        'PP-WL-042',
      ]),
      'PP-NET-001..003, PP-NET-005, PP-OPS-010, PP-OPS-011, PP-WL-042',
    );
    assert.equal(ruleIdRanges([]), '');
  });
});
