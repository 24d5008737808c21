/**
 * PP-WL-042's list of broken signature algorithms, entry by entry, with near misses; and the expiry thresholds on
 * both sides (expired at the very instant of notAfter, "expiring" exactly `expiryWarningDays` before it and not a
 * millisecond earlier, days to expiry rounded up).
 *
 * Certificates with each signature algorithm are made from test/fixtures/tls/valid.crt (CA-issued, RSA 2048,
 * notAfter 2027-01-01T00:00:00Z) by rewriting its outer signatureAlgorithm: the rule reads that field and never
 * verifies the signature, so the certificate needs no key.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tlsCertificate } from '../../../src/rules/workloads/tls-certificate.js';
import { REPO_ROOT } from '../../helpers/paths.js';
import { type InvalidCase, ruleTester, type ValidCase } from '../../helpers/rule-tester.js';

const VALID_PEM = readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'tls', 'valid.crt'), 'utf8');
const VALID_DER = Buffer.from(VALID_PEM.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, value: Buffer) =>
  Buffer.concat([Buffer.from([tag]), derLength(value.length), value]);

/** Header length and content length of the DER element at `offset`. */
function element(der: Buffer, offset: number): { start: number; end: number } {
  const first = der[offset + 1] as number;
  if (first < 0x80) return { start: offset + 2, end: offset + 2 + first };
  const count = first & 0x7f;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (der[offset + 2 + i] as number);
  return { start: offset + 2 + count, end: offset + 2 + count + length };
}

function encodeOid(oid: string): Buffer {
  const [a, b, ...rest] = oid.split('.').map(Number) as number[];
  const out = [(a as number) * 40 + (b as number)];
  for (const n of rest) {
    const groups = [n % 128];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) groups.unshift(0x80 | (v % 128));
    out.push(...groups);
  }
  return Buffer.from(out);
}

