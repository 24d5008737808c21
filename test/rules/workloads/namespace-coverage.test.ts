// ResourceQuota and LimitRange per namespace: two instances of one namespace-coverage rule, judged by one table.
import type { Severity } from '../../../src/findings/severity.js';
import type { Rule } from '../../../src/rules/types.js';
import { namespaceLimitRange } from '../../../src/rules/workloads/limit-range.js';
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

interface Coverage {
  rule: Rule;
  /** The kind every namespace with pods should hold, and a spec for one. */
  kind: string;
  spec: string;
  fix: string;
  severity: Severity;
  /** In kube-system: a lower severity, or no finding. */
  kubeSystem: Severity | 'silent';
}

function coverageTable({ rule, kind, spec, fix, severity, kubeSystem }: Coverage): void {
  const covering = (ns: string) => `
---
apiVersion: v1
kind: ${kind}
metadata: {name: compute, namespace: ${ns}}
spec: ${spec}
`;
  const FIX = `but has no ${kind}; ${fix}`;
  const system = namespace('kube-system') + workload('Deployment', 'coredns', 'kube-system');
  const systemCases =
    kubeSystem === 'silent'
      ? { valid: [{ name: 'kube-system is not judged', yaml: system }], invalid: [] }
      : {
          valid: [],
          invalid: [
            {
              name: `kube-system is reported ${kubeSystem}`,
              yaml: system,
              errors: [
                {
                  message: `namespace \`kube-system\` runs Deployment \`kube-system/coredns\` ${FIX}`,
                  severity: kubeSystem,
                },
              ],
            },
          ],
        };
  const nearMiss = {
    name: `kube-public is not kube-system: ${severity}`,
    yaml: namespace('kube-public') + workload('Deployment', 'cluster-info', 'kube-public'),
    errors: [
      {
        message: `namespace \`kube-public\` runs Deployment \`kube-public/cluster-info\` ${FIX}`,
        severity,
      },
    ],
  };
  ruleTester(rule, {
    valid: [
      ...systemCases.valid,
      { name: 'the pass example', yaml: rule.meta.examples?.pass ?? '' },
      { name: `a namespace without pods needs no ${kind}`, yaml: namespace('empty') + covering('other') },
      {
        name: `a ${kind} in the default namespace covers workloads that leave the namespace out`,
        yaml: workload('Deployment', 'web') + covering('default'),
      },
      {
        name: `malformed: a ${kind} with a broken spec still counts as present`,
        yaml: `${workload('Deployment', 'web', 'shop')}
---
apiVersion: v1
kind: ${kind}
metadata: {name: odd, namespace: shop}
spec: null
`,
      },
    ],
    invalid: [
      ...systemCases.invalid,
      nearMiss,
      {
        name: 'the fail example: the finding sits on the Namespace object',
        yaml: rule.meta.examples?.fail ?? '',
        errors: [
          {
            message: `namespace \`shop\` runs Deployment \`shop/web\` ${FIX}`,
            path: 'metadata.name',
            severity,
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
          covering('api'),
        errors: [
          {
            message: `namespace \`shop\` runs StatefulSet \`shop/db\` and Deployment \`shop/web\` ${FIX}`,
            path: 'metadata.namespace',
            resource: 'StatefulSet/db',
          },
        ],
      },
      {
        name: `many workloads are summed up; a ${kind} in another namespace does not count`,
        yaml:
          namespace('shop') +
          workload('Deployment', 'a', 'shop') +
          workload('Deployment', 'b', 'shop') +
          workload('Deployment', 'c', 'shop') +
          workload('DaemonSet', 'd', 'shop') +
          covering('other'),
        errors: [
          {
            message: `namespace \`shop\` runs Deployment \`shop/a\`, Deployment \`shop/b\` and 2 more ${FIX}`,
            resource: 'Namespace/shop',
          },
        ],
      },
      {
        name: 'a workload without a namespace: the one it is applied to, `default` unless -n',
        yaml: workload('Deployment', 'web'),
        errors: [
          {
            message: `the namespace it is applied to (\`default\` unless -n) runs Deployment \`web\` ${FIX}`,
            resource: 'Deployment/web',
          },
        ],
      },
      {
        name: 'two workloads without a namespace',
        yaml: workload('Deployment', 'web') + workload('Deployment', 'api'),
        errors: [
          {
            message: `the namespace they are applied to (\`default\` unless -n) runs Deployment \`web\` and Deployment \`api\` ${FIX}`,
            resource: 'Deployment/web',
          },
        ],
      },
      {
        name: 'one of them set in `default` explicitly: that namespace by name',
        yaml: workload('Deployment', 'web') + workload('Deployment', 'api', 'default'),
        errors: [
          {
            message: `namespace \`default\` runs Deployment \`web\` and Deployment \`default/api\` ${FIX}`,
            resource: 'Deployment/web',
          },
        ],
      },
    ],
  });
}

coverageTable({
  rule: namespaceResourceQuota,
  kind: 'ResourceQuota',
  spec: "{hard: {pods: '10'}}",
  fix: 'add a ResourceQuota with `hard` limits on requests.cpu, requests.memory, limits.memory and pods',
  severity: 'medium',
  kubeSystem: 'low',
});

coverageTable({
  rule: namespaceLimitRange,
  kind: 'LimitRange',
  spec: '{limits: [{type: Container, default: {memory: 256Mi}}]}',
  fix: 'add a LimitRange with default container requests and limits',
  severity: 'info',
  kubeSystem: 'silent',
});
