/**
 * Judging one X.509 certificate — expiry, self-signature, RSA key size, signature hash — for every rule that sees
 * one: the TLS Secret rule (PP-WL-042) and the API server's certificates seen on the wire (PP-PLAT-023).
 * Messages name the certificate, never print its data.
 */
import { X509Certificate } from 'node:crypto';
import type { FieldPath } from '../inventory/field-path.js';
import type { Violation } from './types.js';

export interface TlsCertificateParams {
  expiryWarningDays: number;
  allowSelfSigned: boolean;
  /** ISO date to judge expiry against; the current time when absent (set by tests for determinism). */
  now?: string;
}

/** What to tell the owner of the certificate to do, where it depends on who issues it. */
export interface CertificateAdvice {
  expired: string;
  expiring: string;
  selfSigned: string;
}

/** For certificates cert-manager can issue (TLS Secrets). */
const CERT_MANAGER_ADVICE: CertificateAdvice = {
  expired: 'renew it, and let cert-manager renew it automatically from now on',
  expiring: 'renew it before then, ideally automatically with cert-manager',
  selfSigned: "issue it from a CA the clients trust (or set `allowSelfSigned` for a private CA's root)",
};

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

export function nowOf(param: unknown): number {
  if (typeof param === 'string') {
    const parsed = Date.parse(param);
    if (!Number.isNaN(parsed)) return parsed;
  }
  return Date.now();
}

/** The first certificate of a PEM text, or undefined where there is none. */
export function parseCertificate(pem: string): X509Certificate | undefined {
  const start = pem.indexOf(PEM_CERTIFICATE);
  if (start < 0) return undefined;
  try {
    return new X509Certificate(pem.slice(start));
  } catch {
    return undefined;
  }
}

export function* judgeCertificate(
  cert: X509Certificate,
  who: string,
  path: FieldPath,
  params: Partial<TlsCertificateParams>,
  advice: CertificateAdvice = CERT_MANAGER_ADVICE,
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
        message: `${who} holds ${name}, which expired on ${expiry}; ${advice.expired}`,
      };
    } else if (validTo - now <= warningDays * DAY_MS) {
      const days = Math.ceil((validTo - now) / DAY_MS);
      yield {
        problem: 'expiring',
        path,
        severity: 'medium',
        message: `${who} holds ${name}, which expires on ${expiry}, in ${days} day${days === 1 ? '' : 's'}; ${advice.expiring}`,
      };
    }
  }
  if (params.allowSelfSigned !== true && isSelfSigned(cert)) {
    yield {
      problem: 'self-signed',
      path,
      severity: 'medium',
      message: `${who} holds ${name}, which is self-signed, so clients can trust it only by pinning it; ${advice.selfSigned}`,
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
