/**
 * The Kubernetes CEL library functions that custom rules commonly use, beyond CEL's standard ones and the strings
 * extension: the list functions (`isSorted`, `sum`, `min`, `max`, `indexOf`, `lastIndexOf`), the regex functions
 * (`find`, `findAll`), and quantity.ts, network.ts (IP, CIDR) and url.ts. README's CEL section lists what is and is
 * not supported.
 */
import { type CelFunc, type CelList, CelScalar, type CelValue, celMethod, listType } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { RE2JS } from 're2js';
import { NETWORK_FUNCTIONS } from './network.js';
import { QUANTITY_FUNCTIONS } from './quantity.js';
import { URL_FUNCTIONS } from './url.js';

const { INT, STRING, DYN, BOOL } = CelScalar;
const LIST = listType(DYN);

type Comparable = bigint | number | string;

function items(list: CelList): Comparable[] {
  return [...list] as Comparable[];
}

function compare(a: Comparable, b: Comparable): number {
  if (typeof a === typeof b || (typeof a !== 'string' && typeof b !== 'string'))
    return a < b ? -1 : a > b ? 1 : 0;
  throw new Error(`no such overload: cannot compare ${typeof a} with ${typeof b}`);
}

function extreme(list: CelList, sign: number): CelValue {
  const values = items(list);
  if (values.length === 0) throw new Error('min/max of an empty list');
  return values.reduce((best, v) => (compare(v, best) * sign > 0 ? v : best)) as CelValue;
}

function sum(list: CelList): CelValue {
  const values = items(list);
  if (values.length === 0) return 0n;
  if (values.every((v) => typeof v === 'bigint')) return (values as bigint[]).reduce((a, b) => a + b, 0n);
  if (values.every((v) => typeof v === 'number')) return (values as number[]).reduce((a, b) => a + b, 0);
  throw new Error('sum() needs a list of ints or of doubles');
}

function indexIn(list: CelList, value: unknown, fromEnd: boolean): bigint {
  const values = [...list];
  const at = fromEnd ? values.lastIndexOf(value as CelValue) : values.indexOf(value as CelValue);
  return BigInt(at);
}

/** Compiled patterns: a rule's patterns are literals, evaluated on every object. */
const PATTERNS = new Map<string, RE2JS>();

/** The matches of an RE2 pattern (as the API server's find and findAll), at most `limit` (all when negative). */
function findMatches(text: string, pattern: string, limit: number): string[] {
  let re = PATTERNS.get(pattern);
  if (re === undefined) {
    re = RE2JS.compile(pattern);
    if (PATTERNS.size > 1000) PATTERNS.clear();
    PATTERNS.set(pattern, re);
  }
  const found: string[] = [];
  const matcher = re.matcher(text);
  while ((limit < 0 || found.length < limit) && matcher.find()) found.push(matcher.group() ?? '');
  return found;
}

export const KUBERNETES_FUNCTIONS: readonly CelFunc[] = [
  ...strings,
  ...QUANTITY_FUNCTIONS,
  ...NETWORK_FUNCTIONS,
  ...URL_FUNCTIONS,
  celMethod('isSorted', LIST, [], BOOL, function (this: CelList) {
    const values = items(this);
    return values.every((v, i) => i === 0 || compare(values[i - 1] as Comparable, v) <= 0);
  }),
  celMethod('sum', LIST, [], DYN, function (this: CelList) {
    return sum(this);
  }),
  celMethod('min', LIST, [], DYN, function (this: CelList) {
    return extreme(this, -1);
  }),
  celMethod('max', LIST, [], DYN, function (this: CelList) {
    return extreme(this, 1);
  }),
  celMethod('indexOf', LIST, [DYN], INT, function (this: CelList, value: CelValue) {
    return indexIn(this, value, false);
  }),
  celMethod('lastIndexOf', LIST, [DYN], INT, function (this: CelList, value: CelValue) {
    return indexIn(this, value, true);
  }),
  celMethod('find', STRING, [STRING], STRING, function (this: string, pattern: string) {
    return findMatches(this, pattern, 1)[0] ?? '';
  }),
  celMethod('findAll', STRING, [STRING], listType(STRING), function (this: string, pattern: string) {
    return findMatches(this, pattern, -1);
  }),
  celMethod(
    'findAll',
    STRING,
    [STRING, INT],
    listType(STRING),
    function (this: string, pattern: string, limit: bigint) {
      return findMatches(this, pattern, Number(limit));
    },
  ),
];
