/* Draws the dashboard charts with the vendored ECharts, from the page's json_script data.

   Every chart mirrors the table printed under it (which is what a screen reader or a browser
   without this script gets). In Arabic (dir="rtl") the value axis runs right to left, the
   category axis sits on the right and time runs from right to left. Suppressed cells have no
   bar or point; their label and tooltip say "< 5", never 0. */
(function () {
  "use strict";

  function draw(spec, rtl, suppressedLabel) {
    var el = document.getElementById(spec.id);
    if (!el || typeof echarts === "undefined") {
      return;
    }
    el.classList.add("drawn");
    var chart = echarts.init(el, null, { renderer: "canvas" });
    var shown = function (index) {
      return spec.displays[index];
    };
    var tooltip = {
      trigger: "item",
      formatter: function (p) {
        return p.name + " : " + shown(p.dataIndex);
      }
    };
    var textStyle = { fontFamily: "inherit" };
    var option;
    if (spec.kind === "funnel") {
      option = {
        animation: false,
        textStyle: textStyle,
        tooltip: tooltip,
        series: [{
          type: "funnel",
          sort: "none",
          left: "10%",
          width: "80%",
          minSize: "8%",
          label: {
            show: true,
            position: "inside",
            formatter: function (p) { return p.name + " : " + shown(p.dataIndex); }
          },
          data: spec.labels.map(function (name, i) {
            return { name: name, value: spec.suppressed[i] ? 0 : (spec.values[i] || 0) };
          })
        }]
      };
    } else if (spec.kind === "line") {
      option = {
        animation: false,
        textStyle: textStyle,
        tooltip: { trigger: "axis", formatter: function (ps) {
          var p = ps[0];
          return p.name + " : " + shown(p.dataIndex);
        } },
        grid: { left: 48, right: 48, top: 16, bottom: 56 },
        xAxis: { type: "category", data: spec.labels, inverse: rtl, axisLabel: { rotate: 45 } },
        yAxis: { type: "value", position: rtl ? "right" : "left", minInterval: 1 },
        series: [{
          type: "line",
          name: spec.title,
          data: spec.values,
          connectNulls: false,
          showSymbol: true
        }]
      };
    } else {
      option = {
        animation: false,
        textStyle: textStyle,
        tooltip: tooltip,
        grid: { left: rtl ? 48 : 8, right: rtl ? 8 : 48, top: 8, bottom: 24, containLabel: true },
        xAxis: { type: "value", inverse: rtl, minInterval: spec.ratio ? 0 : 1 },
        yAxis: {
          type: "category",
          data: spec.labels,
          inverse: true,
          position: rtl ? "right" : "left",
          axisLabel: { width: 140, overflow: "truncate" }
        },
        series: [{
          type: "bar",
          name: spec.title,
          data: spec.values,
          label: {
            show: true,
            position: rtl ? "left" : "right",
            formatter: function (p) { return shown(p.dataIndex); }
          }
        }]
      };
    }
    chart.setOption(option);
    return chart;
  }

  function start() {
    var source = document.getElementById("dashboard-data");
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var rtl = document.documentElement.getAttribute("dir") === "rtl";
    var charts = data.charts.map(function (spec) {
      return draw(spec, rtl, data.suppressed_label);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) {
        if (chart) {
          chart.resize();
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
