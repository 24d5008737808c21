import assert from 'node:assert/strict';
import { it } from 'node:test';
import { secretEnv } from '../../../src/rules/workloads/secret-env.js';
import { webDeployment } from '../../helpers/manifests.js';
import { ruleTester, runRule } from '../../helpers/rule-tester.js';

ruleTester(secretEnv, {
  valid: [
    {
      name: 'Secret mounted as a file, ConfigMap and literal env',
      yaml: webDeployment(`      volumes: [{name: db, secret: {secretName: db}}]
      containers:
        - name: app
          image: registry.example.com/shop/web:1.4.2
          env:
            - {name: LOG_LEVEL, value: info}
            - name: REGION
              valueFrom: {configMapKeyRef: {name: site, key: region}}
          envFrom: [{configMapRef: {name: site}}]
          volumeMounts: [{name: db, mountPath: /run/secrets/db, readOnly: true}]`),
    },
  ],
  invalid: [
    {
      name: 'secretKeyRef and envFrom secretRef, in an init container too',
      yaml: webDeployment(`      initContainers:
        - name: migrate
          image: registry.example.com/shop/migrate:1.4.2
          envFrom: [{configMapRef: {name: site}}, {secretRef: {name: db}}]
      containers:
        - name: app
          image: registry.example.com/shop/web:1.4.2
          env:
            - {name: LOG_LEVEL, value: info}
            - name: DB_PASSWORD
              valueFrom: {secretKeyRef: {name: db, key: password}}`),
      errors: [
        {
          message:
            'init container `migrate` in Deployment `shop/web` imports every key of Secret `db` as env vars (`envFrom`); mount the Secret as a file (a `secret` volume) instead',
          path: 'spec.template.spec.initContainers[0].envFrom[1].secretRef',
          severity: 'low',
        },
        {
          message:
            'container `app` in Deployment `shop/web` reads key `password` of Secret `db` into env var `DB_PASSWORD`; mount the Secret as a file (a `secret` volume) instead',
          path: 'spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef',
        },
      ],
    },
    {
      name: 'malformed refs are still reported, without throwing',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
    - name: app
      image: nginx:1.27.3
      env:
        - valueFrom: {secretKeyRef: {}}
        - oops
`,
      errors: [
        {
          message:
            'container `app` in Pod `shop/web` reads key `?` of Secret `?`; mount the Secret as a file (a `secret` volume) instead',
          path: 'spec.containers[0].env[0].valueFrom.secretKeyRef',
        },
      ],
    },
  ],
});

it('PP-WL-033 examples: fail flags, pass passes', () => {
  const examples = secretEnv.meta.examples as { fail: string; pass: string };
  assert.equal(runRule(secretEnv, examples.fail).length, 1);
  assert.deepEqual(runRule(secretEnv, examples.pass), []);
});
