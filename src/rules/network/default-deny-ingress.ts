import { DEFAULT_DENY_INGRESS, defaultDenyRule } from './default-deny.js';
import { NETWORK_POLICY_REFERENCES } from './references.js';

const ALLOW_DB_CLIENTS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-db-clients, namespace: iot}
spec:
  podSelector: {matchLabels: {app: timeseries-db}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: collector}}}]
`;

/**
 * Allow-list policies protect only the pods they select; a default deny protects the rest, including the
 * workloads added next month.
 */
export const defaultDenyIngress = defaultDenyRule({
  id: 'PP-NET-002',
  direction: 'ingress',
  recommendation: 'Deny ingress by default in every namespace and allow each flow explicitly.',
  rationale:
    'A NetworkPolicy isolates only the pods it selects. Without a policy that selects every pod and allows no ingress, any pod the allow-list policies miss (a new workload, a relabelled one, a debugging pod) accepts connections from the whole cluster. Reported only for namespaces that have some NetworkPolicy; PP-NET-001 covers namespaces with none.',
  remediation:
    'Add a NetworkPolicy with `podSelector: {}`, `policyTypes: [Ingress]` and no `ingress` rules, and keep the existing policies as the explicit allows.',
  references: NETWORK_POLICY_REFERENCES,
  exposure: 'accepts connections from anywhere',
  examples: {
    fail: [ALLOW_DB_CLIENTS],
    pass: [DEFAULT_DENY_INGRESS, ALLOW_DB_CLIENTS],
  },
});
