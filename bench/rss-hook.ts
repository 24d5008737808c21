// Preloaded into the scan by the benchmark (`node --import dist/bench/rss-hook.js bin/parapet.js ...`):
// on exit, writes the process's peak resident set size (KiB, from getrusage) to $PARAPET_BENCH_RSS_FILE.

import { writeFileSync } from 'node:fs';

const target = process.env.PARAPET_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    try {
      writeFileSync(target, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // A measurement aid must never change the scan's outcome.
    }
  });
}
