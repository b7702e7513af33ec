// The assistance figures page's charts: filed households by township and category, and the money
// granted against the budget per programme. Data comes from the page's
// <script type="application/json" id="assistance-figures-data"> (json_script): no inline scripts
// under the Content-Security-Policy.
(function () {
  "use strict";

  var COLOURS = { deep: "#dc3545", relative: "#fd7e14", sudden: "#0dcaf0", none: "#adb5bd" };

  function yuan(value) {
    return "¥" + Number(value || 0).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  function draw() {
    var source = document.getElementById("assistance-figures-data");
    if (!source || typeof window.echarts === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var labels = data.labels;
    var charts = [];

    var townshipNode = document.getElementById("assistance-townships");
    if (townshipNode) {
      var townships = echarts.init(townshipNode);
      var series = data.townships.series;
      townships.setOption({
        grid: { left: 40, right: 16, top: 30, bottom: 60 },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { top: 0, data: series.map(function (s) { return s.name; }) },
        xAxis: { type: "category", data: data.townships.labels, axisLabel: { interval: 0, rotate: 30 } },
        yAxis: { type: "value", minInterval: 1 },
        series: series.map(function (s) {
          return { name: s.name, type: "bar", stack: "files", data: s.data, itemStyle: { color: COLOURS[s.key] } };
        })
      });
      // A bar segment opens the list of that township's filed households of that category.
      townships.on("click", function (params) {
        var url = series[params.seriesIndex] && series[params.seriesIndex].urls[params.dataIndex];
        if (url) {
          window.location.href = url;
        }
      });
      charts.push(townships);
    }

    var programmeNode = document.getElementById("assistance-programmes");
    if (programmeNode) {
      var programmes = echarts.init(programmeNode);
      programmes.setOption({
        grid: { left: 8, right: 24, top: 30, bottom: 10, containLabel: true },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: yuan },
        legend: { top: 0, data: [labels.budget, labels.granted, labels.paid] },
        xAxis: { type: "value", axisLabel: { formatter: function (v) { return Number(v).toLocaleString("en-US"); } } },
        yAxis: { type: "category", inverse: true, data: data.programmes.labels, axisLabel: { width: 120, overflow: "truncate" } },
        series: [
          { name: labels.budget, type: "bar", data: data.programmes.budget, itemStyle: { color: "#ced4da" } },
          { name: labels.granted, type: "bar", data: data.programmes.granted, itemStyle: { color: "#198754" } },
          { name: labels.paid, type: "bar", data: data.programmes.paid, itemStyle: { color: "#0d6efd" } }
        ]
      });
      charts.push(programmes);
    }

    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
