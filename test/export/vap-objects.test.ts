/**
 * `parapet export vap`: the emitted objects validate against the Kubernetes OpenAPI schema of
 * admissionregistration.k8s.io/v1 (closed to unknown fields, so a misspelt one fails too), modes become
 * validationActions, the policy file's overrides become bindings per namespace, exemptions and exceptions match
 * conditions; custom rules export with their own CEL; deploy/vap/ is what the exporter makes today.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { loadAll } from 'js-yaml';
import { CelPolicy } from '../../src/cel/policy.js';
import { DEFAULT_POLICY, loadPolicy } from '../../src/engine/policy.js';
import { exportVap } from '../../src/export/vap/policies.js';
import { RULE_CEL_FORMS } from '../../src/export/vap/rules/index.js';
import { RULES } from '../../src/rules/registry.js';
import { parapet } from '../helpers/cli.js';
import { missingData } from '../helpers/conformance.js';
import { REPO_ROOT, SHARED_DIR } from '../helpers/paths.js';

const SCHEMA_FILE = path.join(
  SHARED_DIR,
  'conformance',
  'k8s-openapi',
  'admissionregistration.k8s.io-v1.schemas.json',
);
const PREFIX = 'io.k8s.api.admissionregistration.v1.';

/** The schemas, with every object that lists its properties closed to others. */
function closed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closed);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = closed(v);
  if (out.properties !== undefined && out.additionalProperties === undefined)
    out.additionalProperties = false;
  return out;
}

/**
 * The meta/v1 types the file refers to but does not hold, written out for the fields parapet emits (the file
 * covers admissionregistration.k8s.io only).
 */
