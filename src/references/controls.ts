/**
 * Framework controls that rules cite, defined once so every rule that cites a control cites it the same way.
 * CIS ids follow the CIS Kubernetes Benchmark v1.9 numbering; NIST ids are sections of SP 800-190; MS-TMK ids
 * are technique ids of the Microsoft Threat Matrix for Kubernetes.
 */
import type { Reference } from './frameworks.js';

const cis = (id: string, title: string): Reference => ({ framework: 'CIS', id, title });
const nsa = (id: string, title: string): Reference => ({ framework: 'NSA-CISA', id, title });
const owasp = (id: string, title: string): Reference => ({ framework: 'OWASP', id, title });
const nist = (id: string, title: string): Reference => ({ framework: 'NIST-800-190', id, title });
const mtm = (id: string, title: string): Reference => ({ framework: 'MS-TMK', id, title });
const pss = (id: string, title: string): Reference => ({ framework: 'PSS', id, title });

export const CIS = {
  policyControl: cis(
    '5.2.1',
    'Ensure that the cluster has at least one active policy control mechanism in place',
  ),
  privileged: cis('5.2.2', 'Minimize the admission of privileged containers'),
  hostPID: cis(
    '5.2.3',
    'Minimize the admission of containers wishing to share the host process ID namespace',
  ),
  hostIPC: cis('5.2.4', 'Minimize the admission of containers wishing to share the host IPC namespace'),
  hostNetwork: cis(
    '5.2.5',
    'Minimize the admission of containers wishing to share the host network namespace',
  ),
  privilegeEscalation: cis('5.2.6', 'Minimize the admission of containers with allowPrivilegeEscalation'),
  root: cis('5.2.7', 'Minimize the admission of root containers'),
  netRaw: cis('5.2.8', 'Minimize the admission of containers with the NET_RAW capability'),
  addedCapabilities: cis('5.2.9', 'Minimize the admission of containers with added capabilities'),
  assignedCapabilities: cis('5.2.10', 'Minimize the admission of containers with capabilities assigned'),
  windowsHostProcess: cis('5.2.11', 'Minimize the admission of Windows HostProcess containers'),
  hostPath: cis('5.2.12', 'Minimize the admission of HostPath volumes'),
  hostPorts: cis('5.2.13', 'Minimize the admission of containers which use HostPorts'),
  clusterAdmin: cis('5.1.1', 'Ensure that the cluster-admin role is only used where required'),
  secretsAccess: cis('5.1.2', 'Minimize access to secrets'),
  wildcards: cis('5.1.3', 'Minimize wildcard use in Roles and ClusterRoles'),
  podCreate: cis('5.1.4', 'Minimize access to create pods'),
  defaultServiceAccount: cis('5.1.5', 'Ensure that default service accounts are not actively used'),
  tokenMount: cis('5.1.6', 'Ensure that Service Account Tokens are only mounted where necessary'),
  escalationPermissions: cis(
    '5.1.8',
    'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster',
  ),
  networkPolicies: cis('5.3.2', 'Ensure that all Namespaces have NetworkPolicies defined'),
  secretsAsFiles: cis('5.4.1', 'Prefer using Secrets as files over Secrets as environment variables'),
  externalSecrets: cis('5.4.2', 'Consider external secret storage'),
  imageProvenance: cis('5.5.1', 'Configure Image Provenance using ImagePolicyWebhook admission controller'),
  namespaces: cis('5.7.1', 'Create administrative boundaries between resources using namespaces'),
  seccomp: cis('5.7.2', 'Ensure that the seccomp profile is set to docker/default in your Pod definitions'),
  securityContext: cis('5.7.3', 'Apply SecurityContext to your Pods and Containers'),
  defaultNamespace: cis('5.7.4', 'The default namespace should not be used'),
};

export const NSA = {
  nonRoot: nsa('Pod security: non-root containers', '"Non-root" containers and "rootless" container engines'),
  immutableFs: nsa('Pod security: immutable file systems', 'Immutable container file systems'),
  secureImages: nsa('Pod security: secure images', 'Building secure container images'),
  podSecurity: nsa('Pod security: enforcement', 'Pod security enforcement'),
  serviceAccountTokens: nsa('Pod security: service account tokens', 'Protecting Pod service account tokens'),
  hardenedContainers: nsa(
    'Pod security: hardening container environments',
    'Hardening container environments',
  ),
  namespaces: nsa('Network separation: namespaces', 'Namespaces'),
  networkPolicies: nsa('Network separation: network policies', 'Network policies'),
  resourcePolicies: nsa('Network separation: resource policies', 'Resource policies'),
  secrets: nsa('Network separation: secrets', 'Secrets'),
  rbac: nsa('Authentication and authorization: RBAC', 'Role-based access control'),
  upgrades: nsa(
    'Upgrading and application security practices',
    'Upgrading and application security practices',
  ),
  auditLogging: nsa('Audit logging and threat detection', 'Audit logging and threat detection'),
};

