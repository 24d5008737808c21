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
      name: 'a CPU limit',
      yaml: deployment('            limits: {cpu: 500m, memory: 128Mi}'),
      errors: [
        {
          message:
            'container `app` in Deployment `shop/web` sets a CPU limit (500m), which throttles it even on an idle node; remove `resources.limits.cpu` and rely on `resources.requests.cpu`',
          path: 'spec.template.spec.containers[0].resources.limits.cpu',
          severity: 'low',
        },
      ],
    },
  ],
});
