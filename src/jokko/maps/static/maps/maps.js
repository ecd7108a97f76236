/* Map page of the maps app: hotspots, routes, regions and emerging hotspots on ECharts.
 *
 * Everything comes from this node: the figures from the json_script block "maps-data", the
 * country boundaries and region lines from the vendored Natural Earth files (same origin), so
 * the page works offline and under a strict Content-Security-Policy (no inline code, no eval).
 */
(function () {
  "use strict";

  var LAYER_COLOURS = { identifications: "#c0392b", incidents: "#7d3c98", interceptions: "#1f618d" };

  function sized(value, largest) {
    if (!value || !largest) { return 0; }
    return 8 + 30 * Math.sqrt(value / largest);
  }

  function pointSeries(data, layer) {
    var largest = 0;
    data.points.forEach(function (p) { if (p[layer]) { largest = Math.max(largest, p[layer]); } });
    return {
      name: data.labels[layer],
      type: "scatter",
      coordinateSystem: "geo",
      itemStyle: { color: LAYER_COLOURS[layer], opacity: 0.75, borderColor: "#fff", borderWidth: 1 },
      symbolSize: function (value) { return sized(value[2], largest); },
      data: data.points
        .filter(function (p) { return p[layer]; })
        .map(function (p) { return { name: p.name, value: [p.lon, p.lat, p[layer]], code: p.place_code }; }),
      tooltip: { formatter: function (item) { return item.name + "<br>" + data.labels[layer] + ": " + item.value[2]; } },
      zlevel: 2
    };
  }

  function routeSeries(data) {
    var largest = 0;
    var routes = data.flows.filter(function (f) {
      return f.value && f.origin_lon !== null && f.destination_lon !== null;
    });
    routes.forEach(function (f) { largest = Math.max(largest, f.value); });
    return {
      name: data.labels.routes,
      type: "lines",
      coordinateSystem: "geo",
      polyline: true,
      symbol: ["none", "arrow"],
      symbolSize: 9,
      lineStyle: { color: "#d35400", opacity: 0.7, curveness: 0 },
      data: routes.map(function (f) {
        var coords = [[f.origin_lon, f.origin_lat]];
        if (f.transit_lon !== null && f.transit_lon !== undefined) { coords.push([f.transit_lon, f.transit_lat]); }
        coords.push([f.destination_lon, f.destination_lat]);
        var names = [f.origin_name, f.transit_name, f.destination_name].filter(Boolean);
        return {
          name: names.join(" → "),
          value: f.value,
          coords: coords,
          lineStyle: { width: 1.5 + 6 * Math.sqrt(f.value / largest) }
        };
      }),
      tooltip: { formatter: function (item) { return item.name + ": " + item.value + " " + data.labels.survivors; } },
      zlevel: 1
    };
  }

  function regionLineSeries(data, lines) {
    var coords = [];
    (lines.features || []).forEach(function (feature) {
      var geometry = feature.geometry || {};
      if (geometry.type === "MultiLineString") {
        geometry.coordinates.forEach(function (run) { coords.push({ coords: run }); });
      } else if (geometry.type === "LineString") {
        coords.push({ coords: geometry.coordinates });
      }
    });
    return {
      name: data.labels.regionLines,
      type: "lines",
      coordinateSystem: "geo",
      polyline: true,
      silent: true,
      large: true,
      lineStyle: { color: "#9a9a9a", width: 0.6, type: "dashed", opacity: 0.8 },
      data: coords,
      zlevel: 0
    };
  }

  function regionSeries(data) {
    return {
      name: data.labels.regions,
      type: "scatter",
      coordinateSystem: "geo",
      symbol: "roundRect",
      symbolSize: 16,
      data: data.regions
        .filter(function (r) { return r.value !== null && r.lon !== null; })
        .map(function (r) { return { name: r.name, value: [r.lon, r.lat, r.value], code: r.region_code }; }),
      tooltip: { formatter: function (item) { return item.name + "<br>" + data.labels.regions + ": " + item.value[2]; } },
      zlevel: 1
    };
  }

  function emergingSeries(data) {
    return {
      name: data.labels.emerging,
      type: "effectScatter",
      coordinateSystem: "geo",
      symbolSize: 14,
      rippleEffect: { brushType: "stroke", scale: 3 },
      itemStyle: { color: "#f39c12" },
      data: data.emerging.places.map(function (p) {
        return { name: p.name, value: [p.lon, p.lat, p.recent], layer: p.layer_label };
      }),
      tooltip: {
        formatter: function (item) {
          return item.name + "<br>" + item.data.layer + ": " + (item.value[2] === null ? data.labels.hidden : item.value[2]);
        }
      },
      zlevel: 3
    };
  }

  function drawMap(element, data, boundaries, lines) {
    window.echarts.registerMap("jokko", boundaries);
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    var series = [
      regionLineSeries(data, lines),
      regionSeries(data),
      routeSeries(data),
      pointSeries(data, "identifications"),
      pointSeries(data, "incidents"),
      pointSeries(data, "interceptions"),
      emergingSeries(data)
    ];
    var regionValues = data.regions.map(function (r) { return r.value || 0; });
    var side = data.rtl ? { right: 10 } : { left: 10 };
    chart.setOption({
      animation: false,
      tooltip: { trigger: "item" },
      legend: Object.assign({
        top: 10,
        orient: "vertical",
        align: data.rtl ? "right" : "left",
        backgroundColor: "rgba(255,255,255,0.85)",
        data: series.map(function (s) { return s.name; }),
        selected: (function () { var chosen = {}; chosen[data.labels.regionLines] = true; return chosen; })()
      }, side),
      visualMap: Object.assign({
        type: "continuous",
        seriesIndex: 1,
        min: 0,
        max: Math.max.apply(null, regionValues.concat([1])),
        dimension: 2,
        calculable: false,
        bottom: 10,
        text: [data.labels.regions, ""],
        inRange: { color: ["#fde0c5", "#e67e22", "#7e2d00"] }
      }, side),
      geo: {
        map: "jokko",
        roam: true,
        boundingCoords: [[-26, 38], [26, 3]],
        itemStyle: { areaColor: "#f7f4ec", borderColor: "#7f8c8d", borderWidth: 0.7 },
        emphasis: { disabled: true },
        silent: true
      },
      series: series
    });
    return chart;
  }

  function drawSankey(element, data) {
    var nodes = {};
    var links = {};
    function node(stage, code, name) {
      var id = stage + ":" + code;
      if (!nodes[id]) { nodes[id] = { name: id, display: name || code }; }
      return id;
    }
    data.flows.forEach(function (f) {
      if (!f.value) { return; }
      var stops = [node("o", f.origin, f.origin_name)];
      if (f.transit) { stops.push(node("t", f.transit, f.transit_name)); }
      stops.push(node("d", f.destination, f.destination_name));
      for (var i = 0; i + 1 < stops.length; i += 1) {
        var key = stops[i] + ">" + stops[i + 1];
        if (!links[key]) {
          // Right to left (Arabic): the diagram is mirrored by drawing each link from its
          // destination, so origins stand on the right where reading starts.
          links[key] = {
            source: data.rtl ? stops[i + 1] : stops[i],
            target: data.rtl ? stops[i] : stops[i + 1],
            value: 0,
            label: nodes[stops[i]].display + " → " + nodes[stops[i + 1]].display
          };
        }
        links[key].value += f.value;
      }
    });
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "item" },
      series: [{
        type: "sankey",
        left: "12%",
        right: "12%",
        nodeAlign: "justify",
        emphasis: { focus: "adjacency" },
        lineStyle: { color: "gradient", opacity: 0.45 },
        label: {
          position: data.rtl ? "left" : "right",
          formatter: function (item) { return item.data.display; }
        },
        tooltip: {
          formatter: function (item) {
            var shown = item.dataType === "edge" ? item.data.label : item.data.display;
            return shown + ": " + item.value + " " + data.labels.survivors;
          }
        },
        data: Object.keys(nodes).map(function (id) { return nodes[id]; }),
        links: Object.keys(links).map(function (key) { return links[key]; })
      }]
    });
    return chart;
  }

  function fail(element, message) {
    element.setAttribute("data-failed", "1");
    element.textContent = message;
  }

  function start() {
    var source = document.getElementById("maps-data");
    var mapElement = document.getElementById("hotspot-map");
    var sankeyElement = document.getElementById("route-sankey");
    if (!source || !mapElement || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var charts = [];
    if (sankeyElement) {
      charts.push(drawSankey(sankeyElement, data));
      sankeyElement.setAttribute("data-ready", "1");
    }
    Promise.all([
      fetch(data.boundaries, { credentials: "same-origin" }).then(function (r) { return r.json(); }),
      fetch(data.regionLines, { credentials: "same-origin" }).then(function (r) { return r.json(); })
    ]).then(function (loaded) {
      charts.push(drawMap(mapElement, data, loaded[0], loaded[1]));
      mapElement.setAttribute("data-ready", "1");
    }).catch(function () {
      fail(mapElement, mapElement.getAttribute("aria-label"));
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
