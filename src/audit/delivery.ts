/**
 * Delivery that loses nothing: alerts for a sink go out in order, in batches; when the sink fails they are
 * appended to an on-disk spool (NDJSON, bounded) and retried with exponential backoff, the spool first, so an
 * edge site offline for a day delivers the day's alerts, in order, when the link returns. A spool left by a
 * previous run is delivered first.
 */
import { appendFileSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Alert } from './alert.js';
import type { Sink } from './sinks.js';

export interface DeliveryOptions {
  spoolDir: string;
  /** The spool's file name (default: from the sink's URL), so that a later run finds it. */
  spoolName?: string;
  /** Spool bytes at most; beyond, the oldest alerts are dropped (and counted). */
  spoolMaxBytes?: number;
  backoffMs?: number;
  maxBackoffMs?: number;
  batch?: number;
  warn?: (message: string) => void;
}

export class Delivery {
  private readonly queue: Alert[] = [];
  private readonly spoolFile: string;
  private running: Promise<void> | undefined;
  private backoff: number;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  dropped = 0;
  delivered = 0;

  constructor(
    private readonly sink: Sink,
    private readonly options: DeliveryOptions,
  ) {
    mkdirSync(options.spoolDir, { recursive: true });
    this.spoolFile = join(
      options.spoolDir,
      `${(options.spoolName ?? sink.name).replace(/[^\w.-]+/g, '_')}.ndjson`,
    );
    this.backoff = options.backoffMs ?? 500;
    if (this.spooled() > 0) this.kick();
  }

  push(alert: Alert): void {
    this.queue.push(alert);
    this.kick();
  }

  private spooled(): number {
    try {
      return statSync(this.spoolFile).size;
    } catch {
      return 0;
    }
  }

  private kick(): void {
    if (this.running || this.timer) return;
    this.running = this.deliver().finally(() => {
      this.running = undefined;
    });
  }

  private spool(alerts: readonly Alert[]): void {
    if (alerts.length === 0) return;
    appendFileSync(this.spoolFile, alerts.map((a) => `${JSON.stringify(a)}\n`).join(''));
    const max = this.options.spoolMaxBytes ?? 64 * 1024 * 1024;
    if (this.spooled() <= max) return;
    // full: keep the newest that fit
    const lines = readFileSync(this.spoolFile, 'utf8').split('\n').filter(Boolean);
    let size = 0;
    let keep = lines.length;
    while (keep > 0 && size + (lines[keep - 1] as string).length + 1 <= max)
      size += (lines[--keep] as string).length + 1;
    this.dropped += keep;
    this.options.warn?.(`${this.sink.name}: spool full (${max} bytes): dropped the ${keep} oldest alert(s)`);
    this.rewrite(lines.slice(keep));
  }

  private rewrite(lines: readonly string[]): void {
    const temporary = `${this.spoolFile}.tmp`;
    writeFileSync(temporary, lines.map((l) => `${l}\n`).join(''));
    renameSync(temporary, this.spoolFile);
  }

  private async deliver(): Promise<void> {
    const batch = this.options.batch ?? 100;
    try {
      // the spool first: what failed before goes out before anything newer
      while (this.spooled() > 0) {
        const lines = readFileSync(this.spoolFile, 'utf8').split('\n').filter(Boolean);
        const head = lines.slice(0, batch);
        await this.sink.send(head.map((l) => JSON.parse(l) as Alert));
        this.delivered += head.length;
        this.rewrite(lines.slice(head.length));
      }
      while (this.queue.length > 0) {
        const head = this.queue.slice(0, batch);
        await this.sink.send(head);
        this.queue.splice(0, head.length);
        this.delivered += head.length;
      }
      this.backoff = this.options.backoffMs ?? 500;
    } catch (error) {
      this.spool(this.queue.splice(0));
      this.options.warn?.(
        `${this.sink.name}: ${(error as Error).message}; spooled, retrying in ${this.backoff} ms`,
      );
      if (!this.closed) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.kick();
        }, this.backoff);
        this.timer.unref();
        this.backoff = Math.min(this.backoff * 2, this.options.maxBackoffMs ?? 60_000);
      }
    }
  }

  /** One last attempt; what still fails stays in the spool for the next run. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    if (this.queue.length > 0 || this.spooled() > 0) await this.deliver();
  }
}
