/**
 * NetworkPolicy semantics for the network rules, on top of the Inventory's selector queries: which policies are
 * Kubernetes NetworkPolicies (networking.k8s.io; Calico's own `NetworkPolicy` kind is not), their effective
 * policyTypes, default-deny policies, and which pod workloads each direction's policies select.
 */
import type { Inventory, PodWorkload } from '../../inventory/inventory.js';
import type { Resource } from '../../inventory/resource.js';
import { asArray, asRecord } from '../helpers.js';

export type Direction = 'ingress' | 'egress';

export function isKubernetesNetworkPolicy(resource: Resource): boolean {
  return resource.kind === 'NetworkPolicy' && resource.apiVersion.startsWith('networking.k8s.io/');
}

/** The Kubernetes NetworkPolicies in `namespace`, in input order. */
export function networkPoliciesIn(inventory: Inventory, namespace: string): Resource[] {
  return inventory.inNamespace(namespace, 'NetworkPolicy').filter(isKubernetesNetworkPolicy);
}

/** Namespaced policies of CNIs with their own API (Cilium, Calico): they isolate pods too, by other rules. */
export function cniPoliciesIn(inventory: Inventory, namespace: string): Resource[] {
  return [
    ...inventory.inNamespace(namespace, 'CiliumNetworkPolicy'),
    ...inventory
      .inNamespace(namespace, 'NetworkPolicy')
      .filter((r) => /^(crd\.)?projectcalico\.org\//.test(r.apiVersion)),
  ];
}

function specOf(policy: Resource): Record<string, unknown> {
  return asRecord(policy.object.spec) ?? {};
}

/** `spec.podSelector`; absent or null is the zero LabelSelector, which selects every pod in the namespace. */
export function podSelectorOf(policy: Resource): unknown {
  const selector = specOf(policy).podSelector;
  return selector === undefined || selector === null ? {} : selector;
}

/** A selector with no requirements ({}, or empty matchLabels/matchExpressions): it selects every pod. */
export function isEmptySelector(selector: unknown): boolean {
  if (selector === undefined || selector === null) return true;
  const record = asRecord(selector);
  if (record === undefined) return false;
  const labels = asRecord(record.matchLabels);
  return (
    (labels === undefined || Object.keys(labels).length === 0) &&
    asArray(record.matchExpressions).length === 0
  );
}

/**
 * The directions a policy isolates. Without `policyTypes` the API server defaults to Ingress, plus Egress when
 * the policy has egress rules.
 */
export function policyTypesOf(policy: Resource): Record<Direction, boolean> {
  const spec = specOf(policy);
  const types = asArray(spec.policyTypes);
  if (types.length > 0) return { ingress: types.includes('Ingress'), egress: types.includes('Egress') };
  return { ingress: true, egress: asArray(spec.egress).length > 0 };
}

/** Selects every pod, isolates `direction` and allows nothing in it. */
export function isDefaultDeny(policy: Resource, direction: Direction): boolean {
  return (
    isEmptySelector(podSelectorOf(policy)) &&
    policyTypesOf(policy)[direction] &&
    asArray(specOf(policy)[direction]).length === 0
  );
}

/**
 * The pod workloads in `namespace` that a NetworkPolicy can govern: not PodTemplates (which run nothing), not
 * hostNetwork pods (NetworkPolicy does not apply to them), not copies of a controller that is in the input.
 */
export function governedWorkloads(inventory: Inventory, namespace: string): PodWorkload[] {
  return inventory
    .podWorkloadsIn(namespace)
    .filter(
      (w) =>
        w.resource.kind !== 'PodTemplate' &&
        w.template.spec.hostNetwork !== true &&
        inventory.controllerOf(w.resource) === undefined,
    );
}

export interface Coverage {
  /** Policies that select the workload's pods and isolate ingress, in input order. */
  ingress: Resource[];
  egress: Resource[];
}

/** For each pod workload of the namespace, the Kubernetes NetworkPolicies that select it, per direction. */
export function policyCoverage(inventory: Inventory, namespace: string): Map<Resource, Coverage> {
  const coverage = new Map<Resource, Coverage>();
  for (const w of inventory.podWorkloadsIn(namespace)) coverage.set(w.resource, { ingress: [], egress: [] });
  for (const policy of networkPoliciesIn(inventory, namespace)) {
    const types = policyTypesOf(policy);
    for (const w of inventory.selectPods(namespace, podSelectorOf(policy))) {
      const entry = coverage.get(w.resource);
      if (entry === undefined) continue;
      if (types.ingress) entry.ingress.push(policy);
      if (types.egress) entry.egress.push(policy);
    }
  }
  return coverage;
}

/** `` `a`, `b` ``; policy names for messages. */
export function policyNames(policies: readonly Resource[]): string {
  return policies.map((p) => `\`${p.name}\``).join(', ');
}
