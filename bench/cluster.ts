/**
 * The live-cluster benchmark: `parapet scan --cluster` against the fake API server holding N pods (default
 * 20,000) listed in pages of 500, beside the floor of merely listing and JSON-parsing the same pages (a fresh
 * process, the same lists at the same concurrency). Peak RSS of the scan from rss-hook.js.
 *
 *   node dist/bench/cluster.js [--objects 20000]
 *   PARAPET_BENCH_PROF_DIR=/tmp/prof node dist/bench/cluster.js   (the scan also writes a --cpu-prof profile there)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeApiServer } from '../test/cluster/fake-apiserver.js';

const PAGE = 500;
const CONCURRENCY = 4;

async function listOnly(server: string, token: string, caFile: string, paths: string[]): Promise<void> {
  const ca = readFileSync(caFile, 'utf8');
  const get = (url: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const req = request(
        `${server}${url}`,
        { ca, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        },
      );
      req.on('error', reject);
      req.end();
    });
  const queue = [...paths];
  let items = 0;
  const worker = async () => {
    for (let base = queue.shift(); base !== undefined; base = queue.shift()) {
      let token: string | undefined;
      do {
        const page = await get(
          `${base}?limit=${PAGE}${token ? `&continue=${encodeURIComponent(token)}` : ''}`,
        );
        if (!Array.isArray(page.items)) throw new Error(`${base}: ${JSON.stringify(page).slice(0, 200)}`);
        items += page.items.length;
        const next = (page.metadata as { continue?: string } | undefined)?.continue;
        token = next ? next : undefined;
      } while (token !== undefined);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  process.stderr.write(`${items} items\n`);
}

function timed(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ ms: number; code: number | null; stderr: string }> {
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('close', (code) => resolve({ ms: performance.now() - start, code, stderr }));
  });
}

async function main(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === '--list-only') {
    const [server = '', token = '', caFile = '', ...paths] = rest;
    return listOnly(server, token, caFile, paths);
  }
  const count = (mode === '--objects' ? Number(rest[0]) : 0) || 20_000;
  const objects: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++)
    objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod-${i}`, namespace: `ns-${i % 50}`, labels: { app: `app-${i % 200}` } },
      spec: {
        containers: [
          { name: 'app', image: `registry.example/app:${i % 7}`, resources: { requests: { cpu: '10m' } } },
        ],
      },
    });
  for (let n = 0; n < 50; n++)
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}` } });
  const server = await startFakeApiServer({ objects });
  const dir = mkdtempSync(path.join(tmpdir(), 'parapet-bench-cluster-'));
  const kubeconfig = path.join(dir, 'config');
  writeFileSync(kubeconfig, server.kubeconfig('bench'));
  const caFile = path.join(dir, 'ca.pem');
  writeFileSync(caFile, server.caPem);
  const rssFile = path.join(dir, 'rss');
  const profile = process.env.PARAPET_BENCH_PROF_DIR;
  const scanArgs = [
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
    '--import',
    './dist/bench/rss-hook.js',
    'bin/parapet.js',
    'scan',
    '--cluster',
    '--kubeconfig',
    kubeconfig,
    '--format',
    'json',
    '-o',
    path.join(dir, 'report.json'),
    '--fail-on',
    'none',
    '--timings',
  ];
  const scan = await timed(scanArgs, { PARAPET_BENCH_RSS_FILE: rssFile });
  if (scan.code !== 0) throw new Error(`scan failed (${scan.code}): ${scan.stderr}`);
  // the floor lists exactly the collections the scan listed
  const lists = [...new Set(server.requests.filter((r) => r.query.has('limit')).map((r) => r.path))];
  const floor = await timed([
    'dist/bench/cluster.js',
    '--list-only',
    server.url,
    server.token,
    caFile,
    ...lists,
  ]);
  if (floor.code !== 0) throw new Error(`list-only failed: ${floor.stderr}`);
  const rssKiB = Number(readFileSync(rssFile, 'utf8'));
  await server.close();
  process.stdout.write(
    [
      `objects: ${count} pods + 50 namespaces, ${lists.length} collections, pages of ${PAGE}`,
      `list + JSON.parse only (fresh process): ${(floor.ms / 1000).toFixed(2)} s`,
      `parapet scan --cluster --format json: ${(scan.ms / 1000).toFixed(2)} s (${(scan.ms / floor.ms).toFixed(2)}x the floor; target <= 2x)`,
      `scan peak RSS: ${Math.round(rssKiB / 1024)} MiB (target < 1 GiB)`,
      `scan phases: ${scan.stderr.trim().replace(/^parapet scan: /, '')}`,
      '',
    ].join('\n'),
  );
}

await main();
