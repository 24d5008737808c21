import { posix } from 'node:path';
import { type Severity, severityRank } from '../../findings/severity.js';
import { POD_CONTROLLER_KINDS } from '../../inventory/pod-specs.js';
import { describeResource } from '../../inventory/resource.js';
import { CIS, MS_TMK, NIST } from '../../references/controls.js';
import { asArray, asRecord, mountsOf } from '../helpers.js';
import { type PodRule, specPath } from '../types.js';

const WRITABLE_REFERENCES = [
  CIS.hostPath,
  MS_TMK.writableHostPath,
  MS_TMK.hostPathMount,
  NIST.hostFsTampering,
];
/** Without MS-TA9013, which is about writable mounts. */
const READ_ONLY_REFERENCES = [CIS.hostPath, MS_TMK.hostPathMount, NIST.hostFsTampering];

/** What a host path under a list entry hands over, by how the pod mounts it. */
interface Exposure {
  writable: Severity;
  readOnly: Severity;
}
/** Credentials, configuration, cluster state and kernel interfaces: even read, they hand over the node. */
const NODE: Exposure = { writable: 'critical', readOnly: 'high' };
/** What the node executes: writable, a container replaces it; read-only, it only learns versions. */
const EXECUTABLES: Exposure = { writable: 'critical', readOnly: 'medium' };
/** The node's and every pod's logs: writable, tracks are erased; read-only, secrets that leaked into logs. */
const LOGS: Exposure = { writable: 'high', readOnly: 'medium' };

export interface SensitivePath {
  path: string;
  /** What the path holds, for the message. */
  holds: string;
  exposure: Exposure;
  /** Whether paths under it are sensitive too (false: a narrower path under it is PP-PSS-004's). */
  subtree: boolean;
}

/** Node paths whose exposure hands over (part of) the node; a parent of any of them (`/var`, `/`) exposes it too. */
export const SENSITIVE_HOST_PATHS: readonly SensitivePath[] = [
  { path: '/etc', holds: "the node's configuration and kubeconfigs", exposure: NODE, subtree: true },
  { path: '/root', holds: "root's home, with its keys and credentials", exposure: NODE, subtree: true },
  {
    path: '/home',
    holds: "the users' homes, with their keys and credentials",
    exposure: NODE,
    subtree: true,
  },
  { path: '/proc', holds: "the kernel's and every process's interfaces", exposure: NODE, subtree: false },
  { path: '/sys', holds: "the kernel's device and cgroup interfaces", exposure: NODE, subtree: false },
  { path: '/dev', holds: "the node's devices, its disks among them", exposure: NODE, subtree: false },
  {
    path: '/var/lib/kubelet',
    holds: "the kubelet's state and every pod's volumes and tokens",
    exposure: NODE,
    subtree: true,
  },
  {
    path: '/var/lib/docker',
    holds: "Docker's images, containers and their files",
    exposure: NODE,
    subtree: true,
  },
  {
    path: '/var/lib/containerd',
    holds: "containerd's images, containers and their files",
    exposure: NODE,
    subtree: true,
  },
  {
    path: '/var/lib/rancher',
    holds: 'the k3s/RKE2 data: tokens, certificates and the embedded datastore',
    exposure: NODE,
    subtree: true,
  },
  { path: '/var/lib/etcd', holds: "etcd's data: every Secret of the cluster", exposure: NODE, subtree: true },
  { path: '/srv/kubernetes', holds: 'control-plane certificates and keys', exposure: NODE, subtree: true },
  { path: '/boot', holds: "the node's kernel and boot loader", exposure: EXECUTABLES, subtree: true },
  { path: '/usr', holds: "the node's programs and libraries", exposure: EXECUTABLES, subtree: true },
  { path: '/lib', holds: "the node's libraries and kernel modules", exposure: EXECUTABLES, subtree: true },
  { path: '/bin', holds: "the node's programs", exposure: EXECUTABLES, subtree: true },
  {
    path: '/opt/cni/bin',
    holds: 'the CNI plugins the kubelet runs as root for every pod',
    exposure: EXECUTABLES,
    subtree: true,
  },
  { path: '/var/log', holds: "the node's and every pod's logs", exposure: LOGS, subtree: true },
];

/**
 * Container runtime sockets and the directories that hold them (with everything under them); a parent of one
 * (`/run`, `/var/run`, `/`) exposes it too. A read-only mount does not protect a socket (connecting to it is not a
 * write to the filesystem), so these are critical however they are mounted.
 */
export const RUNTIME_SOCKETS: readonly string[] = [
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/var/run/cri-dockerd.sock',
  '/run/cri-dockerd.sock',
  '/var/run/containerd',
  '/run/containerd',
  '/var/run/crio',
  '/run/crio',
  '/run/k3s/containerd',
];

/** `/etc//kubernetes/../ssl/` → `/etc/ssl`; undefined for paths that are not absolute Linux paths. */
export function normaliseHostPath(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  const normal = posix.normalize(path);
  return normal.length > 1 ? normal.replace(/\/+$/, '') : normal;
}

/** Whether `path` lies strictly under `parent` (both normalised). */
function isUnder(path: string, parent: string): boolean {
  return parent === '/' ? path !== '/' : path.startsWith(`${parent}/`);
}

/** Why a host path is sensitive: the list entry it is (or lies under), or the one it contains. */
export type Sensitivity =
  | { kind: 'socket'; socket: string; parent: boolean }
  | { kind: 'node'; entry: SensitivePath; parent: boolean };

