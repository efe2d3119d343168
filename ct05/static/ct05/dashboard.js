// The home page's charts of the year so far. Chart.js is served from CT05's own static files
// (npm, not a CDN): the charts draw without a network. The figures come from the page
// (json_script) and are listed in words above them.
(function () {
  "use strict";
  var COLORS = ["#b91c1c", "#d97706", "#2563eb", "#16a34a", "#6b7280"];

  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || !window.Chart) return;
    var data = JSON.parse(source.textContent);
    data.charts.forEach(function (chart) {
      var canvas = document.getElementById(chart.id);
      if (!canvas || canvas.dataset.drawn) return;
      canvas.dataset.drawn = "1";
      var options = {
        locale: data.locale,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: chart.type === "doughnut" } },
      };
      if (chart.type === "bar") {
        options.scales = { y: { beginAtZero: true, ticks: { precision: 0 } } };
        if (chart.max) options.scales.y.max = chart.max;
      }
      new window.Chart(canvas, {
        type: chart.type,
        data: {
          labels: chart.labels,
          datasets: [{ label: chart.title, data: chart.data, backgroundColor: COLORS }],
        },
        options: options,
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
