import { MS_TMK, NSA, OWASP } from '../../references/controls.js';
import { namespaceCoverageRule } from './namespace-coverage.js';

/** A LimitRange gives containers that forget their requests and limits sane defaults, and bounds the rest. */
export const namespaceLimitRange = namespaceCoverageRule({
  id: 'PP-WL-014',
  kind: 'LimitRange',
  severity: 'info',
  recommendation: 'Give every namespace that runs workloads a LimitRange with default requests and limits.',
  rationale:
    'A LimitRange fills in requests and limits for containers that set none and rejects sizes outside its bounds, so a forgotten `resources` block no longer means an unbounded container; it is the safety net under the per-container rules. Not reported for `kube-system`: its add-ons are sized by the distribution that ships them, and defaults imposed there would resize them.',
  remediation:
    'Add a LimitRange of `type: Container` to the namespace with `defaultRequest` (cpu, memory) and `default` (memory) values.',
  references: [NSA.resourcePolicies, OWASP.resources, MS_TMK.denialOfService],
  kubeSystem: 'silent',
  fix: 'add a LimitRange with default container requests and limits',
  example: `apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: shop}
spec:
  limits:
    - type: Container
      defaultRequest: {cpu: 100m, memory: 128Mi}
      default: {memory: 256Mi}
`,
});
