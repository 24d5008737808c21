import path from 'node:path';
import type { Finding, Note, ResourceRef, RuleSummary, ScanReport } from '../findings/finding.js';
import { SECURITY_SEVERITY_SCORE, type Severity } from '../findings/severity.js';
import { FRAMEWORKS, formatReference, type Reference } from '../references/frameworks.js';
import { resourceLabel, rulesOf, STDIN_FILE } from './common.js';
import type { Reporter } from './types.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
// Placeholder until the project has a published home page; SARIF only needs an absolute URI.
const INFORMATION_URI = 'https://github.com/parapet-scanner/parapet';
const FINGERPRINT_KEY = 'parapet/v1';

type Level = 'error' | 'warning' | 'note';

/** SARIF's levels; GitHub ranks security alerts by `security-severity`, other SARIF readers by these. */
const LEVEL: Record<Severity, Level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

export const renderSarif: Reporter = (report) =>
  `${JSON.stringify(sarifLog(report, process.cwd()), null, 2)}\n`;

/** The SARIF log as an object; `cwd` is what artifact URIs are made relative to. */
export function sarifLog(report: ScanReport, cwd: string) {
  const rules = rulesOf(report);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const errors = report.notes.filter((note) => note.level === 'error');
  const invocation = {
    executionSuccessful: errors.length === 0,
    ...(errors.length > 0 && { toolExecutionNotifications: errors.map((note) => notification(note, cwd)) }),
  };
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'parapet',
            version: report.tool.version,
            informationUri: INFORMATION_URI,
            rules: rules.map(ruleDescriptor),
          },
        },
        invocations: [invocation],
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((finding) => result(finding, ruleIndex.get(finding.ruleId) ?? 0, cwd)),
      },
    ],
  };
}

function ruleDescriptor(rule: RuleSummary) {
  const tags = new Set(['security', rule.chapter, ...rule.references.map(formatReference)]);
  return {
    id: rule.id,
    name: pascalCase(rule.title) || rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.recommendation || rule.title },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: [...tags],
      'security-severity': SECURITY_SEVERITY_SCORE[rule.severity],
      precision: 'very-high',
    },
  };
}

/** `Privileged containers (hostPID)` → `PrivilegedContainersHostPID`. */
export function pascalCase(title: string): string {
  return title
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}

function referenceLine(ref: Reference): string {
  const title = ref.title ? `: ${ref.title}` : '';
  return `${FRAMEWORKS[ref.framework].title} ${ref.id}${title}`;
}

function helpText(rule: RuleSummary): string {
  const remediation = rule.remediation || rule.recommendation || rule.title;
  if (rule.references.length === 0) return remediation;
  return `${remediation}\n\nReferences:\n${rule.references.map((ref) => `- ${referenceLine(ref)}`).join('\n')}`;
}

function helpMarkdown(rule: RuleSummary): string {
  const remediation = rule.remediation || rule.recommendation || rule.title;
  const parts = [`**Remediation**\n\n${remediation}`];
  if (rule.references.length > 0) {
    parts.push(`**References**\n\n${rule.references.map((ref) => `- ${referenceLine(ref)}`).join('\n')}`);
  }
  return parts.join('\n\n');
}

function result(finding: Finding, ruleIndex: number, cwd: string) {
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [location(finding.resource, cwd)],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    ...(finding.suppressed && {
      suppressions: [{ kind: 'external', justification: finding.suppressed.reason }],
    }),
  };
}

/**
 * A file position where there is one; the resource as a logical location always, which is all a cluster object
 * (no file) has. Helm output read from stdin points at its template (`# Source:`), without a line: lines count
 * in the rendered text, not in the template.
 */
function location(resource: ResourceRef, cwd: string) {
  const physical =
    physicalLocation(resource, cwd) ??
    (resource.file === STDIN_FILE && resource.helmSource !== undefined
      ? physicalLocation({ file: resource.helmSource }, cwd)
      : undefined);
  const logical = {
    name: resource.name,
    fullyQualifiedName: resourceLabel(resource),
    kind: 'resource',
  };
  return physical
    ? { physicalLocation: physical, logicalLocations: [logical] }
    : { logicalLocations: [logical] };
}

function physicalLocation(at: { file?: string; line?: number; column?: number }, cwd: string) {
  if (at.file === undefined || at.file === STDIN_FILE || at.file === '') return undefined;
  const region =
    at.line === undefined
      ? undefined
      : { startLine: at.line, ...(at.column !== undefined && { startColumn: at.column }) };
  return {
    artifactLocation: { uri: artifactUri(at.file, cwd), uriBaseId: '%SRCROOT%' },
    ...(region && { region }),
  };
}

/**
 * Relative to `cwd` (where the scan, and normally the repository checkout, runs), with forward slashes and
 * each segment percent-encoded: GitHub resolves it against the repository root.
 */
export function artifactUri(file: string, cwd: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, file)) || path.basename(file);
  return relative
    .split(path.sep)
    .join('/')
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .map(encodeURIComponent)
    .join('/');
}

function notification(note: Note, cwd: string) {
  const physical = physicalLocation(note, cwd);
  return {
    level: 'error',
    message: { text: note.message },
    ...(physical && { locations: [{ physicalLocation: physical }] }),
  };
}
