/**
 * The history suite on a real PostgreSQL started here (a database per test), and what only a shared server
 * shows: sites recording at the same moment into one new database.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fleet } from '../../src/history/fleet.js';
import { parseLocation } from '../../src/history/location.js';
import { openStore } from '../../src/history/open.js';
import { recordScan } from '../../src/history/record.js';
import {
  createDatabase,
  POSTGRES_MISSING,
  type Postgres,
  postgresBin,
  startPostgres,
} from '../helpers/postgres.js';
import { report } from './reports.js';
import { historySuite, type Target } from './suite.js';

const bin = postgresBin();

describe('history on PostgreSQL (real server)', {
  skip: bin === undefined ? POSTGRES_MISSING : false,
}, () => {
  let server: Postgres | undefined;
  let dir = '';
  let n = 0;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parapet-history-pg-'));
    server = await startPostgres(bin as string);
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A new, empty database on the test server. */
  const freshUrl = () => createDatabase((server as Postgres).url, `history_${++n}`);
  const target = (): Target => ({ dir, freshUrl });
  historySuite(target);

  it('many sites recording at once into one new database: each migrates safely, all are recorded', async () => {
    const url = await freshUrl();
    const sites = Array.from({ length: 8 }, (_, i) => `shop-${i}`);
    await Promise.all(
      sites.map(async (site, i) => {
        const store = await openStore(parseLocation(url), { create: true });
        try {
          await recordScan(store, report([{ rule: 'PP-A', name: `api-${i}`, severity: 'high' }]), { site });
        } finally {
          await store.close();
        }
      }),
    );
    const store = await openStore(parseLocation(url), { create: false });
    try {
      const view = await fleet(store, 0);
      assert.deepEqual(view.sites.map((s) => s.site).sort(), sites);
      const [versions] = await store.all<{ n: number }>('SELECT COUNT(*) AS n FROM schema_version');
      assert.equal(Number(versions?.n), 1);
    } finally {
      await store.close();
    }
  });

  it('two scans of one site recorded at once: the site lock keeps one open span per finding', async () => {
    const url = await freshUrl();
    const scan = report([{ rule: 'PP-A', name: 'api', severity: 'high' }]);
    await Promise.all(
      [1, 2].map(async (minute) => {
        const store = await openStore(parseLocation(url), { create: true });
        try {
          await recordScan(store, scan, { site: 'shop', at: new Date(Date.UTC(2026, 11, 1, 8, minute)) });
        } finally {
          await store.close();
        }
      }),
    );
    const store = await openStore(parseLocation(url), { create: false });
    try {
      const [open] = await store.all<{ n: number }>(
        'SELECT COUNT(*) AS n FROM findings WHERE fixed_at IS NULL',
      );
      assert.equal(Number(open?.n), 1);
    } finally {
      await store.close();
    }
  });
});
