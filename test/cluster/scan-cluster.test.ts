import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Finding, Note } from '../../src/findings/finding.js';
import { type FakeApiServer, SKIP_WITHOUT_OPENSSL, startFakeApiServer } from './fake-apiserver.js';
import { deployment, namespace, pod, replicaSet, secret } from './objects.js';
import { kubeconfigFile, parapetAsync } from './run.js';

const skip = SKIP_WITHOUT_OPENSSL;

describe('parapet scan --cluster', { skip }, () => {
  let server: FakeApiServer;
  let kubeconfig: string;
  const web = deployment('shop', 'web');
  const webPods = replicaSet(web, '5d8f');
  before(async () => {
    server = await startFakeApiServer({
      objects: [
        namespace('shop'),
        web,
        webPods,
        pod('shop', 'web-5d8f-a', webPods),
        pod('shop', 'web-5d8f-b', webPods),
        pod('shop', 'debug'),
        secret('shop', 'creds'),
      ],
      faults: [{ path: '/apis/rbac.authorization.k8s.io/v1/clusterroles', status: 403 }],
    });
    kubeconfig = kubeconfigFile(server.kubeconfig('edge'));
  });
  after(() => server.close());

  /** One scan of the whole cluster, shared by the tests that only read its report. */
  let full: ReturnType<typeof scanJson> | undefined;
  const fullScan = () => {
    full ??= scanJson();
    return full;
  };
  const scanJson = async (...extra: string[]) => {
    const result = await parapetAsync([
      'scan',
      '--cluster',
      '--kubeconfig',
      kubeconfig,
      '--format',
      'json',
      ...extra,
    ]);
    assert.equal(result.code, 1, result.stderr);
    return JSON.parse(result.stdout) as { findings: Finding[]; notes: Note[] };
  };

  it('reports cluster objects by uid, with no file', async () => {
    const report = await fullScan();
    assert.ok(report.findings.length > 0);
    // parapet's own facts (the server's version and certificates) are no object with a uid
    for (const finding of report.findings.filter((f) => !f.resource.apiVersion.endsWith('.parapet.dev/v1'))) {
      assert.equal(finding.resource.file, undefined);
      assert.match(finding.resource.uid ?? '', /./);
    }
    const deploymentFinding = report.findings.find(
      (f) => f.resource.kind === 'Deployment' && f.ruleId === 'PP-PSS-001',
    );
    assert.equal(deploymentFinding?.resource.uid, 'uid-deployment-web');
  });

  it('reports a finding of a Deployment once, not again on its ReplicaSet and Pods', async () => {
    const report = await fullScan();
    const privileged = report.findings
      .filter((f) => f.ruleId === 'PP-PSS-001')
      .map((f) => `${f.resource.kind}/${f.resource.name}`);
    assert.deepEqual(privileged.sort(), ['Deployment/web', 'Pod/debug']);
  });

  it('says what it could not read and which rules that leaves unjudged', async () => {
    const report = await fullScan();
    assert.ok(
      report.notes.some(
        (n) =>
          n.level === 'warning' &&
          n.message ===
            'ClusterRole (rbac.authorization.k8s.io/v1) not readable: forbidden — PP-OPS-020, PP-OPS-023 not assessed',
      ),
      JSON.stringify(report.notes),
    );
  });

  it('never prints a Secret value, metadata-only or read whole', async () => {
    const base = ['scan', '--cluster', '--kubeconfig', kubeconfig, '--format', 'json'];
    const results = await Promise.all([parapetAsync(base), parapetAsync([...base, '--read-secrets'])]);
    for (const result of results) assert.doesNotMatch(result.stdout + result.stderr, /hunter2|aHVudGVyM/);
  });

  it('works with every reporter: table, SARIF (logical locations), JUnit, --framework', async () => {
    const base = ['scan', '--cluster', '--kubeconfig', kubeconfig];
    // separate processes: run them side by side
    const [table, sarif, junit, framework] = await Promise.all([
      parapetAsync([...base, '--fail-on', 'none']),
      parapetAsync([...base, '--format', 'sarif']),
      parapetAsync([...base, '--format', 'junit']),
      parapetAsync([...base, '--framework', 'cis', '--fail-on', 'none']),
    ]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /Deployment shop\/web/);
    assert.match(table.stdout, /ClusterRole \(rbac\.authorization\.k8s\.io\/v1\) not readable: forbidden/);

    const results = JSON.parse(sarif.stdout).runs[0].results as {
      locations: { physicalLocation?: unknown; logicalLocations?: { fullyQualifiedName?: string }[] }[];
    }[];
    assert.ok(results.length > 0);
    for (const result of results) {
      assert.equal(result.locations[0]?.physicalLocation, undefined);
      assert.ok(result.locations[0]?.logicalLocations?.[0]?.fullyQualifiedName);
    }

    assert.match(junit.stdout, /^<\?xml/);
    assert.match(junit.stdout, /<testcase [^>]*name="Deployment shop\/web"/);

    assert.equal(framework.code, 0, framework.stderr);
    assert.match(framework.stdout, /CIS/);
  });

  it('scans one namespace with -n', async () => {
    const report = await scanJson('-n', 'shop');
    assert.ok(
      report.findings.every((f) => f.resource.namespace === 'shop' || f.resource.kind === 'Namespace'),
    );
  });

  it('refuses PATH with --cluster and cluster flags without it', async () => {
    const both = await parapetAsync(['scan', '--cluster', 'k8s/']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--cluster reads the cluster, not PATH/);
    const stray = await parapetAsync(['scan', '--kubeconfig', kubeconfig, 'k8s/']);
    assert.equal(stray.code, 2);
    assert.match(stray.stderr, /--kubeconfig works only with --cluster/);
  });

  it('ends with one line and exit 2 when the cluster cannot be used', async () => {
    const missing = await parapetAsync(['scan', '--cluster', '--kubeconfig', '/nonexistent/config']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr.trim().split('\n').length, 1, missing.stderr);
    assert.match(missing.stderr, /^parapet scan: cannot load kubeconfig \/nonexistent\/config/);

    const context = await parapetAsync([
      'scan',
      '--cluster',
      '--kubeconfig',
      kubeconfig,
      '--context',
      'nope',
    ]);
    assert.equal(context.code, 2);
    assert.equal(context.stderr, 'parapet scan: context "nope" is not in the kubeconfig\n');

    // KUBECONFIG is honoured like kubectl's, and a wrong token is refused in one line
    const wrong = kubeconfigFile(server.kubeconfig('edge').replace(server.token, 'not-the-token'));
    const refused = await parapetAsync(['scan', '--cluster'], { KUBECONFIG: wrong });
    assert.equal(refused.code, 2);
    assert.equal(refused.stderr, `parapet scan: ${server.url} refused the credentials (401 Unauthorized)\n`);
  });
});
