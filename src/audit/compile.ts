/**
 * Rules compiled for the hot path: each match block becomes a list of small tests, the cheap ones (verb, resource)
 * first, and rules are indexed by the resource they name, so an event meets only the rules that could match it.
 */
import type { AuditEvent } from './event.js';
import { judgedObject } from './event.js';
import { compileCodePatterns, compileListPatterns, compilePatterns } from './patterns.js';
import { type Peek, type PeekField, UNKNOWN } from './peek.js';
import type { DetectionRule, MatchBlock, RuleSet, StringField } from './rules-file.js';

type Test = (event: AuditEvent) => boolean;
/** A test on a raw line's peek: true, false, or undefined when the fields it needs are unknown there. */
type PeekTest = (peek: Peek) => boolean | undefined;

const FIELD: Record<Exclude<StringField, 'group' | 'sourceIP'>, (e: AuditEvent) => string> = {
  verb: (e) => e.verb,
  resource: (e) => e.objectRef?.resource ?? '',
  subresource: (e) => e.objectRef?.subresource ?? '',
  apiGroup: (e) => e.objectRef?.apiGroup ?? '',
  namespace: (e) => e.objectRef?.namespace ?? '',
  name: (e) => e.objectRef?.name ?? '',
  user: (e) => e.user.username,
  userAgent: (e) => e.userAgent,
  requestURI: (e) => e.requestURI,
};

/** Cheapest (and most selective) first. */
const ORDER: StringField[] = [
  'verb',
  'resource',
  'subresource',
  'namespace',
  'apiGroup',
  'name',
  'user',
  'group',
  'sourceIP',
  'userAgent',
  'requestURI',
];

/** Every value at a path such as `rules[].verbs[]` (a `[]` step fans out over a list), as strings. */
function valuesAt(root: unknown, steps: readonly { key: string; each: boolean }[]): string[] {
  let current: unknown[] = [root];
  for (const { key, each } of steps) {
    const next: unknown[] = [];
    for (const holder of current) {
      if (holder === null || typeof holder !== 'object' || Array.isArray(holder)) continue;
      const value = (holder as Record<string, unknown>)[key];
      if (each) {
        if (Array.isArray(value)) next.push(...value);
      } else if (value !== undefined) next.push(value);
    }
    current = next;
  }
  return current.filter((v) => typeof v !== 'object' || v === null).map((v) => String(v));
}

function objectTest(path: string, patterns: readonly string[]): Test {
  const steps = path
    .split('.')
    .map((part) => ({ key: part.replace(/\[\]$/, ''), each: part.endsWith('[]') }));
  const matches = compilePatterns(patterns);
  return (event) => valuesAt(judgedObject(event), steps).some(matches);
}

export function compileBlock(block: MatchBlock): Test {
  const tests: Test[] = [];
  for (const field of ORDER) {
    const patterns = block[field];
    if (patterns === undefined) continue;
    if (field === 'group') {
      const m = compileListPatterns(patterns);
      tests.push((e) => m(e.user.groups));
    } else if (field === 'sourceIP') {
      const m = compileListPatterns(patterns);
      tests.push((e) => m(e.sourceIPs));
    } else {
      const m = compilePatterns(patterns);
      const get = FIELD[field];
      tests.push((e) => m(get(e)));
    }
    if (field === 'verb' && block.responseCode !== undefined) {
      const m = compileCodePatterns(block.responseCode);
      tests.push((e) => m(e.responseStatus?.code));
    }
  }
  if (block.verb === undefined && block.responseCode !== undefined) {
    const m = compileCodePatterns(block.responseCode);
    tests.unshift((e) => m(e.responseStatus?.code));
  }
  if (block.impersonated !== undefined) {
    const wanted = block.impersonated;
    tests.unshift((e) => (e.impersonatedUser !== undefined) === wanted);
  }
  for (const [path, patterns] of Object.entries(block.object ?? {})) tests.push(objectTest(path, patterns));
  return (event) => {
    for (const t of tests) if (!t(event)) return false;
    return true;
  };
}

const PEEKABLE = new Set<string>([
  'verb',
  'resource',
  'subresource',
  'namespace',
  'apiGroup',
  'name',
  'user',
  'userAgent',
  'requestURI',
]);

