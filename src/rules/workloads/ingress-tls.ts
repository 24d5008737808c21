import { describeResource } from '../../inventory/resource.js';
import { EXTRA_SUPPLY_CHAIN, MS_TMK, OWASP } from '../../references/controls.js';
import { asArray, asRecord } from '../helpers.js';
import type { ObjectRule } from '../types.js';

/** Whether a `spec.tls[].hosts` entry (possibly `*.example.com`) covers a rule's host. */
function covers(tlsHost: string, host: string): boolean {
  const a = tlsHost.toLowerCase();
  const b = host.toLowerCase();
  if (a === b) return true;
  if (!a.startsWith('*.')) return false;
  const suffix = a.slice(1);
  return b.endsWith(suffix) && b.length > suffix.length && !b.slice(0, -suffix.length).includes('.');
}

/** An Ingress host served without TLS sends credentials and session cookies across the site network in clear. */
export const ingressTls: ObjectRule = {
  meta: {
    id: 'PP-WL-040',
    title: 'Ingress host without TLS',
    chapter: 'workloads',
    severity: 'medium',
    recommendation: 'Serve every Ingress host over TLS, listed in `spec.tls` with its certificate Secret.',
    rationale:
      "Without TLS, logins, tokens and data cross the network in clear and can be read or altered by anything on the path, which at the edge includes shared plant and shop-floor networks. A host is covered when a `spec.tls` entry lists it (or a matching `*.` wildcard), or when an entry lists no hosts at all (the controller's default certificate).",
    remediation:
      'Add the host to `spec.tls[].hosts` with a certificate Secret in `secretName` (cert-manager can issue and renew it from an annotation).',
    references: [OWASP.tls, EXTRA_SUPPLY_CHAIN.encryption, MS_TMK.exposedSensitiveInterfaces],
    appliesTo: ['Ingress'],
    examples: {
      fail: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`,
      pass: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  tls:
    - {hosts: [shop.example.com], secretName: shop-tls}
  rules:
    - host: shop.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`,
    },
  },
  target: 'object',
  *check(resource) {
    const spec = asRecord(resource.object.spec);
    if (spec === undefined) return;
    const entries = asArray(spec.tls)
      .map((e) => asRecord(e))
      .filter((e) => e !== undefined);
    const tlsHosts = entries.flatMap((e) =>
      asArray(e.hosts).filter((h): h is string => typeof h === 'string'),
    );
    const hostless = entries.some((e) => asArray(e.hosts).length === 0);
    const fix = 'add it to `spec.tls[].hosts` with a certificate Secret in `secretName`';
    const rules = asArray(spec.rules);
    for (const [index, item] of rules.entries()) {
      const rule = asRecord(item);
      if (rule === undefined) continue;
      const host = typeof rule.host === 'string' && rule.host !== '' ? rule.host : undefined;
      if (hostless || (host !== undefined && tlsHosts.some((t) => covers(t, host)))) continue;
      yield host === undefined
        ? {
            path: ['spec', 'rules', index],
            message: `${describeResource(resource)} serves rule ${index} (any host: the rule has no \`host\`) without TLS: no \`spec.tls\` entry covers it; add a \`spec.tls\` entry with a certificate Secret in \`secretName\``,
          }
        : {
            path: ['spec', 'rules', index, 'host'],
            message: `${describeResource(resource)} serves host \`${host}\` without TLS: no \`spec.tls\` entry lists it; ${fix}`,
          };
    }
    const backend = spec.defaultBackend ?? spec.backend;
    if (rules.length === 0 && asRecord(backend) !== undefined && entries.length === 0) {
      yield {
        path: ['spec', 'tls'],
        message: `${describeResource(resource)} serves its default backend without TLS: it has no \`spec.tls\`; add a \`spec.tls\` entry with a certificate Secret in \`secretName\``,
      };
    }
  },
};
