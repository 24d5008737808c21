import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parapet } from '../helpers/cli.js';
import { onPath } from '../helpers/conformance.js';

const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: bad
  namespace: shop
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: true
`;

const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: creds
  namespace: shop
stringData:
  password: hunter2-very-secret-value
data:
  token: c3VwZXItc2VjcmV0LXRva2Vu
`;

function workdir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parapet-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('parapet scan', () => {
  it('reports findings at the offending line and exits 1 at the default --fail-on high', () => {
    const dir = workdir({ 'pod.yaml': PRIVILEGED_POD });
    const r = parapet(['scan', '--format', 'json', 'pod.yaml'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    const privileged = report.findings.find((f: { ruleId: string }) => f.ruleId === 'PP-PSS-001');
    assert.equal(privileged.severity, 'critical');
    assert.equal(privileged.path, 'spec.containers[0].securityContext.privileged');
    assert.deepEqual(
      { file: privileged.resource.file, line: privileged.resource.line },
      { file: 'pod.yaml', line: 11 },
    );
    assert.ok(report.summary);
    assert.ok(Array.isArray(report.notes));
  });

  it('exits 0 with --fail-on none, and 0 when nothing reaches the threshold', () => {
    const dir = workdir({ 'pod.yaml': PRIVILEGED_POD });
    assert.equal(parapet(['scan', '--fail-on', 'none', 'pod.yaml'], { cwd: dir }).code, 0);
  });

  it('names a malformed file with its line, still reports the good files, and exits 2', () => {
    const dir = workdir({
      'a-good.yaml': PRIVILEGED_POD,
      'b-bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   bad: indentation\n',
      'c-good.yaml': PRIVILEGED_POD.replace('name: bad', 'name: also-bad'),
    });
    const r = parapet(['scan', '--format', 'json', '.'], { cwd: dir });
    assert.equal(r.code, 2);
    const report = JSON.parse(r.stdout);
    const names = new Set(report.findings.map((f: { resource: { name: string } }) => f.resource.name));
    assert.deepEqual([...names].sort(), ['also-bad', 'bad']);
    const error = report.notes.find((n: { level: string }) => n.level === 'error');
    assert.equal(error.file, 'b-bad.yaml');
    assert.equal(error.line, 5);
    assert.match(r.stderr, /b-bad\.yaml:5:\d+: invalid YAML/);
  });

  it('salvages the documents around a broken one in the same file', () => {
    const dir = workdir({
      'multi.yaml': `${PRIVILEGED_POD}---\nkind: [broken\n---\n${PRIVILEGED_POD.replace('name: bad', 'name: after')}`,
    });
    const r = parapet(['scan', '--format', 'json', 'multi.yaml'], { cwd: dir });
    assert.equal(r.code, 2);
    const names = new Set(
      JSON.parse(r.stdout).findings.map((f: { resource: { name: string } }) => f.resource.name),
    );
    assert.ok(names.has('bad') && names.has('after'));
  });

  it('never prints a secret value, in any format', () => {
    const dir = workdir({
      'secret.yaml': `${SECRET}---\n${PRIVILEGED_POD}`,
      'broken.yaml': 'password: hunter2-very-secret-value\n  - x: [',
    });
    for (const format of ['table', 'json', 'sarif', 'junit']) {
      const r = parapet(['scan', '--format', format, '.'], { cwd: dir });
      for (const text of [r.stdout, r.stderr]) {
        assert.ok(!text.includes('hunter2'), `${format} leaked a stringData value`);
        assert.ok(!text.includes('c3VwZXItc2VjcmV0LXRva2Vu'), `${format} leaked a data value`);
      }
    }
  });

  it('reads Helm output on stdin and names the template', () => {
    const helm = `---\n# Source: shop/templates/pod.yaml\n${PRIVILEGED_POD}---\n# Source: shop/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\n`;
    const r = parapet(['scan', '--format', 'json', '-'], { input: helm });
    const finding = JSON.parse(r.stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'PP-PSS-001');
    assert.equal(finding.resource.file, '-');
    assert.equal(finding.resource.helmSource, 'shop/templates/pod.yaml');
    assert.equal(finding.resource.line, 13);
  });

  it('names standard input as --stdin-filename says, in every format', () => {
    const r = parapet(['scan', '--format', 'json', '--stdin-filename', 'k8s/pod.yaml', '-'], {
      input: PRIVILEGED_POD,
    });
    const finding = JSON.parse(r.stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'PP-PSS-001');
    assert.equal(finding.resource.file, 'k8s/pod.yaml');
    const sarif = JSON.parse(
      parapet(['scan', '--format', 'sarif', '--stdin-filename', 'k8s/pod.yaml', '-'], {
        input: PRIVILEGED_POD,
      }).stdout,
    );
    for (const result of sarif.runs[0].results)
      assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'k8s/pod.yaml');
  });

  it('expands List objects and skips non-Kubernetes documents with a note', () => {
    const list = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          JSON.parse(
            JSON.stringify({
              apiVersion: 'v1',
              kind: 'Pod',
              metadata: { name: 'in-list', namespace: 'shop' },
              spec: { hostPID: true, containers: [{ name: 'a', image: 'a:1' }] },
            }),
          ),
        ],
      },
      null,
      2,
    );
    const dir = workdir({ 'list.json': list, 'values.yaml': 'replicaCount: 3\nimage: nginx\n' });
    const r = parapet(['scan', '--format', 'json', '--fail-on', 'none', '.'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    const hostPid = report.findings.find((f: { ruleId: string }) => f.ruleId === 'PP-PSS-002');
    assert.equal(hostPid.resource.name, 'in-list');
    assert.equal(hostPid.path, 'spec.hostPID');
    assert.equal(hostPid.resource.line, 13);
    assert.ok(
      report.notes.some((n: { message: string }) => /values\.yaml.*not a Kubernetes object/.test(n.message)),
    );
  });

  it('survives hostile input: binary, empty, huge lines, deep nesting, alias bombs, oversize', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const dir = workdir({
      'binary.yaml': '\u0000\u0001\u0002binary',
      'empty.yaml': '',
      'longline.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: long, namespace: shop}\ndata:\n  k: ${'x'.repeat(2_000_000)}\n`,
      'deep.json': `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      'bomb.yaml': `${bomb.join('\n')}\n`,
      'pod.yaml': PRIVILEGED_POD,
    });
    const r = parapet(['scan', '--format', 'json', '.'], { cwd: dir });
    assert.equal(r.code, 2);
    const report = JSON.parse(r.stdout);
    const errors = report.notes
      .filter((n: { level: string }) => n.level === 'error')
      .map((n: { file: string }) => n.file);
    assert.ok(errors.includes('binary.yaml'));
    assert.ok(errors.includes('deep.json'));
    assert.ok(errors.includes('bomb.yaml'), 'an alias bomb is refused, not expanded');
    assert.ok(report.findings.some((f: { resource: { name: string } }) => f.resource.name === 'bad'));
    const small = parapet(['scan', '--max-file-size', '1Ki', '--format', 'json', 'longline.yaml'], {
      cwd: dir,
    });
    assert.equal(small.code, 2);
    assert.match(small.stderr, /over the 1\.0 KiB limit/);
  });

  it('follows a directory symlink loop only once', () => {
    const dir = workdir({ 'a/pod.yaml': PRIVILEGED_POD });
    symlinkSync('..', path.join(dir, 'a', 'up'));
    const r = parapet(['scan', '--format', 'json', '--fail-on', 'none', 'a'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).summary.resources, 1);
  });

  it('gives usage errors exit 2 and a pointer to --help', () => {
    const r = parapet(['scan', '--format', 'xml', 'x.yaml']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--format must be one of table, json, sarif, junit/);
    assert.equal(parapet(['scan']).code, 2);
    assert.equal(parapet(['scan', '--bogus', 'x']).code, 2);
    const missing = parapet(['scan', 'no/such/file.yaml']);
    assert.equal(missing.code, 2);
    assert.match(missing.stdout + missing.stderr, /no such file or directory/);
  });

  it('--help teaches the flags and exit codes', () => {
    const r = parapet(['scan', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--fail-on/);
    assert.match(r.stdout, /Exit codes/);
  });

  const kustomization = () =>
    workdir({
      'k/kustomization.yaml': 'resources:\n  - pod.yaml\nnamespace: shop\n',
      'k/pod.yaml': PRIVILEGED_POD.replace('  namespace: shop\n', ''),
    });

  it('says how to pipe a kustomization directory in where kubectl is not on PATH', () => {
    const r = parapet(['scan', '--format', 'json', 'k'], {
      cwd: kustomization(),
      env: { PATH: '/nonexistent' },
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /kubectl kustomize k \| parapet scan -/);
  });

  it('renders a kustomization directory with kubectl', (t) => {
    // .ci/run installs kubectl (Debian kubernetes-client), so CI always takes this path
    if (!onPath('kubectl', ['version', '--client']))
      return t.skip(
        'kubectl is not on PATH: the kustomize path is untested here (apt-get install kubernetes-client)',
      );
    const rendered = parapet(['scan', '--format', 'json', 'k'], { cwd: kustomization() });
    assert.equal(rendered.code, 1, rendered.stderr);
    const finding = JSON.parse(rendered.stdout).findings.find(
      (f: { ruleId: string }) => f.ruleId === 'PP-PSS-001',
    );
    assert.equal(finding.resource.namespace, 'shop', 'kustomize set the namespace');
    assert.equal(finding.resource.file, 'k');
  });
});
