import type { Inventory } from '../../inventory/inventory.js';
import { extractPodTemplate } from '../../inventory/pod-specs.js';
import { describeResource, type Resource, stringRecord } from '../../inventory/resource.js';
import { NIST, NSA } from '../../references/controls.js';
import { apiBudget, apiDeployment, yamlDocuments } from '../examples.js';
import { asRecord } from '../helpers.js';
import type { ObjectRule } from '../types.js';
import { budgetsSelecting } from './disruption-budgets.js';
import { deploymentRollout, formatIntOrPercent, replicaCount } from './workloads.js';

const CRITICAL_MARK = 'parapet.dev/critical';
const CRITICAL_PRIORITY_CLASSES = ['system-cluster-critical', 'system-node-critical'];

/** Why the workload must stay up: a PDB protects it, or it is marked critical. */
function reasonsToStayUp(resource: Resource, inventory: Inventory): string[] {
  const reasons = budgetsSelecting(inventory, resource).map((pdb) => `${describeResource(pdb)} protects it`);
  const template = extractPodTemplate(resource.object, resource.kind);
  const metadata = [asRecord(resource.object.metadata), template?.metadata];
  if (
    metadata.some(
      (m) =>
        stringRecord(m?.labels)[CRITICAL_MARK] === 'true' ||
        stringRecord(m?.annotations)[CRITICAL_MARK] === 'true',
    )
  ) {
    reasons.push(`it is marked \`${CRITICAL_MARK}: "true"\``);
  }
  const priorityClass = template?.spec.priorityClassName;
  if (typeof priorityClass === 'string' && CRITICAL_PRIORITY_CLASSES.includes(priorityClass)) {
    reasons.push(`its pods run at priority class ${priorityClass}`);
  }
  return reasons;
}

/**
 * What takes a single replica offline. A Deployment whose rolling update allows no pod down surges first (the new
 * pod starts, the old one stops once it is ready), so its updates are not outages; a StatefulSet cannot surge.
 */
function outages(resource: Resource): string {
  const rollout = resource.kind === 'Deployment' ? deploymentRollout(resource, 1) : undefined;
  if (rollout?.down !== 0) return 'every update, node drain or crash takes it offline';
  return `every node drain or crash takes it offline (updates do not: maxUnavailable: ${formatIntOrPercent(rollout.maxUnavailable)} allows no pod down, so the new pod starts before the old one stops)`;
}

/** One replica means every rollout, node drain and crash is an outage; fine for a toy, not for what must stay up. */
export const singleReplica: ObjectRule = {
  meta: {
    id: 'PP-OPS-003',
    title: 'Single replica of a workload that must stay up',
    chapter: 'operations',
    severity: 'medium',
    recommendation:
      'Run at least two replicas of every workload that has a PodDisruptionBudget or is marked critical.',
    rationale:
      'With one replica every update, node drain, eviction or crash takes the service down; a PodDisruptionBudget on it then blocks node drains instead of protecting anything. (A Deployment whose rolling update allows no pod down, `maxUnavailable: 0` or the default 25% of one replica, surges first, so its updates are spared; drains and crashes are not.) Workloads whose downtime is tolerable can stay at one replica; those with a PDB, the label or annotation `parapet.dev/critical: "true"`, or a system-*-critical priority class are declared to matter.',
    remediation:
      "Set `spec.replicas` (or the HorizontalPodAutoscaler's `minReplicas`) to 2 or more, with pod anti-affinity or topology spread across nodes.",
    references: [NSA.upgrades, NIST.imageVulnerabilities],
    appliesTo: ['Deployment', 'StatefulSet'],
    examples: {
      fail: yamlDocuments(apiDeployment({ replicas: 1 }), apiBudget('maxUnavailable: 1')),
      pass: yamlDocuments(apiDeployment({ replicas: 2 }), apiBudget('maxUnavailable: 1')),
    },
  },
  target: 'object',
  *check(resource, { inventory }) {
    const replicas = replicaCount(inventory, resource);
    if (replicas?.count !== 1) return;
    const reasons = reasonsToStayUp(resource, inventory);
    if (reasons.length === 0) return;
    const fix =
      replicas.hpa === undefined
        ? 'set `spec.replicas` to 2 or more'
        : `raise \`minReplicas\` of ${describeResource(replicas.hpa)} to 2 or more`;
    const single =
      replicas.hpa === undefined
        ? 'runs a single replica'
        : `can scale down to a single replica (${describeResource(replicas.hpa)})`;
    yield {
      path: ['spec', 'replicas'],
      message: `${describeResource(resource)} ${single} although ${reasons.join(' and ')}, so ${outages(resource)}; ${fix}`,
    };
  },
};
