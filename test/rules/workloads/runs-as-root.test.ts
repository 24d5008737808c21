import { runsAsRoot } from '../../../src/rules/workloads/runs-as-root.js';
import { backupCronJob, webDeployment as deployment } from '../../helpers/manifests.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const IMAGE_ROOT =
  'does not set runAsNonRoot: true or a non-zero runAsUser, so it runs as whatever user the image declares (root for most images); set `securityContext.runAsNonRoot: true` on the pod or the container';

/** Namespaces `shop` and `ops` at Pod Security baseline, where this rule reports what restricted checks would. */
const BASELINE_NAMESPACES = ['shop', 'ops']
  .map(
    (name) =>
      `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: {pod-security.kubernetes.io/enforce: baseline}}\n---\n`,
  )
  .join('');
const atBaseline = <T extends { yaml: string }>(c: T): T =>
  c.yaml.includes('kind: Namespace') ? c : { ...c, yaml: BASELINE_NAMESPACES + c.yaml };
const baselineCases = (cases: Parameters<typeof ruleTester>[1]) => ({
  valid: cases.valid.map(atBaseline),
  invalid: cases.invalid.map(atBaseline),
});

ruleTester(
  runsAsRoot,
  baselineCases({
    valid: [
      { name: 'the pass example', yaml: runsAsRoot.meta.examples?.pass ?? '' },
      {
        name: 'runAsNonRoot: true on the pod covers every container, init containers included',
        yaml: deployment(`      securityContext: {runAsNonRoot: true}
      initContainers: [{name: migrate, image: migrate:1}]
      containers: [{name: app, image: app:1}, {name: log, image: log:1}]`),
      },
      {
        name: 'a non-zero runAsUser on the pod is enough without runAsNonRoot',
        yaml: deployment(`      securityContext: {runAsUser: 10001}
      containers: [{name: app, image: app:1}]`),
      },
      {
        name: 'runAsNonRoot: true on the container itself',
        yaml: deployment(`      containers:
        - name: app
          image: app:1
          securityContext: {runAsNonRoot: true}`),
      },
      {
        name: "a container with a non-zero runAsUser overrides the pod's runAsUser: 0",
        yaml: deployment(`      securityContext: {runAsUser: 0}
      containers:
        - name: app
          image: app:1
          securityContext: {runAsUser: 1000}`),
      },
      {
        name: 'Windows pods (they use windowsOptions.runAsUserName) are not judged',
        yaml: deployment(`      os: {name: windows}
      containers: [{name: app, image: mcr.microsoft.com/windows/nanoserver:ltsc2022}]`),
      },
      {
        name: 'malformed: no spec, containers not a list',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: broken, namespace: shop}
spec: {containers: notalist, securityContext: [1, 2]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: empty, namespace: shop}
spec: {template: null}
`,
      },
    ],
    invalid: [
      {
        name: 'the fail example: runAsUser: 0 on the container',
        yaml: runsAsRoot.meta.examples?.fail ?? '',
        errors: [
          {
            message:
              'container `app` in Deployment `shop/web` sets runAsUser: 0 and runs as root; set `securityContext.runAsUser` to a non-zero UID and `runAsNonRoot: true`',
            path: 'spec.template.spec.containers[0].securityContext.runAsUser',
            severity: 'high',
          },
        ],
      },
      {
        name: 'nothing set anywhere: the image decides',
        yaml: deployment('      containers: [{name: app, image: nginx:1.27}]'),
        errors: [
          {
            message: `container \`app\` in Deployment \`shop/web\` ${IMAGE_ROOT}`,
            path: 'spec.template.spec.containers[0].securityContext.runAsNonRoot',
            severity: 'medium',
          },
        ],
      },
      {
        name: 'runAsUser: 0 on the pod is reported once, naming the containers that inherit it',
        yaml: deployment(`      securityContext: {runAsUser: 0}
      containers:
        - {name: app, image: app:1}
        - {name: log, image: log:1}
        - {name: safe, image: safe:1, securityContext: {runAsUser: 1000}}`),
        errors: [
          {
            message:
              "Deployment `shop/web` sets runAsUser: 0 in its pod securityContext, so containers `app`, `log` run as root; set the pod's `securityContext.runAsUser` to a non-zero UID and `runAsNonRoot: true`",
            path: 'spec.template.spec.securityContext.runAsUser',
            severity: 'high',
          },
        ],
      },
      {
        name: 'runAsUser: 0 wins over runAsNonRoot: true on the pod (the container is set to root)',
        yaml: deployment(`      securityContext: {runAsNonRoot: true}
      containers:
        - {name: app, image: app:1, securityContext: {runAsUser: 0}}`),
        errors: [{ message: /^container `app` .* sets runAsUser: 0/, severity: 'high' }],
      },
      {
        name: 'runAsNonRoot: false on the container overrides true on the pod',
        yaml: deployment(`      securityContext: {runAsNonRoot: true}
      containers:
        - {name: app, image: app:1, securityContext: {runAsNonRoot: false}}`),
        errors: [
          {
            message: `container \`app\` in Deployment \`shop/web\` ${IMAGE_ROOT}`,
            path: 'spec.template.spec.containers[0].securityContext.runAsNonRoot',
            severity: 'medium',
          },
        ],
      },
      {
        name: 'an init container without the setting the app container has',
        yaml: deployment(`      initContainers: [{name: migrate, image: migrate:1}]
      containers:
        - {name: app, image: app:1, securityContext: {runAsNonRoot: true}}`),
        errors: [
          {
            message: `init container \`migrate\` in Deployment \`shop/web\` ${IMAGE_ROOT}`,
            path: 'spec.template.spec.initContainers[0].securityContext.runAsNonRoot',
          },
        ],
      },
      {
        name: 'a CronJob: paths go through the job template',
        yaml: backupCronJob(`          restartPolicy: OnFailure
          containers: [{name: dump, image: dump:1}]`),
        errors: [
          {
            message: `container \`dump\` in CronJob \`ops/backup\` ${IMAGE_ROOT}`,
            path: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.runAsNonRoot',
          },
        ],
      },
      {
        name: 'malformed: a string runAsUser reads as unset, non-object containers are skipped',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: odd, namespace: shop}
spec:
  securityContext: null
  containers:
    - null
    - just-a-string
    - {name: app, image: app:1, securityContext: {runAsUser: '0', runAsNonRoot: 'true'}}
`,
        errors: [
          {
            message: `container \`app\` in Pod \`shop/odd\` ${IMAGE_ROOT}`,
            path: 'spec.containers[2].securityContext.runAsNonRoot',
          },
        ],
      },
    ],
  }),
);

