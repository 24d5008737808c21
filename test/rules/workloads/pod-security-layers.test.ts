// At restricted, Pod Security Admission replaces four baseline checks by stricter versions. `parapet scan` keeps
// the baseline rule reporting what it finds there, at its own rank, and the restricted rule only the rest: every
// case below gives the same findings, one per problem, at `baseline` and at `restricted`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { webPod } from '../../../src/rules/examples.js';
import { POD_SECURITY_RULES } from '../../../src/rules/pod-security/rules.js';
import { runsAsRoot } from '../../../src/rules/workloads/runs-as-root.js';
import { ruleTester, runRule } from '../../helpers/rule-tester.js';

const rule = (id: string) => {
  const found = POD_SECURITY_RULES.find((r) => r.meta.id === id);
  assert.ok(found, id);
  return found;
};

/** The shop Namespace at `level` (and `version`), then the pod. */
const shopAt = (level: string, version = 'latest') =>
  `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {pod-security.kubernetes.io/enforce: ${level}, pod-security.kubernetes.io/enforce-version: ${version}}
---
`;

/** A hardened container, restricted-clean but for `fields` (which may override its securityContext). */
const hardened = (name: string, securityContext = '{}', ...fields: string[]) => [
  `- name: ${name}`,
  '  image: app:1',
  `  securityContext: ${securityContext}`,
  ...fields.map((f) => `  ${f}`),
];
const HARDENED_CONTEXT =
  '{allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}';
const pod = (podFields: string[], ...containers: string[][]) =>
  webPod({ podFields, containers: containers.flat() });
const ok = (name: string) => hardened(name, HARDENED_CONTEXT);

/** Every Pod Security finding of the case as `rule severity`, sorted. */
function pssFindings(yaml: string): string[] {
  return POD_SECURITY_RULES.flatMap((r) => runRule(r, yaml).map((v) => `${r.meta.id} ${v.severity}`)).sort();
}

interface LayerCase {
  name: string;
  version?: string;
  /** The pod, restricted-clean but for the setting under test. */
  yaml: string;
  /** The findings at both levels. */
  expected: string[];
}

const LAYER_CASES: LayerCase[] = [
  {
    name: 'a writable /var/lib/etcd hostPath',
    yaml: pod(
      ['volumes: [{name: etcd, hostPath: {path: /var/lib/etcd}}]'],
      hardened('app', HARDENED_CONTEXT, 'volumeMounts: [{name: etcd, mountPath: /etcd}]'),
    ),
    expected: ['PP-PSS-004 high'],
  },
  {
    name: 'AUDIT_CONTROL added',
    yaml: pod(
      [],
      hardened(
        'app',
        '{allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [AUDIT_CONTROL]}, runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}',
      ),
    ),
    expected: ['PP-PSS-005 high'],
  },
  {
    name: 'seccomp Unconfined',
    yaml: pod(
      [],
      hardened(
        'app',
        '{allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, runAsNonRoot: true, seccompProfile: {type: Unconfined}}',
      ),
    ),
    expected: ['PP-PSS-008 high'],
  },
  {
    name: 'procMount Unmasked at v1.35',
    version: 'v1.35',
    yaml: pod(
      [],
      hardened(
        'app',
        '{procMount: Unmasked, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}',
      ),
    ),
    expected: ['PP-PSS-006 high'],
  },
  {
    name: 'two containers, only the second adds AUDIT_CONTROL',
    yaml: pod(
      [],
      ok('first'),
      hardened(
        'second',
        '{allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [AUDIT_CONTROL]}, runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}',
      ),
    ),
    expected: ['PP-PSS-005 high'],
  },
];

describe('Pod Security in scan: a baseline finding keeps its rank at restricted', () => {
  for (const c of LAYER_CASES) {
    it(`${c.name}: ${c.expected.join(', ')} at baseline and at restricted`, () => {
      assert.deepEqual(pssFindings(shopAt('baseline', c.version) + c.yaml), c.expected, 'at baseline');
      assert.deepEqual(pssFindings(shopAt('restricted', c.version) + c.yaml), c.expected, 'at restricted');
    });
  }
});

// What the restricted rule still reports is what lies beyond baseline, in Pod Security's own words.
ruleTester(rule('PP-PSS-004'), {
  valid: [{ name: 'no hostPath, at restricted', yaml: pod([], ok('app')) }],
  invalid: [
    {
      name: 'at restricted, a hostPath volume',
      yaml: pod(['volumes: [{name: etcd, hostPath: {path: /var/lib/etcd}}]'], ok('app')),
      errors: [
        {
          message: 'hostPath volumes: volume "etcd" (Pod Security restricted latest, from parapet default)',
          path: 'spec.volumes[0].hostPath',
          severity: 'high',
        },
      ],
    },
  ],
});

