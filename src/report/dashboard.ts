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
import { PRIMARY_METRICS } from '../compare/analyze.js';
import { escapeHtml } from './escape.js';
import { formatCi, formatPercent } from '../results/format.js';
import { benchmarkAnchor } from './benchmark-anchor.js';
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
  /**
   * The runs (c commit, d date, r run URL, s commit subject, f failed host checks), once each:
   * every series of a suite shares them.
   */
  runs: { c: string; d: string; r?: string; s?: string; f?: string[] }[];
  /** In page order: benchmark by benchmark (see order), each benchmark's series together. */
  series: {
    id: string;
    suite: string;
    benchmark: string;
    metric: string;
    unit: string;
    /** The benchmark's section id (report/benchmark-anchor.ts): the PR comment links there. */
    anchor: string;
    /** The suite gates this metric (its records carry a threshold θ). */
    gated: boolean;
    /** Shown folded under the benchmark's context metrics. */
    folded: boolean;
    /**
     * The y axis: `zero` starts it at 0 (context metrics, so a page-fault count moving 120 → 125
     * is not auto-scaled into a swing across the chart); `max` for a series flat at zero, which
     * Chart.js would otherwise centre in an arbitrary range.
     */
    axis: { zero: boolean; max?: number };
    scale: ChartScale;
    /** u index into runs, v median, l/h quartiles, o outlier. */
    points: { u: number; v: number; l: number; h: number; o?: 1 }[];
    /**
     * i index, k kind, x change, ci interval (or null), p, open, b/a segment means, m/s
     * machine/suite changed, h host checks that failed in the runs around it, cf what a paired run
     * said (c confirmed, d drift: not confirmed), cu the culprit it isolated.
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
      h?: string[];
      cf?: 'c' | 'd';
      cu?: string;
    }[];
  }[];
}

/** Why a commit URL template is unusable, or null. */
export function commitUrlProblem(template: string): string | null {
  if (!/^https?:\/\/[^\s"'<>]+$/.test(template))
    return `commit URL ${JSON.stringify(template)}: expected an http(s) URL without spaces or quotes`;
  if (!template.includes('{sha}'))
    return `commit URL ${JSON.stringify(template)}: expected {sha} where the commit id goes`;
  return null;
}

/** The suite gates a metric when its records carry a threshold θ (compare/analyze.ts: gated = has θ). */
function isGated(s: DashboardSeries): boolean {
  return s.points.some((p) => p.record.threshold !== undefined);
}

/** What a paired run concluded about a step, in the page's short keys. */
function paired(x: Step): { cf?: 'c' | 'd'; cu?: string } {
  const c = x.confirmation;
  if (!c) return {};
  return c.outcome === 'rejected' ? { cf: 'd' } : { cf: 'c', ...(c.culprit ? { cu: c.culprit.commit } : {}) };
}

/** A regression still open that no paired run rejected (drift stays on the chart, not in the badge). */
function alerting(x: { k: Step['kind']; open: boolean; cf?: 'c' | 'd' }): boolean {
  return x.k === 'regression' && x.open && x.cf !== 'd';
}

const hasOpenRegression = (s: DashboardSeries): boolean =>
  s.steps.some((x) => alerting({ k: x.kind, open: x.open, ...paired(x) }));

/** Rank of a metric among the primary ones (time first), the rest after them. */
function primaryRank(metric: string): number {
  const i = PRIMARY_METRICS.indexOf(metric);
  return i === -1 ? PRIMARY_METRICS.length : i;
}

/**
 * The metrics of one benchmark that are folded away: those the suite does not gate (context:
 * cpu-migrations, page-faults, context-switches). A benchmark with no gated metric (records
 * without θ) keeps its primary metrics in view; one without those either folds nothing.
 */
function foldedMetrics(series: readonly DashboardSeries[]): Set<string> {
  const shown = series.filter(isGated);
  const primary = shown.length > 0 ? shown : series.filter((s) => PRIMARY_METRICS.includes(s.metric));
  const keep = new Set((primary.length > 0 ? primary : series).map((s) => s.metric));
  return new Set(series.filter((s) => !keep.has(s.metric)).map((s) => s.metric));
}

/**
 * Page order: benchmark by benchmark, those with an open regression first, then by suite and
 * name; within one, the metrics in view first (an open regression first, then time, then the
 * counters), the folded context metrics after them by name.
 */
function order(series: readonly DashboardSeries[]): { series: DashboardSeries; folded: boolean }[] {
  const groups = new Map<string, DashboardSeries[]>();
  for (const s of series) {
    const key = `${s.suite}\n${s.benchmark}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const sections = [...groups.values()].map((list) => {
    const folded = foldedMetrics(list);
    const open = list.some((s) => !folded.has(s.metric) && hasOpenRegression(s));
    const sorted = [...list].sort(
      (a, b) =>
        Number(folded.has(a.metric)) - Number(folded.has(b.metric)) ||
        (folded.has(a.metric) ? 0 : Number(hasOpenRegression(b)) - Number(hasOpenRegression(a))) ||
        (folded.has(a.metric) ? 0 : primaryRank(a.metric) - primaryRank(b.metric)) ||
        a.metric.localeCompare(b.metric),
    );
    return { open, first: list[0]!, list: sorted.map((s) => ({ series: s, folded: folded.has(s.metric) })) };
  });
  sections.sort(
    (a, b) =>
      Number(b.open) - Number(a.open) ||
      a.first.suite.localeCompare(b.first.suite) ||
      a.first.benchmark.localeCompare(b.first.benchmark),
  );
  return sections.flatMap((x) => x.list);
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
      const { runUrl, subject, hostFailed } = p.record;
      u =
        runs.push({
          c: p.commit,
          d: p.date,
          ...(runUrl ? { r: runUrl } : {}),
          ...(subject ? { s: subject } : {}),
          ...(hostFailed && hostFailed.length > 0 ? { f: hostFailed } : {}),
        }) - 1;
      runIndex.set(key, u);
    }
    return u;
  };
  const series = order(input.series.filter((s) => s.points.length > 0)).map(({ series: s, folded }, n) => {
    const outliers = new Set(s.outliers ?? []);
    const gated = isGated(s);
    const flatZero = s.points.every((p) => p.record.q1 === 0 && p.record.q3 === 0 && p.value === 0);
    return {
      id: `s${n}`,
      suite: s.suite,
      benchmark: s.benchmark,
      metric: s.metric,
      unit: s.unit,
      anchor: benchmarkAnchor(s.suite, s.benchmark),
      gated,
      folded,
      axis: { zero: !gated || flatZero, ...(flatZero ? { max: 1 } : {}) },
      scale: chartScale(s.unit, Math.max(...s.points.map((p) => Math.abs(p.record.q3)))),
      points: s.points.map((p, i) => ({
        u: run(p),
        v: p.value,
        l: p.record.q1,
        h: p.record.q3,
        ...(outliers.has(i) ? { o: 1 as const } : {}),
      })),
      steps: s.steps.map((x) => {
        const host = [...new Set((x.hostFailed ?? []).flatMap((r) => r.checks))].sort();
        return {
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
          ...(host.length > 0 ? { h: host } : {}),
          ...paired(x),
        };
      }),
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
main { padding: 8px 24px 32px; }
section.bench { margin: 0 0 20px; }
section.bench.hidden, .card.hidden, details.context.hidden { display: none; }
section.bench > h2 { font-size: 16px; margin: 8px 0; display: flex; gap: 8px; align-items: baseline; }
section.bench > h2 a { color: inherit; text-decoration: none; }
section.bench > h2 a:hover { text-decoration: underline; }
section.bench > h2 .suite { color: var(--muted); font-weight: normal; font-size: 13px; }
.badge { font-size: 12px; font-weight: 600; color: #fff; background: var(--reg); border-radius: 10px; padding: 0 8px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 16px; }
details.context { margin-top: 10px; }
details.context > summary { cursor: pointer; color: var(--muted); font-size: 13px; margin-bottom: 8px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; min-width: 0; }
.card h3 { font-size: 15px; margin: 0 0 2px; display: flex; gap: 8px; align-items: baseline; }
.card .latest, .card .point { color: var(--muted); font-size: 12px; }
.card .point { min-height: 1.45em; overflow-wrap: anywhere; }
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
 * The page's script: reads the embedded data, draws a card's chart when it comes into view
 * (a folded card when its benchmark's context metrics are opened), and wires the filter, the
 * clicks, the zoom and the links to a benchmark or a card. `window.perfgate` exposes the charts
 * and the URLs a click opened, for people debugging a page and for the browser tests. Text
 * from the records (subjects) reaches the page as text nodes and canvas text only, never as HTML.
 */
const SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('perfgate-data').textContent);
  // Each point gets its run's commit (c), date (d), run URL (r), subject (s) and failed host checks (f) back.
  data.series.forEach(function (s) { s.points = s.points.map(function (p) { return Object.assign({}, data.runs[p.u], p); }); });
  Chart.register(window.ChartZoom, window['chartjs-plugin-annotation']);
  var COLOURS = { regression: '#d62728', improvement: '#2ca02c', 'within-noise': '#8c959f' };
  var charts = new Map();
  window.perfgate = { data: data, charts: charts, opened: [] };

  function short(c) { return c.slice(0, 7); }
  function when(d) { return d.slice(0, 10) + ' ' + d.slice(11, 16) + ' UTC'; }
  function commitUrl(c) { return data.commitUrl ? data.commitUrl.split('{sha}').join(encodeURIComponent(c)) : null; }
  // results/format.ts's rules in the browser: a value that rounds to zero is unsigned zero, never
  // '-0.00' or an exponent.
  function fixed(v, d) { var t = v.toFixed(d); return Number(t) === 0 ? (0).toFixed(d) : t; }
  function pct(x) { var v = x * 100; var t = fixed(v, Math.abs(v) >= 10 ? 1 : 2); return (Number(t) > 0 ? '+' : '') + t + '%'; }
  function num(v) { var a = Math.abs(v); return a >= 100 ? fixed(v, 1) : a >= 1 ? fixed(v, 3) : a >= 1e-6 ? v.toPrecision(3) : fixed(0, 3); }
  function open(url) { window.perfgate.opened.push(url); window.open(url, '_blank', 'noopener'); }
  function counts(keys) { var n = {}; keys.forEach(function (k) { n[k] = (n[k] || 0) + 1; }); return n; }
  function repeats(keys) { var n = counts(keys); return keys.some(function (k) { return n[k] > 1; }); }

  // One label per run: the day, with the time when a day holds several runs, and the short
  // commit too when runs share a minute, so no two runs read alike.
  function runLabels(pts) {
    var withTime = repeats(pts.map(function (p) { return p.d.slice(0, 10); }));
    var withSha = withTime && repeats(pts.map(function (p) { return p.d.slice(0, 16); }));
    return pts.map(function (p) { return p.d.slice(5, 10) + (withTime ? ' ' + p.d.slice(11, 16) : '') + (withSha ? ' ' + short(p.c) : ''); });
  }

  // The hovered run under the chart, with real links (text nodes only: the subject is untrusted).
  function showPoint(card, s, p) {
    var el = card.querySelector('.point');
    el.textContent = '';
    function text(t) { el.appendChild(document.createTextNode(t)); }
    function link(label, url) {
      if (!url || !/^https?:\/\//.test(url)) return text(label);
      var a = document.createElement('a'); a.href = url; a.rel = 'noopener'; a.textContent = label; el.appendChild(a);
    }
    link(short(p.c), commitUrl(p.c));
    text(' · ' + when(p.d) + (p.s ? ' · ' + p.s : '') + ' · median ' + num(p.v * s.scale.factor) + ' ' + s.scale.unit);
    if (p.r) { text(' · '); link('run', p.r); }
    if (p.f) text(' · host checks failed: ' + p.f.join(', '));
  }

  function build(card, s) {
    var f = s.scale.factor;
    var pts = s.points;
    var labels = runLabels(pts);
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
    var y = { beginAtZero: s.axis.zero, title: { display: true, text: s.metric + ' (' + s.scale.unit + ')' } };
    if (s.axis.max !== undefined) y.suggestedMax = s.axis.max;
    // Whole events have no fractional ticks (0.5 migrations).
    if (s.unit === 'count' && f === 1) y.ticks = { precision: 0 };
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
            // One position per run, not per day; ticks on runs only (every k-th of those in view, about 8).
            afterBuildTicks: function (scale) {
              var lo = Math.ceil(scale.min), hi = Math.floor(scale.max), step = Math.max(1, Math.ceil((hi - lo + 1) / 8)), t = [];
              for (var i = lo; i <= hi; i += step) t.push({ value: i });
              scale.ticks = t;
            },
            ticks: { callback: function (v) { return labels[v] !== undefined ? labels[v] : ''; } },
          },
          y: y,
        },
        onHover: function (e, els) {
          e.native.target.style.cursor = els.length ? 'pointer' : 'default';
          var hit = els.filter(function (el) { return el.datasetIndex === 2; })[0];
          if (hit) showPoint(card, s, pts[hit.index]);
        },
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
              title: function (items) { var p = pts[items[0].dataIndex]; return [short(p.c) + ' · ' + when(p.d)].concat(p.s ? [p.s] : []); },
              label: function (item) { var p = pts[item.dataIndex]; return 'median ' + num(p.v * f) + ' ' + s.scale.unit + ' (quartiles ' + num(p.l * f) + '–' + num(p.h * f) + ')' + (p.o ? ', set aside as an outlier' : ''); },
              afterLabel: function (item) { var p = pts[item.dataIndex]; return p.f ? 'host checks failed: ' + p.f.join(', ') : ''; },
              footer: function (items) {
                var p = items.length ? pts[items[0].dataIndex] : null;
                return (p && p.r ? ['run: ' + p.r] : []).concat(data.commitUrl ? ['click: open the commit'] : []);
              },
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
  // A folded card is not laid out, so it never intersects: it is drawn when its <details> opens.
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (!e.isIntersecting || charts.has(e.target.id)) return;
      observer.unobserve(e.target);
      build(e.target, byId.get(e.target.id));
    });
  }, { rootMargin: '300px 0px' });
  document.querySelectorAll('.card').forEach(function (card) { observer.observe(card); });

  // A link to a folded card (the summary's, or a URL's #fragment) opens its context metrics.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) return;
    var folded = el.closest('details');
    if (folded && !folded.open) { folded.open = true; el.scrollIntoView(); }
  }
  window.addEventListener('hashchange', reveal);
  reveal();

  var search = document.getElementById('filter');
  var onlyOpen = document.getElementById('only-open');
  function applyFilter() {
    var q = search.value.trim().toLowerCase();
    document.querySelectorAll('.card').forEach(function (card) {
      var text = card.getAttribute('data-name').toLowerCase();
      var show = (q === '' || text.indexOf(q) !== -1) && (!onlyOpen.checked || card.hasAttribute('data-open'));
      card.classList.toggle('hidden', !show);
    });
    // A benchmark shows while any of its cards does; its folded part only when a card in it matches.
    document.querySelectorAll('details.context').forEach(function (d) {
      d.classList.toggle('hidden', !d.querySelector('.card:not(.hidden)'));
    });
    document.querySelectorAll('section.bench').forEach(function (b) {
      b.classList.toggle('hidden', !b.querySelector('.card:not(.hidden)'));
    });
  }
  search.addEventListener('input', applyFilter);
  onlyOpen.addEventListener('change', applyFilter);
  document.body.setAttribute('data-ready', '1');
})();
`;

type SeriesData = DashboardData['series'][number];

function card(s: SeriesData, runs: DashboardData['runs'], commitUrl: string | null): string {
  const at = (i: number): DashboardData['runs'][number] => runs[s.points[i]!.u]!;
  const last = { ...s.points[s.points.length - 1]!, ...at(s.points.length - 1) };
  const open = s.steps.some(alerting);
  const link = (c: string): string =>
    commitUrl
      ? `<a href="${escapeHtml(commitUrl.split('{sha}').join(encodeURIComponent(c)))}">${escapeHtml(c.slice(0, 7))}</a>`
      : `<code>${escapeHtml(c.slice(0, 7))}</code>`;
  const subject = (run: DashboardData['runs'][number]): string => (run.s ? ` “${escapeHtml(run.s)}”` : '');
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
      const ci = x.ci ? ` ${formatCi(x.ci)}` : '';
      const caveat = `${x.m ? '; the machine changed here' : ''}${x.s ? '; the suite file changed here' : ''}${x.h ? `; host checks failed in the runs around it (${escapeHtml(x.h.join(', '))})` : ''}${x.cf === 'c' ? `; confirmed by a paired run${x.cu ? `, culprit ${link(x.cu)}` : ''}` : ''}`;
      return `<li class="${x.cf === 'd' ? 'within-noise' : x.k}">${formatPercent(x.x)}${ci} at ${link(at(x.i).c)} (${escapeHtml(at(x.i).d.slice(0, 10))})${subject(at(x.i))}: ${what}${caveat}</li>`;
    })
    .join('');
  const value = last.v * s.scale.factor;
  const name = `${s.suite} ${s.benchmark} ${s.metric}`;
  return [
    `<article class="card" id="${s.id}" data-name="${escapeHtml(name)}"${open ? ' data-open=""' : ''}>`,
    `<h3><span class="metric">${escapeHtml(s.metric)}</span>${s.gated ? '' : '<span class="latest">context, not gated</span>'}${open ? '<span class="badge">open regression</span>' : ''}</h3>`,
    `<div class="latest">${s.points.length} runs · latest ${Number(value.toPrecision(5))} ${escapeHtml(s.scale.unit)} at ${link(last.c)} (${escapeHtml(last.d.slice(0, 16).replace('T', ' '))} UTC)${subject(last)}</div>`,
    `<div class="plot"><canvas role="img" aria-label="${escapeHtml(`${s.benchmark} ${s.metric} history`)}"></canvas></div>`,
    '<div class="point" aria-live="polite"></div>',
    `<div class="tools"><span>hover a point: its run · wheel or drag: zoom · shift-drag: pan · click a point: its commit</span><button class="reset" type="button">reset zoom</button></div>`,
    steps ? `<ul class="steps">${steps}</ul>` : '',
    '</article>',
  ].join('\n');
}

/** One benchmark's section: its gated metrics, then its context metrics folded. */
function section(list: readonly SeriesData[], runs: DashboardData['runs'], commitUrl: string | null): string {
  const first = list[0]!;
  const shown = list.filter((s) => !s.folded);
  const folded = list.filter((s) => s.folded);
  const open = shown.some((s) => s.steps.some(alerting));
  const anchor = escapeHtml(first.anchor);
  return [
    `<section class="bench" id="${anchor}">`,
    `<h2><a href="#${anchor}">${escapeHtml(first.benchmark)}</a><span class="suite">${escapeHtml(first.suite)}</span>${open ? '<span class="badge">open regression</span>' : ''}</h2>`,
    `<div class="cards">${shown.map((s) => card(s, runs, commitUrl)).join('\n')}</div>`,
    folded.length > 0
      ? `<details class="context"><summary>${folded.length} context metric${folded.length === 1 ? '' : 's'} (not gated): ${escapeHtml(folded.map((s) => s.metric).join(', '))}</summary><div class="cards">${folded.map((s) => card(s, runs, commitUrl)).join('\n')}</div></details>`
      : '',
    '</section>',
  ].join('\n');
}

/** The series grouped by benchmark section, in page order (dashboardData keeps a section's series together). */
function sections(series: readonly SeriesData[]): SeriesData[][] {
  const out: SeriesData[][] = [];
  for (const s of series) {
    const last = out[out.length - 1];
    if (last && last[0]!.anchor === s.anchor) last.push(s);
    else out.push([s]);
  }
  return out;
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
    ...sections(data.series).map((list) => section(list, data.runs, data.commitUrl)),
    '</main>',
    `<footer>Each point is one run's median (band: quartiles), one position per run. Vertical lines are change points${data.method ? ` (${escapeHtml(data.method)})` : ''}: red regression, green improvement, grey within θ; solid while a regression is still open. Dotted lines are the segment means. Metrics the suite does not gate (no threshold) are folded under each benchmark, on axes from zero. Charts by Chart.js, chartjs-plugin-zoom, chartjs-plugin-annotation and Hammer.js (MIT licences, in the scripts below).</footer>`,
    `<script type="application/json" id="perfgate-data">${jsonInScript(data)}</script>`,
    ...(['hammer', 'chart', 'zoom', 'annotation'] as const).map((k) => `<script>${codeInScript(libs[k])}</script>`),
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