// Where Pod Security judges the pod at restricted, PP-PSS-015 (runAsNonRoot) and PP-PSS-016 (runAsUser) report it.
const namespaceAt = (level: string, version = 'latest') =>
  `apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {pod-security.kubernetes.io/enforce: ${level}, pod-security.kubernetes.io/enforce-version: ${version}}}\n---\n`;

ruleTester(runsAsRoot, {
  valid: [
    {
      name: "at restricted (the default), runAsUser: 0 is PP-PSS-016's and the unset user PP-PSS-015's",
      yaml: deployment(`      containers:
        - {name: app, image: app:1, securityContext: {runAsUser: 0}}
        - {name: log, image: log:1}`),
    },
    {
      name: 'at restricted from a namespace label, the pod-level runAsUser: 0 too',
      yaml:
        namespaceAt('restricted') +
        deployment(`      securityContext: {runAsUser: 0}
      containers: [{name: app, image: app:1}]`),
    },
  ],
  invalid: [
    {
      name: 'at privileged, nothing judges it but this rule: two containers, only the second unset',
      yaml:
        namespaceAt('privileged') +
        deployment(`      containers:
        - {name: app, image: app:1, securityContext: {runAsNonRoot: true}}
        - {name: log, image: log:1}`),
      errors: [
        {
          message: `container \`log\` in Deployment \`shop/web\` ${IMAGE_ROOT}`,
          path: 'spec.template.spec.containers[1].securityContext.runAsNonRoot',
          severity: 'medium',
        },
      ],
    },
    {
      name: "at restricted v1.22, before Pod Security had its runAsUser check, the explicit root is still this rule's",
      yaml:
        namespaceAt('restricted', 'v1.22') +
        deployment(`      securityContext: {runAsNonRoot: true}
      containers:
        - {name: app, image: app:1}
        - {name: log, image: log:1, securityContext: {runAsUser: 0}}`),
      errors: [
        {
          message: /^container `log` in Deployment `shop\/web` sets runAsUser: 0 and runs as root/,
          path: 'spec.template.spec.containers[1].securityContext.runAsUser',
          severity: 'high',
        },
      ],
    },
  ],
});
