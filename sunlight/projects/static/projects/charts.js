/* The charts of parallel approval, drawn with the vendored ECharts from the page's json_script blocks: the project's
   Gantt (stages and departments' cases, actual against limit, the critical path) and a city's distribution of
   total approval days with its reference lines. The table beside each chart holds the same figures (the accessible
   alternative); the chart's box is role="img" with an aria-label. No inline script or style (CSP): sizes are set
   through the style object, and tooltips are drawn on the canvas (renderMode "richText"), never as HTML. */
(function () {
  "use strict";
  var DAY = 86400000;
  var COLORS = { critical: "#9e1b14", done: "#0a4b8f", open: "#6b9bd1", due: "#1f1f1f" };
  var PALETTE = ["#0a4b8f", "#c0641a", "#1c6b2c", "#6a3d9a"];
  var LINES = ["#7a4a00", "#1c6b2c", "#a3150c"];

  function dataOf(el) {
    var source = document.getElementById(el.getAttribute("data-source") || "");
    if (!source) { return null; }
    try { return JSON.parse(source.textContent); } catch (e) { return null; }
  }

  function day(iso) {
    if (!iso) { return null; }
    var p = iso.split("-");
    return new Date(+p[0], +p[1] - 1, +p[2]).getTime();
  }

  function iso(ms) {
    var d = new Date(ms);
    var m = d.getMonth() + 1, n = d.getDate();
    return d.getFullYear() + "-" + (m < 10 ? "0" : "") + m + "-" + (n < 10 ? "0" : "") + n;
  }

  function fontSize() {
    return document.body.classList.contains("elder") ? 16 : 12;
  }

  function narrow(el) {
    return el.clientWidth < 560;
  }

  function gantt(el, data) {
    var words = data.words || {};
    var rows = (data.rows || []).filter(function (r) { return r.start; });
    if (!rows.length) { return null; }
    var size = fontSize();
    el.style.height = Math.max(220, rows.length * (size * 2.6) + 90) + "px";
    var chart = echarts.init(el, null, { renderer: "canvas" });
    var items = rows.map(function (r, i) {
      var start = day(r.start), end = day(r.end || r.start) + DAY;
      return { value: [i, start, end, r.due ? day(r.due) + DAY : null] };
    });
    function renderItem(params, api) {
      var row = rows[params.dataIndex];
      var y = api.value(0);
      var from = api.coord([api.value(1), y]);
      var to = api.coord([api.value(2), y]);
      var height = api.size([0, 1])[1] * (row.stage ? 0.62 : 0.42);
      var box = params.coordSys;
      var shape = echarts.graphic.clipRectByRect(
        { x: from[0], y: from[1] - height / 2, width: Math.max(3, to[0] - from[0]), height: height },
        { x: box.x, y: box.y, width: box.width, height: box.height }
      );
      var fill = row.critical ? COLORS.critical : (row.done ? COLORS.done : COLORS.open);
      var children = [];
      if (shape) { children.push({ type: "rect", shape: shape, style: { fill: fill } }); }
      if (row.due) {
        var due = api.coord([api.value(3), y]);
        if (due[0] >= box.x && due[0] <= box.x + box.width) {
          children.push({
            type: "line",
            shape: { x1: due[0], y1: due[1] - height / 2 - 4, x2: due[0], y2: due[1] + height / 2 + 4 },
            style: { stroke: COLORS.due, lineWidth: 2 }
          });
        }
      }
      return { type: "group", children: children };
    }
    var starts = items.map(function (d) { return d.value[1]; });
    var ends = items.map(function (d) { return Math.max(d.value[2], d.value[3] || 0); });
    chart.setOption({
      animation: false,
      textStyle: { fontSize: size },
      grid: { left: 8, right: 24, top: 36, bottom: 16, containLabel: true },
      tooltip: {
        renderMode: "richText",
        formatter: function (p) {
          var r = rows[p.dataIndex];
          var lines = [r.label.replace(/^\u3000+/, "") + (r.org ? "（" + r.org + "）" : ""),
            (words.start || "") + " " + r.start,
            (words.end || "") + " " + (r.done ? r.end : (words.open || ""))];
          if (r.due) { lines.push((words.due || "") + " " + r.due); }
          if (r.critical) { lines.push(words.critical || ""); }
          return lines.join("\n");
        }
      },
      xAxis: {
        type: "time",
        position: "top",
        min: Math.min.apply(null, starts) - DAY,
        max: Math.max.apply(null, ends) + DAY,
        axisLabel: { fontSize: size, hideOverlap: true, formatter: function (v) { return iso(v).slice(5); } },
        splitLine: { show: true, lineStyle: { color: "#e3e3e3" } }
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: rows.map(function (r) { return r.label; }),
        axisLabel: { fontSize: size, width: narrow(el) ? 96 : 220, overflow: "truncate" },
        axisTick: { show: false }
      },
      series: [{ type: "custom", renderItem: renderItem, encode: { x: [1, 2], y: 0 }, data: items }]
    });
    return chart;
  }

  function distribution(el, data) {
    var size = fontSize();
    el.style.height = (narrow(el) ? 420 : 380) + (size > 12 ? 60 : 0) + "px";
    var chart = echarts.init(el, null, { renderer: "canvas" });
    var bins = data.bins || [];
    var marks = (data.lines || []).map(function (line, i) {
      return {
        name: line.name,
        xAxis: bins[Math.min(line.bin, bins.length - 1)],
        lineStyle: { color: LINES[i % LINES.length], type: i === 2 ? "solid" : "dashed", width: 2 },
        label: { color: LINES[i % LINES.length] }
      };
    });
    var series = (data.series || []).map(function (s, i) {
      var one = { name: s.name, type: "bar", stack: "all", data: s.data, itemStyle: { color: PALETTE[i % PALETTE.length] } };
      if (i === 0 && marks.length) {
        one.markLine = {
          symbol: "none",
          silent: true,
          label: { formatter: "{b}", position: "insideEndTop", fontSize: size },
          data: marks
        };
      }
      return one;
    });
    chart.setOption({
      animation: false,
      textStyle: { fontSize: size },
      legend: { top: 0, type: "scroll", textStyle: { fontSize: size } },
      tooltip: { trigger: "axis", renderMode: "richText", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 16, top: narrow(el) ? 56 : 40, bottom: 36, containLabel: true },
      xAxis: {
        type: "category",
        data: bins,
        name: data.x_name || "",
        nameLocation: "middle",
        nameGap: narrow(el) ? 52 : 30,
        axisLabel: { fontSize: size, rotate: narrow(el) ? 60 : 0, hideOverlap: true }
      },
      yAxis: { type: "value", name: data.y_name || "", minInterval: 1, axisLabel: { fontSize: size } },
      series: series
    });
    return chart;
  }

  var DRAW = { gantt: gantt, distribution: distribution };

  function drawAll() {
    if (typeof echarts === "undefined") { return; }
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var draw = DRAW[el.getAttribute("data-chart")];
      var data = dataOf(el);
      if (!draw || !data) { return; }
      el.classList.add("chart-drawn"); // shown before it is drawn: ECharts measures the box
      var chart = draw(el, data);
      if (chart) {
        charts.push(chart);
      } else {
        el.classList.remove("chart-drawn");
      }
    });
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
