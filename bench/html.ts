// The HTML report of the bench scan: how long `parapet scan --format html` takes to write it, how large it is,
// and how long the page takes to open in headless Chromium (Debian's, through playwright-core), from the start
// of the navigation until its first page of findings is drawn (`#shown[data-ready]`). A measurement, not a test.
//
//   node dist/bench/html.js [MANIFESTS_DIR] [--runs N]     (default: 50,000 generated resources, 3 runs)
//
// `npm run bench` runs it on the bench's own manifests after the scan figures.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hasChromium, launchChromium, NO_CHROMIUM } from '../test/helpers/chromium.js';
import { DEFAULT_RESOURCES, DEFAULT_SEED, DOCS_PER_FILE, generate } from './generate.js';

const CLI = fileURLToPath(new URL('../../bin/parapet.js', import.meta.url));
const TARGET_OPEN_MS = 2000;

const fmtMs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

/** The figures as a markdown table, like the other benches. */
export async function benchHtml(manifests: string, runs = 3): Promise<string> {
  const work = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'parapet-html-bench-'));
  const file = join(work, 'report.html');
  try {
    const start = performance.now();
    const scan = spawnSync(
      process.execPath,
      [CLI, 'scan', '--format', 'html', '-o', file, '--fail-on', 'none', '--timings', manifests],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const scanMs = performance.now() - start;
    if (scan.status !== 0 && scan.status !== 1)
      throw new Error(`the scan failed (exit ${scan.status}): ${scan.stderr}`);
    const phases = /parapet scan: (.*)/.exec(scan.stderr)?.[1] ?? '';
    const rows: string[][] = [
      ['scan writing the HTML report (wall time)', fmtMs(scanMs), '', ''],
      ['HTML report size', `${(statSync(file).size / 1e6).toFixed(1)} MB`, '', ''],
    ];
    let findings = 'n/a';
    let times: number[] = [];
    if (!hasChromium()) {
      rows.push([
        'page opens in Chromium',
        `not measured: ${NO_CHROMIUM}`,
        `< ${fmtMs(TARGET_OPEN_MS)}`,
        'n/a',
      ]);
    } else {
      const browser = await launchChromium();
      try {
        for (let run = 0; run < runs; run++) {
          const page = await browser.context.newPage();
          const t0 = performance.now();
          await page.goto(pathToFileURL(file).href, { timeout: 120_000 });
          await page.waitForSelector('#shown[data-ready]', { timeout: 120_000 });
          times.push(performance.now() - t0);
          findings = (await page.getAttribute('#shown', 'data-count')) ?? 'n/a';
          await page.close();
        }
      } finally {
        await browser.close();
      }
      const best = Math.min(...times);
      rows.push([
        `page opens in headless Chromium, navigation to first page drawn (best of ${runs})`,
        fmtMs(best),
        `< ${fmtMs(TARGET_OPEN_MS)}`,
        best < TARGET_OPEN_MS ? 'yes' : 'NO',
      ]);
    }
    times = times.map((t) => Math.round(t));
    const header = ['metric', 'value', 'target', 'ok?'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
    const line = (cells: string[]) =>
      `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
    return [
      `## HTML report (${findings} findings)`,
      '',
      line(header),
      `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
      ...rows.map(line),
      '',
      `open runs (ms): ${times.join(', ') || 'none'}`,
      `scan phases (--timings): ${phases}`,
      '',
    ].join('\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 3;
  let dir = args[0];
  let generated: string | undefined;
  if (dir === undefined) {
    generated = mkdtempSync(join(tmpdir(), 'parapet-html-bench-manifests-'));
    dir = generated;
    process.stderr.write(`bench: generating ${DEFAULT_RESOURCES} resources into ${dir} ...\n`);
    generate(dir, {
      resources: DEFAULT_RESOURCES,
      files: DEFAULT_RESOURCES / DOCS_PER_FILE,
      seed: DEFAULT_SEED,
    });
  }
  benchHtml(dir, Number.isInteger(runs) && runs > 0 ? runs : 3)
    .then((text) => process.stdout.write(text))
    .catch((error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    })
    .finally(() => {
      if (generated !== undefined) rmSync(generated, { recursive: true, force: true });
    });
}
