/** Careless and hardened host trees for kubeadm, k3s and RKE2, as a node of each would carry them. */
import {
  FAKE_CERT,
  FAKE_KEY,
  FAKE_KUBECONFIG,
  SSHD_CARELESS,
  SSHD_HARDENED,
  staticPod,
  type Tree,
} from './host-tree.js';

const AESCBC_CONFIG = `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
- resources: [secrets]
  providers:
  - aescbc:
      keys:
      - name: key1
        secret: UEFSQVBFVC1URVNULUVOQ1JZUFRJT04tS0VZLTMyQg==
  - identity: {}
`;
const IDENTITY_FIRST_CONFIG = `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
- resources: [secrets]
  providers:
  - identity: {}
  - aescbc:
      keys:
      - name: key1
        secret: UEFSQVBFVC1URVNULUVOQ1JZUFRJT04tS0VZLTMyQg==
`;
const SECRETBOX_JSON = JSON.stringify({
  kind: 'EncryptionConfiguration',
  apiVersion: 'apiserver.config.k8s.io/v1',
  resources: [
    {
      resources: ['secrets'],
      providers: [{ secretbox: { keys: [{ name: 'k', secret: 'UEFSQVBFVC1URVNU' }] } }, { identity: {} }],
    },
  ],
});

const HARDENED_APISERVER_FLAGS = [
  '--anonymous-auth=false',
  '--authorization-mode=Node,RBAC',
  '--profiling=false',
  '--audit-log-path=/var/log/kubernetes/audit.log',
  '--audit-policy-file=/etc/kubernetes/audit-policy.yaml',
  '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
  '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
  '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
  '--tls-min-version=VersionTLS12',
];
const HARDENED_ETCD_FLAGS = [
  'etcd',
  '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
  '--key-file=/etc/kubernetes/pki/etcd/server.key',
  '--client-cert-auth=true',
  '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
  '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
  '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
  '--peer-client-cert-auth=true',
];
const HARDENED_KUBELET_CONFIG = `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
authorization:
  mode: Webhook
readOnlyPort: 0
protectKernelDefaults: true
`;

export const KUBEADM_HARDENED: Tree = {
  '/etc/kubernetes/manifests/kube-apiserver.yaml': staticPod('kube-apiserver', [
    'kube-apiserver',
    ...HARDENED_APISERVER_FLAGS,
    '--encryption-provider-config=/etc/kubernetes/encryption/config.yaml',
  ]),
  '/etc/kubernetes/encryption/config.yaml': AESCBC_CONFIG,
  '/etc/kubernetes/manifests/kube-controller-manager.yaml': staticPod('kube-controller-manager', [
    'kube-controller-manager',
    '--profiling=false',
  ]),
  '/etc/kubernetes/manifests/kube-scheduler.yaml': staticPod('kube-scheduler', [
    'kube-scheduler',
    '--profiling=false',
  ]),
  '/etc/kubernetes/manifests/etcd.yaml': staticPod('etcd', HARDENED_ETCD_FLAGS),
  '/var/lib/kubelet/config.yaml': HARDENED_KUBELET_CONFIG,
  '/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf': `[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS
`,
  '/var/lib/kubelet/kubeadm-flags.env':
    'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/containerd/containerd.sock"\n',
  '/etc/kubernetes/admin.conf': FAKE_KUBECONFIG,
  '/etc/kubernetes/kubelet.conf': FAKE_KUBECONFIG,
  '/etc/kubernetes/pki/ca.crt': { text: FAKE_CERT, mode: 0o644 },
  '/etc/kubernetes/pki/ca.key': FAKE_KEY,
  '/etc/kubernetes/pki/apiserver.key': FAKE_KEY,
  '/etc/kubernetes/pki/etcd/ca.key': FAKE_KEY,
  ...SSHD_HARDENED,
};

