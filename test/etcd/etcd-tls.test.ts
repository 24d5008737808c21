/**
 * `parapet etcd-check` against a real etcd that serves TLS and requires client certificates (as kubeadm, k3s and
 * RKE2 run it), with a CA, a serving and a client certificate made by openssl for the test.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parapet } from '../helpers/cli.js';
import { missingData } from '../helpers/conformance.js';
import {
  ETCD_MISSING,
  ETCD_PRESENT,
  type EtcdPki,
  makePki,
  OPENSSL_PRESENT,
  type RunningEtcd,
  startEtcd,
} from './etcd-server.js';

const skipReason = !ETCD_PRESENT
  ? ETCD_MISSING
  : !OPENSSL_PRESENT
    ? 'openssl is not installed: skipped'
    : undefined;

describe('parapet etcd-check over mutual TLS (real etcd, --client-cert-auth)', () => {
  let pki: EtcdPki | undefined;
  let etcd: RunningEtcd | undefined;

  before(async () => {
    if (skipReason !== undefined) return;
    pki = makePki();
    etcd = await startEtcd(pki);
    const { Etcd3 } = await import('etcd3');
    const client = new Etcd3({
      hosts: etcd.endpoint,
      credentials: {
        rootCertificate: readFileSync(pki.ca),
        certChain: readFileSync(pki.clientCert),
        privateKey: readFileSync(pki.clientKey),
      },
    });
    try {
      await client
        .put('/registry/secrets/shop/db')
        .value(Buffer.from('k8s:enc:secretbox:v1:key1:\u0000sealed'));
      await client
        .put('/registry/secrets/shop/plain')
        .value(Buffer.from('k8s\u0000\n\f\n\u0002v1\u0012\u0006Secret'));
    } finally {
      client.close();
    }
  });

  after(() => {
    etcd?.stop();
    if (pki) rmSync(pki.dir, { recursive: true, force: true });
  });

  it('reads with the CA, client certificate and key, as kube-apiserver does', (t) => {
    if (skipReason !== undefined || !pki || !etcd) return missingData(t, skipReason ?? 'etcd did not start');
    const result = parapet([
      'etcd-check',
      '--endpoints',
      etcd.endpoint,
      '--cacert',
      pki.ca,
      '--cert',
      pki.clientCert,
      '--key',
      pki.clientKey,
      '--format',
      'json',
    ]);
    assert.equal(result.code, 1, result.stderr);
    assert.deepEqual((JSON.parse(result.stdout) as { secrets: unknown[] }).secrets, [
      { namespace: 'shop', name: 'db', encrypted: true, provider: 'secretbox' },
      { namespace: 'shop', name: 'plain', encrypted: false, provider: 'identity' },
    ]);
  });

  it('without a client certificate etcd refuses the handshake: a one-line TLS error, exit 2', (t) => {
    if (skipReason !== undefined || !pki || !etcd) return missingData(t, skipReason ?? 'etcd did not start');
    const result = parapet([
      'etcd-check',
      '--endpoints',
      etcd.endpoint,
      '--cacert',
      pki.ca,
      '--timeout',
      '5',
    ]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^parapet etcd-check: TLS with etcd at https:\/\/127\.0\.0\.1:\d+ failed: .*\n$/,
    );
  });

  it("a CA that did not sign etcd's certificate is a one-line TLS error, exit 2", (t) => {
    if (skipReason !== undefined || !pki || !etcd) return missingData(t, skipReason ?? 'etcd did not start');
    const result = parapet([
      'etcd-check',
      '--endpoints',
      etcd.endpoint,
      '--cacert',
      '/etc/ssl/certs/ca-certificates.crt',
      '--cert',
      pki.clientCert,
      '--key',
      pki.clientKey,
      '--timeout',
      '5',
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^parapet etcd-check: TLS with etcd at https:.* failed: .*\n$/);
    assert.ok(!result.stderr.includes('PRIVATE KEY'), 'no key material in errors');
  });
});
