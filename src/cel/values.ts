/**
 * Kubernetes objects as CEL sees them. The API server types each field from its OpenAPI schema: whole numbers are
 * `int`, so a decoded `0` must reach CEL as `0n`, not the double `0.0`. Objects become Maps (which the evaluator
 * reads faster than plain objects); each object is converted once and shared by every expression that judges it.
 */
import type { CelInput } from '@bufbuild/cel';

/** What the cost bound needs to know of an object: its largest list (or map) and how many values it holds. */
export interface CelValueSize {
  largest: number;
  values: number;
}

export interface CelObject {
  value: CelInput;
  size: CelValueSize;
}

const converted = new WeakMap<object, CelObject>();

/** The object as a CEL value (memoised per object), with its size. */
export function celObject(object: object): CelObject {
  let entry = converted.get(object);
  if (entry === undefined) {
    const size: CelValueSize = { largest: 0, values: 0 };
    entry = { value: toCel(object, size), size };
    converted.set(object, entry);
  }
  return entry;
}

/** A JSON-like value as CEL input: integers as int, objects as maps. */
export function toCel(value: unknown, size: CelValueSize = { largest: 0, values: 0 }): CelInput {
  size.values++;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    if (value.length > size.largest) size.largest = value.length;
    return value.map((item) => toCel(item, size));
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length > size.largest) size.largest = entries.length;
    const map = new Map<string, CelInput>();
    for (const [key, item] of entries) map.set(key, toCel(item, size));
    return map;
  }
  return value as CelInput;
}

/** A CEL result as plain JSON-like data (for messageExpression and tests). */
export function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), fromCel(v)]));
  if (value !== null && typeof value === 'object' && Symbol.iterator in value)
    return [...(value as Iterable<unknown>)].map(fromCel);
  return value;
}
