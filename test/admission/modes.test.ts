// Which mode a violation gets, whom the webhook never judges, and how the policy's admission: section is validated.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { modeResolver } from '../../src/admission/modes.js';
import { loadPolicy } from '../../src/engine/policy.js';
import { RULES } from '../../src/rules/registry.js';

describe('modeResolver', () => {
  const overrides = [
    { rule: 'PP-PSS-*', mode: 'deny' as const },
    { rule: 'PP-PSS-001', namespaces: ['sandbox-*'], mode: 'warn' as const },
  ];
  const cases: [string, Parameters<typeof modeResolver>[0], string, string, string][] = [
    ['--mode when the policy sets none', undefined, 'PP-WL-010', 'shop', 'warn'],
    ["the policy's mode over --mode", { mode: 'audit' }, 'PP-WL-010', 'shop', 'audit'],
    ['a glob override', { overrides }, 'PP-PSS-002', 'shop', 'deny'],
    ['the last matching override wins', { overrides }, 'PP-PSS-001', 'sandbox-7', 'warn'],
    ['an override limited to other namespaces does not apply', { overrides }, 'PP-PSS-001', 'shop', 'deny'],
  ];
  for (const [name, settings, rule, namespace, expected] of cases) {
    it(name, () => assert.equal(modeResolver(settings, 'warn').mode(rule, { name: namespace }), expected));
  }

  it('exempts by namespace, user or group glob, with the first matching reason', () => {
    const modes = modeResolver(
      {
        exemptions: [
          { namespaces: ['kube-*'], reason: 'platform' },
          { users: ['system:serviceaccount:ci:*'], groups: ['system:nodes'], reason: 'trusted' },
        ],
      },
      'audit',
    );
    assert.equal(modes.exemption({ name: 'kube-system' }, 'alice', []), 'platform');
    assert.equal(modes.exemption({ name: 'shop' }, 'system:serviceaccount:ci:deployer', []), 'trusted');
    assert.equal(modes.exemption({ name: 'shop' }, 'system:node:n1', ['system:nodes']), 'trusted');
    assert.equal(modes.exemption({ name: 'shop' }, 'alice', ['system:authenticated']), undefined);
  });
});

describe('namespace label selectors', () => {
  const settings = {
    overrides: [
      { rule: 'PP-PSS-*', namespaceSelector: { matchLabels: { tier: 'prod' } }, mode: 'deny' as const },
      {
        rule: 'PP-PSS-001',
        namespaces: ['shop-*'],
        namespaceSelector: { matchExpressions: [{ key: 'legacy', operator: 'Exists' as const }] },
        mode: 'warn' as const,
      },
    ],
    exemptions: [
      { namespaceSelector: { matchLabels: { 'parapet.io/exempt': 'true' } }, reason: 'labelled exempt' },
    ],
  };
  const modes = modeResolver(settings, 'audit');
  const cases: [string, string, string, Record<string, string> | undefined, string][] = [
    ['a selector that matches the labels', 'PP-PSS-002', 'web', { tier: 'prod' }, 'deny'],
    ['a selector that does not match', 'PP-PSS-002', 'web', { tier: 'dev' }, 'audit'],
    ['labels that could not be read match no selector', 'PP-PSS-002', 'web', undefined, 'audit'],
    ['name globs and a selector both match', 'PP-PSS-001', 'shop-1', { tier: 'prod', legacy: 'y' }, 'warn'],
    [
      'the selector matches but the name does not',
      'PP-PSS-001',
      'web',
      { tier: 'prod', legacy: 'y' },
      'deny',
    ],
    ['the name matches but the selector does not', 'PP-PSS-001', 'shop-1', { tier: 'prod' }, 'deny'],
  ];
  for (const [name, rule, namespace, labels, expected] of cases) {
    it(name, () => assert.equal(modes.mode(rule, { name: namespace, labels }), expected));
  }

  it('says when the server must look labels up, and only then', () => {
    assert.equal(modes.usesNamespaceLabels, true);
    assert.equal(
      modeResolver({ overrides: [{ rule: '*', namespaces: ['a'], mode: 'deny' }] }, 'audit')
        .usesNamespaceLabels,
      false,
    );
  });

  it('exempts by label; unknown labels exempt nothing', () => {
    assert.equal(
      modes.exemption({ name: 'x', labels: { 'parapet.io/exempt': 'true' } }, 'alice', []),
      'labelled exempt',
    );
    assert.equal(modes.exemption({ name: 'x', labels: {} }, 'alice', []), undefined);
    assert.equal(modes.exemption({ name: 'x' }, 'alice', []), undefined);
  });
});

describe('policy admission: section', () => {
  const load = async (text: string) => {
    const file = join(await mkdtemp(join(tmpdir(), 'parapet-admission-')), 'parapet.yaml');
    await writeFile(file, text);
    return loadPolicy(file, RULES);
  };
  const rejected: [string, string, RegExp][] = [
    [
      'an unknown mode',
      'admission: {mode: block}',
      /admission\.mode must be equal to one of the allowed values \(one of audit, warn, deny\)/,
    ],
    [
      'an override of no rule',
      'admission: {overrides: [{rule: PP-XX-1, mode: deny}]}',
      /admission\.overrides\.0\.rule PP-XX-1 is not a parapet rule/,
    ],
    [
      'an exemption without reason',
      'admission: {exemptions: [{namespaces: [a]}]}',
      /admission\.exemptions\.0 must have required property 'reason'/,
    ],
    [
      'an exemption with only a reason',
      'admission: {exemptions: [{reason: why}]}',
      /admission\.exemptions\.0 must NOT have fewer than 2 properties/,
    ],
    ['an unknown key', 'admission: {modes: {}}', /admission\.modes is not a known setting/],
  ];
  for (const [name, text, message] of rejected) {
    it(`rejects ${name}`, async () => {
      await assert.rejects(
        load(text),
        (error: Error) => error.name === 'PolicyError' && message.test(error.message),
      );
    });
  }

  it('keeps a valid section as written', async () => {
    const policy = await load(
      'admission: {mode: warn, onUpdate: new, overrides: [{rule: PP-PSS-*, mode: deny}]}',
    );
    assert.deepEqual(policy.admission, {
      mode: 'warn',
      onUpdate: 'new',
      overrides: [{ rule: 'PP-PSS-*', mode: 'deny' }],
    });
  });
});