/** valid.crt with its outer signatureAlgorithm set to `oid` (parameters NULL). */
function signedWith(oid: string): string {
  const certificate = element(VALID_DER, 0);
  const tbs = element(VALID_DER, certificate.start);
  const tbsBytes = VALID_DER.subarray(certificate.start, tbs.end);
  const algorithm = element(VALID_DER, tbs.end);
  const signature = VALID_DER.subarray(algorithm.end, certificate.end);
  const newAlgorithm = tlv(0x30, Buffer.concat([tlv(0x06, encodeOid(oid)), Buffer.from([0x05, 0x00])]));
  const der = tlv(0x30, Buffer.concat([tbsBytes, newAlgorithm, signature]));
  const lines = der.toString('base64').match(/.{1,64}/g) as string[];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

const secret = (pem: string) => `apiVersion: v1
kind: Secret
metadata: {name: web-tls, namespace: shop}
type: kubernetes.io/tls
data:
  tls.crt: ${Buffer.from(pem).toString('base64')}
  tls.key: ""
`;
const who = 'Secret `shop/web-tls` holds certificate `CN=shop.example.com`';
const PATH = 'data["tls.crt"]';
const NOW = { now: '2025-06-01T00:00:00Z' };

const valid: ValidCase[] = [
  { name: 'the fixture itself (sha256WithRSAEncryption)', yaml: secret(VALID_PEM), params: NOW },
];
const invalid: InvalidCase[] = [];

/** Every broken signature algorithm the rule knows: OID, name and hash. */
const WEAK: [string, string, string][] = [
  ['1.2.840.113549.1.1.5', 'sha1WithRSAEncryption', 'SHA-1'],
  ['1.3.14.3.2.29', 'sha1WithRSASignature', 'SHA-1'],
  ['1.2.840.10045.4.1', 'ecdsa-with-SHA1', 'SHA-1'],
  ['1.2.840.10040.4.3', 'dsa-with-sha1', 'SHA-1'],
  ['1.2.840.113549.1.1.4', 'md5WithRSAEncryption', 'MD5'],
  ['1.2.840.113549.1.1.2', 'md2WithRSAEncryption', 'MD2'],
];
for (const [oid, name, hash] of WEAK) {
  invalid.push({
    name: `signed with ${name} (${oid})`,
    yaml: secret(signedWith(oid)),
    params: NOW,
    errors: [
      {
        path: PATH,
        severity: 'high',
        message: `${who}, signed with ${hash} (${name}), which lets a colliding certificate be forged; reissue it with a SHA-256 signature`,
      },
    ],
  });
}
/** Sound algorithms, and OIDs one arc away from a broken one. */
const SOUND: [string, string][] = [
  ['1.2.840.113549.1.1.11', 'sha256WithRSAEncryption'],
  ['1.2.840.113549.1.1.12', 'sha384WithRSAEncryption'],
  ['1.2.840.113549.1.1.13', 'sha512WithRSAEncryption'],
  ['1.2.840.113549.1.1.14', 'sha224WithRSAEncryption'],
  ['1.2.840.113549.1.1.10', 'RSASSA-PSS'],
  ['1.2.840.10045.4.3.2', 'ecdsa-with-SHA256'],
  ['1.2.840.10045.4.3.3', 'ecdsa-with-SHA384'],
  ['1.2.840.10040.4.4', 'an arc after dsa-with-sha1'],
  ['1.2.840.113549.1.1.50', 'sha1WithRSAEncryption with a digit more'],
  ['1.3.14.3.2.290', 'sha1WithRSASignature with a digit more'],
];
for (const [oid, name] of SOUND) {
  valid.push({ name: `signed with ${name} (${oid})`, yaml: secret(signedWith(oid)), params: NOW });
}

// Expiry: notAfter is 2027-01-01T00:00:00Z. Expired from that instant on; "expiring" within expiryWarningDays.
const expired = {
  path: PATH,
  severity: 'high',
  message: `${who}, which expired on 2027-01-01; renew it, and let cert-manager renew it automatically from now on`,
};
const expiring = (days: number) => ({
  path: PATH,
  severity: 'medium',
  message: `${who}, which expires on 2027-01-01, in ${days} day${days === 1 ? '' : 's'}; renew it before then, ideally automatically with cert-manager`,
});
invalid.push(
  {
    name: 'at the instant of notAfter: expired',
    yaml: secret(VALID_PEM),
    params: { now: '2027-01-01T00:00:00Z' },
    errors: [expired],
  },
  {
    name: 'a day after notAfter: expired',
    yaml: secret(VALID_PEM),
    params: { now: '2027-01-02T00:00:00Z' },
    errors: [expired],
  },
  {
    name: 'a millisecond before notAfter: expiring in 1 day (rounded up, never "0 days")',
    yaml: secret(VALID_PEM),
    params: { now: '2026-12-31T23:59:59.999Z' },
    errors: [expiring(1)],
  },
  {
    name: 'a day and a half before: in 2 days (rounded up)',
    yaml: secret(VALID_PEM),
    params: { now: '2026-12-30T12:00:00Z' },
    errors: [expiring(2)],
  },
  {
    name: 'exactly 30 days before, the default threshold: expiring',
    yaml: secret(VALID_PEM),
    params: { now: '2026-12-02T00:00:00Z' },
    errors: [expiring(30)],
  },
  {
    name: 'exactly expiryWarningDays (10) before: expiring',
    yaml: secret(VALID_PEM),
    params: { now: '2026-12-22T00:00:00Z', expiryWarningDays: 10 },
    errors: [expiring(10)],
  },
);
valid.push(
  {
    name: 'a millisecond more than 30 days before: not yet reported',
    yaml: secret(VALID_PEM),
    params: { now: '2026-12-01T23:59:59.999Z' },
  },
  {
    name: 'a millisecond more than expiryWarningDays (10) before',
    yaml: secret(VALID_PEM),
    params: { now: '2026-12-21T23:59:59.999Z', expiryWarningDays: 10 },
  },
  {
    name: 'expiryWarningDays 0: quiet until it expires',
    yaml: secret(VALID_PEM),
    params: { now: '2026-12-31T23:59:59.999Z', expiryWarningDays: 0 },
  },
);

ruleTester(tlsCertificate, { valid, invalid });
