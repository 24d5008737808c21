/**
 * Where `--follow` stopped: the file's inode and the byte offset after the last line judged, that line's auditID,
 * the newest judged auditIDs and the alerts still folding. Written atomically (temporary file, fsync, rename)
 * so a crash leaves the previous checkpoint or the new one, never half of one.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { Alert } from './alert.js';

export interface Checkpoint {
  version: 1;
  file: string;
  inode: number;
  offset: number;
  lastAuditID: string | null;
  /** The newest judged auditIDs: a request whose ResponseComplete comes after the restart is not judged again. */
  judged: string[];
  pending: { key: string; alert: Alert; first: number }[];
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

export function readCheckpoint(path: string): Checkpoint | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CheckpointError(
      `${path}: cannot read the checkpoint (${(error as NodeJS.ErrnoException).code})`,
    );
  }
  try {
    const value = JSON.parse(text) as Checkpoint;
    if (value.version !== 1 || typeof value.inode !== 'number' || typeof value.offset !== 'number')
      throw new Error('not a parapet detect checkpoint');
    return value;
  } catch (error) {
    throw new CheckpointError(
      `${path}: ${(error as Error).message}; remove it to start from the log's start`,
    );
  }
}

export function writeCheckpoint(path: string, checkpoint: Checkpoint): void {
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(checkpoint));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}
