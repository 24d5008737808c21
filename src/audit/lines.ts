/**
 * Audit log lines, streamed: a file (plain or gzip, told by its first bytes so rotated `audit.log.1.gz` and
 * renamed files both work), or `-` for stdin. Each line comes with its 1-based number for `FILE:LINE` messages.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** The file's bytes, decompressed where gzipped; rejects when it cannot be opened. */
export async function openLog(file: string): Promise<Readable> {
  if (file === '-') return process.stdin;
  const gzip = await isGzip(file);
  const stream = createReadStream(file, { highWaterMark: 1024 * 1024 });
  return gzip ? stream.pipe(createGunzip()) : stream;
}

/**
 * Calls `visit` for every line of a stream with its number, synchronously as readline splits each chunk (an
 * async iterator would cost a promise per line); resolves at the end, rejects on a read error (a corrupt .gz).
 */
export function forEachLine(input: Readable, visit: (line: string, n: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    let n = 0;
    let failure: unknown;
    input.on('error', (error) => {
      failure = error;
      lines.close();
    });
    lines.on('line', (line) => {
      if (failure === undefined) visit(line, ++n);
    });
    lines.on('close', () => (failure === undefined ? resolve() : reject(failure)));
  });
}
