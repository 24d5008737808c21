/**
 * The webhook's HTTPS server: `POST /validate` answers AdmissionReviews through judge(); `/healthz`, `/readyz` and
 * `/metrics` on the same listener or on a plain-HTTP one of their own. Bad input gets a 400 and a log line, never a
 * crash; a request that overruns its deadline is answered per --on-error; policy and certificates reload without
 * a restart, and a bad new one leaves the old one serving.
 */
import { unwatchFile, watchFile } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { type AdmissionMode, DEFAULT_POLICY, loadPolicy, type Policy } from '../engine/policy.js';
import type { Rule } from '../rules/types.js';
import { admissionRules } from './capability.js';
import { type JudgeState, judge } from './judge.js';
import { createMetrics } from './metrics.js';
import { modeResolver } from './modes.js';
import { type NamespaceLabelLookup, namespaceLabelCache } from './namespace-labels.js';
import { decodeReview, encodeReview } from './review.js';

export interface Listen {
  host: string;
  port: number;
}

export interface WebhookOptions {
  listen: Listen;
  /** Serve health and metrics here (plain HTTP) instead of on the main listener. */
  metricsListen?: Listen;
  certFile: string;
  keyFile: string;
  policyFile?: string;
  catalog: readonly Rule[];
  /** The mode of every rule the policy sets none for. */
  mode: AdmissionMode;
  timeoutMs: number;
  onError: 'allow' | 'deny';
  maxBodyBytes: number;
  /** How often the policy and certificate files are checked for changes. */
  watchIntervalMs: number;
  /** How long close() waits for in-flight requests before cutting connections. */
  drainMs: number;
  /** One structured line per event (JSON-serialisable). */
  log: (entry: Record<string, unknown>) => void;
  /**
   * Reads a namespace's labels from the cluster, for policies that select namespaces by label; without it such
   * selectors match nothing (said once at start and on each reload that needs it).
   */
  namespaceLabels?: NamespaceLabelLookup;
  /** How long a namespace's labels are kept before they are read again (default 30 s). */
  namespaceCacheTtlMs?: number;
}

export const DEFAULTS = {
  timeoutMs: 2000,
  onError: 'allow',
  maxBodyBytes: 4 * 1024 * 1024,
  watchIntervalMs: 2000,
  drainMs: 10_000,
  namespaceCacheTtlMs: 30_000,
} as const;

export interface Webhook {
  address: Listen;
  metricsAddress?: Listen;
  /** Re-reads the policy file; false (old policy kept, error logged) when the new one is bad. */
  reloadPolicy(): Promise<boolean>;
  /** Stops accepting, lets in-flight requests finish (up to drainMs), then closes. */
  close(): Promise<void>;
}

class BadRequest extends Error {}

