/* Draws every Plotly figure embedded with json_script, on load and after htmx swaps.
 *
 * Markup: <div id="X" class="plotly-chart" data-figure="X-data"></div> and
 * {{ figure|json_script:"X-data" }}. The figure is a plain {data, layout, config} dict
 * built on the server (indicators/charts.py). plotly.js (from the plotly wheel, through
 * the static files) is fetched only when a page holds such a chart, so pages with
 * server-drawn SVG charts load no plotly at all. Inside the chart's div the server's SVG
 * drawing of the same figure shows until Plotly replaces it, and stays without JavaScript;
 * the caption, summary and data table next to every chart carry the same information.
 */
(function () {
  "use strict";

  var loading = null;

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = document.body.dataset.plotlySrc;
      script.onload = function () { resolve(window.Plotly); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return loading;
  }

  function drawOne(Plotly, target) {
    var source = document.getElementById(target.dataset.figure);
    if (!source || target.dataset.drawn) return;
    target.dataset.drawn = "pending";
    var figure = JSON.parse(source.textContent);
    // The server's drawing stood in until now.
    target.replaceChildren();
    Plotly.newPlot(target, figure.data, figure.layout, figure.config).then(function () {
      // The caption and summary describe the chart; its SVG internals add only noise.
      Array.prototype.forEach.call(target.querySelectorAll("svg"), function (svg) {
        svg.setAttribute("aria-hidden", "true");
        svg.setAttribute("focusable", "false");
      });
      target.dataset.drawn = "true";
    });
  }

  function draw(root) {
    if (!root || !root.querySelectorAll) return;
    var charts = root.querySelectorAll(".plotly-chart[data-figure]");
    if (root.matches && root.matches(".plotly-chart[data-figure]")) charts = [root];
    if (!charts.length) return;
    loadPlotly().then(function (Plotly) {
      Array.prototype.forEach.call(charts, function (target) { drawOne(Plotly, target); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
  document.addEventListener("htmx:load", function (event) { draw(event.detail.elt); });

  // A print button ([data-print], hidden until this runs): the browser's print dialog,
  // which also saves a PDF. Without JavaScript the browser's own menu does the same.
  function showPrintButtons() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.hidden = false;
    });
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showPrintButtons);
  } else {
    showPrintButtons();
  }
})();
