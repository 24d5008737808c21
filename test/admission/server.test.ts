// The webhook over real HTTPS on 127.0.0.1: AdmissionReview v1 in, the same uid and a decision out, per mode.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Harness, PRIVILEGED, pod, podSpec, review, startHarness } from './harness.js';

const PRIVILEGED_PATH = 'spec.containers[0].securityContext.privileged';

async function policyFile(text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'parapet-policy-')), 'parapet.yaml');
  await writeFile(file, text);
  return file;
}

describe('webhook in audit mode (the default)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('allows a violating pod, echoes the uid, annotates and logs one audit line', async () => {
    const body = review({ object: pod('bad', PRIVILEGED) });
    const uid = (body.request as { uid: string }).uid;
    const res = await h.request('/validate', { body: JSON.stringify(body) });
    assert.equal(res.status, 200);
    const doc = JSON.parse(res.body);
    assert.equal(doc.apiVersion, 'admission.k8s.io/v1');
    assert.equal(doc.kind, 'AdmissionReview');
    assert.deepEqual(doc.response, {
      uid,
      allowed: true,
      auditAnnotations: { violations: `PP-PSS-001:audit:${PRIVILEGED_PATH}` },
    });
    const line = h.logs.find((l) => l.uid === uid);
    assert.deepEqual(
      { ...line, time: undefined },
      {
        time: undefined,
        event: 'admission',
        uid,
        user: 'alice',
        operation: 'CREATE',
        namespace: 'shop',
        kind: 'Pod',
        name: 'bad',
        decision: 'allow',
        violations: [{ rule: 'PP-PSS-001', mode: 'audit', path: PRIVILEGED_PATH }],
      },
    );
  });

  it('allows a compliant pod with nothing else in the answer', async () => {
    const response = await h.review({ object: pod('good') });
    assert.deepEqual(Object.keys(response).sort(), ['allowed', 'uid']);
    assert.equal(response.allowed, true);
  });

  it('allows DELETE and CONNECT unjudged, and kinds no rule judges', async () => {
    for (const operation of ['DELETE', 'CONNECT']) {
      const response = await h.review({ operation, oldObject: pod('bad', PRIVILEGED) });
      assert.equal(response.allowed, true);
    }
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: {} };
    assert.deepEqual(Object.keys(await h.review({ object: widget })).sort(), ['allowed', 'uid']);
  });

  it('judges a dry run but does not count it in metrics', async () => {
    const response = await h.review({ object: pod('dry', PRIVILEGED), dryRun: true });
    assert.equal(response.allowed, true);
    assert.ok(
      String((response.auditAnnotations as Record<string, string>).violations).includes('PP-PSS-001'),
    );
    assert.equal(h.logs.filter((l) => l.name === 'dry').length, 0);
  });

  it('serves /healthz, /readyz and Prometheus metrics on the main listener', async () => {
    assert.deepEqual(await h.request('/healthz'), { status: 200, body: 'ok\n' });
    assert.deepEqual(await h.request('/readyz'), { status: 200, body: 'ready\n' });
    const metrics = await h.request('/metrics');
    assert.equal(metrics.status, 200);
    assert.match(
      metrics.body,
      /parapet_admission_requests_total\{operation="CREATE",kind="Pod",decision="allow"\} \d+/,
    );
    assert.match(metrics.body, /parapet_admission_violations_total\{rule="PP-PSS-001",mode="audit"\} 1\n/);
    assert.match(
      metrics.body,
      /parapet_admission_request_duration_seconds_bucket\{le="0.005",operation="CREATE"/,
    );
    assert.match(metrics.body, /parapet_admission_in_flight_requests 0/);
  });
});

describe('webhook refuses bad input with 400 and keeps serving', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ maxBodyBytes: 64 * 1024 });
  });
  after(() => h.close());

  const cases: [string, { body: string | Buffer; type?: string }, RegExp][] = [
    ['malformed JSON', { body: '{"apiVersion":' }, /body is not JSON/],
    [
      'a wrong content type',
      { body: '{}', type: 'text/plain' },
      /content type must be application\/json \(got "text\/plain"\)/,
    ],
    [
      'JSON that is not an AdmissionReview',
      { body: '{"kind":"Pod","apiVersion":"v1"}' },
      /not an AdmissionReview admission.k8s.io\/v1/,
    ],
    [
      'a review without uid',
      {
        body: JSON.stringify({
          apiVersion: 'admission.k8s.io/v1',
          kind: 'AdmissionReview',
          request: { operation: 'CREATE' },
        }),
      },
      /request.uid is missing/,
    ],
    ['an oversized body', { body: Buffer.alloc(100 * 1024, 'x') }, /over the limit of 65536/],
  ];
  for (const [name, input, message] of cases) {
    it(`${name} → 400 with a clear message and a log line`, async () => {
      const res = await h.request('/validate', input);
      assert.equal(res.status, 400);
      assert.match(res.body, message);
      assert.ok(h.logs.some((l) => l.event === 'bad-request' && message.test(String(l.message))));
      assert.equal((await h.review({ object: pod('after') })).allowed, true);
    });
  }

  it('answers 404 for other paths', async () => {
    assert.equal((await h.request('/mutate', { body: '{}' })).status, 404);
  });
});

