import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderJson } from '../../src/reporters/json.js';
import { summarize } from '../../src/reporters/summary.js';
import { report } from './fixture.js';

const text = renderJson(report, { color: false });
const parsed = JSON.parse(text);

test('json puts one finding per line and ends with a newline', () => {
  assert.ok(text.startsWith('{\n  "summary": {"resources":4,'));
  const findingLines = text.split('\n').filter((line) => line.startsWith('    {"ruleId"'));
  assert.equal(findingLines.length, report.findings.length);
  assert.ok(text.endsWith('}\n'));
});

test('json has summary, findings, notes and unused exceptions', () => {
  assert.deepEqual(Object.keys(parsed), ['summary', 'findings', 'notes', 'unusedExceptions']);
  assert.deepEqual(parsed.summary, summarize(report));
  assert.equal(parsed.findings.length, report.findings.length);
  assert.equal(parsed.notes.length, 3);
  assert.deepEqual(parsed.unusedExceptions, [{ rule: 'PSS-HOST-PID', reason: 'legacy monitoring agent' }]);
});

test('each finding carries the documented fields in order', () => {
  const privileged = parsed.findings.find((f: { ruleId: string }) => f.ruleId === 'PSS-PRIVILEGED');
  assert.deepEqual(Object.keys(privileged), [
    'ruleId',
    'title',
    'severity',
    'chapter',
    'resource',
    'path',
    'message',
    'remediation',
    'references',
    'fingerprint',
  ]);
  assert.deepEqual(privileged.resource, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: 'web',
    namespace: 'shop',
    file: 'examples/edge-cluster/shop/web.yaml',
    line: 27,
    column: 13,
    helmSource: 'shop/templates/web.yaml',
  });
  assert.equal(privileged.fingerprint, report.findings[1].fingerprint);
});

test('suppressed findings keep their suppression; cluster objects have a uid and no file', () => {
  const suppressed = parsed.findings.find((f: { ruleId: string }) => f.ruleId === 'PSS-HOST-NETWORK');
  assert.deepEqual(suppressed.suppressed, {
    reason: 'CNI agent needs the host network',
    expires: '2030-01-01',
  });
  assert.deepEqual(Object.keys(suppressed.resource), ['apiVersion', 'kind', 'name', 'namespace', 'uid']);
  assert.equal(suppressed.resource.uid, '0b6f7c1e-0000-4000-8000-000000000001');
});
