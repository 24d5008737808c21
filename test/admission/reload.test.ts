// Hot reload: a good new policy takes over, a bad one is rejected and the old keeps serving; a rotated
// certificate is served to new connections without restarting; a stalled request is answered at the deadline.
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { selfSignedPair } from '../../src/admission/self-signed.js';
import { eventually, PRIVILEGED, pod, review, startHarness } from './harness.js';

describe('policy hot reload', () => {
  it('takes a good new policy, rejects a bad one with a logged error and keeps the old', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'parapet-reload-')), 'parapet.yaml');
    await writeFile(file, 'admission: {mode: audit}\n');
    const h = await startHarness({ policyFile: file });
    try {
      assert.equal((await h.review({ object: pod('p', PRIVILEGED) })).allowed, true);
      await writeFile(file, 'admission: {mode: deny}\n');
      await eventually(async () => (await h.review({ object: pod('p', PRIVILEGED) })).allowed === false);
      await writeFile(file, 'admission: {mode: block}\nextra: 1\n');
      await eventually(() => h.logs.some((l) => l.event === 'policy-rejected'));
      const rejected = h.logs.find((l) => l.event === 'policy-rejected');
      assert.match(String(rejected?.message), /previous one keeps serving: .*admission\.mode/s);
      assert.equal((await h.review({ object: pod('p', PRIVILEGED) })).allowed, false);
      assert.equal(await h.webhook.reloadPolicy(), false);
      const metrics = (await h.request('/metrics')).body;
      assert.match(metrics, /parapet_admission_reloads_total\{what="policy",result="ok"\} [1-9]/);
      assert.match(metrics, /parapet_admission_reloads_total\{what="policy",result="error"\} [2-9]/);
    } finally {
      await h.close();
    }
  });
});

/** The certificate a fresh TLS connection is served, as PEM-comparable DER. */
function servedCertificate(port: number, ca: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path: '/healthz', ca, agent: false }, (res) => {
      const cert = (res.socket as import('node:tls').TLSSocket).getPeerCertificate();
      res.resume();
      res.on('end', () => resolve(cert.raw));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('certificate rotation', () => {
  it('serves the new pair to new connections, keeps the old connection, and ignores a mismatched pair', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parapet-tls-'));
    const first = await selfSignedPair();
    const second = await selfSignedPair();
    const certFile = join(dir, 'tls.crt');
    const keyFile = join(dir, 'tls.key');
    await copyFile(first.certFile, certFile);
    await copyFile(first.keyFile, keyFile);
    const h = await startHarness({ certFile, keyFile });
    const { readFile } = await import('node:fs/promises');
    const firstCa = await readFile(first.certFile);
    const secondCa = await readFile(second.certFile);
    try {
      // a keep-alive connection opened before the rotation
      assert.equal((await h.review({ object: pod('before') })).allowed, true);
      await copyFile(second.keyFile, keyFile);
      await copyFile(second.certFile, certFile);
      await eventually(async () => {
        try {
          await servedCertificate(h.webhook.address.port, secondCa);
          return true;
        } catch {
          return false;
        }
      });
      assert.equal(
        (await h.review({ object: pod('after') })).allowed,
        true,
        'the old connection still serves',
      );
      await copyFile(first.keyFile, keyFile); // half a rotation: key and certificate no longer match
      await eventually(() => h.logs.some((l) => l.event === 'tls-rejected'));
      await assert.rejects(servedCertificate(h.webhook.address.port, firstCa));
      assert.ok(await servedCertificate(h.webhook.address.port, secondCa));
    } finally {
      await h.close();
    }
  });
});

describe('per-request deadline', () => {
  for (const onError of ['allow', 'deny'] as const) {
    it(`answers a stalled request per --on-error ${onError} with its uid, and counts it`, async () => {
      const h = await startHarness({ timeoutMs: 200, onError });
      try {
        const body = JSON.stringify(review({ uid: 'stalled-1', object: pod('p') }));
        const res = await h.request('/validate', { body, slow: true });
        assert.equal(res.status, 200);
        const response = JSON.parse(res.body).response;
        assert.equal(response.uid, 'stalled-1');
        assert.equal(response.allowed, onError === 'allow');
        assert.ok(h.logs.some((l) => l.event === 'deadline' && l.uid === 'stalled-1'));
        assert.match(
          (await h.request('/metrics')).body,
          /parapet_admission_errors_total\{reason="deadline"\} 1/,
        );
        assert.equal((await h.review({ object: pod('next') })).allowed, true);
      } finally {
        await h.close();
      }
    });
  }
});

describe('--metrics-listen', () => {
  it('moves health and metrics to a plain-HTTP listener of their own', async () => {
    const h = await startHarness({ metricsListen: { host: '127.0.0.1', port: 0 } });
    try {
      const port = h.webhook.metricsAddress?.port;
      assert.ok(port);
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /parapet_admission_in_flight_requests/);
      assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200);
      assert.equal((await h.request('/metrics')).status, 404);
      assert.equal((await h.review({ object: pod('p') })).allowed, true);
    } finally {
      await h.close();
    }
  });
});
