import type { Finding, Note } from '../findings/finding.js';
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
export const renderJson: Reporter = (report) => {
  const lines = (items: unknown[]) =>
    items.length === 0 ? '[]' : `[\n    ${items.map((i) => JSON.stringify(i)).join(',\n    ')}\n  ]`;
  return `{
  "summary": ${JSON.stringify(summarize(report))},
  "findings": ${lines(report.findings.map(findingJson))},
  "notes": ${lines(report.notes.map(noteJson))},
  "unusedExceptions": ${lines(report.unusedExceptions.map((e) => ({ rule: e.rule, reason: e.reason })))}
}
`;
};
