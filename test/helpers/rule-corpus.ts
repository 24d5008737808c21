/**
 * A corpus of objects to hold an exported rule to its TypeScript original: every rule's own examples, the bundled
 * edge-cluster example, and (where ../shared/conformance is present) Pod Security Admission's distinct fixture
 * pods — as Pods, Deployments, StatefulSets and CronJobs, in namespaces at different Pod Security labels.
 * Each set is one input: its objects are judged together, as one scan would judge them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadAll } from 'js-yaml';
import { type Resource, toResource } from '../../src/inventory/resource.js';
import { RULES } from '../../src/rules/registry.js';
import { EXAMPLE_DIR, FIXED_EXAMPLE_DIR, REPO_ROOT } from './paths.js';
import { unpackPssFixtures } from './pss-fixtures.js';

export interface CorpusSet {
  name: string;
  resources: Resource[];
}

function resourcesOf(docs: readonly unknown[]): Resource[] {
  return docs.map((doc, i) => toResource(doc, {}, i)).filter((r): r is Resource => r !== undefined);
}

function yamlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Every rule's fail and pass examples, one set each. */
export function exampleSets(): CorpusSet[] {
  return RULES.flatMap((rule) =>
    rule.meta.examples === undefined
      ? []
      : (['fail', 'pass'] as const).map((kind) => ({
          name: `${rule.meta.id} ${kind} example`,
          resources: resourcesOf(loadAll(rule.meta.examples?.[kind] ?? '')),
        })),
  );
}

/** The bundled example, its site and its fixed version, as one input each. */
export function edgeClusterSets(): CorpusSet[] {
  return [EXAMPLE_DIR, FIXED_EXAMPLE_DIR].map((dir) => ({
    name: path.relative(REPO_ROOT, dir),
    resources: resourcesOf(yamlFiles(dir).flatMap((f) => loadAll(fs.readFileSync(f, 'utf8')))),
  }));
}

/** The namespaces the fixture pods are put in: no Namespace object, and three label sets. */
const NAMESPACES: readonly { name: string; labels?: Record<string, string> }[] = [
  { name: 'unlabelled' },
  { name: 'baseline', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } },
  {
    name: 'warn-restricted-old',
    labels: {
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.22',
    },
  },
  {
    name: 'restricted-v1-25',
    labels: {
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.25',
    },
  },
];

/** The pod as itself and as the template of three controllers. */
function wrappings(pod: Record<string, unknown>, name: string, namespace: string): Record<string, unknown>[] {
  const podMeta = (pod.metadata ?? {}) as Record<string, unknown>;
  const template = { metadata: { ...podMeta, labels: { app: name } }, spec: pod.spec ?? {} };
  const meta = { name, namespace };
  return [
    { ...pod, metadata: { ...podMeta, ...meta } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta, spec: { replicas: 2, template } },
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta, spec: { replicas: 1, template } },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta,
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } },
    },
  ];
}

/**
 * Pod Security Admission's distinct fixture pods, wrapped and placed in each namespace of NAMESPACES (one set per
 * namespace); undefined when the conformance data is absent.
 */
export function pssFixtureSets(): CorpusSet[] | undefined {
  const fixtures = unpackPssFixtures();
  if (fixtures === undefined) return undefined;
  try {
    const pods = new Map<string, Record<string, unknown>>();
    for (const file of yamlFiles(fixtures.testdata)) {
      const text = fs.readFileSync(file, 'utf8');
      const hash = crypto.createHash('sha256').update(text).digest('hex').slice(0, 12);
      const doc = loadAll(text)[0];
      if (doc !== null && typeof doc === 'object') pods.set(hash, doc as Record<string, unknown>);
    }
    return NAMESPACES.map((ns) => {
      const docs: unknown[] = [];
      if (ns.labels)
        docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name, labels: ns.labels } });
      for (const [hash, pod] of pods) docs.push(...wrappings(pod, `p-${hash}`, ns.name));
      return { name: `PSA fixtures in namespace ${ns.name}`, resources: resourcesOf(docs) };
    });
  } finally {
    fixtures.cleanup();
  }
}

const HEX = 'a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4';

