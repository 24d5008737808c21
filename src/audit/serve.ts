/**
 * `parapet detect serve`: the API server's audit webhook backend. It POSTs `EventList` batches; each is queued
 * and answered at once (the batch backend waits on us), then judged in order off the request path. When the
 * bounded queue cannot take a batch the answer is 429, so the API server's batch backend retries it later
 * instead of losing it. `/healthz` and `/metrics` (Prometheus) beside it.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Registry } from 'prom-client';
import type { Detector } from './detector.js';
import { toAuditEvent } from './event.js';
import type { Warn } from './files.js';

export interface Listen {
  host: string;
  port: number;
}

/** `127.0.0.1:8444`, `[::1]:8444`, `:8444` → host and port; undefined when malformed. */
export function parseListenAddress(value: string): Listen | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(value);
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port > 65535) return undefined;
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

export interface ServeOptions {
  listen: Listen;
  tls?: { certFile: string; keyFile: string };
  /** Events the queue holds at most; a batch that does not fit is refused with 429. */
  queueLimit?: number;
  /** Largest request body accepted. */
  maxBodyBytes?: number;
  /** The caller's metrics (it counts the alerts it writes); made here when absent. */
  metrics?: DetectMetrics;
}

export interface AuditWebhook {
  url: string;
  /** Holds judging (batches still queue, up to the limit) until resume(): for maintenance and tests. */
  pause(): void;
  resume(): void;
  /** Stops accepting, judges what is queued, then resolves. */
  close(): Promise<void>;
}

export function createDetectMetrics() {
  const registry = new Registry();
  return {
    registry,
    eventsIn: new Counter({
      name: 'parapet_detect_events_received_total',
      help: 'Audit events accepted into the queue',
      registers: [registry],
    }),
    judged: new Counter({
      name: 'parapet_detect_events_processed_total',
      help: 'Audit events taken off the queue and offered to the rules',
      registers: [registry],
    }),
    bad: new Counter({
      name: 'parapet_detect_bad_events_total',
      help: 'Items of an EventList that were not audit events (skipped)',
      registers: [registry],
    }),
    refused: new Counter({
      name: 'parapet_detect_batches_refused_total',
      help: 'EventList batches answered 429 because the queue was full',
      registers: [registry],
    }),
    alerts: new Counter({
      name: 'parapet_detect_alerts_total',
      help: 'Alerts raised, by rule',
      labelNames: ['rule'] as const,
      registers: [registry],
    }),
    depth: new Gauge({
      name: 'parapet_detect_queue_depth',
      help: 'Audit events waiting in the queue',
      registers: [registry],
    }),
    lag: new Gauge({
      name: 'parapet_detect_lag_seconds',
      help: 'Wall clock minus the stage time of the last event judged',
      registers: [registry],
    }),
  };
}

export type DetectMetrics = ReturnType<typeof createDetectMetrics>;

/** Events judged per turn of the event loop: enough to keep up, few enough that requests are answered fast. */
const SLICE = 2000;

export async function startAuditWebhook(
  detector: Detector,
  warn: Warn,
  options: ServeOptions,
): Promise<AuditWebhook & { metrics: DetectMetrics }> {
  const metrics = options.metrics ?? createDetectMetrics();
  const queueLimit = options.queueLimit ?? 50_000;
  const maxBody = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const queue: unknown[] = [];
  let head = 0;
  let scheduled = false;
  let paused = false;
  let idle: (() => void) | undefined;

  const depth = () => queue.length - head;
  const work = () => {
    scheduled = false;
    const end = Math.min(queue.length, head + SLICE);
    metrics.judged.inc(end - head);
    let lastTime = '';
    for (; head < end; head++) {
      const event = toAuditEvent(queue[head]);
      queue[head] = undefined;
      if (typeof event === 'string') {
        metrics.bad.inc();
        warn(`webhook: an EventList item is not an audit event (${event}); skipped`);
        continue;
      }
      detector.offer(event);
      lastTime = event.time;
    }
    if (head === queue.length) {
      queue.length = 0;
      head = 0;
    } else if (head > 100_000) {
      queue.splice(0, head);
      head = 0;
    }
    if (lastTime !== '') metrics.lag.set(Math.max(0, (Date.now() - Date.parse(lastTime)) / 1000));
    metrics.depth.set(depth());
    if (depth() > 0) schedule();
    else idle?.();
  };
  const schedule = () => {
    if (scheduled || paused) return;
    scheduled = true;
    setImmediate(work);
  };

  const send = (
    res: http.ServerResponse,
    code: number,
    body: string,
    headers: http.OutgoingHttpHeaders = {},
  ) => {
    res.writeHead(code, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok\n');
      return;
    }
    if (req.method === 'GET' && path === '/metrics') {
      metrics.depth.set(depth());
      metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType });
          res.end(text);
        },
        () => send(res, 500, '{"error":"metrics unavailable"}'),
      );
      return;
    }
    if (req.method !== 'POST')
      return send(res, 405, '{"error":"POST an audit EventList"}', { allow: 'POST' });
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) return send(res, 413, '{"error":"EventList too large"}');
      let items: unknown[];
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          kind?: unknown;
          items?: unknown;
        };
        if (body === null || typeof body !== 'object' || !Array.isArray(body.items))
          throw new Error('not an EventList (no items)');
        if (body.kind !== undefined && body.kind !== 'EventList')
          throw new Error(`kind ${String(body.kind)} is not EventList`);
        items = body.items;
      } catch (error) {
        warn(`webhook: refused a batch: ${(error as Error).message}`);
        return send(res, 400, JSON.stringify({ error: (error as Error).message }));
      }
      if (depth() + items.length > queueLimit && depth() > 0) {
        metrics.refused.inc();
        return send(res, 429, '{"error":"queue full, retry"}', { 'retry-after': '1' });
      }
      for (const item of items) queue.push(item);
      metrics.eventsIn.inc(items.length);
      metrics.depth.set(depth());
      schedule();
      send(res, 200, '{}');
    });
  };

  const server = options.tls
    ? https.createServer(
        { cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile) },
        handler,
      )
    : http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listen.port, options.listen.host, () => resolve());
  });
  // alerts still folding go out when their window has passed on the wall clock, events or not
  const flusher = setInterval(() => detector.flushBefore(Date.now()), 1000);
  flusher.unref();
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${address.port}`,
    metrics,
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
      if (depth() > 0) schedule();
    },
    close: async () => {
      clearInterval(flusher);
      paused = false;
      if (depth() > 0) schedule();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (depth() > 0) await new Promise<void>((resolve) => (idle = resolve));
      detector.flush();
    },
  };
}
