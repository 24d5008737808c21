import { CIS, EXTRA_NETWORK_OPS, NIST, NSA, OWASP } from '../../references/controls.js';
import type { InventoryRule } from '../types.js';
import { isDefaultDeny, namespaceAnchor, networkPoliciesIn } from './policy-selection.js';

/**
 * Allow-list policies protect only the pods they select; a default deny protects the rest, including the
 * workloads added next month. Namespaces with no NetworkPolicy at all are PP-NET-001's.
 */
export const defaultDenyIngress: InventoryRule = {
  meta: {
    id: 'PP-NET-002',
    title: 'No default-deny ingress NetworkPolicy',
    chapter: 'network',
    severity: 'medium',
    recommendation: 'Deny ingress by default in every namespace and allow each flow explicitly.',
    rationale:
      'A NetworkPolicy isolates only the pods it selects. Without a policy that selects every pod and allows no ingress, any pod the allow-list policies miss; a new workload, a relabelled one, a debugging pod; accepts connections from the whole cluster. Reported only for namespaces that have some NetworkPolicy; PP-NET-001 covers namespaces with none.',
    remediation:
      'Add a NetworkPolicy with `podSelector: {}`, `policyTypes: [Ingress]` and no `ingress` rules, and keep the existing policies as the explicit allows.',
    references: [
      CIS.networkPolicies,
      NSA.networkPolicies,
      OWASP.networkPolicies,
      NIST.networkSeparation,
      EXTRA_NETWORK_OPS.clusterInternalNetworking,
    ],
    appliesTo: ['Namespace'],
    examples: {
      fail: `apiVersion: v1
kind: Namespace
metadata: {name: iot}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-db-clients, namespace: iot}
spec:
  podSelector: {matchLabels: {app: timeseries-db}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: collector}}}]
`,
      pass: `apiVersion: v1
kind: Namespace
metadata: {name: iot}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress, namespace: iot}
spec:
  podSelector: {}
  policyTypes: [Ingress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-db-clients, namespace: iot}
spec:
  podSelector: {matchLabels: {app: timeseries-db}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: collector}}}]
`,
    },
  },
  target: 'inventory',
  *check({ inventory }) {
    for (const namespace of inventory.namespaces()) {
      const policies = networkPoliciesIn(inventory, namespace);
      if (policies.length === 0 || policies.some((p) => isDefaultDeny(p, 'ingress'))) continue;
      const anchor = namespaceAnchor(inventory, namespace, policies[0]);
      if (anchor === undefined) continue;
      yield {
        ...anchor,
        message: `namespace \`${namespace}\` has NetworkPolicies but none denies ingress by default, so any pod they do not select accepts connections from anywhere; add a NetworkPolicy with \`podSelector: {}\`, \`policyTypes: [Ingress]\` and no ingress rules`,
      };
    }
  },
};
