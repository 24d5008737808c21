/**
 * `parapet scan --framework X`: the findings regrouped by the controls of one framework, with a coverage table.
 * A control is
 *  - failed: some rule citing it reported an unsuppressed finding;
 *  - passed: rules citing it ran and reported nothing unsuppressed, over at least one object they look at;
 *  - no objects: rules citing it ran, but the input held nothing they judge (never counted as passed);
 *  - not assessable from manifests: listed in references/assessability.ts (never counted as passed);
 *  - not checked: only rules that the policy turned off cite it.
 * Controls that no rule cites and that are not listed as not assessable do not appear: the view claims nothing
 * about them. Pure functions from the report; the CLI prints or serialises the result.
 */
import type { Finding, RuleSummary, ScanReport } from '../findings/finding.js';
import { compareSeverity } from '../findings/severity.js';
import { notAssessable } from '../references/assessability.js';
import { FRAMEWORKS, type Framework, type Reference } from '../references/frameworks.js';
import { fileAndLine, kindCounts, objectsJudged, resourceLabel, rulesOf } from './common.js';
import {
  BOLD,
  clean,
  DIM,
  notesByLevel,
  painter,
  plural,
  SEVERITY_COLOR,
  SEVERITY_WIDTH,
  summaryLines,
} from './terminal.js';
import type { ReporterOptions } from './types.js';

export type ControlStatus = 'failed' | 'passed' | 'no-objects' | 'not-assessable' | 'not-checked';
export const CONTROL_STATUSES: readonly ControlStatus[] = [
  'failed',
  'passed',
  'no-objects',
  'not-assessable',
  'not-checked',
];

const STATUS_LABEL: Record<ControlStatus, string> = {
  failed: 'failed',
  passed: 'passed',
  'no-objects': 'no objects to judge',
  'not-assessable': 'not assessable from manifests',
  'not-checked': 'not checked (rules off)',
};

export interface ControlView {
  id: string;
  title?: string;
  status: ControlStatus;
  /** Rules that ran and cite the control. */
  rules: string[];
  /** Rules of the catalog that cite the control but did not run (turned off by the policy). */
  rulesOff: string[];
  /** Scanned objects of the kinds those rules judge. */
  objects: number;
  /** Unsuppressed findings of rules citing the control, most severe first. */
  findings: Finding[];
  suppressed: Finding[];
  /** For not-assessable controls: why objects cannot show it. */
  reason?: string;
}

export interface FrameworkTotals {
  controls: number;
  /** Controls that rules which ran judged: failed + passed + no objects. */
  checked: number;
  failed: number;
  passed: number;
  noObjects: number;
  notAssessable: number;
  notChecked: number;
}

export interface FrameworkView {
  framework: Framework;
  short: string;
  title: string;
  controls: ControlView[];
  totals: FrameworkTotals;
}

/** What the view needs of a catalog rule: its id and references. */
export type CatalogEntry = Pick<RuleSummary, 'id' | 'references'>;

function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * The framework's controls with their status. `catalog` (every rule parapet ships) lets the view list controls
 * whose rules the policy turned off as "not checked"; without it those controls are simply absent.
 */
