import assert from 'node:assert/strict';
import { it } from 'node:test';
import { normaliseHostPath, sensitiveHostPath } from '../../../src/rules/workloads/sensitive-host-path.js';
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
      name: "the pass example: /var/log/pods (PP-PSS-004's business)",
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
      name: "the node's root, writable: critical",
      yaml: daemonSet('[{name: root, mountPath: /host}]', '[{name: root, hostPath: {path: /}}]'),
      errors: [
        {
          message: `${SUBJECT('root')} on sensitive host path \`/\`, mounted writable by container \`agent\`; remove the hostPath volume, or at least set \`readOnly: true\` on every volumeMount of it`,
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
          message: `${SUBJECT('proc')} on sensitive host path \`/proc\`, mounted read-only; remove the hostPath volume or narrow it to the path the pod needs`,
          path: 'spec.template.spec.volumes[0].hostPath.path',
          severity: 'high',
          mitre: ['MS-TA9020'],
        },
        {
          message: `${SUBJECT('sys')} on sensitive host path \`/sys\`, mounted read-only; remove the hostPath volume or narrow it to the path the pod needs`,
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
            'Deployment `shop/web` has hostPath volume `kube` on sensitive host path `/etc/kubernetes/pki`, mounted writable by container `setup`; remove the hostPath volume, or at least set `readOnly: true` on every volumeMount of it',
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
            /^DaemonSet `monitoring\/agent` has hostPath volume `pods` on sensitive host path `\/var\/lib\/kubelet\/pods`, mounted writable by container `agent`/,
          severity: 'critical',
        },
        {
          message: /has hostPath volume `other` on sensitive host path `\/etc`, mounted writable/,
          path: 'spec.template.spec.volumes[1].hostPath.path',
          severity: 'critical',
        },
        {
          message: `${SUBJECT('spare')} on sensitive host path \`/root\` that no container mounts; remove the hostPath volume`,
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
            'CronJob `ops/backup` has hostPath volume `docker` on sensitive host path `/var/lib/docker`, mounted writable by container `dump`; remove the hostPath volume, or at least set `readOnly: true` on every volumeMount of it',
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
