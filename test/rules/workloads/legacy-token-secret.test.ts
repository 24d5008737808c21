import assert from 'node:assert/strict';
import { it } from 'node:test';
import { legacyTokenSecret } from '../../../src/rules/workloads/legacy-token-secret.js';
import { ruleTester, runRule } from '../../helpers/rule-tester.js';

ruleTester(legacyTokenSecret, {
  valid: [
    {
      name: 'other Secret types',
      yaml: `
apiVersion: v1
kind: Secret
metadata: {name: db, namespace: shop}
type: Opaque
stringData: {token: from-vault}
---
apiVersion: v1
kind: Secret
metadata: {name: regcred, namespace: shop}
type: kubernetes.io/dockerconfigjson
data: {.dockerconfigjson: e30=}
`,
    },
  ],
  invalid: [
    {
      name: 'a token Secret for a ServiceAccount',
      yaml: `
apiVersion: v1
kind: Secret
metadata:
  name: ci-token
  namespace: shop
  annotations: {kubernetes.io/service-account.name: ci}
type: kubernetes.io/service-account-token
`,
      errors: [
        {
          message:
            'Secret `shop/ci-token` is a legacy `kubernetes.io/service-account-token` Secret for ServiceAccount `ci`, holding a token that never expires; delete it and use projected tokens (TokenRequest, `kubectl create token`) instead',
          path: 'type',
          severity: 'medium',
        },
      ],
    },
    {
      name: 'without the annotation (malformed metadata)',
      yaml: `
apiVersion: v1
kind: Secret
metadata: {name: token, annotations: [oops]}
type: kubernetes.io/service-account-token
`,
      errors: [
        {
          message:
            'Secret `token` is a legacy `kubernetes.io/service-account-token` Secret, holding a token that never expires; delete it and use projected tokens (TokenRequest, `kubectl create token`) instead',
          path: 'type',
        },
      ],
    },
  ],
});

it('PP-WL-031 examples: fail flags, pass passes', () => {
  const examples = legacyTokenSecret.meta.examples as { fail: string; pass: string };
  assert.equal(runRule(legacyTokenSecret, examples.fail).length, 1);
  assert.deepEqual(runRule(legacyTokenSecret, examples.pass), []);
});
