/**
 * `parapet node`'s readers on careless and hardened trees of each distribution: which rules fire, on which file
 * and line, what is not assessable, and that a hardened node is clean.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScanReport } from '../../src/findings/finding.js';
import { scanNode } from '../../src/node/scan.js';
import { NODE_RULES } from '../../src/rules/platform/node/index.js';
import { buildTree, SSHD_HARDENED, type Tree } from './host-tree.js';
import {
  K3S_CARELESS,
  K3S_HARDENED,
  KUBEADM_CARELESS,
  KUBEADM_HARDENED,
  RKE2_CARELESS,
  RKE2_HARDENED,
} from './layouts.js';

async function scanTree(tree: Tree, distribution: 'auto' | 'kubeadm' | 'k3s' | 'rke2' = 'auto') {
  const built = buildTree(tree);
  try {
    return await scanNode(built.root, distribution, NODE_RULES);
  } finally {
    built.remove();
  }
}

/** `PP-NODE-001 /etc/...:12` per finding, sorted, for exact comparison. */
function placed(report: ScanReport): string[] {
  return report.findings
    .map(
      (f) =>
        `${f.ruleId} ${f.severity} ${f.resource.file}${f.resource.line === undefined ? '' : `:${f.resource.line}`}`,
    )
    .sort();
}

function notAssessable(report: ScanReport): string[] {
  return report.notes.filter((n) => n.message.startsWith('not assessable')).map((n) => n.message);
}

