import { unusedServiceAccount } from '../../../src/rules/operations/unused-service-account.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const examples = unusedServiceAccount.meta.examples ?? { fail: '', pass: '' };
const V = 'apiVersion: rbac.authorization.k8s.io/v1';
const rb = (name: string, role: string, subjects: string, ns = 'shop') =>
  `${V}\nkind: RoleBinding\nmetadata: {name: ${name}, namespace: ${ns}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}\nsubjects: ${subjects}\n---\n`;
const deployment = (name: string, podFields: string[] = [], ns = 'shop') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n${podFields.map((f) => `      ${f}\n`).join('')}      containers: [{name: app, image: nginx:1.27}]\n---\n`;
const sa = (name: string, extra = '') =>
  `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${name}, namespace: shop}\n${extra}---\n`;
const WEB = deployment('web', ['serviceAccountName: web']);

ruleTester(unusedServiceAccount, {
  valid: [
    { name: 'example: the account a Deployment runs as', yaml: examples.pass },
    {
      name: 'no workloads of that namespace in the input (a partial input): not assessable, silent',
      yaml: deployment('api', [], 'other') + rb('old-ci', 'edit', '[{kind: ServiceAccount, name: old-ci}]'),
    },
    {
      name: 'pods without serviceAccountName run as default',
      yaml: deployment('web') + rb('d', 'view', '[{kind: ServiceAccount, name: default}]'),
    },
    {
      name: 'automount off but a projected token volume: the pod uses the account',
      yaml:
        deployment('web', [
          'serviceAccountName: web',
          'automountServiceAccountToken: false',
          'volumes: [{name: t, projected: {sources: [{serviceAccountToken: {path: token}}]}}]',
        ]) + rb('web', 'view', '[{kind: ServiceAccount, name: web}]'),
    },
    {
      name: "the pod's automount true wins over the account's false",
      yaml:
        sa('web', 'automountServiceAccountToken: false\n') +
        deployment('web', ['serviceAccountName: web', 'automountServiceAccountToken: true']) +
        rb('web', 'view', '[{kind: ServiceAccount, name: web}]'),
    },
    {
      name: 'a role that is nowhere grants no rights; users are not judged',
      yaml:
        WEB +
        rb('ghost', 'no-such-role', '[{kind: ServiceAccount, name: old}]') +
        rb('u', 'view', '[{kind: User, name: old}]'),
    },
  ],
  invalid: [
    {
      name: 'example: a retired CI account bound to edit',
      yaml: examples.fail,
      errors: [
        {
          message:
            'RoleBinding `shop/old-ci` grants ClusterRole `edit` to ServiceAccount `shop/old-ci`, which no workload of namespace `shop` runs as (1 workload there): the rights serve only whoever obtains a token for it; remove the binding or the subject',
          path: 'subjects[0]',
          severity: 'medium',
        },
      ],
    },
    {
      name: 'runs as it without a token (the pod says so): low with view',
      yaml:
        deployment('web', ['serviceAccountName: web', 'automountServiceAccountToken: false']) +
        rb('web', 'view', '[{kind: User, name: alice}, {kind: ServiceAccount, name: web}]'),
      errors: [
        {
          message:
            'RoleBinding `shop/web` grants ClusterRole `view` to ServiceAccount `shop/web`, whose workloads (Deployment `shop/web`) do not mount its token: the rights serve only whoever obtains a token for it; remove the binding or the subject',
          path: 'subjects[1]',
          severity: 'low',
        },
      ],
    },
    {
      name: "the account's own automount false applies when the pod leaves it unset",
      yaml:
        sa('web', 'automountServiceAccountToken: false\n') +
        WEB +
        rb('web', 'view', '[{kind: ServiceAccount, name: web}]'),
      errors: [
        { message: /whose workloads \(Deployment `shop\/web`\) do not mount its token/, path: 'subjects[0]' },
      ],
    },
    {
      name: 'default bound while every workload names another account; a User system:serviceaccount:... too',
      yaml:
        WEB +
        rb('d', 'view', '[{kind: ServiceAccount, name: default}]') +
        rb('u', 'view', '[{kind: User, name: "system:serviceaccount:shop:retired"}]'),
      errors: [
        {
          message:
            'RoleBinding `shop/d` grants ClusterRole `view` to ServiceAccount `shop/default`, which no workload of namespace `shop` runs as (1 workload there): the rights serve only whoever obtains a token for it; remove the binding or the subject',
        },
        {
          message:
            'RoleBinding `shop/u` grants ClusterRole `view` to ServiceAccount `shop/retired`, which no workload of namespace `shop` runs as (1 workload there): the rights serve only whoever obtains a token for it; remove the binding or the subject',
        },
      ],
    },
  ],
});
