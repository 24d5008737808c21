/**
 * Kubernetes objects as CEL sees them. The API server types each field from its OpenAPI schema: whole numbers are
 * `int`, so a decoded `0` must reach CEL as `0n`, not the double `0.0`. The object is wrapped, not copied: a map
 * converts a field when an expression first reads it, and keeps it, so a rule that reads three fields of a large
 * object pays for three fields, and every rule judging the same object shares what was converted.
 */
import type { CelInput } from '@bufbuild/cel';

/** What the cost bound needs to know of an object: its largest list (or map). */
export interface CelValueSize {
  largest: number;
}

type Json = Record<string, unknown>;

/** A JSON object as a Map (what the CEL library reads maps from), its values converted on first read. */
class KubeMap extends Map<string, CelInput> {
  private readonly source: Json;

  constructor(source: Json) {
    super();
    this.source = source;
  }

  // no cache of its own: nested objects are memoised by toCel, and scalars cost nothing to convert again
  override get(key: string): CelInput | undefined {
    if (typeof key !== 'string' || !Object.hasOwn(this.source, key)) return undefined;
    return toCel(this.source[key]);
  }

  override has(key: string): boolean {
    return typeof key === 'string' && Object.hasOwn(this.source, key);
  }

  override get size(): number {
    return Object.keys(this.source).length;
  }

  override keys(): MapIterator<string> {
    return Object.keys(this.source)[Symbol.iterator]() as MapIterator<string>;
  }

  override *values(): MapIterator<CelInput> {
    for (const key of Object.keys(this.source)) yield this.get(key) as CelInput;
  }

  override *entries(): MapIterator<[string, CelInput]> {
    for (const key of Object.keys(this.source)) yield [key, this.get(key) as CelInput];
  }

  override [Symbol.iterator](): MapIterator<[string, CelInput]> {
    return this.entries();
  }

  override forEach(callback: (value: CelInput, key: string, map: Map<string, CelInput>) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }
}

const wrapped = new WeakMap<object, CelInput>();
const sizes = new WeakMap<object, CelValueSize>();
const textBounds = new WeakMap<object, number>();

/**
 * Notes that `value` was parsed from JSON text of `length` characters. A JSON list or map of n items takes at
 * least 2n characters, so none in it is longer than half the text: a cost bound that holds for that needs no walk
 * of the object (the webhook knows each request's length).
 */
export function boundByJsonText(value: object, length: number): void {
  textBounds.set(value, Math.ceil(length / 2));
}

/** The longest list or map `value` can hold, without walking it where its JSON text bounds it. */
export function sizeBoundOf(value: object): CelValueSize {
  const bound = textBounds.get(value);
  return bound === undefined ? sizeOf(value) : { largest: bound };
}

/** A JSON-like value as CEL input: integers as int, objects as (lazily converted) maps. Memoised per object. */
export function toCel(value: unknown): CelInput {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return value as CelInput;
  let out = wrapped.get(value);
  if (out === undefined) {
    out = Array.isArray(value) ? value.map(toCel) : new KubeMap(value as Json);
    wrapped.set(value, out);
  }
  return out;
}

/**
 * The largest list or map in a value (walked once per object, allocating nothing). `managedFields` is not walked:
 * it is the bulk of an object the API server sends, and no policy iterates it.
 */
export function sizeOf(value: object): CelValueSize {
  let size = sizes.get(value);
  if (size === undefined) {
    size = { largest: largest(value) };
    sizes.set(value, size);
  }
  return size;
}

function largest(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let max = 0;
  if (Array.isArray(value)) {
    max = value.length;
    for (const item of value) {
      const inner = largest(item);
      if (inner > max) max = inner;
    }
    return max;
  }
  for (const key in value) {
    max++;
    if (key === 'managedFields') continue;
    const inner = largest((value as Json)[key]);
    if (inner > max) max = inner;
  }
  return max;
}

/** A CEL result as plain JSON-like data (for tests and messages). */
export function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), fromCel(v)]));
  if (value !== null && typeof value === 'object' && Symbol.iterator in value)
    return [...(value as Iterable<unknown>)].map(fromCel);
  return value;
}
