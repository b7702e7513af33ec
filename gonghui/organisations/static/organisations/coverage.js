// The coverage page's charts: founding rate by township against the target, and founding by year.
// Data comes from the page's <script type="application/json" id="coverage-data"> (json_script):
// no inline scripts under the Content-Security-Policy.
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("coverage-data");
    if (!source || typeof window.echarts === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var labels = data.labels;
    var charts = [];

    var townshipNode = document.getElementById("coverage-townships");
    if (townshipNode) {
      var townships = echarts.init(townshipNode);
      townships.setOption({
        grid: { left: 40, right: 64, top: 30, bottom: 60 },
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v.toFixed(1) + " %"; } },
        legend: { top: 0, data: [labels.rate, labels.membership] },
        xAxis: { type: "category", data: data.townships.labels, axisLabel: { interval: 0, rotate: 30 } },
        yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
        series: [
          {
            name: labels.rate,
            type: "bar",
            itemStyle: { color: "#fd7e14" },
            data: data.townships.rates.map(function (v) {
              return { value: v, itemStyle: { color: v !== null && v >= data.target ? "#198754" : "#fd7e14" } };
            }),
            markLine: {
              symbol: "none",
              lineStyle: { color: "#dc3545", type: "dashed" },
              label: { formatter: labels.target + " {c}%" },
              data: [{ yAxis: data.target }]
            }
          },
          { name: labels.membership, type: "line", data: data.townships.membership, itemStyle: { color: "#0d6efd" } }
        ]
      });
      // A bar opens the list of that township's employers without a union.
      townships.on("click", function (params) {
        var url = data.townships.urls[params.dataIndex];
        if (url) {
          window.location.href = url;
        }
      });
      charts.push(townships);
    }

    var yearNode = document.getElementById("coverage-years");
    if (yearNode) {
      var years = echarts.init(yearNode);
      years.setOption({
        grid: { left: 44, right: 64, top: 36, bottom: 30 },
        tooltip: { trigger: "axis" },
        legend: { top: 0, data: [labels.own, labels.joint, labels.rate] },
        xAxis: { type: "category", data: data.years.labels },
        yAxis: [
          { type: "value" },
          { type: "value", max: 100, axisLabel: { formatter: "{value}%" }, splitLine: { show: false } }
        ],
        series: [
          { name: labels.own, type: "bar", stack: "founded", data: data.years.own, itemStyle: { color: "#198754" } },
          { name: labels.joint, type: "bar", stack: "founded", data: data.years.joint, itemStyle: { color: "#20c997" } },
          {
            name: labels.rate,
            type: "line",
            yAxisIndex: 1,
            data: data.years.rates,
            itemStyle: { color: "#0d6efd" },
            markLine: {
              symbol: "none",
              lineStyle: { color: "#dc3545", type: "dashed" },
              label: { formatter: labels.target + " {c}%" },
              data: [{ yAxis: data.target }]
            }
          }
        ]
      });
      charts.push(years);
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
