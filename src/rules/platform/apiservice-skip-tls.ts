import { describeResource } from '../../inventory/resource.js';
import { EXTRA_SUPPLY_CHAIN, OWASP } from '../../references/controls.js';
import { asRecord } from '../helpers.js';
import type { ObjectRule } from '../types.js';

/** The examples' APIService: metrics-server's, as its upstream manifest registers it. */
function metricsApiService(tls: string): string {
  return `apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.metrics.k8s.io}
spec:
  group: metrics.k8s.io
  version: v1beta1
  groupPriorityMinimum: 100
  versionPriority: 100
  service: {name: metrics-server, namespace: kube-system, port: 443}
  ${tls}
`;
}

/**
 * An aggregated API is reached through kube-apiserver, which proxies each request to the extension's Service
 * with the caller's identity in headers. Without verifying the Service's certificate, whoever answers on that
 * address (a pod that took the Service's IP, a spoofed endpoint) receives those requests and answers them as
 * a part of the Kubernetes API.
 */
export const apiServiceSkipTls: ObjectRule = {
  meta: {
    id: 'PP-PLAT-010',
    title: 'APIService that skips TLS verification',
    chapter: 'platform',
    severity: 'medium',
    recommendation:
      'Verify TLS between cluster components: give every aggregated APIService the CA bundle of its serving certificate.',
    rationale:
      'kube-apiserver forwards every request for an aggregated API group (metrics.k8s.io, custom.metrics.k8s.io, an extension server) to the Service the APIService names, with the requesting user and groups in headers. ' +
      'With `insecureSkipTLSVerify: true` it does not check who answers: anyone who can receive traffic for that Service sees those requests and can return forged API responses (wrong metrics that drive autoscaling, forged objects). APIServices served by kube-apiserver itself (no `spec.service`) are not judged.',
    remediation:
      "Set `spec.caBundle` to the CA that signed the extension server's certificate (cert-manager's CA injector does it with the `cert-manager.io/inject-ca-from` annotation) and remove `insecureSkipTLSVerify`; for metrics-server, serve a certificate from that CA instead of its self-signed one.",
    references: [EXTRA_SUPPLY_CHAIN.encryption, OWASP.tls],
    appliesTo: ['APIService'],
    examples: {
      fail: metricsApiService('insecureSkipTLSVerify: true'),
      pass: metricsApiService('caBundle: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg=='),
    },
  },
  target: 'object',
  *check(resource) {
    if (!resource.apiVersion.startsWith('apiregistration.k8s.io/')) return;
    const spec = asRecord(resource.object.spec);
    if (spec?.insecureSkipTLSVerify !== true) return;
    const service = asRecord(spec.service);
    if (service === undefined) return; // served by kube-apiserver itself: no connection to verify
    const target =
      typeof service.name === 'string' && typeof service.namespace === 'string'
        ? `Service \`${service.namespace}/${service.name}\``
        : 'its Service';
    yield {
      path: ['spec', 'insecureSkipTLSVerify'],
      message: `${describeResource(resource)} sets \`insecureSkipTLSVerify: true\`, so kube-apiserver forwards requests, with the caller's identity, to ${target} without checking its certificate; set \`spec.caBundle\` to the CA of its serving certificate and remove \`insecureSkipTLSVerify\``,
    };
  },
};
