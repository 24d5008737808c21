/**
 * "Every namespace that runs pods has an object of kind X": the shared rule behind the ResourceQuota and
 * LimitRange rules. The finding sits on the Namespace object when the input has it, else on the namespace's
 * first pod workload.
 */

import type { Severity } from '../../findings/severity.js';
import { describeNamespace } from '../../inventory/inventory.js';
import { webDeployment, yamlDocuments } from '../examples.js';
import { namespaceGaps, someResources } from '../namespace-gaps.js';
import type { InventoryRule, RuleMeta } from '../types.js';

/** The examples' Namespace and its workload; the passing example puts the object of `kind` between them. */
const SHOP_NAMESPACE = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
`;
const WEB_DEPLOYMENT = webDeployment({ containers: ['- {name: app, image: nginx:1.27}'] });

export interface NamespaceCoverageOptions
  extends Pick<RuleMeta, 'id' | 'severity' | 'recommendation' | 'rationale' | 'remediation' | 'references'> {
  /** The kind every namespace that runs pods should hold. */
  kind: string;
  /** The message's advice: `add a LimitRange with default container requests and limits`. */
  fix: string;
  /** An object of `kind` in namespace `shop`, for the passing example. */
  example: string;
  /**
   * For `kube-system`, where the distribution's own add-ons run: a lower severity, or `'silent'` where the
   * rule's severity is already the lowest. Its pods are sized by whoever ships them, and an object that caps or
   * defaults them there can starve the control plane's helpers.
   */
  kubeSystem: Severity | 'silent';
}

const KUBE_SYSTEM = 'kube-system';

/** A rule that flags namespaces which run pod workloads but hold no object of `kind`. */
export function namespaceCoverageRule(options: NamespaceCoverageOptions): InventoryRule {
  const { kind } = options;
  return {
    meta: {
      id: options.id,
      title: `Namespace without ${kind}`,
      chapter: 'workloads',
      severity: options.severity,
      recommendation: options.recommendation,
      rationale: options.rationale,
      remediation: options.remediation,
      references: options.references,
      appliesTo: ['Namespace'],
      examples: {
        fail: yamlDocuments(SHOP_NAMESPACE, WEB_DEPLOYMENT),
        pass: yamlDocuments(SHOP_NAMESPACE, options.example, WEB_DEPLOYMENT),
      },
    },
    target: 'inventory',
    check({ inventory }) {
      const { kubeSystem } = options;
      return namespaceGaps(inventory, {
        members: (namespace) =>
          namespace === KUBE_SYSTEM && kubeSystem === 'silent'
            ? []
            : inventory.podWorkloadsIn(namespace).map((w) => w.resource),
        severity: (namespace) =>
          namespace === KUBE_SYSTEM && kubeSystem !== 'silent' ? kubeSystem : undefined,
        satisfied: (namespace) => inventory.inNamespace(namespace, kind).length > 0,
        message: (namespace, workloads) =>
          `${describeNamespace(namespace, workloads)} runs ${someResources(workloads)} but has no ${kind}; ${options.fix}`,
      });
    },
  };
}
