/**
 * The node rules as tables over the objects src/node/ builds (written here as YAML): `settings` as found on
 * the node, `defaults` as the distribution sets them, files with their mode and owner.
 */
import { apiserverAnonymousAuth } from '../../src/rules/platform/node/apiserver-anonymous-auth.js';
import { auditLog } from '../../src/rules/platform/node/audit-log.js';
import { apiserverAuthorizationMode } from '../../src/rules/platform/node/authorization-mode.js';
import { etcdTls } from '../../src/rules/platform/node/etcd-tls.js';
import { fileOwnership } from '../../src/rules/platform/node/file-ownership.js';
import { filePermissions } from '../../src/rules/platform/node/file-permissions.js';
import { kubeletAnonymousAuth } from '../../src/rules/platform/node/kubelet-anonymous-auth.js';
import { kubeletAuthorization } from '../../src/rules/platform/node/kubelet-authorization.js';
import { kubeletReadOnlyPort } from '../../src/rules/platform/node/kubelet-read-only-port.js';
import { kubeletRotateCertificates } from '../../src/rules/platform/node/kubelet-rotate-certificates.js';
import { profiling } from '../../src/rules/platform/node/profiling.js';
import { protectKernelDefaults } from '../../src/rules/platform/node/protect-kernel-defaults.js';
import { secretsEncryption } from '../../src/rules/platform/node/secrets-encryption.js';
import {
  sshdListenAddress,
  sshdPasswordAuthentication,
  sshdRootLogin,
} from '../../src/rules/platform/node/sshd.js';
import { tlsCipherSuites } from '../../src/rules/platform/node/tls-cipher-suites.js';
import { tlsMinVersion } from '../../src/rules/platform/node/tls-min-version.js';
import { ruleTester } from '../helpers/rule-tester.js';

/** A component object with these settings (YAML flow mappings) and, optionally, distribution defaults. */
function component(kind: string, settings: string, extra = ''): string {
  return `apiVersion: node.parapet.dev/v1\nkind: ${kind}\nmetadata: {name: ${kind.toLowerCase()}}\nsettings: ${settings}\n${extra}`;
}
const apiserver = (settings: string, extra = '') => component('KubeAPIServer', settings, extra);
const kubelet = (settings: string, extra = '') => component('Kubelet', settings, extra);
const etcd = (settings: string) => component('Etcd', settings);
const sshd = (settings: string) => component('SshdConfig', settings);
function file(name: string, role: string, mode: string, owner = 'uid: 0\ngid: 0'): string {
  return `apiVersion: node.parapet.dev/v1\nkind: HostFile\nmetadata: {name: ${name}}\nrole: ${role}\nmode: '${mode}'\n${owner}\n`;
}

ruleTester(apiserverAnonymousAuth, {
  valid: [
    { name: 'set to false', yaml: apiserver('{anonymous-auth: "false"}') },
    {
      name: 'off by the distribution (k3s, RKE2)',
      yaml: apiserver('{}', 'defaults: {anonymous-auth: "false"}'),
    },
  ],
  invalid: [
    {
      name: 'not set: the upstream default is true',
      yaml: apiserver('{}'),
      errors: [
        {
          message:
            'kube-apiserver accepts anonymous requests: `--anonymous-auth` is not set (the default is true)',
          path: 'settings.anonymous-auth',
          severity: 'high',
          cis: ['1.2.1'],
        },
      ],
    },
    {
      name: 'turned back on through kube-apiserver-arg',
      yaml: apiserver('{anonymous-auth: "true"}', 'defaults: {anonymous-auth: "false"}'),
      errors: [{ message: 'kube-apiserver accepts anonymous requests: `--anonymous-auth` is true' }],
    },
  ],
});

ruleTester(apiserverAuthorizationMode, {
  valid: [{ name: 'Node,RBAC', yaml: apiserver('{authorization-mode: "Node,RBAC"}') }],
  invalid: [
    {
      name: 'AlwaysAllow: critical, and neither RBAC nor Node',
      yaml: apiserver('{authorization-mode: AlwaysAllow}'),
      errors: [
        {
          message: 'kube-apiserver authorizes every request: `--authorization-mode` is AlwaysAllow',
          severity: 'critical',
          cis: ['1.2.6'],
        },
        {
          message: 'kube-apiserver does not use RBAC: `--authorization-mode` is AlwaysAllow',
          severity: 'high',
          cis: ['1.2.8'],
        },
        { message: /Node authorizer/, severity: 'medium', cis: ['1.2.7'] },
      ],
    },
    {
      name: 'not set: the default is AlwaysAllow',
      yaml: apiserver('{}'),
      errors: [
        {
          message:
            /authorizes every request: `--authorization-mode` is not set \(the default is AlwaysAllow\)/,
        },
        { message: /does not use RBAC/ },
        { message: /Node authorizer/ },
      ],
    },
    {
      name: 'RBAC without Node',
      yaml: apiserver('{authorization-mode: RBAC}'),
      errors: [{ message: /does not restrict kubelets with the Node authorizer/, severity: 'medium' }],
    },
  ],
});

