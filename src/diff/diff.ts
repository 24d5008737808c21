/**
 * Two states of a cluster compared object by object (by group, kind, namespace and name): added, removed and
 * changed, each change with the fields that differ once server-managed fields and defaults are set aside, and
 * the reasons it matters for security, those changes first.
 */
import { formatPath } from '../inventory/field-path.js';
import { isClusterScoped } from '../inventory/kinds.js';
import type { KubeObject } from '../inventory/resource.js';
import { asArray, asRecord } from '../inventory/values.js';
import { equal, normalize } from './normalize.js';
import { securityReasons } from './security.js';

export interface DiffSide {
  /** What the user named: a file, a directory, `cluster <server>`. */
  label: string;
  objects: KubeObject[];
  /** Manifests from Git: they never hold what controllers make (ReplicaSets, Pods of a Deployment). */
  desiredState: boolean;
  /** Secrets known by metadata only (a cluster read without --read-secrets): their data is not compared. */
  secretsMetadataOnly: boolean;
}

export interface Change {
  change: 'added' | 'removed' | 'changed';
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  /** Why it matters for security; empty when it does not. */
  reasons: string[];
  /** Fields that differ (`spec.template.spec.containers[0].image`), for a change. */
  fields: string[];
}

/** Fields listed per change at most: enough to see what moved. */
const MAX_FIELDS = 20;

export function diffStates(a: DiffSide, b: DiffSide): Change[] {
  const ignoreOwned = a.desiredState || b.desiredState;
  const metadataOnly = a.secretsMetadataOnly || b.secretsMetadataOnly;
  const left = index(a.objects, ignoreOwned, metadataOnly);
  const right = index(b.objects, ignoreOwned, metadataOnly);
  const changes: Change[] = [];
  for (const [key, before] of left) {
    const after = right.get(key);
    if (after === undefined) changes.push(change('removed', before, undefined, []));
    else {
      const fields = differences(before, after, []);
      if (fields.length > 0) changes.push(change('changed', before, after, fields.slice(0, MAX_FIELDS)));
    }
  }
  for (const [key, after] of right) if (!left.has(key)) changes.push(change('added', undefined, after, []));
  const rank = (c: Change) => (c.reasons.length > 0 ? 0 : 1);
  const order = ['removed', 'changed', 'added'];
  return changes.sort(
    (x, y) =>
      rank(x) - rank(y) ||
      order.indexOf(x.change) - order.indexOf(y.change) ||
      x.kind.localeCompare(y.kind) ||
      x.namespace.localeCompare(y.namespace) ||
      x.name.localeCompare(y.name),
  );
}

function change(
  kind: Change['change'],
  before: KubeObject | undefined,
  after: KubeObject | undefined,
  fields: string[],
): Change {
  const object = (after ?? before) as KubeObject;
  const metadata = asRecord(object.metadata) ?? {};
  return {
    change: kind,
    apiVersion: String(object.apiVersion),
    kind: String(object.kind),
    namespace: String(metadata.namespace ?? ''),
    name: String(metadata.name ?? ''),
    reasons: securityReasons(before, after),
    fields,
  };
}

/** Normalized objects by `group/kind/namespace/name`; a namespaced object without a namespace is in `default`. */
function index(
  objects: readonly KubeObject[],
  ignoreOwned: boolean,
  metadataOnly: boolean,
): Map<string, KubeObject> {
  const out = new Map<string, KubeObject>();
  for (const object of objects) {
    const metadata = asRecord(object.metadata);
    if (typeof metadata?.name !== 'string') continue;
    if (ignoreOwned && asArray(metadata.ownerReferences).some((ref) => asRecord(ref)?.controller === true))
      continue;
    const kind = String(object.kind);
    const namespace = isClusterScoped(kind)
      ? ''
      : typeof metadata.namespace === 'string'
        ? metadata.namespace
        : 'default';
    let normalized = normalize(object);
    normalized = {
      ...normalized,
      metadata: { ...asRecord(normalized.metadata), ...(namespace ? { namespace } : {}) },
    };
    if (metadataOnly && kind === 'Secret' && object.apiVersion === 'v1')
      normalized = { apiVersion: normalized.apiVersion, kind, metadata: normalized.metadata };
    const group = String(object.apiVersion).includes('/') ? String(object.apiVersion).split('/')[0] : '';
    out.set(`${group}/${kind}/${namespace}/${metadata.name}`, normalized);
  }
  return out;
}

/** Paths where two values differ; values are never reported, only where they sit (a Secret's data stays unsaid). */
function differences(a: unknown, b: unknown, path: (string | number)[]): string[] {
  if (equal(a, b)) return [];
  const ra = asRecord(a);
  const rb = asRecord(b);
  if (ra !== undefined && rb !== undefined) {
    const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])].filter(
      (k) => k !== 'apiVersion' || path.length > 0,
    );
    return keys.flatMap((k) => differences(ra[k], rb[k], [...path, k]));
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length)
    return a.flatMap((item, i) => differences(item, b[i], [...path, i]));
  return [formatPath(path)];
}
