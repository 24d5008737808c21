import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { scan } from '../../src/engine/scan.js';
import { RULES } from '../../src/rules/registry.js';
import { parapet } from '../helpers/cli.js';

const POD = `apiVersion: v1
kind: Pod
metadata: {name: web-1, namespace: shop, labels: {app: web}}
spec:
  hostPID: true
  containers:
    - name: app
      image: nginx:1.27
      resources: {limits: {cpu: 500m}}
`;

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(path.join(tmpdir(), 'parapet-policy-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(d, name), text);
  return d;
}

const ids = (findings: { ruleId: string; suppressed?: unknown }[], suppressed = false) =>
  findings.filter((f) => Boolean(f.suppressed) === suppressed).map((f) => f.ruleId);

describe('policy file', () => {
  it('is found as parapet.yaml in the scanned directory; turns rules off and overrides severity', async () => {
    const d = dir({
      'pod.yaml': POD,
      'parapet.yaml': 'rules:\n  PP-WL-010: off\n  PP-WL-012: {severity: high}\n',
    });
    const { report } = await scan({ paths: [d], catalog: RULES });
    assert.ok(!ids(report.findings).includes('PP-WL-010'));
    assert.equal(report.findings.find((f) => f.ruleId === 'PP-WL-012')?.severity, 'high');
    assert.ok(report.notes.some((n) => n.message.includes('parapet.yaml')));
  });

  it('sets the Pod Security level for namespaces without labels', async () => {
    const d = dir({ 'pod.yaml': POD, 'parapet.yaml': 'pss: {level: baseline, version: v1.30}\n' });
    const { report } = await scan({ paths: [d], catalog: RULES });
    const pss = report.findings.filter((f) => f.ruleId.startsWith('PP-PSS-'));
    assert.deepEqual(
      pss.map((f) => f.ruleId),
      ['PP-PSS-002'],
    );
    assert.match(pss[0]?.message ?? '', /Pod Security baseline v1\.30/);
  });

  it('a namespace label outranks the policy default', async () => {
    const ns =
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {pod-security.kubernetes.io/enforce: privileged}}\n';
    const { report } = await scan({ paths: [dir({ 'pod.yaml': `${POD}---\n${ns}` })], catalog: RULES });
    assert.ok(!report.findings.some((f) => f.ruleId.startsWith('PP-PSS-')));
  });

  it('rejects unknown keys, unknown rules and bad values, naming the key', async () => {
    const cases: [string, RegExp][] = [
      ['rulez: {}\n', /rulez is not a known setting/],
      ['rules:\n  PP-NOPE-001: off\n', /rules\.PP-NOPE-001 is not a parapet rule/],
      ['rules:\n  PP-WL-010: {severity: urgent}\n', /rules\.PP-WL-010/],
      ['rules:\n  PP-WL-012: {params: {x: 1}}\n', /rules\.PP-WL-012\.params: this rule takes no parameters/],
      ['exceptions:\n  - rule: PP-WL-012\n', /exceptions\.0.*reason/],
      ['pss: {level: strict}\n', /pss\.level/],
    ];
    for (const [text, pattern] of cases) {
      const d = dir({ 'pod.yaml': POD, 'parapet.yaml': text });
      await assert.rejects(scan({ paths: [d], catalog: RULES }), pattern);
      const r = parapet(['scan', d]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, pattern);
    }
  });

  it('validates rule parameters with the rule schema, naming the key', async (t) => {
    const withParams = RULES.find((r) => r.meta.params);
    const schema = withParams?.meta.params?.schema as { properties?: object } | undefined;
    if (!withParams || !schema) return t.skip('no rule with parameters yet');
    const [key] = Object.keys(schema.properties ?? {});
    const d = dir({
      'pod.yaml': POD,
      'parapet.yaml': `rules:\n  ${withParams.meta.id}:\n    params: {${key}: {nested: true}, bogus: 1}\n`,
    });
    await assert.rejects(
      scan({ paths: [d], catalog: RULES }),
      new RegExp(`rules\\.${withParams.meta.id}\\.params`),
    );
  });
});

