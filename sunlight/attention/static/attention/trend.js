// The trend chart of the month's top topics: ECharts (vendored, no CDN) drawn from the page's JSON endpoint.
(function () {
  "use strict";
  var box = document.querySelector("[data-trend]");
  if (!box || typeof echarts === "undefined") return;
  fetch(box.getAttribute("data-trend"), { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var names = Object.keys(data.series);
      if (!names.length) { return; }
      var chart = echarts.init(box);
      chart.setOption({
        tooltip: { trigger: "axis" },
        legend: { data: names },
        grid: { left: 40, right: 16, bottom: 30, top: 40 },
        xAxis: { type: "category", data: data.months },
        yAxis: { type: "value", minInterval: 1 },
        series: names.map(function (n) { return { name: n, type: "line", data: data.series[n] }; })
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
})();