describe('webhook modes per rule and namespace, exemptions and exceptions', () => {
  let h: Harness;
  before(async () => {
    const policy = await policyFile(`
exceptions:
  - {rule: PP-WL-021, namespace: legacy, reason: "pinned by the legacy team's release process"}
admission:
  overrides:
    - {rule: PP-PSS-*, mode: deny}
    - {rule: PP-PSS-001, namespaces: [sandbox-*], mode: warn}
    - {rule: PP-WL-021, mode: deny}
  exemptions:
    - {namespaces: [kube-*], reason: platform components}
    - {users: ["system:serviceaccount:ci:*"], reason: the CI deployer is judged in CI}
    - {groups: [system:nodes], reason: mirror pods}
`);
    h = await startHarness({ policyFile: policy });
  });
  after(() => h.close());

  it('deny: allowed false, 403 and a message naming the rule, field and fix', async () => {
    const response = await h.review({ object: pod('bad', PRIVILEGED) });
    assert.equal(response.allowed, false);
    const status = response.status as { code: number; message: string };
    assert.equal(status.code, 403);
    assert.match(
      status.message,
      /^parapet denied Pod shop\/bad \(1 violation\(s\)\):\n- PP-PSS-001 at spec\.containers\[0\]\.securityContext\.privileged: .* Fix: Remove `securityContext\.privileged: true`/,
    );
  });

  it('warn in a namespace the override selects: allowed with a short warning naming rule and field', async () => {
    const response = await h.review({ object: pod('bad', PRIVILEGED), namespace: 'sandbox-1' });
    assert.equal(response.allowed, true);
    const warnings = response.warnings as string[];
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0] as string,
      /^parapet PP-PSS-001 at spec\.containers\[0\]\.securityContext\.privileged: /,
    );
    assert.ok((warnings[0] as string).length <= 120);
  });

  it('exempts namespaces, users and groups, logging the reason', async () => {
    const exempt = [
      { namespace: 'kube-system' },
      { userInfo: { username: 'system:serviceaccount:ci:deployer', groups: [] } },
      { userInfo: { username: 'system:node:n1', groups: ['system:nodes'] } },
    ];
    for (const extra of exempt) {
      const response = await h.review({ object: pod('bad', PRIVILEGED), ...extra });
      assert.deepEqual(Object.keys(response).sort(), ['allowed', 'uid']);
    }
    assert.ok(h.logs.some((l) => l.decision === 'exempt' && l.exemption === 'mirror pods'));
  });

  it("applies the policy's exceptions at admission too", async () => {
    const latest = { image: 'nginx:latest', imagePullPolicy: 'Always' };
    assert.equal((await h.review({ object: pod('tag', latest), namespace: 'legacy' })).allowed, true);
    const elsewhere = await h.review({ object: pod('tag', latest) });
    assert.equal(elsewhere.allowed, false);
    assert.match(
      (elsewhere.status as { message: string }).message,
      /PP-WL-021 at spec\.containers\[0\]\.image/,
    );
  });

  it('judges controllers at their own level, with their template paths', async () => {
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly' },
      spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: podSpec(PRIVILEGED) } } } },
    };
    const response = await h.review({
      object: cronJob,
      kind: { group: 'batch', version: 'v1', kind: 'CronJob' },
    });
    assert.equal(response.allowed, false);
    assert.match(
      (response.status as { message: string }).message,
      /PP-PSS-001 at spec\.jobTemplate\.spec\.template\.spec\.containers\[0\]\.securityContext\.privileged/,
    );
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 2, template: { spec: podSpec(PRIVILEGED) } },
    };
    const denied = await h.review({
      object: deployment,
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
    });
    assert.match((denied.status as { message: string }).message, /^parapet denied Deployment shop\/web/);
  });

  it('judges the new object on UPDATE', async () => {
    const response = await h.review({
      operation: 'UPDATE',
      object: pod('p', PRIVILEGED),
      oldObject: pod('p'),
    });
    assert.equal(response.allowed, false);
    const fixed = await h.review({ operation: 'UPDATE', object: pod('p'), oldObject: pod('p', PRIVILEGED) });
    assert.equal(fixed.allowed, true);
  });
});

describe('webhook with onUpdate: new', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ policyFile: await policyFile('admission: {mode: deny, onUpdate: new}\n') });
  });
  after(() => h.close());

  it('on UPDATE only audits what the old object already had, and denies what is new', async () => {
    const old = pod('p', PRIVILEGED);
    const same = await h.review({ operation: 'UPDATE', object: pod('p', PRIVILEGED), oldObject: old });
    assert.equal(same.allowed, true);
    assert.match(String((same.auditAnnotations as Record<string, string>).violations), /PP-PSS-001:audit:/);
    const worse = await h.review({
      operation: 'UPDATE',
      object: pod('p', { ...PRIVILEGED, image: 'nginx:latest' }),
      oldObject: old,
    });
    assert.equal(worse.allowed, false);
    assert.doesNotMatch((worse.status as { message: string }).message, /PP-PSS-001/);
    assert.match((worse.status as { message: string }).message, /PP-WL-021/);
  });
});

describe('webhook warn mode bounds its warnings', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ mode: 'warn' });
  });
  after(() => h.close());

  it('at most ten short warnings and a count of the rest', async () => {
    const bare = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'bare' },
      spec: { containers: [{ name: 'a', image: 'nginx' }] },
    };
    const response = await h.review({ object: bare });
    assert.equal(response.allowed, true);
    const warnings = response.warnings as string[];
    assert.equal(warnings.length, 11);
    assert.match(warnings[10] as string, /^parapet: \d+ more violation\(s\)$/);
    for (const w of warnings) assert.ok(w.length <= 120, w);
  });
});
