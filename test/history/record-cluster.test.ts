/** `scan --cluster --record` without --site records under the kubeconfig context's name. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type FakeApiServer, SKIP_WITHOUT_OPENSSL, startFakeApiServer } from '../cluster/fake-apiserver.js';
import { deployment, namespace } from '../cluster/objects.js';
import { kubeconfigFile, parapetAsync } from '../cluster/run.js';

describe('scan --cluster --record', { skip: SKIP_WITHOUT_OPENSSL }, () => {
  let server: FakeApiServer;
  let dir = '';
  before(async () => {
    server = await startFakeApiServer({ objects: [namespace('shop'), deployment('shop', 'web')] });
    dir = mkdtempSync(path.join(tmpdir(), 'parapet-record-cluster-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the site after the kube context', async () => {
    const db = `sqlite:${path.join(dir, 'history.db')}`;
    const kubeconfig = kubeconfigFile(server.kubeconfig('shop-042-ctx'));
    const scan = await parapetAsync([
      'scan',
      '--cluster',
      '--kubeconfig',
      kubeconfig,
      '--record',
      '--db',
      db,
      '--format',
      'json',
      '--fail-on',
      'none',
    ]);
    assert.equal(scan.code, 0, scan.stderr);
    const fleet = await parapetAsync(['fleet', '--db', db, '--format', 'json']);
    assert.equal(fleet.code, 0, fleet.stderr);
    assert.deepEqual(
      (JSON.parse(fleet.stdout) as { sites: { site: string }[] }).sites.map((s) => s.site),
      ['shop-042-ctx'],
    );
  });
});
