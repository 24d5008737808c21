// `npm run bench`: how far the scan is from the cost of merely parsing its input, its peak memory, and
// its start-up cost against node's own. A measurement, not a test: exits 0 whatever the numbers are,
// and 1 only when the scan itself crashed (an exit code other than 0 or 1).
//
//   node dist/bench/run.js [--resources N] [--runs N] [--startup-runs N] [--timeout SECONDS] [--regenerate]

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RULES } from '../src/rules/registry.js';
import { benchCel, formatCelBench } from './cel.js';
import { yamlFiles } from './files.js';
import {
  DEFAULT_RESOURCES,
  DEFAULT_SEED,
  DOCS_PER_FILE,
  GENERATOR_VERSION,
  type GenerateResult,
  generate,
} from './generate.js';
import { benchHtml } from './html.js';
import { measureSingleObject } from './single-object.js';
import { benchWebhook } from './webhook.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BENCH_DIR = join(ROOT, '.bench');
const MANIFESTS = join(BENCH_DIR, 'manifests');
const STAMP = join(BENCH_DIR, 'params.json');
const STARTUP_DIR = join(BENCH_DIR, 'startup');
const CLI = join(ROOT, 'bin', 'parapet.js');
const HOOK = fileURLToPath(new URL('./rss-hook.js', import.meta.url));
const GENERATOR = fileURLToPath(new URL('./generate.js', import.meta.url));
const PARSE_ONLY = fileURLToPath(new URL('./parse-only.js', import.meta.url));

const TARGET_SCAN_RATIO = 2;
const TARGET_RULES_OFF_RATIO = 1.3;
const TARGET_RSS_KIB = 512 * 1024;
/** The same resources over many small files: peak RSS must stay under the target whatever the file count. */
const MANY_FILES = 5000;
const MANY_DIR = join(BENCH_DIR, 'many-files');
const MANY_STAMP = join(BENCH_DIR, 'many-files.json');
const TARGET_STARTUP_RATIO = 2;

interface Options {
  resources: number;
  runs: number;
  startupRuns: number;
  timeoutMs: number;
  regenerate: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    resources: DEFAULT_RESOURCES,
    runs: 3,
    startupRuns: 10,
    timeoutMs: 600_000,
    regenerate: false,
  };
  const fail = (message: string): never => {
    process.stderr.write(
      `bench: ${message}\nusage: node dist/bench/run.js [--resources N] [--runs N] [--startup-runs N] [--timeout SECONDS] [--regenerate]\n`,
    );
    process.exit(2);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--regenerate') {
      options.regenerate = true;
      continue;
    }
    const m = arg.match(/^--(resources|runs|startup-runs|timeout)(?:=(.*))?$/);
    if (!m) fail(`unknown argument ${arg}`);
    const [, name, inline] = m as RegExpMatchArray;
    const raw = inline ?? argv[++i];
    const n = Number(raw);
    if (raw === undefined || !Number.isInteger(n) || n < 1) fail(`--${name} needs a positive integer`);
    if (name === 'resources') options.resources = n;
    else if (name === 'runs') options.runs = n;
    else if (name === 'startup-runs') options.startupRuns = n;
    else options.timeoutMs = n * 1000;
  }
  return options;
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

// ---------------------------------------------------------------------------------------------------------
// Input set, reused across runs when its parameters (and the generator itself) are unchanged

interface Stamp {
  generatorVersion: number;
  generatorSha256: string;
  resources: number;
  files: number;
  seed: number;
  result?: GenerateResult;
}

