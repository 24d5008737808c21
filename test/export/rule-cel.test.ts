/**
 * The exported single-object rules judge as the built-in ones: each policy, as `parapet export vap` emits it, is
 * run on every object it matches in a corpus (every rule's examples, the bundled example, Pod Security
 * Admission's fixture pods as four kinds in four namespaces) and must deny exactly the objects the rule reports.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { CelPolicy, type CelPolicySource } from '../../src/cel/policy.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { activeRules, DEFAULT_POLICY, type Policy } from '../../src/engine/policy.js';
import { exportVap } from '../../src/export/vap/policies.js';
import { RULE_CEL_FORMS } from '../../src/export/vap/rules/index.js';
import { Inventory, namespaceOf } from '../../src/inventory/inventory.js';
import { POD_CONTROLLER_KINDS } from '../../src/inventory/pod-specs.js';
import { DEFAULT_PSS, pssResolver } from '../../src/rules/pod-security/settings.js';
import { findRule, RULES } from '../../src/rules/registry.js';
import { missingData } from '../helpers/conformance.js';
import { exampleParams } from '../helpers/example-params.js';
import { MISSING_DATA } from '../helpers/pss-fixtures.js';
import {
  type CorpusSet,
  edgeClusterSets,
  exampleSets,
  imageReferenceSets,
  ownedObjectSets,
  pssFixtureSets,
} from '../helpers/rule-corpus.js';

let corpus: CorpusSet[] = [];
let fixtures: CorpusSet[] | undefined;
before(() => {
  fixtures = pssFixtureSets();
  corpus = [
    ...exampleSets(),
    ...edgeClusterSets(),
    ...imageReferenceSets(),
    ...ownedObjectSets(),
    ...(fixtures ?? []),
  ];
});

/** The rule's parameters as its own examples set them (an allow-list's), else the defaults. */
function exampleParamsOf(id: string): Record<string, unknown> | undefined {
  const examples = findRule(id)?.meta.examples;
  return examples ? (exampleParams(id, examples.fail) ?? exampleParams(id, examples.pass)) : undefined;
}

/** Parameters the forms are held to besides their examples': each way of writing an entry. */
const MORE_PARAMS: Record<string, Record<string, unknown>[]> = {
  'PP-WL-020': [
    {
      allowedRegistries: [
        'docker.io/library',
        '*.example.com',
        'ghcr.io/acme',
        'LOCALHOST:5000/',
        'https://quay.io/org/team',
        ' index.docker.io/bitnami ',
        '',
      ],
    },
    { allowedRegistries: ['registry-1.docker.io', 'Registry.Local'] },
    { allowedRegistries: ['https://'] },
  ],
  'PP-WL-022': [{ requireDigest: true }],
  'PP-OPS-011': [{ systemComponents: ['plc-', 'k3s'] }, { systemComponents: [] }],
};

const variants = [...RULE_CEL_FORMS.keys()].flatMap((id) =>
  [exampleParamsOf(id), ...(MORE_PARAMS[id] ?? [])].map((params, i) => ({ id, params, i })),
);

for (const { id, params, i } of variants) {
  const named = i === 0 ? '' : ` (parameters ${JSON.stringify(params)})`;
  test(`${id}: the exported CEL denies exactly the objects the rule reports${named}`, (t) => {
    if (fixtures === undefined) missingData(t, `${MISSING_DATA} (judged on the examples only)`);
    const rule = findRule(id);
    assert.ok(rule, `${id} is not a rule`);
    const policy: Policy = params ? { ...DEFAULT_POLICY, rules: { [id]: { params } } } : DEFAULT_POLICY;
    const { objects } = exportVap({
      rules: [id],
      level: 'restricted',
      version: 'latest',
      policy,
      catalog: RULES,
      today: '2026-12-02',
    });
    const vap = objects.find((o) => o.kind === 'ValidatingAdmissionPolicy');
    assert.ok(vap, `${id} not exported`);
    const cel = new CelPolicy(vap.spec as CelPolicySource);
    const active = activeRules(RULES, policy).filter((a) => a.rule.meta.id === id);
    const kinds = new Set(rule.meta.appliesTo ?? POD_CONTROLLER_KINDS);
    const mismatches: string[] = [];
    let judged = 0;
    let denied = 0;
    for (const set of corpus) {
      const inventory = new Inventory(set.resources);
      const reported = new Set(
        evaluate(inventory, active, { pss: pssResolver(inventory, policy.pss ?? DEFAULT_PSS) }).map(
          (v) => v.resource,
        ),
      );
      for (const resource of set.resources.filter((r) => kinds.has(r.kind))) {
        const namespace = namespaceOf(resource);
        const verdict = cel.judge(resource.object, {
          namespaceObject: namespace === '' ? null : (inventory.namespaceObject(namespace)?.object ?? null),
          request: {
            kind: { kind: resource.kind },
            name: resource.name,
            namespace,
            operation: 'CREATE',
            userInfo: { username: 'tester', groups: ['system:authenticated'] },
          },
        });
        const where = `${set.name}: ${resource.kind} ${namespace}/${resource.name}`;
        if (verdict.kind === 'error') {
          mismatches.push(`${where}: CEL error in ${verdict.where}: ${verdict.error}`);
          continue;
        }
        const denies = verdict.kind === 'judged' && verdict.failures.length > 0;
        judged++;
        if (denies) denied++;
        if (denies !== reported.has(resource))
          mismatches.push(
            `${where}: CEL ${denies ? 'denies' : 'allows'}, the rule ${reported.has(resource) ? 'reports it' : 'does not'}`,
          );
      }
    }
    assert.deepEqual(mismatches.slice(0, 15), [], `${mismatches.length} of ${judged} objects disagree`);
    assert.ok(denied > 0, `${id}: the corpus holds nothing the rule reports`);
    t.diagnostic(`${judged} objects judged, ${denied} denied`);
  });
}
