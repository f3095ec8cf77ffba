/* The supervisor's dashboard charts, drawn with the vendored ECharts from the page's json_script block: lights by
   org (stacked bars), the 30-day trend (lines), the region tree (treemap, darker = more red lights). The tables
   beside them hold the same figures. The light counts refresh every 60 s. No inline script or style (CSP). */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || !window.echarts) { return; }
  var d;
  try { d = JSON.parse(source.textContent); } catch (e) { return; }
  var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var COLORS = { green: "#1c6b2c", yellow: "#b8860b", red: "#a3150c" };

  function chart(name, height, option) {
    var el = document.querySelector('[data-chart="' + name + '"]');
    if (!el) { return; }
    el.style.width = "100%";
    el.style.height = height + "px";
    var c = window.echarts.init(el, null, { renderer: "canvas" });
    option.animation = !reduce;
    option.tooltip = option.tooltip || { renderMode: "richText" };
    c.setOption(option);
    window.addEventListener("resize", function () { c.resize(); });
  }

  var orgs = d.by_org.map(function (r) { return r.org__name; }).reverse();
  chart("by-org", Math.max(160, 32 * orgs.length + 60), {
    grid: { left: 160, right: 20, top: 30, bottom: 20 },
    legend: { top: 0 },
    xAxis: { type: "value" },
    yAxis: { type: "category", data: orgs },
    series: ["green", "yellow", "red"].map(function (k) {
      return {
        name: d.labels[k], type: "bar", stack: "lights", itemStyle: { color: COLORS[k] },
        data: d.by_org.map(function (r) { return r[k]; }).reverse()
      };
    })
  });
  chart("trend", 260, {
    grid: { left: 40, right: 20, top: 30, bottom: 30 },
    legend: { top: 0 },
    xAxis: { type: "category", data: d.trend.dates.map(function (s) { return s.slice(5); }) },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: d.trend.labels.red, type: "line", data: d.trend.red, itemStyle: { color: COLORS.red } },
      { name: d.trend.labels.cards, type: "line", data: d.trend.cards, itemStyle: { color: COLORS.yellow } }
    ]
  });
  var maxRed = d.tree.reduce(function (m, t) { return Math.max(m, t.red); }, 0) || 1;
  chart("tree", 280, {
    series: [{
      type: "treemap", roam: false, nodeClick: false, breadcrumb: { show: false },
      data: d.tree.map(function (t) {
        var share = t.red / maxRed;
        return {
          name: t.name + "\n" + t.value + " / " + t.red, value: t.value,
          itemStyle: { color: share > 0.66 ? "#7f1d1d" : share > 0.33 ? "#b45309" : share > 0 ? "#a16207" : "#1c6b2c" }
        };
      })
    }]
  });

  var lights = document.getElementById("lights");
  var url = lights && lights.getAttribute("data-source");
  if (url) {
    setInterval(function () {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (x) {
          if (!x) { return; }
          ["green", "yellow", "red"].forEach(function (k) {
            var el = document.getElementById("n-" + k);
            if (el) { el.textContent = String(x.lights[k]); }
          });
        })
        .catch(function () {});
    }, 60000);
  }
})();
