import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { type ClusterReadOptions, readCluster } from '../../src/cluster/read.js';
import { RULES } from '../../src/rules/registry.js';
import {
  BUILT_IN_KINDS,
  type FakeApiServer,
  SKIP_WITHOUT_OPENSSL,
  startFakeApiServer,
} from './fake-apiserver.js';
import { deployment, namespace, pod, replicaSet, secret } from './objects.js';
import { kubeconfigFile } from './run.js';

const skip = SKIP_WITHOUT_OPENSSL;

function configMaps(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `cm-${i}`, namespace: 'shop' },
    data: { key: `value-${i}` },
  }));
}

describe('reading a cluster', { skip }, () => {
  let server: FakeApiServer | undefined;
  afterEach(() => server?.close());

  async function read(
    objects: Record<string, unknown>[],
    options: Partial<ClusterReadOptions> = {},
    setup?: (s: FakeApiServer) => void,
  ) {
    server = await startFakeApiServer({ objects, kinds: options.catalog ? undefined : undefined });
    setup?.(server);
    return readCluster({
      catalog: RULES,
      kubeconfig: kubeconfigFile(server.kubeconfig()),
      backoffMs: 10,
      ...options,
    });
  }

  it('joins the pages of a list (limit + continue), each item typed from the list', async () => {
    const result = await read(configMaps(5), { pageSize: 2 });
    const names = result.resources.filter((r) => r.kind === 'ConfigMap').map((r) => r.name);
    assert.deepEqual(names, ['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4']);
    const pages = server?.requests.filter((r) => r.path === '/api/v1/configmaps') ?? [];
    assert.deepEqual(
      pages.map((r) => [r.query.get('limit'), r.query.has('continue')]),
      [
        ['2', false],
        ['2', true],
        ['2', true],
      ],
    );
    const first = result.resources.find((r) => r.name === 'cm-0');
    assert.equal(first?.apiVersion, 'v1');
    assert.equal(first?.object.kind, 'ConfigMap');
    assert.match(first?.origin.uid ?? '', /^00000000-/);
    assert.equal(first?.origin.file, undefined);
    assert.equal(result.serverVersion, 'v1.31.4');
    assert.deepEqual(result.notes[0], {
      level: 'info',
      message: `cluster ${server?.url} (context fake), Kubernetes v1.31.4`,
    });
  });

  it('starts a list again when its continue token expired (410 Gone), without duplicates', async () => {
    const result = await read(configMaps(5), { pageSize: 2 }, (s) =>
      s.faults.push({ path: '/api/v1/configmaps', status: 410, withContinue: true, times: 1 }),
    );
    assert.equal(result.resources.filter((r) => r.kind === 'ConfigMap').length, 5);
    const starts = server?.requests.filter(
      (r) => r.path === '/api/v1/configmaps' && !r.query.has('continue'),
    );
    assert.equal(starts?.length, 2);
    // (the platform notes say what a cluster without control-plane mirror pods hides; not about the list)
    assert.deepEqual(
      result.notes.filter(
        (n) => n.level === 'warning' && !n.message.startsWith('not assessable from the API'),
      ),
      [],
    );
  });

  it('retries 429 after Retry-After and 500 with backoff, then reads', async () => {
    const result = await read(configMaps(1), {}, (s) => {
      s.faults.push({ path: '/api/v1/configmaps', status: 429, retryAfter: 1, times: 1 });
      s.faults.push({ path: '/apis/apps/v1/deployments', status: 500, times: 2 });
    });
    assert.equal(result.resources.filter((r) => r.kind === 'ConfigMap').length, 1);
    const tries = (path: string) => server?.requests.filter((r) => r.path === path).map((r) => r.status);
    assert.deepEqual(tries('/api/v1/configmaps'), [429, 200]);
    assert.deepEqual(tries('/apis/apps/v1/deployments'), [500, 500, 200]);
  });

  it('abandons a request that outlives --request-timeout and tries again', async () => {
    const result = await read(configMaps(1), { requestTimeoutMs: 1000 }, (s) =>
      s.faults.push({ path: '/api/v1/configmaps', delayMs: 4000, times: 1 }),
    );
    assert.equal(result.resources.filter((r) => r.kind === 'ConfigMap').length, 1);
    assert.equal(server?.requests.filter((r) => r.path === '/api/v1/configmaps').length, 2);
  });

  it('gives up after the retries and says which rules a kind left unjudged', async () => {
    const result = await read([], { attempts: 2 }, (s) =>
      s.faults.push({ path: '/apis/networking.k8s.io/v1/networkpolicies', status: 503 }),
    );
    assert.ok(
      result.notes.some(
        (n) =>
          n.level === 'warning' &&
          n.message ===
            'NetworkPolicy (networking.k8s.io/v1) not readable: 503 ServiceUnavailable — PP-NET-001..003, PP-NET-005 not assessed',
      ),
      JSON.stringify(result.notes),
    );
  });

  it('turns a forbidden kind into a note naming the rules it leaves unjudged', async () => {
    const result = await read([namespace('shop')], {}, (s) =>
      s.faults.push({ path: '/apis/networking.k8s.io/v1/networkpolicies', status: 403 }),
    );
    assert.ok(
      result.notes.some(
        (n) =>
          n.message ===
          'NetworkPolicy (networking.k8s.io/v1) not readable: forbidden — PP-NET-001..003, PP-NET-005 not assessed',
      ),
    );
    // forbidden is final: no retry
    assert.equal(
      server?.requests.filter((r) => r.path === '/apis/networking.k8s.io/v1/networkpolicies').length,
      1,
    );
  });

  it('notes a kind no API group serves (an absent CRD or group)', async () => {
    server = await startFakeApiServer({ kinds: BUILT_IN_KINDS.filter((k) => k.group !== 'policy') });
    const result = await readCluster({ catalog: RULES, kubeconfig: kubeconfigFile(server.kubeconfig()) });
    assert.ok(
      result.notes.some(
        (n) =>
          n.message ===
          'PodDisruptionBudget not served by the cluster (API group or CRD absent) — PP-OPS-003, PP-OPS-005, PP-OPS-006 judged without them',
      ),
      JSON.stringify(result.notes),
    );
  });

  it('reads Secrets as metadata only unless asked, through the Accept header', async () => {
    const metadataOnly = await read([secret('shop', 'creds')]);
    const creds = metadataOnly.resources.find((r) => r.kind === 'Secret');
    assert.deepEqual(Object.keys(creds?.object ?? {}).sort(), ['apiVersion', 'kind', 'metadata']);
    assert.equal(creds?.apiVersion, 'v1');
    const accept = server?.requests.find((r) => r.path === '/api/v1/secrets')?.accept;
    assert.equal(accept, 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json');
    await server?.close();

    const whole = await read([secret('shop', 'creds')], { readSecrets: true });
    assert.ok(whole.resources.find((r) => r.kind === 'Secret')?.object.data);
  });

  it('keeps at most --concurrency requests in flight', async () => {
    const result = await read(configMaps(3), { concurrency: 2 }, (s) =>
      s.faults.push({ path: /\/(pods|configmaps|services|secrets)$/, delayMs: 50 }),
    );
    assert.ok(result.resources.length >= 3);
    assert.ok((server?.maxInFlight() ?? 0) <= 2, `in flight: ${server?.maxInFlight()}`);
  });

  it('reads one namespace (and its Namespace object) with --namespace', async () => {
    const web = deployment('shop', 'web');
    const result = await read(
      [namespace('shop'), namespace('other'), web, replicaSet(web, 'abc'), pod('other', 'x')],
      {
        namespace: 'shop',
      },
    );
    assert.deepEqual(result.resources.map((r) => `${r.kind}/${r.namespace}/${r.name}`).sort(), [
      'Deployment/shop/web',
      'Namespace//shop',
      'ReplicaSet/shop/web-abc',
    ]);
    const paths = server?.requests
      .map((r) => r.path)
      .filter((p) => !/^\/(api|apis)(\/[^/]+){0,2}$|^\/version$/.test(p));
    assert.ok(
      paths?.every((p) => p.includes('/namespaces/shop')),
      JSON.stringify(paths),
    );
  });

  it('refuses an unreachable server and bad credentials with one line', async () => {
    server = await startFakeApiServer();
    const url = server.url;
    const config = server.kubeconfig().replace(server.token, 'wrong-token');
    await assert.rejects(readCluster({ catalog: RULES, kubeconfig: kubeconfigFile(config) }), {
      name: 'ClusterError',
      message: `${url} refused the credentials (401 Unauthorized)`,
    });
    const closed = server.kubeconfig();
    await server.close();
    server = undefined;
    await assert.rejects(
      readCluster({ catalog: RULES, kubeconfig: kubeconfigFile(closed) }),
      (error: Error) => {
        assert.equal(error.name, 'ClusterError');
        assert.match(error.message, /^cannot reach https:\/\/127\.0\.0\.1:\d+: connect ECONNREFUSED/);
        return true;
      },
    );
  });
});
