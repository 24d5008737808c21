// `parapet detect` under load: a realistic 1,000,000-event audit log generated (streaming) in a temp dir, the
// floor (readline + JSON.parse of every line, its own process) against `parapet detect` on the same file (peak RSS
// by the preloaded hook), then the audit webhook backend's sustained events/s over loopback (autocannon posting
// EventLists of 100 events). A measurement, not a test.
//
//   node dist/bench/detect.js [--events N] [--duration SECONDS]

import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { generateAuditLog } from './detect-generate.js';

const CLI = fileURLToPath(new URL('../../bin/parapet.js', import.meta.url));
const FLOOR = fileURLToPath(new URL('./detect-floor.js', import.meta.url));
const HOOK = fileURLToPath(new URL('./rss-hook.js', import.meta.url));
const TARGET_RATE = 100_000;
const TARGET_RATIO = 1.5;
const TARGET_RSS_MIB = 300;
const BATCH = 100;

function flag(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
}

function run(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; ms: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr = (stderr + c).slice(-8192);
    });
    child.on('close', (code) => resolve({ code, ms: performance.now() - start, stdout, stderr }));
  });
}

const rate = (events: number, ms: number) => Math.round(events / (ms / 1000));
const fmt = (n: number) => n.toLocaleString('en-US');
const ok = (good: boolean) => (good ? 'yes' : 'NO');

async function webhookRate(file: string, duration: number): Promise<string[]> {
  // EventList bodies cut from the generated log: the same mix the file run judged
  const lines: string[] = [];
  await new Promise<void>((resolve) => {
    const rl = createInterface({ input: createReadStream(file) });
    rl.on('line', (line) => {
      if (lines.length < BATCH * 20) lines.push(line);
      else rl.close();
    });
    rl.on('close', () => resolve());
  });
  const bodies = Array.from(
    { length: 20 },
    (_, i) =>
      `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[${lines.slice(i * BATCH, (i + 1) * BATCH).join(',')}]}`,
  );
  const child = spawn(
    process.execPath,
    [
      CLI,
      'detect',
      'serve',
      '--listen',
      '127.0.0.1:0',
      '--format',
      'json',
      '-o',
      '/dev/null',
      '--queue',
      '20000',
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stderr }).on('line', (line) => {
      const m = /listening on (\S+)/.exec(line);
      if (m) resolve(m[1] as string);
    });
    child.on('exit', (code) => reject(new Error(`detect serve exited ${code}`)));
  });
  const metric = async (name: string) => {
    const text = await (await fetch(`${url}/metrics`)).text();
    return Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  };
  const start = performance.now();
  const result = await autocannon({
    url,
    connections: 8,
    duration,
    requests: bodies.map((body) => ({
      method: 'POST' as const,
      path: '/',
      headers: { 'content-type': 'application/json' },
      body,
    })),
  });
  // sustained: until every accepted event is judged
  const accepted = await metric('parapet_detect_events_received_total');
  while ((await metric('parapet_detect_events_processed_total')) < accepted)
    await new Promise((r) => setTimeout(r, 50));
  const ms = performance.now() - start;
  const rss = (() => {
    try {
      return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024;
    } catch {
      return Number.NaN;
    }
  })();
  child.kill('SIGTERM');
  await exited;
  const refused = result.non2xx;
  return [
    `| webhook: events accepted and judged (${duration} s of load, 8 connections, EventLists of ${BATCH}) | ${fmt(accepted)} | | |`,
    `| webhook: sustained events/s (accepted until all judged) | ${fmt(rate(accepted, ms))} | | |`,
    `| webhook: batches answered 429 (back-pressure) / 2xx | ${fmt(refused)} / ${fmt(result['2xx'])} | | |`,
    `| webhook: peak RSS | ${rss.toFixed(0)} MiB | < ${TARGET_RSS_MIB} MiB | ${ok(rss < TARGET_RSS_MIB)} |`,
  ];
}

export async function benchDetect(argv: string[]): Promise<string> {
  const events = flag(argv, 'events', 1_000_000);
  const duration = flag(argv, 'duration', 10);
  const dir = mkdtempSync(join(tmpdir(), 'parapet-bench-detect-'));
  try {
    const file = join(dir, 'audit.log');
    const bytes = await generateAuditLog(file, events);
    process.stderr.write(
      `bench: wrote ${fmt(events)} audit events (${(bytes / 1e6).toFixed(0)} MB) to ${file}\n`,
    );
    const floor = await run([FLOOR, file]);
    const floorMs = (JSON.parse(floor.stdout) as { ms: number }).ms;
    const rssFile = join(dir, 'rss');
    const detect = await run(
      [
        '--import',
        pathToFileURL(HOOK).href,
        CLI,
        'detect',
        '--format',
        'json',
        '-o',
        join(dir, 'alerts.json'),
        file,
      ],
      {
        ...process.env,
        PARAPET_BENCH_RSS_FILE: rssFile,
      },
    );
    if (detect.code !== 0) throw new Error(`parapet detect exited ${detect.code}: ${detect.stderr}`);
    const rssMiB = Number.parseInt(readFileSync(rssFile, 'utf8'), 10) / 1024;
    const alerts = readFileSync(join(dir, 'alerts.json'), 'utf8').split('\n').filter(Boolean).length;
    const detectRate = rate(events, detect.ms);
    const ratio = detect.ms / floorMs;
    const rows = [
      `| input | ${fmt(events)} events, ${(bytes / 1e6).toFixed(0)} MB | | |`,
      `| floor: readline + JSON.parse of every line (own process) | ${(floorMs / 1000).toFixed(2)} s, ${fmt(rate(events, floorMs))} events/s | | |`,
      `| parapet detect (wall, process start to exit) | ${(detect.ms / 1000).toFixed(2)} s, ${fmt(detectRate)} events/s | ≥ ${fmt(TARGET_RATE)} events/s | ${ok(detectRate >= TARGET_RATE)} |`,
      `| parapet detect / floor | ${ratio.toFixed(2)}× | ≤ ${TARGET_RATIO}× | ${ok(ratio <= TARGET_RATIO)} |`,
      `| parapet detect peak RSS | ${rssMiB.toFixed(0)} MiB | < ${TARGET_RSS_MIB} MiB | ${ok(rssMiB < TARGET_RSS_MIB)} |`,
      `| alerts raised | ${fmt(alerts)} | | |`,
      ...(await webhookRate(file, duration)),
    ];
    return [
      `## parapet detect bench (node ${process.version}, ${process.platform}/${process.arch})`,
      '',
      '| metric | value | target | ok? |',
      '|---|---|---|---|',
      ...rows,
      '',
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchDetect(process.argv.slice(2)).then(
    (text) => process.stdout.write(text),
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
