/**
 * The detector: audit events in, alerts out, in event order. Each request is judged once (its stage, its
 * auditID); an event meets only the rules indexed under its resource; content rules ask the catalog about the
 * object once per event; alerts of the same rule, subject and object within the dedup window fold into one with a
 * count, and each rule raises at most `rateLimit` alerts a minute.
 */
import { type Alert, alertOf } from './alert.js';
import { type CompiledRule, compileRule, RuleIndex } from './compile.js';
import { type ObjectFindings, ObjectJudge } from './content.js';
import { type AuditEvent, isJudgedStage, JudgedIds, toAuditEvent } from './event.js';
import { Peek } from './peek.js';
import type { DetectionRule, Key, RuleSet } from './rules-file.js';

export interface DetectorOptions {
  cluster?: string | null;
  /** Seconds during which repeats of an alert fold into it (0: every match is its own alert). */
  dedupWindow?: number;
  /** Alerts per rule per minute of event time; the rest are counted, not raised. */
  rateLimit?: number;
}

interface Pending {
  alert: Alert;
  /** Event time (ms) of the first folded event. */
  first: number;
}

const MAX_KEYS = 100_000;

function keyOf(event: AuditEvent, by: readonly Key[]): string {
  let key = '';
  for (const k of by) {
    const ref = event.objectRef;
    const v =
      k === 'user'
        ? event.user.username
        : k === 'sourceIP'
          ? (event.sourceIPs[0] ?? '')
          : k === 'verb'
            ? event.verb
            : k === 'resource'
              ? (ref?.resource ?? '')
              : k === 'namespace'
                ? (ref?.namespace ?? '')
                : (ref?.name ?? '');
    key += `${v}\u0000`;
  }
  return key;
}

/** A Map used as a bounded LRU-ish store: the oldest insertion goes when it is full. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.set(key, value);
  if (map.size > MAX_KEYS) map.delete(map.keys().next().value as string);
}

export interface DetectorStats {
  events: number;
  judged: number;
  alerts: number;
  /** Per rule: alerts not raised because the rule hit its rate limit. */
  rateLimited: Map<string, number>;
}

export class Detector {
  private readonly index: RuleIndex;
  private readonly judge: ObjectJudge;
  private readonly ids = new JudgedIds();
  private readonly pending = new Map<string, Pending>();
  private readonly windows = new Map<string, number[]>();
  private readonly seen = new Map<string, true>();
  private readonly perMinute = new Map<string, { minute: number; n: number }>();
  private learnUntil: number | undefined;
  private readonly cluster: string | null;
  private readonly windowMs: number;
  private readonly rateLimit: number;
  private readonly peek = new Peek();
  readonly stats: DetectorStats = { events: 0, judged: 0, alerts: 0, rateLimited: new Map() };

  constructor(
    set: RuleSet,
    private readonly emit: (alert: Alert) => void,
    options: DetectorOptions = {},
  ) {
    this.index = new RuleIndex(set.rules.map((r) => compileRule(r, set)));
    this.judge = new ObjectJudge(set.rules.flatMap((r) => r.judge));
    this.cluster = options.cluster ?? null;
    this.windowMs = (options.dedupWindow ?? 60) * 1000;
    this.rateLimit = options.rateLimit ?? 100;
  }

  /**
   * Judges one line of an audit log; the reason when it is not an audit event. A complete line in the API
   * server's compact form that no rule can match (told from a peek at its top-level fields) is counted and
   * skipped unparsed: most of a log is the control plane's routine, and JSON.parse is the cost.
   */
  offerLine(line: string): string | undefined {
    const peek = this.peek;
    // a line cut short (the last one of a file being written) is parsed, so that it is reported
    if (
      peek.reset(line) &&
      line.charCodeAt(line.length - 1) === 0x7d &&
      typeof peek.get('verb') === 'string'
    ) {
      const stage = peek.get('stage');
      if (stage === 'RequestReceived' || (typeof stage === 'string' && !this.index.mayMatch(peek))) {
        this.stats.events++;
        return undefined;
      }
    }
    const event = decodeEvent(line);
    if (typeof event === 'string') return event;
    this.offer(event);
    return undefined;
  }

