import { writeFile } from 'node:fs/promises';

/** Writes a report to -o FILE or stdout, ending with one newline. */
export async function writeOutput(text: string, file: string | undefined): Promise<void> {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (file === undefined || file === '-') {
    await new Promise<void>((resolve, reject) =>
      process.stdout.write(body, (e) => (e ? reject(e) : resolve())),
    );
  } else {
    await writeFile(file, body);
  }
}
