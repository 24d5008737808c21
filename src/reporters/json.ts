import type { Finding, Note, ScanReport } from '../findings/finding.js';
import { summarize } from './summary.js';
import type { Reporter } from './types.js';

/**
 * Each finding rebuilt field by field, in a fixed key order: the output is a stable contract, and only the
 * documented fields reach it (nothing else a finding object might carry).
 */
function findingJson(finding: Finding) {
  const r = finding.resource;
  return {
    ruleId: finding.ruleId,
    title: finding.title,
    severity: finding.severity,
    chapter: finding.chapter,
    resource: {
      apiVersion: r.apiVersion,
      kind: r.kind,
      name: r.name,
      namespace: r.namespace,
      file: r.file,
      line: r.line,
      column: r.column,
      helmSource: r.helmSource,
    },
    path: finding.path,
    message: finding.message,
    remediation: finding.remediation,
    // framework and id only: the controls' titles are in `parapet rules --format json`, not repeated per finding
    references: finding.references.map((ref) => ({ framework: ref.framework, id: ref.id })),
    suppressed: finding.suppressed && {
      reason: finding.suppressed.reason,
      expires: finding.suppressed.expires,
    },
    fingerprint: finding.fingerprint,
  };
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
  yield* array(report.findings, findingJson);
  yield ',\n  "notes": ';
  yield* array(report.notes, noteJson);
  yield ',\n  "unusedExceptions": ';
  yield* array(report.unusedExceptions, (e) => ({ rule: e.rule, reason: e.reason }));
  yield '\n}\n';
}

const CHUNK = 256;

function* array<T>(items: readonly T[], toJson: (item: T) => unknown): Generator<string> {
  if (items.length === 0) {
    yield '[]';
    return;
  }
  for (let start = 0; start < items.length; start += CHUNK) {
    const parts: string[] = [];
    for (let i = start; i < Math.min(start + CHUNK, items.length); i++)
      parts.push(JSON.stringify(toJson(items[i] as T)));
    yield `${start === 0 ? '[\n    ' : ',\n    '}${parts.join(',\n    ')}`;
  }
  yield '\n  ]';
}

export const renderJson: Reporter = (report) => [...renderJsonChunks(report)].join('');
