import { describeNamespace, namespaceOf } from '../../inventory/inventory.js';
import { describeResource } from '../../inventory/resource.js';
import { NIST, NSA } from '../../references/controls.js';
import { apiBudget, apiDeployment, yamlDocuments } from '../examples.js';
import { asRecord } from '../helpers.js';
import type { ObjectRule } from '../types.js';
import { describeSelector, selectedByBudget, zeroBudget } from './disruption-budgets.js';

const SHOP_API = 'app.kubernetes.io/name: shop-api';

/** A budget whose selector matches nothing protects nothing; typically a label renamed in the workload only. */
export const pdbSelectsNothing: ObjectRule = {
  meta: {
    id: 'PP-OPS-006',
    title: 'PodDisruptionBudget selecting no pods',
    chapter: 'operations',
    severity: 'low',
    recommendation: 'Make every PodDisruptionBudget select the pods it is meant to protect.',
    rationale:
      "A PodDisruptionBudget whose selector matches no pod gives a false sense of safety: drains and evictions take the workload down as if there were no budget. It usually means the workload's labels changed and the budget did not. Judged against the pod workloads in the input (policy/v1: a missing selector selects nothing; policy/v1beta1: an empty one does not either). A budget that also allows no eviction (`maxUnavailable: 0`, `minAvailable: 100%`) is PP-OPS-005's finding, which says both.",
    remediation: 'Set `spec.selector` to the pod template labels of the workload, or delete the budget.',
    references: [NSA.upgrades, NIST.imageVulnerabilities],
    appliesTo: ['PodDisruptionBudget'],
    examples: {
      // the workload's labels were renamed, the budget's selector was not
      fail: yamlDocuments(apiDeployment({ replicas: 2, labels: SHOP_API }), apiBudget('maxUnavailable: 1')),
      pass: yamlDocuments(
        apiDeployment({ replicas: 2, labels: SHOP_API }),
        apiBudget('maxUnavailable: 1', SHOP_API),
      ),
    },
  },
  target: 'object',
  *check(pdb, { inventory }) {
    if (!pdb.apiVersion.startsWith('policy/')) return;
    if (selectedByBudget(inventory, pdb).length > 0) return;
    if (zeroBudget(pdb) !== undefined) return; // PP-OPS-005 reports it, saying both
    const selector = asRecord(pdb.object.spec)?.selector;
    yield {
      path: ['spec', 'selector'],
      message: `${describeResource(pdb)} selects no pod workload in ${describeNamespace(namespaceOf(pdb), [pdb])} (${describeSelector(selector)}), so it protects nothing; make \`spec.selector\` match the pod labels of the workload it is meant for`,
    };
  },
};