function ensureManifests(
  resources: number,
  regenerate: boolean,
  files = Math.max(1, Math.round(resources / DOCS_PER_FILE)),
  dir = MANIFESTS,
  stamp = STAMP,
): { result: GenerateResult; reused: boolean } {
  const wanted: Stamp = {
    generatorVersion: GENERATOR_VERSION,
    generatorSha256: createHash('sha256').update(readFileSync(GENERATOR)).digest('hex'),
    resources,
    files,
    seed: DEFAULT_SEED,
  };
  if (!regenerate && existsSync(stamp) && existsSync(dir)) {
    try {
      const { result, ...params } = JSON.parse(readFileSync(stamp, 'utf8')) as Stamp;
      const files = yamlFiles(dir);
      const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
      if (
        result &&
        JSON.stringify(params) === JSON.stringify(wanted) &&
        files.length === result.files &&
        bytes === result.bytes
      ) {
        return { result, reused: true };
      }
    } catch {
      // An unreadable stamp means: generate again.
    }
  }
  log(`generating ${resources} resources in ${files} files into ${relative(ROOT, dir)} ...`);
  rmSync(stamp, { force: true });
  rmSync(dir, { recursive: true, force: true });
  const result = generate(dir, { resources: wanted.resources, files: wanted.files, seed: wanted.seed });
  writeFileSync(stamp, `${JSON.stringify({ ...wanted, result }, null, 2)}\n`);
  return { result, reused: false };
}

// ---------------------------------------------------------------------------------------------------------
// Measurements

interface ChildResult {
  /** Exit code; null when killed by a signal or never started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  stderr: string;
  stdout: string;
  timedOut: boolean;
  spawnError?: string;
}

const TAIL = 64 * 1024;

function runNode(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ChildResult> {
  return new Promise((resolvePromise) => {
    let stdout = '';
    let stderr = '';
    let exitedAt: number | undefined;
    let timedOut = false;
    let spawnError: string | undefined;
    const start = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout = (stdout + chunk).slice(-TAIL);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-TAIL);
    });
    child.on('exit', () => {
      exitedAt = performance.now();
    });
    child.on('error', (error) => {
      spawnError = error.message;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result: ChildResult = {
        code,
        signal,
        ms: (exitedAt ?? performance.now()) - start,
        stderr,
        stdout,
        timedOut,
      };
      if (spawnError !== undefined) result.spawnError = spawnError;
      resolvePromise(result);
    });
  });
}

function succeeded(result: ChildResult): boolean {
  return result.code === 0 || result.code === 1;
}

function describeFailure(result: ChildResult): string {
  if (result.spawnError) return `could not start (${result.spawnError})`;
  if (result.timedOut) return `timed out after ${(result.ms / 1000).toFixed(0)} s`;
  if (result.signal) return `killed by ${result.signal}`;
  return `exit ${result.code}`;
}

interface Series {
  times: number[];
  failure?: { result: ChildResult; what: string };
}

interface ManyFiles {
  input: GenerateResult;
  ms?: number;
  rssKiB?: number;
}

interface ParseRuns {
  /** Each run's time: the slowest of its processes. */
  times: number[];
  documents: number;
  failure?: string;
}

/**
 * The parse alone (dist/bench/parse-only.js), `runs` times: each run starts SHARDS fresh processes at once, each
 * parsing its slice of the files, and counts the slowest. Fresh processes, like the scan's: a parse in this
 * process would run on a heap the generator left full and with code the JIT has already warmed.
 */
async function parseOnly(runs: number, shards: number, keep: boolean, timeoutMs: number): Promise<ParseRuns> {
  const out: ParseRuns = { times: [], documents: 0 };
  for (let run = 0; run < runs; run++) {
    const results = await Promise.all(
      Array.from({ length: shards }, (_, shard) =>
        runNode(
          [PARSE_ONLY, MANIFESTS, String(shard), String(shards), ...(keep ? ['--keep'] : [])],
          process.env,
          timeoutMs,
        ),
      ),
    );
    let slowest = 0;
    let documents = 0;
    for (const result of results) {
      if (!succeeded(result)) return { ...out, failure: `failed: ${describeFailure(result)}` };
      const measured = JSON.parse(result.stdout) as { ms: number; documents: number };
      slowest = Math.max(slowest, measured.ms);
      documents += measured.documents;
    }
    out.times.push(slowest);
    out.documents = documents;
  }
  return out;
}

function fmtParse(runs: ParseRuns): string {
  return runs.failure ?? fmtMs(best(runs.times) as number);
}