  /** Judges one event (skipped when its stage is not judged or its request was judged already). */
  offer(event: AuditEvent): void {
    this.stats.events++;
    let now: number | undefined;
    if (this.pending.size > 0) {
      now = Date.parse(event.time);
      if (!Number.isNaN(now)) this.flushBefore(now);
    }
    if (!isJudgedStage(event) || !this.ids.firstTime(event.auditID)) return;
    this.stats.judged++;
    let content: ObjectFindings | undefined;
    for (const compiled of this.index.candidates(event)) {
      if (!compiled.matches(event)) continue;
      const { rule } = compiled;
      let findings: string[] = [];
      if (rule.judge.length > 0) {
        content ??= this.judge.judge(event);
        findings = rule.judge.flatMap((id) => content?.get(id) ?? []);
        if (findings.length === 0) continue;
      }
      now ??= Date.parse(event.time);
      const count = this.counted(compiled, event, now);
      if (count === 0) continue;
      this.raise(rule, event, findings, count, now);
    }
  }

  /** For windowed and learning rules: how many events this alert stands for, 0 when none is due. */
  private counted({ rule }: CompiledRule, event: AuditEvent, now: number): number {
    if (rule.threshold) {
      const key = `${rule.id}\u0000${keyOf(event, rule.threshold.by)}`;
      const times = this.windows.get(key) ?? [];
      const from = now - rule.threshold.window * 1000;
      while (times.length > 0 && (times[0] as number) <= from) times.shift();
      times.push(now);
      if (times.length < rule.threshold.count) {
        remember(this.windows, key, times);
        return 0;
      }
      this.windows.delete(key);
      return times.length;
    }
    if (rule.novel) {
      this.learnUntil ??= (Number.isNaN(now) ? 0 : now) + rule.novel.learn * 1000;
      const key = `${rule.id}\u0000${keyOf(event, rule.novel.by)}`;
      if (this.seen.has(key)) return 0;
      remember(this.seen, key, true);
      return now < this.learnUntil ? 0 : 1;
    }
    return 1;
  }

  private raise(
    rule: DetectionRule,
    event: AuditEvent,
    findings: string[],
    count: number,
    now: number,
  ): void {
    const ref = event.objectRef;
    const key = `${rule.id}\u0000${event.user.username}\u0000${ref?.resource}/${ref?.subresource}\u0000${ref?.namespace}/${ref?.name}`;
    const folded = this.pending.get(key);
    if (folded !== undefined) {
      folded.alert.count += count;
      return;
    }
    const minute = Math.floor((Number.isNaN(now) ? 0 : now) / 60_000);
    const rate = this.perMinute.get(rule.id);
    if (rate === undefined || rate.minute !== minute) this.perMinute.set(rule.id, { minute, n: 1 });
    else if (++rate.n > this.rateLimit) {
      this.stats.rateLimited.set(rule.id, (this.stats.rateLimited.get(rule.id) ?? 0) + 1);
      return;
    }
    const alert = alertOf(rule, event, findings, count, this.cluster);
    if (this.windowMs === 0) {
      this.stats.alerts++;
      this.emit(alert);
      return;
    }
    this.pending.set(key, { alert, first: Number.isNaN(now) ? 0 : now });
  }

  /** Raises the folded alerts whose window closed before `now` (event time, ms), oldest first. */
  flushBefore(now: number): void {
    for (const [key, p] of this.pending) {
      if (p.first + this.windowMs > now) break;
      this.pending.delete(key);
      this.stats.alerts++;
      this.emit(p.alert);
    }
  }

  /** Raises every folded alert: at the end of the input. */
  flush(): void {
    this.flushBefore(Number.POSITIVE_INFINITY);
  }

  /** Folded alerts not raised yet, for a checkpoint; `restore` takes them back after a restart. */
  pendingAlerts(): { key: string; alert: Alert; first: number }[] {
    return [...this.pending].map(([key, p]) => ({ key, ...p }));
  }

  restore(state: { pending?: { key: string; alert: Alert; first: number }[]; judged?: string[] }): void {
    for (const p of state.pending ?? []) this.pending.set(p.key, { alert: p.alert, first: p.first });
    for (const id of state.judged ?? []) this.ids.firstTime(id);
  }

  recentlyJudged(limit: number): string[] {
    return this.ids.recent(limit);
  }
}

/** Decodes one line; a reason (for `FILE:LINE: reason`) when it is not an audit event. */
export function decodeEvent(line: string): AuditEvent | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return line.trimStart().startsWith('{') ? 'not JSON (a truncated line?)' : 'not JSON';
  }
  return toAuditEvent(value);
}