ruleTester(profiling, {
  valid: [
    { name: 'API server with --profiling=false', yaml: apiserver('{profiling: "false"}') },
    {
      name: 'scheduler off by the distribution',
      yaml: component('KubeScheduler', '{}', 'defaults: {profiling: "false"}'),
    },
  ],
  invalid: [
    {
      name: 'API server: default on',
      yaml: apiserver('{}'),
      errors: [
        {
          message: 'kube-apiserver serves profiling data: `--profiling` is not set (the default is true)',
          severity: 'low',
          cis: ['1.2.15'],
        },
      ],
    },
    {
      name: 'controller manager: explicitly on',
      yaml: component('KubeControllerManager', '{profiling: "true"}'),
      errors: [
        { message: 'kube-controller-manager serves profiling data: `--profiling` is true', cis: ['1.3.2'] },
      ],
    },
    {
      name: 'scheduler: default on',
      yaml: component('KubeScheduler', '{}'),
      errors: [{ message: /^kube-scheduler serves profiling data/, cis: ['1.4.1'] }],
    },
  ],
});

ruleTester(kubeletReadOnlyPort, {
  valid: [
    { name: 'readOnlyPort 0', yaml: kubelet('{readOnlyPort: "0"}') },
    { name: "a configuration file's default", yaml: kubelet('{}', 'defaults: {readOnlyPort: "0"}') },
  ],
  invalid: [
    {
      name: 'flag --read-only-port=10255',
      yaml: kubelet('{readOnlyPort: "10255"}', 'defaults: {readOnlyPort: "0"}'),
      errors: [
        {
          message: 'the kubelet serves an unauthenticated read-only port: `readOnlyPort` is 10255',
          path: 'settings.readOnlyPort',
          severity: 'medium',
          cis: ['4.2.4'],
        },
      ],
    },
    {
      name: 'flags only, nothing set: 10255',
      yaml: kubelet('{}', 'defaults: {readOnlyPort: "10255"}'),
      errors: [{ message: /`readOnlyPort` is not set \(the default is 10255\)/ }],
    },
  ],
});

ruleTester(kubeletAnonymousAuth, {
  valid: [{ name: 'disabled', yaml: kubelet('{authentication.anonymous.enabled: "false"}') }],
  invalid: [
    {
      name: 'enabled',
      yaml: kubelet('{authentication.anonymous.enabled: "true"}'),
      errors: [
        {
          message: 'the kubelet accepts anonymous requests: `authentication.anonymous.enabled` is true',
          severity: 'high',
          cis: ['4.2.1'],
        },
      ],
    },
  ],
});

ruleTester(kubeletAuthorization, {
  valid: [
    {
      name: 'Webhook with webhook authentication',
      yaml: kubelet('{authorization.mode: Webhook, authentication.webhook.enabled: "true"}'),
    },
  ],
  invalid: [
    {
      name: 'AlwaysAllow, no webhook authentication',
      yaml: kubelet('{authorization.mode: AlwaysAllow, authentication.webhook.enabled: "false"}'),
      errors: [
        {
          message:
            'the kubelet authorizes requests without asking the API server: `authorization.mode` is AlwaysAllow',
          severity: 'high',
          cis: ['4.2.2'],
        },
        {
          message:
            'the kubelet does not verify bearer tokens with the API server: `authentication.webhook.enabled` is false',
          severity: 'medium',
        },
      ],
    },
  ],
});

ruleTester(protectKernelDefaults, {
  valid: [{ name: 'true', yaml: kubelet('{protectKernelDefaults: "true"}') }],
  invalid: [
    {
      name: 'not set',
      yaml: kubelet('{}'),
      errors: [
        {
          message:
            "the kubelet may override the node's kernel settings: `protectKernelDefaults` is not set (the default is false)",
          severity: 'low',
        },
      ],
    },
  ],
});

