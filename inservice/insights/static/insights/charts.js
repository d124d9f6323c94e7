// Dashboard charts (decision 0035): each <canvas data-figure="ID"> is drawn with Chart.js from
// the figure's numbers in <script type="application/json" id="ID"> (Django's json_script), by
// the figure's chart kind. Drawn on load and again whenever htmx swaps figures in. Without
// JavaScript the data tables under each chart are the content; with it they fold away.
(() => {
  const palette = ["#1d4ed8", "#b45309", "#047857", "#7c3aed", "#be123c", "#0e7490", "#4d7c0f", "#a21caf", "#475569"];
  const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 2 });

  function formatted(value, unit) {
    if (value === null || value === undefined) return "—";
    if (unit === "percent") return `${numbers.format(value)}%`;
    if (unit === "minutes") return value >= 60 ? `${numbers.format(value / 60)} h` : `${numbers.format(value)} min`;
    return numbers.format(value);
  }

  function options(data) {
    const stacked = data.chart === "stacked";
    const horizontal = data.chart === "horizontal";
    const valueAxis = {
      stacked,
      beginAtZero: true,
      ticks: { callback: (value) => formatted(value, data.unit), precision: data.unit === "count" ? 0 : undefined },
    };
    if (data.unit === "percent" && !stacked) valueAxis.suggestedMax = 100;
    const categoryAxis = { stacked, ticks: { autoSkip: !horizontal } };
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: horizontal ? "y" : "x",
      scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      plugins: {
        legend: { display: data.series.length > 1, position: "bottom" },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label}: ${formatted(horizontal ? item.parsed.x : item.parsed.y, data.unit)}`,
          },
        },
      },
    };
  }

  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.figure);
    if (!source || typeof Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    const line = data.chart === "line";
    const datasets = data.series.map((series, i) => {
      const colour = palette[i % palette.length];
      return {
        label: series.label,
        data: series.values,
        borderColor: colour,
        backgroundColor: line ? colour : `${colour}cc`,
        pointRadius: data.labels.length > 60 ? 0 : 2,
        tension: 0.2,
        maxBarThickness: 48,
        spanGaps: false,
      };
    });
    const existing = Chart.getChart(canvas);
    if (existing) existing.destroy();
    new Chart(canvas, { type: line ? "line" : "bar", data: { labels: data.labels, datasets }, options: options(data) });
    // The chart says it now: its table folds into "Show the numbers".
    const numbersTable = canvas.closest("figure")?.querySelector("details.numbers:not([data-keep-open])");
    if (numbersTable) numbersTable.open = false;
  }

  function drawAll(root) {
    root.querySelectorAll("canvas[data-figure]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", () => drawAll(document));
  document.addEventListener("htmx:afterSettle", (event) => drawAll(event.detail.target));
  document.addEventListener("htmx:historyRestore", () => drawAll(document));
  // A printed dashboard keeps every table: open them all before printing.
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll("details.numbers").forEach((details) => { details.open = true; });
  });
})();
