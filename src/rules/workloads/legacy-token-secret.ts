import { describeResource } from '../../inventory/resource.js';
import { CIS, MS_TMK, NSA, OWASP } from '../../references/controls.js';
import { asRecord } from '../helpers.js';
import type { ObjectRule } from '../types.js';

export const LEGACY_TOKEN_TYPE = 'kubernetes.io/service-account-token';

/** A token Secret holds a ServiceAccount token that never expires and is readable by anyone who can read Secrets. */
export const legacyTokenSecret: ObjectRule = {
  meta: {
    id: 'PP-WL-031',
    title: 'Legacy ServiceAccount token Secret',
    chapter: 'workloads',
    severity: 'medium',
    recommendation:
      'Use short-lived projected ServiceAccount tokens, not `kubernetes.io/service-account-token` Secrets.',
    rationale:
      "The token in such a Secret does not expire and is not bound to a pod: whoever reads it once (anyone allowed to get Secrets in the namespace, a backup, a GitOps repository) holds the ServiceAccount's rights until the Secret is deleted. Projected tokens from the TokenRequest API expire within hours and die with their pod.",
    remediation:
      'Delete the Secret; let pods use the projected token the kubelet mounts, and get tokens for outside clients with `kubectl create token` (TokenRequest) for a bounded duration.',
    references: [
      CIS.tokenMount,
      NSA.serviceAccountTokens,
      OWASP.serviceAccounts,
      MS_TMK.containerServiceAccount,
    ],
    appliesTo: ['Secret'],
    examples: {
      fail: `apiVersion: v1
kind: Secret
metadata:
  name: ci-token
  namespace: shop
  annotations: {kubernetes.io/service-account.name: ci}
type: kubernetes.io/service-account-token
`,
      pass: `apiVersion: v1
kind: ServiceAccount
metadata: {name: ci, namespace: shop}
automountServiceAccountToken: false
`,
    },
  },
  target: 'object',
  *check(resource) {
    if (resource.object.type !== LEGACY_TOKEN_TYPE) return;
    const account = asRecord(asRecord(resource.object.metadata)?.annotations)?.[
      'kubernetes.io/service-account.name'
    ];
    const whose = typeof account === 'string' && account !== '' ? ` for ServiceAccount \`${account}\`` : '';
    yield {
      path: ['type'],
      message: `${describeResource(resource)} is a legacy \`${LEGACY_TOKEN_TYPE}\` Secret${whose}, holding a token that never expires; delete it and use projected tokens (TokenRequest, \`kubectl create token\`) instead`,
    };
  },
};