ruleTester(auditLog, {
  valid: [
    {
      name: 'log and policy',
      yaml: apiserver('{audit-log-path: /var/log/audit.log, audit-policy-file: /etc/kubernetes/audit.yaml}'),
    },
    {
      name: 'webhook backend and policy',
      yaml: apiserver(
        '{audit-webhook-config-file: /etc/kubernetes/wh.yaml, audit-policy-file: /etc/kubernetes/audit.yaml}',
      ),
    },
  ],
  invalid: [
    {
      name: 'neither',
      yaml: apiserver('{}'),
      errors: [
        { message: /keeps no audit log/, path: 'settings.audit-log-path', cis: ['1.2.16'] },
        { message: /has no audit policy/, path: 'settings.audit-policy-file', cis: ['3.2.1'] },
      ],
    },
    {
      name: 'a log path without a policy records nothing',
      yaml: apiserver('{audit-log-path: /var/log/audit.log}'),
      errors: [
        {
          message:
            'kube-apiserver has no audit policy (`--audit-policy-file` is not set), so no event is recorded',
        },
      ],
    },
  ],
});

const encryption = (providers: string) =>
  apiserver(
    '{encryption-provider-config: /etc/kubernetes/enc.yaml}',
    `encryption: {file: /etc/kubernetes/enc.yaml, providers: ${providers}}`,
  );

ruleTester(secretsEncryption, {
  valid: [
    { name: 'aescbc first', yaml: encryption('[aescbc, identity]') },
    { name: 'kms v2 first', yaml: encryption('["kms v2", identity]') },
    { name: 'secretbox first', yaml: encryption('[secretbox]') },
    {
      name: 'configuration unreadable: not assessable (a note), not a finding',
      yaml: apiserver('{encryption-provider-config: /x}', 'encryption: {file: /x, unreadable: absent}'),
    },
  ],
  invalid: [
    {
      name: 'no --encryption-provider-config',
      yaml: apiserver('{}'),
      errors: [
        {
          message: 'kube-apiserver stores Secrets in plain text: `--encryption-provider-config` is not set',
          severity: 'high',
          cis: ['1.2.27'],
        },
      ],
    },
    {
      name: 'identity first: reads encrypted data, writes plain text',
      yaml: encryption('[identity, aescbc]'),
      errors: [
        {
          message:
            'the first provider for Secrets in /etc/kubernetes/enc.yaml is identity, so they are written in plain text',
          path: 'encryption',
          cis: ['1.2.28'],
        },
      ],
    },
    {
      name: 'no provider covers Secrets',
      yaml: encryption('[]'),
      errors: [
        {
          message: 'no provider in /etc/kubernetes/enc.yaml covers Secrets, so they are stored in plain text',
        },
      ],
    },
    {
      name: 'aesgcm needs rotation',
      yaml: encryption('[aesgcm]'),
      errors: [
        {
          message: 'Secrets are encrypted with aesgcm: aesgcm needs its key rotated every 200,000 writes',
          severity: 'low',
        },
      ],
    },
    {
      name: 'kms v1 is deprecated',
      yaml: encryption('["kms v1"]'),
      errors: [
        { message: 'Secrets are encrypted with kms v1: KMS v1 is deprecated (use KMS v2)', severity: 'low' },
      ],
    },
  ],
});

const SECURE_ETCD =
  '{cert-file: /p/server.crt, key-file: /p/server.key, client-cert-auth: "true", peer-cert-file: /p/peer.crt, peer-key-file: /p/peer.key, peer-client-cert-auth: "true"}';

ruleTester(etcdTls, {
  valid: [
    { name: 'etcd with client and peer mutual TLS', yaml: etcd(SECURE_ETCD) },
    {
      name: 'API server with its etcd client certificate and CA',
      yaml: apiserver('{etcd-certfile: /p/c.crt, etcd-keyfile: /p/c.key, etcd-cafile: /p/ca.crt}'),
    },
    {
      name: 'API server on a local kine socket (k3s with SQLite)',
      yaml: apiserver('{}', 'defaults: {etcd-servers: "unix://kine.sock"}'),
    },
  ],
  invalid: [
    {
      name: 'etcd without any TLS',
      yaml: etcd('{}'),
      errors: [
        {
          message: 'etcd serves clients without TLS: `--cert-file` is not set',
          severity: 'high',
          cis: ['2.1'],
        },
        {
          message:
            'etcd does not require client certificates: `--client-cert-auth` is not set (the default is false)',
          severity: 'high',
          cis: ['2.2'],
        },
        {
          message: 'etcd talks to its peers without TLS: `--peer-cert-file` is not set',
          severity: 'medium',
          cis: ['2.4'],
        },
        { message: /does not require peer certificates/, cis: ['2.5'] },
      ],
    },
    {
      name: 'auto-tls: self-signed',
      yaml: etcd(SECURE_ETCD.replace('}', ', auto-tls: "true", peer-auto-tls: "true"}')),
      errors: [
        { message: 'etcd serves clients with a self-signed certificate: `--auto-tls` is true', cis: ['2.3'] },
        { message: 'etcd uses self-signed peer certificates: `--peer-auto-tls` is true', cis: ['2.6'] },
      ],
    },
    {
      name: 'API server that does not verify etcd',
      yaml: apiserver('{etcd-certfile: /p/c.crt, etcd-keyfile: /p/c.key}'),
      errors: [
        {
          message: "kube-apiserver does not verify etcd's certificate: `--etcd-cafile` is not set",
          cis: ['1.2.26'],
        },
      ],
    },
  ],
});

