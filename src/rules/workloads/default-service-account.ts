import { describeNamespace, namespaceOf } from '../../inventory/inventory.js';
import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { describeResource } from '../../inventory/resource.js';
import { CIS, MS_TMK, NSA, OWASP } from '../../references/controls.js';
import { appContainer, webPod, yamlDocuments } from '../examples.js';
import { type PodRule, specPath } from '../types.js';

/** Every pod left on the `default` ServiceAccount shares one identity, so RBAC cannot tell them apart. */
export const defaultServiceAccount: PodRule = {
  meta: {
    id: 'PP-WL-030',
    title: 'Pod uses the default ServiceAccount',
    chapter: 'workloads',
    severity: 'low',
    recommendation: "Give each workload its own ServiceAccount instead of the namespace's `default`.",
    rationale:
      "All pods without `serviceAccountName` run as the namespace's `default` ServiceAccount: any permission granted to it (often for one workload) goes to all of them, and audit logs cannot say which workload acted.",
    remediation:
      'Create a ServiceAccount for the workload (with `automountServiceAccountToken: false` unless it calls the API), bind only what it needs, and set `serviceAccountName`.',
    references: [
      CIS.defaultServiceAccount,
      NSA.serviceAccountTokens,
      OWASP.serviceAccounts,
      MS_TMK.containerServiceAccount,
    ],
    appliesTo: POD_CONTROLLER_KINDS,
    examples: {
      fail: webPod({ containers: appContainer('nginx:1.27.3') }),
      pass: yamlDocuments(
        'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web, namespace: shop}\nautomountServiceAccountToken: false\n',
        webPod({ podFields: ['serviceAccountName: web'], containers: appContainer('nginx:1.27.3') }),
      ),
    },
  },
  target: 'pod',
  *check(pod) {
    const { spec } = pod.template;
    const named = nonEmpty(spec.serviceAccountName) ?? nonEmpty(spec.serviceAccount);
    if (named !== undefined && named !== 'default') return;
    const how = named === undefined ? '`serviceAccountName` is not set' : '`serviceAccountName: default`';
    yield {
      path: specPath(pod, 'serviceAccountName'),
      message: `${describeResource(pod.resource)} runs as the \`default\` ServiceAccount of ${describeNamespace(namespaceOf(pod.resource), [pod.resource])} (${how}); create a ServiceAccount for this workload and set \`serviceAccountName\``,
    };
  },
};

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
