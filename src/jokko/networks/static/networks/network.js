/* Draws the networks pages' charts from their json_script blocks (no inline code: CSP).
 * The graph: an ECharts `graph` series with a force layout, one category (and colour) per
 * entity type, a legend, labels. In Arabic the page is right-to-left: the legend moves to the
 * right and the bar chart's axis is inverted, so reading order matches the text around it.
 * When done each container gets data-rendered="true" (and data-nodes) for the browser tests. */
"use strict";
(function () {
  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  var rtl = document.documentElement.dir === "rtl";

  function drawGraph() {
    var data = readJSON("network-data");
    var box = document.getElementById("network-chart");
    if (!data || !box || typeof echarts === "undefined") { return; }
    var chart = echarts.init(box);
    chart.setOption({
      animation: false,
      tooltip: {
        formatter: function (p) {
          return p.dataType === "edge" ? echarts.format.encodeHTML(p.data.label || "")
            : echarts.format.encodeHTML(p.data.name);
        }
      },
      legend: [{
        data: data.categories.map(function (c) { return c.name; }),
        orient: "vertical", top: 10,
        left: rtl ? null : 10, right: rtl ? 10 : null, align: rtl ? "right" : "left"
      }],
      series: [{
        type: "graph",
        layout: "force",
        roam: true,
        draggable: true,
        categories: data.categories,
        data: data.nodes,
        links: data.links,
        label: {
          show: true, position: rtl ? "left" : "right", fontSize: 11,
          // Phone numbers and plates are left-to-right runs: in Arabic, a left-to-right mark
          // keeps "+221..." from being drawn as "221...+".
          formatter: function (p) {
            return rtl && /^[+0-9A-Z]/.test(p.name) ? "\u200E" + p.name + "\u200E" : p.name;
          }
        },
        labelLayout: { hideOverlap: true },
        force: { repulsion: 180, edgeLength: [40, 120], gravity: 0.08 },
        lineStyle: { color: "source", opacity: 0.7, curveness: 0.05 },
        emphasis: { focus: "adjacency" }
      }]
    });
    box.dataset.nodes = String(data.nodes.length);
    box.dataset.links = String(data.links.length);
    box.dataset.rendered = "true";
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function drawActors() {
    var data = readJSON("actors-data");
    var box = document.getElementById("actors-chart");
    if (!data || !box || typeof echarts === "undefined") { return; }
    var actors = data.actors.slice().reverse();
    var chart = echarts.init(box);
    chart.setOption({
      animation: false,
      title: { text: data.title, left: rtl ? "right" : "left", textStyle: { fontSize: 13 } },
      tooltip: { trigger: "axis" },
      grid: { containLabel: true, left: 10, right: 10, top: 35, bottom: 10 },
      xAxis: { type: "value", inverse: rtl },
      yAxis: { type: "category", position: rtl ? "right" : "left",
               data: actors.map(function (a) { return a.name; }) },
      series: [{ type: "bar", data: actors.map(function (a) { return a.betweenness; }) }]
    });
    box.dataset.nodes = String(actors.length);
    box.dataset.rendered = "true";
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawGraph();
    drawActors();
  });
})();
