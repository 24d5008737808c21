/**
 * The admission webhook's path: one object judged against the whole catalog, with a small inventory around it.
 * Measured in-process (no start-up), as the webhook will run it.
 */
import { evaluate } from '../src/engine/evaluate.js';
import { activeRules, DEFAULT_POLICY } from '../src/engine/policy.js';
import { loadManifestText } from '../src/inputs/manifests.js';
import { Inventory } from '../src/inventory/inventory.js';
import { DEFAULT_PSS, pssResolver } from '../src/rules/pod-security/settings.js';
import { RULES } from '../src/rules/registry.js';

const OBJECTS = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {pod-security.kubernetes.io/enforce: baseline}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: registry.example.com/shop/web:1.4.2
          resources: {requests: {cpu: 100m}, limits: {cpu: 500m}}
          env: [{name: DB_PASSWORD, value: hunter2}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: shop}
spec: {minAvailable: 2, selector: {matchLabels: {app: web}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;

/** Microseconds per evaluation of one Deployment (fresh inventory each time), best of a few batches. */
export function measureSingleObject(iterations = 5000): { microseconds: number; violations: number } {
  const resources = loadManifestText('webhook.yaml', OBJECTS).resources;
  const target = resources.find((r) => r.kind === 'Deployment');
  if (target === undefined) throw new Error('no Deployment in the single-object sample');
  const rules = activeRules(RULES, DEFAULT_POLICY);
  const only = new Set([target]);
  const once = () => {
    const inventory = new Inventory(resources);
    return evaluate(inventory, rules, { pss: pssResolver(inventory, DEFAULT_PSS), only }).length;
  };
  let violations = 0;
  for (let i = 0; i < 500; i++) violations = once(); // warm up
  let bestMs = Number.POSITIVE_INFINITY;
  for (let batch = 0; batch < 3; batch++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) once();
    bestMs = Math.min(bestMs, (performance.now() - start) / iterations);
  }
  return { microseconds: bestMs * 1000, violations };
}
