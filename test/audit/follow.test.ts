// `parapet detect --follow FILE --checkpoint F` as a process: lines appended while it runs, a restart that
// resumes exactly (no event judged twice, none skipped), and rotation by rename and by copytruncate.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { BIN } from '../helpers/paths.js';
import { auditEvent, lines } from './events.js';

/** An exec event whose alert names `tag` (the pod name), so each alert says which event raised it. */
const exec = (tag: string) =>
  auditEvent({
    verb: 'create',
    resource: 'pods',
    subresource: 'exec',
    namespace: 'shop',
    name: tag,
    stage: 'ResponseStarted',
    code: 101,
  });

interface Follower {
  child: ChildProcess;
  alerts: string[];
  /** Resolves once `count` alerts in all have come out. */
  waitFor(count: number): Promise<void>;
  stop(): Promise<number | null>;
}

function startFollow(log: string, checkpoint: string): Follower {
  const child = spawn(
    process.execPath,
    [BIN, 'detect', '--follow', log, '--checkpoint', checkpoint, '--format', 'json', '--dedup-window', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const alerts: string[] = [];
  let waiting: { count: number; resolve: () => void } | undefined;
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    alerts.push((JSON.parse(line) as { objectRef: { name: string } }).objectRef.name);
    if (waiting && alerts.length >= waiting.count) waiting.resolve();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    alerts,
    waitFor: (count) =>
      new Promise<void>((resolve, reject) => {
        if (alerts.length >= count) return resolve();
        waiting = { count, resolve };
        exited.then(() => reject(new Error(`follower exited with ${alerts.length} alerts: ${stderr}`)));
      }),
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('parapet detect --follow', () => {
  it('resumes after a restart without judging an event twice or skipping one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parapet-follow-'));
    const log = join(dir, 'audit.log');
    const checkpoint = join(dir, 'audit.ckpt');
    writeFileSync(log, lines([exec('a1'), exec('a2')]));
    const first = startFollow(log, checkpoint);
    await first.waitFor(2);
    appendFileSync(log, lines([exec('a3')]));
    await first.waitFor(3);
    assert.equal(await first.stop(), 0);
    const saved = JSON.parse(readFileSync(checkpoint, 'utf8')) as { offset: number; lastAuditID: string };
    assert.equal(saved.offset, readFileSync(log).length);

    // written while parapet was down
    appendFileSync(log, lines([exec('b1'), exec('b2')]));
    const second = startFollow(log, checkpoint);
    await second.waitFor(2);
    appendFileSync(log, lines([exec('b3')]));
    await second.waitFor(3);
    assert.equal(await second.stop(), 0);
    assert.deepEqual([...first.alerts, ...second.alerts], ['a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
  });

  it('follows rotation by rename, finishing a file rotated while it was down', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parapet-follow-'));
    const log = join(dir, 'audit.log');
    const checkpoint = join(dir, 'audit.ckpt');
    writeFileSync(log, lines([exec('r1')]));
    const first = startFollow(log, checkpoint);
    await first.waitFor(1);
    // the API server's own rotation: rename, then a new file at the path
    appendFileSync(log, lines([exec('r2')]));
    renameSync(log, join(dir, 'audit-2026-12-02T10-00-00.000.log'));
    writeFileSync(log, lines([exec('r3')]));
    await first.waitFor(3);
    assert.equal(await first.stop(), 0);

    // down: more lines in the file, then another rotation before the restart
    appendFileSync(log, lines([exec('r4')]));
    renameSync(log, join(dir, 'audit-2026-12-02T11-00-00.000.log'));
    writeFileSync(log, lines([exec('r5')]));
    const second = startFollow(log, checkpoint);
    await second.waitFor(2);
    assert.equal(await second.stop(), 0);
    assert.deepEqual([...first.alerts, ...second.alerts], ['r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it('follows rotation by copytruncate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parapet-follow-'));
    const log = join(dir, 'audit.log');
    const checkpoint = join(dir, 'audit.ckpt');
    writeFileSync(log, lines([exec('c1'), exec('c2')]));
    const follower = startFollow(log, checkpoint);
    await follower.waitFor(2);
    copyFileSync(log, join(dir, 'audit.log.1'));
    truncateSync(log, 0);
    // wait until the follower has seen the truncation (its checkpoint goes back to 0) before the file grows
    await until(() => (JSON.parse(readFileSync(checkpoint, 'utf8')) as { offset: number }).offset === 0);
    appendFileSync(log, lines([exec('c3')]));
    await follower.waitFor(3);
    assert.equal(await follower.stop(), 0);
    assert.deepEqual(follower.alerts, ['c1', 'c2', 'c3']);
  });
});

/** Polls a condition (the follower's checkpoint) until it holds; bounded so a bug fails instead of hanging. */
async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (condition()) return;
    } catch {
      // the checkpoint is being replaced: look again
    }
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
