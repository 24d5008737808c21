/**
 * A rule field's list of patterns, compiled once: exact names in a Set, `prefix*` globs as prefixes, other globs
 * as one RegExp; `!pattern` excludes. A value matches when it matches some positive pattern (or there is none)
 * and no negative one. `""` matches an absent field; `=text` matches `text` literally (`=*`: a `*` in a Role).
 */
import { globToRegExp } from '../engine/glob.js';

export type Matcher = (value: string) => boolean;

interface Compiled {
  exact: Set<string>;
  prefixes: string[];
  regexp: RegExp | undefined;
}

function compile(patterns: readonly string[]): Compiled {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const others: string[] = [];
  for (const p of patterns) {
    if (p.startsWith('=')) {
      exact.add(p.slice(1));
      continue;
    }
    const star = p.indexOf('*');
    if (star === -1 && !p.includes('?')) exact.add(p);
    else if (star === p.length - 1 && !p.includes('?')) prefixes.push(p.slice(0, -1));
    else others.push(globToRegExp(p).source);
  }
  return { exact, prefixes, regexp: others.length > 0 ? new RegExp(others.join('|')) : undefined };
}

function test(c: Compiled, value: string): boolean {
  if (c.exact.has(value)) return true;
  for (const prefix of c.prefixes) if (value.startsWith(prefix)) return true;
  return c.regexp?.test(value) === true;
}

export function compilePatterns(patterns: readonly string[]): Matcher {
  const positive = compile(patterns.filter((p) => !p.startsWith('!')));
  const negatives = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const negative = compile(negatives);
  const anyPositive = patterns.length > negatives.length;
  if (negatives.length === 0) return (value) => test(positive, value);
  return (value) => (!anyPositive || test(positive, value)) && !test(negative, value);
}

/** For a list of values (a user's groups): some value matches a positive pattern, and none a negative one. */
export function compileListPatterns(patterns: readonly string[]): (values: readonly string[]) => boolean {
  const positives = patterns.filter((p) => !p.startsWith('!'));
  const negatives = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const positive = compile(positives);
  const negative = compile(negatives);
  return (values) => {
    if (positives.length > 0 && !values.some((v) => test(positive, v))) return false;
    return negatives.length === 0 || !values.some((v) => test(negative, v));
  };
}

const CODE = /^(!)?(?:(\d)xx|(<=|>=|<|>)?(\d{3}))$/;

/** Whether a response-code pattern (`403`, `4xx`, `<400`, `>=500`, `!404`) is well formed. */
export function isCodePattern(pattern: string): boolean {
  return CODE.test(pattern);
}

/** Response-code patterns: the code matches some positive one (or there is none) and no `!` one. */
export function compileCodePatterns(patterns: readonly string[]): (code: number | undefined) => boolean {
  const tests = patterns.map((p) => {
    const [, not, hundreds, op, digits] = CODE.exec(p) as RegExpExecArray;
    const n = Number(digits);
    const matches = (code: number): boolean => {
      if (hundreds !== undefined) return Math.floor(code / 100) === Number(hundreds);
      if (op === '<') return code < n;
      if (op === '<=') return code <= n;
      if (op === '>') return code > n;
      if (op === '>=') return code >= n;
      return code === n;
    };
    return { not: not !== undefined, matches };
  });
  const positives = tests.filter((t) => !t.not);
  const negatives = tests.filter((t) => t.not);
  return (code) => {
    if (code === undefined) return positives.length === 0 && negatives.length > 0;
    if (positives.length > 0 && !positives.some((t) => t.matches(code))) return false;
    return !negatives.some((t) => t.matches(code));
  };
}
