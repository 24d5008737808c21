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
    references: finding.references.map((ref) => ({ framework: ref.framework, id: ref.id, title: ref.title })),
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

/** Absent optional fields are left out (JSON.stringify drops undefined). */
export const renderJson: Reporter = (report) =>
  `${JSON.stringify(
    {
      summary: summarize(report),
      findings: report.findings.map(findingJson),
      notes: report.notes.map(noteJson),
      unusedExceptions: report.unusedExceptions.map((e) => ({ rule: e.rule, reason: e.reason })),
    },
    null,
    2,
  )}\n`;
