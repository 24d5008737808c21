/**
 * Each Pod Security Standards check as a table: pods it allows and pods it denies at given policy versions, with
 * PSA's reason and detail and the offending field paths. Only the check under test is looked at, so each pod shows
 * just what that check reads.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FieldPath } from '../../src/inventory/field-path.js';
import { PSS_CHECKS } from '../../src/rules/pss/checks/index.js';
import { checksFor, evaluatePod, type PssLevel } from '../../src/rules/pss/evaluate.js';

type Obj = Record<string, unknown>;

interface Pod {
  metadata?: Obj;
  spec: Obj;
}

interface Case {
  name: string;
  version: string;
  /** Defaults to the check's own level. */
  level?: PssLevel;
  pod: Pod;
  /** 'allowed': the check is in effect and passes; 'not in effect': no implementation at this version/level. */
  expect: 'allowed' | 'not in effect' | { reason: string; detail: string; paths: FieldPath[] };
}

/** A container named `name` with the given fields. */
function ctr(name: string, fields: Obj = {}): Obj {
  return { name, image: 'registry.k8s.io/pause', ...fields };
}

/** A pod with one container "app" whose securityContext is `sc`. */
function withContext(sc: Obj, spec: Obj = {}): Pod {
  return { spec: { containers: [ctr('app', { securityContext: sc })], ...spec } };
}

const app = (...rest: (string | number)[]): FieldPath => ['spec', 'containers', 0, ...rest];
const podSc = (...rest: (string | number)[]): FieldPath => ['spec', 'securityContext', ...rest];

