/** CEL forms of the operations rules (see form.ts; test/export/rule-cel.test.ts holds each to its rule). */
import { systemComponentsOf } from '../../../rules/operations/kube-system-workload.js';
import { RUNNING_CONTAINERS } from '../pod-variables.js';
import { celString, celStrings, firstFailing, type RuleCelForm } from './form.js';

const RUNNING = 'variables.runningContainers';

/** PP-OPS-001 and 002 (probe-rule.ts): every running container sets the probe. */
function probeForm(id: string, field: string, name: string): RuleCelForm {
  const ok = (c: string) => `has(${c}.${field})`;
  return {
    id,
    variables: () => [RUNNING_CONTAINERS],
    expression: () => `${RUNNING}.all(c, ${ok('c')})`,
    messageExpression: firstFailing(RUNNING, ok, `has no ${name} probe`),
  };
}

/**
 * An object a controller owns (a Deployment's ReplicaSet, a Job's pods) is judged at its controller. parapet looks
 * the owner up in its input; at admission the owner is in the cluster, so its controller reference suffices.
 */
const OWNED = `(has(object.metadata.ownerReferences) && object.metadata.ownerReferences.exists(r, has(r.controller) && r.controller == true && has(r.kind) && has(r.name)))`;

/** The object's name as parapet reads it: a generateName stands for any name it starts (`prefix*`). */
const NAME = `(has(object.metadata.name) ? object.metadata.name : has(object.metadata.generateName) ? object.metadata.generateName + '*' : '')`;

export const OPERATIONS_FORMS: readonly RuleCelForm[] = [
  probeForm('PP-OPS-001', 'readinessProbe', 'readiness'),
  probeForm('PP-OPS-002', 'livenessProbe', 'liveness'),
  {
    id: 'PP-OPS-010', // Workload in the default namespace (an object without a namespace lands there too)
    expression: () => `!(request.namespace in ['', 'default']) || ${OWNED}`,
  },
  {
    id: 'PP-OPS-011', // Non-system workload in kube-system
    expression: ({ params }) =>
      `request.namespace != 'kube-system' || ${celStrings(systemComponentsOf(params))}.exists(p, ${NAME}.startsWith(p)) || ${OWNED}`,
    messageExpression: `${celString('kube-system is for the platform: ')} + ${NAME} + ' is not a known system component'`,
  },
];

/** Rules of this group judged from one object whose judgement CEL cannot express, with why. */
export const OPERATIONS_NOT_IN_CEL: Readonly<Record<string, string>> = {
  'PP-OPS-003':
    'needs other objects: whether the workload must stay up depends on the PodDisruptionBudgets that select its pods, and its replica count on the HorizontalPodAutoscaler that scales it',
  'PP-OPS-004':
    'needs other objects: the replica count the rolling update is judged against is the minimum of the HorizontalPodAutoscaler that scales the workload, where one does',
  'PP-OPS-006':
    'needs other objects: whether a PodDisruptionBudget selects anything depends on the pod workloads',
  'PP-OPS-021':
    "needs other objects: a binding grants cluster-admin when its role's effective rules (aggregated ones included) are everything, which only the role objects tell",
  'PP-OPS-022':
    "needs other objects: a binding to system:authenticated is left to PP-OPS-021 when its role is equivalent to cluster-admin, which only the role's rules tell",
  'PP-OPS-024': 'needs other objects: whether the ServiceAccount a binding names exists',
};
