// `parapet webhook` as a process (SIGTERM drain), `webhook config` and `webhook report`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import { selfSignedPair } from '../../src/admission/self-signed.js';
import { parapet } from '../helpers/cli.js';
import { BIN } from '../helpers/paths.js';
import { pod, review } from './harness.js';

describe('parapet webhook on SIGTERM', () => {
  it('stops accepting, finishes the in-flight review and exits 0', async () => {
    const pair = await selfSignedPair();
    const child = spawn(
      process.execPath,
      [BIN, 'webhook', '--listen', '127.0.0.1:0', '--tls-cert', pair.certFile, '--tls-key', pair.keyFile],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const events: Record<string, unknown>[] = [];
    const waiters: [string, (e: Record<string, unknown>) => void][] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      events.push(entry);
      for (const [event, resolve] of waiters) if (entry.event === event) resolve(entry);
    });
    const waitFor = (event: string) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const seen = events.find((e) => e.event === event);
        if (seen) resolve(seen);
        else waiters.push([event, resolve]);
      });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const listening = await waitFor('listening');
    const port = Number(/:(\d+)\/validate$/.exec(String(listening.url))?.[1]);
    const ca = await readFile(pair.certFile);
    const body = JSON.stringify(review({ uid: 'in-flight', object: pod('p') }));
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port,
          path: '/validate',
          method: 'POST',
          ca,
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => {
            text += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      waitFor('draining').then(() => req.end(body.slice(10)));
    });
    // the request is on the wire before the signal: wait until the server has the connection
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGTERM');
    const { status, text } = await answer;
    assert.equal(status, 200);
    assert.equal(JSON.parse(text).response.uid, 'in-flight');
    assert.equal(await exited, 0);
    assert.ok(events.some((e) => e.event === 'stopped'));
  });
});

describe('parapet webhook usage errors', () => {
  it('refuses missing TLS flags and a taken port with a clear message, exit 2', async () => {
    const noTls = parapet(['webhook']);
    assert.equal(noTls.code, 2);
    assert.match(noTls.stderr, /give either --tls-cert FILE and --tls-key FILE, or --tls-self-signed/);
    const pair = await selfSignedPair();
    const blocker = https.createServer({
      cert: await readFile(pair.certFile),
      key: await readFile(pair.keyFile),
    });
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as import('node:net').AddressInfo;
    try {
      const taken = parapet([
        'webhook',
        '--listen',
        `127.0.0.1:${port}`,
        '--tls-cert',
        pair.certFile,
        '--tls-key',
        pair.keyFile,
      ]);
      assert.equal(taken.code, 2);
      assert.match(
        taken.stderr,
        /^parapet webhook: cannot listen on 127\.0\.0\.1:\d+: address already in use/,
      );
    } finally {
      blocker.close();
    }
  });
});

