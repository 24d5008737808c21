import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadManifestText } from '../../src/inputs/manifests.js';
import { secretEntries, secretEntry } from '../../src/rules/secret-data.js';

const secretOf = (yaml: string) => {
  const [resource] = loadManifestText('secret.yaml', yaml).resources;
  assert.ok(resource);
  return resource;
};

const b64 = (text: string) => Buffer.from(text).toString('base64');

test('stringData is merged over data key by key, as the API server stores a Secret', () => {
  const secret = secretOf(`apiVersion: v1
kind: Secret
metadata: {name: s, namespace: shop}
data: {a: ${b64('from data')}, b: ${b64('only in data')}, c: 7}
stringData: {a: from stringData, d: only in stringData, e: null}
`);
  assert.deepEqual(secretEntries(secret), [
    { key: 'a', value: 'from stringData', path: ['stringData', 'a'] },
    { key: 'b', value: 'only in data', path: ['data', 'b'] },
    { key: 'd', value: 'only in stringData', path: ['stringData', 'd'] },
  ]);
  assert.deepEqual(secretEntry(secret, 'b'), { key: 'b', value: 'only in data', path: ['data', 'b'] });
  assert.equal(secretEntry(secret, 'c'), undefined, 'a non-string value is not an entry');
  assert.equal(secretEntry(secret, 'zz'), undefined);
});

test('data is decoded with the encoding asked for; malformed fields hold nothing', () => {
  const secret = secretOf(`apiVersion: v1
kind: Secret
metadata: {name: s}
data: {bin: ${Buffer.from([0xe9]).toString('base64')}}
`);
  assert.equal(secretEntry(secret, 'bin', 'latin1')?.value, 'é');
  assert.deepEqual(
    secretEntries(secretOf('apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: [1]\nstringData: x\n')),
    [],
  );
});