const TABLES: Record<string, Case[]> = {
  privileged: [
    { name: 'unset', version: 'v1.0', pod: withContext({}), expect: 'allowed' },
    { name: 'false', version: 'latest', pod: withContext({ privileged: false }), expect: 'allowed' },
    {
      name: 'true on a container',
      version: 'v1.0',
      pod: withContext({ privileged: true }),
      expect: {
        reason: 'privileged',
        detail: 'container "app" must not set securityContext.privileged=true',
        paths: [app('securityContext', 'privileged')],
      },
    },
    {
      name: 'true on an init and an ephemeral container',
      version: 'latest',
      pod: {
        spec: {
          initContainers: [ctr('init', { securityContext: { privileged: true } })],
          containers: [ctr('app')],
          ephemeralContainers: [ctr('debug', { securityContext: { privileged: true } })],
        },
      },
      expect: {
        reason: 'privileged',
        detail: 'containers "init", "debug" must not set securityContext.privileged=true',
        paths: [
          ['spec', 'initContainers', 0, 'securityContext', 'privileged'],
          ['spec', 'ephemeralContainers', 0, 'securityContext', 'privileged'],
        ],
      },
    },
    {
      name: 'a string is not a bool',
      version: 'latest',
      pod: withContext({ privileged: 'true' }),
      expect: 'allowed',
    },
  ],

  hostNamespaces: [
    { name: 'all false', version: 'latest', pod: withContext({}, { hostNetwork: false }), expect: 'allowed' },
    {
      name: 'hostNetwork and hostPID',
      version: 'v1.0',
      pod: withContext({}, { hostNetwork: true, hostPID: true }),
      expect: {
        reason: 'host namespaces',
        detail: 'hostNetwork=true, hostPID=true',
        paths: [
          ['spec', 'hostNetwork'],
          ['spec', 'hostPID'],
        ],
      },
    },
  ],

  hostPorts: [
    { name: 'containerPort only', version: 'latest', pod: ports([{ containerPort: 80 }]), expect: 'allowed' },
    {
      name: 'hostPort 0',
      version: 'latest',
      pod: ports([{ containerPort: 80, hostPort: 0 }]),
      expect: 'allowed',
    },
    {
      name: 'two host ports, sorted as strings',
      version: 'v1.0',
      pod: ports([
        { containerPort: 8080, hostPort: 8080 },
        { containerPort: 443, hostPort: 12345 },
      ]),
      expect: {
        reason: 'hostPort',
        detail: 'container "app" uses hostPorts 12345, 8080',
        paths: [app('ports', 0, 'hostPort'), app('ports', 1, 'hostPort')],
      },
    },
  ],

  hostPathVolumes: [
    { name: 'emptyDir', version: 'latest', pod: volumes({ name: 'v', emptyDir: {} }), expect: 'allowed' },
    {
      name: 'hostPath',
      version: 'v1.0',
      pod: volumes({ name: 'data', hostPath: { path: '/var' } }),
      expect: {
        reason: 'hostPath volumes',
        detail: 'volume "data"',
        paths: [['spec', 'volumes', 0, 'hostPath']],
      },
    },
    {
      name: 'replaced by restrictedVolumes at restricted',
      version: 'latest',
      level: 'restricted',
      pod: volumes({ name: 'data', hostPath: { path: '/var' } }),
      expect: 'not in effect',
    },
  ],

  capabilities_baseline: [
    {
      name: 'default set',
      version: 'latest',
      pod: withContext({ capabilities: { add: ['CHOWN', 'NET_BIND_SERVICE'] } }),
      expect: 'allowed',
    },
    {
      name: 'NET_RAW and a lowercase name',
      version: 'v1.0',
      pod: withContext({ capabilities: { add: ['NET_RAW', 'chown', 'KILL'] } }),
      expect: {
        reason: 'non-default capabilities',
        detail: 'container "app" must not include "NET_RAW", "chown" in securityContext.capabilities.add',
        paths: [
          app('securityContext', 'capabilities', 'add', 0),
          app('securityContext', 'capabilities', 'add', 1),
        ],
      },
    },
    {
      name: 'still applies at restricted before capabilities_restricted (v1.22)',
      version: 'v1.21',
      level: 'restricted',
      pod: withContext({ capabilities: { add: ['SYS_ADMIN'] } }),
      expect: {
        reason: 'non-default capabilities',
        detail: 'container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add',
        paths: [app('securityContext', 'capabilities', 'add', 0)],
      },
    },
    {
      name: 'replaced by capabilities_restricted at restricted from v1.22',
      version: 'v1.22',
      level: 'restricted',
      pod: withContext({ capabilities: { add: ['SYS_ADMIN'] } }),
      expect: 'not in effect',
    },
  ],

  procMount: [
    { name: 'Default', version: 'latest', pod: withContext({ procMount: 'Default' }), expect: 'allowed' },
    {
      name: 'Unmasked',
      version: 'v1.0',
      pod: withContext({ procMount: 'Unmasked' }),
      expect: {
        reason: 'procMount',
        detail: 'container "app" must not set securityContext.procMount to "Unmasked"',
        paths: [app('securityContext', 'procMount')],
      },
    },
    {
      name: 'Unmasked in a user namespace before v1.35',
      version: 'v1.34',
      pod: withContext({ procMount: 'Unmasked' }, { hostUsers: false }),
      expect: {
        reason: 'procMount',
        detail: 'container "app" must not set securityContext.procMount to "Unmasked"',
        paths: [app('securityContext', 'procMount')],
      },
    },
    {
      name: 'Unmasked in a user namespace from v1.35',
      version: 'v1.35',
      pod: withContext({ procMount: 'Unmasked' }, { hostUsers: false }),
      expect: 'allowed',
    },
    {
      name: 'replaced by procMount_restricted at restricted from v1.35',
      version: 'v1.35',
      level: 'restricted',
      pod: withContext({ procMount: 'Unmasked' }),
      expect: 'not in effect',
    },
  ],

  seLinuxOptions: [
    {
      name: 'container types and a level',
      version: 'v1.0',
      pod: withContext({ seLinuxOptions: { type: 'container_init_t', level: 's0:c1' } }),
      expect: 'allowed',
    },
    {
      name: 'container_engine_t before v1.31',
      version: 'v1.30',
      pod: withContext({ seLinuxOptions: { type: 'container_engine_t' } }),
      expect: {
        reason: 'seLinuxOptions',
        detail: 'container "app" set forbidden securityContext.seLinuxOptions: type "container_engine_t"',
        paths: [app('securityContext', 'seLinuxOptions', 'type')],
      },
    },
    {
      name: 'container_engine_t from v1.31',
      version: 'v1.31',
      pod: withContext({ seLinuxOptions: { type: 'container_engine_t' } }),
      expect: 'allowed',
    },
    {
      name: 'pod user and container role',
      version: 'latest',
      pod: withContext(
        { seLinuxOptions: { role: 'sysadm_r' } },
        { securityContext: { seLinuxOptions: { user: 'system_u' } } },
      ),
      expect: {
        reason: 'seLinuxOptions',
        detail:
          'pod and container "app" set forbidden securityContext.seLinuxOptions: user may not be set; role may not be set',
        paths: [podSc('seLinuxOptions', 'user'), app('securityContext', 'seLinuxOptions', 'role')],
      },
    },
  ],

  seccompProfile_baseline: [
    {
      name: 'annotations with allowed values (before v1.19)',
      version: 'v1.18',
      pod: {
        metadata: {
          annotations: {
            'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default',
            'container.seccomp.security.alpha.kubernetes.io/app': 'localhost/profile.json',
          },
        },
        spec: { containers: [ctr('app')] },
      },
      expect: 'allowed',
    },
    {
      name: 'unconfined annotations (before v1.19)',
      version: 'v1.0',
      pod: {
        metadata: {
          annotations: {
            'seccomp.security.alpha.kubernetes.io/pod': 'unconfined',
            'container.seccomp.security.alpha.kubernetes.io/app': 'unconfined',
            'container.seccomp.security.alpha.kubernetes.io/gone': 'unconfined',
          },
        },
        spec: { containers: [ctr('app')] },
      },
      expect: {
        reason: 'seccompProfile',
        detail:
          'forbidden annotations container.seccomp.security.alpha.kubernetes.io/app="unconfined", ' +
          'seccomp.security.alpha.kubernetes.io/pod="unconfined"',
        paths: [
          ['metadata', 'annotations', 'container.seccomp.security.alpha.kubernetes.io/app'],
          ['metadata', 'annotations', 'seccomp.security.alpha.kubernetes.io/pod'],
        ],
      },
    },
    {
      name: 'annotations are not read from v1.19',
      version: 'v1.19',
      pod: {
        metadata: { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } },
        spec: { containers: [ctr('app')] },
      },
      expect: 'allowed',
    },
    { name: 'unset field', version: 'v1.19', pod: withContext({}), expect: 'allowed' },
    {
      name: 'Unconfined on the pod and a container',
      version: 'v1.19',
      pod: withContext(
        { seccompProfile: { type: 'Unconfined' } },
        { securityContext: { seccompProfile: { type: 'Unconfined' } } },
      ),
      expect: {
        reason: 'seccompProfile',
        detail: 'pod and container "app" must not set securityContext.seccompProfile.type to "Unconfined"',
        paths: [podSc('seccompProfile', 'type'), app('securityContext', 'seccompProfile', 'type')],
      },
    },
  ],

  sysctls: [
    {
      name: 'safe sysctls of v1.0',
      version: 'v1.0',
      pod: sysctlPod('kernel.shm_rmid_forced', 'net.ipv4.ip_unprivileged_port_start'),
      expect: 'allowed',
    },
    {
      name: 'ip_local_reserved_ports before v1.27',
      version: 'v1.26',
      pod: sysctlPod('net.ipv4.ip_local_reserved_ports'),
      expect: {
        reason: 'forbidden sysctls',
        detail: 'net.ipv4.ip_local_reserved_ports',
        paths: [podSc('sysctls', 0, 'name')],
      },
    },
    {
      name: 'ip_local_reserved_ports from v1.27',
      version: 'v1.27',
      pod: sysctlPod('net.ipv4.ip_local_reserved_ports'),
      expect: 'allowed',
    },
    {
      name: 'tcp_keepalive_time from v1.29',
      version: 'v1.29',
      pod: sysctlPod('net.ipv4.tcp_keepalive_time'),
      expect: 'allowed',
    },
    { name: 'tcp_rmem from v1.32', version: 'v1.32', pod: sysctlPod('net.ipv4.tcp_rmem'), expect: 'allowed' },
    {
      name: 'tcp_notsent_lowat before v1.37',
      version: 'v1.36',
      pod: sysctlPod('net.ipv4.tcp_notsent_lowat'),
      expect: {
        reason: 'forbidden sysctls',
        detail: 'net.ipv4.tcp_notsent_lowat',
        paths: [podSc('sysctls', 0, 'name')],
      },
    },
    {
      name: 'tcp_notsent_lowat from v1.37',
      version: 'v1.37',
      pod: sysctlPod('net.ipv4.tcp_notsent_lowat'),
      expect: 'allowed',
    },
    {
      name: 'unsafe sysctls, in order',
      version: 'latest',
      pod: sysctlPod('kernel.msgmax', 'net.ipv4.tcp_syncookies', 'vm.swappiness'),
      expect: {
        reason: 'forbidden sysctls',
        detail: 'kernel.msgmax, vm.swappiness',
        paths: [podSc('sysctls', 0, 'name'), podSc('sysctls', 2, 'name')],
      },
    },
  ],

  appArmorProfile: [
    {
      name: 'allowed annotation values and field types',
      version: 'v1.0',
      pod: {
        metadata: {
          annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'localhost/custom' },
        },
        spec: {
          securityContext: { appArmorProfile: { type: 'RuntimeDefault' } },
          containers: [ctr('app', { securityContext: { appArmorProfile: { type: 'Localhost' } } })],
        },
      },
      expect: 'allowed',
    },
    {
      name: 'unconfined annotation',
      version: 'v1.0',
      pod: {
        metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } },
        spec: { containers: [ctr('app')] },
      },
      expect: {
        reason: 'forbidden AppArmor profile',
        detail:
          'annotation must not set AppArmor profile type to ' +
          '"container.apparmor.security.beta.kubernetes.io/app="unconfined""',
        paths: [['metadata', 'annotations', 'container.apparmor.security.beta.kubernetes.io/app']],
      },
    },
    {
      name: 'Unconfined fields on the pod and a container',
      version: 'latest',
      pod: withContext(
        { appArmorProfile: { type: 'Unconfined' } },
        { securityContext: { appArmorProfile: { type: 'Unconfined' } } },
      ),
      expect: {
        reason: 'forbidden AppArmor profile',
        detail: 'pod and container "app" must not set AppArmor profile type to "Unconfined"',
        paths: [podSc('appArmorProfile', 'type'), app('securityContext', 'appArmorProfile', 'type')],
      },
    },
  ],

  windowsHostProcess: [
    {
      name: 'false',
      version: 'latest',
      pod: withContext({ windowsOptions: { hostProcess: false } }),
      expect: 'allowed',
    },
    {
      name: 'true on the pod',
      version: 'v1.0',
      pod: withContext({}, { securityContext: { windowsOptions: { hostProcess: true } } }),
      expect: {
        reason: 'hostProcess',
        detail: 'pod must not set securityContext.windowsOptions.hostProcess=true',
        paths: [podSc('windowsOptions', 'hostProcess')],
      },
    },
  ],

  hostProbesAndHostLifecycle: [
    {
      name: 'not in effect before v1.34',
      version: 'v1.33',
      pod: { spec: { containers: [ctr('app', { livenessProbe: { httpGet: { host: 'evil', port: 80 } } })] } },
      expect: 'not in effect',
    },
    {
      name: 'probes without a host',
      version: 'v1.34',
      pod: { spec: { containers: [ctr('app', { livenessProbe: { httpGet: { port: 80 } } })] } },
      expect: 'allowed',
    },
    {
      name: 'a probe host and a lifecycle host',
      version: 'v1.34',
      pod: {
        spec: {
          containers: [
            ctr('app', {
              readinessProbe: { tcpSocket: { host: '10.0.0.1', port: 80 } },
              lifecycle: { preStop: { httpGet: { host: 'metadata.internal', port: 80 } } },
            }),
          ],
        },
      },
      expect: {
        reason: 'probe or lifecycle host',
        detail: 'container "app" uses probe or lifecycle hosts "10.0.0.1", "metadata.internal"',
        paths: [app('readinessProbe', 'tcpSocket', 'host'), app('lifecycle', 'preStop', 'httpGet', 'host')],
      },
    },
  ],

  allowPrivilegeEscalation: [
    { name: 'not in effect before v1.8', version: 'v1.7', pod: withContext({}), expect: 'not in effect' },
    {
      name: 'false',
      version: 'v1.8',
      pod: withContext({ allowPrivilegeEscalation: false }),
      expect: 'allowed',
    },
    {
      name: 'unset',
      version: 'v1.8',
      pod: withContext({}),
      expect: {
        reason: 'allowPrivilegeEscalation != false',
        detail: 'container "app" must set securityContext.allowPrivilegeEscalation=false',
        paths: [app('securityContext', 'allowPrivilegeEscalation')],
      },
    },
    {
      name: 'a Windows pod before v1.25',
      version: 'v1.24',
      pod: withContext({}, { os: { name: 'windows' } }),
      expect: {
        reason: 'allowPrivilegeEscalation != false',
        detail: 'container "app" must set securityContext.allowPrivilegeEscalation=false',
        paths: [app('securityContext', 'allowPrivilegeEscalation')],
      },
    },
    {
      name: 'a Windows pod from v1.25',
      version: 'v1.25',
      pod: withContext({}, { os: { name: 'windows' } }),
      expect: 'allowed',
    },
  ],

  capabilities_restricted: [
    { name: 'not in effect before v1.22', version: 'v1.21', pod: withContext({}), expect: 'not in effect' },
    {
      name: 'drop ALL, add NET_BIND_SERVICE',
      version: 'v1.22',
      pod: withContext({ capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }),
      expect: 'allowed',
    },
    {
      name: 'no drop, adds CHOWN',
      version: 'latest',
      pod: withContext({ capabilities: { add: ['CHOWN'] } }),
      expect: {
        reason: 'unrestricted capabilities',
        detail:
          'container "app" must set securityContext.capabilities.drop=["ALL"]; ' +
          'container "app" must not include "CHOWN" in securityContext.capabilities.add',
        paths: [
          app('securityContext', 'capabilities', 'drop'),
          app('securityContext', 'capabilities', 'add', 0),
        ],
      },
    },
    {
      name: 'a Windows pod from v1.25',
      version: 'v1.25',
      pod: withContext({}, { os: { name: 'windows' } }),
      expect: 'allowed',
    },
  ],

  procMount_restricted: [
    { name: 'not in effect before v1.35', version: 'v1.34', pod: withContext({}), expect: 'not in effect' },
    {
      name: 'Unmasked in a user namespace',
      version: 'v1.35',
      pod: withContext({ procMount: 'Unmasked' }, { hostUsers: false }),
      expect: {
        reason: 'procMount',
        detail: 'container "app" must not set securityContext.procMount to "Unmasked"',
        paths: [app('securityContext', 'procMount')],
      },
    },
  ],

  restrictedVolumes: [
    {
      name: 'allowed types, and a volume with no source (defaulted to emptyDir)',
      version: 'v1.0',
      pod: volumes(
        { name: 'none' },
        { name: 'config', configMap: { name: 'c' } },
        { name: 'claim', persistentVolumeClaim: { claimName: 'c' } },
        { name: 'img', image: { reference: 'registry.example/data:1' } },
      ),
      expect: 'allowed',
    },
    {
      name: 'hostPath and nfs',
      version: 'latest',
      pod: volumes(
        { name: 'host', hostPath: { path: '/' } },
        { name: 'share', nfs: { server: 'nas', path: '/x' } },
      ),
      expect: {
        reason: 'restricted volume types',
        detail: 'volumes "host", "share" use restricted volume types "hostPath", "nfs"',
        paths: [
          ['spec', 'volumes', 0, 'hostPath'],
          ['spec', 'volumes', 1, 'nfs'],
        ],
      },
    },
  ],

  runAsNonRoot: [
    {
      name: 'true on the pod',
      version: 'v1.0',
      pod: withContext({}, { securityContext: { runAsNonRoot: true } }),
      expect: 'allowed',
    },
    {
      name: 'unset',
      version: 'v1.0',
      pod: withContext({}),
      expect: {
        reason: 'runAsNonRoot != true',
        detail: 'pod or container "app" must set securityContext.runAsNonRoot=true',
        paths: [app('securityContext', 'runAsNonRoot')],
      },
    },
    {
      name: 'false on a container overrides the pod',
      version: 'latest',
      pod: withContext({ runAsNonRoot: false }, { securityContext: { runAsNonRoot: true } }),
      expect: {
        reason: 'runAsNonRoot != true',
        detail: 'container "app" must not set securityContext.runAsNonRoot=false',
        paths: [app('securityContext', 'runAsNonRoot')],
      },
    },
    {
      name: 'unset in a user namespace before v1.35',
      version: 'v1.34',
      pod: withContext({}, { hostUsers: false }),
      expect: {
        reason: 'runAsNonRoot != true',
        detail: 'pod or container "app" must set securityContext.runAsNonRoot=true',
        paths: [app('securityContext', 'runAsNonRoot')],
      },
    },
    {
      name: 'unset in a user namespace from v1.35',
      version: 'v1.35',
      pod: withContext({}, { hostUsers: false }),
      expect: 'allowed',
    },
  ],

  runAsUser: [
    {
      name: 'not in effect before v1.23',
      version: 'v1.22',
      pod: withContext({ runAsUser: 0 }),
      expect: 'not in effect',
    },
    { name: 'non-zero', version: 'v1.23', pod: withContext({ runAsUser: 1000 }), expect: 'allowed' },
    {
      name: '0 on the pod and a container',
      version: 'v1.23',
      pod: withContext({ runAsUser: 0 }, { securityContext: { runAsUser: 0 } }),
      expect: {
        reason: 'runAsUser=0',
        detail: 'pod and container "app" must not set runAsUser=0',
        paths: [podSc('runAsUser'), app('securityContext', 'runAsUser')],
      },
    },
    {
      name: '0 in a user namespace from v1.35',
      version: 'v1.35',
      pod: withContext({ runAsUser: 0 }, { hostUsers: false }),
      expect: 'allowed',
    },
  ],

  seccompProfile_restricted: [
    { name: 'not in effect before v1.19', version: 'v1.18', pod: withContext({}), expect: 'not in effect' },
    {
      name: 'RuntimeDefault on the pod',
      version: 'v1.19',
      pod: withContext({}, { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }),
      expect: 'allowed',
    },
    {
      name: 'unset',
      version: 'v1.19',
      pod: withContext({}),
      expect: {
        reason: 'seccompProfile',
        detail:
          'pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
        paths: [app('securityContext', 'seccompProfile', 'type')],
      },
    },
    {
      name: 'Unconfined on a container',
      version: 'latest',
      pod: withContext(
        { seccompProfile: { type: 'Unconfined' } },
        { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } },
      ),
      expect: {
        reason: 'seccompProfile',
        detail: 'container "app" must not set securityContext.seccompProfile.type to "Unconfined"',
        paths: [app('securityContext', 'seccompProfile', 'type')],
      },
    },
    {
      name: 'a Windows pod from v1.25',
      version: 'v1.25',
      pod: withContext({}, { os: { name: 'windows' } }),
      expect: 'allowed',
    },
  ],
};

