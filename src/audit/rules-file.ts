/**
 * The detection rules file (YAML): `rules` (each a match on the event, exclusions, a severity, a Threat Matrix
 * technique and a message template), named `exclusions` that rules cite and users extend, and `disable`. The
 * built-in rules and a user's `--rules FILE` are read by this same code; a mistake names the rule and the field.
 */
import yaml from 'js-yaml';
import { isSeverity, type Severity } from '../findings/severity.js';
import { findRule } from '../rules/registry.js';
import { isCodePattern } from './patterns.js';

/** Fields of the event a match block tests, each against a list of patterns. */
export const STRING_FIELDS = [
  'verb',
  'resource',
  'subresource',
  'apiGroup',
  'namespace',
  'name',
  'user',
  'group',
  'userAgent',
  'requestURI',
  'sourceIP',
] as const;
export type StringField = (typeof STRING_FIELDS)[number];

export type MatchBlock = Partial<Record<StringField, string[]>> & {
  responseCode?: string[];
  /** true: the request was made through impersonation; false: it was not. */
  impersonated?: boolean;
  /** Field paths of the judged object (`spec.type`, `rules[].verbs[]`) → patterns one of its values matches. */
  object?: Record<string, string[]>;
};

/** What the windowed and learning rules count by. */
export const KEYS = ['user', 'sourceIP', 'namespace', 'name', 'resource', 'verb'] as const;
export type Key = (typeof KEYS)[number];

export interface DetectionRule {
  id: string;
  title: string;
  /** Microsoft Threat Matrix for Kubernetes technique id, e.g. MS-TA9006; null where no technique fits. */
  technique: string | null;
  tactic: string;
  severity: Severity;
  /** Template: `{user}`, `{verb}`, `{resource}`, `{subresource}`, `{namespace}`, `{name}`, `{findings}`, ... */
  message: string;
  /** Any block matches → the rule matches (before exclusions). */
  match: MatchBlock[];
  /** Names of exclusion lists (from `exclusions:`) whose blocks exempt an event. */
  except: string[];
  /** The rule's own exempting blocks. */
  unless: MatchBlock[];
  /** Catalog rule ids (PP-PSS-001, ...) that judge the object: the rule matches only where they find something. */
  judge: string[];
  /** Alert when `count` matching events with the same `by` come within `window` seconds. */
  threshold?: { count: number; window: number; by: Key[] };
  /** Alert on the first match of a `by` not seen during the `learn` seconds after the rule first matched. */
  novel?: { by: Key[]; learn: number };
}

export interface RuleSet {
  rules: DetectionRule[];
  exclusions: Map<string, MatchBlock[]>;
}

export class RuleFileError extends Error {
  override name = 'RuleFileError';
}

export const PLACEHOLDERS = new Set([
  'user',
  'groups',
  'verb',
  'resource',
  'subresource',
  'namespace',
  'name',
  'apiGroup',
  'sourceIP',
  'userAgent',
  'requestURI',
  'code',
  'impersonatedUser',
  'findings',
  'count',
]);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where a mistake is, for the message: the file, then the rule (or exclusion) and the field. */
class Place {
  constructor(
    readonly file: string,
    readonly what: string,
  ) {}
  fail(field: string, problem: string): never {
    throw new RuleFileError(`${this.file}: ${this.what}: field "${field}" ${problem}`);
  }
}

function patternList(place: Place, field: string, value: unknown): string[] {
  const list = typeof value === 'string' || typeof value === 'number' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0)
    place.fail(field, 'must be a pattern or a non-empty list of patterns');
  return list.map((item, i) => {
    if (typeof item === 'number' || typeof item === 'boolean') return String(item);
    if (typeof item !== 'string') place.fail(`${field}[${i}]`, 'must be a string');
    return item;
  });
}

function seconds(place: Place, field: string, value: unknown): number {
  const m =
    typeof value === 'number' ? [String(value), String(value), 's'] : /^(\d+)(s|m|h|d)?$/.exec(String(value));
  if (!m || Number(m[1]) <= 0)
    place.fail(field, `must be a duration such as 60s, 10m, 1h (got ${JSON.stringify(value)})`);
  return Number(m[1]) * ({ s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's') as 's'] ?? 1);
}

