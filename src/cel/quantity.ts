/**
 * Kubernetes' quantity library for CEL: `quantity(s)`, `isQuantity(s)` and a quantity's `isInteger`,
 * `asInteger`, `asApproximateFloat`, `sign`, `add`, `sub`, `isGreaterThan`, `isLessThan` and `compareTo`.
 * Quantities are exact fractions (`1Ki` is 1024, `100m` is 1/10), as resource.Quantity is exact.
 */
import { type CelFunc, CelScalar, type CelType, celFunc, celMethod } from '@bufbuild/cel';
import { opaqueType } from './opaque.js';

const { INT, STRING, DYN, BOOL, DOUBLE } = CelScalar;

/** num/den, den > 0, reduced. */
interface Fraction {
  num: bigint;
  den: bigint;
}

const SUFFIXES: Record<string, Fraction> = {
  '': { num: 1n, den: 1n },
  n: { num: 1n, den: 10n ** 9n },
  u: { num: 1n, den: 10n ** 6n },
  m: { num: 1n, den: 1000n },
  k: { num: 1000n, den: 1n },
  M: { num: 10n ** 6n, den: 1n },
  G: { num: 10n ** 9n, den: 1n },
  T: { num: 10n ** 12n, den: 1n },
  P: { num: 10n ** 15n, den: 1n },
  E: { num: 10n ** 18n, den: 1n },
  Ki: { num: 2n ** 10n, den: 1n },
  Mi: { num: 2n ** 20n, den: 1n },
  Gi: { num: 2n ** 30n, den: 1n },
  Ti: { num: 2n ** 40n, den: 1n },
  Pi: { num: 2n ** 50n, den: 1n },
  Ei: { num: 2n ** 60n, den: 1n },
};

/** resource.Quantity's grammar: a signed decimal number, then a binary or decimal suffix or an exponent. */
const QUANTITY = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

function fraction(num: bigint, den: bigint): Fraction {
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den < 0n ? -den : den);
  return { num: (sign * num) / g, den: (sign * den) / g };
}

export function parseQuantity(text: string): Fraction | undefined {
  const match = QUANTITY.exec(text);
  if (match === null) return undefined;
  const [, sign = '', number = '', suffix = ''] = match;
  const [whole = '', decimals = ''] = number.split('.');
  let num = BigInt(`${whole}${decimals}` || '0');
  let den = 10n ** BigInt(decimals.length);
  if (/^[eE]/.test(suffix)) {
    const exponent = Number(suffix.slice(1));
    if (Math.abs(exponent) > 1000) return undefined;
    if (exponent >= 0) num *= 10n ** BigInt(exponent);
    else den *= 10n ** BigInt(-exponent);
  } else {
    const scale = SUFFIXES[suffix] as Fraction;
    num *= scale.num;
    den *= scale.den;
  }
  return fraction(sign === '-' ? -num : num, den);
}

const Quantity = opaqueType<Fraction>(
  'kubernetes.Quantity',
  (q) => `${q.num}/${q.den}`,
  (text) => {
    const [num = '0', den = '1'] = text.split('/');
    return { num: BigInt(num), den: BigInt(den) };
  },
);

function quantityOf(text: string): Fraction {
  const q = parseQuantity(text);
  if (q === undefined) throw new Error(`quantities must match the regular expression ${QUANTITY.source}`);
  return q;
}

const compare = (a: Fraction, b: Fraction) => {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1n : d > 0n ? 1n : 0n;
};

/** A quantity, or an int as a quantity (add and sub take both). */
function operand(value: unknown, method: string): Fraction {
  return typeof value === 'bigint' ? { num: value, den: 1n } : Quantity.unwrap(value, method);
}

const INT64_MAX = 2n ** 63n - 1n;

/** Methods on a quantity; the receiver is checked by the method (the library dispatches on maps). */
function on(
  name: string,
  args: CelType[],
  result: CelType,
  impl: (q: Fraction, ...args: unknown[]) => unknown,
) {
  return celMethod(name, DYN, args as never, result, function (this: unknown, ...rest: unknown[]) {
    return impl(Quantity.unwrap(this, name), ...rest) as never;
  });
}

export const QUANTITY_FUNCTIONS: readonly CelFunc[] = [
  celFunc('quantity', [STRING], DYN, (text: string) => Quantity.wrap(quantityOf(text))),
  celFunc('isQuantity', [STRING], BOOL, (text: string) => parseQuantity(text) !== undefined),
  on('isInteger', [], BOOL, (q) => q.den === 1n),
  on('asInteger', [], INT, (q) => {
    if (q.den !== 1n || q.num > INT64_MAX || q.num < -INT64_MAX - 1n)
      throw new Error('cannot convert value to integer');
    return q.num;
  }),
  on('asApproximateFloat', [], DOUBLE, (q) => Number(q.num) / Number(q.den)),
  on('sign', [], INT, (q) => (q.num < 0n ? -1n : q.num > 0n ? 1n : 0n)),
  on('add', [DYN], DYN, (q, other) => {
    const o = operand(other, 'add');
    return Quantity.wrap(fraction(q.num * o.den + o.num * q.den, q.den * o.den));
  }),
  on('sub', [DYN], DYN, (q, other) => {
    const o = operand(other, 'sub');
    return Quantity.wrap(fraction(q.num * o.den - o.num * q.den, q.den * o.den));
  }),
  on('isGreaterThan', [DYN], BOOL, (q, other) => compare(q, Quantity.unwrap(other, 'isGreaterThan')) > 0n),
  on('isLessThan', [DYN], BOOL, (q, other) => compare(q, Quantity.unwrap(other, 'isLessThan')) < 0n),
  on('compareTo', [DYN], INT, (q, other) => compare(q, Quantity.unwrap(other, 'compareTo'))),
];
