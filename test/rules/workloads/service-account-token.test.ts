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

ruleTester(serviceAccountTokenAutomount, {
  valid: [
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
