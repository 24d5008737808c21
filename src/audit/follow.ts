/**
 * `--follow FILE --checkpoint F`: the live audit log, read as it grows and through its rotation, from where the
 * checkpoint says the last run stopped. Rotation by rename (the API server's own `--audit-log-maxsize`, logrotate's
 * default) is seen as a new inode at the path: the old file is read to its end first. Rotation by copytruncate is
 * seen as the file shrinking below the offset: reading starts again at 0. After each batch of lines the alerts
 * are out and the checkpoint is written, so a restart judges no line twice and skips none.
 */
import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Checkpoint, readCheckpoint, writeCheckpoint } from './checkpoint.js';
import type { Detector } from './detector.js';
import type { Warn } from './files.js';
import { Peek } from './peek.js';

export interface FollowOptions {
  /** Stops following: the last batch is judged and checkpointed first. */
  signal?: AbortSignal;
  pollMs?: number;
}

const CHUNK = 1024 * 1024;
const NEWLINE = 0x0a;
/** auditIDs kept in the checkpoint: more than a batch's long-running requests could leave open. */
const JUDGED_KEPT = 2_000;

/** The rotated file that holds `inode` (audit.log.1, audit-2026-12-02T10-00-00.000.log), if it is still there. */
function rotatedWith(path: string, inode: number): string | undefined {
  const dir = dirname(path);
  const base = basename(path).replace(/\.log$/, '');
  try {
    for (const name of readdirSync(dir)) {
      if (!name.startsWith(base) || name.endsWith('.gz')) continue;
      const candidate = join(dir, name);
      if (statSync(candidate).ino === inode) return candidate;
    }
  } catch {
    // an unreadable directory: the rotated file is simply not found
  }
  return undefined;
}

class Reader {
  private fd: number | undefined;
  private inode = 0;
  private offset = 0;
  private carry: Buffer = Buffer.alloc(0);
  private lineNo = 0;
  /** Where line 1 of lineNo starts: 0 unless resumed mid-file, when line numbers count from the checkpoint. */
  private linesFrom = 0;
  private lastAuditID: string | null = null;
  private readonly buffer = Buffer.alloc(CHUNK);
  private readonly peek = new Peek();

  constructor(
    private readonly path: string,
    private readonly checkpointPath: string,
    private readonly detector: Detector,
    private readonly warn: Warn,
  ) {}

  /** Opens the file where the checkpoint left it (or at its start), finishing a file rotated while we were down. */
  start(saved: Checkpoint | undefined): void {
    if (saved !== undefined) {
      this.detector.restore(saved);
      this.lastAuditID = saved.lastAuditID;
    }
    const current = this.statPath();
    if (saved !== undefined && current !== undefined && saved.inode !== current.ino) {
      const rotated = rotatedWith(this.path, saved.inode);
      if (rotated !== undefined) {
        this.openAt(rotated, saved.offset);
        this.drain();
      } else {
        this.warn(
          `${this.path}: the file the checkpoint names (inode ${saved.inode}) is gone; reading the new one from its start`,
        );
      }
      this.closeFd();
      this.openAt(this.path, 0);
      return;
    }
    if (current === undefined) return;
    const offset = saved !== undefined && saved.offset <= current.size ? saved.offset : 0;
    this.openAt(this.path, offset);
  }

  private statPath() {
    try {
      return statSync(this.path);
    } catch {
      return undefined;
    }
  }

  private openAt(file: string, offset: number): void {
    this.fd = openSync(file, 'r');
    this.inode = fstatSync(this.fd).ino;
    this.offset = offset;
    this.carry = Buffer.alloc(0);
    this.lineNo = 0;
    this.linesFrom = offset;
  }

  private closeFd(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Reads what the open file holds now, batch by batch; true when anything was read. */
  drain(): boolean {
    if (this.fd === undefined) return false;
    let any = false;
    for (;;) {
      const n = readSync(this.fd, this.buffer, 0, CHUNK, this.offset + this.carry.length);
      if (n === 0) return any;
      any = true;
      const data =
        this.carry.length > 0
          ? Buffer.concat([this.carry, this.buffer.subarray(0, n)])
          : this.buffer.subarray(0, n);
      const end = data.lastIndexOf(NEWLINE);
      if (end === -1) {
        this.carry = Buffer.from(data);
        continue;
      }
      this.judge(data.subarray(0, end + 1));
      this.offset += end + 1;
      this.carry = Buffer.from(data.subarray(end + 1));
      this.save();
    }
  }

  private judge(bytes: Buffer): void {
    for (const line of bytes.toString('utf8').split('\n')) {
      this.lineNo++;
      if (line === '') continue;
      const bad = this.detector.offerLine(line);
      if (bad !== undefined) {
        const where =
          this.linesFrom === 0
            ? `${this.path}:${this.lineNo}`
            : `${this.path}:+${this.lineNo} (line ${this.lineNo} after byte ${this.linesFrom})`;
        this.warn(`${where}: ${bad}; skipped`);
      } else {
        this.peek.reset(line);
        const id = this.peek.get('auditID');
        if (typeof id === 'string') this.lastAuditID = id;
      }
    }
  }

  save(): void {
    writeCheckpoint(this.checkpointPath, {
      version: 1,
      file: this.path,
      inode: this.inode,
      offset: this.offset,
      lastAuditID: this.lastAuditID,
      judged: this.detector.recentlyJudged(JUDGED_KEPT),
      pending: this.detector.pendingAlerts(),
    });
  }

  /** At the file's end: follow a rename to the new file, or a truncation back to the start. */
  rotate(): void {
    const current = this.statPath();
    if (current === undefined) return;
    if (this.fd === undefined) {
      this.openAt(this.path, 0);
      return;
    }
    if (current.ino !== this.inode) {
      this.drain();
      this.closeFd();
      this.openAt(this.path, 0);
      this.save();
    } else if (current.size < this.offset + this.carry.length) {
      this.offset = 0;
      this.carry = Buffer.alloc(0);
      this.lineNo = 0;
      this.linesFrom = 0;
      this.save();
    }
  }

  close(): void {
    this.closeFd();
  }
}

export async function follow(
  path: string,
  checkpointPath: string,
  detector: Detector,
  warn: Warn,
  options: FollowOptions = {},
): Promise<void> {
  const signal = options.signal ?? stopSignal();
  const reader = new Reader(path, checkpointPath, detector, warn);
  reader.start(readCheckpoint(checkpointPath));
  try {
    while (!signal.aborted) {
      if (!reader.drain()) {
        // a quiet log: alerts whose window has passed on the wall clock go out now, not at the next event
        detector.flushBefore(Date.now());
        reader.rotate();
        await sleep(options.pollMs ?? 200, undefined, { signal }).catch(() => {});
      }
    }
    reader.drain();
    // a clean stop raises what is still folding; a crash leaves it in the checkpoint for the next run
    detector.flush();
  } finally {
    reader.save();
    reader.close();
  }
}

/** Aborted by SIGTERM or SIGINT: the CLI stops following cleanly. */
function stopSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return controller.signal;
}
