// The report's bar chart of ratings by level. The figures come from the page (json_script);
// the table above shows the same numbers without JavaScript.
(function () {
  "use strict";
  var COLORS = ["#b91c1c", "#d97706"];

  function draw() {
    var source = document.getElementById("ratings-chart-data");
    var canvas = document.getElementById("ratings-chart");
    if (!source || !canvas || !window.Chart || canvas.dataset.drawn) return;
    var data = JSON.parse(source.textContent);
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set, i) {
          return { label: set.label, data: set.data, backgroundColor: COLORS[i % COLORS.length] };
        }),
      },
      options: {
        locale: data.locale,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
  document.addEventListener("htmx:afterSettle", draw);
})();

// The "over the years" charts: one per section, the years along the bottom, a bar per figure.
(function () {
  "use strict";
  var COLORS = ["#b91c1c", "#d97706", "#2563eb", "#059669", "#7c3aed", "#6b7280", "#db2777", "#0891b2"];

  function draw() {
    if (!window.Chart) return;
    document.querySelectorAll("canvas.years-chart").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.source);
      if (!source || canvas.dataset.drawn) return;
      var data = JSON.parse(source.textContent);
      canvas.dataset.drawn = "1";
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: data.datasets.map(function (set, i) {
            return { label: set.label, data: set.data, backgroundColor: COLORS[i % COLORS.length] };
          }),
        },
        options: {
          locale: data.locale,
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        },
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
  document.addEventListener("htmx:afterSettle", draw);
})();
