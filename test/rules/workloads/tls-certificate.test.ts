/**
 * Fixtures in test/fixtures/tls/ were made once with OpenSSL 3.0 (`openssl ca` with fixed -startdate/-enddate, a
 * throwaway CA; the private keys were discarded): valid.crt (RSA 2048, SHA-256, 2025-01-01..2027-01-01, CA-issued),
 * expired.crt (2023-01-01..2024-01-01), weak-rsa.crt (RSA 1024), sha1.crt (sha1WithRSAEncryption),
 * self-signed.crt, ec.crt (ECDSA P-256) and ca.crt (the self-signed CA, 2024-01-01..2034-01-01).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { signatureAlgorithmOid, tlsCertificate } from '../../../src/rules/workloads/tls-certificate.js';
import { REPO_ROOT } from '../../helpers/paths.js';
import { ruleTester, runRule } from '../../helpers/rule-tester.js';

const pem = (name: string) =>
  readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'tls', `${name}.crt`), 'utf8');
const b64 = (text: string) => Buffer.from(text).toString('base64');

const secret = (crt: string, type = 'kubernetes.io/tls') => `
apiVersion: v1
kind: Secret
metadata: {name: web-tls, namespace: shop}
type: ${type}
data:
  tls.crt: ${crt === '' ? '""' : crt}
  tls.key: ""
`;
const secretOf = (name: string) => secret(b64(pem(name)));

const NOW = { now: '2025-06-01T00:00:00Z' };
const who = 'Secret `shop/web-tls` holds';

ruleTester(tlsCertificate, {
  valid: [
    { name: 'a valid CA-issued RSA 2048 SHA-256 certificate', yaml: secretOf('valid'), params: NOW },
    { name: 'an ECDSA certificate', yaml: secretOf('ec'), params: NOW },
    { name: 'leaf followed by its chain', yaml: secret(b64(pem('valid') + pem('ca'))), params: NOW },
    {
      name: 'PEM in stringData',
      yaml: `
apiVersion: v1
kind: Secret
metadata: {name: web-tls, namespace: shop}
type: kubernetes.io/tls
stringData:
  tls.crt: ${JSON.stringify(pem('valid'))}
`,
      params: NOW,
    },
    {
      name: 'self-signed when allowed',
      yaml: secretOf('self-signed'),
      params: { ...NOW, allowSelfSigned: true },
    },
    {
      name: 'expiring outside the warning window',
      yaml: secretOf('valid'),
      params: { now: '2026-12-15T00:00:00Z', expiryWarningDays: 10 },
    },
    { name: 'other Secret types are not judged', yaml: secret(b64('changeme'), 'Opaque') },
    {
      name: "stringData's tls.crt wins over data's, as the API server merges them",
      yaml: `${secretOf('expired')}stringData:\n  tls.crt: ${JSON.stringify(pem('valid'))}\n`,
      params: NOW,
    },
  ],
  invalid: [
    {
      name: 'an expired tls.crt in stringData replaces a valid one in data',
      yaml: `${secretOf('valid')}stringData:\n  tls.crt: ${JSON.stringify(pem('expired'))}\n`,
      params: NOW,
      errors: [{ message: /which expired on 2024-01-01/, path: 'stringData["tls.crt"]', severity: 'high' }],
    },
    {
      name: 'expired',
      yaml: secretOf('expired'),
      params: NOW,
      errors: [
        {
          message: `${who} certificate \`CN=old.example.com\`, which expired on 2024-01-01; renew it, and let cert-manager renew it automatically from now on`,
          path: 'data["tls.crt"]',
          severity: 'high',
        },
      ],
    },
    {
      name: 'expiring within the warning window (default 30 days)',
      yaml: secretOf('valid'),
      params: { now: '2026-12-15T00:00:00Z' },
      errors: [
        {
          message: `${who} certificate \`CN=shop.example.com\`, which expires on 2027-01-01, in 17 days; renew it before then, ideally automatically with cert-manager`,
          path: 'data["tls.crt"]',
          severity: 'medium',
        },
      ],
    },
    {
      name: 'self-signed',
      yaml: secretOf('self-signed'),
      params: NOW,
      errors: [
        {
          message: `${who} certificate \`CN=self.example.com\`, which is self-signed, so clients can trust it only by pinning it; issue it from a CA the clients trust (or set \`allowSelfSigned\` for a private CA's root)`,
          severity: 'medium',
        },
      ],
    },
    {
      name: 'RSA 1024',
      yaml: secretOf('weak-rsa'),
      params: NOW,
      errors: [
        {
          message: `${who} certificate \`CN=weak.example.com\` with a 1024-bit RSA key, which can be factored; reissue it with an RSA key of at least 2048 bits or an ECDSA P-256 key`,
          severity: 'high',
        },
      ],
    },
    {
      name: 'SHA-1 signature',
      yaml: secretOf('sha1'),
      params: NOW,
      errors: [
        {
          message: `${who} certificate \`CN=sha1.example.com\`, signed with SHA-1 (sha1WithRSAEncryption), which lets a colliding certificate be forged; reissue it with a SHA-256 signature`,
          path: 'data["tls.crt"]',
          severity: 'high',
        },
      ],
    },
    {
      name: 'a self-signed CA past its end: expired and self-signed',
      yaml: secretOf('ca'),
      params: { now: '2035-01-01T00:00:00Z' },
      errors: [
        {
          message: `${who} certificate \`CN=Parapet Test CA\`, which expired on 2034-01-01; renew it, and let cert-manager renew it automatically from now on`,
          severity: 'high',
        },
        {
          message: /^Secret `shop\/web-tls` holds certificate `CN=Parapet Test CA`, which is self-signed/,
          severity: 'medium',
        },
      ],
    },
    {
      name: 'placeholder data',
      yaml: secret(b64('changeme')),
      errors: [
        {
          message:
            'Secret `shop/web-tls`: tls.crt is not a PEM certificate; store the PEM certificate (base64-encoded under `data`), or let cert-manager create the Secret',
          path: 'data["tls.crt"]',
          severity: 'info',
        },
      ],
    },
    {
      name: 'a PEM header around garbage, and an empty value',
      yaml: `${secret(b64('-----BEGIN CERTIFICATE-----\nnot-base64!!\n-----END CERTIFICATE-----\n'))}---${secret('').replace('web-tls', 'empty-tls')}`,
      errors: [
        { message: /^Secret `shop\/web-tls`: tls.crt is not a PEM certificate;/, severity: 'info' },
        { message: /^Secret `shop\/empty-tls`: tls.crt is not a PEM certificate;/, severity: 'info' },
      ],
    },
    {
      name: 'no tls.crt at all',
      yaml: `
apiVersion: v1
kind: Secret
metadata: {name: web-tls, namespace: shop}
type: kubernetes.io/tls
data: oops
`,
      errors: [
        {
          message:
            'Secret `shop/web-tls` is of type kubernetes.io/tls but has no tls.crt; add the PEM certificate, or let cert-manager create the Secret',
          path: 'data["tls.crt"]',
          severity: 'info',
        },
      ],
    },
  ],
});

it('PP-WL-042 never prints certificate data', () => {
  const body = pem('expired').split('\n')[1] as string;
  for (const f of runRule(tlsCertificate, secretOf('expired'), NOW)) {
    assert.equal(f.message.includes(body.slice(0, 16)), false);
  }
  for (const f of runRule(tlsCertificate, secret(b64('changeme'))))
    assert.equal(f.message.includes('changeme'), false);
});

it('PP-WL-042 reads the signature algorithm from the DER', () => {
  const der = (name: string) => {
    const text = pem(name)
      .replace(/-----[A-Z ]+-----/g, '')
      .replace(/\s+/g, '');
    return Buffer.from(text, 'base64');
  };
  assert.equal(signatureAlgorithmOid(der('sha1')), '1.2.840.113549.1.1.5');
  assert.equal(signatureAlgorithmOid(der('valid')), '1.2.840.113549.1.1.11');
  assert.equal(signatureAlgorithmOid(Buffer.from([0x30, 0x82, 0xff])), undefined);
  assert.equal(signatureAlgorithmOid(Buffer.alloc(0)), undefined);
});

it('PP-WL-042 examples: fail flags, pass passes (at the current time)', () => {
  const examples = tlsCertificate.meta.examples as { fail: string; pass: string };
  assert.equal(runRule(tlsCertificate, examples.fail).length, 1);
  assert.deepEqual(runRule(tlsCertificate, examples.pass), []);
});