const STRINGS = { type: 'object', additionalProperties: { type: 'string' } };
const META_V1 = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
    type: 'object',
    properties: { name: { type: 'string' }, labels: STRINGS, annotations: STRINGS },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': {
    type: 'object',
    properties: {
      matchLabels: STRINGS,
      matchExpressions: {
        type: 'array',
        items: {
          type: 'object',
          required: ['key', 'operator'],
          properties: {
            key: { type: 'string' },
            operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
            values: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Condition': { type: 'object' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta': { type: 'object' },
};

function validator() {
  const raw = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as {
    components: { schemas: Record<string, unknown> };
  };
  Object.assign(raw.components.schemas, META_V1);
  const doc = closed(raw) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'k8s', ...doc });
  return (kind: string) => ajv.getSchema(`k8s#/components/schemas/${PREFIX}${kind}`);
}

const TODAY = '2026-12-02';

/** The fields of the emitted objects these tests read. */
interface Emitted {
  kind: string;
  metadata: { name: string };
  spec: {
    matchConditions?: { name: string; expression: string }[];
    matchConstraints?: { resourceRules: unknown[] };
    validations?: unknown[];
    validationActions?: string[];
    matchResources?: { namespaceSelector?: { matchExpressions?: unknown[] } };
  };
}

describe('export vap objects', () => {
  it('validate against the admissionregistration.k8s.io/v1 OpenAPI schema, every level and mode', (t) => {
    if (!fs.existsSync(SCHEMA_FILE)) {
      missingData(
        t,
        `Kubernetes OpenAPI schema not found at ${SCHEMA_FILE}; it lives in ../shared/conformance`,
      );
      return;
    }
    const schemaOf = validator();
    let checked = 0;
    for (const level of ['baseline', 'restricted'] as const)
      for (const mode of ['audit', 'warn', 'deny'] as const) {
        const { objects } = exportVap({
          rules: ['all'],
          level,
          version: 'latest',
          mode,
          policy: DEFAULT_POLICY,
          catalog: RULES,
          today: TODAY,
        });
        for (const object of objects) {
          const validate = schemaOf(object.kind as string);
          assert.ok(validate, `no schema for ${object.kind}`);
          assert.equal(object.apiVersion, 'admissionregistration.k8s.io/v1');
          assert.ok(
            validate(object),
            `${(object.metadata as { name: string }).name}: ${JSON.stringify(validate.errors)}`,
          );
          checked++;
        }
      }
    assert.ok(checked > 60);
  });

  it('exports every Pod Security check of the level and lists the other rules with why', () => {
    const { objects, notExported } = exportVap({
      rules: ['all'],
      level: 'restricted',
      version: 'v1.37',
      policy: DEFAULT_POLICY,
      catalog: RULES,
      today: TODAY,
    });
    const policies = objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy');
    // the restricted checks, and every built-in rule with a CEL form but PP-WL-020, off until configured
    assert.equal(policies.length, 15 + RULE_CEL_FORMS.size - 1);
    const reasons = new Map(notExported.map((n) => [n.id, n.reason]));
    assert.match(reasons.get('PP-WL-020') ?? '', /off until configured/);
    // every rule judged from one object has a CEL form, or a reason of its own why CEL cannot judge it
    assert.deepEqual(
      notExported.filter((n) => /no CEL translation/.test(n.reason)).map((n) => n.id),
      [],
    );
    assert.match(reasons.get('PP-NET-001') ?? '', /relations between objects|objects it relates to/);
    assert.match(reasons.get('PP-PSS-004') ?? '', /not a check of Pod Security restricted v1\.37/);
    for (const rule of RULES)
      assert.ok(
        reasons.has(rule.meta.id) ||
          policies.some(
            (p) =>
              (p.metadata as { annotations: Record<string, string> }).annotations['parapet.dev/rule'] ===
              rule.meta.id,
          ),
        rule.meta.id,
      );
  });

  it('turns modes, per-namespace overrides, exemptions and exceptions into bindings and match conditions', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'parapet-vap-')), 'parapet.yaml');
    await writeFile(
      file,
      `admission:
  mode: warn
  overrides:
    - {rule: PP-PSS-001, namespaces: [legacy, lab], mode: audit}
    - {rule: PP-PSS-*, namespaces: [payments], mode: deny}
    - {rule: PP-PSS-001, namespaces: [lab-*], mode: deny}
  exemptions:
    - {namespaces: [kube-*], reason: platform}
    - {users: ['system:serviceaccount:ci:deployer'], reason: ci}
exceptions:
  - {rule: PP-PSS-001, kind: DaemonSet, namespace: monitoring, name: node-exporter, reason: needs the host}
  - {rule: PP-PSS-001, name: old, reason: expired, expires: '2020-01-01'}
`,
    );
    const policy = await loadPolicy(file, RULES);
    const { objects, warnings } = exportVap({
      rules: ['PP-PSS-001'],
      level: 'baseline',
      version: 'latest',
      policy,
      catalog: RULES,
      today: TODAY,
    });
    const [vap, ...bindings] = objects as unknown as Emitted[];
    assert.equal(vap?.kind, 'ValidatingAdmissionPolicy');
    assert.deepEqual(
      bindings.map((b) => [
        b.metadata.name,
        b.spec.validationActions,
        b.spec.matchResources?.namespaceSelector?.matchExpressions,
      ]),
      [
        [
          'parapet-pp-pss-001',
          ['Warn', 'Audit'],
          [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['lab', 'legacy', 'payments'] }],
        ],
        [
          'parapet-pp-pss-001-audit',
          ['Audit'],
          [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['lab', 'legacy'] }],
        ],
        [
          'parapet-pp-pss-001-deny',
          ['Deny'],
          [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['payments'] }],
        ],
      ],
    );
    assert.match(warnings.join('\n'), /lab-\*.*glob/);
    const conditions = vap?.spec.matchConditions ?? [];
    assert.deepEqual(
      conditions.map((c) => c.name),
      ['has-pod-spec', 'exemption-0', 'exemption-1', 'exception-0'],
    );
    // the conditions are CEL the same library compiles and runs: the exempt request is skipped, another judged
    const judge = new CelPolicy({ matchConditions: conditions, validations: [{ expression: 'false' }] });
    const ds = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'node-exporter' },
      spec: { template: { spec: { containers: [] } } },
    };
    const request = (namespace: string, username = 'alice') => ({
      request: { namespace, userInfo: { username, groups: [] } },
    });
    assert.equal(judge.judge(ds, request('monitoring')).kind, 'skipped');
    assert.equal(judge.judge(ds, request('kube-system')).kind, 'skipped');
    assert.equal(judge.judge(ds, request('shop', 'system:serviceaccount:ci:deployer')).kind, 'skipped');
    assert.equal(judge.judge(ds, request('shop')).kind, 'judged');
  });

  it('exports custom rules with their own CEL, messages and fieldPath', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'parapet-vap-')), 'parapet.yaml');
    await writeFile(
      file,
      `customRules:
  - id: ACME-001
    title: Company registry
    severity: high
    remediation: Use registry.acme.io.
    match: {kinds: [Pod]}
    validations:
      - {expression: "object.spec.containers.all(c, c.image.startsWith('registry.acme.io/'))", message: images from registry.acme.io, fieldPath: spec.containers}
  - id: ACME-002
    title: Line workloads carry an owner
    severity: low
    remediation: Label the workload with its owner.
    match:
      kinds: [Deployment]
      labelSelector:
        matchLabels: {tier: line}
        matchExpressions: [{key: legacy, operator: DoesNotExist}]
    validations:
      - {expression: "has(object.metadata.labels.owner)"}
`,
    );
    const policy = await loadPolicy(file, RULES);
    const { objects } = exportVap({
      rules: ['ACME-001'],
      level: 'restricted',
      version: 'latest',
      mode: 'deny',
      policy,
      catalog: RULES,
      today: TODAY,
    });
    const spec = (objects[0] as unknown as Emitted).spec;
    assert.deepEqual(spec.matchConstraints?.resourceRules, [
      { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'] },
    ]);
    assert.deepEqual(spec.validations, [
      {
        expression: "object.spec.containers.all(c, c.image.startsWith('registry.acme.io/'))",
        message: 'ACME-001: images from registry.acme.io',
        fieldPath: 'spec.containers',
        reason: 'Forbidden',
      },
    ]);
    // a label selector selects as the API server does, on the object's own labels
    const selected = exportVap({
      rules: ['ACME-002'],
      level: 'restricted',
      version: 'latest',
      policy,
      catalog: RULES,
      today: TODAY,
    });
    assert.deepEqual(selected.notExported, []);
    const constraints = (selected.objects[0] as unknown as Emitted).spec.matchConstraints as Record<
      string,
      unknown
    >;
    assert.deepEqual(constraints.objectSelector, {
      matchLabels: { tier: 'line' },
      matchExpressions: [{ key: 'legacy', operator: 'DoesNotExist' }],
    });
    if (fs.existsSync(SCHEMA_FILE))
      for (const object of selected.objects)
        assert.ok(validator()(object.kind as string)?.(object), object.kind as string);
  });

  it('deploy/vap/ holds the restricted set for the latest version, as the exporter makes it today', () => {
    const committed = fs.readFileSync(path.join(REPO_ROOT, 'deploy', 'vap', 'pss-restricted.yaml'), 'utf8');
    const fresh = parapet([
      'export',
      'vap',
      '--rules',
      'pss',
      '--pss-level',
      'restricted',
      '--pss-version',
      'latest',
      '--mode',
      'audit',
    ]);
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.equal(
      committed,
      fresh.stdout,
      'deploy/vap/pss-restricted.yaml is stale: regenerate it with `node bin/parapet.js export vap --rules pss --pss-level restricted --pss-version latest --mode audit -o deploy/vap/pss-restricted.yaml`',
    );
    assert.ok(loadAll(committed).length > 10);
  });
});

describe('parapet rules --format json', () => {
  it('marks each rule exportable as a ValidatingAdmissionPolicy or not, with the reason', () => {
    const result = parapet(['rules', '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const rules = JSON.parse(result.stdout).rules as {
      id: string;
      exportable: { vap: boolean; reason?: string };
    }[];
    assert.deepEqual(rules.find((r) => r.id === 'PP-PSS-001')?.exportable, { vap: true });
    const network = rules.find((r) => r.id === 'PP-NET-001')?.exportable;
    assert.equal(network?.vap, false);
    assert.ok(network?.reason);
    assert.ok(rules.every((r) => typeof r.exportable.vap === 'boolean'));
  });
});
