// Draws the charts a page describes in <script type="application/json" id="chart-specs">: a list of
// {"id", "data", "layout"} for plotly.js (served by the app itself, no CDN). Each drawn chart's element
// gets data-rendered="true", so a browser test can wait for it.
(function () {
  "use strict";
  var source = document.getElementById("chart-specs");
  if (!source || typeof Plotly === "undefined") { return; }
  var specs = JSON.parse(source.textContent);
  specs.forEach(function (spec) {
    var target = document.getElementById(spec.id);
    if (!target) { return; }
    Plotly.newPlot(target, spec.data, spec.layout, { displaylogo: false, responsive: true })
      .then(function () { target.setAttribute("data-rendered", "true"); });
  });
})();
