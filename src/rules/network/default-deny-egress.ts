import { CIS, EXTRA_NETWORK_OPS, NIST, NSA, OWASP } from '../../references/controls.js';
import type { InventoryRule } from '../types.js';
import { isDefaultDeny, namespaceAnchor, networkPoliciesIn } from './policy-selection.js';

/**
 * The book asks for default deny on egress too: a compromised pod that can connect anywhere reaches the site
 * network, the cloud metadata endpoint and the attacker's server. Medium, like ingress, because egress
 * allow-lists take more work (DNS, APIs) and are rolled out after ingress.
 */
export const defaultDenyEgress: InventoryRule = {
  meta: {
    id: 'PP-NET-003',
    title: 'No default-deny egress NetworkPolicy',
    chapter: 'network',
    severity: 'medium',
    recommendation:
      'Deny egress by default in every namespace too, and allow DNS and each needed destination explicitly.',
    rationale:
      'Without an egress default deny, any pod the egress policies miss can open connections anywhere: to other namespaces, to the machines on the site network, to the node and cloud metadata endpoints, and out to the internet to fetch tools or exfiltrate data. The book asks for default deny on egress as well as ingress; it is rated medium, like ingress, because egress allow-lists need more care (DNS, external APIs). Reported only for namespaces that have some NetworkPolicy; PP-NET-001 covers namespaces with none.',
    remediation:
      'Add a NetworkPolicy with `podSelector: {}`, `policyTypes: [Egress]` and no `egress` rules, plus a policy that allows DNS to kube-dns and one per workload for the destinations it needs.',
    references: [
      CIS.networkPolicies,
      NSA.networkPolicies,
      OWASP.networkPolicies,
      NIST.unboundedNetwork,
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
metadata: {name: default-deny-ingress, namespace: iot}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`,
      pass: `apiVersion: v1
kind: Namespace
metadata: {name: iot}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-all, namespace: iot}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: iot}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]
      ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
`,
    },
  },
  target: 'inventory',
  *check({ inventory }) {
    for (const namespace of inventory.namespaces()) {
      const policies = networkPoliciesIn(inventory, namespace);
      if (policies.length === 0 || policies.some((p) => isDefaultDeny(p, 'egress'))) continue;
      const anchor = namespaceAnchor(inventory, namespace, policies[0]);
      if (anchor === undefined) continue;
      yield {
        ...anchor,
        message: `namespace \`${namespace}\` has NetworkPolicies but none denies egress by default, so any pod they do not select can connect anywhere, including the site network and the internet; add a NetworkPolicy with \`podSelector: {}\`, \`policyTypes: [Egress]\` and no egress rules, and allow DNS explicitly`,
      };
    }
  },
};
