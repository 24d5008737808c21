import { namespaceResourceQuota } from '../../../src/rules/workloads/resource-quota.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const workload = (kind: string, name: string, namespace?: string) => `
---
apiVersion: apps/v1
kind: ${kind}
metadata: {name: ${name}${namespace === undefined ? '' : `, namespace: ${namespace}`}}
spec:
  template:
    spec:
      containers: [{name: app, image: app:1}]
`;

const namespace = (name: string) => `
---
apiVersion: v1
kind: Namespace
metadata: {name: ${name}}
`;

const quota = (ns: string) => `
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: compute, namespace: ${ns}}
spec: {hard: {pods: '10'}}
`;

const FIX =
  'but has no ResourceQuota; add a ResourceQuota with `hard` limits on requests.cpu, requests.memory, limits.memory and pods';

ruleTester(namespaceResourceQuota, {
  valid: [
    { name: 'the pass example', yaml: namespaceResourceQuota.meta.examples?.pass ?? '' },
    { name: 'a namespace without pods needs no quota', yaml: namespace('empty') + quota('other') },
    {
      name: 'a quota in the default namespace covers workloads that leave the namespace out',
      yaml: workload('Deployment', 'web') + quota('default'),
    },
    {
      name: 'malformed: a ResourceQuota with a broken spec still counts as present',
      yaml: `${workload('Deployment', 'web', 'shop')}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: odd, namespace: shop}
spec: null
`,
    },
  ],
  invalid: [
    {
      name: 'the fail example: the finding sits on the Namespace object',
      yaml: namespaceResourceQuota.meta.examples?.fail ?? '',
      errors: [
        {
          message: `namespace \`shop\` runs Deployment \`shop/web\` ${FIX}`,
          path: 'metadata.name',
          severity: 'medium',
          resource: 'Namespace/shop',
        },
      ],
    },
    {
      name: 'without a Namespace object the finding sits on the first workload; other namespaces are judged apart',
      yaml:
        workload('StatefulSet', 'db', 'shop') +
        workload('Deployment', 'web', 'shop') +
        workload('CronJob', 'x', 'ops') +
        workload('Deployment', 'api', 'api') +
        quota('api'),
      errors: [
        {
          message: `namespace \`shop\` runs StatefulSet \`shop/db\` and Deployment \`shop/web\` ${FIX}`,
          path: 'metadata.namespace',
          resource: 'StatefulSet/db',
        },
      ],
    },
    {
      name: 'many workloads are summed up; a quota in another namespace does not count',
      yaml:
        namespace('shop') +
        workload('Deployment', 'a', 'shop') +
        workload('Deployment', 'b', 'shop') +
        workload('Deployment', 'c', 'shop') +
        workload('DaemonSet', 'd', 'shop') +
        quota('other'),
      errors: [
        {
          message: `namespace \`shop\` runs Deployment \`shop/a\`, Deployment \`shop/b\` and 2 more ${FIX}`,
          resource: 'Namespace/shop',
        },
      ],
    },
    {
      name: 'workloads without a namespace are in `default`',
      yaml: workload('Deployment', 'web'),
      errors: [
        { message: `namespace \`default\` runs Deployment \`web\` ${FIX}`, resource: 'Deployment/web' },
      ],
    },
  ],
});
