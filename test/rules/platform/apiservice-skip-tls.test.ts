import { apiServiceSkipTls } from '../../../src/rules/platform/apiservice-skip-tls.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = apiServiceSkipTls.meta.examples ?? { fail: '', pass: '' };

const apiService = (spec: string, apiVersion = 'apiregistration.k8s.io/v1') => `---
apiVersion: ${apiVersion}
kind: APIService
metadata: {name: v1beta1.custom.metrics.k8s.io}
spec:
  group: custom.metrics.k8s.io
  version: v1beta1
${spec}`;

const MESSAGE = (target: string, name = 'v1beta1.custom.metrics.k8s.io') =>
  `APIService \`${name}\` sets \`insecureSkipTLSVerify: true\`, so kube-apiserver forwards requests, with the caller's identity, to ${target} without checking its certificate; set \`spec.caBundle\` to the CA of its serving certificate and remove \`insecureSkipTLSVerify\``;

ruleTester(apiServiceSkipTls, {
  valid: [
    { name: 'the pass example: a CA bundle', yaml: examples.pass },
    {
      name: 'insecureSkipTLSVerify false',
      yaml: apiService('  insecureSkipTLSVerify: false\n  service: {name: adapter, namespace: monitoring}\n'),
    },
    {
      name: 'the string "true" is not true (the API server rejects it)',
      yaml: apiService(
        '  insecureSkipTLSVerify: "true"\n  service: {name: adapter, namespace: monitoring}\n',
      ),
    },
    {
      name: 'a local APIService (served by kube-apiserver) has no connection to verify',
      yaml: apiService('  insecureSkipTLSVerify: true\n'),
    },
    {
      name: 'another API group named APIService is not judged',
      yaml: apiService(
        '  insecureSkipTLSVerify: true\n  service: {name: a, namespace: b}\n',
        'example.com/v1',
      ),
    },
    { name: 'malformed spec', yaml: apiService('').replace(/spec:[\s\S]*$/, 'spec: [1]\n') },
  ],
  invalid: [
    {
      name: 'the fail example: metrics-server as shipped upstream',
      yaml: examples.fail,
      errors: [
        {
          message: MESSAGE('Service `kube-system/metrics-server`', 'v1beta1.metrics.k8s.io'),
          path: 'spec.insecureSkipTLSVerify',
          severity: 'medium',
          resource: 'APIService/v1beta1.metrics.k8s.io',
        },
      ],
    },
    {
      name: 'v1beta1 APIService, a service without a name',
      yaml: apiService(
        '  insecureSkipTLSVerify: true\n  service: {namespace: monitoring}\n',
        'apiregistration.k8s.io/v1beta1',
      ),
      errors: [{ message: MESSAGE('its Service') }],
    },
  ],
});
