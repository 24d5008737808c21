// The history part of `npm run bench` (also `node dist/bench/history.js`): records the 50,000-resource bench scan
// (about 90,000 findings) into SQLite and into a real PostgreSQL started here, then lists a fleet of 1,000 sites
// × 100 scans, in process (the query) and as the whole `parapet fleet` command. Targets: record into SQLite < 1 s,
// into PostgreSQL < 3 s, fleet < 200 ms. A measurement: exits 0 whatever the numbers are.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scan } from '../src/engine/scan.js';
import type { ScanReport } from '../src/findings/finding.js';
import { SEVERITIES } from '../src/findings/severity.js';
import { fleet } from '../src/history/fleet.js';
import { type Location, parseLocation } from '../src/history/location.js';
import { openStore } from '../src/history/open.js';
import { recordScan } from '../src/history/record.js';
import type { Store } from '../src/history/store.js';
import { RULES } from '../src/rules/registry.js';
import { createDatabase, postgresBin, startPostgres } from '../test/helpers/postgres.js';
import { DEFAULT_RESOURCES, generate } from './generate.js';

const CLI = fileURLToPath(new URL('../../bin/parapet.js', import.meta.url));
const TARGETS = { sqliteMs: 1000, postgresMs: 3000, fleetMs: 200 };
const FLEET = { sites: 1000, scansPerSite: 100 };
const DAY = 86_400_000;

function ms(start: number): number {
  return performance.now() - start;
}

function verdict(value: number, target: number): string {
  return `${value.toFixed(0)} ms (target < ${target} ms: ${value < target ? 'met' : 'NOT met'})`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
}

async function benchScan(dir: string): Promise<ScanReport> {
  const manifests = join(dir, 'manifests');
  generate(manifests, { resources: DEFAULT_RESOURCES });
  return (await scan({ paths: [manifests], catalog: RULES })).report;
}

/** Recording the bench scan into an empty, migrated database: first scan, then the next day's (keys known). */
async function record(location: Location, report: ScanReport): Promise<{ first: number; next: number }> {
  const store = await openStore(location, { create: true });
  try {
    let start = performance.now();
    await recordScan(store, report, { site: 'bench', at: new Date(Date.now() - DAY) });
    const first = ms(start);
    start = performance.now();
    await recordScan(store, report, { site: 'bench', at: new Date() });
    return { first, next: ms(start) };
  } finally {
    await store.close();
  }
}

/** 1,000 sites × 100 daily scans, written straight into the tables (the fleet reads no findings). */
async function seedFleet(store: Store): Promise<void> {
  const now = Date.now();
  const scans: unknown[][] = [];
  const latest: unknown[][] = [];
  for (let s = 0; s < FLEET.sites; s++) {
    for (let d = 0; d < FLEET.scansPerSite; d++) {
      const at = now - (FLEET.scansPerSite - 1 - d) * DAY;
      const counts = SEVERITIES.map((_, i) => (s * 7 + d * (i + 1)) % 50);
      scans.push([`site-${s}-${d}`, `site-${s}`, at, '0.1.0', 5000, ...counts, 0]);
      if (d === FLEET.scansPerSite - 1) latest.push([`site-${s}`, `site-${s}-${d}`, at]);
    }
  }
  await store.transaction(async () => {
    await store.insertMany(
      'scans',
      ['id', 'site', 'scanned_at', 'parapet_version', 'resources', ...SEVERITIES, 'suppressed'],
      scans,
    );
    await store.insertMany('latest_scans', ['site', 'scan_id', 'scanned_at'], latest);
  });
  // the planner's statistics, as a long-lived database would have them
  await store.run('ANALYZE');
}

async function benchFleet(url: string): Promise<{ query: number; command: number }> {
  const store = await openStore(parseLocation(url), { create: true });
  try {
    await seedFleet(store);
    const since = Date.now() - 7 * DAY;
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const start = performance.now();
      const view = await fleet(store, since);
      times.push(ms(start));
      if (view.sites.length !== FLEET.sites) throw new Error(`fleet listed ${view.sites.length} sites`);
    }
    const commands: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      const child = spawnSync(process.execPath, [CLI, 'fleet', '--db', url, '--format', 'json'], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      commands.push(ms(start));
      if (child.status !== 0) throw new Error(`parapet fleet failed: ${child.stderr}`);
    }
    return { query: median(times), command: median(commands) };
  } finally {
    await store.close();
  }
}

export async function runHistoryBench(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'parapet-bench-history-'));
  const out = ['history (scan --record, parapet fleet):'];
  try {
    const report = await benchScan(dir);
    out.push(`  bench scan: ${report.resources.length} resources, ${report.findings.length} findings`);
    const sqlite = await record({ kind: 'sqlite', path: join(dir, 'record.db') }, report);
    out.push(
      `  record into SQLite: ${verdict(sqlite.first, TARGETS.sqliteMs)}; the next scan: ${sqlite.next.toFixed(0)} ms`,
    );
    const sqliteFleet = await benchFleet(`sqlite:${join(dir, 'fleet.db')}`);
    out.push(
      `  fleet on SQLite, ${FLEET.sites} sites × ${FLEET.scansPerSite} scans: query ${verdict(sqliteFleet.query, TARGETS.fleetMs)}; whole command ${verdict(sqliteFleet.command, TARGETS.fleetMs)}`,
    );
    const bin = postgresBin();
    if (bin === undefined) {
      out.push('  PostgreSQL: not measured (server binaries not found under /usr/lib/postgresql/*/bin)');
    } else {
      const server = await startPostgres(bin);
      try {
        const pg = await record(parseLocation(server.url), report);
        out.push(
          `  record into PostgreSQL: ${verdict(pg.first, TARGETS.postgresMs)}; the next scan: ${pg.next.toFixed(0)} ms`,
        );
        const pgFleet = await benchFleet(await createDatabase(server.url, 'fleet'));
        out.push(
          `  fleet on PostgreSQL, ${FLEET.sites} sites × ${FLEET.scansPerSite} scans: query ${verdict(pgFleet.query, TARGETS.fleetMs)}; whole command ${verdict(pgFleet.command, TARGETS.fleetMs)}`,
        );
      } finally {
        await server.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(`${await runHistoryBench()}\n`);
