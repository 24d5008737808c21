import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Change } from '../../src/diff/diff.js';
import { type FakeApiServer, SKIP_WITHOUT_OPENSSL, startFakeApiServer } from './fake-apiserver.js';
import { kubeconfigFile, parapetAsync } from './run.js';

const skip = SKIP_WITHOUT_OPENSSL;

type Obj = Record<string, unknown>;

const shop = (labels: Record<string, string>): Obj => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'shop', labels },
});

/** The Deployment as Git holds it: no defaults written. */
const web = (image: string, securityContext?: Obj): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image, ...(securityContext ? { securityContext } : {}) }] },
    },
  },
});

/** What the API server makes of it: every default filled in, status, a controller's ReplicaSet. */
function asStored(deployment: Obj): Obj[] {
  const spec = deployment.spec as { template: { spec: { containers: Obj[] } } };
  const containers = spec.template.spec.containers.map((c) => ({
    ...c,
    imagePullPolicy: 'IfNotPresent',
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    resources: {},
  }));
  const stored = {
    ...deployment,
    metadata: {
      ...(deployment.metadata as Obj),
      uid: 'uid-deployment-web',
      generation: 3,
      annotations: { 'deployment.kubernetes.io/revision': '3' },
    },
    spec: {
      ...(deployment.spec as Obj),
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers,
          restartPolicy: 'Always',
          dnsPolicy: 'ClusterFirst',
          schedulerName: 'default-scheduler',
          terminationGracePeriodSeconds: 30,
          securityContext: {},
        },
      },
    },
    status: { replicas: 1, readyReplicas: 1 },
  };
  const replicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: 'web-5d8f',
      namespace: 'shop',
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'web',
          uid: 'uid-deployment-web',
          controller: true,
        },
      ],
    },
    spec: stored.spec,
  };
  return [stored, replicaSet];
}

const service: Obj = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
};
const storedService: Obj = {
  ...service,
  spec: {
    selector: { app: 'web' },
    ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }],
    type: 'ClusterIP',
    clusterIP: '10.96.0.12',
    clusterIPs: ['10.96.0.12'],
    sessionAffinity: 'None',
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    internalTrafficPolicy: 'Cluster',
  },
};
const denyAll: Obj = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'default-deny', namespace: 'shop' },
  spec: { podSelector: {}, policyTypes: ['Ingress'] },
};
const role = (rules: Obj[]): Obj => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: { name: 'reader', namespace: 'shop' },
  rules,
});
const binding: Obj = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'backdoor' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
  subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'shop' }],
};
const configMap = (value: string): Obj => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'shop' },
  data: { mode: value },
});
const secret = (password: string): Obj => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'creds', namespace: 'shop' },
  type: 'Opaque',
  data: { password: Buffer.from(password).toString('base64') },
});

const GET_PODS = { apiGroups: [''], resources: ['pods'], verbs: ['get'] };

