import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Finding, Note } from '../../src/findings/finding.js';
import { type FakeApiServer, SKIP_WITHOUT_OPENSSL, startFakeApiServer } from './fake-apiserver.js';
import { deployment, namespace, pod, replicaSet, secret } from './objects.js';
import { kubeconfigFile, parapetAsync } from './run.js';

const skip = SKIP_WITHOUT_OPENSSL;

type Report = { findings: Finding[]; notes: Note[] };

/** What makes two findings the same finding. */
const identity = (f: Finding) =>
  JSON.stringify([
    f.ruleId,
    f.resource.kind,
    f.resource.namespace,
    f.resource.name,
    f.resource.uid,
    f.path,
    f.message,
  ]);

describe('parapet snapshot, then parapet scan snap.tar.gz', { skip }, () => {
  let server: FakeApiServer;
  let kubeconfig: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'parapet-snapshot-test-'));
  const web = deployment('shop', 'web');
  const webPods = replicaSet(web, '5d8f');
  before(async () => {
    server = await startFakeApiServer({
      objects: [
        namespace('shop'),
        web,
        webPods,
        pod('shop', 'web-5d8f-a', webPods),
        pod('shop', 'debug'),
        secret('shop', 'creds'),
      ],
      faults: [{ path: '/apis/rbac.authorization.k8s.io/v1/clusterroles', status: 403 }],
    });
    kubeconfig = kubeconfigFile(server.kubeconfig('edge'));
  });
  after(() => server.close());

  const snapshot = async (file: string, ...extra: string[]) => {
    const result = await parapetAsync([
      'snapshot',
      '--cluster',
      '--kubeconfig',
      kubeconfig,
      '-o',
      file,
      ...extra,
    ]);
    assert.equal(result.code, 0, result.stderr);
    return result;
  };

  it('finds offline exactly what the live scan found, uids kept', async () => {
    const file = path.join(dir, 'snap.tar.gz');
    const [taken, live] = await Promise.all([
      snapshot(file),
      parapetAsync(['scan', '--cluster', '--kubeconfig', kubeconfig, '--format', 'json']),
    ]);
    assert.match(taken.stderr, /objects of https:\/\/127\.0\.0\.1:\d+ written to/);
    const offline = await parapetAsync(['scan', file, '--format', 'json']);
    assert.equal(offline.code, live.code, offline.stderr);
    const [a, b] = [JSON.parse(live.stdout) as Report, JSON.parse(offline.stdout) as Report];
    assert.ok(a.findings.length > 0);
    assert.deepEqual(b.findings.map(identity).sort(), a.findings.map(identity).sort());
    for (const finding of b.findings) assert.equal(finding.resource.file, undefined);
    // what the live read could not read stays said
    const warnings = (r: Report) => r.notes.filter((n) => n.level === 'warning').map((n) => n.message);
    assert.deepEqual(warnings(b), warnings(a));
    assert.ok(b.notes.some((n) => /^snapshot .* taken \d{4}-/.test(n.message)));
  });

  it('lays out YAML by namespace and kind, with snapshot.json, and never stores a Secret value', async () => {
    const file = path.join(dir, 'secrets.tar.gz');
    await snapshot(file, '--read-secrets');
    const listing = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).split('\n').sort();
    for (const entry of [
      'snapshot.json',
      'cluster/Namespace.yaml',
      'namespaces/shop/Deployment.apps.yaml',
      'namespaces/shop/Secret.yaml',
    ])
      assert.ok(listing.includes(entry), listing.join(' '));
    const content = execFileSync('tar', ['-xzOf', file], { encoding: 'utf8' });
    assert.doesNotMatch(content, /hunter2|aHVudGVyM/);
    // sha256 of the decoded value
    assert.match(content, /password: sha256:[0-9a-f]{64}/);
    const info = JSON.parse(execFileSync('tar', ['-xzOf', file, 'snapshot.json'], { encoding: 'utf8' }));
    assert.equal(info.format, 'parapet-snapshot/v1');
    assert.equal(info.context, 'edge');
    assert.match(info.serverVersion, /^v1\./);
    assert.equal(info.readSecrets, true);
    assert.ok(info.notes.some((n: Note) => /ClusterRole .* not readable: forbidden/.test(n.message)));
  });

  it('refuses a file that is not a snapshot in one line, exit 2', async () => {
    const bogus = path.join(dir, 'bogus.tar.gz');
    writeFileSync(bogus, 'not a tarball');
    const result = await parapetAsync(['scan', bogus]);
    assert.equal(result.code, 2);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /^parapet scan: cannot read snapshot|is not a parapet snapshot/);
    const noOutput = await parapetAsync(['snapshot', '--cluster', '--kubeconfig', kubeconfig]);
    assert.equal(noOutput.code, 2);
    assert.match(noOutput.stderr, /-o FILE\.tar\.gz is required/);
  });
});
