import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { describeResource } from '../../inventory/resource.js';
import { CIS, NIST, NSA } from '../../references/controls.js';
import { webDeployment } from '../examples.js';
import type { ObjectRule } from '../types.js';

/** Kinds that run pods (a PodTemplate only describes one). */
const WORKLOAD_KINDS = POD_CONTROLLER_KINDS.filter((kind) => kind !== 'PodTemplate');

/** `default` is where everything lands that nobody placed: no quotas, no policies, no Pod Security labels. */
export const defaultNamespace: ObjectRule = {
  meta: {
    id: 'PP-OPS-010',
    title: 'Workload in the default namespace',
    chapter: 'operations',
    severity: 'medium',
    recommendation: 'Run every workload in a namespace of its own, never in `default`.',
    rationale:
      'Namespaces are the boundary for RBAC, NetworkPolicies, quotas and Pod Security levels. The `default` namespace usually has none of these, mixes whatever was applied without thought, and is where a mistyped command lands. A workload that sets no namespace ends up there too whenever it is applied without `-n`; it is reported at low severity, as the deployment tooling may well set one.',
    remediation:
      'Create a namespace for the application (with Pod Security labels, NetworkPolicies and a ResourceQuota) and set `metadata.namespace` to it.',
    references: [CIS.defaultNamespace, CIS.namespaces, NSA.namespaces, NIST.mixedSensitivity],
    appliesTo: WORKLOAD_KINDS,
    examples: {
      fail: webDeployment({
        namespace: 'default',
        labels: 'app: web',
        containers: ['- {name: app, image: ghcr.io/acme/shop-web:1.8.0}'],
      }),
      pass: webDeployment({
        labels: 'app: web',
        containers: ['- {name: app, image: ghcr.io/acme/shop-web:1.8.0}'],
      }),
    },
  },
  target: 'object',
  *check(resource, { inventory }) {
    if (resource.namespace !== '' && resource.namespace !== 'default') return;
    if (inventory.controllerOf(resource) !== undefined) return;
    if (resource.namespace === 'default') {
      yield {
        path: ['metadata', 'namespace'],
        message: `${describeResource(resource)} runs in the \`default\` namespace; move it to a namespace of its own`,
      };
      return;
    }
    yield {
      path: ['metadata', 'namespace'],
      severity: 'low',
      message: `${describeResource(resource)} has no namespace set; kubectl would put it in \`default\` unless -n is given; set \`metadata.namespace\``,
    };
  },
};