export function frameworkView(
  report: ScanReport,
  framework: Framework,
  catalog: readonly CatalogEntry[] = [],
): FrameworkView {
  interface Draft {
    id: string;
    title?: string;
    rules: RuleSummary[];
    rulesOff: string[];
    findings: Finding[];
    suppressed: Finding[];
    reason?: string;
  }
  const drafts = new Map<string, Draft>();
  const draft = (ref: Pick<Reference, 'id' | 'title'>): Draft => {
    let d = drafts.get(ref.id);
    if (d === undefined) {
      d = { id: ref.id, rules: [], rulesOff: [], findings: [], suppressed: [] };
      drafts.set(ref.id, d);
    }
    if (d.title === undefined && ref.title !== undefined) d.title = ref.title;
    return d;
  };
  const own = (refs: readonly Reference[]) => refs.filter((ref) => ref.framework === framework);

  const ran = rulesOf(report);
  const ranIds = new Set(ran.map((rule) => rule.id));
  for (const rule of ran) {
    for (const ref of own(rule.references)) {
      const d = draft(ref);
      if (!d.rules.includes(rule)) d.rules.push(rule);
    }
  }
  for (const rule of catalog) {
    if (ranIds.has(rule.id)) continue;
    for (const ref of own(rule.references)) {
      const d = draft(ref);
      if (!d.rulesOff.includes(rule.id)) d.rulesOff.push(rule.id);
    }
  }
  for (const finding of report.findings) {
    const seen = new Set<string>();
    for (const ref of own(finding.references)) {
      if (seen.has(ref.id)) continue;
      seen.add(ref.id);
      const d = draft(ref);
      (finding.suppressed ? d.suppressed : d.findings).push(finding);
    }
  }
  for (const control of notAssessable(framework)) {
    const d = draft(control);
    d.reason = control.reason;
  }

  const perKind = kindCounts(report.resources);
  const controls = [...drafts.values()]
    .sort((a, b) => compareIds(a.id, b.id))
    .map((d): ControlView => {
      const objects = objectsJudged(d.rules, perKind);
      const judgedAnything = d.rules.some((rule) => rule.appliesTo === undefined) || objects > 0;
      const status: ControlStatus =
        d.findings.length > 0
          ? 'failed'
          : d.reason !== undefined
            ? 'not-assessable'
            : d.rules.length > 0
              ? judgedAnything
                ? 'passed'
                : 'no-objects'
              : 'not-checked';
      const view: ControlView = {
        id: d.id,
        status,
        rules: d.rules.map((rule) => rule.id),
        rulesOff: d.rulesOff,
        objects,
        findings: [...d.findings].sort((a, b) => compareSeverity(a.severity, b.severity)),
        suppressed: d.suppressed,
      };
      if (d.title !== undefined) view.title = d.title;
      if (d.reason !== undefined) view.reason = d.reason;
      return view;
    });

  const count = (status: ControlStatus) => controls.filter((c) => c.status === status).length;
  const totals: FrameworkTotals = {
    controls: controls.length,
    checked: count('failed') + count('passed') + count('no-objects'),
    failed: count('failed'),
    passed: count('passed'),
    noObjects: count('no-objects'),
    notAssessable: count('not-assessable'),
    notChecked: count('not-checked'),
  };
  const info = FRAMEWORKS[framework];
  return { framework, short: info.short, title: info.title, controls, totals };
}

// --- text ------------------------------------------------------------------------------------------------

const STATUS_COLOR: Record<ControlStatus, string> = {
  failed: '\u001b[31m',
  passed: '\u001b[32m',
  'no-objects': '\u001b[2m',
  'not-assessable': '\u001b[33m',
  'not-checked': '\u001b[2m',
};
/** The coverage table and the findings grouped by control, for one framework. */
export function renderFrameworkView(view: FrameworkView, options: ReporterOptions): string {
  const paint = painter(options);
  const blocks: string[] = [
    paint(BOLD, `${view.title} (--framework ${view.short}): coverage from manifests`),
  ];

  if (view.controls.length === 0) {
    blocks.push('  No rule that ran cites this framework.');
  } else {
    const idWidth = Math.max('Control'.length, ...view.controls.map((c) => c.id.length));
    const statusWidth = Math.max(...view.controls.map((c) => STATUS_LABEL[c.status].length));
    const lines = [
      paint(DIM, `  ${'Control'.padEnd(idWidth)}  ${'Status'.padEnd(statusWidth)}  Findings  Title  (rules)`),
    ];
    for (const control of view.controls) {
      const label = STATUS_LABEL[control.status];
      const status = paint(STATUS_COLOR[control.status], label) + ' '.repeat(statusWidth - label.length);
      const findings =
        control.status === 'not-assessable' && control.findings.length === 0
          ? '-'
          : String(control.findings.length);
      lines.push(
        `  ${clean(control.id).padEnd(idWidth)}  ${status}  ${findings.padStart(8)}  ${clean(control.title ?? '')}` +
          paint(DIM, controlDetail(control)),
      );
    }
    blocks.push(lines.join('\n'));
  }

  const grouped = view.controls.filter((c) => c.findings.length > 0 || c.suppressed.length > 0);
  if (grouped.length > 0) {
    const ruleWidth = Math.max(
      0,
      ...grouped.flatMap((c) => [...c.findings, ...c.suppressed]).map((f) => f.ruleId.length),
    );
    const sections = grouped.map((control) => {
      const head = `${view.framework} ${control.id}${control.title ? `  ${control.title}` : ''}`;
      const lines = [paint(BOLD, clean(head))];
      for (const finding of control.findings) {
        const severity = paint(SEVERITY_COLOR[finding.severity], finding.severity.padEnd(SEVERITY_WIDTH));
        lines.push(`  ${severity}  ${findingLine(finding, ruleWidth)}`);
      }
      for (const finding of control.suppressed) {
        const reason = finding.suppressed?.reason ?? '';
        lines.push(
          paint(
            DIM,
            `  ${finding.severity.padEnd(SEVERITY_WIDTH)}  ${findingLine(finding, ruleWidth)}  suppressed: ${clean(reason)}`,
          ),
        );
      }
      return lines.join('\n');
    });
    blocks.push(sections.join('\n\n'));
  }

  blocks.push(totalsLine(view));
  return blocks.join('\n\n');
}

