// The audit webhook backend over 127.0.0.1 with a real server: EventList batches in, alerts out, 429 when the
// queue is full, /healthz and /metrics; and `parapet detect serve` as a process over TLS.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { selfSignedPair } from '../../src/admission/self-signed.js';
import type { Alert } from '../../src/audit/alert.js';
import { Detector } from '../../src/audit/detector.js';
import { builtinRuleSet } from '../../src/audit/rule-set.js';
import { startAuditWebhook } from '../../src/audit/serve.js';
import { BIN } from '../helpers/paths.js';
import { auditEvent, type Event } from './events.js';

const exec = (name: string) =>
  auditEvent({
    verb: 'create',
    resource: 'pods',
    subresource: 'exec',
    namespace: 'shop',
    name,
    stage: 'ResponseStarted',
    code: 101,
  });
const eventList = (items: Event[]) =>
  JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items });

async function post(url: string, body: string) {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

function start(queueLimit?: number) {
  const alerts: Alert[] = [];
  const warnings: string[] = [];
  const detector = new Detector(builtinRuleSet(), (a) => alerts.push(a), { dedupWindow: 0 });
  return startAuditWebhook(detector, (m) => warnings.push(m), {
    listen: { host: '127.0.0.1', port: 0 },
    ...(queueLimit ? { queueLimit } : {}),
  }).then((webhook) => ({ webhook, alerts, warnings }));
}

describe('audit webhook backend', () => {
  it('accepts EventList batches, judges them in order and counts them in /metrics', async () => {
    const { webhook, alerts } = await start();
    try {
      assert.equal((await post(`${webhook.url}/`, eventList([exec('w1'), exec('w2')]))).status, 200);
      assert.equal(
        (await post(`${webhook.url}/audit`, eventList([exec('w3'), { not: 'an event' }]))).status,
        200,
      );
      const health = await fetch(`${webhook.url}/healthz`);
      assert.equal(health.status, 200);
      await webhook.close();
      assert.deepEqual(
        alerts.map((a) => a.objectRef.name),
        ['w1', 'w2', 'w3'],
      );
      const text = await webhook.metrics.registry.metrics();
      assert.match(text, /parapet_detect_events_received_total 4/);
      assert.match(text, /parapet_detect_bad_events_total 1/);
      assert.match(text, /parapet_detect_queue_depth 0/);
    } finally {
      await webhook.close().catch(() => {});
    }
  });

  it('answers 429 when the queue cannot take a batch, and takes it once drained', async () => {
    const { webhook, alerts } = await start(3);
    try {
      webhook.pause();
      assert.equal((await post(webhook.url, eventList([exec('q1'), exec('q2')]))).status, 200);
      const refused = await post(webhook.url, eventList([exec('q3'), exec('q4')]));
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('retry-after'), '1');
      const metrics = await (await fetch(`${webhook.url}/metrics`)).text();
      assert.match(metrics, /parapet_detect_queue_depth 2/);
      assert.match(metrics, /parapet_detect_batches_refused_total 1/);
      webhook.resume();
      // the API server's batch backend retries the refused batch
      let status = 429;
      while (status === 429) {
        status = (await post(webhook.url, eventList([exec('q3'), exec('q4')]))).status;
        if (status === 429) await new Promise((resolve) => setImmediate(resolve));
      }
      assert.equal(status, 200);
      await webhook.close();
      assert.deepEqual(
        alerts.map((a) => a.objectRef.name),
        ['q1', 'q2', 'q3', 'q4'],
      );
    } finally {
      await webhook.close().catch(() => {});
    }
  });

  it('refuses what is not an EventList with 400', async () => {
    const { webhook, warnings } = await start();
    try {
      assert.equal((await post(webhook.url, '{"kind":"Pod"}')).status, 400);
      assert.equal((await post(webhook.url, 'not json')).status, 400);
      assert.equal((await fetch(webhook.url)).status, 405);
      assert.equal(warnings.length, 2);
    } finally {
      await webhook.close();
    }
  });
});

describe('parapet detect serve', () => {
  it('serves HTTPS, writes alerts as NDJSON and exits 0 on SIGTERM after judging what it took', async () => {
    const pair = await selfSignedPair(['127.0.0.1']);
    const child = spawn(
      process.execPath,
      [
        BIN,
        'detect',
        'serve',
        '--listen',
        '127.0.0.1:0',
        '--tls-cert',
        pair.certFile,
        '--tls-key',
        pair.keyFile,
        '--format',
        'json',
        '--dedup-window',
        '0',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stderr }).on('line', (line) => {
        const m = /listening on (\S+)/.exec(line);
        if (m) resolve(m[1] as string);
      });
      exited.then((code) => reject(new Error(`exited ${code}`)));
    });
    assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const alerts: string[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => alerts.push(line));
    const ca = await readFile(pair.certFile);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = https.request(
        `${url}/`,
        { method: 'POST', ca, headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
      req.end(eventList([exec('tls-1')]));
    });
    assert.equal(status, 200);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.equal(alerts.length, 1);
    assert.equal((JSON.parse(alerts[0] as string) as Alert).objectRef.name, 'tls-1');
  });
});
