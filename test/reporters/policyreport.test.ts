import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import yaml from 'js-yaml';
import type { Finding, ScanReport } from '../../src/findings/finding.js';
import {
  MAX_OBJECTS_PER_SCOPE,
  MAX_RESULTS_PER_OBJECT,
  OMITTED_ANNOTATION,
  type PolicyReportObject,
  policyReports,
  renderPolicyReport,
} from '../../src/reporters/policyreport.js';
import { missingData } from '../helpers/conformance.js';
import { SHARED_DIR } from '../helpers/paths.js';
import { report } from './fixture.js';

const CRD_DIR = path.join(SHARED_DIR, 'conformance', 'policyreport-crds');
const CRDS = {
  PolicyReport: path.join(CRD_DIR, 'wgpolicyk8s.io_policyreports.yaml'),
  ClusterPolicyReport: path.join(CRD_DIR, 'wgpolicyk8s.io_clusterpolicyreports.yaml'),
};

/**
 * The v1alpha2 openAPIV3Schema of a CRD as a JSON schema: the `x-kubernetes-*` keys dropped, and unknown fields
 * refused wherever the schema lists properties, as `kubectl apply` with strict field validation does.
 */
function crdValidator(file: string): ValidateFunction {
  const crd = yaml.load(readFileSync(file, 'utf8')) as {
    spec: { versions: { name: string; schema: { openAPIV3Schema: unknown } }[] };
  };
  const version = crd.spec.versions.find((v) => v.name === 'v1alpha2');
  assert.ok(version, `${file} has v1alpha2`);
  const strict = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strict);
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-kubernetes-')) continue;
      out[key] =
        key === 'properties'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strict(v)]))
          : strict(value);
    }
    if (out.properties !== undefined && out.additionalProperties === undefined)
      out.additionalProperties = false;
    return out;
  };
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  return ajv.compile(strict(version.schema.openAPIV3Schema) as object);
}

const text = renderPolicyReport(report, { color: false });
const objects = yaml.loadAll(text) as PolicyReportObject[];

test('every object validates against its CRD (v1alpha2)', (t) => {
  if (!existsSync(CRDS.PolicyReport)) {
    missingData(
      t,
      `PolicyReport CRDs not found in ${CRD_DIR} (conformance data is absent outside the dev workspace)`,
    );
    return;
  }
  const validators = {
    PolicyReport: crdValidator(CRDS.PolicyReport),
    ClusterPolicyReport: crdValidator(CRDS.ClusterPolicyReport),
  };
  for (const object of [...objects, ...policyReports(bigReport(3 * MAX_RESULTS_PER_OBJECT))]) {
    const validate = validators[object.kind];
    assert.ok(validate(object), `${object.kind} ${object.metadata.name}: ${JSON.stringify(validate.errors)}`);
  }
  // the strict schema does refuse what the CRD does not know
  const bad = structuredClone(objects[0]) as unknown as { results: Record<string, unknown>[] };
  (bad.results[0] as Record<string, unknown>).remediation = 'x';
  assert.equal(validators.ClusterPolicyReport(bad), false);
});

test('multi-document YAML: the same objects, cluster report first, then one PolicyReport per namespace', () => {
  assert.ok(text.startsWith('# '));
  assert.deepEqual(objects, JSON.parse(JSON.stringify(policyReports(report))));
  assert.deepEqual(
    objects.map((o) => [o.kind, o.metadata.namespace ?? '', o.metadata.name]),
    [
      ['ClusterPolicyReport', '', 'parapet'],
      ['PolicyReport', 'kube-system', 'parapet'],
      ['PolicyReport', 'shop', 'parapet'],
    ],
  );
  for (const object of objects) {
    assert.equal(object.apiVersion, 'wgpolicyk8s.io/v1alpha2');
    assert.equal(object.metadata.labels['app.kubernetes.io/managed-by'], 'parapet');
  }
  // strings are quoted: kubectl reads YAML 1.1, where `yes` or `on` unquoted would not be strings
  assert.match(text, /policy: "PSS-PRIVILEGED"/);
});

test('findings become fail, warn (info) and skip (suppressed) results with their properties', () => {
  const shop = objects.find((o) => o.metadata.namespace === 'shop') as PolicyReportObject;
  const privileged = shop.results.find((r) => r.policy === 'PSS-PRIVILEGED');
  assert.deepEqual(privileged, {
    source: 'parapet',
    policy: 'PSS-PRIVILEGED',
    rule: 'Privileged containers',
    result: 'fail',
    severity: 'critical',
    category: 'workloads',
    message: 'Container "web" runs privileged',
    resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }],
    properties: {
      path: 'spec.template.spec.containers[0].securityContext.privileged',
      location: 'examples/edge-cluster/shop/web.yaml:27',
      references: 'CIS 5.2.2, PSS privileged',
      fix: 'Remove privileged containers from the manifest.',
      fingerprint: report.findings[1]?.fingerprint,
    },
  });
  const kubeSystem = objects.find((o) => o.metadata.namespace === 'kube-system') as PolicyReportObject;
  const info = kubeSystem.results.find((r) => r.policy === 'OPS-NO-LABELS');
  assert.equal(info?.result, 'warn');
  assert.deepEqual(info?.resources, [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      name: 'agent',
      namespace: 'kube-system',
      uid: '0b6f7c1e-0000-4000-8000-000000000001',
    },
  ]);
  const skipped = kubeSystem.results.find((r) => r.policy === 'PSS-HOST-NETWORK');
  assert.equal(skipped?.result, 'skip');
  assert.equal(skipped?.properties.suppressed, 'CNI agent needs the host network');
  assert.equal(skipped?.properties.expires, '2030-01-01');
  const cluster = objects[0] as PolicyReportObject;
  assert.deepEqual(cluster.results[0]?.resources, [
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'admin-all' },
  ]);
});