export const OWASP = {
  podSecurity: owasp(
    'Use Pod Security Admission',
    'Apply security context and Pod Security Standards to pods and containers',
  ),
  nonRoot: owasp(
    'Apply security context to your pods and containers',
    'Use a non-root user and a read-only root file system',
  ),
  resources: owasp(
    'Limiting resource usage on a cluster',
    'Set resource requests and limits and namespace quotas',
  ),
  networkPolicies: owasp(
    'Use Kubernetes network policies',
    'Restrict traffic between pods with network policies',
  ),
  rbac: owasp(
    'Implementing Role-Based Access Control in Kubernetes',
    'Grant least privilege with role-based access control',
  ),
  secrets: owasp(
    'Keep secrets as secrets',
    'Keep secrets out of images, environment variables and plain configuration',
  ),
  images: owasp(
    'Only use authorized images in your environment',
    'Use trusted registries and pinned, scanned images',
  ),
  tls: owasp('Providing extra security with a service mesh', 'Use TLS for ingress and between components'),
  serviceAccounts: owasp(
    'Continuously assess the privileges used by containers',
    'Do not automount service account tokens where they are not needed',
  ),
  monitoring: owasp('Logging', 'Log, audit and watch the cluster'),
};

export const NIST = {
  imageVulnerabilities: nist('3.1.1', 'Image vulnerabilities'),
  imageConfiguration: nist('3.1.2', 'Image configuration defects'),
  imageSecrets: nist('3.1.4', 'Embedded clear text secrets'),
  untrustedImages: nist('3.1.5', 'Use of untrusted images'),
  staleImages: nist('3.2.2', 'Stale images in registries'),
  adminAccess: nist('3.3.1', 'Unbounded administrative access'),
  unauthorizedAccess: nist('3.3.2', 'Unauthorized access'),
  networkSeparation: nist('3.3.3', 'Poorly separated inter-container network traffic'),
  mixedSensitivity: nist('3.3.4', 'Mixing of workload sensitivity levels'),
  unboundedNetwork: nist('3.4.2', 'Unbounded network access from containers'),
  runtimeConfiguration: nist('3.4.3', 'Insecure container runtime configurations'),
  appVulnerabilities: nist('3.4.4', 'App vulnerabilities'),
  sharedKernel: nist('3.5.2', 'Shared kernel'),
  hostFsTampering: nist('3.5.5', 'Host OS file system tampering'),
};

export const MS_TMK = {
  /** The matrix has no "exposed dashboard" technique with an id any more: the Kubernetes dashboard is covered by this one. */
  exposedDashboard: mtm('MS-TA9005', 'Exposed sensitive interfaces'),
  execIntoContainer: mtm('MS-TA9006', 'Exec into container'),
  newContainer: mtm('MS-TA9008', 'New container'),
  applicationExploit: mtm('MS-TA9009', 'Application exploit (RCE)'),
  sidecarInjection: mtm('MS-TA9011', 'Sidecar injection'),
  backdoorContainer: mtm('MS-TA9012', 'Backdoor container'),
  writableHostPath: mtm('MS-TA9013', 'Writable hostPath mount'),
  cronJob: mtm('MS-TA9014', 'Kubernetes CronJob'),
  containerServiceAccount: mtm('MS-TA9016', 'Container service account'),
  privilegedContainer: mtm('MS-TA9018', 'Privileged container'),
  clusterAdminBinding: mtm('MS-TA9019', 'Cluster-admin binding'),
  /** No technique is called "hostPath mount": MS-TA9020 names a hostPath mount as the way to the node's cloud credentials. */
  hostPathMount: mtm('MS-TA9020', 'Access cloud resources'),
  accessCloudResources: mtm('MS-TA9020', 'Access cloud resources'),
  listSecrets: mtm('MS-TA9025', 'List Kubernetes secrets'),
  applicationCredentials: mtm('MS-TA9027', 'Application credentials in configuration files'),
  accessManagedIdentity: mtm('MS-TA9028', 'Access managed identity credentials'),
  exposedSensitiveInterfaces: mtm('MS-TA9005', 'Exposed sensitive interfaces'),
  networkMapping: mtm('MS-TA9031', 'Network mapping'),
  clearLogs: mtm('MS-TA9021', 'Clear container logs'),
  resourceHijacking: mtm('MS-TA9039', 'Resource hijacking'),
  denialOfService: mtm('MS-TA9040', 'Denial of service'),
};

/** The Pod Security Standards controls, by PSA check id. */
export function pssControl(check: string, title: string): Reference {
  return pss(check, title);
}

/** Controls cited by the network and operations chapters that the tables above do not hold yet. */
export const EXTRA_NETWORK_OPS = {
  nodesProxy: cis('5.1.10', 'Minimize access to the proxy sub-resource of nodes'),
  tokenCreate: cis('5.1.13', 'Minimize access to the service account token creation'),
  csrApproval: cis(
    '5.1.11',
    'Minimize access to the approval sub-resource of certificatesigningrequests objects',
  ),
  webhookConfigurations: cis('5.1.12', 'Minimize access to webhook configuration objects'),
  clusterInternalNetworking: mtm('MS-TA9034', 'Cluster internal networking'),
};