describe('parapet node: kubeadm', () => {
  it('detects kubeadm and says so', async () => {
    const { distribution, report } = await scanTree(KUBEADM_HARDENED);
    assert.equal(distribution, 'kubeadm');
    assert.match(report.notes[0]?.message ?? '', /^distribution: kubeadm \(detected under /);
  });

  it('a hardened node has no finding, and names its Secrets provider', async () => {
    const { report } = await scanTree(KUBEADM_HARDENED);
    assert.deepEqual(placed(report), []);
    assert.deepEqual(notAssessable(report), []);
    assert.ok(
      report.notes.some(
        (n) => n.message === 'secrets encryption: aescbc, identity (/etc/kubernetes/encryption/config.yaml)',
      ),
    );
  });

  it('a careless node: each setting found where it is written', async () => {
    const { report } = await scanTree(KUBEADM_CARELESS);
    const manifest = '/etc/kubernetes/manifests/kube-apiserver.yaml';
    assert.deepEqual(placed(report), [
      `PP-NODE-001 high ${manifest}`,
      `PP-NODE-002 critical ${manifest}:13`,
      `PP-NODE-002 high ${manifest}:13`,
      `PP-NODE-002 medium ${manifest}:13`,
      `PP-NODE-003 low ${manifest}`,
      'PP-NODE-003 low /etc/kubernetes/manifests/kube-controller-manager.yaml:13',
      'PP-NODE-004 medium /var/lib/kubelet/kubeadm-flags.env:1',
      'PP-NODE-005 high /var/lib/kubelet/config.yaml:5',
      'PP-NODE-006 high /var/lib/kubelet/config.yaml:7',
      'PP-NODE-007 low /var/lib/kubelet/config.yaml',
      `PP-NODE-008 medium ${manifest}`,
      `PP-NODE-008 medium ${manifest}`,
      'PP-NODE-009 high /etc/kubernetes/encryption/config.yaml:6',
      'PP-NODE-010 high /etc/kubernetes/manifests/etcd.yaml',
      'PP-NODE-010 high /etc/kubernetes/manifests/etcd.yaml',
      `PP-NODE-010 high ${manifest}`,
      'PP-NODE-010 medium /etc/kubernetes/manifests/etcd.yaml',
      'PP-NODE-010 medium /etc/kubernetes/manifests/etcd.yaml',
      'PP-NODE-010 medium /etc/kubernetes/manifests/etcd.yaml:14',
      `PP-NODE-011 medium ${manifest}:15`,
      'PP-NODE-012 critical /etc/kubernetes/pki/ca.key',
      'PP-NODE-012 high /etc/kubernetes/admin.conf',
      'PP-NODE-012 high /etc/kubernetes/pki/apiserver.key',
      'PP-NODE-012 medium /etc/kubernetes/pki/ca.crt',
      'PP-NODE-013 medium /etc/kubernetes/kubelet.conf',
      'PP-NODE-014 high /etc/ssh/sshd_config:2',
      'PP-NODE-015 high /etc/ssh/sshd_config:3',
      'PP-NODE-016 medium /etc/ssh/sshd_config',
    ]);
  });

  it("the kubelet's --config from the systemd drop-in's Environment line is followed", async () => {
    const tree = { ...KUBEADM_HARDENED };
    delete tree['/var/lib/kubelet/config.yaml'];
    tree['/etc/systemd/system/kubelet.service.d/20-config.conf'] =
      '[Service]\nEnvironment="KUBELET_CONFIG_ARGS=--config=/etc/kubernetes/kubelet-config.yaml --v=2"\n';
    tree['/etc/kubernetes/kubelet-config.yaml'] =
      'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nprotectKernelDefaults: false\n';
    const { report } = await scanTree(tree);
    assert.deepEqual(placed(report), ['PP-NODE-007 low /etc/kubernetes/kubelet-config.yaml:3']);
  });

  it("--config-dir drop-ins override the kubelet's file, in lexical order, *.conf only; flags override both", async () => {
    const tree = { ...KUBEADM_HARDENED };
    tree['/var/lib/kubelet/kubeadm-flags.env'] =
      'KUBELET_KUBEADM_ARGS="--config-dir=/etc/kubernetes/kubelet.conf.d --container-runtime-endpoint=unix:///run/containerd/containerd.sock"\n';
    tree['/etc/kubernetes/kubelet.conf.d/10-debug.conf'] =
      'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 10255\nprotectKernelDefaults: false\n';
    // a later drop-in wins over an earlier one; a file without .conf is not read by the kubelet
    tree['/etc/kubernetes/kubelet.conf.d/20-fix.conf'] =
      'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nprotectKernelDefaults: true\n';
    tree['/etc/kubernetes/kubelet.conf.d/30-ignored.yaml'] =
      'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthorization:\n  mode: AlwaysAllow\n';
    const { report } = await scanTree(tree);
    assert.deepEqual(placed(report), ['PP-NODE-004 medium /etc/kubernetes/kubelet.conf.d/10-debug.conf:3']);
  });

  it('a component whose file is missing is not assessable, naming the path looked at', async () => {
    const tree = { ...KUBEADM_HARDENED };
    delete tree['/etc/kubernetes/manifests/kube-apiserver.yaml'];
    const { report } = await scanTree(tree);
    assert.deepEqual(notAssessable(report), [
      'not assessable: no kube-apiserver configuration found (looked at /etc/kubernetes/manifests/kube-apiserver.yaml); its checks did not run',
    ]);
    assert.ok(!report.findings.some((f) => f.resource.kind === 'KubeAPIServer'));
  });

  it('an encryption configuration that cannot be read is not assessable, not passed', async () => {
    const tree = { ...KUBEADM_HARDENED };
    delete tree['/etc/kubernetes/encryption/config.yaml'];
    const { report } = await scanTree(tree);
    assert.deepEqual(notAssessable(report), [
      'not assessable: which provider encrypts Secrets: /etc/kubernetes/encryption/config.yaml: the file is absent or unreadable',
    ]);
  });
});

describe('parapet node: k3s', () => {
  it('a hardened k3s server with embedded etcd has no finding', async () => {
    const { distribution, report } = await scanTree(K3S_HARDENED);
    assert.equal(distribution, 'k3s');
    assert.deepEqual(placed(report), []);
    assert.deepEqual(notAssessable(report), []);
  });

  it('a careless k3s: config.yaml, its config.yaml.d drop-in and the unit ExecStart are all read', async () => {
    const { report } = await scanTree(K3S_CARELESS);
    const config = '/etc/rancher/k3s/config.yaml';
    assert.deepEqual(placed(report), [
      `PP-NODE-001 high ${config}:3`,
      'PP-NODE-002 critical /etc/systemd/system/k3s.service:7',
      'PP-NODE-002 high /etc/systemd/system/k3s.service:7',
      'PP-NODE-002 medium /etc/systemd/system/k3s.service:7',
      `PP-NODE-003 low ${config}:4`,
      `PP-NODE-004 medium ${config}:6`,
      'PP-NODE-005 high /etc/rancher/k3s/config.yaml.d/10-debug.yaml:2',
      `PP-NODE-007 low ${config}`,
      `PP-NODE-008 medium ${config}`,
      `PP-NODE-008 medium ${config}`,
      `PP-NODE-009 high ${config}`,
      'PP-NODE-012 critical /var/lib/rancher/k3s/server/tls/server-ca.key',
      'PP-NODE-012 high /etc/rancher/k3s/k3s.yaml',
      'PP-NODE-012 high /var/lib/rancher/k3s/server/cred/admin.kubeconfig',
      'PP-NODE-014 high /etc/ssh/sshd_config:2',
      'PP-NODE-015 high /etc/ssh/sshd_config:3',
      'PP-NODE-016 medium /etc/ssh/sshd_config',
    ]);
    // SQLite (kine): no etcd to judge on this host
    assert.deepEqual(notAssessable(report), [
      'not assessable: no etcd configuration found (looked at /var/lib/rancher/k3s/server/db/etcd/config); its checks did not run',
    ]);
  });

  it('a k3s agent: only the kubelet is judged, the control plane is not assessable here', async () => {
    const { report } = await scanTree({
      '/etc/systemd/system/k3s-agent.service':
        '[Service]\nExecStart=/usr/local/bin/k3s \\\n    agent \\\n    --protect-kernel-defaults\n',
      '/etc/rancher/k3s/config.yaml': 'server: https://10.20.0.1:6443\n',
      ...SSHD_HARDENED,
    });
    assert.deepEqual(placed(report), []);
    assert.equal(notAssessable(report).length, 4);
    assert.match(
      notAssessable(report)[0] ?? '',
      /no kube-apiserver configuration found \(looked at \/var\/lib\/rancher\/k3s\/server/,
    );
  });

  it("the agent's kubelet.conf.d drop-ins are read, and kubelet-arg config-dir moves them", async () => {
    const dropIn =
      'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n';
    const byDefault = await scanTree({
      ...K3S_HARDENED,
      '/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/50-local.conf': dropIn,
    });
    assert.deepEqual(placed(byDefault.report), [
      'PP-NODE-005 high /var/lib/rancher/k3s/agent/etc/kubelet.conf.d/50-local.conf:5',
    ]);
    const moved = await scanTree({
      ...K3S_HARDENED,
      '/etc/rancher/k3s/config.yaml.d/20-kubelet.yaml':
        'kubelet-arg+:\n  - config-dir=/etc/rancher/k3s/kubelet.conf.d\n',
      '/etc/rancher/k3s/kubelet.conf.d/50-local.conf': dropIn,
      // no longer the kubelet's directory: not read
      '/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/60-other.conf':
        'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 10255\n',
    });
    assert.deepEqual(placed(moved.report), [
      'PP-NODE-005 high /etc/rancher/k3s/kubelet.conf.d/50-local.conf:5',
    ]);
  });

  it('messages say when a value is k3s built-in default rather than written', async () => {
    const { report } = await scanTree(K3S_CARELESS);
    const kernel = report.findings.find((f) => f.ruleId === 'PP-NODE-007');
    assert.equal(
      kernel?.message,
      "the kubelet may override the node's kernel settings: `protectKernelDefaults` is not set (the default is false)",
    );
  });
});

describe('parapet node: RKE2', () => {
  it('a hardened RKE2 server (profile: cis, secretbox) has no finding', async () => {
    const { distribution, report } = await scanTree(RKE2_HARDENED);
    assert.equal(distribution, 'rke2');
    assert.deepEqual(placed(report), []);
    assert.ok(report.notes.some((n) => n.message.startsWith('secrets encryption: secretbox, identity')));
  });

  it("RKE2's kubelet.conf.d drop-ins are read", async () => {
    const { report } = await scanTree({
      ...RKE2_HARDENED,
      '/var/lib/rancher/rke2/agent/etc/kubelet.conf.d/10-port.conf':
        'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 10255\n',
    });
    assert.deepEqual(placed(report), [
      'PP-NODE-004 medium /var/lib/rancher/rke2/agent/etc/kubelet.conf.d/10-port.conf:3',
    ]);
  });

  it('a careless RKE2: static pods, etcd --config-file and config.yaml', async () => {
    const { report } = await scanTree(RKE2_CARELESS);
    const apiserver = '/var/lib/rancher/rke2/agent/pod-manifests/kube-apiserver.yaml';
    const etcd = '/var/lib/rancher/rke2/server/db/etcd/config';
    assert.deepEqual(placed(report), [
      `PP-NODE-003 low ${apiserver}:15`,
      'PP-NODE-006 high /etc/rancher/rke2/config.yaml:3',
      'PP-NODE-007 low /etc/rancher/rke2/config.yaml',
      `PP-NODE-008 medium ${apiserver}`,
      `PP-NODE-008 medium ${apiserver}`,
      `PP-NODE-009 high ${apiserver}`,
      `PP-NODE-010 high ${apiserver}`,
      `PP-NODE-010 high ${apiserver}`,
      `PP-NODE-010 high ${etcd}`,
      `PP-NODE-010 high ${etcd}:2`,
      `PP-NODE-010 medium ${etcd}`,
      `PP-NODE-010 medium ${etcd}`,
      'PP-NODE-012 critical /var/lib/rancher/rke2/server/tls/client-ca.key',
      'PP-NODE-012 high /etc/rancher/rke2/rke2.yaml',
      'PP-NODE-014 high /etc/ssh/sshd_config:2',
      'PP-NODE-015 high /etc/ssh/sshd_config:3',
      'PP-NODE-016 medium /etc/ssh/sshd_config',
    ]);
    assert.equal(notAssessable(report).length, 2, 'controller-manager and scheduler manifests are absent');
  });

  it('--distribution forces a layout even where another is detected', async () => {
    const { distribution, report } = await scanTree(RKE2_HARDENED, 'kubeadm');
    assert.equal(distribution, 'kubeadm');
    assert.equal(report.notes[0]?.message, 'distribution: kubeadm (as given)');
    assert.ok(notAssessable(report).some((m) => m.includes('/etc/kubernetes/manifests/kube-apiserver.yaml')));
  });
});

describe('parapet node: no distribution', () => {
  it('an empty root is an error naming what was looked for', async () => {
    await assert.rejects(
      scanTree({ '/etc/hostname': 'edge-1\n' }),
      /no kubeadm, k3s or RKE2 files under .*looked at/,
    );
  });
});
