import { writableRootFilesystem } from '../../../src/rules/workloads/writable-root-filesystem.js';
import { backupCronJob, webDeployment as deployment } from '../../helpers/manifests.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const FIX =
  'has a writable root filesystem; set `securityContext.readOnlyRootFilesystem: true` and mount an emptyDir where it must write';

ruleTester(writableRootFilesystem, {
  valid: [
    { name: 'the pass example', yaml: writableRootFilesystem.meta.examples?.pass ?? '' },
    {
      name: 'every container, init containers included, is read-only',
      yaml: deployment(`      initContainers:
        - {name: migrate, image: migrate:1, securityContext: {readOnlyRootFilesystem: true}}
      containers:
        - {name: app, image: app:1, securityContext: {readOnlyRootFilesystem: true}}`),
    },
    {
      name: 'Windows pods (the field is not supported there) are not judged',
      yaml: deployment(`      os: {name: windows}
      containers: [{name: app, image: mcr.microsoft.com/windows/nanoserver:ltsc2022}]`),
    },
    {
      name: 'malformed: spec without containers, containers not a list',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: broken, namespace: shop}
spec: {containers: {name: app}}
`,
    },
  ],
  invalid: [
    {
      name: 'the fail example: nothing set',
      yaml: writableRootFilesystem.meta.examples?.fail ?? '',
      errors: [
        {
          message: `container \`app\` in Deployment \`shop/web\` ${FIX}`,
          path: 'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem',
          severity: 'medium',
        },
      ],
    },
    {
      name: 'explicitly false, and an init container left writable',
      yaml: deployment(`      initContainers: [{name: migrate, image: migrate:1}]
      containers:
        - {name: app, image: app:1, securityContext: {readOnlyRootFilesystem: false}}`),
      errors: [
        {
          message: `init container \`migrate\` in Deployment \`shop/web\` ${FIX}`,
          path: 'spec.template.spec.initContainers[0].securityContext.readOnlyRootFilesystem',
        },
        {
          message: `container \`app\` in Deployment \`shop/web\` ${FIX}`,
          path: 'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem',
        },
      ],
    },
    {
      name: 'a pod-level securityContext does not carry the setting (it is per container)',
      yaml: deployment(`      securityContext: {readOnlyRootFilesystem: true}
      containers: [{name: app, image: app:1}]`),
      errors: [{ message: `container \`app\` in Deployment \`shop/web\` ${FIX}` }],
    },
    {
      name: 'a CronJob',
      yaml: backupCronJob(`          containers: [{name: dump, image: dump:1}]`),
      errors: [
        {
          message: `container \`dump\` in CronJob \`ops/backup\` ${FIX}`,
          path: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem',
        },
      ],
    },
    {
      name: 'malformed: a string "true" and a null securityContext read as unset',
      yaml: deployment(`      containers:
        - {name: a, image: a:1, securityContext: {readOnlyRootFilesystem: 'true'}}
        - {name: b, image: b:1, securityContext: null}`),
      errors: [
        { message: `container \`a\` in Deployment \`shop/web\` ${FIX}` },
        { message: `container \`b\` in Deployment \`shop/web\` ${FIX}` },
      ],
    },
  ],
});
