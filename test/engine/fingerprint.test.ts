import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { fingerprintOf } from '../../src/findings/finding.js';

const resource = { kind: 'Secret', namespace: 'shop', name: 'web-tls' };

test('a fingerprint is rule, resource and path, never the line, and stable across versions', () => {
  const expected = createHash('sha256')
    .update('PP-WL-042\u0000Secret\u0000shop\u0000web-tls\u0000data["tls.crt"]')
    .digest('hex')
    .slice(0, 32);
  assert.equal(fingerprintOf('PP-WL-042', resource, 'data["tls.crt"]'), expected);
});

test('problems on the same field keep distinct fingerprints', () => {
  const expired = fingerprintOf('PP-WL-042', resource, 'data["tls.crt"]', 'expired');
  const selfSigned = fingerprintOf('PP-WL-042', resource, 'data["tls.crt"]', 'self-signed');
  assert.notEqual(expired, selfSigned);
  assert.notEqual(expired, fingerprintOf('PP-WL-042', resource, 'data["tls.crt"]'));
});
