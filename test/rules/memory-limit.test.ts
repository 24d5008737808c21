import { memoryLimit } from '../../src/rules/workloads/memory-limit.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester(memoryLimit, {
  valid: [
    {
      name: 'memory limit on every container',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: iot}
spec:
  initContainers:
    - {name: init, image: busybox:1.36}
  containers:
    - {name: app, image: app:1, resources: {limits: {memory: 64Mi}}}
`,
    },
  ],
  invalid: [
    {
      name: 'a CronJob container without one, at the CronJob path',
      yaml: `
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup, namespace: iot}
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - {name: upload, image: aws-cli:2}
`,
      errors: [
        {
          message:
            'container `upload` in CronJob `iot/backup` sets no memory limit; set `resources.limits.memory`',
          path: 'spec.jobTemplate.spec.template.spec.containers[0].resources.limits.memory',
          severity: 'medium',
        },
      ],
    },
  ],
});
