(function () {
  'use strict';
  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
  var COLORS = ['#1f4e9c', '#d97757', '#14a37f', '#6e40c9', '#e8590c', '#0b7285'];
  var data = JSON.parse(document.getElementById('trend-data').textContent);

  // Point labels: at most LABEL_WIDTH pixels (longer names end in an ellipsis; the tooltip has the
  // whole name), moved apart vertically when they overlap, hidden when they still do.
  var LABEL_WIDTH = 150;
  function pointLabel(color) {
    return {
      show: true, position: 'right', formatter: '{b}', fontSize: 11, color: color,
      width: LABEL_WIDTH, overflow: 'truncate', ellipsis: '\u2026'
    };
  }
  var LABEL_LAYOUT = { moveOverlap: 'shiftY', hideOverlap: true };

  function base(option) {
    option.animation = false;
    option.textStyle = { fontFamily: FONT };
    option.grid = option.grid || { left: 70, right: 70, top: 50, bottom: 50 };
    option.tooltip = { trigger: 'item' };
    return option;
  }
  function day(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }
  // Two significant figures, no trailing zeros: 0.001, 0.25, 1, 59, 310; powers of ten beyond
  // 100,000 or below 0.0001 as 1e+8, 1e-10, so that no axis label is wider than the margin.
  function minutes(x) {
    if (x > 0 && (x >= 1e5 || x < 1e-4)) {
      return x.toExponential(0);
    }
    return x >= 100 ? x.toFixed(0) : String(Number(x.toPrecision(2)));
  }

  var builders = {
    horizon: function () {
      var series = [];
      var agents = data.agents;
      function points(frontier) {
        return agents.filter(function (a) { return a.frontier === frontier; }).map(function (a) {
          return { name: a.agent, value: [a.released, a.minutes] };
        });
      }
      series.push({
        name: 'frontier agents', type: 'scatter', symbolSize: 11, z: 5,
        itemStyle: { color: '#1d2430' },
        label: pointLabel('#1d2430'), labelLayout: LABEL_LAYOUT,
        data: points(true)
      });
      series.push({
        name: 'other agents', type: 'scatter', symbolSize: 9, z: 5,
        itemStyle: { color: '#fff', borderColor: '#5d6778', borderWidth: 1.5 },
        label: pointLabel('#5d6778'), labelLayout: LABEL_LAYOUT,
        data: points(false)
      });
      series.push({
        name: '95% CI', type: 'custom', z: 4, silent: true,
        itemStyle: { color: '#8a94a6' },
        data: agents.filter(function (a) { return a.low !== null && a.high !== null; })
          .map(function (a) { return [a.released, a.low, a.high]; }),
        renderItem: function (params, api) {
          var top = api.coord([api.value(0), api.value(2)]);
          var bottom = api.coord([api.value(0), api.value(1)]);
          var style = { stroke: '#8a94a6', lineWidth: 1.5 };
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: top[0], y1: top[1], x2: bottom[0], y2: bottom[1] }, style: style },
              { type: 'line', shape: { x1: top[0] - 4, y1: top[1], x2: top[0] + 4, y2: top[1] }, style: style },
              { type: 'line', shape: { x1: bottom[0] - 4, y1: bottom[1], x2: bottom[0] + 4, y2: bottom[1] }, style: style }
            ]
          };
        }
      });
      data.windows.forEach(function (w, i) {
        var color = COLORS[i % COLORS.length];
        series.push({
          name: w.label, type: 'line', symbol: 'none', z: 3,
          lineStyle: { color: color, width: 2.5 }, itemStyle: { color: color }, data: w.line
        });
        [w.low, w.high].forEach(function (band) {
          if (band) {
            series.push({
              name: w.label, type: 'line', symbol: 'none', z: 2, silent: true,
              lineStyle: { color: color, width: 1, type: 'dashed', opacity: 0.7 },
              itemStyle: { color: color }, data: band
            });
          }
        });
      });
      return base({
        // Room on the right for the labels of the latest agents, so that none is cut off.
        grid: { left: 70, right: LABEL_WIDTH + 20, top: 60, bottom: 50 },
        legend: { top: 0, data: ['frontier agents', 'other agents'].concat(data.windows.map(function (w) { return w.label; })) },
        tooltip: {
          trigger: 'item',
          formatter: function (p) {
            return p.seriesType === 'scatter'
              ? p.name + '<br>' + day(p.value[0]) + ': ' + minutes(p.value[1]) + ' min'
              : p.seriesName;
          }
        },
        xAxis: { type: 'time', name: 'release date', nameLocation: 'middle', nameGap: 30 },
        yAxis: {
          type: 'log', name: 'p50 horizon (minutes)', nameLocation: 'middle', nameGap: 50,
          axisLabel: { formatter: minutes }
        },
        series: series
      });
    },
    trend: function () {
      var breakpoint = data.breakpoint;
      return base({
        legend: { top: 0 },
        xAxis: { type: 'time', name: 'date', nameLocation: 'middle', nameGap: 30 },
        yAxis: {
          type: data.log ? 'log' : 'value', name: data.log ? 'value (log scale)' : 'value',
          nameLocation: 'middle', nameGap: 50, scale: true
        },
        series: [
          { name: 'series', type: 'scatter', symbolSize: 6, itemStyle: { color: '#1d2430' }, data: data.points },
          { name: 'single line', type: 'line', symbol: 'none', lineStyle: { color: '#8a94a6', width: 2 },
            itemStyle: { color: '#8a94a6' }, data: data.single },
          { name: 'broken line', type: 'line', symbol: 'none', lineStyle: { color: '#1f4e9c', width: 2.5 },
            itemStyle: { color: '#1f4e9c' }, data: data.before,
            markLine: {
              symbol: 'none', silent: true, lineStyle: { color: '#d33', type: 'dashed' },
              label: { formatter: 'breakpoint ' + day(breakpoint) },
              data: [{ xAxis: breakpoint }]
            } },
          { name: 'broken line', type: 'line', symbol: 'none', lineStyle: { color: '#1f4e9c', width: 2.5 },
            itemStyle: { color: '#1f4e9c' }, data: data.after }
        ]
      });
    }
  };

  var charts = [];
  Array.prototype.forEach.call(document.querySelectorAll('.chart[data-chart]'), function (element) {
    try {
      var build = builders[element.getAttribute('data-chart')];
      if (!build) {
        throw new Error('unknown chart kind ' + element.getAttribute('data-chart'));
      }
      var chart = echarts.init(element, null, { renderer: 'svg' });
      chart.setOption(build());
      charts.push(chart);
    } catch (e) {
      window.__lwRecordError('chart ' + element.id + ': ' + (e && e.message ? e.message : e));
    }
  });
  document.body.dataset.chartsRendered = String(charts.length);
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
