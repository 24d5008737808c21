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
