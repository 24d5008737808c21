import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type FakeApiServer, SKIP_WITHOUT_OPENSSL, startFakeApiServer } from './fake-apiserver.js';
import { pod } from './objects.js';

const skip = SKIP_WITHOUT_OPENSSL;

function kubectlAvailable(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function getJson(
  server: FakeApiServer,
  pathAndQuery: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    get(
      `${server.url}${pathAndQuery}`,
      { ca: server.caPem, headers: { authorization: `Bearer ${server.token}`, ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    ).on('error', reject);
  });
}

describe('fake API server', { skip }, () => {
  let server: FakeApiServer;
  before(async () => {
    server = await startFakeApiServer({
      objects: [pod('shop', 'web-1'), pod('shop', 'web-2'), pod('data', 'db-0')],
    });
  });
  after(() => server.close());

  it('pages a list with limit and continue, items without kind or apiVersion', async () => {
    const first = await getJson(server, '/api/v1/pods?limit=2');
    assert.equal(first.body.kind, 'PodList');
    const items = first.body.items as Record<string, unknown>[];
    assert.equal(items.length, 2);
    assert.equal(items[0]?.kind, undefined);
    const token = (first.body.metadata as { continue: string }).continue;
    const second = await getJson(server, `/api/v1/pods?limit=2&continue=${token}`);
    assert.deepEqual(
      (second.body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name),
      ['db-0'],
    );
    assert.equal((second.body.metadata as { continue?: string }).continue, undefined);
  });

  it('answers 410 Gone to an expired continue token', async () => {
    const first = await getJson(server, '/api/v1/pods?limit=1');
    server.expireContinueTokens();
    const token = (first.body.metadata as { continue: string }).continue;
    const second = await getJson(server, `/api/v1/pods?limit=1&continue=${token}`);
    assert.equal(second.status, 410);
    assert.equal(second.body.reason, 'Expired');
  });

  it('serves metadata only when the Accept header asks for PartialObjectMetadataList', async () => {
    const list = await getJson(server, '/api/v1/namespaces/shop/pods', {
      accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json',
    });
    assert.equal(list.body.kind, 'PartialObjectMetadataList');
    const items = list.body.items as Record<string, unknown>[];
    assert.deepEqual(Object.keys(items[0] ?? {}).sort(), ['apiVersion', 'kind', 'metadata']);
  });

  it('refuses a request without the bearer token', async () => {
    const answer = await getJson(server, '/api/v1/pods', { authorization: 'Bearer wrong' });
    assert.equal(answer.status, 401);
  });

  it('serves injected faults with Retry-After, then recovers', async () => {
    server.faults.push({ path: '/apis/apps/v1/deployments', status: 429, retryAfter: 1, times: 1 });
    assert.equal((await getJson(server, '/apis/apps/v1/deployments')).status, 429);
    assert.equal((await getJson(server, '/apis/apps/v1/deployments')).status, 200);
  });

  it('lists pods to kubectl as a real server would', {
    skip: kubectlAvailable() ? false : 'kubectl is not installed (Debian: apt-get install kubernetes-client)',
  }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parapet-kubectl-'));
    const kubeconfig = path.join(dir, 'config');
    writeFileSync(kubeconfig, server.kubeconfig());
    const output = await new Promise<string>((resolve, reject) =>
      execFile(
        'kubectl',
        ['get', 'pods', '-A', '--chunk-size=1', '--kubeconfig', kubeconfig],
        { env: { ...process.env, HOME: dir } },
        (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    const rows = output
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/).slice(0, 2));
    assert.deepEqual(rows, [
      ['NAMESPACE', 'NAME'],
      ['shop', 'web-1'],
      ['shop', 'web-2'],
      ['data', 'db-0'],
    ]);
  });
});
