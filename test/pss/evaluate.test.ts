/** The evaluator's contract: versions, which checks are in effect, ordering, levels, and untrusted input. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PSS_CHECKS } from '../../src/rules/pss/checks/index.js';
import { checksFor, evaluatePod } from '../../src/rules/pss/evaluate.js';
import {
  formatPolicyVersion,
  LATEST_VERSION,
  NEWEST_POLICY_VERSION,
  parsePolicyVersion,
} from '../../src/rules/pss/version.js';

const ids = (level: 'privileged' | 'baseline' | 'restricted', version: string) =>
  checksFor(level, version).map((c) => c.id);

describe('policy versions', () => {
  test('parses v1.N and latest', () => {
    assert.equal(parsePolicyVersion('v1.0'), 0);
    assert.equal(parsePolicyVersion('v1.37'), 37);
    assert.equal(parsePolicyVersion('v1.120'), 120);
    assert.equal(parsePolicyVersion(LATEST_VERSION), Number.POSITIVE_INFINITY);
    assert.equal(formatPolicyVersion(parsePolicyVersion('v1.25')), 'v1.25');
    assert.equal(formatPolicyVersion(parsePolicyVersion('latest')), 'latest');
  });

  for (const bad of ['1.25', 'v1', 'v2.0', 'v1.025', 'V1.25', 'v1.25 ', 'Latest', '']) {
    test(`rejects ${JSON.stringify(bad)} with a clear message`, () => {
      assert.throws(() => parsePolicyVersion(bad), /expected "latest" or "v1\.N"/);
      assert.throws(() => evaluatePod('baseline', bad, {}, {}), /invalid Pod Security Standards version/);
    });
  }

  test('NEWEST_POLICY_VERSION is the newest version any check revision starts at', () => {
    const newest = Math.max(
      ...PSS_CHECKS.flatMap((c) => c.versions.map((v) => parsePolicyVersion(v.minVersion))),
    );
    assert.equal(NEWEST_POLICY_VERSION, `v1.${newest}`);
  });

  test('latest and versions beyond the newest behave as the newest', () => {
    assert.deepEqual(ids('restricted', 'latest'), ids('restricted', NEWEST_POLICY_VERSION));
    assert.deepEqual(ids('restricted', 'v1.80'), ids('restricted', NEWEST_POLICY_VERSION));
    const pod = { securityContext: { sysctls: [{ name: 'net.ipv4.tcp_notsent_lowat' }] }, containers: [] };
    assert.equal(evaluatePod('baseline', 'v1.36', {}, pod).allowed, false);
    assert.equal(evaluatePod('baseline', 'latest', {}, pod).allowed, true);
    assert.equal(evaluatePod('baseline', 'v1.80', {}, pod).allowed, true);
  });

  test('every check revision lists versions in strictly increasing order', () => {
    for (const check of PSS_CHECKS) {
      const minors = check.versions.map((v) => parsePolicyVersion(v.minVersion));
      assert.ok(minors.length > 0, check.id);
      assert.ok(
        minors.every((m, i) => i === 0 || m > (minors[i - 1] as number)),
        check.id,
      );
    }
  });
});

describe('checks in effect', () => {
  test('privileged has none', () => {
    assert.deepEqual(ids('privileged', 'latest'), []);
  });

  test('baseline at v1.0', () => {
    assert.deepEqual(ids('baseline', 'v1.0'), [
      'appArmorProfile',
      'capabilities_baseline',
      'hostNamespaces',
      'hostPathVolumes',
      'hostPorts',
      'privileged',
      'procMount',
      'seLinuxOptions',
      'seccompProfile_baseline',
      'sysctls',
      'windowsHostProcess',
    ]);
  });

  test('restricted at latest: overridden baseline checks give way to their restricted versions', () => {
    assert.deepEqual(ids('restricted', 'latest'), [
      'appArmorProfile',
      'hostNamespaces',
      'hostPorts',
      'hostProbesAndHostLifecycle',
      'privileged',
      'seLinuxOptions',
      'sysctls',
      'windowsHostProcess',
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'procMount_restricted',
      'restrictedVolumes',
      'runAsNonRoot',
      'runAsUser',
      'seccompProfile_restricted',
    ]);
  });

  test('restricted at v1.0 keeps the baseline checks whose replacements do not exist yet', () => {
    const v1Dot0 = ids('restricted', 'v1.0');
    assert.ok(v1Dot0.includes('capabilities_baseline') && v1Dot0.includes('seccompProfile_baseline'));
    assert.ok(!v1Dot0.includes('hostPathVolumes'), 'restrictedVolumes replaces it from v1.0');
    assert.ok(!v1Dot0.includes('allowPrivilegeEscalation'), 'added in v1.8');
  });

  test('the check list is in PSA order: baseline ids sorted, then restricted ids sorted', () => {
    const byLevel = (level: string) => PSS_CHECKS.filter((c) => c.level === level).map((c) => c.id);
    const sorted = (list: string[]) => [...list].sort();
    assert.deepEqual(
      PSS_CHECKS.map((c) => c.id),
      [...sorted(byLevel('baseline')), ...sorted(byLevel('restricted'))],
    );
  });

  test('checksFor rejects an unknown level', () => {
    assert.throws(
      () => checksFor('strict' as 'baseline', 'latest'),
      /expected "privileged", "baseline" or "restricted"/,
    );
  });
});

describe('evaluatePod', () => {
  const risky = {
    hostPID: true,
    containers: [{ name: 'app', securityContext: { privileged: true } }],
  };

  test('privileged allows everything', () => {
    assert.deepEqual(evaluatePod('privileged', 'latest', {}, risky), { allowed: true, violations: [] });
  });

  test('violations come in check order, each with the level of its check', () => {
    const result = evaluatePod('restricted', 'latest', {}, risky);
    assert.equal(result.allowed, false);
    assert.deepEqual(
      result.violations.map((v) => [v.check, v.level]),
      [
        ['hostNamespaces', 'baseline'],
        ['privileged', 'baseline'],
        ['allowPrivilegeEscalation', 'restricted'],
        ['capabilities_restricted', 'restricted'],
        ['runAsNonRoot', 'restricted'],
        ['seccompProfile_restricted', 'restricted'],
      ],
    );
  });

  test('a pod that meets restricted', () => {
    const spec = {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'app',
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        },
      ],
    };
    assert.deepEqual(evaluatePod('restricted', 'latest', {}, spec), { allowed: true, violations: [] });
  });
});

describe('untrusted input never throws', () => {
  const garbage: unknown[] = [
    null,
    undefined,
    0,
    1,
    -1,
    true,
    false,
    '',
    'x',
    [],
    [null],
    [1, 'a'],
    {},
    { a: 1 },
  ];
  /** Every place the checks read, to be filled with each kind of garbage in turn. */
  const containerFields = [
    'name',
    'securityContext',
    'ports',
    'livenessProbe',
    'readinessProbe',
    'startupProbe',
    'lifecycle',
  ];
  const contextFields = [
    'privileged',
    'capabilities',
    'procMount',
    'seLinuxOptions',
    'seccompProfile',
    'appArmorProfile',
    'windowsOptions',
    'allowPrivilegeEscalation',
    'runAsNonRoot',
    'runAsUser',
    'sysctls',
  ];
  const specFields = [
    'containers',
    'initContainers',
    'ephemeralContainers',
    'volumes',
    'securityContext',
    'hostNetwork',
    'hostPID',
    'hostIPC',
    'hostUsers',
    'os',
  ];

  function* pods(): Generator<[unknown, unknown]> {
    for (const value of garbage) {
      yield [value, value];
      yield [{ annotations: value }, {}];
      for (const field of specFields) yield [{}, { [field]: value }];
      for (const field of contextFields) {
        yield [
          {},
          { securityContext: { [field]: value }, containers: [{ securityContext: { [field]: value } }] },
        ];
        yield [
          {},
          {
            containers: [
              { name: 'a', securityContext: { [field]: { type: value, add: value, drop: value } } },
            ],
          },
        ];
      }
      for (const field of containerFields) {
        yield [{}, { initContainers: [{ [field]: value, ports: [{ hostPort: value }] }] }];
        yield [
          {},
          { containers: [{ lifecycle: { preStop: { httpGet: value, tcpSocket: { host: value } } } }] },
        ];
      }
      yield [{}, { volumes: [value, { name: value, hostPath: value, nfs: value }] }];
      yield [{ annotations: { 'container.apparmor.security.beta.kubernetes.io/a': value } }, {}];
      yield [{ annotations: { 'seccomp.security.alpha.kubernetes.io/pod': value } }, {}];
    }
  }

  test('for every level and version', () => {
    let evaluated = 0;
    for (const [metadata, spec] of pods()) {
      for (const level of ['baseline', 'restricted'] as const) {
        for (const version of ['v1.0', 'v1.18', 'v1.25', 'v1.35', 'latest']) {
          const result = evaluatePod(
            level,
            version,
            metadata as Record<string, unknown>,
            spec as Record<string, unknown>,
          );
          assert.equal(typeof result.allowed, 'boolean');
          evaluated++;
        }
      }
    }
    assert.ok(evaluated > 1000);
  });
});
