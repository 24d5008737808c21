import { MS_TMK, NSA, OWASP } from '../../references/controls.js';
import type { InventoryRule } from '../types.js';
import { namespacesLacking, someWorkloads } from './namespace-coverage.js';

/** A namespace without a ResourceQuota can take the whole cluster's capacity: one bad rollout starves the rest. */
export const namespaceResourceQuota: InventoryRule = {
  meta: {
    id: 'PP-WL-013',
    title: 'Namespace without ResourceQuota',
    chapter: 'workloads',
    severity: 'medium',
    recommendation: 'Give every namespace that runs workloads a ResourceQuota.',
    rationale:
      "A ResourceQuota caps what one namespace may request in total; without it a runaway controller, a compromised deployment or a crypto-miner can claim every node's CPU and memory, and on a small edge cluster that starves everything else.",
    remediation:
      'Add a ResourceQuota to the namespace with `hard` limits on `requests.cpu`, `requests.memory`, `limits.memory` and `pods`.',
    references: [NSA.resourcePolicies, OWASP.resources, MS_TMK.denialOfService, MS_TMK.resourceHijacking],
    appliesTo: ['Namespace'],
    examples: {
      fail: `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
        - {name: app, image: nginx:1.27}
`,
      pass: `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: compute, namespace: shop}
spec:
  hard: {requests.cpu: '2', requests.memory: 2Gi, limits.memory: 4Gi, pods: '20'}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
        - {name: app, image: nginx:1.27}
`,
    },
  },
  target: 'inventory',
  check({ inventory }) {
    return namespacesLacking(
      inventory,
      'ResourceQuota',
      ({ namespace, workloads }) =>
        `namespace \`${namespace}\` runs ${someWorkloads(workloads)} but has no ResourceQuota; add a ResourceQuota with \`hard\` limits on requests.cpu, requests.memory, limits.memory and pods`,
    );
  },
};
