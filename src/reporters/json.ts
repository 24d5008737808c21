import type { Finding, Note, ScanReport } from '../findings/finding.js';
import { ByteChunks, jsonString } from './bytes.js';
import { summarize } from './summary.js';
import type { Reporter } from './types.js';

/**
 * The JSON report: `{"summary", "findings", "notes", "unusedExceptions"}`, one finding per line. Findings are
 * written field by field in a fixed key order: the output is a stable contract, and only the documented fields
 * reach it. What repeats across findings (a rule's title, remediation and references) is encoded once per rule.
 * Absent optional fields are left out.
 */
export function* renderJsonChunks(report: ScanReport): Generator<Uint8Array> {
  const out = new ByteChunks();
  out.text(`{\n  "summary": ${JSON.stringify(summarize(report))},\n  "findings": `);
  if (report.findings.length === 0) out.text('[]');
  else {
    const parts = new RuleParts();
    let separator = '[\n    ';
    for (const finding of report.findings) {
      out.text(separator);
      separator = ',\n    ';
      writeFinding(out, finding, parts);
      yield* out.drain();
    }
    out.text('\n  ]');
  }
  out.text(`,\n  "notes": ${jsonArray(report.notes.map(noteJson))}`);
  out.text(
    `,\n  "unusedExceptions": ${jsonArray(report.unusedExceptions.map((e) => ({ rule: e.rule, reason: e.reason })))}`,
  );
  out.text('\n}\n');
  yield* out.finish();
}

export const renderJson: Reporter = (report) => Buffer.concat([...renderJsonChunks(report)]).toString('utf8');

function writeFinding(out: ByteChunks, finding: Finding, parts: RuleParts): void {
  const r = finding.resource;
  out.bytes(parts.head(finding));
  let text = `{"apiVersion":${jsonString(r.apiVersion)},"kind":${jsonString(r.kind)},"name":${jsonString(r.name)},"namespace":${jsonString(r.namespace)}`;
  if (r.file !== undefined) text += `,"file":${jsonString(r.file)}`;
  if (r.line !== undefined) text += `,"line":${r.line}`;
  if (r.column !== undefined) text += `,"column":${r.column}`;
  if (r.helmSource !== undefined) text += `,"helmSource":${jsonString(r.helmSource)}`;
  if (r.uid !== undefined) text += `,"uid":${jsonString(r.uid)}`;
  out.text(`${text}},"path":${jsonString(finding.path)},"message":${jsonString(finding.message)}`);
  out.bytes(parts.tail(finding));
  const suppressed = finding.suppressed
    ? `,"suppressed":${JSON.stringify({ reason: finding.suppressed.reason, expires: finding.suppressed.expires })}`
    : '';
  out.text(`${suppressed},"fingerprint":${jsonString(finding.fingerprint)}}`);
}

/** The encoded fields a rule's findings share: before the resource, and after the message. */
class RuleParts {
  private readonly heads: KeyTree = new Map();
  private readonly tails: KeyTree = new Map();

  head(finding: Finding): Uint8Array {
    // severity is part of the key: a violation may rank above or below its rule
    return cached(this.heads, [finding.ruleId, finding.severity, finding.title, finding.chapter], () =>
      Buffer.from(
        `{"ruleId":${JSON.stringify(finding.ruleId)},"title":${JSON.stringify(finding.title)},` +
          `"severity":${JSON.stringify(finding.severity)},"chapter":${JSON.stringify(finding.chapter)},"resource":`,
      ),
    );
  }

  tail(finding: Finding): Uint8Array {
    return cached(this.tails, [finding.references, finding.remediation], () => {
      // framework and id only: the controls' titles are in `parapet rules --format json`
      const references = finding.references.map((ref) => ({ framework: ref.framework, id: ref.id }));
      return Buffer.from(
        `,"remediation":${JSON.stringify(finding.remediation)},"references":${JSON.stringify(references)}`,
      );
    });
  }
}

/** Nested maps, one level per key part: lookups by the parts themselves, no key string built per finding. */
type KeyTree = Map<unknown, KeyTree | Uint8Array>;

function cached(tree: KeyTree, keys: readonly unknown[], make: () => Uint8Array): Uint8Array {
  let node = tree;
  for (let i = 0; i < keys.length - 1; i++) {
    let next = node.get(keys[i]) as KeyTree | undefined;
    if (next === undefined) {
      next = new Map();
      node.set(keys[i], next);
    }
    node = next;
  }
  const last = keys[keys.length - 1];
  let bytes = node.get(last) as Uint8Array | undefined;
  if (bytes === undefined) {
    bytes = make();
    node.set(last, bytes);
  }
  return bytes;
}

function noteJson(note: Note) {
  return { level: note.level, message: note.message, file: note.file, line: note.line, column: note.column };
}

/** A small array, one element per line (JSON.stringify drops undefined fields). */
function jsonArray(items: readonly unknown[]): string {
  if (items.length === 0) return '[]';
  return `[\n    ${items.map((item) => JSON.stringify(item)).join(',\n    ')}\n  ]`;
}
