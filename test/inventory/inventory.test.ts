import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadManifestText } from '../../src/inputs/manifests.js';
import { formatPath } from '../../src/inventory/field-path.js';
import { Inventory, namespaceOf } from '../../src/inventory/inventory.js';
import { extractPodTemplate, listContainers, POD_CONTROLLER_KINDS } from '../../src/inventory/pod-specs.js';
import { mapSelectorMatches, selectorMatches } from '../../src/inventory/selectors.js';

const POD_SPEC = '{containers: [{name: app, image: a:1}], initContainers: [{name: init, image: b:1}]}';
const TEMPLATE = `{metadata: {labels: {app: web, tier: front}}, spec: ${POD_SPEC}}`;
const CONTROLLERS = `
apiVersion: v1
kind: Pod
metadata: {name: pod, namespace: shop, labels: {app: web}}
spec: ${POD_SPEC}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: deploy, namespace: shop}
spec: {selector: {matchLabels: {app: web}}, template: ${TEMPLATE}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: sts, namespace: shop}
spec: {template: ${TEMPLATE}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds, namespace: shop}
spec: {template: ${TEMPLATE}}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: rs, namespace: shop}
spec: {template: ${TEMPLATE}}
---
apiVersion: v1
kind: ReplicationController
metadata: {name: rc, namespace: shop}
spec: {template: ${TEMPLATE}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: job, namespace: iot}
spec: {template: ${TEMPLATE}}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: cron, namespace: iot}
spec: {schedule: "* * * * *", jobTemplate: {spec: {template: ${TEMPLATE}}}}
---
apiVersion: v1
kind: PodTemplate
metadata: {name: pt}
template: ${TEMPLATE}
---
apiVersion: v1
kind: Namespace
metadata: {name: edge}
`;

const inventory = new Inventory(loadManifestText('c.yaml', CONTROLLERS).resources);

describe('pod-spec extraction', () => {
  it('finds the pod template of every controller kind, with its path', () => {
    const paths = Object.fromEntries(
      inventory.podWorkloads().map((w) => [w.resource.kind, formatPath(w.template.specPath)]),
    );
    assert.deepEqual(paths, {
      Pod: 'spec',
      Deployment: 'spec.template.spec',
      StatefulSet: 'spec.template.spec',
      DaemonSet: 'spec.template.spec',
      ReplicaSet: 'spec.template.spec',
      ReplicationController: 'spec.template.spec',
      Job: 'spec.template.spec',
      CronJob: 'spec.jobTemplate.spec.template.spec',
      PodTemplate: 'template.spec',
    });
    assert.deepEqual([...POD_CONTROLLER_KINDS].sort(), Object.keys(paths).sort());
  });

  it('lists init, regular and ephemeral containers with their paths', () => {
    const template = extractPodTemplate({
      kind: 'Pod',
      spec: {
        containers: [{ name: 'a' }],
        initContainers: [{ name: 'i' }],
        ephemeralContainers: [{ name: 'e' }, 'junk'],
      },
    });
    assert.ok(template);
    assert.deepEqual(
      listContainers(template.spec).map((c) => `${c.name}@${formatPath(c.path)}`),
      ['i@initContainers[0]', 'a@containers[0]', 'e@ephemeralContainers[0]'],
    );
  });

  it('returns nothing for other kinds and for malformed controllers', () => {
    assert.equal(extractPodTemplate({ kind: 'Service', spec: {} }), undefined);
    assert.equal(extractPodTemplate({ kind: 'Deployment', spec: { template: 'x' } }), undefined);
    assert.equal(extractPodTemplate({ kind: 'CronJob', spec: null }), undefined);
  });
});

describe('inventory queries', () => {
  it('indexes by kind, namespace and name', () => {
    assert.equal(inventory.byKind('Deployment').length, 1);
    assert.equal(inventory.get('Job', 'iot', 'job')?.name, 'job');
    assert.equal(inventory.get('PodTemplate', 'default', 'pt')?.name, 'pt');
    assert.deepEqual(
      inventory.inNamespace('iot').map((r) => r.kind),
      ['Job', 'CronJob'],
    );
    assert.deepEqual(
      inventory.inNamespace('iot', 'CronJob').map((r) => r.name),
      ['cron'],
    );
    assert.deepEqual(inventory.namespaces(), ['default', 'edge', 'iot', 'shop']);
    assert.equal(namespaceOf({ kind: 'ClusterRole', namespace: '' }), '');
  });

  it('selects pods by label selector and by Service map selector', () => {
    const names = (list: readonly { resource: { name: string } }[]) => list.map((w) => w.resource.name);
    assert.deepEqual(names(inventory.selectPods('shop', { matchLabels: { app: 'web' } })), [
      'pod',
      'deploy',
      'sts',
      'ds',
      'rs',
      'rc',
    ]);
    assert.deepEqual(names(inventory.selectPods('shop', { matchLabels: { app: 'web', tier: 'front' } })), [
      'deploy',
      'sts',
      'ds',
      'rs',
      'rc',
    ]);
    assert.deepEqual(names(inventory.selectPods('iot', {})), ['job', 'cron']);
    assert.deepEqual(names(inventory.selectPods('iot', null)), []);
    assert.deepEqual(names(inventory.selectPodsByMap('shop', { tier: 'front' })), [
      'deploy',
      'sts',
      'ds',
      'rs',
      'rc',
    ]);
    assert.deepEqual(names(inventory.selectPodsByMap('shop', {})), []);
    const selector = { matchLabels: { app: 'web' } };
    assert.equal(
      inventory.selectPods('shop', selector),
      inventory.selectPods('shop', selector),
      'cached per selector',
    );
  });
});

describe('label selectors', () => {
  const labels = { app: 'web', env: 'prod' };
  const cases: [unknown, boolean][] = [
    [{}, true],
    [null, false],
    [undefined, false],
    [{ matchLabels: { app: 'web' } }, true],
    [{ matchLabels: { app: 'api' } }, false],
    [{ matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'qa'] }] }, true],
    [{ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    [{ matchExpressions: [{ key: 'app', operator: 'Bogus' }] }, false],
    [{ matchExpressions: [null] }, false],
    [
      { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['qa'] }] },
      false,
    ],
  ];
  for (const [selector, expected] of cases) {
    it(`${JSON.stringify(selector)} ${expected ? 'matches' : 'does not match'}`, () => {
      assert.equal(selectorMatches(selector, labels), expected);
    });
  }
  it('map selectors need every pair; empty selects nothing', () => {
    assert.equal(mapSelectorMatches({ app: 'web' }, labels), true);
    assert.equal(mapSelectorMatches({ app: 'web', env: 'qa' }, labels), false);
    assert.equal(mapSelectorMatches({}, labels), false);
  });
});

describe('owners', () => {
  it('finds the controller of a ReplicaSet or Pod when it is in the input', () => {
    const inv = new Inventory(
      loadManifestText(
        'o.yaml',
        `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-abc
  namespace: shop
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true}]
---
apiVersion: v1
kind: Pod
metadata:
  name: web-abc-1
  namespace: shop
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: gone, controller: true}, null]
`,
      ).resources,
    );
    const [deployment, replicaSet, pod] = inv.resources;
    assert.equal(inv.controllerOf(replicaSet as never), deployment);
    assert.equal(inv.controllerOf(pod as never), undefined);
    assert.equal(inv.controllerOf(deployment as never), undefined);
  });
});
