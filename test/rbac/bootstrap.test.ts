/**
 * `can` over the default ClusterRoles, each answer checked against Kubernetes' published bootstrap policy
 * (bootstrappolicy/testdata/cluster-roles.yaml): the aggregated admin/edit/view chain, the subresources and
 * resourceNames the defaults use, and what they deliberately leave out.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Request, ruleAllows } from '../../src/rbac/match.js';
import { RbacModel } from '../../src/rbac/model.js';
import { parseRequest } from '../../src/rbac/request.js';

const model = new RbacModel([]);

/** [role, verb, target, name?, allowed] — every row a line of the published policy (or its absence). */
const TABLE: [string, string, string, string | undefined, boolean][] = [
  ['cluster-admin', 'escalate', 'clusterroles.rbac.authorization.k8s.io', undefined, true],
  ['cluster-admin', 'get', '/debug/pprof', undefined, true],
  ['admin', 'create', 'rolebindings.rbac.authorization.k8s.io', undefined, true],
  ['admin', 'create', 'localsubjectaccessreviews.authorization.k8s.io', undefined, true],
  ['admin', 'create', 'pods/exec', undefined, true],
  ['admin', 'get', 'secrets', undefined, true],
  ['admin', 'create', 'clusterroles.rbac.authorization.k8s.io', undefined, false],
  ['edit', 'create', 'pods/exec', undefined, true],
  ['edit', 'get', 'pods/exec', undefined, true],
  ['edit', 'get', 'pods/attach', undefined, true],
  ['edit', 'impersonate', 'serviceaccounts', undefined, true],
  ['edit', 'create', 'serviceaccounts/token', undefined, true],
  ['edit', 'update', 'deployments.apps/scale', undefined, true],
  ['edit', 'list', 'pods', undefined, true],
  ['edit', 'create', 'roles.rbac.authorization.k8s.io', undefined, false],
  ['edit', 'get', 'nodes/proxy', undefined, false],
  ['view', 'get', 'pods/log', undefined, true],
  ['view', 'list', 'deployments.apps', undefined, true],
  ['view', 'get', 'secrets', undefined, false],
  ['view', 'get', 'pods/exec', undefined, false],
  ['view', 'create', 'pods', undefined, false],
  ['system:kube-controller-manager', 'list', 'secrets', undefined, true],
  ['system:kube-controller-manager', 'get', 'leases.coordination.k8s.io', 'kube-controller-manager', true],
  ['system:kube-controller-manager', 'get', 'leases.coordination.k8s.io', 'kube-scheduler', false],
  ['system:node', 'get', 'secrets', undefined, true],
  ['system:node', 'patch', 'nodes', undefined, true],
  ['system:kubelet-api-admin', 'create', 'nodes/proxy', undefined, true],
  ['system:kubelet-api-admin', 'proxy', 'nodes', undefined, true],
  [
    'system:certificates.k8s.io:kubelet-serving-approver',
    'approve',
    'signers.certificates.k8s.io',
    'kubernetes.io/kubelet-serving',
    true,
  ],
  [
    'system:certificates.k8s.io:kubelet-serving-approver',
    'approve',
    'signers.certificates.k8s.io',
    'kubernetes.io/kube-apiserver-client',
    false,
  ],
  ['system:discovery', 'get', '/apis/apps', undefined, true],
  ['system:discovery', 'get', '/metrics', undefined, false],
  ['system:monitoring', 'get', '/readyz/etcd', undefined, true],
  ['system:public-info-viewer', 'get', '/version/', undefined, true],
  ['system:public-info-viewer', 'get', '/api', undefined, false],
];

describe('the built-in ClusterRoles agree with the published bootstrap policy', () => {
  for (const [name, verb, target, objectName, allowed] of TABLE) {
    it(`${name} ${allowed ? 'can' : 'cannot'} ${verb} ${target}${objectName ? ` ${objectName}` : ''}`, () => {
      const role = model.role({ kind: 'ClusterRole', name }, '');
      assert.ok(role, `${name} is built in`);
      const request = parseRequest(verb, target, objectName) as Request;
      assert.equal(
        model.rulesOf(role).some((r) => ruleAllows(r.rule, request)),
        allowed,
      );
    });
  }

  it('ships the default bindings: system:masters, basic-user and discovery to system:authenticated', () => {
    const names = model.bindings.map((b) => `${b.name}→${b.subjects.map((s) => s.name).join(',')}`);
    assert.ok(names.includes('cluster-admin→system:masters'));
    assert.ok(names.includes('system:discovery→system:authenticated'));
    assert.ok(names.includes('system:public-info-viewer→system:authenticated,system:unauthenticated'));
    assert.ok(model.bindings.every((b) => b.role !== undefined && b.builtIn));
  });
});
