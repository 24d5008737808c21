import type { FieldPath } from '../../inventory/field-path.js';
import { describeResource } from '../../inventory/resource.js';
import { EXTRA_SUPPLY_CHAIN, OWASP } from '../../references/controls.js';
import { judgeCertificate, parseCertificate, type TlsCertificateParams } from '../certificate-checks.js';
import { secretEntry } from '../secret-data.js';
import type { ObjectRule } from '../types.js';

export { signatureAlgorithmOid, type TlsCertificateParams } from '../certificate-checks.js';

const TLS_TYPE = 'kubernetes.io/tls';

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
    yield* judgeCertificate(cert, who, path, params);
  },
};
