import { cpuLimit } from '../../src/rules/workloads/cpu-limit.js';
import { webDeployment } from '../helpers/manifests.js';
import { ruleTester } from '../helpers/rule-tester.js';

const deployment = (resources: string) =>
  webDeployment(`      containers:
        - name: app
          image: nginx:1.27
          resources:
${resources}`);

ruleTester(cpuLimit, {
  valid: [
    {
      name: 'CPU request, memory limit, no CPU limit',
      yaml: deployment('            requests: {cpu: 100m}\n            limits: {memory: 128Mi}'),
    },
    { name: 'no resources at all (other rules speak to that)', yaml: deployment('            {}') },
  ],
  invalid: [
    {
      name: 'a CPU limit and a CPU request: remove the limit',
      yaml: deployment('            requests: {cpu: 100m}\n            limits: {cpu: 500m, memory: 128Mi}'),
      errors: [
        {
          message:
            'container `app` in Deployment `shop/web` sets a CPU limit (500m), which throttles it even on an idle node; remove `resources.limits.cpu` and rely on `resources.requests.cpu`',
          path: 'spec.template.spec.containers[0].resources.limits.cpu',
          severity: 'low',
          mitre: ['MS-TA9040'],
          cis: [],
        },
      ],
    },
    {
      name: 'a CPU limit without a request (it defaults to the limit): set the request first; only the second container',
      yaml: webDeployment(`      containers:
        - name: app
          image: nginx:1.27
          resources: {requests: {cpu: 100m}, limits: {memory: 128Mi}}
        - name: sidecar
          image: envoyproxy/envoy:v1.31.0
          resources: {limits: {cpu: "1", memory: 128Mi}}
`),
      errors: [
        {
          message:
            'container `sidecar` in Deployment `shop/web` sets a CPU limit (1), which throttles it even on an idle node; set `resources.requests.cpu` first (today it defaults to the limit), then remove `resources.limits.cpu`',
          path: 'spec.template.spec.containers[1].resources.limits.cpu',
        },
      ],
    },
  ],
});
