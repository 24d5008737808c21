// Each built-in detection rule against realistic events: the attack it catches and the benign traffic it leaves.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Alert } from '../../src/audit/alert.js';
import { Detector } from '../../src/audit/detector.js';
import { toAuditEvent } from '../../src/audit/event.js';
import { builtinRuleSet } from '../../src/audit/rule-set.js';
import { auditEvent, type Event, type EventSpec, pod } from './events.js';

/** The rule ids raised by a sequence of events (dedup off, so each match is an alert). */
export function raised(events: readonly Event[]): Alert[] {
  const alerts: Alert[] = [];
  const detector = new Detector(builtinRuleSet(), (a) => alerts.push(a), {
    dedupWindow: 0,
    rateLimit: 10_000,
  });
  for (const e of events) {
    const event = toAuditEvent(structuredClone(e));
    assert.equal(typeof event, 'object', String(event));
    detector.offer(event as Exclude<typeof event, string>);
  }
  detector.flush();
  return alerts;
}

/** A fixed time `seconds` after the test's base time. */
const at = (seconds: number) => new Date(Date.parse('2026-12-01T08:00:00Z') + seconds * 1000).toISOString();

const ids = (events: readonly Event[]) => raised(events).map((a) => a.rule);

const CONTROLLER = 'system:serviceaccount:kube-system:replicaset-controller';
const CONTROLLER_GROUPS = [
  'system:serviceaccounts',
  'system:serviceaccounts:kube-system',
  'system:authenticated',
];
const CONTROLLER_UA =
  'kube-controller-manager/v1.31.2 (linux/amd64) kubernetes/5864a46/system:serviceaccount:kube-system:replicaset-controller';
const controller = (spec: EventSpec): EventSpec => ({
  user: CONTROLLER,
  groups: CONTROLLER_GROUPS,
  userAgent: CONTROLLER_UA,
  ...spec,
});

interface Case {
  rule: string;
  fires: EventSpec[][];
  quiet: EventSpec[][];
}

const privileged = pod({
  containers: [{ name: 'app', image: 'x:1', securityContext: { privileged: true } }],
});
const hostNet = pod({ hostNetwork: true });
const dockerSock = pod({
  volumes: [{ name: 'sock', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } }],
});
const safe = pod({ volumes: [{ name: 'cache', emptyDir: {} }] });
const deployment = (spec: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { selector: {}, template: { metadata: {}, spec: pod(spec).spec } },
});
const binding = (role: string, kind = 'ClusterRoleBinding') => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name: 'ops' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects: [{ kind: 'User', name: 'mallory', apiGroup: 'rbac.authorization.k8s.io' }],
});
const role = (rules: unknown[]) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'r' },
  rules,
});
const rbac = 'rbac.authorization.k8s.io';

