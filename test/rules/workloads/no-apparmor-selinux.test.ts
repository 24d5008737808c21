import { noAppArmorOrSeLinux } from '../../../src/rules/workloads/no-apparmor-selinux.js';
import { backupCronJob } from '../../helpers/manifests.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const deployment = (podSpec: string, annotations = '{}') => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata:
      annotations: ${annotations}
    spec:
${podSpec}
`;

const NOTHING =
  'declares no AppArmor profile or SELinux options, so its confinement depends on the node; set `securityContext.appArmorProfile.type: RuntimeDefault` (or `seLinuxOptions` on SELinux nodes)';

ruleTester(noAppArmorOrSeLinux, {
  valid: [
    { name: 'the pass example: AppArmor on the pod', yaml: noAppArmorOrSeLinux.meta.examples?.pass ?? '' },
    {
      name: 'SELinux options on the pod',
      yaml: deployment(`      securityContext: {seLinuxOptions: {type: container_t}}
      containers: [{name: app, image: app:1}]`),
    },
    {
      name: 'each container (init included) with its own AppArmor profile or SELinux options',
      yaml: deployment(`      initContainers:
        - {name: migrate, image: migrate:1, securityContext: {seLinuxOptions: {level: 's0:c123,c456'}}}
      containers:
        - {name: app, image: app:1, securityContext: {appArmorProfile: {type: Localhost, localhostProfile: k8s-app}}}`),
    },
    {
      name: 'the beta AppArmor annotation, per container',
      yaml: deployment(
        '      containers: [{name: app, image: app:1}]',
        '{container.apparmor.security.beta.kubernetes.io/app: runtime/default}',
      ),
    },
    {
      name: 'Windows pods are not judged',
      yaml: deployment(`      os: {name: windows}
      containers: [{name: app, image: mcr.microsoft.com/windows/nanoserver:ltsc2022}]`),
    },
    {
      name: 'malformed: containers a string, annotations a list',
      yaml: deployment('      containers: app', '[a, b]'),
    },
  ],
  invalid: [
    {
      name: 'the fail example: nothing declared',
      yaml: noAppArmorOrSeLinux.meta.examples?.fail ?? '',
      errors: [
        {
          message: `container \`app\` in Deployment \`shop/web\` ${NOTHING}`,
          path: 'spec.template.spec.containers[0].securityContext.appArmorProfile',
          severity: 'info',
        },
      ],
    },
    {
      name: 'the annotation names another container; the init container has nothing',
      yaml: deployment(
        `      initContainers: [{name: migrate, image: migrate:1}]
      containers: [{name: app, image: app:1}, {name: log, image: log:1}]`,
        '{container.apparmor.security.beta.kubernetes.io/app: runtime/default}',
      ),
      errors: [
        {
          message: `init container \`migrate\` in Deployment \`shop/web\` ${NOTHING}`,
          path: 'spec.template.spec.initContainers[0].securityContext.appArmorProfile',
        },
        {
          message: `container \`log\` in Deployment \`shop/web\` ${NOTHING}`,
          path: 'spec.template.spec.containers[1].securityContext.appArmorProfile',
        },
      ],
    },
    {
      name: 'a CronJob',
      yaml: backupCronJob(`          containers: [{name: dump, image: dump:1}]`),
      errors: [
        {
          message: `container \`dump\` in CronJob \`ops/backup\` ${NOTHING}`,
          path: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.appArmorProfile',
        },
      ],
    },
    {
      name: 'malformed: profiles that are not objects, a non-string annotation',
      yaml: deployment(
        `      securityContext: {appArmorProfile: RuntimeDefault, seLinuxOptions: null}
      containers: [{name: app, image: app:1, securityContext: {seLinuxOptions: [container_t]}}]`,
        '{container.apparmor.security.beta.kubernetes.io/app: 5}',
      ),
      errors: [{ message: `container \`app\` in Deployment \`shop/web\` ${NOTHING}` }],
    },
  ],
});
