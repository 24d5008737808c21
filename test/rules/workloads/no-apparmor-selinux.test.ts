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
      name: 'seccomp RuntimeDefault on the pod and drop ALL on each container: quiet',
      yaml: deployment(`      securityContext: {seccompProfile: {type: RuntimeDefault}}
      containers:
        - {name: app, image: app:1, securityContext: {capabilities: {drop: [ALL]}}}
        - {name: log, image: log:1, securityContext: {capabilities: {drop: [NET_RAW, ALL]}}}`),
    },
    {
      name: "a container's own Localhost seccomp profile with drop ALL: quiet",
      yaml: deployment(`      containers:
        - {name: app, image: app:1, securityContext: {seccompProfile: {type: Localhost, localhostProfile: app.json}, capabilities: {drop: [ALL]}}}`),
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
      name: 'seccomp without drop ALL, drop ALL without seccomp, Unconfined with drop ALL: each still reported',
      yaml: deployment(`      containers:
        - {name: a, image: a:1, securityContext: {seccompProfile: {type: RuntimeDefault}, capabilities: {drop: [NET_RAW]}}}
        - {name: b, image: b:1, securityContext: {capabilities: {drop: [ALL]}}}
        - {name: c, image: c:1, securityContext: {seccompProfile: {type: Unconfined}, capabilities: {drop: [ALL]}}}`),
      errors: [
        { message: `container \`a\` in Deployment \`shop/web\` ${NOTHING}` },
        { message: `container \`b\` in Deployment \`shop/web\` ${NOTHING}` },
        { message: `container \`c\` in Deployment \`shop/web\` ${NOTHING}` },
      ],
    },
    {
      name: "the container's own Unconfined overrides the pod's RuntimeDefault: two containers, only the second reported",
      yaml: deployment(`      securityContext: {seccompProfile: {type: RuntimeDefault}}
      containers:
        - {name: app, image: app:1, securityContext: {capabilities: {drop: [ALL]}}}
        - {name: log, image: log:1, securityContext: {seccompProfile: {type: Unconfined}, capabilities: {drop: [ALL]}}}`),
      errors: [
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