ruleTester(tlsMinVersion, {
  valid: [
    { name: "not set: Go's default is TLS 1.2", yaml: apiserver('{}') },
    { name: 'VersionTLS13', yaml: apiserver('{tls-min-version: VersionTLS13}') },
  ],
  invalid: [
    {
      name: 'API server accepting TLS 1.0',
      yaml: apiserver('{tls-min-version: VersionTLS10}'),
      errors: [
        {
          message: 'kube-apiserver accepts VersionTLS10, older than TLS 1.2',
          path: 'settings.tls-min-version',
        },
      ],
    },
    {
      name: 'kubelet accepting TLS 1.1',
      yaml: kubelet('{tlsMinVersion: VersionTLS11}'),
      errors: [
        { message: 'kubelet accepts VersionTLS11, older than TLS 1.2', path: 'settings.tlsMinVersion' },
      ],
    },
    {
      name: 'etcd accepting TLS1.1',
      yaml: etcd('{tls-min-version: TLS1.1}'),
      errors: [{ message: 'etcd accepts TLS1.1, older than TLS 1.2' }],
    },
  ],
});

const STRONG_SUITES = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
];
// each a near miss of a strong suite: same cipher without forward secrecy, the CBC form, 3DES, RC4
const WEAK_SUITES = [
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_RC4_128_SHA',
];

ruleTester(tlsCipherSuites, {
  valid: [
    { name: "not set: Go's defaults", yaml: apiserver('{}') },
    ...STRONG_SUITES.map((suite) => ({
      name: `strong: ${suite}`,
      yaml: apiserver(`{tls-cipher-suites: ${suite}}`),
    })),
    {
      name: 'the kubelet lists strong suites only',
      yaml: kubelet(`{tlsCipherSuites: "${STRONG_SUITES.slice(0, 2).join(',')}"}`),
    },
  ],
  invalid: [
    ...WEAK_SUITES.map((suite) => ({
      name: `weak: ${suite}`,
      yaml: apiserver(`{tls-cipher-suites: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,${suite}"}`),
      errors: [
        {
          message: `kube-apiserver offers weak cipher suites: ${suite}`,
          path: 'settings.tls-cipher-suites',
          cis: ['1.2.29'],
        },
      ],
    })),
    {
      name: 'only the second of two components is wrong: etcd',
      yaml: etcd(`{cipher-suites: "TLS_RSA_WITH_AES_128_GCM_SHA256"}`),
      errors: [
        {
          message: 'etcd offers weak cipher suites: TLS_RSA_WITH_AES_128_GCM_SHA256',
          path: 'settings.cipher-suites',
        },
      ],
    },
  ],
});

ruleTester(kubeletRotateCertificates, {
  valid: [
    { name: 'not set: CIS judges only an explicit false', yaml: kubelet('{}') },
    { name: 'true', yaml: kubelet('{rotateCertificates: "true"}') },
  ],
  invalid: [
    {
      name: 'false (the flag --rotate-certificates=false reads as the same field)',
      yaml: kubelet('{rotateCertificates: "false"}'),
      errors: [
        {
          message: 'the kubelet does not renew its client certificate: `rotateCertificates` is false',
          path: 'settings.rotateCertificates',
          severity: 'low',
          cis: ['4.2.11'],
        },
      ],
    },
  ],
});

