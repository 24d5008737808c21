// Custom CEL rules from the policy file: in scan (findings at fieldPath, exceptions, baseline, frameworks), in the
// webhook, and their errors (compile errors exit 2 naming rule, validation and position; run-time errors a note).
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadPolicy, PolicyError } from '../../src/engine/policy.js';
import { scan } from '../../src/engine/scan.js';
import { RULES } from '../../src/rules/registry.js';
import { type Harness, pod, startHarness } from '../admission/harness.js';
import { parapet } from '../helpers/cli.js';

const REGISTRY_RULE = `customRules:
  - id: ACME-001
    title: Images come from the company registry
    severity: high
    remediation: Push the image to registry.acme.io and use it from there.
    references: [{framework: CIS, id: 5.5.1}]
    match: {kinds: [Pod, Deployment]}
    variables:
      - name: containers
        expression: "object.kind == 'Pod' ? object.spec.containers : object.spec.template.spec.containers"
    validations:
      - expression: "variables.containers.all(c, c.image.startsWith('registry.acme.io/'))"
        messageExpression: "'image not from registry.acme.io: ' + variables.containers.filter(c, !c.image.startsWith('registry.acme.io/')).map(c, c.image).join(', ')"
        fieldPath: spec.template.spec.containers[0].image
  - id: ACME-002
    title: Team label
    severity: low
    remediation: Label the Deployment with its team.
    match: {kinds: [Deployment], namespaces: [shop]}
    validations:
      - expression: "object.metadata.labels.team != ''"
        message: every Deployment names its team
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: app, image: nginx:1.27}
`;

async function dir(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'parapet-cel-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(root, name), text);
  return root;
}

describe('custom rules in scan', () => {
  it('reports a failed validation at its fieldPath with its messageExpression, cites its references', async () => {
    const root = await dir({ 'parapet.yaml': REGISTRY_RULE, 'app.yaml': DEPLOYMENT });
    const { report, ruleErrors } = await scan({ paths: [root], catalog: RULES });
    const finding = report.findings.find((f) => f.ruleId === 'ACME-001');
    assert.ok(finding, 'no ACME-001 finding');
    assert.equal(finding.message, 'image not from registry.acme.io: nginx:1.27');
    assert.equal(finding.severity, 'high');
    assert.equal(finding.path, 'spec.template.spec.containers[0].image');
    assert.equal(finding.resource.line, 10);
    assert.deepEqual(finding.references, [{ framework: 'CIS', id: '5.5.1' }]);
    assert.ok(report.rules.some((r) => r.id === 'ACME-001'));
    // ACME-002 errs on this object (it has no labels): a note, and the scan still stands
    assert.equal(ruleErrors, false);
    const note = report.notes.find((n) => n.message.includes('ACME-002'));
    assert.match(
      note?.message ?? '',
      /rule ACME-002 could not judge Deployment `shop\/web`: CEL validations\[0\] failed: /,
    );
    assert.equal(note?.level, 'warning');
  });

  it('passes a compliant object, and honours exceptions and `rules:` settings', async () => {
    const good = DEPLOYMENT.replace('nginx:1.27', 'registry.acme.io/web:2').replace(
      'namespace: shop}',
      'namespace: shop, labels: {team: web}}',
    );
    const root = await dir({ 'parapet.yaml': REGISTRY_RULE, 'app.yaml': good });
    const { report } = await scan({ paths: [root], catalog: RULES });
    assert.deepEqual(
      report.findings.filter((f) => f.ruleId.startsWith('ACME')),
      [],
    );

    const excepted = await dir({
      'parapet.yaml': `${REGISTRY_RULE}exceptions:\n  - {rule: ACME-001, name: web, reason: vendor image}\nrules:\n  ACME-002: off\n`,
      'app.yaml': DEPLOYMENT,
    });
    const second = await scan({ paths: [excepted], catalog: RULES });
    assert.equal(
      second.report.findings.find((f) => f.ruleId === 'ACME-001')?.suppressed?.reason,
      'vendor image',
    );
    assert.ok(!second.report.rules.some((r) => r.id === 'ACME-002'));
  });

  it('runs in the CLI with --framework and --baseline like any rule', async () => {
    const root = await dir({ 'parapet.yaml': REGISTRY_RULE, 'app.yaml': DEPLOYMENT });
    const framework = parapet(['scan', root, '--framework', 'cis', '--format', 'json', '--fail-on', 'none']);
    assert.equal(framework.code, 0, framework.stderr);
    assert.match(framework.stdout, /ACME-001/);
    const baselineFile = join(root, 'baseline.json');
    const write = parapet(['scan', root, '--format', 'json', '-o', baselineFile, '--fail-on', 'none']);
    assert.equal(write.code, 0, write.stderr);
    const again = parapet([
      'scan',
      root,
      '--baseline',
      baselineFile,
      '--format',
      'json',
      '--fail-on',
      'none',
    ]);
    assert.equal(again.code, 0, again.stderr);
    assert.doesNotMatch(
      JSON.parse(again.stdout)
        .findings.map((f: { ruleId: string }) => f.ruleId)
        .join(' '),
      /ACME-001/,
    );
  });
});

