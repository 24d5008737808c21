/**
 * Single-object rules besides the Pod Security checks, in CEL: true when the pod is allowed, read through the
 * same variables (pod-variables.ts). test/export proves each against its rule on the rule's own examples.
 */
const SPEC = 'variables.podSpec';
const WINDOWS = `(has(${SPEC}.os) && has(${SPEC}.os.name) && ${SPEC}.os.name == 'windows')`;

export const RULE_CEL: Readonly<Record<string, string>> = {
  // PP-WL-002 Writable root filesystem (not judged for Windows pods)
  'PP-WL-002': `${WINDOWS} || variables.containers.all(c, has(c.securityContext) && has(c.securityContext.readOnlyRootFilesystem) && c.securityContext.readOnlyRootFilesystem == true)`,
  // PP-WL-008 Process namespace shared between containers
  'PP-WL-008': `!(has(${SPEC}.shareProcessNamespace) && ${SPEC}.shareProcessNamespace == true)`,
};