/** Image references at the edges of the reference grammar and of parseImage (whitespace, case, digests, hosts). */
const IMAGE_REFERENCES: readonly string[] = [
  ...[
    'nginx',
    'nginx:latest',
    'nginx:Latest',
    'nginx:',
    'nginx:1',
    'nginx:1.27',
    'nginx:1.27.3',
    'nginx:1000',
  ],
  ...[
    'nginx:V2-alpine',
    'nginx:STABLE_slim',
    'nginx:stable-alpine',
    'nginx:trunk',
    'nginx:v1.2.3',
    'nginx:1.2-',
  ],
  ...[
    ' nginx:1.27 ',
    '\tnginx\n',
    '\ufeffnginx:1.2\ufeff',
    'nginx\u0085',
    'nginx:1\u0085',
    'ngi nx',
    '',
    '   ',
  ],
  ...[':latest', `@sha256:${HEX}`, `nginx@sha256:${HEX}`, `nginx:1.27@sha256:${HEX}`, 'nginx@sha256:short'],
  ...[`nginx@@sha256:${HEX}`, 'a@b@c', `nginx:latest@SHA256:${HEX}`, `nginx@sha256:${HEX}@x`],
  ...[
    'localhost:5000/app',
    'localhost:5000/app:2.0',
    'LOCALHOST:5000/app:1',
    'localhost/app',
    'Registry.Local/x/y:1',
  ],
  ...[
    'registry.local/x',
    'Acme/app:1.0',
    'acme/app',
    'index.docker.io/nginx:1.27.3',
    'docker.io/bitnami/redis',
  ],
  ...['registry-1.docker.io/bitnami/redis:7.2.4', 'ghcr.io/acme/web:1.0.0', 'ghcr.io/acmecorp/web:1.0.0'],
  ...['ghcr.io/acme', 'quay.io/org/team/app:1.2.3', 'quay.io/org/teamx/app', 'foo.example.com/a:1.0.0'],
  ...['example.com/a:1.0.0', '/abs/path:1.2.3', 'ünï.côde/app:1.0.0', 'ÄRGER/app:1', 'app:𝟙.2', '😀/x:1'],
  ...['registry.example.com:443/ns/app:1.2.3', 'a.example.com/b/c:d/e', 'host:port:tag', 'nginx:TRUN\u212a'],
];

const PULL_POLICIES: readonly (string | undefined)[] = [
  undefined,
  'Always',
  'IfNotPresent',
  'Never',
  '',
  'always',
];

/** One Pod per image reference (and pull policy), some as init, sidecar or ephemeral containers. */
export function imageReferenceSets(): CorpusSet[] {
  const types = ['containers', 'containers', 'initContainers', 'ephemeralContainers'] as const;
  const docs = IMAGE_REFERENCES.flatMap((image, i) =>
    PULL_POLICIES.map((policy, j) => {
      const type = types[(i + j) % types.length] ?? 'containers';
      const container = {
        name: `c${i}`,
        image,
        ...(policy === undefined ? {} : { imagePullPolicy: policy }),
      };
      const spec: Record<string, unknown> = { [type]: [container] };
      if (type !== 'containers') spec.containers = [{ name: 'app', image: `ghcr.io/acme/web@sha256:${HEX}` }];
      return {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `img-${i}-${j}`, namespace: 'images' },
        spec,
      };
    }),
  );
  return [{ name: 'image references', resources: resourcesOf(docs) }];
}

/**
 * Objects a controller owns (judged at the controller), named by generateName, or without a namespace, in the
 * namespaces the operations rules watch. Every owner is in the set, as in a cluster.
 */
export function ownedObjectSets(): CorpusSet[] {
  const pod = (metadata: Record<string, unknown>) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: { containers: [{ name: 'app', image: 'ghcr.io/acme/web:1.0.0' }] },
  });
  const owner = (kind: string, name: string) => ({
    ownerReferences: [{ apiVersion: 'apps/v1', kind, name, uid: '1', controller: true }],
  });
  const docs = ['default', 'kube-system'].flatMap((namespace) => [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { spec: { containers: [{ name: 'app' }] } },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-5d8f', namespace, ...owner('Deployment', 'web') },
      spec: { template: { spec: { containers: [{ name: 'app' }] } } },
    },
    pod({ name: 'web-5d8f-x2', namespace, ...owner('ReplicaSet', 'web-5d8f') }),
    pod({ generateName: 'coredns-', namespace }),
    pod({ generateName: 'plc-', namespace }),
    pod({
      name: 'k3s-helper',
      namespace,
      ownerReferences: [{ kind: 'Deployment', name: 'web', controller: false }],
    }),
  ]);
  return [
    { name: 'owned objects', resources: resourcesOf(docs) },
    { name: 'no namespace', resources: resourcesOf([pod({ name: 'loose' })]) },
  ];
}
