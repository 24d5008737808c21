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
    it(name, () => assert.equal(modeResolver(settings, 'warn').mode(rule, namespace), expected));
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
    assert.equal(modes.exemption('kube-system', 'alice', []), 'platform');
    assert.equal(modes.exemption('shop', 'system:serviceaccount:ci:deployer', []), 'trusted');
    assert.equal(modes.exemption('shop', 'system:node:n1', ['system:nodes']), 'trusted');
    assert.equal(modes.exemption('shop', 'alice', ['system:authenticated']), undefined);
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
