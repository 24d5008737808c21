/**
 * The HTML report's script, inlined into the page (plain ES2020, no library). It reads the findings from the
 * page's JSON (./data.ts), filters them by severity, status, rule, namespace and text, groups them by resource,
 * sorts the groups, and draws one page of at most PAGE_FINDINGS findings: the DOM never holds more, whatever
 * the report's size. When the first page is drawn, `#shown` gets `data-ready` and `data-count` (the findings
 * that match), which the browser tests and the bench wait for.
 *
 * Kept free of backquotes and dollar-brace so that it can live in a template string.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var PAGE_FINDINGS = 200;
  var data = JSON.parse(document.getElementById('parapet-data').textContent);
  var SEV = data.severities, RULES = data.rules, RES = data.resources, F = data.findings;
  var $ = function (id) { return document.getElementById(id); };
  var ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return ESC[c]; }); }
  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  function label(r) { return r[0] + ' ' + (r[1] ? r[1] + '/' : '') + r[2]; }

  // options of the rule and namespace filters, with their counts
  function countBy(key) {
    var counts = new Map();
    for (var i = 0; i < F.length; i++) { var k = key(F[i]); counts.set(k, (counts.get(k) || 0) + 1); }
    return Array.from(counts).sort(function (a, b) { return cmp(a[0], b[0]); });
  }
  function fill(select, entries, text) {
    var html = '';
    entries.forEach(function (e) { html += '<option value="' + esc(e[0]) + '">' + esc(text(e[0])) + ' (' + e[1] + ')</option>'; });
    select.insertAdjacentHTML('beforeend', html);
  }
  var ruleTitle = new Map(RULES.map(function (r) { return [r[0], r[1]]; }));
  fill($('f-rule'), countBy(function (f) { return RULES[f[0]][0]; }), function (id) { return id + ' ' + ruleTitle.get(id); });
  fill($('f-namespace'), countBy(function (f) { return RES[f[1]][1]; }), function (ns) { return ns || '(cluster-scoped)'; });

  var hay = null; // lower-case search text per finding, made on the first text search
  function haystack(i) {
    if (hay === null) {
      hay = new Array(F.length);
      for (var j = 0; j < F.length; j++) {
        var f = F[j], r = RES[f[1]], rule = RULES[f[0]];
        hay[j] = [rule[0], rule[1], label(r), r[3], f[3], f[4], f[6] || '', rule[4]].join('\n').toLowerCase();
      }
    }
    return hay[i];
  }

  var state = { page: 0, groups: [], pages: [], count: 0 };
  function readFilters() {
    var sev = [];
    document.querySelectorAll('#f-severity input').forEach(function (box) { sev[Number(box.value)] = box.checked; });
    return {
      sev: sev,
      status: $('f-status').value,
      rule: $('f-rule').value,
      ns: $('f-namespace').value,
      words: $('f-text').value.toLowerCase().split(/\s+/).filter(Boolean),
      sort: $('f-sort').value,
    };
  }

  function apply() {
    var q = readFilters();
    var groups = [], group = null, count = 0;
    for (var i = 0; i < F.length; i++) {
      var f = F[i];
      if (!q.sev[f[2]]) continue;
      if (q.status === 'open' ? f[6] !== null : q.status === 'suppressed' ? f[6] === null : false) continue;
      if (q.rule && RULES[f[0]][0] !== q.rule) continue;
      if (q.ns && RES[f[1]][1] !== q.ns) continue;
      if (q.words.length > 0) {
        var h = haystack(i), all = true;
        for (var w = 0; w < q.words.length && all; w++) all = h.indexOf(q.words[w]) >= 0;
        if (!all) continue;
      }
      // findings come grouped by resource: a new group starts where the resource changes
      if (group === null || group.res !== f[1]) { group = { res: f[1], items: [], worst: f[2], open: 0 }; groups.push(group); }
      group.items.push(i);
      if (f[2] < group.worst) group.worst = f[2];
      if (f[6] === null) group.open++;
      count++;
    }
    var byName = function (a, b) { var x = RES[a.res], y = RES[b.res]; return cmp(x[1], y[1]) || cmp(x[0], y[0]) || cmp(x[2], y[2]); };
    var sorts = {
      severity: function (a, b) { return a.worst - b.worst || b.open - a.open || b.items.length - a.items.length || byName(a, b); },
      count: function (a, b) { return b.items.length - a.items.length || a.worst - b.worst || byName(a, b); },
      namespace: byName,
      rule: function (a, b) { return cmp(RULES[F[a.items[0]][0]][0], RULES[F[b.items[0]][0]][0]) || byName(a, b); },
      file: function (a, b) { return cmp(RES[a.res][3], RES[b.res][3]) || F[a.items[0]][5] - F[b.items[0]][5] || byName(a, b); },
    };
    groups.sort(sorts[q.sort] || sorts.severity);
    // pages of whole groups, about PAGE_FINDINGS findings each (a large group gets a page of its own)
    var pages = [], start = 0, size = 0;
    for (var g = 0; g < groups.length; g++) {
      if (size > 0 && size + groups[g].items.length > PAGE_FINDINGS) { pages.push([start, g]); start = g; size = 0; }
      size += groups[g].items.length;
    }
    if (groups.length > start) pages.push([start, groups.length]);
    state = { page: 0, groups: groups, pages: pages, count: count };
    draw();
  }

  function findingHtml(i) {
    var f = F[i], rule = RULES[f[0]], r = RES[f[1]], sev = SEV[f[2]];
    var where = r[3] ? r[3] + (f[5] ? ':' + f[5] : '') : r[4] ? 'uid ' + r[4] : '';
    var html = '<div class="f s-' + sev + (f[6] !== null ? ' sup' : '') + '" data-finding>' +
      '<div class="h"><span class="sev">' + sev + '</span><b>' + esc(rule[0]) + '</b><span class="t">' + esc(rule[1]) +
      '</span><span class="t">' + esc(rule[2]) + '</span><code class="loc">' + esc(where) + '</code></div>' +
      '<div class="m">' + esc(f[4]) + '</div><dl><dt>Field</dt><dd><code>' + esc(f[3]) + '</code></dd>' +
      '<dt>Fix</dt><dd>' + esc(rule[3]) + '</dd>' + (rule[4] ? '<dt>References</dt><dd>' + esc(rule[4]) + '</dd>' : '') + '</dl>';
    if (f[6] !== null) html += '<div class="why">Suppressed: ' + esc(f[6]) + (f[7] ? ' (until ' + esc(f[7]) + ')' : '') + '</div>';
    return html + '</div>';
  }

  function draw() {
    var s = state, page = s.pages[s.page], html = '', shown = 0;
    if (page !== undefined) {
      for (var g = page[0]; g < page[1]; g++) {
        var group = s.groups[g], r = RES[group.res];
        var where = r[3] ? r[3] : r[4] ? 'uid ' + r[4] : '';
        html += '<section class="res" data-resource><h3><span>' + esc(label(r)) + '</span><code class="where muted">' + esc(where) +
          '</code><span class="muted">' + group.items.length + (group.items.length === 1 ? ' finding' : ' findings') + '</span></h3>';
        for (var k = 0; k < group.items.length; k++) html += findingHtml(group.items[k]);
        html += '</section>';
        shown += group.items.length;
      }
    } else {
      html = '<p class="empty">No finding matches.</p>';
    }
    $('list').innerHTML = html;
    var n = s.pages.length;
    $('page').textContent = n === 0 ? '' : 'page ' + (s.page + 1) + ' of ' + n;
    $('prev').disabled = s.page <= 0;
    $('next').disabled = s.page >= n - 1;
    var out = $('shown');
    out.textContent = s.count + ' of ' + F.length + ' findings match, in ' + s.groups.length + ' resources' +
      (n > 1 ? '; ' + shown + ' on this page' : '');
    out.dataset.count = String(s.count);
    out.dataset.page = String(shown);
    out.dataset.ready = 'true';
  }

  function turn(delta) {
    var next = state.page + delta;
    if (next < 0 || next >= state.pages.length) return;
    state.page = next;
    draw();
    $('findings').scrollIntoView();
  }
  $('prev').addEventListener('click', function () { turn(-1); });
  $('next').addEventListener('click', function () { turn(1); });
  var timer = 0;
  $('filters').addEventListener('input', function (e) {
    clearTimeout(timer);
    if (e.target && e.target.id === 'f-text') timer = setTimeout(apply, 120); else apply();
  });
  $('filters').addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  // a severity card shows that severity alone; clicking it again shows every severity
  document.querySelectorAll('.card[data-severity]').forEach(function (card) {
    card.addEventListener('click', function () {
      var index = String(SEV.indexOf(card.dataset.severity));
      var boxes = document.querySelectorAll('#f-severity input');
      var alone = Array.prototype.every.call(boxes, function (b) { return b.checked === (b.value === index); });
      boxes.forEach(function (b) { b.checked = alone || b.value === index; });
      apply();
      $('findings').scrollIntoView();
    });
  });
  apply();
})();
`;
