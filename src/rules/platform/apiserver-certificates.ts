/**
 * The certificates a client sees when it connects to the API server: the serving chain from the TLS handshake
 * and the CA bundle it was told to trust (kubeconfig, ServiceAccount ca.crt). Judged by the same checks as TLS
 * Secrets (src/rules/certificate-checks.ts), with advice for a control plane instead of cert-manager.
 */
import { CLUSTER_API_VERSION, SERVER_CERTIFICATES_KIND } from '../../inventory/platform-facts.js';
import { EXTRA_SUPPLY_CHAIN, OWASP } from '../../references/controls.js';
import {
  type CertificateAdvice,
  judgeCertificate,
  parseCertificate,
  type TlsCertificateParams,
} from '../certificate-checks.js';
import { asArray } from '../helpers.js';
import type { ObjectRule } from '../types.js';

const CONTROL_PLANE_ADVICE: CertificateAdvice = {
  expired:
    'renew it (kubeadm: `kubeadm certs renew all`; k3s/RKE2 renew theirs at restart within 90 days of expiry; managed services: their certificate rotation)',
  expiring:
    'renew it before then (kubeadm: `kubeadm certs renew`; k3s/RKE2: restart the server within 90 days of expiry)',
  selfSigned: 'issue it from the cluster CA that clients are given',
};

function certificatesFact(pem: string): string {
  return `# what parapet scan --cluster saw in the TLS handshake with the API server
# policy: rules: {PP-PLAT-023: {params: {now: "2025-06-18"}}}
apiVersion: ${CLUSTER_API_VERSION}
kind: ${SERVER_CERTIFICATES_KIND}
metadata: {name: https://203.0.113.10:6443}
serving:
  - |
${pem}
caBundle: []
`;
}

