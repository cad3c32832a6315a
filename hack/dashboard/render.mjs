// Renders the Grafana dashboard's panels as an HTML page: every panel target's PromQL, read from the
// dashboard JSON, run as a range query against a Prometheus, drawn with Chart.js at the panel's gridPos.
// Not Grafana: Grafana's variables are filled in the way a Grafana showing "All" would ($namespace and
// $cluster: .*, $__range: the range drawn), and the page says so.
//
//   node render.mjs PROMETHEUS_URL DASHBOARD_JSON OUT_HTML
//
// The range is the last 20 minutes of the data the Prometheus holds (its TSDB head's newest sample).
// Exits non-zero when a query fails (a query that does not parse fails the picture); a query with no
// data draws "No data" and is listed on stderr.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [prometheus, dashboardFile, out] = process.argv.slice(2);
if (!prometheus || !dashboardFile || !out) {
  console.error('usage: node render.mjs PROMETHEUS_URL DASHBOARD_JSON OUT_HTML');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8'));

async function api(path, params) {
  const url = `${prometheus}/api/v1/${path}?${new URLSearchParams(params)}`;
  const response = await fetch(url);
  const body = await response.json();
  if (body.status !== 'success') {
    throw new Error(`${path} ${JSON.stringify(params)}: ${body.errorType}: ${body.error}`);
  }
  return body.data;
}

const tsdb = await api('status/tsdb', {});
const newest = Number(tsdb.headStats.maxTime) / 1000;
const oldest = Number(tsdb.headStats.minTime) / 1000;
if (!Number.isFinite(newest) || newest <= 0) {
  throw new Error('the Prometheus holds no samples: run an end-to-end test that scrapes the operator first');
}
const to = Math.floor(newest);
const from = Math.max(Math.ceil(oldest), to - 20 * 60);
const step = Math.max(2, Math.round((to - from) / 240));
const range = `${to - from}s`;

const fill = (expr) => expr.replaceAll('$namespace', '.*').replaceAll('$cluster', '.*').replaceAll('$__range', range);
const legend = (format, metric) =>
  (format || JSON.stringify(metric)).replace(/\{\{\s*(\w+)\s*\}\}/g, (_, label) => metric[label] ?? '');

// Prometheus returns no point where there was no sample: break the line there instead of drawing across.
const withGaps = (points) => points.flatMap((p, i) =>
  i > 0 && p.x - points[i - 1].x > 2 * step * 1000 ? [{ x: p.x - step * 1000, y: null }, p] : [p]);

const panels = [];
const empty = [];
for (const panel of dashboard.panels) {
  const series = [];
  for (const target of panel.targets ?? []) {
    const query = fill(target.expr);
    const data = await api('query_range', { query, start: from, end: to, step });
    if (data.result.length === 0) {
      empty.push(`${panel.title} / ${target.refId}: ${query}`);
    }
    for (const s of data.result) {
      series.push({
        label: legend(target.legendFormat, s.metric),
        points: withGaps(s.values.map(([t, v]) => ({ x: Number(t) * 1000, y: Number(v) }))),
      });
    }
  }
  panels.push({ title: panel.title, description: panel.description ?? '', gridPos: panel.gridPos, series });
}
for (const line of empty) {
  console.error(`[dashboard] no data: ${line}`);
}

const rowHeight = 38;
const height = Math.max(...panels.map((p) => p.gridPos.y + p.gridPos.h)) * rowHeight + 90;
const chartJs = resolve(here, 'node_modules/chart.js/dist/chart.umd.js');
const iso = (s) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>${dashboard.title}</title>
<style>
  body { margin: 0; background: #111217; color: #ccccdc; font: 13px "DejaVu Sans", sans-serif; }
  header { padding: 10px 16px 4px; }
  header h1 { font-size: 18px; margin: 0 0 4px; color: #fff; }
  header p { margin: 0; color: #8e8e9e; font-size: 12px; }
  .grid { position: relative; margin: 6px 8px; height: ${height - 90}px; }
  .panel { position: absolute; box-sizing: border-box; background: #181b1f; border: 1px solid #2c3235;
           border-radius: 3px; padding: 6px 8px; }
  .panel h2 { font-size: 13px; margin: 0 0 4px; color: #fff; font-weight: 600; }
  .panel .chart { position: absolute; left: 8px; right: 8px; top: 26px; bottom: 6px; }
  .nodata { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; color: #8e8e9e; }
</style>
<script src="file://${chartJs}"></script></head>
<body>
<header><h1>${dashboard.title}</h1>
<p>The dashboard's own panel queries (helm/berth/dashboards/berth-usage.json) run against Prometheus and drawn by
hack/dashboard (Chart.js) &mdash; not a Grafana screenshot. Namespace: All, cluster: All; ${iso(from)} to ${iso(to)},
step ${step} s.</p></header>
<div class="grid" id="grid"></div>
<script>
const panels = ${JSON.stringify(panels)};
const colors = ['#73bf69', '#f2cc0c', '#5794f2', '#ff780a', '#f2495c', '#b877d9', '#fade2a', '#8ab8ff', '#ff9830', '#96d98d'];
const grid = document.getElementById('grid');
const unit = grid.clientWidth / 24;
Chart.defaults.color = '#ccccdc';
Chart.defaults.borderColor = '#2c3235';
Chart.defaults.animation = false;
const time = (ms) => new Date(ms).toISOString().substring(11, ${to - from < 15 * 60 ? 19 : 16});
for (const p of panels) {
  const div = document.createElement('div');
  div.className = 'panel';
  div.style.left = (p.gridPos.x * unit) + 'px';
  div.style.width = (p.gridPos.w * unit - 6) + 'px';
  div.style.top = (p.gridPos.y * ${rowHeight}) + 'px';
  div.style.height = (p.gridPos.h * ${rowHeight} - 6) + 'px';
  div.innerHTML = '<h2></h2><div class="chart"><canvas></canvas></div>';
  div.querySelector('h2').textContent = p.title;
  grid.appendChild(div);
  if (p.series.length === 0) {
    div.querySelector('.chart').innerHTML = '<div class="nodata">No data</div>';
    continue;
  }
  new Chart(div.querySelector('canvas'), {
    type: 'line',
    data: { datasets: p.series.map((s, i) => ({ label: s.label, data: s.points, borderColor: colors[i % colors.length],
      backgroundColor: colors[i % colors.length], pointRadius: 0, borderWidth: 1.5, tension: 0, spanGaps: false })) },
    options: { responsive: true, maintainAspectRatio: false, parsing: false,
      scales: { x: { type: 'linear', ticks: { callback: (v) => time(v), maxTicksLimit: 8 } },
                y: { beginAtZero: true } },
      plugins: { legend: { position: 'right', labels: { boxWidth: 10, font: { size: 10 } } } } },
  });
}
</script></body></html>
`;
writeFileSync(out, page);
console.error(`[dashboard] ${panels.length} panels, ${panels.reduce((n, p) => n + p.series.length, 0)} series, ${iso(from)} to ${iso(to)}: ${out}`);
console.log(height);
