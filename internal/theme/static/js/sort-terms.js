// Sorts the terms table of a taxonomy page by name, number of briefs or
// latest date when a column heading is pressed; the page reads the same
// without it.
(() => {
  "use strict";
  const table = document.getElementById("terms");
  if (!table) return;
  const body = table.tBodies[0];
  const keys = {
    name: (r) => r.dataset.name,
    count: (r) => Number(r.dataset.count),
    latest: (r) => r.dataset.latest,
  };
  for (const button of table.querySelectorAll("th button")) {
    button.addEventListener("click", () => {
      const by = button.dataset.sort;
      const th = button.closest("th");
      // Names sort A to Z first; counts and dates, highest first.
      const first = by === "name" ? "ascending" : "descending";
      const order = th.getAttribute("aria-sort") === first ? (first === "ascending" ? "descending" : "ascending") : first;
      for (const other of table.querySelectorAll("th")) other.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", order);
      const sign = order === "ascending" ? 1 : -1;
      const key = keys[by];
      const rows = Array.from(body.rows);
      rows.sort((a, b) => {
        const x = key(a), y = key(b);
        if (x !== y) return (x < y ? -1 : 1) * sign;
        return a.dataset.name < b.dataset.name ? -1 : 1;
      });
      body.append(...rows);
    });
  }
})();
