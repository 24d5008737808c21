import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadManifestText } from '../../src/inputs/manifests.js';
import { describeSubject, subjectsOf } from '../../src/rbac/objects.js';

const subjectsIn = (metadata: string, subjects: string, kind = 'RoleBinding') => {
  const loaded = loadManifestText(
    'b.yaml',
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: ${metadata}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: ${subjects}\n`,
  );
  const binding = loaded.resources[0];
  assert.ok(binding);
  return subjectsOf(binding).map(describeSubject);
};

describe('describeSubject', () => {
  it('users and groups have no namespace, even when the entry sets one', () => {
    assert.deepEqual(
      subjectsIn(
        '{name: b, namespace: shop}',
        '[{kind: User, name: alice, namespace: shop}, {kind: Group, name: ops}]',
      ),
      ['User `alice`', 'Group `ops`'],
    );
  });
  it("a ServiceAccount takes its own namespace, else the RoleBinding's", () => {
    assert.deepEqual(
      subjectsIn(
        '{name: b, namespace: shop}',
        '[{kind: ServiceAccount, name: ci}, {kind: ServiceAccount, name: x, namespace: iot}]',
      ),
      ['ServiceAccount `shop/ci`', 'ServiceAccount `iot/x`'],
    );
  });
  it('a RoleBinding without a namespace: the apply-time namespace, not a silent default/', () => {
    assert.deepEqual(
      subjectsIn('{name: b}', '[{kind: ServiceAccount, name: ci}, {kind: User, name: alice}]'),
      ['ServiceAccount `ci` (of the namespace the binding is applied to)', 'User `alice`'],
    );
  });
  it('a ServiceAccount without a namespace in a ClusterRoleBinding is shown by name only', () => {
    assert.deepEqual(subjectsIn('{name: b}', '[{kind: ServiceAccount, name: ci}]', 'ClusterRoleBinding'), [
      'ServiceAccount `ci`',
    ]);
  });
});
