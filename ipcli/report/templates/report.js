// Pagination of long tables and opening the outline a link points to. No network.
(function () {
  "use strict";
  function paginate(table) {
    var size = parseInt(table.getAttribute("data-page-size"), 10) || 100;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    if (rows.length <= size) { return; }
    var pages = Math.ceil(rows.length / size), page = 0;
    var bar = document.createElement("div");
    bar.className = "pager";
    var prev = document.createElement("button"), next = document.createElement("button");
    var label = document.createElement("span");
    prev.type = next.type = "button";
    prev.textContent = "上一页";
    next.textContent = "下一页";
    function show(n) {
      page = Math.max(0, Math.min(pages - 1, n));
      rows.forEach(function (row, i) { row.hidden = Math.floor(i / size) !== page; });
      label.textContent = "第 " + (page + 1) + " / " + pages + " 页（共 " + rows.length + " 行）";
      prev.disabled = page === 0;
      next.disabled = page === pages - 1;
    }
    prev.addEventListener("click", function () { show(page - 1); });
    next.addEventListener("click", function () { show(page + 1); });
    bar.appendChild(prev); bar.appendChild(label); bar.appendChild(next);
    table.parentNode.insertBefore(bar, table);
    show(0);
  }
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
  }
  document.querySelectorAll("table[data-page-size]").forEach(paginate);
  window.addEventListener("hashchange", openTarget);
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  openTarget();
}());
