import { namespaceOf } from '../../inventory/inventory.js';
import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { describeResource } from '../../inventory/resource.js';
import { CIS, MS_TMK, NSA, OWASP } from '../../references/controls.js';
import { webDeployment } from '../examples.js';
import { type PodRule, specPath } from '../types.js';
import { isBoundServiceAccount } from './bound-service-accounts.js';

/** The ServiceAccount a pod runs as: `serviceAccountName`, the deprecated `serviceAccount`, else `default`. */
export function serviceAccountName(spec: Record<string, unknown>): string {
  for (const key of ['serviceAccountName', 'serviceAccount']) {
    const value = spec[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return 'default';
}

/**
 * The pod's own `automountServiceAccountToken` wins; when it is unset the ServiceAccount's applies, so a pod
 * passes when either says false (the pod without contradicting it). A ServiceAccount outside the input is
 * taken to automount, as Kubernetes does by default. A pod whose ServiceAccount a binding in the input grants a
 * role calls the API and needs its token: it is left alone (what the token may do is the RBAC rules' finding).
 */
export const serviceAccountTokenAutomount: PodRule = {
  meta: {
    id: 'PP-WL-005',
    title: 'Service account token automounted',
    chapter: 'workloads',
    severity: 'low',
    recommendation: 'Mount a service account token only into pods that call the Kubernetes API.',
    rationale:
      'Every pod gets a token for its ServiceAccount mounted at /var/run/secrets/kubernetes.io/serviceaccount unless told otherwise; anyone who gets code execution in the pod can use it against the API server with whatever rights the account has, and usually the pod never needed it. Pods whose ServiceAccount is bound to a role by a RoleBinding or ClusterRoleBinding in the input are not reported: they call the API and need the token, and what it allows is for the RBAC rules to judge.',
    remediation:
      'Set `automountServiceAccountToken: false` on the pod spec (or on its ServiceAccount) unless the pod calls the Kubernetes API.',
    references: [
      CIS.tokenMount,
      NSA.serviceAccountTokens,
      OWASP.serviceAccounts,
      MS_TMK.containerServiceAccount,
    ],
    appliesTo: POD_CONTROLLER_KINDS,
    examples: {
      fail: webDeployment({ containers: ['- {name: app, image: nginx:1.27}'] }),
      pass: webDeployment({
        podFields: ['automountServiceAccountToken: false'],
        containers: ['- {name: app, image: nginx:1.27}'],
      }),
    },
  },
  target: 'pod',
  *check(pod, context) {
    const { spec } = pod.template;
    const own = spec.automountServiceAccountToken;
    if (own === false) return;
    const name = serviceAccountName(spec);
    const namespace = namespaceOf(pod.resource);
    if (isBoundServiceAccount(context.inventory, namespace, name)) return;
    const account = context.inventory.get('ServiceAccount', namespace, name);
    const accountSetting = account?.object.automountServiceAccountToken;
    if (own !== true && accountSetting === false) return;
    const why =
      own === true
        ? 'sets `automountServiceAccountToken: true`'
        : account === undefined
          ? 'does not set `automountServiceAccountToken: false`'
          : `does not set \`automountServiceAccountToken: false\`, nor does its ServiceAccount \`${name}\``;
    yield {
      path: specPath(pod, 'automountServiceAccountToken'),
      message: `${describeResource(pod.resource)} ${why}, so its pods get a token of ServiceAccount \`${name}\` for the API server; set \`automountServiceAccountToken: false\` unless the pod calls the Kubernetes API`,
    };
  },
};
