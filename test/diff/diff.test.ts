import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DiffSide, diffStates } from '../../src/diff/diff.js';
import type { KubeObject } from '../../src/inventory/resource.js';

const side = (objects: KubeObject[], desiredState = false): DiffSide => ({
  label: 'x',
  objects,
  desiredState,
  secretsMetadataOnly: false,
});

const pod = (spec: Record<string, unknown>, containerExtra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'shop' },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27', ...containerExtra }], ...spec },
});

/** One object before and after: the changed fields and the security reasons, or undefined for no change. */
function compare(before: KubeObject, after: KubeObject) {
  const [change] = diffStates(side([before]), side([after]));
  return change === undefined ? undefined : { fields: change.fields, reasons: change.reasons };
}

describe('diff: what the API server fills in is no change', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    [
      'pod defaults',
      {
        restartPolicy: 'Always',
        dnsPolicy: 'ClusterFirst',
        schedulerName: 'default-scheduler',
        terminationGracePeriodSeconds: 30,
        enableServiceLinks: true,
        serviceAccountName: 'default',
        serviceAccount: 'default',
        nodeName: 'n1',
      },
      {},
    ],
    [
      'container defaults',
      {},
      {
        imagePullPolicy: 'IfNotPresent',
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        resources: {},
      },
    ],
    [
      'probe defaults',
      {},
      {
        livenessProbe: {
          httpGet: { port: 80 },
          timeoutSeconds: 1,
          periodSeconds: 10,
          successThreshold: 1,
          failureThreshold: 3,
        },
      },
    ],
  ];
  for (const [name, spec, container] of cases)
    it(name, () => {
      const manifest = pod({}, name === 'probe defaults' ? { livenessProbe: { httpGet: { port: 80 } } } : {});
      const stored = {
        ...pod(spec, container),
        metadata: { name: 'p', namespace: 'shop', uid: 'u', resourceVersion: '9', managedFields: [{}] },
        status: { phase: 'Running' },
      };
      assert.equal(compare(manifest, stored), undefined);
    });

  it('`imagePullPolicy: Always` on a tagged image is not the default: a change', () => {
    assert.deepEqual(compare(pod({}), pod({}, { imagePullPolicy: 'Always' })), {
      fields: ['spec.containers[0].imagePullPolicy'],
      reasons: [],
    });
  });
});

describe('diff: security-relevant changes', () => {
  const cases: [string, KubeObject, KubeObject, string[]][] = [
    ['host network', pod({}), pod({ hostNetwork: true }), ['host access or privilege: hostNetwork: true']],
    [
      'hostPath volume',
      pod({}),
      pod({ volumes: [{ name: 'root', hostPath: { path: '/' } }] }),
      ['host access or privilege: hostPath volume root (/)'],
    ],
    [
      'added capability',
      pod({}),
      pod({}, { securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }),
      ['host access or privilege: container app adds capability SYS_ADMIN'],
    ],
    [
      'changed image',
      pod({}),
      pod({}, { image: 'nginx:1.28' }),
      ['container app image nginx:1.27 → nginx:1.28'],
    ],
    ['dropped privilege is not', pod({}, { securityContext: { privileged: true } }), pod({}), []],
  ];
  for (const [name, before, after, reasons] of cases)
    it(name, () => assert.deepEqual(compare(before, after)?.reasons, reasons));

  it('a new privileged workload is security-relevant; a new plain one is not', () => {
    const changes = diffStates(side([]), side([pod({}, { securityContext: { privileged: true } })]));
    assert.deepEqual(changes[0]?.reasons, ['host access or privilege: privileged container app']);
    assert.deepEqual(diffStates(side([]), side([pod({})]))[0]?.reasons, []);
  });

  it('against Git, controller-owned objects are left out; a manifest without namespace is in default', () => {
    const owned = {
      ...pod({}),
      metadata: {
        name: 'web-1',
        namespace: 'shop',
        ownerReferences: [{ kind: 'ReplicaSet', name: 'web', controller: true }],
      },
    };
    const inDefault = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    const stored = { ...inDefault, metadata: { name: 'c', namespace: 'default' } };
    assert.deepEqual(diffStates(side([inDefault], true), side([owned, stored])), []);
  });
});
