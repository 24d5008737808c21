/**
 * A look at a raw audit line before JSON.parse, the costly step: a few top-level fields read by indexOf, each
 * only when a rule asks for it. What cannot be read with certainty is unknown, never guessed: a key found only
 * inside requestObject/responseObject (which the API server writes after the fields rules read), a value with an
 * escape, a line that is not the API server's compact JSON. The prefilter skips a line only when no rule can
 * match it whatever the unknowns are; every other line is parsed and judged in full.
 */

/** A field's value: a string, `undefined` when absent, or UNKNOWN. */
export const UNKNOWN = Symbol('unknown');
export type Peeked = string | undefined | typeof UNKNOWN;

export type PeekField =
  | 'auditID'
  | 'stage'
  | 'verb'
  | 'resource'
  | 'subresource'
  | 'namespace'
  | 'name'
  | 'apiGroup'
  | 'user'
  | 'userAgent'
  | 'requestURI'
  | 'code'
  | 'impersonated';

const KEY: Record<Exclude<PeekField, 'code' | 'impersonated'>, string> = {
  auditID: '"auditID":"',
  stage: '"stage":"',
  verb: '"verb":"',
  resource: '"resource":"',
  subresource: '"subresource":"',
  namespace: '"namespace":"',
  name: '"name":"',
  apiGroup: '"apiGroup":"',
  user: '"username":"',
  userAgent: '"userAgent":"',
  requestURI: '"requestURI":"',
};

const OBJECT_REF = new Set<PeekField>(['resource', 'subresource', 'namespace', 'name', 'apiGroup']);

/**
 * Where `key` starts in `text`: a short, fast search for `tail` (which ends `offset` characters into the key),
 * each hit checked against the whole key; -1 when absent.
 */
function findKey(text: string, tail: string, key: string, offset: number): number {
  let from = 0;
  for (;;) {
    const hit = text.indexOf(tail, from);
    if (hit === -1) return -1;
    if (text.startsWith(key, hit - offset)) return hit - offset;
    from = hit + 1;
  }
}

/** How the API server starts every event it writes (v1 and v1beta1): its field order is then known. */
const ORDERED_START = '{"kind":"Event","apiVersion":"audit.k8s.io/v1';

export class Peek {
  private line = '';
  /**
   * The line up to responseStatus: in the API server's order every field rules read (but the code) lies there,
   * and the request and response bodies (whose keys repeat ours) come after it. Empty when not in that order.
   */
  private head = '';
  /** The head before objectRef (top-level and user fields) and objectRef itself: short, bounded searches. */
  private pre = '';
  private ref = '';
  private statusAt = -1;
  private groupsCache: string[] | typeof UNKNOWN | undefined;
  private readonly cache = new Map<PeekField, Peeked>();

  /** Looks at a new line; false when it is not in the API server's order (it is then parsed in full). */
  reset(line: string): boolean {
    this.line = line;
    this.groupsCache = undefined;
    this.cache.clear();
    this.statusAt = line.startsWith(ORDERED_START) ? findKey(line, 'Status"', '"responseStatus":', 9) : -1;
    if (this.statusAt === -1) return false;
    this.head = line.slice(0, this.statusAt);
    const refAt = findKey(this.head, 'tRef"', '"objectRef":', 6);
    this.pre = refAt === -1 ? this.head : this.head.slice(0, refAt);
    this.ref = refAt === -1 ? '' : this.head.slice(refAt);
    return true;
  }

  /** The user's groups: the first `"groups":[...]` of the head, unless it is the impersonated user's. */
  groups(): string[] | typeof UNKNOWN {
    if (this.groupsCache !== undefined) return this.groupsCache;
    const head = this.pre;
    const at = head.indexOf('"groups":[');
    const impersonated = head.indexOf('"impersonatedUser":');
    let value: string[] | typeof UNKNOWN = [];
    if (at !== -1 && (impersonated === -1 || at < impersonated)) {
      const end = head.indexOf(']', at);
      const list = end === -1 ? '' : head.slice(at + 9, end + 1);
      try {
        value = end === -1 || list.includes('\\') ? UNKNOWN : (JSON.parse(list) as string[]);
      } catch {
        value = UNKNOWN;
      }
    }
    this.groupsCache = value;
    return value;
  }

  get(field: PeekField): Peeked {
    if (this.cache.has(field)) return this.cache.get(field);
    const value = this.read(field);
    this.cache.set(field, value);
    return value;
  }

  private read(field: PeekField): Peeked {
    if (this.statusAt === -1) return UNKNOWN;
    if (field === 'impersonated') return this.pre.includes('"impersonatedUser":') ? 'true' : undefined;
    if (field === 'code') {
      const line = this.line;
      const at = line.indexOf('"code":', this.statusAt);
      // requestObject or responseObject: a code beyond them is not the response's
      const body = line.indexOf('Object":', this.statusAt);
      if (at === -1 || (body !== -1 && body < at)) return body === -1 ? undefined : UNKNOWN;
      const digits = /^\d{3}(?=[,}])/.exec(line.slice(at + 7, at + 11));
      return digits ? digits[0] : UNKNOWN;
    }
    const head = OBJECT_REF.has(field) ? this.ref : this.pre;
    const key = KEY[field];
    const at = head.indexOf(key);
    if (at === -1) return undefined;
    const start = at + key.length;
    const end = head.indexOf('"', start);
    if (end === -1) return UNKNOWN;
    const value = head.slice(start, end);
    return value.includes('\\') ? UNKNOWN : value;
  }
}
