import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Writes a report to -o FILE or stdout, ending with one newline. A report may come in pieces (large JSON), which
 * are written as they are made.
 */
export async function writeOutput(text: string | Iterable<string>, file: string | undefined): Promise<void> {
  const toStdout = file === undefined || file === '-';
  const fd = toStdout ? undefined : openSync(file, 'w');
  let last = '';
  const write = async (chunk: string) => {
    if (chunk.length === 0) return;
    last = chunk;
    if (fd !== undefined) writeSync(fd, chunk);
    else if (!process.stdout.write(chunk))
      await new Promise((resolve) => process.stdout.once('drain', resolve));
  };
  try {
    for (const chunk of typeof text === 'string' ? [text] : text) await write(chunk);
    if (!last.endsWith('\n')) await write('\n');
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
