/**
 * scripts/rbac-bootstrap.ts: the shipped bootstrap policy, written out as Kubernetes' testdata Lists and read back
 * through the generator, gives the same data (so a refresh from the real files changes only what changed there).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import { bindingsSource, clusterRolesSource } from '../../scripts/rbac-bootstrap.js';
import { BOOTSTRAP_CLUSTER_ROLE_BINDINGS } from '../../src/rbac/bootstrap/cluster-role-bindings.js';
import { BOOTSTRAP_CLUSTER_ROLES } from '../../src/rbac/bootstrap/cluster-roles.js';
import { bootstrapResources } from '../../src/rbac/bootstrap/objects.js';

const list = (kind: string) =>
  yaml.dump({
    apiVersion: 'v1',
    kind: 'List',
    items: bootstrapResources()
      .filter((r) => r.kind === kind)
      .map((r) => r.object),
  });

/** Evaluates a generated data module (plain TypeScript with one type import) and returns its export. */
function evaluate(source: string, name: string): unknown {
  const js = source
    .replace(/^import type .*$/m, '')
    .replace(/: readonly \w+\[\]/, '')
    .replace(/^export const/gm, 'const');
  return new Function(`${js}\nreturn ${name};`)();
}

describe('scripts/rbac-bootstrap.ts', () => {
  it('round-trips the ClusterRoles', () => {
    const source = clusterRolesSource(list('ClusterRole'));
    assert.deepEqual(evaluate(source, 'BOOTSTRAP_CLUSTER_ROLES'), BOOTSTRAP_CLUSTER_ROLES);
    assert.match(source, /name: 'system:aggregate-to-view', aggregateTo: 'view', rows: \[\[CORE, /);
  });

  it('round-trips the ClusterRoleBindings', () => {
    const source = bindingsSource(list('ClusterRoleBinding'));
    assert.deepEqual(evaluate(source, 'BOOTSTRAP_CLUSTER_ROLE_BINDINGS'), BOOTSTRAP_CLUSTER_ROLE_BINDINGS);
  });
});
