/* Filters of the clause, diff and mutation pages (SC.tableFilters in common.js).
   On the diff page, the A and B selects also show only the sections of the
   comparisons they pick. */
(function () {
  var page = document.body.dataset.page;
  var sel = {clauses: 'tbody.clause', diff: 'tr.diffrow', mutation: 'tr.mutant'}[page];
  var noun = {clauses: 'clauses', diff: 'differences', mutation: 'mutants'}[page];
  function pairs() {
    var a = document.querySelector('[data-filter=a]'), b = document.querySelector('[data-filter=b]');
    Array.prototype.forEach.call(document.querySelectorAll('section.pair'), function (s) {
      var on = (!a || !a.value || s.dataset.a === a.value) && (!b || !b.value || s.dataset.b === b.value);
      s.classList.toggle('row-hidden', !on);
    });
  }
  if (sel) SC.tableFilters(sel, 'shown', noun, page === 'diff' ? pairs : null);
  document.body.setAttribute('data-ready', '1');
})();
