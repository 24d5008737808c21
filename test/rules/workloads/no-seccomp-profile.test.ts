import { noSeccompProfile } from '../../../src/rules/workloads/no-seccomp-profile.js';
import { backupCronJob, webDeployment } from '../../helpers/manifests.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** A Namespace `shop` at the given Pod Security level and a Deployment `shop/web` with the given pod spec. */
const inNamespace = (level: string, podSpec: string) => `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {pod-security.kubernetes.io/enforce: ${level}}
---${webDeployment(podSpec)}`;

const FIX = 'set `securityContext.seccompProfile.type: RuntimeDefault` on the pod or the container';

ruleTester(noSeccompProfile, {
  valid: [
    { name: 'the pass example', yaml: noSeccompProfile.meta.examples?.pass ?? '' },
    {
      name: "restricted namespaces are left to PP-PSS-017 (parapet's default level, no Namespace given)",
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers: [{name: app, image: app:1}]
`,
    },
    {
      name: 'restricted namespace by label',
      yaml: inNamespace('restricted', '      containers: [{name: app, image: app:1}]'),
    },
    {
      name: 'privileged namespace, every container (init included) sets its own profile',
      yaml: inNamespace(
        'privileged',
        `      initContainers:
        - {name: migrate, image: migrate:1, securityContext: {seccompProfile: {type: RuntimeDefault}}}
      containers:
        - name: app
          image: app:1
          securityContext: {seccompProfile: {type: Localhost, localhostProfile: profiles/app.json}}`,
      ),
    },
    {
      name: "baseline namespace: an explicit Unconfined is PP-PSS-008's finding, not this rule's",
      yaml: inNamespace(
        'baseline',
        `      securityContext: {seccompProfile: {type: Unconfined}}
      containers: [{name: app, image: app:1}]`,
      ),
    },
    {
      name: 'Windows pods (seccomp is Linux-only) are not judged',
      yaml: inNamespace(
        'privileged',
        `      os: {name: windows}
      containers: [{name: app, image: mcr.microsoft.com/windows/nanoserver:ltsc2022}]`,
      ),
    },
    {
      name: 'malformed: containers not a list, no spec',
      yaml: inNamespace('privileged', '      containers: 42'),
    },
  ],
  invalid: [
    {
      name: 'the fail example: baseline namespace, no profile anywhere',
      yaml: noSeccompProfile.meta.examples?.fail ?? '',
      errors: [
        {
          message: `container \`app\` in Deployment \`shop/web\` runs without a seccomp profile (namespace \`shop\` is at Pod Security baseline, which does not require one); ${FIX}`,
          path: 'spec.template.spec.containers[0].securityContext.seccompProfile.type',
          severity: 'low',
        },
      ],
    },
    {
      name: 'privileged namespace: an explicit Unconfined on the pod is reported for each container',
      yaml: inNamespace(
        'privileged',
        `      securityContext: {seccompProfile: {type: Unconfined}}
      containers: [{name: app, image: app:1}, {name: log, image: log:1}]`,
      ),
      errors: [
        {
          message: `container \`app\` in Deployment \`shop/web\` sets seccomp profile Unconfined (namespace \`shop\` is at Pod Security privileged, which does not require one); ${FIX}`,
          path: 'spec.template.spec.containers[0].securityContext.seccompProfile.type',
        },
        {
          message: `container \`log\` in Deployment \`shop/web\` sets seccomp profile Unconfined (namespace \`shop\` is at Pod Security privileged, which does not require one); ${FIX}`,
          path: 'spec.template.spec.containers[1].securityContext.seccompProfile.type',
        },
      ],
    },
    {
      name: "a container's own Unconfined overrides the pod's RuntimeDefault",
      yaml: inNamespace(
        'privileged',
        `      securityContext: {seccompProfile: {type: RuntimeDefault}}
      containers:
        - {name: app, image: app:1}
        - {name: debug, image: debug:1, securityContext: {seccompProfile: {type: Unconfined}}}`,
      ),
      errors: [
        {
          message: /^container `debug` in Deployment `shop\/web` sets seccomp profile Unconfined/,
          path: 'spec.template.spec.containers[1].securityContext.seccompProfile.type',
        },
      ],
    },
    {
      name: 'the app container sets a profile, its init container does not',
      yaml: inNamespace(
        'baseline',
        `      initContainers: [{name: migrate, image: migrate:1}]
      containers:
        - {name: app, image: app:1, securityContext: {seccompProfile: {type: RuntimeDefault}}}`,
      ),
      errors: [
        {
          message: /^init container `migrate` in Deployment `shop\/web` runs without a seccomp profile/,
          path: 'spec.template.spec.initContainers[0].securityContext.seccompProfile.type',
        },
      ],
    },
    {
      name: 'a Pod without a namespace, `default` at baseline: two containers, only the second without a profile',
      yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: default
  labels: {pod-security.kubernetes.io/enforce: baseline}
---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: app:1, securityContext: {seccompProfile: {type: RuntimeDefault}}}
    - {name: log, image: log:1}
`,
      errors: [
        {
          message: `container \`log\` in Pod \`web\` runs without a seccomp profile (the namespace it is applied to (\`default\` unless -n) is at Pod Security baseline, which does not require one); ${FIX}`,
          path: 'spec.containers[1].securityContext.seccompProfile.type',
        },
      ],
    },
    {
      name: 'a CronJob in a privileged namespace',
      yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: ops
  labels: {pod-security.kubernetes.io/enforce: privileged}
---
${backupCronJob('          containers: [{name: dump, image: dump:1}]')}`,
      errors: [
        {
          message: `container \`dump\` in CronJob \`ops/backup\` runs without a seccomp profile (namespace \`ops\` is at Pod Security privileged, which does not require one); ${FIX}`,
          path: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.seccompProfile.type',
        },
      ],
    },
    {
      name: 'malformed: a profile that is not an object, or has no string type, is no profile',
      yaml: inNamespace(
        'baseline',
        `      securityContext: {seccompProfile: RuntimeDefault}
      containers:
        - {name: app, image: app:1, securityContext: {seccompProfile: {type: 7}}}`,
      ),
      errors: [{ message: /^container `app` in Deployment `shop\/web` runs without a seccomp profile/ }],
    },
  ],
});