export async function startWebhook(options: WebhookOptions): Promise<Webhook> {
  const { log } = options;
  const metrics = createMetrics();
  const now = () => new Date().toISOString();

  const stateOf = (policy: Policy): JudgeState => ({
    policy,
    rules: admissionRules(options.catalog, policy),
    modes: modeResolver(policy.admission, options.mode),
  });
  const readPolicy = () =>
    options.policyFile ? loadPolicy(options.policyFile, options.catalog) : Promise.resolve(DEFAULT_POLICY);
  const labelCache = options.namespaceLabels
    ? namespaceLabelCache(
        options.namespaceLabels,
        options.namespaceCacheTtlMs ?? DEFAULTS.namespaceCacheTtlMs,
      )
    : undefined;
  /** The namespace's labels when the policy selects namespaces by label; a failed read is logged and counted. */
  const labelsFor = async (judging: JudgeState, namespace: string, uid: string) => {
    if (!judging.modes.usesNamespaceLabels || namespace === '' || labelCache === undefined) return undefined;
    const { labels, error } = await labelCache.get(namespace);
    if (error !== undefined) {
      metrics.errors.inc({ reason: 'namespace-labels' });
      log({
        time: now(),
        level: 'warn',
        event: 'namespace-labels-unknown',
        uid,
        namespace,
        message: `labels of namespace ${namespace} could not be read (${error}); its namespaceSelector entries do not apply`,
      });
    }
    return labels;
  };

  /** A policy that selects namespaces by label, served with no way to read labels: say so, once per policy. */
  const sayIfBlind = (judging: JudgeState) => {
    if (judging.modes.usesNamespaceLabels) labelCache?.prepare();
    if (judging.modes.usesNamespaceLabels && options.namespaceLabels === undefined)
      log({
        time: now(),
        level: 'warn',
        event: 'namespace-labels-unavailable',
        message:
          'the policy selects namespaces by label, but no cluster access is configured to read them: those entries match nothing',
      });
  };
  let state = stateOf(await readPolicy());
  sayIfBlind(state);
  const readTls = async () => ({
    cert: await readFile(options.certFile),
    key: await readFile(options.keyFile),
  });
  const tls = await readTls();
  let draining = false;

  const reloadPolicy = async (): Promise<boolean> => {
    try {
      state = stateOf(await readPolicy());
      sayIfBlind(state);
      metrics.reloads.inc({ what: 'policy', result: 'ok' });
      log({ time: now(), level: 'info', event: 'policy-reloaded', file: options.policyFile });
      return true;
    } catch (error) {
      metrics.reloads.inc({ what: 'policy', result: 'error' });
      log({
        time: now(),
        level: 'error',
        event: 'policy-rejected',
        message: `new policy rejected, the previous one keeps serving: ${(error as Error).message}`,
      });
      return false;
    }
  };
  const reloadTls = async () => {
    try {
      // the same check a new server makes: a key that does not match the certificate throws here
      server.setSecureContext(await readTls());
      metrics.reloads.inc({ what: 'tls', result: 'ok' });
      log({ time: now(), level: 'info', event: 'tls-reloaded' });
    } catch (error) {
      metrics.reloads.inc({ what: 'tls', result: 'error' });
      log({
        time: now(),
        level: 'error',
        event: 'tls-rejected',
        message: `new certificate or key rejected, the previous pair keeps serving: ${(error as Error).message}`,
      });
    }
  };

  const send = (res: http.ServerResponse, status: number, type: string, body: string) => {
    if (res.headersSent) return;
    const headers: http.OutgoingHttpHeaders = {
      'content-type': type,
      'content-length': Buffer.byteLength(body),
    };
    if (draining) headers.connection = 'close';
    res.writeHead(status, headers);
    res.end(body);
  };

  const serveOps = (req: http.IncomingMessage, res: http.ServerResponse, path: string): boolean => {
    if (req.method !== 'GET') return false;
    if (path === '/healthz') send(res, 200, 'text/plain', 'ok\n');
    else if (path === '/readyz') {
      if (draining) send(res, 503, 'text/plain', 'draining\n');
      else send(res, 200, 'text/plain', 'ready\n');
    } else if (path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => send(res, 200, metrics.registry.contentType, text),
        (error: Error) => send(res, 500, 'text/plain', `${error.message}\n`),
      );
    } else return false;
    return true;
  };

  const validate = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const started = performance.now();
    metrics.inFlight.inc();
    let done = false;
    let received = '';
    const finish = () => {
      done = true;
      clearTimeout(timer);
      metrics.inFlight.dec();
    };
    const refuse = (message: string) => {
      if (done) return;
      finish();
      metrics.errors.inc({ reason: 'bad-request' });
      log({ time: now(), level: 'warn', event: 'bad-request', remote: req.socket.remoteAddress, message });
      send(res, 400, 'text/plain', `parapet webhook: ${message}\n`);
    };
    /** Deadline or internal error: answer per --on-error, with the uid if it can be read. */
    const fallback = (reason: string, message: string) => {
      if (done) return;
      finish();
      metrics.errors.inc({ reason });
      const uid = /"uid"\s*:\s*"([^"]*)"/.exec(received)?.[1] ?? '';
      const allowed = options.onError === 'allow';
      log({ time: now(), level: 'error', event: reason, uid, allowed, message });
      send(
        res,
        200,
        'application/json',
        encodeReview({
          uid,
          allowed,
          ...(allowed ? {} : { status: { code: 500, message: `parapet webhook: ${message}` } }),
        }),
      );
    };
    const timer = setTimeout(
      () => fallback('deadline', `no answer within ${options.timeoutMs} ms; answered per --on-error`),
      options.timeoutMs,
    );
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) {
      refuse(`content type must be application/json (got "${type}")`);
      req.resume();
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (declared > options.maxBodyBytes) {
      refuse(`body of ${declared} bytes is over the limit of ${options.maxBodyBytes}`);
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > options.maxBodyBytes) {
        refuse(`body is over the limit of ${options.maxBodyBytes} bytes`);
        return;
      }
      chunks.push(chunk);
      if (received.length < 4096) received += chunk.toString('utf8', 0, Math.min(chunk.length, 4096));
    });
    req.on('error', () => fallback('aborted', 'request aborted'));
    req.on('end', async () => {
      if (done) return;
      try {
        const decoded = decodeReview(Buffer.concat(chunks).toString('utf8'));
        if ('error' in decoded) throw new BadRequest(decoded.error);
        const { request } = decoded;
        const judging = state;
        const namespaceLabels = await labelsFor(judging, request.namespace, request.uid);
        // the deadline may have answered while the labels were read
        if (done) return;
        const judged = judge(judging, request, namespaceLabels);
        finish();
        const took = performance.now() - started;
        // judging is synchronous, so the timer cannot cut it short: the answer stands, the overrun is reported
        if (took > options.timeoutMs) {
          metrics.errors.inc({ reason: 'slow' });
          log({ time: now(), level: 'warn', event: 'slow', uid: request.uid, ms: Math.round(took) });
        }
        send(res, 200, 'application/json', encodeReview(judged.response));
        const labels = { operation: request.operation, kind: request.kind.kind, decision: judged.decision };
        for (const note of judged.ruleErrors)
          log({ time: now(), level: 'error', event: 'rule-error', message: note });
        if (request.dryRun) return;
        metrics.requests.inc(labels);
        metrics.latency.observe(labels, (performance.now() - started) / 1000);
        for (const v of judged.violations) metrics.violations.inc({ rule: v.ruleId, mode: v.mode });
        if (judged.violations.length > 0 || judged.decision === 'exempt') {
          log({
            time: now(),
            event: 'admission',
            uid: request.uid,
            user: request.user.username,
            operation: request.operation,
            namespace: request.namespace,
            kind: request.kind.kind,
            name: request.name || nameOf(request.object),
            decision: judged.decision,
            ...(judged.exemption ? { exemption: judged.exemption } : {}),
            violations: judged.violations.map((v) => ({ rule: v.ruleId, mode: v.mode, path: v.path })),
          });
        }
      } catch (error) {
        if (error instanceof BadRequest) refuse(error.message);
        else fallback('internal-error', `internal error: ${(error as Error).message}`);
      }
    });
  };

  const route =
    (withOps: boolean, withValidate: boolean) => (req: http.IncomingMessage, res: http.ServerResponse) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (withOps && serveOps(req, res, path)) return;
      if (withValidate && path === '/validate' && req.method === 'POST') {
        validate(req, res);
        return;
      }
      send(res, 404, 'text/plain', `parapet webhook: no ${req.method} ${path} here\n`);
    };
  const opsServer = options.metricsListen ? http.createServer(route(true, false)) : undefined;
  const server = https.createServer(
    { ...tls, keepAliveTimeout: 65_000 },
    route(opsServer === undefined, true),
  );
  server.on('clientError', (error, socket) => {
    log({ time: now(), level: 'warn', event: 'client-error', message: error.message });
    socket.destroy();
  });
  server.on('tlsClientError', (error) => {
    log({ time: now(), level: 'warn', event: 'tls-client-error', message: error.message });
  });

  const listen = (s: http.Server, at: Listen) =>
    new Promise<Listen>((resolve, reject) => {
      s.once('error', reject);
      s.listen(at.port, at.host, () => {
        s.off('error', reject);
        const address = s.address() as AddressInfo;
        resolve({ host: address.address, port: address.port });
      });
    });
  const address = await listen(server, options.listen);
  const metricsAddress =
    opsServer && options.metricsListen ? await listen(opsServer, options.metricsListen) : undefined;

  const watched: string[] = [];
  const watch = (file: string, onChange: () => void) => {
    watched.push(file);
    watchFile(file, { interval: options.watchIntervalMs }, (current, previous) => {
      if (
        current.mtimeMs !== previous.mtimeMs ||
        current.size !== previous.size ||
        current.ino !== previous.ino
      )
        onChange();
    });
  };
  if (options.policyFile) watch(options.policyFile, () => void reloadPolicy());
  watch(options.certFile, () => void reloadTls());
  if (options.keyFile !== options.certFile) watch(options.keyFile, () => void reloadTls());

  log({
    time: now(),
    level: 'info',
    event: 'listening',
    url: `https://${formatHost(address.host)}:${address.port}/validate`,
    ...(metricsAddress
      ? { metrics: `http://${formatHost(metricsAddress.host)}:${metricsAddress.port}/metrics` }
      : {}),
    rules: state.rules.length,
    mode: options.mode,
    policy: options.policyFile ?? '(default rules)',
  });

  const closeServer = (s: http.Server) =>
    new Promise<void>((resolve) => {
      const force = setTimeout(() => s.closeAllConnections(), options.drainMs);
      s.close(() => {
        clearTimeout(force);
        resolve();
      });
      s.closeIdleConnections();
    });

  return {
    address,
    ...(metricsAddress ? { metricsAddress } : {}),
    reloadPolicy,
    async close() {
      draining = true;
      for (const file of watched) unwatchFile(file);
      await Promise.all([closeServer(server), ...(opsServer ? [closeServer(opsServer)] : [])]);
    },
  };
}

function nameOf(object: unknown): string {
  const metadata = (object as { metadata?: { name?: unknown; generateName?: unknown } } | undefined)
    ?.metadata;
  if (typeof metadata?.name === 'string') return metadata.name;
  return typeof metadata?.generateName === 'string' ? `${metadata.generateName}*` : '';
}

const formatHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

/** `0.0.0.0:8443`, `:8443`, `[::]:8443`, `localhost:0`. */
export function parseListen(value: string): Listen | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(value);
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port > 65535) return undefined;
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}
