/* Shared by every page: the URL fragment as filter state, and generic table filters.
   The fragment is "key=value&key=value&flag" (values URI-encoded; a value may be a
   comma-separated list). Any other fragment (e.g. "#c0301") is a plain anchor. */
var SC = (function () {
  function parseHash() {
    var state = {}, h = location.hash.replace(/^#/, '');
    if (!h) return state;
    h.split('&').forEach(function (part) {
      if (!part) return;
      var i = part.indexOf('=');
      if (i < 0) { state[decodeURIComponent(part)] = true; return; }
      state[decodeURIComponent(part.slice(0, i))] = decodeURIComponent(part.slice(i + 1));
    });
    return state;
  }
  function writeHash(state) {
    var parts = [];
    Object.keys(state).forEach(function (k) {
      var v = state[k];
      if (v === true) parts.push(encodeURIComponent(k));
      else if (v !== '' && v !== false && v != null) parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(v));
    });
    var h = parts.length ? '#' + parts.join('&') : '';
    if (h !== location.hash && !(h === '' && location.hash === '#')) {
      history.replaceState(null, '', h || location.pathname + location.search);
    }
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'class') e.className = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    if (text != null) e.textContent = String(text);
    return e;
  }
  /* Generic filters: controls [data-filter=KEY] (select or checkbox) filter the
     elements matching ROWSEL whose data-KEY (space-separated tokens) holds the
     selected value; a row whose data-KEY is "*" matches any. A select's
     data-default is its value when the fragment names none. The state lives in
     the fragment. */
  function tableFilters(rowSel, countId, noun, onApply) {
    var controls = Array.prototype.slice.call(document.querySelectorAll('[data-filter]'));
    var rows = Array.prototype.slice.call(document.querySelectorAll(rowSel));
    function apply(fromHash) {
      var state = fromHash ? parseHash() : {};
      controls.forEach(function (c) {
        var k = c.dataset.filter;
        if (fromHash) {
          if (c.type === 'checkbox') c.checked = !!state[k];
          else c.value = (typeof state[k] === 'string' && Array.prototype.some.call(c.options, function (o) { return o.value === state[k]; })) ? state[k] : (state[k] === undefined && c.dataset['default'] || '');
        }
        if (c.type === 'checkbox') { if (c.checked) state[k] = true; else delete state[k]; }
        else { if (c.value) state[k] = c.value; else delete state[k]; }
      });
      var shown = 0;
      rows.forEach(function (r) {
        var ok = true;
        controls.forEach(function (c) {
          var k = c.dataset.filter, want = c.type === 'checkbox' ? (c.checked ? c.value : '') : c.value;
          if (!want) return;
          var have = (r.getAttribute('data-' + k) || '').split(' ');
          if (have.indexOf(want) < 0 && have.indexOf('*') < 0) ok = false;
        });
        r.classList.toggle('row-hidden', !ok);
        if (ok) shown++;
      });
      var count = document.getElementById(countId);
      if (count) count.textContent = shown + ' of ' + rows.length + ' ' + noun + ' shown';
      if (!fromHash) writeHash(state);
      if (onApply) onApply(state);
    }
    controls.forEach(function (c) { c.addEventListener('change', function () { apply(false); }); });
    window.addEventListener('hashchange', function () { apply(true); });
    apply(true);
  }
  return {parseHash: parseHash, writeHash: writeHash, el: el, tableFilters: tableFilters};
})();
