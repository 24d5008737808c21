/** CEL forms of the pod rules about a pod's own settings, read through the pod variables (pod-variables.ts). */
import type { RuleCelForm } from './form.js';

const SPEC = 'variables.podSpec';
/** Windows pods are judged by neither rule below. */
export const IS_WINDOWS = `(has(${SPEC}.os) && has(${SPEC}.os.name) && ${SPEC}.os.name == 'windows')`;

export const WORKLOAD_FORMS: readonly RuleCelForm[] = [
  {
    id: 'PP-WL-002', // Writable root filesystem
    expression: () =>
      `${IS_WINDOWS} || variables.containers.all(c, has(c.securityContext) && has(c.securityContext.readOnlyRootFilesystem) && c.securityContext.readOnlyRootFilesystem == true)`,
  },
  {
    id: 'PP-WL-008', // Process namespace shared between containers
    expression: () => `!(has(${SPEC}.shareProcessNamespace) && ${SPEC}.shareProcessNamespace == true)`,
  },
];
