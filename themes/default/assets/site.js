// thidua's one site script: runs the search page. Charts need none: they
// are drawn at build time, as SVG in the page.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", search);

  // Search: the index (search/index.js) sets window.THIDUA_SEARCH; a query
  // matches without diacritics (đ as d), and exact-diacritic matches come first.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  function search() {
    var form = document.getElementById("search-form");
    var data = window.THIDUA_SEARCH;
    if (!form || !data) return;
    var input = document.getElementById("search-q");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var base = document.querySelector("a.brand").getAttribute("href").replace(/index\.html$/, "");
    function run() {
      var q = input.value.trim();
      list.textContent = "";
      status.textContent = "";
      if (!q) return;
      var words = fold(q).split(/\s+/);
      var exact = q.toLowerCase();
      var hits = [];
      data.items.forEach(function (item, i) {
        for (var w = 0; w < words.length; w++) if (item.folded.indexOf(words[w]) < 0) return;
        var raw = (item.title + " " + item.detail).toLowerCase();
        hits.push({ item: item, rank: raw.indexOf(exact) >= 0 ? 0 : fold(item.title).indexOf(fold(q)) >= 0 ? 1 : 2, i: i });
      });
      hits.sort(function (a, b) { return a.rank - b.rank || a.i - b.i; });
      hits.slice(0, 100).forEach(function (h) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = base + h.item.url;
        a.textContent = h.item.title;
        var meta = document.createElement("span");
        meta.className = "meta";
        meta.textContent = h.item.type + (h.item.detail ? " · " + h.item.detail : "");
        li.appendChild(a);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(meta);
        list.appendChild(li);
      });
      status.textContent = hits.length ? hits.length + " " + status.getAttribute("data-found") : status.getAttribute("data-none");
    }
    var params = new URLSearchParams(window.location.search);
    if (params.get("q")) input.value = params.get("q");
    input.addEventListener("input", run);
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    run();
  }
})();
