/**
 * The static history dashboard (issue 13 item 4, `perfgate history site`): one self-contained
 * index.html, publishable to GitHub Pages and readable offline, with one interactive chart per
 * benchmark × metric: the median of each run with its quartile band, the change points as
 * vertical lines labelled with their magnitude (red regression, green improvement, grey within
 * θ; solid while a regression is open), the segment means between them, a tooltip per run, a
 * click on a point opening its commit, and zoom (wheel or pinch; drag a range; shift-drag pans;
 * a button resets). Charting is Chart.js with its zoom and annotation plugins, inlined
 * (report/chart-libs.ts). The data is embedded as JSON; the page's own script only maps it onto
 * Chart.js. Charts are created when their card scrolls into view, so a suite of 600 series
 * opens quickly. Pure: the libraries are passed in.
 */
import { escapeHtml } from './escape.js';
import type { HistoryPoint } from '../results/history-record.js';
import type { ChartLibraries } from './chart-libs.js';
import type { Step } from './steps.js';
import { chartScale, type ChartScale } from './trend.js';

export interface DashboardSeries {
  suite: string;
  benchmark: string;
  metric: string;
  unit: string;
  /** In date order (results/history-record.ts seriesOf). */
  points: readonly HistoryPoint[];
  /** report/steps.ts describeSteps of the series' change points. */
  steps: readonly Step[];
  /** Positions the detector's outlier guard set aside (drawn hollow). */
  outliers?: readonly number[];
}

export interface DashboardInput {
  title: string;
  series: readonly DashboardSeries[];
  /** Where a commit opens, with `{sha}` for the full commit id (https only), e.g. `https://github.com/OWNER/REPO/commit/{sha}`. */
  commitUrl?: string;
  /** ISO 8601. */
  generatedAt: string;
  /** How the change points were found, for the footer. */
  method?: string;
}

/** What the page embeds (and the tests read back): short keys, since a suite can hold 600 series. */
export interface DashboardData {
  title: string;
  generatedAt: string;
  commitUrl: string | null;
  method: string | null;
  /** The runs (commit, date, run URL), once each: every series of a suite shares them. */
  runs: { c: string; d: string; r?: string }[];
  series: {
    id: string;
    suite: string;
    benchmark: string;
    metric: string;
    unit: string;
    scale: ChartScale;
    /** u index into runs, v median, l/h quartiles, o outlier. */
    points: { u: number; v: number; l: number; h: number; o?: 1 }[];
    /**
     * i index, k kind, x change, ci interval (or null), p, open, b/a segment means, m/s machine/suite
     * changed, cf what a paired run said (c confirmed, d drift: not confirmed), cu the culprit it isolated.
     */
    steps: {
      i: number;
      k: Step['kind'];
      x: number;
      ci: [number, number] | null;
      p: number;
      open: boolean;
      b: number;
      a: number;
      m?: 1;
      s?: 1;
      cf?: 'c' | 'd';
      cu?: string;
    }[];
  }[];
}

/** A regression still open that no paired run rejected (drift stays on the chart, not in the badge). */
function alerting(x: { k: Step['kind']; open: boolean; cf?: 'c' | 'd' }): boolean {
  return x.k === 'regression' && x.open && x.cf !== 'd';
}