function keys(place: Place, field: string, value: unknown): Key[] {
  const list = patternList(place, field, value);
  for (const k of list)
    if (!(KEYS as readonly string[]).includes(k)) place.fail(field, `has "${k}": use ${KEYS.join(', ')}`);
  return list as Key[];
}

const BLOCK_FIELDS = new Set<string>([...STRING_FIELDS, 'responseCode', 'impersonated', 'object']);

function matchBlock(place: Place, field: string, value: unknown): MatchBlock {
  if (!isRecord(value)) place.fail(field, 'must be a mapping of event fields to patterns');
  const block: MatchBlock = {};
  for (const [key, v] of Object.entries(value)) {
    const at = `${field}.${key}`;
    if (!BLOCK_FIELDS.has(key)) place.fail(at, `is not a match field (use ${[...BLOCK_FIELDS].join(', ')})`);
    if (key === 'impersonated') {
      if (typeof v !== 'boolean') place.fail(at, 'must be true or false');
      block.impersonated = v;
    } else if (key === 'responseCode') {
      const codes = patternList(place, at, v);
      for (const c of codes)
        if (!isCodePattern(c)) place.fail(at, `has "${c}": use 403, 4xx, <400, >=500 or !404`);
      block.responseCode = codes;
    } else if (key === 'object') {
      if (!isRecord(v))
        place.fail(at, 'must be a mapping of field paths (spec.type, rules[].verbs[]) to patterns');
      block.object = {};
      for (const [path, patterns] of Object.entries(v)) {
        if (!/^[A-Za-z_$][\w$-]*(\[\])?(\.[A-Za-z_$][\w$-]*(\[\])?)*$/.test(path))
          place.fail(`${at}.${path}`, 'is not a field path such as spec.type or rules[].verbs[]');
        block.object[path] = patternList(place, `${at}.${path}`, patterns);
      }
    } else {
      block[key as StringField] = patternList(place, at, v);
    }
  }
  return block;
}

function blocks(place: Place, field: string, value: unknown): MatchBlock[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) place.fail(field, 'must hold at least one match block');
  return list.map((b, i) =>
    matchBlock(place, list.length === 1 && !Array.isArray(value) ? field : `${field}[${i}]`, b),
  );
}

const RULE_FIELDS = new Set([
  'id',
  'title',
  'technique',
  'tactic',
  'severity',
  'message',
  'match',
  'except',
  'unless',
  'judge',
  'threshold',
  'novel',
]);

