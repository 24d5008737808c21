/** `parapet fleet` as a table, JSON, or an HTML page. */
import { SEVERITIES } from '../findings/severity.js';
import type { Fleet } from './fleet.js';
import { columns, signed, when } from './format.js';
import { escapeHtml, page } from './page.js';
import { total } from './scans.js';

export function fleetJson(f: Fleet): string {
  return `${JSON.stringify(
    {
      since: new Date(f.since).toISOString(),
      sites: f.sites.map((s) => ({
        site: s.site,
        latest: {
          id: s.latest.id,
          at: new Date(s.latest.at).toISOString(),
          parapetVersion: s.latest.version,
          resources: s.latest.resources,
          findings: total(s.latest.bySeverity),
          bySeverity: s.latest.bySeverity,
          suppressed: s.latest.suppressed,
        },
        baseline: s.baseline ? { id: s.baseline.id, at: new Date(s.baseline.at).toISOString() } : null,
        change: s.change,
        stale: s.stale,
      })),
    },
    null,
    2,
  )}\n`;
}

export function fleetTable(f: Fleet): string {
  if (f.sites.length === 0)
    return 'No site has recorded a scan yet: record one with `parapet scan --record`.\n';
  const header = ['site', 'latest scan', ...SEVERITIES, 'total', `change since ${when(f.since)}`];
  const rows = f.sites.map((s) => [
    s.site,
    `${when(s.latest.at)}${s.stale ? ' (stale)' : ''}`,
    ...SEVERITIES.map((sev) => String(s.latest.bySeverity[sev])),
    String(total(s.latest.bySeverity)),
    s.baseline ? signed(total(s.change)) : '-',
  ]);
  const worse = f.sites.filter((s) => total(s.change) > 0).length;
  const better = f.sites.filter((s) => total(s.change) < 0).length;
  return `${columns([header, ...rows])}\n\n${f.sites.length} site(s), worst first: ${worse} worse, ${better} better over the window.\n`;
}

export function fleetHtml(f: Fleet): string {
  const rows = f.sites
    .map((s) => {
      const change = total(s.change);
      const cls = change > 0 ? ' worse' : change < 0 ? ' better' : '';
      return `<tr><td>${escapeHtml(s.site)}</td><td>${when(s.latest.at)}${s.stale ? ' <span class="muted">(stale)</span>' : ''}</td>${SEVERITIES.map((sev) => `<td class="n">${s.latest.bySeverity[sev]}</td>`).join('')}<td class="n">${total(s.latest.bySeverity)}</td><td class="n${cls}">${s.baseline ? signed(change) : '-'}</td></tr>`;
    })
    .join('\n');
  const body = `<p>${f.sites.length} site(s), worst first; change since the first scan after ${when(f.since)}.</p>
<table><tr><th>site</th><th>latest scan</th>${SEVERITIES.map((s) => `<th class="n">${s}</th>`).join('')}<th class="n">total</th><th class="n">change</th></tr>
${rows}</table>`;
  return page('parapet fleet', body);
}
