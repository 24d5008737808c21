/** `parapet rbac` end to end: the who-can JSON contract, can's exit codes and reasons, subject, usage errors. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parapet } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';

const CLUSTER = path.join(REPO_ROOT, 'test', 'fixtures', 'rbac', 'ci.yaml');
const WORKLOADS = path.join(REPO_ROOT, 'test', 'fixtures', 'rbac', 'workloads.yaml');

describe('parapet rbac who-can', () => {
  it('prints the JSON contract: subjects with kind, name, namespace (ServiceAccounts only) and via', () => {
    const result = parapet([
      'rbac',
      'who-can',
      'get',
      'secrets',
      '-n',
      'kube-system',
      '--format',
      'json',
      CLUSTER,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const subjects = JSON.parse(result.stdout);
    assert.deepEqual(subjects[0], {
      kind: 'ServiceAccount',
      name: 'deployer',
      namespace: 'build',
      via: [
        {
          binding: 'deployer-secrets',
          bindingKind: 'RoleBinding',
          role: 'secret-reader',
          roleKind: 'ClusterRole',
          namespace: 'kube-system',
        },
      ],
    });
    assert.deepEqual(
      subjects.map((s: { kind: string; name: string }) => `${s.kind}:${s.name}`),
      ['ServiceAccount:deployer', 'Group:system:masters', 'User:system:kube-controller-manager'],
    );
    assert.equal('namespace' in subjects[1], false);
  });

  it('--hide-system leaves out the cluster own subjects and says how many', () => {
    const args = ['rbac', 'who-can', 'get', 'secrets', '-n', 'kube-system', '--hide-system'];
    const json = JSON.parse(parapet([...args, '--format', 'json', CLUSTER]).stdout);
    assert.deepEqual(
      json.map((s: { kind: string; name: string }) => `${s.kind}:${s.name}`),
      ['ServiceAccount:deployer'],
    );
    const table = parapet([...args, CLUSTER]).stdout;
    assert.match(
      table,
      /: 1 subject\(s\) \(2 of the cluster's own hidden by --hide-system\)\n {2}sa:build\/deployer\n/,
    );
  });

  it('--hide-system hides kube-system ServiceAccounts only the built-in bindings name', () => {
    const args = ['rbac', 'who-can', 'list', 'endpoints', '--format', 'json'];
    const names = (extra: string[]) =>
      JSON.parse(parapet([...args, ...extra, CLUSTER]).stdout).map((s: { name: string }) => s.name);
    assert.ok(names([]).includes('kube-dns'));
    assert.equal(names(['--hide-system']).includes('kube-dns'), false);
  });

  it('without -n answers for cluster-wide access only', () => {
    const result = parapet(['rbac', 'who-can', 'get', 'secrets', '--format', 'json', CLUSTER]);
    const names = JSON.parse(result.stdout).map((s: { name: string }) => s.name);
    assert.equal(names.includes('deployer'), false);
  });

  it('understands a binding to the built-in edit role, in its namespace only', () => {
    const inShop = parapet(['rbac', 'who-can', 'get', 'pods/attach', '-n', 'shop', CLUSTER]);
    assert.match(
      inShop.stdout,
      /group:devs\n\s+via RoleBinding `shop\/devs-edit` → ClusterRole `edit` \(built in\), rule \d+ of ClusterRole `system:aggregate-to-edit` \(aggregated\)/,
    );
    const inBuild = parapet(['rbac', 'who-can', 'get', 'pods/attach', '-n', 'build', CLUSTER]);
    assert.doesNotMatch(inBuild.stdout, /group:devs/);
  });

  it('notes a binding to a role defined nowhere', () => {
    const result = parapet(['rbac', 'who-can', 'get', 'pods', CLUSTER]);
    assert.match(
      result.stderr,
      /note: RoleBinding `shop\/ghost` refers to Role `gone` in namespace `shop`, which is neither in the input nor built in/,
    );
  });
});

describe('parapet rbac can', () => {
  it('exits 0 and prints the binding and rule that grant it', () => {
    const result = parapet(['rbac', 'can', 'sa:ci/builder', 'create', 'pods', '-n', 'build', CLUSTER]);
    assert.equal(result.code, 0);
    assert.equal(
      result.stdout,
      'yes: sa:ci/builder create pods in namespace `build`\n  granted by RoleBinding `build/builder-starts-pods` → Role `pod-starter`, rule 0: create, get, list pods (core)\n',
    );
  });

  it('exits 1 and says nothing grants it', () => {
    const result = parapet([
      'rbac',
      'can',
      'system:serviceaccount:ci:builder',
      'create',
      'pods',
      '-n',
      'ci',
      CLUSTER,
    ]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, 'no: nothing grants sa:ci/builder create pods in namespace `ci`\n');
  });

  it('takes the group of a resource and a subresource', () => {
    assert.equal(
      parapet(['rbac', 'can', 'group:devs', 'update', 'deployments.apps/scale', '-n', 'shop', CLUSTER]).code,
      0,
    );
    assert.equal(
      parapet(['rbac', 'can', 'group:devs', 'update', 'deployments/scale', '-n', 'shop', CLUSTER]).code,
      1,
    );
  });
});

describe('parapet rbac subject', () => {
  it('lists what a subject can do, by namespace', () => {
    const result = parapet(['rbac', 'subject', 'sa:build/deployer', '--format', 'json', CLUSTER]);
    assert.equal(result.code, 0);
    const report = JSON.parse(result.stdout);
    assert.equal(report.subject, 'sa:build/deployer');
    const kubeSystem = report.namespaces.find((n: { namespace: string }) => n.namespace === 'kube-system');
    assert.deepEqual(kubeSystem.rules[0].resources, ['secrets']);
    // the built-in service-account-issuer-discovery binding to system:serviceaccounts, cluster-wide
    assert.ok(report.namespaces.some((n: { namespace: string }) => n.namespace === ''));
  });
});

describe('parapet rbac (full report)', () => {
  it('prints the escalation path step by step', () => {
    const result = parapet(['rbac', CLUSTER]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /Escalation paths to cluster control: 1\n {2}sa:ci\/builder → \(create pods in build\) → sa:build\/deployer → \(read Secrets in kube-system\)\n/,
    );
    assert.match(
      result.stdout,
      / {2}group:devs\n {4}create pods \(or pod controllers\) in shop {2}via RoleBinding `shop\/devs-edit`/,
    );
  });

  it('json carries subjects, paths and notes', () => {
    const report = JSON.parse(parapet(['rbac', '--format', 'json', CLUSTER]).stdout);
    assert.deepEqual(report.paths[0].steps, [
      { action: 'create pods in build', subject: 'sa:build/deployer' },
    ]);
    assert.equal(report.notes.length, 1);
    const deployer = report.subjects.find((s: { subject: string }) => s.subject === 'sa:build/deployer');
    assert.equal(deployer.adminEquivalent, 'read Secrets in kube-system');
  });

  it('lists ServiceAccounts with rights no workload uses, and those it cannot judge', () => {
    const withWorkloads = parapet(['rbac', CLUSTER, WORKLOADS]).stdout;
    assert.match(
      withWorkloads,
      /ServiceAccounts with rights no workload uses: 1\n {2}sa:shop\/retired-ci {2}\(no workload runs as it\)\n {4}via RoleBinding `shop\/retired-ci` → ClusterRole `view`\n {2}not assessable \(no workloads of their namespace in the input\): sa:ci\/builder, sa:build\/deployer\n/,
    );
    const report = JSON.parse(parapet(['rbac', '--format', 'json', CLUSTER, WORKLOADS]).stdout);
    assert.deepEqual(report.unusedServiceAccounts, [
      {
        serviceAccount: 'sa:shop/retired-ci',
        reason: 'no workload runs as it',
        bindings: [
          {
            binding: 'retired-ci',
            bindingKind: 'RoleBinding',
            role: 'view',
            roleKind: 'ClusterRole',
            namespace: 'shop',
          },
        ],
      },
    ]);
    assert.deepEqual(report.notAssessableServiceAccounts, ['sa:ci/builder', 'sa:build/deployer']);
  });

  it('dot draws the can-become graph', () => {
    const result = parapet(['rbac', '--format', 'dot', CLUSTER]);
    assert.match(result.stdout, /^digraph rbac \{/);
    assert.match(result.stdout, /"sa:ci\/builder" -> "sa:build\/deployer" \[label="create pods in build"\];/);
  });
});

describe('parapet rbac usage', () => {
  const CASES: [string, string[], RegExp][] = [
    ['no path', ['rbac'], /no PATH given/],
    ['a bad --max-paths', ['rbac', '--max-paths', '0', CLUSTER], /--max-paths takes a positive whole number/],
    ['-n on the full report', ['rbac', '-n', 'x', CLUSTER], /-n and --name belong to who-can and can/],
    [
      '--hide-system on can',
      ['rbac', 'can', '--hide-system', 'user:a', 'get', 'pods', CLUSTER],
      /--hide-system belongs to who-can/,
    ],
    [
      'a malformed subject',
      ['rbac', 'can', 'alice', 'get', 'pods', CLUSTER],
      /cannot read "alice" as a subject/,
    ],
    ['a malformed resource', ['rbac', 'who-can', 'get', 'pods/', CLUSTER], /cannot read "get pods\/"/],
    ['no path', ['rbac', 'who-can', 'get', 'pods'], /no PATH given/],
    [
      'a URL with a namespace',
      ['rbac', 'who-can', 'get', '/metrics', '-n', 'x', CLUSTER],
      /non-resource URLs have no namespace/,
    ],
    [
      'a bad format',
      ['rbac', 'who-can', 'get', 'pods', '--format', 'xml', CLUSTER],
      /--format must be one of table, json/,
    ],
  ];
  for (const [name, args, message] of CASES) {
    it(`exits 2 on ${name}`, () => {
      const result = parapet(args);
      assert.equal(result.code, 2);
      assert.match(result.stderr, message);
    });
  }

  it('--help teaches the subject and resource forms', () => {
    const result = parapet(['rbac', '--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /sa:NAMESPACE\/NAME/);
    assert.match(result.stdout, /deployments\.apps\/scale/);
  });
});
