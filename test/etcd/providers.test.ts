/** The stored form of a value from its first bytes, and Secret names from etcd keys. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { objectOfKey, storedForm } from '../../src/node/etcd-providers.js';

describe('storedForm', () => {
  const cases: [string, string | Uint8Array, { encrypted: boolean; provider: string }][] = [
    [
      'protobuf envelope: identity',
      Buffer.from('k8s\u0000\n\f\n\u0002v1\u0012\u0006Secret'),
      { encrypted: false, provider: 'identity' },
    ],
    ['JSON: identity', '{"kind":"Secret"}', { encrypted: false, provider: 'identity' }],
    ['aescbc', 'k8s:enc:aescbc:v1:key1:\u0001\u0002', { encrypted: true, provider: 'aescbc' }],
    ['aesgcm', 'k8s:enc:aesgcm:v1:key1:xx', { encrypted: true, provider: 'aesgcm' }],
    ['secretbox', 'k8s:enc:secretbox:v1:k:xx', { encrypted: true, provider: 'secretbox' }],
    ['kms v1', 'k8s:enc:kms:v1:vault:xx', { encrypted: true, provider: 'kms v1' }],
    ['kms v2', 'k8s:enc:kms:v2:vault:xx', { encrypted: true, provider: 'kms v2' }],
    [
      'an unknown provider is still encrypted',
      'k8s:enc:future:v9:x:',
      { encrypted: true, provider: 'unknown' },
    ],
    ['empty value', '', { encrypted: false, provider: 'identity' }],
  ];
  for (const [name, value, expected] of cases)
    it(name, () =>
      assert.deepEqual(storedForm(typeof value === 'string' ? Buffer.from(value) : value), expected),
    );
});

describe('objectOfKey', () => {
  it('namespace and name', () =>
    assert.deepEqual(objectOfKey('/registry/secrets/shop/db', '/registry/secrets/'), {
      namespace: 'shop',
      name: 'db',
    }));
  it('other shapes are skipped', () => {
    assert.equal(objectOfKey('/registry/secrets/shop', '/registry/secrets/'), undefined);
    assert.equal(objectOfKey('/registry/secrets/a/b/c', '/registry/secrets/'), undefined);
    assert.equal(objectOfKey('/other/secrets/a/b', '/registry/secrets/'), undefined);
  });
});
