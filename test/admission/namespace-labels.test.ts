// Policies that select namespaces by label: the webhook reads the labels from a real (fake) API server over HTTPS,
// keeps them for a while, shares one read between concurrent requests, and judges without the label entries (logged
// and counted) when the labels cannot be read.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { namespaceLabelCache } from '../../src/admission/namespace-labels.js';
import { namespaceLabelReader } from '../../src/cluster/namespace-labels.js';
import { type FakeApiServer, SKIP_WITHOUT_OPENSSL, startFakeApiServer } from '../cluster/fake-apiserver.js';
import { type Harness, PRIVILEGED, pod, startHarness } from './harness.js';

const namespace = (name: string, labels: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } },
});

const POLICY = `
admission:
  mode: audit
  overrides:
    - {rule: PP-PSS-*, namespaceSelector: {matchLabels: {env: prod}}, mode: deny}
  exemptions:
    - {namespaceSelector: {matchExpressions: [{key: parapet.io/exempt, operator: Exists}]}, reason: labelled exempt}
`;

describe('webhook: namespace label selectors', { skip: SKIP_WITHOUT_OPENSSL }, () => {
  let api: FakeApiServer;
  let h: Harness;
  before(async () => {
    api = await startFakeApiServer({
      objects: [
        namespace('shop', { env: 'prod' }),
        namespace('lab', { env: 'dev' }),
        namespace('legacy', { env: 'prod', 'parapet.io/exempt': 'yes' }),
      ],
    });
    const dir = await mkdtemp(join(tmpdir(), 'parapet-nslabels-'));
    const kubeconfig = join(dir, 'kubeconfig');
    await writeFile(kubeconfig, api.kubeconfig());
    const policyFile = join(dir, 'parapet.yaml');
    await writeFile(policyFile, POLICY);
    // a generous deadline: the first read loads the client on a machine that may be busy
    h = await startHarness({
      policyFile,
      timeoutMs: 15_000,
      namespaceLabels: namespaceLabelReader({ kubeconfig }),
    });
  });
  after(async () => {
    await h.close();
    await api.close();
  });

  it('denies where the selector matches the namespace labels', async () => {
    const response = await h.review({ object: pod('bad', PRIVILEGED), namespace: 'shop' });
    assert.equal(response.allowed, false);
  });

  it('audits where it does not', async () => {
    const response = await h.review({ object: pod('bad', PRIVILEGED), namespace: 'lab' });
    assert.equal(response.allowed, true);
    assert.equal(response.warnings, undefined);
  });

  it('exempts by label', async () => {
    const response = await h.review({ object: pod('bad', PRIVILEGED), namespace: 'legacy' });
    assert.equal(response.allowed, true);
    const entry = h.logs.find((l) => l.event === 'admission' && l.namespace === 'legacy');
    assert.equal(entry?.decision, 'exempt');
    assert.equal(entry?.exemption, 'labelled exempt');
  });

  it('reads each namespace once while its labels are fresh', async () => {
    const reads = () => api.requests.filter((r) => r.path === '/api/v1/namespaces/shop').length;
    const before = reads();
    await Promise.all([1, 2, 3].map(() => h.review({ object: pod('ok'), namespace: 'shop' })));
    assert.equal(reads(), before === 0 ? 1 : before);
  });

  it('a namespace that does not exist has no labels: no selector matches', async () => {
    const response = await h.review({ object: pod('bad', PRIVILEGED), namespace: 'nowhere' });
    assert.equal(response.allowed, true);
  });
});

describe('webhook: namespace labels that cannot be read', { skip: SKIP_WITHOUT_OPENSSL }, () => {
  let h: Harness;
  before(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parapet-nslabels-'));
    const policyFile = join(dir, 'parapet.yaml');
    await writeFile(policyFile, POLICY);
    h = await startHarness({
      policyFile,
      namespaceLabels: { read: () => Promise.reject(new Error('namespaces "shop" is forbidden')) },
    });
  });
  after(() => h.close());

  it('judges without the label entries, logs why and counts it', async () => {
    const response = await h.review({ object: pod('bad', PRIVILEGED), namespace: 'shop' });
    assert.equal(response.allowed, true);
    const entry = h.logs.find((l) => l.event === 'namespace-labels-unknown');
    assert.match(
      String(entry?.message),
      /labels of namespace shop could not be read \(namespaces "shop" is forbidden\)/,
    );
    const metrics = await h.request('/metrics');
    assert.match(metrics.body, /parapet_admission_errors_total\{reason="namespace-labels"\} 1/);
  });
});

describe('webhook: a label policy with no way to read labels', () => {
  it('says so at start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parapet-nslabels-'));
    const policyFile = join(dir, 'parapet.yaml');
    await writeFile(policyFile, POLICY);
    const h = await startHarness({ policyFile });
    try {
      assert.ok(h.logs.some((l) => l.event === 'namespace-labels-unavailable'));
    } finally {
      await h.close();
    }
  });
});

describe('namespaceLabelCache', () => {
  it('keeps labels for the TTL, retries failures sooner, and shares a read in flight', async () => {
    let clock = 0;
    let reads = 0;
    let fail = true;
    const cache = namespaceLabelCache(
      {
        read: async () => {
          reads++;
          if (fail) throw new Error('down');
          return { env: 'prod' };
        },
      },
      30_000,
      () => clock,
    );
    assert.equal((await cache.get('shop')).error, 'down');
    assert.equal((await cache.get('shop')).error, 'down');
    assert.equal(reads, 1);
    fail = false;
    clock = 1001; // a failure is kept for a second at most
    const [a, b] = await Promise.all([cache.get('shop'), cache.get('shop')]);
    assert.deepEqual(a.labels, { env: 'prod' });
    assert.equal(a, b);
    assert.equal(reads, 2);
    clock = 30_000;
    await cache.get('shop');
    assert.equal(reads, 2);
    clock = 31_002;
    await cache.get('shop');
    assert.equal(reads, 3);
  });
});
