/**
 * The history tests, run unchanged against each store (history-sqlite.test.ts, history-postgres.test.ts): the
 * same schema, migrations and queries must give the same answers on SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { it } from 'node:test';
import { fleet } from '../../src/history/fleet.js';
import { chooseSite, siteHistory } from '../../src/history/history.js';
import { parseLocation } from '../../src/history/location.js';
import { SCHEMA_VERSION } from '../../src/history/migrations.js';
import { connect, openStore } from '../../src/history/open.js';
import { recordScan } from '../../src/history/record.js';
import type { Store } from '../../src/history/store.js';
import { parapet } from '../helpers/cli.js';
import { EXAMPLE_DIR } from '../helpers/paths.js';
import { DAY, PLANTED, report } from './reports.js';

export interface Target {
  /** A `--db` URL of an empty database, new for each call. */
  freshUrl(): Promise<string>;
  /** A scratch directory for report files. */
  dir: string;
}

const T0 = Date.parse('2026-11-01T08:00:00Z');

async function withStore<T>(url: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(parseLocation(url), { create: true });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export function historySuite(target: () => Target): void {
  it('shows findings by severity per scan, new and fixed since the previous one, and how long they stayed open', async () => {
    const url = await target().freshUrl();
    await withStore(url, async (store) => {
      await recordScan(
        store,
        report([
          { rule: 'PP-A', name: 'api', severity: 'critical' },
          { rule: 'PP-B', name: 'api', severity: 'high' },
          { rule: 'PP-C', name: 'web', severity: 'low', suppressed: true },
        ]),
        { site: 'shop-1', at: new Date(T0) },
      );
      await recordScan(
        store,
        report([
          { rule: 'PP-A', name: 'api', severity: 'critical' },
          { rule: 'PP-D', name: 'web', severity: 'medium' },
        ]),
        { site: 'shop-1', at: new Date(T0 + DAY) },
      );
      await recordScan(
        store,
        report([
          { rule: 'PP-D', name: 'web', severity: 'medium' },
          { rule: 'PP-E', name: 'db', severity: 'high' },
        ]),
        { site: 'shop-1', at: new Date(T0 + 3 * DAY) },
      );
      assert.equal(await chooseSite(store, undefined), 'shop-1');
      const h = await siteHistory(store, 'shop-1', T0 + DAY);
      assert.deepEqual(
        h.scans.map((s) => [
          s.at,
          s.bySeverity.critical,
          s.bySeverity.high,
          s.bySeverity.medium,
          s.bySeverity.low,
        ]),
        [
          [T0 + DAY, 1, 0, 1, 0],
          [T0 + 3 * DAY, 0, 1, 1, 0],
        ],
      );
      assert.equal(h.previous?.at, T0 + DAY, 'the previous scan');
      assert.deepEqual(
        h.added.map((f) => [f.ruleId, f.name, f.severity]),
        [['PP-E', 'db', 'high']],
      );
      assert.deepEqual(
        h.fixed.map((f) => [f.ruleId, f.name]),
        [['PP-A', 'api']],
      );
      assert.deepEqual(
        h.open.map((f) => [f.ruleId, f.openMs]),
        [
          ['PP-D', 2 * DAY],
          ['PP-E', 0],
        ],
      );
      // PP-A: open from T0, gone at T0+3d; PP-B gone at T0+1d, which is inside the window
      assert.deepEqual(
        h.fixedInWindow.map((f) => [f.ruleId, f.fixedAt, f.openMs]),
        [
          ['PP-A', T0 + 3 * DAY, 3 * DAY],
          ['PP-B', T0 + DAY, DAY],
        ],
      );
    });
  });

  it('records a scan once however often it is recorded (idempotent per scan id)', async () => {
    const url = await target().freshUrl();
    await withStore(url, async (store) => {
      const scan = report([{ rule: 'PP-A', name: 'api', severity: 'high' }]);
      const first = await recordScan(store, scan, { site: 's', at: new Date(T0) });
      const again = await recordScan(store, scan, { site: 's', at: new Date(T0) });
      assert.equal(first.inserted, true);
      assert.equal(again.inserted, false);
      assert.equal(again.scanId, first.scanId);
      const [scans] = await store.all<{ n: number }>('SELECT COUNT(*) AS n FROM scans');
      const [findings] = await store.all<{ n: number }>('SELECT COUNT(*) AS n FROM findings');
      assert.equal(again.opened, 0);
      assert.equal(Number(scans?.n), 1);
      assert.equal(Number(findings?.n), 1);
    });
  });

  it('keeps each finding as rule, resource, path and severity: no message, title, fix, file or reason', async () => {
    const url = await target().freshUrl();
    await withStore(url, async (store) => {
      await recordScan(
        store,
        report([
          { rule: 'PP-A', name: 'api', severity: 'high' },
          { rule: 'PP-B', name: 'api', severity: 'low', suppressed: true },
        ]),
        { site: 's', at: new Date(T0) },
      );
      for (const table of ['scans', 'findings', 'latest_scans', 'schema_version']) {
        const rows = await store.all<Record<string, unknown>>(`SELECT * FROM ${table}`);
        assert.ok(rows.length > 0, table);
        assert.ok(!JSON.stringify(rows).includes(PLANTED), `${table} holds no message`);
      }
      const [key] = await store.all<Record<string, unknown>>(
        "SELECT rule_id, kind, namespace, name, path, severity FROM findings WHERE rule_id = 'PP-A'",
      );
      assert.deepEqual(key, {
        rule_id: 'PP-A',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'api',
        path: 'spec.template.spec.containers[0].securityContext',
        severity: 'high',
      });
      const [suppressed] = await store.all<{ n: number }>(
        "SELECT COUNT(*) AS n FROM findings WHERE rule_id = 'PP-B'",
      );
      assert.equal(
        Number(suppressed?.n),
        0,
        'a suppressed finding is counted in its scan, not tracked as open',
      );
    });
  });

  it('lists every site with its latest posture and change over the window, worst first', async () => {
    const url = await target().freshUrl();
    await withStore(url, async (store) => {
      const scan = (site: string, day: number, critical: number, high: number) =>
        recordScan(
          store,
          report([
            ...Array.from({ length: critical }, (_, i) => ({
              rule: 'PP-A',
              name: `c${i}`,
              severity: 'critical' as const,
            })),
            ...Array.from({ length: high }, (_, i) => ({
              rule: 'PP-B',
              name: `h${i}`,
              severity: 'high' as const,
            })),
          ]),
          { site, at: new Date(T0 + day * DAY) },
        );
      await scan('calm', 0, 0, 5);
      await scan('calm', 8, 0, 1);
      await scan('calm', 9, 0, 2);
      await scan('burning', 8, 0, 0);
      await scan('burning', 9, 2, 0);
      await scan('old', 1, 0, 9);
      // recorded late: an older scan must not replace the latest
      await scan('burning', 7, 5, 5);
      const view = await fleet(store, T0 + 7.5 * DAY);
      assert.deepEqual(
        view.sites.map((s) => [
          s.site,
          s.latest.bySeverity.critical,
          s.latest.bySeverity.high,
          s.change.critical,
          s.change.high,
          s.stale,
        ]),
        [
          ['burning', 2, 0, 2, 0, false],
          ['old', 0, 9, 0, 0, true],
          ['calm', 0, 2, 0, 1, false],
        ],
      );
      assert.equal(view.sites[2]?.baseline?.at, T0 + 8 * DAY);
      assert.equal(view.sites[1]?.baseline, undefined, 'no scan of "old" in the window');
    });
  });

  it('refuses a database of a newer schema and leaves it as it is', async () => {
    const url = await target().freshUrl();
    await withStore(url, async (store) => {
      await store.run('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)', [
        SCHEMA_VERSION + 1,
        T0,
      ]);
    });
    await assert.rejects(openStore(parseLocation(url), { create: true }), (error: Error) => {
      assert.equal(error.name, 'HistoryError');
      assert.match(
        error.message,
        new RegExp(`schema version ${SCHEMA_VERSION + 1}, newer than this parapet's ${SCHEMA_VERSION}`),
      );
      assert.match(error.message, /not changed/);
      return true;
    });
    const store = await connect(parseLocation(url), { create: false });
    try {
      const versions = await store.all<{ version: number }>(
        'SELECT version FROM schema_version ORDER BY version',
      );
      assert.deepEqual(
        versions.map((r) => Number(r.version)),
        [SCHEMA_VERSION, SCHEMA_VERSION + 1],
      );
      const [scans] = await store.all<{ n: number }>('SELECT COUNT(*) AS n FROM scans');
      assert.equal(Number(scans?.n), 0);
    } finally {
      await store.close();
    }
  });

  it('migrates once: opening an up-to-date database again changes nothing', async () => {
    const url = await target().freshUrl();
    await withStore(url, async () => undefined);
    await withStore(url, async (store) => {
      const rows = await store.all<{ version: number }>('SELECT version FROM schema_version');
      assert.deepEqual(
        rows.map((r) => Number(r.version)),
        [SCHEMA_VERSION],
      );
    });
  });

  it('scan --record, then history and fleet from the command line (table, json, html)', async () => {
    const { dir, freshUrl } = target();
    const db = await freshUrl();
    const out = `${dir}/report.json`;
    for (const site of ['edge-a', 'edge-b']) {
      const scan = parapet([
        'scan',
        '--record',
        '--site',
        site,
        '--db',
        db,
        '--format',
        'json',
        '-o',
        out,
        '--fail-on',
        'none',
        EXAMPLE_DIR,
      ]);
      assert.equal(scan.code, 0, scan.stderr);
    }
    const findings = (
      JSON.parse(readFileSync(out, 'utf8')) as { findings: { suppressed?: unknown }[] }
    ).findings.filter((f) => !f.suppressed).length;
    const history = parapet(['history', '--db', db, '--site', 'edge-a', '--format', 'json']);
    assert.equal(history.code, 0, history.stderr);
    const h = JSON.parse(history.stdout) as { scans: { findings: number }[]; open: { count: number } };
    assert.equal(h.scans.length, 1);
    assert.equal(h.scans[0]?.findings, findings);
    assert.equal(h.open.count, findings);
    const table = parapet(['history', '--db', db, '--site', 'edge-a']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /Site edge-a: 1 scan\(s\)/);
    const ambiguous = parapet(['history', '--db', db]);
    assert.equal(ambiguous.code, 2);
    assert.match(
      ambiguous.stderr,
      /2 sites are recorded: choose one with --site \(recorded: edge-a, edge-b\)/,
    );
    const fleetJson = parapet(['fleet', '--db', db, '--format', 'json']);
    assert.equal(fleetJson.code, 0, fleetJson.stderr);
    assert.deepEqual(
      (JSON.parse(fleetJson.stdout) as { sites: { site: string }[] }).sites.map((s) => s.site),
      ['edge-a', 'edge-b'],
    );
    for (const args of [['history', '--site', 'edge-a'], ['fleet']]) {
      const html = parapet([...args, '--db', db, '--format', 'html']);
      assert.equal(html.code, 0, html.stderr);
      assert.match(html.stdout, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
      assert.doesNotMatch(html.stdout, /\s(src|href)=/i, 'nothing loaded from anywhere');
      writeFileSync(`${dir}/${args[0]}.html`, html.stdout);
    }
  });
}
