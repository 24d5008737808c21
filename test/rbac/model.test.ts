/**
 * The authorizer model, rule by rule of RBAC resolution: each case is a small cluster and a question whose answer
 * a naive reading of the YAML gets wrong.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadManifestText } from '../../src/inputs/manifests.js';
import type { Request } from '../../src/rbac/match.js';
import { type ModelOptions, RbacModel } from '../../src/rbac/model.js';
import { parseRequest } from '../../src/rbac/request.js';
import { parseSubject } from '../../src/rbac/subjects.js';

export function modelOf(yaml: string, options?: ModelOptions): RbacModel {
  const loaded = loadManifestText('cluster.yaml', yaml);
  assert.equal(loaded.inputErrors, false);
  return new RbacModel(loaded.resources, options);
}

const V = 'apiVersion: rbac.authorization.k8s.io/v1';
const clusterRole = (name: string, rest: string, labels = '{}') =>
  `${V}\nkind: ClusterRole\nmetadata: {name: ${name}, labels: ${labels}}\n${rest}\n---\n`;
const role = (ns: string, name: string, rules: string) =>
  `${V}\nkind: Role\nmetadata: {name: ${name}, namespace: ${ns}}\nrules: ${rules}\n---\n`;
const binding = (kind: string, ns: string | undefined, name: string, ref: string, subjects: string) =>
  `${V}\nkind: ${kind}\nmetadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${ref.split('/')[0]}, name: ${ref.split('/')[1]}}\nsubjects: ${subjects}\n---\n`;
const SECRETS_READER = 'rules: [{apiGroups: [""], resources: [secrets], verbs: [get, list]}]';

interface Question {
  subject: string;
  verb: string;
  target: string;
  namespace?: string;
  name?: string;
  allowed: boolean;
}

interface Case {
  name: string;
  yaml: string;
  questions: Question[];
}

const CASES: Case[] = [
  {
    name: 'aggregation is transitive and uses matchExpressions',
    yaml:
      clusterRole('top', 'aggregationRule: {clusterRoleSelectors: [{matchLabels: {agg: top}}]}\nrules: []') +
      clusterRole(
        'middle',
        'aggregationRule: {clusterRoleSelectors: [{matchExpressions: [{key: agg, operator: In, values: [middle]}]}]}\nrules: []',
        '{agg: top}',
      ) +
      clusterRole('leaf', SECRETS_READER, '{agg: middle}') +
      binding('ClusterRoleBinding', undefined, 'b', 'ClusterRole/top', '[{kind: User, name: alice}]'),
    questions: [{ subject: 'user:alice', verb: 'get', target: 'secrets', allowed: true }],
  },
  {
    name: "an aggregated ClusterRole's own rules are replaced by the aggregate",
    yaml:
      clusterRole(
        'agg',
        'aggregationRule: {clusterRoleSelectors: [{matchLabels: {x: "y"}}]}\nrules: [{apiGroups: [""], resources: [pods], verbs: [get]}]',
      ) +
      clusterRole('src', SECRETS_READER, '{x: "y"}') +
      binding('ClusterRoleBinding', undefined, 'b', 'ClusterRole/agg', '[{kind: User, name: alice}]'),
    questions: [
      { subject: 'user:alice', verb: 'get', target: 'secrets', allowed: true },
      { subject: 'user:alice', verb: 'get', target: 'pods', allowed: false },
    ],
  },
  {
    name: 'aggregation cycles terminate',
    yaml:
      clusterRole('a', 'aggregationRule: {clusterRoleSelectors: [{matchLabels: {to: a}}]}', '{to: b}') +
      clusterRole('b', 'aggregationRule: {clusterRoleSelectors: [{matchLabels: {to: b}}]}', '{to: a}') +
      binding('ClusterRoleBinding', undefined, 'b', 'ClusterRole/a', '[{kind: User, name: alice}]'),
    questions: [{ subject: 'user:alice', verb: 'get', target: 'pods', allowed: false }],
  },
  {
    name: "a RoleBinding to a ClusterRole grants only in the binding's namespace",
    yaml:
      clusterRole('reader', SECRETS_READER) +
      binding('RoleBinding', 'shop', 'b', 'ClusterRole/reader', '[{kind: User, name: alice}]'),
    questions: [
      { subject: 'user:alice', verb: 'get', target: 'secrets', namespace: 'shop', allowed: true },
      { subject: 'user:alice', verb: 'get', target: 'secrets', namespace: 'iot', allowed: false },
      { subject: 'user:alice', verb: 'list', target: 'secrets', allowed: false },
    ],
  },
  {
    name: 'a ClusterRoleBinding grants in every namespace and cluster-wide',
    yaml:
      clusterRole('reader', SECRETS_READER) +
      binding('ClusterRoleBinding', undefined, 'b', 'ClusterRole/reader', '[{kind: User, name: alice}]'),
    questions: [
      { subject: 'user:alice', verb: 'get', target: 'secrets', namespace: 'iot', allowed: true },
      { subject: 'user:alice', verb: 'list', target: 'secrets', allowed: true },
    ],
  },
  {
    name: "a RoleBinding's Role is looked up in the binding's namespace, and a ClusterRoleBinding cannot use a Role",
    yaml:
      role('iot', 'reader', '[{apiGroups: [""], resources: [secrets], verbs: [get]}]') +
      binding('RoleBinding', 'shop', 'b', 'Role/reader', '[{kind: User, name: alice}]') +
      binding('ClusterRoleBinding', undefined, 'c', 'Role/reader', '[{kind: User, name: bob}]'),
    questions: [
      { subject: 'user:alice', verb: 'get', target: 'secrets', namespace: 'shop', allowed: false },
      { subject: 'user:alice', verb: 'get', target: 'secrets', namespace: 'iot', allowed: false },
      { subject: 'user:bob', verb: 'get', target: 'secrets', namespace: 'iot', allowed: false },
    ],
  },
  {
    name: 'resourceNames: get the named Secret, not list them',
    yaml:
      role(
        'shop',
        'r',
        '[{apiGroups: [""], resources: [secrets], resourceNames: [tls], verbs: [get, list]}]',
      ) + binding('RoleBinding', 'shop', 'b', 'Role/r', '[{kind: User, name: alice}]'),
    questions: [
      {
        subject: 'user:alice',
        verb: 'get',
        target: 'secrets',
        namespace: 'shop',
        name: 'tls',
        allowed: true,
      },
      {
        subject: 'user:alice',
        verb: 'get',
        target: 'secrets',
        namespace: 'shop',
        name: 'db',
        allowed: false,
      },
      { subject: 'user:alice', verb: 'list', target: 'secrets', namespace: 'shop', allowed: false },
    ],
  },
  {
    name: 'ServiceAccounts are in system:serviceaccounts:<ns>, system:serviceaccounts and system:authenticated',
    yaml:
      clusterRole('reader', SECRETS_READER) +
      binding(
        'RoleBinding',
        'shop',
        'ns-sas',
        'ClusterRole/reader',
        '[{kind: Group, name: "system:serviceaccounts:shop"}]',
      ) +
      binding(
        'RoleBinding',
        'iot',
        'all-sas',
        'ClusterRole/reader',
        '[{kind: Group, name: "system:serviceaccounts"}]',
      ) +
      binding(
        'RoleBinding',
        'edge',
        'everyone',
        'ClusterRole/reader',
        '[{kind: Group, name: "system:authenticated"}]',
      ),
    questions: [
      { subject: 'sa:shop/web', verb: 'get', target: 'secrets', namespace: 'shop', allowed: true },
      { subject: 'sa:ci/runner', verb: 'get', target: 'secrets', namespace: 'shop', allowed: false },
      { subject: 'sa:ci/runner', verb: 'get', target: 'secrets', namespace: 'iot', allowed: true },
      { subject: 'user:alice', verb: 'get', target: 'secrets', namespace: 'iot', allowed: false },
      { subject: 'user:alice', verb: 'get', target: 'secrets', namespace: 'edge', allowed: true },
      { subject: 'sa:ci/runner', verb: 'get', target: 'secrets', namespace: 'edge', allowed: true },
      { subject: 'user:system:anonymous', verb: 'get', target: 'secrets', namespace: 'edge', allowed: false },
    ],
  },
  {
    name: 'a ServiceAccount is named as a ServiceAccount, its user name, or (in a RoleBinding) without namespace',
    yaml:
      clusterRole('reader', SECRETS_READER) +
      binding('RoleBinding', 'shop', 'a', 'ClusterRole/reader', '[{kind: ServiceAccount, name: web}]') +
      binding(
        'RoleBinding',
        'iot',
        'b',
        'ClusterRole/reader',
        '[{kind: User, name: "system:serviceaccount:shop:web"}]',
      ) +
      binding(
        'ClusterRoleBinding',
        undefined,
        'c',
        'ClusterRole/reader',
        '[{kind: ServiceAccount, name: nobody}]',
      ),
    questions: [
      { subject: 'sa:shop/web', verb: 'get', target: 'secrets', namespace: 'shop', allowed: true },
      {
        subject: 'system:serviceaccount:shop:web',
        verb: 'get',
        target: 'secrets',
        namespace: 'iot',
        allowed: true,
      },
      { subject: 'sa:iot/web', verb: 'get', target: 'secrets', namespace: 'iot', allowed: false },
      { subject: 'sa:default/nobody', verb: 'get', target: 'secrets', namespace: 'default', allowed: false },
    ],
  },
  {
    name: 'a group grants its members, not other groups or users',
    yaml:
      clusterRole('reader', SECRETS_READER) +
      binding('ClusterRoleBinding', undefined, 'b', 'ClusterRole/reader', '[{kind: Group, name: ops}]'),
    questions: [
      { subject: 'group:ops', verb: 'get', target: 'secrets', allowed: true },
      { subject: 'group:dev', verb: 'get', target: 'secrets', allowed: false },
      { subject: 'user:ops', verb: 'get', target: 'secrets', allowed: false },
    ],
  },
  {
    name: 'non-resource URLs only through ClusterRoleBindings',
    yaml:
      clusterRole('metrics', 'rules: [{nonResourceURLs: ["/metrics"], verbs: [get]}]') +
      binding('RoleBinding', 'shop', 'a', 'ClusterRole/metrics', '[{kind: User, name: alice}]') +
      binding('ClusterRoleBinding', undefined, 'b', 'ClusterRole/metrics', '[{kind: User, name: bob}]'),
    questions: [
      { subject: 'user:alice', verb: 'get', target: '/metrics', allowed: false },
      { subject: 'user:bob', verb: 'get', target: '/metrics', allowed: true },
    ],
  },
  {
    name: 'the built-in roles: a binding to edit is understood without edit in the input',
    yaml: binding('RoleBinding', 'shop', 'devs', 'ClusterRole/edit', '[{kind: Group, name: devs}]'),
    questions: [
      { subject: 'group:devs', verb: 'create', target: 'pods/exec', namespace: 'shop', allowed: true },
      { subject: 'group:devs', verb: 'get', target: 'pods/attach', namespace: 'shop', allowed: true },
      { subject: 'group:devs', verb: 'create', target: 'deployments.apps', namespace: 'shop', allowed: true },
      {
        subject: 'group:devs',
        verb: 'create',
        target: 'rolebindings.rbac.authorization.k8s.io',
        namespace: 'shop',
        allowed: false,
      },
      { subject: 'group:devs', verb: 'create', target: 'pods', namespace: 'iot', allowed: false },
    ],
  },
  {
    name: "a user's ClusterRole labelled aggregate-to-view reaches view, edit and admin",
    yaml:
      clusterRole(
        'crd-reader',
        'rules: [{apiGroups: [example.com], resources: [widgets], verbs: [get]}]',
        '{rbac.authorization.k8s.io/aggregate-to-view: "true"}',
      ) + binding('RoleBinding', 'shop', 'admins', 'ClusterRole/admin', '[{kind: User, name: alice}]'),
    questions: [
      { subject: 'user:alice', verb: 'get', target: 'widgets.example.com', namespace: 'shop', allowed: true },
    ],
  },
  {
    name: 'a role in the input replaces the built-in of the same name',
    yaml:
      clusterRole('view', SECRETS_READER) +
      binding('ClusterRoleBinding', undefined, 'b', 'ClusterRole/view', '[{kind: User, name: alice}]'),
    questions: [
      { subject: 'user:alice', verb: 'get', target: 'secrets', allowed: true },
      { subject: 'user:alice', verb: 'get', target: 'pods', allowed: false },
    ],
  },
  {
    name: 'system:masters holds cluster-admin through the built-in binding',
    yaml: '',
    questions: [
      { subject: 'group:system:masters', verb: 'delete', target: 'nodes', allowed: true },
      { subject: 'group:system:masters', verb: 'get', target: '/debug/pprof', allowed: true },
      { subject: 'user:alice', verb: 'get', target: '/version', allowed: true },
      { subject: 'user:alice', verb: 'get', target: 'pods', allowed: false },
    ],
  },
];

function ask(model: RbacModel, q: Question): boolean {
  const subject = parseSubject(q.subject);
  const request = parseRequest(q.verb, q.target, q.name) as Request;
  assert.ok(subject && request);
  return model.grants(subject, request, q.namespace ?? '').length > 0;
}

describe('RbacModel resolution', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const model = modelOf(c.yaml);
      const wrong = c.questions.filter((q) => ask(model, q) !== q.allowed);
      assert.deepEqual(wrong, []);
    });
  }

  it('notes a role found neither in the input nor built in', () => {
    const model = modelOf(binding('RoleBinding', 'shop', 'b', 'Role/ghost', '[{kind: User, name: alice}]'));
    assert.deepEqual(
      model.notes.map((n) => n.message),
      [
        'RoleBinding `shop/b` refers to Role `ghost` in namespace `shop`, which is neither in the input nor built in: it grants nothing until someone creates that role',
      ],
    );
  });

  it('without built-ins, a binding to edit grants nothing and is noted', () => {
    const model = modelOf(
      binding('RoleBinding', 'shop', 'b', 'ClusterRole/edit', '[{kind: User, name: alice}]'),
      {
        builtIns: false,
      },
    );
    assert.equal(model.notes.length, 1);
  });

  it('who-can lists each subject once with every binding that allows it, cluster-wide grants included in a namespace', () => {
    const model = modelOf(
      clusterRole('reader', SECRETS_READER) +
        binding(
          'RoleBinding',
          'shop',
          'local',
          'ClusterRole/reader',
          '[{kind: User, name: alice}, {kind: ServiceAccount, name: web}]',
        ) +
        binding(
          'ClusterRoleBinding',
          undefined,
          'global',
          'ClusterRole/reader',
          '[{kind: User, name: alice}]',
        ),
      { builtIns: false },
    );
    const request = parseRequest('get', 'secrets') as Request;
    const inShop = model.whoCan(request, 'shop').map((e) => [e.subject, e.via.map((g) => g.binding.name)]);
    assert.deepEqual(inShop, [
      [{ kind: 'User', name: 'alice' }, ['local', 'global']],
      [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }, ['local']],
    ]);
    const clusterWide = model.whoCan(request, '').map((e) => e.subject.name);
    assert.deepEqual(clusterWide, ['alice']);
  });
});
