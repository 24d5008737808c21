/**
 * In a pod, with no kubeconfig anywhere, the scan uses the pod's ServiceAccount: the token and CA mounted at
 * /var/run/secrets/kubernetes.io/serviceaccount and KUBERNETES_SERVICE_HOST/PORT. Tested with those files in a
 * temporary directory (the loader's injectable root) against the fake API server.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ClusterError } from '../../src/cluster/access.js';
import { readCluster } from '../../src/cluster/read.js';
import { RULES } from '../../src/rules/registry.js';
import { type FakeApiServer, SKIP_WITHOUT_OPENSSL, startFakeApiServer } from './fake-apiserver.js';
import { namespace } from './objects.js';

describe('in-cluster access (the pod’s ServiceAccount)', { skip: SKIP_WITHOUT_OPENSSL }, () => {
  let server: FakeApiServer;
  let root: string;
  const saved = { ...process.env };
  const writeAccount = (token: string) => {
    const dir = path.join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'token'), token);
    writeFileSync(path.join(dir, 'ca.crt'), server.caPem);
    writeFileSync(path.join(dir, 'namespace'), 'parapet');
  };

  before(async () => {
    server = await startFakeApiServer({ objects: [namespace('shop')] });
    root = mkdtempSync(path.join(tmpdir(), 'parapet-pod-'));
    // a pod: no kubeconfig, no ~/.kube/config, the service's address in the environment
    delete process.env.KUBECONFIG;
    process.env.HOME = mkdtempSync(path.join(tmpdir(), 'parapet-home-'));
    const url = new URL(server.url);
    process.env.KUBERNETES_SERVICE_HOST = url.hostname;
    process.env.KUBERNETES_SERVICE_PORT = url.port;
  });
  after(async () => {
    process.env = saved;
    rmSync(root, { recursive: true, force: true });
    await server.close();
  });

  it('reads the cluster with the mounted token and CA, as context in-cluster', async () => {
    writeAccount(server.token);
    const read = await readCluster({ catalog: RULES, inClusterRoot: root });
    assert.equal(read.context, 'in-cluster');
    assert.equal(read.server, server.url);
    assert.ok(read.resources.some((r) => r.kind === 'Namespace' && r.name === 'shop'));
    assert.ok(server.requests.every((r) => r.status !== 401));
  });

  it('a token the server refuses is a one-line ClusterError', async () => {
    writeAccount('expired-token');
    await assert.rejects(
      readCluster({ catalog: RULES, inClusterRoot: root }),
      (error: unknown) =>
        error instanceof ClusterError &&
        error.message === `${server.url} refused the credentials (401 Unauthorized)`,
    );
  });

  it('outside a pod (no token mounted) there is no cluster to scan', async () => {
    await assert.rejects(
      readCluster({ catalog: RULES, inClusterRoot: path.join(root, 'elsewhere') }),
      (error: unknown) => error instanceof ClusterError && /^no cluster to scan/.test(error.message),
    );
  });
});