async function series(
  what: string,
  runs: number,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  each?: (result: ChildResult) => void,
): Promise<Series> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await runNode(args, env, timeoutMs);
    if (!succeeded(result)) return { times, failure: { result, what } };
    times.push(result.ms);
    each?.(result);
  }
  return { times };
}

function countFindings(reportFile: string): { findings?: number; notes?: string; problem?: string } {
  if (!existsSync(reportFile)) return { problem: 'the scan wrote no report' };
  try {
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as unknown;
    if (typeof report !== 'object' || report === null) return { problem: 'report is not a JSON object' };
    const { findings, notes } = report as { findings?: unknown; notes?: unknown };
    if (!Array.isArray(findings)) return { problem: 'report has no findings array' };
    const out: { findings: number; notes?: string } = { findings: findings.length };
    if (Array.isArray(notes)) {
      const levels: Record<string, number> = {};
      for (const note of notes) {
        const level =
          typeof note === 'object' && note !== null ? String((note as { level?: unknown }).level) : '?';
        levels[level] = (levels[level] ?? 0) + 1;
      }
      out.notes = Object.entries(levels)
        .map(([level, n]) => `${n} ${level}`)
        .join(', ');
      if (out.notes === '') out.notes = 'none';
    }
    return out;
  } catch (error) {
    return { problem: `report unreadable: ${(error as Error).message}` };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Report

const best = (times: number[]): number | undefined => (times.length > 0 ? Math.min(...times) : undefined);
const fmtMs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const fmtInt = (n: number): string => n.toLocaleString('en-US');
const fmtMiB = (kib: number): string => `${(kib / 1024).toFixed(0)} MiB`;
const verdict = (ok: boolean | undefined): string => (ok === undefined ? 'n/a' : ok ? 'yes' : 'NO');

function table(rows: string[][]): string {
  const header = ['metric', 'value', 'target', 'ok?'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const { result: input, reused } = ensureManifests(options.resources, options.regenerate);
  const inputLine = `${(input.bytes / 1e6).toFixed(1)} MB, ${fmtInt(input.resources)} resources, ${fmtInt(input.files)} files`;
  log(`${reused ? 'reusing' : 'generated'} ${relative(ROOT, MANIFESTS)}: ${inputLine}`);
  const small = generate(STARTUP_DIR, { resources: 12, files: 1, seed: DEFAULT_SEED });
  const smallFile = relative(ROOT, yamlFiles(STARTUP_DIR)[0] as string);

  // 1. Parse floor: a fresh process reading and parsing every file, dropping the documents.
  const floorRuns = await parseOnly(options.runs, 1, false, options.timeoutMs);
  if (floorRuns.failure !== undefined)
    throw new Error(`the parse floor could not be measured: ${floorRuns.failure}`);
  if (floorRuns.documents !== input.resources)
    log(`warning: js-yaml saw ${floorRuns.documents} documents, expected ${input.resources}`);
  const floor = best(floorRuns.times) as number;
  log(`parse floor runs: ${floorRuns.times.map(fmtMs).join(', ')}`);

  // 1b. What any scan pays before its first rule: the same parse keeping every document, then split over two
  // processes running at once (how far more cores take it on this machine).
  const keepRuns = await parseOnly(options.runs, 1, true, options.timeoutMs);
  const splitRuns = await parseOnly(options.runs, 2, true, options.timeoutMs);
  const keepAll = keepRuns.failure ?? (best(keepRuns.times) as number);
  const keepSplit = splitRuns.failure ?? (best(splitRuns.times) as number);
  log(
    `parse keeping every document: ${fmtParse(keepRuns)}; split over two processes: ${fmtParse(splitRuns)}`,
  );

  // 2. The scan, as a child process with the peak-RSS hook preloaded.
  // The report (100 MB at 50,000 resources) goes to RAM where there is a tmpfs: the scan is measured, not the
  // disk it happens to write to.
  const work = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'parapet-bench-'));
  const reportFile = join(work, 'report.json');
  const rssFile = join(work, 'maxrss');
  const crashes: { what: string; result: ChildResult }[] = [];
  let scan: Series = { times: [] };
  let peakRssKiB: number | undefined;
  let rssMissing = false;
  let findings: ReturnType<typeof countFindings> = {};
  let scanPhases: string | undefined;
  let noRules: Series = { times: [] };
  let fastestScanMs = Number.POSITIVE_INFINITY;
  let manyFiles: ManyFiles | undefined;
  try {
    if (!existsSync(HOOK))
      throw new Error(`${relative(ROOT, HOOK)} is missing: build with npx tsc -p tsconfig.json`);
    const scanArgs = [
      '--import',
      pathToFileURL(HOOK).href,
      CLI,
      'scan',
      '--format',
      'json',
      '-o',
      reportFile,
      relative(ROOT, MANIFESTS),
      '--fail-on',
      'none',
      '--timings',
    ];
    const env = { ...process.env, PARAPET_BENCH_RSS_FILE: rssFile };
    let run = 0;
    scan = await series('scan', options.runs, scanArgs, env, options.timeoutMs, (result) => {
      run++;
      let rss: number | undefined;
      try {
        rss = Number.parseInt(readFileSync(rssFile, 'utf8'), 10);
      } catch {
        rssMissing = true;
      }
      if (rss !== undefined && Number.isFinite(rss)) peakRssKiB = Math.max(peakRssKiB ?? 0, rss);
      rmSync(rssFile, { force: true });
      // the phases of the fastest run so far: where the time goes
      const phases = /parapet scan: (.*)/.exec(result.stderr)?.[1];
      if (phases !== undefined && result.ms < fastestScanMs) {
        fastestScanMs = result.ms;
        scanPhases = phases;
      }
      log(
        `scan run ${run}/${options.runs}: ${fmtMs(result.ms)}, exit ${result.code}` +
          (rss !== undefined ? `, peak RSS ${fmtMiB(rss)}` : ', no RSS recorded'),
      );
    });
    if (scan.failure) {
      crashes.push(scan.failure);
      log(`scan failed: ${describeFailure(scan.failure.result)}`);
    } else {
      findings = countFindings(reportFile);
    }
    // The same scan with every rule turned off: what reading, parsing, the inventory and an empty report cost.
    const rulesOff = join(work, 'every-rule-off.yaml');
    writeFileSync(rulesOff, `rules:\n${RULES.map((rule) => `  ${rule.meta.id}: off\n`).join('')}`);
    noRules = await series(
      'scan, every rule off',
      options.runs,
      [...scanArgs.slice(2), '--policy', rulesOff],
      process.env,
      options.timeoutMs,
    );
    if (noRules.failure) crashes.push(noRules.failure);
    log(
      `scan with every rule off: ${noRules.failure ? describeFailure(noRules.failure.result) : noRules.times.map(fmtMs).join(', ')}`,
    );
    // The same number of resources over many small files: memory must not grow with the file count.
    const manyCount = Math.min(MANY_FILES, Math.max(1, Math.floor(options.resources / 10)));
    const many = ensureManifests(options.resources, options.regenerate, manyCount, MANY_DIR, MANY_STAMP);
    manyFiles = { input: many.result };
    const manyArgs = scanArgs.map((arg) =>
      arg === relative(ROOT, MANIFESTS) ? relative(ROOT, MANY_DIR) : arg,
    );
    const manyRun = await series('scan of many files', 1, manyArgs, env, options.timeoutMs, (result) => {
      const rss = Number.parseInt(readFileSync(rssFile, 'utf8'), 10);
      if (Number.isFinite(rss)) (manyFiles as ManyFiles).rssKiB = rss;
      (manyFiles as ManyFiles).ms = result.ms;
      rmSync(rssFile, { force: true });
    });
    if (manyRun.failure) crashes.push(manyRun.failure);
    log(
      `scan of ${fmtInt(many.result.files)} files: ${manyRun.failure ? describeFailure(manyRun.failure.result) : fmtMs(manyRun.times[0] as number)}`,
    );
  } catch (error) {
    log(`scan not measured: ${(error as Error).message}`);
    scan = {
      times: [],
      failure: {
        what: 'scan',
        result: {
          code: null,
          signal: null,
          ms: 0,
          stderr: '',
          stdout: '',
          timedOut: false,
          spawnError: (error as Error).message,
        },
      },
    };
    crashes.push(scan.failure as { what: string; result: ChildResult });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  // 3. Start-up: node alone against a one-file scan.
  log(
    `start-up: node -e 0 and a one-file scan (${small.resources} resources), ${options.startupRuns} runs each`,
  );
  const bare = await series('node -e 0', options.startupRuns, ['-e', '0'], process.env, 60_000);
  const oneFile = await series(
    'one-file scan',
    options.startupRuns,
    [CLI, 'scan', smallFile, '--format', 'json', '-o', devNull, '--fail-on', 'none'],
    process.env,
    60_000,
  );
  if (oneFile.failure) {
    crashes.push(oneFile.failure);
    log(`one-file scan failed: ${describeFailure(oneFile.failure.result)}`);
  }

  // Report.
  const scanBest = best(scan.times);
  const bareBest = best(bare.times);
  const oneBest = best(oneFile.times);
  const scanRatio = scanBest !== undefined ? scanBest / floor : undefined;
  const startRatio = oneBest !== undefined && bareBest !== undefined ? oneBest / bareBest : undefined;
  const failed = (s: Series) => `failed: ${describeFailure((s.failure as { result: ChildResult }).result)}`;

  const single = measureSingleObject();
  const rows: string[][] = [
    ['input', inputLine, '', ''],
    [`parse floor: read + js-yaml loadAll, fresh process (best of ${options.runs})`, fmtMs(floor), '', ''],
    [
      'parse keeping every document, fresh process (what a scan pays before its first rule)',
      typeof keepAll === 'number'
        ? `${fmtMs(keepAll)} (${(keepAll / floor).toFixed(2)}× parse floor)`
        : keepAll,
      '',
      '',
    ],
    [
      'the same split over 2 processes running at once (slowest half)',
      typeof keepSplit === 'number' && typeof keepAll === 'number'
        ? `${fmtMs(keepSplit)} (${(keepSplit / floor).toFixed(2)}× parse floor; ${(keepAll / keepSplit).toFixed(2)}× speed-up)`
        : String(keepSplit),
      '',
      '',
    ],
    [
      `scan wall time (best of ${options.runs})`,
      scanBest !== undefined
        ? `${fmtMs(scanBest)} (${(scanRatio as number).toFixed(2)}× parse floor)`
        : failed(scan),
      `≤ ${TARGET_SCAN_RATIO}× parse floor (${fmtMs(floor * TARGET_SCAN_RATIO)})`,
      verdict(scanRatio !== undefined ? scanRatio <= TARGET_SCAN_RATIO : scan.failure ? false : undefined),
    ],
    [
      'the same scan with every rule turned off (read, parse, inventory, empty report)',
      best(noRules.times) !== undefined
        ? `${fmtMs(best(noRules.times) as number)} (${((best(noRules.times) as number) / floor).toFixed(2)}× parse floor)`
        : noRules.failure
          ? failed(noRules)
          : 'not run',
      `≤ ${TARGET_RULES_OFF_RATIO}× parse floor (${fmtMs(floor * TARGET_RULES_OFF_RATIO)})`,
      verdict(
        best(noRules.times) !== undefined
          ? (best(noRules.times) as number) / floor <= TARGET_RULES_OFF_RATIO
          : undefined,
      ),
    ],
    [
      'scan peak RSS (maxRSS)',
      peakRssKiB !== undefined
        ? fmtMiB(peakRssKiB)
        : scan.failure
          ? failed(scan)
          : 'not recorded by the hook',
      '< 512 MiB',
      verdict(peakRssKiB !== undefined ? peakRssKiB < TARGET_RSS_KIB : scan.failure ? false : undefined),
    ],
    [
      `the same resources in ${fmtInt(manyFiles?.input.files ?? MANY_FILES)} files: scan wall time, peak RSS (1 run)`,
      manyFiles?.ms !== undefined
        ? `${fmtMs(manyFiles.ms)}, ${manyFiles.rssKiB !== undefined ? fmtMiB(manyFiles.rssKiB) : 'no RSS recorded'}`
        : 'not run',
      '< 512 MiB',
      verdict(manyFiles?.rssKiB !== undefined ? manyFiles.rssKiB < TARGET_RSS_KIB : undefined),
    ],
    [
      'findings (findings.length)',
      findings.findings !== undefined
        ? fmtInt(findings.findings)
        : scan.failure
          ? failed(scan)
          : (findings.problem ?? 'n/a'),
      '',
      '',
    ],
    [
      `node bare start: node -e 0 (best of ${options.startupRuns})`,
      bareBest !== undefined ? fmtMs(bareBest) : failed(bare),
      '',
      '',
    ],
    [
      `one-file scan start-up (best of ${options.startupRuns})`,
      oneBest !== undefined
        ? `${fmtMs(oneBest)} (${(startRatio as number).toFixed(2)}× bare start)`
        : failed(oneFile),
      `≤ ${TARGET_STARTUP_RATIO}× node bare start${bareBest !== undefined ? ` (${fmtMs(bareBest * TARGET_STARTUP_RATIO)})` : ''}`,
      verdict(
        startRatio !== undefined ? startRatio <= TARGET_STARTUP_RATIO : oneFile.failure ? false : undefined,
      ),
    ],
    [
      'one AdmissionReview decoded and judged by the whole catalog (webhook path, in-process)',
      `${single.microseconds.toFixed(1)} µs (${single.violations} findings)`,
      '< 1 ms',
      verdict(single.microseconds < 1000),
    ],
  ];

  const out: string[] = [];
  out.push('', `## parapet bench (node ${process.version}, ${process.platform}/${process.arch})`, '');
  out.push(
    `Input: ${inputLine} in ${relative(ROOT, MANIFESTS)}${reused ? ' (reused)' : ''}. ` +
      `Findings: ${findings.findings !== undefined ? fmtInt(findings.findings) : 'n/a'}` +
      (findings.notes !== undefined ? ` (notes: ${findings.notes})` : '') +
      '.',
    '',
  );
  out.push(table(rows), '');
  out.push(`parse floor runs: ${floorRuns.times.map(fmtMs).join(', ')}`);
  out.push(`scan runs: ${scan.times.length > 0 ? scan.times.map(fmtMs).join(', ') : 'none completed'}`);
  if (scanPhases !== undefined) out.push(`fastest scan's phases (--timings): ${scanPhases}`);
  out.push(`node -e 0 runs: ${bare.times.map(fmtMs).join(', ')}`);
  out.push(
    `one-file scan runs: ${oneFile.times.length > 0 ? oneFile.times.map(fmtMs).join(', ') : 'none completed'}`,
  );
  if (rssMissing)
    out.push('note: the RSS hook wrote nothing in some runs (did the scan exit through a signal?)');
  process.stdout.write(`${out.join('\n')}\n`);
  process.stdout.write(`\n${await (await import('./rbac.js')).runRbacBench()}\n`);
  process.stdout.write(`\n${(await import('./supply.js')).runSupplyBench()}\n`);
  process.stdout.write(`\n${await benchWebhook([])}`);
  process.stdout.write(`\n${await benchHtml(relative(ROOT, MANIFESTS), options.runs)}`);
  process.stdout.write(`\n${await (await import('./history.js')).runHistoryBench()}\n`);
  process.stdout.write(`\n${await (await import('./detect.js')).benchDetect([])}`);
  process.stdout.write(`\n${formatCelBench(benchCel())}`);

  if (crashes.length > 0) {
    for (const { what, result } of crashes) {
      process.stderr.write(`\nbench: the ${what} crashed (${describeFailure(result)}); its stderr:\n`);
      process.stderr.write(
        result.stderr.trim() === '' ? '(empty)\n' : `${result.stderr.replace(/\n?$/, '\n')}`,
      );
    }
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
