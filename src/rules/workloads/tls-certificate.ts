import { X509Certificate } from 'node:crypto';
import type { FieldPath } from '../../inventory/field-path.js';
import { describeResource } from '../../inventory/resource.js';
import { EXTRA_SUPPLY_CHAIN, OWASP } from '../../references/controls.js';
import { secretEntry } from '../secret-data.js';
import type { ObjectRule, Violation } from '../types.js';

export interface TlsCertificateParams {
  expiryWarningDays: number;
  allowSelfSigned: boolean;
  /** ISO date to judge expiry against; the current time when absent (set by tests for determinism). */
  now?: string;
}

const TLS_TYPE = 'kubernetes.io/tls';
const DAY_MS = 86_400_000;
const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----';

/** Signature algorithms whose hash is broken for certificates, by OID. */
const WEAK_SIGNATURES: Record<string, { name: string; hash: string }> = {
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'SHA-1' },
  '1.3.14.3.2.29': { name: 'sha1WithRSASignature', hash: 'SHA-1' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'SHA-1' },
  '1.2.840.10040.4.3': { name: 'dsa-with-sha1', hash: 'SHA-1' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'MD5' },
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', hash: 'MD2' },
};

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

/** One DER tag-length-value at `offset`, or undefined where the bytes do not hold one. */
function readTlv(der: Uint8Array, offset: number): Tlv | undefined {
  if (offset + 2 > der.length) return undefined;
  const tag = der[offset] as number;
  let length = der[offset + 1] as number;
  let start = offset + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4 || start + bytes > der.length) return undefined;
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + (der[start + i] as number);
    start += bytes;
  }
  if (start + length > der.length) return undefined;
  return { tag, start, end: start + length };
}

function decodeOid(bytes: Uint8Array): string {
  const parts: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if (byte & 0x80) continue;
    if (parts.length === 0) {
      const first = Math.min(2, Math.floor(value / 40));
      parts.push(first, value - first * 40);
    } else {
      parts.push(value);
    }
    value = 0;
  }
  return parts.join('.');
}

/**
 * The certificate's outer signatureAlgorithm OID (Certificate ::= SEQUENCE { tbsCertificate,
 * signatureAlgorithm AlgorithmIdentifier, signatureValue }), read from the DER because Node 20's
 * X509Certificate does not expose it.
 */
export function signatureAlgorithmOid(der: Uint8Array): string | undefined {
  const certificate = readTlv(der, 0);
  if (certificate?.tag !== 0x30) return undefined;
  const tbs = readTlv(der, certificate.start);
  if (tbs?.tag !== 0x30) return undefined;
  const algorithm = readTlv(der, tbs.end);
  if (algorithm?.tag !== 0x30) return undefined;
  const oid = readTlv(der, algorithm.start);
  if (oid?.tag !== 0x06 || oid.end > algorithm.end) return undefined;
  return decodeOid(der.subarray(oid.start, oid.end));
}

