import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScanReport } from '../../src/findings/finding.js';
import { renderTable } from '../../src/reporters/table.js';
import { cleanReport, report } from './fixture.js';

const ESC = '\u001b';
const plain = renderTable(report, { color: false });
const lines = plain.split('\n');

test('table without color has no ANSI escape codes', () => {
  assert.ok(!plain.includes(ESC));
});

test('table with color paints severities and dims paths', () => {
  const colored = renderTable(report, { color: true });
  assert.ok(colored.includes(`${ESC}[1;31mcritical`), 'critical in bold red');
  assert.ok(
    colored.includes(`${ESC}[2mspec.template.spec.containers[0].securityContext.privileged (line 27)`),
  );
  // Same text once the codes are removed.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI codes is the point
  assert.equal(colored.replace(/\u001b\[[0-9;]*m/g, ''), plain);
});

test('resource header names the resource, its file and line, and the Helm template', () => {
  assert.ok(
    lines.includes(
      'Deployment shop/web  (examples/edge-cluster/shop/web.yaml:12)  helm template: shop/templates/web.yaml',
    ),
  );
  assert.ok(lines.includes('ClusterRole admin-all  (examples/edge-cluster/rbac.yaml:1)'));
  assert.ok(lines.includes('Pod kube-system/agent'), 'a resource without a file has a bare header');
});

test('resources are ordered by their most severe finding, findings by severity', () => {
  const headers = lines.filter((line) => /^(Deployment|Service|ClusterRole|Pod) /.test(line));
  assert.deepEqual(
    headers.map((line) => line.split('  ')[0]),
    ['Deployment shop/web', 'ClusterRole admin-all', 'Service shop/web', 'Pod kube-system/agent'],
  );
  const deployment = lines.indexOf(headers[0]);
  assert.match(
    lines[deployment + 1],
    /^ {2}critical {2}PSS-PRIVILEGED +Container "web" runs privileged {2}spec\./,
  );
  assert.match(lines[deployment + 2], /^ {2}high {6}PSS-HOST-PATH /);
  assert.match(lines[deployment + 2], /spec\.template\.spec\.volumes\[0\]\.hostPath \(line 33\)$/);
});

test('suppressed findings are listed apart with their reason', () => {
  const start = lines.indexOf('Suppressed (1):');
  assert.ok(start > 0);
  assert.match(
    lines[start + 1],
    /PSS-HOST-NETWORK .*Pod kube-system\/agent: .*suppressed: CNI agent needs the host network/,
  );
  const active = lines.slice(0, start).join('\n');
  assert.ok(!active.includes('PSS-HOST-NETWORK'), 'not among the active findings');
});

test('notes (errors first), unused exceptions and the summary line follow', () => {
  const notes = lines.indexOf('Notes:');
  assert.ok(notes > lines.indexOf('Suppressed (1):'));
  assert.match(lines[notes + 1], /^ {2}error {4}examples\/broken\.yaml:3:5 {2}Cannot parse YAML/);
  assert.match(lines[notes + 2], /^ {2}warning {2}examples\/edge-cluster\/misc\.yaml:1 {2}Skipped/);
  assert.match(lines[notes + 3], /^ {2}info {5}Rule OPS-EXAMPLE is turned off/);
  const unused = lines.indexOf('Unused exceptions (matched no finding):');
  assert.ok(unused > notes);
  assert.equal(lines[unused + 1], '  PSS-HOST-PID  legacy monitoring agent');
  assert.equal(
    lines.at(-2),
    '5 findings: 1 critical, 1 high, 1 medium, 1 low, 1 info (1 suppressed) in 4 resources',
  );
  assert.equal(lines.at(-1), '', 'ends with a newline');
});

test('zero findings prints a clear line', () => {
  assert.equal(renderTable(cleanReport, { color: false }), 'No findings in 4 resources.\n');
});

test('fail-on adds whether the threshold is crossed', () => {
  assert.match(
    renderTable(report, { color: false, failOn: 'high' }),
    /\n2 findings at or above high \(--fail-on high\)\.\n$/,
  );
  assert.match(renderTable(cleanReport, { color: false, failOn: 'low' }), /No findings at or above low/);
  assert.ok(!renderTable(report, { color: false, failOn: 'none' }).includes('fail-on'));
});

test('control characters from manifests are printed escaped, not sent to the terminal', () => {
  const hostile: ScanReport = {
    ...report,
    findings: [{ ...report.findings[0], message: `evil ${ESC}[2J\u0007 name` }],
  };
  const out = renderTable(hostile, { color: false });
  assert.ok(!out.includes(ESC) && !out.includes('\u0007'));
  assert.ok(out.includes('evil \\u001b[2J\\u0007 name'));
});
