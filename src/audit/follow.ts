import type { Detector } from './detector.js';
import type { Warn } from './files.js';
export async function follow(_file: string, _checkpoint: string, _d: Detector, warn: Warn): Promise<void> {
  warn('--follow is not implemented yet');
}
