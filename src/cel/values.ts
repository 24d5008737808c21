/**
 * Kubernetes objects as CEL sees them. The API server types each field from its OpenAPI schema: whole numbers are
 * `int`, so a decoded `0` must reach CEL as `0n`, not the double `0.0`. The object is wrapped, not copied: a map
 * converts a field when an expression first reads it, and keeps it, so a rule that reads three fields of a large
 * object pays for three fields, and every rule judging the same object shares what was converted.
 */
import { type CelInput, celList, celMap, isCelMap } from '@bufbuild/cel';

/** What the cost bound needs to know of an object: its largest list (or map). */
export interface CelValueSize {
  largest: number;
}

type Json = Record<string, unknown>;

/**
 * A JSON object as a Map (what the CEL library reads maps from), each value converted on first read and kept in
 * the Map's own storage. Kept by the tree, not in a WeakMap per nested object: the garbage collector's work on
 * weak entries cost more than the conversions.
 */
class KubeMap extends Map<string, CelInput> {
  private readonly source: Json;

  constructor(source: Json) {
    super();
    this.source = source;
  }

  override get(key: string): CelInput | undefined {
    if (typeof key !== 'string' || !Object.hasOwn(this.source, key)) return undefined;
    let value = super.get(key);
    if (value === undefined) {
      value = convert(this.source[key]);
      super.set(key, value);
    }
    return value;
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

/**
 * What is known of the objects judged last. Rules judge one object after another, each object by all of them in
 * turn, so a few recent entries are all the sharing there is; strong references to a few objects cost the garbage
 * collector less than weak ones to every object judged.
 */
class Recent<V> {
  private readonly entries = new Map<object, V>();

  constructor(private readonly capacity: number) {}

  get(key: object): V | undefined {
    return this.entries.get(key);
  }

  set(key: object, value: V): void {
    if (this.entries.size >= this.capacity && !this.entries.has(key)) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, value);
  }
}

const wrapped = new Recent<CelInput>(8);
const sizes = new Recent<CelValueSize>(8);
const textBounds = new Recent<number>(16);

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

/**
 * A JSON-like value as CEL input: integers as int, objects as (lazily converted) maps, in the library's own list
 * and map form (which it would otherwise wrap anew on every read).
 */
export function convert(value: unknown): CelInput {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return value as CelInput;
  return Array.isArray(value) ? celList(value.map(convert)) : celMap(new KubeMap(value as Json));
}

/** convert(), memoised per object: every rule judging an object shares what was converted of it. */
export function toCel(value: unknown): CelInput {
  if (value === null || typeof value !== 'object') return convert(value);
  let out = wrapped.get(value);
  if (out === undefined) {
    out = convert(value);
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
  if (value instanceof Map || isCelMap(value))
    return Object.fromEntries([...value].map(([k, v]) => [String(k), fromCel(v)]));
  if (value !== null && typeof value === 'object' && Symbol.iterator in value)
    return [...(value as Iterable<unknown>)].map(fromCel);
  return value;
}
