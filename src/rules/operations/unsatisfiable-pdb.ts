import { namespaceOf } from '../../inventory/inventory.js';
import { describeResource } from '../../inventory/resource.js';
import { NIST, NSA } from '../../references/controls.js';
import { apiBudget, apiDeployment, yamlDocuments } from '../examples.js';
import { asRecord } from '../helpers.js';
import type { ObjectRule } from '../types.js';
import { describeSelector, selectedByBudget, zeroBudget } from './disruption-budgets.js';
import { describeReplicaCount, intOrPercent, type ReplicaCount, replicaCount, scaled } from './workloads.js';

const CONSEQUENCE = 'node drains (and so node patching) will hang';

/** A budget that allows no eviction turns every `kubectl drain` into a wait that never ends. */
export const unsatisfiablePdb: ObjectRule = {
  meta: {
    id: 'PP-OPS-005',
    title: 'PodDisruptionBudget that never allows an eviction',
    chapter: 'operations',
    severity: 'high',
    recommendation:
      'Make every PodDisruptionBudget allow at least one pod to be evicted, so nodes can be drained and patched.',
    rationale:
      'Draining a node evicts its pods through the eviction API, which refuses any eviction a PodDisruptionBudget does not allow. A budget with `maxUnavailable: 0`, or a `minAvailable` as large as the number of pods it selects (percentages round up), never allows one, so the drain hangs and node OS and kubelet updates (security patches included) stall or get forced through by hand. `maxUnavailable: 0` (or `"0%"`) and `minAvailable: 100%` are reported from the budget alone, whatever the input holds of the pods it selects (when it selects none there, the finding says so too, and PP-OPS-006 stays silent). An integer minAvailable is judged against the replica counts of the selected Deployments, StatefulSets, ReplicaSets and bare Pods (a HorizontalPodAutoscaler\'s minReplicas where one scales them).',
    silentWhen:
      'an integer `minAvailable` cannot be compared with the pods it protects: the budget selects no pod workload in the input (PP-OPS-006 reports that), or selects a DaemonSet or Job, whose pod count manifests do not show.',
    remediation:
      'Use `maxUnavailable: 1` (or a `minAvailable` lower than the replicas), and run at least two replicas of anything worth a budget.',
    references: [NSA.upgrades, NIST.imageVulnerabilities],
    appliesTo: ['PodDisruptionBudget'],
    examples: {
      fail: yamlDocuments(apiDeployment({ replicas: 2 }), apiBudget('minAvailable: 2')),
      pass: yamlDocuments(apiDeployment({ replicas: 2 }), apiBudget('maxUnavailable: 1')),
    },
  },
  target: 'object',
  *check(pdb, { inventory }) {
    const spec = asRecord(pdb.object.spec);
    if (spec === undefined) return;
    const name = describeResource(pdb);
    const selected = selectedByBudget(inventory, pdb);

    // The budget's own numbers: true of any pods it may select in the cluster, whatever the input holds.
    const zero = zeroBudget(pdb);
    if (zero !== undefined) {
      const alsoEmpty =
        selected.length > 0
          ? ''
          : `; it also selects no pod workload of namespace \`${namespaceOf(pdb)}\` in the scanned input (${describeSelector(spec.selector)}): if it selects none in the cluster either it protects nothing, so check that \`spec.selector\` matches the pod labels of the workload it is meant for`;
      yield {
        path: zero.path,
        message: `${name} ${zero.why}, so no pod it selects can ever be evicted: ${CONSEQUENCE}; ${zero.fix}${alsoEmpty}`,
      };
      return;
    }
    if (selected.length === 0) return; // PP-OPS-006
    if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) return;

    const min = intOrPercent(spec.minAvailable);
    if (min === undefined) return;
    const counts = selected.map((w) => ({
      resource: w.resource,
      replicas: replicaCount(inventory, w.resource),
    }));
    if (!counts.every((c) => c.replicas !== undefined)) return;
    const total = counts.reduce((sum, c) => sum + (c.replicas as ReplicaCount).count, 0);
    if (total === 0) return;
    const required = scaled(min, total, true);
    if (required < total) return;
    const pods = counts.map((c) => describeReplicaCount(c.resource, c.replicas as ReplicaCount));
    const have = pods.length === 1 ? pods[0] : `the pods it selects number ${total} (${pods.join(', ')})`;
    const requirement =
      min.type === 'int'
        ? `requires ${required} available pod${required === 1 ? '' : 's'}`
        : `requires ${min.value}% of its pods available (${required} of ${total}, rounded up)`;
    const scaledByHpa = counts.some((c) => c.replicas?.hpa !== undefined);
    const never = scaledByHpa ? 'at that size no pod can be evicted' : 'no pod can ever be evicted';
    yield {
      path: ['spec', 'minAvailable'],
      message: `${name} ${requirement} but ${have}, so ${never}: ${CONSEQUENCE}; lower minAvailable or raise replicas`,
    };
  },
};
