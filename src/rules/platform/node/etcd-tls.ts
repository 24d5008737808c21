import { CIS_NODE, EXTRA_SUPPLY_CHAIN } from '../../../references/controls.js';
import type { Reference } from '../../../references/frameworks.js';
import type { ObjectRule, Violation } from '../../types.js';
import { describeSetting, factExample, settingOf, settingPath } from './settings.js';

interface TlsRequirement {
  /** Every one of these must be set (to anything but an empty value). */
  set?: readonly string[];
  /** This one must be true. */
  trueFlag?: string;
  /** This one must not be true. */
  notTrue?: string;
  message: string;
  severity: NonNullable<Violation['severity']>;
  reference: Reference;
}

/** etcd's own side: what serves clients and peers with certificates it checks. */
const ETCD: readonly TlsRequirement[] = [
  {
    set: ['cert-file', 'key-file'],
    message: 'etcd serves clients without TLS',
    severity: 'high',
    reference: CIS_NODE.etcdCertFile,
  },
  {
    trueFlag: 'client-cert-auth',
    message: 'etcd does not require client certificates',
    severity: 'high',
    reference: CIS_NODE.etcdClientCertAuth,
  },
  {
    notTrue: 'auto-tls',
    message: 'etcd serves clients with a self-signed certificate',
    severity: 'medium',
    reference: CIS_NODE.etcdAutoTls,
  },
  {
    set: ['peer-cert-file', 'peer-key-file'],
    message: 'etcd talks to its peers without TLS',
    severity: 'medium',
    reference: CIS_NODE.etcdPeerCertFile,
  },
  {
    trueFlag: 'peer-client-cert-auth',
    message: 'etcd does not require peer certificates',
    severity: 'medium',
    reference: CIS_NODE.etcdPeerClientCertAuth,
  },
  {
    notTrue: 'peer-auto-tls',
    message: 'etcd uses self-signed peer certificates',
    severity: 'medium',
    reference: CIS_NODE.etcdPeerAutoTls,
  },
];

/** The API server's side: it presents a client certificate and checks etcd's. */
const APISERVER: readonly TlsRequirement[] = [
  {
    set: ['etcd-certfile', 'etcd-keyfile'],
    message: 'kube-apiserver presents no client certificate to etcd',
    severity: 'high',
    reference: CIS_NODE.etcdClientCerts,
  },
  {
    set: ['etcd-cafile'],
    message: "kube-apiserver does not verify etcd's certificate",
    severity: 'high',
    reference: CIS_NODE.etcdCaFile,
  },
];

function* judge(resource: Parameters<ObjectRule['check']>[0], requirements: readonly TlsRequirement[]) {
  for (const r of requirements) {
    const missing = r.set?.find((name) => !settingOf(resource, name));
    const name =
      missing ??
      (r.trueFlag && settingOf(resource, r.trueFlag)?.toLowerCase() !== 'true' ? r.trueFlag : undefined) ??
      (r.notTrue && settingOf(resource, r.notTrue)?.toLowerCase() === 'true' ? r.notTrue : undefined);
    if (name === undefined) continue;
    yield {
      path: settingPath(name),
      message: `${r.message}: ${missing ? `\`--${name}\` is not set` : describeSetting(resource, name, 'false')}`,
      severity: r.severity,
      problem: name,
      references: [r.reference, EXTRA_SUPPLY_CHAIN.encryption],
    } satisfies Violation;
  }
}

export const etcdTls: ObjectRule = {
  meta: {
    id: 'PP-NODE-010',
    title: 'etcd traffic without mutual TLS',
    chapter: 'platform',
    severity: 'high',
    recommendation:
      'Serve etcd to clients and peers with certificates from its own CA and require client certificates; give kube-apiserver its etcd client certificate and CA.',
    rationale:
      "etcd holds the whole cluster: every Secret, every token. Whoever can talk to it without a client certificate reads and rewrites all of it, past RBAC and admission; without TLS between peers, replication traffic crosses the network in clear. kubeadm, k3s's embedded etcd and RKE2 set this up; hand-made or edited setups lose it.",
    remediation:
      'Set `--cert-file`, `--key-file`, `--client-cert-auth=true`, `--trusted-ca-file` and their `--peer-` counterparts on etcd (never `--auto-tls`), and `--etcd-certfile`, `--etcd-keyfile`, `--etcd-cafile` on kube-apiserver.',
    references: [...ETCD, ...APISERVER].map((r) => r.reference),
    appliesTo: ['Etcd', 'KubeAPIServer'],
    facts: ['node', 'cluster'],
    examples: {
      fail: factExample(
        'Etcd',
        'etcd',
        `
settings:
  cert-file: /etc/kubernetes/pki/etcd/server.crt
  key-file: /etc/kubernetes/pki/etcd/server.key
  peer-cert-file: /etc/kubernetes/pki/etcd/peer.crt
  peer-key-file: /etc/kubernetes/pki/etcd/peer.key
  peer-client-cert-auth: 'true'
`,
      ),
      pass: factExample(
        'Etcd',
        'etcd',
        `
settings:
  cert-file: /etc/kubernetes/pki/etcd/server.crt
  key-file: /etc/kubernetes/pki/etcd/server.key
  client-cert-auth: 'true'
  peer-cert-file: /etc/kubernetes/pki/etcd/peer.crt
  peer-key-file: /etc/kubernetes/pki/etcd/peer.key
  peer-client-cert-auth: 'true'
`,
      ),
    },
  },
  target: 'object',
  *check(resource) {
    // a local socket (k3s's kine) carries no network traffic to protect
    if (resource.kind === 'KubeAPIServer' && settingOf(resource, 'etcd-servers')?.startsWith('unix://'))
      return;
    yield* judge(resource, resource.kind === 'Etcd' ? ETCD : APISERVER);
  },
};
