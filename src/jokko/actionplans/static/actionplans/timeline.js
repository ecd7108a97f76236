// Places the timeline's bars, month labels, grid lines and today marker.
// Positions come from the server as data-start / data-size (percent of the track). They are
// applied through the CSSOM, which the Content-Security-Policy allows (style="" attributes are
// refused), and as logical properties, so the chart mirrors itself in Arabic (right to left).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("#plan-timeline [data-start]").forEach(function (el) {
    el.style.insetInlineStart = parseFloat(el.dataset.start) + "%";
    if (el.dataset.size !== undefined) {
      el.style.inlineSize = parseFloat(el.dataset.size) + "%";
    }
  });
});