/** The block's tests that a peek can answer; the others (groups, source IPs, the object) are unknown. */
export function compilePeekBlock(block: MatchBlock): PeekTest {
  const tests: PeekTest[] = [];
  let unknown = false;
  for (const field of ORDER) {
    const patterns = block[field];
    if (patterns === undefined) continue;
    if (field === 'group') {
      const m = compileListPatterns(patterns);
      tests.push((p) => {
        const groups = p.groups();
        return groups === UNKNOWN ? undefined : m(groups);
      });
      continue;
    }
    if (!PEEKABLE.has(field)) {
      unknown = true;
      continue;
    }
    const m = compilePatterns(patterns);
    const f = field as PeekField;
    tests.push((p) => {
      const v = p.get(f);
      return v === UNKNOWN ? undefined : m(v ?? '');
    });
  }
  if (block.responseCode !== undefined) {
    const m = compileCodePatterns(block.responseCode);
    // a cheap, selective test: before the others
    tests.splice(block.verb === undefined ? 0 : 1, 0, (p) => {
      const v = p.get('code');
      return v === UNKNOWN ? undefined : m(v === undefined ? undefined : Number(v));
    });
  }
  if (block.impersonated !== undefined) {
    const wanted = block.impersonated;
    tests.push((p) => {
      const v = p.get('impersonated');
      return v === UNKNOWN ? undefined : (v !== undefined) === wanted;
    });
  }
  if (block.object !== undefined) unknown = true;
  return (peek) => {
    let result: boolean | undefined = unknown ? undefined : true;
    for (const t of tests) {
      const r = t(peek);
      if (r === false) return false;
      if (r === undefined) result = undefined;
    }
    return result;
  };
}

export interface CompiledRule {
  rule: DetectionRule;
  /** Whether the event matches the rule's blocks and no exclusion: judged before any content rule. */
  matches: (event: AuditEvent) => boolean;
  /** False when the raw line surely does not match (no block can, or an exclusion surely applies). */
  mayMatch: (peek: Peek) => boolean;
}

function peekRule(rule: DetectionRule, exempt: readonly MatchBlock[]): (peek: Peek) => boolean {
  const blocks = rule.match.map(compilePeekBlock);
  const exemptions = exempt.map(compilePeekBlock);
  return (peek) => {
    let any = false;
    for (const b of blocks)
      if (b(peek) !== false) {
        any = true;
        break;
      }
    if (!any) return false;
    for (const e of exemptions) if (e(peek) === true) return false;
    return true;
  };
}

function anyOf(tests: Test[]): Test {
  if (tests.length === 1) return tests[0] as Test;
  return (event) => {
    for (const t of tests) if (t(event)) return true;
    return false;
  };
}

export function compileRule(rule: DetectionRule, set: RuleSet): CompiledRule {
  const match = anyOf(rule.match.map(compileBlock));
  const exemptBlocks = [...rule.except.flatMap((name) => set.exclusions.get(name) ?? []), ...rule.unless];
  const mayMatch = peekRule(rule, exemptBlocks);
  if (exemptBlocks.length === 0) return { rule, matches: match, mayMatch };
  const excluded = anyOf(exemptBlocks.map(compileBlock));
  return { rule, matches: (event) => match(event) && !excluded(event), mayMatch };
}

/** The plain resource names a rule can match, or undefined when it can match any resource. */
function resourcesOf(rule: DetectionRule): string[] | undefined {
  const out: string[] = [];
  for (const block of rule.match) {
    if (block.resource === undefined) return undefined;
    if (block.resource.some((r) => r.includes('*') || r.includes('?') || r.startsWith('!'))) return undefined;
    out.push(...block.resource);
  }
  return out;
}

/** Rules by the resource they name: an event meets its resource's rules, then those for any resource. */
export class RuleIndex {
  private readonly byResource = new Map<string, CompiledRule[]>();
  private readonly anyResource: CompiledRule[] = [];

  constructor(readonly rules: readonly CompiledRule[]) {
    const named = new Map<string, CompiledRule[]>();
    for (const compiled of rules) {
      const resources = resourcesOf(compiled.rule);
      if (resources === undefined) this.anyResource.push(compiled);
      else
        for (const r of new Set(resources)) {
          const list = named.get(r);
          if (list === undefined) named.set(r, [compiled]);
          else list.push(compiled);
        }
    }
    // in the rules' own order, so alerts of one event come out in rule order
    const order = new Map(rules.map((r, i) => [r, i]));
    for (const [r, list] of named)
      this.byResource.set(
        r,
        [...list, ...this.anyResource].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
      );
  }

  /** Whether some rule may match the raw line: false only when none can, whatever the peek does not know. */
  mayMatch(peek: Peek): boolean {
    const resource = peek.get('resource');
    const rules =
      resource === UNKNOWN
        ? this.rules
        : (resource !== undefined && this.byResource.get(resource)) || this.anyResource;
    for (const r of rules) if (r.mayMatch(peek)) return true;
    return false;
  }

  candidates(event: AuditEvent): readonly CompiledRule[] {
    const resource = event.objectRef?.resource;
    return (resource !== undefined && this.byResource.get(resource)) || this.anyResource;
  }
}
