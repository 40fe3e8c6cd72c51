(function () {
  'use strict';
  var CONFIDENCE = { strong: '#1f4e9c', medium: '#5b8fd6', weak: '#a9c1e6', none: '#d5d9e0' };
  var AGENT_COLORS = {
    'claude-code': '#d97757', copilot: '#6e40c9', cursor: '#2f3640', aider: '#14a37f', codex: '#0b7285',
    devin: '#e8590c', jules: '#c2255c', gemini: '#3b5bdb', 'amazon-q': '#f59f00', openhands: '#5c940d',
    amp: '#9c36b5', replit: '#f76707', windsurf: '#0ca678', unknown: '#868e96'
  };
  var SPARE = ['#4c6ef5', '#e64980', '#37b24d', '#fab005', '#15aabf', '#7950f2', '#fd7e14', '#82c91e'];
  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

  function agentColor(agent, index) {
    return AGENT_COLORS[agent] || SPARE[index % SPARE.length];
  }
  function fmt(n) {
    return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }
  function share(part, whole) {
    return whole > 0 ? Math.round(1000 * part / whole) / 10 : 0;
  }
  function number(x) {
    return typeof x === 'number' && isFinite(x) ? x : 0;
  }
  function base(option) {
    option.animation = false;
    option.textStyle = { fontFamily: FONT };
    return option;
  }

  var data = JSON.parse(document.getElementById('report-data').textContent);
  var sessionsElement = document.getElementById('sessions-data');
  var sessions = sessionsElement ? JSON.parse(sessionsElement.textContent) : null;

  function weekly(option) {
    option.tooltip = { trigger: 'axis' };
    option.legend = { top: 0, type: 'scroll' };
    option.grid = { left: 70, right: 70, top: 48, bottom: 36 };
    option.xAxis = { type: 'category', data: sessions.weeks.map(function (w) { return w.week; }) };
    return base(option);
  }
  function percentOrNull(x) {
    return typeof x === 'number' && isFinite(x) ? Math.round(1000 * x) / 10 : null;
  }

  var shareAnnotations = 0;

  /** The bucket label holding an ISO day, or null when the day is before every bucket. */
  function bucketOf(buckets, day) {
    var label = null;
    buckets.forEach(function (b) { if (b.start <= day) { label = b.period; } });
    return label;
  }

  /** markLine and markArea data for the coverage breaks: where an agent's evidence stops or starts. */
  function coverageBreakMarks(buckets) {
    var lines = [];
    var areas = [];
    (data.coverageBreaks || []).forEach(function (b) {
      var at = bucketOf(buckets, b.date);
      if (at === null) { return; }
      var verb = b.direction === 'STOPS' ? 'stops' : 'starts';
      lines.push({ xAxis: at, name: b.repo + ': ' + b.agent + ' evidence ' + verb + ' ' + b.date,
        label: { formatter: b.agent + ' evidence ' + verb + ' ' + b.date } });
      var from = bucketOf(buckets, b.quietFrom);
      var to = bucketOf(buckets, b.quietTo);
      if (from !== null && to !== null) {
        areas.push([{ xAxis: from }, { xAxis: to }]);
      }
    });
    return { lines: lines, areas: areas };
  }

  var builders = {
    share: function () {
      var buckets = data.shareOverTime;
      var agents = [];
      buckets.forEach(function (b) {
        Object.keys(b.aiByAgent).forEach(function (a) { if (agents.indexOf(a) < 0) { agents.push(a); } });
      });
      agents.sort();
      var series = agents.map(function (a, i) {
        return {
          name: a, type: 'bar', stack: 'ai', barMaxWidth: 56,
          itemStyle: { color: agentColor(a, i) },
          data: buckets.map(function (b) { return b.aiByAgent[a] || 0; })
        };
      });
      series.push({
        name: 'weak evidence only', type: 'bar', stack: 'ai', barMaxWidth: 56,
        itemStyle: { color: CONFIDENCE.weak, decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: -0.7854 } },
        data: buckets.map(function (b) { return b.aiWeak; })
      });
      series.push({
        name: 'AI share (strong + medium)', type: 'line', yAxisIndex: 1, symbolSize: 7,
        itemStyle: { color: '#1d2430' }, lineStyle: { width: 2.5 },
        data: buckets.map(function (b) { return share(b.aiStrong + b.aiMedium, b.addedLines); })
      });
      // The share's 95% interval from resampling each bucket's changes, as a bar from low to high.
      series.push({
        name: '95% interval (changes resampled)', type: 'custom', yAxisIndex: 1, z: 5,
        itemStyle: { color: '#1d2430' },
        encode: { x: 0, y: [1, 2], tooltip: [1, 2] },
        dimensions: ['bucket', 'low %', 'high %'],
        data: buckets
          .map(function (b, i) {
            return b.aiShareLow === null || b.aiShareLow === undefined
              ? null
              : [i, Math.round(b.aiShareLow * 1000) / 10, Math.round(b.aiShareHigh * 1000) / 10];
          })
          .filter(function (d) { return d !== null; }),
        renderItem: function (params, api) {
          var low = api.coord([api.value(0), api.value(1)]);
          var high = api.coord([api.value(0), api.value(2)]);
          return { type: 'group', children: [
            { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style: { stroke: '#1d2430', lineWidth: 1.5 } },
            { type: 'line', shape: { x1: low[0] - 4, y1: low[1], x2: low[0] + 4, y2: low[1] }, style: { stroke: '#1d2430', lineWidth: 1.5 } },
            { type: 'line', shape: { x1: high[0] - 4, y1: high[1], x2: high[0] + 4, y2: high[1] }, style: { stroke: '#1d2430', lineWidth: 1.5 } }
          ] };
        }
      });
      series.push({
        name: 'AI share incl. weak', type: 'line', yAxisIndex: 1, symbol: 'none',
        itemStyle: { color: '#5d6778' }, lineStyle: { width: 1.5, type: 'dashed' },
        data: buckets.map(function (b) { return share(b.aiStrong + b.aiMedium + b.aiWeak, b.addedLines); })
      });
      series.push({
        name: 'evidence coverage (% of changes)', type: 'line', yAxisIndex: 1, symbol: 'none',
        itemStyle: { color: '#2b8a3e' }, lineStyle: { width: 1.5, type: 'dotted' },
        data: buckets.map(function (b) { return share(b.changesWithEvidence, b.changes); })
      });
      var breaks = coverageBreakMarks(buckets);
      if (breaks.lines.length > 0) {
        series[series.length - 1].markLine = {
          symbol: 'none', silent: true,
          lineStyle: { color: '#c92a2a', type: 'dashed', width: 1.5 },
          label: { position: 'insideEndTop', color: '#c92a2a', backgroundColor: 'rgba(255,255,255,0.85)', padding: [2, 4] },
          data: breaks.lines
        };
        series[series.length - 1].markArea = {
          silent: true, itemStyle: { color: 'rgba(201,42,42,0.07)' },
          data: breaks.areas
        };
      }
      shareAnnotations = breaks.lines.length;
      return base({
        tooltip: { trigger: 'axis' },
        legend: { top: 0, type: 'scroll' },
        grid: { left: 70, right: 70, top: 48, bottom: 36 },
        xAxis: { type: 'category', data: buckets.map(function (b) { return b.period; }) },
        yAxis: [
          { type: 'value', name: 'AI lines', axisLabel: { formatter: function (v) { return fmt(v); } } },
          { type: 'value', name: '% of added lines', min: 0, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } }
        ],
        series: series
      });
    },

    throughput: function () {
      var t = data.throughput;
      var buckets = t.overTime;
      var bars = {
        name: 'lines per engineer per day', type: 'bar', barMaxWidth: 56, itemStyle: { color: '#5b8fd6' },
        data: buckets.map(function (b) { return Math.round(number(b.linesPerEngineerDay) * 10) / 10; })
      };
      if (t.comparison) {
        bars.markLine = {
          symbol: 'none', silent: true,
          lineStyle: { color: '#c92a2a', type: 'dashed', width: 2 },
          label: { position: 'insideStartTop', color: '#c92a2a', backgroundColor: 'rgba(255,255,255,0.85)', padding: [2, 4], formatter: 'baseline ' + t.comparison.baseline + ': ' + number(t.comparison.baselineValue).toFixed(1) },
          data: [{ yAxis: number(t.comparison.baselineValue) }]
        };
      }
      return base({
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 70, right: 70, top: 48, bottom: 36 },
        xAxis: { type: 'category', data: buckets.map(function (b) { return b.period; }) },
        yAxis: [
          { type: 'value', name: 'lines / engineer / day', min: 0 },
          { type: 'value', name: 'active engineers', min: 0, minInterval: 1, splitLine: { show: false } }
        ],
        series: [
          bars,
          {
            name: 'active engineers', type: 'line', yAxisIndex: 1, symbolSize: 6,
            itemStyle: { color: '#2f3640' }, lineStyle: { width: 1.5 },
            data: buckets.map(function (b) { return b.engineers; })
          }
        ]
      });
    },

    evidence: function () {
      var t = data.totals;
      return confidencePie('counted added lines', t.aiStrong, t.aiMedium, t.aiWeak,
        t.addedLines - t.aiStrong - t.aiMedium - t.aiWeak);
    },

    live: function () {
      var l = data.liveCode;
      return confidencePie('lines at HEAD', l.strong, l.medium, l.weak, l.lines - l.strong - l.medium - l.weak);
    },

    paths: function () {
      var rows = data.byPath.slice(0, 15).reverse();
      return base({
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { top: 0 },
        grid: { left: 28, right: 40, top: 36, bottom: 24, containLabel: true },
        xAxis: { type: 'value', axisLabel: { formatter: function (v) { return fmt(v); } } },
        yAxis: { type: 'category', data: rows.map(function (r) { return r.group; }), axisLabel: { width: 220, overflow: 'truncate' } },
        series: [
          {
            name: 'AI lines (strong + medium)', type: 'bar', stack: 'lines', itemStyle: { color: CONFIDENCE.strong },
            data: rows.map(function (r) { return r.aiLines; })
          },
          {
            name: 'other added lines (no strong or medium AI evidence)', type: 'bar', stack: 'lines',
            itemStyle: { color: CONFIDENCE.none },
            data: rows.map(function (r) { return Math.max(0, r.addedLines - r.aiLines); })
          }
        ]
      });
    }
  };

  builders.sessionsInterventions = function () {
    var weeks = sessions.weeks;
    return weekly({
      yAxis: { type: 'value', name: 'per session', min: 0 },
      series: [
        {
          name: 'tier 1 (exact markers)', type: 'line', symbolSize: 7, itemStyle: { color: '#1f4e9c' },
          data: weeks.map(function (w) { return number(w.tier1PerSession); })
        },
        {
          name: 'tier 2 (heuristics)', type: 'line', symbolSize: 7, itemStyle: { color: '#e8590c' },
          lineStyle: { type: 'dashed' },
          data: weeks.map(function (w) { return number(w.tier2PerSession); })
        }
      ]
    });
  };

  builders.sessionsAutonomy = function () {
    var weeks = sessions.weeks;
    return weekly({
      yAxis: [
        { type: 'value', name: 'tool calls / human turn', min: 0 },
        { type: 'value', name: 'minutes', min: 0, splitLine: { show: false } }
      ],
      series: [
        {
          name: 'tool calls per human turn', type: 'bar', barMaxWidth: 56, itemStyle: { color: '#5b8fd6' },
          data: weeks.map(function (w) { return number(w.toolCallsPerHumanTurn); })
        },
        {
          name: 'longest autonomous stretch (min)', type: 'line', yAxisIndex: 1, symbolSize: 6,
          itemStyle: { color: '#2f3640' },
          data: weeks.map(function (w) { return number(w.longestAutonomousMinutes); })
        }
      ]
    });
  };

  builders.sessionsDelegation = function () {
    var weeks = sessions.weeks;
    return weekly({
      yAxis: [
        { type: 'value', name: 'subagents', min: 0, minInterval: 1 },
        { type: 'value', name: '% / minutes', min: 0, splitLine: { show: false } }
      ],
      series: [
        {
          name: 'subagents', type: 'bar', barMaxWidth: 56, itemStyle: { color: '#9c36b5' },
          data: weeks.map(function (w) { return w.subagents; })
        },
        {
          name: 'delegated share of agent time (%)', type: 'line', yAxisIndex: 1, symbolSize: 6,
          itemStyle: { color: '#0b7285' },
          data: weeks.map(function (w) { return percentOrNull(w.delegatedShare); })
        },
        {
          name: 'longest delegated task (min)', type: 'line', yAxisIndex: 1, symbolSize: 6,
          itemStyle: { color: '#e64980' }, lineStyle: { type: 'dashed' },
          data: weeks.map(function (w) { return number(w.longestDelegatedMinutes); })
        }
      ]
    });
  };

  builders.sessionsSuccess = function () {
    var weeks = sessions.weeks;
    return weekly({
      yAxis: { type: 'value', name: '% verified success', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: 'all tasks', type: 'line', symbolSize: 7, connectNulls: false, itemStyle: { color: '#37b24d' },
          data: weeks.map(function (w) { return percentOrNull(w.taskSuccess); })
        },
        {
          name: 'open-ended (debugging) tasks', type: 'line', symbolSize: 7, connectNulls: false,
          itemStyle: { color: '#c92a2a' }, lineStyle: { type: 'dashed' },
          data: weeks.map(function (w) { return percentOrNull(w.openEndedSuccess); })
        }
      ]
    });
  };

  function confidencePie(what, strong, medium, weak, none) {
    return base({
      tooltip: { trigger: 'item', formatter: function (p) { return p.name + ': ' + fmt(p.value) + ' ' + what + ' (' + p.percent + '%)'; } },
      legend: { bottom: 0, itemGap: 14 },
      series: [{
        type: 'pie', radius: ['38%', '68%'], center: ['50%', '44%'], avoidLabelOverlap: true,
        label: { formatter: '{d}%' },
        data: [
          { name: 'strong', value: strong, itemStyle: { color: CONFIDENCE.strong } },
          { name: 'medium', value: medium, itemStyle: { color: CONFIDENCE.medium } },
          { name: 'weak', value: weak, itemStyle: { color: CONFIDENCE.weak } },
          { name: 'no AI evidence', value: Math.max(0, none), itemStyle: { color: CONFIDENCE.none } }
        ]
      }]
    });
  }

  var charts = [];
  var expected = 0;
  var rendered = 0;
  Array.prototype.forEach.call(document.querySelectorAll('.chart[data-chart]'), function (element) {
    expected++;
    try {
      var build = builders[element.getAttribute('data-chart')];
      if (!build) {
        throw new Error('unknown chart kind ' + element.getAttribute('data-chart'));
      }
      var chart = echarts.init(element, null, { renderer: 'svg' });
      chart.setOption(build());
      charts.push(chart);
      if (element.querySelector('svg path')) {
        rendered++;
      }
    } catch (e) {
      window.__lwRecordError('chart ' + element.id + ': ' + (e && e.message ? e.message : e));
    }
  });
  document.body.setAttribute('data-charts-expected', String(expected));
  document.body.setAttribute('data-charts-rendered', String(rendered));
  document.body.setAttribute('data-share-annotations', String(shareAnnotations));

  function resizeAll() {
    charts.forEach(function (c) { c.resize(); });
  }
  window.addEventListener('resize', resizeAll);
  window.addEventListener('beforeprint', resizeAll);
  window.addEventListener('afterprint', resizeAll);
})();
