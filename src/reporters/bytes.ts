/**
 * Builds large output as ~1 MiB byte chunks: strings are encoded straight into a buffer and repeated pieces are
 * copied as pre-encoded bytes. A 50,000-resource scan writes about 100 MB of JSON; building it as strings costs
 * several times more (ropes flattened, then encoded again on write).
 */
const CHUNK_BYTES = 1 << 20;
const MAX_UTF8_BYTES_PER_UNIT = 3;

export class ByteChunks {
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private readonly done: Uint8Array[] = [];

  text(value: string): void {
    const worst = value.length * MAX_UTF8_BYTES_PER_UNIT;
    if (this.buffer.length - this.used < worst) {
      this.cut();
      if (worst > this.buffer.length) {
        this.done.push(Buffer.from(value, 'utf8'));
        return;
      }
    }
    this.used += this.buffer.write(value, this.used, 'utf8');
  }

  bytes(value: Uint8Array): void {
    if (this.buffer.length - this.used < value.length) {
      this.cut();
      if (value.length > this.buffer.length) {
        this.done.push(value);
        return;
      }
    }
    this.buffer.set(value, this.used);
    this.used += value.length;
  }

  /** The chunks completed so far (each handed out once). */
  *drain(): Generator<Uint8Array> {
    while (this.done.length > 0) yield this.done.shift() as Uint8Array;
  }

  /** Everything not yet drained, the partial chunk included. */
  *finish(): Generator<Uint8Array> {
    this.cut();
    yield* this.drain();
  }

  private cut(): void {
    if (this.used === 0) return;
    this.done.push(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what JSON must escape
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/;

/** A JSON string literal; plain text (the common case) is only quoted, the rest goes through JSON.stringify. */
export function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}
