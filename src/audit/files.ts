/**
 * `parapet detect FILE...`: each file's lines decoded and offered to one detector, in the order given (rotated
 * files oldest first is the user's to choose). A bad line is told as `FILE:LINE: reason` and skipped.
 */
import type { Detector } from './detector.js';
import { forEachLine, openLog } from './lines.js';

export type Warn = (message: string) => void;

/** Offers every event of `file` to the detector; false when the file could not be read. */
export async function detectFile(file: string, detector: Detector, warn: Warn): Promise<boolean> {
  const name = file === '-' ? '(stdin)' : file;
  try {
    const input = await openLog(file);
    await forEachLine(input, (line, n) => {
      if (line === '') return;
      const bad = detector.offerLine(line);
      if (bad !== undefined) warn(`${name}:${n}: ${bad}; skipped`);
    });
    return true;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    warn(`${name}: cannot read (${e.code ?? e.message})`);
    return false;
  }
}
