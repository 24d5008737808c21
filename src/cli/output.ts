import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Writes a report to -o FILE or stdout, ending with one newline. A report may come in pieces (large JSON, as
 * encoded bytes), which are written as they are made.
 */
export async function writeOutput(
  text: string | Iterable<string | Uint8Array>,
  file: string | undefined,
): Promise<void> {
  const toStdout = file === undefined || file === '-';
  const fd = toStdout ? undefined : openSync(file, 'w');
  let endsWithNewline = false;
  const write = async (chunk: string | Uint8Array) => {
    if (chunk.length === 0) return;
    endsWithNewline = typeof chunk === 'string' ? chunk.endsWith('\n') : chunk[chunk.length - 1] === NEWLINE;
    if (fd !== undefined) writeAll(fd, chunk);
    else if (!process.stdout.write(chunk))
      await new Promise((resolve) => process.stdout.once('drain', resolve));
  };
  try {
    for (const chunk of typeof text === 'string' ? [text] : text) await write(chunk);
    if (!endsWithNewline) await write('\n');
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const NEWLINE = 0x0a;

/** writeSync may write less than asked (pipes, some file systems): loop until all bytes are out. */
function writeAll(fd: number, chunk: string | Uint8Array): void {
  let bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  while (bytes.length > 0) {
    const written = writeSync(fd, bytes);
    bytes = bytes.subarray(written);
  }
}
