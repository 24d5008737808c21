/**
 * Reading untrusted pod fields the way PSA's typed Go structs would see a valid pod: a value of the wrong type is
 * treated as absent (Go would not have decoded it), so checks never throw on malformed input.
 */
import type { FieldPath } from '../../inventory/field-path.js';
import { listContainers } from '../../inventory/pod-specs.js';
import { asRecord } from '../../inventory/values.js';

export { asArray as asList, asRecord } from '../../inventory/values.js';

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A Go string field: absent or mistyped reads as "". */
export function stringField(holder: Record<string, unknown> | undefined, key: string): string {
  return asString(holder?.[key]) ?? '';
}

export function podSecurityContext(spec: Record<string, unknown>): Record<string, unknown> | undefined {
  return asRecord(spec.securityContext);
}

/** Path of a pod field: `specPath('hostPID')` is ['spec', 'hostPID']. */
export function specPath(...segments: (string | number)[]): FieldPath {
  return ['spec', ...segments];
}

/** Path of a pod-level security context field. */
export function podContextPath(...segments: (string | number)[]): FieldPath {
  return ['spec', 'securityContext', ...segments];
}

export interface PodContainer {
  name: string;
  container: Record<string, unknown>;
  securityContext: Record<string, unknown> | undefined;
  /** Path of a field of this container, relative to the pod: `at('securityContext', 'privileged')`. */
  at(...segments: (string | number)[]): FieldPath;
}

/** Container views per pod spec: every check of a pod walks the same containers. */
const containerViews = new WeakMap<Record<string, unknown>, PodContainer[]>();

/** Init, regular and ephemeral containers, in PSA's visiting order. */
export function podContainers(spec: Record<string, unknown>): PodContainer[] {
  let views = containerViews.get(spec);
  if (views === undefined) {
    views = listContainers(spec).map((ref) => ({
      name: ref.name,
      container: ref.container,
      securityContext: asRecord(ref.container.securityContext),
      at: (...segments: (string | number)[]) => ['spec', ...ref.path, ...segments],
    }));
    containerViews.set(spec, views);
  }
  return views;
}

/** From policy v1.25, restricted checks on Linux-only fields skip pods that declare `spec.os.name: windows`. */
export function isWindowsPod(spec: Record<string, unknown>): boolean {
  return asRecord(spec.os)?.name === 'windows';
}

/** A pod in a user namespace (`hostUsers: false`): root in the container is not root on the host. */
export function inUserNamespace(spec: Record<string, unknown>): boolean {
  return spec.hostUsers === false;
}
