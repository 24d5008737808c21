/**
 * `scan --cluster` judges what the API server shows of the platform: its version, its certificates, the flags of
 * the control-plane mirror pods and each kubelet's configz, by the same rules `parapet node` uses; what it cannot
 * see (a kubelet the proxy does not reach, a hidden control plane) is a note naming the rules not assessed.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { readCluster } from '../../src/cluster/read.js';
import type { Finding, Note } from '../../src/findings/finding.js';
import { RULES } from '../../src/rules/registry.js';
import { type FakeApiServer, SKIP_WITHOUT_OPENSSL, startFakeApiServer } from './fake-apiserver.js';
import { kubeconfigFile, parapetAsync } from './run.js';

const skip = SKIP_WITHOUT_OPENSSL;

function node(name: string, kubelet: string, osImage: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-node-${name}` },
    spec: {},
    status: { nodeInfo: { kubeletVersion: kubelet, osImage, kernelVersion: '5.15.0-100-generic' } },
  };
}

function mirrorPod(component: string, flags: string[]): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${component}-cp-1`,
      namespace: 'kube-system',
      uid: `uid-mirror-${component}`,
      labels: { component, tier: 'control-plane' },
      annotations: { 'kubernetes.io/config.mirror': 'd41d8cd98f00b204e9800998ecf8427e' },
    },
    spec: {
      hostNetwork: true,
      containers: [
        { name: component, image: `registry.k8s.io/${component}:v1.29.4`, command: [component, ...flags] },
      ],
    },
  };
}

async function scan(server: FakeApiServer) {
  const result = await parapetAsync([
    'scan',
    '--cluster',
    '--kubeconfig',
    kubeconfigFile(server.kubeconfig()),
    '--format',
    'json',
  ]);
  assert.equal(result.code, 1, result.stderr);
  return JSON.parse(result.stdout) as { findings: Finding[]; notes: Note[] };
}

const on = (report: { findings: Finding[] }, ruleId: string) =>
  report.findings.filter((f) => f.ruleId === ruleId);

describe('scan --cluster: platform checks from the API', { skip }, () => {
  let server: FakeApiServer;
  let report: Awaited<ReturnType<typeof scan>>;
  before(async () => {
    server = await startFakeApiServer({
      gitVersion: 'v1.29.4',
      objects: [
        node('cp-1', 'v1.29.4', 'Ubuntu 22.04.4 LTS'),
        node('edge-1', 'v1.25.3', 'CentOS Linux 7 (Core)'),
        node('edge-2', 'v1.29.4', 'Ubuntu 22.04.4 LTS'),
        mirrorPod('kube-apiserver', [
          '--anonymous-auth=true',
          '--authorization-mode=Node,RBAC',
          '--encryption-provider-config=/etc/kubernetes/enc/config.yaml',
          '--etcd-servers=https://127.0.0.1:2379',
        ]),
        mirrorPod('etcd', [
          '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
          '--key-file=/etc/kubernetes/pki/etcd/server.key',
        ]),
      ],
      configz: {
        'cp-1': {
          authentication: { anonymous: { enabled: true }, webhook: { enabled: true } },
          authorization: { mode: 'Webhook' },
          readOnlyPort: 10255,
        },
        // edge-2's kubelet config has no readOnlyPort and no protectKernelDefaults: configz leaves zero values out
        'edge-2': {
          authentication: { anonymous: { enabled: false }, webhook: { enabled: true } },
          authorization: { mode: 'Webhook' },
          protectKernelDefaults: true,
        },
      },
    });
    report = await scan(server);
  });
  after(() => server.close());

  it('judges the server version, the nodes’ kubelets and operating systems against the dated release data', () => {
    const version = on(report, 'PP-PLAT-020');
    assert.equal(version.length, 1);
    assert.equal(version[0]?.severity, 'high');
    assert.match(
      version[0]?.message ?? '',
      /Kubernetes 1\.29\.4, out of support since 2025-02-28.*\(release data of \d{4}-\d\d-\d\d\)/,
    );
    const kubelets = on(report, 'PP-PLAT-021').map((f) => `${f.resource.name}: ${f.message}`);
    assert.ok(
      kubelets.some((m) => /^edge-1: .*4 minors behind kube-apiserver 1\.29\.4/.test(m)),
      kubelets.join('\n'),
    );
    const os = on(report, 'PP-PLAT-022');
    assert.deepEqual(
      os.map((f) => f.resource.name),
      ['edge-1'],
    );
    assert.match(
      os[0]?.message ?? '',
      /CentOS Linux 7 \(Core\), kernel 5\.15\.0-100-generic: CentOS Linux 7 is out of standard support/,
    );
  });

  it('judges the control-plane mirror pods’ flags with the node rules, on the pod’s uid', () => {
    const anonymous = on(report, 'PP-NODE-001');
    assert.equal(anonymous.length, 1);
    assert.equal(anonymous[0]?.resource.kind, 'KubeAPIServer');
    assert.equal(anonymous[0]?.resource.namespace, 'kube-system');
    assert.equal(anonymous[0]?.resource.uid, 'uid-mirror-kube-apiserver');
    assert.equal(
      anonymous[0]?.message,
      'kube-apiserver accepts anonymous requests: `--anonymous-auth` is true',
    );
    // etcd without client certificates; kube-apiserver without its etcd client certificate
    const etcd = on(report, 'PP-NODE-010').map((f) => `${f.resource.kind} ${f.message}`);
    assert.ok(
      etcd.some((m) => m.startsWith('Etcd etcd does not require client certificates')),
      etcd.join('\n'),
    );
    assert.ok(etcd.some((m) => m.startsWith('KubeAPIServer kube-apiserver presents no client certificate')));
    // the encryption file is on the node: not assessable, said so, never passed or failed
    assert.deepEqual(on(report, 'PP-NODE-009'), []);
    assert.ok(
      report.notes.some((n) =>
        /not assessable from the API: which provider encrypts Secrets/.test(n.message),
      ),
    );
    assert.ok(
      report.notes.some(
        (n) =>
          n.level === 'warning' &&
          /^not assessable from the API: no mirror pod of kube-controller-manager, kube-scheduler in kube-system .* not assessed$/.test(
            n.message,
          ),
      ),
      JSON.stringify(report.notes),
    );
  });

  it('judges kubelets from configz, zero values left out meaning zero, and notes a kubelet it cannot reach', () => {
    const byNode = (id: string) => on(report, id).map((f) => f.resource.name);
    assert.deepEqual(byNode('PP-NODE-005'), ['cp-1']);
    assert.deepEqual(byNode('PP-NODE-004'), ['cp-1']);
    assert.deepEqual(byNode('PP-NODE-007'), ['cp-1']);
    assert.equal(on(report, 'PP-NODE-005')[0]?.resource.uid, 'uid-node-cp-1');
    assert.ok(
      report.notes.some((n) =>
        /^kubelet configuration \(configz\) of edge-1 not readable: 503 ServiceUnavailable — PP-NODE-004\.\.007, PP-NODE-011, PP-NODE-017, PP-NODE-018 not assessed$/.test(
          n.message,
        ),
      ),
      JSON.stringify(report.notes),
    );
    assert.ok(server.requests.some((r) => r.path === '/api/v1/nodes/cp-1/proxy/configz' && r.status === 200));
  });

  it('reads the API server’s certificates from the TLS handshake, and the CA bundle it trusts', async () => {
    const read = await readCluster({ catalog: RULES, kubeconfig: kubeconfigFile(server.kubeconfig()) });
    const certificates = read.resources.find((r) => r.kind === 'APIServerCertificates');
    const pem = (text: unknown) => new X509Certificate(String(text)).fingerprint256;
    const expected = pem(server.caPem);
    assert.ok(certificates, 'no APIServerCertificates fact');
    assert.deepEqual((certificates.object.serving as unknown[]).map(pem), [expected]);
    assert.deepEqual((certificates.object.caBundle as unknown[]).map(pem), [expected]);
    // the fake server's certificate (its own CA) lives 30 days: expiring, on the wire and in the bundle
    const expiring = on(report, 'PP-PLAT-023');
    assert.deepEqual(expiring.map((f) => `${f.path} ${f.severity}`).sort(), [
      'caBundle[0] medium',
      'serving[0] medium',
    ]);
    assert.match(
      expiring[0]?.message ?? '',
      /holds certificate `CN=fake-apiserver`, which expires on \d{4}-\d\d-\d\d, in (29|30) days; renew it/,
    );
  });

  it('says a managed control plane is not assessable, naming the distribution', async () => {
    const managed = await startFakeApiServer({ gitVersion: 'v1.33.2-eks-1234567' });
    try {
      const result = await parapetAsync([
        'scan',
        '--cluster',
        '--kubeconfig',
        kubeconfigFile(managed.kubeconfig()),
        '--format',
        'json',
        '--fail-on',
        'none',
      ]);
      const notes = (JSON.parse(result.stdout) as { notes: Note[] }).notes;
      assert.ok(
        notes.some((n) =>
          /^not assessable from the API: no mirror pod of kube-apiserver, kube-controller-manager, kube-scheduler, etcd in kube-system \(Amazon EKS runs the control plane out of sight\) — PP-NODE-001\.\.003/.test(
            n.message,
          ),
        ),
        JSON.stringify(notes),
      );
    } finally {
      await managed.close();
    }
  });
});
