/**
 * A live cluster as scan input: the kinds the catalog needs, listed page by page (`limit` + `continue`, the list
 * restarted on 410 Gone), each item made a Resource with its uid as origin. What cannot be read becomes a note
 * naming the rules it leaves unjudged; an unreachable server or unusable kubeconfig is a ClusterError.
 */
import type { Note } from '../findings/finding.js';
import { type KubeObject, type Resource, toResource } from '../inventory/resource.js';
import type { Rule } from '../rules/types.js';
import { type AccessOptions, type ClusterAccess, ClusterError, loadAccess } from './access.js';
import { ApiClient, ApiError, type ApiOptions } from './api.js';
import { type ApiResource, collectionPath, discover } from './discovery.js';
import { neededKinds, ruleIdRanges } from './needed-kinds.js';

export interface ClusterReadOptions extends AccessOptions, ApiOptions {
  catalog: readonly Rule[];
  /** Only this namespace (and its Namespace object); all namespaces and cluster-scoped kinds by default. */
  namespace?: string;
  /** Read Secrets whole; by default only their metadata is read. */
  readSecrets?: boolean;
  /** Items per page (default 500, as kubectl). */
  pageSize?: number;
  /**
   * Also read what the API server shows of the platform (its version and certificates, control-plane mirror pods,
   * kubelet configz) as facts for the platform rules (default true; diff compares objects only).
   */
  platform?: boolean;
  /** After each page: kinds fully listed, kinds to list, objects read so far. */
  onProgress?: (kindsListed: number, kinds: number, objects: number) => void;
}

export interface ClusterRead {
  resources: Resource[];
  notes: Note[];
  inputErrors: boolean;
  server: string;
  context: string;
  /** `/version`'s gitVersion (`v1.31.4`). */
  serverVersion: string;
}

const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
/** The rules that judge a Secret itself (its data), not merely its existence. */
function secretJudges(catalog: readonly Rule[]): string[] {
  return catalog.filter((rule) => rule.meta.appliesTo.includes('Secret')).map((rule) => rule.meta.id);
}

/** Restarts of one list after 410 Gone before giving up on it. */
const MAX_LIST_RESTARTS = 3;

export async function readCluster(options: ClusterReadOptions): Promise<ClusterRead> {
  const access = await loadAccess(options);
  const api = new ApiClient(access, options);
  try {
    return await readWith(api, access, options);
  } finally {
    api.close();
  }
}

async function readWith(
  api: ApiClient,
  access: ClusterAccess,
  options: ClusterReadOptions,
): Promise<ClusterRead> {
  const version = await api.get('/version').catch((error: unknown) => {
    throw unusable(access.server, error);
  });
  const discovery = await discover(api).catch((error: unknown) => {
    throw unusable(access.server, error);
  });
  const serverVersion = typeof version.gitVersion === 'string' ? version.gitVersion : 'of unknown version';
  const notes: Note[] = [
    {
      level: 'info',
      message: `cluster ${access.server} (context ${access.context}), Kubernetes ${serverVersion}`,
    },
  ];
  const needed = neededKinds(options.catalog);
  const tasks: { kind: string; resource: ApiResource; ids: string[] }[] = [];
  for (const [kind, ids] of needed) {
    const served = discovery.byKind.get(kind);
    if (served === undefined) {
      notes.push({
        level: 'info',
        message: `${kind} not served by the cluster (API group or CRD absent) — ${ruleIdRanges(ids)} judged without them`,
      });
      continue;
    }
    for (const resource of served) {
      // a namespace scan reads that Namespace object alone of the cluster-scoped kinds
      if (options.namespace !== undefined && !resource.namespaced && kind !== 'Namespace') continue;
      tasks.push({ kind, resource, ids });
    }
  }
  for (const { groupVersion, reason } of discovery.unavailable)
    notes.push({
      level: 'warning',
      message: `API ${groupVersion} unavailable (${reason}): its kinds were not read`,
    });
  if (!options.readSecrets && tasks.some((t) => t.kind === 'Secret'))
    notes.push({
      level: 'info',
      message: `Secrets read as metadata only: ${ruleIdRanges(secretJudges(options.catalog))} judge their contents with --read-secrets`,
    });

  let listed = 0;
  let objects = 0;
  const perTask = await Promise.all(
    tasks.map(async (task) => {
      try {
        const items = await readKind(api, task.resource, options, (page) => {
          objects += page;
          options.onProgress?.(listed, tasks.length, objects);
        });
        return items;
      } catch (error) {
        notes.push({ level: 'warning', message: unreadable(task.resource, task.ids, error) });
        return [];
      } finally {
        listed++;
        options.onProgress?.(listed, tasks.length, objects);
      }
    }),
  );
  // tasks in catalog order, items in server order: the same cluster reads the same way however pages interleave
  const resources: Resource[] = [];
  for (const items of perTask)
    for (const object of items) {
      const metadata = object.metadata as { uid?: unknown } | undefined;
      const uid = typeof metadata?.uid === 'string' ? metadata.uid : undefined;
      const resource = toResource(object, uid === undefined ? {} : { uid }, resources.length);
      if (resource !== undefined) resources.push(resource);
    }
  if (options.platform !== false) {
    if (options.namespace === undefined) {
      const { readPlatform } = await import('./platform.js');
      const platform = await readPlatform({
        api,
        access,
        catalog: options.catalog,
        resources,
        serverVersion,
        timeoutMs: options.requestTimeoutMs ?? 30_000,
      });
      resources.push(...platform.facts);
      notes.push(...platform.notes);
    } else {
      notes.push({
        level: 'info',
        message:
          'platform checks (version, certificates, control-plane and kubelet settings) run on whole-cluster scans only',
      });
    }
  }
  return {
    resources,
    notes,
    inputErrors: false,
    server: access.server,
    context: access.context,
    serverVersion,
  };
}

