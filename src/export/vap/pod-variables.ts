/**
 * How an exported policy finds the pod in whatever it admits (api-resources.ts has the match constraints): a match
 * condition that skips controllers without a pod template, and the variables the rules' expressions read. All
 * derived from inventory/pod-specs.ts, the one place that knows where each kind keeps its template.
 */
import {
  CONTAINER_TYPES,
  NATIVE_SIDECAR_RESTART_POLICY,
  POD_CONTROLLER_KINDS,
  templatePathOf,
} from '../../inventory/pod-specs.js';

/** Kinds grouped by where they keep the template, in the order POD_CONTROLLER_KINDS lists them. */
function kindsByPath(): { path: string[]; kinds: string[] }[] {
  const groups = new Map<string, { path: string[]; kinds: string[] }>();
  for (const kind of POD_CONTROLLER_KINDS) {
    const path = (templatePathOf(kind) ?? []).map(String);
    const key = path.join('.');
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { path, kinds: [kind] });
    else group.kinds.push(kind);
  }
  return [...groups.values()];
}

function kindTest(kinds: readonly string[]): string {
  return kinds.length === 1
    ? `object.kind == '${kinds[0]}'`
    : `object.kind in [${kinds.map((k) => `'${k}'`).join(', ')}]`;
}

/** `has(a.b) && has(a.b.c) ...`: the guard CEL needs before reading a path that may be absent. */
export function present(root: string, ...path: readonly string[]): string {
  return path.map((_, i) => `has(${[root, ...path.slice(0, i + 1)].join('.')})`).join(' && ');
}

/** `kind A ? a : kind B ? b : c`, by template location: the last group is the fallback. */
function byKind(value: (path: string[]) => string): string {
  const groups = kindsByPath();
  const last = groups.pop();
  if (last === undefined) throw new Error('no pod controller kinds');
  return groups.reduceRight(
    (otherwise, group) => `${kindTest(group.kinds)} ? ${value(group.path)} : ${otherwise}`,
    value(last.path),
  );
}

/** True when the object has a pod spec where its kind keeps one (a controller without one is not judged). */
export const HAS_POD_SPEC = byKind((path) => present('object', ...path, 'spec'));

export interface PolicyVariable {
  name: string;
  expression: string;
}

/** The variables every exported pod rule reads: the pod spec, the template's annotations, and all containers. */
export const POD_VARIABLES: readonly PolicyVariable[] = [
  { name: 'podSpec', expression: byKind((path) => ['object', ...path, 'spec'].join('.')) },
  {
    name: 'annotations',
    expression: byKind((path) => {
      const meta = [...path, 'metadata'];
      return `(${present('object', ...meta, 'annotations')} ? ${['object', ...meta, 'annotations'].join('.')} : {})`;
    }),
  },
  {
    name: 'containers',
    expression: CONTAINER_TYPES.map(
      (type) => `(has(variables.podSpec.${type}) ? variables.podSpec.${type} : [])`,
    ).join(' + '),
  },
];

/**
 * The containers that run beside each other (as runningContainers of rules/helpers.ts): the app containers and
 * native sidecars, init containers that keep running.
 */
export const RUNNING_CONTAINERS: PolicyVariable = {
  name: 'runningContainers',
  expression: `(has(variables.podSpec.initContainers) ? variables.podSpec.initContainers.filter(c, has(c.restartPolicy) && c.restartPolicy == '${NATIVE_SIDECAR_RESTART_POLICY}') : []) + (has(variables.podSpec.containers) ? variables.podSpec.containers : [])`,
};
