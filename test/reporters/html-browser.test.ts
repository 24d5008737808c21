/**
 * The HTML report in a real headless Chromium: it opens with no console error and no request but its own file,
 * shows as many findings as the JSON report has, narrows them with filters, and pages a large report. A
 * screenshot of the example site's report is left in the temporary directory (its path is printed).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import type { Finding, ScanReport } from '../../src/findings/finding.js';
import { renderHtml } from '../../src/reporters/html/page.js';
import { hasChromium, launchChromium, NO_CHROMIUM } from '../helpers/chromium.js';
import { parapet } from '../helpers/cli.js';
import { EXAMPLE_DIR } from '../helpers/paths.js';
import { cleanReport, report as fixture } from './fixture.js';

const OUT = mkdtempSync(path.join(tmpdir(), 'parapet-html-'));

interface JsonFinding {
  ruleId: string;
  title: string;
  resource: { kind: string; namespace: string; name: string; file?: string };
  path: string;
  message: string;
  suppressed?: { reason: string };
  references: { framework: string; id: string }[];
}

interface Opened {
  page: Page;
  requests: string[];
  errors: string[];
}

describe('HTML report in Chromium', { skip: hasChromium() ? false : NO_CHROMIUM }, () => {
  let browser: { context: BrowserContext; close: () => Promise<void> };
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  async function open(file: string): Promise<Opened> {
    const requests: string[] = [];
    const errors: string[] = [];
    const page = await browser.context.newPage();
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('#shown[data-ready]');
    return { page, requests, errors };
  }
  const matching = async (page: Page) => Number(await page.getAttribute('#shown', 'data-count'));
  /** The text filter waits a moment for typing to stop: wait for the count to move. */
  const countChanges = (page: Page, from: number) =>
    page.waitForSelector(`#shown:not([data-count="${from}"])`);
  const onPage = (page: Page) => page.locator('[data-finding]').count();

  it('opens offline with no error and no request, shows every finding, and filters narrow them', async (t) => {
    const htmlFile = path.join(OUT, 'site.html');
    const html = parapet(['scan', '--format', 'html', '-o', htmlFile, '--fail-on', 'none', EXAMPLE_DIR]);
    assert.equal(html.code, 0, html.stderr);
    const json = JSON.parse(parapet(['scan', '--format', 'json', '--fail-on', 'none', EXAMPLE_DIR]).stdout);
    const total = json.findings.length as number;
    assert.ok(total > 20, 'the example site has findings');

    const { page, requests, errors } = await open(htmlFile);
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [pathToFileURL(htmlFile).href], 'no request but the page itself');
    assert.equal(await matching(page), total);
    assert.equal(await onPage(page), total, 'one page holds the whole example report');
    assert.equal(await page.locator('details.framework').count(), 6, 'every framework without --framework');

    const screenshot = path.join(OUT, 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    t.diagnostic(`screenshot: ${screenshot}`);

    // a rule: exactly its findings
    const rule = json.findings[0].ruleId as string;
    const ofRule = json.findings.filter((f: { ruleId: string }) => f.ruleId === rule).length;
    await page.selectOption('#f-rule', rule);
    assert.equal(await matching(page), ofRule);
    assert.equal(await onPage(page), ofRule);
    await page.selectOption('#f-rule', '');

    // a severity unticked
    const high = json.findings.filter((f: { severity: string }) => f.severity === 'high').length;
    await page.uncheck('#f-severity input[value="1"]');
    assert.equal(await matching(page), total - high);
    await page.check('#f-severity input[value="1"]');

    // a namespace, then text on top of it
    const inShop = json.findings.filter(
      (f: { resource: { namespace: string } }) => f.resource.namespace === 'shop',
    );
    await page.selectOption('#f-namespace', 'shop');
    assert.equal(await matching(page), inShop.length);
    const word = 'shop-api';
    await page.fill('#f-text', word);
    await countChanges(page, inShop.length);
    // the page searches rule, title, resource, file, path, message, suppression reason and references
    const searched = (f: JsonFinding) =>
      [
        f.ruleId,
        f.title,
        `${f.resource.kind} ${f.resource.namespace}/${f.resource.name}`,
        f.resource.file ?? '',
        f.path,
        f.message,
        f.suppressed?.reason ?? '',
        f.references.map((r) => `${r.framework} ${r.id}`).join(', '),
      ]
        .join('\n')
        .toLowerCase();
    const expected = inShop.filter((f: JsonFinding) => searched(f).includes(word)).length;
    assert.ok(expected > 0 && expected < inShop.length);
    assert.equal(await matching(page), expected);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('an empty report opens too, saying that nothing matches', async () => {
    const file = path.join(OUT, 'empty.html');
    writeFileSync(file, renderHtml(cleanReport, { color: false }));
    const { page, errors, requests } = await open(file);
    assert.deepEqual(errors, []);
    assert.equal(requests.length, 1);
    assert.equal(await matching(page), 0);
    assert.match((await page.textContent('#list')) ?? '', /No finding matches/);
    await page.close();
  });

  it('pages a large report, keeps planted markup inert, and shows suppressed findings with their reason', async () => {
    const base = fixture.findings[1] as Finding;
    const findings: Finding[] = [];
    for (let i = 0; i < 3000; i++) {
      findings.push({
        ...base,
        resource: { ...base.resource, name: `web-${i % 600}` },
        message: i === 7 ? '</script><script>console.error("injected")</script>\u2028<!--' : `finding ${i}`,
        fingerprint: `f${i}`,
        ...(i % 10 === 0 ? { suppressed: { reason: 'accepted <risk> for now' } } : {}),
      });
    }
    const report: ScanReport = { ...fixture, findings };
    const file = path.join(OUT, 'large.html');
    mkdirSync(OUT, { recursive: true });
    writeFileSync(file, renderHtml(report, { color: false }));

    const { page, errors, requests } = await open(file);
    assert.deepEqual(errors, []);
    assert.equal(requests.length, 1);
    assert.equal(await matching(page), 3000);
    const first = await onPage(page);
    assert.ok(first > 0 && first <= 200, `one page at a time (${first} findings drawn)`);
    assert.match((await page.textContent('#page')) ?? '', /page 1 of \d+/);
    await page.click('#next');
    assert.match((await page.textContent('#page')) ?? '', /page 2 of/);

    await page.selectOption('#f-status', 'suppressed');
    assert.equal(await matching(page), 300);
    assert.match(
      (await page.locator('.why').first().textContent()) ?? '',
      /Suppressed: accepted <risk> for now/,
    );

    await page.selectOption('#f-status', 'all');
    await page.fill('#f-text', '</script>');
    await countChanges(page, 3000);
    assert.equal(await matching(page), 1);
    assert.match((await page.locator('.f .m').first().textContent()) ?? '', /<\/script><script>/);
    assert.deepEqual(errors, [], 'the planted script never ran');
    await page.close();
  });
});
