/**
 * The default-deny rules, one per direction: a namespace that uses NetworkPolicies but has none that selects
 * every pod and allows nothing in that direction. Namespaces with no NetworkPolicy at all are PP-NET-001's.
 */
import { describeNamespace } from '../../inventory/inventory.js';
import { yamlDocuments } from '../examples.js';
import { namespaceGaps } from '../namespace-gaps.js';
import type { InventoryRule, RuleMeta } from '../types.js';
import { type Direction, isDefaultDeny, networkPoliciesIn } from './policy-selection.js';

/** The Namespace of the examples; each example adds its NetworkPolicies. */
const IOT_NAMESPACE = `apiVersion: v1
kind: Namespace
metadata: {name: iot}
`;

/** The examples' policy that denies all ingress in `iot`. */
export const DEFAULT_DENY_INGRESS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress, namespace: iot}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;

export interface DefaultDenyRuleOptions
  extends Pick<RuleMeta, 'id' | 'recommendation' | 'rationale' | 'remediation' | 'references'> {
  direction: Direction;
  /** What a pod no policy selects can do, for the message: `accepts connections from anywhere`. */
  exposure: string;
  /** Appended to the message's fix: `, and allow DNS explicitly`. */
  alsoFix?: string;
  /** The examples' NetworkPolicies, each a YAML document, in the `iot` namespace. */
  examples: { fail: readonly string[]; pass: readonly string[] };
}

export function defaultDenyRule(options: DefaultDenyRuleOptions): InventoryRule {
  const { direction } = options;
  const policyType = direction === 'ingress' ? 'Ingress' : 'Egress';
  return {
    meta: {
      id: options.id,
      title: `No default-deny ${direction} NetworkPolicy`,
      chapter: 'network',
      severity: 'medium',
      recommendation: options.recommendation,
      rationale: options.rationale,
      remediation: options.remediation,
      references: options.references,
      appliesTo: ['Namespace'],
      examples: {
        fail: yamlDocuments(IOT_NAMESPACE, ...options.examples.fail),
        pass: yamlDocuments(IOT_NAMESPACE, ...options.examples.pass),
      },
    },
    target: 'inventory',
    check({ inventory }) {
      return namespaceGaps(inventory, {
        members: (namespace) => networkPoliciesIn(inventory, namespace),
        satisfied: (_namespace, policies) => policies.some((p) => isDefaultDeny(p, direction)),
        message: (namespace, policies) =>
          `${describeNamespace(namespace, policies)} has NetworkPolicies but none denies ${direction} by default, so any pod they do not select ${options.exposure}; add a NetworkPolicy with \`podSelector: {}\`, \`policyTypes: [${policyType}]\` and no ${direction} rules${options.alsoFix ?? ''}`,
      });
    },
  };
}
