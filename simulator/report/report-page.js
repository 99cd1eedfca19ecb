/* global document, window, Chart */
// The HTML report's own script (inlined after Chart.js): reads the embedded chart data and draws the charts.
// Data arrives as JSON in the element #report-data (type application/json), never as code.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var COLOURS = {
    baseline: '#8a99a8',
    proposal: '#1f6fb4',
    better: '#2e7d32',
    worse: '#c62828',
    unsure: '#9e9e9e',
    same: '#9e9e9e',
    ci: '#222222',
  };
  var PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  var charts = [];

  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  // One horizontal or vertical bar chart on the canvas `id`, when the page has it and the report has its data.
  function barChart(id, block, build) {
    var el = document.getElementById(id);
    if (!el || !block) return;
    var config = build(block);
    charts.push(new Chart(el, { type: 'bar', data: config.data, options: config.options }));
  }

  function sideBySide(id, block, unitLabel) {
    barChart(id, block, function (b) {
      return {
        data: {
          labels: b.labels,
          datasets: [
            { label: 'baseline', data: b.baseline, backgroundColor: COLOURS.baseline },
            { label: 'proposal', data: b.proposal, backgroundColor: COLOURS.proposal },
          ],
        },
        options: { indexAxis: 'y', scales: { x: { title: { display: true, text: unitLabel } } } },
      };
    });
  }

  function deltaChart(id, block, unitLabel) {
    barChart(id, block, function (b) {
      var ci = b.low.map(function (low, i) {
        return low === null ? null : [low, b.high[i]];
      });
      var datasets = [
        {
          label: 'Δ proposal − baseline',
          data: b.delta,
          backgroundColor: b.verdict.map(function (v) {
            return COLOURS[v];
          }),
          grouped: false,
          barPercentage: 0.7,
          order: 1,
        },
      ];
      if (b.hasCi) datasets.push({ label: '95% CI across replicates', data: ci, backgroundColor: COLOURS.ci, grouped: false, barPercentage: 0.18, order: 0 });
      return { data: { labels: b.labels, datasets: datasets }, options: { indexAxis: 'y', scales: { x: { title: { display: true, text: unitLabel } } } } };
    });
  }

  function clockChart(id, block) {
    barChart(id, block, function (b) {
      return {
        data: {
          labels: b.labels,
          datasets: [
            { label: 'baseline: met', data: b.baselineMet, backgroundColor: '#81c784', stack: 'baseline' },
            { label: 'baseline: breached', data: b.baselineBreached, backgroundColor: '#e57373', stack: 'baseline' },
            { label: 'proposal: met', data: b.proposalMet, backgroundColor: '#2e7d32', stack: 'proposal' },
            { label: 'proposal: breached', data: b.proposalBreached, backgroundColor: '#c62828', stack: 'proposal' },
          ],
        },
        options: {
          indexAxis: 'y',
          scales: { x: { stacked: true, max: 100, title: { display: true, text: '% of decided clock runs' } }, y: { stacked: true } },
        },
      };
    });
  }

  function loadChart(id, block, side, yMax) {
    barChart(id, block, function (b) {
      return {
        data: {
          labels: b.months,
          datasets: b.series.map(function (s, i) {
            return { label: s.label, data: s[side], backgroundColor: PALETTE[i % PALETTE.length], stack: 'load' };
          }),
        },
        options: {
          scales: { x: { stacked: true }, y: { stacked: true, max: yMax, title: { display: true, text: 'escalation tasks per month' } } },
        },
      };
    });
  }

  sideBySide('chart-shares', data.bars.share, '%');
  sideBySide('chart-days', data.bars.days, 'days');
  deltaChart('chart-delta-shares', data.deltas.share, 'percentage points');
  deltaChart('chart-delta-days', data.deltas.days, 'days');
  clockChart('chart-clocks', data.clocks);
  if (data.load) {
    loadChart('chart-load-baseline', data.load, 'baseline', data.load.yMax);
    loadChart('chart-load-proposal', data.load, 'proposal', data.load.yMax);
  }
  // For the screenshot check: how many charts were drawn, and how many data points each holds.
  window.sopflowReport = {
    charts: charts.map(function (c) {
      return {
        id: c.canvas.id,
        points: c.data.datasets.reduce(function (n, d, i) {
          return n + c.getDatasetMeta(i).data.length;
        }, 0),
      };
    }),
  };
  document.body.setAttribute('data-charts-ready', String(charts.length));
})();
