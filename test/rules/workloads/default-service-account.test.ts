import assert from 'node:assert/strict';
import { it } from 'node:test';
import { defaultServiceAccount } from '../../../src/rules/workloads/default-service-account.js';
import { ruleTester, runRule } from '../../helpers/rule-tester.js';

const statefulSet = (spec: string) => `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  template:
    spec:
${spec}
      containers:
        - {name: postgres, image: postgres:16.3}
`;

ruleTester(defaultServiceAccount, {
  valid: [
    { name: 'a dedicated ServiceAccount', yaml: statefulSet('      serviceAccountName: db') },
    { name: 'the deprecated serviceAccount field', yaml: statefulSet('      serviceAccount: db') },
  ],
  invalid: [
    {
      name: 'serviceAccountName not set',
      yaml: statefulSet('      automountServiceAccountToken: false'),
      errors: [
        {
          message:
            'StatefulSet `shop/db` runs as the `default` ServiceAccount of namespace `shop` (`serviceAccountName` is not set); create a ServiceAccount for this workload and set `serviceAccountName`',
          path: 'spec.template.spec.serviceAccountName',
          severity: 'low',
        },
      ],
    },
    {
      name: 'serviceAccountName: default, in a Pod without namespace',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: debug}
spec:
  serviceAccountName: default
  containers: [{name: sh, image: busybox:1.36.1}]
`,
      errors: [
        {
          message:
            'Pod `debug` runs as the `default` ServiceAccount of the namespace it is applied to (`default` unless -n) (`serviceAccountName: default`); create a ServiceAccount for this workload and set `serviceAccountName`',
          path: 'spec.serviceAccountName',
        },
      ],
    },
    {
      name: 'an empty serviceAccountName',
      yaml: statefulSet('      serviceAccountName: ""'),
      errors: [
        { message: /\(`serviceAccountName` is not set\)/, path: 'spec.template.spec.serviceAccountName' },
      ],
    },
  ],
});

it('PP-WL-030 examples: fail flags, pass passes', () => {
  const examples = defaultServiceAccount.meta.examples as { fail: string; pass: string };
  assert.equal(runRule(defaultServiceAccount, examples.fail).length, 1);
  assert.deepEqual(runRule(defaultServiceAccount, examples.pass), []);
});
