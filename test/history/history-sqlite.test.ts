/** The history suite on SQLite (a file in a temporary directory), and what only the SQLite store does. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultSqlitePath, parseLocation } from '../../src/history/location.js';
import { parapet } from '../helpers/cli.js';
import { EXAMPLE_DIR } from '../helpers/paths.js';
import { historySuite, type Target } from './suite.js';

describe('history on SQLite', () => {
  let dir = '';
  let n = 0;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'parapet-history-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const target = (): Target => ({
    dir,
    freshUrl: async () => `sqlite:${path.join(dir, `db-${++n}`, 'history.db')}`,
  });
  historySuite(target);

  it('defaults to a file under the user data directory, or PARAPET_DATABASE_URL', () => {
    assert.equal(defaultSqlitePath({ XDG_DATA_HOME: '/data' }), '/data/parapet/history.db');
    assert.equal(defaultSqlitePath({ HOME: '/home/ops' }).endsWith('/.local/share/parapet/history.db'), true);
    assert.deepEqual(parseLocation(undefined, { XDG_DATA_HOME: '/data' }), {
      kind: 'sqlite',
      path: '/data/parapet/history.db',
    });
    assert.deepEqual(parseLocation(undefined, { PARAPET_DATABASE_URL: 'postgres://u@h/db' }), {
      kind: 'postgres',
      url: 'postgres://u@h/db',
    });
    assert.deepEqual(parseLocation('sqlite:rel/h.db', {}), { kind: 'sqlite', path: 'rel/h.db' });
    assert.deepEqual(parseLocation('sqlite:///abs/h.db', {}), { kind: 'sqlite', path: '/abs/h.db' });
    const scan = parapet(
      ['scan', '--record', '--site', 'here', '--fail-on', 'none', '--format', 'json', EXAMPLE_DIR],
      {
        env: { XDG_DATA_HOME: path.join(dir, 'xdg'), PARAPET_DATABASE_URL: '' },
      },
    );
    assert.equal(scan.code, 0, scan.stderr);
    const fleet = parapet(['fleet', '--format', 'json'], {
      env: { XDG_DATA_HOME: path.join(dir, 'xdg'), PARAPET_DATABASE_URL: '' },
    });
    assert.equal(fleet.code, 0, fleet.stderr);
    assert.equal((JSON.parse(fleet.stdout) as { sites: { site: string }[] }).sites[0]?.site, 'here');
  });

  it('a bad URL or an unusable file: one line, exit 2, and the scan report still written', () => {
    const notADb = path.join(dir, 'not-a-db');
    writeFileSync(notADb, 'plain text, not SQLite\n'.repeat(100));
    for (const [db, message] of [
      [
        'mysql://h/db',
        /^parapet scan: database URL must be sqlite:PATH or postgres:\/\/USER@HOST\/DB \(got "mysql:\/\/h\/db"\)\n$/,
      ],
      [
        `sqlite:${notADb}`,
        /^parapet scan: (cannot open )?history database .*not-a-db: file is not a database\n$/,
      ],
      [
        'postgres://u:hunter2@127.0.0.1:1/db',
        /^parapet scan: cannot connect to history database postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/db: .*ECONNREFUSED.*\n$/,
      ],
    ] as const) {
      const out = path.join(dir, 'bad-url.json');
      rmSync(out, { force: true });
      const scan = parapet(['scan', '--record', '--db', db, '--format', 'json', '-o', out, EXAMPLE_DIR]);
      assert.equal(scan.code, 2, db);
      assert.match(scan.stderr, message);
      assert.ok((JSON.parse(readFileSync(out, 'utf8')) as { findings: unknown[] }).findings.length > 0);
    }
  });

  it('history and fleet on a database never recorded into: a clear line, exit 2, no file created', () => {
    const missing = path.join(dir, 'none', 'history.db');
    const history = parapet(['history', '--db', `sqlite:${missing}`]);
    assert.equal(history.code, 2);
    assert.match(
      history.stderr,
      /^parapet history: no history at .*none\/history\.db yet: record a scan there with `parapet scan --record`/,
    );
    assert.equal(parapet(['fleet', '--db', `sqlite:${missing}`]).code, 2);
    assert.equal(existsSync(missing), false);
  });

  it('--site and --db need --record; --since needs a duration or a date', () => {
    const site = parapet(['scan', '--site', 'x', EXAMPLE_DIR]);
    assert.equal(site.code, 2);
    assert.match(site.stderr, /--site works only with --record/);
    const since = parapet(['fleet', '--since', 'yesterday']);
    assert.equal(since.code, 2);
    assert.match(since.stderr, /--since takes a duration such as 30d/);
  });
});
