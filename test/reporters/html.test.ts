import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Finding } from '../../src/findings/finding.js';
import { frameworkView } from '../../src/reporters/framework.js';
import { FINDING_COLUMNS, type PageData, pageData, scriptSafeJson } from '../../src/reporters/html/data.js';
import { renderHtml } from '../../src/reporters/html/page.js';
import { parapet } from '../helpers/cli.js';
import { EXAMPLE_DIR } from '../helpers/paths.js';
import { report } from './fixture.js';

const DATA = /<script type="application\/json" id="parapet-data">(.*?)<\/script>/s;

function embedded(html: string): PageData {
  const json = DATA.exec(html)?.[1];
  assert.ok(json !== undefined, 'the page embeds its data');
  return JSON.parse(json);
}

test('the page needs nothing from outside: inline style and script, and a policy that forbids any request', () => {
  const html = renderHtml(report, { color: false });
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; /);
  assert.doesNotMatch(html, /<script[^>]* src=|<link[^>]* rel="stylesheet"|@import|url\(/);
  for (const [, ref] of html.matchAll(/(?:href|src)="([^"]*)"/g)) assert.match(ref as string, /^data:/);
  assert.ok(html.endsWith('</html>\n'));
});

test('the embedded data holds every finding once, with its rule, resource, location and suppression', () => {
  const data = embedded(renderHtml(report, { color: false }));
  assert.equal(data.findings.length, report.findings.length);
  const c = FINDING_COLUMNS;
  const suppressed = data.findings.filter((f) => f[c.suppressed] !== null);
  assert.deepEqual(
    suppressed.map((f) => [data.rules[f[c.rule]]?.[0], f[c.suppressed], f[c.expires]]),
    [['PSS-HOST-NETWORK', 'CNI agent needs the host network', '2030-01-01']],
  );
  const privileged = data.findings.find((f) => data.rules[f[c.rule]]?.[0] === 'PSS-PRIVILEGED');
  assert.deepEqual(data.resources[privileged?.[c.resource] as number], [
    'Deployment',
    'shop',
    'web',
    'examples/edge-cluster/shop/web.yaml',
    '',
  ]);
  assert.equal(privileged?.[c.line], 27);
  assert.deepEqual(data.rules[privileged?.[c.rule] as number]?.slice(3), [
    'Remove privileged containers from the manifest.',
    'CIS 5.2.2, PSS privileged',
  ]);
  // grouped by resource, most severe first within each
  const order = data.findings.map((f) => [f[c.resource], f[c.severity]] as const);
  assert.deepEqual(
    order,
    [...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]),
  );
  assert.deepEqual(pageData(report), data);
});

test('text from the report cannot end the script element or inject markup', () => {
  const planted = '</script><script>alert(1)</script><!-- \u2028\u2029 & <img src=x onerror=alert(1)>';
  const finding = { ...(report.findings[0] as Finding), message: planted, path: '</SCRIPT>' };
  const html = renderHtml(
    { ...report, findings: [finding], notes: [{ level: 'error', message: planted }] },
    { color: false },
  );
  assert.equal(html.match(/<\/script>/gi)?.length, 2, 'only the page’s own two script elements end');
  assert.ok(!html.includes('<img') && !html.includes('<!-- '));
  assert.doesNotMatch(DATA.exec(html)?.[1] ?? '', /[\u2028\u2029]/, 'line separators escaped in the data');
  assert.equal(embedded(html).findings[0]?.[FINDING_COLUMNS.message], planted);
  assert.equal(JSON.parse(scriptSafeJson(planted)), planted);
  assert.doesNotMatch(scriptSafeJson(planted), /[<>&\u2028\u2029]/);
});

test('framework coverage is drawn for the views given, per control', () => {
  const view = frameworkView(report, 'CIS');
  const html = renderHtml(report, { color: false, frameworks: [view] });
  assert.match(html, /<details class="framework" data-framework="cis">/);
  for (const control of view.controls) assert.ok(html.includes(`<td class="id">${control.id}</td>`));
  assert.doesNotMatch(renderHtml(report, { color: false }), /class="framework"/);
});

test('html and policyreport never show a secret value (planted in a Secret, a ConfigMap, an env var, a broken file)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'parapet-html-secrets-'));
  const planted = [
    'hunter2-planted-string-data',
    'cGxhbnRlZC1kYXRhLXZhbHVl',
    'planted-configmap-password-42',
    'planted-env-token-17',
  ];
  writeFileSync(
    path.join(dir, 'all.yaml'),
    `apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: shop}
stringData: {password: ${planted[0]}}
data: {token: ${planted[1]}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data: {DB_PASSWORD: ${planted[2]}}
---
apiVersion: v1
kind: Pod
metadata: {name: app, namespace: shop}
spec:
  containers:
    - name: app
      image: nginx:1.27
      env: [{name: API_TOKEN, value: ${planted[3]}}]
      securityContext: {privileged: true}
`,
  );
  writeFileSync(path.join(dir, 'broken.yaml'), `password: ${planted[0]}\n  - x: [`);
  for (const format of ['html', 'policyreport']) {
    const r = parapet(['scan', '--format', format, '--fail-on', 'none', '.'], { cwd: dir });
    assert.ok(r.stdout.length > 1000, `${format} wrote a report`);
    assert.match(r.stdout, /PP-PSS-001/);
    for (const value of planted)
      for (const out of [r.stdout, r.stderr]) assert.ok(!out.includes(value), `${format} leaked ${value}`);
  }
});

test('scan --format html shows the frameworks named by --framework, or all of them; policyreport refuses --framework', () => {
  const one = parapet(['scan', '--format', 'html', '--framework', 'cis', '--fail-on', 'none', EXAMPLE_DIR]);
  assert.equal(one.code, 0, one.stderr);
  assert.deepEqual(
    [...one.stdout.matchAll(/data-framework="([a-z]+)"/g)].map((m) => m[1]),
    ['cis'],
  );
  const all = parapet(['scan', '--format', 'html', '--fail-on', 'none', EXAMPLE_DIR]);
  assert.equal([...all.stdout.matchAll(/<details class="framework"/g)].length, 6);
  const bad = parapet(['scan', '--format', 'policyreport', '--framework', 'cis', EXAMPLE_DIR]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--framework works with --format table, json or html \(got "policyreport"\)/);
  // the exit code follows --fail-on whatever the format
  assert.equal(parapet(['scan', '--format', 'policyreport', EXAMPLE_DIR]).code, 1);
});
