#!/usr/bin/env node
// Prints a Stryker `--mutate` list of code lines drawn uniformly at random from src/rules, so that a run over them
// estimates the whole scope's mutation score without the 10–20 hours the whole scope takes on two cores: every
// mutant is in the sample with the same chance (that of its line), so killed/tested over the sample is an
// unbiased estimate of the score.
//
//   node scripts/mutation-sample.mjs [--lines N] [--seed S] [--scope DIR]
//   npx stryker run --force --concurrency 1 --timeoutMS 5000 --mutate "$(node scripts/mutation-sample.mjs)"
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const lines = Number(option('lines', '150'));
let seed = Number(option('seed', '20261202')) >>> 0;
const scope = option('scope', 'src/rules');

// mulberry32: a small seeded generator, so a sample can be drawn again exactly
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const files = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

// lines that can hold a mutant: not blank, not only a comment, an import or closing punctuation
const candidates = [];
for (const file of files(scope).sort()) {
  const text = readFileSync(file, 'utf8').split('\n');
  text.forEach((line, i) => {
    const code = line.trim();
    if (code === '' || /^(\/\/|\/\*|\*)/.test(code) || /^import\b/.test(code) || /^[\])};,]+$/.test(code))
      return;
    candidates.push(`${relative(process.cwd(), file)}:${i + 1}-${i + 1}`);
  });
}
// a partial Fisher–Yates shuffle: the first `lines` entries are the sample
for (let i = 0; i < Math.min(lines, candidates.length); i++) {
  const j = i + Math.floor(random() * (candidates.length - i));
  [candidates[i], candidates[j]] = [candidates[j], candidates[i]];
}
process.stderr.write(
  `mutation-sample: ${Math.min(lines, candidates.length)} of ${candidates.length} code lines in ${scope}\n`,
);
process.stdout.write(candidates.slice(0, lines).sort().join(','));