export const KUBEADM_CARELESS: Tree = {
  '/etc/kubernetes/manifests/kube-apiserver.yaml': staticPod('kube-apiserver', [
    'kube-apiserver',
    '--authorization-mode=AlwaysAllow',
    '--encryption-provider-config=/etc/kubernetes/encryption/config.yaml',
    '--tls-min-version=VersionTLS10',
    '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
    '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
  ]),
  '/etc/kubernetes/encryption/config.yaml': IDENTITY_FIRST_CONFIG,
  '/etc/kubernetes/manifests/kube-controller-manager.yaml': staticPod('kube-controller-manager', [
    'kube-controller-manager',
    '--profiling=true',
  ]),
  '/etc/kubernetes/manifests/kube-scheduler.yaml': staticPod('kube-scheduler', [
    'kube-scheduler',
    '--profiling=false',
  ]),
  '/etc/kubernetes/manifests/etcd.yaml': staticPod('etcd', [
    'etcd',
    '--listen-client-urls=http://0.0.0.0:2379',
    '--peer-auto-tls=true',
  ]),
  '/var/lib/kubelet/config.yaml': `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: true
authorization:
  mode: AlwaysAllow
`,
  '/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf':
    '[Service]\nEnvironment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"\n',
  '/var/lib/kubelet/kubeadm-flags.env': 'KUBELET_KUBEADM_ARGS="--read-only-port=10255"\n',
  '/etc/kubernetes/admin.conf': { text: FAKE_KUBECONFIG, mode: 0o644 },
  '/etc/kubernetes/kubelet.conf': { text: FAKE_KUBECONFIG, uid: 1000, gid: 1000 },
  '/etc/kubernetes/pki/ca.crt': { text: FAKE_CERT, mode: 0o666 },
  '/etc/kubernetes/pki/ca.key': { text: FAKE_KEY, mode: 0o644 },
  '/etc/kubernetes/pki/apiserver.key': { text: FAKE_KEY, mode: 0o640 },
  '/etc/ssh/sshd_config': SSHD_CARELESS,
};

const K3S_UNIT = (args: string) => `[Unit]
Description=Lightweight Kubernetes
[Service]
Type=notify
ExecStart=/usr/local/bin/k3s \\
    server \\
${args}
`;

export const K3S_CARELESS: Tree = {
  '/etc/rancher/k3s/config.yaml': `write-kubeconfig-mode: "0644"
kube-apiserver-arg:
  - anonymous-auth=true
  - profiling=true
kubelet-arg:
  - read-only-port=10255
`,
  '/etc/rancher/k3s/config.yaml.d/10-debug.yaml': 'kubelet-arg+:\n  - anonymous-auth=true\n',
  '/etc/systemd/system/k3s.service': K3S_UNIT("    '--kube-apiserver-arg=authorization-mode=AlwaysAllow' \\"),
  '/etc/rancher/k3s/k3s.yaml': { text: FAKE_KUBECONFIG, mode: 0o644 },
  '/var/lib/rancher/k3s/server/tls/server-ca.key': { text: FAKE_KEY, mode: 0o644 },
  '/var/lib/rancher/k3s/server/tls/server-ca.crt': { text: FAKE_CERT, mode: 0o644 },
  '/var/lib/rancher/k3s/server/cred/admin.kubeconfig': { text: FAKE_KUBECONFIG, mode: 0o644 },
  '/etc/ssh/sshd_config': SSHD_CARELESS,
};

export const K3S_HARDENED: Tree = {
  '/etc/rancher/k3s/config.yaml': `write-kubeconfig-mode: "0600"
secrets-encryption: true
protect-kernel-defaults: true
cluster-init: true
kube-apiserver-arg:
  - audit-log-path=/var/lib/rancher/k3s/server/logs/audit.log
  - audit-policy-file=/var/lib/rancher/k3s/server/audit.yaml
`,
  '/etc/systemd/system/k3s.service': K3S_UNIT("    '--node-label=site=shop-12' \\"),
  '/var/lib/rancher/k3s/server/cred/encryption-config.json': JSON.stringify({
    kind: 'EncryptionConfiguration',
    apiVersion: 'apiserver.config.k8s.io/v1',
    resources: [
      {
        resources: ['secrets'],
        providers: [{ aescbc: { keys: [{ name: 'k', secret: 'UEFSQVBFVA==' }] } }, { identity: {} }],
      },
    ],
  }),
  '/var/lib/rancher/k3s/server/db/etcd/config': `name: edge-1
listen-client-urls: https://127.0.0.1:2379
client-transport-security:
  cert-file: /var/lib/rancher/k3s/server/tls/etcd/server-client.crt
  key-file: /var/lib/rancher/k3s/server/tls/etcd/server-client.key
  client-cert-auth: true
  trusted-ca-file: /var/lib/rancher/k3s/server/tls/etcd/server-ca.crt
peer-transport-security:
  cert-file: /var/lib/rancher/k3s/server/tls/etcd/peer-server-client.crt
  key-file: /var/lib/rancher/k3s/server/tls/etcd/peer-server-client.key
  client-cert-auth: true
  trusted-ca-file: /var/lib/rancher/k3s/server/tls/etcd/peer-ca.crt
`,
  '/etc/rancher/k3s/k3s.yaml': FAKE_KUBECONFIG,
  '/var/lib/rancher/k3s/server/tls/server-ca.key': FAKE_KEY,
  '/var/lib/rancher/k3s/server/tls/server-ca.crt': { text: FAKE_CERT, mode: 0o644 },
  '/var/lib/rancher/k3s/server/tls/etcd/server-ca.key': FAKE_KEY,
  ...SSHD_HARDENED,
};

