/* Draws every <canvas data-chart="ID"> from the JSON block with that id (includes/chart.html).
   No inline script: the page carries data, this file carries behaviour. The table beside each
   chart holds the same figures for screen readers and print. */
(function () {
    "use strict";
    var palette = ["#1f5fa8", "#c26d16", "#2e8b57", "#8a3ea8", "#b23b3b", "#4d6b7a"];

    function draw(canvas) {
        var block = document.getElementById(canvas.getAttribute("data-chart"));
        if (!block || typeof window.Chart === "undefined") {
            return;
        }
        var spec = JSON.parse(block.textContent);
        var locale = document.documentElement.lang || "ru";
        var format = new Intl.NumberFormat(locale);
        var chart = new window.Chart(canvas, {
            type: spec.kind,
            data: {
                labels: spec.labels,
                datasets: spec.series.map(function (s, i) {
                    var colour = palette[i % palette.length];
                    return {label: s.label, data: s.values, backgroundColor: colour, borderColor: colour};
                })
            },
            options: {
                animation: false,
                responsive: true,
                maintainAspectRatio: false,
                plugins: {legend: {display: spec.series.length > 1}},
                scales: {y: {beginAtZero: true, ticks: {callback: function (v) { return format.format(v); }}}}
            }
        });
        // Marks the canvas drawn, for the browser tests (the policy forbids them evaluating code).
        canvas.setAttribute("data-drawn", String(chart.data.datasets.length));
    }

    function drawAll() {
        document.querySelectorAll("canvas[data-chart]").forEach(draw);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", drawAll);
    } else {
        drawAll();
    }
})();
