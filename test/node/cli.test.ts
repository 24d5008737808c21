/** `parapet node` as a user runs it: formats, exit codes, and no key or token content in any output. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parapet } from '../helpers/cli.js';
import { buildTree } from './host-tree.js';
import { K3S_CARELESS, KUBEADM_CARELESS, KUBEADM_HARDENED } from './layouts.js';

/** Text planted in the fixtures' keys, kubeconfigs and EncryptionConfigurations. */
const SECRET_MARKERS = [
  'PARAPET-TEST-KEY-MATERIAL',
  'PARAPET-TEST-TOKEN',
  'UEFSQVBFVC1URVNU',
  'BEGIN PRIVATE KEY',
];

describe('parapet node (CLI)', () => {
  const trees: { root: string; remove: () => void }[] = [];
  let careless: string;
  let hardened: string;
  let k3s: string;
  before(() => {
    for (const tree of [KUBEADM_CARELESS, KUBEADM_HARDENED, K3S_CARELESS]) trees.push(buildTree(tree));
    [careless, hardened, k3s] = trees.map((t) => t.root) as [string, string, string];
  });
  after(() => {
    for (const tree of trees) tree.remove();
  });

  it('table: findings with file:line, the detected distribution, exit 1', () => {
    const result = parapet(['node', '--root', careless]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /PP-NODE-002/);
    assert.match(
      result.stdout,
      /KubeAPIServer apiserver {2}\(\/etc\/kubernetes\/manifests\/kube-apiserver\.yaml\)/,
    );
    assert.match(
      result.stdout,
      /`--authorization-mode` is AlwaysAllow {2}settings\.authorization-mode \(line 13\)/,
    );
    assert.match(result.stdout, /Kubelet kubelet {2}\(\/var\/lib\/kubelet\/kubeadm-flags\.env:1\)/);
    assert.match(result.stdout, /distribution: kubeadm \(detected under /);
  });

  it('json: the ScanReport contract with node objects', () => {
    const result = parapet(['node', '--root', k3s, '--format', 'json']);
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as {
      findings: { ruleId: string; resource: { kind: string; file: string } }[];
    };
    const anonymous = report.findings.find((f) => f.ruleId === 'PP-NODE-001');
    assert.deepEqual(anonymous?.resource.kind, 'KubeAPIServer');
    assert.equal(anonymous?.resource.file, '/etc/rancher/k3s/config.yaml');
  });

  it('sarif: results located in the host files, relative to the host root', () => {
    const result = parapet(['node', '--root', careless, '--format', 'sarif']);
    const sarif = JSON.parse(result.stdout) as {
      runs: {
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }[];
      }[];
    };
    const uris =
      sarif.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri) ?? [];
    assert.ok(uris.includes('etc/kubernetes/pki/ca.key'), JSON.stringify(uris));
  });

  it('never prints key, token or encryption key content, in any format', () => {
    for (const format of ['table', 'json', 'sarif']) {
      for (const root of [careless, hardened, k3s]) {
        const result = parapet(['node', '--root', root, '--format', format]);
        for (const marker of SECRET_MARKERS)
          assert.ok(!result.stdout.includes(marker), `${format} printed ${marker}`);
      }
    }
  });

  it('a hardened node exits 0', () => {
    const result = parapet(['node', '--root', hardened]);
    assert.equal(result.code, 0, result.stdout);
  });

  it('--fail-on none always exits 0', () => {
    assert.equal(parapet(['node', '--root', careless, '--fail-on', 'none']).code, 0);
  });

  it('no distribution under the root: a one-line error, exit 2', () => {
    const empty = buildTree({ '/etc/hostname': 'edge\n' });
    try {
      const result = parapet(['node', '--root', empty.root]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /^parapet node: no kubeadm, k3s or RKE2 files under .*\n$/);
    } finally {
      empty.remove();
    }
  });

  it('usage errors exit 2', () => {
    const result = parapet(['node', '--root', careless, '--distribution', 'openshift']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--distribution must be one of auto, kubeadm, k3s, rke2/);
  });
});
