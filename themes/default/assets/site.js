// thidua's one site script: runs the search page, and draws the charts whose
// data the page carries in <script type="application/json"> blocks. The
// tables next to each chart hold the same numbers, so without this script
// nothing is lost.
(function () {
  "use strict";
  var root = document.documentElement;
  document.addEventListener("DOMContentLoaded", search);
  if (typeof window.Chart === "undefined") return;

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

  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var styles = getComputedStyle(root);
  function cssVar(name, fallback) {
    var v = styles.getPropertyValue(name).trim();
    return v || fallback;
  }
  var gradeColours = [cssVar("--g0", "#1b7a3d"), cssVar("--g1", "#1f6fb2"), cssVar("--g2", "#b7791f"),
                      cssVar("--g3", "#b42318")];
  var neutral = cssVar("--g-none", "#6b7280");
  var ink = cssVar("--ink", "#1b1f24");
  var series = [cssVar("--brand", "#0b4f8a"), "#9aa5b1", "#d5d9de"];

  // One pattern per grade, so grades differ by more than colour.
  function pattern(index) {
    var colour = gradeColours[index] || neutral;
    var c = document.createElement("canvas");
    c.width = c.height = 8;
    var g = c.getContext("2d");
    g.fillStyle = colour;
    g.fillRect(0, 0, 8, 8);
    g.strokeStyle = "rgba(255,255,255,0.85)";
    g.fillStyle = "rgba(255,255,255,0.85)";
    g.lineWidth = 2;
    if (index === 1) { g.beginPath(); g.moveTo(0, 8); g.lineTo(8, 0); g.stroke(); }
    else if (index === 2) { g.beginPath(); g.arc(4, 4, 1.6, 0, 2 * Math.PI); g.fill(); }
    else if (index >= 3) { g.fillRect(0, 3, 8, 2); }
    return g.createPattern(c, "repeat");
  }

  function gradeLegend(labels) {
    return labels.map(function (text, i) {
      return { text: text, fillStyle: pattern(i), strokeStyle: gradeColours[i] || neutral, lineWidth: 1 };
    });
  }

  function base(spec) {
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduced ? false : { duration: 400 },
      plugins: { title: { display: false, text: spec.title }, legend: { labels: { color: ink } } },
      scales: {}
    };
  }

  function config(spec) {
    var o = base(spec);
    if (spec.type === "ranking") {
      var ds = spec.datasets[0];
      o.indexAxis = "y";
      o.scales = { x: { min: 0, max: spec.max, ticks: { color: ink } }, y: { ticks: { color: ink, autoSkip: false } } };
      o.plugins.legend.labels.generateLabels = function () { return gradeLegend(spec.grade_labels); };
      o.plugins.legend.onClick = null;
      o.plugins.tooltip = { callbacks: { afterLabel: function (item) {
        return spec.grade_labels[spec.grades[item.dataIndex]] || "";
      } } };
      return { type: "bar", data: { labels: spec.labels, datasets: [{
        label: ds.label, data: ds.data,
        backgroundColor: spec.grades.map(pattern),
        borderColor: spec.grades.map(function (g) { return gradeColours[g] || neutral; }),
        borderWidth: 1
      }] }, options: o };
    }
    if (spec.type === "grades") {
      o.plugins.legend.display = false;
      o.scales = { y: { beginAtZero: true, ticks: { precision: 0, color: ink } }, x: { ticks: { color: ink } } };
      return { type: "bar", data: { labels: spec.labels, datasets: [{
        label: spec.datasets[0].label, data: spec.datasets[0].data,
        backgroundColor: spec.grades.map(pattern),
        borderColor: spec.grades.map(function (g) { return gradeColours[g] || neutral; }), borderWidth: 1
      }] }, options: o };
    }
    if (spec.type === "sections") {
      o.indexAxis = "y";
      o.scales = { x: { beginAtZero: true, ticks: { color: ink } }, y: { ticks: { color: ink } } };
      return { type: "bar", data: { labels: spec.labels, datasets: spec.datasets.map(function (d, i) {
        return { label: d.label, data: d.data, backgroundColor: series[i] || neutral, borderColor: ink, borderWidth: i === 0 ? 1 : 0 };
      }) }, options: o };
    }
    if (spec.type === "history") {
      o.scales = {
        y: { beginAtZero: true, position: "left", title: { display: true, text: spec.datasets[0].label }, ticks: { color: ink } },
        y1: { reverse: true, position: "right", min: 1, grid: { drawOnChartArea: false }, ticks: { precision: 0, color: ink },
              title: { display: true, text: spec.datasets[1].label } },
        x: { ticks: { color: ink } }
      };
      return { type: "line", data: { labels: spec.labels, datasets: [
        { label: spec.datasets[0].label, data: spec.datasets[0].data, yAxisID: "y", borderColor: series[0],
          backgroundColor: series[0], pointStyle: "circle", pointRadius: 5, spanGaps: true },
        { label: spec.datasets[1].label, data: spec.datasets[1].data, yAxisID: "y1", borderColor: gradeColours[2],
          backgroundColor: gradeColours[2], borderDash: [6, 4], pointStyle: "rectRot", pointRadius: 6, spanGaps: true }
      ] }, options: o };
    }
    return null;
  }

  function height(spec) {
    if (spec.type === "ranking") return Math.max(160, spec.labels.length * 26 + 60);
    if (spec.type === "sections") return Math.max(180, spec.labels.length * spec.datasets.length * 16 + 80);
    return 280;
  }

  var blocks = document.querySelectorAll("div.chart[data-chart]");
  Array.prototype.forEach.call(blocks, function (box) {
    var data = document.getElementById(box.getAttribute("data-chart"));
    var canvas = box.querySelector("canvas");
    if (!data || !canvas) return;
    var spec;
    try { spec = JSON.parse(data.textContent); } catch (e) { return; }
    // Narrow screens get the short labels (section ids) the table explains.
    if (spec.short_labels && box.clientWidth < 600) spec.labels = spec.short_labels;
    var cfg = config(spec);
    if (!cfg) return;
    box.style.height = height(spec) + "px";
    new window.Chart(canvas, cfg);
  });
})();
