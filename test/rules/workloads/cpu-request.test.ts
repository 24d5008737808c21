import { cpuRequest } from '../../../src/rules/workloads/cpu-request.js';
import { backupCronJob, webDeployment as deployment } from '../../helpers/manifests.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const NO_REQUEST = 'sets no CPU request; set `resources.requests.cpu`';

ruleTester(cpuRequest, {
  valid: [
    { name: 'the pass example', yaml: cpuRequest.meta.examples?.pass ?? '' },
    {
      name: 'a CPU limit without a request: the API server copies the limit into the request',
      yaml: deployment(`      containers:
        - {name: app, image: app:1, resources: {limits: {cpu: 500m}}}`),
    },
    {
      name: 'init and ephemeral containers are not running containers',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  initContainers: [{name: migrate, image: migrate:1}]
  containers: [{name: app, image: app:1, resources: {requests: {cpu: '0.1'}}}]
  ephemeralContainers: [{name: debug, image: busybox:1.36}]
`,
    },
    {
      name: 'malformed: containers not a list',
      yaml: deployment('      containers: {name: app}'),
    },
  ],
  invalid: [
    {
      name: 'the fail example: a memory limit only',
      yaml: cpuRequest.meta.examples?.fail ?? '',
      errors: [
        {
          message: `container \`app\` in Deployment \`shop/web\` ${NO_REQUEST}`,
          path: 'spec.template.spec.containers[0].resources.requests.cpu',
          severity: 'medium',
        },
      ],
    },
    {
      name: 'no resources at all, and a null CPU request',
      yaml: deployment(`      containers:
        - {name: app, image: app:1}
        - {name: log, image: log:1, resources: {requests: {cpu: null, memory: 64Mi}}}`),
      errors: [
        {
          message: `container \`app\` in Deployment \`shop/web\` ${NO_REQUEST}`,
          path: 'spec.template.spec.containers[0].resources.requests.cpu',
        },
        {
          message: `container \`log\` in Deployment \`shop/web\` ${NO_REQUEST}`,
          path: 'spec.template.spec.containers[1].resources.requests.cpu',
        },
      ],
    },
    {
      name: 'a CronJob',
      yaml: backupCronJob(
        `          containers: [{name: dump, image: dump:1, resources: {limits: {memory: 1Gi}}}]`,
      ),
      errors: [
        {
          message: `container \`dump\` in CronJob \`ops/backup\` ${NO_REQUEST}`,
          path: 'spec.jobTemplate.spec.template.spec.containers[0].resources.requests.cpu',
        },
      ],
    },
    {
      name: 'malformed: resources and requests of the wrong type read as unset',
      yaml: deployment(`      containers:
        - {name: a, image: a:1, resources: [cpu]}
        - {name: b, image: b:1, resources: {requests: 100m}}`),
      errors: [
        { message: `container \`a\` in Deployment \`shop/web\` ${NO_REQUEST}` },
        { message: `container \`b\` in Deployment \`shop/web\` ${NO_REQUEST}` },
      ],
    },
  ],
});
