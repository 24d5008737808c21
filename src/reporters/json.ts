import type { Finding, Note, ScanReport } from '../findings/finding.js';
import { summarize } from './summary.js';
import type { Reporter } from './types.js';

/**
 * Each finding written field by field, in a fixed key order: the output is a stable contract, and only the
 * documented fields reach it (nothing else a finding object might carry). Written by hand rather than through an
 * intermediate object: a large scan serialises a hundred thousand of them. Absent optional fields are left out.
 */
function findingJson(finding: Finding): string {
  const r = finding.resource;
  let resource = `{"apiVersion":${qr(r.apiVersion)},"kind":${qr(r.kind)},"name":${q(r.name)},"namespace":${qr(r.namespace)}`;
  if (r.file !== undefined) resource += `,"file":${qr(r.file)}`;
  if (r.line !== undefined) resource += `,"line":${r.line}`;
  if (r.column !== undefined) resource += `,"column":${r.column}`;
  if (r.helmSource !== undefined) resource += `,"helmSource":${qr(r.helmSource)}`;
  const suppressed = finding.suppressed
    ? `,"suppressed":${JSON.stringify({ reason: finding.suppressed.reason, expires: finding.suppressed.expires })}`
    : '';
  return (
    `{"ruleId":${qr(finding.ruleId)},"title":${qr(finding.title)},"severity":${qr(finding.severity)},` +
    `"chapter":${qr(finding.chapter)},"resource":${resource}},"path":${q(finding.path)},` +
    `"message":${q(finding.message)},"remediation":${qr(finding.remediation)},` +
    `"references":${referencesJson(finding.references)}${suppressed},"fingerprint":${q(finding.fingerprint)}}`
  );
}

const q = (text: string): string => JSON.stringify(text);

/** For the fields that repeat across findings (rule, kind, namespace, file...): each string escaped once. */
const repeated = new Map<string, string>();
function qr(text: string): string {
  let json = repeated.get(text);
  if (json === undefined) {
    if (repeated.size > 50_000) repeated.clear();
    json = JSON.stringify(text);
    repeated.set(text, json);
  }
  return json;
}

/** Framework and id only (the controls' titles are in `parapet rules --format json`); one string per rule's list. */
const referencesCache = new WeakMap<Finding['references'], string>();
function referencesJson(references: Finding['references']): string {
  let json = referencesCache.get(references);
  if (json === undefined) {
    json = JSON.stringify(references.map((ref) => ({ framework: ref.framework, id: ref.id })));
    referencesCache.set(references, json);
  }
  return json;
}

function noteJson(note: Note) {
  return { level: note.level, message: note.message, file: note.file, line: note.line, column: note.column };
}

/**
 * Absent optional fields are left out (JSON.stringify drops undefined). One finding per line rather than fully
 * indented: a 50,000-resource scan's report stays half the size, quick to write and still greppable.
 */
/** The JSON report in pieces (one per few hundred findings), so a large report is written without one huge string. */
export function* renderJsonChunks(report: ScanReport): Generator<string> {
  yield `{\n  "summary": ${JSON.stringify(summarize(report))},\n  "findings": `;
  yield* array(report.findings, findingJson, true);
  yield ',\n  "notes": ';
  yield* array(report.notes, noteJson);
  yield ',\n  "unusedExceptions": ';
  yield* array(report.unusedExceptions, (e) => ({ rule: e.rule, reason: e.reason }));
  yield '\n}\n';
}

const CHUNK = 256;

function* array<T>(
  items: readonly T[],
  toJson: (item: T) => unknown,
  preSerialised = false,
): Generator<string> {
  if (items.length === 0) {
    yield '[]';
    return;
  }
  for (let start = 0; start < items.length; start += CHUNK) {
    const parts: string[] = [];
    for (let i = start; i < Math.min(start + CHUNK, items.length); i++) {
      const json = toJson(items[i] as T);
      parts.push(preSerialised ? (json as string) : JSON.stringify(json));
    }
    yield `${start === 0 ? '[\n    ' : ',\n    '}${parts.join(',\n    ')}`;
  }
  yield '\n  ]';
}

export const renderJson: Reporter = (report) => [...renderJsonChunks(report)].join('');
