import type { Finding, Note, ResourceRef, ScanReport } from '../findings/finding.js';
import { compareSeverity } from '../findings/severity.js';
import { fileAndLine, resourceIdentity, resourceLabel } from './common.js';
import {
  BOLD,
  clean,
  DIM,
  notesByLevel,
  painter,
  SEVERITY_COLOR,
  SEVERITY_WIDTH,
  summaryLines,
} from './terminal.js';
import type { Reporter } from './types.js';

const NOTE_COLOR: Record<Note['level'], string> = {
  error: '\u001b[31m',
  warning: '\u001b[33m',
  info: '\u001b[34m',
};

interface ResourceGroup {
  resource: ResourceRef;
  order: number;
  findings: Finding[];
}

/** Unsuppressed findings grouped by resource: most severe resource first, then input order. */
function groupByResource(report: ScanReport, findings: Finding[]): ResourceGroup[] {
  const inputOrder = new Map<string, number>();
  report.resources.forEach((resource, index) => {
    if (!inputOrder.has(resourceIdentity(resource))) inputOrder.set(resourceIdentity(resource), index);
  });
  const groups = new Map<string, ResourceGroup>();
  for (const finding of findings) {
    const key = resourceIdentity(finding.resource);
    let group = groups.get(key);
    if (!group) {
      const index = inputOrder.get(key);
      // A resource missing from report.resources keeps its first-finding order after the listed ones.
      const order = index ?? report.resources.length + groups.size;
      group = {
        resource: index === undefined ? finding.resource : report.resources[index],
        order,
        findings: [],
      };
      groups.set(key, group);
    }
    group.findings.push(finding);
  }
  const list = [...groups.values()];
  for (const group of list) group.findings.sort((a, b) => compareSeverity(a.severity, b.severity));
  return list.sort(
    (a, b) => compareSeverity(a.findings[0].severity, b.findings[0].severity) || a.order - b.order,
  );
}

export const renderTable: Reporter = (report, options) => {
  const paint = painter(options);
  const active = report.findings.filter((f) => !f.suppressed);
  const suppressed = report.findings.filter((f) => f.suppressed);
  const ruleWidth = Math.max(0, ...report.findings.map((f) => f.ruleId.length));
  const blocks: string[] = [];

  for (const group of groupByResource(report, active)) {
    const lines = [paint(BOLD, resourceHeader(group))];
    for (const finding of group.findings) {
      const severity = paint(SEVERITY_COLOR[finding.severity], finding.severity.padEnd(SEVERITY_WIDTH));
      const where = finding.resource.line === undefined ? '' : ` (line ${finding.resource.line})`;
      lines.push(
        `  ${severity}  ${clean(finding.ruleId).padEnd(ruleWidth)}  ${clean(finding.message)}  ` +
          paint(DIM, `${clean(finding.path)}${where}`),
      );
    }
    blocks.push(lines.join('\n'));
  }

  if (suppressed.length > 0) {
    const lines = [paint(BOLD, `Suppressed (${suppressed.length}):`)];
    for (const finding of suppressed) lines.push(paint(DIM, suppressedLine(finding, ruleWidth)));
    blocks.push(lines.join('\n'));
  }

  if (report.notes.length > 0) {
    const lines = [paint(BOLD, 'Notes:')];
    for (const note of notesByLevel(report)) {
      const where = fileAndLine(note);
      const column = where !== undefined && note.line !== undefined && note.column !== undefined;
      const location = where === undefined ? '' : `${clean(where)}${column ? `:${note.column}` : ''}  `;
      lines.push(
        `  ${paint(NOTE_COLOR[note.level], note.level.padEnd(7))}  ${location}${clean(note.message)}`,
      );
    }
    blocks.push(lines.join('\n'));
  }

  if (report.unusedExceptions.length > 0) {
    const lines = [paint(BOLD, 'Unused exceptions (matched no finding):')];
    for (const exception of report.unusedExceptions) {
      lines.push(`  ${clean(exception.rule)}  ${paint(DIM, clean(exception.reason))}`);
    }
    blocks.push(lines.join('\n'));
  }

  blocks.push(summaryLines(report, options));
  return `${blocks.join('\n\n')}\n`;
};

function resourceHeader(group: ResourceGroup): string {
  const { resource } = group;
  const where = fileAndLine(resource);
  let header = clean(resourceLabel(resource));
  if (where !== undefined) header += `  (${clean(where)})`;
  if (resource.helmSource !== undefined) header += `  helm template: ${clean(resource.helmSource)}`;
  return header;
}

function suppressedLine(finding: Finding, ruleWidth: number): string {
  const reason = finding.suppressed?.reason ?? '';
  const expires = finding.suppressed?.expires ? ` (until ${finding.suppressed.expires})` : '';
  return (
    `  ${finding.severity.padEnd(SEVERITY_WIDTH)}  ${clean(finding.ruleId).padEnd(ruleWidth)}  ` +
    `${clean(resourceLabel(finding.resource))}: ${clean(finding.message)}  suppressed: ${clean(reason)}${expires}`
  );
}