test('a rule that judged objects of a namespace and found nothing there is one pass; summaries count results', () => {
  const shop = objects.find((o) => o.metadata.namespace === 'shop') as PolicyReportObject;
  const passes = shop.results.filter((r) => r.result === 'pass').map((r) => r.policy);
  // PSS-HOST-NETWORK judged Deployment shop/web without a finding; the rules that found something do not pass
  assert.ok(passes.includes('PSS-HOST-NETWORK'));
  assert.ok(!passes.includes('PSS-PRIVILEGED') && !passes.includes('NET-NODEPORT'));
  const pass = shop.results.find((r) => r.policy === 'PSS-HOST-NETWORK');
  assert.equal(pass?.resources, undefined, 'a pass is for the report scope');
  assert.equal(pass?.properties.objects, '1');
  for (const object of objects) {
    const counts = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
    for (const result of object.results) counts[result.result]++;
    assert.deepEqual(object.summary, counts);
  }
  // the most important results come first
  const order = shop.results.map((r) => r.result);
  assert.deepEqual(
    order,
    [...order].sort(
      (a, b) => ['fail', 'warn', 'skip', 'pass'].indexOf(a) - ['fail', 'warn', 'skip', 'pass'].indexOf(b),
    ),
  );
});

/** `n` findings in namespace shop, on `n` Deployments. */
function bigReport(n: number): ScanReport {
  const base = report.findings[1] as Finding;
  const findings: Finding[] = Array.from({ length: n }, (_, i) => ({
    ...base,
    severity: i % 2 === 0 ? 'critical' : 'low',
    resource: { ...base.resource, name: `web-${i}` },
    fingerprint: `f${i}`,
  }));
  return { ...report, findings, resources: findings.map((f) => f.resource) };
}

test('a large namespace is split over bounded objects; past the cap the least severe results are left out, with a note', () => {
  const split = policyReports(bigReport(2 * MAX_RESULTS_PER_OBJECT + 10)).filter(
    (o) => o.metadata.namespace === 'shop',
  );
  // the findings, and a pass each for the three rules that judge Deployments and found nothing
  assert.deepEqual(
    split.map((o) => [o.metadata.name, o.results.length]),
    [
      ['parapet', MAX_RESULTS_PER_OBJECT],
      ['parapet-2', MAX_RESULTS_PER_OBJECT],
      ['parapet-3', 10 + 3],
    ],
  );
  for (const object of split) assert.ok(JSON.stringify(object).length < 1024 * 1024, 'under 1 MiB each');
  assert.equal(split[0]?.metadata.annotations, undefined);

  const total = MAX_OBJECTS_PER_SCOPE * MAX_RESULTS_PER_OBJECT + 123;
  const capped = policyReports(bigReport(total)).filter((o) => o.metadata.namespace === 'shop');
  assert.equal(capped.length, MAX_OBJECTS_PER_SCOPE);
  const last = capped[capped.length - 1] as PolicyReportObject;
  assert.equal(last.metadata.annotations?.[OMITTED_ANNOTATION], String(123 + 3));
  const kept = capped.flatMap((o) => o.results);
  assert.equal(
    kept.filter((r) => r.severity === 'critical').length,
    Math.ceil(total / 2),
    'every critical kept',
  );
});

test('any text survives the YAML: quotes, colons, YAML 1.1 booleans, line and paragraph separators, controls', () => {
  const awkward = [
    'yes',
    'on',
    'null',
    '- a: b # c',
    '"quoted" \\ back',
    'line\nbreak\ttab',
    '\u2028\u2029\u0085\u007f\ufeff',
    '{[*&!|>%@`',
  ];
  const base = report.findings[1] as Finding;
  const findings = awkward.map((message, i) => ({ ...base, message, path: message, fingerprint: `a${i}` }));
  const odd: ScanReport = { ...report, findings };
  const text = renderPolicyReport(odd, { color: false });
  assert.deepEqual(yaml.loadAll(text), JSON.parse(JSON.stringify(policyReports(odd))));
  assert.doesNotMatch(text, /[\u2028\u2029\u0085\u007f\ufeff]/);
  assert.match(text, /message: "yes"\n/);
});