describe('custom rule errors', () => {
  const rejected: [string, string, RegExp][] = [
    [
      'a syntax error',
      "variables.containers.all(c, c.image.startsWith('x')) &&",
      /customRules\.0 \(ACME-001\): validations\[0\]\.expression at 1:\d+: syntax error/,
    ],
    [
      'an unknown function',
      'variables.containers.all(c, nope(c.image))',
      /customRules\.0 \(ACME-001\): validations\[0\]\.expression at 1:29: undeclared reference to function 'nope'/,
    ],
  ];
  for (const [name, expression, message] of rejected) {
    it(`rejects ${name}, naming the rule, the validation and the position; the CLI exits 2`, async () => {
      const text = REGISTRY_RULE.replace(
        `"variables.containers.all(c, c.image.startsWith('registry.acme.io/'))"`,
        JSON.stringify(expression),
      );
      const root = await dir({ 'parapet.yaml': text, 'app.yaml': DEPLOYMENT });
      await assert.rejects(loadPolicy(join(root, 'parapet.yaml'), RULES), (e: Error) => {
        assert.ok(e instanceof PolicyError);
        assert.match(e.message, message);
        return true;
      });
      const cli = parapet(['scan', root]);
      assert.equal(cli.code, 2);
      assert.match(cli.stderr, message);
    });
  }

  it('rejects an id that is already a rule, and an unknown key, by name', async () => {
    const root = await dir({
      'parapet.yaml': REGISTRY_RULE.replace('ACME-001', 'PP-PSS-001').replace(
        'severity: low',
        'severity: low\n    colour: red',
      ),
    });
    await assert.rejects(
      loadPolicy(join(root, 'parapet.yaml'), RULES),
      /customRules\.1\.colour is not a known setting/,
    );
    const dup = await dir({ 'parapet.yaml': REGISTRY_RULE.replace('ACME-001', 'PP-PSS-001') });
    await assert.rejects(
      loadPolicy(join(dup, 'parapet.yaml'), RULES),
      /customRules\.0\.id PP-PSS-001 is already a rule's id/,
    );
  });

  it('bounds the cost of an expression: a quadratic one on a huge list is a note, not a hang', async () => {
    const text = `customRules:
  - id: ACME-003
    title: Unique ports
    severity: low
    remediation: Give every port its own number.
    match: {kinds: [ConfigMap]}
    validations:
      - expression: "object.items.all(a, object.items.all(b, a == b || a != b))"
`;
    const list = Array.from({ length: 1500 }, (_, i) => `  - k${i}`).join('\n');
    const listed = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: listed, namespace: shop}\nitems:\n${list}\n`;
    const root = await dir({ 'parapet.yaml': text, 'cm.yaml': listed });
    const { report } = await scan({ paths: [root], catalog: RULES });
    const note = report.notes.find((n) => n.message.includes('ACME-003'));
    assert.match(note?.message ?? '', /estimated cost \d+ exceeds the per-expression limit of 1000000/);
  });
});

describe('custom rules in the webhook', () => {
  let h: Harness;
  before(async () => {
    const root = await dir({
      'parapet.yaml': `${REGISTRY_RULE}admission:\n  overrides: [{rule: ACME-001, mode: deny}]\n`,
    });
    h = await startHarness({ policyFile: join(root, 'parapet.yaml') });
  });
  after(() => h.close());

  it('denies by a custom rule through the policy file the webhook loads', async () => {
    const bad = await h.review({ object: pod('bad', { image: 'docker.io/nginx:1.27' }) });
    assert.equal(bad.allowed, false);
    assert.match(JSON.stringify(bad), /ACME-001/);
    const good = await h.review({
      object: pod('good', { image: `registry.acme.io/app:1@sha256:${'a'.repeat(64)}` }),
    });
    assert.equal(good.allowed, true);
  });
});
