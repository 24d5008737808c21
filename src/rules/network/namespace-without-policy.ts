import { describeNamespace } from '../../inventory/inventory.js';
import { namespaceGaps, someResources } from '../namespace-gaps.js';
import type { InventoryRule } from '../types.js';
import { cniPoliciesIn, governedWorkloads, networkPoliciesIn } from './policy-selection.js';
import { NETWORK_POLICY_REFERENCES } from './references.js';

/** Without any NetworkPolicy a namespace's pods talk to, and are reached from, everything. */
export const namespaceWithoutPolicy: InventoryRule = {
  meta: {
    id: 'PP-NET-001',
    title: 'Namespace with pods but no NetworkPolicy',
    chapter: 'network',
    severity: 'high',
    recommendation: 'Give every namespace that runs pods NetworkPolicies, starting with a default deny.',
    rationale:
      'Kubernetes lets every pod reach every other pod, and the network beyond, until a NetworkPolicy selects it. One compromised pod in a namespace without policies can scan and attack the whole cluster and, at the edge, the machines on the site network. Namespaced Cilium and Calico policies count as policies here; cluster-wide ones (CiliumClusterwideNetworkPolicy, GlobalNetworkPolicy, AdminNetworkPolicy) are not evaluated, and pods on the host network are left out because NetworkPolicy does not apply to them.',
    remediation:
      'Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress, Egress]` to the namespace, then one policy per workload that allows the traffic it needs (and DNS).',
    references: NETWORK_POLICY_REFERENCES,
    appliesTo: ['Namespace'],
    examples: {
      fail: `apiVersion: v1
kind: Namespace
metadata: {name: iot}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: collector, namespace: iot}
spec:
  selector: {matchLabels: {app: collector}}
  template:
    metadata: {labels: {app: collector}}
    spec:
      containers:
        - {name: app, image: ghcr.io/acme/collector:1.4.2}
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
apiVersion: apps/v1
kind: Deployment
metadata: {name: collector, namespace: iot}
spec:
  selector: {matchLabels: {app: collector}}
  template:
    metadata: {labels: {app: collector}}
    spec:
      containers:
        - {name: app, image: ghcr.io/acme/collector:1.4.2}
`,
    },
  },
  target: 'inventory',
  check({ inventory }) {
    return namespaceGaps(inventory, {
      members: (namespace) => governedWorkloads(inventory, namespace).map((w) => w.resource),
      satisfied: (namespace) =>
        networkPoliciesIn(inventory, namespace).length > 0 || cniPoliciesIn(inventory, namespace).length > 0,
      message: (namespace, workloads) => {
        // Without its Namespace object the input is plainly a part of the cluster: say what was looked at.
        const partial =
          inventory.namespaceObject(namespace) === undefined
            ? ' (none in the scanned input, which does not hold the namespace itself either), so unless the cluster has one'
            : ', so';
        return `${describeNamespace(namespace, workloads)} runs ${someResources(workloads)} but has no NetworkPolicy${partial} its pods accept connections from anywhere and can connect anywhere; add a default-deny NetworkPolicy and allow the traffic each workload needs`;
      },
    });
  },
};