/** Every object of one resource, pages joined; a 410 (the continue token expired) starts the list again. */
async function readKind(
  api: ApiClient,
  resource: ApiResource,
  options: ClusterReadOptions,
  onPage: (items: number) => void,
): Promise<KubeObject[]> {
  const metadataOnly = resource.kind === 'Secret' && resource.apiVersion === 'v1' && !options.readSecrets;
  const accept = metadataOnly ? METADATA_ONLY : 'application/json';
  if (options.namespace !== undefined && !resource.namespaced) {
    // the Namespace of a namespace scan: GET it, a 404 meaning it does not exist
    const object = await api.get(`${collectionPath(resource)}/${encodeURIComponent(options.namespace)}`);
    onPage(1);
    return [typed(object, resource, false)];
  }
  const base = collectionPath(resource, options.namespace);
  const limit = options.pageSize ?? 500;
  for (let restart = 0; ; restart++) {
    const items: KubeObject[] = [];
    let token: string | undefined;
    try {
      do {
        const query = `?limit=${limit}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
        const page = await api.get(`${base}${query}`, accept);
        const pageItems = Array.isArray(page.items) ? page.items : [];
        for (const item of pageItems)
          if (item !== null && typeof item === 'object')
            items.push(typed(item as KubeObject, resource, metadataOnly));
        onPage(pageItems.length);
        const next = (page.metadata as { continue?: unknown } | undefined)?.continue;
        token = typeof next === 'string' && next !== '' ? next : undefined;
      } while (token !== undefined);
      return items;
    } catch (error) {
      if (error instanceof ApiError && error.status === 410 && restart < MAX_LIST_RESTARTS) continue;
      throw error;
    }
  }
}

/**
 * Items in a list carry no kind or apiVersion (metadata-only items say PartialObjectMetadata): set them from the
 * resource listed. A metadata-only read keeps metadata alone even from a server that sent the whole object.
 */
function typed(item: KubeObject, resource: ApiResource, metadataOnly: boolean): KubeObject {
  if (metadataOnly) return { apiVersion: resource.apiVersion, kind: resource.kind, metadata: item.metadata };
  return { ...item, apiVersion: resource.apiVersion, kind: resource.kind };
}

/** `NetworkPolicies not readable: forbidden — PP-NET-001..005 not assessed`. */
function unreadable(resource: ApiResource, ids: readonly string[], error: unknown): string {
  const why =
    error instanceof ApiError
      ? error.status === 403
        ? 'forbidden'
        : error.status === 410
          ? 'the list kept expiring (410 Gone)'
          : error.status === 0
            ? `${error.reason}: ${error.message}`
            : `${error.status} ${error.reason}`
      : String(error);
  return `${resource.kind} (${resource.apiVersion}) not readable: ${why} — ${ruleIdRanges(ids)} not assessed`;
}

function unusable(server: string, error: unknown): ClusterError {
  if (error instanceof ClusterError) return error;
  if (error instanceof ApiError) {
    if (error.status === 0) return new ClusterError(`cannot reach ${server}: ${error.message}`);
    if (error.status === 401) return new ClusterError(`${server} refused the credentials (401 Unauthorized)`);
    return new ClusterError(`${server} answered ${error.status} ${error.reason}: ${error.message}`);
  }
  return new ClusterError(`cannot reach ${server}: ${String(error)}`);
}