/** Controls cited by the supply-chain, credential and TLS rules of the workloads chapter. */
export const EXTRA_SUPPLY_CHAIN = {
  compromisedImages: mtm('MS-TA9002', 'Compromised image in registry'),
  registryAuthorization: nist('3.2.3', 'Insufficient authentication and authorization restrictions'),
  encryption: nsa('Network separation: encryption', 'Encryption'),
};

/**
 * Controls judged on a node's own files (`parapet node`): CIS v1.9 ids of sections 1 (control plane), 2 (etcd),
 * 3 (audit) and 4 (worker nodes). k3s and RKE2 have their own CIS self-assessment guides that keep these ids.
 */
export const CIS_NODE = {
  apiserverAnonymousAuth: cis('1.2.1', 'Ensure that the --anonymous-auth argument is set to false'),
  authorizationNotAlwaysAllow: cis(
    '1.2.6',
    'Ensure that the --authorization-mode argument is not set to AlwaysAllow',
  ),
  authorizationNode: cis('1.2.7', 'Ensure that the --authorization-mode argument includes Node'),
  authorizationRbac: cis('1.2.8', 'Ensure that the --authorization-mode argument includes RBAC'),
  apiserverProfiling: cis('1.2.15', 'Ensure that the --profiling argument is set to false (API server)'),
  auditLogPath: cis('1.2.16', 'Ensure that the --audit-log-path argument is set'),
  etcdClientCerts: cis(
    '1.2.23',
    'Ensure that the --etcd-certfile and --etcd-keyfile arguments are set as appropriate',
  ),
  etcdCaFile: cis('1.2.26', 'Ensure that the --etcd-cafile argument is set as appropriate'),
  encryptionConfig: cis(
    '1.2.27',
    'Ensure that the --encryption-provider-config argument is set as appropriate',
  ),
  encryptionProviders: cis('1.2.28', 'Ensure that encryption providers are appropriately configured'),
  strongCiphers: cis('1.2.29', 'Ensure that the API Server only makes use of Strong Cryptographic Ciphers'),
  controllerManagerProfiling: cis(
    '1.3.2',
    'Ensure that the --profiling argument is set to false (controller manager)',
  ),
  schedulerProfiling: cis('1.4.1', 'Ensure that the --profiling argument is set to false (scheduler)'),
  manifestPermissions: cis(
    '1.1.1',
    'Ensure that the API server pod specification file permissions are set to 600 or more restrictive',
  ),
  adminConfPermissions: cis(
    '1.1.13',
    'Ensure that the default administrative credential file permissions are set to 600',
  ),
  pkiOwnership: cis(
    '1.1.19',
    'Ensure that the Kubernetes PKI directory and file ownership is set to root:root',
  ),
  pkiCertPermissions: cis(
    '1.1.20',
    'Ensure that the Kubernetes PKI certificate file permissions are set to 600 or more restrictive',
  ),
  pkiKeyPermissions: cis('1.1.21', 'Ensure that the Kubernetes PKI key file permissions are set to 600'),
  etcdCertFile: cis('2.1', 'Ensure that the --cert-file and --key-file arguments are set as appropriate'),
  etcdClientCertAuth: cis('2.2', 'Ensure that the --client-cert-auth argument is set to true'),
  etcdAutoTls: cis('2.3', 'Ensure that the --auto-tls argument is not set to true'),
  etcdPeerCertFile: cis(
    '2.4',
    'Ensure that the --peer-cert-file and --peer-key-file arguments are set as appropriate',
  ),
  etcdPeerClientCertAuth: cis('2.5', 'Ensure that the --peer-client-cert-auth argument is set to true'),
  etcdPeerAutoTls: cis('2.6', 'Ensure that the --peer-auto-tls argument is not set to true'),
  auditPolicy: cis('3.2.1', 'Ensure that a minimal audit policy is created'),
  kubeletConfPermissions: cis(
    '4.1.5',
    'Ensure that the --kubeconfig kubelet.conf file permissions are set to 600 or more restrictive',
  ),
  kubeletConfigPermissions: cis(
    '4.1.9',
    'If the kubelet config.yaml configuration file is being used validate permissions set to 600 or more restrictive',
  ),
  kubeletAnonymousAuth: cis('4.2.1', 'Ensure that the --anonymous-auth argument is set to false (kubelet)'),
  kubeletAuthorization: cis(
    '4.2.2',
    'Ensure that the --authorization-mode argument is not set to AlwaysAllow (kubelet)',
  ),
  kubeletReadOnlyPort: cis('4.2.4', 'Verify that the --read-only-port argument is set to 0'),
  kubeletRotateCertificates: cis(
    '4.2.11',
    'Ensure that the --rotate-certificates argument is not set to false (4.2.10 in later editions)',
  ),
  protectKernelDefaults: cis(
    '4.2.6',
    'Ensure that the --protect-kernel-defaults argument is set to true (v1.7 numbering)',
  ),
};

/** Direct access to nodes: the book allows none beyond a carefully managed exception. */
export const HOST_ACCESS = {
  hostHardening: owasp('Securing Kubernetes hosts', 'Secure and patch the hosts'),
  controlPlane: nsa('Network separation: control plane hardening', 'Control plane hardening'),
};
