import { describeNamespace } from '../../inventory/inventory.js';
import { describeResource } from '../../inventory/resource.js';
import { yamlDocuments } from '../examples.js';
import type { InventoryRule } from '../types.js';
import { DEFAULT_DENY_INGRESS } from './default-deny.js';
import { governedWorkloads, networkPoliciesIn, policyCoverage, policyNames } from './policy-selection.js';
import { NETWORK_POLICY_REFERENCES } from './references.js';

/** The examples' workload, which the ingress allow-list policy does not select. */
const PLC_GATEWAY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: plc-gateway, namespace: iot}
spec:
  selector: {matchLabels: {app: plc-gateway}}
  template:
    metadata: {labels: {app: plc-gateway}}
    spec:
      containers:
        - {name: app, image: ghcr.io/acme/plc-gateway:2.0.1}
`;

/**
 * In a namespace that uses NetworkPolicies, a workload that no ingress policy selects is the one left open -
 * usually because its labels do not match what the policies expect.
 */
export const unselectedWorkload: InventoryRule = {
  meta: {
    id: 'PP-NET-005',
    title: 'Pod workload selected by no NetworkPolicy',
    chapter: 'network',
    severity: 'medium',
    recommendation:
      'Make sure a NetworkPolicy selects every workload, so none is left open by a label mismatch.',
    rationale:
      'A pod is isolated for a direction only when some policy whose policyTypes include that direction selects it (`podSelector: {}` selects every pod; policyTypes default to Ingress, plus Egress when the policy has egress rules). A workload that no ingress policy selects accepts connections from anywhere, even in a namespace whose other workloads are locked down. Workloads selected only by egress policies are reported too, as their ingress is open; missing egress coverage alone is left to PP-NET-003. Reported only in namespaces that have NetworkPolicies (PP-NET-001 covers the others); host-network pods are skipped, as NetworkPolicy does not apply to them.',
    remediation:
      "Add a default-deny ingress policy to the namespace, or a policy whose `podSelector` matches the workload's pod labels, and allow only the traffic it needs.",
    references: NETWORK_POLICY_REFERENCES,
    appliesTo: [
      'Pod',
      'Deployment',
      'StatefulSet',
      'DaemonSet',
      'ReplicaSet',
      'ReplicationController',
      'Job',
      'CronJob',
    ],
    examples: {
      fail: yamlDocuments(
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-db-clients, namespace: iot}
spec:
  podSelector: {matchLabels: {app: timeseries-db}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: collector}}}]
`,
        PLC_GATEWAY,
      ),
      pass: yamlDocuments(DEFAULT_DENY_INGRESS, PLC_GATEWAY),
    },
  },
  target: 'inventory',
  *check({ inventory }) {
    for (const namespace of inventory.namespaces()) {
      if (networkPoliciesIn(inventory, namespace).length === 0) continue;
      const coverage = policyCoverage(inventory, namespace);
      for (const workload of governedWorkloads(inventory, namespace)) {
        const covered = coverage.get(workload.resource);
        if (covered === undefined || covered.ingress.length > 0) continue;
        const what = describeResource(workload.resource);
        const message =
          covered.egress.length === 0
            ? `${what} is selected by no NetworkPolicy although ${describeNamespace(namespace, [workload.resource])} uses them, so its pods accept connections from anywhere and can connect anywhere; add a default-deny policy to the namespace or a policy whose podSelector matches the pod labels`
            : `${what} is selected only by egress NetworkPolicies (${policyNames(covered.egress)}), so its pods accept connections from anywhere; add a default-deny ingress policy to the namespace or an ingress policy whose podSelector matches the pod labels`;
        yield { resource: workload.resource, path: [...workload.template.metadataPath, 'labels'], message };
      }
    }
  },
};
