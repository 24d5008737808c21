// The parse alone, measured where a scan runs: a fresh process reading and parsing its share of the files with
// js-yaml, either dropping each file's documents (the floor) or keeping every document, as a scan must (any rule
// may need any object). Prints the milliseconds taken, from the first read to the last document.
//
//   node dist/bench/parse-only.js DIR SHARD SHARDS [--keep]    (SHARD 0..SHARDS-1: a contiguous slice of the files)

import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { yamlFiles } from './files.js';

const [dir, shardArg, shardsArg, mode] = process.argv.slice(2);
const shard = Number(shardArg ?? 0);
const shards = Number(shardsArg ?? 1);
if (dir === undefined || !(shard >= 0 && shard < shards) || (mode !== undefined && mode !== '--keep')) {
  process.stderr.write('usage: node dist/bench/parse-only.js DIR SHARD SHARDS [--keep]\n');
  process.exit(2);
}
const keep = mode === '--keep';
const files = yamlFiles(dir);
const mine = files.slice(
  Math.floor((shard * files.length) / shards),
  Math.floor(((shard + 1) * files.length) / shards),
);
const start = performance.now();
const kept: unknown[] = [];
let documents = 0;
for (const file of mine) {
  for (const document of loadAll(readFileSync(file, 'utf8'))) {
    documents++;
    if (keep) kept.push(document);
  }
}
process.stdout.write(`${JSON.stringify({ ms: performance.now() - start, documents })}\n`);
