/**
 * A Kubernetes API server double for tests: a real HTTPS server on 127.0.0.1 (random port, a self-signed
 * certificate made at start) that serves the REST API as kube-apiserver does for the kinds parapet reads —
 * discovery, `/version`, lists with `limit`/`continue` (and `410 Gone` for an expired token), metadata-only
 * lists through the `Accept` header, a Table for kubectl, kubelet configz through the node proxy — behind
 * bearer-token auth, with injectable faults.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedPair } from '../../src/admission/self-signed.js';

export interface FakeKind {
  group: string;
  version: string;
  kind: string;
  /** The plural resource name in URLs. */
  resource: string;
  namespaced: boolean;
}

/** What kube-apiserver serves for the built-in kinds parapet reads. */
export const BUILT_IN_KINDS: readonly FakeKind[] = [
  ...core('Pod', 'pods'),
  ...core('Service', 'services'),
  ...core('ServiceAccount', 'serviceaccounts'),
  ...core('Secret', 'secrets'),
  ...core('ConfigMap', 'configmaps'),
  ...core('ReplicationController', 'replicationcontrollers'),
  ...core('PodTemplate', 'podtemplates'),
  ...core('LimitRange', 'limitranges'),
  ...core('ResourceQuota', 'resourcequotas'),
  { group: '', version: 'v1', kind: 'Namespace', resource: 'namespaces', namespaced: false },
  { group: '', version: 'v1', kind: 'Node', resource: 'nodes', namespaced: false },
  ...namespaced('apps', 'v1', ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']),
  ...namespaced('batch', 'v1', ['Job', 'CronJob']),
  ...namespaced('networking.k8s.io', 'v1', ['NetworkPolicy', 'Ingress']),
  ...namespaced('policy', 'v1', ['PodDisruptionBudget']),
  ...namespaced('autoscaling', 'v2', ['HorizontalPodAutoscaler']),
  ...namespaced('rbac.authorization.k8s.io', 'v1', ['Role', 'RoleBinding']),
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRole',
    resource: 'clusterroles',
    namespaced: false,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRoleBinding',
    resource: 'clusterrolebindings',
    namespaced: false,
  },
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: 'CustomResourceDefinition',
    resource: 'customresourcedefinitions',
    namespaced: false,
  },
];

function core(kind: string, resource: string): FakeKind[] {
  return [{ group: '', version: 'v1', kind, resource, namespaced: true }];
}

function namespaced(group: string, version: string, kinds: string[]): FakeKind[] {
  return kinds.map((kind) => ({
    group,
    version,
    kind,
    resource: plural(kind),
    namespaced: true,
  }));
}

/** `networkpolicies`, `ingresses`, `deployments`: the resource names of the kinds above. */
function plural(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith('y')) return `${lower.slice(0, -1)}ies`;
  return lower.endsWith('s') ? `${lower}es` : `${lower}s`;
}

/** A response forced on matching requests: an error status, a delay, or both. */
export interface Fault {
  /** Matched against the request path (without query). */
  path: string | RegExp;
  status?: number;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  /** Milliseconds to wait before answering. */
  delayMs?: number;
  /** How many matching requests it applies to (default: all). */
  times?: number;
  /** Only requests that carry a `continue` token. */
  withContinue?: boolean;
}

export interface FakeApiServerOptions {
  /** Objects as a client would write them (with apiVersion and kind). */
  objects?: readonly Record<string, unknown>[];
  kinds?: readonly FakeKind[];
  /** The bearer token requests must carry. */
  token?: string;
  gitVersion?: string;
  faults?: Fault[];
  /**
   * Each node's kubelet configuration, served at `/api/v1/nodes/<name>/proxy/configz` as the API server proxies
   * the kubelet's answer (`{"kubeletconfig": ...}`); a Node without one answers 503, as an unreachable kubelet.
   */
  configz?: Record<string, Record<string, unknown>>;
}

export interface RequestRecord {
  method: string;
  path: string;
  query: URLSearchParams;
  accept: string;
  status: number;
}

export interface FakeApiServer {
  url: string;
  /** The CA that signed the serving certificate (it is self-signed: the certificate itself). */
  caPem: string;
  token: string;
  requests: RequestRecord[];
  faults: Fault[];
  /** The most requests that were in flight at once. */
  maxInFlight(): number;
  /** Continue tokens issued so far become invalid (as after etcd compaction): the next use gets 410. */
  expireContinueTokens(): void;
  /** A kubeconfig (YAML) for this server, with the token and the CA inline. */
  kubeconfig(context?: string): string;
  close(): Promise<void>;
}

const DEFAULT_TOKEN = 'parapet-test-token';

