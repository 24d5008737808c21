/**
 * The Kubernetes library's opaque values (Quantity, IP, CIDR, URL) as CEL sees them here: a map holding one
 * hidden key with the value's canonical text, so that `==` compares values (`quantity('1') == quantity('1000m')`)
 * and the library's methods find what they work on. `type()` of one says map, where the API server says
 * `kubernetes.Quantity` (README's CEL section).
 */
import { type CelMap, celMap, isCelMap } from '@bufbuild/cel';

export interface Opaque<V> {
  /** A CEL value holding `value`. */
  wrap(value: V): CelMap;
  /** The value a CEL value holds, or a thrown "no such overload" naming `method`. */
  unwrap(cel: unknown, method: string): V;
  is(cel: unknown): boolean;
}

/** Values of the type `name`, kept as `toText(value)` and read back with `fromText`. */
export function opaqueType<V>(
  name: string,
  toText: (v: V) => string,
  fromText: (text: string) => V,
): Opaque<V> {
  const key = `\u0000${name}`;
  const is = (cel: unknown): cel is CelMap =>
    isCelMap(cel) && cel.size === 1 && typeof cel.get(key) === 'string';
  return {
    wrap: (value) => celMap(new Map([[key, toText(value)]])),
    unwrap(cel, method) {
      if (!is(cel)) throw new Error(`no such overload: ${method} needs a ${name}`);
      return fromText(cel.get(key) as string);
    },
    is,
  };
}