const RKE2_MANIFESTS = '/var/lib/rancher/rke2/agent/pod-manifests';
const RKE2_ETCD_CONFIG = '/var/lib/rancher/rke2/server/db/etcd/config';

export const RKE2_HARDENED: Tree = {
  '/etc/rancher/rke2/config.yaml': 'profile: cis\nwrite-kubeconfig-mode: "0600"\n',
  [`${RKE2_MANIFESTS}/kube-apiserver.yaml`]: staticPod('kube-apiserver', [
    'kube-apiserver',
    ...HARDENED_APISERVER_FLAGS,
    '--encryption-provider-config=/var/lib/rancher/rke2/server/cred/encryption-config.json',
  ]),
  '/var/lib/rancher/rke2/server/cred/encryption-config.json': SECRETBOX_JSON,
  [`${RKE2_MANIFESTS}/kube-controller-manager.yaml`]: staticPod('kube-controller-manager', [
    'kube-controller-manager',
    '--profiling=false',
  ]),
  [`${RKE2_MANIFESTS}/kube-scheduler.yaml`]: staticPod('kube-scheduler', [
    'kube-scheduler',
    '--profiling=false',
  ]),
  [`${RKE2_MANIFESTS}/etcd.yaml`]: staticPod('etcd', ['etcd', `--config-file=${RKE2_ETCD_CONFIG}`]),
  [RKE2_ETCD_CONFIG]: `client-transport-security:
  cert-file: /var/lib/rancher/rke2/server/tls/etcd/server-client.crt
  key-file: /var/lib/rancher/rke2/server/tls/etcd/server-client.key
  client-cert-auth: true
peer-transport-security:
  cert-file: /var/lib/rancher/rke2/server/tls/etcd/peer-server-client.crt
  key-file: /var/lib/rancher/rke2/server/tls/etcd/peer-server-client.key
  client-cert-auth: true
`,
  '/etc/rancher/rke2/rke2.yaml': FAKE_KUBECONFIG,
  '/var/lib/rancher/rke2/server/tls/client-ca.key': FAKE_KEY,
  '/var/lib/rancher/rke2/agent/kubelet.kubeconfig': FAKE_KUBECONFIG,
  ...SSHD_HARDENED,
};

export const RKE2_CARELESS: Tree = {
  '/etc/rancher/rke2/config.yaml':
    'secrets-encryption: false\nkubelet-arg:\n  - authorization-mode=AlwaysAllow\n',
  [`${RKE2_MANIFESTS}/kube-apiserver.yaml`]: staticPod('kube-apiserver', [
    'kube-apiserver',
    '--anonymous-auth=false',
    '--authorization-mode=Node,RBAC',
    '--profiling=true',
  ]),
  [`${RKE2_MANIFESTS}/etcd.yaml`]: staticPod('etcd', ['etcd', `--config-file=${RKE2_ETCD_CONFIG}`]),
  [RKE2_ETCD_CONFIG]: 'client-transport-security:\n  client-cert-auth: false\n',
  '/etc/rancher/rke2/rke2.yaml': { text: FAKE_KUBECONFIG, mode: 0o644 },
  '/var/lib/rancher/rke2/server/tls/client-ca.key': { text: FAKE_KEY, mode: 0o604 },
  '/etc/ssh/sshd_config': SSHD_CARELESS,
};
