// Delivery to real servers on 127.0.0.1: HTTP with an outage (alerts spooled on disk, delivered in order when the
// server returns, also by the next run), syslog RFC 5424 over UDP and TCP, OTLP/HTTP JSON logs.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type Alert, alertOf } from '../../src/audit/alert.js';
import { Delivery } from '../../src/audit/delivery.js';
import { toAuditEvent } from '../../src/audit/event.js';
import { builtinRuleSet } from '../../src/audit/rule-set.js';
import { httpSink, otlpSink, syslogSink } from '../../src/audit/sinks.js';
import { auditEvent } from './events.js';

const rule = builtinRuleSet().rules[0] as Parameters<typeof alertOf>[0];
const alert = (name: string): Alert =>
  alertOf(
    rule,
    toAuditEvent(
      auditEvent({ verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'shop', name }),
    ) as Parameters<typeof alertOf>[1],
    [],
    1,
    'edge-17',
  );

/** An HTTP server on 127.0.0.1 that answers `status()` and records the bodies it accepted. */
async function server(status: () => number) {
  const bodies: unknown[] = [];
  let notify: (() => void) | undefined;
  const s = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const code = status();
      if (code < 300) bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(code).end();
      notify?.();
    });
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}/alerts`;
  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise<void>((resolve) => (notify = resolve));
  };
  return { url, bodies, until, close: () => new Promise<void>((resolve) => s.close(() => resolve())) };
}

describe('delivery', () => {
  it('spools alerts while the HTTP sink is down and delivers them in order when it returns', async () => {
    let up = false;
    const srv = await server(() => (up ? 200 : 503));
    const spoolDir = mkdtempSync(join(tmpdir(), 'parapet-spool-'));
    try {
      const delivery = new Delivery(httpSink(srv.url), { spoolDir, backoffMs: 20, maxBackoffMs: 50 });
      delivery.push(alert('s1'));
      delivery.push(alert('s2'));
      // the outage: refused, spooled on disk
      await srv.until(() => readdirSync(spoolDir).length > 0);
      delivery.push(alert('s3'));
      up = true;
      await srv.until(() => srv.bodies.flat().length >= 3);
      await delivery.close();
      assert.deepEqual(
        (srv.bodies.flat() as Alert[]).map((a) => a.objectRef.name),
        ['s1', 's2', 's3'],
      );
    } finally {
      await srv.close();
    }
  });

  it('delivers a spool left by a previous run first, then the new alerts', async () => {
    const spoolDir = mkdtempSync(join(tmpdir(), 'parapet-spool-'));
    const down = await server(() => 503);
    const first = new Delivery(httpSink(down.url), { spoolDir, spoolName: 'alerts', backoffMs: 10_000 });
    first.push(alert('old-1'));
    first.push(alert('old-2'));
    await first.close();
    await down.close();
    // the next run, with the sink back (a new server: a new port, the same spool name)
    const srv = await server(() => 200);
    try {
      const second = new Delivery(httpSink(srv.url), { spoolDir, spoolName: 'alerts' });
      second.push(alert('new-1'));
      await srv.until(() => srv.bodies.flat().length >= 3);
      await second.close();
      assert.deepEqual(
        (srv.bodies.flat() as Alert[]).map((a) => a.objectRef.name),
        ['old-1', 'old-2', 'new-1'],
      );
    } finally {
      await srv.close();
    }
  });

  it('sends RFC 5424 messages over UDP and octet-counted over TCP', async () => {
    const udp = createSocket('udp4');
    const got = new Promise<string>((resolve) => udp.once('message', (m) => resolve(m.toString())));
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    await syslogSink('udp', '127.0.0.1', udp.address().port).send([alert('u1')]);
    const message = await got;
    udp.close();
    assert.match(
      message,
      /^<107>1 2026-12-02T\S+Z \S+ parapet \d+ PP-AUD-001 \[parapet@32473 rule="PP-AUD-001" technique="MS-TA9006" severity="high" auditID="[^"]+" count="1"\] Exec/,
    );

    let received = '';
    const tcp = createServer((socket) => socket.on('data', (d) => (received += d.toString())));
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const closed = new Promise<void>((resolve) =>
      tcp.on('connection', (s) => s.on('close', () => resolve())),
    );
    await syslogSink('tcp', '127.0.0.1', (tcp.address() as AddressInfo).port).send([
      alert('t1'),
      alert('t2'),
    ]);
    await closed;
    tcp.close();
    const frames: string[] = [];
    let rest = received;
    while (rest.length > 0) {
      const [, len] = /^(\d+) /.exec(rest) as RegExpExecArray;
      const start = (len as string).length + 1;
      frames.push(
        Buffer.from(rest)
          .subarray(start, start + Number(len))
          .toString(),
      );
      rest = Buffer.from(rest)
        .subarray(start + Number(len))
        .toString();
    }
    assert.equal(frames.length, 2);
    assert.match(frames[1] as string, /^<107>1 .* PP-AUD-001 /);
  });

  it('posts OTLP/HTTP JSON logs an OpenTelemetry collector takes', async () => {
    const srv = await server(() => 200);
    try {
      await otlpSink(`${srv.url.replace('/alerts', '/v1/logs')}`, 'edge-17').send([alert('o1')]);
      const body = srv.bodies[0] as {
        resourceLogs: {
          resource: { attributes: unknown[] };
          scopeLogs: { logRecords: Record<string, unknown>[] }[];
        }[];
      };
      const record = body.resourceLogs[0]?.scopeLogs[0]?.logRecords[0];
      assert.equal(record?.severityText, 'ERROR');
      assert.equal(record?.severityNumber, 17);
      assert.match(String(record?.timeUnixNano), /^\d{19}$/);
      assert.deepEqual(body.resourceLogs[0]?.resource.attributes[1], {
        key: 'k8s.cluster.name',
        value: { stringValue: 'edge-17' },
      });
    } finally {
      await srv.close();
    }
  });
});

describe('parapet detect --sink', () => {
  it('delivers the alerts of a file run to an HTTP sink, and spools them when it is down', async () => {
    const { spawn } = await import('node:child_process');
    const { writeFileSync } = await import('node:fs');
    const { BIN } = await import('../helpers/paths.js');
    const { lines } = await import('./events.js');
    const dir = mkdtempSync(join(tmpdir(), 'parapet-sink-cli-'));
    const log = join(dir, 'audit.log');
    writeFileSync(
      log,
      lines([
        auditEvent({
          verb: 'create',
          resource: 'pods',
          subresource: 'exec',
          namespace: 'shop',
          name: 'cli-1',
          stage: 'ResponseStarted',
          code: 101,
        }),
      ]),
    );
    const runCli = (url: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [
            BIN,
            'detect',
            '--format',
            'json',
            '-o',
            join(dir, 'out.json'),
            '--sink',
            url,
            '--spool',
            join(dir, 'spool'),
            log,
          ],
          {
            stdio: ['ignore', 'ignore', 'pipe'],
          },
        );
        let stderr = '';
        child.stderr.on('data', (c) => (stderr += c));
        child.on('exit', (code) => resolve({ code, stderr }));
      });
    const srv = await server(() => 200);
    try {
      const ok = await runCli(srv.url);
      assert.equal(ok.code, 0, ok.stderr);
      assert.deepEqual(
        (srv.bodies.flat() as Alert[]).map((a) => a.objectRef.name),
        ['cli-1'],
      );
    } finally {
      await srv.close();
    }
    // the sink is gone: the run still completes, the alert waits in the spool
    const down = await runCli(srv.url);
    assert.equal(down.code, 0);
    assert.match(down.stderr, /spooled/);
    assert.equal(readdirSync(join(dir, 'spool')).length, 1);
  });
});