export const apiServerCertificates: ObjectRule<Partial<TlsCertificateParams>> = {
  meta: {
    id: 'PP-PLAT-023',
    title: 'API server certificate expired, expiring or weak',
    chapter: 'platform',
    severity: 'high',
    recommendation:
      "Keep the API server's serving certificate and the cluster CA valid, with RSA keys of at least 2048 bits (or ECDSA) and SHA-256 signatures, and renew them before they expire.",
    rationale:
      'When the serving certificate or the CA expires, every kubelet, controller and user is locked out at once, typically on a node nobody has touched for a year; a weak key or a SHA-1 signature lets whoever forges a certificate stand in for the API server and collect every token sent to it. ' +
      "The serving chain is read from the TLS handshake and the CA bundle from the kubeconfig (or the ServiceAccount's ca.crt): leaf expiry (high when expired, medium within `expiryWarningDays`), RSA key size and signature hash, for the CA certificates as well. Self-signed CA certificates are expected and not reported.",
    remediation:
      'Renew expiring certificates (kubeadm: `kubeadm certs check-expiration` and `kubeadm certs renew`; k3s/RKE2: `k3s certificate rotate` / `rke2 certificate rotate` or a restart within 90 days of expiry) and reissue weak ones with RSA 2048+ or ECDSA P-256 keys and SHA-256 signatures.',
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
          now: {
            type: 'string',
            description: 'ISO date to judge expiry against instead of the current time (for tests).',
          },
        },
      },
      defaults: { expiryWarningDays: 30 },
    },
    appliesTo: [SERVER_CERTIFICATES_KIND],
    facts: ['cluster'],
    examples: {
      fail: certificatesFact(`      -----BEGIN CERTIFICATE-----
      MIIDWjCCAkKgAwIBAgICEAIwDQYJKoZIhvcNAQELBQAwMTEYMBYGA1UEAwwPUGFy
      YXBldCBUZXN0IENBMRUwEwYDVQQKDAxQYXJhcGV0IFRlc3QwHhcNMjMwMTAxMDAw
      MDAwWhcNMjQwMTAxMDAwMDAwWjAaMRgwFgYDVQQDDA9vbGQuZXhhbXBsZS5jb20w
      ggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQDL6XfBjRcRObDcXfM8oCfc
      JODrCfvYsyW86LNHJCU2rW0KLKd74xyhBgnfXuZ3Fx76IYcmlSdBfGBb3pmSh/Hi
      ZDreMmAs/DvWda4Mi9H4qBm6p3z8lVSBTVQ42Z+Q4rCRutBW5sGQdIZePzj8RZr3
      xM3tEQCdqauKP9qKpAU0wH2E/DvY22WybxNgvcFCDubDMQhfJM+f9k2sw6nzPSPX
      Auvw4BMZmMiTGvG78yvnqCkMKegOc7jCqO5uhAt2QuNK6EEysVRNXYEKNfEWFjIV
      DCr149xyCKi80StuehsHU+OE3I6NAXTMbfeG7bmWuELE7yzjEa0lP+IhUBYzEERx
      AgMBAAGjgZIwgY8wDAYDVR0TAQH/BAIwADAOBgNVHQ8BAf8EBAMCBaAwEwYDVR0l
      BAwwCgYIKwYBBQUHAwEwGgYDVR0RBBMwEYIPb2xkLmV4YW1wbGUuY29tMB0GA1Ud
      DgQWBBSheMDzhNggFvyL+x9O8O1Dsl3d6DAfBgNVHSMEGDAWgBS0kxuPA2U/k1Sc
      GfvqD5SHvAQfazANBgkqhkiG9w0BAQsFAAOCAQEAUovcvbOdn+ruo+zsmsCMYMc3
      ZEmbvZuN+1WtIqVkVJ+ZLsIQFr2CUOqIxduKM7l8fokCc7s3yVEALWL4sEbpk1oA
      bUYEwLclAyFGvI3g+ZGqa7T2ypDeuz5AoDYqHs7PrZ57NpSkJxbDOKLgDI1xdhtm
      C8X4miEa8GDqYrDrJ8g++ASbRqi4Fy8v92AQcCBLUBPuSfPJ6mthVNDDDkEsS8Zj
      NvlHmmOTQu4HtcdchLscEK8w9ZKASH2ixQs+LiDK3FcCt1A0soVqptMtL6jFFixG
      n5GcfOcti+x7YTjfIzx89mlF1XHpgBZgSqQcE1jZt/9mV8KYB4rjtdgiWzAJEw==
      -----END CERTIFICATE-----`),
      pass: certificatesFact(`      -----BEGIN CERTIFICATE-----
      MIICmzCCAYOgAwIBAgICEAcwDQYJKoZIhvcNAQELBQAwMTEYMBYGA1UEAwwPUGFy
      YXBldCBUZXN0IENBMRUwEwYDVQQKDAxQYXJhcGV0IFRlc3QwIBcNMjUwMTAxMDAw
      MDAwWhgPMjEyNTAxMDEwMDAwMDBaMB8xHTAbBgNVBAMMFGV4YW1wbGUucGFyYXBl
      dC50ZXN0MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEwzhCYf7v04OeOS6lBmGL
      7StdRogWGVn032/ab+rHuuq8ZbUbz3qwb4KMGKwun7/r2ixk2W2+so01xrAQcQUe
      +KOBlzCBlDAMBgNVHRMBAf8EAjAAMA4GA1UdDwEB/wQEAwIFoDATBgNVHSUEDDAK
      BggrBgEFBQcDATAfBgNVHREEGDAWghRleGFtcGxlLnBhcmFwZXQudGVzdDAdBgNV
      HQ4EFgQUvcRW5uUuvZoAzBX9TMAvw950rlQwHwYDVR0jBBgwFoAUtJMbjwNlP5NU
      nBn76g+Uh7wEH2swDQYJKoZIhvcNAQELBQADggEBABYRnxpMODvjBC7Bp0Y6r8in
      bkdcFGfCbEj8qOANw686ys72tCpiPUYOLNENyMxFETPcUkLojYttMfwT+y4HYIoT
      1vJYIZtUGwKSKDolotDRMcu7jYGakuDoB+gMGpEgrtEdEHttLRlb0PWaNrJjRLq0
      JotS7X+oZdLDoM6h+JrJ6Enn705778VAmnqV8l8Xr8G77SH6se/9pmrLCASiz1o+
      7gGQiVnN65VZ+J9p6bijc2WJd3SCRCNH+wX6APtkgEK7qG/mQY0d/BWvQKEYJsFR
      S9MDAopXFpwfJuOqyJTe2mGV/6gYHeDffoUpzy30gc6BY8MSpF7ofhbQ0NjDQz0=
      -----END CERTIFICATE-----`),
    },
  },
  target: 'object',
  *check(resource, { params }) {
    const server = `the API server ${resource.name}`;
    const [leaf] = asArray(resource.object.serving);
    const cert = typeof leaf === 'string' ? parseCertificate(leaf) : undefined;
    if (cert !== undefined)
      yield* judgeCertificate(
        cert,
        server,
        ['serving', 0],
        { ...params, allowSelfSigned: true },
        CONTROL_PLANE_ADVICE,
      );
    for (const [index, pem] of asArray(resource.object.caBundle).entries()) {
      const ca = typeof pem === 'string' ? parseCertificate(pem) : undefined;
      if (ca !== undefined)
        yield* judgeCertificate(
          ca,
          `the CA bundle trusted for ${server}`,
          ['caBundle', index],
          { ...params, allowSelfSigned: true },
          CONTROL_PLANE_ADVICE,
        );
    }
  },
};