/** The sensitivity of a normalised host path; undefined for a path neither listed nor the parent of a listed one. */
export function sensitivity(path: string): Sensitivity | undefined {
  const socket = RUNTIME_SOCKETS.find((s) => path === s || isUnder(path, s));
  if (socket !== undefined) return { kind: 'socket', socket, parent: false };
  const entry = SENSITIVE_HOST_PATHS.find((e) => path === e.path || (e.subtree && isUnder(path, e.path)));
  if (entry !== undefined) return { kind: 'node', entry, parent: false };
  const held = RUNTIME_SOCKETS.find((s) => isUnder(s, path));
  if (held !== undefined) return { kind: 'socket', socket: held, parent: true };
  // Of the entries it contains, the one that exposes the most (the first of those)
  let worst: SensitivePath | undefined;
  for (const e of SENSITIVE_HOST_PATHS) {
    if (!isUnder(e.path, path)) continue;
    if (worst === undefined || severityRank(e.exposure.readOnly) > severityRank(worst.exposure.readOnly))
      worst = e;
  }
  return worst && { kind: 'node', entry: worst, parent: true };
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `\`${n}\``).join(', ');
}

/**
 * Only the host paths that amount to the node itself; any other hostPath volume is PP-PSS-004's (Pod Security
 * hostPathVolumes). Each listed path's exposure gives the severity of a writable and of a read-only mount; runtime
 * sockets are critical either way.
 */
export const sensitiveHostPath: PodRule = {
  meta: {
    id: 'PP-WL-007',
    title: 'Sensitive host path mounted',
    chapter: 'workloads',
    severity: 'high',
    recommendation:
      "Never mount the node's root, configuration, kubelet, runtime or cluster state (k3s/RKE2, etcd), programs, logs or container runtime socket into a pod, nor a directory that holds them.",
    rationale:
      "These paths are the node: a writable /etc or /var/lib/kubelet lets a container rewrite the node's configuration and read every pod's secrets, /var/lib/rancher and /var/lib/etcd hold the cluster's tokens and datastore, a writable /usr or /opt/cni/bin replaces what the node runs as root, and the runtime socket lets a container start a privileged container of its choosing. Even read-only they leak credentials and keys (programs and logs less: medium read-only; logs high when writable). A parent directory (/var, /var/lib, /run, /) exposes everything it holds. Severity: runtime sockets critical however mounted; otherwise critical when some container mounts the volume writable, high when read-only.",
    remediation:
      'Remove the hostPath volume; use the Kubernetes API, a CSI driver or a narrow, read-only path for what the pod really needs, and never mount a runtime socket.',
    references: WRITABLE_REFERENCES,
    appliesTo: POD_CONTROLLER_KINDS,
    examples: {
      fail: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: monitoring}
spec:
  template:
    spec:
      containers:
        - name: agent
          image: example/agent:1.0
          volumeMounts: [{name: docker, mountPath: /var/run/docker.sock}]
      volumes:
        - name: docker
          hostPath: {path: /var/run/docker.sock, type: Socket}
`,
      pass: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: monitoring}
spec:
  template:
    spec:
      containers:
        - name: agent
          image: example/agent:1.0
          volumeMounts: [{name: spool, mountPath: /spool}]
      volumes:
        - name: spool
          hostPath: {path: /var/spool/agent, type: DirectoryOrCreate}
`,
    },
  },
  target: 'pod',
  *check(pod) {
    for (const [i, item] of asArray(pod.template.spec.volumes).entries()) {
      const volume = asRecord(item);
      const raw = asRecord(volume?.hostPath)?.path;
      const hostPath = typeof raw === 'string' ? normaliseHostPath(raw) : undefined;
      const found = hostPath === undefined ? undefined : sensitivity(hostPath);
      if (hostPath === undefined || found === undefined) continue;
      const name = typeof volume?.name === 'string' ? volume.name : `#${i}`;
      const path = specPath(pod, 'volumes', i, 'hostPath', 'path');
      const subject = `${describeResource(pod.resource)} has hostPath volume \`${name}\``;
      if (found.kind === 'socket') {
        const where = found.parent
          ? `on \`${hostPath}\`, which holds the container runtime socket path \`${found.socket}\``
          : `on the container runtime socket path \`${hostPath}\``;
        yield {
          path,
          message: `${subject} ${where}: whoever reaches the socket can start privileged containers on the node, even through a read-only mount; remove the hostPath volume`,
          severity: 'critical',
        };
        continue;
      }
      const { entry } = found;
      const where = found.parent
        ? `on \`${hostPath}\`, which holds sensitive host path \`${entry.path}\` (${entry.holds})`
        : `on sensitive host path \`${hostPath}\` (${entry.path === hostPath ? '' : `under \`${entry.path}\`: `}${entry.holds})`;
      const { writable, mounted } = mountsOf(pod, name);
      if (writable.length > 0) {
        const who = writable.length === 1 ? 'container' : 'containers';
        yield {
          path,
          message: `${subject} ${where}, mounted writable by ${who} ${quoteList(writable)}; remove the hostPath volume, or at least set \`readOnly: true\` on every volumeMount of it`,
          severity: entry.exposure.writable,
        };
      } else {
        // Read-only (or unused) volumes: the exposure of reading
        yield {
          path,
          references: READ_ONLY_REFERENCES,
          message: mounted
            ? `${subject} ${where}, mounted read-only; remove the hostPath volume or narrow it to the path the pod needs`
            : `${subject} ${where} that no container mounts; remove the hostPath volume`,
          severity: entry.exposure.readOnly,
        };
      }
    }
  },
};
