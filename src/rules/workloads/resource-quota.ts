import { MS_TMK, NSA, OWASP } from '../../references/controls.js';
import { namespaceCoverageRule } from './namespace-coverage.js';

/** A namespace without a ResourceQuota can take the whole cluster's capacity: one bad rollout starves the rest. */
export const namespaceResourceQuota = namespaceCoverageRule({
  id: 'PP-WL-013',
  kind: 'ResourceQuota',
  severity: 'medium',
  recommendation: 'Give every namespace that runs workloads a ResourceQuota.',
  rationale:
    "A ResourceQuota caps what one namespace may request in total; without it a runaway controller, a compromised deployment or a crypto-miner can claim every node's CPU and memory, and on a small edge cluster that starves everything else. In `kube-system`, whose add-ons the distribution sizes, it is reported low.",
  remediation:
    'Add a ResourceQuota to the namespace with `hard` limits on `requests.cpu`, `requests.memory`, `limits.memory` and `pods`.',
  references: [NSA.resourcePolicies, OWASP.resources, MS_TMK.denialOfService, MS_TMK.resourceHijacking],
  kubeSystem: 'low',
  fix: 'add a ResourceQuota with `hard` limits on requests.cpu, requests.memory, limits.memory and pods',
  example: `apiVersion: v1
kind: ResourceQuota
metadata: {name: compute, namespace: shop}
spec:
  hard: {requests.cpu: '2', requests.memory: 2Gi, limits.memory: 4Gi, pods: '20'}
`,
});
