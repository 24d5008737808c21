/**
 * Finds the line and column of a field in the source text, lazily: only findings ask, so the main parse stays
 * at the speed of a plain parse.
 *
 * The quick path reads block-style YAML by indentation, following the path key by key. It answers only when
 * the text is plainly shaped (plain or simply quoted keys, block collections); anything else — flow style, JSON,
 * anchors, tags, escapes — makes it give up, and the exact path re-parses the file once with a recording
 * listener (parseDocumentsWithPositions) and reads the recorded offsets.
 */
import type { FieldPath } from '../inventory/field-path.js';
import type { SourcePosition } from '../inventory/resource.js';
import { type ParsedDocument, parseDocumentsWithPositions, positionsOf } from './yaml.js';

export class SourceText {
  private lineStarts: number[] | undefined;
  private exact: ParsedDocument[] | undefined | null;

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
      const quick = scanBlockPath(this.text, start, path);
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

/** Where the collection that is the value at `valueAt` (on a line ending at `end`) begins, for a parent at `indent`. */
function childCollection(
  text: string,
  valueAt: number,
  end: number,
  indent: number,
  allowSameIndentDash: boolean,
): Line | undefined {
  const ch = text.charCodeAt(valueAt);
  if (valueAt < end && ch !== HASH && ch !== CR) return undefined; // an inline value: flow style, tag, anchor or scalar
  const next = nextContentLine(text, end + 1);
  if (next === undefined) return undefined;
  if (next.indent > indent) return next;
  if (
    allowSameIndentDash &&
    next.indent === indent &&
    text.charCodeAt(next.content) === DASH &&
    isBlankOrEnd(text.charCodeAt(next.content + 1))
  ) {
    return next;
  }
  return undefined;
}

/**
 * Follows `path` through block-style YAML starting at the collection whose first entry is at `start`. Returns
 * the offset of the last segment's key or sequence dash, or undefined when the text is not plain enough.
 */
export function scanBlockPath(text: string, start: number, path: FieldPath): number | undefined {
  let at = start;
  let indent = at - (text.lastIndexOf('\n', at - 1) + 1);
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as string | number;
    const last = i === path.length - 1;
    let found: { offset: number; valueAt: number; end: number } | undefined;
    let line: Line | undefined = { content: at, indent, end: lineEnd(text, at) };
    if (typeof segment === 'number') {
      let index = -1;
      while (line !== undefined && line.indent >= indent) {
        if (line.indent === indent) {
          if (text.charCodeAt(line.content) !== DASH || !isBlankOrEnd(text.charCodeAt(line.content + 1)))
            return undefined;
          if (++index === segment) {
            let valueAt = line.content + 1;
            while (text.charCodeAt(valueAt) === SPACE) valueAt++;
            found = { offset: line.content, valueAt, end: line.end };
            break;
          }
        }
        line = nextContentLine(text, line.end + 1);
      }
      if (found === undefined) return undefined;
      // An item starts where its content does: on the dash's line (`- name: x`) or on the next line.
      const ch = text.charCodeAt(found.valueAt);
      if (found.valueAt < found.end && ch !== HASH && ch !== CR) {
        if (last) return found.valueAt;
        at = found.valueAt;
        indent = found.valueAt - (found.offset - indent);
        continue;
      }
      const child = childCollection(text, found.valueAt, found.end, indent, false);
      if (child === undefined) return undefined;
      if (last) return child.content;
      at = child.content;
      indent = child.indent;
      continue;
    }
    while (line !== undefined && line.indent >= indent) {
      if (line.indent === indent) {
        const ch = text.charCodeAt(line.content);
        // a block sequence may sit at its key's indentation: it belongs to the previous key
        if (!(ch === DASH && isBlankOrEnd(text.charCodeAt(line.content + 1)))) {
          const entry = readKey(text, line.content, line.end);
          if (entry === undefined) return undefined;
          if (entry.key === segment) {
            found = { offset: line.content, valueAt: entry.valueAt, end: line.end };
            break;
          }
        }
      }
      line = nextContentLine(text, line.end + 1);
    }
    if (found === undefined) return undefined;
    if (last) return found.offset;
    const child = childCollection(text, found.valueAt, found.end, indent, true);
    if (child === undefined) return undefined;
    at = child.content;
    indent = child.indent;
  }
  return at;
}
