import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  normaliseHostPath,
  RUNTIME_SOCKETS,
  SENSITIVE_HOST_PATHS,
  sensitiveHostPath,
} from '../../../src/rules/workloads/sensitive-host-path.js';
import { backupCronJob } from '../../helpers/manifests.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** A DaemonSet `monitoring/agent` with one container `agent` mounting the given volumes. */
const daemonSet = (mounts: string, volumes: string) => `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: monitoring}
spec:
  template:
    spec:
      containers:
        - name: agent
          image: agent:1
          volumeMounts: ${mounts}
      volumes: ${volumes}
`;

const SUBJECT = (volume: string) => `DaemonSet \`monitoring/agent\` has hostPath volume \`${volume}\``;
const SOCKET = (volume: string, path: string) =>
  `${SUBJECT(volume)} on the container runtime socket path \`${path}\`: whoever reaches the socket can start privileged containers on the node, even through a read-only mount; remove the hostPath volume`;

ruleTester(sensitiveHostPath, {
  valid: [
    {
      name: "the pass example: /var/spool/agent (PP-PSS-004's business)",
      yaml: sensitiveHostPath.meta.examples?.pass ?? '',
    },
    {
      name: 'other host paths, including look-alikes of sensitive ones',
      yaml: daemonSet(
        '[{name: a, mountPath: /a}, {name: b, mountPath: /b}, {name: c, mountPath: /c}]',
        '[{name: a, hostPath: {path: /etcetera}}, {name: b, hostPath: {path: /var/lib/kubelet-plugins}}, {name: c, hostPath: {path: /data/app}}]',
      ),
    },
    {
      name: 'malformed: volumes not a list, hostPath without a string path, relative and Windows paths',
      yaml: `${daemonSet(
        '[]',
        "[null, {name: a, hostPath: null}, {name: b, hostPath: {path: 5}}, {name: c, hostPath: {path: etc}}, {name: d, hostPath: {path: 'C:\\\\Windows'}}]",
      )}---
apiVersion: v1
kind: Pod
metadata: {name: odd, namespace: shop}
spec: {volumes: {name: x, hostPath: {path: /}}, containers: [{name: app, image: app:1}]}
`,
    },
  ],
  invalid: [
    {
      name: 'the fail example: the Docker socket',
      yaml: sensitiveHostPath.meta.examples?.fail ?? '',
      errors: [
        {
          message: SOCKET('docker', '/var/run/docker.sock'),
          path: 'spec.template.spec.volumes[0].hostPath.path',
          severity: 'critical',
        },
      ],
    },
    {
      name: 'runtime sockets are critical even when mounted read-only; trailing slashes are normalised',
      yaml: daemonSet(
        '[{name: containerd, mountPath: /run/containerd, readOnly: true}, {name: crio, mountPath: /crio.sock, readOnly: true}]',
        '[{name: containerd, hostPath: {path: /run/containerd/}}, {name: crio, hostPath: {path: /var/run/crio/crio.sock}}]',
      ),
      errors: [
        { message: SOCKET('containerd', '/run/containerd'), severity: 'critical' },
        {
          message: SOCKET('crio', '/var/run/crio/crio.sock'),
          path: 'spec.template.spec.volumes[1].hostPath.path',
          severity: 'critical',
        },
      ],
    },
    {
      name: "the node's root holds the runtime sockets: critical",
      yaml: daemonSet('[{name: root, mountPath: /host}]', '[{name: root, hostPath: {path: /}}]'),
      errors: [
        {
          message: `${SUBJECT('root')} on \`/\`, which holds the container runtime socket path \`/var/run/docker.sock\`: whoever reaches the socket can start privileged containers on the node, even through a read-only mount; remove the hostPath volume`,
          path: 'spec.template.spec.volumes[0].hostPath.path',
          severity: 'critical',
          mitre: ['MS-TA9013', 'MS-TA9020'],
        },
      ],
    },
    {
      name: 'read-only /proc and /sys: high, and not a writable hostPath mount (MS-TA9013)',
      yaml: daemonSet(
        '[{name: proc, mountPath: /host/proc, readOnly: true}, {name: sys, mountPath: /host/sys, readOnly: true}]',
        '[{name: proc, hostPath: {path: /proc}}, {name: sys, hostPath: {path: //sys//}}]',
      ),
      errors: [
        {
          message: `${SUBJECT('proc')} on sensitive host path \`/proc\` (the kernel's and every process's interfaces), mounted read-only; remove the hostPath volume or narrow it to the path the pod needs`,
          path: 'spec.template.spec.volumes[0].hostPath.path',
          severity: 'high',
          mitre: ['MS-TA9020'],
        },
        {
          message: `${SUBJECT('sys')} on sensitive host path \`/sys\` (the kernel's device and cgroup interfaces), mounted read-only; remove the hostPath volume or narrow it to the path the pod needs`,
          path: 'spec.template.spec.volumes[1].hostPath.path',
          severity: 'high',
        },
      ],
    },
    {
      name: 'writable if any mount, in any container (init included), lacks readOnly',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      initContainers:
        - {name: setup, image: setup:1, volumeMounts: [{name: kube, mountPath: /k}]}
      containers:
        - {name: app, image: app:1, volumeMounts: [{name: kube, mountPath: /k, readOnly: true}]}
      volumes:
        - {name: kube, hostPath: {path: /etc/kubernetes/pki}}
`,
      errors: [
        {
          message:
            "Deployment `shop/web` has hostPath volume `kube` on sensitive host path `/etc/kubernetes/pki` (under `/etc`: the node's configuration and kubeconfigs), mounted writable by container `setup`; remove the hostPath volume, or at least set `readOnly: true` on every volumeMount of it",
          path: 'spec.template.spec.volumes[0].hostPath.path',
          severity: 'critical',
        },
      ],
    },
    {
      name: 'paths under /var/lib/kubelet, `..` resolved; unmounted volumes are still reported',
      yaml: daemonSet(
        '[{name: pods, mountPath: /pods}, {name: other, mountPath: /o}]',
        '[{name: pods, hostPath: {path: /var/lib/kubelet/pods}}, {name: other, hostPath: {path: /data/../etc}}, {name: spare, hostPath: {path: /root}}]',
      ),
      errors: [
        {
          message:
            /^DaemonSet `monitoring\/agent` has hostPath volume `pods` on sensitive host path `\/var\/lib\/kubelet\/pods` \(under `\/var\/lib\/kubelet`: .*\), mounted writable by container `agent`/,
          severity: 'critical',
        },
        {
          message: /has hostPath volume `other` on sensitive host path `\/etc` \(.*\), mounted writable/,
          path: 'spec.template.spec.volumes[1].hostPath.path',
          severity: 'critical',
        },
        {
          message: `${SUBJECT('spare')} on sensitive host path \`/root\` (root's home, with its keys and credentials) that no container mounts; remove the hostPath volume`,
          path: 'spec.template.spec.volumes[2].hostPath.path',
          severity: 'high',
        },
      ],
    },
    {
      name: 'a CronJob',
      yaml: backupCronJob(`          containers: [{name: dump, image: dump:1, volumeMounts: [{name: docker, mountPath: /var/lib/docker}]}]
          volumes: [{name: docker, hostPath: {path: /var/lib/docker}}]`),
      errors: [
        {
          message:
            "CronJob `ops/backup` has hostPath volume `docker` on sensitive host path `/var/lib/docker` (Docker's images, containers and their files), mounted writable by container `dump`; remove the hostPath volume, or at least set `readOnly: true` on every volumeMount of it",
          path: 'spec.jobTemplate.spec.template.spec.volumes[0].hostPath.path',
          severity: 'critical',
        },
      ],
    },
  ],
});

