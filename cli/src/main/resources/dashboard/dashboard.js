'use strict';
// The live page: one EventSource on /events, each message the whole stats JSON. Everything from the topics is
// written with textContent (never innerHTML): review texts are untrusted input.
(() => {
  const $ = (id) => document.getElementById(id);
  const int = (n) => Math.round(n).toLocaleString('en-US');
  const pct = (x) => (100 * x).toFixed(1) + ' %';
  const clock = (ms) => new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
  const LATEST_REPORTS = 8;
  const COLORS = ['#2563eb', '#9333ea', '#0891b2', '#ca8a04'];

  function setValue(id, value, text) {
    const el = $(id);
    el.dataset.value = String(value);
    el.textContent = text;
  }

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    return td;
  }

  function fill(tableId, rows) {
    const body = $(tableId).tBodies[0];
    body.replaceChildren(...rows.map((cells) => {
      const tr = document.createElement('tr');
      tr.append(...cells);
      return tr;
    }));
    return body;
  }

  function timeChart(id, label, color, y) {
    return new Chart($(id), {
      type: 'scatter',
      data: { datasets: [{ label, data: [], showLine: true, pointRadius: 0, borderWidth: 2, borderColor: color,
        backgroundColor: color + '22', fill: true }] },
      options: {
        animation: false, maintainAspectRatio: false, plugins: { legend: { display: false } },
        scales: { x: { ticks: { callback: (v) => clock(v * 1000), maxTicksLimit: 6 } }, y },
      },
    });
  }

  const rateChart = timeChart('rate-chart', 'scored per second', '#2563eb', { beginAtZero: true });
  const positiveChart = timeChart('positive-chart', 'share positive', '#1a7f37', { min: 0, max: 1 });
  const accuracyChart = new Chart($('accuracy-chart'), {
    type: 'scatter',
    data: { datasets: [] },
    options: {
      animation: false, maintainAspectRatio: false,
      scales: {
        x: { title: { display: true, text: 'window end' }, ticks: { callback: (v) => clock(v * 1000), maxTicksLimit: 8 } },
        y: { title: { display: true, text: 'accuracy' }, suggestedMin: 0.8, max: 1 },
      },
      plugins: {
        tooltip: { callbacks: { label: (c) => c.raw.revision === undefined ? c.dataset.label
          : `window to ${clock(c.raw.x * 1000)}, rev ${c.raw.revision}${c.raw.final ? ' (final)' : ''}: `
            + `${c.raw.y.toFixed(4)} over ${int(c.raw.count)} labeled` } },
      },
    },
  });

  function renderTiles(s) {
    setValue('scored', s.scored, int(s.scored));
    const lastSecond = Math.floor(Date.now() / 1000) - 1;
    const second = s.perSecond.find((p) => p.t === lastSecond);
    setValue('rate', second ? second.scored : 0, int(second ? second.scored : 0));
    if (s.scored > 0) {
      setValue('positive-share', s.positive / s.scored, pct(s.positive / s.scored));
      $('positive-count').textContent = `${int(s.positive)} of ${int(s.scored)} positive`;
    }
    const labeled = s.accuracy.filter((r) => r.count > 0);
    if (labeled.length > 0) {
      const r = labeled[labeled.length - 1];
      setValue('accuracy', r.accuracy, r.accuracy.toFixed(4));
      $('accuracy-detail').textContent = `window ${clock(r.windowStart)}–${clock(r.windowEnd)}, rev ${r.revision}`
        + `${r.finalReport ? ', final' : ''}, ${int(r.count)} labeled`;
    }
    const l = s.latency;
    const scored = $('latency-scored');
    scored.dataset.p50 = l.scoredP50;
    scored.dataset.p99 = l.scoredP99;
    scored.textContent = `${int(l.scoredP50)} / ${int(l.scoredP99)}`;
    $('latency-scored-p90').textContent = `p90 ${int(l.scoredP90)} ms`;
    const read = $('latency-read');
    read.dataset.p50 = l.readP50;
    read.dataset.p99 = l.readP99;
    read.textContent = `${int(l.readP50)} / ${int(l.readP99)}`;
    setValue('dead-letters', s.deadLetters, int(s.deadLetters));
    $('unreadable').textContent = s.unreadable > 0 ? `${int(s.unreadable)} unreadable output records` : '';
  }

  function renderCharts(s) {
    // seconds without a scored review are zeros on the rate chart and gaps on the share chart
    const rate = [];
    const seconds = s.perSecond;
    for (let i = 0; i < seconds.length; i++) {
      for (let t = i > 0 ? seconds[i - 1].t + 1 : seconds[i].t; t < seconds[i].t; t++) {
        rate.push({ x: t, y: 0 });
      }
      rate.push({ x: seconds[i].t, y: seconds[i].scored });
    }
    rateChart.data.datasets[0].data = rate;
    rateChart.update('none');
    positiveChart.data.datasets[0].data = seconds.map((p) => ({ x: p.t, y: p.positive / p.scored }));
    positiveChart.update('none');

    const points = s.accuracy.filter((r) => r.count > 0).map((r) => ({
      x: r.windowEnd / 1000, y: r.accuracy, revision: r.revision, final: r.finalReport, count: r.count,
      model: r.modelVersion, start: r.windowStart }));
    const latest = new Map();
    for (const p of points) {
      latest.set(p.model + '/' + p.start, p);
    }
    const models = [...new Set(points.map((p) => p.model))];
    accuracyChart.data.datasets = [
      ...models.map((m, i) => ({
        label: `model ${m}: latest revision`, showLine: true, pointRadius: 0, borderWidth: 2,
        borderColor: COLORS[i % COLORS.length],
        data: [...latest.values()].filter((p) => p.model === m).sort((a, b) => a.x - b.x),
      })),
      { label: 'every revision', data: points.filter((p) => !p.final), pointRadius: 4, pointStyle: 'circle',
        borderColor: '#667085', backgroundColor: 'transparent' },
      { label: 'final', data: points.filter((p) => p.final), pointRadius: 5, pointStyle: 'circle',
        borderColor: '#1d2330', backgroundColor: '#1d2330' },
    ];
    accuracyChart.update('none');
  }

  function renderTables(s) {
    const reviews = fill('reviews', s.recent.map((r) => [
      cell(clock(r.scoredAt)),
      cell(r.label.toLowerCase(), r.label),
      cell(r.probability.toFixed(3)),
      cell(r.text === null ? `(text not read) ${r.id}` : r.text, 'text'),
    ]));
    s.recent.forEach((r, i) => {
      reviews.rows[i].dataset.id = r.id;
      reviews.rows[i].cells[3].title = r.text === null ? r.id : r.text;
    });
    fill('reports', s.accuracy.slice(-LATEST_REPORTS).reverse().map((r) => [
      cell(`${clock(r.windowStart)}–${clock(r.windowEnd)}`),
      cell(`${r.revision}${r.finalReport ? ' final' : ''}`, r.finalReport ? 'final' : ''),
      cell(int(r.count)),
      cell(r.count > 0 ? r.accuracy.toFixed(4) : '–'),
      cell(`${r.modelVersion} ${r.role}`),
    ]));
    fill('comparisons', s.comparisons.slice(-LATEST_REPORTS).reverse().map((c) => [
      cell(`${clock(c.windowStart)}–${clock(c.windowEnd)}`),
      cell(`${c.revision}${c.finalReport ? ' final' : ''}`, c.finalReport ? 'final' : ''),
      cell(`${c.champion} / ${c.challenger}`),
      cell(`${int(c.bothRight)} · ${int(c.championOnly)} · ${int(c.challengerOnly)} · ${int(c.bothWrong)}`),
      cell(c.mcnemarP.toPrecision(3)),
    ]));
    fill('dead-letter-reasons', Object.entries(s.deadLettersByReason).map(([reason, n]) => [cell(reason), cell(int(n))]));
    fill('dead-letter-recent', s.recentDeadLetters.map((d) => [cell(d.reason), cell(d.source), cell(d.error, 'text')]));
  }

  const status = $('status');
  const events = new EventSource('events');
  events.onopen = () => {
    status.textContent = 'live';
    status.className = 'status live';
  };
  events.onerror = () => {
    status.textContent = 'disconnected, retrying…';
    status.className = 'status down';
  };
  events.onmessage = (message) => {
    const s = JSON.parse(message.data);
    renderTiles(s);
    renderCharts(s);
    renderTables(s);
    document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
  };
})();
