/* Filters of the clause, diff and mutation pages (SC.tableFilters in common.js). */
(function () {
  var page = document.body.dataset.page;
  var sel = {clauses: 'tbody.clause', diff: 'tr.diffrow', mutation: 'tr.mutant'}[page];
  var noun = {clauses: 'clauses', diff: 'differences', mutation: 'mutants'}[page];
  if (sel) SC.tableFilters(sel, 'shown', noun);
  document.body.setAttribute('data-ready', '1');
})();
