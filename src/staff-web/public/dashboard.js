// Draws the dashboard's charts with ECharts (served by the app) from the figures the page carries.
(() => {
  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const data = read('dashboard-data');
  const labels = read('dashboard-labels');
  const colours = ['#1f5c2e', '#b45309', '#1d4ed8', '#9b1c1c', '#6b21a8'];
  const draw = (id, option) => {
    const el = document.getElementById(id);
    if (!el || !window.echarts) return;
    const chart = window.echarts.init(el, null, { renderer: 'svg' });
    chart.setOption({ color: colours, animation: false, grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true }, tooltip: { trigger: 'axis' }, ...option });
    window.addEventListener('resize', () => chart.resize());
  };
  const kinds = ['difficulty', 'question', 'concern'];
  draw('chart-weeks', {
    legend: { top: 0 },
    xAxis: { type: 'category', data: data.weeks.map((w) => w.week) },
    yAxis: { type: 'value', minInterval: 1 },
    series: kinds.map((k) => ({ name: labels.kinds[k], type: 'bar', stack: 'all', data: data.weeks.map((w) => w.byKind[k] || 0) })),
  });
  const bars = (id, rows, name) =>
    draw(id, {
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r[0]), axisLabel: { width: 160, overflow: 'truncate' } },
      series: [{ name, type: 'bar', data: rows.map((r) => r[1]) }],
    });
  bars('chart-topic', data.byTopic.map((r) => [labels.topics[String(r.topic)], r.count]));
  bars('chart-commune', [...data.byCommune.top.map((r) => [r.commune, r.count]), ...(data.byCommune.others.count ? [[labels.others, data.byCommune.others.count]] : [])]);
  draw('chart-ratings', {
    xAxis: { type: 'category', data: data.ratings.distribution.map((r) => `${r.stars} ★`) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: data.ratings.distribution.map((r) => r.count) }],
  });
  draw('chart-feedback', {
    legend: { top: 0 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: data.feedback.byTopic.map((r) => labels.topics[String(r.topic)]), axisLabel: { width: 160, overflow: 'truncate' } },
    series: [
      { name: labels.up, type: 'bar', stack: 'votes', data: data.feedback.byTopic.map((r) => r.up) },
      { name: labels.down, type: 'bar', stack: 'votes', data: data.feedback.byTopic.map((r) => r.down) },
    ],
  });
})();
