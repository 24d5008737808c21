import { secretMountSpread } from '../../../src/rules/data/secret-mount-spread.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const secret = (name: string, namespace = 'shop') => `---
apiVersion: v1
kind: Secret
metadata: {name: ${name}, namespace: ${namespace}}
type: Opaque
`;

/** A Deployment mounting `secrets` as secret volumes. */
const deployment = (name: string, secrets: string[], namespace = 'shop') => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  template:
    spec:
      volumes:
${secrets.map((s, i) => `        - name: v${i}\n          secret: {secretName: ${s}}`).join('\n')}
      containers:
        - name: app
          image: registry.example.com/${name}:1.0.0
`;

const many = (count: number, secretName = 'db') =>
  Array.from({ length: count }, (_, i) => deployment(`app-${i + 1}`, [secretName])).join('');

const message = (secretRef: string, count: number, max: number, listed: string[], more = '') =>
  `Secret \`${secretRef}\` is mounted by ${count} workloads (more than ${max}): ${listed.join(', ')}${more}; give each workload its own Secret with only the keys it needs`;

const PEM_KEY = Buffer.from(
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANparapetFAKE\n-----END PRIVATE KEY-----\n',
).toString('base64');

const apps = (n: number) => Array.from({ length: n }, (_, i) => `Deployment \`shop/app-${i + 1}\``);

ruleTester(secretMountSpread, {
  valid: [
    { name: 'the pass example', yaml: secretMountSpread.meta.examples?.pass ?? '' },
    { name: 'exactly maxWorkloads (3) workloads', yaml: secret('db') + many(3) },
    {
      name: 'same name in different namespaces is a different Secret',
      yaml: [
        deployment('a', ['db'], 'shop'),
        deployment('b', ['db'], 'shop'),
        deployment('c', ['db'], 'iot'),
        deployment('d', ['db'], 'iot'),
      ].join(''),
    },
    {
      name: 'a workload mounting the Secret twice counts once',
      yaml: deployment('a', ['db', 'db']) + deployment('b', ['db']) + deployment('c', ['db']),
    },
    {
      name: 'a Deployment with its ReplicaSet and Pod counts once',
      yaml: `${deployment('web', ['db'])}${deployment('a', ['db'])}${deployment('b', ['db'])}---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-5d8f
  namespace: shop
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true, uid: u1}]
spec:
  template:
    spec:
      volumes: [{name: v, secret: {secretName: db}}]
      containers: [{name: app, image: app:1}]
---
apiVersion: v1
kind: Pod
metadata:
  name: web-5d8f-x2x9
  namespace: shop
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, controller: true, uid: u2}]
spec:
  volumes: [{name: v, secret: {secretName: db}}]
  containers: [{name: app, image: app:1}]
`,
    },
    { name: 'a higher maxWorkloads', yaml: many(5), params: { maxWorkloads: 5 } },
    {
      name: 'env references are not mounts',
      yaml: Array.from(
        { length: 4 },
        (_, i) => `---
apiVersion: v1
kind: Pod
metadata: {name: p${i}, namespace: shop}
spec:
  containers:
    - name: app
      image: app:1
      envFrom: [{secretRef: {name: db}}]
`,
      ).join(''),
    },
    {
      name: 'malformed volumes are skipped',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: odd, namespace: shop}
spec:
  volumes: [null, {name: a, secret: null}, {name: b, secret: {secretName: ''}}, {name: c, projected: {sources: [null, {secret: {}}]}}]
  containers: [{name: app, image: app:1}]
`,
    },
  ],
  invalid: [
    {
      name: 'the fail example: on the Secret',
      yaml: secretMountSpread.meta.examples?.fail ?? '',
      errors: [
        {
          message: message('shop/db', 4, 3, [
            'Deployment `shop/api`',
            'Deployment `shop/worker`',
            'Deployment `shop/reports`',
            'Deployment `shop/admin`',
          ]),
          path: 'metadata.name',
          severity: 'info',
          resource: 'Secret/db',
        },
      ],
    },
    {
      name: "Secret not in the input: on the first workload's volume",
      yaml: many(4),
      errors: [
        {
          message: message('shop/db', 4, 3, apps(4)),
          path: 'spec.template.spec.volumes[0].secret.secretName',
          resource: 'Deployment/app-1',
        },
      ],
    },
    {
      name: 'more than five: the first five, then how many more',
      yaml: secret('db') + many(7),
      errors: [{ message: message('shop/db', 7, 3, apps(5), ', and 2 more'), resource: 'Secret/db' }],
    },
    {
      name: 'projected sources, CronJobs and bare Pods count too',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: backup, namespace: shop}
spec:
  schedule: '0 3 * * *'
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          volumes:
            - name: creds
              projected:
                sources:
                  - configMap: {name: settings}
                  - secret: {name: db}
          containers: [{name: dump, image: app:1}]
---
apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: shop}
spec:
  volumes: [{name: v, secret: {secretName: db}}]
  containers: [{name: app, image: app:1}]
`,
      params: { maxWorkloads: 1 },
      errors: [
        {
          message: message('shop/db', 2, 1, ['CronJob `shop/backup`', 'Pod `shop/debug`']),
          path: 'spec.jobTemplate.spec.template.spec.volumes[0].projected.sources[1].secret.name',
          resource: 'CronJob/backup',
        },
      ],
    },
    {
      name: 'one finding per Secret over the limit',
      yaml: many(4, 'db') + many(4, 'api-key').replaceAll('app-', 'svc-'),
      errors: [
        { message: /^Secret `shop\/db` is mounted by 4 workloads/, resource: 'Deployment/app-1' },
        { message: /^Secret `shop\/api-key` is mounted by 4 workloads/, resource: 'Deployment/svc-1' },
      ],
    },
    {
      name: 'a shared Secret holding a private key is medium (tls.key in data)',
      yaml: `${secret('web-tls').replace('type: Opaque', 'type: kubernetes.io/tls')}data:\n  tls.crt: ""\n  tls.key: ${PEM_KEY}\n${many(4, 'web-tls')}`,
      errors: [
        {
          message: `${message('shop/web-tls', 4, 3, apps(4))}; it holds a private key (key \`tls.key\`), which lets any of them act as the key's owner`,
          severity: 'medium',
          resource: 'Secret/web-tls',
        },
      ],
    },
    {
      name: 'a PEM private key under any key name, in stringData',
      yaml: `${secret('deploy')}stringData:\n  user: git\n  signing: ${JSON.stringify(`-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAA\n-----END OPENSSH PRIVATE KEY-----`)}\n${many(4, 'deploy')}`,
      errors: [{ message: /it holds a private key \(key `signing`\)/, severity: 'medium' }],
    },
    {
      name: 'near miss: a certificate and an empty tls.key are no private key (info)',
      yaml: `${secret('web-tls')}data:\n  tls.crt: ${Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----').toString('base64')}\n  tls.key: ""\n${many(4, 'web-tls')}`,
      errors: [{ message: message('shop/web-tls', 4, 3, apps(4)), severity: 'info' }],
    },
  ],
});
