import { posix } from 'node:path';
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

/** Node paths whose exposure hands over the node: its root, configuration, kernel interfaces and kubelet state. */
const SENSITIVE = new Set([
  '/',
  '/etc',
  '/proc',
  '/sys',
  '/dev',
  '/boot',
  '/root',
  '/home',
  '/var/lib/kubelet',
  '/var/lib/docker',
  '/var/lib/containerd',
]);
/** Everything under these is sensitive too. */
const SENSITIVE_TREES = ['/etc/', '/var/lib/kubelet/', '/var/lib/docker/', '/var/lib/containerd/'];

/**
 * Container runtime sockets and the directories that hold them. A read-only mount does not protect a socket
 * (connecting to it is not a write to the filesystem), so these are critical however they are mounted.
 */
const SOCKETS = new Set([
  '/run',
  '/var/run',
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/var/run/cri-dockerd.sock',
  '/run/cri-dockerd.sock',
  '/var/run/containerd',
  '/run/containerd',
  '/var/run/crio',
  '/run/crio',
  '/run/k3s',
  '/run/k3s/containerd',
]);
const SOCKET_TREES = [
  '/var/run/containerd/',
  '/run/containerd/',
  '/var/run/crio/',
  '/run/crio/',
  '/run/k3s/containerd/',
];

/** `/etc//kubernetes/../ssl/` → `/etc/ssl`; undefined for paths that are not absolute Linux paths. */
export function normaliseHostPath(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  const normal = posix.normalize(path);
  return normal.length > 1 ? normal.replace(/\/+$/, '') : normal;
}

type Sensitivity = 'socket' | 'node';

function sensitivity(path: string): Sensitivity | undefined {
  if (SOCKETS.has(path) || SOCKET_TREES.some((tree) => path.startsWith(tree))) return 'socket';
  if (SENSITIVE.has(path) || SENSITIVE_TREES.some((tree) => path.startsWith(tree))) return 'node';
  return undefined;
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `\`${n}\``).join(', ');
}

/**
 * Only the host paths that amount to the node itself; any other hostPath volume is PP-PSS-004's (Pod Security
 * hostPathVolumes). Writable mounts are critical, read-only ones high, runtime sockets critical either way.
 */
export const sensitiveHostPath: PodRule = {
  meta: {
    id: 'PP-WL-007',
    title: 'Sensitive host path mounted',
    chapter: 'workloads',
    severity: 'high',
    recommendation:
      "Never mount the node's root, configuration, kernel interfaces, kubelet state or container runtime socket into a pod.",
    rationale:
      "These paths are the node: a writable /etc or /var/lib/kubelet lets a container rewrite the node's configuration and read every pod's secrets, and the runtime socket lets it start a privileged container of its choosing. Even read-only they leak credentials and keys.",
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
          volumeMounts: [{name: logs, mountPath: /var/log/pods, readOnly: true}]
      volumes:
        - name: logs
          hostPath: {path: /var/log/pods, type: Directory}
`,
    },
  },
  target: 'pod',
  *check(pod) {
    for (const [i, item] of asArray(pod.template.spec.volumes).entries()) {
      const volume = asRecord(item);
      const raw = asRecord(volume?.hostPath)?.path;
      const hostPath = typeof raw === 'string' ? normaliseHostPath(raw) : undefined;
      const kind = hostPath === undefined ? undefined : sensitivity(hostPath);
      if (hostPath === undefined || kind === undefined) continue;
      const name = typeof volume?.name === 'string' ? volume.name : `#${i}`;
      const path = specPath(pod, 'volumes', i, 'hostPath', 'path');
      const subject = `${describeResource(pod.resource)} has hostPath volume \`${name}\``;
      const { writable, mounted } = mountsOf(pod, name);
      if (kind === 'socket') {
        yield {
          path,
          message: `${subject} on the container runtime socket path \`${hostPath}\`: whoever reaches the socket can start privileged containers on the node, even through a read-only mount; remove the hostPath volume`,
          severity: 'critical',
        };
      } else if (writable.length > 0) {
        const who = writable.length === 1 ? 'container' : 'containers';
        yield {
          path,
          message: `${subject} on sensitive host path \`${hostPath}\`, mounted writable by ${who} ${quoteList(writable)}; remove the hostPath volume, or at least set \`readOnly: true\` on every volumeMount of it`,
          severity: 'critical',
        };
      } else {
        // Read-only (or unused) volumes of node paths take the rule's own severity, high.
        yield {
          path,
          references: READ_ONLY_REFERENCES,
          message: mounted
            ? `${subject} on sensitive host path \`${hostPath}\`, mounted read-only; remove the hostPath volume or narrow it to the path the pod needs`
            : `${subject} on sensitive host path \`${hostPath}\` that no container mounts; remove the hostPath volume`,
        };
      }
    }
  },
};