ruleTester(rule('PP-PSS-013'), {
  valid: [
    {
      name: "a hostPath volume alone is PP-PSS-004's",
      yaml: pod(['volumes: [{name: etcd, hostPath: {path: /var/lib/etcd}}]'], ok('app')),
    },
  ],
  invalid: [
    {
      name: 'beside a hostPath volume, the NFS one only',
      yaml: pod(
        [
          'volumes: [{name: etcd, hostPath: {path: /var/lib/etcd}}, {name: data, nfs: {server: nas, path: /data}}]',
        ],
        ok('app'),
      ),
      errors: [
        {
          message:
            'restricted volume types: volume "data" uses restricted volume type "nfs" (Pod Security restricted latest, from parapet default)',
          path: 'spec.volumes[1].nfs',
          severity: 'medium',
        },
      ],
    },
  ],
});

ruleTester(rule('PP-PSS-018'), {
  valid: [
    {
      name: "ALL dropped, SYS_ADMIN added: PP-PSS-005's",
      yaml: pod([], hardened('app', '{capabilities: {drop: [ALL], add: [SYS_ADMIN]}}')),
    },
  ],
  invalid: [
    {
      name: 'SYS_ADMIN added, ALL not dropped: the missing drop only',
      yaml: pod([], hardened('app', '{capabilities: {add: [SYS_ADMIN]}}')),
      errors: [
        {
          message:
            'unrestricted capabilities: container "app" must set securityContext.capabilities.drop=["ALL"] (Pod Security restricted latest, from parapet default)',
          path: 'spec.containers[0].securityContext.capabilities.drop',
        },
      ],
    },
    {
      name: 'two containers, the second adds SYS_ADMIN and CHOWN: CHOWN (of the default set) only',
      yaml: pod(
        [],
        ok('first'),
        hardened('second', '{capabilities: {drop: [ALL], add: [SYS_ADMIN, CHOWN]}}'),
      ),
      errors: [
        {
          message:
            'unrestricted capabilities: container "second" must not include "CHOWN" in securityContext.capabilities.add (Pod Security restricted latest, from parapet default)',
          path: 'spec.containers[1].securityContext.capabilities.add[1]',
        },
      ],
    },
  ],
});

ruleTester(rule('PP-PSS-017'), {
  valid: [
    {
      name: "seccomp Unconfined is PP-PSS-008's",
      yaml: pod([], hardened('app', '{seccompProfile: {type: Unconfined}}')),
    },
  ],
  invalid: [
    {
      name: 'two containers, the second without a profile',
      yaml: pod([], ok('first'), hardened('second', '{}')),
      errors: [
        {
          message: /^seccompProfile: pod or container "second" must set/,
          path: 'spec.containers[1].securityContext.seccompProfile.type',
        },
      ],
    },
  ],
});

ruleTester(rule('PP-PSS-019'), {
  valid: [
    {
      name: "at v1.35, Unmasked outside a user namespace is PP-PSS-006's",
      yaml: shopAt('restricted', 'v1.35') + pod([], hardened('app', '{procMount: Unmasked}')),
    },
  ],
  invalid: [
    {
      name: 'at v1.35, Unmasked in a user namespace (baseline allows it) in the second container',
      yaml:
        shopAt('restricted', 'v1.35') +
        pod(['hostUsers: false'], ok('first'), hardened('second', '{procMount: Unmasked}')),
      errors: [
        {
          message: /^procMount: container "second" must not set securityContext.procMount to "Unmasked"/,
          path: 'spec.containers[1].securityContext.procMount',
          severity: 'medium',
        },
      ],
    },
  ],
});

ruleTester(rule('PP-PSS-006'), {
  valid: [
    {
      name: 'at v1.35, Unmasked in a user namespace is allowed by baseline',
      yaml:
        shopAt('restricted', 'v1.35') + pod(['hostUsers: false'], hardened('app', '{procMount: Unmasked}')),
    },
  ],
  invalid: [
    {
      name: 'at restricted v1.35, Unmasked in the second container',
      yaml: shopAt('restricted', 'v1.35') + pod([], ok('first'), hardened('second', '{procMount: Unmasked}')),
      errors: [
        {
          message:
            /^procMount: container "second" must not set securityContext.procMount to "Unmasked" \(Pod Security restricted v1.35, from namespace shop/,
          path: 'spec.containers[1].securityContext.procMount',
          severity: 'high',
        },
      ],
    },
  ],
});

// PP-WL-001 defers to PP-PSS-015/016 where they judge the pod: one finding for one root, ranked alike.
describe('runs as root: PP-WL-001 at baseline, PP-PSS-016 at restricted, high at both', () => {
  const rules = [...POD_SECURITY_RULES, runsAsRoot];
  const findings = (yaml: string) =>
    rules.flatMap((r) => runRule(r, yaml).map((v) => `${r.meta.id} ${v.severity}`)).sort();
  const yaml = pod(
    [],
    ok('first'),
    hardened(
      'second',
      '{runAsUser: 0, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}',
    ),
  );
  it('two containers, only the second sets runAsUser: 0', () => {
    assert.deepEqual(findings(shopAt('baseline') + yaml), ['PP-WL-001 high']);
    assert.deepEqual(findings(shopAt('restricted') + yaml), ['PP-PSS-016 high']);
  });
});
