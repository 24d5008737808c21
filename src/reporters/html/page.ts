/**
 * `--format html`: one self-contained page for a person to look at, offline. Inline CSS and script, and a
 * Content-Security-Policy that forbids the page any request at all. The summary, the framework coverage and
 * the notes are plain HTML; the findings travel as JSON (./data.ts) and the page's script (./client.ts) shows
 * one page of resource groups at a time, so 100,000 findings open as fast as a hundred.
 */
import { CHAPTERS, type ScanReport } from '../../findings/finding.js';
import { SEVERITIES } from '../../findings/severity.js';
import { fileAndLine } from '../common.js';
import type { ControlStatus, FrameworkView } from '../framework.js';
import { summarize } from '../summary.js';
import { notesByLevel } from '../terminal.js';
import type { Reporter } from '../types.js';
import { CLIENT_SCRIPT } from './client.js';
import { pageData, scriptSafeJson } from './data.js';
import { STYLE } from './style.js';

/** No request of any kind: everything the page needs is in it. */
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export const renderHtml: Reporter = (report, options) => {
  const summary = summarize(report);
  const title = `parapet scan: ${summary.findings} findings on ${summary.resources} resources`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="parapet ${escapeHtml(report.tool.version)}">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>parapet scan</h1><p class="muted">${escapeHtml(
    `parapet ${report.tool.version} · ${summary.resources} resources · ${summary.findings} findings · ${summary.suppressed} suppressed`,
  )}</p></header>
<main>
${severitySection(report)}
${chapterSection(report)}
${frameworkSection(options.frameworks ?? [])}
${notesSection(report)}
<section id="findings" aria-labelledby="findings-title">
<h2 id="findings-title">Findings by resource</h2>
<form id="filters" class="filters" autocomplete="off">
<fieldset id="f-severity"><legend>Severity</legend>${SEVERITIES.map(
    (s, i) => `<label class="sev-toggle s-${s}"><input type="checkbox" value="${i}" checked> ${s}</label>`,
  ).join('')}</fieldset>
<label>Status <select id="f-status"><option value="all">all</option><option value="open">open</option><option value="suppressed">suppressed</option></select></label>
<label>Rule <select id="f-rule"><option value="">all rules</option></select></label>
<label>Namespace <select id="f-namespace"><option value="">all namespaces</option></select></label>
<label>Text <input id="f-text" type="search" placeholder="rule, resource, path, message…"></label>
<label>Sort <select id="f-sort"><option value="severity">most severe first</option><option value="count">most findings first</option><option value="namespace">namespace, name</option><option value="rule">rule</option><option value="file">file</option></select></label>
</form>
<p id="shown" class="count" aria-live="polite"></p>
<nav class="pager" aria-label="pages"><button type="button" id="prev">← previous</button> <span id="page"></span> <button type="button" id="next">next →</button></nav>
<div id="list"></div>
</section>
</main>
<script type="application/json" id="parapet-data">${scriptSafeJson(pageData(report))}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function severitySection(report: ScanReport): string {
  const summary = summarize(report);
  const cards = SEVERITIES.map(
    (s) =>
      `<button type="button" class="card s-${s}" data-severity="${s}" title="show only ${s} findings"><span class="n">${summary.bySeverity[s]}</span> ${s}</button>`,
  ).join('');
  return `<section aria-labelledby="sev-title"><h2 id="sev-title">Summary</h2><div class="cards">${cards}<div class="card sup"><span class="n">${summary.suppressed}</span> suppressed</div></div></section>`;
}

function chapterSection(report: ScanReport): string {
  const counts = new Map(CHAPTERS.map((c) => [c, { bySeverity: new Map<string, number>(), suppressed: 0 }]));
  for (const finding of report.findings) {
    const row = counts.get(finding.chapter);
    if (row === undefined) continue;
    if (finding.suppressed) row.suppressed++;
    else row.bySeverity.set(finding.severity, (row.bySeverity.get(finding.severity) ?? 0) + 1);
  }
  const head = `<tr><th>Chapter</th>${SEVERITIES.map((s) => `<th class="num">${s}</th>`).join('')}<th class="num">suppressed</th></tr>`;
  const rows = [...counts].map(
    ([chapter, row]) =>
      `<tr><td>${chapter}</td>${SEVERITIES.map((s) => numberCell(row.bySeverity.get(s) ?? 0, `s-${s}`)).join('')}${numberCell(row.suppressed, 'sup')}</tr>`,
  );
  return `<section aria-labelledby="ch-title"><h2 id="ch-title">By chapter</h2><table class="grid compact"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function numberCell(n: number, cls: string): string {
  return n === 0 ? '<td class="num zero">0</td>' : `<td class="num ${cls}">${n}</td>`;
}

const STATUS_LABEL: Record<ControlStatus, string> = {
  failed: 'failed',
  passed: 'passed',
  'no-objects': 'no objects',
  'not-assessable': 'not assessable',
  'not-checked': 'not checked',
};

function frameworkSection(views: readonly FrameworkView[]): string {
  if (views.length === 0) return '';
  const blocks = views.map((view) => {
    const t = view.totals;
    const totals = `${t.controls} controls: ${t.failed} failed, ${t.passed} passed, ${t.noObjects} with no objects, ${t.notAssessable} not assessable from manifests${t.notChecked > 0 ? `, ${t.notChecked} not checked` : ''}`;
    const rows = view.controls.map((c) => {
      const detail =
        c.status === 'not-checked'
          ? `${c.rulesOff.join(', ')} turned off`
          : [c.rules.join(', '), c.reason ?? ''].filter((x) => x !== '').join(' · ');
      return `<tr><td class="id">${escapeHtml(c.id)}</td><td>${escapeHtml(c.title ?? '')}</td><td><span class="status st-${c.status}">${STATUS_LABEL[c.status]}</span></td><td class="num">${c.findings.length}</td><td class="num">${c.suppressed.length}</td><td class="num">${c.objects}</td><td class="muted">${escapeHtml(detail)}</td></tr>`;
    });
    const bar = (['failed', 'passed', 'no-objects', 'not-assessable', 'not-checked'] as const)
      .map((status) => {
        const n = view.controls.filter((c) => c.status === status).length;
        return n === 0
          ? ''
          : `<span class="st-${status}" style="flex:${n}" title="${n} ${STATUS_LABEL[status]}"></span>`;
      })
      .join('');
    return `<details class="framework" data-framework="${escapeHtml(view.short)}"><summary><b>${escapeHtml(view.title)}</b> <span class="muted">(--framework ${escapeHtml(view.short)})</span> <span class="bar">${bar}</span> <span class="muted">${escapeHtml(totals)}</span></summary>
<table class="grid"><thead><tr><th>Control</th><th>Title</th><th>Status</th><th class="num">Findings</th><th class="num">Suppressed</th><th class="num">Objects</th><th>Rules · why</th></tr></thead><tbody>${rows.join('')}</tbody></table></details>`;
  });
  return `<section aria-labelledby="fw-title"><h2 id="fw-title">Framework coverage from manifests</h2>${blocks.join('\n')}</section>`;
}

function notesSection(report: ScanReport): string {
  if (report.notes.length === 0 && report.unusedExceptions.length === 0) return '';
  const notes = notesByLevel(report).map((note) => {
    const where = fileAndLine(note);
    return `<li class="note-${note.level}"><b>${note.level}</b> ${where === undefined ? '' : `<code>${escapeHtml(where)}</code> `}${escapeHtml(note.message)}</li>`;
  });
  const unused = report.unusedExceptions.map(
    (e) =>
      `<li class="note-info"><b>unused exception</b> <code>${escapeHtml(e.rule)}</code> ${escapeHtml(e.reason)}</li>`,
  );
  return `<section aria-labelledby="notes-title"><details${report.notes.some((n) => n.level === 'error') ? ' open' : ''}><summary><h2 id="notes-title">Notes (${notes.length + unused.length})</h2></summary><ul class="notes">${[...notes, ...unused].join('')}</ul></details></section>`;
}
