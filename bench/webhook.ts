// The webhook under load: `parapet webhook` as its own process, driven by autocannon over HTTPS keep-alive on
// loopback, open-loop at a fixed rate with a mix of Pod and Deployment reviews, every default rule on. Reports
// p50/p99 and errors at that rate, the maximum rate it sustains, its peak RSS, and the in-process time per
// review. A measurement, not a test.
//
//   node dist/bench/webhook.js [--rate 1000] [--duration 30] [--connections 20]

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { admissionRules } from '../src/admission/capability.js';
import { judge } from '../src/admission/judge.js';
import { modeResolver } from '../src/admission/modes.js';
import { decodeReview } from '../src/admission/review.js';
import { selfSignedPair } from '../src/admission/self-signed.js';
import { DEFAULT_POLICY } from '../src/engine/policy.js';
import { RULES } from '../src/rules/registry.js';

const CLI = fileURLToPath(new URL('../../bin/parapet.js', import.meta.url));
const TARGET_P99_MS = 5;
const TARGET_RSS_MIB = 200;

const container = {
  name: 'web',
  image: 'registry.example.com/shop/web:1.4.2',
  resources: { requests: { cpu: '100m' }, limits: { cpu: '500m' } },
  securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false },
};
const REVIEWS = [
  {
    kind: { group: '', version: 'v1', kind: 'Pod' },
    object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1' }, spec: { containers: [container] } },
  },
  {
    kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
    object: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } },
      },
    },
  },
].map((request, i) =>
  JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: `bench-${i}`,
      operation: 'CREATE',
      namespace: 'shop',
      userInfo: { username: 'bench' },
      ...request,
    },
  }),
);

function flag(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
}

/** Microseconds per review in-process: decode, judge, no network. */
function inProcessMicros(): number {
  const state = {
    policy: DEFAULT_POLICY,
    rules: admissionRules(RULES, DEFAULT_POLICY),
    modes: modeResolver(undefined, 'warn'),
  };
  const requests = REVIEWS.map((body) => {
    const decoded = decodeReview(body);
    if ('error' in decoded) throw new Error(decoded.error);
    return decoded.request;
  });
  const run = (n: number) => {
    for (let i = 0; i < n; i++) judge(state, requests[i % requests.length] as (typeof requests)[number]);
  };
  run(2000);
  const start = performance.now();
  run(10_000);
  return ((performance.now() - start) * 1000) / 10_000;
}

async function startServer(): Promise<{ port: number; pid: number; stop: () => Promise<void> }> {
  const pair = await selfSignedPair();
  const child = spawn(
    process.execPath,
    [
      CLI,
      'webhook',
      '--mode',
      'warn',
      '--listen',
      '127.0.0.1:0',
      '--tls-cert',
      pair.certFile,
      '--tls-key',
      pair.keyFile,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`webhook exited with ${code} before listening`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = JSON.parse(line) as { event?: string; url?: string };
      if (entry.event === 'listening') resolve(Number(/:(\d+)\/validate$/.exec(entry.url ?? '')?.[1]));
    });
  });
  return {
    port,
    pid: child.pid as number,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Peak resident set (VmHWM) of a process, in MiB; undefined off Linux. */
function peakRssMiB(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function load(port: number, options: { rate?: number; duration: number; connections: number }) {
  return autocannon({
    url: `https://127.0.0.1:${port}`,
    connections: options.connections,
    duration: options.duration,
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: REVIEWS.map((body) => ({
      method: 'POST' as const,
      path: '/validate',
      headers: { 'content-type': 'application/json' },
      body,
    })),
  });
}

export async function benchWebhook(argv: string[]): Promise<string> {
  const rate = flag(argv, 'rate', 1000);
  const duration = flag(argv, 'duration', 30);
  const connections = flag(argv, 'connections', 20);
  const micros = inProcessMicros();
  const server = await startServer();
  try {
    await load(server.port, { rate, duration: 3, connections }); // warm-up: JIT and TLS sessions
    const fixed = await load(server.port, { rate, duration, connections });
    const rss = peakRssMiB(server.pid);
    const max = await load(server.port, { duration: Math.min(duration, 10), connections });
    const errors = fixed.errors + fixed.timeouts + fixed.non2xx;
    const p99 = fixed.latency.p99;
    const lines = [
      `webhook: ${REVIEWS.length} review kinds (Pod, Deployment) alternating, ${admissionRules(RULES, DEFAULT_POLICY).length} rules, HTTPS keep-alive on loopback, ${connections} connections`,
      `  at ${rate} req/s for ${duration} s: ${fixed.requests.total} requests (${fixed.requests.average} req/s average), p50 ${fixed.latency.p50} ms, p99 ${p99} ms (goal < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS ? 'met' : 'NOT met'}), errors ${errors} (goal 0)`,
      `  peak RSS of the webhook: ${rss === undefined ? 'unknown' : `${rss.toFixed(0)} MiB`} (goal < ${TARGET_RSS_MIB} MiB${rss === undefined ? '' : rss < TARGET_RSS_MIB ? ': met' : ': NOT met'})`,
      `  maximum sustained (no rate limit, ${Math.min(duration, 10)} s): ${max.requests.average} req/s, p99 ${max.latency.p99} ms, errors ${max.errors + max.timeouts + max.non2xx}`,
      `  in-process per review (decode + judge, no network): ${micros.toFixed(1)} µs`,
    ];
    return `${lines.join('\n')}\n`;
  } finally {
    await server.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  benchWebhook(process.argv.slice(2)).then(
    (text) => process.stdout.write(text),
    (error: unknown) => {
      process.stderr.write(
        `bench webhook: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
