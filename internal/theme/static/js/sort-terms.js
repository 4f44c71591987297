// Sorts the terms table of a taxonomy page by name, number of briefs or
// latest date when a column heading is pressed; the page reads the same
// without it. Written like search.js: var and function expressions in a
// classic script, so both run from disk as well as over HTTP.
(function () {
  "use strict";
  var table = document.getElementById("terms");
  if (!table) return;
  var body = table.tBodies[0];
  var keys = {
    name: function (r) { return r.dataset.name; },
    count: function (r) { return Number(r.dataset.count); },
    latest: function (r) { return r.dataset.latest; }
  };
  table.querySelectorAll("th button").forEach(function (button) {
    button.addEventListener("click", function () {
      var by = button.dataset.sort;
      var th = button.closest("th");
      // Names sort A to Z first; counts and dates, highest first.
      var first = by === "name" ? "ascending" : "descending";
      var order = th.getAttribute("aria-sort") === first ? (first === "ascending" ? "descending" : "ascending") : first;
      table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", order);
      var sign = order === "ascending" ? 1 : -1;
      var key = keys[by];
      var rows = Array.from(body.rows);
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        if (x !== y) return (x < y ? -1 : 1) * sign;
        return a.dataset.name < b.dataset.name ? -1 : 1;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