function manifestDir(objects: Obj[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parapet-diff-git-'));
  mkdirSync(path.join(dir, 'shop'));
  for (const [i, object] of objects.entries())
    writeFileSync(path.join(dir, 'shop', `${i}.json`), JSON.stringify(object));
  return dir;
}

describe('parapet diff', { skip }, () => {
  const servers: FakeApiServer[] = [];
  const start = async (objects: Obj[]) => {
    const server = await startFakeApiServer({ objects });
    servers.push(server);
    return kubeconfigFile(server.kubeconfig('edge'));
  };
  after(() => Promise.all(servers.map((s) => s.close())));
  const dir = mkdtempSync(path.join(tmpdir(), 'parapet-diff-'));

  const diffJson = async (...args: string[]) => {
    const result = await parapetAsync(['diff', '--format', 'json', ...args]);
    return {
      ...result,
      report: result.code === 2 ? undefined : (JSON.parse(result.stdout) as { changes: Change[] }),
    };
  };
  const summary = (changes: Change[]) =>
    changes.map(
      (c) =>
        `${c.change} ${c.kind} ${c.namespace}/${c.name}${c.reasons.length > 0 ? ` ! ${c.reasons.join('; ')}` : ''}`,
    );

  describe('Git (a manifest directory) against the cluster', () => {
    let kubeconfig: string;
    let git: string;
    before(async () => {
      git = manifestDir([
        shop({ 'pod-security.kubernetes.io/enforce': 'restricted' }),
        web('nginx:1.27'),
        service,
        denyAll,
        configMap('fast'),
      ]);
      kubeconfig = await start([
        shop({ 'pod-security.kubernetes.io/enforce': 'privileged' }),
        ...asStored(web('nginx:1.28', { privileged: true })),
        storedService,
        binding,
        configMap('slow'),
      ]);
    });

    it('lists the drift, security-relevant changes first; defaults and server fields are no change', async () => {
      const { code, report, stderr } = await diffJson(git, '--cluster', '--kubeconfig', kubeconfig);
      assert.equal(code, 1, stderr);
      assert.deepEqual(summary(report?.changes ?? []), [
        'removed NetworkPolicy shop/default-deny ! NetworkPolicy removed: its pods lose that isolation',
        'changed Deployment shop/web ! host access or privilege: privileged container app; container app image nginx:1.27 → nginx:1.28',
        'changed Namespace /shop ! Pod Security label pod-security.kubernetes.io/enforce: restricted → privileged',
        'added ClusterRoleBinding /backdoor ! new binding: ClusterRole cluster-admin to ServiceAccount shop/default',
        'changed ConfigMap shop/settings',
      ]);
      const deployment = report?.changes.find((c) => c.kind === 'Deployment');
      assert.deepEqual(deployment?.fields, [
        'spec.template.spec.containers[0].image',
        'spec.template.spec.containers[0].securityContext',
      ]);
    });

    it('prints a table, and takes --cluster as either side (the changes then run from cluster to Git)', async () => {
      const result = await parapetAsync(['diff', '--cluster', git, '--kubeconfig', kubeconfig]);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stdout, /^From cluster https:\/\/127\.0\.0\.1:\d+ \(context edge\)\n {2}to /);
      assert.match(
        result.stdout,
        /Security-relevant changes \(2\):\n {2}changed {2}Deployment shop\/web\n {11}! container app image nginx:1\.28 → nginx:1\.27\n/,
      );
      // adding a NetworkPolicy or removing a binding narrows: a change, not a security-relevant one
      assert.match(result.stdout, /Other changes \(3\):\n {2}removed {2}ClusterRoleBinding backdoor\n/);
      assert.match(
        result.stdout,
        / {2}changed {2}ConfigMap shop\/settings\n {11}~ data\.mode\n {2}added {4}NetworkPolicy shop\/default-deny/,
      );
    });
  });

  describe('snapshot against snapshot', () => {
    let before1: string;
    let after1: string;
    before(async () => {
      before1 = path.join(dir, 'before.tar.gz');
      after1 = path.join(dir, 'after.tar.gz');
      const [a, b] = await Promise.all([
        start([shop({}), role([GET_PODS]), secret('hunter2-old'), web('nginx:1.27'), denyAll]),
        start([
          shop({}),
          role([
            { ...GET_PODS, verbs: ['get', 'list'] },
            { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
          ]),
          secret('hunter2-new'),
          web('nginx:1.27'),
          denyAll,
        ]),
      ]);
      for (const [kubeconfig, file] of [
        [a, before1],
        [b, after1],
      ] as const) {
        const result = await parapetAsync([
          'snapshot',
          '--cluster',
          '--read-secrets',
          '--kubeconfig',
          kubeconfig,
          '-o',
          file,
        ]);
        assert.equal(result.code, 0, result.stderr);
      }
    });

    it('finds the widened Role and the changed Secret without saying its values', async () => {
      const { code, report, stdout, stderr } = await diffJson(before1, after1);
      assert.equal(code, 1, stderr);
      assert.deepEqual(summary(report?.changes ?? []), [
        'changed Role shop/reader ! widened grant: get, list pods (core); widened grant: get secrets (core)',
        'changed Secret shop/creds',
      ]);
      assert.deepEqual(report?.changes[1]?.fields, ['data.password']);
      assert.doesNotMatch(stdout, /hunter2|aHVudGVy/);
    });

    it('finds nothing between a snapshot and itself: exit 0', async () => {
      const result = await parapetAsync(['diff', before1, before1]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /No changes\./);
    });

    it('narrowing a Role is a change, not a security-relevant one', async () => {
      const { code, report } = await diffJson(after1, before1);
      assert.equal(code, 0);
      assert.deepEqual(summary(report?.changes ?? []), [
        'changed Role shop/reader',
        'changed Secret shop/creds',
      ]);
    });
  });

  it('refuses anything but two states, exit 2', async () => {
    const one = await parapetAsync(['diff', 'k8s/']);
    assert.equal(one.code, 2);
    assert.match(one.stderr, /give A and B/);
  });
});