describe('parapet webhook config', () => {
  it('prints a ValidatingWebhookConfiguration for a Service', async () => {
    const pair = await selfSignedPair();
    const result = parapet([
      'webhook',
      'config',
      '--service',
      'parapet/parapet-webhook',
      '--ca-bundle',
      pair.certFile,
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const config = yaml.load(result.stdout) as {
      apiVersion: string;
      kind: string;
      webhooks: Record<string, unknown>[];
    };
    assert.equal(config.apiVersion, 'admissionregistration.k8s.io/v1');
    assert.equal(config.kind, 'ValidatingWebhookConfiguration');
    const [webhook] = config.webhooks;
    assert.equal(webhook?.name, 'validate.parapet.dev');
    assert.equal(webhook?.sideEffects, 'None');
    assert.deepEqual(webhook?.admissionReviewVersions, ['v1']);
    assert.equal(webhook?.timeoutSeconds, 5);
    assert.equal(webhook?.failurePolicy, 'Ignore');
    assert.deepEqual(webhook?.clientConfig, {
      service: { namespace: 'parapet', name: 'parapet-webhook', port: 443, path: '/validate' },
      caBundle: Buffer.from(await readFile(pair.certFile)).toString('base64'),
    });
    const resources = ((webhook?.rules ?? []) as { resources: string[] }[])
      .flatMap((r) => r.resources)
      .sort();
    assert.deepEqual(resources, [
      'cronjobs',
      'daemonsets',
      'deployments',
      'jobs',
      'pods',
      'replicasets',
      'replicationcontrollers',
      'statefulsets',
    ]);
    assert.deepEqual(webhook?.namespaceSelector, {
      matchExpressions: [
        { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'parapet'] },
      ],
    });
  });

  it("warns when Fail would cover the webhook's own pods", async () => {
    const pair = await selfSignedPair();
    const result = parapet([
      'webhook',
      'config',
      '--url',
      'https://10.0.0.5:8443/validate',
      '--ca-bundle',
      pair.certFile,
      '--failure-policy',
      'Fail',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /warning: failurePolicy Fail also covers the webhook's own pods/);
  });

  it('refuses a missing CA, a plain-HTTP URL and an unqualified name', async () => {
    assert.equal(parapet(['webhook', 'config', '--service', 'a/b']).code, 2);
    assert.match(
      parapet(['webhook', 'config', '--url', 'http://x', '--ca-bundle', BIN]).stderr,
      /https:\/\//,
    );
    const { certFile } = await selfSignedPair();
    const unqualified = parapet([
      'webhook',
      'config',
      '--service',
      'a/b',
      '--ca-bundle',
      certFile,
      '--name',
      'parapet',
    ]);
    assert.equal(unqualified.code, 2);
    assert.match(unqualified.stderr, /--name must be fully qualified/);
  });
});

describe('parapet webhook report', () => {
  it('summarises by rule and namespace and names the rules ready for deny', async () => {
    const now = new Date().toISOString();
    const old = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const line = (time: string, namespace: string, decision: string, rules: string[]) =>
      JSON.stringify({
        time,
        event: 'admission',
        namespace,
        kind: 'Pod',
        name: 'p',
        decision,
        violations: rules.map((rule) => ({ rule, mode: 'audit', path: 'spec' })),
      });
    const file = join(await mkdtemp(join(tmpdir(), 'parapet-report-')), 'webhook.log');
    await writeFile(
      file,
      [
        line(now, 'shop', 'allow', ['PP-PSS-001', 'PP-WL-010']),
        line(now, 'shop', 'allow', ['PP-WL-010']),
        line(now, 'dev', 'allow', ['PP-WL-010']),
        line(old, 'shop', 'allow', ['PP-PSS-002']),
        '{"event":"listening"}',
        'not json',
      ].join('\n'),
    );
    const result = parapet(['webhook', 'report', '--since', '24h', '--format', 'json', file]);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as {
      requests: number;
      skippedLines: number;
      rules: { rule: string; admitted: number; namespaces: Record<string, number> }[];
      readyForDeny: string[];
    };
    assert.equal(report.requests, 3);
    assert.equal(report.skippedLines, 1);
    assert.deepEqual(
      report.rules.map((r) => [r.rule, r.admitted, r.namespaces]),
      [
        ['PP-WL-010', 3, { shop: 2, dev: 1 }],
        ['PP-PSS-001', 1, { shop: 1 }],
      ],
    );
    assert.ok(report.readyForDeny.includes('PP-PSS-002'), 'outside the window');
    assert.ok(!report.readyForDeny.includes('PP-WL-010'));
    assert.ok(!report.readyForDeny.includes('PP-NET-001'), 'not judged at admission');
    const text = parapet(['webhook', 'report', file]);
    assert.match(
      text.stdout,
      /Could move to deny without blocking anything admitted in the window: PP-PSS-002,/,
    );
  });
});

describe('deploy/webhook', () => {
  it("passes parapet's own scan with nothing at medium or above", () => {
    const result = parapet(['scan', 'deploy/webhook', '--fail-on', 'medium']);
    assert.equal(result.code, 0, result.stdout);
  });
});

describe('parapet rules --format json', () => {
  it('says which rules the webhook judges, and why not for the others', () => {
    const result = parapet(['rules', '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const rules = (JSON.parse(result.stdout) as { rules: { id: string; admission: unknown }[] }).rules;
    const admission = (id: string) => rules.find((r) => r.id === id)?.admission;
    assert.deepEqual(admission('PP-PSS-001'), { judged: true });
    assert.deepEqual(admission('PP-NET-001'), { judged: false, reason: 'judges relations between objects' });
    assert.deepEqual(admission('PP-OPS-024'), {
      judged: false,
      reason: 'the ServiceAccount is another object',
    });
  });
});