function controlDetail(control: ControlView): string {
  if (control.status === 'not-assessable') {
    const rules = control.rules.length > 0 ? `; partly checked by ${control.rules.join(', ')}` : '';
    return `  (${control.reason ?? 'not visible in objects'}${rules})`;
  }
  if (control.status === 'not-checked') return `  (${control.rulesOff.join(', ')} turned off)`;
  const objects = control.status === 'no-objects' ? '' : `, ${plural(control.objects, 'object')}`;
  // failed, yet listed as not assessable: the rules judged a part; the rest still needs a look at the cluster
  const rest =
    control.reason === undefined ? '' : `; otherwise not assessable from manifests: ${control.reason}`;
  return `  (${control.rules.join(', ')}${objects}${rest})`;
}

function findingLine(finding: Finding, ruleWidth: number): string {
  const where = fileAndLine(finding.resource);
  const at = where === undefined ? '' : ` (${clean(where)})`;
  return `${clean(finding.ruleId).padEnd(ruleWidth)}  ${clean(resourceLabel(finding.resource))}${at}: ${clean(finding.message)}`;
}

function totalsLine(view: FrameworkView): string {
  const t = view.totals;
  const checked = [`${t.passed} passed`, `${t.failed} failed`];
  if (t.noObjects > 0) checked.push(`${t.noObjects} with no objects to judge`);
  const parts = [`${t.checked} checked (${checked.join(', ')})`];
  parts.push(`${t.notAssessable} not assessable from manifests`);
  if (t.notChecked > 0) parts.push(`${t.notChecked} not checked (their rules are turned off)`);
  return `${view.title}: ${plural(t.controls, 'control')}: ${parts.join(', ')}.`;
}

/**
 * The whole `--format table --framework` output: each framework's view, then the scan's notes and the same
 * summary line as the table report (with the --fail-on verdict).
 */
export function renderFrameworkReport(
  report: ScanReport,
  views: readonly FrameworkView[],
  options: ReporterOptions,
): string {
  const paint = painter(options);
  const blocks = views.map((view) => renderFrameworkView(view, options));
  if (report.notes.length > 0) {
    const lines = [paint(BOLD, 'Notes:')];
    for (const note of notesByLevel(report)) {
      const where = fileAndLine(note);
      lines.push(
        `  ${note.level.padEnd(7)}  ${where === undefined ? '' : `${clean(where)}  `}${clean(note.message)}`,
      );
    }
    blocks.push(lines.join('\n'));
  }
  blocks.push(summaryLines(report, options));
  return `${blocks.join('\n\n')}\n`;
}

// --- json ------------------------------------------------------------------------------------------------

function findingRef(finding: Finding) {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    resource: resourceLabel(finding.resource),
    fingerprint: finding.fingerprint,
  };
}

/** A view as plain JSON data, fields in a fixed order; findings are referenced by fingerprint. */
export function frameworkViewJson(view: FrameworkView) {
  return {
    framework: view.framework,
    short: view.short,
    title: view.title,
    totals: { ...view.totals },
    controls: view.controls.map((control) => ({
      id: control.id,
      title: control.title,
      status: control.status,
      reason: control.reason,
      rules: control.rules,
      rulesOff: control.rulesOff.length > 0 ? control.rulesOff : undefined,
      objects: control.objects,
      findings: control.findings.map(findingRef),
      suppressed: control.suppressed.map(findingRef),
    })),
  };
}

/** Adds a `frameworks` section to a `--format json` report (after its other sections). */
export function withFrameworksSection(json: string, views: readonly FrameworkView[]): string {
  const doc = JSON.parse(json) as Record<string, unknown>;
  doc.frameworks = views.map(frameworkViewJson);
  return `${JSON.stringify(doc, null, 2)}\n`;
}
