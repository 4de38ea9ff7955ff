/* The matrix of index.html: filters (area, verdict, target, profile, interesting;
   combinable, kept in the URL fragment) and the detail panel of a cell.
   Cell details come from the JSON block #sc-data and are written with
   textContent only: no text from a result is ever parsed as HTML. */
(function () {
  var data = JSON.parse(document.getElementById('sc-data').textContent);
  /* a detail holds only what is its own: the case's shared fields are in
     data.cases[c], the target and profile in data.cols[col] */
  var details = data.details.map(function (raw) {
    var d = Object.assign({}, data.cases[raw.c], raw);
    d.target = data.cols[raw.col][0];
    d.profile = data.cols[raw.col][1];
    Object.keys(d).forEach(function (k) { if (d[k] === null) delete d[k]; });
    return d;
  });
  var LEAD = 3;           /* cells before the first result column: case, area, title */
  var table = document.getElementById('matrix');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var colStyle = document.getElementById('colfilter');
  var panel = document.getElementById('detail');
  var panelBody = document.getElementById('detail-body');
  var names = ['area', 'verdict', 'target', 'profile'];
  var controls = {};
  names.forEach(function (n) { controls[n] = document.getElementById('f-' + n); });
  var onlyBox = document.getElementById('only-interesting');
  var caseBox = document.getElementById('f-case');
  var byKey = {};
  details.forEach(function (d, k) { byKey[d['case'] + '\u0000' + d.target + '\u0000' + d.profile] = k; });
  var tIndex = {}, pIndex = {};
  data.targets.forEach(function (t, i) { tIndex[t] = i; });
  data.profiles.forEach(function (p, i) { pIndex[p] = i; });
  var CELLCLASS = {unexpected: 'unexp', compat: 'cd', flaky: 'fl'};
  var openK = null;

  function setSelect(sel, value) {
    if (!sel) return;
    if (!value) { sel.value = ''; return; }
    var found = Array.prototype.some.call(sel.options, function (o) { return o.value === value; });
    if (!found) {
      var o = document.createElement('option');
      o.value = value; o.textContent = value.split(',').join(', ');
      sel.appendChild(o);
    }
    sel.value = value;
  }

  function stateFromControls() {
    var s = {};
    names.forEach(function (n) { if (controls[n] && controls[n].value) s[n] = controls[n].value; });
    if (caseBox && caseBox.value) s['case'] = caseBox.value;
    if (onlyBox.checked) s.interesting = true;
    if (openK !== null) {
      var d = details[openK];
      s.cell = [d['case'], d.target, d.profile].join(',');
    }
    return s;
  }

  function list(v) { return v ? String(v).split(',') : null; }

  function apply(s) {
    var wantT = list(s.target), wantP = list(s.profile), wantA = list(s.area), wantV = list(s.verdict);
    var wantC = list(s['case']);
    var css = [];
    data.targets.forEach(function (t, i) { if (wantT && wantT.indexOf(t) < 0) css.push('#matrix .t' + i); });
    data.profiles.forEach(function (p, i) { if (wantP && wantP.indexOf(p) < 0) css.push('#matrix .p' + i); });
    colStyle.textContent = css.length ? css.join(',') + '{display:none}' : '';
    /* the target header spans the profiles still shown */
    Array.prototype.forEach.call(table.querySelectorAll('thead tr.targets th.tgroup'), function (th) {
      var ti = +th.dataset.ti, n = 0;
      Array.prototype.forEach.call(table.querySelectorAll('thead tr.profiles th.t' + ti), function (p) {
        if (!wantP || wantP.indexOf(data.profiles[+p.dataset.pi]) >= 0) n++;
      });
      th.colSpan = Math.max(n, 1);
      th.style.display = n ? '' : 'none';
    });
    var tOn = wantT ? data.targets.map(function (t) { return wantT.indexOf(t) >= 0; }) : null;
    var pOn = wantP ? data.profiles.map(function (p) { return wantP.indexOf(p) >= 0; }) : null;
    var wantCls = wantV ? wantV.map(function (v) { return CELLCLASS[v] || v; }) : null;
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!wantA || wantA.indexOf(row.dataset.area) >= 0) &&
               (!wantC || wantC.indexOf(row.dataset['case']) >= 0) &&
               (!s.interesting || row.dataset.interesting === '1');
      var cells = row.querySelectorAll('td.v');
      var any = false;
      for (var i = 0; i < cells.length; i++) {
        var c = cells[i];
        var col = data.cols[c.cellIndex - LEAD];
        var visible = (!tOn || tOn[tIndex[col[0]]]) && (!pOn || pOn[pIndex[col[1]]]);
        var match = !wantCls || wantCls.some(function (k) { return c.classList.contains(k); });
        if (wantCls) c.classList.toggle('dim', !match);
        else c.classList.remove('dim');
        if (visible && match && c.dataset.k !== undefined) any = true;
      }
      if (wantCls && !any) ok = false;
      row.classList.toggle('row-hidden', !ok);
      if (ok) shown++;
    });
    document.getElementById('shown').textContent = shown + ' of ' + rows.length + ' cases shown';
  }

  function fromHash() {
    var s = SC.parseHash();
    var anchor = location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (anchor && anchor.tagName === 'DETAILS') anchor.open = true;
    names.forEach(function (n) { setSelect(controls[n], typeof s[n] === 'string' ? s[n] : ''); });
    if (caseBox) caseBox.value = typeof s['case'] === 'string' ? s['case'] : '';
    onlyBox.checked = !!s.interesting;
    var cell = typeof s.cell === 'string' ? s.cell.split(',') : null;
    apply(s);
    if (cell && cell.length >= 3) {
      var key = cell[0] + '\u0000' + cell.slice(1, -1).join(',') + '\u0000' + cell[cell.length - 1];
      if (key in byKey) { openDetail(byKey[key], true); }
    } else if (openK !== null && !cell) {
      closeDetail(true);
    }
  }

  function changed() {
    var s = stateFromControls();
    apply(s);
    SC.writeHash(s);
  }

  /* ---------------------------------------------------------------- detail */
  var el = SC.el;
  function add(parent, child) { parent.appendChild(child); return child; }
  function pre(text, field) {
    var p = el('pre', field ? {'data-field': field} : null, text === '' || text == null ? '' : text);
    if (text === '' || text == null) { p.textContent = '(empty)'; p.className = 'muted'; }
    return p;
  }
  function row(dl, label, value, field, node) {
    add(dl, el('dt', null, label));
    var dd = add(dl, el('dd', field ? {'data-field': field} : null));
    if (node) dd.appendChild(node); else dd.textContent = value == null ? '' : String(value);
    return dd;
  }
  /* a case file: a link when the report was given a source URL (SOCKCONF_SOURCE_URL),
     else its path as text - a relative link would break once the report folder is
     copied, and the lines that matter are in the detail (sources, below) */
  function fileLink(path, line) {
    var text = line ? path + ':' + line : path;
    if (!data.source_url || path.charAt(0) === '/') return el('span', {'class': 'mono'}, text);
    var href = data.source_url.split('{path}').join(encodeURI(path)).split('{line}').join(line || '1')
      .split('{commit}').join(encodeURIComponent(data.commit));
    return el('a', {href: href, 'class': 'mono'}, text);
  }
  /* the lines of the case file around LINE, as recorded when the case ran */
  function sourceLines(path, line) {
    var lines = data.sources[path];
    var n = parseInt(line, 10);
    if (!lines || !n || !(String(n) in lines)) return null;
    var p = el('pre', {'class': 'source', 'data-field': 'source'});
    Object.keys(lines).map(Number).filter(function (i) { return Math.abs(i - n) <= 3; })
      .sort(function (a, b) { return a - b; }).forEach(function (i) {
        var row = add(p, el(i === n ? 'mark' : 'span'));
        add(row, el('span', {'class': 'ln'}, i));
        row.appendChild(document.createTextNode(lines[String(i)]));
        p.appendChild(document.createTextNode('\n'));
      });
    return p;
  }
  function table2(head, rowsData) {
    var t = el('table');
    var tr = add(add(t, el('thead')), el('tr'));
    head.forEach(function (h) { add(tr, el('th', null, h)); });
    var tb = add(t, el('tbody'));
    rowsData.forEach(function (r) {
      var tr2 = add(tb, el('tr'));
      r.forEach(function (v) {
        var td = add(tr2, el('td', {'class': 'val'}));
        if (v instanceof Node) td.appendChild(v); else td.textContent = v == null ? '' : String(v);
      });
    });
    return t;
  }

  function openDetail(k, quiet) {
    var d = details[k];
    openK = k;
    var prev = table.querySelector('td.v.sel');
    if (prev) prev.classList.remove('sel');
    var cellEl = table.querySelector('td.v[data-k="' + k + '"]');
    if (cellEl) cellEl.classList.add('sel');
    panelBody.textContent = '';
    var h = add(panelBody, el('h2', {'data-field': 'case'}, d['case'] + '-' + d.slug));
    if (d.title) add(panelBody, el('p', {'data-field': 'title'}, d.title));
    var badges = add(panelBody, el('p'));
    add(badges, el('span', {'class': 'badge ' + d.verdict, 'data-field': 'verdict'}, d.verdict));
    if (d.compat === 'differs') { badges.appendChild(document.createTextNode(' ')); add(badges, el('span', {'class': 'badge cdmark'}, 'compatibility differs from tclsh 8.6.13')); }
    if (d.flaky) { badges.appendChild(document.createTextNode(' ')); add(badges, el('span', {'class': 'badge timeout'}, 'flaky')); }
    if (d.harness) { badges.appendChild(document.createTextNode(' ')); add(badges, el('span', {'class': 'badge crash'}, 'harness failure')); }
    var dl = add(panelBody, el('dl'));
    row(dl, 'target', d.target, 'target');
    row(dl, 'profile', d.profile, 'profile');
    row(dl, 'area', d.area, 'area');
    var v = d.verdict;
    if (d.raw_verdict) v += ' (the case gave ' + d.raw_verdict + ')';
    row(dl, 'verdict', v, 'verdict-text');
    if (d.expected_verdict) row(dl, 'expectation', d.expected_verdict + ': ' + (d.expectation || ''), 'expectation');
    var msg = row(dl, 'message', d.message || '(none)', 'message');
    msg.className = d.message ? 'mono' : 'muted';
    if (d.path) row(dl, 'case file', null, 'where', fileLink(d.path, d.line));
    var srcLine = d.line || (d.compat_differences && d.compat_differences.length ? d.compat_differences[0].line : '');
    var src = d.path ? sourceLines(d.path, srcLine) : null;
    if (src) row(dl, 'source', null, null, src);
    if ('expected' in d || 'actual' in d) {
      row(dl, 'expected', null, 'expected', pre(d.expected));
      row(dl, 'actual', null, 'actual', pre(d.actual));
    }
    if (d.errorcode) row(dl, '-errorcode', d.errorcode, 'errorcode').className = 'mono';
    row(dl, 'duration', (d.duration_s != null ? d.duration_s : 0) + ' s', 'duration');
    if (d.tcl) row(dl, 'interpreter', 'Tcl ' + d.tcl, 'tcl');
    if (d.exit != null) row(dl, 'exit status', d.exit, 'exit');
    if (d.clauses) {
      var span = el('span', {'class': 'mono'});
      d.clauses.forEach(function (c, i) {
        if (i) span.appendChild(document.createTextNode(', '));
        span.appendChild(el('a', {href: 'clauses.html#clause=' + encodeURIComponent(c)}, c));
      });
      row(dl, 'clauses', null, 'clauses', span);
    }
    if (d.harness) row(dl, 'harness', d.harness, 'harness');

    add(panelBody, el('h3', null, 'Compatibility with tclsh 8.6.13'));
    var cd = add(panelBody, el('div', {'data-field': 'compat'}));
    if (d.compat_differences && d.compat_differences.length) {
      cd.appendChild(table2(['difference', 'tclsh 8.6.13', 'actual', 'case line'], d.compat_differences.map(function (x) {
        return [x.message, x.expected, x.actual, d.path ? fileLink(d.path, x.line) : x.line];
      })));
    } else {
      cd.textContent = d.compat === 'same' ? 'same as tclsh 8.6.13 in every compatibility check'
        : 'no compatibility check ran';
    }
    add(panelBody, el('h3', null, 'Observations'));
    var ob = add(panelBody, el('div', {'data-field': 'observations'}));
    if (d.observations) ob.appendChild(table2(['key', 'value'], d.observations)); else ob.textContent = 'none';
    if (d.measurements) {
      add(panelBody, el('h3', null, 'Measurements'));
      add(panelBody, table2(['key', 'value'], d.measurements)).setAttribute('data-field', 'measurements');
    }
    if (d.faults) {
      add(panelBody, el('h3', null, 'Faults injected (fault shim)'));
      add(panelBody, table2(['rules', 'rule', 'call', 'descriptor', 'matched', 'altered'], d.faults))
        .setAttribute('data-field', 'faults');
    }
    if (d.runs) {
      add(panelBody, el('h3', null, 'Runs (--repeat)'));
      add(panelBody, table2(['verdict', 'duration s', 'compat', 'message'], d.runs.map(function (r) {
        return [r.verdict, r.duration_s, r.compat, r.message];
      }))).setAttribute('data-field', 'runs');
    }
    add(panelBody, el('h3', null, 'stdout'));
    add(panelBody, pre(d.stdout, 'stdout'));
    add(panelBody, el('h3', null, 'stderr'));
    add(panelBody, pre(d.stderr, 'stderr'));
    var link = add(panelBody, el('p', {'class': 'muted'}));
    link.appendChild(document.createTextNode('Row: '));
    link.appendChild(el('a', {href: '#case=' + encodeURIComponent(d['case'])}, 'show only case ' + d['case']));
    panel.hidden = false;
    if (!quiet) SC.writeHash(stateFromControls());
    if (cellEl && quiet) cellEl.scrollIntoView({block: 'center', inline: 'nearest'});
    var closeBtn = document.getElementById('detail-close');
    if (closeBtn && !quiet) closeBtn.focus({preventScroll: true});
  }

  function closeDetail(quiet) {
    openK = null;
    panel.hidden = true;
    var prev = table.querySelector('td.v.sel');
    if (prev) prev.classList.remove('sel');
    if (!quiet) {
      SC.writeHash(stateFromControls());
      if (prev) prev.focus({preventScroll: true});
    }
  }

  table.addEventListener('click', function (ev) {
    var td = ev.target.closest('td.v');
    if (!td || td.dataset.k === undefined) return;
    openDetail(+td.dataset.k, false);
  });
  /* every cell is a Tab stop; Enter (or Space) opens it, Esc closes and goes back to it */
  table.addEventListener('keydown', function (ev) {
    var td = ev.target.closest('td.v');
    if (!td || td.dataset.k === undefined || (ev.key !== 'Enter' && ev.key !== ' ')) return;
    ev.preventDefault();
    openDetail(+td.dataset.k, false);
  });
  document.getElementById('detail-close').addEventListener('click', function () { closeDetail(false); });
  document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape' && openK !== null) closeDetail(false); });
  names.forEach(function (n) { if (controls[n]) controls[n].addEventListener('change', changed); });
  onlyBox.addEventListener('change', changed);
  if (caseBox) caseBox.addEventListener('change', changed);
  document.getElementById('f-reset').addEventListener('click', function (ev) {
    ev.preventDefault();
    names.forEach(function (n) { setSelect(controls[n], ''); });
    if (caseBox) caseBox.value = '';
    onlyBox.checked = false;
    changed();
  });
  window.addEventListener('hashchange', fromHash);
  fromHash();
  document.body.setAttribute('data-ready', '1');
})();
