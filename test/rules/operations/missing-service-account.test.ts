import { missingServiceAccount } from '../../../src/rules/operations/missing-service-account.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = missingServiceAccount.meta.examples ?? { fail: '', pass: '' };

const account = (name: string, namespace = 'shop') => `
apiVersion: v1
kind: ServiceAccount
metadata: {name: ${name}, namespace: ${namespace}}
`;

const binding = (kind: string, subjects: string, metadata = '{name: ci, namespace: shop}') => `
apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: ${metadata}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
${subjects}
`;

const MESSAGE = (binding: string, subject: string, namespace: string, others: string) =>
  `${binding} binds ServiceAccount \`${subject}\`, which the input does not define (namespace \`${namespace}\` has ${others}): whoever creates an account of that name receives its permissions; remove the subject or fix its name`;

ruleTester(missingServiceAccount, {
  valid: [
    { name: 'example: the account exists', yaml: examples.pass },
    {
      name: 'no ServiceAccounts of that namespace in the input (a partial scan)',
      yaml: `${account('ci', 'iot')}---${binding('RoleBinding', '  - {kind: ServiceAccount, name: ci, namespace: shop}')}`,
    },
    {
      name: 'default always exists',
      yaml: `${account('ci')}---${binding('RoleBinding', '  - {kind: ServiceAccount, name: default, namespace: shop}')}`,
    },
    {
      name: "a RoleBinding's subject without namespace is in the binding's namespace",
      yaml: `${account('ci')}---${binding('RoleBinding', '  - {kind: ServiceAccount, name: ci}')}`,
    },
    {
      name: 'users and groups are not judged',
      yaml: `${account('ci')}---${binding('RoleBinding', '  - {kind: User, name: ci}\n  - {kind: Group, name: ci}')}`,
    },
  ],
  invalid: [
    {
      name: 'example: a misspelt name',
      yaml: examples.fail,
      errors: [
        {
          message: MESSAGE(
            'RoleBinding `shop/ci-deployer`',
            'shop/ci-deploy',
            'shop',
            '1 other ServiceAccount',
          ),
          path: 'subjects[0]',
          severity: 'low',
        },
      ],
    },
    {
      name: 'a ClusterRoleBinding naming a deleted account, among others',
      yaml: `${account('collector', 'iot')}---${account('backup', 'iot')}---${binding(
        'ClusterRoleBinding',
        '  - {kind: ServiceAccount, name: collector, namespace: iot}\n  - {kind: ServiceAccount, name: plc-gateway, namespace: iot}',
        '{name: node-readers}',
      )}`,
      errors: [
        {
          message: MESSAGE(
            'ClusterRoleBinding `node-readers`',
            'iot/plc-gateway',
            'iot',
            '2 other ServiceAccounts',
          ),
          path: 'subjects[1]',
        },
      ],
    },
    {
      name: 'a User system:serviceaccount:NS:NAME names the ServiceAccount',
      yaml: `${account('ci')}---${binding('RoleBinding', '  - {kind: User, name: "system:serviceaccount:shop:ghost"}')}`,
      errors: [
        {
          message:
            'RoleBinding `shop/ci` binds User `system:serviceaccount:shop:ghost` (a ServiceAccount), which the input does not define (namespace `shop` has 1 other ServiceAccount): whoever creates an account of that name receives its permissions; remove the subject or fix its name',
          path: 'subjects[0]',
        },
      ],
    },
  ],
});
