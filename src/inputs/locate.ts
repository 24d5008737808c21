/**
 * Finds the line and column of a field in the source text, lazily: only findings ask, so the main parse stays
 * at the speed of a plain parse.
 *
 * The quick path reads block-style YAML by indentation, following the path key by key. It answers only when
 * the text is plainly shaped (plain or simply quoted keys, block collections); anything else (multi-line flow
 * style, JSON, anchors, tags, escapes) makes it give up, and the exact path re-parses the file once with a
 * recording listener (parseDocumentsWithPositions) and reads the recorded offsets.
 */
import type { FieldPath } from '../inventory/field-path.js';
import type { SourcePosition } from '../inventory/resource.js';
import { type ParsedDocument, parseDocumentsWithPositions, positionsOf } from './yaml.js';

export class SourceText {
  private lineStarts: number[] | undefined;
  private exact: ParsedDocument[] | undefined | null;
  private readonly trail: PathTrail = { start: -1, path: [], states: [] };

  constructor(
    readonly text: string,
    /** Offsets of each document's root node, from the main parse. */
    readonly documentOffsets: readonly number[],
    readonly json: boolean,
  ) {}

  /** 1-based line and column of a character offset. */
  position(offset: number): SourcePosition {
    if (this.lineStarts === undefined) {
      const starts = [0];
      const text = this.text;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  }

  /** Offset of the deepest existing field along `path` in document `document` (the document itself at worst). */
  offsetOf(document: number, path: FieldPath): number {
    const start = this.documentOffsets[document] ?? 0;
    if (!this.json) {
      const quick = scanBlockPath(this.text, start, path, this.trail);
      if (quick !== undefined) return quick;
    }
    return this.exactOffset(document, path) ?? start;
  }

  locate(document: number, path: FieldPath): SourcePosition {
    return this.position(this.offsetOf(document, path));
  }

  private exactOffset(document: number, path: FieldPath): number | undefined {
    if (this.exact === undefined) {
      try {
        this.exact = parseDocumentsWithPositions(this.text, this.json);
      } catch {
        this.exact = null; // the main parse succeeded on this text, so this should not happen
      }
    }
    const doc = this.exact?.[document];
    if (doc === undefined) return undefined;
    let value: unknown = doc.value;
    let offset = doc.offset;
    for (const segment of path) {
      const record = positionsOf(value);
      if (record === undefined) break;
      let next: number | undefined;
      if (typeof segment === 'number') next = record.itemOffsets?.[segment];
      else {
        const i = record.keys?.lastIndexOf(segment) ?? -1;
        next = i >= 0 ? record.keyOffsets?.[i] : undefined;
      }
      if (next === undefined) break;
      offset = next;
      value = (value as Record<string | number, unknown>)[segment];
    }
    return offset;
  }
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const TAB = 0x09;

function isBlankOrEnd(ch: number): boolean {
  return ch === SPACE || ch === NEWLINE || ch === CR || ch === TAB || Number.isNaN(ch);
}

interface Line {
  /** Offset where the line's content starts (after indentation). */
  content: number;
  indent: number;
  /** Offset of the line's end (the newline, or text length). */
  end: number;
}

/** The next line at or after `from` (a line start) with content other than a comment; undefined at document end. */
function nextContentLine(text: string, from: number): Line | undefined {
  let lineStart = from;
  while (lineStart < text.length) {
    let end = text.indexOf('\n', lineStart);
    if (end === -1) end = text.length;
    let p = lineStart;
    while (text.charCodeAt(p) === SPACE) p++;
    const ch = text.charCodeAt(p);
    const blank = p >= end || ch === CR || ch === HASH;
    if (!blank) {
      // a document marker ends the document
      if (
        p === lineStart &&
        (text.startsWith('---', p) || text.startsWith('...', p)) &&
        isBlankOrEnd(text.charCodeAt(p + 3))
      ) {
        return undefined;
      }
      return { content: p, indent: p - lineStart, end };
    }
    lineStart = end + 1;
  }
  return undefined;
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end;
}

/** The key on a `key: value` line starting at `at`, and where its value starts; undefined if not plainly a key. */
function readKey(text: string, at: number, end: number): { key: string; valueAt: number } | undefined {
  const first = text.charCodeAt(at);
  let key: string;
  let p: number;
  if (first === 0x22 /* " */ || first === 0x27 /* ' */) {
    const close = text.indexOf(text[at] as string, at + 1);
    if (close === -1 || close > end) return undefined;
    key = text.slice(at + 1, close);
    if (first === 0x22 && key.includes('\\')) return undefined;
    if (first === 0x27 && text.charCodeAt(close + 1) === 0x27) return undefined; // '' escape
    p = close + 1;
    while (text.charCodeAt(p) === SPACE) p++;
    if (text.charCodeAt(p) !== COLON || !isBlankOrEnd(text.charCodeAt(p + 1))) return undefined;
  } else {
    // characters that start something other than a plain key
    if (
      '?{[&*!|>%@`,]}#-'.includes(text[at] as string) &&
      !(first === DASH && !isBlankOrEnd(text.charCodeAt(at + 1)))
    ) {
      return undefined;
    }
    p = at;
    for (;;) {
      p = text.indexOf(':', p);
      if (p === -1 || p >= end) return undefined;
      if (isBlankOrEnd(text.charCodeAt(p + 1))) break;
      p++;
    }
    key = text.slice(at, p).trimEnd();
    if (key.includes(' #')) return undefined;
  }
  p++;
  while (text.charCodeAt(p) === SPACE) p++;
  return { key, valueAt: p };
}

type Inline = 'none' | 'scalar' | 'flow' | 'unknown';

/** What stands after a key's colon or an item's dash on the same line. */
function inlineValue(text: string, at: number, end: number): Inline {
  if (at >= end) return 'none';
  const ch = text[at] as string;
  if (ch === '#' || ch === '\r') return 'none';
  if (ch === '&' || ch === '!' || ch === '*') return 'unknown'; // anchors, tags, aliases: leave to the parser
  if (ch === '{' || ch === '[') return closesOnLine(text, at, end) ? 'flow' : 'unknown';
  return 'scalar';
}

/** Whether the flow collection opening at `at` closes before `end` (quotes respected). */
function closesOnLine(text: string, at: number, end: number): boolean {
  let depth = 0;
  for (let p = at; p < end; p++) {
    const ch = text[p];
    if (ch === '"' || ch === "'") {
      const close = text.indexOf(ch, p + 1);
      if (close === -1 || close >= end) return false;
      p = close;
    } else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      if (--depth === 0) return true;
    }
  }
  return false;
}

/**
 * The block collection below a key or dash whose line ends at `end`: the next content line when it is indented
 * deeper (or, for a mapping value, a sequence at the key's own indentation); 'absent' when the value is empty.
 */
function blockChild(
  text: string,
  end: number,
  indent: number,
  allowSameIndentDash: boolean,
): Line | 'absent' {
  const next = nextContentLine(text, end + 1);
  if (next === undefined) return 'absent';
  if (next.indent > indent) return next;
  const dash = text.charCodeAt(next.content) === DASH && isBlankOrEnd(text.charCodeAt(next.content + 1));
  if (allowSameIndentDash && next.indent === indent && dash) return next;
  return 'absent';
}

/**
 * Follows `path` through block-style YAML starting at the collection whose first entry is at `start`. Returns
 * the offset of the last segment's key or item; or, where the path runs out of the document, of the deepest
 * segment that exists (as the exact parse does). Undefined when the text is not plain enough to be sure.
 * Inside a one-line flow collection it answers with the collection's key: the right line, if not the column.
 */
export function scanBlockPath(
  text: string,
  start: number,
  path: FieldPath,
  trail?: PathTrail,
): number | undefined {
  let at = start;
  let indent = at - (text.lastIndexOf('\n', at - 1) + 1);
  let deepest = start;
  let from = 0;
  if (trail !== undefined) {
    // resume after the longest prefix this document's previous lookup already walked
    let common = 0;
    if (trail.start === start) {
      const most = Math.min(trail.states.length, path.length);
      while (common < most && trail.path[common] === path[common]) common++;
    }
    if (common > 0) ({ at, indent, deepest } = trail.states[common - 1] as ScanState);
    trail.start = start;
    trail.path = path;
    trail.states.length = common;
    from = common;
  }
  for (let s = from; s < path.length; s++) {
    if (s > from) trail?.states.push({ at, indent, deepest });
    const segment = path[s] as string | number;
    let line: Line | undefined = { content: at, indent, end: lineEnd(text, at) };
    let found: { offset: number; valueAt: number; end: number } | undefined;
    if (typeof segment === 'number') {
      let index = -1;
      for (; line !== undefined && line.indent >= indent; line = nextContentLine(text, line.end + 1)) {
        if (line.indent > indent) continue;
        if (text.charCodeAt(line.content) !== DASH || !isBlankOrEnd(text.charCodeAt(line.content + 1))) {
          return undefined;
        }
        if (++index < segment) continue;
        let valueAt = line.content + 1;
        while (text.charCodeAt(valueAt) === SPACE) valueAt++;
        found = { offset: line.content, valueAt, end: line.end };
        break;
      }
      if (found === undefined) return deepest;
      // An item starts where its content does: on the dash's line (`- name: x`) or on the next line.
      const inline = inlineValue(text, found.valueAt, found.end);
      if (inline === 'unknown') return undefined;
      if (inline !== 'none') {
        deepest = found.valueAt;
        if (inline === 'flow') return deepest;
        at = found.valueAt;
        indent = found.valueAt - (found.offset - indent);
        continue;
      }
      const child = blockChild(text, found.end, indent, false);
      if (child === 'absent') return found.offset;
      deepest = child.content;
      at = child.content;
      indent = child.indent;
      continue;
    }
    for (; line !== undefined && line.indent >= indent; line = nextContentLine(text, line.end + 1)) {
      if (line.indent > indent) continue;
      // a block sequence may sit at its key's indentation: it belongs to the previous key
      if (text.charCodeAt(line.content) === DASH && isBlankOrEnd(text.charCodeAt(line.content + 1))) continue;
      const entry = readKey(text, line.content, line.end);
      if (entry === undefined) {
        // the compact item's own line holding a scalar (`- foo`): the path goes no deeper
        return line.content === at && at !== start && inlineValue(text, at, line.end) === 'scalar'
          ? deepest
          : undefined;
      }
      if (entry.key === segment) {
        found = { offset: line.content, valueAt: entry.valueAt, end: line.end };
        break;
      }
    }
    if (found === undefined) return deepest;
    deepest = found.offset;
    const inline = inlineValue(text, found.valueAt, found.end);
    if (inline === 'unknown') return undefined;
    if (inline !== 'none') return deepest; // a scalar or one-line flow value: nothing deeper has its own line
    const child = blockChild(text, found.end, indent, true);
    if (child === 'absent') return deepest;
    at = child.content;
    indent = child.indent;
  }
  if (path.length > from) trail?.states.push({ at, indent, deepest });
  return deepest;
}

/** Where the walk stood after each segment of a path: the state `scanBlockPath` resumes from. */
interface ScanState {
  at: number;
  indent: number;
  deepest: number;
}

/**
 * The last path walked in a file and the state after each of its segments. Findings come resource by resource, and
 * those of one container share most of their path (`spec.template.spec.containers[0]...`): the next lookup in the
 * same document starts where their paths part.
 */
export interface PathTrail {
  start: number;
  path: FieldPath;
  states: ScanState[];
}
