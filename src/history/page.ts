/**
 * The self-contained HTML page of `history --format html` and `fleet --format html`: inline CSS, uPlot inlined
 * (small and fast: see the README), data as JSON, and a Content-Security-Policy that forbids any network request.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { SEVERITIES } from '../findings/severity.js';

export const SEVERITY_COLORS: Record<(typeof SEVERITIES)[number], string> = {
  critical: '#8b0000',
  high: '#d9480f',
  medium: '#e6a700',
  low: '#1971c2',
  info: '#868e96',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe inside <script>: no `</script>` or `<!--` can end it early. */
function scriptJson(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function uplot(): { js: string; css: string } {
  const require = createRequire(import.meta.url);
  return {
    js: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  };
}

export interface Trend {
  /** Epoch milliseconds, ascending. */
  times: number[];
  /** Per severity, one count per time. */
  counts: Record<(typeof SEVERITIES)[number], number[]>;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#212529}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse}td,th{padding:.25rem .6rem;border-bottom:1px solid #dee2e6;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.worse{color:#c92a2a}.better{color:#2b8a3e}
.sev{display:inline-block;padding:0 .4rem;border-radius:3px;color:#fff;font-size:12px}
code{font-size:12px}.muted{color:#868e96}`;

/** `body` is trusted HTML built with escapeHtml; `trend`, when given, is drawn above it. */
export function page(title: string, body: string, trend?: Trend): string {
  const chart = trend && trend.times.length > 0 ? uplot() : undefined;
  const severityCss = SEVERITIES.map((s) => `.sev-${s}{background:${SEVERITY_COLORS[s]}}`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}${severityCss}${chart ? chart.css : ''}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${chart ? '<div id="trend"></div>' : ''}
${body}
${
  chart && trend
    ? `<script>${chart.js}</script>
<script type="application/json" id="trend-data">${scriptJson({
        x: trend.times.map((t) => t / 1000),
        series: SEVERITIES.map((s) => ({ label: s, stroke: SEVERITY_COLORS[s], data: trend.counts[s] })),
      })}</script>
<script>${DRAW}</script>`
    : ''
}
</body></html>
`;
}

/** Draws the trend: one line per severity over the scans' times. */
const DRAW = `(function(){
var d=JSON.parse(document.getElementById('trend-data').textContent);
var el=document.getElementById('trend');
var opts={title:'Findings by severity',width:Math.min(1000,window.innerWidth-96),height:320,
series:[{}].concat(d.series.map(function(s){return{label:s.label,stroke:s.stroke,width:2,points:{show:d.x.length<60}}})),
axes:[{},{label:'findings'}]};
new uPlot(opts,[d.x].concat(d.series.map(function(s){return s.data})),el);
})();`;
