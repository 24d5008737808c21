import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ingressTls } from '../../../src/rules/workloads/ingress-tls.js';
import { ruleTester, runRule } from '../../helpers/rule-tester.js';

const backend = '{service: {name: web, port: {number: 80}}}';
const ingress = (spec: string) => `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
${spec}
`;
const rule = (host?: string) =>
  `    - ${host ? `host: ${host}\n      ` : ''}http: {paths: [{path: /, pathType: Prefix, backend: ${backend}}]}`;

ruleTester(ingressTls, {
  valid: [
    {
      name: 'every host listed, one through a wildcard',
      yaml: ingress(`  tls:
    - {hosts: [shop.example.com], secretName: shop-tls}
    - {hosts: ["*.apps.example.com"], secretName: apps-tls}
  rules:
${rule('shop.example.com')}
${rule('Admin.apps.example.com')}`),
    },
    {
      name: 'a tls entry without hosts covers every rule (controller default certificate)',
      yaml: ingress(`  tls: [{secretName: default-tls}]
  rules:
${rule('shop.example.com')}
${rule()}`),
    },
  ],
  invalid: [
    {
      name: 'no tls at all',
      yaml: ingress(`  rules:
${rule('shop.example.com')}`),
      errors: [
        {
          message:
            'Ingress `shop/web` serves host `shop.example.com` without TLS: no `spec.tls` entry lists it; add it to `spec.tls[].hosts` with a certificate Secret in `secretName`',
          path: 'spec.rules[0].host',
          severity: 'medium',
        },
      ],
    },
    {
      name: 'hosts not covered: another host, a wildcard one level too deep, a rule without host',
      yaml: ingress(`  tls:
    - {hosts: [shop.example.com, "*.example.com"], secretName: shop-tls}
  rules:
${rule('shop.example.com')}
${rule('api.example.com')}
${rule('a.b.example.com')}
${rule('shop.example.org')}
${rule()}`),
      errors: [
        {
          message:
            'Ingress `shop/web` serves host `a.b.example.com` without TLS: no `spec.tls` entry lists it; add it to `spec.tls[].hosts` with a certificate Secret in `secretName`',
          path: 'spec.rules[2].host',
        },
        {
          message:
            'Ingress `shop/web` serves host `shop.example.org` without TLS: no `spec.tls` entry lists it; add it to `spec.tls[].hosts` with a certificate Secret in `secretName`',
          path: 'spec.rules[3].host',
        },
        {
          message:
            'Ingress `shop/web` serves rule 4 (any host: the rule has no `host`) without TLS: no `spec.tls` entry covers it; add a `spec.tls` entry with a certificate Secret in `secretName`',
          path: 'spec.rules[4]',
        },
      ],
    },
    {
      name: 'only a default backend',
      yaml: ingress(`  defaultBackend: ${backend}`),
      errors: [
        {
          message:
            'Ingress `shop/web` serves its default backend without TLS: it has no `spec.tls`; add a `spec.tls` entry with a certificate Secret in `secretName`',
          path: 'spec.tls',
        },
      ],
    },
  ],
});

it('PP-WL-040 examples: fail flags, pass passes', () => {
  const examples = ingressTls.meta.examples as { fail: string; pass: string };
  assert.equal(runRule(ingressTls, examples.fail).length, 1);
  assert.deepEqual(runRule(ingressTls, examples.pass), []);
});
