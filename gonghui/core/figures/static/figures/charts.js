// The one chart script: draws every <div class="gh-chart" data-chart="ID"> from the JSON in
// <script type="application/json" id="ID"> (written by core/figures/charts.py through {% chart %}).
// No inline scripts under the Content-Security-Policy; ECharts is served by the application.
(function () {
  "use strict";

  var PALETTE = ["#0d6efd", "#198754", "#fd7e14", "#20c997", "#dc3545", "#6f42c1", "#0dcaf0", "#adb5bd"];

  function formatter(unit) {
    if (unit === "percent") {
      return function (v) { return v === null || v === undefined ? "—" : Number(v).toFixed(1) + " %"; };
    }
    if (unit === "yuan") {
      return function (v) {
        return "¥" + Number(v || 0).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      };
    }
    return function (v) { return v === null || v === undefined ? "—" : Number(v).toLocaleString("en-US"); };
  }

  function valueAxis(axis, index) {
    var option = { type: "value", minInterval: axis.unit === "count" ? 1 : 0 };
    if (axis.max !== null) {
      option.max = axis.max;
    }
    if (axis.unit === "percent") {
      option.axisLabel = { formatter: "{value}%" };
    } else {
      option.axisLabel = { formatter: function (v) { return Number(v).toLocaleString("en-US"); } };
    }
    if (index > 0) {
      option.splitLine = { show: false };
    }
    return option;
  }

  function option(spec) {
    var categoryAxis = { type: "category", data: spec.categories };
    if (spec.horizontal) {
      categoryAxis.inverse = true;
      categoryAxis.axisLabel = { width: 120, overflow: "truncate" };
    } else {
      categoryAxis.axisLabel = { interval: 0, rotate: spec.categories.length > 6 ? 30 : 0 };
    }
    var valueAxes = spec.axes.map(valueAxis);
    var series = spec.series.map(function (s, i) {
      var line = {
        name: s.name,
        type: s.type,
        itemStyle: { color: s.color || PALETTE[i % PALETTE.length] },
        tooltip: { valueFormatter: formatter(spec.axes[s.axis].unit) },
        data: s.colors ? s.data.map(function (v, j) { return { value: v, itemStyle: { color: s.colors[j] } }; }) : s.data
      };
      if (s.stack) {
        line.stack = s.stack;
      }
      if (spec.horizontal) {
        line.xAxisIndex = s.axis;
      } else {
        line.yAxisIndex = s.axis;
      }
      if (i === spec.target_series && spec.target !== null) {
        var mark = spec.horizontal ? { xAxis: spec.target } : { yAxis: spec.target };
        line.markLine = {
          symbol: "none",
          lineStyle: { color: "#dc3545", type: "dashed" },
          label: { formatter: spec.target_label + " {c}" + (spec.axes[s.axis].unit === "percent" ? "%" : "") },
          data: [mark]
        };
      }
      return line;
    });
    return {
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0, data: spec.series.map(function (s) { return s.name; }) },
      xAxis: spec.horizontal ? valueAxes : categoryAxis,
      yAxis: spec.horizontal ? categoryAxis : valueAxes,
      series: series
    };
  }

  function draw() {
    if (typeof window.echarts === "undefined") {
      return;
    }
    var charts = [];
    document.querySelectorAll(".gh-chart[data-chart]").forEach(function (node) {
      var source = document.getElementById(node.dataset.chart);
      if (!source) {
        return;
      }
      var spec = JSON.parse(source.textContent);
      var chart = window.echarts.init(node);
      chart.setOption(option(spec));
      // A bar or point opens the list of the rows behind it.
      chart.on("click", function (params) {
        var s = spec.series[params.seriesIndex];
        var url = s && s.urls && s.urls[params.dataIndex];
        if (url) {
          window.location.href = url;
        }
      });
      charts.push(chart);
    });
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
