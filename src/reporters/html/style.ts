/** The HTML report's style sheet, inlined into the page: light and dark, system fonts only (no request). */
export const STYLE = `
:root{--bg:#fff;--fg:#1d2330;--muted:#5d6677;--line:#dde1e8;--panel:#f5f7fa;
--critical:#8e1330;--high:#c4321b;--medium:#c27c00;--low:#2f6db3;--info:#6b7280;--sup:#7a7f8a;--ok:#2f8a4a;
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
@media (prefers-color-scheme:dark){:root{--bg:#14171c;--fg:#e4e7ec;--muted:#9aa3b2;--line:#2c323c;--panel:#1c2027;
--critical:#ff5c7a;--high:#ff7a59;--medium:#f2b03d;--low:#6aa8f0;--info:#a0a7b4;--sup:#8d929c;--ok:#5cc47a}}
*{box-sizing:border-box}
body{margin:0}
header{padding:16px 24px;border-bottom:1px solid var(--line);background:var(--panel)}
h1{margin:0;font-size:20px}
h2{font-size:16px;margin:24px 0 8px}
main{padding:0 24px 48px;max-width:1400px}
.muted{color:var(--muted)}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
.cards{display:flex;flex-wrap:wrap;gap:8px}
.card{font:inherit;color:inherit;background:var(--panel);border:1px solid var(--line);border-left:6px solid var(--c,var(--sup));
border-radius:6px;padding:8px 14px;min-width:110px;text-align:left;cursor:pointer}
.card.sup{cursor:default}
.card .n{display:block;font-size:22px;font-weight:600;color:var(--c,var(--fg))}
.s-critical{--c:var(--critical)}.s-high{--c:var(--high)}.s-medium{--c:var(--medium)}.s-low{--c:var(--low)}.s-info{--c:var(--info)}
.grid{border-collapse:collapse;width:100%;margin:4px 0 8px}
.grid.compact{width:auto}.grid.compact td,.grid.compact th{min-width:72px}
.grid th,.grid td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
.grid th{font-weight:600;color:var(--muted);font-size:12px}
.num{text-align:right !important;font-variant-numeric:tabular-nums}
td.num[class*="s-"]{color:var(--c);font-weight:600}
td.zero{color:var(--muted)}
td.id{white-space:nowrap}
details.framework{border:1px solid var(--line);border-radius:6px;margin:6px 0;padding:4px 10px}
details.framework summary{cursor:pointer;padding:4px 0}
.bar{display:inline-flex;width:160px;height:10px;border-radius:5px;overflow:hidden;vertical-align:middle;background:var(--line)}
.bar span{display:block;height:100%}
.status{border-radius:10px;padding:0 8px;font-size:12px;white-space:nowrap;color:#fff;background:var(--sup)}
.st-failed{background:var(--high)}.st-passed{background:var(--ok)}.st-no-objects{background:var(--info)}
.st-not-assessable{background:var(--medium)}.st-not-checked{background:var(--line);color:var(--fg)}
.notes{list-style:none;padding:0}.notes li{padding:2px 0}.note-error b{color:var(--high)}.note-warning b{color:var(--medium)}
.filters{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;padding:8px 12px;background:var(--panel);border:1px solid var(--line);border-radius:6px;position:sticky;top:0;z-index:1}
.filters fieldset{border:0;padding:0;margin:0;display:flex;gap:6px;align-items:center}
.filters legend{float:left;margin-right:6px}
.filters select,.filters input{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:2px 6px}
.filters input[type=search]{width:240px}
.filters select{max-width:320px}
.sev-toggle{color:var(--c)}
.count{color:var(--muted)}
.pager button{font:inherit;color:inherit;background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:2px 10px;cursor:pointer}
.pager button:disabled{opacity:.4;cursor:default}
.res{border:1px solid var(--line);border-radius:6px;margin:10px 0;overflow:hidden}
.res>h3{margin:0;padding:6px 12px;font-size:14px;background:var(--panel);border-bottom:1px solid var(--line);display:flex;gap:12px;flex-wrap:wrap;align-items:baseline}
.res>h3 .where{font-weight:400}
.f{padding:6px 12px 8px;border-left:4px solid var(--c);border-bottom:1px solid var(--line)}
.f:last-child{border-bottom:0}
.f.sup{opacity:.7;border-left-color:var(--sup)}
.f .h{display:flex;gap:10px;flex-wrap:wrap;align-items:baseline}
.sev{font-size:11px;text-transform:uppercase;font-weight:700;color:var(--c);min-width:62px}
.f .t{color:var(--muted)}
.f .loc{margin-left:auto}
.f .m{margin:2px 0}
.f dl{display:grid;grid-template-columns:max-content 1fr;gap:0 10px;margin:2px 0 0;font-size:13px}
.f dt{color:var(--muted)}.f dd{margin:0}
.f .why{color:var(--sup);font-style:italic}
.empty{padding:24px;color:var(--muted)}
`;
