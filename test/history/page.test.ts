/**
 * The history and fleet pages in a real headless Chromium (Debian's chromium): the trend is drawn by the inlined
 * uPlot under the page's own Content-Security-Policy, with no console error (a blocked request would log one).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fleet } from '../../src/history/fleet.js';
import { fleetHtml } from '../../src/history/fleet-report.js';
import { siteHistory } from '../../src/history/history.js';
import { historyHtml } from '../../src/history/history-report.js';
import { openStore } from '../../src/history/open.js';
import { recordScan } from '../../src/history/record.js';
import { DAY, PLANTED, report } from './reports.js';

const CHROMIUM = '/usr/bin/chromium';

/** The DOM after the page's scripts ran, and what Chromium logged (console messages included). */
function render(file: string, dir: string): { dom: string; log: string } {
  const result = spawnSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      `--user-data-dir=${path.join(dir, 'profile')}`,
      '--enable-logging=stderr',
      '--v=0',
      '--dump-dom',
      `file://${file}`,
    ],
    { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
  assert.equal(result.status, 0, result.error?.message ?? result.stderr);
  return { dom: result.stdout, log: result.stderr };
}

describe('history and fleet pages in headless Chromium', {
  skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} not found (apt-get install chromium)`,
}, () => {
  let dir = '';
  let historyPage = '';
  let fleetPage = '';
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parapet-history-page-'));
    const store = await openStore({ kind: 'sqlite', path: path.join(dir, 'h.db') }, { create: true });
    try {
      const t0 = Date.parse('2026-11-20T06:00:00Z');
      for (let day = 0; day < 5; day++)
        await recordScan(
          store,
          report([
            { rule: 'PP-A', name: `api-${day % 2}`, severity: 'critical' },
            ...Array.from({ length: day }, (_, i) => ({
              rule: 'PP-B',
              name: `w-${i}`,
              severity: 'medium' as const,
            })),
          ]),
          { site: 'shop-<1>', at: new Date(t0 + day * DAY) },
        );
      historyPage = historyHtml(await siteHistory(store, 'shop-<1>', t0));
      fleetPage = fleetHtml(await fleet(store, t0));
    } finally {
      await store.close();
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('draws the trend with no console error, and holds no message', () => {
    assert.ok(!historyPage.includes(PLANTED));
    assert.ok(historyPage.includes('shop-&#60;1&#62;'), 'the site name is escaped');
    const file = path.join(dir, 'history.html');
    writeFileSync(file, historyPage);
    const { dom, log } = render(file, dir);
    assert.match(dom, /class="uplot/, 'uPlot drew the chart');
    assert.match(dom, /<canvas/);
    assert.doesNotMatch(log, /CONSOLE|Refused to/, 'no console message, no blocked request');
  });

  it('the fleet page opens with no console error', () => {
    const file = path.join(dir, 'fleet.html');
    writeFileSync(file, fleetPage);
    const { dom, log } = render(file, dir);
    assert.match(dom, /shop-&lt;1&gt;/);
    assert.doesNotMatch(log, /CONSOLE|Refused to/);
  });
});