function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `skip` for the tests that start a fake API server: its certificate is made with openssl. */
export const SKIP_WITHOUT_OPENSSL = opensslAvailable()
  ? false
  : 'openssl is not installed: the fake API server cannot make its certificate';

/** A throwaway self-signed certificate for 127.0.0.1 (and localhost), made by the webhook's own helper. */
async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  const { dir, certFile, keyFile } = await selfSignedPair([], 'fake-apiserver');
  try {
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startFakeApiServer(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const kinds = options.kinds ?? BUILT_IN_KINDS;
  const token = options.token ?? DEFAULT_TOKEN;
  const objects = (options.objects ?? []).map((o, i) => withServerFields(o, i));
  const faults = options.faults ?? [];
  const requests: RequestRecord[] = [];
  let continueEpoch = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const { key, cert } = await selfSignedCertificate();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://fake');
    const accept = req.headers.accept ?? '';
    const record: RequestRecord = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      accept,
      status: 0,
    };
    requests.push(record);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`)
      return send(401, status(401, 'Unauthorized', 'Unauthorized'));
    const fault = faults.find(
      (f) =>
        (f.times === undefined || f.times > 0) &&
        (typeof f.path === 'string' ? f.path === url.pathname : f.path.test(url.pathname)) &&
        (!f.withContinue || url.searchParams.has('continue')),
    );
    if (fault) {
      if (fault.times !== undefined) fault.times--;
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (res.destroyed) return;
      if (fault.status !== undefined) {
        const headers: Record<string, string> =
          fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
        return send(
          fault.status,
          status(fault.status, REASONS[fault.status] ?? 'InternalError', `injected ${fault.status}`),
          headers,
        );
      }
    }
    if (req.method !== 'GET')
      return send(405, status(405, 'MethodNotAllowed', 'the fake server is read-only'));
    const answer = route(url, accept);
    if (answer === undefined)
      return send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    send(answer.status ?? 200, answer.body);
  };

  const route = (url: URL, accept: string): { status?: number; body: unknown } | undefined => {
    const parts = url.pathname.split('/').filter(Boolean);
    if (url.pathname === '/version') return { body: versionInfo(options.gitVersion ?? 'v1.31.4') };
    if (url.pathname === '/api')
      return { body: { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] } };
    if (url.pathname === '/apis') return { body: groupList(kinds) };
    const proxied = /^\/api\/v1\/nodes\/([^/]+)\/proxy\/configz$/.exec(url.pathname);
    if (proxied) {
      const name = decodeURIComponent(proxied[1] as string);
      if (!objects.some((o) => o.kind === 'Node' && meta(o).name === name))
        return { status: 404, body: status(404, 'NotFound', `nodes "${name}" not found`) };
      const config = options.configz?.[name];
      return config
        ? { body: { kubeletconfig: config } }
        : {
            status: 503,
            body: status(
              503,
              'ServiceUnavailable',
              `error trying to reach service: dial tcp: connect: connection refused`,
            ),
          };
    }
    // /api/v1/... or /apis/<group>/<version>/...
    const [group, version, rest] =
      parts[0] === 'api'
        ? ['', parts[1], parts.slice(2)]
        : parts[0] === 'apis'
          ? [parts[1], parts[2], parts.slice(3)]
          : [];
    if (version === undefined || rest === undefined) return undefined;
    const served = kinds.filter((k) => k.group === group && k.version === version);
    if (served.length === 0) return undefined;
    if (rest.length === 0) return { body: resourceList(group ?? '', version, served) };
    let namespace: string | undefined;
    let resourcePath = rest;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      resourcePath = rest.slice(2);
    }
    const kind = served.find((k) => k.resource === resourcePath[0]);
    if (kind === undefined || resourcePath.length > 2) return undefined;
    if (namespace !== undefined && !kind.namespaced) return undefined;
    const apiVersion = group ? `${group}/${version}` : version;
    const matching = objects.filter(
      (o) =>
        o.apiVersion === apiVersion &&
        o.kind === kind.kind &&
        (namespace === undefined || meta(o).namespace === namespace),
    );
    if (resourcePath.length === 2) {
      // GET of one object (for kinds that are cluster-scoped, `namespaces/<n>` reads the Namespace)
      const name = resourcePath[1];
      const found = matching.find((o) => meta(o).name === name);
      return found
        ? { body: found }
        : { status: 404, body: status(404, 'NotFound', `${kind.resource} "${name}" not found`) };
    }
    return list(kind, apiVersion, matching, url.searchParams, accept);
  };

  const list = (
    kind: FakeKind,
    apiVersion: string,
    matching: Record<string, unknown>[],
    query: URLSearchParams,
    accept: string,
  ) => {
    let offset = 0;
    const token = query.get('continue');
    if (token) {
      const decoded = decodeContinue(token);
      if (decoded === undefined || decoded.epoch !== continueEpoch)
        return {
          status: 410,
          body: status(
            410,
            'Expired',
            'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
          ),
        };
      offset = decoded.offset;
    }
    const limit = Number(query.get('limit') ?? '0');
    const page = limit > 0 ? matching.slice(offset, offset + limit) : matching.slice(offset);
    const next = offset + page.length;
    const listMeta: Record<string, unknown> = { resourceVersion: String(1000 + continueEpoch) };
    if (limit > 0 && next < matching.length) {
      listMeta.continue = encodeContinue({ epoch: continueEpoch, offset: next });
      listMeta.remainingItemCount = matching.length - next;
    }
    const wants = (as: string) => accept.split(',').some((a) => a.includes(`as=${as}`));
    if (wants('Table')) return { body: table(kind, page, listMeta) };
    if (wants('PartialObjectMetadataList'))
      return {
        body: {
          kind: 'PartialObjectMetadataList',
          apiVersion: 'meta.k8s.io/v1',
          metadata: listMeta,
          items: page.map((o) => ({
            kind: 'PartialObjectMetadata',
            apiVersion: 'meta.k8s.io/v1',
            metadata: meta(o),
          })),
        },
      };
    // items in a list carry no kind or apiVersion: the list says them once
    const items = page.map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
    return { body: { kind: `${kind.kind}List`, apiVersion, metadata: listMeta, items } };
  };

  const server: Server = createServer({ key, cert }, (req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `https://127.0.0.1:${port}`;
  return {
    url,
    caPem: cert,
    token,
    requests,
    faults,
    maxInFlight: () => maxInFlight,
    expireContinueTokens() {
      continueEpoch++;
    },
    kubeconfig(context = 'fake') {
      return kubeconfigFor(url, cert, token, context);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export function kubeconfigFor(url: string, caPem: string, token: string, context = 'fake'): string {
  return `apiVersion: v1
kind: Config
clusters:
  - name: ${context}
    cluster:
      server: ${url}
      certificate-authority-data: ${Buffer.from(caPem).toString('base64')}
users:
  - name: ${context}-user
    user:
      token: ${token}
contexts:
  - name: ${context}
    context:
      cluster: ${context}
      user: ${context}-user
current-context: ${context}
`;
}

const REASONS: Record<number, string> = {
  403: 'Forbidden',
  404: 'NotFound',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function meta(object: Record<string, unknown>): Record<string, unknown> {
  return (object.metadata ?? {}) as Record<string, unknown>;
}

/** What the API server adds to every stored object. */
function withServerFields(object: Record<string, unknown>, index: number): Record<string, unknown> {
  const metadata = meta(object);
  return {
    ...object,
    metadata: {
      uid: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      resourceVersion: String(100 + index),
      creationTimestamp: '2026-01-01T00:00:00Z',
      ...metadata,
    },
  };
}

function versionInfo(gitVersion: string) {
  const [major, minor] = gitVersion.replace(/^v/, '').split('.');
  return {
    major,
    minor,
    gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.23.4',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

function groupList(kinds: readonly FakeKind[]) {
  const groups = new Map<string, Set<string>>();
  for (const k of kinds) if (k.group) groups.set(k.group, (groups.get(k.group) ?? new Set()).add(k.version));
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups].map(([name, versions]) => {
      const list = [...versions].map((version) => ({ groupVersion: `${name}/${version}`, version }));
      return { name, versions: list, preferredVersion: list[0] };
    }),
  };
}

function resourceList(group: string, version: string, kinds: readonly FakeKind[]) {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: kinds.flatMap((k) => [
      {
        name: k.resource,
        singularName: k.kind.toLowerCase(),
        namespaced: k.namespaced,
        kind: k.kind,
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      },
      // subresources are listed too, and a client must skip them
      {
        name: `${k.resource}/status`,
        singularName: '',
        namespaced: k.namespaced,
        kind: k.kind,
        verbs: ['get', 'patch', 'update'],
      },
    ]),
  };
}

/** A `meta.k8s.io/v1` Table, which kubectl asks for: name and age columns, each row with its object's metadata. */
function table(kind: FakeKind, page: Record<string, unknown>[], listMeta: Record<string, unknown>) {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', description: 'Name of the object', priority: 0 },
      { name: 'Kind', type: 'string', format: '', description: 'Kind of the object', priority: 0 },
    ],
    rows: page.map((o) => ({
      cells: [meta(o).name, kind.kind],
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: meta(o) },
    })),
  };
}

function encodeContinue(state: { epoch: number; offset: number }): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decodeContinue(token: string): { epoch: number; offset: number } | undefined {
  try {
    const state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return typeof state?.epoch === 'number' && typeof state?.offset === 'number' ? state : undefined;
  } catch {
    return undefined;
  }
}
