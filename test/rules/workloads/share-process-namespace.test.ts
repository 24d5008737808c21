import { shareProcessNamespace } from '../../../src/rules/workloads/share-process-namespace.js';
import { backupCronJob } from '../../helpers/manifests.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const MESSAGE = (resource: string) =>
  `${resource} sets \`shareProcessNamespace: true\`, so its containers can see, signal and read the files of each other's processes; remove \`spec.shareProcessNamespace\``;

ruleTester(shareProcessNamespace, {
  valid: [
    { name: 'the pass example', yaml: shareProcessNamespace.meta.examples?.pass ?? '' },
    {
      name: 'explicitly false',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  shareProcessNamespace: false
  containers: [{name: app, image: app:1}]
`,
    },
    {
      name: 'malformed: a string "true" is not true, a null spec is no pod',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec: {shareProcessNamespace: 'true', containers: [{name: app, image: app:1}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: nothing, namespace: shop}
spec: null
`,
    },
  ],
  invalid: [
    {
      name: 'the fail example',
      yaml: shareProcessNamespace.meta.examples?.fail ?? '',
      errors: [
        {
          message: MESSAGE('Deployment `shop/web`'),
          path: 'spec.template.spec.shareProcessNamespace',
          severity: 'medium',
        },
      ],
    },
    {
      name: 'a bare Pod',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: shop}
spec:
  shareProcessNamespace: true
  containers: [{name: app, image: app:1}]
`,
      errors: [{ message: MESSAGE('Pod `shop/debug`'), path: 'spec.shareProcessNamespace' }],
    },
    {
      name: 'a CronJob',
      yaml: backupCronJob(`          shareProcessNamespace: true
          containers: [{name: dump, image: dump:1}]`),
      errors: [
        {
          message: MESSAGE('CronJob `ops/backup`'),
          path: 'spec.jobTemplate.spec.template.spec.shareProcessNamespace',
        },
      ],
    },
  ],
});
