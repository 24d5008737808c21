import { serviceAccountTokenAutomount } from '../../../src/rules/workloads/service-account-token.js';
import { backupCronJob, webDeployment } from '../../helpers/manifests.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const deployment = (podSpec: string) =>
  webDeployment(`${podSpec}
      containers: [{name: app, image: app:1}]`);

const serviceAccount = (name: string, automount: string) => `
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: ${name}, namespace: shop}
automountServiceAccountToken: ${automount}
`;

const FIX = 'set `automountServiceAccountToken: false` unless the pod calls the Kubernetes API';

/** A binding of `subjects` (flow YAML) to ClusterRole `view`; a RoleBinding lives in `shop`. */
const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', subjects: string, namespace = 'shop') => `
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: {name: web-view${kind === 'RoleBinding' ? `, namespace: ${namespace}` : ''}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: ${subjects}
`;

ruleTester(serviceAccountTokenAutomount, {
  valid: [
    {
      name: "a RoleBinding grants the pod's ServiceAccount a role: it calls the API (the RBAC rules judge the grant)",
      yaml:
        deployment('      serviceAccountName: web') +
        binding('RoleBinding', '[{kind: ServiceAccount, name: web, namespace: shop}]'),
    },
    {
      name: "a RoleBinding subject without a namespace is in the binding's",
      yaml:
        deployment('      serviceAccountName: web') +
        binding('RoleBinding', '[{kind: ServiceAccount, name: web}]'),
    },
    {
      name: 'a ClusterRoleBinding, the account second among its subjects',
      yaml:
        deployment('      serviceAccountName: web') +
        binding(
          'ClusterRoleBinding',
          '[{kind: ServiceAccount, name: other, namespace: shop}, {kind: ServiceAccount, name: web, namespace: shop}]',
        ),
    },
    {
      name: 'the account named as its user, system:serviceaccount:shop:web',
      yaml:
        deployment('      serviceAccountName: web') +
        binding(
          'ClusterRoleBinding',
          "[{kind: User, name: 'system:serviceaccount:shop:web', apiGroup: rbac.authorization.k8s.io}]",
        ),
    },
    {
      name: 'the default ServiceAccount bound, the pod naming none',
      yaml:
        deployment('      hostname: web') + binding('RoleBinding', '[{kind: ServiceAccount, name: default}]'),
    },
    {
      name: 'the pass example: false on the pod spec',
      yaml: serviceAccountTokenAutomount.meta.examples?.pass ?? '',
    },
    {
      name: "false on the pod's ServiceAccount, the pod silent",
      yaml: deployment('      serviceAccountName: web') + serviceAccount('web', 'false'),
    },
    {
      name: "false on the namespace's default ServiceAccount, the pod names none",
      yaml: deployment('      hostname: web') + serviceAccount('default', 'false'),
    },
    {
      name: 'false on the pod wins over true on the ServiceAccount',
      yaml:
        deployment('      serviceAccountName: web\n      automountServiceAccountToken: false') +
        serviceAccount('web', 'true'),
    },
    {
      name: 'the deprecated serviceAccount field names the account too',
      yaml: deployment('      serviceAccount: legacy') + serviceAccount('legacy', 'false'),
    },
  ],
  invalid: [
    ...[
      ['another account bound', binding('RoleBinding', '[{kind: ServiceAccount, name: api}]')],
      [
        'an account of that name in another namespace bound',
        binding('ClusterRoleBinding', '[{kind: ServiceAccount, name: web, namespace: other}]'),
      ],
      [
        'a RoleBinding in another namespace, its subject without one',
        binding('RoleBinding', '[{kind: ServiceAccount, name: web}]', 'other'),
      ],
      [
        'only a group of all service accounts bound',
        binding(
          'ClusterRoleBinding',
          "[{kind: Group, name: 'system:serviceaccounts', apiGroup: rbac.authorization.k8s.io}]",
        ),
      ],
      [
        'a user that is not the account',
        binding(
          'ClusterRoleBinding',
          "[{kind: User, name: 'system:serviceaccount:shop:webx'}, {kind: User, name: web}]",
        ),
      ],
      [
        'malformed subjects',
        binding('RoleBinding', '[null, {kind: ServiceAccount}, {kind: ServiceAccount, name: 5}]'),
      ],
    ].map(([name, bindings]) => ({
      name: `not bound: ${name}`,
      yaml: deployment('      serviceAccountName: web') + bindings,
      errors: [
        {
          message: `Deployment \`shop/web\` does not set \`automountServiceAccountToken: false\`, so its pods get a token of ServiceAccount \`web\` for the API server; ${FIX}`,
        },
      ],
    })),
    {
      name: 'the fail example: nothing set, no ServiceAccount in the input',
      yaml: serviceAccountTokenAutomount.meta.examples?.fail ?? '',
      errors: [
        {
          message: `Deployment \`shop/web\` does not set \`automountServiceAccountToken: false\`, so its pods get a token of ServiceAccount \`default\` for the API server; ${FIX}`,
          path: 'spec.template.spec.automountServiceAccountToken',
          severity: 'low',
        },
      ],
    },
    {
      name: 'the ServiceAccount is in the input but does not opt out',
      yaml: deployment('      serviceAccountName: web') + serviceAccount('web', 'null'),
      errors: [
        {
          message: `Deployment \`shop/web\` does not set \`automountServiceAccountToken: false\`, nor does its ServiceAccount \`web\`, so its pods get a token of ServiceAccount \`web\` for the API server; ${FIX}`,
          path: 'spec.template.spec.automountServiceAccountToken',
        },
      ],
    },
    {
      name: 'true on the pod overrides false on the ServiceAccount',
      yaml:
        deployment('      serviceAccountName: web\n      automountServiceAccountToken: true') +
        serviceAccount('web', 'false'),
      errors: [
        {
          message: `Deployment \`shop/web\` sets \`automountServiceAccountToken: true\`, so its pods get a token of ServiceAccount \`web\` for the API server; ${FIX}`,
          path: 'spec.template.spec.automountServiceAccountToken',
        },
      ],
    },
    {
      name: 'a ServiceAccount of the same name in another namespace does not count',
      yaml: `${deployment('      serviceAccountName: web')}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: other}
automountServiceAccountToken: false
`,
      errors: [{ message: /^Deployment `shop\/web` does not set `automountServiceAccountToken: false`, so/ }],
    },
    {
      name: 'a CronJob',
      yaml: backupCronJob(`          serviceAccountName: backup
          containers: [{name: dump, image: dump:1}]`),
      errors: [
        {
          message: `CronJob \`ops/backup\` does not set \`automountServiceAccountToken: false\`, so its pods get a token of ServiceAccount \`backup\` for the API server; ${FIX}`,
          path: 'spec.jobTemplate.spec.template.spec.automountServiceAccountToken',
        },
      ],
    },
    {
      name: 'malformed: string "false" and a non-string account name read as unset',
      yaml:
        deployment("      serviceAccountName: [web]\n      automountServiceAccountToken: 'false'") +
        serviceAccount('default', "'false'"),
      errors: [{ message: /ServiceAccount `default`, so its pods get a token of ServiceAccount `default`/ }],
    },
  ],
});
