/**
 * Rules judged on a node's own files (`parapet node`), not on Kubernetes objects: they see the synthetic objects
 * src/node/ builds (KubeAPIServer, Kubelet, Etcd, HostFile, SshdConfig...) and, for the component settings, those
 * src/cluster/ builds from mirror pods and configz. Their meta says so (`facts`): a cluster scan lists no such kind
 * and the webhook does not judge them.
 */
import type { Rule } from '../../types.js';
import { apiserverAnonymousAuth } from './apiserver-anonymous-auth.js';
import { auditLog } from './audit-log.js';
import { apiserverAuthorizationMode } from './authorization-mode.js';
import { etcdTls } from './etcd-tls.js';
import { fileOwnership } from './file-ownership.js';
import { filePermissions } from './file-permissions.js';
import { kubeletAnonymousAuth } from './kubelet-anonymous-auth.js';
import { kubeletAuthorization } from './kubelet-authorization.js';
import { kubeletReadOnlyPort } from './kubelet-read-only-port.js';
import { kubeletRotateCertificates } from './kubelet-rotate-certificates.js';
import { profiling } from './profiling.js';
import { protectKernelDefaults } from './protect-kernel-defaults.js';
import { secretsEncryption } from './secrets-encryption.js';
import { sshdListenAddress, sshdPasswordAuthentication, sshdRootLogin } from './sshd.js';
import { tlsCipherSuites } from './tls-cipher-suites.js';
import { tlsMinVersion } from './tls-min-version.js';

export const NODE_RULES: readonly Rule[] = [
  apiserverAnonymousAuth,
  apiserverAuthorizationMode,
  profiling,
  kubeletReadOnlyPort,
  kubeletAnonymousAuth,
  kubeletAuthorization,
  protectKernelDefaults,
  auditLog,
  secretsEncryption,
  etcdTls,
  tlsMinVersion,
  filePermissions,
  fileOwnership,
  sshdPasswordAuthentication,
  sshdRootLogin,
  sshdListenAddress,
  tlsCipherSuites,
  kubeletRotateCertificates,
];