function rule(file: string, value: unknown, index: number): DetectionRule {
  const unnamed: Place = new Place(file, `rule #${index + 1}`);
  if (!isRecord(value)) unnamed.fail('(rule)', 'must be a mapping');
  if (typeof value.id !== 'string' || !/^[A-Za-z0-9][\w.-]*$/.test(value.id))
    unnamed.fail('id', 'must be a name such as PP-AUD-001 or my-rule');
  const place: Place = new Place(file, `rule "${value.id}"`);
  for (const key of Object.keys(value))
    if (!RULE_FIELDS.has(key)) place.fail(key, `is not a rule field (use ${[...RULE_FIELDS].join(', ')})`);
  const text = (field: string): string => {
    const v = value[field];
    if (typeof v !== 'string' || v.trim() === '') place.fail(field, 'must be a non-empty string');
    return v;
  };
  if (!isSeverity(value.severity)) place.fail('severity', 'must be one of critical, high, medium, low, info');
  const technique = value.technique ?? null;
  if (technique !== null && (typeof technique !== 'string' || !/^MS-TA9\d{3}$/.test(technique)))
    place.fail(
      'technique',
      `must be a Threat Matrix technique id such as MS-TA9006, or null (got ${JSON.stringify(technique)})`,
    );
  const message = text('message');
  for (const [, name] of message.matchAll(/\{([^}]*)\}/g))
    if (!PLACEHOLDERS.has(name as string))
      place.fail(
        'message',
        `has unknown placeholder {${name}} (use ${[...PLACEHOLDERS].map((p) => `{${p}}`).join(', ')})`,
      );
  if (value.match === undefined) place.fail('match', 'is required');
  const out: DetectionRule = {
    id: value.id,
    title: text('title'),
    technique,
    tactic: text('tactic'),
    severity: value.severity,
    message,
    match: blocks(place, 'match', value.match),
    except: value.except === undefined ? [] : patternList(place, 'except', value.except),
    unless: value.unless === undefined ? [] : blocks(place, 'unless', value.unless),
    judge: value.judge === undefined ? [] : patternList(place, 'judge', value.judge),
  };
  for (const id of out.judge)
    if (findRule(id) === undefined)
      place.fail('judge', `names "${id}", which is not a rule of the catalog (parapet rules)`);
  if (value.threshold !== undefined) {
    const t = value.threshold;
    if (!isRecord(t)) place.fail('threshold', 'must be a mapping with count, window and by');
    if (!Number.isInteger(t.count) || (t.count as number) < 2)
      place.fail('threshold.count', 'must be an integer ≥ 2');
    out.threshold = {
      count: t.count as number,
      window: seconds(place, 'threshold.window', t.window),
      by: keys(place, 'threshold.by', t.by ?? 'user'),
    };
  }
  if (value.novel !== undefined) {
    const n = value.novel;
    if (!isRecord(n)) place.fail('novel', 'must be a mapping with by and learn');
    out.novel = {
      by: keys(place, 'novel.by', n.by ?? 'user'),
      learn: seconds(place, 'novel.learn', n.learn),
    };
  }
  if (out.threshold && out.novel) place.fail('novel', 'cannot be combined with threshold');
  return out;
}

/**
 * Reads a rules file's text. `base` (the built-in set) is extended: a rule with a base rule's id replaces it,
 * exclusion lists of the same name are added to, `disable` removes rules.
 */
export function parseRuleFile(text: string, file: string, base?: RuleSet): RuleSet {
  let doc: unknown;
  try {
    doc = yaml.load(text, { filename: file });
  } catch (error) {
    throw new RuleFileError(`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const top: Place = new Place(file, 'the file');
  if (!isRecord(doc)) top.fail('(top level)', 'must be a mapping with rules, exclusions and disable');
  for (const key of Object.keys(doc))
    if (!['rules', 'exclusions', 'disable'].includes(key))
      top.fail(key, 'is not known (use rules, exclusions, disable)');
  const exclusions = new Map<string, MatchBlock[]>(
    base ? [...base.exclusions].map(([k, v]) => [k, [...v]]) : [],
  );
  if (doc.exclusions !== undefined) {
    if (!isRecord(doc.exclusions))
      top.fail('exclusions', 'must be a mapping of names to lists of match blocks');
    for (const [name, list] of Object.entries(doc.exclusions)) {
      const found = blocks(new Place(file, `exclusion "${name}"`), 'exclusions', list);
      exclusions.set(name, [...(exclusions.get(name) ?? []), ...found]);
    }
  }
  const byId = new Map<string, DetectionRule>((base?.rules ?? []).map((r) => [r.id, r]));
  if (doc.rules !== undefined) {
    if (!Array.isArray(doc.rules)) top.fail('rules', 'must be a list of rules');
    const seen = new Set<string>();
    doc.rules.forEach((value, i) => {
      const r = rule(file, value, i);
      if (seen.has(r.id)) new Place(file, `rule "${r.id}"`).fail('id', 'is used twice in this file');
      seen.add(r.id);
      byId.set(r.id, r);
    });
  }
  if (doc.disable !== undefined) {
    for (const id of patternList(top, 'disable', doc.disable)) {
      if (!byId.delete(id)) top.fail('disable', `names "${id}", which is not a rule`);
    }
  }
  const rules = [...byId.values()];
  for (const r of rules)
    for (const name of r.except)
      if (!exclusions.has(name))
        new Place(file, `rule "${r.id}"`).fail('except', `names "${name}", which is not in exclusions`);
  return { rules, exclusions };
}
