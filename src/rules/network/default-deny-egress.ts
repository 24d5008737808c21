import { CIS, EXTRA_NETWORK_OPS, NIST, NSA, OWASP } from '../../references/controls.js';
import { DEFAULT_DENY_INGRESS, defaultDenyRule } from './default-deny.js';

/**
 * The book asks for default deny on egress too: a compromised pod that can connect anywhere reaches the site
 * network, the cloud metadata endpoint and the attacker's server. Medium, like ingress, because egress
 * allow-lists take more work (DNS, APIs) and are rolled out after ingress.
 */
export const defaultDenyEgress = defaultDenyRule({
  id: 'PP-NET-003',
  direction: 'egress',
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
  exposure: 'can connect anywhere, including the site network and the internet',
  alsoFix: ', and allow DNS explicitly',
  examples: {
    fail: [DEFAULT_DENY_INGRESS],
    pass: [
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-all, namespace: iot}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`,
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: iot}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]
      ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
`,
    ],
  },
});
