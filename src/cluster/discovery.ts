/**
 * What the server serves: `/api` and `/apis`, then each group's preferred version, as kind → the resources that
 * list it (a kind may be served by several groups, e.g. Kubernetes' and Calico's NetworkPolicy; rules tell them
 * apart by apiVersion).
 */
import { type ApiClient, ApiError } from './api.js';

export interface ApiResource {
  /** `apps/v1`, or `v1` for the core group. */
  apiVersion: string;
  kind: string;
  /** The plural name in URLs (`deployments`). */
  resource: string;
  namespaced: boolean;
}

export interface Discovery {
  byKind: Map<string, ApiResource[]>;
  /** Group versions whose discovery failed (an aggregated API that is down, say), with the reason. */
  unavailable: { groupVersion: string; reason: string }[];
}

/** `extensions` served copies of Deployments, Ingresses and others that apps and networking.k8s.io now serve. */
const LEGACY_DUPLICATE_GROUPS = new Set(['extensions']);

export async function discover(api: ApiClient): Promise<Discovery> {
  const core = await api.get('/api');
  const groups = await api.get('/apis');
  const groupVersions: string[] = strings(core.versions);
  for (const group of records(groups.groups)) {
    const preferred = record(group.preferredVersion)?.groupVersion;
    const first = records(group.versions)[0]?.groupVersion;
    const groupVersion = typeof preferred === 'string' ? preferred : first;
    if (typeof groupVersion === 'string') groupVersions.push(groupVersion);
  }
  const discovery: Discovery = { byKind: new Map(), unavailable: [] };
  const lists = await Promise.all(
    groupVersions.map((gv) =>
      api.get(gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`).then(
        (list) => ({ gv, list }),
        (error: unknown) => {
          discovery.unavailable.push({
            groupVersion: gv,
            reason: error instanceof ApiError ? error.reason : String(error),
          });
          return undefined;
        },
      ),
    ),
  );
  for (const entry of lists) {
    if (entry === undefined) continue;
    for (const r of records(entry.list.resources)) {
      const { name, kind, namespaced, verbs } = r;
      // subresources (`pods/log`) and what cannot be listed are not objects to read
      if (typeof name !== 'string' || name.includes('/') || typeof kind !== 'string') continue;
      if (!strings(verbs).includes('list')) continue;
      const found = { apiVersion: entry.gv, kind, resource: name, namespaced: namespaced === true };
      const known = discovery.byKind.get(kind);
      if (known === undefined) discovery.byKind.set(kind, [found]);
      else known.push(found);
    }
  }
  for (const [kind, found] of discovery.byKind) {
    const current = found.filter((r) => !LEGACY_DUPLICATE_GROUPS.has(groupOf(r.apiVersion)));
    if (current.length > 0 && current.length < found.length) discovery.byKind.set(kind, current);
  }
  return discovery;
}

export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
}

/** `/api/v1/pods`, `/apis/apps/v1/namespaces/shop/deployments`. */
export function collectionPath(resource: ApiResource, namespace?: string): string {
  const root = resource.apiVersion.includes('/')
    ? `/apis/${resource.apiVersion}`
    : `/api/${resource.apiVersion}`;
  return namespace !== undefined && resource.namespaced
    ? `${root}/namespaces/${encodeURIComponent(namespace)}/${resource.resource}`
    : `${root}/${resource.resource}`;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function records(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    const r = record(v);
    return r === undefined ? [] : [r];
  });
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
