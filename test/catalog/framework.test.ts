/** `parapet scan --framework`: the pure regrouping (reporters/framework.ts) and the flag end to end. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type Finding,
  fingerprintOf,
  type ResourceRef,
  type RuleSummary,
  type ScanReport,
} from '../../src/findings/finding.js';
import type { Severity } from '../../src/findings/severity.js';
import { NOT_ASSESSABLE } from '../../src/references/assessability.js';
import { FRAMEWORKS, type Framework, isFramework, type Reference } from '../../src/references/frameworks.js';
import {
  frameworkView,
  frameworkViewJson,
  renderFrameworkReport,
  withFrameworksSection,
} from '../../src/reporters/framework.js';
import { renderJson } from '../../src/reporters/json.js';
import { parapet } from '../helpers/cli.js';

const cis = (id: string, title?: string): Reference => ({
  framework: 'CIS',
  id,
  ...(title ? { title } : {}),
});
const PRIVILEGED = cis('5.2.2', 'Minimize the admission of privileged containers');
const HOST_PORTS = cis('5.2.13', 'Minimize the admission of containers which use HostPorts');
const SECURITY_CONTEXT = cis('5.7.3', 'Apply Security Context to Your Pods and Containers');
const API_SERVER = cis('1.2', 'API server');
const NSA_POD: Reference = { framework: 'NSA-CISA', id: 'Pod security: enforcement' };

const web: ResourceRef = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  name: 'web',
  namespace: 'shop',
  file: 'web.yaml',
  line: 3,
};
const settings: ResourceRef = { apiVersion: 'v1', kind: 'ConfigMap', name: 'settings', namespace: 'shop' };

function rule(
  id: string,
  references: Reference[],
  appliesTo: string[],
  severity: Severity = 'high',
): RuleSummary {
  return {
    id,
    title: id,
    chapter: 'workloads',
    severity,
    recommendation: '',
    remediation: '',
    references,
    appliesTo,
  };
}

function finding(r: RuleSummary, resource: ResourceRef, suppressed?: string): Finding {
  return {
    ruleId: r.id,
    title: r.title,
    severity: r.severity,
    chapter: r.chapter,
    resource,
    path: 'spec',
    message: `${r.id} says no`,
    remediation: '',
    references: r.references,
    fingerprint: fingerprintOf(r.id, resource, 'spec'),
    ...(suppressed ? { suppressed: { reason: suppressed } } : {}),
  };
}

const privileged = rule('PP-PSS-001', [PRIVILEGED, NSA_POD], ['Deployment'], 'critical');
const memory = rule('PP-WL-010', [SECURITY_CONTEXT], ['Deployment'], 'medium');
const exposed = rule('PP-NET-004', [HOST_PORTS], ['Service'], 'info');
const apiFlags = rule('PP-PLAT-900', [API_SERVER], ['*'], 'low');
const off = rule(
  'PP-WL-999',
  [cis('5.1.1', 'Ensure that the cluster-admin role is only used where required')],
  ['*'],
);

const report: ScanReport = {
  tool: { name: 'parapet', version: '0.0.0' },
  findings: [finding(privileged, web), finding(memory, web, 'accepted until the rewrite')],
  notes: [{ level: 'warning', message: 'skipped a document', file: 'odd.yaml', line: 1 }],
  rules: [privileged, memory, exposed, apiFlags],
  resources: [web, settings],
  unusedExceptions: [],
};
const catalog = [privileged, memory, exposed, apiFlags, off];

test('each control gets one status; passed needs rules that ran over objects', () => {
  const view = frameworkView(report, 'CIS', catalog);
  const status = Object.fromEntries(view.controls.map((c) => [c.id, c.status]));
  assert.equal(status['5.2.2'], 'failed');
  assert.equal(status['5.7.3'], 'passed', 'a suppressed finding does not fail the control');
  assert.equal(status['5.2.13'], 'no-objects', 'no Service in the input: nothing was judged');
  assert.equal(status['5.1.1'], 'not-checked', 'its only rule is turned off');
  assert.equal(
    status['1.2'],
    'not-assessable',
    'listed as not assessable: never passed, even with a rule citing it',
  );
  assert.equal(status['4.2'], 'not-assessable');
});

test('controls are in numeric id order, with their rules, objects and findings', () => {
  const view = frameworkView(report, 'CIS', catalog);
  const ids = view.controls.map((c) => c.id);
  assert.deepEqual(ids.slice(-4), ['5.1.1', '5.2.2', '5.2.13', '5.7.3']);
  const failed = view.controls.find((c) => c.id === '5.2.2');
  assert.deepEqual(failed?.rules, ['PP-PSS-001']);
  assert.equal(failed?.objects, 1);
  assert.equal(failed?.title, PRIVILEGED.title);
  assert.deepEqual(
    failed?.findings.map((f) => f.ruleId),
    ['PP-PSS-001'],
  );
  const passed = view.controls.find((c) => c.id === '5.7.3');
  assert.equal(passed?.findings.length, 0);
  assert.equal(passed?.suppressed.length, 1);
  assert.deepEqual(view.controls.find((c) => c.id === '5.1.1')?.rulesOff, ['PP-WL-999']);
  assert.equal(view.controls.find((c) => c.id === '1.1')?.reason, NOT_ASSESSABLE.CIS[0].reason);
});

test('totals: checked = failed + passed + no objects; not assessable never counts as passed', () => {
  const { totals } = frameworkView(report, 'CIS', catalog);
  assert.deepEqual(totals, {
    controls: 4 + NOT_ASSESSABLE.CIS.length,
    checked: 3,
    failed: 1,
    passed: 1,
    noObjects: 1,
    notAssessable: NOT_ASSESSABLE.CIS.length,
    notChecked: 1,
  });
});

test('a finding on a control listed as not assessable still fails it', () => {
  const flagged: ScanReport = { ...report, findings: [finding(apiFlags, settings)] };
  const view = frameworkView(flagged, 'CIS');
  const control = view.controls.find((c) => c.id === '1.2');
  assert.equal(control?.status, 'failed');
  const text = renderFrameworkReport(flagged, [view], { color: false });
  assert.match(
    text,
    /\n {2}1\.2 +failed +1 {2}API server {2}\(PP-PLAT-900, 2 objects; otherwise not assessable from manifests: control-plane/,
  );
});

test('without a catalog, controls of rules that did not run are absent', () => {
  const view = frameworkView(report, 'CIS');
  assert.equal(
    view.controls.find((c) => c.id === '5.1.1'),
    undefined,
  );
});

test('other frameworks: only their own references; PSS lists nothing as not assessable', () => {
  const nsa = frameworkView(report, 'NSA-CISA', catalog);
  const pod = nsa.controls.find((c) => c.id === NSA_POD.id);
  assert.equal(pod?.status, 'failed');
  assert.equal(nsa.title, FRAMEWORKS['NSA-CISA'].title);
  const pss = frameworkView(report, 'PSS', catalog);
  assert.deepEqual(pss.controls, []);
  assert.equal(NOT_ASSESSABLE.PSS.length, 0);
});

test('the not-assessable lists are well-formed', () => {
  for (const [framework, controls] of Object.entries(NOT_ASSESSABLE)) {
    assert.ok(isFramework(framework));
    const ids = controls.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, `duplicate ids in ${framework}`);
    for (const control of controls) {
      assert.equal(control.framework, framework as Framework);
      assert.ok(control.title && control.reason, `${framework} ${control.id} needs a title and a reason`);
    }
  }
  assert.ok(
    NOT_ASSESSABLE['NIST-800-190'].some((c) => c.id === '3.1.1'),
    'image vulnerabilities',
  );
  assert.ok(
    NOT_ASSESSABLE.CIS.some((c) => c.id === '4.2'),
    'kubelet',
  );
});

test('text: a coverage row per control, findings grouped by control, totals, notes, summary', () => {
  const text = renderFrameworkReport(report, [frameworkView(report, 'CIS', catalog)], {
    color: false,
    failOn: 'high',
  });
  assert.ok(!text.includes('\u001b['), 'no colour when color is false');
  assert.match(text, /^CIS Kubernetes Benchmark \(--framework cis\): coverage from manifests\n/);
  assert.match(
    text,
    /\n {2}5\.2\.2 +failed +1 {2}Minimize the admission of privileged containers {2}\(PP-PSS-001, 1 object\)\n/,
  );
  assert.match(text, /\n {2}5\.7\.3 +passed +0 {2}Apply Security Context/);
  assert.match(text, /\n {2}5\.2\.13 +no objects to judge +0 {2}.*\(PP-NET-004\)\n/);
  assert.match(
    text,
    /\n {2}1\.2 +not assessable from manifests +- {2}API server {2}\(control-plane flags.*; partly checked by PP-PLAT-900\)\n/,
  );
  assert.match(text, /\n {2}5\.1\.1 +not checked \(rules off\) +0 .*\(PP-WL-999 turned off\)\n/);
  assert.ok(
    text.includes(
      '\nCIS 5.2.2  Minimize the admission of privileged containers\n  critical  PP-PSS-001  Deployment shop/web (web.yaml:3): PP-PSS-001 says no\n',
    ),
  );
  assert.ok(
    text.includes(
      'PP-WL-010   Deployment shop/web (web.yaml:3): PP-WL-010 says no  suppressed: accepted until the rewrite',
    ),
  );
  assert.ok(
    text.includes(
      `CIS Kubernetes Benchmark: ${4 + NOT_ASSESSABLE.CIS.length} controls: 3 checked (1 passed, 1 failed, 1 with no objects to judge), ${NOT_ASSESSABLE.CIS.length} not assessable from manifests, 1 not checked (their rules are turned off).`,
    ),
  );
  assert.ok(text.includes('Notes:\n  warning  odd.yaml:1  skipped a document'));
  assert.ok(text.endsWith('1 finding at or above high (--fail-on high).\n'));
});

test("json: a frameworks section after the report's own, findings by fingerprint", () => {
  const view = frameworkView(report, 'CIS', catalog);
  const json = JSON.parse(withFrameworksSection(renderJson(report, { color: false }), [view]));
  assert.deepEqual(Object.keys(json), ['summary', 'findings', 'notes', 'unusedExceptions', 'frameworks']);
  const [cisJson] = json.frameworks;
  assert.equal(cisJson.framework, 'CIS');
  assert.equal(cisJson.short, 'cis');
  assert.deepEqual(cisJson.totals, view.totals);
  const failed = cisJson.controls.find((c: { id: string }) => c.id === '5.2.2');
  assert.deepEqual(failed.findings, [
    {
      ruleId: 'PP-PSS-001',
      severity: 'critical',
      resource: 'Deployment shop/web',
      fingerprint: report.findings[0].fingerprint,
    },
  ]);
  assert.deepEqual(JSON.parse(JSON.stringify(frameworkViewJson(view))), cisJson);
});

test('parapet scan --framework: table and json, validated', () => {
  const table = parapet(['scan', '--framework', 'cis', '--fail-on', 'none', 'examples/edge-cluster/site']);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^CIS Kubernetes Benchmark \(--framework cis\): coverage from manifests\n/);
  assert.match(table.stdout, /\n {2}4\.2 +not assessable from manifests +- {2}Kubelet/);
  assert.match(table.stdout, /\nCIS Kubernetes Benchmark: \d+ controls: \d+ checked/);

  const json = parapet([
    'scan',
    '--format',
    'json',
    '--framework',
    'nist',
    '--framework',
    'PSS',
    '--framework',
    'nist',
    '--fail-on',
    'none',
    'examples/edge-cluster/site',
  ]);
  assert.equal(json.code, 0, json.stderr);
  const parsed = JSON.parse(json.stdout);
  assert.deepEqual(
    parsed.frameworks.map((f: { framework: string }) => f.framework),
    ['NIST-800-190', 'PSS'],
  );
  const nist = parsed.frameworks[0];
  const images = nist.controls.find((c: { id: string }) => c.id === '3.1.1');
  assert.notEqual(images.status, 'passed', 'image vulnerabilities are never passed from manifests');
  assert.equal(images.reason, 'the contents of images, which manifests only name');

  const plain = parapet(['scan', '--format', 'json', '--fail-on', 'none', 'examples/edge-cluster/site']);
  assert.equal(JSON.parse(plain.stdout).frameworks, undefined, 'no section without the flag');

  const bad = parapet(['scan', '--framework', 'iso27001', 'examples/edge-cluster/site']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--framework must be one of cis, nsa, owasp, nist, mitre, pss \(got "iso27001"\)/);
  const sarif = parapet(['scan', '--format', 'sarif', '--framework', 'cis', 'examples/edge-cluster/site']);
  assert.equal(sarif.code, 2);
  assert.match(sarif.stderr, /--framework works with --format table, json or html/);
  assert.match(parapet(['scan', '--help']).stdout, /--framework NAME/);
});
