import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScanReport } from '../../src/findings/finding.js';
import { renderJunit } from '../../src/reporters/junit.js';
import { report } from './fixture.js';

const xml = renderJunit(report, { color: false });
const count = (re: RegExp) => (xml.match(re) ?? []).length;

test('JUnit has one suite per rule (plus scan errors) and the right totals', () => {
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites '));
  assert.ok(xml.endsWith('</testsuites>\n'));
  assert.equal(count(/<testsuite /g), report.rules.length + 1);
  assert.equal(count(/<\/testsuite>/g), report.rules.length + 1);
  assert.match(
    xml,
    /<testsuite name="PSS-PRIVILEGED Privileged containers" tests="2" failures="1" errors="0" skipped="0">/,
  );
  // PSS rules: Deployment + Pod (2 each, ×3), RBAC: ClusterRole, NodePort: Service, labels: all 4; + 1 error.
  const tests = 6 + 1 + 1 + 4 + 1;
  assert.match(
    xml,
    new RegExp(`<testsuites name="parapet" tests="${tests}" failures="5" errors="1" skipped="1">`),
  );
  assert.equal(count(/<testcase /g), tests);
  assert.equal(count(/<failure /g), 5);
  assert.equal(count(/<skipped /g), 1);
});

test('a failing case names the severity and lists message, path and file:line', () => {
  const failure = xml.match(
    /<testcase name="Deployment shop\/web" classname="PSS-HOST-PATH"[^>]*>\s*<failure ([^>]*)>([^<]*)<\/failure>/,
  );
  assert.ok(failure, 'failure element');
  assert.match(failure[1], /message="Volume &quot;data&quot; mounts the host path \/var\/lib" type="high"/);
  assert.match(failure[2], /path: spec\.template\.spec\.volumes\[0\]\.hostPath/);
  assert.match(failure[2], /at: examples\/edge-cluster\/shop\/web\.yaml:33/);
});

test('a suppressed-only case is skipped with the reason', () => {
  assert.match(
    xml,
    /<testcase name="Pod kube-system\/agent" classname="PSS-HOST-NETWORK">\s*<skipped message="suppressed: CNI agent needs the host network"\/>/,
  );
});

test('messages are escaped in attributes and text', () => {
  assert.ok(
    xml.includes('message="ClusterRole grants &quot;*&quot; on &lt;all&gt; &amp; &apos;everything&apos;"'),
  );
  assert.ok(xml.includes(`ClusterRole grants "*" on &lt;all&gt; &amp; 'everything'`));
  assert.ok(!xml.includes('<all>'));
});

test('characters illegal in XML 1.0 are stripped', () => {
  const hostile: ScanReport = {
    ...report,
    findings: [{ ...report.findings[0], message: 'bell\u0007 nul\u0000 esc\u001b lone\ud800 ok\u00e9' }],
    notes: [],
  };
  const out = renderJunit(hostile, { color: false });
  assert.ok(out.includes('bell nul esc lone ok\u00e9'));
  // biome-ignore lint/suspicious/noControlCharactersInRegex: checking that none are left
  assert.doesNotMatch(out, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff]/);
});