function ports(list: Obj[]): Pod {
  return { spec: { containers: [ctr('app', { ports: list })] } };
}

function volumes(...list: Obj[]): Pod {
  return { spec: { containers: [ctr('app')], volumes: list } };
}

function sysctlPod(...names: string[]): Pod {
  return withContext({}, { securityContext: { sysctls: names.map((name) => ({ name, value: '1' })) } });
}

describe('PSS checks', () => {
  test('every check has a table', () => {
    assert.deepEqual(Object.keys(TABLES).sort(), PSS_CHECKS.map((c) => c.id).sort());
  });

  for (const check of PSS_CHECKS) {
    describe(check.id, () => {
      for (const c of TABLES[check.id] ?? []) {
        const level = c.level ?? check.level;
        test(`${c.name} (${level} ${c.version})`, () => {
          const inEffect = checksFor(level, c.version).some((active) => active.id === check.id);
          if (c.expect === 'not in effect') {
            assert.equal(inEffect, false, `${check.id} should not be in effect`);
            return;
          }
          assert.equal(inEffect, true, `${check.id} should be in effect`);
          const result = evaluatePod(level, c.version, c.pod.metadata ?? {}, c.pod.spec);
          const found = result.violations.find((v) => v.check === check.id);
          if (c.expect === 'allowed') {
            assert.equal(found, undefined, found?.detail);
            return;
          }
          assert.ok(found, `${check.id} should deny the pod`);
          assert.deepEqual(
            { reason: found.reason, detail: found.detail, paths: found.paths },
            { reason: c.expect.reason, detail: c.expect.detail, paths: c.expect.paths },
          );
          assert.equal(found.level, check.level);
        });
      }
    });
  }
});