describe('exceptions', () => {
  const policy = (expires: string) => `exceptions:
  - rule: PP-PSS-*
    kind: Pod
    namespace: shop
    name: web-*
    labels: {app: web}
    reason: node agent needs the host PID namespace
    expires: "${expires}"
  - rule: PP-WL-012
    name: nothing-matches
    reason: left over
`;

  it('reports covered findings as suppressed with the reason, and unused exceptions', async () => {
    const d = dir({ 'pod.yaml': POD, 'parapet.yaml': policy('2099-01-01') });
    const { report } = await scan({ paths: [d], catalog: RULES, today: '2026-11-24' });
    const suppressed = report.findings.filter((f) => f.suppressed);
    assert.ok(suppressed.length > 0);
    assert.ok(suppressed.every((f) => f.ruleId.startsWith('PP-PSS-')));
    assert.equal(suppressed[0]?.suppressed?.reason, 'node agent needs the host PID namespace');
    assert.deepEqual(report.unusedExceptions, [{ rule: 'PP-WL-012', reason: 'left over' }]);
    const r = parapet(['scan', '--format', 'json', d]);
    assert.ok(
      !JSON.parse(r.stdout).findings.some(
        (f: { ruleId: string; suppressed?: unknown }) => f.ruleId === 'PP-PSS-002' && !f.suppressed,
      ),
    );
  });

  it('an expired exception stops suppressing and says so', async () => {
    const d = dir({ 'pod.yaml': POD, 'parapet.yaml': policy('2026-01-01') });
    const { report } = await scan({ paths: [d], catalog: RULES, today: '2026-11-24' });
    assert.ok(!report.findings.some((f) => f.suppressed));
    assert.ok(report.notes.some((n) => n.level === 'warning' && /expired on 2026-01-01/.test(n.message)));
  });

  it('does not suppress a finding whose labels differ', async () => {
    const d = dir({
      'pod.yaml': POD.replace('app: web', 'app: other'),
      'parapet.yaml': policy('2099-01-01'),
    });
    const { report } = await scan({ paths: [d], catalog: RULES, today: '2026-11-24' });
    assert.ok(!report.findings.some((f) => f.suppressed));
  });
});

describe('baseline', () => {
  it('reports only findings new since an earlier JSON report', () => {
    const d = dir({ 'pod.yaml': POD });
    const first = parapet(
      ['scan', '--format', 'json', '-o', path.join(d, 'before.json'), '--fail-on', 'none', 'pod.yaml'],
      { cwd: d },
    );
    assert.equal(first.code, 0, first.stderr);
    writeFileSync(
      path.join(d, 'pod.yaml'),
      POD.replace('  containers:', '  hostNetwork: true\n  containers:'),
    );
    const r = parapet(['scan', '--format', 'json', '--baseline', 'before.json', 'pod.yaml'], { cwd: d });
    const report = JSON.parse(r.stdout);
    assert.deepEqual(
      report.findings.map((f: { path: string }) => f.path),
      ['spec.hostNetwork'],
    );
    assert.ok(report.notes.some((n: { message: string }) => /already in baseline/.test(n.message)));
  });

  it('rejects a file that is not a parapet JSON report', () => {
    const d = dir({ 'pod.yaml': POD, 'bad.json': '{"nope": 1}' });
    const r = parapet(['scan', '--baseline', 'bad.json', 'pod.yaml'], { cwd: d });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not a parapet JSON report/);
  });
});

describe('command-line Pod Security default', () => {
  it('--pss-version alone changes the version for unlabelled namespaces', async () => {
    const d = dir({ 'pod.yaml': POD });
    const { report } = await scan({ paths: [d], catalog: RULES, pss: { version: 'v1.22' } });
    const pss = report.findings.find((f) => f.ruleId === 'PP-PSS-002');
    assert.match(pss?.message ?? '', /Pod Security restricted v1\.22, from command line/);
  });
});
