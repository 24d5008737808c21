import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import { neededKinds } from '../../src/cluster/needed-kinds.js';
import type { Finding } from '../../src/findings/finding.js';
import { RULES } from '../../src/rules/registry.js';
import { parapet } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { BUILT_IN_KINDS } from './fake-apiserver.js';

interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const documents = yaml.loadAll(readFileSync(path.join(REPO_ROOT, 'deploy', 'rbac.yaml'), 'utf8')) as {
  kind: string;
  rules?: PolicyRule[];
}[];
const role = documents.find((d) => d.kind === 'ClusterRole');
const rules = role?.rules ?? [];

describe('deploy/rbac.yaml', () => {
  it('passes parapet’s own scan with nothing at medium or above', () => {
    const result = parapet(['scan', 'deploy/', '--format', 'json', '--fail-on', 'medium']);
    assert.equal(result.code, 0, result.stdout);
    const findings = JSON.parse(result.stdout).findings as Finding[];
    assert.deepEqual(
      findings.filter((f) => ['critical', 'high', 'medium'].includes(f.severity)),
      [],
    );
  });

  it('is read-only: get, list and watch, no wildcard, no Secrets', () => {
    for (const rule of rules) {
      assert.deepEqual(rule.verbs, ['get', 'list', 'watch']);
      assert.ok(!rule.resources.includes('*') && !rule.apiGroups.includes('*'));
      assert.ok(!rule.resources.includes('secrets'));
    }
  });

  it('lets the scan list every built-in kind the rules need, Secrets apart', () => {
    const granted = (group: string, resource: string) =>
      rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource));
    for (const kind of neededKinds(RULES).keys()) {
      if (kind === 'Secret') continue;
      const served = BUILT_IN_KINDS.find((k) => k.kind === kind);
      if (served === undefined) continue;
      assert.ok(
        granted(served.group, served.resource),
        `${served.group}/${served.resource} (${kind}) not granted`,
      );
    }
  });
});
