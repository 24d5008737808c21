// The floor of `parapet detect` (run by bench/detect.ts as its own process): read the log's lines with readline
// and JSON.parse each, nothing else. Prints {"ms", "lines"}.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const file = process.argv[2] as string;
const start = performance.now();
let lines = 0;
let sink = 0;
const input = createReadStream(file, { highWaterMark: 1024 * 1024 });
const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
rl.on('line', (line) => {
  lines++;
  // keep the parse from being optimised away
  sink += (JSON.parse(line) as { verb: string }).verb.length;
});
rl.on('close', () => {
  process.stdout.write(`${JSON.stringify({ ms: performance.now() - start, lines, sink: sink > 0 })}\n`);
});
