// saferail dashboard: draws the KPI time series (SVG) from the dashboard's own /api/kpis.
// Served by the app (no CDN); builds DOM nodes only, never HTML strings.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var W = 880, H = 300, M = { left: 56, right: 16, top: 14, bottom: 30 };
  var COLORS = 8, MAX_LINES = 10;

  function svg(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function html(name, text, parent, cls) {
    var node = document.createElement(name);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    if (parent) parent.appendChild(node);
    return node;
  }

  function pct(rate, digits) {
    return rate === null || rate === undefined ? "–" : (rate * 100).toFixed(digits === undefined ? 2 : digits) + "%";
  }

  function stamp(ms, spanMs) {
    var iso = new Date(ms).toISOString();
    return spanMs <= 2 * 86400000 ? iso.slice(11, 16) : iso.slice(5, 10) + " " + iso.slice(11, 13) + "h";
  }

  function niceMax(value) {
    if (value <= 0) return 0.01;
    var steps = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1];
    for (var i = 0; i < steps.length; i++) if (value <= steps[i]) return steps[i];
    return 1;
  }

  function status(box, text, state) {
    box.dataset.state = state;
    var p = box.querySelector(".chart-status") || html("p", "", box, "chart-status muted");
    p.textContent = text;
  }

  function draw(box, body) {
    var series = body.series.slice().sort(function (a, b) { return b.total - a.total; });
    var shown = series.slice(0, MAX_LINES);
    var t0 = Date.parse(body.start), t1 = Date.parse(body.end), span = Math.max(1, t1 - t0);
    var top = 0;
    shown.forEach(function (s) { s.points.forEach(function (p) { if (p.rate !== null && p.rate > top) top = p.rate; }); });
    var ymax = niceMax(body.better === "higher" ? 1 : top * 1.1);
    var pw = W - M.left - M.right, ph = H - M.top - M.bottom;
    var x = function (ms) { return M.left + Math.max(0, Math.min(1, (ms - t0) / span)) * pw; };
    var y = function (r) { return M.top + (1 - Math.min(1, r / ymax)) * ph; };
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img",
      "aria-label": body.kpi + " over time", "class": "kpi" });
    svg("title", {}, root).textContent = body.kpi + " per " + body.bucket_seconds + " s bucket";
    for (var i = 0; i <= 4; i++) {
      var v = (ymax * i) / 4, yy = y(v);
      svg("line", { "class": "grid", x1: M.left, x2: W - M.right, y1: yy, y2: yy }, root);
      svg("text", { "class": "tick", x: M.left - 6, y: yy + 4, "text-anchor": "end" }, root).textContent = pct(v, ymax < 0.05 ? 2 : 1);
    }
    for (var j = 0; j <= 5; j++) {
      var ms = t0 + (span * j) / 5, xx = x(ms);
      svg("line", { "class": "axis", x1: xx, x2: xx, y1: H - M.bottom, y2: H - M.bottom + 4 }, root);
      svg("text", { "class": "tick", x: xx, y: H - 10, "text-anchor": "middle" }, root).textContent = stamp(ms, span);
    }
    svg("line", { "class": "axis", x1: M.left, x2: W - M.right, y1: H - M.bottom, y2: H - M.bottom }, root);
    var points = 0;
    shown.forEach(function (s, k) {
      var cls = "s" + (k % COLORS), d = [], g = svg("g", { "class": "series", "data-label": s.label }, root);
      s.points.forEach(function (p) {
        if (p.rate === null) return;
        var px = x(Date.parse(p.start)), py = y(p.rate);
        d.push((d.length ? "L" : "M") + px.toFixed(1) + " " + py.toFixed(1));
        var dot = svg("circle", { "class": "dot " + cls, cx: px.toFixed(1), cy: py.toFixed(1), r: 3.5 }, g);
        svg("title", {}, dot).textContent = s.label + ": " + pct(p.rate) + " (" + p.hits + "/" + p.total + ") at " + p.start.slice(0, 16).replace("T", " ") + " UTC";
        points += 1;
      });
      svg("path", { "class": "line " + cls, d: d.join(" ") }, g);
    });
    root.dataset.series = String(shown.length);
    root.dataset.points = String(points);
    box.textContent = "";
    box.appendChild(root);
    var legend = html("div", null, box, "legend");
    shown.forEach(function (s, k) {
      var item = html("span", null, legend);
      html("span", null, item, "sw s" + (k % COLORS));
      item.appendChild(document.createTextNode(s.label + " " + pct(s.rate)));
    });
    if (series.length > shown.length) html("span", "+" + (series.length - shown.length) + " more series in the table", legend, "muted");
    if (body.note) html("p", body.note, box, "muted");
    box.dataset.state = "ready";
    fillTable(series);
  }

  function fillTable(series) {
    var tbody = document.querySelector("#kpi-series tbody");
    if (!tbody) return;
    tbody.textContent = "";
    series.forEach(function (s) {
      var tr = html("tr", null, tbody), last = s.points[s.points.length - 1];
      html("td", s.label, tr);
      html("td", pct(s.rate), tr, "num");
      html("td", s.hits + " / " + s.total, tr, "num");
      html("td", last ? pct(last.rate) + " (" + last.total + ")" : "–", tr, "num");
    });
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) throw new Error(body && body.error ? body.error.message : "HTTP " + r.status);
          return body;
        });
      });
  }

  // a summary card counted from events (slow on large ranges): filled once the page is up
  function fillCard(b) {
    var note = b.nextElementSibling;
    getJson(b.dataset.kpiApi)
      .then(function (body) {
        var hits = 0, total = 0;
        body.series.forEach(function (s) { hits += s.hits; total += s.total; });
        b.textContent = total ? pct(hits / total) : "–";
        note.textContent = body.note ? "range too large" : total ? hits.toLocaleString("en") + " / " + total.toLocaleString("en") : "no data";
        b.classList.remove("pending");
      })
      .catch(function (err) { b.textContent = "–"; note.textContent = err.message; });
  }

  function load(box) {
    getJson(box.dataset.api)
      .then(function (body) {
        if (!body.series.length) {
          status(box, body.note || "No guard decisions in this range.", "empty");
          fillTable([]);
          return;
        }
        draw(box, body);
      })
      .catch(function (err) { status(box, "Could not load the chart: " + err.message, "error"); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".kpi-chart[data-api]"), load);
    Array.prototype.forEach.call(document.querySelectorAll("b.pending[data-kpi-api]"), fillCard);
  });
})();