it('normaliseHostPath collapses slashes, resolves dots and drops trailing slashes', () => {
  assert.equal(normaliseHostPath('/'), '/');
  assert.equal(normaliseHostPath('///'), '/');
  assert.equal(normaliseHostPath('/etc/'), '/etc');
  assert.equal(normaliseHostPath('/var//run/./docker.sock'), '/var/run/docker.sock');
  assert.equal(normaliseHostPath('/data/../etc/ssl/'), '/etc/ssl');
  assert.equal(normaliseHostPath('etc'), undefined);
});

/** The DaemonSet with one hostPath volume `v` on `path`, mounted read-only unless `writable`. */
const oneVolume = (path: string, writable = false) =>
  daemonSet(
    `[{name: v, mountPath: /v${writable ? '' : ', readOnly: true'}}]`,
    `[{name: v, hostPath: {path: '${path}'}}]`,
  );

/**
 * The lists as the tests know them, written out (path, read-only and writable severity, whether paths under it
 * count), so that an entry dropped from the rule, or a severity changed, fails here.
 */
const NODE_PATHS: [string, string, string, boolean][] = [
  ['/etc', 'high', 'critical', true],
  ['/root', 'high', 'critical', true],
  ['/home', 'high', 'critical', true],
  ['/proc', 'high', 'critical', false],
  ['/sys', 'high', 'critical', false],
  ['/dev', 'high', 'critical', false],
  ['/var/lib/kubelet', 'high', 'critical', true],
  ['/var/lib/docker', 'high', 'critical', true],
  ['/var/lib/containerd', 'high', 'critical', true],
  ['/var/lib/rancher', 'high', 'critical', true],
  ['/var/lib/etcd', 'high', 'critical', true],
  ['/srv/kubernetes', 'high', 'critical', true],
  ['/boot', 'medium', 'critical', true],
  ['/usr', 'medium', 'critical', true],
  ['/lib', 'medium', 'critical', true],
  ['/bin', 'medium', 'critical', true],
  ['/opt/cni/bin', 'medium', 'critical', true],
  ['/var/log', 'medium', 'high', true],
];
const SOCKET_PATHS = [
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

it('the lists hold exactly the entries these tables walk', () => {
  assert.deepEqual(
    SENSITIVE_HOST_PATHS.map((e) => [e.path, e.exposure.readOnly, e.exposure.writable, e.subtree]),
    NODE_PATHS,
  );
  assert.deepEqual(RUNTIME_SOCKETS, SOCKET_PATHS);
});

const holds = (path: string) => SENSITIVE_HOST_PATHS.find((e) => e.path === path)?.holds ?? '(not listed)';

// Every entry of both lists, with what lies under it and a near miss beside it.
ruleTester(sensitiveHostPath, {
  valid: [
    ...NODE_PATHS.flatMap(([path, , , subtree]) => [
      { name: `${path}-backup-dir is not ${path}`, yaml: oneVolume(`${path}-backup-dir`) },
      { name: `${path}x is not ${path}`, yaml: oneVolume(`${path}x`) },
      ...(subtree
        ? []
        : [
            {
              name: `${path}/one, a narrow path under ${path}, is PP-PSS-004's`,
              yaml: oneVolume(`${path}/one`),
            },
          ]),
    ]),
    ...SOCKET_PATHS.map((socket) => ({ name: `${socket}x is not ${socket}`, yaml: oneVolume(`${socket}x`) })),
    {
      name: '/var/lib/fluent-bit: under /var/lib, holding none of it',
      yaml: oneVolume('/var/lib/fluent-bit'),
    },
    { name: '/opt/app: beside /opt/cni/bin', yaml: oneVolume('/opt/app') },
  ],
  invalid: [
    ...NODE_PATHS.flatMap(([path, readOnly, writable, subtree]) => [
      {
        name: `${path}, read-only: ${readOnly}`,
        yaml: oneVolume(path),
        errors: [
          {
            message: `${SUBJECT('v')} on sensitive host path \`${path}\` (${holds(path)}), mounted read-only; remove the hostPath volume or narrow it to the path the pod needs`,
            severity: readOnly,
          },
        ],
      },
      {
        name: `${path}, writable: ${writable}`,
        yaml: oneVolume(path, true),
        errors: [{ message: /mounted writable by container `agent`/, severity: writable }],
      },
      ...(subtree
        ? [
            {
              name: `${path}/one, under ${path}`,
              yaml: oneVolume(`${path}/one`),
              errors: [
                {
                  message: `${SUBJECT('v')} on sensitive host path \`${path}/one\` (under \`${path}\`: ${holds(path)}), mounted read-only; remove the hostPath volume or narrow it to the path the pod needs`,
                  severity: readOnly,
                },
              ],
            },
          ]
        : []),
    ]),
    ...SOCKET_PATHS.flatMap((socket) => [
      {
        name: `${socket}, read-only: critical`,
        yaml: oneVolume(socket),
        errors: [{ message: SOCKET('v', socket), severity: 'critical' }],
      },
      {
        name: `${socket}/x, under it: critical`,
        yaml: oneVolume(`${socket}/x`),
        errors: [{ message: SOCKET('v', `${socket}/x`), severity: 'critical' }],
      },
    ]),
    ...[
      ['/var', '/var/run/docker.sock'],
      ['/run', '/run/docker.sock'],
      ['/run/k3s', '/run/k3s/containerd'],
      ['/', '/var/run/docker.sock'],
    ].map(([parent, socket]) => ({
      name: `${parent}, the parent of runtime socket path ${socket}: critical, even read-only`,
      yaml: oneVolume(parent as string),
      errors: [
        {
          message: `${SUBJECT('v')} on \`${parent}\`, which holds the container runtime socket path \`${socket}\`: whoever reaches the socket can start privileged containers on the node, even through a read-only mount; remove the hostPath volume`,
          severity: 'critical',
        },
      ],
    })),
    {
      name: '/var/lib, the parent of /var/lib/kubelet (and of k3s, etcd): read-only high',
      yaml: oneVolume('/var/lib'),
      errors: [
        {
          message: `${SUBJECT('v')} on \`/var/lib\`, which holds sensitive host path \`/var/lib/kubelet\` (the kubelet's state and every pod's volumes and tokens), mounted read-only; remove the hostPath volume or narrow it to the path the pod needs`,
          severity: 'high',
        },
      ],
    },
    {
      name: '/srv, the parent of /srv/kubernetes: writable critical',
      yaml: oneVolume('/srv', true),
      errors: [
        {
          message:
            /^DaemonSet `monitoring\/agent` has hostPath volume `v` on `\/srv`, which holds sensitive host path `\/srv\/kubernetes`/,
          severity: 'critical',
        },
      ],
    },
    {
      name: '/opt, the parent of /opt/cni/bin: as the CNI plugins, read-only medium',
      yaml: oneVolume('/opt'),
      errors: [
        { message: /on `\/opt`, which holds sensitive host path `\/opt\/cni\/bin`/, severity: 'medium' },
      ],
    },
    {
      name: 'two containers, only the second mounts /var/log writable: high',
      yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: monitoring}
spec:
  template:
    spec:
      containers:
        - {name: first, image: agent:1, volumeMounts: [{name: logs, mountPath: /logs, readOnly: true}]}
        - {name: second, image: agent:1, volumeMounts: [{name: logs, mountPath: /logs}]}
      volumes: [{name: logs, hostPath: {path: /var/log}}]
`,
      errors: [
        {
          message: `${SUBJECT('logs')} on sensitive host path \`/var/log\` (the node's and every pod's logs), mounted writable by container \`second\`; remove the hostPath volume, or at least set \`readOnly: true\` on every volumeMount of it`,
          severity: 'high',
        },
      ],
    },
  ],
});