/** `CN=shop.example.com`, else the first SAN, else a neutral name: how messages name a certificate. */
function certificateName(cert: X509Certificate): string {
  const cn = cert.subject.split('\n').find((part) => part.startsWith('CN='));
  if (cn !== undefined) return `certificate \`${cn}\``;
  const san = cert.subjectAltName?.split(', ')[0];
  return san ? `certificate \`${san}\`` : 'its certificate';
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function nowOf(param: unknown): number {
  if (typeof param === 'string') {
    const parsed = Date.parse(param);
    if (!Number.isNaN(parsed)) return parsed;
  }
  return Date.now();
}

/** Certificates in `kubernetes.io/tls` Secrets that clients cannot (or should not) trust. */
export const tlsCertificate: ObjectRule<TlsCertificateParams> = {
  meta: {
    id: 'PP-WL-042',
    title: 'TLS Secret certificate problem',
    chapter: 'workloads',
    severity: 'medium',
    recommendation:
      'Keep TLS certificates valid, CA-issued, with RSA keys of at least 2048 bits (or ECDSA) and SHA-256 signatures, renewed automatically.',
    rationale:
      "The leaf certificate (the first in `tls.crt`) of each `kubernetes.io/tls` Secret is checked: expired (high) or expiring within `expiryWarningDays` (medium) certificates break clients or train users to click through warnings; a self-signed one (medium, unless `allowSelfSigned`, e.g. for a private CA's root kept for an issuer) can only be trusted by pinning; RSA keys under 2048 bits and SHA-1 (or MD5) signatures (high) can be forged. " +
      'A `tls.crt` that is not a PEM certificate (a placeholder) is reported at info. Messages never print certificate or key data.',
    remediation:
      'Issue and renew certificates automatically (cert-manager with an ACME or private CA issuer), with ECDSA P-256 or RSA 2048+ keys and SHA-256 signatures.',
    references: [OWASP.tls, EXTRA_SUPPLY_CHAIN.encryption],
    params: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          expiryWarningDays: {
            type: 'integer',
            minimum: 0,
            description: 'Report certificates expiring within this many days (default 30).',
          },
          allowSelfSigned: {
            type: 'boolean',
            description: 'Accept self-signed certificates (default false).',
          },
          now: {
            type: 'string',
            description: 'ISO date to judge expiry against instead of the current time (for tests).',
          },
        },
      },
      defaults: { expiryWarningDays: 30, allowSelfSigned: false },
    },
    appliesTo: ['Secret'],
    examples: {
      fail: `apiVersion: v1
kind: Secret
metadata: {name: old-tls, namespace: shop}
type: kubernetes.io/tls
data:
  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSURXakNDQWtLZ0F3SUJBZ0lDRUFJd0RRWUpLb1pJaHZjTkFRRUxCUUF3TVRFWU1CWUdBMVVFQXd3UFVHRnkKWVhCbGRDQlVaWE4wSUVOQk1SVXdFd1lEVlFRS0RBeFFZWEpoY0dWMElGUmxjM1F3SGhjTk1qTXdNVEF4TURBdwpNREF3V2hjTk1qUXdNVEF4TURBd01EQXdXakFhTVJnd0ZnWURWUVFEREE5dmJHUXVaWGhoYlhCc1pTNWpiMjB3CmdnRWlNQTBHQ1NxR1NJYjNEUUVCQVFVQUE0SUJEd0F3Z2dFS0FvSUJBUURMNlhmQmpSY1JPYkRjWGZNOG9DZmMKSk9EckNmdllzeVc4NkxOSEpDVTJyVzBLTEtkNzR4eWhCZ25mWHVaM0Z4NzZJWWNtbFNkQmZHQmIzcG1TaC9IaQpaRHJlTW1Bcy9EdldkYTRNaTlINHFCbTZwM3o4bFZTQlRWUTQyWitRNHJDUnV0Qlc1c0dRZElaZVB6ajhSWnIzCnhNM3RFUUNkcWF1S1A5cUtwQVUwd0gyRS9EdlkyMld5YnhOZ3ZjRkNEdWJETVFoZkpNK2Y5azJzdzZuelBTUFgKQXV2dzRCTVptTWlUR3ZHNzh5dm5xQ2tNS2VnT2M3akNxTzV1aEF0MlF1Tks2RUV5c1ZSTlhZRUtOZkVXRmpJVgpEQ3IxNDl4eUNLaTgwU3R1ZWhzSFUrT0UzSTZOQVhUTWJmZUc3Ym1XdUVMRTd5empFYTBsUCtJaFVCWXpFRVJ4CkFnTUJBQUdqZ1pJd2dZOHdEQVlEVlIwVEFRSC9CQUl3QURBT0JnTlZIUThCQWY4RUJBTUNCYUF3RXdZRFZSMGwKQkF3d0NnWUlLd1lCQlFVSEF3RXdHZ1lEVlIwUkJCTXdFWUlQYjJ4a0xtVjRZVzF3YkdVdVkyOXRNQjBHQTFVZApEZ1FXQkJTaGVNRHpoTmdnRnZ5TCt4OU84TzFEc2wzZDZEQWZCZ05WSFNNRUdEQVdnQlMwa3h1UEEyVS9rMVNjCkdmdnFENVNIdkFRZmF6QU5CZ2txaGtpRzl3MEJBUXNGQUFPQ0FRRUFVb3ZjdmJPZG4rcnVvK3pzbXNDTVlNYzMKWkVtYnZadU4rMVd0SXFWa1ZKK1pMc0lRRnIyQ1VPcUl4ZHVLTTdsOGZva0NjN3MzeVZFQUxXTDRzRWJwazFvQQpiVVlFd0xjbEF5Rkd2STNnK1pHcWE3VDJ5cERldXo1QW9EWXFIczdQclo1N05wU2tKeGJET0tMZ0RJMXhkaHRtCkM4WDRtaUVhOEdEcVlyRHJKOGcrK0FTYlJxaTRGeTh2OTJBUWNDQkxVQlB1U2ZQSjZtdGhWTkRERGtFc1M4WmoKTnZsSG1tT1RRdTRIdGNkY2hMc2NFSzh3OVpLQVNIMml4UXMrTGlESzNGY0N0MUEwc29WcXB0TXRMNmpGRml4RwpuNUdjZk9jdGkreDdZVGpmSXp4ODltbEYxWEhwZ0JaZ1NxUWNFMWpadC85bVY4S1lCNHJqdGRnaVd6QUpFdz09Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K
  tls.key: ""
`,
      pass: `apiVersion: v1
kind: Secret
metadata: {name: web-tls, namespace: shop}
type: kubernetes.io/tls
data:
  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUNtekNDQVlPZ0F3SUJBZ0lDRUFjd0RRWUpLb1pJaHZjTkFRRUxCUUF3TVRFWU1CWUdBMVVFQXd3UFVHRnkKWVhCbGRDQlVaWE4wSUVOQk1SVXdFd1lEVlFRS0RBeFFZWEpoY0dWMElGUmxjM1F3SUJjTk1qVXdNVEF4TURBdwpNREF3V2hnUE1qRXlOVEF4TURFd01EQXdNREJhTUI4eEhUQWJCZ05WQkFNTUZHVjRZVzF3YkdVdWNHRnlZWEJsCmRDNTBaWE4wTUZrd0V3WUhLb1pJemowQ0FRWUlLb1pJemowREFRY0RRZ0FFd3poQ1lmN3YwNE9lT1M2bEJtR0wKN1N0ZFJvZ1dHVm4wMzIvYWIrckh1dXE4WmJVYnozcXdiNEtNR0t3dW43L3IyaXhrMlcyK3NvMDF4ckFRY1FVZQorS09CbHpDQmxEQU1CZ05WSFJNQkFmOEVBakFBTUE0R0ExVWREd0VCL3dRRUF3SUZvREFUQmdOVkhTVUVEREFLCkJnZ3JCZ0VGQlFjREFUQWZCZ05WSFJFRUdEQVdnaFJsZUdGdGNHeGxMbkJoY21Gd1pYUXVkR1Z6ZERBZEJnTlYKSFE0RUZnUVV2Y1JXNXVVdXZab0F6Qlg5VE1Bdnc5NTBybFF3SHdZRFZSMGpCQmd3Rm9BVXRKTWJqd05sUDVOVQpuQm43NmcrVWg3d0VIMnN3RFFZSktvWklodmNOQVFFTEJRQURnZ0VCQUJZUm54cE1PRHZqQkM3QnAwWTZyOGluCmJrZGNGR2ZDYkVqOHFPQU53Njg2eXM3MnRDcGlQVVlPTE5FTnlNeEZFVFBjVWtMb2pZdHRNZndUK3k0SFlJb1QKMXZKWUladFVHd0tTS0RvbG90RFJNY3U3allHYWt1RG9CK2dNR3BFZ3J0RWRFSHR0TFJsYjBQV2FOckpqUkxxMApKb3RTN1grb1pkTERvTTZoK0pySjZFbm43MDU3NzhWQW1ucVY4bDhYcjhHNzdTSDZzZS85cG1yTENBU2l6MW8rCjdnR1FpVm5ONjVWWitKOXA2YmlqYzJXSmQzU0NSQ05IK3dYNkFQdGtnRUs3cUcvbVFZMGQvQld2UUtFWUpzRlIKUzlNREFvcFhGcHdmSnVPcXlKVGUybUdWLzZnWUhlRGZmb1VwenkzMGdjNkJZOE1TcEY3b2ZoYlEwTmpEUXowPQotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==
  tls.key: ""
`,
    },
  },
  target: 'object',
  *check(resource, { params }) {
    if (resource.object.type !== TLS_TYPE) return;
    const who = describeResource(resource);
    const entry = secretEntry(resource, 'tls.crt', 'latin1');
    const path: FieldPath = entry?.path ?? ['data', 'tls.crt'];
    const pem = entry?.value;
    if (pem === undefined) {
      yield {
        path,
        severity: 'info',
        message: `${who} is of type ${TLS_TYPE} but has no tls.crt; add the PEM certificate, or let cert-manager create the Secret`,
      };
      return;
    }
    const cert = parseCertificate(pem);
    if (cert === undefined) {
      yield {
        path,
        severity: 'info',
        message: `${who}: tls.crt is not a PEM certificate; store the PEM certificate (base64-encoded under \`data\`), or let cert-manager create the Secret`,
      };
      return;
    }
    yield* judge(cert, who, path, params);
  },
};

