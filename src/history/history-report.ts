/** `parapet history` as a table, JSON, or an HTML page with the trend drawn. */
import { SEVERITIES } from '../findings/severity.js';
import { columns, duration, signed, when } from './format.js';
import { type FindingKey, median, type SiteHistory } from './history.js';
import { escapeHtml, page } from './page.js';
import { total } from './scans.js';

/** Lists in the table are cut here; JSON and HTML carry everything. */
const TABLE_LIMIT = 20;

export function historyJson(h: SiteHistory): string {
  return `${JSON.stringify(
    {
      site: h.site,
      since: new Date(h.since).toISOString(),
      scans: h.scans.map((s) => ({
        id: s.id,
        at: new Date(s.at).toISOString(),
        parapetVersion: s.version,
        resources: s.resources,
        findings: total(s.bySeverity),
        bySeverity: s.bySeverity,
        suppressed: s.suppressed,
      })),
      latest: h.latest?.id ?? null,
      previous: h.previous?.id ?? null,
      new: h.added,
      fixed: h.fixed,
      open: {
        count: h.open.length,
        medianOpenMs: median(h.open.map((f) => f.openMs)),
        findings: h.open.map((f) => ({ ...f, firstSeen: new Date(f.firstSeen).toISOString() })),
      },
      fixedInWindow: {
        count: h.fixedInWindow.length,
        medianOpenMs: median(h.fixedInWindow.map((f) => f.openMs)),
        findings: h.fixedInWindow.map((f) => ({
          ...f,
          firstSeen: new Date(f.firstSeen).toISOString(),
          fixedAt: new Date(f.fixedAt).toISOString(),
        })),
      },
    },
    null,
    2,
  )}\n`;
}

function describe(f: FindingKey): string {
  const where = f.namespace ? `${f.namespace}/` : '';
  return `${f.severity.padEnd(8)} ${f.ruleId}  ${f.kind} ${where}${f.name}  ${f.path}`;
}

function list(title: string, keys: readonly FindingKey[], extra?: (i: number) => string): string {
  if (keys.length === 0) return `${title}: none\n`;
  const shown = keys.slice(0, TABLE_LIMIT).map((k, i) => `  ${describe(k)}${extra ? `  ${extra(i)}` : ''}`);
  const more =
    keys.length > TABLE_LIMIT ? `\n  … and ${keys.length - TABLE_LIMIT} more (--format json lists all)` : '';
  return `${title}: ${keys.length}\n${shown.join('\n')}${more}\n`;
}

export function historyTable(h: SiteHistory): string {
  const out = [`Site ${h.site}: ${h.scans.length} scan(s) since ${when(h.since)}\n`];
  if (h.scans.length > 0) {
    const header = ['scanned', ...SEVERITIES, 'total', 'suppressed'];
    const rows = h.scans.map((s) => [
      when(s.at),
      ...SEVERITIES.map((sev) => String(s.bySeverity[sev])),
      String(total(s.bySeverity)),
      String(s.suppressed),
    ]);
    out.push(`${columns([header, ...rows])}\n`);
  }
  if (h.latest && h.previous) {
    out.push(`\nSince the previous scan (${when(h.previous.at)}):\n`);
    out.push(list('New', h.added));
    out.push(list('Fixed', h.fixed));
  } else if (h.latest) {
    out.push('\nOnly one scan recorded: nothing to compare yet.\n');
  }
  out.push(
    `\nOpen at the latest scan: ${h.open.length}${h.open.length ? `, median open ${duration(median(h.open.map((f) => f.openMs)))}` : ''}\n`,
  );
  if (h.open.length > 0)
    out.push(
      list('Open longest first', h.open, (i) => `open ${duration((h.open[i] as { openMs: number }).openMs)}`),
    );
  out.push(
    `Fixed in the window: ${h.fixedInWindow.length}${h.fixedInWindow.length ? `, median time to fix ${duration(median(h.fixedInWindow.map((f) => f.openMs)))}` : ''}\n`,
  );
  return out.join('');
}

function rowsHtml(keys: readonly FindingKey[], extra?: (i: number) => string): string {
  if (keys.length === 0) return '<p class="muted">none</p>';
  const body = keys
    .map(
      (k, i) =>
        `<tr><td><span class="sev sev-${k.severity}">${k.severity}</span></td><td>${escapeHtml(k.ruleId)}</td><td>${escapeHtml(k.kind)}</td><td>${escapeHtml(k.namespace)}</td><td>${escapeHtml(k.name)}</td><td><code>${escapeHtml(k.path)}</code></td>${extra ? `<td class="n">${escapeHtml(extra(i))}</td>` : ''}</tr>`,
    )
    .join('\n');
  return `<table><tr><th>severity</th><th>rule</th><th>kind</th><th>namespace</th><th>name</th><th>path</th>${extra ? '<th class="n">open</th>' : ''}</tr>\n${body}</table>`;
}

export function historyHtml(h: SiteHistory): string {
  const scans = h.scans
    .map(
      (s) =>
        `<tr><td>${when(s.at)}</td>${SEVERITIES.map((sev) => `<td class="n">${s.bySeverity[sev]}</td>`).join('')}<td class="n">${total(s.bySeverity)}</td><td class="n">${s.suppressed}</td><td>${escapeHtml(s.version)}</td></tr>`,
    )
    .join('\n');
  const delta = h.latest && h.previous ? total(h.latest.bySeverity) - total(h.previous.bySeverity) : 0;
  const body = `<p>${h.scans.length} scan(s) since ${when(h.since)}${
    h.latest && h.previous
      ? `; ${signed(delta)} findings since the previous scan (${when(h.previous.at)})`
      : ''
  }.</p>
<h2>Scans</h2>
<table><tr><th>scanned</th>${SEVERITIES.map((s) => `<th class="n">${s}</th>`).join('')}<th class="n">total</th><th class="n">suppressed</th><th>parapet</th></tr>
${scans}</table>
<h2>New since the previous scan (${h.added.length})</h2>${rowsHtml(h.added)}
<h2>Fixed since the previous scan (${h.fixed.length})</h2>${rowsHtml(h.fixed)}
<h2>Open at the latest scan (${h.open.length}, median open ${duration(median(h.open.map((f) => f.openMs)))})</h2>${rowsHtml(h.open, (i) => duration((h.open[i] as { openMs: number }).openMs))}
<h2>Fixed in the window (${h.fixedInWindow.length}, median time to fix ${duration(median(h.fixedInWindow.map((f) => f.openMs)))})</h2>${rowsHtml(h.fixedInWindow, (i) => duration((h.fixedInWindow[i] as { openMs: number }).openMs))}`;
  return page(`parapet history: ${h.site}`, body, {
    times: h.scans.map((s) => s.at),
    counts: Object.fromEntries(
      SEVERITIES.map((sev) => [sev, h.scans.map((s) => s.bySeverity[sev])]),
    ) as never,
  });
}
