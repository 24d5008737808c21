import assert from 'node:assert/strict';
import { it } from 'node:test';
import { imagePullSecret } from '../../../src/rules/workloads/image-pull-secret.js';
import { webDeployment } from '../../helpers/manifests.js';
import { ruleTester, runRule } from '../../helpers/rule-tester.js';

const secret = (name: string, namespace = 'shop') => `
---
apiVersion: v1
kind: Secret
metadata: {name: ${name}, namespace: ${namespace}}
type: kubernetes.io/dockerconfigjson
data: {.dockerconfigjson: e30=}
`;

const deployment = (...pullSecrets: string[]) =>
  webDeployment(`      imagePullSecrets: [${pullSecrets.map((s) => `{name: ${s}}`).join(', ')}]
      containers:
        - {name: app, image: registry.example.com/shop/web:1.4.2}`);

ruleTester(imagePullSecret, {
  valid: [
    { name: 'the pull secret is in the input', yaml: deployment('regcred') + secret('regcred') },
    {
      name: 'no Secrets of the namespace in the input: say nothing',
      yaml: deployment('regcred') + secret('regcred', 'other'),
    },
    { name: 'no pull secrets, or malformed entries', yaml: `${deployment()}${secret('db')}` },
    {
      name: 'malformed entries are skipped',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  imagePullSecrets: [regcred, {name: ""}, {}]
  containers: [{name: app, image: nginx:1.27.3}]
${secret('db')}`,
    },
  ],
  invalid: [
    {
      name: 'a missing pull secret in a Deployment and in a ServiceAccount',
      yaml: `${deployment('regcred', 'oldcred')}${secret('regcred')}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
imagePullSecrets: [{name: mirror-cred}]
`,
      errors: [
        {
          message:
            'Deployment `shop/web` names image pull secret `oldcred`, but the input has no Secret of that name in namespace `shop`; create it (type `kubernetes.io/dockerconfigjson`) or correct the name',
          path: 'spec.template.spec.imagePullSecrets[1].name',
          severity: 'low',
          resource: 'Deployment/web',
        },
        {
          message:
            'ServiceAccount `shop/web` names image pull secret `mirror-cred`, but the input has no Secret of that name in namespace `shop`; create it (type `kubernetes.io/dockerconfigjson`) or correct the name',
          path: 'imagePullSecrets[0].name',
          resource: 'ServiceAccount/web',
        },
      ],
    },
    {
      name: 'a Pod without a namespace: the one it is applied to, `default` unless -n',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  imagePullSecrets: [{name: regcred}]
  containers: [{name: app, image: nginx:1.27.3}]
${secret('tls', 'default')}`,
      errors: [
        {
          message:
            'Pod `web` names image pull secret `regcred`, but the input has no Secret of that name in the namespace it is applied to (`default` unless -n); create it (type `kubernetes.io/dockerconfigjson`) or correct the name',
          path: 'spec.imagePullSecrets[0].name',
        },
      ],
    },
  ],
});

it('PP-WL-024 examples: fail flags, pass passes', () => {
  const examples = imagePullSecret.meta.examples as { fail: string; pass: string };
  assert.equal(runRule(imagePullSecret, examples.fail).length, 1);
  assert.deepEqual(runRule(imagePullSecret, examples.pass), []);
});
