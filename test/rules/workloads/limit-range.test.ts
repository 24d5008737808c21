import { namespaceLimitRange } from '../../../src/rules/workloads/limit-range.js';
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

const limitRange = (ns: string) => `
---
apiVersion: v1
kind: LimitRange
metadata: {name: compute, namespace: ${ns}}
spec: {limits: [{type: Container, default: {memory: 256Mi}}]}
`;

const FIX = 'but has no LimitRange; add a LimitRange with default container requests and limits';

ruleTester(namespaceLimitRange, {
  valid: [
    { name: 'the pass example', yaml: namespaceLimitRange.meta.examples?.pass ?? '' },
    { name: 'a namespace without pods needs no LimitRange', yaml: namespace('empty') + limitRange('other') },
    {
      name: 'a LimitRange in the default namespace covers workloads that leave the namespace out',
      yaml: workload('Deployment', 'web') + limitRange('default'),
    },
    {
      name: 'malformed: a LimitRange with a broken spec still counts as present',
      yaml: `${workload('Deployment', 'web', 'shop')}
---
apiVersion: v1
kind: LimitRange
metadata: {name: odd, namespace: shop}
spec: null
`,
    },
  ],
  invalid: [
    {
      name: 'the fail example: the finding sits on the Namespace object',
      yaml: namespaceLimitRange.meta.examples?.fail ?? '',
      errors: [
        {
          message: `namespace \`shop\` runs Deployment \`shop/web\` ${FIX}`,
          path: 'metadata.name',
          severity: 'info',
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
        limitRange('api'),
      errors: [
        {
          message: `namespace \`shop\` runs StatefulSet \`shop/db\` and Deployment \`shop/web\` ${FIX}`,
          path: 'metadata.namespace',
          resource: 'StatefulSet/db',
        },
      ],
    },
    {
      name: 'many workloads are summed up; a LimitRange in another namespace does not count',
      yaml:
        namespace('shop') +
        workload('Deployment', 'a', 'shop') +
        workload('Deployment', 'b', 'shop') +
        workload('Deployment', 'c', 'shop') +
        workload('DaemonSet', 'd', 'shop') +
        limitRange('other'),
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
