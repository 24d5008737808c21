import type { Finding, Note, ResourceRef, RuleSummary, ScanReport } from '../findings/finding.js';
import { compareSeverity } from '../findings/severity.js';
import { fileAndLine, resourceIdentity, resourceLabel, rulesOf } from './common.js';
import type { Reporter } from './types.js';
import { attrs, xmlText } from './xml.js';

interface Suite {
  xml: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

/**
 * One suite per rule, one case per resource the rule looks at. A rule without `appliesTo` gets cases only for
 * the resources it reported on: a passing case would otherwise claim a check that may not have happened.
 */
export const renderJunit: Reporter = (report) => {
  const resources = allResources(report);
  const suites = rulesOf(report).map((rule) => ruleSuite(rule, report.findings, resources));
  const errorNotes = report.notes.filter((note) => note.level === 'error');
  if (errorNotes.length > 0) suites.push(errorSuite(errorNotes));
  const total = (key: keyof Omit<Suite, 'xml'>) => suites.reduce((sum, suite) => sum + suite[key], 0);
  const head = attrs({
    name: 'parapet',
    tests: total('tests'),
    failures: total('failures'),
    errors: total('errors'),
    skipped: total('skipped'),
  });
  const body = suites.map((suite) => suite.xml).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${head}>\n${body}</testsuites>\n`;
};

/** Scanned resources in input order, plus any that only appear in findings. */
function allResources(report: ScanReport): ResourceRef[] {
  const byIdentity = new Map<string, ResourceRef>();
  for (const resource of [...report.resources, ...report.findings.map((f) => f.resource)]) {
    const key = resourceIdentity(resource);
    if (!byIdentity.has(key)) byIdentity.set(key, resource);
  }
  return [...byIdentity.values()];
}

function applies(rule: RuleSummary, resource: ResourceRef): boolean {
  return (
    rule.appliesTo !== undefined && (rule.appliesTo.includes('*') || rule.appliesTo.includes(resource.kind))
  );
}

function ruleSuite(rule: RuleSummary, findings: Finding[], resources: ResourceRef[]): Suite {
  const byResource = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (finding.ruleId !== rule.id) continue;
    const key = resourceIdentity(finding.resource);
    byResource.set(key, [...(byResource.get(key) ?? []), finding]);
  }
  const suite: Suite = { xml: '', tests: 0, failures: 0, errors: 0, skipped: 0 };
  const cases: string[] = [];
  for (const resource of resources) {
    const own = byResource.get(resourceIdentity(resource)) ?? [];
    if (own.length === 0 && !applies(rule, resource)) continue;
    suite.tests++;
    const outcome = caseOutcome(own);
    if (outcome?.kind === 'failure') suite.failures++;
    if (outcome?.kind === 'skipped') suite.skipped++;
    const head = attrs({ name: resourceLabel(resource), classname: rule.id, file: resource.file });
    cases.push(
      outcome ? `    <testcase${head}>\n      ${outcome.xml}\n    </testcase>\n` : `    <testcase${head}/>\n`,
    );
  }
  const head = attrs({
    name: `${rule.id} ${rule.title}`,
    tests: suite.tests,
    failures: suite.failures,
    errors: 0,
    skipped: suite.skipped,
  });
  suite.xml = `  <testsuite${head}>\n${cases.join('')}  </testsuite>\n`;
  return suite;
}

/** A failure when any finding counts, skipped when all are suppressed, undefined when the resource passed. */
function caseOutcome(findings: Finding[]): { kind: 'failure' | 'skipped'; xml: string } | undefined {
  if (findings.length === 0) return undefined;
  const active = findings
    .filter((f) => !f.suppressed)
    .sort((a, b) => compareSeverity(a.severity, b.severity));
  if (active.length === 0) {
    const reasons = [...new Set(findings.map((f) => f.suppressed?.reason ?? ''))].join('; ');
    return { kind: 'skipped', xml: `<skipped${attrs({ message: `suppressed: ${reasons}` })}/>` };
  }
  const message = active.map((f) => f.message).join('; ');
  const details = findings.map(findingDetail).join('\n\n');
  return {
    kind: 'failure',
    xml: `<failure${attrs({ message, type: active[0].severity })}>${xmlText(details)}</failure>`,
  };
}

function findingDetail(finding: Finding): string {
  const lines = [`[${finding.severity}] ${finding.message}`, `path: ${finding.path}`];
  const where = fileAndLine(finding.resource);
  if (where !== undefined) lines.push(`at: ${where}`);
  if (finding.suppressed) lines.push(`suppressed: ${finding.suppressed.reason}`);
  return lines.join('\n');
}

/** Scan errors (unreadable files, bad documents) as errored cases, so CI does not show a clean run. */
function errorSuite(notes: Note[]): Suite {
  const cases = notes.map((note) => {
    const where = fileAndLine(note);
    const head = attrs({ name: where ?? 'scan', classname: 'parapet', file: note.file });
    return `    <testcase${head}>\n      <error${attrs({ message: note.message, type: 'error' })}/>\n    </testcase>\n`;
  });
  const head = attrs({
    name: 'parapet scan errors',
    tests: notes.length,
    failures: 0,
    errors: notes.length,
    skipped: 0,
  });
  return {
    xml: `  <testsuite${head}>\n${cases.join('')}  </testsuite>\n`,
    tests: notes.length,
    failures: 0,
    errors: notes.length,
    skipped: 0,
  };
}