/** Why a commit URL template is unusable, or null. */
export function commitUrlProblem(template: string): string | null {
  if (!/^https?:\/\/[^\s"'<>]+$/.test(template))
    return `commit URL ${JSON.stringify(template)}: expected an http(s) URL without spaces or quotes`;
  if (!template.includes('{sha}'))
    return `commit URL ${JSON.stringify(template)}: expected {sha} where the commit id goes`;
  return null;
}

/** What a paired run concluded about a step, in the page's short keys. */
function paired(x: Step): { cf?: 'c' | 'd'; cu?: string } {
  const c = x.confirmation;
  if (!c) return {};
  return c.outcome === 'rejected' ? { cf: 'd' } : { cf: 'c', ...(c.culprit ? { cu: c.culprit.commit } : {}) };
}

/** Series order on the page: open regressions first, then by suite, benchmark and metric. */
function order(series: readonly DashboardSeries[]): DashboardSeries[] {
  const open = (s: DashboardSeries): number =>
    s.steps.some((x) => alerting({ k: x.kind, open: x.open, ...paired(x) })) ? 0 : 1;
  return [...series].sort(
    (a, b) =>
      open(a) - open(b) ||
      a.suite.localeCompare(b.suite) ||
      a.benchmark.localeCompare(b.benchmark) ||
      a.metric.localeCompare(b.metric),
  );
}

export function dashboardData(input: DashboardInput): DashboardData {
  if (input.commitUrl !== undefined) {
    const why = commitUrlProblem(input.commitUrl);
    if (why) throw new TypeError(why);
  }
  const runs: DashboardData['runs'] = [];
  const runIndex = new Map<string, number>();
  const run = (p: HistoryPoint): number => {
    const key = `${p.commit}|${p.date}|${p.record.runUrl ?? ''}`;
    let u = runIndex.get(key);
    if (u === undefined) {
      u = runs.push({ c: p.commit, d: p.date, ...(p.record.runUrl ? { r: p.record.runUrl } : {}) }) - 1;
      runIndex.set(key, u);
    }
    return u;
  };
  const series = order(input.series)
    .filter((s) => s.points.length > 0)
    .map((s, n) => {
      const outliers = new Set(s.outliers ?? []);
      return {
        id: `s${n}`,
        suite: s.suite,
        benchmark: s.benchmark,
        metric: s.metric,
        unit: s.unit,
        scale: chartScale(s.unit, Math.max(...s.points.map((p) => Math.abs(p.record.q3)))),
        points: s.points.map((p, i) => ({
          u: run(p),
          v: p.value,
          l: p.record.q1,
          h: p.record.q3,
          ...(outliers.has(i) ? { o: 1 as const } : {}),
        })),
        steps: s.steps.map((x) => ({
          i: x.index,
          k: x.kind,
          x: x.estimate?.change ?? x.change,
          ci: x.estimate?.ci ?? null,
          p: x.p,
          open: x.open,
          b: x.levelBefore,
          a: x.levelAfter,
          ...(x.machineChanged ? { m: 1 as const } : {}),
          ...(x.suiteChanged ? { s: 1 as const } : {}),
          ...paired(x),
        })),
      };
    });
  return {
    title: input.title,
    generatedAt: input.generatedAt,
    commitUrl: input.commitUrl ?? null,
    method: input.method ?? null,
    runs,
    series,
  };
}

/** JSON safe inside a <script> element: every `<` as \u003c, so no `</script` or `<!--` survives. */
function jsonInScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** Library code safe inside a <script> element: a `</script` in a string literal would end it. */
function codeInScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1');
}

const STYLE = `
:root { --fg: #1b1f24; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --card: #f6f8fa; --reg: #d62728; --imp: #2ca02c; --main: #1f77b4; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 -apple-system, "Segoe UI", "DejaVu Sans", Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 16px 24px; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: baseline; }
header h1 { font-size: 20px; margin: 0; }
header .meta { color: var(--muted); }
.controls { display: flex; gap: 12px; align-items: center; margin-left: auto; }
.controls input[type=search] { width: 260px; padding: 4px 8px; border: 1px solid var(--line); border-radius: 6px; font: inherit; }
#summary { padding: 8px 24px; color: var(--muted); }
#summary a { color: var(--reg); }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 16px; padding: 16px 24px 32px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; min-width: 0; }
.card.hidden { display: none; }
.card h2 { font-size: 15px; margin: 0 0 2px; display: flex; gap: 8px; align-items: baseline; }
.card h2 .metric { color: var(--muted); font-weight: normal; }
.card h2 .badge { font-size: 12px; font-weight: 600; color: #fff; background: var(--reg); border-radius: 10px; padding: 0 8px; }
.card .latest { color: var(--muted); font-size: 12px; }
.card .plot { position: relative; height: 260px; margin-top: 6px; }
.card .tools { display: flex; justify-content: space-between; align-items: center; font-size: 12px; color: var(--muted); }
.card button { font: inherit; font-size: 12px; padding: 1px 8px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); cursor: pointer; }
.card ul.steps { margin: 6px 0 0; padding-left: 18px; font-size: 12px; }
.card ul.steps li.regression { color: var(--reg); }
.card ul.steps li.improvement { color: var(--imp); }
.card ul.steps li.within-noise { color: var(--muted); }
footer { padding: 0 24px 24px; color: var(--muted); font-size: 12px; }
`;

/**
 * The page's script: reads the embedded data, draws a card's chart when it comes into view,
 * and wires the filter, the clicks and the zoom. `window.perfgate` exposes the charts and the
 * URL a click opened, for people debugging a page and for the browser tests.
 */
const SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('perfgate-data').textContent);
  // Each point gets its run's commit (c), date (d) and run URL (r) back.
  data.series.forEach(function (s) { s.points = s.points.map(function (p) { return Object.assign({}, data.runs[p.u], p); }); });
  Chart.register(window.ChartZoom, window['chartjs-plugin-annotation']);
  var COLOURS = { regression: '#d62728', improvement: '#2ca02c', 'within-noise': '#8c959f' };
  var charts = new Map();
  window.perfgate = { data: data, charts: charts, opened: [] };

  function short(c) { return c.slice(0, 7); }
  function commitUrl(c) { return data.commitUrl ? data.commitUrl.split('{sha}').join(encodeURIComponent(c)) : null; }
  function pct(x) { var v = x * 100; var a = Math.abs(v); return (v > 0 ? '+' : '') + (a >= 10 ? v.toFixed(1) : v.toFixed(2)) + '%'; }
  function num(v) { var a = Math.abs(v); return a >= 100 ? v.toFixed(1) : a >= 1 ? v.toFixed(3) : v.toPrecision(3); }
  function open(url) { window.perfgate.opened.push(url); window.open(url, '_blank', 'noopener'); }

  function build(card, s) {
    var f = s.scale.factor;
    var pts = s.points;
    var median = pts.map(function (p, i) { return { x: i, y: p.v * f }; });
    var annotations = {};
    s.steps.forEach(function (st, n) {
      var colour = st.cf === 'd' ? COLOURS['within-noise'] : COLOURS[st.k];
      annotations['step' + n] = {
        type: 'line', xMin: st.i - 0.5, xMax: st.i - 0.5, borderColor: colour, borderWidth: 2,
        borderDash: st.k === 'regression' && st.open && st.cf !== 'd' ? [] : [6, 4],
        label: { display: true, content: pct(st.x) + (st.cf === 'd' ? ' drift' : ''), position: 'start', backgroundColor: colour, color: '#fff', font: { size: 11, weight: 'bold' } },
      };
    });
    // Segment means between the change points, as the detector saw them.
    var bounds = [0].concat(s.steps.map(function (st) { return st.i; })).concat([pts.length]);
    var levels = s.steps.length ? [s.steps[0].b].concat(s.steps.map(function (st) { return st.a; })) : [];
    levels.forEach(function (level, n) {
      annotations['level' + n] = { type: 'line', xMin: bounds[n] - 0.4, xMax: bounds[n + 1] - 0.6, yMin: level * f, yMax: level * f, borderColor: 'rgba(89,99,110,0.7)', borderWidth: 1.5, borderDash: [3, 3] };
    });
    var canvas = card.querySelector('canvas');
    var chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [
        { label: 'q3', data: pts.map(function (p, i) { return { x: i, y: p.h * f }; }), borderWidth: 0, pointRadius: 0, pointHitRadius: 0, fill: '+1', backgroundColor: 'rgba(31,119,180,0.13)' },
        { label: 'q1', data: pts.map(function (p, i) { return { x: i, y: p.l * f }; }), borderWidth: 0, pointRadius: 0, pointHitRadius: 0, fill: false },
        { label: 'median', data: median, borderColor: '#1f77b4', backgroundColor: '#1f77b4', borderWidth: 1.5, pointRadius: 3, pointHoverRadius: 6, pointHitRadius: 6,
          pointStyle: pts.map(function (p) { return p.o ? 'crossRot' : 'circle'; }),
          pointBorderColor: pts.map(function (p) { return p.o ? '#e36209' : '#1f77b4'; }) },
      ] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
        interaction: { mode: 'nearest', intersect: true },
        scales: {
          x: {
            type: 'linear', min: -0.5, max: pts.length - 0.5,
            // Ticks on runs only (every k-th of those in view, about 8), labelled with the date.
            afterBuildTicks: function (scale) {
              var lo = Math.ceil(scale.min), hi = Math.floor(scale.max), step = Math.max(1, Math.ceil((hi - lo + 1) / 8)), t = [];
              for (var i = lo; i <= hi; i += step) t.push({ value: i });
              scale.ticks = t;
            },
            ticks: { callback: function (v) { var p = pts[v]; return p ? p.d.slice(5, 10) : ''; } },
          },
          y: { title: { display: true, text: s.metric + ' (' + s.scale.unit + ')' } },
        },
        onHover: function (e, els) { e.native.target.style.cursor = els.length ? 'pointer' : 'default'; },
        onClick: function (e, els) {
          var hit = els.filter(function (el) { return el.datasetIndex === 2; })[0];
          if (!hit) return;
          var url = commitUrl(pts[hit.index].c);
          if (url) open(url);
        },
        plugins: {
          legend: { display: false },
          decimation: { enabled: false },
          tooltip: {
            filter: function (item) { return item.datasetIndex === 2; },
            callbacks: {
              title: function (items) { var p = pts[items[0].dataIndex]; return short(p.c) + ' · ' + p.d.slice(0, 10); },
              label: function (item) { var p = pts[item.dataIndex]; return 'median ' + num(p.v * f) + ' ' + s.scale.unit + ' (quartiles ' + num(p.l * f) + '–' + num(p.h * f) + ')' + (p.o ? ', set aside as an outlier' : ''); },
              footer: function () { return data.commitUrl ? 'click: open the commit' : ''; },
            },
          },
          annotation: { annotations: annotations },
          zoom: {
            limits: { x: { min: -0.5, max: pts.length - 0.5, minRange: 3 } },
            zoom: { wheel: { enabled: true }, pinch: { enabled: true }, drag: { enabled: true, threshold: 8, backgroundColor: 'rgba(31,119,180,0.15)' }, mode: 'x' },
            pan: { enabled: true, mode: 'x', modifierKey: 'shift' },
          },
        },
      },
    });
    charts.set(s.id, chart);
    card.querySelector('button.reset').addEventListener('click', function () { chart.resetZoom(); });
  }

  var byId = new Map(data.series.map(function (s) { return [s.id, s]; }));
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (!e.isIntersecting || charts.has(e.target.id)) return;
      observer.unobserve(e.target);
      build(e.target, byId.get(e.target.id));
    });
  }, { rootMargin: '300px 0px' });
  document.querySelectorAll('.card').forEach(function (card) { observer.observe(card); });

  var search = document.getElementById('filter');
  var onlyOpen = document.getElementById('only-open');
  function applyFilter() {
    var q = search.value.trim().toLowerCase();
    document.querySelectorAll('.card').forEach(function (card) {
      var text = card.getAttribute('data-name').toLowerCase();
      var show = (q === '' || text.indexOf(q) !== -1) && (!onlyOpen.checked || card.hasAttribute('data-open'));
      card.classList.toggle('hidden', !show);
    });
  }
  search.addEventListener('input', applyFilter);
  onlyOpen.addEventListener('change', applyFilter);
  document.body.setAttribute('data-ready', '1');
})();
`;

function card(s: DashboardData['series'][number], runs: DashboardData['runs'], commitUrl: string | null): string {
  const at = (i: number): DashboardData['runs'][number] => runs[s.points[i]!.u]!;
  const last = { ...s.points[s.points.length - 1]!, ...at(s.points.length - 1) };
  const open = s.steps.some(alerting);
  const link = (c: string): string =>
    commitUrl
      ? `<a href="${escapeHtml(commitUrl.split('{sha}').join(encodeURIComponent(c)))}">${escapeHtml(c.slice(0, 7))}</a>`
      : `<code>${escapeHtml(c.slice(0, 7))}</code>`;
  const pct = (x: number): string => `${x > 0 ? '+' : ''}${(x * 100).toFixed(Math.abs(x) >= 0.1 ? 1 : 2)}%`;
  const steps = s.steps
    .map((x) => {
      const what =
        x.cf === 'd'
          ? 'drift (not confirmed by a paired run)'
          : x.k === 'regression'
            ? x.open
              ? 'regression, open'
              : 'regression, recovered'
            : x.k === 'improvement'
              ? 'improvement'
              : 'within θ';
      const ci = x.ci ? ` [${pct(x.ci[0])}, ${pct(x.ci[1])}]` : '';
      const caveat = `${x.m ? '; the machine changed here' : ''}${x.s ? '; the suite file changed here' : ''}${x.cf === 'c' ? `; confirmed by a paired run${x.cu ? `, culprit ${link(x.cu)}` : ''}` : ''}`;
      return `<li class="${x.cf === 'd' ? 'within-noise' : x.k}">${pct(x.x)}${ci} at ${link(at(x.i).c)} (${escapeHtml(at(x.i).d.slice(0, 10))}): ${what}${caveat}</li>`;
    })
    .join('');
  const value = last.v * s.scale.factor;
  const name = `${s.suite} ${s.benchmark} ${s.metric}`;
  return [
    `<section class="card" id="${s.id}" data-name="${escapeHtml(name)}"${open ? ' data-open=""' : ''}>`,
    `<h2><span>${escapeHtml(s.benchmark)}</span><span class="metric">${escapeHtml(s.metric)}</span>${open ? '<span class="badge">open regression</span>' : ''}</h2>`,
    `<div class="latest">${escapeHtml(s.suite)} · ${s.points.length} runs · latest ${Number(value.toPrecision(5))} ${escapeHtml(s.scale.unit)} at ${link(last.c)} (${escapeHtml(last.d.slice(0, 10))})</div>`,
    `<div class="plot"><canvas role="img" aria-label="${escapeHtml(`${s.benchmark} ${s.metric} history`)}"></canvas></div>`,
    `<div class="tools"><span>wheel or drag: zoom · shift-drag: pan · click a point: its commit</span><button class="reset" type="button">reset zoom</button></div>`,
    steps ? `<ul class="steps">${steps}</ul>` : '',
    '</section>',
  ].join('\n');
}

export function renderDashboard(input: DashboardInput, libs: ChartLibraries): string {
  const data = dashboardData(input);
  const open = data.series.filter((s) => s.steps.some(alerting));
  const summary =
    data.series.length === 0
      ? 'No history yet: run <code>perfgate history add</code> after a baseline run.'
      : `${data.series.length} series · ${open.length === 0 ? 'no open regression' : `${open.length} with an open regression: ${open.map((s) => `<a href="#${s.id}">${escapeHtml(`${s.benchmark} ${s.metric}`)}</a>`).join(', ')}`}`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(data.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${escapeHtml(data.title)}</h1><span class="meta">generated ${escapeHtml(data.generatedAt.slice(0, 16).replace('T', ' '))} UTC by perfgate</span>`,
    '<div class="controls"><input type="search" id="filter" placeholder="filter benchmarks" aria-label="filter benchmarks"><label><input type="checkbox" id="only-open"> open regressions only</label></div></header>',
    `<div id="summary">${summary}</div>`,
    '<main>',
    ...data.series.map((s) => card(s, data.runs, data.commitUrl)),
    '</main>',
    `<footer>Each point is one run's median (band: quartiles). Vertical lines are change points${data.method ? ` (${escapeHtml(data.method)})` : ''}: red regression, green improvement, grey within θ; solid while a regression is still open. Dotted lines are the segment means. Charts by Chart.js, chartjs-plugin-zoom, chartjs-plugin-annotation and Hammer.js (MIT licences, in the scripts below).</footer>`,
    `<script type="application/json" id="perfgate-data">${jsonInScript(data)}</script>`,
    ...(['hammer', 'chart', 'zoom', 'annotation'] as const).map((k) => `<script>${codeInScript(libs[k])}</script>`),
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