ruleTester(filePermissions, {
  valid: [
    { name: 'CA key 0600', yaml: file('/etc/kubernetes/pki/ca.key', 'ca-key', '0600') },
    { name: 'kubeconfig 0600', yaml: file('/etc/kubernetes/admin.conf', 'kubeconfig', '0600') },
    { name: 'certificate 0644 (public)', yaml: file('/etc/kubernetes/pki/ca.crt', 'certificate', '0644') },
  ],
  invalid: [
    {
      name: 'CA key readable by group: critical',
      yaml: file('/etc/kubernetes/pki/ca.key', 'ca-key', '0640'),
      errors: [
        {
          message:
            '/etc/kubernetes/pki/ca.key is a CA private key (whoever reads it can sign any identity, cluster-admin included), readable by group (mode 0640)',
          path: 'mode',
          severity: 'critical',
          cis: ['1.1.21'],
        },
      ],
    },
    {
      name: 'CA key readable by others: critical',
      yaml: file('/var/lib/rancher/k3s/server/tls/server-ca.key', 'ca-key', '0604'),
      errors: [{ message: /readable by others \(mode 0604\)$/, severity: 'critical' }],
    },
    {
      name: 'private key readable by group: high',
      yaml: file('/etc/kubernetes/pki/apiserver.key', 'private-key', '0640'),
      errors: [
        {
          message: '/etc/kubernetes/pki/apiserver.key is a private key, readable by group (mode 0640)',
          severity: 'high',
        },
      ],
    },
    {
      name: 'kubeconfig 0644 (k3s write-kubeconfig-mode)',
      yaml: file('/etc/rancher/k3s/k3s.yaml', 'kubeconfig', '0644'),
      errors: [
        {
          message: /kubeconfig with credentials, readable by group and others/,
          severity: 'high',
          cis: ['1.1.13', '4.1.5'],
        },
      ],
    },
    {
      name: 'certificate writable by others',
      yaml: file('/etc/kubernetes/pki/ca.crt', 'certificate', '0666'),
      errors: [
        {
          message: '/etc/kubernetes/pki/ca.crt is a certificate, writable by group and others (mode 0666)',
          severity: 'medium',
        },
      ],
    },
    {
      name: 'kubelet configuration 0644',
      yaml: file('/var/lib/kubelet/config.yaml', 'config', '0644'),
      errors: [{ message: /component configuration file, readable by group and others/, severity: 'medium' }],
    },
  ],
});

ruleTester(fileOwnership, {
  valid: [{ name: 'root:root', yaml: file('/etc/kubernetes/pki/ca.key', 'ca-key', '0600') }],
  invalid: [
    {
      name: 'owned by a user',
      yaml: file('/etc/kubernetes/kubelet.conf', 'kubeconfig', '0600', 'uid: 1000\ngid: 1000'),
      errors: [
        {
          message: '/etc/kubernetes/kubelet.conf is owned by 1000:1000, not root:root',
          path: 'uid',
          cis: ['1.1.19'],
        },
      ],
    },
  ],
});

ruleTester(sshdPasswordAuthentication, {
  valid: [{ name: 'no', yaml: sshd('{passwordauthentication: "no"}') }],
  invalid: [
    {
      name: 'not set: sshd accepts passwords by default',
      yaml: sshd('{}'),
      errors: [
        {
          message: 'sshd accepts password logins: `PasswordAuthentication` is not set (the default is yes)',
          path: 'settings.passwordauthentication',
          severity: 'high',
        },
      ],
    },
    {
      name: 'yes',
      yaml: sshd('{passwordauthentication: "yes"}'),
      errors: [{ message: /`PasswordAuthentication` is yes/ }],
    },
  ],
});

ruleTester(sshdRootLogin, {
  valid: [{ name: 'no', yaml: sshd('{permitrootlogin: "no"}') }],
  invalid: [
    {
      name: 'yes: high',
      yaml: sshd('{permitrootlogin: "yes"}'),
      errors: [{ message: 'sshd lets root log in directly: `PermitRootLogin` is yes', severity: 'high' }],
    },
    {
      name: 'default prohibit-password: root with a key, medium',
      yaml: sshd('{}'),
      errors: [
        {
          message:
            'sshd lets root log in directly: `PermitRootLogin` is not set (the default is prohibit-password)',
          severity: 'medium',
        },
      ],
    },
  ],
});

ruleTester(sshdListenAddress, {
  valid: [
    { name: 'a management address', yaml: sshd('{listenaddress: "10.20.0.5"}') },
    { name: 'two specific addresses', yaml: sshd('{listenaddress: "10.20.0.5 fd00::5"}') },
  ],
  invalid: [
    {
      name: 'not set',
      yaml: sshd('{}'),
      errors: [
        {
          message: 'sshd listens on all addresses: `ListenAddress` is not set (the default is 0.0.0.0 ::)',
          severity: 'medium',
        },
      ],
    },
    {
      name: '0.0.0.0',
      yaml: sshd('{listenaddress: "0.0.0.0"}'),
      errors: [{ message: /`ListenAddress` is 0.0.0.0/ }],
    },
    {
      name: 'one specific and ::',
      yaml: sshd('{listenaddress: "10.20.0.5 [::]:22"}'),
      errors: [{ message: /all addresses/ }],
    },
  ],
});