function parseCertificate(pem: string): X509Certificate | undefined {
  const start = pem.indexOf(PEM_CERTIFICATE);
  if (start < 0) return undefined;
  try {
    return new X509Certificate(pem.slice(start));
  } catch {
    return undefined;
  }
}

function* judge(
  cert: X509Certificate,
  who: string,
  path: FieldPath,
  params: Partial<TlsCertificateParams>,
): Iterable<Violation> {
  const name = certificateName(cert);
  const now = nowOf(params.now);
  const warningDays =
    typeof params.expiryWarningDays === 'number' && params.expiryWarningDays >= 0
      ? params.expiryWarningDays
      : 30;
  const validTo = Date.parse(cert.validTo);
  if (!Number.isNaN(validTo)) {
    const expiry = isoDay(new Date(validTo));
    if (validTo <= now) {
      yield {
        problem: 'expired',
        path,
        severity: 'high',
        message: `${who} holds ${name}, which expired on ${expiry}; renew it, and let cert-manager renew it automatically from now on`,
      };
    } else if (validTo - now <= warningDays * DAY_MS) {
      const days = Math.ceil((validTo - now) / DAY_MS);
      yield {
        problem: 'expiring',
        path,
        severity: 'medium',
        message: `${who} holds ${name}, which expires on ${expiry}, in ${days} day${days === 1 ? '' : 's'}; renew it before then, ideally automatically with cert-manager`,
      };
    }
  }
  if (params.allowSelfSigned !== true && isSelfSigned(cert)) {
    yield {
      problem: 'self-signed',
      path,
      severity: 'medium',
      message: `${who} holds ${name}, which is self-signed, so clients can trust it only by pinning it; issue it from a CA the clients trust (or set \`allowSelfSigned\` for a private CA's root)`,
    };
  }
  const bits = rsaBits(cert);
  if (bits !== undefined && bits < 2048) {
    yield {
      problem: 'weak-key',
      path,
      severity: 'high',
      message: `${who} holds ${name} with a ${bits}-bit RSA key, which can be factored; reissue it with an RSA key of at least 2048 bits or an ECDSA P-256 key`,
    };
  }
  const weak = WEAK_SIGNATURES[signatureAlgorithmOid(cert.raw) ?? ''];
  if (weak !== undefined) {
    yield {
      problem: 'weak-signature',
      path,
      severity: 'high',
      message: `${who} holds ${name}, signed with ${weak.hash} (${weak.name}), which lets a colliding certificate be forged; reissue it with a SHA-256 signature`,
    };
  }
}

function isSelfSigned(cert: X509Certificate): boolean {
  if (cert.subject !== cert.issuer) return false;
  try {
    return cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

function rsaBits(cert: X509Certificate): number | undefined {
  try {
    const key = cert.publicKey;
    if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'rsa-pss') return undefined;
    return key.asymmetricKeyDetails?.modulusLength;
  } catch {
    return undefined;
  }
}