const CASES: Case[] = [
  {
    rule: 'PP-AUD-001',
    fires: [
      [
        {
          verb: 'create',
          resource: 'pods',
          subresource: 'exec',
          namespace: 'shop',
          name: 'web-1',
          stage: 'ResponseStarted',
          code: 101,
        },
      ],
      [
        {
          verb: 'get',
          resource: 'pods',
          subresource: 'portforward',
          namespace: 'shop',
          name: 'web-1',
          stage: 'ResponseStarted',
          code: 101,
        },
      ],
    ],
    quiet: [
      [
        {
          verb: 'create',
          resource: 'pods',
          subresource: 'exec',
          namespace: 'shop',
          name: 'web-1',
          code: 403,
        },
      ],
      [{ verb: 'get', resource: 'pods', subresource: 'log', namespace: 'shop', name: 'web-1' }],
      [
        {
          verb: 'create',
          resource: 'pods',
          subresource: 'exec',
          namespace: 'shop',
          name: 'web-1',
          stage: 'RequestReceived',
        },
      ],
    ],
  },
  {
    rule: 'PP-AUD-002',
    fires: [
      [
        {
          verb: 'patch',
          resource: 'pods',
          subresource: 'ephemeralcontainers',
          namespace: 'shop',
          name: 'web-1',
        },
      ],
    ],
    quiet: [
      [
        {
          verb: 'patch',
          resource: 'pods',
          subresource: 'status',
          namespace: 'shop',
          name: 'web-1',
          user: 'system:node:edge-1',
          groups: ['system:nodes'],
        },
      ],
    ],
  },
  {
    rule: 'PP-AUD-003',
    fires: [
      // the ReplicaSet controller creating a privileged pod still creates a privileged pod
      [controller({ verb: 'create', resource: 'pods', namespace: 'shop', requestObject: privileged })],
      [
        {
          verb: 'create',
          resource: 'deployments',
          apiGroup: 'apps',
          namespace: 'shop',
          name: 'web',
          requestObject: deployment({
            containers: [{ name: 'a', image: 'x:1', securityContext: { privileged: true } }],
          }),
        },
      ],
      // a patch is judged on the stored object
      [
        {
          verb: 'patch',
          resource: 'pods',
          namespace: 'shop',
          name: 'web',
          requestObject: { spec: {} },
          responseObject: privileged,
        },
      ],
    ],
    quiet: [
      [controller({ verb: 'create', resource: 'pods', namespace: 'shop', requestObject: safe })],
      [{ verb: 'create', resource: 'pods', namespace: 'shop', requestObject: privileged, code: 403 }],
      [{ verb: 'create', resource: 'pods', namespace: 'shop' }],
    ],
  },
  {
    rule: 'PP-AUD-004',
    fires: [[controller({ verb: 'create', resource: 'pods', namespace: 'shop', requestObject: hostNet })]],
    quiet: [[controller({ verb: 'create', resource: 'pods', namespace: 'shop', requestObject: safe })]],
  },
  {
    rule: 'PP-AUD-005',
    fires: [[controller({ verb: 'create', resource: 'pods', namespace: 'shop', requestObject: dockerSock })]],
    quiet: [
      [
        controller({
          verb: 'create',
          resource: 'pods',
          namespace: 'shop',
          requestObject: pod({ volumes: [{ name: 'spool', hostPath: { path: '/var/spool/agent' } }] }),
        }),
      ],
    ],
  },
  {
    rule: 'PP-AUD-006',
    fires: [
      [
        {
          verb: 'create',
          resource: 'clusterrolebindings',
          apiGroup: rbac,
          requestObject: binding('cluster-admin'),
        },
      ],
      [{ verb: 'create', resource: 'clusterrolebindings', apiGroup: rbac, requestObject: binding('edit') }],
      [
        {
          verb: 'create',
          resource: 'rolebindings',
          apiGroup: rbac,
          namespace: 'shop',
          requestObject: binding('cluster-admin', 'RoleBinding'),
        },
      ],
    ],
    quiet: [
      [
        {
          verb: 'create',
          resource: 'rolebindings',
          apiGroup: rbac,
          namespace: 'shop',
          requestObject: binding('edit', 'RoleBinding'),
        },
      ],
      [{ verb: 'create', resource: 'clusterrolebindings', apiGroup: rbac, requestObject: binding('view') }],
      [
        {
          verb: 'create',
          resource: 'clusterrolebindings',
          apiGroup: rbac,
          requestObject: binding('cluster-admin'),
          user: 'system:apiserver',
          groups: ['system:masters'],
        },
      ],
    ],
  },
  {
    rule: 'PP-AUD-007',
    fires: [
      [
        {
          verb: 'create',
          resource: 'clusterroles',
          apiGroup: rbac,
          requestObject: role([{ apiGroups: [''], resources: ['*'], verbs: ['get'] }]),
        },
      ],
      [
        {
          verb: 'update',
          resource: 'clusterroles',
          apiGroup: rbac,
          requestObject: role([{ apiGroups: [rbac], resources: ['clusterroles'], verbs: ['escalate'] }]),
        },
      ],
    ],
    quiet: [
      [
        {
          verb: 'create',
          resource: 'clusterroles',
          apiGroup: rbac,
          requestObject: role([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]),
        },
      ],
      [
        {
          verb: 'update',
          resource: 'clusterroles',
          apiGroup: rbac,
          requestObject: role([{ apiGroups: [''], resources: ['*'], verbs: ['*'] }]),
          user: 'system:serviceaccount:kube-system:clusterrole-aggregation-controller',
        },
      ],
    ],
  },
  {
    rule: 'PP-AUD-008',
    fires: [
      [
        {
          verb: 'list',
          resource: 'configmaps',
          namespace: 'kube-system',
          user: 'system:anonymous',
          groups: ['system:unauthenticated'],
          userAgent: 'curl/8.5.0',
        },
      ],
    ],
    quiet: [
      [{ verb: 'get', requestURI: '/healthz', user: 'system:anonymous', groups: ['system:unauthenticated'] }],
      [
        {
          verb: 'get',
          requestURI: '/version?timeout=32s',
          user: 'system:anonymous',
          groups: ['system:unauthenticated'],
        },
      ],
      [
        {
          verb: 'list',
          resource: 'configmaps',
          namespace: 'kube-system',
          user: 'system:anonymous',
          groups: ['system:unauthenticated'],
          code: 403,
        },
      ],
    ],
  },
  {
    rule: 'PP-AUD-009',
    fires: [
      [
        {
          verb: 'get',
          resource: 'secrets',
          namespace: 'shop',
          name: 'db',
          impersonatedUser: { username: 'system:serviceaccount:shop:web' },
        },
      ],
    ],
    quiet: [[{ verb: 'get', resource: 'pods', namespace: 'shop', name: 'web' }]],
  },
  {
    rule: 'PP-AUD-010',
    fires: [[{ verb: 'list', resource: 'secrets' }]],
    quiet: [
      [{ verb: 'list', resource: 'secrets', namespace: 'shop' }],
      [
        {
          verb: 'watch',
          resource: 'secrets',
          user: 'system:kube-controller-manager',
          groups: ['system:authenticated'],
          stage: 'ResponseStarted',
        },
      ],
    ],
  },
  {
    rule: 'PP-AUD-011',
    fires: [
      [
        { verb: 'get', resource: 'secrets', namespace: 'shop', name: 'db', user: 'ci-bot', time: at(0) },
        { verb: 'get', resource: 'pods', namespace: 'shop', time: at(2 * 3600) },
        {
          verb: 'get',
          resource: 'secrets',
          namespace: 'shop',
          name: 'db',
          user: 'mallory',
          time: at(2 * 3600 + 1),
        },
      ],
    ],
    quiet: [
      [
        { verb: 'get', resource: 'secrets', namespace: 'shop', name: 'db', user: 'ci-bot', time: at(0) },
        { verb: 'get', resource: 'pods', namespace: 'shop', time: at(2 * 3600) },
        {
          verb: 'get',
          resource: 'secrets',
          namespace: 'shop',
          name: 'db',
          user: 'ci-bot',
          time: at(2 * 3600 + 1),
        },
      ],
    ],
  },
  {
    rule: 'PP-AUD-012',
    fires: [
      [{ verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: 'shop', name: 'web' }],
    ],
    quiet: [
      [
        {
          verb: 'create',
          resource: 'serviceaccounts',
          subresource: 'token',
          namespace: 'shop',
          name: 'web',
          user: 'system:node:edge-1',
          groups: ['system:nodes'],
        },
      ],
    ],
  },
  {
    rule: 'PP-AUD-013',
    fires: [
      [
        {
          verb: 'delete',
          resource: 'validatingwebhookconfigurations',
          apiGroup: 'admissionregistration.k8s.io',
          name: 'parapet',
        },
      ],
    ],
    quiet: [
      [
        {
          verb: 'patch',
          resource: 'validatingwebhookconfigurations',
          apiGroup: 'admissionregistration.k8s.io',
          name: 'cert-manager-webhook',
          user: 'system:serviceaccount:cert-manager:cert-manager-cainjector',
        },
      ],
    ],
  },
  {
    rule: 'PP-AUD-014',
    fires: [[{ verb: 'create', resource: 'cronjobs', apiGroup: 'batch', namespace: 'shop', name: 'miner' }]],
    quiet: [
      [
        {
          verb: 'update',
          resource: 'cronjobs',
          apiGroup: 'batch',
          subresource: 'status',
          namespace: 'shop',
          name: 'backup',
          user: 'system:serviceaccount:kube-system:cronjob-controller',
        },
      ],
      [
        {
          verb: 'patch',
          resource: 'cronjobs',
          apiGroup: 'batch',
          namespace: 'shop',
          name: 'backup',
          user: 'system:serviceaccount:argocd:argocd-application-controller',
        },
      ],
    ],
  },
  {
    rule: 'PP-AUD-015',
    fires: [
      [
        {
          verb: 'create',
          resource: 'daemonsets',
          apiGroup: 'apps',
          namespace: 'kube-system',
          name: 'kube-proxy-x',
        },
      ],
    ],
    quiet: [
      [controller({ verb: 'create', resource: 'pods', namespace: 'kube-system', name: 'coredns-abc' })],
    ],
  },
  {
    rule: 'PP-AUD-016',
    fires: [[{ verb: 'deletecollection', resource: 'events', namespace: 'shop' }]],
    quiet: [[{ verb: 'delete', resource: 'events', namespace: 'shop', name: 'x', code: 403 }]],
  },
  {
    rule: 'PP-AUD-017',
    fires: [
      [
        {
          verb: 'get',
          resource: 'nodes',
          subresource: 'proxy',
          name: 'edge-1',
          requestURI: '/api/v1/nodes/edge-1/proxy/pods',
        },
      ],
    ],
    quiet: [[{ verb: 'get', resource: 'nodes', name: 'edge-1' }]],
  },
  {
    rule: 'PP-AUD-018',
    fires: [
      [
        {
          verb: 'update',
          resource: 'certificatesigningrequests',
          subresource: 'approval',
          apiGroup: 'certificates.k8s.io',
          name: 'csr-x',
        },
      ],
    ],
    quiet: [
      [
        {
          verb: 'update',
          resource: 'certificatesigningrequests',
          subresource: 'approval',
          apiGroup: 'certificates.k8s.io',
          name: 'csr-x',
          user: 'system:serviceaccount:kube-system:certificate-controller',
        },
      ],
    ],
  },
  {
    rule: 'PP-AUD-019',
    fires: [
      [
        {
          verb: 'create',
          resource: 'services',
          namespace: 'shop',
          requestObject: {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'db' },
            spec: { type: 'NodePort' },
          },
        },
      ],
    ],
    quiet: [
      [
        {
          verb: 'create',
          resource: 'services',
          namespace: 'shop',
          requestObject: {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'db' },
            spec: { type: 'ClusterIP' },
          },
        },
      ],
    ],
  },
  {
    rule: 'PP-AUD-020',
    fires: [
      Array.from({ length: 20 }, (_, i) => ({
        verb: 'get',
        resource: 'secrets',
        namespace: 'kube-system',
        name: 'x',
        user: 'mallory',
        code: 403,
        time: at(i),
      })),
    ],
    quiet: [
      Array.from({ length: 19 }, (_, i) => ({
        verb: 'get',
        resource: 'secrets',
        namespace: 'kube-system',
        user: 'mallory',
        code: 403,
        time: at(i),
      })),
      // twenty refusals, but spread over more than the minute
      Array.from({ length: 20 }, (_, i) => ({
        verb: 'get',
        resource: 'secrets',
        namespace: 'kube-system',
        user: 'mallory',
        code: 403,
        time: at(i * 4),
      })),
    ],
  },
  {
    rule: 'PP-AUD-021',
    fires: [
      [
        {
          verb: 'list',
          resource: 'secrets',
          namespace: 'shop',
          user: 'system:serviceaccount:shop:web',
          userAgent: 'curl/8.5.0',
        },
      ],
    ],
    quiet: [
      [
        {
          verb: 'list',
          resource: 'secrets',
          namespace: 'shop',
          user: 'system:serviceaccount:shop:web',
          userAgent: 'shop-web/1.4 (linux/amd64)',
        },
      ],
    ],
  },
];

describe('built-in detection rules', () => {
  it('every built-in rule has a case', () => {
    assert.deepEqual(
      builtinRuleSet()
        .rules.map((r) => r.id)
        .sort(),
      CASES.map((c) => c.rule).sort(),
    );
  });
  for (const c of CASES) {
    describe(c.rule, () => {
      c.fires.forEach((specs, i) => {
        it(`fires on attack #${i + 1}`, () => {
          assert.ok(ids(specs.map(auditEvent)).includes(c.rule), `expected ${c.rule}`);
        });
      });
      c.quiet.forEach((specs, i) => {
        it(`stays quiet on benign #${i + 1}`, () => {
          assert.ok(!ids(specs.map(auditEvent)).includes(c.rule), `did not expect ${c.rule}`);
        });
      });
    });
  }

  it('the 403 burst alert counts the refusals', () => {
    const burst = Array.from({ length: 20 }, (_, i) =>
      auditEvent({
        verb: 'get',
        resource: 'secrets',
        namespace: 'kube-system',
        user: 'mallory',
        code: 403,
        time: at(i),
      }),
    );
    const alert = raised(burst).find((a) => a.rule === 'PP-AUD-020');
    assert.equal(alert?.count, 20);
  });
});
