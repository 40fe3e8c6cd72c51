// Draws the dashboard page's charts from <script type="application/json" id="dashboard-data">.
// Each chart: {id, kind: "bar" | "line", x: [...], series: [{name, data, stack}], unit, link}.
// A click on a point of a chart with a link opens link + the point's x value (a month).
// For tests: <body data-charts-expected data-charts-rendered> count the charts drawn.
(function () {
  'use strict';
  var node = document.getElementById('dashboard-data');
  var data = node ? JSON.parse(node.textContent) : { charts: [] };
  var charts = data.charts || [];
  document.body.setAttribute('data-charts-expected', String(charts.length));
  var rendered = 0;
  charts.forEach(function (spec) {
    var element = document.getElementById(spec.id);
    if (!element) {
      return;
    }
    var chart = echarts.init(element, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: spec.x },
      yAxis: { type: 'value', name: spec.unit || '' },
      series: spec.series.map(function (s) {
        return {
          name: s.name,
          type: spec.kind,
          stack: s.stack || undefined,
          data: s.data,
          cursor: spec.link ? 'pointer' : 'default'
        };
      })
    });
    if (spec.link) {
      chart.on('click', function (event) {
        window.location.href = spec.link + encodeURIComponent(event.name);
      });
    }
    element.setAttribute('data-points', String(spec.x.length));
    rendered++;
  });
  document.body.setAttribute('data-charts-rendered', String(rendered));
  var status = document.getElementById('scan-status');
  if (status && window.EventSource) {
    var events = new EventSource('/api/v1/events');
    var show = function (event) {
      var scan = JSON.parse(event.data);
      status.textContent = 'scan ' + scan.id + ': ' + scan.state.toLowerCase() + ' ' + scan.message;
    };
    events.addEventListener('scan-started', show);
    events.addEventListener('scan-finished', show);
    window.addEventListener('beforeunload', function () { events.close(); });
  }
})();
