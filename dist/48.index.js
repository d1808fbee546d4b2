export const id = 48;
export const ids = [48];
export const modules = {

/***/ 18048:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 13 modules
var core = __webpack_require__(77094);
// EXTERNAL MODULE: ./build/errors.js
var errors = __webpack_require__(19473);
;// CONCATENATED MODULE: ./build/store/errors.js
/**
 * Typed failures of the GitHub door (src/store, src/store/comment.ts), so the action can tell
 * "GitHub said no" (permissions, expired artifact) from "GitHub was down" and word each one.
 * Messages never carry the token: they are built from the method, the route and GitHub's
 * answer only.
 */

/** A GitHub API call that failed for good (after the retries). */
class GitHubApiError extends errors/* PerfgateError */.f7 {
    operation;
    status;
    constructor(operation, status, detail) {
        super(`GitHub API: ${operation} failed: ${detail}`, errors/* EXIT */.dc.environment);
        this.operation = operation;
        this.status = status;
    }
}
/**
 * 403 on a write: the token may not write here. A pull request from a fork or one opened by
 * Dependabot runs with a read-only GITHUB_TOKEN whatever the workflow asks for.
 */
class GitHubPermissionError extends GitHubApiError {
}
/** An artifact upload failed; the local files are still there. */
class ArtifactUploadError extends errors/* PerfgateError */.f7 {
    artifactName;
    constructor(artifactName, detail) {
        super(`artifact upload of '${artifactName}' failed: ${detail}`, errors/* EXIT */.dc.environment);
        this.artifactName = artifactName;
    }
}
function isRequestError(err) {
    return err instanceof Error && typeof err.status === 'number';
}
/** GitHub's 422 `errors: [{ message }]` details, when present. */
function validationDetails(data) {
    if (typeof data !== 'object' || data === null)
        return [];
    const errors = data.errors;
    if (!Array.isArray(errors))
        return [];
    return errors.flatMap((e) => (typeof e === 'object' && e !== null && typeof e.message === 'string' ? [e.message] : typeof e === 'string' ? [e] : []));
}
/**
 * Turns whatever a GitHub call threw into a GitHubApiError naming the operation.
 * `permission` is the workflow permission the call needs (e.g. `pull-requests: write`), used
 * in the 403/404 hints.
 */
function toGitHubApiError(err, operation, permission) {
    if (err instanceof GitHubApiError)
        return err;
    if (!isRequestError(err)) {
        const message = err instanceof Error ? err.message : String(err);
        return new GitHubApiError(operation, null, `no answer from GitHub (${message})`);
    }
    // Octokit's message is GitHub's `message` plus the errors as JSON and ` - <documentation_url>`:
    // take GitHub's own `message` when there is one, and the errors' messages separately.
    const data = err.response?.data;
    const own = typeof data === 'object' && data !== null && typeof data.message === 'string' ? data.message : null;
    const said = own ?? err.message.replace(/ - https:\/\/\S+$/, '');
    const details = validationDetails(data);
    const headers = err.response?.headers ?? {};
    const detail = `${err.status} ${said}${details.length > 0 ? ` (${details.join('; ')})` : ''}`;
    const need = permission ? `\`permissions: ${permission}\`` : 'the permission this call needs';
    if (err.status === 401)
        return new GitHubApiError(operation, 401, `${detail}: the token is not valid (check the github-token input)`);
    if (err.status === 403 && (String(headers['x-ratelimit-remaining']) === '0' || /rate limit/i.test(said))) {
        return new GitHubApiError(operation, 403, `${detail}: rate limited, and still so after waiting`);
    }
    if (err.status === 403) {
        return new GitHubPermissionError(operation, 403, `${detail}: the token may not do this. Pull requests from forks and from Dependabot get a read-only GITHUB_TOKEN; otherwise grant ${need} in the workflow`);
    }
    if (err.status === 404)
        return new GitHubApiError(operation, 404, `${detail} (wrong repository, or the token lacks ${need})`);
    if (err.status >= 500)
        return new GitHubApiError(operation, err.status, `${detail}, still failing after the retries`);
    return new GitHubApiError(operation, err.status, detail);
}

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js
var github = __webpack_require__(61351);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/utils.js + 19 modules
var utils = __webpack_require__(85555);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(49735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(86856);
;// CONCATENATED MODULE: ./build/store/github.js
/**
 * The Octokit client every GitHub call of perfgate goes through: @actions/github's getOctokit
 * (REST methods + paginate) with
 * - @octokit/plugin-retry for 5xx and dropped connections (exponential: 1 s, 4 s, 9 s, ... by
 *   default), and
 * - @octokit/plugin-throttling for rate limits: 403/429 with `retry-after` (secondary limit)
 *   or `x-ratelimit-remaining: 0` (primary limit, waits until `x-ratelimit-reset`), as long as
 *   the wait stays under `maxRateLimitWaitS` — a job should fail with a clear message rather
 *   than sleep for an hour.
 * 429 is left to the throttling plugin alone so one response is never retried by both.
 * The token goes into the Authorization header only; nothing here logs it (retry notes carry
 * method, route and status).
 */





// Statuses plugin-retry must not retry: client errors, and 429, which the throttling plugin owns.
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];
/**
 * Notes each failed attempt that plugin-retry will retry (5xx, no answer). Registered first,
 * so it is the innermost hook and sees every attempt, not just the last.
 */
function retryNotes(log) {
    return (octokit) => {
        octokit.hook.error('request', (error, options) => {
            const status = error.status;
            if (typeof status !== 'number' || status >= 500) {
                const attempt = Number(options.request?.retryCount ?? 0) + 1;
                log(`GitHub API ${options.method} ${String(options.url)}: ${typeof status === 'number' ? status : error.message} on attempt ${attempt}`);
            }
            throw error;
        });
    };
}
function createGitHubClient(o) {
    if (o.token.trim() === '')
        throw new errors/* InputError */.dz("no GitHub token: set the 'github-token' input (default: ${{ github.token }})");
    const retries = o.retries ?? 4;
    const unit = o.retryUnitMs ?? 1000;
    const maxWait = o.maxRateLimitWaitS ?? 120;
    const log = o.log ?? (() => undefined);
    const onLimit = (kind) => (retryAfter, options, _octokit, retryCount) => {
        const route = `${options.method} ${options.url}`;
        if (retryCount >= retries) {
            log(`GitHub API ${route}: ${kind} rate limit, giving up after ${retries} retries`);
            return false;
        }
        if (retryAfter > maxWait) {
            log(`GitHub API ${route}: ${kind} rate limit resets in ${retryAfter} s, longer than the ${maxWait} s this job will wait`);
            return false;
        }
        log(`GitHub API ${route}: ${kind} rate limit, waiting ${retryAfter} s (retry ${retryCount + 1} of ${retries})`);
        return true;
    };
    return (0,github/* getOctokit */.Q)(o.token, {
        baseUrl: o.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com',
        // Keep @actions/github's proxy-aware fetch: a `request` option replaces its defaults whole.
        // Not `request.retries`: plugin-retry would then retry every error, 403s and 404s too.
        request: { ...utils/* defaults */.NT.request },
        retry: { doNotRetry: DO_NOT_RETRY, retryAfterBaseValue: unit, retries },
        throttle: {
            id: o.id ?? 'perfgate',
            retryAfterBaseValue: unit,
            onRateLimit: onLimit('primary'),
            onSecondaryRateLimit: onLimit('secondary'),
        },
        log: { debug: () => undefined, info: () => undefined, warn: log, error: log },
    }, retryNotes(log), dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A);
}
/**
 * Whether a pull request's head repository (`owner/repo`) is another repository than its base:
 * a fork. GitHub compares names case-insensitively. Names rather than `head.repo.fork`, which
 * is true for every branch of a repository that is itself a fork.
 */
function isForkHead(headFullName, baseFullName) {
    return headFullName.toLowerCase() !== baseFullName.toLowerCase();
}

// EXTERNAL MODULE: ./node_modules/markdown-table/index.js
var markdown_table = __webpack_require__(735);
;// CONCATENATED MODULE: ./build/report/comparison-text.js

const formatPp = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(2)} pp`.padStart(10);
const RANK = { regression: 0, improvement: 1, inconclusive: 2, unchanged: 3 };
function orderRows(rows) {
    return [...rows].sort((a, b) => RANK[a.verdict] - RANK[b.verdict] || b.change - a.change || a.benchmark.localeCompare(b.benchmark));
}
function cells(r, withVerdict) {
    const base = formatValue(r.median.base, r.unit);
    const head = formatValue(r.median.head, r.unit);
    return [
        r.benchmark,
        r.metric,
        `${base.text} ${base.unit}`,
        `${head.text} ${head.unit}`,
        formatPercent(r.change),
        formatCi(r.ci),
        r.threshold === null ? '-' : `±${(r.threshold * 100).toFixed(r.threshold < 0.01 ? 2 : 1)}%`,
        formatP(r.pAdjusted),
        r.n.base === r.n.head ? String(r.n.head) : `${r.n.base}/${r.n.head}`,
        withVerdict ? r.verdict.toUpperCase() : '',
    ];
}
function renderComparisonText(doc) {
    const head = ['benchmark', 'metric', 'base', 'head', 'change', `CI`, 'θ', 'p(adj)', 'n', 'verdict'];
    const right = new Set([2, 3, 4, 8]);
    const gated = orderRows(doc.rows.filter((r) => r.gated));
    const context = doc.rows.filter((r) => !r.gated && Number.isFinite(r.change));
    const out = [];
    const s = doc.summary;
    out.push(`perfgate ${doc.design} comparison: ${s.regressions} regression(s), ${s.improvements} improvement(s), ${s.unchanged} unchanged, ${s.inconclusive} inconclusive`);
    out.push(`baseline: ${doc.baseline.source}: ${doc.baseline.reason}`);
    if (s.geomeanChange) {
        out.push(`geometric mean ${s.geomeanChange.metric} change over ${s.geomeanChange.benchmarks} benchmark(s): ${formatPercent(s.geomeanChange.change)} ${formatCi(s.geomeanChange.ci)}`);
    }
    if (!doc.gate.comparable)
        out.push(`NOT GATED: the sides are not comparable:\n  ${doc.gate.reasons.join('\n  ')}`);
    out.push('', textTable(head, gated.map((r) => cells(r, true)), right));
    if (context.length > 0)
        out.push('', 'context (not gated):', textTable(head.slice(0, 9), context.map((r) => cells(r, false).slice(0, 9)), right));
    // One line per distinct note: a reason shared by every row (one baseline session) is said once.
    const byNote = new Map();
    for (const r of gated)
        if (r.note)
            byNote.set(r.note, [...(byNote.get(r.note) ?? []), `${r.benchmark} ${r.metric}`]);
    const notes = [...byNote].map(([note, where]) => (where.length > 3 ? `${where.length} rows: ${note}` : `${where.join(', ')}: ${note}`));
    const sampling = gated.filter((r) => r.sampling && r.sampling.stop !== 'fixed').map((r) => `${r.benchmark} ${r.metric}: ${r.sampling?.pairs} pairs in ${r.sampling?.looks} look(s), stopped: ${r.sampling?.stop}`);
    for (const list of [notes, sampling])
        if (list.length > 0)
            out.push('', ...list);
    for (const name of new Set(gated.filter((r) => r.verdict === 'regression' || r.verdict === 'improvement').map((r) => r.benchmark))) {
        const why = doc.explanations?.[name];
        if (!why)
            continue;
        out.push('', `${name}: frames whose share changed most (percentage points of the profile), diff: ${why.diff}`);
        for (const f of why.top.slice(0, 5))
            out.push(`  ${formatPp(f.selfDelta)} self  ${formatPp(f.totalDelta)} total  ${f.frame}`);
    }
    if (doc.added.length > 0)
        out.push('', `added (no baseline): ${doc.added.join(', ')}`);
    if (doc.removed.length > 0)
        out.push(`removed (only in base): ${doc.removed.join(', ')}`);
    for (const p of doc.problems)
        out.push(`${p.benchmark}: ${p.status} on ${p.side}${p.error ? `: ${p.error.split('\n')[0]}` : ''}`);
    for (const w of doc.warnings)
        out.push(`warning: ${w}`);
    const level = doc.sequential.looks > 1 ? `${((1 - doc.sequential.nominalAlpha) * 100).toFixed(1)}% intervals (Pocock, ${doc.sequential.looks} looks)` : '95% intervals';
    out.push('', `${level}; θ = noise threshold; p(adj) = Benjamini–Hochberg adjusted p of a change beyond +θ${doc.seed !== null ? `; seed ${doc.seed}` : ''}`);
    return `${out.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./build/results/format.js
/** Number formatting shared by the terminal and markdown renderers. */
/** 0.0312 → `+3.12%`; magnitudes under 0.01% keep two significant digits. */
function format_formatPercent(x) {
    if (!Number.isFinite(x))
        return 'n/a';
    const pct = x * 100;
    const abs = Math.abs(pct);
    const text = abs >= 10 ? pct.toFixed(1) : abs >= 0.01 || abs === 0 ? pct.toFixed(2) : pct.toPrecision(2);
    return `${pct > 0 ? '+' : ''}${text}%`;
}
function format_formatCi(ci) {
    return `[${format_formatPercent(ci[0])}, ${format_formatPercent(ci[1])}]`;
}
function format_formatP(p) {
    if (p === null || !Number.isFinite(p))
        return '-';
    return p < 0.001 ? '<0.001' : p.toFixed(3);
}
/** A measured value in its unit, with nanoseconds shown as milliseconds. */
function format_formatValue(value, unit) {
    if (!Number.isFinite(value))
        return { text: '-', unit };
    if (unit === 'ns')
        return format_formatValue(value / 1e6, 'ms');
    if (Number.isInteger(value) && Math.abs(value) >= 1000)
        return { text: value.toLocaleString('en-US'), unit };
    const abs = Math.abs(value);
    return { text: abs >= 100 ? value.toFixed(1) : abs >= 1 ? value.toFixed(3) : value.toPrecision(3), unit };
}
/** Left/right aligned plain-text table; `right` lists the numeric column indexes. */
function format_textTable(head, rows, right) {
    const all = [head, ...rows];
    const widths = head.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
    const line = (r) => r.map((v, c) => (right.has(c) ? v.padStart(widths[c] ?? 0) : v.padEnd(widths[c] ?? 0))).join('  ').trimEnd();
    return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// EXTERNAL MODULE: ./node_modules/simple-statistics/dist/simple-statistics.mjs
var simple_statistics = __webpack_require__(15521);
;// CONCATENATED MODULE: ./build/report/summary.js
/**
 * The per-benchmark summary of one results.json (median, min, max, CV per metric), rendered
 * for the terminal and as markdown for the job summary from the same rows.
 */



const ORDER = ['task-clock', 'instructions', 'wall', 'cycles', 'user', 'sys'];
function metricRank(m) {
    const i = ORDER.indexOf(m);
    return i === -1 ? ORDER.length : i;
}
function summaryRows(doc) {
    const rows = [];
    for (const b of doc.benchmarks) {
        const metrics = Object.entries(b.metrics)
            .filter(([, s]) => s.samples.length > 0)
            .sort(([a], [c]) => metricRank(a) - metricRank(c) || a.localeCompare(c));
        if (metrics.length === 0) {
            rows.push({ benchmark: b.name, status: b.status, metric: '-', unit: '', n: 0, median: NaN, min: NaN, max: NaN, cv: null });
        }
        for (const [metric, s] of metrics) {
            const m = (0,simple_statistics/* mean */.RE)(s.samples);
            rows.push({
                benchmark: b.name,
                status: b.status,
                metric,
                unit: s.unit,
                n: s.samples.length,
                median: (0,simple_statistics/* median */.JZ)(s.samples),
                min: (0,simple_statistics/* min */.jk)(s.samples),
                max: (0,simple_statistics/* max */.T9)(s.samples),
                cv: s.samples.length > 1 && m !== 0 ? (0,simple_statistics/* sampleStandardDeviation */.JK)(s.samples) / Math.abs(m) : null,
            });
        }
    }
    return rows;
}
function summary_cells(r) {
    const u = format_formatValue(r.median, r.unit).unit;
    return [
        r.benchmark,
        r.status,
        r.metric,
        u,
        String(r.n),
        format_formatValue(r.median, r.unit).text,
        format_formatValue(r.min, r.unit).text,
        format_formatValue(r.max, r.unit).text,
        r.cv === null ? '-' : `${(r.cv * 100).toFixed(2)}%`,
    ];
}
const HEAD = ['benchmark', 'status', 'metric', 'unit', 'n', 'median', 'min', 'max', 'CV'];
function renderSummaryText(doc) {
    const out = [format_textTable(HEAD, summaryRows(doc).map(summary_cells), new Set([4, 5, 6, 7, 8]))];
    const problems = doc.benchmarks.filter((b) => b.status !== 'ok');
    for (const b of problems)
        out.push(`${b.name}: ${b.status}: ${b.error ?? ''}`.trimEnd());
    out.push(`backend: ${doc.backendReason}`);
    return `${out.join('\n')}\n`;
}
/** Markdown-safe text: benchmark names and errors must not become markup or mentions. */
function escapeMarkdown(s) {
    return s.replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`).replace(/@/g, '@\u200b').replace(/\n/g, ' ');
}
function renderSummaryMarkdown(doc) {
    const rows = summaryRows(doc).map((r) => summary_cells(r).map((c, i) => (i < 3 ? escapeMarkdown(c) : c)));
    const failed = doc.benchmarks.filter((b) => b.status !== 'ok');
    const parts = [
        `### perfgate: ${doc.benchmarks.length} benchmarks, backend \`${doc.backend}\``,
        '',
        (0,markdown_table/* markdownTable */.Q)([HEAD, ...rows], { align: ['l', 'l', 'l', 'l', 'r', 'r', 'r', 'r', 'r'] }),
        '',
        `Backend: ${escapeMarkdown(doc.backendReason)}`,
    ];
    if (failed.length > 0) {
        parts.push('', `**${failed.length} benchmark(s) did not complete:**`, '');
        for (const b of failed)
            parts.push(`- ${escapeMarkdown(b.name)}: ${b.status}: ${escapeMarkdown((b.error ?? '').slice(0, 500))}`);
    }
    return `${parts.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./build/report/markdown.js
/**
 * The one markdown renderer for the PR comment and the job summary: verdicts first
 * (regressions, then improvements, then the rest folded away), the "why" (top frame deltas
 * and flame graph links) under each changed benchmark, and where the baseline came from.
 * Everything that came from results files is escaped: a benchmark name must not be able to
 * inject markup, HTML or @-mentions into a maintainer's PR.
 */




/** GitHub rejects issue comment bodies above this many characters. */
const GITHUB_COMMENT_LIMIT = 65_536;
function marker(suiteId) {
    return `<!-- perfgate:${suiteId.replace(/-->/g, '')} -->`;
}
const ICON = { regression: '🔴', improvement: '🟢', unchanged: '⚪', inconclusive: '🟡' };
function rowCells(r) {
    const base = format_formatValue(r.median.base, r.unit);
    const head = format_formatValue(r.median.head, r.unit);
    return [
        escapeMarkdown(r.benchmark),
        escapeMarkdown(r.metric),
        `${base.text} ${base.unit}`,
        `${head.text} ${head.unit}`,
        `${format_formatPercent(r.change)} ${format_formatCi(r.ci)}`,
        r.threshold === null ? '–' : `±${+(r.threshold * 100).toFixed(2)}%`,
        format_formatP(r.pAdjusted),
        r.n.base === r.n.head ? String(r.n.head) : `${r.n.base}/${r.n.head}`,
        `${ICON[r.verdict]} ${r.verdict}`,
    ];
}
const markdown_HEAD = ['benchmark', 'metric', 'base', 'head', 'change [CI]', 'θ', 'p(adj)', 'n', 'verdict'];
const ALIGN = ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'];
function table(rows) {
    return (0,markdown_table/* markdownTable */.Q)([markdown_HEAD, ...rows], { align: ALIGN });
}
function pp(x) {
    return `${x >= 0 ? '+' : ''}${x.toFixed(2)} pp`;
}
function framesTable(top) {
    return (0,markdown_table/* markdownTable */.Q)([['frame', 'self before', 'self after', 'Δ self', 'Δ total'], ...top.map((f) => [`\`${f.frame.replace(/`/g, "'").replace(/\|/g, '\\|')}\``, `${f.selfBefore.toFixed(2)}%`, `${f.selfAfter.toFixed(2)}%`, pp(f.selfDelta), pp(f.totalDelta)])], { align: ['l', 'r', 'r', 'r', 'r'] });
}
function age(ms) {
    if (ms === null)
        return 'age unknown';
    const h = ms / 3_600_000;
    return h < 48 ? `${Math.max(0, Math.round(h))} h old` : `${Math.round(h / 24)} days old`;
}
function renderReport(input) {
    const c = input.comparison;
    const s = c.summary;
    const limit = input.limit ?? GITHUB_COMMENT_LIMIT;
    const sections = [];
    const add = (priority, head, rows = [], tail = []) => {
        sections.push({ priority, head, rows, tail, cut: 0 });
    };
    const status = !c.gate.comparable ? '⚠️ not gated' : s.regressions > 0 ? '🔴 regression' : s.inconclusive > 0 ? '🟡 no regression found' : '🟢 no regression';
    const headline = [
        marker(input.suiteId),
        `## perfgate: ${status}`,
        '',
        `**${s.regressions}** regression(s) · **${s.improvements}** improvement(s) · ${s.unchanged} unchanged · ${s.inconclusive} inconclusive` +
            (s.geomeanChange ? ` · geomean ${escapeMarkdown(s.geomeanChange.metric)} ${format_formatPercent(s.geomeanChange.change)} ${format_formatCi(s.geomeanChange.ci)}` : ''),
    ];
    if (!c.gate.comparable)
        headline.push('', `> **Not gated**: the two sides are not comparable:`, ...c.gate.reasons.map((r) => `> - ${escapeMarkdown(r)}`));
    for (const n of input.notices ?? [])
        headline.push('', `> ${escapeMarkdown(n)}`);
    add(100, headline);
    const gated = orderRows(c.rows.filter((r) => r.gated));
    const groups = [
        ['Regressions', gated.filter((r) => r.verdict === 'regression'), 90],
        ['Improvements', gated.filter((r) => r.verdict === 'improvement'), 60],
    ];
    for (const [title, rows, priority] of groups) {
        if (rows.length === 0)
            continue;
        const lines = table(rows.map(rowCells)).split('\n');
        add(priority, ['', `### ${title}`, '', ...lines.slice(0, 2)], lines.slice(2));
    }
    const changed = [...new Set(gated.filter((r) => r.verdict === 'regression' || r.verdict === 'improvement').map((r) => r.benchmark))];
    for (const name of changed) {
        const why = c.explanations?.[name];
        if (!why || why.top.length === 0)
            continue;
        const lines = framesTable(why.top).split('\n');
        const link = input.artifactUrl ? ` ([differential flame graph](${input.artifactUrl}): \`${escapeMarkdown(why.diff)}\`)` : ` (\`${escapeMarkdown(why.diff)}\` in the report artifact)`;
        add(50, ['', `<details><summary>Why ${escapeMarkdown(name)} changed: frames whose share of the profile moved most${link}</summary>`, '', ...lines.slice(0, 2)], lines.slice(2), ['', '</details>']);
    }
    const rest = gated.filter((r) => r.verdict !== 'regression' && r.verdict !== 'improvement');
    if (rest.length > 0) {
        const lines = table(rest.map(rowCells)).split('\n');
        add(30, ['', `<details><summary>${rest.length} other gated row(s): unchanged or inconclusive</summary>`, '', ...lines.slice(0, 2)], lines.slice(2), ['', '</details>']);
    }
    const context = c.rows.filter((r) => !r.gated && Number.isFinite(r.change));
    if (context.length > 0) {
        const lines = table(context.map((r) => rowCells(r).map((cell, i) => (i === 8 ? 'context' : cell)))).split('\n');
        add(10, ['', `<details><summary>${context.length} context row(s) (no threshold, not gated)</summary>`, '', ...lines.slice(0, 2)], lines.slice(2), ['', '</details>']);
    }
    const facts = [];
    if (c.added.length > 0)
        facts.push(`Added (no baseline yet): ${c.added.map(escapeMarkdown).join(', ')}`);
    if (c.removed.length > 0)
        facts.push(`Removed: ${c.removed.map(escapeMarkdown).join(', ')}`);
    for (const p of c.problems)
        facts.push(`⚠️ ${escapeMarkdown(p.benchmark)} **${p.status}** on ${p.side}${p.error ? `: ${escapeMarkdown(p.error.split('\n')[0] ?? '')}` : ''}`);
    for (const w of c.warnings)
        facts.push(`⚠️ ${escapeMarkdown(w)}`);
    const byNote = new Map();
    for (const r of gated)
        if (r.note)
            byNote.set(r.note, [...(byNote.get(r.note) ?? []), `${escapeMarkdown(r.benchmark)} ${escapeMarkdown(r.metric)}`]);
    const notes = [...byNote].map(([note, where]) => `${where.length > 3 ? `${where.length} rows` : where.join(', ')}: ${escapeMarkdown(note)}`);
    if (facts.length + notes.length > 0)
        add(40, [''], [...facts, ...notes].map((f) => `- ${f}`));
    const p = input.provenance;
    const fpMatch = c.gate.reasons.some((r) => r.startsWith('fingerprint')) ? 'fingerprint differs' : 'fingerprint matches';
    const source = { artifact: 'stored baseline artifact', 'same-job': 'base measured in this job', 'local-file': 'local baseline file', history: 'base branch history', files: 'results files' }[p.source];
    const n = gated[0] ? `n = ${gated[0].n.base}/${gated[0].n.head}` : '';
    const baseline = `Baseline: ${source}${p.commit ? `, commit \`${escapeMarkdown(p.commit.slice(0, 12))}\`` : ''} (${age(p.ageMs)}${p.runUrl ? `, [run](${p.runUrl})` : ''}), backend \`${c.base.backend}\`, ${fpMatch}${n ? `, ${n}` : ''}, ${c.design} design${c.seed !== null ? `, seed ${c.seed}` : ''}: ${escapeMarkdown(c.baseline.reason)}.`;
    const links = [input.runUrl ? `[workflow run](${input.runUrl})` : '', input.artifactUrl ? `[report and flame graphs](${input.artifactUrl})` : ''].filter(Boolean).join(' · ');
    const level = c.sequential.looks > 1 ? `${((1 - c.sequential.nominalAlpha) * 100).toFixed(1)}% intervals (Pocock, ${c.sequential.looks} looks)` : '95% intervals';
    add(95, ['', '---', `<sub>${baseline} ${level}; θ = noise threshold; p(adj) = Benjamini–Hochberg adjusted p of a change beyond +θ.${links ? ` ${links}` : ''}</sub>`]);
    return fit(sections, limit);
}
/** Cuts rows from the least important sections until the body fits, saying how many were cut. */
function fit(sections, limit) {
    const cutLine = (s) => {
        if (s.cut === 0)
            return [];
        const text = `… ${s.cut} row(s) cut to fit GitHub's comment limit`;
        return [s.head.some((l) => l.startsWith('|')) ? `| ${text} |` : `- ${text}`];
    };
    const render = () => sections.map((s) => [...s.head, ...s.rows, ...cutLine(s), ...s.tail].join('\n')).join('\n');
    let body = render();
    const order = [...sections].sort((a, b) => a.priority - b.priority);
    while (body.length > limit - 200) {
        const victim = order.find((s) => s.rows.length > 0);
        if (!victim)
            break;
        // Cut in bulk proportional to the excess, at least one row.
        const avg = victim.rows.reduce((n, r) => n + r.length + 1, 0) / victim.rows.length;
        const k = Math.min(victim.rows.length, Math.max(1, Math.ceil((body.length - limit + 200) / avg)));
        victim.rows.splice(victim.rows.length - k, k);
        victim.cut += k;
        body = render();
    }
    const cutRows = sections.reduce((n, s) => n + s.cut, 0);
    if (cutRows > 0)
        body += `\n\n> ${cutRows} row(s) were cut to stay under GitHub's ${limit.toLocaleString('en-US')}-character limit; comparison.json in the report artifact has them all.`;
    if (body.length > limit)
        body = `${body.slice(0, limit - 40)}\n\n> (report truncated)`;
    return { body, cutRows };
}

;// CONCATENATED MODULE: ./build/store/comment.js
/**
 * The one sticky PR comment per suite (after marocchino/sticky-pull-request-comment): a hidden
 * marker `<!-- perfgate:<suite-id> -->` (report/markdown.ts `marker`) identifies it; it is looked for among ALL comments of
 * the pull request (paginated), and only among those written by the bot itself, so a user who
 * quotes the marker never has their comment overwritten. Found: updated in place; not found:
 * created.
 *
 * Read-only tokens are detected two ways, and the caller should use both:
 * - before writing, from the event (readOnlyTokenReason): a pull request whose head repository
 *   is not the base repository (a fork; its GITHUB_TOKEN is read-only and it has no secrets),
 *   or one run for Dependabot — so the report can go to an artifact without a failed call;
 * - at write time, a 403 becomes GitHubPermissionError (a workflow that forgot
 *   `pull-requests: write`, an organisation policy forcing read-only tokens, ...).
 */



const DEFAULT_COMMENT_AUTHOR = 'github-actions[bot]';
function checkMarker(marker) {
    if (!/^<!--[\s\S]+-->$/.test(marker))
        throw new Error(`comment marker '${marker}' is not an HTML comment`);
}
/** The oldest comment by `author` carrying the marker, or null. Stops at the first match. */
async function findStickyComment(client, t) {
    checkMarker(t.marker);
    const author = (t.author ?? DEFAULT_COMMENT_AUTHOR).toLowerCase();
    try {
        const pages = client.paginate.iterator(client.rest.issues.listComments, { ...t.repo, issue_number: t.issueNumber, per_page: 100 });
        for await (const page of pages) {
            for (const c of page.data) {
                if (c.user?.login.toLowerCase() === author && (c.body ?? '').includes(t.marker))
                    return { id: c.id, body: c.body ?? '', url: c.html_url };
            }
        }
        return null;
    }
    catch (err) {
        throw toGitHubApiError(err, `listing the comments of #${t.issueNumber}`, 'pull-requests: read');
    }
}
/**
 * Creates or updates the comment carrying `marker`; the body gets the marker put first if it
 * lacks it. Returns null when `create` is false and there is no comment yet.
 * Throws GitHubPermissionError on a read-only token, GitHubApiError otherwise (a body over
 * GITHUB_COMMENT_LIMIT (report/markdown.ts) comes back from GitHub as 422 `body is too long`:
 * truncate before).
 *
 * Creating is not idempotent: a 5xx may come back for a comment GitHub did post. So the create
 * call is not retried blindly; after a server error the comments are searched again and the
 * comment updated if it is there, created otherwise (`createAttempts` times in all).
 */
async function upsertStickyComment(client, t) {
    const body = t.body.includes(t.marker) ? t.body : `${t.marker}\n${t.body}`;
    const attempts = t.createAttempts ?? 3;
    for (let attempt = 1;; attempt++) {
        const existing = await findStickyComment(client, t);
        if (!existing && t.create === false)
            return null;
        try {
            if (existing) {
                const { data } = await client.rest.issues.updateComment({ ...t.repo, comment_id: existing.id, body });
                return { id: data.id, action: 'updated', url: data.html_url };
            }
            const { data } = await client.rest.issues.createComment({ ...t.repo, issue_number: t.issueNumber, body, request: { retries: 0 } });
            return { id: data.id, action: 'created', url: data.html_url };
        }
        catch (err) {
            const apiError = toGitHubApiError(err, existing ? `updating comment ${existing.id} on #${t.issueNumber}` : `commenting on #${t.issueNumber}`, 'pull-requests: write');
            const serverSide = apiError.status === null || apiError.status >= 500;
            if (existing || !serverSide || attempt >= attempts)
                throw apiError;
            await new Promise((resolve) => setTimeout(resolve, (t.retryDelayMs ?? 1000) * attempt));
        }
    }
}
/** Whether the pull request carries a label now (asked of the API: the event's copy may be stale). */
async function hasLabel(client, repo, issueNumber, name) {
    const want = name.toLowerCase();
    try {
        const labels = await client.paginate(client.rest.issues.listLabelsOnIssue, { ...repo, issue_number: issueNumber, per_page: 100 });
        // GitHub label names are unique regardless of case.
        return labels.some((l) => l.name.toLowerCase() === want);
    }
    catch (err) {
        throw toGitHubApiError(err, `reading the labels of #${issueNumber}`, 'pull-requests: read');
    }
}
/**
 * Why this run's GITHUB_TOKEN cannot write to the pull request, or null if it should be able
 * to. Compares repository names rather than trusting `head.repo.fork`: in a repository that is
 * itself a fork, every branch's `fork` flag is true.
 */
function readOnlyTokenReason(eventName, payload, actor) {
    if (eventName !== 'pull_request')
        return null;
    const p = (typeof payload === 'object' && payload !== null ? payload : {});
    if (actor === 'dependabot[bot]')
        return 'this pull request run was started by Dependabot, whose GITHUB_TOKEN is read-only';
    const pr = p.pull_request;
    if (!pr)
        return null;
    const base = pr.base?.repo?.full_name ?? p.repository?.full_name;
    const head = pr.head?.repo;
    if (head === null)
        return 'the pull request comes from a deleted fork; its GITHUB_TOKEN is read-only';
    if (head?.full_name && base && isForkHead(head.full_name, base)) {
        return `the pull request comes from the fork ${head.full_name}; its GITHUB_TOKEN is read-only`;
    }
    return null;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./node_modules/@actions/artifact/lib/artifact.js + 302 modules
var artifact = __webpack_require__(91252);
;// CONCATENATED MODULE: ./build/store/artifacts.js
/**
 * Artifact upload and download through @actions/artifact v6 (the results service for uploads,
 * the REST 302-to-blob route for downloads from another run), behind a small interface so the
 * action can be driven with a fake.
 *
 * Facts about the client that shape this module:
 * - It reads ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL when uploading, and refuses any
 *   GITHUB_SERVER_URL other than github.com / *.ghe.com / *.localhost as GHES.
 * - downloadArtifact with `findBy` builds its own Octokit from GITHUB_API_URL as it was when
 *   @actions/github was first imported, without retries; so the download is retried here.
 * - It extracts the zip into `path` (and retries a failed blob stream five times itself).
 */




/** The artifact is gone although it was listed (expired in between, or deleted). */
class ArtifactGoneError extends Error {
    artifactId;
    status;
    constructor(artifactId, status) {
        super(`artifact ${artifactId} can no longer be downloaded (${status === 410 ? 'expired' : 'not found'})`);
        this.artifactId = artifactId;
        this.status = status;
        this.name = 'ArtifactGoneError';
    }
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
function actionsArtifactTransport(o) {
    const client = new artifact/* DefaultArtifactClient */.t9();
    const attempts = o.downloadAttempts ?? 3;
    const unit = o.retryUnitMs ?? 2000;
    const log = o.log ?? (() => undefined);
    return {
        async upload(name, files, rootDir, opts = {}) {
            const retentionDays = opts.retentionDays;
            if (retentionDays !== undefined && (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 90)) {
                throw new ArtifactUploadError(name, `retention of ${retentionDays} days: expected a whole number from 1 to 90`);
            }
            try {
                const r = await client.uploadArtifact(name, files, rootDir, retentionDays !== undefined ? { retentionDays } : {});
                if (r.id === undefined)
                    throw new Error('the results service returned no artifact id');
                return { id: r.id, name, size: r.size ?? 0, digest: r.digest ?? null };
            }
            catch (err) {
                if (err instanceof ArtifactUploadError)
                    throw err;
                const msg = (0,errors/* errorMessage */.gJ)(err);
                if (/ACTIONS_RUNTIME_TOKEN|ACTIONS_RESULTS_URL/.test(msg)) {
                    throw new ArtifactUploadError(name, `${msg}: artifacts can only be uploaded from a GitHub Actions job`);
                }
                throw new ArtifactUploadError(name, msg);
            }
        },
        async download(artifactId, destDir, source) {
            for (let attempt = 1;; attempt++) {
                await (0,promises_.rm)(destDir, { recursive: true, force: true });
                await (0,promises_.mkdir)(destDir, { recursive: true });
                try {
                    await client.downloadArtifact(artifactId, {
                        path: destDir,
                        findBy: { token: o.token, workflowRunId: source.runId, repositoryOwner: source.repo.owner, repositoryName: source.repo.repo },
                    });
                    if ((await (0,promises_.readdir)(destDir)).length === 0)
                        throw new Error(`artifact ${artifactId} was empty`);
                    return;
                }
                catch (err) {
                    if (isRequestError(err) && (err.status === 404 || err.status === 410))
                        throw new ArtifactGoneError(artifactId, err.status);
                    // Other client errors will not change on a retry.
                    if (isRequestError(err) && err.status >= 400 && err.status < 500)
                        throw toGitHubApiError(err, `downloading artifact ${artifactId}`, 'actions: read');
                    if (attempt >= attempts) {
                        throw isRequestError(err) ? toGitHubApiError(err, `downloading artifact ${artifactId}`, 'actions: read') : new Error(`downloading artifact ${artifactId} failed ${attempts} times: ${(0,errors/* errorMessage */.gJ)(err)}`);
                    }
                    log(`downloading artifact ${artifactId} failed (${(0,errors/* errorMessage */.gJ)(err)}); attempt ${attempt + 1} of ${attempts} in ${(unit * attempt) / 1000} s`);
                    await sleep(unit * attempt);
                }
            }
        },
    };
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./build/store/runs.js
/**
 * Workflow runs and their artifacts, read through the REST API: which workflow this run
 * belongs to, the successful runs of it on a branch, the artifacts of a run, the merge base
 * of two commits.
 */

function toRun(r) {
    return {
        id: r.id,
        workflowId: r.workflow_id,
        headSha: r.head_sha,
        headBranch: r.head_branch,
        headRepository: r.head_repository?.full_name ?? null,
        event: r.event,
        status: r.status,
        conclusion: r.conclusion,
        createdAt: r.created_at,
        runAttempt: r.run_attempt ?? 1,
        htmlUrl: r.html_url,
    };
}
async function getRun(client, repo, runId) {
    try {
        const { data } = await client.rest.actions.getWorkflowRun({ ...repo, run_id: runId });
        return toRun(data);
    }
    catch (err) {
        throw toGitHubApiError(err, `reading workflow run ${runId}`, 'actions: read');
    }
}
/**
 * `.github/workflows/perf.yml` out of GITHUB_WORKFLOW_REF
 * (`owner/repo/.github/workflows/perf.yml@refs/heads/main`); null when absent or odd.
 */
function workflowFileFromRef(workflowRef) {
    const m = /^[^/]+\/[^/]+\/\.github\/workflows\/([^@/]+\.ya?ml)@/.exec(workflowRef ?? '');
    return m ? m[1] : null;
}
/**
 * The workflow the current run belongs to: the run's `workflow_id` (authoritative), else the
 * file name from GITHUB_WORKFLOW_REF, which the runs endpoint accepts as well.
 */
async function resolveWorkflowId(client, repo, o) {
    let lookupError = null;
    if (o.runId !== null) {
        try {
            return (await getRun(client, repo, o.runId)).workflowId;
        }
        catch (err) {
            lookupError = err;
        }
    }
    const file = workflowFileFromRef(o.workflowRef);
    if (file !== null)
        return file;
    throw lookupError ?? toGitHubApiError(new Error('neither GITHUB_RUN_ID nor GITHUB_WORKFLOW_REF is set'), 'finding the current workflow');
}
/**
 * Successful runs of a workflow on a branch, newest first (GitHub's order). `headSha` narrows
 * to runs of one commit. `status=success` filters on the conclusion.
 */
async function listSuccessfulRuns(client, repo, q) {
    const limit = q.limit ?? 20;
    try {
        const { data } = await client.rest.actions.listWorkflowRuns({
            ...repo,
            workflow_id: q.workflowId,
            branch: q.branch,
            status: 'success',
            exclude_pull_requests: true,
            per_page: Math.min(100, limit),
            ...(q.headSha ? { head_sha: q.headSha } : {}),
        });
        return data.workflow_runs.slice(0, limit).map((r) => toRun(r));
    }
    catch (err) {
        throw toGitHubApiError(err, `listing successful runs of workflow ${q.workflowId} on ${q.branch}`, 'actions: read');
    }
}
/** Artifacts of a run with this exact name (expired ones included, flagged), newest first. */
async function listRunArtifacts(client, repo, runId, name) {
    try {
        const { data } = await client.rest.actions.listWorkflowRunArtifacts({ ...repo, run_id: runId, name, per_page: 100 });
        return data.artifacts
            .filter((a) => a.name === name)
            .map((a) => ({
            id: a.id,
            name: a.name,
            sizeInBytes: a.size_in_bytes,
            expired: a.expired,
            createdAt: a.created_at ?? null,
            expiresAt: a.expires_at ?? null,
            digest: a.digest ?? null,
        }))
            .sort((a, b) => b.id - a.id);
    }
    catch (err) {
        throw toGitHubApiError(err, `listing artifacts of run ${runId}`, 'actions: read');
    }
}
/** The merge base of two refs or commits, from the compare endpoint (no deep clone needed). */
async function getMergeBase(client, repo, base, head) {
    try {
        const { data } = await client.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${base}...${head}`, per_page: 1 });
        return data.merge_base_commit.sha;
    }
    catch (err) {
        throw toGitHubApiError(err, `finding the merge base of ${base} and ${head}`, 'contents: read');
    }
}

;// CONCATENATED MODULE: ./build/store/baseline.js
/**
 * Baseline stores: where `baseline` mode saves results.json (+ folded stacks) and where
 * `compare` mode finds them again.
 *
 * - githubBaselineStore: an artifact of this workflow's runs. Finding one: the successful runs
 *   of this workflow on the base branch, those at the merge-base commit first, then the newest;
 *   runs of pull requests, merge queues and forks are never used (anyone can open a pull
 *   request from a branch called `main`; its artifact must not become the baseline). The first
 *   candidate with a live artifact of the given name is downloaded.
 * - directoryBaselineStore: a results.json on disk (`baseline-path`, persistent self-hosted
 *   runners, the CLI).
 *
 * `find` never throws for an expected absence or a GitHub failure: it returns a BaselineMissing
 * with the reason, so the caller can fall back (measure the base in the same job) and say why.
 */





/** Events whose runs must never provide a baseline: their code is not the base branch's. */
const UNTRUSTED_EVENTS = new Set(['pull_request', 'pull_request_target', 'merge_group', 'workflow_run']);
/**
 * Finds the run and artifact to use as the baseline, without downloading: the successful runs
 * at the merge base first, then the newest, trusted ones only, first with a live artifact.
 */
async function locateArtifactBaseline(client, repo, q) {
    const maxCandidates = q.maxCandidates ?? 10;
    const checked = [];
    const missing = (reason, message) => ({ found: false, reason, message, checkedRunIds: checked });
    const where = `workflow ${q.workflowId} on ${q.branch}`;
    const fullName = `${repo.owner}/${repo.repo}`.toLowerCase();
    const trusted = (run) => run.id !== q.currentRunId && !q.skipRunIds?.has(run.id) && !UNTRUSTED_EVENTS.has(run.event) && (run.headRepository === null || run.headRepository.toLowerCase() === fullName);
    const candidates = [];
    try {
        const atBase = q.mergeBaseSha ? await listSuccessfulRuns(client, repo, { workflowId: q.workflowId, branch: q.branch, headSha: q.mergeBaseSha, limit: maxCandidates }) : [];
        const latest = await listSuccessfulRuns(client, repo, { workflowId: q.workflowId, branch: q.branch, limit: maxCandidates });
        const seen = new Set();
        for (const run of [...atBase, ...latest]) {
            if (seen.has(run.id) || !trusted(run))
                continue;
            seen.add(run.id);
            candidates.push({ run, atMergeBase: !!q.mergeBaseSha && run.headSha === q.mergeBaseSha });
        }
    }
    catch (err) {
        return missing('api-error', (0,errors/* errorMessage */.gJ)(err));
    }
    if (candidates.length === 0) {
        return missing('no-successful-run', `no successful run of ${where} to take a baseline from (a push to ${q.branch}, a scheduled or a manual run uploads it)`);
    }
    let expired = null;
    for (const { run, atMergeBase } of candidates.slice(0, maxCandidates)) {
        checked.push(run.id);
        let artifacts;
        try {
            artifacts = await listRunArtifacts(client, repo, run.id, q.artifactName);
        }
        catch (err) {
            return missing('api-error', (0,errors/* errorMessage */.gJ)(err));
        }
        const live = artifacts.find((a) => !a.expired);
        if (live)
            return { found: true, run, artifact: live, matchedMergeBase: atMergeBase };
        if (artifacts.length > 0 && expired === null)
            expired = { run, expiresAt: artifacts[0].expiresAt };
    }
    const runs = `${checked.length} successful run(s) of ${where}`;
    if (expired !== null) {
        return missing('artifact-expired', `the artifact '${q.artifactName}' of run ${expired.run.id} (commit ${expired.run.headSha.slice(0, 7)}) has expired${expired.expiresAt ? ` (${expired.expiresAt})` : ''}, and none of the ${runs} has a live one; a new push to ${q.branch} or a scheduled run will upload a fresh baseline`);
    }
    return missing('artifact-missing', `none of the ${runs} uploaded an artifact named '${q.artifactName}' (check the baseline-artifact input matches the baseline job's)`);
}
function githubBaselineStore(o) {
    return {
        kind: 'artifact',
        async find(q) {
            const skip = new Set();
            const checked = [];
            for (;;) {
                const located = await locateArtifactBaseline(o.client, o.repo, { ...q, skipRunIds: skip, ...(o.maxCandidates !== undefined ? { maxCandidates: o.maxCandidates } : {}) });
                checked.push(...(located.found ? [located.run.id] : located.checkedRunIds));
                if (!located.found) {
                    if (skip.size > 0 && located.reason !== 'api-error') {
                        return { found: false, reason: 'artifact-expired', message: `the artifact '${q.artifactName}' of run ${[...skip].join(', ')} expired (or was deleted) while being downloaded, and no other run has one`, checkedRunIds: [...new Set(checked)] };
                    }
                    return { ...located, checkedRunIds: [...new Set(checked)] };
                }
                const { run, artifact } = located;
                try {
                    await o.artifacts.download(artifact.id, q.destDir, { runId: run.id, repo: o.repo });
                }
                catch (err) {
                    // Listed live, gone by the time of the download: try the next run.
                    if (err instanceof ArtifactGoneError) {
                        skip.add(run.id);
                        continue;
                    }
                    return { found: false, reason: 'download-failed', message: `artifact '${q.artifactName}' (id ${artifact.id}) of run ${run.id} could not be downloaded: ${(0,errors/* errorMessage */.gJ)(err)}`, checkedRunIds: [...new Set(checked)] };
                }
                return {
                    found: true,
                    source: 'artifact',
                    dir: q.destDir,
                    resultsPath: external_node_path_.join(q.destDir, 'results.json'),
                    runId: run.id,
                    runUrl: run.htmlUrl,
                    headSha: run.headSha,
                    createdAt: run.createdAt,
                    event: run.event,
                    artifactId: artifact.id,
                    artifactName: artifact.name,
                    matchedMergeBase: located.matchedMergeBase,
                };
            }
        },
        async save(req) {
            const uploaded = await o.artifacts.upload(req.name, req.files, req.rootDir, req.retentionDays !== undefined ? { retentionDays: req.retentionDays } : {});
            return { source: 'artifact', ...uploaded };
        },
    };
}
function directoryBaselineStore(location) {
    const isFile = location.endsWith('.json');
    const dir = isFile ? external_node_path_.dirname(location) : location;
    const resultsPath = isFile ? location : external_node_path_.join(location, 'results.json');
    return {
        kind: 'directory',
        async find() {
            const exists = await (0,promises_.stat)(resultsPath).then((s) => s.isFile(), () => false);
            if (!exists)
                return { found: false, reason: 'no-baseline-file', message: `no baseline at ${resultsPath}`, checkedRunIds: [] };
            return { found: true, source: 'directory', dir, resultsPath };
        },
        async save(req) {
            for (const file of req.files) {
                const rel = external_node_path_.relative(req.rootDir, file);
                if (rel.startsWith('..') || external_node_path_.isAbsolute(rel))
                    throw new Error(`${file} is not under ${req.rootDir}`);
                const target = external_node_path_.basename(rel) === 'results.json' && external_node_path_.dirname(rel) === '.' ? resultsPath : external_node_path_.join(dir, rel);
                await (0,promises_.mkdir)(external_node_path_.dirname(target), { recursive: true });
                const tmp = `${target}.tmp-${process.pid}`;
                await (0,promises_.copyFile)(file, tmp);
                await (0,promises_.rename)(tmp, target);
            }
            return { source: 'directory', dir, files: req.files.length };
        },
    };
}

;// CONCATENATED MODULE: ./build/store/services.js
/**
 * The real GitHubServices (the interface src/action/modes.ts is written against): Octokit with
 * retries for REST, @actions/artifact for artifacts, the sticky comment of store/comment.ts.
 * Built once per job from the runner's environment; every method is a thin call into
 * src/store or src/store/comment.ts, so what the tests drive against the emulator is what
 * the action runs.
 */






function createGitHubServices(o) {
    const log = o.log ?? (() => undefined);
    const client = o.client ??
        createGitHubClient({ token: o.token, log, ...(o.apiUrl !== undefined ? { baseUrl: o.apiUrl } : {}), ...(o.retryUnitMs !== undefined ? { retryUnitMs: o.retryUnitMs } : {}) });
    const artifacts = o.artifacts ?? actionsArtifactTransport({ token: o.token, log, ...(o.retryUnitMs !== undefined ? { retryUnitMs: o.retryUnitMs * 2 } : {}) });
    let workflowId = null;
    return {
        async upload(name, files, rootDir, retentionDays) {
            const r = await artifacts.upload(name, files, rootDir, retentionDays !== null ? { retentionDays } : {});
            return { id: r.id, size: r.size };
        },
        async findBaseline(q) {
            workflowId ??= resolveWorkflowId(client, o.repo, { runId: o.runId > 0 ? o.runId : null, ...(o.workflowRef !== undefined ? { workflowRef: o.workflowRef } : {}) });
            let id;
            try {
                id = await workflowId;
            }
            catch (err) {
                workflowId = null;
                return { missing: toGitHubApiError(err, 'finding this workflow').message };
            }
            const found = await githubBaselineStore({ client, repo: o.repo, artifacts }).find({
                workflowId: id,
                branch: q.branch,
                mergeBaseSha: q.preferSha,
                artifactName: q.artifactName,
                currentRunId: o.runId,
                destDir: q.destDir,
            });
            if (!found.found)
                return { missing: found.message };
            if (found.source !== 'artifact')
                return { missing: 'internal: the artifact store returned a directory baseline' };
            return { found: { runId: found.runId, headSha: found.headSha, createdAt: found.createdAt, artifactId: found.artifactId, runUrl: found.runUrl, dir: found.dir } };
        },
        async mergeBase(base, head) {
            try {
                return await getMergeBase(client, o.repo, base, head);
            }
            catch {
                return null;
            }
        },
        async download(artifact, dir) {
            await artifacts.download(artifact.id, dir, { runId: artifact.runId, repo: o.repo });
        },
        async listRunArtifacts(runId, prefix) {
            try {
                const all = await client.paginate(client.rest.actions.listWorkflowRunArtifacts, { ...o.repo, run_id: runId, per_page: 100 });
                // A re-run attempt may upload the same name again: keep the newest of each name.
                const newest = new Map();
                for (const a of all) {
                    if (a.expired || !a.name.startsWith(prefix))
                        continue;
                    const seen = newest.get(a.name);
                    if (!seen || a.id > seen.id)
                        newest.set(a.name, { id: a.id, name: a.name });
                }
                return [...newest.values()].sort((a, b) => a.name.localeCompare(b.name));
            }
            catch (err) {
                throw toGitHubApiError(err, `listing artifacts of run ${runId}`, 'actions: read');
            }
        },
        async upsertComment(pr, marker, body, opts) {
            const r = await upsertStickyComment(client, { repo: o.repo, issueNumber: pr, marker, body, create: opts.create, author: o.commentAuthor ?? DEFAULT_COMMENT_AUTHOR });
            return r === null ? null : { id: r.id, action: r.action };
        },
        hasLabel(pr, label) {
            return hasLabel(client, o.repo, pr, label);
        },
        async pullHeadSha(pr) {
            try {
                return (await client.rest.pulls.get({ ...o.repo, pull_number: pr })).data.head.sha;
            }
            catch (err) {
                throw toGitHubApiError(err, `reading pull request #${pr}`, 'pull-requests: read');
            }
        },
    };
}

// EXTERNAL MODULE: ./build/action/event.js
var action_event = __webpack_require__(98623);
;// CONCATENATED MODULE: ./build/action/context.js
/**
 * What the action needs from the runner's environment and the event payload, read once into
 * a typed object (tests build it from a payload file, exactly as the runner provides it).
 */




const obj = (v) => (v !== null && typeof v === 'object' ? v : {});
const str = (v) => (typeof v === 'string' ? v : '');
function readContext(env) {
    const [owner, name] = (env.GITHUB_REPOSITORY ?? '').split('/');
    if (!owner || !name)
        throw new errors/* InputError */.dz('GITHUB_REPOSITORY is not set: is this running inside GitHub Actions?');
    const payload = (0,action_event/* readEventPayload */.N)(env);
    const pr = obj(payload.pull_request);
    const mg = obj(payload.merge_group);
    const wr = obj(payload.workflow_run);
    const headRepo = obj(obj(pr.head).repo);
    const baseRepo = obj(obj(pr.base).repo);
    return {
        eventName: env.GITHUB_EVENT_NAME ?? '',
        repo: { owner, name },
        serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
        apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
        runId: Number(env.GITHUB_RUN_ID ?? 0),
        runAttempt: Number(env.GITHUB_RUN_ATTEMPT ?? 1),
        sha: env.GITHUB_SHA ?? '',
        ref: env.GITHUB_REF ?? '',
        workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
        runner: env.RUNNER_ENVIRONMENT === 'github-hosted' ? 'github-hosted' : 'self-hosted',
        defaultBranch: str(obj(payload.repository).default_branch) || null,
        pr: typeof pr.number === 'number'
            ? {
                number: pr.number,
                baseRef: str(obj(pr.base).ref),
                baseSha: str(obj(pr.base).sha),
                headSha: str(obj(pr.head).sha),
                fork: isForkHead(str(headRepo.full_name), str(baseRepo.full_name)),
                readOnly: readOnlyTokenReason(env.GITHUB_EVENT_NAME ?? '', payload, env.GITHUB_ACTOR),
                labels: Array.isArray(pr.labels) ? pr.labels.map((l) => str(obj(l).name)).filter(Boolean) : [],
            }
            : null,
        mergeGroup: mg.base_sha ? { baseRef: str(mg.base_ref).replace(/^refs\/heads\//, ''), baseSha: str(mg.base_sha), headSha: str(mg.head_sha) } : null,
        workflowRun: typeof wr.id === 'number'
            ? { id: wr.id, event: str(wr.event), headSha: str(wr.head_sha), prNumbers: Array.isArray(wr.pull_requests) ? wr.pull_requests.map((p) => Number(obj(p).number)).filter((n) => n > 0) : [] }
            : null,
        payload,
    };
}
/** `auto`: baseline on pushes, schedules and manual runs; compare on PRs and merge queues. */
function resolveMode(mode, ctx) {
    if (mode !== 'auto')
        return mode;
    if (['pull_request', 'pull_request_target', 'merge_group'].includes(ctx.eventName))
        return 'compare';
    if (ctx.eventName === 'workflow_run')
        return 'comment';
    return 'baseline';
}

;// CONCATENATED MODULE: ./build/suite/shard.js
/**
 * Splitting a suite across a CI matrix (`--shard i/n`). The split must be the same in every
 * matrix job without them talking to each other, so it is a pure function of the benchmark
 * list: greedy longest-processing-time (LPT) by expected cost, ties broken by name.
 *
 * Expected cost = (warmup + iterations) × the benchmark's expected time per run. Without history
 * every run counts as 1 (cost = number of runs); given per-benchmark times (e.g. medians from a
 * previous results.json), benchmarks without one get the median of the known times. LPT puts
 * each benchmark, most expensive first, on the least-loaded shard (lowest index on a tie): at
 * most 4/3 of the optimal makespan, and exactly balanced when all costs are equal.
 */

/** `2/3` → { index: 2, count: 3 }; anything else is a usage error naming the flag. */
function parseShard(value, flag = '--shard') {
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
    const expected = 'expected i/n with whole numbers 1 ≤ i ≤ n, e.g. 1/2';
    if (!m)
        throw new errors/* InputError */.dz(`${flag} ${JSON.stringify(value)}: ${expected}`);
    const index = Number(m[1]);
    const count = Number(m[2]);
    if (count < 1)
        throw new errors/* InputError */.dz(`${flag} ${JSON.stringify(value)}: shard count must be at least 1; ${expected}`);
    if (index < 1)
        throw new errors/* InputError */.dz(`${flag} ${JSON.stringify(value)}: shards are numbered from 1; ${expected}`);
    if (index > count)
        throw new errors/* InputError */.dz(`${flag} ${JSON.stringify(value)}: shard ${index} does not exist when there are ${count}; ${expected}`);
    return { index, count };
}
/** Expected cost of each benchmark (see the file comment). */
function expectedCosts(benchmarks, timePerRun = new Map()) {
    const known = benchmarks.map((b) => timePerRun.get(b.name)).filter((t) => t !== undefined && Number.isFinite(t) && t > 0).sort((a, b) => a - b);
    const fallback = known.length === 0 ? 1 : (known[Math.floor((known.length - 1) / 2)] ?? 1);
    return new Map(benchmarks.map((b) => {
        const t = timePerRun.get(b.name);
        return [b.name, (b.warmup + b.iterations) * (t !== undefined && Number.isFinite(t) && t > 0 ? t : fallback)];
    }));
}
/** Shard number (1-based) of every benchmark. */
function assignShards(benchmarks, count, timePerRun) {
    const cost = expectedCosts(benchmarks, timePerRun);
    const order = [...benchmarks].sort((a, b) => (cost.get(b.name) ?? 0) - (cost.get(a.name) ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const load = Array.from({ length: count }, () => 0);
    const out = new Map();
    for (const b of order) {
        let best = 0;
        for (let s = 1; s < count; s++)
            if ((load[s] ?? 0) < (load[best] ?? 0))
                best = s;
        load[best] = (load[best] ?? 0) + (cost.get(b.name) ?? 0);
        out.set(b.name, best + 1);
    }
    return out;
}
/** The benchmarks of shard `index` of `count`, in their original (suite) order. */
function shardBenchmarks(benchmarks, index, count, timePerRun) {
    if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 1 || index > count) {
        throw new errors/* InputError */.dz(`shard ${index}/${count}: expected whole numbers 1 ≤ i ≤ n`);
    }
    const shardOf = assignShards(benchmarks, count, timePerRun);
    return benchmarks.filter((b) => shardOf.get(b.name) === index);
}

;// CONCATENATED MODULE: ./build/suite/units.js
/**
 * The suite file's human units: durations (`60s`, `500ms`, `2m`) and percentages (`0.5%`).
 * Parsers return null on malformed input so the loader can report file:line itself.
 */
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/;
const PERCENT = /^(\d+(?:\.\d+)?)\s*%$/;
const FACTOR = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** `"90s"` → 90000 (milliseconds). A bare number means seconds. */
function parseDuration(value) {
    if (typeof value === 'number')
        return Number.isFinite(value) && value > 0 ? value * 1000 : null;
    if (typeof value !== 'string')
        return null;
    const m = DURATION.exec(value.trim());
    if (!m)
        return null;
    const ms = Number(m[1]) * (FACTOR[m[2]] ?? NaN);
    return ms > 0 ? ms : null;
}
/** `"2%"` → 0.02. Only the `%` form is accepted: a bare 2 could mean 2 or 200 percent. */
function parsePercent(value) {
    if (typeof value !== 'string')
        return null;
    const m = PERCENT.exec(value.trim());
    return m ? Number(m[1]) / 100 : null;
}

;// CONCATENATED MODULE: ./build/action/inputs.js
/**
 * The action's inputs, read and checked in one place (like actions/checkout's input-helper):
 * every bad input is reported together, each message naming the input and what it expects.
 */





const MODES = ['auto', 'baseline', 'compare', 'comment', 'merge'];
const MISSING_BASELINE = ['ab', 'fail', 'skip'];
/** The reference a pull request is measured against; see action.yml. */
const BASELINES = ['same-job', 'artifact'];
const COMMENT_WHEN = ['always', 'on-change', 'never'];
const CPU_LIST = /^(auto|\d+(-\d+)?(,\d+(-\d+)?)*)$/;
function readInputs(get, workspace) {
    const problems = [];
    const text = (name) => get(name).trim();
    const oneOf = (name, allowed, fallback) => {
        const v = text(name) || fallback;
        if (allowed.includes(v))
            return v;
        problems.push(`input '${name}' is '${v}': expected one of ${allowed.join(', ')}`);
        return fallback;
    };
    const bool = (name, fallback) => {
        const v = text(name).toLowerCase();
        if (v === '')
            return fallback;
        if (['true', 'yes', 'on', '1'].includes(v))
            return true;
        if (['false', 'no', 'off', '0'].includes(v))
            return false;
        problems.push(`input '${name}' is '${text(name)}': expected true or false`);
        return fallback;
    };
    const positive = (name, example) => {
        const v = text(name);
        if (v === '')
            return null;
        if (/^\d+$/.test(v) && Number(v) >= 1)
            return Number(v);
        problems.push(`input '${name}' is '${v}': expected a positive whole number, e.g. ${example}`);
        return null;
    };
    const mode = oneOf('mode', MODES, 'auto');
    const iterations = positive('iterations', '30');
    const maxIterations = positive('max-iterations', '60');
    const retentionDays = positive('retention-days', '90');
    if (retentionDays !== null && retentionDays > 90)
        problems.push(`input 'retention-days' is ${retentionDays}: GitHub keeps artifacts at most 90 days`);
    const backendText = text('backend');
    let backend = null;
    if (backendText !== '') {
        if (['auto', 'perf', 'valgrind', 'time'].includes(backendText))
            backend = backendText;
        else
            problems.push(`input 'backend' is '${backendText}': expected one of auto, perf, valgrind, time`);
    }
    const cpusText = text('cpus');
    let cpus = null;
    if (cpusText !== '') {
        if (CPU_LIST.test(cpusText))
            cpus = cpusText;
        else
            problems.push(`input 'cpus' is '${cpusText}': expected a taskset CPU list such as 1, 0-3 or 0,2, or auto`);
    }
    const filterText = text('filter');
    let filter = null;
    if (filterText !== '') {
        try {
            filter = new RegExp(filterText);
        }
        catch (err) {
            problems.push(`input 'filter' is not a valid regular expression: ${err.message}`);
        }
    }
    const budgetText = text('time-budget');
    const timeBudgetMs = budgetText === '' ? null : parseDuration(budgetText);
    if (budgetText !== '' && timeBudgetMs === null)
        problems.push(`input 'time-budget' is '${budgetText}': expected a duration such as 10m or 90s`);
    const shardText = text('shard');
    let shard = null;
    if (shardText !== '') {
        try {
            shard = parseShard(shardText, "input 'shard'");
        }
        catch (err) {
            problems.push(err.message);
        }
    }
    const suite = text('suite') || 'perfgate.yml';
    const suiteId = text('suite-id') || suite.replace(/\.ya?ml$/, '');
    if (!/^[A-Za-z0-9._/-]+$/.test(suiteId))
        problems.push(`input 'suite-id' is '${suiteId}': expected letters, digits and . _ / - only`);
    const inputs = {
        mode,
        suite: external_node_path_.resolve(workspace, suite),
        suiteId,
        out: external_node_path_.resolve(workspace, text('out') || '.perfgate'),
        iterations,
        maxIterations,
        timeBudgetMs,
        backend,
        cpus,
        filter,
        token: text('github-token'),
        baselineArtifact: text('baseline-artifact') || `perfgate-baseline-${suiteId.replace(/\//g, '-')}`,
        reportArtifact: text('report-artifact') || `perfgate-report-${suiteId.replace(/\//g, '-')}`,
        retentionDays,
        baseline: oneOf('baseline', BASELINES, text('baseline-path') ? 'artifact' : 'same-job'),
        onMissingBaseline: oneOf('on-missing-baseline', MISSING_BASELINE, 'ab'),
        baselinePath: text('baseline-path') ? external_node_path_.resolve(workspace, text('baseline-path')) : null,
        comment: oneOf('comment', COMMENT_WHEN, 'always'),
        commentAuthor: text('comment-author') || DEFAULT_COMMENT_AUTHOR,
        failOnRegression: bool('fail-on-regression', true),
        acceptLabel: text('accept-label') || 'perf-regression-accepted',
        allowForkOnSelfHosted: bool('allow-fork-on-self-hosted', false),
        requireQuiet: bool('require-quiet', false),
        tune: bool('tune', false),
        shard,
    };
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems.join('\n'));
    return inputs;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./build/host/roots.js
/**
 * Where the kernel's files are. Every host read and write (fingerprint, doctor, tuning) goes
 * through a `HostRoots`, so tests can point it at a fake sysfs/procfs tree in a temp dir, and a
 * container that mounts the host's /proc and /sys elsewhere can point it there.
 */


const REAL_ROOTS = { proc: '/proc', sys: '/sys', etc: '/etc' };
/**
 * `PERFGATE_PROC_ROOT`, `PERFGATE_SYS_ROOT`, `PERFGATE_ETC_ROOT` override the mounts (for a
 * container that sees the host's /proc at /host/proc, and for tests driving the CLI).
 */
function rootsFromEnv(env) {
    return {
        proc: env.PERFGATE_PROC_ROOT || REAL_ROOTS.proc,
        sys: env.PERFGATE_SYS_ROOT || REAL_ROOTS.sys,
        etc: env.PERFGATE_ETC_ROOT || REAL_ROOTS.etc,
    };
}
/** `hostPath(roots, 'sys', 'devices/system/cpu/online')` → `/sys/devices/system/cpu/online`. */
function hostPath(roots, root, rel) {
    return external_node_path_.join(roots[root], rel);
}
/** The file's text, or null when it does not exist or cannot be read (never a guess). */
async function readText(file) {
    return (0,promises_.readFile)(file, 'utf8').catch(() => null);
}
/** The trimmed text of a host file, or null when missing. */
async function readHost(roots, root, rel) {
    const text = await readText(hostPath(roots, root, rel));
    return text === null ? null : text.trim();
}
/** Entry names of a host directory, or null when it does not exist. */
async function listHost(roots, root, rel) {
    return (0,promises_.readdir)(hostPath(roots, root, rel)).catch(() => null);
}

;// CONCATENATED MODULE: ./build/host/cpus.js
/**
 * CPU lists in the kernel's (and taskset's) notation, the CPUs that are online, and what
 * `cpus: auto` means on this machine.
 */


/**
 * `0-3,8,10-11` → [0, 1, 2, 3, 8, 10, 11] (sorted, unique). An empty string is the empty list:
 * `/sys/devices/system/cpu/isolated` holds just a newline when nothing is isolated.
 * Returns null for anything else, so callers can say which input was malformed.
 */
function parseCpuList(text) {
    const t = text.trim();
    if (t === '')
        return [];
    const out = new Set();
    for (const part of t.split(',')) {
        const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
        if (!m)
            return null;
        const lo = Number(m[1]);
        const hi = m[2] === undefined ? lo : Number(m[2]);
        if (hi < lo || hi - lo > 65536)
            return null;
        for (let c = lo; c <= hi; c++)
            out.add(c);
    }
    return [...out].sort((a, b) => a - b);
}
/** [0, 1, 2, 5] → `0-2,5`. */
function formatCpuList(cpus) {
    const sorted = [...new Set(cpus)].sort((a, b) => a - b);
    const parts = [];
    for (let i = 0; i < sorted.length;) {
        let j = i;
        while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1)
            j++;
        parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
        i = j + 1;
    }
    return parts.join(',');
}
/** Online CPUs from `/sys/devices/system/cpu/online` (`0-1` here), or null when unreadable. */
async function onlineCpus(roots) {
    const text = await readHost(roots, 'sys', 'devices/system/cpu/online');
    return text === null ? null : parseCpuList(text);
}
/** CPUs the kernel keeps the scheduler off (`isolcpus=`), or null when the file is missing. */
async function isolatedCpus(roots) {
    const text = await readHost(roots, 'sys', 'devices/system/cpu/isolated');
    return text === null ? null : parseCpuList(text);
}
/**
 * `cpus: auto`: the isolated CPUs when the kernel has some (nothing else is scheduled there),
 * else the last online CPU — by convention the one housekeeping work (and CPU 0's timer and
 * IRQ duties) is least likely to land on.
 */
async function resolveAutoCpus(roots) {
    const isolated = await isolatedCpus(roots);
    if (isolated && isolated.length > 0) {
        return { cpus: formatCpuList(isolated), reason: `isolated CPUs ${formatCpuList(isolated)} (from /sys/devices/system/cpu/isolated)` };
    }
    const online = await onlineCpus(roots);
    const last = online?.at(-1);
    if (last === undefined) {
        throw new errors/* InputError */.dz('cpus: auto: cannot read the online CPUs (/sys/devices/system/cpu/online); give an explicit CPU list such as "1"');
    }
    const why = isolated === null ? 'the kernel reports no isolated CPUs file' : 'the kernel isolates no CPUs';
    return { cpus: String(last), reason: `last online CPU ${last} (${why})` };
}
/**
 * Every `cpus: auto` benchmark pinned to what auto means here (resolved once for the run).
 * `resolved` is null when no benchmark asked for auto.
 */
async function applyAutoCpus(benchmarks, roots) {
    if (!benchmarks.some((b) => b.cpus === 'auto'))
        return { benchmarks: [...benchmarks], resolved: null };
    const resolved = await resolveAutoCpus(roots);
    return { benchmarks: benchmarks.map((b) => (b.cpus === 'auto' ? { ...b, cpus: resolved.cpus } : b)), resolved };
}
/** The CPUs a set of benchmarks runs on: the union of their lists, or null if any is unpinned. */
function benchmarkCpus(benchmarks) {
    const all = new Set();
    for (const b of benchmarks) {
        const list = b.cpus === null ? null : parseCpuList(b.cpus);
        if (list === null)
            return null;
        list.forEach((c) => all.add(c));
    }
    return [...all].sort((a, b) => a - b);
}

;// CONCATENATED MODULE: ./build/host/procfs.js
/**
 * Pure parsers for the procfs and sysfs files the fingerprint, doctor and pre-flight read.
 * Each quotes a real line (a 2-vCPU KVM guest, kernel 6.18) so the format is never guessed.
 */
/**
 * /proc/cpuinfo, first processor block:
 * `vendor_id	: AuthenticAMD`, `cpu family	: 26`, `model		: 2`, `model name	: AMD EPYC`,
 * `stepping	: 1`, `microcode	: 0x1000065`, `flags		: fpu vme ... hypervisor ...`.
 * arm64 spells these `CPU implementer`, `CPU part`, `CPU variant`/`CPU revision`, `Features`.
 */
function parseCpuinfo(text) {
    const field = (name) => {
        const m = new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(text);
        const v = m?.[1]?.trim();
        return v === undefined || v === '' ? null : v;
    };
    const flags = field('flags') ?? field('Features');
    return {
        vendor: field('vendor_id') ?? field('CPU implementer'),
        family: field('cpu family') ?? field('CPU architecture'),
        model: field('model') ?? field('CPU part'),
        modelName: field('model name') ?? field('Processor') ?? field('Hardware'),
        stepping: field('stepping') ?? field('CPU revision'),
        microcode: field('microcode'),
        flags: flags === null ? null : flags.split(/\s+/),
        processors: (text.match(/^processor\s*:/gm) ?? []).length,
    };
}
/**
 * /proc/stat `cpu` lines: `cpu  36634 0 8697 228442 544 0 192 7899 0 0` and `cpu1 19777 ...`
 * (user nice system idle iowait irq softirq steal guest guest_nice, in USER_HZ ticks). guest
 * time is already inside user, so only the first eight columns are summed.
 * Keys: `cpu` for the machine, `cpu0`, `cpu1`... per CPU.
 */
function parseProcStat(text) {
    const out = new Map();
    for (const line of text.split('\n')) {
        const m = /^(cpu\d*)\s+(.*)$/.exec(line);
        if (!m || m[1] === undefined || m[2] === undefined)
            continue;
        const v = m[2].trim().split(/\s+/).map(Number);
        if (v.length < 4 || v.some((n) => !Number.isFinite(n)))
            continue;
        const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
        out.set(m[1], { total, idle: (v[3] ?? 0) + (v[4] ?? 0), steal: v[7] ?? 0 });
    }
    return out;
}
/** /proc/loadavg: `1.18 0.86 0.49 3/92 14559`. */
function parseLoadavg(text) {
    const m = /^(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\d+)\/(\d+)/.exec(text.trim());
    if (!m)
        return null;
    return { load1: Number(m[1]), load5: Number(m[2]), load15: Number(m[3]), running: Number(m[4]), tasks: Number(m[5]) };
}
/** /proc/meminfo: `MemAvailable:   24131640 kB` → { MemAvailable: 24131640 } (kB). */
function parseMeminfo(text) {
    const out = {};
    for (const m of text.matchAll(/^(\w[\w()]*):\s+(\d+)(?:\s+kB)?$/gm)) {
        if (m[1] !== undefined)
            out[m[1]] = Number(m[2]);
    }
    return out;
}
/** /proc/vmstat: `pswpin 0` → { pswpin: 0 }. */
function parseVmstat(text) {
    const out = {};
    for (const m of text.matchAll(/^(\w+)\s+(\d+)$/gm)) {
        if (m[1] !== undefined)
            out[m[1]] = Number(m[2]);
    }
    return out;
}
/**
 * /proc/pressure/{cpu,memory,io}:
 * `some avg10=3.66 avg60=7.87 avg300=8.29 total=79467457`
 * `full avg10=0.00 avg60=0.00 avg300=0.00 total=0`
 */
function parsePressure(text) {
    const line = (kind) => {
        const m = new RegExp(`^${kind} avg10=([\\d.]+) avg60=([\\d.]+) avg300=([\\d.]+) total=(\\d+)$`, 'm').exec(text);
        return m ? { avg10: Number(m[1]), avg60: Number(m[2]), avg300: Number(m[3]), total: Number(m[4]) } : null;
    };
    return { some: line('some'), full: line('full') };
}
/**
 * /proc/[pid]/stat: `14590 (cat) R 14586 14586 13943 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 ...`.
 * comm may itself hold spaces and parentheses, so it runs to the LAST `)`; utime and stime are
 * fields 14 and 15 (the 12th and 13th after the comm).
 */
function parsePidStat(text) {
    const open = text.indexOf('(');
    const close = text.lastIndexOf(')');
    if (open < 0 || close < open)
        return null;
    const pid = Number(text.slice(0, open).trim());
    const rest = text.slice(close + 1).trim().split(/\s+/);
    const utime = Number(rest[11]);
    const stime = Number(rest[12]);
    if (!Number.isInteger(pid) || !Number.isFinite(utime) || !Number.isFinite(stime))
        return null;
    return { pid, comm: text.slice(open + 1, close), ticks: utime + stime };
}
/**
 * /proc/interrupts: a header naming the CPU columns, then one row per source:
 * `           CPU0       CPU1       `
 * ` 36:          0      63413 PCI-MSIX-0000:00:02.0   1-edge      virtio1-req.0`
 * `NMI:          0          0   Non-maskable interrupts`
 * Rows such as `ERR:          0` carry fewer columns; missing counts are taken as 0.
 */
function parseInterrupts(text) {
    const [header, ...lines] = text.split('\n');
    const cpus = [...(header ?? '').matchAll(/CPU(\d+)/g)].map((m) => Number(m[1]));
    const rows = [];
    for (const line of lines) {
        const m = /^\s*([^:\s]+):\s*(.*)$/.exec(line);
        if (!m || m[1] === undefined || m[2] === undefined)
            continue;
        const words = m[2].trim().split(/\s+/);
        const counts = [];
        while (counts.length < cpus.length && /^\d+$/.test(words[0] ?? ''))
            counts.push(Number(words.shift()));
        while (counts.length < cpus.length)
            counts.push(0);
        rows.push({ irq: m[1], counts, name: words.join(' ') });
    }
    return { cpus, rows };
}
/**
 * /proc/cmdline parameters: `mitigations=auto,no_guest_host console=ttyS0 quiet ...`.
 * Everything after a lone `--` belongs to init, not the kernel.
 */
function parseCmdline(text) {
    const out = new Map();
    for (const word of text.trim().split(/\s+/)) {
        if (word === '--')
            break;
        if (word === '')
            continue;
        const eq = word.indexOf('=');
        out.set(eq < 0 ? word : word.slice(0, eq), eq < 0 ? '' : word.slice(eq + 1));
    }
    return out;
}
/**
 * The CPU list inside `isolcpus=` / `nohz_full=` / `rcu_nocbs=`, which may carry flags first:
 * `isolcpus=nohz,domain,managed_irq,2-3` → `2-3`.
 */
function cmdlineCpuList(value) {
    return value
        .split(',')
        .filter((p) => /^\d/.test(p))
        .join(',');
}
/** The bracketed choice of a sysfs selector: `always [madvise] never` → `madvise`. */
function selected(text) {
    return /\[([^\]]+)\]/.exec(text)?.[1] ?? text.trim();
}

;// CONCATENATED MODULE: ./build/host/cpustate.js
/**
 * The CPU settings that change what a benchmark measures — frequency governor, turbo, SMT,
 * CPU isolation, speculative-execution mitigations — read from sysfs and /proc/cmdline.
 * Shared by the fingerprint (recorded) and the doctor (judged). Missing files stay null:
 * "we could not see it" must never read as "it is fine".
 */



const CPU = 'devices/system/cpu';
/** Online CPUs, else the cpuN directories sysfs lists, else null. */
async function knownCpus(roots) {
    const online = await onlineCpus(roots);
    if (online && online.length > 0)
        return online;
    const dirs = await listHost(roots, 'sys', CPU);
    const cpus = (dirs ?? []).map((d) => /^cpu(\d+)$/.exec(d)?.[1]).filter((n) => n !== undefined).map(Number);
    return cpus.length > 0 ? cpus.sort((a, b) => a - b) : null;
}
/** `cpu1/cpufreq/scaling_governor` per CPU (`performance`, `powersave`, `schedutil`); null when missing. */
async function governors(roots, cpus) {
    const entries = await Promise.all(cpus.map(async (c) => [c, await readHost(roots, 'sys', `${CPU}/cpu${c}/cpufreq/scaling_governor`)]));
    return new Map(entries);
}
/** One value for a per-CPU map: the common value, or `cpu0=a,cpu1=b` when they differ. */
function summarisePerCpu(values) {
    const set = new Set([...values.values()].map((v) => v ?? 'unknown'));
    const [only] = [...set];
    if (set.size === 1 && only !== undefined)
        return only;
    if (set.size === 0)
        return 'unknown';
    return [...values].map(([c, v]) => `cpu${c}=${v ?? 'unknown'}`).join(',');
}
/**
 * intel_pstate's `no_turbo` (1 = turbo off) or the generic `cpufreq/boost` (1 = boost on;
 * acpi-cpufreq and amd-pstate).
 */
async function turbo(roots) {
    const noTurbo = await readHost(roots, 'sys', `${CPU}/intel_pstate/no_turbo`);
    if (noTurbo === '0' || noTurbo === '1')
        return { state: noTurbo === '1' ? 'off' : 'on', source: `${CPU}/intel_pstate/no_turbo` };
    const boost = await readHost(roots, 'sys', `${CPU}/cpufreq/boost`);
    if (boost === '0' || boost === '1')
        return { state: boost === '1' ? 'on' : 'off', source: `${CPU}/cpufreq/boost` };
    return { state: null, source: null };
}
/** `smt/control`: on, off, forceoff, notsupported, notimplemented; null when missing. */
async function smtControl(roots) {
    return readHost(roots, 'sys', `${CPU}/smt/control`);
}
/** Hardware threads sharing a core with `cpu` (`thread_siblings_list`: `0,2` or `0-1`), itself excluded. */
async function threadSiblings(roots, cpu) {
    const text = await readHost(roots, 'sys', `${CPU}/cpu${cpu}/topology/thread_siblings_list`);
    const list = text === null ? null : parseCpuList(text);
    return list === null ? null : list.filter((c) => c !== cpu);
}
/** CPU isolation as the kernel reports it (sysfs first, the boot command line second). */
async function isolation(roots) {
    const [isolatedText, nohzText, cmdlineText] = await Promise.all([
        readHost(roots, 'sys', `${CPU}/isolated`),
        readHost(roots, 'sys', `${CPU}/nohz_full`),
        readHost(roots, 'proc', 'cmdline'),
    ]);
    const cmdline = cmdlineText === null ? null : parseCmdline(cmdlineText);
    const fromCmdline = (key) => {
        if (cmdline === null)
            return null;
        const v = cmdline.get(key);
        return v === undefined ? [] : parseCpuList(cmdlineCpuList(v));
    };
    // sysfs nohz_full prints `(null)` when the kernel supports it but none is configured.
    const nohz = nohzText === null ? fromCmdline('nohz_full') : nohzText === '(null)' ? [] : parseCpuList(nohzText);
    return {
        isolated: isolatedText === null ? fromCmdline('isolcpus') : parseCpuList(isolatedText),
        nohzFull: nohz,
        rcuNocbs: fromCmdline('rcu_nocbs'),
    };
}
function describeCpus(cpus) {
    return cpus === null ? 'unknown' : cpus.length === 0 ? 'none' : formatCpuList(cpus);
}
/**
 * `/sys/devices/system/cpu/vulnerabilities/*`, one line each:
 * `spectre_v2: Mitigation: Retpolines; STIBP: disabled; RSB filling; ...`, `meltdown: Not affected`.
 * Summarised as the entries that are not `Not affected`, sorted, ` | `-joined; `none needed`
 * when the CPU is affected by none; null when the directory is missing.
 */
async function mitigations(roots) {
    const dir = `${CPU}/vulnerabilities`;
    const names = await listHost(roots, 'sys', dir);
    if (names === null)
        return null;
    const entries = await Promise.all([...names].sort().map(async (n) => [n, await readHost(roots, 'sys', `${dir}/${n}`)]));
    const relevant = entries.filter(([, v]) => v !== null && v !== 'Not affected').map(([n, v]) => `${n}: ${v}`);
    return relevant.length === 0 ? 'none needed' : relevant.join(' | ');
}

;// CONCATENATED MODULE: ./build/host/checks.js
/**
 * Host checks (docs/ARCHITECTURE.md §7, pyperf `system show` as the model): each setting that makes
 * measurements noisy or incomparable, judged as pass | warn | fail | unknown with the value
 * seen and what to do about it. A file that does not exist is `unknown`, never `pass`: a VM
 * without cpufreq has not shown that its clock is stable, only that we cannot see it.
 *
 * Severity: `fail` = this host cannot measure properly as configured (perf cannot count);
 * `warn` = a known source of noise or bias; `pass` = seen and fine.
 */




const check = (id, status, value, advice = '') => ({ id, status, value, advice });
/** The CPUs a check is about: the benchmark CPUs, else every CPU the kernel lists. */
async function targetCpus(ctx) {
    return ctx.cpus ?? (await knownCpus(ctx.roots));
}
function cpuWord(cpus) {
    return `${cpus.length === 1 ? 'CPU' : 'CPUs'} ${formatCpuList(cpus)}`;
}
async function checkGovernor(ctx) {
    const cpus = await targetCpus(ctx);
    if (cpus === null)
        return check('governor', 'unknown', 'cannot list CPUs (no /sys/devices/system/cpu)');
    const govs = await governors(ctx.roots, cpus);
    const known = [...govs.values()].filter((g) => g !== null);
    if (known.length === 0) {
        return check('governor', 'unknown', `no cpufreq for ${cpuWord(cpus)} (no cpu${cpus[0]}/cpufreq/scaling_governor)`, 'frequency scaling is not visible here (typical of a VM, where the host decides the clock): nothing to set, but the clock is not known to be fixed');
    }
    const value = summarisePerCpu(govs);
    if (known.some((g) => g !== 'performance')) {
        return check('governor', 'warn', value, 'set the performance governor on the benchmark CPUs: perfgate run --tune (root), or cpupower frequency-set -g performance');
    }
    if (known.length < cpus.length)
        return check('governor', 'unknown', value, 'some benchmark CPUs expose no governor');
    return check('governor', 'pass', value);
}
async function checkTurbo(ctx) {
    const t = await turbo(ctx.roots);
    if (t.state === null) {
        return check('turbo', 'unknown', 'no intel_pstate/no_turbo or cpufreq/boost', 'turbo is not controllable (or not visible) here; on a VM the host decides');
    }
    if (t.state === 'on') {
        return check('turbo', 'warn', `on (${t.source})`, 'turbo clocks follow temperature and load on other cores: disable it with perfgate run --tune (root)');
    }
    return check('turbo', 'pass', `off (${t.source})`);
}
async function checkSmt(ctx) {
    const [control, cpus, online] = await Promise.all([smtControl(ctx.roots), targetCpus(ctx), onlineCpus(ctx.roots)]);
    const siblings = cpus === null ? null : await Promise.all(cpus.map((c) => threadSiblings(ctx.roots, c)));
    if (cpus === null || siblings === null || siblings.some((s) => s === null)) {
        if (control === 'off' || control === 'forceoff')
            return check('smt', 'pass', control);
        return check('smt', 'unknown', `control ${control ?? 'unknown'}; thread siblings not visible (no cpuN/topology/thread_siblings_list)`);
    }
    const mine = new Set(cpus);
    const busy = [...new Set(siblings.flatMap((s) => s ?? []))].filter((c) => !mine.has(c) && (online === null || online.includes(c)));
    if (busy.length > 0) {
        return check('smt', 'warn', `control ${control ?? 'unknown'}; ${cpuWord(busy)} ${busy.length === 1 ? 'shares a core with a benchmark CPU and is' : 'share cores with the benchmark CPUs and are'} online`, `a busy sibling halves the core's resources: park ${cpuWord(busy)} with perfgate run --tune (root), or echo 0 > /sys/devices/system/cpu/cpuN/online`);
    }
    return check('smt', 'pass', `control ${control ?? 'unknown'}; no online sibling of ${cpuWord(cpus)}`);
}
function isolationCheck(id, what, list, cpus, source, advice) {
    if (list === null)
        return check(id, 'unknown', `not visible (no ${source})`);
    if (list.length === 0)
        return check(id, 'warn', 'none', advice);
    if (cpus === null)
        return check(id, 'warn', `${describeCpus(list)}; benchmarks not pinned`, `pin the benchmarks to the ${what} CPUs: cpus: auto`);
    const outside = cpus.filter((c) => !list.includes(c));
    if (outside.length > 0)
        return check(id, 'warn', `${describeCpus(list)}; benchmark ${cpuWord(outside)} not among them`, `pin the benchmarks to ${describeCpus(list)} (cpus: auto picks isolated CPUs)`);
    return check(id, 'pass', `${describeCpus(list)} (covers benchmark ${cpuWord(cpus)})`);
}
async function checkIsolation(ctx) {
    const iso = await isolation(ctx.roots);
    const boot = (flag) => `boot with ${flag}=<benchmark CPUs> (with cpus: auto to pin there)`;
    return [
        isolationCheck('isolated-cpus', 'isolated', iso.isolated, ctx.cpus, '/sys/devices/system/cpu/isolated or /proc/cmdline', `other tasks share the benchmark CPUs: ${boot('isolcpus')}`),
        isolationCheck('nohz-full', 'nohz_full', iso.nohzFull, ctx.cpus, '/sys/devices/system/cpu/nohz_full or /proc/cmdline', `the scheduler tick interrupts the benchmark CPUs: ${boot('nohz_full')}`),
        isolationCheck('rcu-nocbs', 'rcu_nocbs', iso.rcuNocbs, ctx.cpus, '/proc/cmdline', `RCU callbacks run on the benchmark CPUs: ${boot('rcu_nocbs')}`),
    ];
}
async function checkIrqAffinity(ctx) {
    const cpus = await targetCpus(ctx);
    const irqs = (await listHost(ctx.roots, 'proc', 'irq'))?.filter((n) => /^\d+$/.test(n)) ?? null;
    if (cpus === null || irqs === null)
        return check('irq-affinity', 'unknown', 'no /proc/irq (or no CPU list)');
    const lists = await Promise.all(irqs.map(async (n) => {
        const text = await readHost(ctx.roots, 'proc', `irq/${n}/smp_affinity_list`);
        return text === null ? null : parseCpuList(text);
    }));
    const readable = lists.filter((l) => l !== null);
    if (readable.length === 0)
        return check('irq-affinity', 'unknown', `${irqs.length} IRQs, no readable smp_affinity_list`);
    const onMine = readable.filter((l) => l.some((c) => cpus.includes(c))).length;
    const interrupts = await readHost(ctx.roots, 'proc', 'interrupts');
    let served = '';
    if (interrupts !== null) {
        const table = parseInterrupts(interrupts);
        const cols = table.cpus.map((c, i) => (cpus.includes(c) ? i : -1)).filter((i) => i >= 0);
        const total = table.rows.filter((r) => /^\d+$/.test(r.irq)).reduce((n, r) => n + cols.reduce((m, i) => m + (r.counts[i] ?? 0), 0), 0);
        served = `; ${total.toLocaleString('en-US')} device interrupts served there since boot`;
    }
    const value = `${onMine} of ${readable.length} IRQs may run on ${cpuWord(cpus)}${served}`;
    if (onMine === 0)
        return check('irq-affinity', 'pass', value);
    return check('irq-affinity', 'warn', value, 'interrupt handlers steal time from the benchmark: move them with perfgate run --tune (root), or write a list without the benchmark CPUs to /proc/irq/N/smp_affinity_list (and stop irqbalance)');
}
async function checkAslr(ctx) {
    const v = await readHost(ctx.roots, 'proc', 'sys/kernel/randomize_va_space');
    if (v === null)
        return check('aslr', 'unknown', 'no /proc/sys/kernel/randomize_va_space');
    if (v === '0')
        return check('aslr', 'pass', '0 (off)');
    const what = v === '1' ? 'stack, mmap and vDSO randomized' : v === '2' ? 'full randomization' : 'randomized';
    return check('aslr', 'warn', `${v} (${what})`, 'addresses change run to run (cache and TLB aliasing): perfgate run --tune wraps each benchmark in setarch -R; the valgrind backend always does');
}
async function checkThp(ctx) {
    const v = await readHost(ctx.roots, 'sys', 'kernel/mm/transparent_hugepage/enabled');
    if (v === null)
        return check('thp', 'unknown', 'no /sys/kernel/mm/transparent_hugepage/enabled');
    const mode = selected(v);
    if (mode === 'always') {
        return check('thp', 'warn', 'always', 'huge pages appear and vanish with memory fragmentation (page faults and TLB misses vary): echo madvise > /sys/kernel/mm/transparent_hugepage/enabled');
    }
    return check('thp', 'pass', mode);
}
async function checkPerfParanoid(ctx) {
    const v = await readHost(ctx.roots, 'proc', 'sys/kernel/perf_event_paranoid');
    if (v === null)
        return check('perf-event-paranoid', 'unknown', 'no /proc/sys/kernel/perf_event_paranoid (kernel without perf events?)');
    const n = Number(v);
    if (!Number.isInteger(n))
        return check('perf-event-paranoid', 'unknown', `unreadable value ${JSON.stringify(v)}`);
    if (n <= 1)
        return check('perf-event-paranoid', 'pass', `${n} (user and kernel counting allowed)`);
    if (ctx.isRoot)
        return check('perf-event-paranoid', 'pass', `${n} (running as root: not restricted)`);
    if (n === 2)
        return check('perf-event-paranoid', 'warn', '2 (user-space counts only: :u events)', 'kernel time is not counted: sudo sysctl -w kernel.perf_event_paranoid=1');
    return check('perf-event-paranoid', 'fail', `${n} (unprivileged perf disabled)`, 'perf cannot count as this user: sudo sysctl -w kernel.perf_event_paranoid=1');
}
async function checkNmiWatchdog(ctx) {
    const v = await readHost(ctx.roots, 'proc', 'sys/kernel/nmi_watchdog');
    if (v === null)
        return check('nmi-watchdog', 'unknown', 'no /proc/sys/kernel/nmi_watchdog');
    if (v === '0')
        return check('nmi-watchdog', 'pass', '0 (off)');
    return check('nmi-watchdog', 'warn', `${v} (on)`, 'the watchdog holds a hardware counter on every CPU (perf multiplexes sooner) and fires NMIs: sudo sysctl -w kernel.nmi_watchdog=0');
}
/** Core PMUs as sysfs names them: x86 `cpu`, hybrid Intel `cpu_core`/`cpu_atom`, arm64 `armv8_pmuv3_0`... */
const CORE_PMU = /^(cpu|cpu_core|cpu_atom|armv\d.*|arm_.*pmu.*)$/;
async function hypervisorFlag(roots) {
    const cpuinfo = await readHost(roots, 'proc', 'cpuinfo');
    const flags = cpuinfo === null ? null : parseCpuinfo(cpuinfo).flags;
    return flags === null ? null : flags.includes('hypervisor');
}
async function checkPmu(ctx) {
    const devices = await listHost(ctx.roots, 'sys', 'bus/event_source/devices');
    const perfSays = ctx.probe ? `; perf: ${ctx.probe.perf.reasons.filter((r) => /PMU/.test(r)).join('; ') || ctx.probe.perf.reasons.join('; ')}` : '';
    if (devices === null)
        return check('pmu', 'unknown', `no /sys/bus/event_source/devices${perfSays}`);
    const core = devices.filter((d) => CORE_PMU.test(d)).sort();
    if (core.length > 0 && (!ctx.probe || ctx.probe.perf.pmu || !ctx.probe.perf.usable))
        return check('pmu', 'pass', `present (${core.join(', ')})${perfSays}`);
    const vm = await hypervisorFlag(ctx.roots);
    const why = core.length > 0
        ? `sysfs lists ${core.join(', ')} but hardware events do not open`
        : `absent: no core PMU in /sys/bus/event_source/devices (only ${[...devices].sort().join(', ') || 'nothing'})${vm ? '; the hypervisor exposes no virtual PMU' : ''}`;
    return check('pmu', 'warn', `${why}${perfSays}`, 'cycles and instructions cannot be counted: gate on task-clock, or use backend: valgrind for exact instruction counts');
}
async function checkVirtualization(ctx) {
    const [flag, hvType, vendor, product] = await Promise.all([
        hypervisorFlag(ctx.roots),
        readHost(ctx.roots, 'sys', 'hypervisor/type'),
        readHost(ctx.roots, 'sys', 'class/dmi/id/sys_vendor'),
        readHost(ctx.roots, 'sys', 'class/dmi/id/product_name'),
    ]);
    const names = [hvType, vendor, product].filter((s) => s !== null && s !== '');
    const detail = names.length > 0 ? `; ${[...new Set(names)].join(', ')}` : '';
    const advice = 'other guests share the physical CPUs (steal time, usually no PMU): expect more noise; prefer same-job A/B (perfgate ab) and task-clock over wall time';
    if (flag === true)
        return check('virtualization', 'warn', `virtual machine (hypervisor flag in /proc/cpuinfo${detail})`, advice);
    if (hvType !== null)
        return check('virtualization', 'warn', `virtual machine (/sys/hypervisor/type: ${hvType})`, advice);
    if (flag === false)
        return check('virtualization', 'pass', `bare metal (no hypervisor flag${detail})`);
    return check('virtualization', 'unknown', 'no CPU flags in /proc/cpuinfo');
}
function checkPerf(probe) {
    const p = probe.perf;
    if (p.usable)
        return check('perf', 'pass', `perf ${p.version ?? '?'}: ${p.reasons.join('; ')}`);
    return check('perf', 'fail', p.reasons.join('; '), 'the perf backend cannot run (perfgate falls back to the time backend): install linux-perf for this kernel, or lower kernel.perf_event_paranoid');
}
/** Every static host check, in a fixed order. */
async function hostChecks(ctx) {
    const [governor, turboCheck, smt, isolated, irq, aslr, thp, paranoid, nmi, pmu, virt] = await Promise.all([
        checkGovernor(ctx),
        checkTurbo(ctx),
        checkSmt(ctx),
        checkIsolation(ctx),
        checkIrqAffinity(ctx),
        checkAslr(ctx),
        checkThp(ctx),
        checkPerfParanoid(ctx),
        checkNmiWatchdog(ctx),
        checkPmu(ctx),
        checkVirtualization(ctx),
    ]);
    return [governor, turboCheck, smt, ...isolated, irq, aslr, thp, paranoid, nmi, pmu, virt, ...(ctx.probe ? [checkPerf(ctx.probe)] : [])];
}

// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(58500);
;// CONCATENATED MODULE: ./build/host/preflight.js
/**
 * USE-method pre-flight (utilisation, saturation, errors) of the runner, right before
 * measuring: is anything else using the CPUs, is the run queue long, is memory short or
 * swapping, are tasks stalling (PSI), and who is busy. Rates come from two samples of the
 * counters ~200 ms apart; a file that is missing makes its check `unknown`.
 */




const PREFLIGHT_IDS = ['cpu-utilisation', 'run-queue', 'memory', 'swap', 'psi-cpu', 'psi-memory', 'psi-io', 'busy-processes'];
async function sample(roots) {
    const [stat, vmstat, pids] = await Promise.all([
        readHost(roots, 'proc', 'stat'),
        readHost(roots, 'proc', 'vmstat'),
        listHost(roots, 'proc', '.'),
    ]);
    let procs = null;
    if (pids !== null) {
        procs = new Map();
        const stats = await Promise.all(pids.filter((p) => /^\d+$/.test(p)).map((p) => readHost(roots, 'proc', `${p}/stat`)));
        for (const text of stats) {
            const s = text === null ? null : parsePidStat(text);
            if (s)
                procs.set(s.pid, { comm: s.comm, ticks: s.ticks });
        }
    }
    return { stat: stat === null ? null : parseProcStat(stat), vmstat: vmstat === null ? null : parseVmstat(vmstat), procs };
}
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const preflight_check = (id, status, value, advice = '') => ({ id, status, value, advice });
/** pass at or below `warnAt`, warn up to `failAt`, fail above. */
const grade = (x, warnAt, failAt) => (x <= warnAt ? 'pass' : x <= failAt ? 'warn' : 'fail');
function busyShare(a, b) {
    if (!a || !b)
        return null;
    const total = b.total - a.total;
    if (total <= 0)
        return null;
    const steal = (b.steal - a.steal) / total;
    // Steal (another guest ran on our physical CPU) is reported apart from our host's own work.
    return { busy: 1 - (b.idle - a.idle) / total - steal, steal };
}
function cpuUtilisation(a, b, cpus, ms) {
    if (!a.stat || !b.stat)
        return preflight_check('cpu-utilisation', 'unknown', 'no /proc/stat');
    const all = busyShare(a.stat.get('cpu'), b.stat.get('cpu'));
    if (!all)
        return preflight_check('cpu-utilisation', 'unknown', `/proc/stat did not advance in ${ms} ms`);
    const per = (cpus ?? []).map((c) => [c, busyShare(a.stat?.get(`cpu${c}`), b.stat?.get(`cpu${c}`))]);
    // Either way the CPU is not ours: grade busy + steal.
    const worst = Math.max(all.busy + all.steal, ...per.map(([, s]) => (s ? s.busy + s.steal : 0)));
    const perText = per.filter(([, s]) => s !== null).map(([c, s]) => `cpu${c} ${pct(s?.busy ?? 0)}`).join(', ');
    const value = `${pct(all.busy)} busy over ${ms} ms${perText ? ` (${perText})` : ''}${all.steal > 0 ? `; steal ${pct(all.steal)}` : ''}`;
    const status = grade(worst, 0.1, 0.3);
    return preflight_check('cpu-utilisation', status, value, status === 'pass' ? '' : 'something else is using the CPUs: wait for it, or stop it (see busy-processes)');
}
async function runQueue(roots) {
    const [text, cpus] = await Promise.all([readHost(roots, 'proc', 'loadavg'), knownCpus(roots)]);
    const load = text === null ? null : parseLoadavg(text);
    if (!load || !cpus)
        return preflight_check('run-queue', 'unknown', load ? 'cannot count the CPUs' : 'no /proc/loadavg');
    const perCpu = load.load1 / cpus.length;
    const value = `load ${load.load1} ${load.load5} ${load.load15} on ${cpus.length} CPUs (${perCpu.toFixed(2)} per CPU over 1 min); ${load.running}/${load.tasks} runnable now`;
    const status = grade(perCpu, 0.5, 1);
    return preflight_check('run-queue', status, value, status === 'pass' ? '' : 'tasks have been waiting for CPUs in the last minute: let the host settle before measuring');
}
async function memory(roots) {
    const text = await readHost(roots, 'proc', 'meminfo');
    const m = text === null ? null : parseMeminfo(text);
    const total = m?.MemTotal;
    const avail = m?.MemAvailable;
    if (total === undefined || avail === undefined || total <= 0)
        return preflight_check('memory', 'unknown', m ? 'no MemAvailable in /proc/meminfo' : 'no /proc/meminfo');
    const gib = (kb) => `${(kb / 2 ** 20).toFixed(1)} GiB`;
    const share = avail / total;
    const status = share >= 0.2 ? 'pass' : share >= 0.1 ? 'warn' : 'fail';
    return preflight_check('memory', status, `${gib(avail)} of ${gib(total)} available (${pct(share)})`, status === 'pass' ? '' : 'little memory left: page cache evictions and reclaim will disturb the benchmarks');
}
function swap(a, b, meminfo, ms) {
    if (!a.vmstat || !b.vmstat)
        return preflight_check('swap', 'unknown', 'no /proc/vmstat');
    const d = (k) => (b.vmstat?.[k] ?? 0) - (a.vmstat?.[k] ?? 0);
    const inPages = d('pswpin');
    const outPages = d('pswpout');
    const used = meminfo?.SwapTotal !== undefined && meminfo.SwapFree !== undefined ? `; swap used ${meminfo.SwapTotal - meminfo.SwapFree} of ${meminfo.SwapTotal} kB` : '';
    if (inPages > 0 || outPages > 0) {
        return preflight_check('swap', 'fail', `swapping now: ${inPages} pages in, ${outPages} out in ${ms} ms${used}`, 'the host is short of memory: stop other work or use a bigger runner');
    }
    return preflight_check('swap', 'pass', `no swapping during ${ms} ms${used}`);
}
async function pressure(roots, kind) {
    const id = `psi-${kind}`;
    const text = await readHost(roots, 'proc', `pressure/${kind}`);
    if (text === null)
        return preflight_check(id, 'unknown', `no /proc/pressure/${kind} (kernel without PSI, or booted with psi=0)`);
    const p = parsePressure(text);
    if (!p.some)
        return preflight_check(id, 'unknown', `/proc/pressure/${kind} not understood`);
    const full = p.full ? `, full avg10 ${p.full.avg10.toFixed(2)}%` : '';
    const value = `some avg10 ${p.some.avg10.toFixed(2)}% avg60 ${p.some.avg60.toFixed(2)}%${full}`;
    const status = grade(p.some.avg10, 2, 10);
    const what = kind === 'cpu' ? 'waiting for a CPU' : kind === 'memory' ? 'stalled on memory reclaim' : 'stalled on I/O';
    return preflight_check(id, status, value, status === 'pass' ? '' : `tasks spent ${p.some.avg10.toFixed(1)}% of the last 10 s ${what}: let the host settle`);
}
function busyProcesses(a, b, selfPid) {
    if (!a.procs || !b.procs || !a.stat || !b.stat)
        return preflight_check('busy-processes', 'unknown', 'no /proc/[pid]/stat or /proc/stat');
    const all = [a.stat.get('cpu'), b.stat.get('cpu')];
    const ncpu = [...b.stat.keys()].filter((k) => /^cpu\d+$/.test(k)).length || 1;
    // Ticks per CPU over the window, from /proc/stat itself: no need to know USER_HZ.
    const perCpuTicks = all[0] && all[1] ? (all[1].total - all[0].total) / ncpu : 0;
    if (perCpuTicks <= 0)
        return preflight_check('busy-processes', 'unknown', '/proc/stat did not advance');
    const busy = [...b.procs]
        .filter(([pid]) => pid !== selfPid)
        // A process absent from the first sample started inside the window: all its time is recent.
        .map(([pid, p]) => ({ pid, comm: p.comm, share: (p.ticks - (a.procs?.get(pid)?.ticks ?? 0)) / perCpuTicks }))
        .filter((p) => p.share >= 0.05)
        .sort((x, y) => y.share - x.share || x.pid - y.pid);
    if (busy.length === 0)
        return preflight_check('busy-processes', 'pass', 'no other process above 5% of a CPU');
    const value = busy.slice(0, 5).map((p) => `${p.comm} (pid ${p.pid}) ${pct(p.share)} of a CPU`).join(', ');
    const top = busy[0]?.share ?? 0;
    const status = grade(top, 0.1, 0.5);
    return preflight_check('busy-processes', status, value, status === 'pass' ? '' : 'these compete with the benchmarks: stop them or wait until they finish');
}
/** The pre-flight checks, in `PREFLIGHT_IDS` order. */
async function preflight(roots, opts = {}) {
    const ms = opts.intervalMs ?? 200;
    const a = await sample(roots);
    await (opts.wait ?? ((t) => (0,external_node_timers_promises_.setTimeout)(t)))(ms);
    const b = await sample(roots);
    const meminfoText = await readHost(roots, 'proc', 'meminfo');
    const cpus = opts.cpus ?? null;
    const [rq, mem, psiCpu, psiMem, psiIo] = await Promise.all([
        runQueue(roots),
        memory(roots),
        pressure(roots, 'cpu'),
        pressure(roots, 'memory'),
        pressure(roots, 'io'),
    ]);
    return [
        cpuUtilisation(a, b, cpus, ms),
        rq,
        mem,
        swap(a, b, meminfoText === null ? null : parseMeminfo(meminfoText), ms),
        psiCpu,
        psiMem,
        psiIo,
        busyProcesses(a, b, opts.selfPid ?? process.pid),
    ];
}

;// CONCATENATED MODULE: ./build/host/doctor.js
/**
 * `perfgate doctor` as a function: the host checks and the pre-flight, for the benchmark CPUs.
 * The CLI prints the report; the action runs the same function before measuring and, with
 * `require-quiet`, refuses a busy host via `quietVerdict`.
 */




async function runDoctor(roots = REAL_ROOTS, opts = {}) {
    const cpus = opts.cpus ?? null;
    const isRoot = opts.isRoot ?? process.getuid?.() === 0;
    // Static checks first, then the pre-flight, so nothing of ours (a perf probe) is sampled as load.
    const statics = await hostChecks({ roots, cpus, isRoot, ...(opts.probe ? { probe: opts.probe } : {}) });
    const flight = await preflight(roots, { ...opts.preflight, cpus });
    const checks = [...statics, ...flight];
    const counts = { pass: 0, warn: 0, fail: 0, unknown: 0 };
    for (const c of checks)
        counts[c.status]++;
    return { cpus: cpus === null ? 'all' : formatCpuList(cpus), checks, counts };
}
/**
 * Is the host quiet enough to measure? Only the pre-flight decides (a static setting such as
 * turbo is a property of the machine, reported but not refused): any pre-flight `fail` means
 * no. `unknown` does not block, because a host without PSI cannot be made to have it.
 */
function quietVerdict(report) {
    const ids = new Set(PREFLIGHT_IDS);
    const reasons = report.checks.filter((c) => ids.has(c.id) && c.status === 'fail').map((c) => `${c.id}: ${c.value}`);
    return { quiet: reasons.length === 0, reasons };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/ajv/dist/ajv.js
var ajv = __webpack_require__(42463);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./build/suite/schema.js
/**
 * JSON Schema of perfgate.yml (docs/ARCHITECTURE.md §2). Structure only: units, duplicates and blank
 * commands are checked by the loader, which can say more than a schema keyword can.
 */
const duration = { type: ['string', 'number'] };
const percentMap = {
    type: 'object',
    propertyNames: { pattern: '^[A-Za-z0-9._-]+$' },
    additionalProperties: { type: 'string' },
};
const options = {
    iterations: { type: 'integer', minimum: 1, maximum: 100000 },
    'max-iterations': { type: 'integer', minimum: 1, maximum: 100000 },
    warmup: { type: 'integer', minimum: 0, maximum: 100000 },
    backend: { enum: ['auto', 'perf', 'valgrind', 'time'] },
    cpus: { type: ['string', 'integer'] },
    timeout: duration,
    threshold: percentMap,
    profile: { type: 'boolean' },
    'call-graph': { enum: ['fp', 'dwarf'] },
    env: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
    cwd: { type: 'string', minLength: 1 },
};
const suiteSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['version', 'benchmarks'],
    properties: {
        version: { const: 1 },
        setup: { type: 'string' },
        defaults: { type: 'object', additionalProperties: false, properties: { ...options, 'time-budget': duration } },
        benchmarks: {
            type: 'array',
            minItems: 1,
            items: {
                type: 'object',
                additionalProperties: false,
                required: ['name', 'run'],
                properties: {
                    name: { type: 'string', pattern: '^[A-Za-z0-9._/-]+$' },
                    run: { type: 'string' },
                    ...options,
                },
            },
        },
    },
};

;// CONCATENATED MODULE: ./build/suite/types.js
/** Thresholds gated when the suite says nothing (docs/ARCHITECTURE.md §4); other metrics are report-only. */
const DEFAULT_THRESHOLDS = {
    wall: 0.03,
    'task-clock': 0.02,
    instructions: 0.005,
};

;// CONCATENATED MODULE: ./build/suite/load.js
/**
 * Loads and validates perfgate.yml. Every problem is reported at once, each as
 * `file:line: key.path: what was expected`, and a suite with any problem is never run.
 */









class SuiteError extends errors/* InputError */.dz {
    file;
    problems;
    constructor(file, problems) {
        super(`invalid suite ${file}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
        this.file = file;
        this.problems = problems;
    }
}
const validate = new ajv.Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(suiteSchema);
const load_CPU_LIST = /^\d+(-\d+)?(,\d+(-\d+)?)*$/;
const BUILT_IN = { iterations: 30, warmup: 3, backend: 'auto', timeout: '60s', profile: false };
async function loadSuite(file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (err) {
        const code = err.code;
        throw new errors/* InputError */.dz(code === 'ENOENT' ? `suite file not found: ${file} (pass --suite FILE, or add perfgate.yml)` : `cannot read suite ${file}: ${code}`);
    }
    return parseSuite(text, external_node_path_.resolve(file));
}
function parseSuite(text, file) {
    const lines = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
    const lineOf = (offset) => (offset === undefined ? 1 : lines.linePos(offset).line);
    if (doc.errors.length > 0) {
        throw new SuiteError(file, doc.errors.map((e) => `${file}:${lineOf(e.pos[0])}: YAML: ${e.message.split('\n')[0]}`));
    }
    const data = doc.toJS();
    const at = (keyPath) => `${file}:${lineAt(doc, keyPath, lineOf)}: ${formatPath(keyPath)}`;
    if (!validate(data)) {
        throw new SuiteError(file, sortByLine((validate.errors ?? []).map((e) => describe(e, at))));
    }
    return resolve(data, file, text, at, (p) => lineAt(doc, p, lineOf));
}
function resolve(raw, file, text, at, line) {
    const problems = [];
    const dir = external_node_path_.dirname(file);
    const defaults = raw.defaults ?? {};
    const seen = new Map();
    const benchmarks = raw.benchmarks.map((b, i) => {
        const here = ['benchmarks', i];
        const pick = (key) => b[key] !== undefined ? { value: b[key], where: [...here, key] } : { value: defaults[key], where: ['defaults', key] };
        const first = seen.get(b.name);
        if (first !== undefined)
            problems.push(`${at([...here, 'name'])}: duplicate benchmark name '${b.name}' (first at benchmarks[${first}])`);
        else
            seen.set(b.name, i);
        if (b.run.trim() === '')
            problems.push(`${at([...here, 'run'])}: empty command: expected the shell command to measure`);
        const timeout = pick('timeout');
        const timeoutMs = parseDuration(timeout.value ?? BUILT_IN.timeout);
        if (timeoutMs === null)
            problems.push(`${at(timeout.where)}: bad duration ${JSON.stringify(timeout.value)}: expected e.g. '60s', '500ms', '2m'`);
        const cpusRaw = pick('cpus');
        const cpus = cpusRaw.value === undefined ? null : String(cpusRaw.value);
        // `auto` is resolved when measuring (isolated CPUs, else the last online one), not here.
        if (cpus !== null && cpus !== 'auto' && !load_CPU_LIST.test(cpus)) {
            problems.push(`${at(cpusRaw.where)}: bad CPU list '${cpus}': expected taskset form like '1', '0-3' or '0,2', or 'auto'`);
        }
        const threshold = { ...DEFAULT_THRESHOLDS };
        for (const [where, map] of [[['defaults', 'threshold'], defaults.threshold], [[...here, 'threshold'], b.threshold]]) {
            for (const [metric, v] of Object.entries(map ?? {})) {
                const pct = parsePercent(v);
                if (pct === null)
                    problems.push(`${at([...where, metric])}: bad percentage '${v}': expected e.g. '2%' or '0.5%'`);
                else
                    threshold[metric] = pct;
            }
        }
        const iterations = pick('iterations').value ?? BUILT_IN.iterations;
        const max = pick('max-iterations');
        const maxIterations = max.value ?? iterations;
        if (maxIterations < iterations)
            problems.push(`${at(max.where)}: max-iterations ${maxIterations} is below iterations ${iterations}: expected at least as many`);
        const env = {};
        for (const [k, v] of Object.entries({ ...defaults.env, ...b.env }))
            env[k] = String(v);
        return {
            name: b.name,
            run: b.run.trim(),
            cwd: external_node_path_.resolve(dir, pick('cwd').value ?? '.'),
            env,
            iterations,
            maxIterations: Math.max(maxIterations, iterations),
            warmup: pick('warmup').value ?? BUILT_IN.warmup,
            backend: pick('backend').value ?? BUILT_IN.backend,
            cpus,
            timeoutMs: timeoutMs ?? 0,
            threshold,
            profile: pick('profile').value ?? BUILT_IN.profile,
            callGraph: pick('call-graph').value ?? 'fp',
            line: line(here),
        };
    });
    const budget = defaults['time-budget'];
    const timeBudgetMs = budget === undefined ? null : parseDuration(budget);
    if (budget !== undefined && timeBudgetMs === null)
        problems.push(`${at(['defaults', 'time-budget'])}: bad duration ${JSON.stringify(budget)}: expected e.g. '10m', '90s'`);
    if (problems.length > 0)
        throw new SuiteError(file, sortByLine(problems));
    return {
        path: file,
        dir,
        sha256: (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex'),
        setup: raw.setup?.trim() || null,
        timeBudgetMs,
        benchmarks,
    };
}
/** Line of the deepest entry that exists along keyPath: a map entry's key, a list's item. */
function lineAt(doc, keyPath, lineOf) {
    for (let n = keyPath.length; n > 0; n--) {
        const parent = n === 1 ? doc.contents : doc.getIn(keyPath.slice(0, n - 1), true);
        const last = keyPath[n - 1];
        if ((0,dist/* isMap */.jh)(parent)) {
            const pair = parent.items.find((p) => (0,dist/* isScalar */.jn)(p.key) && p.key.value === last);
            if (pair && (0,dist/* isNode */.Ll)(pair.key) && pair.key.range)
                return lineOf(pair.key.range[0]);
        }
        else if ((0,dist/* isSeq */.oP)(parent) && typeof last === 'number') {
            const item = parent.items[last];
            if ((0,dist/* isNode */.Ll)(item) && item.range)
                return lineOf(item.range[0]);
        }
    }
    return 1;
}
function formatPath(keyPath) {
    if (keyPath.length === 0)
        return '(top level)';
    return keyPath.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}
function describe(e, at) {
    const keyPath = e.instancePath
        .split('/')
        .slice(1)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const p = e.params;
    switch (e.keyword) {
        case 'additionalProperties':
            return `${at([...keyPath, String(p.additionalProperty)])}: unknown key '${String(p.additionalProperty)}'`;
        case 'required':
            return `${at(keyPath)}: missing required key '${String(p.missingProperty)}'`;
        case 'type':
            return `${at(keyPath)}: wrong type: expected ${String(p.type).replace(',', ' or ')}`;
        case 'enum':
            return `${at(keyPath)}: expected one of ${p.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
        case 'const':
            return `${at(keyPath)}: expected ${JSON.stringify(p.allowedValue)}`;
        case 'pattern':
            return keyPath.at(-1) === 'name'
                ? `${at(keyPath)}: bad name: expected letters, digits and . _ / - only`
                : `${at(keyPath)}: does not match ${String(p.pattern)}`;
        case 'propertyNames':
            return `${at(keyPath)}: bad metric name '${String(p.propertyName)}'`;
        case 'minItems':
            return `${at(keyPath)}: expected at least one benchmark`;
        default:
            return `${at(keyPath)}: ${e.message ?? e.keyword}`;
    }
}
function sortByLine(problems) {
    const lineNo = (s) => Number(/:(\d+):/.exec(s)?.[1] ?? 0);
    return [...new Set(problems)].sort((a, b) => lineNo(a) - lineNo(b));
}

;// CONCATENATED MODULE: ./build/engine/doctor.js
/**
 * The host checks for the CPUs the benchmarks will run on, for `perfgate doctor` and the
 * action's pre-flight alike: `--cpus`/the `cpus` input when given, else the CPUs the suite pins
 * to, else all CPUs. One rule, so the doctor a user runs by hand checks what the gate measures on.
 */





async function doctor_targetCpus(cpus, suiteFile, suiteRequired, roots, flag = '--cpus') {
    if (cpus !== undefined) {
        const text = cpus === 'auto' ? (await resolveAutoCpus(roots)).cpus : cpus;
        const list = parseCpuList(text);
        if (list === null || list.length === 0)
            throw new errors/* InputError */.dz(`${flag} ${JSON.stringify(cpus)}: expected a CPU list such as 1, 0-3 or 0,2, or auto`);
        return list;
    }
    // No suite is fine when none was asked for (doctor also runs before a repository has one).
    if (!suiteRequired && !(0,external_node_fs_.existsSync)(suiteFile))
        return null;
    const s = await loadSuite(suiteFile);
    const auto = s.benchmarks.some((b) => b.cpus === 'auto') ? (await resolveAutoCpus(roots)).cpus : null;
    return benchmarkCpus(s.benchmarks.map((b) => ({ cpus: b.cpus === 'auto' ? auto : b.cpus })));
}
async function checkHost(opts) {
    const cpus = await doctor_targetCpus(opts.cpus, opts.suiteFile, opts.suiteRequired, opts.roots, opts.flag);
    return runDoctor(opts.roots, { cpus, ...(opts.probe ? { probe: opts.probe } : {}) });
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./build/host/binaries.js
/**
 * sha256 of the executables the benchmarks run, so a comparison can say whether the code under
 * test changed at all (identical binaries on both sides: any difference is noise).
 */




/**
 * The executable a `run:` names, when its first word is a path (`./benchmarks/bin/cache random`
 * → `<cwd>/benchmarks/bin/cache`). Bare command names (`python3 x.py`, `sleep 1`) resolve through
 * PATH to system programs that `setup` did not build, so they are not hashed.
 */
function benchmarkExecutable(spec) {
    const first = spec.run.trim().split(/\s+/)[0] ?? '';
    if (!first.includes('/') || /['"`$=]/.test(first))
        return null;
    return external_node_path_.resolve(spec.cwd, first);
}
async function sha256File(file) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(file))
        hash.update(chunk);
    return hash.digest('hex');
}
/**
 * `{ "benchmarks/bin/cache": "<sha256>" }`: each distinct executable once, keyed by its path
 * relative to the suite directory (absolute when outside it). Files that do not exist (yet)
 * are left out; the run itself will report them.
 */
async function hashBenchmarkBinaries(benchmarks, suiteDir) {
    const files = [...new Set(benchmarks.map(benchmarkExecutable).filter((f) => f !== null))].sort();
    const out = {};
    for (const file of files) {
        const st = await (0,promises_.stat)(file).catch(() => null);
        if (!st?.isFile())
            continue;
        const rel = external_node_path_.relative(suiteDir, file);
        out[rel.startsWith('..') || external_node_path_.isAbsolute(rel) ? file : rel] = await sha256File(file);
    }
    return out;
}

;// CONCATENATED MODULE: ./build/report/progress.js
function formatEta(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const ss = String(s % 60).padStart(2, '0');
    return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
function progressReporter(out, opts) {
    const now = opts.now ?? Date.now;
    const everyMs = opts.everyMs ?? 10_000;
    const started = now();
    let doneRuns = 0;
    let lastPrint = 0;
    let prefix = '';
    const eta = () => {
        if (doneRuns === 0)
            return 'ETA ?';
        return `ETA ${formatEta(((now() - started) / doneRuns) * (opts.totalRuns - doneRuns))}`;
    };
    return {
        benchmarkStart(index, total, name) {
            prefix = `[${index + 1}/${total}] ${name}`;
            if (!opts.isTTY)
                out.write(`${prefix}: start (${eta()})\n`);
        },
        run(done, runs, warmup) {
            doneRuns++;
            const line = `${prefix}  ${warmup ? 'warm-up' : 'run'} ${done}/${runs}  ${eta()}`;
            if (opts.isTTY)
                out.write(`\r\x1b[2K${line}`);
            else if (now() - lastPrint >= everyMs) {
                out.write(`${line}\n`);
                lastPrint = now();
            }
        },
        benchmarkEnd(result) {
            const status = result.status === 'ok' ? 'ok' : `${result.status.toUpperCase()}: ${(result.error ?? '').split('\n')[0]}`;
            out.write(`${opts.isTTY ? '\r\x1b[2K' : ''}${prefix}: ${status}\n`);
        },
    };
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ./build/measure/command.js
/**
 * Turns a suite `run:` string into argv and the environment every measured run gets.
 * Plain commands are executed directly, so the shell's own start-up is not measured; anything
 * with shell syntax goes through `/bin/sh -c`.
 */
const PLAIN_WORD = /^[A-Za-z0-9_./:,+@%-]+$/;
function commandArgv(run) {
    const words = run.trim().split(/\s+/);
    const plain = words.every((w) => PLAIN_WORD.test(w)) && !(words[0] ?? '').includes('=');
    return plain ? words : ['/bin/sh', '-c', run];
}
/**
 * A fixed, small environment: instruction counts and even timings depend on the size of the
 * environment (it shifts the stack), so runs must not inherit whatever the caller has.
 */
function benchmarkEnv(parent, extra) {
    return {
        PATH: parent.PATH ?? '/usr/local/bin:/usr/bin:/bin',
        HOME: parent.HOME ?? '/',
        LANG: 'C',
        LC_ALL: 'C',
        TZ: 'UTC',
        ...extra,
    };
}
function withCpus(argv, cpus) {
    return cpus === null ? argv : ['taskset', '-c', cpus, ...argv];
}

;// CONCATENATED MODULE: ./build/tools/process.js
/**
 * Runs one child process with a deadline. The child leads its own process group, so a timeout
 * kills everything it started (a benchmark's shell, threads, helpers), not just the top process.
 * Its stdout and stderr go to files, not pipes: draining pipes through the event loop costs
 * about a millisecond per run (measured interleaved: 0.9 ms vs 0.1 ms), which is harness
 * overhead on every measured run. Only the tails are read back, for error messages.
 */




const TAIL_BYTES = 4096;
/** After SIGTERM, how long a timed-out group gets before SIGKILL. */
const GRACE_MS = 500;
/** One directory per process for the output files (created lazily, removed on exit). */
let outputDir = null;
let sequence = 0;
function outputFile(kind) {
    if (outputDir === null) {
        const dir = (0,external_node_fs_.mkdtempSync)(external_node_path_.join(external_node_os_.tmpdir(), 'perfgate-out-'));
        outputDir = dir;
        process.once('exit', () => (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true }));
    }
    return external_node_path_.join(outputDir, `${process.pid}-${++sequence}.${kind}`);
}
function tail(fd) {
    const size = (0,external_node_fs_.fstatSync)(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(length);
    (0,external_node_fs_.readSync)(fd, buf, 0, length, size - length);
    return buf.toString('utf8');
}
function runProcess(spec) {
    const [file, ...args] = spec.argv;
    if (file === undefined)
        throw new TypeError('runProcess: empty argv');
    const files = { out: outputFile('out'), err: outputFile('err') };
    const fds = { out: (0,external_node_fs_.openSync)(files.out, 'w+'), err: (0,external_node_fs_.openSync)(files.err, 'w+') };
    return new Promise((resolve) => {
        let timedOut = false;
        let settled = false;
        const start = process.hrtime.bigint();
        const child = (0,external_node_child_process_.spawn)(file, args, { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['ignore', fds.out, fds.err] });
        const killGroup = (signal) => {
            try {
                if (child.pid !== undefined)
                    process.kill(-child.pid, signal);
            }
            catch {
                // The group is already gone.
            }
        };
        const timer = setTimeout(() => {
            timedOut = true;
            killGroup('SIGTERM');
            setTimeout(() => killGroup('SIGKILL'), GRACE_MS).unref();
        }, spec.timeoutMs);
        const onAbort = () => {
            killGroup('SIGTERM');
            setTimeout(() => killGroup('SIGKILL'), GRACE_MS).unref();
        };
        if (spec.signal?.aborted)
            onAbort();
        else
            spec.signal?.addEventListener('abort', onAbort, { once: true });
        const finish = (exitCode, signal, spawnError) => {
            if (settled)
                return;
            settled = true;
            const wallNs = Number(process.hrtime.bigint() - start);
            clearTimeout(timer);
            spec.signal?.removeEventListener('abort', onAbort);
            // Stragglers that outlived the leader (background helpers) must not run on into the next run.
            killGroup('SIGKILL');
            const outcome = { exitCode, signal, timedOut, wallNs, stderrTail: tail(fds.err), stdoutTail: tail(fds.out), ...(spawnError !== undefined ? { spawnError } : {}) };
            for (const k of ['out', 'err']) {
                (0,external_node_fs_.closeSync)(fds[k]);
                (0,external_node_fs_.rmSync)(files[k], { force: true });
            }
            resolve(outcome);
        };
        child.on('error', (err) => finish(null, null, `${file}: ${err.code ?? err.message}`));
        child.on('exit', (code, signal) => finish(code, signal));
    });
}

;// CONCATENATED MODULE: ./build/profile/collapse.js
/**
 * `perf script` output → folded stacks (`comm;root;...;leaf COUNT`), a faithful port of
 * FlameGraph's stackcollapse-perf.pl (commit 41fee1f) for the options default, --pid, --tid,
 * --kernel, --jit, --all, --addrs and --event-filter.
 *
 * Hand-written because no npm package collapses perf script output (the Rust `inferno` port is
 * not on npm and diverges from the perl script on purpose). Parity with the perl script is the
 * contract: `__tests__/profile/collapse.test.ts` compares every fixture × option byte for byte.
 *
 * Why it looks the way it does:
 * - Streaming: `push()` takes chunks of any size and keeps only a partial line, the interned
 *   frame names and a trie of the stacks seen, so a 1 GB input needs memory for its distinct
 *   stacks only, never for its text.
 * - Byte faithfulness: chunks are decoded as latin1 (one char per byte, no UTF-8 state across
 *   chunks) and every character class is the ASCII one perl uses on byte strings (`\s` is
 *   [\t\n\v\f\r ], `\w` is [A-Za-z0-9_]); sorting compares char codes, i.e. bytes, like `cmp`.
 * - Speed (≈5× the perl script): no regex on the hot path. The perl regexes are re-derived as
 *   small scanners (comments below say which regex each one replaces and why it is equivalent;
 *   two of them, `(\d+)\/*(\d+)*` and `:\s*(\d+)*`, would also backtrack exponentially in a
 *   JavaScript regex on a long digit run). A frame line's text after its address is the key of
 *   a cache of the frame ids it produces, so the usual frame line costs one slice and one Map
 *   lookup; stacks are aggregated in an integer trie, not as joined strings.
 *
 * The one deliberate divergence (docs/ARCHITECTURE.md §5): a final sample with no blank line after it is
 * counted; the perl script drops it.
 */

/** At most this many warnings are kept; the rest are only counted (`warningCount`). */
const MAX_WARNINGS = 100;
/** A line this long with no newline is not perf script output; stop before memory runs out. */
const MAX_LINE_CHARS = 64 * 1024 * 1024;
const SKIP = -1;
const NO_PNAME = -1;
/** perl's `\s` on a byte string: space, \t, \n, \v, \f, \r. */
function isSpace(c) {
    return c === 32 || (c >= 9 && c <= 13);
}
/** perl's `\w` on a byte string. */
function isWord(c) {
    return ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95);
}
function isDigit(c) {
    return c >= 48 && c <= 57;
}
function isLowerHex(c) {
    return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}
/** A fresh flat copy, so a Map key never pins the whole input chunk it was sliced from. */
function detach(s) {
    return s.length < 13 ? s : Buffer.from(s, 'latin1').toString('latin1');
}
/** Open-addressing hash table (parent node, frame id) → child node: a trie without objects. */
class StackTrie {
    cap = 1 << 16;
    kParent = new Int32Array(this.cap);
    kFrame = new Int32Array(this.cap);
    vChild = new Int32Array(this.cap); // child + 1; 0 = empty slot
    used = 0;
    /** Node 0 is the virtual root above the comm frames. */
    nodeParent = new Int32Array(1 << 16);
    nodeFrame = new Int32Array(1 << 16);
    nodeCount = new Float64Array(1 << 16);
    /** 1 once a sample ended here: a period of "00" adds 0 but perl still prints "stack 0". */
    nodeHit = new Uint8Array(1 << 16);
    nodes = 1;
    child(parent, frame) {
        const mask = this.cap - 1;
        let h = (Math.imul(parent, 0x9e3779b1) ^ Math.imul(frame, 0x85ebca6b)) >>> 0;
        h = (h ^ (h >>> 15)) & mask;
        for (;;) {
            const v = this.vChild[h];
            if (v === 0)
                break;
            if (this.kParent[h] === parent && this.kFrame[h] === frame)
                return v - 1;
            h = (h + 1) & mask;
        }
        const node = this.nodes++;
        if (node >= this.nodeParent.length)
            this.growNodes();
        this.nodeParent[node] = parent;
        this.nodeFrame[node] = frame;
        this.kParent[h] = parent;
        this.kFrame[h] = frame;
        this.vChild[h] = node + 1;
        if (++this.used * 2 > this.cap)
            this.rehash();
        return node;
    }
    growNodes() {
        const n = this.nodeParent.length * 2;
        const p = new Int32Array(n);
        p.set(this.nodeParent);
        const f = new Int32Array(n);
        f.set(this.nodeFrame);
        const c = new Float64Array(n);
        c.set(this.nodeCount);
        const hit = new Uint8Array(n);
        hit.set(this.nodeHit);
        this.nodeParent = p;
        this.nodeFrame = f;
        this.nodeCount = c;
        this.nodeHit = hit;
    }
    rehash() {
        const oldP = this.kParent;
        const oldF = this.kFrame;
        const oldV = this.vChild;
        this.cap *= 2;
        const mask = this.cap - 1;
        this.kParent = new Int32Array(this.cap);
        this.kFrame = new Int32Array(this.cap);
        this.vChild = new Int32Array(this.cap);
        for (let i = 0; i < oldV.length; i++) {
            const v = oldV[i];
            if (v === 0)
                continue;
            const parent = oldP[i];
            const frame = oldF[i];
            let h = (Math.imul(parent, 0x9e3779b1) ^ Math.imul(frame, 0x85ebca6b)) >>> 0;
            h = (h ^ (h >>> 15)) & mask;
            while (this.vChild[h] !== 0)
                h = (h + 1) & mask;
            this.kParent[h] = parent;
            this.kFrame[h] = frame;
            this.vChild[h] = v;
        }
    }
}
/** The outcome of a collapse: aggregated stacks plus what was noticed on the way. */
class CollapseResult {
    rawEntries;
    samples;
    lines;
    bytes;
    warnings;
    warningCount;
    event;
    filteredSamples;
    constructor(
    /** Sorted like perl's `sort { $a cmp $b }`; stacks as latin1 strings (one char per byte). */
    rawEntries, 
    /** Samples counted (after event filtering). */
    samples, lines, bytes, warnings, warningCount, 
    /** The event kept (given, or the first one seen); undefined if no header named one. */
    event, 
    /** Samples dropped because their event differed from `event`. */
    filteredSamples) {
        this.rawEntries = rawEntries;
        this.samples = samples;
        this.lines = lines;
        this.bytes = bytes;
        this.warnings = warnings;
        this.warningCount = warningCount;
        this.event = event;
        this.filteredSamples = filteredSamples;
    }
    /** Distinct stacks. */
    get stacks() {
        return this.rawEntries.length;
    }
    /** Exactly the bytes stackcollapse-perf.pl prints. */
    toBuffer() {
        return Buffer.from(this.toLatin1(), 'latin1');
    }
    /** The folded text as a normal (UTF-8 decoded) string; identical to the bytes for UTF-8 input. */
    toFoldedText() {
        return this.toBuffer().toString('utf8');
    }
    /** Folded text in pieces of about `chunkChars`, so a huge profile is never one string. */
    *chunks(chunkChars = 1 << 20) {
        let parts = [];
        let size = 0;
        for (const [stack, count] of this.rawEntries) {
            const line = `${stack} ${count}\n`;
            parts.push(line);
            size += line.length;
            if (size >= chunkChars) {
                yield Buffer.from(parts.join(''), 'latin1').toString('utf8');
                parts = [];
                size = 0;
            }
        }
        if (parts.length > 0)
            yield Buffer.from(parts.join(''), 'latin1').toString('utf8');
    }
    /** [stack, count] pairs, stacks decoded as UTF-8. */
    entries() {
        return this.rawEntries.map(([s, c]) => [Buffer.from(s, 'latin1').toString('utf8'), c]);
    }
    toLatin1() {
        const out = new Array(this.rawEntries.length);
        let i = 0;
        for (const [stack, count] of this.rawEntries)
            out[i++] = `${stack} ${count}\n`;
        return out.join('');
    }
}
/**
 * Incremental collapser: `push()` chunks (Buffers or latin1 strings) in order, then `end()`.
 */
class PerfScriptCollapser {
    includePid;
    includeTid;
    annotateKernel;
    annotateJit;
    includeAddrs;
    eventFilter;
    /** No filter was given: the first event seen became the filter (perl $event_defaulted). */
    eventDefaulted = false;
    carry = '';
    lineNo = 0;
    byteCount = 0;
    sampleCount = 0;
    filtered = 0;
    firstChunk = true;
    ended = false;
    /** Interned frame names (latin1); comm roots share the table. */
    names = [];
    nameIds = new Map();
    /** Frame-line text after the address → frame ids (SKIP = no frame), one cache per tidy mode. */
    lineCacheJava = new Map();
    lineCachePlain = new Map();
    pnameIds = new Map();
    /** Current sample: perl's $pname (as a frame id), $m_period and @stack (leaf first here). */
    pname = NO_PNAME;
    pnameIsJava = false;
    period = 1;
    stack = new Int32Array(256);
    depth = 0;
    trie = new StackTrie();
    warnings = [];
    warningCount = 0;
    constructor(options = {}) {
        this.includeTid = options.tid === true;
        this.includePid = options.pid === true;
        this.annotateKernel = options.kernel === true || options.all === true;
        this.annotateJit = options.jit === true || options.all === true;
        this.includeAddrs = options.addrs === true;
        this.eventFilter = options.eventFilter ?? '';
    }
    push(chunk) {
        if (this.ended)
            throw new Error('PerfScriptCollapser: push() after end()');
        let text;
        if (typeof chunk === 'string') {
            text = chunk;
            this.byteCount += chunk.length;
        }
        else {
            const buf = Buffer.isBuffer(chunk)
                ? chunk
                : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
            if (this.firstChunk)
                this.checkBinary(buf);
            text = buf.toString('latin1');
            this.byteCount += buf.length;
        }
        this.firstChunk = false;
        let pos = 0;
        if (this.carry.length > 0) {
            // Finish the line split across chunks on its own, rather than prepending the carry to
            // the whole chunk (which would copy every chunk once more).
            const nl = text.indexOf('\n');
            if (nl === -1) {
                this.carry += text;
                this.checkCarry();
                return;
            }
            const joined = this.carry + text.slice(0, nl);
            this.carry = '';
            this.lineNo++;
            this.line(joined, 0, joined.length);
            pos = nl + 1;
        }
        for (;;) {
            const nl = text.indexOf('\n', pos);
            if (nl === -1)
                break;
            this.lineNo++;
            this.line(text, pos, nl);
            pos = nl + 1;
        }
        this.carry = pos === 0 ? text : text.slice(pos);
        this.checkCarry();
    }
    checkCarry() {
        if (this.carry.length > MAX_LINE_CHARS) {
            throw new errors/* InputError */.dz(`line ${this.lineNo + 1} is longer than ${MAX_LINE_CHARS} bytes: this is not perf script output`);
        }
    }
    end() {
        if (!this.ended) {
            if (this.carry.length > 0) {
                // The last line has no newline; perl's <> still returns it.
                this.lineNo++;
                const s = this.carry;
                this.carry = '';
                this.line(s, 0, s.length);
            }
            // The divergence from the perl script: one implicit blank line counts a final sample that
            // has no blank line after it. A second blank line is a no-op in the perl script, so this is
            // exactly "the fixture with one blank line appended".
            this.blankLine();
            this.ended = true;
            if (this.filtered > 0 && this.eventDefaulted) {
                this.warn(0, `kept only "${this.eventFilter}" samples (the first event type seen); ${this.filtered} samples of other events were dropped: choose one with --event-filter`);
            }
        }
        return new CollapseResult(this.sortedEntries(), this.sampleCount, this.lineNo, this.byteCount, this.warnings.slice(), this.warningCount, this.eventFilter === '' ? undefined : this.eventFilter, this.filtered);
    }
    warn(line, message) {
        this.warningCount++;
        if (this.warnings.length < MAX_WARNINGS)
            this.warnings.push({ line, message });
    }
    /** perf.data or other binary input would otherwise produce one warning per "line". */
    checkBinary(buf) {
        if (buf.length >= 8 && buf.toString('latin1', 0, 7) === 'PERFILE') {
            throw new errors/* InputError */.dz('input is a perf.data file, not perf script output: run `perf script -i FILE` and collapse its output');
        }
        const n = Math.min(buf.length, 4096);
        for (let i = 0; i < n; i++) {
            if (buf[i] === 0) {
                throw new errors/* InputError */.dz(`input is binary (NUL byte at offset ${i}), not perf script output`);
            }
        }
    }
    line(s, ls, le) {
        if (le === ls) {
            this.blankLine();
            return;
        }
        const c0 = s.charCodeAt(ls);
        // "# cmdline : /usr/bin/perf record -e cycles ..." and the rest of perf's header: skipped.
        if (c0 === 35 /* # */)
            return;
        if (!isSpace(c0) && this.headerLine(s, ls, le))
            return;
        if (!this.stackLine(s, ls, le)) {
            let text = s.slice(ls, Math.min(le, ls + 200));
            if (le - ls > 200)
                text += '...';
            this.warn(this.lineNo, `unrecognized line: ${JSON.stringify(text)}`);
        }
    }
    /** perl: `if (m/^$/)`: the end of a sample. */
    blankLine() {
        // "next if not $pname": a filtered sample, or a blank line between samples.
        if (this.pname === NO_PNAME)
            return;
        let node = this.trie.child(0, this.pname);
        for (let d = this.depth - 1; d >= 0; d--)
            node = this.trie.child(node, this.stack[d]);
        this.trie.nodeCount[node] += this.period;
        this.trie.nodeHit[node] = 1;
        this.sampleCount++;
        this.depth = 0;
        this.pname = NO_PNAME;
    }
    /**
     * An event header, e.g. (default perf script fields, then --tid style, then a thread name with
     * a space, then a period column):
     *   java 12688 [002] 6544038.708352: cpu-clock:
     *   iperf 13390/13391 [003] 5209.520209: cpu-clock:
     *   V8 WorkerThread 24636/25607 [000] 94564.109216: cycles:
     *   perf 47118 [011] 51499.088689:          1 page-faults:
     * perl: `/^(\S.+?)\s+(\d+)\/*(\d+)*\s+/`: comm is the shortest prefix of at least two chars
     * followed by whitespace, digits, optional slashes and digits, and whitespace.
     */
    headerLine(s, ls, le) {
        let q = ls + 2;
        let pidStart = -1;
        let pidEnd = -1;
        let tidStart = -1;
        let tidEnd = -1;
        while (q < le) {
            if (!isSpace(s.charCodeAt(q))) {
                q++;
                continue;
            }
            // \s+ is greedy and digits are not whitespace, so every q in this run reaches the same r.
            let r = q + 1;
            while (r < le && isSpace(s.charCodeAt(r)))
                r++;
            let e = r;
            while (e < le && isDigit(s.charCodeAt(e)))
                e++;
            if (e > r) {
                let t = e;
                while (t < le && s.charCodeAt(t) === 47 /* / */)
                    t++;
                let u = t;
                while (u < le && isDigit(s.charCodeAt(u)))
                    u++;
                if (u < le && isSpace(s.charCodeAt(u))) {
                    pidStart = r;
                    pidEnd = e;
                    if (t > e && u > t) {
                        tidStart = t;
                        tidEnd = u;
                    }
                    break;
                }
            }
            q = r;
        }
        if (pidStart < 0)
            return false;
        // perl: `if (/:\s*(\d+)*\s+(\S+):\s*$/)`: the event is the last word, which ends in ":";
        // before it whitespace, an optional period, and the colon that ends the timestamp.
        let periodStart = -1;
        let periodEnd = -1;
        let event;
        let e = le;
        while (e > ls && isSpace(s.charCodeAt(e - 1)))
            e--;
        if (e > ls && s.charCodeAt(e - 1) === 58 /* : */) {
            const colon = e - 1;
            let t = colon;
            while (t > ls && !isSpace(s.charCodeAt(t - 1)))
                t--;
            if (t < colon && t > ls) {
                // t-1 is whitespace; walk back over \s+ then \d* then \s* to the colon.
                let b = t - 1;
                while (b > ls && isSpace(s.charCodeAt(b - 1)))
                    b--;
                const digitsEnd = b;
                while (b > ls && isDigit(s.charCodeAt(b - 1)))
                    b--;
                const digitsStart = b;
                while (b > ls && isSpace(s.charCodeAt(b - 1)))
                    b--;
                if (b > ls && s.charCodeAt(b - 1) === 58) {
                    event = s.slice(t, colon);
                    if (digitsEnd > digitsStart) {
                        periodStart = digitsStart;
                        periodEnd = digitsEnd;
                    }
                }
            }
        }
        if (event !== undefined) {
            if (this.eventFilter === '') {
                // By default only the first event type is kept: summing cycles and instructions, say,
                // would give a meaningless graph.
                this.eventFilter = event;
                this.eventDefaulted = true;
            }
            else if (event !== this.eventFilter) {
                this.filtered++;
                return true;
            }
        }
        // perl: `$period = 1 if not $period` ("0" is false in perl, "00" is not).
        let period = 1;
        if (periodStart >= 0 && !(periodEnd - periodStart === 1 && s.charCodeAt(periodStart) === 48)) {
            period = 0;
            for (let i = periodStart; i < periodEnd; i++)
                period = period * 10 + (s.charCodeAt(i) - 48);
        }
        this.period = period;
        let comm = s.slice(ls, q);
        if (comm.indexOf(' ') !== -1)
            comm = comm.replace(/ /g, '_');
        let pname;
        if (this.includeTid || this.includePid) {
            // perl: `if (not $tid) { $tid = $pid; $pid = "?" }`: a lone number is the TID (and a TID
            // of "0" counts as missing, as perl's truthiness has it).
            let pid;
            let tid;
            if (tidStart >= 0 && !(tidEnd - tidStart === 1 && s.charCodeAt(tidStart) === 48)) {
                pid = s.slice(pidStart, pidEnd);
                tid = s.slice(tidStart, tidEnd);
            }
            else {
                // "java 12688 [002] ..." or "swapper 5/0 ...": the first number becomes the TID.
                pid = '?';
                tid = s.slice(pidStart, pidEnd);
            }
            pname = this.includeTid ? `${comm}-${pid}/${tid}` : `${comm}-${pid}`;
        }
        else {
            pname = comm;
        }
        let id = this.pnameIds.get(pname);
        if (id === undefined) {
            pname = detach(pname);
            id = this.intern(pname);
            this.pnameIds.set(pname, id);
        }
        this.pname = id;
        // perl (41fee1f) tidies Java names when the root is java, also as java-PID and java-PID/TID.
        this.pnameIsJava = pname.startsWith('java');
        return true;
    }
    intern(name) {
        let id = this.nameIds.get(name);
        if (id === undefined) {
            name = detach(name);
            id = this.names.length;
            this.names.push(name);
            this.nameIds.set(name, id);
        }
        return id;
    }
    pushFrame(id) {
        if (this.depth === this.stack.length) {
            const bigger = new Int32Array(this.stack.length * 2);
            bigger.set(this.stack);
            this.stack = bigger;
        }
        this.stack[this.depth++] = id;
    }
    /**
     * A frame line, e.g.
     *   \t    7f722d142778 Ljava/io/PrintStream;::print (/tmp/perf-19982.map)
     *   \tffffffff8103ce3b native_safe_halt ([kernel.kallsyms])
     *   \t    7fffb84c9afc cpu_startup_entry+0x800047c022ec ([kernel.kallsyms])
     *   \t               0 [unknown] ([unknown])
     * perl: `/^\s*(\w+)\s*(.+) \((\S*)\)/`. Returns false when that regex would not match.
     */
    stackLine(s, ls, le) {
        let i = ls;
        while (i < le && isSpace(s.charCodeAt(i)))
            i++;
        let j = i;
        while (j < le && isWord(s.charCodeAt(j)))
            j++;
        if (j === i)
            return false;
        let k = j;
        while (k < le && isSpace(s.charCodeAt(k)))
            k++;
        // "next if not $pname": frames of a filtered sample (or before any header) are dropped;
        // the line still matched the regex, so it is not reported.
        const cache = this.pnameIsJava ? this.lineCacheJava : this.lineCachePlain;
        const key = s.slice(k, le);
        const hit = cache.get(key);
        if (hit !== undefined) {
            if (this.pname === NO_PNAME)
                return true;
            if (typeof hit === 'number') {
                if (hit !== SKIP)
                    this.pushFrame(hit);
            }
            else {
                // Root-most first in `hit`; the stack is built leaf first.
                for (let x = hit.length - 1; x >= 0; x--)
                    this.pushFrame(hit[x]);
            }
            return true;
        }
        // Greedy `(.+)` ends at the last " (" whose following non-blank run contains a ")";
        // `\S*` then extends to the last ")" of that run.
        let p = -1;
        let parenEnd = -1;
        let from = le - 2;
        while (from >= ls) {
            const at = s.lastIndexOf(' (', from);
            if (at < ls)
                break;
            let run = at + 2;
            let lastParen = -1;
            while (run < le) {
                const c = s.charCodeAt(run);
                if (isSpace(c))
                    break;
                if (c === 41 /* ) */)
                    lastParen = run;
                run++;
            }
            if (lastParen >= 0) {
                p = at;
                parenEnd = lastParen;
                break;
            }
            from = at - 1;
        }
        if (p < 0)
            return false;
        // `(\w+)\s*(.+)`: (.+) needs one char before " ("; when the greedy \s* or \w+ leave none,
        // perl backtracks into them, so (.+) starts at min(k, p - 1) and the address shrinks.
        const m = Math.min(k, p - 1);
        if (m < i + 1)
            return false;
        if (this.pname === NO_PNAME)
            return true;
        const pc = s.slice(i, Math.min(j, m));
        const rawfunc = s.slice(m, p);
        const mod = s.slice(p + 2, parenEnd);
        const usesPc = { value: false };
        const frames = this.frames(pc, rawfunc, mod, usesPc);
        if (frames === SKIP) {
            // nothing to push
        }
        else if (typeof frames === 'number') {
            this.pushFrame(frames);
        }
        else {
            for (let x = frames.length - 1; x >= 0; x--)
                this.pushFrame(frames[x]);
        }
        // The cache is keyed by the text after the address, valid when (.+) started there and the
        // address did not go into the name (--addrs on an unknown symbol).
        if (m === k && !usesPc.value)
            cache.set(detach(key), frames);
        return true;
    }
    /** The frames one stack line contributes, root-most first (perl's @inline), as ids. */
    frames(pc, rawfuncIn, mod, usesPc) {
        // Linux 4.8 added symbol offsets; strip them:
        //   7fffb84c9afc cpu_startup_entry+0x800047c022ec ([kernel.kallsyms])
        // perl: `s/\+0x[\da-f]+$//`. Hex digits contain no "+", so only the last "+0x" can match.
        let rawfunc = rawfuncIn;
        const off = rawfunc.lastIndexOf('+0x');
        if (off >= 0 && off + 3 < rawfunc.length) {
            let hex = true;
            for (let x = off + 3; x < rawfunc.length; x++) {
                if (!isLowerHex(rawfunc.charCodeAt(x))) {
                    hex = false;
                    break;
                }
            }
            if (hex)
                rawfunc = rawfunc.slice(0, off);
        }
        // perl: `next if $rawfunc =~ /^\(/`, process names such as "(deleted)" alone.
        if (rawfunc.charCodeAt(0) === 40 /* ( */)
            return SKIP;
        // Java inlining from perf-map-agent, "a->b->c": one frame each, the inner ones `_[i]`.
        // perl's split drops trailing empty fields, keeps leading ones.
        let parts;
        if (rawfunc.indexOf('->') === -1) {
            parts = rawfunc.length === 0 ? [] : [rawfunc];
        }
        else {
            parts = rawfunc.split('->');
            while (parts.length > 0 && parts[parts.length - 1] === '')
                parts.pop();
        }
        const ids = [];
        for (let idx = 0; idx < parts.length; idx++) {
            let func = parts[idx];
            if (func === '[unknown]') {
                // No symbol: name the frame after the module, "[libc-2.19.so]"; --addrs adds the address.
                let base;
                if (mod !== '[unknown]') {
                    base = mod.slice(mod.lastIndexOf('/') + 1);
                }
                else {
                    base = 'unknown';
                }
                if (this.includeAddrs) {
                    func = `[${base} <${pc}>]`;
                    usesPc.value = true;
                }
                else {
                    func = `[${base}]`;
                }
            }
            func = tidyGeneric(func);
            if (this.pnameIsJava)
                func = tidyJava(func);
            if (idx > 0) {
                if (func.indexOf('_[i]') === -1)
                    func += '_[i]';
            }
            else if (this.annotateKernel &&
                (mod.charCodeAt(0) === 91 /* [ */ || mod.endsWith('vmlinux')) &&
                mod.indexOf('unknown') === -1) {
                // "ffffffff8103ce3b native_safe_halt ([kernel.kallsyms])",
                // "8c3453 tcp_sendmsg (/lib/modules/4.3.0-rc1-virtual/build/vmlinux)"
                func += '_[k]';
            }
            else if (this.annotateJit && isPerfMap(mod)) {
                // "7f722d142778 Ljava/io/PrintStream;::print (/tmp/perf-19982.map)"
                if (func.indexOf('_[j]') === -1)
                    func += '_[j]';
            }
            ids.push(this.intern(func));
        }
        if (ids.length === 0)
            return SKIP;
        return ids.length === 1 ? ids[0] : ids;
    }
    sortedEntries() {
        const { nodeParent, nodeFrame, nodeCount, nodeHit, nodes } = this.trie;
        const out = [];
        const path = [];
        for (let n = 1; n < nodes; n++) {
            if (nodeHit[n] === 0)
                continue;
            const count = nodeCount[n];
            path.length = 0;
            for (let x = n; x !== 0; x = nodeParent[x])
                path.push(this.names[nodeFrame[x]]);
            path.reverse();
            out.push([path.join(';'), count]);
        }
        out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        return out;
    }
}
/**
 * perl's $tidy_generic:
 *   `s/;/:/g`: ";" separates frames in the folded format;
 *   `s/\((?!anonymous namespace\)).*` + `//` unless `m/\.\(.*\)\./`: drop argument lists, keep Go
 *     method receivers "net/http.(*Client).Do" and C++ "(anonymous namespace)";
 *   `tr/"\'//d`: quotes, e.g. from "13a80b608e0a RegExp:[&<>\"\'] (/tmp/perf-7539.map)".
 */
function tidyGeneric(input) {
    let func = input;
    if (func.indexOf(';') !== -1)
        func = func.replace(/;/g, ':');
    let paren = func.indexOf('(');
    if (paren !== -1) {
        const go = func.indexOf('.(');
        const isGo = go !== -1 && func.lastIndexOf(').') >= go + 2;
        if (!isGo) {
            while (paren !== -1 && func.startsWith('anonymous namespace)', paren + 1)) {
                paren = func.indexOf('(', paren + 1);
            }
            if (paren !== -1)
                func = func.slice(0, paren);
        }
    }
    if (func.indexOf('"') !== -1 || func.indexOf("'") !== -1)
        func = func.replace(/["']/g, '');
    return func;
}
/**
 * perl's $tidy_java: `s/^L// if m:/:`, with tidyGeneric this turns
 * "Lorg/mozilla/javascript/MemberBox;.<init>(Ljava/lang/reflect/Method;)V" into
 * "org/mozilla/javascript/MemberBox:.<init>".
 */
function tidyJava(func) {
    return func.charCodeAt(0) === 76 /* L */ && func.indexOf('/') !== -1 ? func.slice(1) : func;
}
/** perl: `$mod =~ m:/tmp/perf-\d+\.map:`, anywhere in the module path. */
function isPerfMap(mod) {
    let at = mod.indexOf('/tmp/perf-');
    while (at !== -1) {
        let d = at + 10;
        while (d < mod.length && isDigit(mod.charCodeAt(d)))
            d++;
        if (d > at + 10 && mod.startsWith('.map', d))
            return true;
        at = mod.indexOf('/tmp/perf-', at + 1);
    }
    return false;
}
/** Collapses a whole stream (a Readable, or any async iterable of chunks). */
async function collapsePerfScript(input, options = {}) {
    const collapser = new PerfScriptCollapser(options);
    for await (const chunk of input)
        collapser.push(chunk);
    return collapser.end();
}
/** Collapses text already in memory (tests, small inputs). */
function collapsePerfScriptText(text, options = {}) {
    const collapser = new PerfScriptCollapser(options);
    collapser.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
    return collapser.end();
}

;// CONCATENATED MODULE: ./build/profile/record.js
/**
 * CPU profiles for `profile: true` benchmarks: after the measured runs (so sampling never
 * perturbs the samples), a few runs under `perf record -g`, each piped through `perf script`
 * into the streaming collapser, and the folded stacks written next to results.json.
 */






/** `cache/random` → `cache%2Frandom.folded`: reversible, so two names never share a file. */
function profileFileName(benchmark) {
    return `${encodeURIComponent(benchmark)}.folded`;
}
/** Streams `perf script -i DATA` into the collapser, returning perf script's exit code. */
function scriptInto(data, collapser, env) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)('perf', ['script', '-i', data], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stdout.on('data', (chunk) => collapser.push(chunk));
        child.stderr.on('data', (chunk) => (stderr = (stderr + chunk.toString()).slice(-2000)));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stderr }));
    });
}
async function recordProfile(spec, opts) {
    if (!opts.perf.usable)
        return { warning: `profile not recorded: ${opts.perf.reasons.join('; ')}` };
    const runs = opts.runs ?? 5;
    const env = benchmarkEnv(opts.parentEnv, spec.env);
    // Without a PMU the default `cycles` event cannot sample; cpu-clock is a software timer.
    const event = opts.perf.pmu ? 'cycles' : 'cpu-clock';
    const callGraph = spec.callGraph === 'dwarf' ? ['--call-graph', 'dwarf'] : ['-g'];
    const collapser = new PerfScriptCollapser({});
    const data = external_node_path_.join(opts.scratch, 'profile.data');
    try {
        for (let i = 0; i < runs; i++) {
            const argv = withCpus(['perf', 'record', '-q', '-e', event, '-F', String(opts.frequency ?? 2999), ...callGraph, '-o', data, '--', ...commandArgv(spec.run)], spec.cpus);
            const r = await runProcess({ argv, cwd: spec.cwd, env, timeoutMs: spec.timeoutMs * 2 });
            if (r.timedOut || r.exitCode !== 0) {
                const why = r.timedOut ? 'timed out' : r.spawnError ?? `exit ${r.exitCode}: ${r.stderrTail.trim().split('\n').slice(-1)[0] ?? ''}`;
                return { warning: `profile not recorded: perf record ${why}` };
            }
            const s = await scriptInto(data, collapser, env);
            if (s.code !== 0)
                return { warning: `profile not recorded: perf script exit ${s.code}: ${s.stderr.trim().split('\n').slice(-1)[0] ?? ''}` };
        }
    }
    finally {
        await (0,promises_.rm)(data, { force: true });
    }
    const result = collapser.end();
    if (result.samples === 0)
        return { warning: 'profile not recorded: perf record captured no samples (run too short?)' };
    const rel = external_node_path_.join('profiles', profileFileName(spec.name));
    await (0,promises_.mkdir)(external_node_path_.join(opts.outDir, 'profiles'), { recursive: true });
    await (0,promises_.writeFile)(external_node_path_.join(opts.outDir, rel), result.toBuffer());
    return { folded: rel };
}

;// CONCATENATED MODULE: ./build/measure/runner.js

/** Why a run did not complete (timeout, could not start, non-zero exit), or null if it did. */
function describeFailure(m, timeoutMs) {
    const o = m.outcome;
    const tail = o.stderrTail.trim().split('\n').slice(-10).join('\n');
    if (o.timedOut)
        return { status: 'timeout', error: `timed out after ${timeoutMs} ms; process group killed${tail ? `\n${tail}` : ''}` };
    if (o.spawnError)
        return { status: 'failed', error: `could not start: ${o.spawnError}` };
    if (o.exitCode !== 0) {
        const how = o.signal ? `killed by ${o.signal}` : `exited with code ${o.exitCode}`;
        return { status: 'failed', error: `${how}${tail ? `; stderr:\n${tail}` : ''}` };
    }
    return null;
}
/**
 * A metric missing from some runs would misalign samples (run i of one metric with run j of
 * another, or base pair i with head pair j): keep only metrics counted in all `runs` runs.
 * Returns a warning per metric dropped.
 */
function dropIncompleteMetrics(result, runs) {
    const dropped = [];
    for (const [name, s] of Object.entries(result.metrics)) {
        if (s.samples.length !== runs) {
            dropped.push(`${name}: counted in ${s.samples.length} of ${runs} runs; metric dropped`);
            delete result.metrics[name];
        }
    }
    return dropped;
}
async function runBenchmark(plan, deps, index, total) {
    const { spec } = plan;
    const backend = deps.backendFor(plan.backend);
    const result = { name: spec.name, status: 'ok', backend: plan.backend, threshold: spec.threshold, metrics: {} };
    const warnings = new Set();
    const runs = spec.warmup + spec.iterations;
    const req = {
        argv: commandArgv(spec.run),
        cwd: spec.cwd,
        env: benchmarkEnv(deps.parentEnv, spec.env),
        cpus: spec.cpus,
        timeoutMs: spec.timeoutMs,
    };
    deps.progress.benchmarkStart(index, total, spec.name, runs);
    for (let i = 0; i < runs; i++) {
        if (deps.signal?.aborted) {
            result.status = 'skipped';
            result.error = `interrupted after ${Math.max(0, i - spec.warmup)} of ${spec.iterations} measured runs`;
            break;
        }
        const warmup = i < spec.warmup;
        const m = await backend.measure(req);
        deps.progress.run(i + 1, runs, warmup);
        const failure = describeFailure(m, spec.timeoutMs);
        if (failure) {
            result.status = failure.status;
            result.error = `${warmup ? 'warm-up' : 'measured'} run ${i + 1} ${failure.error}`;
            break;
        }
        if (warmup)
            continue;
        m.warnings.forEach((w) => warnings.add(w));
        for (const [name, metric] of Object.entries(m.metrics)) {
            const slot = (result.metrics[name] ??= { unit: metric.unit, samples: [] });
            slot.samples.push(metric.value);
        }
    }
    const measured = Math.max(...Object.values(result.metrics).map((s) => s.samples.length), 0);
    dropIncompleteMetrics(result, measured).forEach((w) => warnings.add(w));
    if (result.status === 'ok' && spec.profile && deps.profile) {
        const p = await deps.profile(spec);
        if (p && 'folded' in p)
            result.profile = p;
        else if (p)
            warnings.add(p.warning);
    }
    if (warnings.size > 0)
        result.warnings = [...warnings];
    deps.progress.benchmarkEnd(result);
    return result;
}
async function runBenchmarks(plans, deps) {
    const results = [];
    for (const [i, plan] of plans.entries()) {
        const r = await runBenchmark(plan, deps, i, plans.length);
        results.push(r);
        await deps.onResult(r, i);
    }
    return results;
}

;// CONCATENATED MODULE: ./build/results/schema.js
/** JSON Schema of results.json (docs/ARCHITECTURE.md §2), used to refuse documents perfgate cannot read. */
const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const resultsSchema = {
    $id: 'https://perfgate.dev/schema/results-1.json',
    type: 'object',
    required: ['schemaVersion', 'tool', 'suite', 'git', 'fingerprint', 'backend', 'startedAt', 'benchmarks'],
    properties: {
        schemaVersion: { const: 1 },
        tool: { type: 'object', required: ['name', 'version'], properties: { name: { const: 'perfgate' }, version: { type: 'string' } } },
        suite: { type: 'object', required: ['path', 'sha256'], properties: { path: { type: 'string' }, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } } },
        git: { type: 'object', required: ['sha', 'ref'], properties: { sha: { type: ['string', 'null'] }, ref: { type: ['string', 'null'] } } },
        fingerprint: { type: 'object', required: ['hard', 'soft'], properties: { hard: stringMap, soft: stringMap, binaries: stringMap } },
        backend: { enum: ['perf', 'valgrind', 'time'] },
        backendReason: { type: 'string' },
        startedAt: { type: 'string', format: 'date-time' },
        finishedAt: { type: 'string', format: 'date-time' },
        shard: {
            type: 'object',
            required: ['index', 'count'],
            properties: { index: { type: 'integer', minimum: 1 }, count: { type: 'integer', minimum: 1 }, all: { type: 'array', items: { type: 'string' } } },
        },
        benchmarks: {
            type: 'array',
            items: {
                type: 'object',
                required: ['name', 'status', 'metrics'],
                properties: {
                    name: { type: 'string', minLength: 1 },
                    status: { enum: ['ok', 'failed', 'timeout', 'skipped'] },
                    error: { type: 'string' },
                    backend: { enum: ['perf', 'valgrind', 'time'] },
                    threshold: { type: 'object', additionalProperties: { type: 'number', minimum: 0 } },
                    metrics: {
                        type: 'object',
                        additionalProperties: {
                            type: 'object',
                            required: ['unit', 'samples'],
                            properties: { unit: { type: 'string' }, samples: { type: 'array', items: { type: 'number' } } },
                        },
                    },
                    warnings: { type: 'array', items: { type: 'string' } },
                    profile: { type: 'object', required: ['folded'], properties: { folded: { type: 'string' } } },
                },
            },
        },
    },
};

;// CONCATENATED MODULE: ./build/results/io.js
/**
 * Reading and writing results.json. Writes are atomic (temp file + rename) because the runner
 * rewrites the file after every benchmark: an interrupted run leaves the last complete version.
 */





const io_ajv = new ajv.Ajv({ allErrors: true, allowUnionTypes: true, strict: false });
io_ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
const io_check = io_ajv.compile(resultsSchema);
/** Problems with a candidate results document, as `path: message` strings; empty if valid. */
function resultsProblems(doc) {
    if (io_check(doc))
        return [];
    return (io_check.errors ?? []).map((e) => `${e.instancePath || '(root)'}: ${e.message ?? e.keyword}`);
}
async function readResults(file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (err) {
        throw new errors/* InputError */.dz(`cannot read results ${file}: ${err.code ?? String(err)}`);
    }
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch (err) {
        throw new errors/* InputError */.dz(`${file} is not JSON: ${err.message}`);
    }
    const version = doc?.schemaVersion;
    if (version !== 1)
        throw new errors/* InputError */.dz(`${file}: schemaVersion ${JSON.stringify(version)} is not one this perfgate reads (expected 1)`);
    const problems = resultsProblems(doc);
    if (problems.length > 0)
        throw new errors/* InputError */.dz(`${file} is not a valid results.json:\n  ${problems.slice(0, 10).join('\n  ')}`);
    return doc;
}
async function writeJsonAtomic(file, value) {
    await (0,promises_.mkdir)(external_node_path_.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await (0,promises_.writeFile)(tmp, `${JSON.stringify(value, null, 2)}\n`);
    await (0,promises_.rename)(tmp, file);
}

;// CONCATENATED MODULE: ./build/results/types.js
/**
 * results.json (docs/ARCHITECTURE.md §2): the document `perfgate run` writes and every later stage reads.
 * Versioned so a reader can refuse a document it does not understand.
 */
const RESULTS_SCHEMA_VERSION = 1;

;// CONCATENATED MODULE: ./build/tools/git.js
/**
 * The one git runner, and the git operations perfgate needs: the commit being measured,
 * resolving refs, snapshotting a dirty working tree, fetching a missing commit, and checking
 * both sides of an A/B out as detached worktrees whose paths have the same length (path length
 * changes the environment and stack layout, and with them the counts).
 */






/** Runs `git ARGS` in cwd with a minimal, locale-free environment (`extraEnv` adds to it). */
async function git(cwd, args, extraEnv = {}) {
    const r = await runProcess({
        argv: ['git', ...args],
        cwd,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/', LANG: 'C', ...extraEnv },
        timeoutMs: 120_000,
    });
    return { ok: r.exitCode === 0, out: r.stdoutTail.trim(), err: (r.stderrTail || r.spawnError || '').trim() };
}
/** The commit and branch of the checkout at dir (null where git cannot tell). */
async function gitInfo(dir) {
    const value = async (...args) => {
        const r = await git(dir, args);
        return r.ok ? r.out || null : null;
    };
    return { sha: await value('rev-parse', 'HEAD'), ref: await value('rev-parse', '--abbrev-ref', 'HEAD') };
}
/** The commit must be in the clone (a shallow CI checkout may lack it): fetched from origin if not. */
async function ensureCommit(repo, sha, log) {
    if ((await git(repo, ['cat-file', '-e', `${sha}^{commit}`])).ok)
        return;
    log(`fetching commit ${sha.slice(0, 12)} (shallow clone)`);
    const r = await git(repo, ['fetch', '--no-tags', '--depth=1', 'origin', sha]);
    if (!r.ok)
        throw new errors/* InputError */.dz(`commit ${sha} is not in this clone and could not be fetched (${r.err.split('\n').slice(-1)[0]}): use actions/checkout with fetch-depth: 0`);
}
/** The merge base of two commits, or null (unrelated histories, or a commit missing from a shallow clone). */
async function mergeBase(repo, a, b) {
    const r = await git(repo, ['merge-base', a, b]);
    return r.ok && r.out ? r.out : null;
}
async function repoRoot(cwd) {
    const r = await git(cwd, ['rev-parse', '--show-toplevel']);
    if (!r.ok)
        throw new errors/* InputError */.dz(`${cwd} is not inside a git repository (perfgate ab checks out commits with git): ${r.err.split('\n')[0]}`);
    return r.out;
}
async function resolveCommit(repo, ref, flag) {
    if (ref.trim() === '' || ref.startsWith('-'))
        throw new errors/* InputError */.dz(`${flag} ${JSON.stringify(ref)}: expected a commit, branch or tag`);
    const r = await git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    if (!r.ok || !/^[0-9a-f]{40,64}$/.test(r.out))
        throw new errors/* InputError */.dz(`${flag} ${ref}: no such commit in ${repo}`);
    return r.out;
}
/** The working tree as a commit, without touching the index, stash list or files. */
async function snapshotWorkingTree(repo) {
    const status = await git(repo, ['status', '--porcelain', '--untracked-files=normal']);
    const untracked = status.out.split('\n').filter((l) => l.startsWith('?? ')).map((l) => l.slice(3));
    const stash = await git(repo, ['stash', 'create', 'perfgate ab: working tree']);
    if (stash.ok && /^[0-9a-f]{40,64}$/.test(stash.out))
        return { sha: stash.out, dirty: true, untracked };
    return { sha: await resolveCommit(repo, 'HEAD', 'HEAD'), dirty: false, untracked };
}
/**
 * Detached worktrees `<tmp>/base` and `<tmp>/head`. Removal is registered for process exit
 * too, so even a second Ctrl-C (which exits at once) leaves nothing in the repository.
 */
async function addWorktrees(repo, baseSha, headSha) {
    const root = await (0,promises_.mkdtemp)(external_node_path_.join(external_node_os_.tmpdir(), 'perfgate-ab-'));
    const dirs = { base: external_node_path_.join(root, 'base'), head: external_node_path_.join(root, 'head') };
    let removed = false;
    const removeSync = () => {
        if (removed)
            return;
        removed = true;
        for (const dir of Object.values(dirs)) {
            try {
                (0,external_node_child_process_.execFileSync)('git', ['-C', repo, 'worktree', 'remove', '--force', dir], { stdio: 'ignore' });
            }
            catch {
                // Not added (failed half-way) or already gone; prune below catches the rest.
            }
        }
        try {
            (0,external_node_child_process_.execFileSync)('git', ['-C', repo, 'worktree', 'prune'], { stdio: 'ignore' });
        }
        catch {
            // Nothing to prune.
        }
    };
    process.once('exit', removeSync);
    const remove = async () => {
        removeSync();
        process.off('exit', removeSync);
        await (0,promises_.rm)(root, { recursive: true, force: true });
    };
    try {
        for (const [side, sha] of [['base', baseSha], ['head', headSha]]) {
            const r = await git(repo, ['worktree', 'add', '--detach', '--quiet', dirs[side], sha]);
            if (!r.ok)
                throw new errors/* InputError */.dz(`cannot check out ${side} ${sha.slice(0, 12)}: ${r.err.split('\n').slice(-1)[0]}`);
        }
    }
    catch (err) {
        await remove();
        throw err;
    }
    return { ...dirs, remove };
}

;// CONCATENATED MODULE: ./build/version.js
/** perfgate's version, recorded in every document it writes (kept equal to package.json by a test). */
const VERSION = '0.1.0';

;// CONCATENATED MODULE: ./build/host/tools.js
/**
 * Versions of the programs that shape a measurement (compilers, libc), asked from the programs
 * themselves. Behind `VersionOf` so tests can answer without the tools installed.
 */


function firstLine(s) {
    return s.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? null;
}
const runVersion = async (argv) => {
    const r = await runProcess({ argv, cwd: external_node_os_.tmpdir(), env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C' }, timeoutMs: 10_000 });
    if (r.spawnError || r.timedOut)
        return null;
    // musl's ldd prints its version on stderr and exits 1; gcc and clang use stdout and exit 0.
    return firstLine(r.stdoutTail) ?? firstLine(r.stderrTail);
};
/**
 * Compilers a `setup` step may build the benchmarks with (`none` when not installed):
 * `gcc (Debian 12.2.0-14+deb12u1) 12.2.0`, `Debian clang version 14.0.6`; and libc as
 * `getconf GNU_LIBC_VERSION` says it (`glibc 2.36`), else `ldd --version`'s first line
 * (`musl libc (x86_64)`).
 */
async function toolVersions(versionOf) {
    const [gcc, clang, cc, getconf] = await Promise.all([
        versionOf(['gcc', '--version']),
        versionOf(['clang', '--version']),
        versionOf(['cc', '--version']),
        versionOf(['getconf', 'GNU_LIBC_VERSION']),
    ]);
    const libc = getconf !== null && /^glibc /.test(getconf) ? getconf : await versionOf(['ldd', '--version']);
    return { libc: libc ?? 'unknown', gcc: gcc ?? 'none', clang: clang ?? 'none', cc: cc ?? 'none' };
}

;// CONCATENATED MODULE: ./build/host/fingerprint.js
/**
 * The machine a result was measured on. Hard keys must match for two results to be compared
 * (a different CPU, kernel, compiler, governor or backend makes different numbers); soft keys
 * are context (load, THP, ASLR, uptime...). Every value read from procfs/sysfs comes through
 * `HostRoots`; a file that is missing gives `unknown`, never a plausible default.
 *
 * Benchmark binaries are hashed into a separate `binaries` map, NOT into `hard`: between the
 * base and head of a pull request the binaries are expected to differ (that is the change under
 * test), so they must not stop the gate. They still tell the comparison something: identical
 * binaries on both sides mean any "regression" is noise or environment.
 */





/** `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"` from /etc/os-release. */
function osName(osRelease) {
    return /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(osRelease)?.[1] ?? 'unknown';
}
/** `/proc/uptime`: `1403.16 2284.42` (seconds up, idle seconds summed over CPUs) → `0d 00:23`. */
function formatUptime(uptime) {
    const s = Number(uptime.trim().split(/\s+/)[0]);
    if (!Number.isFinite(s))
        return 'unknown';
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    return `${d}d ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
const UNKNOWN = 'unknown';
async function fingerprint(backend, probe, roots = REAL_ROOTS, opts = {}) {
    const [cpuinfoText, osRelease, osrelease, thp, aslr, loadavg, uptime, status, paranoid, nmi, cpus, tools, turboState, smt, iso, mitig] = await Promise.all([
        readHost(roots, 'proc', 'cpuinfo'),
        readHost(roots, 'etc', 'os-release'),
        readHost(roots, 'proc', 'sys/kernel/osrelease'),
        readHost(roots, 'sys', 'kernel/mm/transparent_hugepage/enabled'),
        readHost(roots, 'proc', 'sys/kernel/randomize_va_space'),
        readHost(roots, 'proc', 'loadavg'),
        readHost(roots, 'proc', 'uptime'),
        readHost(roots, 'proc', 'self/status'),
        readHost(roots, 'proc', 'sys/kernel/perf_event_paranoid'),
        readHost(roots, 'proc', 'sys/kernel/nmi_watchdog'),
        knownCpus(roots),
        toolVersions(opts.versionOf ?? runVersion),
        turbo(roots),
        smtControl(roots),
        isolation(roots),
        mitigations(roots),
    ]);
    const cpu = cpuinfoText === null ? null : parseCpuinfo(cpuinfoText);
    const govs = cpus === null ? null : await governors(roots, cpus);
    const used = new Set([backend, ...(opts.backendsUsed ?? [])]);
    const hard = {
        arch: external_node_os_.arch(),
        cpu: cpu?.modelName ?? UNKNOWN,
        'cpu.vendor': cpu?.vendor ?? UNKNOWN,
        'cpu.family': cpu?.family ?? UNKNOWN,
        'cpu.model': cpu?.model ?? UNKNOWN,
        'cpu.stepping': cpu?.stepping ?? UNKNOWN,
        cpus: cpus === null ? UNKNOWN : String(cpus.length),
        kernel: osrelease ?? UNKNOWN,
        os: osRelease ? osName(osRelease) : UNKNOWN,
        libc: tools.libc ?? UNKNOWN,
        gcc: tools.gcc ?? 'none',
        clang: tools.clang ?? 'none',
        cc: tools.cc ?? 'none',
        backend,
        governor: govs === null ? UNKNOWN : summarisePerCpu(govs),
        turbo: turboState.state ?? UNKNOWN,
        smt: smt ?? UNKNOWN,
        isolated: describeCpus(iso.isolated),
        mitigations: mitig ?? UNKNOWN,
    };
    if (used.has('perf')) {
        hard.perf = probe.perf.version ?? UNKNOWN;
        hard.pmu = probe.perf.pmu ? 'yes' : 'no';
    }
    if (used.has('valgrind'))
        hard.valgrind = probe.valgrind.version ?? UNKNOWN;
    const load = loadavg === null ? null : parseLoadavg(loadavg);
    const soft = {
        hostname: external_node_os_.hostname(),
        memory: `${Math.round(external_node_os_.totalmem() / 2 ** 30)} GiB`,
        microcode: cpu?.microcode ?? UNKNOWN,
        thp: thp === null ? UNKNOWN : selected(thp),
        aslr: aslr ?? UNKNOWN,
        loadavg: load === null ? UNKNOWN : `${load.load1} ${load.load5} ${load.load15}`,
        // The CPUs perfgate itself may run on (a container's cpuset, a taskset around the job).
        affinity: /^Cpus_allowed_list:\s*(\S+)$/m.exec(status ?? '')?.[1] ?? UNKNOWN,
        uptime: uptime === null ? UNKNOWN : formatUptime(uptime),
        'perf_event_paranoid': paranoid ?? UNKNOWN,
        nmi_watchdog: nmi ?? UNKNOWN,
        'nohz_full': describeCpus(iso.nohzFull),
        node: process.version,
        ...opts.soft,
    };
    return { hard, soft };
}

;// CONCATENATED MODULE: ./build/tools/perfstat.js
/**
 * The parser for `perf stat -x,` output (perf 6.x), the one format the perf backend and the
 * probe ask perf for. Hand-written: no library parses perf's formats. Each reading keeps enough
 * detail (status, multiplexing) for the backend to decide what is a sample and what is a warning.
 */
/** `cycles:u` → `cycles`; `cpu_core/instructions/u` → `instructions` (hybrid CPUs). */
function normalizeEventName(event) {
    const pmu = /^[\w.-]+\/([\w.-]+)\/[a-zA-Z]*$/.exec(event);
    const bare = pmu ? pmu[1] : event;
    return bare.replace(/:[a-zA-Z]+$/, '');
}
function statusOf(value) {
    if (value === '<not supported>')
        return 'not-supported';
    if (value === '<not counted>')
        return 'not-counted';
    return null;
}
function toNumber(text) {
    if (text === undefined || text.trim() === '')
        return null;
    const n = Number(text);
    return Number.isFinite(n) ? n : null;
}
function counter(event, rawValue, unit, pct, variance) {
    const status = statusOf(rawValue) ?? 'counted';
    const value = status === 'counted' ? toNumber(rawValue) : null;
    if (status === 'counted' && value === null)
        return null;
    return { name: normalizeEventName(event), event, value, unit, status, pctRunning: pct, variancePct: variance };
}
function skippable(line) {
    // "# started on Sat Nov 21 04:45:14 2026" and blank lines carry no counters.
    return line.trim() === '' || line.startsWith('#');
}
/**
 * `-x,` lines: `value,unit,event,run-time-ns,pct-running,metric-value,metric-unit`, e.g.
 * (__tests__/fixtures/perf-stat/csv.txt)
 *   57.39,msec,task-clock,57393619,100.00,0.444,CPUs utilized
 *   <not supported>,,cycles,0,100.00,,
 * With `-r N` a variance column is inserted before the run time (csv-repeat5.txt):
 *   59.11,msec,task-clock,0.30%,59113291,100.00,0.415,CPUs utilized
 */
function parsePerfStatCsv(text) {
    const counters = [];
    const unparsed = [];
    text.split('\n').forEach((raw, i) => {
        const line = raw.replace(/\r$/, '');
        if (skippable(line))
            return;
        const f = line.split(',');
        const [value, unit, event] = f;
        const hasVariance = f[3]?.endsWith('%') ?? false;
        const variance = hasVariance ? toNumber(f[3]?.slice(0, -1)) : null;
        const pct = toNumber(f[hasVariance ? 5 : 4]);
        const c = f.length >= 5 && event ? counter(event, value ?? '', unit ?? '', pct, variance) : null;
        if (c)
            counters.push(c);
        else
            unparsed.push({ line: i + 1, text: line });
    });
    return { counters, unparsed };
}

;// CONCATENATED MODULE: ./build/host/probe.js
/**
 * What this machine can measure with: perf (and whether it has hardware counters), valgrind,
 * GNU time. Every conclusion carries its reason, because "auto picked time" without a why is
 * exactly the silent surprise perfgate exists to prevent.
 */







const SOFTWARE_EVENTS = ['task-clock', 'context-switches', 'cpu-migrations', 'page-faults'];
const HARDWARE_EVENTS = ['cycles', 'instructions', 'branches', 'branch-misses', 'cache-references', 'cache-misses'];
const GNU_TIME = '/usr/bin/time';
async function tryRun(argv) {
    return runProcess({ argv, cwd: external_node_os_.tmpdir(), env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C' }, timeoutMs: 20_000 });
}
function probe_firstLine(s) {
    return s.trim().split('\n')[0]?.trim() ?? '';
}
async function perfCount(events, dir) {
    const out = external_node_path_.join(dir, `probe-${events.length}.csv`);
    const r = await tryRun(['perf', 'stat', '-x,', '-o', out, '-e', events.join(','), '--', 'true']);
    const text = await (0,promises_.readFile)(out, 'utf8').catch(() => '');
    return { ok: r.exitCode === 0, reading: parsePerfStatCsv(text), error: probe_firstLine(r.stderrTail) || r.spawnError || `exit ${r.exitCode}` };
}
async function probePerf(procRoot = '/proc') {
    const reasons = [];
    const paranoidText = await (0,promises_.readFile)(external_node_path_.join(procRoot, 'sys/kernel/perf_event_paranoid'), 'utf8').catch(() => null);
    const paranoid = paranoidText === null ? null : Number(paranoidText.trim());
    const v = await tryRun(['perf', '--version']);
    if (v.spawnError || v.exitCode !== 0) {
        // Debian's /usr/bin/perf is a wrapper that fails when no linux-perf matches the kernel.
        const why = v.spawnError ? 'perf missing (install linux-perf)' : `perf unusable: ${probe_firstLine(v.stderrTail || v.stdoutTail)}`;
        return { usable: false, version: null, paranoid, pmu: false, events: [], reasons: [why] };
    }
    const version = probe_firstLine(v.stdoutTail).replace(/^perf version\s*/, '');
    const dir = await (0,promises_.mkdtemp)(external_node_path_.join(external_node_os_.tmpdir(), 'perfgate-probe-'));
    try {
        const sw = await perfCount(['task-clock', 'duration_time'], dir);
        const tc = sw.reading.counters.find((c) => c.name === 'task-clock');
        if (!sw.ok || tc?.status !== 'counted') {
            const isRoot = process.getuid?.() === 0;
            const why = paranoid !== null && paranoid > 2 && !isRoot ? `perf_event_paranoid=${paranoid}` : `perf stat failed: ${sw.error}`;
            return { usable: false, version, paranoid, pmu: false, events: [], reasons: [`cannot count task-clock: ${why}`] };
        }
        reasons.push('perf counts task-clock');
        // duration_time is the child's own wall time, without perf's start-up (≈15 ms here).
        const wallEvent = sw.reading.counters.find((c) => c.name === 'duration_time')?.status === 'counted' ? ['duration_time'] : [];
        const hw = await perfCount([...HARDWARE_EVENTS], dir);
        const unsupported = HARDWARE_EVENTS.filter((e) => hw.reading.counters.find((c) => c.name === e)?.status !== 'counted');
        const pmu = hw.ok && !unsupported.includes('instructions') && !unsupported.includes('cycles');
        if (!pmu) {
            const first = unsupported[0] ?? 'cycles';
            reasons.push(`no PMU: ${first} not supported${(0,external_node_fs_.existsSync)('/sys/bus/event_source/devices/cpu') ? '' : ' (no /sys/bus/event_source/devices/cpu)'}`);
        }
        else if (unsupported.length > 0) {
            reasons.push(`PMU present; not supported: ${unsupported.join(', ')}`);
        }
        else {
            reasons.push('PMU present');
        }
        const hwEvents = pmu ? HARDWARE_EVENTS.filter((e) => !unsupported.includes(e)) : [];
        if (paranoid !== null && paranoid >= 2 && process.getuid?.() !== 0)
            reasons.push(`perf_event_paranoid=${paranoid}: user-space counts only`);
        return { usable: true, version, paranoid, pmu, events: [...SOFTWARE_EVENTS, ...wallEvent, ...hwEvents], reasons };
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}
async function probeValgrind() {
    const r = await tryRun(['valgrind', '--version']);
    if (r.spawnError || r.exitCode !== 0)
        return { usable: false, version: null, reason: 'valgrind missing (install valgrind)' };
    const setarch = await tryRun(['setarch', '-R', 'true']);
    if (setarch.spawnError || setarch.exitCode !== 0)
        return { usable: false, version: null, reason: 'setarch -R unavailable (util-linux): cannot fix the address layout' };
    const version = probe_firstLine(r.stdoutTail).replace(/^valgrind-/, '');
    return { usable: true, version, reason: `valgrind ${version}` };
}
function probeTime() {
    return (0,external_node_fs_.existsSync)(GNU_TIME)
        ? { usable: true, version: null, reason: `${GNU_TIME} gives user, sys and max-rss` }
        : { usable: false, version: null, reason: `${GNU_TIME} missing (Debian package 'time'): only wall time is measured` };
}
async function probeHost() {
    const [perf, valgrind] = await Promise.all([probePerf(), probeValgrind()]);
    return { perf, valgrind, time: probeTime() };
}
/** Resolves `auto` and checks that an explicit choice can run here (else exit 3, saying why). */
function chooseBackend(choice, probe) {
    switch (choice) {
        case 'auto':
            return probe.perf.usable
                ? { backend: 'perf', reason: `auto → perf: ${probe.perf.reasons.join('; ')}` }
                : { backend: 'time', reason: `auto → time: ${probe.perf.reasons.join('; ')}` };
        case 'perf':
            if (!probe.perf.usable)
                throw new errors/* EnvironmentError */.eG(`backend perf cannot measure here: ${probe.perf.reasons.join('; ')}`);
            return { backend: 'perf', reason: `perf (requested): ${probe.perf.reasons.join('; ')}` };
        case 'valgrind':
            if (!probe.valgrind.usable)
                throw new errors/* EnvironmentError */.eG(`backend valgrind cannot measure here: ${probe.valgrind.reason}`);
            return { backend: 'valgrind', reason: `valgrind (requested): ${probe.valgrind.reason}` };
        case 'time':
            return { backend: 'time', reason: `time (requested): ${probe.time.reason}` };
    }
}

;// CONCATENATED MODULE: ./build/host/tuning.js
/**
 * Opt-in host tuning for `perfgate run --tune` (root only): performance governor and no turbo
 * on the benchmark CPUs, their SMT siblings parked, IRQs moved off them, and ASLR off per
 * process (`setarch -R`, no root needed). Every previous value is written to a state file
 * BEFORE anything changes, and `restoreTuning` puts the files back byte for byte — on a normal
 * exit, on an error, on SIGINT/SIGTERM, or later from `perfgate tune --restore` after a crash.
 *
 * All reads and writes go through `HostRoots`, so tests tune a fake tree. On a VM most knobs
 * do not exist; each is then reported as `unknown` (not set, and why), never skipped silently.
 */








/** What `--tune` writes, for the "needs root" message. */
const TUNING_NEEDS_ROOT = 'it writes cpuN/cpufreq/scaling_governor, intel_pstate/no_turbo or cpufreq/boost, cpuN/online (SMT siblings) and /proc/irq/N/smp_affinity_list';
/** `PERFGATE_TUNING_STATE`, else `$XDG_RUNTIME_DIR/perfgate-tuning.json`, else the temp dir. */
function defaultTuningStateFile(env) {
    return env.PERFGATE_TUNING_STATE || external_node_path_.join(env.XDG_RUNTIME_DIR || external_node_os_.tmpdir(), 'perfgate-tuning.json');
}
async function realSetarchWorks() {
    const r = await runProcess({ argv: ['setarch', '-R', 'true'], cwd: external_node_os_.tmpdir(), env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, timeoutMs: 10_000 });
    return !r.spawnError && r.exitCode === 0;
}
const tuning_CPU = 'devices/system/cpu';
const trim = (s) => s.trim();
async function planGovernor(roots, cpus, writes, actions) {
    const missing = [];
    const already = [];
    for (const c of cpus) {
        const file = hostPath(roots, 'sys', `${tuning_CPU}/cpu${c}/cpufreq/scaling_governor`);
        const current = await readText(file);
        if (current === null) {
            missing.push(c);
            continue;
        }
        const available = await readText(hostPath(roots, 'sys', `${tuning_CPU}/cpu${c}/cpufreq/scaling_available_governors`));
        if (available !== null && !available.split(/\s+/).includes('performance')) {
            actions.push({ id: 'governor', status: 'failed', detail: `cpu${c}: no performance governor offered (available: ${available.trim()})` });
        }
        else if (trim(current) === 'performance')
            already.push(c);
        else
            writes.push({ id: 'governor', file, previous: current, want: 'performance', label: `cpu${c}: ${trim(current)} → performance` });
    }
    if (missing.length > 0) {
        actions.push({ id: 'governor', status: 'unknown', detail: `not set for ${missing.length === 1 ? 'CPU' : 'CPUs'} ${formatCpuList(missing)}: no cpufreq/scaling_governor (no frequency scaling visible, typical of a VM)` });
    }
    if (already.length > 0)
        actions.push({ id: 'governor', status: 'already', detail: `CPUs ${formatCpuList(already)} already performance` });
}
async function planTurbo(roots, writes, actions) {
    for (const [rel, off] of [[`${tuning_CPU}/intel_pstate/no_turbo`, '1'], [`${tuning_CPU}/cpufreq/boost`, '0']]) {
        const file = hostPath(roots, 'sys', rel);
        const current = await readText(file);
        if (current === null)
            continue;
        if (trim(current) === off)
            actions.push({ id: 'turbo', status: 'already', detail: `already off (${rel} = ${off})` });
        else
            writes.push({ id: 'turbo', file, previous: current, want: off, label: `${rel}: ${trim(current)} → ${off} (turbo off)` });
        return;
    }
    actions.push({ id: 'turbo', status: 'unknown', detail: 'not set: no intel_pstate/no_turbo or cpufreq/boost here' });
}
/** Siblings to park; returns the CPUs that will be offline. */
async function planSmt(roots, cpus, online, writes, actions) {
    const siblings = await Promise.all(cpus.map((c) => threadSiblings(roots, c)));
    if (siblings.some((s) => s === null)) {
        actions.push({ id: 'smt', status: 'unknown', detail: 'not set: thread siblings not visible (no cpuN/topology/thread_siblings_list)' });
        return [];
    }
    const mine = new Set(cpus);
    const park = [...new Set(siblings.flatMap((s) => s ?? []))].filter((c) => !mine.has(c) && online.includes(c)).sort((a, b) => a - b);
    if (park.length === 0) {
        actions.push({ id: 'smt', status: 'already', detail: `no online SMT sibling of ${cpus.length === 1 ? 'CPU' : 'CPUs'} ${formatCpuList(cpus)} to park` });
        return [];
    }
    const parked = [];
    for (const c of park) {
        const file = hostPath(roots, 'sys', `${tuning_CPU}/cpu${c}/online`);
        const current = await readText(file);
        if (current === null)
            actions.push({ id: 'smt', status: 'failed', detail: `cannot park cpu${c}: no cpu${c}/online (the kernel keeps it online)` });
        else {
            writes.push({ id: 'smt', file, previous: current, want: '0', label: `cpu${c} offline (SMT sibling of a benchmark CPU)` });
            parked.push(c);
        }
    }
    return parked;
}
async function planIrqs(roots, cpus, online, parked, writes, actions) {
    const irqs = (await listHost(roots, 'proc', 'irq'))?.filter((n) => /^\d+$/.test(n)).sort((a, b) => Number(a) - Number(b));
    if (!irqs) {
        actions.push({ id: 'irq', status: 'unknown', detail: 'not set: no /proc/irq' });
        return;
    }
    const elsewhere = online.filter((c) => !cpus.includes(c) && !parked.includes(c));
    if (elsewhere.length === 0) {
        actions.push({ id: 'irq', status: 'unknown', detail: `not moved: the benchmark CPUs ${formatCpuList(cpus)} are every online CPU (pin the benchmarks to fewer CPUs)` });
        return;
    }
    let untouched = 0;
    for (const n of irqs) {
        const file = hostPath(roots, 'proc', `irq/${n}/smp_affinity_list`);
        const current = await readText(file);
        const list = current === null ? null : parseCpuList(current);
        if (current === null || list === null)
            continue;
        if (!list.some((c) => cpus.includes(c))) {
            untouched++;
            continue;
        }
        const kept = list.filter((c) => elsewhere.includes(c));
        const want = formatCpuList(kept.length > 0 ? kept : elsewhere);
        writes.push({ id: 'irq', file, previous: current, want, label: `irq ${n}: ${trim(current)} → ${want}` });
    }
    if (untouched > 0 || irqs.length === 0) {
        actions.push({ id: 'irq', status: 'already', detail: `${untouched} ${untouched === 1 ? 'IRQ' : 'IRQs'} already off ${cpus.length === 1 ? 'CPU' : 'CPUs'} ${formatCpuList(cpus)}` });
    }
}
/**
 * Throws (exit 3) unless tuning may start: root, and no state left by an earlier run that was
 * never restored (its "previous" values would be overwritten with tuned ones). Callers check
 * before long work such as `setup`, so a refusal costs nothing.
 */
function assertCanTune(opts) {
    const uid = opts.uid ?? process.getuid?.() ?? -1;
    if (uid !== 0)
        throw new errors/* EnvironmentError */.eG(`--tune needs root: ${TUNING_NEEDS_ROOT}. Run as root (sudo), or drop --tune. Nothing was changed.`);
    if ((0,external_node_fs_.existsSync)(opts.stateFile)) {
        throw new errors/* EnvironmentError */.eG(`tuning state ${opts.stateFile} exists: an earlier tuned run did not restore the host (crashed or killed). Run 'perfgate tune --restore --state ${opts.stateFile}' first. Nothing was changed.`);
    }
}
/**
 * Plans, records the state file, then writes. Throws (exit 3, nothing changed) without root or
 * when an earlier tuning was never restored.
 */
async function applyTuning(opts) {
    assertCanTune(opts);
    const online = (await onlineCpus(opts.roots)) ?? [];
    const cpus = opts.cpus ?? online;
    const writes = [];
    const actions = [];
    if (cpus.length === 0) {
        actions.push({ id: 'cpus', status: 'unknown', detail: 'cannot tell which CPUs to tune: no /sys/devices/system/cpu/online and no pinning' });
    }
    else {
        await planGovernor(opts.roots, cpus, writes, actions);
        await planTurbo(opts.roots, writes, actions);
        const parked = await planSmt(opts.roots, cpus, online, writes, actions);
        await planIrqs(opts.roots, cpus, online, parked, writes, actions);
    }
    const setarch = await (opts.setarchWorks ?? realSetarchWorks)();
    actions.push(setarch
        ? { id: 'aslr', status: 'set', detail: 'off per benchmark process (setarch -R)' }
        : { id: 'aslr', status: 'failed', detail: 'setarch -R does not work here (util-linux missing?): ASLR left on' });
    if (writes.length > 0) {
        // Governor and turbo first, IRQs before parking siblings; restore runs in reverse, so
        // siblings are back online before IRQ lists that name them are written back.
        const order = ['governor', 'turbo', 'irq', 'smt'];
        writes.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
        const state = { perfgateTuning: 1, pid: process.pid, createdAt: new Date().toISOString(), entries: writes.map((w) => ({ file: w.file, previous: w.previous })) };
        try {
            (0,external_node_fs_.writeFileSync)(opts.stateFile, `${JSON.stringify(state, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
        }
        catch (err) {
            throw new errors/* EnvironmentError */.eG(`cannot record the tuning state in ${opts.stateFile}: ${err.code ?? (0,errors/* errorMessage */.gJ)(err)}. Nothing was changed.`);
        }
        const byId = new Map();
        for (const w of writes) {
            const slot = byId.get(w.id) ?? { set: [], failed: [] };
            byId.set(w.id, slot);
            try {
                (0,external_node_fs_.writeFileSync)(w.file, w.want);
                slot.set.push(w.label);
            }
            catch (err) {
                // Some IRQs (per-CPU timers, managed queues) refuse new affinities with EIO: say so, go on.
                slot.failed.push(`${w.label} (${err.code ?? (0,errors/* errorMessage */.gJ)(err)})`);
            }
        }
        for (const [id, s] of byId) {
            if (s.set.length > 0)
                actions.push({ id, status: 'set', detail: s.set.join('; ') });
            if (s.failed.length > 0)
                actions.push({ id, status: 'failed', detail: `could not set: ${s.failed.join('; ')}` });
        }
    }
    const order = ['cpus', 'governor', 'turbo', 'smt', 'irq', 'aslr'];
    actions.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    return { stateFile: opts.stateFile, actions, changed: writes.length > 0, aslrOff: setarch };
}
/** The only files tuning writes, and the only values it writes back: a state file cannot aim elsewhere. */
const TUNABLE = [
    /\/devices\/system\/cpu\/cpu\d+\/cpufreq\/scaling_governor$/,
    /\/devices\/system\/cpu\/intel_pstate\/no_turbo$/,
    /\/devices\/system\/cpu\/cpufreq\/boost$/,
    /\/devices\/system\/cpu\/cpu\d+\/online$/,
    /\/irq\/\d+\/smp_affinity_list$/,
];
const SAFE_VALUE = /^[\w ,.-]{0,200}\n?$/;
function readState(stateFile, uid) {
    const st = (0,external_node_fs_.statSync)(stateFile);
    // Root restores from this file: refuse one someone else could have written.
    if (st.uid !== uid || (st.mode & 0o022) !== 0) {
        throw new errors/* EnvironmentError */.eG(`tuning state ${stateFile} is not owned by uid ${uid} or is writable by others: refusing to restore from it`);
    }
    let state;
    try {
        state = JSON.parse((0,external_node_fs_.readFileSync)(stateFile, 'utf8'));
    }
    catch (err) {
        throw new errors/* InputError */.dz(`tuning state ${stateFile} is not JSON: ${(0,errors/* errorMessage */.gJ)(err)}`);
    }
    const s = state;
    const entries = s?.entries;
    if (s?.perfgateTuning !== 1 || !Array.isArray(entries))
        throw new errors/* InputError */.dz(`${stateFile} is not a perfgate tuning state (expected {perfgateTuning: 1, entries: [...]})`);
    for (const e of entries) {
        const entry = e;
        if (typeof entry?.file !== 'string' || typeof entry.previous !== 'string' || !TUNABLE.some((re) => re.test(entry.file ?? '')) || !SAFE_VALUE.test(entry.previous)) {
            throw new errors/* InputError */.dz(`${stateFile}: entry ${JSON.stringify(e)} is not a file perfgate tunes: refusing to restore`);
        }
    }
    return s;
}
/**
 * Puts every recorded file back (last change first), then deletes the state file. Synchronous
 * so it can run from a process 'exit' handler. A file that cannot be written back keeps the
 * state file in place and is listed in `failed`.
 */
function restoreTuning(stateFile, uid = process.getuid?.() ?? -1) {
    const report = { stateFile, found: false, restored: [], unchanged: [], failed: [] };
    if (!(0,external_node_fs_.existsSync)(stateFile))
        return report;
    report.found = true;
    const state = readState(stateFile, uid);
    for (const e of [...state.entries].reverse()) {
        let current = null;
        try {
            current = (0,external_node_fs_.readFileSync)(e.file, 'utf8');
        }
        catch {
            current = null;
        }
        if (current === e.previous) {
            report.unchanged.push(e.file);
            continue;
        }
        try {
            (0,external_node_fs_.writeFileSync)(e.file, e.previous);
            report.restored.push(`${e.file}: ${(current ?? '?').trim()} → ${e.previous.trim()}`);
        }
        catch (err) {
            report.failed.push(`${e.file}: ${err.code ?? (0,errors/* errorMessage */.gJ)(err)}`);
        }
    }
    if (report.failed.length === 0)
        (0,external_node_fs_.unlinkSync)(stateFile);
    else
        (0,external_node_fs_.chmodSync)(stateFile, 0o600);
    return report;
}
function describeRestore(r) {
    if (!r.found)
        return `tuning: nothing to restore (no ${r.stateFile})\n`;
    const lines = [`tuning restored from ${r.stateFile}: ${r.restored.length} files written back, ${r.unchanged.length} already as before, ${r.failed.length} failed`];
    for (const f of r.restored)
        lines.push(`  restored ${f}`);
    for (const f of r.failed)
        lines.push(`  FAILED ${f}`);
    if (r.failed.length > 0)
        lines.push(`  state kept in ${r.stateFile}: fix the cause and run 'perfgate tune --restore --state ${r.stateFile}' again`);
    return `${lines.join('\n')}\n`;
}
function describeTuning(r) {
    const lines = [`tuning (state in ${r.stateFile}${r.changed ? '' : ', nothing to record'}):`];
    for (const a of r.actions)
        lines.push(`  ${a.id.padEnd(8)} ${a.status.padEnd(7)} ${a.detail}`);
    return `${lines.join('\n')}\n`;
}
/** One line for results.json (`fingerprint.soft.tuning`). */
function tuningSummary(r) {
    return r.actions.map((a) => `${a.id} ${a.status}`).join(', ');
}
/**
 * Restores the host when the process ends whichever way it ends: call `restore()` on the
 * normal path (and from `finally` on errors); a process 'exit' (a second Ctrl-C calls
 * process.exit) restores synchronously; SIGINT/SIGTERM nobody else handles restore and exit.
 * Only SIGKILL or a power cut leave the state file for `perfgate tune --restore`.
 */
function guardTuning(stateFile, stderr) {
    let done = null;
    const restore = () => {
        if (done)
            return done;
        process.off('exit', onExit);
        for (const [sig, h] of handlers)
            process.off(sig, h);
        try {
            done = restoreTuning(stateFile);
        }
        catch (err) {
            done = { stateFile, found: true, restored: [], unchanged: [], failed: [(0,errors/* errorMessage */.gJ)(err)] };
        }
        stderr.write(describeRestore(done));
        return done;
    };
    const onExit = () => {
        restore();
    };
    process.on('exit', onExit);
    const handlers = [];
    for (const sig of ['SIGINT', 'SIGTERM']) {
        // With a handler in place (the CLI's graceful Ctrl-C), the run ends through `finally`.
        if (process.listenerCount(sig) > 0)
            continue;
        const h = () => {
            restore();
            process.exit(sig === 'SIGINT' ? 130 : 143);
        };
        process.on(sig, h);
        handlers.push([sig, h]);
    }
    return { restore };
}

;// CONCATENATED MODULE: ./build/measure/aslr.js
/** ASLR off for one process tree: the personality flag is inherited across fork and exec. */
function withoutAslr(argv) {
    return ['setarch', '-R', ...argv];
}
/** A backend whose runs have ASLR off (valgrind's runs already do: leave it as it is). */
function withoutAslrBackend(backend) {
    if (backend.name === 'valgrind')
        return backend;
    return { name: backend.name, measure: (req) => backend.measure({ ...req, argv: withoutAslr(req.argv) }) };
}

;// CONCATENATED MODULE: ./build/measure/backends.js
/**
 * The measurement backends behind one interface (docs/ARCHITECTURE.md §3): each wraps one run of a command,
 * runs it, and returns its metrics. A metric a backend could not obtain is absent, never 0.
 */






const UNITS = { msec: 'ms', '': 'count' };
/** perf's `duration_time` event is the measured command's wall time: perfgate's `wall`. */
const RENAME = { duration_time: 'wall' };
/** Counters → metrics, and a warning for each counter that is not a clean full-time count. */
function countersToMetrics(counters) {
    const metrics = {};
    const warnings = [];
    for (const c of counters) {
        if (c.status === 'not-supported')
            warnings.push(`${c.name}: <not supported> on this machine; metric absent`);
        else if (c.status === 'not-counted')
            warnings.push(`${c.name}: <not counted> (opened but never scheduled); metric absent`);
        else if (c.value !== null) {
            metrics[RENAME[c.name] ?? c.name] = { unit: UNITS[c.unit] ?? c.unit, value: c.value };
            if (c.pctRunning !== null && c.pctRunning < 100) {
                warnings.push(`${c.name}: multiplexed, counted ${c.pctRunning.toFixed(2)}% of the time and scaled`);
            }
        }
    }
    return { metrics, warnings };
}
function perfBackend(events, scratch) {
    const out = external_node_path_.join(scratch, 'perf-stat.csv');
    return {
        name: 'perf',
        async measure(req) {
            await (0,promises_.rm)(out, { force: true });
            const argv = withCpus(['perf', 'stat', '-x,', '-o', out, '-e', events.join(','), '--', ...req.argv], req.cpus);
            const outcome = await runProcess({ argv, cwd: req.cwd, env: req.env, timeoutMs: req.timeoutMs });
            const reading = parsePerfStatCsv(await (0,promises_.readFile)(out, 'utf8').catch(() => ''));
            const { metrics, warnings } = countersToMetrics(reading.counters);
            for (const u of reading.unparsed)
                warnings.push(`perf stat output line ${u.line} not understood: ${u.text}`);
            // Older perf without duration_time: perfgate's own clock, which includes perf's start-up.
            metrics.wall ??= { unit: 'ns', value: outcome.wallNs };
            return { outcome, metrics, warnings };
        },
    };
}
/** `summary: 627424` in each cachegrind.out file (one per process with --trace-children). */
function parseCachegrindSummary(text) {
    const m = /^summary:\s+(\d+)/m.exec(text);
    return m ? Number(m[1]) : null;
}
function valgrindBackend(scratch) {
    return {
        name: 'valgrind',
        async measure(req) {
            for (const f of await (0,promises_.readdir)(scratch))
                if (f.startsWith('cg.') || f === 'valgrind.log')
                    await (0,promises_.rm)(external_node_path_.join(scratch, f), { force: true });
            // setarch -R fixes the address layout, --log-file keeps valgrind's own chatter out of the
            // benchmark's stderr, %p gives each traced child process its own output file.
            const argv = withCpus(['setarch', '-R', 'valgrind', '--tool=cachegrind', '--cache-sim=no', '--trace-children=yes',
                `--log-file=${external_node_path_.join(scratch, 'valgrind.log')}`, `--cachegrind-out-file=${external_node_path_.join(scratch, 'cg.%p')}`, '--', ...req.argv], req.cpus);
            const outcome = await runProcess({ argv, cwd: req.cwd, env: req.env, timeoutMs: req.timeoutMs });
            const files = (await (0,promises_.readdir)(scratch)).filter((f) => f.startsWith('cg.'));
            let total = 0;
            const warnings = [];
            for (const f of files) {
                const n = parseCachegrindSummary(await (0,promises_.readFile)(external_node_path_.join(scratch, f), 'utf8'));
                if (n === null)
                    warnings.push(`cachegrind output ${f} has no summary line`);
                else
                    total += n;
            }
            const metrics = files.length > 0 && warnings.length === 0 ? { instructions: { unit: 'count', value: total } } : {};
            if (files.length === 0) {
                const log = await (0,promises_.readFile)(external_node_path_.join(scratch, 'valgrind.log'), 'utf8').catch(() => '');
                warnings.push(`valgrind wrote no cachegrind output${log ? `: ${log.trim().split('\n').slice(-1)[0]}` : ''}`);
            }
            return { outcome, metrics, warnings };
        },
    };
}
/** GNU time `-f '%U %S %M'`: user and sys seconds (10 ms resolution) and max RSS in KiB. */
function parseGnuTime(text) {
    const line = text.trim().split('\n').at(-1) ?? '';
    const m = /^(\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+)$/.exec(line);
    if (!m)
        return null;
    return {
        user: { unit: 'ms', value: Number(m[1]) * 1000 },
        sys: { unit: 'ms', value: Number(m[2]) * 1000 },
        'max-rss': { unit: 'KiB', value: Number(m[3]) },
    };
}
function timeBackend(haveGnuTime, scratch) {
    const out = external_node_path_.join(scratch, 'time.txt');
    return {
        name: 'time',
        async measure(req) {
            await (0,promises_.rm)(out, { force: true });
            const argv = withCpus(haveGnuTime ? [GNU_TIME, '-f', '%U %S %M', '-o', out, '--', ...req.argv] : req.argv, req.cpus);
            const outcome = await runProcess({ argv, cwd: req.cwd, env: req.env, timeoutMs: req.timeoutMs });
            const warnings = [];
            let metrics = {};
            if (haveGnuTime) {
                const parsed = parseGnuTime(await (0,promises_.readFile)(out, 'utf8').catch(() => ''));
                if (parsed)
                    metrics = parsed;
                else
                    warnings.push(`${GNU_TIME} output not understood; user, sys and max-rss absent`);
            }
            metrics.wall = { unit: 'ns', value: outcome.wallNs };
            return { outcome, metrics, warnings };
        },
    };
}
function makeBackend(name, probe, scratch) {
    switch (name) {
        case 'perf':
            return perfBackend(probe.perf.events, scratch);
        case 'valgrind':
            return valgrindBackend(scratch);
        case 'time':
            return timeBackend(probe.time.usable, scratch);
    }
}

;// CONCATENATED MODULE: ./build/engine/rig.js
/**
 * The measuring rig both `run` (one session) and `ab` (paired) stand on: which benchmarks, on
 * which CPUs and backends, after which setup, on a tuned or untuned host, with which
 * fingerprint. One implementation, so that a flag means the same in `perfgate run`,
 * `perfgate ab` and every mode of the action (docs/ARCHITECTURE.md §1).
 */














const SETUP_TIMEOUT_MS = 30 * 60_000;
/** The suite's benchmarks with the user's overrides applied; a filter that matches nothing is an error. */
function selectBenchmarks(suite, opts) {
    const chosen = suite.benchmarks
        .filter((b) => !opts.filter || opts.filter.test(b.name))
        .map((b) => {
        const iterations = opts.iterations ?? b.iterations;
        const suiteMax = b.maxIterations > b.iterations ? b.maxIterations : iterations * (opts.adaptiveFactor ?? 1);
        return {
            ...b,
            iterations,
            maxIterations: Math.max(iterations, opts.maxIterations ?? suiteMax),
            ...(opts.backend !== undefined ? { backend: opts.backend } : {}),
            ...(opts.cpus !== undefined ? { cpus: opts.cpus } : {}),
        };
    });
    if (chosen.length === 0) {
        throw new errors/* InputError */.dz(`--filter ${String(opts.filter)} matches no benchmark of ${suite.path} (names: ${suite.benchmarks.map((b) => b.name).join(', ')})`);
    }
    return chosen;
}
/** Selected, `cpus: auto` resolved, and sharded: `all` is every benchmark of the run, `mine` this shard's. */
async function chooseBenchmarks(suite, opts, roots) {
    const auto = await applyAutoCpus(selectBenchmarks(suite, opts), roots);
    const mine = opts.shard ? shardBenchmarks(auto.benchmarks, opts.shard.index, opts.shard.count) : auto.benchmarks;
    if (auto.resolved)
        opts.stderr.write(`cpus: auto → ${auto.resolved.reason}\n`);
    if (opts.shard) {
        opts.stderr.write(`shard ${opts.shard.index}/${opts.shard.count}: ${mine.length} of ${auto.benchmarks.length} benchmarks${mine.length > 0 ? ` (${mine.map((b) => b.name).join(', ')})` : ''}\n`);
    }
    return { all: auto.benchmarks, mine, auto: auto.resolved };
}
/**
 * Fails fast, with exit 2, on an output directory that cannot be created or written. Paths
 * under /proc and /sys are refused before mkdir is tried: mkdir -p there can loop for ever.
 */
async function ensureWritableDir(dir, flag = '--out') {
    const abs = external_node_path_.resolve(dir);
    if (/^\/(proc|sys)(\/|$)/.test(abs))
        throw new errors/* InputError */.dz(`cannot write to ${flag} ${dir}: a kernel pseudo-filesystem, not a place for results`);
    try {
        await (0,promises_.mkdir)(abs, { recursive: true });
        await (0,promises_.access)(abs, external_node_fs_.constants.W_OK);
    }
    catch (err) {
        throw new errors/* InputError */.dz(`cannot write to ${flag} ${dir}: ${err.code ?? (0,errors/* errorMessage */.gJ)(err)}`);
    }
}
async function runSetup(suite, parentEnv, stderr, label = '', signal) {
    if (!suite.setup)
        return;
    stderr.write(`setup${label}: ${suite.setup}\n`);
    const env = Object.fromEntries(Object.entries(parentEnv).filter((e) => e[1] !== undefined));
    const r = await runProcess({ argv: ['/bin/sh', '-c', suite.setup], cwd: suite.dir, env, timeoutMs: SETUP_TIMEOUT_MS, ...(signal ? { signal } : {}) });
    if (signal?.aborted)
        throw new errors/* InputError */.dz(`setup${label} interrupted: ${suite.setup}`);
    if (r.exitCode !== 0 || r.timedOut) {
        const tail = (r.stderrTail || r.stdoutTail).trim().split('\n').slice(-15).join('\n');
        throw new errors/* InputError */.dz(`setup${label} failed (${r.timedOut ? 'timed out' : `exit ${r.exitCode}`}): ${suite.setup}\n${tail}`);
    }
}
/** Plans each benchmark's backend; an explicit backend this machine lacks fails before any run. */
function planBackends(benchmarks, probe) {
    const suiteChoice = chooseBackend('auto', probe);
    const plans = benchmarks.map((spec) => ({ spec, backend: spec.backend === 'auto' ? suiteChoice.backend : chooseBackend(spec.backend, probe).backend }));
    const used = new Set(plans.map((p) => p.backend));
    const [only] = [...used];
    if (used.size === 1 && only !== undefined && only !== suiteChoice.backend) {
        return { plans, suiteBackend: only, reason: chooseBackend(only, probe).reason };
    }
    return { plans, suiteBackend: suiteChoice.backend, reason: suiteChoice.reason };
}
async function openRig(opts) {
    const roots = opts.roots ?? rootsFromEnv(opts.parentEnv);
    const stateFile = opts.tuningStateFile ?? defaultTuningStateFile(opts.parentEnv);
    if (opts.tune)
        assertCanTune({ stateFile });
    const probe = opts.probe ?? (await probeHost());
    const { plans, suiteBackend, reason } = planBackends(opts.benchmarks, probe);
    opts.stderr.write(`backend: ${reason}\n`);
    // Before the fingerprint: it hashes the binaries setup builds and records the tuned settings.
    for (const s of opts.setups)
        await runSetup(s.suite, opts.parentEnv, opts.stderr, s.label, opts.signal);
    const tuning = opts.tune ? await applyTuning({ roots, cpus: benchmarkCpus(opts.benchmarks), stateFile }) : null;
    if (tuning)
        opts.stderr.write(describeTuning(tuning));
    const guard = tuning?.changed ? guardTuning(tuning.stateFile, opts.stderr) : null;
    const soft = { ...(opts.soft ?? {}), ...(tuning ? { tuning: tuningSummary(tuning) } : {}) };
    const fp = await fingerprint(suiteBackend, probe, roots, { backendsUsed: plans.map((p) => p.backend), soft });
    const scratch = await (0,promises_.mkdtemp)(external_node_path_.join(external_node_os_.tmpdir(), 'perfgate-run-'));
    const backends = new Map();
    return {
        probe,
        roots,
        plans,
        suiteBackend,
        backendReason: reason,
        fingerprint: fp,
        tuning,
        scratch,
        backendFor: (name) => {
            let b = backends.get(name);
            if (!b) {
                b = makeBackend(name, probe, scratch);
                if (tuning?.aslrOff)
                    b = withoutAslrBackend(b);
                backends.set(name, b);
            }
            return b;
        },
        close: async () => {
            await (0,promises_.rm)(scratch, { recursive: true, force: true });
            const restored = guard?.restore();
            if (restored && restored.failed.length > 0) {
                throw new errors/* EnvironmentError */.eG(`tuning could not be undone: ${restored.failed.join('; ')}. Run 'perfgate tune --restore --state ${stateFile}'`);
            }
        },
    };
}

;// CONCATENATED MODULE: ./build/engine/run.js
/**
 * `perfgate run` as a function: one session. Load the suite, open the rig (setup, tuning,
 * fingerprint), measure every benchmark, and keep results.json current after each one. The CLI
 * and the action's baseline mode both call it.
 */
















async function measureSuite(opts) {
    const suite = await loadSuite(opts.suitePath);
    const roots = opts.roots ?? rootsFromEnv(opts.parentEnv);
    const outDir = external_node_path_.resolve(opts.outDir);
    await ensureWritableDir(outDir);
    const chosen = await chooseBenchmarks(suite, opts, roots);
    const rig = await openRig({
        ...opts,
        roots,
        benchmarks: chosen.mine,
        setups: [{ suite, label: '' }],
        soft: chosen.auto ? { 'cpus-auto': `${chosen.auto.cpus}: ${chosen.auto.reason}` } : {},
    });
    const doc = {
        schemaVersion: RESULTS_SCHEMA_VERSION,
        tool: { name: 'perfgate', version: VERSION },
        suite: { path: external_node_path_.relative(process.cwd(), suite.path) || suite.path, sha256: suite.sha256 },
        git: opts.git ?? (await gitInfo(suite.dir)),
        fingerprint: rig.fingerprint,
        backend: rig.suiteBackend,
        backendReason: rig.backendReason,
        startedAt: new Date().toISOString(),
        finishedAt: new Date().toISOString(),
        ...(opts.shard ? { shard: { ...opts.shard, all: chosen.all.map((b) => b.name) } } : {}),
        benchmarks: [],
    };
    const binaries = await hashBenchmarkBinaries(chosen.mine, suite.dir);
    if (Object.keys(binaries).length > 0)
        doc.fingerprint.binaries = binaries;
    const resultsPath = external_node_path_.join(outDir, 'results.json');
    const summaryPath = external_node_path_.join(outDir, 'summary.txt');
    // An empty shard (more shards than benchmarks) still leaves a results.json for merge.
    if (rig.plans.length === 0)
        await writeJsonAtomic(resultsPath, doc);
    const results = [];
    let writeFailure;
    try {
        await runBenchmarks(rig.plans, {
            backendFor: rig.backendFor,
            parentEnv: opts.parentEnv,
            progress: progressReporter(opts.stderr, {
                isTTY: opts.isTTY,
                totalRuns: rig.plans.reduce((n, p) => n + p.spec.warmup + p.spec.iterations, 0),
            }),
            ...(opts.signal ? { signal: opts.signal } : {}),
            ...(opts.profile !== false
                ? { profile: (spec) => recordProfile(spec, { perf: rig.probe.perf, outDir, scratch: rig.scratch, parentEnv: opts.parentEnv }) }
                : {}),
            onResult: async (r) => {
                results.push(r);
                doc.benchmarks = [...results];
                doc.finishedAt = new Date().toISOString();
                // A write that fails mid-run must not throw away what is still to be measured.
                await writeJsonAtomic(resultsPath, doc).catch((err) => (writeFailure ??= err));
            },
        });
    }
    finally {
        await rig.close();
    }
    if (writeFailure !== undefined)
        await saveElsewhere(doc, resultsPath, writeFailure);
    await (0,promises_.writeFile)(summaryPath, renderSummaryText(doc));
    const incomplete = doc.benchmarks.some((b) => b.status !== 'ok');
    return { doc, resultsPath, summaryPath, exitCode: incomplete ? errors/* EXIT */.dc.regression : errors/* EXIT */.dc.ok };
}
async function saveElsewhere(doc, wanted, cause) {
    const dir = await (0,promises_.mkdtemp)(external_node_path_.join(external_node_os_.tmpdir(), 'perfgate-results-'));
    const fallback = external_node_path_.join(dir, 'results.json');
    await writeJsonAtomic(fallback, doc);
    throw new errors/* InputError */.dz(`cannot write ${wanted}: ${cause.code ?? (0,errors/* errorMessage */.gJ)(cause)}; results saved to ${fallback}`);
}

;// CONCATENATED MODULE: ./build/report/checks.js
/**
 * The doctor report for the terminal (a table, advice under each row that needs some) and as
 * markdown (the action's job summary). One set of rows for both.
 */


function heading(report) {
    const c = report.counts;
    const cpus = report.cpus === 'all' ? 'all CPUs (benchmarks not pinned)' : `benchmark CPUs ${report.cpus}`;
    return `host checks for ${cpus}: ${c.pass} pass, ${c.warn} warn, ${c.fail} fail, ${c.unknown} unknown`;
}
function renderChecksText(report) {
    const idWidth = Math.max(5, ...report.checks.map((c) => c.id.length));
    const statusWidth = 7;
    const indent = ' '.repeat(idWidth + statusWidth + 4);
    const lines = [heading(report), '', `${'check'.padEnd(idWidth)}  ${'status'.padEnd(statusWidth)}  value`];
    for (const c of report.checks) {
        lines.push(`${c.id.padEnd(idWidth)}  ${c.status.padEnd(statusWidth)}  ${c.value}`);
        if (c.advice && c.status !== 'pass')
            lines.push(`${indent}→ ${c.advice}`);
    }
    return `${lines.join('\n')}\n`;
}
function renderChecksMarkdown(report) {
    const mark = { pass: '✅ pass', warn: '⚠️ warn', fail: '❌ fail', unknown: '❔ unknown' };
    const rows = report.checks.map((c) => [c.id, mark[c.status], escapeMarkdown(c.value), escapeMarkdown(c.status === 'pass' ? '' : c.advice)]);
    return `### perfgate doctor\n\n${escapeMarkdown(heading(report))}\n\n${(0,markdown_table/* markdownTable */.Q)([['check', 'status', 'value', 'advice'], ...rows])}\n`;
}

;// CONCATENATED MODULE: ./build/action/measure.js
/**
 * Measuring inside the action: the host pre-flight first (printed in a collapsible group and
 * refused with `require-quiet` on a busy host), then the suite, with the action's inputs as
 * overrides. Shared by every mode that measures.
 */








/** Host checks and pre-flight before measuring; returns their markdown for the job summary. */
async function measure_preflight(inputs) {
    // The same CPUs `perfgate doctor` checks: the `cpus` input, else the suite's pinned CPUs.
    const report = await checkHost({ ...(inputs.cpus !== null ? { cpus: inputs.cpus } : {}), suiteFile: inputs.suite, suiteRequired: true, roots: rootsFromEnv(process.env), flag: "input 'cpus'" });
    core/* startGroup */.Oh(`perfgate host checks: ${report.counts.pass} pass, ${report.counts.warn} warn, ${report.counts.fail} fail, ${report.counts.unknown} unknown`);
    core/* info */.pq(renderChecksText(report));
    core/* endGroup */.N4();
    const md = `<details><summary>Host checks</summary>\n\n${renderChecksMarkdown(report)}\n</details>\n\n`;
    const quiet = quietVerdict(report);
    if (!quiet.quiet) {
        if (inputs.requireQuiet)
            throw new errors/* EnvironmentError */.eG(`require-quiet: the runner is busy, refusing to measure: ${quiet.reasons.join('; ')}`);
        core/* warning */.$e(`the runner is busy (${quiet.reasons.join('; ')}): results may be noisy`);
    }
    return md;
}
/** Adaptive sampling is on by default in the action: up to 3 × the iterations while a row is undecided. */
const ACTION_ADAPTIVE_FACTOR = 3;
/** The action's inputs as the engine's settings: the same for one session and for pairs. */
function measureSettings(inputs) {
    return {
        ...(inputs.iterations !== null ? { iterations: inputs.iterations } : {}),
        ...(inputs.maxIterations !== null ? { maxIterations: inputs.maxIterations } : {}),
        adaptiveFactor: ACTION_ADAPTIVE_FACTOR,
        ...(inputs.backend !== null ? { backend: inputs.backend } : {}),
        ...(inputs.filter !== null ? { filter: inputs.filter } : {}),
        ...(inputs.cpus !== null ? { cpus: inputs.cpus } : {}),
        ...(inputs.shard !== null ? { shard: inputs.shard } : {}),
        ...(inputs.tune ? { tune: true, tuningStateFile: tuningStateFile() } : {}),
        parentEnv: process.env,
        stderr: process.stderr,
    };
}
async function measureHead(inputs, ctx, outDir) {
    const outcome = await measureSuite({
        ...measureSettings(inputs),
        suitePath: inputs.suite,
        outDir,
        git: { sha: ctx.pr?.headSha || ctx.mergeGroup?.headSha || ctx.sha || null, ref: ctx.ref || null },
        isTTY: false,
    });
    core/* info */.pq(`results: ${outcome.resultsPath}`);
    return outcome;
}
/** Where tuning keeps the previous host settings; the post step restores from it. */
function tuningStateFile() {
    return external_node_path_.join(process.env.RUNNER_TEMP ?? '/tmp', 'perfgate-tuning.json');
}

;// CONCATENATED MODULE: ./build/stats/validate.js
/**
 * Input checks shared by the statistics functions. A NaN that slips into a rank test or a
 * bootstrap does not fail loudly — it silently poisons sorting and comparisons — so every
 * public entry point validates its samples up front and throws a RangeError naming the input.
 */
/** Throws unless `values` is a non-empty array of finite numbers. */
function validate_assertSample(name, values) {
    if (values.length === 0) {
        throw new RangeError(`${name}: expected at least one value, got an empty array`);
    }
    values.forEach((v, i) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) {
            throw new RangeError(`${name}[${i}] is ${String(v)}; expected a finite number`);
        }
    });
}
/** As {@link assertSample}, and every value must be > 0 because its logarithm will be taken. */
function validate_assertPositiveSample(name, values) {
    validate_assertSample(name, values);
    values.forEach((v, i) => {
        if (v <= 0) {
            throw new RangeError(`${name}[${i}] = ${v} is not positive; logarithms need values > 0`);
        }
    });
}
/** Throws unless 0 < level < 1. */
function validate_assertConfLevel(level) {
    if (!(level > 0 && level < 1)) {
        throw new RangeError(`confidence level must be strictly between 0 and 1, got ${level}`);
    }
}
/** Throws unless 0 <= p <= 1. */
function validate_assertProbability(name, p) {
    if (!(p >= 0 && p <= 1)) {
        throw new RangeError(`${name} must be a probability in [0, 1], got ${p}`);
    }
}
/** Throws unless `n` is an integer >= `min`. */
function validate_assertInteger(name, n, min) {
    if (!Number.isInteger(n) || n < min) {
        throw new RangeError(`${name} must be an integer >= ${min}, got ${n}`);
    }
}

;// CONCATENATED MODULE: ./build/stats/distributions.js
/**
 * Distribution functions for perfgate's tests and intervals, written by hand because
 * simple-statistics has neither the Student t distribution nor the exact null distributions of
 * the rank tests, and its normal cdf (an erf approximation) is too coarse in the tails for
 * p-values that go through Benjamini–Hochberg.
 *
 * - Normal cdf: W. J. Cody's rational Chebyshev approximations, as in R's pnorm (full double
 *   precision, both tails computed directly so small upper tails are not 1 − (almost 1)).
 * - Normal quantile: Wichura's AS 241 (PPND16), relative accuracy about 1e-16, as in R's qnorm.
 * - Student t: cdf through the regularized incomplete beta (continued fraction, modified
 *   Lentz), quantile by safeguarded Newton on the cdf.
 * - Wilcoxon signed-rank and Mann–Whitney null distributions: exact, by dynamic programming,
 *   with quantile functions that follow R's qsignrank/qwilcox definitions.
 */

const DBL_EPSILON = 2.220446049250313e-16;
const ONE_OVER_SQRT_2PI = 0.398942280401432677939946059934;
const SQRT_32 = 5.656854249492380195206754896838;
// Cody (1969/1993) coefficients, as used by R's pnorm_both.
const PN_A = [
    2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249,
    0.065682337918207449113,
];
const PN_B = [
    47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956,
];
const PN_C = [
    0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226,
    2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218,
    1.0765576773720192317e-8,
];
const PN_D = [
    22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755,
    18615.571640885098091, 34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const PN_P = [
    0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466,
    2.9112874951168792e-5, 0.02307344176494017303,
];
const PN_Q = [
    1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244,
    7.29751555083966205e-5,
];
/** Standard normal cdf P(Z <= x), or the upper tail P(Z > x) when `lowerTail` is false. */
function normalCdf(x, lowerTail = true) {
    if (Number.isNaN(x))
        throw new RangeError('normalCdf: x is NaN');
    const [lower, upper] = normalBothTails(x);
    return lowerTail ? lower : upper;
}
function normalBothTails(x) {
    const y = Math.abs(x);
    if (y <= 0.67448975) {
        let xnum = 0;
        let xden = 0;
        if (y > DBL_EPSILON * 0.5) {
            const xsq = x * x;
            xnum = PN_A[4] * xsq;
            xden = xsq;
            for (let i = 0; i < 3; i++) {
                xnum = (xnum + PN_A[i]) * xsq;
                xden = (xden + PN_B[i]) * xsq;
            }
        }
        const temp = (x * (xnum + PN_A[3])) / (xden + PN_B[3]);
        return [0.5 + temp, 0.5 - temp];
    }
    let temp;
    if (y <= SQRT_32) {
        let xnum = PN_C[8] * y;
        let xden = y;
        for (let i = 0; i < 7; i++) {
            xnum = (xnum + PN_C[i]) * y;
            xden = (xden + PN_D[i]) * y;
        }
        temp = (xnum + PN_C[7]) / (xden + PN_D[7]);
    }
    else if (y < 37.5193) {
        const xsq = 1 / (x * x);
        let xnum = PN_P[5] * xsq;
        let xden = xsq;
        for (let i = 0; i < 4; i++) {
            xnum = (xnum + PN_P[i]) * xsq;
            xden = (xden + PN_Q[i]) * xsq;
        }
        temp = (xsq * (xnum + PN_P[4])) / (xden + PN_Q[4]);
        temp = (ONE_OVER_SQRT_2PI - temp) / y;
    }
    else {
        return x > 0 ? [1, 0] : [0, 1];
    }
    // Splitting x² into a part exact in binary and a small remainder keeps exp(−x²/2) accurate.
    const xsq = Math.trunc(y * 16) / 16;
    const del = (y - xsq) * (y + xsq);
    const small = Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5) * temp;
    return x > 0 ? [1 - small, small] : [small, 1 - small];
}
// Wichura (1988) AS 241 coefficients.
const AS241_A = [
    3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
    45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
];
const AS241_B = [
    1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867,
    39307.89580009271061, 28729.085735721942674, 5226.495278852854561,
];
const AS241_C = [
    1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
    1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833,
    7.7454501427834140764e-4,
];
const AS241_D = [
    1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455,
    0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4,
    1.05075007164441684324e-9,
];
const AS241_E = [
    6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
    0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5,
    2.01033439929228813265e-7,
];
const AS241_F = [
    1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
    7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7,
    2.04426310338993978564e-15,
];
function horner(coefs, x) {
    let acc = 0;
    for (let i = coefs.length - 1; i >= 0; i--)
        acc = acc * x + coefs[i];
    return acc;
}
/** Standard normal quantile: the z with P(Z <= z) = p (−Infinity at 0, +Infinity at 1). */
function distributions_normalQuantile(p) {
    validate_assertProbability('normalQuantile: p', p);
    if (p === 0)
        return -Infinity;
    if (p === 1)
        return Infinity;
    const q = p - 0.5;
    if (Math.abs(q) <= 0.425) {
        const r = 0.180625 - q * q;
        return (q * horner(AS241_A, r)) / horner(AS241_B, r);
    }
    let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
    let value;
    if (r <= 5) {
        r -= 1.6;
        value = horner(AS241_C, r) / horner(AS241_D, r);
    }
    else {
        r -= 5;
        value = horner(AS241_E, r) / horner(AS241_F, r);
    }
    return q < 0 ? -value : value;
}
const LANCZOS = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
];
/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error about 1e-15). */
function logGamma(x) {
    if (!(x > 0))
        throw new RangeError(`logGamma: x must be > 0, got ${x}`);
    if (x < 0.5) {
        // Reflection keeps the series in the range where it is accurate.
        return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
    }
    const z = x - 1;
    let a = LANCZOS[0];
    const t = z + 7.5;
    for (let i = 1; i < 9; i++)
        a += LANCZOS[i] / (z + i);
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}
/** Regularized incomplete beta I_x(a, b) for a, b > 0 and 0 <= x <= 1. */
function regularizedIncompleteBeta(x, a, b) {
    assertProbability('regularizedIncompleteBeta: x', x);
    if (!(a > 0 && b > 0))
        throw new RangeError(`regularizedIncompleteBeta: a and b must be > 0`);
    return incompleteBeta(x, 1 - x, a, b);
}
/**
 * I_x(a, b) given both x and y = 1 − x, so a caller that knows 1 − x more accurately than the
 * subtraction would give (the t cdf near 0) can pass it in.
 */
function incompleteBeta(x, y, a, b) {
    if (x <= 0)
        return 0;
    if (y <= 0)
        return 1;
    const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(y));
    // The continued fraction converges fast only on this side of the mean; use symmetry otherwise.
    if (x < (a + 1) / (a + b + 2))
        return (front * betaContinuedFraction(x, a, b)) / a;
    return 1 - (front * betaContinuedFraction(y, b, a)) / b;
}
function betaContinuedFraction(x, a, b) {
    const tiny = 1e-300;
    const qab = a + b;
    const qap = a + 1;
    const qam = a - 1;
    let c = 1;
    let d = 1 - (qab * x) / qap;
    if (Math.abs(d) < tiny)
        d = tiny;
    d = 1 / d;
    let h = d;
    for (let m = 1; m <= 100000; m++) {
        const m2 = 2 * m;
        let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
        d = 1 + aa * d;
        if (Math.abs(d) < tiny)
            d = tiny;
        c = 1 + aa / c;
        if (Math.abs(c) < tiny)
            c = tiny;
        d = 1 / d;
        h *= d * c;
        aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
        d = 1 + aa * d;
        if (Math.abs(d) < tiny)
            d = tiny;
        c = 1 + aa / c;
        if (Math.abs(c) < tiny)
            c = tiny;
        d = 1 / d;
        const del = d * c;
        h *= del;
        if (Math.abs(del - 1) < 1e-16)
            return h;
    }
    throw new RangeError(`incomplete beta did not converge for a=${a}, b=${b}, x=${x}`);
}
function assertDf(df) {
    if (!(df > 0) || !Number.isFinite(df)) {
        throw new RangeError(`degrees of freedom must be a finite number > 0, got ${df}`);
    }
}
/** Student t cdf P(T <= t) with `df` degrees of freedom, or P(T > t) when `lowerTail` is false. */
function studentTCdf(t, df, lowerTail = true) {
    if (Number.isNaN(t))
        throw new RangeError('studentTCdf: t is NaN');
    assertDf(df);
    if (df > 4e5) {
        // Abramowitz & Stegun 26.7.8, as R's pt does: the beta route loses accuracy here.
        const v = 1 / (4 * df);
        return normalCdf((t * (1 - v)) / Math.sqrt(1 + t * t * 2 * v), lowerTail);
    }
    if (!Number.isFinite(t))
        return (t > 0) === lowerTail ? 1 : 0;
    // x = df/(df+t²) written so that neither t² nor its complement overflows or cancels.
    const at = Math.abs(t);
    const ratio = df / at;
    const x = at === 0 ? 1 : ratio / (at + ratio);
    const y = at === 0 ? 0 : at / (at + ratio);
    const tail = 0.5 * incompleteBeta(x, y, df / 2, 0.5); // P(T > |t|)
    return (t > 0) === lowerTail ? 1 - tail : tail;
}
function studentTDensity(t, df) {
    return Math.exp(logGamma((df + 1) / 2) -
        logGamma(df / 2) -
        0.5 * Math.log(df * Math.PI) -
        ((df + 1) / 2) * Math.log1p((t * t) / df));
}
/** Student t quantile: the t with P(T <= t) = p. */
function studentTQuantile(p, df) {
    validate_assertProbability('studentTQuantile: p', p);
    assertDf(df);
    if (p === 0)
        return -Infinity;
    if (p === 1)
        return Infinity;
    if (p === 0.5)
        return 0;
    // Solve on the upper tail of |T|, where p or 1 − p is exact (1 − p is exact for p >= 0.5).
    const q = p < 0.5 ? p : 1 - p;
    const upper = (t) => studentTCdf(t, df, false);
    let lo = 0;
    let hi = Math.max(1, distributions_normalQuantile(1 - q));
    while (upper(hi) > q) {
        lo = hi;
        hi *= 2;
    }
    let t = (lo + hi) / 2;
    for (let iter = 0; iter < 200; iter++) {
        const f = upper(t) - q;
        if (f === 0)
            break;
        if (f > 0)
            lo = t;
        else
            hi = t;
        let next = t + f / studentTDensity(t, df);
        if (!(next > lo && next < hi))
            next = (lo + hi) / 2;
        if (Math.abs(next - t) <= 4 * DBL_EPSILON * Math.abs(t)) {
            t = next;
            break;
        }
        t = next;
    }
    return p < 0.5 ? -t : t;
}
// ---------------------------------------------------------------------------------------------
// Exact null distributions of the rank statistics.
/** Largest n for which the exact signed-rank distribution is computed (O(n³) time). */
const MAX_EXACT_SIGNED_RANK_N = 500;
/** Largest m·n for which the exact Mann–Whitney distribution is computed. */
const MAX_EXACT_MANN_WHITNEY_MN = 10000;
const signedRankCache = new Map();
/**
 * P(V = v), v = 0..n(n+1)/2, for the Wilcoxon signed-rank statistic V under H0. Built by
 * adding rank k with probability ½ to each sum; halving at every step keeps the values exact
 * (counts / 2^n) while counts fit in 53 bits and never overflows beyond.
 */
function signedRankPmfShared(n) {
    validate_assertInteger('signed-rank n', n, 1);
    if (n > MAX_EXACT_SIGNED_RANK_N) {
        throw new RangeError(`exact signed-rank distribution is limited to n <= ${MAX_EXACT_SIGNED_RANK_N}, got ${n}; ` +
            'use the normal approximation');
    }
    const cached = signedRankCache.get(n);
    if (cached)
        return cached;
    const max = (n * (n + 1)) / 2;
    let prev = new Float64Array(max + 1);
    prev[0] = 1;
    let top = 0;
    for (let k = 1; k <= n; k++) {
        const next = new Float64Array(max + 1);
        top += k;
        for (let s = 0; s <= top; s++) {
            const without = prev[s];
            const withK = s >= k ? prev[s - k] : 0;
            next[s] = (without + withK) / 2;
        }
        prev = next;
    }
    signedRankCache.set(n, prev);
    return prev;
}
/** The exact null probabilities P(V = v) of the signed-rank statistic, v = 0..n(n+1)/2. */
function signedRankPmf(n) {
    return Array.from(signedRankPmfShared(n));
}
/**
 * P(V <= v) (R's psignrank), or P(V > v) when `lowerTail` is false. Non-integer v counts as
 * floor(v), which is what a cdf of an integer statistic means.
 */
function signedRankCdf(v, n, lowerTail = true) {
    return tailSum(signedRankPmfShared(n), v, lowerTail);
}
/** Smallest v with P(V <= v) >= p, with R's qsignrank fuzz so exact fractions land right. */
function signedRankQuantile(p, n) {
    validate_assertProbability('signedRankQuantile: p', p);
    return discreteQuantile(signedRankPmfShared(n), p);
}
const mannWhitneyCache = new Map();
/**
 * P(U = u), u = 0..m·n, for the Mann–Whitney statistic under H0 (all C(m+n, m) rankings
 * equally likely). Counts k-subsets of the ranks 1..N by U, where an element placed j-th among
 * the chosen contributes (its rank − j) to U; only additions, so no cancellation in the tails.
 */
function mannWhitneyPmfShared(m, n) {
    assertInteger('Mann–Whitney m', m, 1);
    assertInteger('Mann–Whitney n', n, 1);
    if (m * n > MAX_EXACT_MANN_WHITNEY_MN) {
        throw new RangeError(`exact Mann–Whitney distribution is limited to m·n <= ${MAX_EXACT_MANN_WHITNEY_MN}, ` +
            `got ${m}·${n}; use the normal approximation`);
    }
    const k = Math.min(m, n);
    const total = m + n;
    const key = `${k},${total}`;
    const cached = mannWhitneyCache.get(key);
    if (cached)
        return cached;
    const maxU = m * n;
    const width = maxU + 1;
    // counts[j * width + u]: subsets of the ranks seen so far with j elements and statistic u.
    const counts = new Float64Array((k + 1) * width);
    counts[0] = 1;
    for (let rank = 1; rank <= total; rank++) {
        for (let j = Math.min(rank, k); j >= 1; j--) {
            const shift = rank - j;
            // j − 1 elements among the first rank − 1 reach at most U = (j − 1)(rank − j).
            const reach = Math.min(maxU - shift, (j - 1) * (rank - j));
            const from = (j - 1) * width;
            const to = j * width;
            for (let u = reach; u >= 0; u--) {
                const c = counts[from + u];
                if (c !== 0)
                    counts[to + u + shift] = counts[to + u + shift] + c;
            }
        }
    }
    const pmf = counts.slice(k * width);
    let sum = 0;
    for (const c of pmf)
        sum += c;
    for (let u = 0; u < width; u++)
        pmf[u] = pmf[u] / sum;
    mannWhitneyCache.set(key, pmf);
    return pmf;
}
/** The exact null probabilities P(U = u) of the Mann–Whitney statistic, u = 0..m·n. */
function mannWhitneyPmf(m, n) {
    return Array.from(mannWhitneyPmfShared(m, n));
}
/** P(U <= u) (R's pwilcox), or P(U > u) when `lowerTail` is false. */
function distributions_mannWhitneyCdf(u, m, n, lowerTail = true) {
    return tailSum(mannWhitneyPmfShared(m, n), u, lowerTail);
}
/** Smallest u with P(U <= u) >= p, as R's qwilcox. */
function distributions_mannWhitneyQuantile(p, m, n) {
    assertProbability('mannWhitneyQuantile: p', p);
    return discreteQuantile(mannWhitneyPmfShared(m, n), p);
}
/** Sums the pmf over the requested tail only, so small tail probabilities keep their digits. */
function tailSum(pmf, v, lowerTail) {
    if (Number.isNaN(v))
        throw new RangeError('cdf argument is NaN');
    const max = pmf.length - 1;
    const q = Math.floor(v + 1e-7);
    let sum = 0;
    if (lowerTail) {
        for (let s = 0; s <= Math.min(q, max); s++)
            sum += pmf[s];
    }
    else {
        for (let s = Math.max(q + 1, 0); s <= max; s++)
            sum += pmf[s];
    }
    return Math.min(1, sum);
}
/** R's qsignrank/qwilcox search, including its 10·ε fuzz and the symmetric upper branch. */
function discreteQuantile(pmf, p) {
    const max = pmf.length - 1;
    let acc = 0;
    let q = 0;
    if (p <= 0.5) {
        const target = p - 10 * DBL_EPSILON;
        for (;;) {
            acc += pmf[q];
            if (acc >= target)
                return q;
            q++;
        }
    }
    const target = 1 - p + 10 * DBL_EPSILON;
    for (;;) {
        acc += pmf[q];
        if (acc > target)
            return max - q;
        q++;
    }
}

;// CONCATENATED MODULE: ./build/stats/multiple.js
/**
 * Keeping α honest across many tests (docs/ARCHITECTURE.md §4): Benjamini–Hochberg over the gated rows of
 * one comparison, and Pocock's group-sequential boundary for the repeated looks of adaptive
 * sampling. Neither is in simple-statistics.
 */


/**
 * Benjamini–Hochberg adjusted p-values, identical to R's p.adjust(p, "BH"):
 * p̃_(i) = min over j >= i of min(1, m/j · p_(j)), returned in the input order.
 */
function adjustBH(p) {
    p.forEach((v, i) => validate_assertProbability(`p[${i}]`, v));
    const m = p.length;
    const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => p[b] - p[a]);
    const adjusted = new Array(m);
    let running = 1;
    order.forEach((index, k) => {
        const rank = m - k; // rank among ascending p-values, walking from the largest down
        running = Math.min(running, (m / rank) * p[index]);
        adjusted[index] = running;
    });
    return adjusted;
}
const boundaryCache = new Map();
/**
 * Pocock (1977) boundary for `looks` equally spaced analyses: one constant critical value c
 * such that P(some |Z_k| >= c | H0) = alpha, where Z_k is the standardised statistic after k
 * of `looks` equal batches (corr(Z_j, Z_k) = √(j/k)). Computed, not tabulated, by the
 * Armitage–McPherson–Rowe recursive numerical integration of the random walk S_k = √k·Z_k
 * (Jennison & Turnbull 2000, ch. 19), Simpson's rule on a 0.05-wide grid (c to ~1e-7), then solving for c.
 * Adaptive sampling in perfgate applies the rank tests at each look; their statistics are
 * asymptotically normal with independent increments, which is what the boundary assumes.
 */
function pocockBoundary(looks, options = {}) {
    validate_assertInteger('looks', looks, 1);
    const alpha = options.alpha ?? 0.05;
    const sides = options.sides ?? 2;
    if (!(alpha > 0 && alpha < 1))
        throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
    if (looks > 50)
        throw new RangeError(`looks must be <= 50, got ${looks}`);
    const key = `${looks},${alpha},${sides}`;
    const cached = boundaryCache.get(key);
    if (cached)
        return cached;
    const error = (c) => crossingProbability(c, looks, sides) - alpha;
    // The one-look critical value is a lower bound; the Bonferroni value an upper bound.
    let lo = distributions_normalQuantile(1 - alpha / sides);
    let hi = distributions_normalQuantile(1 - alpha / sides / looks) + 1e-9;
    let fLo = error(lo);
    let fHi = error(hi);
    let critical = lo;
    // Illinois variant of regula falsi: bracketed, and superlinear on this smooth monotone curve.
    let side = 0;
    for (let iter = 0; iter < 100 && hi - lo > 1e-10; iter++) {
        critical = (lo * fHi - hi * fLo) / (fHi - fLo);
        const f = error(critical);
        if (f === 0)
            break;
        if (f > 0) {
            lo = critical;
            fLo = f;
            if (side === 1)
                fHi /= 2;
            side = 1;
        }
        else {
            hi = critical;
            fHi = f;
            if (side === -1)
                fLo /= 2;
            side = -1;
        }
    }
    const result = {
        looks,
        alpha,
        sides,
        critical,
        nominalAlpha: sides * normalCdf(critical, false),
    };
    boundaryCache.set(key, result);
    return result;
}
/** P(the walk leaves the continuation region at some look | H0) for constant boundary c. */
function crossingProbability(c, looks, sides) {
    const step = 0.05;
    // A local binding: this kernel runs ~10⁶ times per call, and global lookups are slow inside
    // vm contexts (jest).
    const exp = Math.exp;
    const norm = 1 / Math.sqrt(2 * Math.PI);
    const phi = (z) => norm * exp(-0.5 * z * z);
    let total = sides * normalCdf(c, false);
    // Continuation region of S_1 = Z_1; one-sided, the lower side is cut where its mass is < 1e-15.
    let grid = simpsonGrid(sides === 2 ? -c : -8, c, step);
    let density = grid.points.map(phi);
    for (let k = 2; k <= looks; k++) {
        const bound = c * Math.sqrt(k);
        let crossed = 0;
        grid.points.forEach((s, i) => {
            const mass = grid.weights[i] * density[i];
            crossed += mass * normalCdf(bound - s, false);
            if (sides === 2)
                crossed += mass * normalCdf(bound + s, false);
        });
        total += crossed;
        if (k === looks)
            break;
        const next = simpsonGrid(sides === 2 ? -bound : -8 * Math.sqrt(k), bound, step);
        const previous = grid.points.map((s, i) => ({
            s,
            mass: grid.weights[i] * density[i],
        }));
        density = next.points.map((t) => {
            let f = 0;
            for (const { s, mass } of previous)
                f += mass * phi(t - s);
            return f;
        });
        grid = next;
    }
    return total;
}
/** Points and Simpson weights on [a, b] with an even number of intervals no wider than `step`. */
function simpsonGrid(a, b, step) {
    const intervals = 2 * Math.ceil((b - a) / (2 * step));
    const h = (b - a) / intervals;
    const points = [];
    const weights = [];
    for (let i = 0; i <= intervals; i++) {
        points.push(a + i * h);
        const w = i === 0 || i === intervals ? 1 : i % 2 === 1 ? 4 : 2;
        weights.push((w * h) / 3);
    }
    return { points, weights };
}

;// CONCATENATED MODULE: ./build/stats/rng.js
/**
 * The one seeded random number generator of perfgate (docs/ARCHITECTURE.md §4: seeded RNG everywhere
 * randomness is used, seed recorded in the output). Math.random cannot be seeded, so results
 * that depend on it could not be reproduced from a comparison.json.
 *
 * Generator: xoshiro128** (Blackman & Vigna, 2018) — 128-bit state, period 2^128 − 1, passes
 * BigCrush — with its state filled from the 32-bit seed by splitmix32, as its authors advise,
 * so that nearby seeds (1, 2, 3...) still give unrelated streams.
 */

// Local bindings: bootstraps call these millions of times, and a global lookup per call is
// costly where modules run inside a vm context (jest runs tests that way: ~20x slower).
const { imul, floor, sqrt, log, cos, PI } = Math;
/** Seed used when the caller gives none: results stay reproducible by default. */
const DEFAULT_SEED = 0x5eed;
/** Creates a generator from an integer seed in [0, 2^32). */
function createRng(seed = DEFAULT_SEED) {
    validate_assertInteger('seed', seed, 0);
    if (seed > 0xffffffff) {
        throw new RangeError(`seed must be < 2^32, got ${seed}`);
    }
    let sm = seed | 0;
    const splitmix32 = () => {
        sm = (sm + 0x9e3779b9) | 0;
        let z = sm ^ (sm >>> 16);
        z = imul(z, 0x21f0aaad);
        z ^= z >>> 15;
        z = imul(z, 0x735a2d97);
        return (z ^ (z >>> 15)) >>> 0;
    };
    let s0 = splitmix32();
    let s1 = splitmix32();
    let s2 = splitmix32();
    let s3 = splitmix32();
    const nextUint32 = () => {
        const result = imul(rotl(imul(s1, 5), 7), 9) >>> 0;
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = rotl(s3, 11);
        return result;
    };
    const next = () => {
        // 27 + 26 bits, the usual way to fill a double's mantissa from 32-bit outputs.
        const hi = nextUint32() >>> 5;
        const lo = nextUint32() >>> 6;
        return (hi * 67108864 + lo) / 9007199254740992;
    };
    return {
        seed,
        next,
        int(n) {
            if (!(n >= 1 && n <= 0x20000000000000 && floor(n) === n)) {
                throw new RangeError(`n must be an integer in [1, 2^53], got ${n}`);
            }
            return floor(next() * n);
        },
        normal() {
            const u1 = 1 - next(); // (0, 1]: keeps log finite
            const u2 = next();
            return sqrt(-2 * log(u1)) * cos(2 * PI * u2);
        },
    };
}
function rotl(x, k) {
    return (x << k) | (x >>> (32 - k));
}

;// CONCATENATED MODULE: ./build/flamegraph/palette.js
/**
 * Frame colours. The families follow flamegraph.pl's palettes (so graphs look familiar), but
 * the choice inside a family is always a hash of the frame name, never random: the same
 * function gets the same colour in every graph and every run, which keeps CI output
 * byte-for-byte reproducible and lets readers compare two graphs by eye.
 */
const PALETTES = (/* unused pure expression or super */ null && ([
    'hot',
    'mem',
    'io',
    'java',
    'js',
    'perl',
    'red',
    'green',
    'blue',
    'aqua',
    'yellow',
    'purple',
    'orange',
]));
function isPalette(name) {
    return PALETTES.includes(name);
}
/**
 * A number in [0, 1] from a name, weighting early characters most (flamegraph.pl's namehash),
 * so names sharing a prefix get similar colours. A "module`" prefix (DTrace) is ignored.
 */
function nameHash(input) {
    let name = input;
    const tick = name.indexOf('`', 1);
    if (tick !== -1)
        name = name.slice(tick + 1);
    let vector = 0;
    let weight = 1;
    let max = 1;
    let mod = 10;
    for (let i = 0; i < name.length; i++) {
        const v = name.charCodeAt(i) % mod;
        vector += (v / (mod++ - 1)) * weight;
        max += weight;
        weight *= 0.7;
        if (mod > 12)
            break;
    }
    return 1 - vector / max;
}
function reverse(s) {
    let out = '';
    for (let i = s.length - 1; i >= 0; i--)
        out += s[i];
    return out;
}
/** Which colour family a frame belongs to for the multi-family palettes. */
function family(palette, name) {
    switch (palette) {
        case 'java':
            // Annotations from collapse --jit/--all are exact; otherwise guess from the name.
            if (name.endsWith('_[j]'))
                return 'green';
            if (name.endsWith('_[i]'))
                return 'aqua';
            if (/^L?(java|javax|jdk|net|org|com|io|sun)\//.test(name))
                return 'green';
            if (name.includes(':::'))
                return 'green';
            if (name.includes('::'))
                return 'yellow';
            if (name.endsWith('_[k]'))
                return 'orange';
            return 'red';
        case 'js':
            if (name.endsWith('_[j]'))
                return name.includes('/') ? 'green' : 'aqua';
            if (name.includes('::'))
                return 'yellow';
            if (/\/.*\.js/.test(name))
                return 'green';
            if (name.includes(':'))
                return 'aqua';
            if (name === ' ')
                return 'green';
            if (name.includes('_[k]'))
                return 'orange';
            return 'red';
        case 'perl':
            if (name.includes('::'))
                return 'yellow';
            if (name.includes('Perl') || name.includes('.pl'))
                return 'green';
            if (name.endsWith('_[k]'))
                return 'orange';
            return 'red';
        case 'red':
        case 'green':
        case 'blue':
        case 'aqua':
        case 'yellow':
        case 'purple':
        case 'orange':
            return palette;
        default:
            return undefined;
    }
}
function rgb(r, g, b) {
    return `rgb(${r},${g},${b})`;
}
/** The fill of a frame: deterministic in (palette, name). */
function frameColor(palette, name) {
    const v1 = nameHash(name);
    const v2 = nameHash(reverse(name));
    const v3 = v2;
    switch (palette) {
        case 'hot':
            return rgb(205 + Math.trunc(50 * v3), Math.trunc(230 * v1), Math.trunc(55 * v2));
        case 'mem':
            return rgb(0, 190 + Math.trunc(50 * v2), Math.trunc(210 * v1));
        case 'io': {
            const r = 80 + Math.trunc(60 * v1);
            return rgb(r, r, 190 + Math.trunc(55 * v2));
        }
        default:
            break;
    }
    switch (family(palette, name)) {
        case 'red': {
            const x = 50 + Math.trunc(80 * v1);
            return rgb(200 + Math.trunc(55 * v1), x, x);
        }
        case 'green': {
            const x = 50 + Math.trunc(60 * v1);
            return rgb(x, 200 + Math.trunc(55 * v1), x);
        }
        case 'blue': {
            const x = 80 + Math.trunc(60 * v1);
            return rgb(x, x, 205 + Math.trunc(50 * v1));
        }
        case 'aqua':
            return rgb(50 + Math.trunc(60 * v1), 165 + Math.trunc(55 * v1), 165 + Math.trunc(55 * v1));
        case 'yellow': {
            const x = 175 + Math.trunc(55 * v1);
            return rgb(x, x, 50 + Math.trunc(20 * v1));
        }
        case 'purple': {
            const x = 190 + Math.trunc(65 * v1);
            return rgb(x, 80 + Math.trunc(60 * v1), x);
        }
        case 'orange':
            return rgb(190 + Math.trunc(65 * v1), 90 + Math.trunc(65 * v1), 0);
        default:
            return rgb(0, 0, 0);
    }
}
/**
 * Differential fill (flamegraph.pl's color_scale, on floats): white when unchanged, red when
 * the frame's own share grew, blue when it shrank; saturation ∝ |delta| / maxDelta.
 */
function diffColor(delta, maxDelta) {
    if (!(maxDelta > 0) || delta === 0 || !Number.isFinite(delta))
        return rgb(255, 255, 255);
    const v = Math.min(1, Math.abs(delta) / maxDelta);
    const c = Math.trunc(210 * (1 - v));
    return delta > 0 ? rgb(255, c, c) : rgb(c, c, 255);
}
/** The background gradient (top, bottom) that goes with a palette, as in flamegraph.pl. */
function background(palette) {
    switch (palette) {
        case 'mem':
            return ['#eeeeee', '#e0e0ff'];
        case 'io':
        case 'blue':
        case 'aqua':
        case 'diff':
            return ['#f8f8f8', '#e8e8e8'];
        default:
            return ['#eeeeee', '#eeeeb0'];
    }
}

;// CONCATENATED MODULE: ./build/flamegraph/layout.js
/**
 * Folded stacks → the frames to draw, with their positions in samples: flamegraph.pl's "flow"
 * algorithm. Stacks are visited in order, so every call path is one contiguous run; a frame is
 * opened where a stack first differs from the previous one and closed (with its final width)
 * where a later stack leaves it. Frames narrower than the --minwidth threshold are dropped at
 * once, so memory holds the drawn frames only, never a node per call path: 132,500 distinct
 * stacks of ~30 frames would otherwise be millions of objects.
 *
 * Stacks are sorted as if each ended in ";" (stackCompare), which makes every call path one
 * contiguous run, with a parent's own samples at its left edge and its children after in name
 * order (flamegraph.pl sorts raw lines, which can split a frame in two when a sibling's name
 * extends the parent's, e.g. "foo" and "foo.bar").
 *
 * Two profiles can ride along (differential graphs): the primary one sets the widths, the
 * secondary one is summed over the same frames (value2/self2) for colours and tooltips.
 */
function sum(stacks) {
    let t = 0;
    for (const v of stacks.values())
        if (v > 0)
            t += v;
    return t;
}
/** Sum of positive counts of a profile (what sets the scale before laying out). */
function layout_totalSamples(stacks) {
    return sum(stacks);
}
/**
 * Orders stacks as the strings `stack + ";"` would sort. Then every call path F1;...;Fk is one
 * contiguous run with its own samples first, since all its stacks start with "F1;...;Fk;".
 * Plain string order would not do: "foo.bar" sorts between "foo" and "foo;baz", splitting the
 * frame "foo" in two (flamegraph.pl, which sorts raw lines, has that flaw). The two orders differ
 * only when one stack is a prefix of the other; comparing without building `stack + ";"`
 * strings avoids copying the whole input, and sorted input (collapse output) costs one pass.
 */
function stackCompare(a, b) {
    if (a.length < b.length) {
        if (b.startsWith(a))
            return b.charCodeAt(a.length) < 59 ? 1 : -1;
    }
    else if (b.length < a.length) {
        if (a.startsWith(b))
            return a.charCodeAt(b.length) < 59 ? -1 : 1;
    }
    return a < b ? -1 : a > b ? 1 : 0;
}
function layout_layoutStacks(primary, secondary, options = {}) {
    const minSamples = options.minSamples ?? 0;
    const rows = [];
    for (const [stack, count] of primary) {
        if (!(count > 0))
            continue;
        const b = secondary?.get(stack) ?? 0;
        rows.push({ key: stack, a: count, b: b > 0 ? b : 0 });
    }
    if (secondary) {
        for (const [stack, count] of secondary) {
            if (count > 0 && !((primary.get(stack) ?? 0) > 0))
                rows.push({ key: stack, a: 0, b: count });
        }
    }
    rows.sort((x, y) => stackCompare(x.key, y.key));
    const frames = [];
    let depthMax = 0;
    // The open path, as a stack of `open` frames: frame i is at depth i + 1, named
    // keyOf[i][startOf[i]..ends[i]) (ends[i] is the ";" after it, or the end of the stack).
    // Plain arrays indexed by a counter: shrinking arrays through .length costs in V8.
    let open = 0;
    let prevKey = '';
    const ends = [];
    const startOf = [];
    const keyOf = [];
    const starts = [];
    const starts2 = [];
    const selfs = [];
    const selfs2 = [];
    let time = 0;
    let time2 = 0;
    let rootSelf = 0;
    let rootSelf2 = 0;
    const close = (downTo) => {
        for (let i = open - 1; i >= downTo; i--) {
            const value = time - starts[i];
            if (value > 0 && value >= minSamples) {
                frames.push({
                    // Sliced only now: most opened frames are too narrow to draw.
                    name: keyOf[i].slice(startOf[i], ends[i]),
                    depth: i + 1,
                    start: starts[i],
                    value,
                    self: selfs[i],
                    value2: time2 - starts2[i],
                    self2: selfs2[i],
                });
                if (i + 1 > depthMax)
                    depthMax = i + 1;
            }
        }
        open = downTo;
    };
    for (let r = 0; r < rows.length; r++) {
        const row = rows[r];
        const key = row.key;
        const a = row.a;
        const b = row.b;
        if (key.length === 0) {
            // "  5": samples with no frame at all belong to the root itself.
            close(0);
            rootSelf += a;
            rootSelf2 += b;
            time += a;
            time2 += b;
            continue;
        }
        // How many frames this stack shares with the previous one: the common prefix (a char loop
        // is the fastest way in V8), then the open frames that end inside it.
        const limit = Math.min(key.length, prevKey.length);
        let c = 0;
        while (c < limit && key.charCodeAt(c) === prevKey.charCodeAt(c))
            c++;
        let same = 0;
        while (same < open) {
            const e = ends[same];
            // Shared if the frame's ";" is inside the common prefix, or it ends exactly where the
            // prefix ends and this stack has a frame boundary there too.
            if (e < c || (e === c && (e === key.length || key.charCodeAt(e) === 59)))
                same++;
            else
                break;
        }
        let pos = same === 0 ? 0 : ends[same - 1] + 1;
        close(same);
        while (pos <= key.length) {
            let end = key.indexOf(';', pos);
            if (end === -1)
                end = key.length;
            ends[open] = end;
            startOf[open] = pos;
            keyOf[open] = key;
            starts[open] = time;
            starts2[open] = time2;
            selfs[open] = 0;
            selfs2[open] = 0;
            open++;
            pos = end + 1;
        }
        selfs[open - 1] += a;
        selfs2[open - 1] += b;
        time += a;
        time2 += b;
        prevKey = key;
    }
    close(0);
    frames.sort((x, y) => x.depth - y.depth || x.start - y.start || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    const root = {
        name: options.rootName ?? 'all',
        depth: 0,
        start: 0,
        value: time,
        self: rootSelf,
        value2: time2,
        self2: rootSelf2,
    };
    if (time > 0)
        frames.unshift(root);
    return { frames, total: time, total2: time2, depthMax };
}

;// CONCATENATED MODULE: ./build/flamegraph/script.js
/**
 * The script embedded in every flame graph SVG: click to zoom, reset zoom, search (button,
 * Ctrl-F/F3, `?s=regex` in the URL) with the share of samples matched, and the hovered frame's
 * details. Written for this project (flamegraph.pl's script is CDDL) against the markup that
 * svg.ts writes: `<g><title>name (…)</title><rect … data-s="start" data-n="samples"/>[<text/>]</g>`
 * inside `<g id="frames">`, with exact sample offsets in data-s/data-n so zooming and the
 * "Matched:" figure do not suffer from the 0.1 px rounding of the drawn coordinates.
 *
 * Plain ES5 in a String.raw template so regex backslashes survive; it must never contain
 * "]]>" (it sits in a CDATA section) nor "${".
 */
const SCRIPT = String.raw `
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var frames = [], details, matchedEl, unzoomEl, searchEl, zoomedTo = null, searchTerm = null;

  function byId(id) { return document.getElementById(id); }
  function depthOf(y) {
    return C.inverted ? Math.round((y - C.ypad1) / C.frameHeight)
      : Math.round((C.imageHeight - C.ypad2 + C.framePad - y) / C.frameHeight) - 1;
  }
  function label(name, w) {
    var chars = Math.floor(w / (C.fontSize * C.fontWidth));
    if (chars < 3) return '';
    var n = name.replace(/_\[[kwij]\]$/, '');
    var t = n.substring(0, chars);
    if (chars < n.length) t = t.substring(0, chars - 2) + '..';
    return t;
  }
  function place(f, x, w) {
    f.rect.setAttribute('x', x.toFixed(1));
    f.rect.setAttribute('width', w.toFixed(1));
    var t = label(f.name, w);
    if (t === '' && !f.text) return;
    if (!f.text) {
      f.text = document.createElementNS(NS, 'text');
      f.text.setAttribute('y', (3 + f.y + (C.frameHeight - C.framePad) / 2).toFixed(2));
      f.g.appendChild(f.text);
    }
    f.text.setAttribute('x', (x + 3).toFixed(2));
    f.text.textContent = t;
  }
  function restore(f) {
    f.rect.setAttribute('x', f.x0);
    f.rect.setAttribute('width', f.w0);
    if (f.text) {
      if (f.tx0 === null) { f.g.removeChild(f.text); f.text = null; }
      else { f.text.setAttribute('x', f.tx0); f.text.textContent = f.t0; }
    }
  }
  function frameOf(node) {
    while (node && node.nodeName !== 'g') node = node.parentNode;
    if (!node || node.fgIndex === undefined) return null;
    return frames[node.fgIndex];
  }

  function zoom(f) {
    if (f.d === 0) { unzoom(); return; }
    zoomedTo = f;
    unzoomEl.removeAttribute('class');
    var full = C.width - 2 * C.xpad, scale = full / f.n, lo = f.s, hi = f.s + f.n;
    var eps = C.total * 1e-9;
    for (var i = 0; i < frames.length; i++) {
      var x = frames[i];
      if (x.d < f.d && x.s <= lo + eps && x.s + x.n >= hi - eps) {
        x.g.setAttribute('class', 'parent');
        place(x, C.xpad, full);
      } else if (x.d >= f.d && x.s >= lo - eps && x.s + x.n <= hi + eps) {
        x.g.removeAttribute('class');
        place(x, C.xpad + (x.s - lo) * scale, x.n * scale);
      } else {
        x.g.setAttribute('class', 'hide');
      }
    }
  }
  function unzoom() {
    zoomedTo = null;
    unzoomEl.setAttribute('class', 'hide');
    for (var i = 0; i < frames.length; i++) {
      frames[i].g.removeAttribute('class');
      restore(frames[i]);
    }
  }

  function search(term) {
    var re;
    try { re = new RegExp(term); } catch (e) {
      matchedEl.textContent = 'Invalid regex: ' + term;
      return;
    }
    searchTerm = term;
    searchEl.textContent = 'Reset Search';
    var spans = [];
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (f.d > 0 && re.test(f.name)) {
        f.rect.setAttribute('fill', C.searchColor);
        spans.push([f.s, f.s + f.n]);
      } else {
        f.rect.setAttribute('fill', f.fill);
      }
    }
    // Nested matches (a frame and its caller) must not be counted twice: merge the intervals.
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var sum = 0, end = -Infinity;
    for (var j = 0; j < spans.length; j++) {
      var s = spans[j][0], e = spans[j][1];
      if (s >= end) { sum += e - s; end = e; }
      else if (e > end) { sum += e - end; end = e; }
    }
    var pct = C.total > 0 ? 100 * sum / C.total : 0;
    matchedEl.textContent = 'Matched: ' + (pct === 100 ? '100' : pct.toFixed(1)) + '%';
  }
  function resetSearch() {
    searchTerm = null;
    for (var i = 0; i < frames.length; i++) frames[i].rect.setAttribute('fill', frames[i].fill);
    matchedEl.textContent = ' ';
    searchEl.textContent = 'Search';
  }
  function searchPrompt() {
    var term = window.prompt('Search for (regular expression, e.g. ^ext4_):', searchTerm || '');
    if (term === null) return;
    if (term === '') resetSearch(); else search(term);
  }

  window.fgInit = function () {
    details = byId('details');
    matchedEl = byId('matched');
    unzoomEl = byId('unzoom');
    searchEl = byId('search');
    var gs = byId('frames').getElementsByTagName('g');
    for (var i = 0; i < gs.length; i++) {
      var g = gs[i], rect = g.getElementsByTagName('rect')[0];
      var title = g.getElementsByTagName('title')[0], text = g.getElementsByTagName('text')[0] || null;
      var info = title ? title.textContent : '';
      var y = +rect.getAttribute('y');
      g.fgIndex = i;
      frames.push({
        g: g, rect: rect, text: text, info: info,
        name: info.replace(/ \([^()]*\)$/, ''),
        s: +rect.getAttribute('data-s'), n: +rect.getAttribute('data-n'),
        d: depthOf(y), y: y, fill: rect.getAttribute('fill'),
        x0: rect.getAttribute('x'), w0: rect.getAttribute('width'),
        tx0: text ? text.getAttribute('x') : null, t0: text ? text.textContent : null
      });
    }
    var box = byId('frames');
    box.addEventListener('click', function (e) {
      var f = frameOf(e.target);
      if (f) zoom(f);
    });
    box.addEventListener('mouseover', function (e) {
      var f = frameOf(e.target);
      if (f) details.textContent = C.nameType + ' ' + f.info;
    });
    box.addEventListener('mouseout', function () { details.textContent = ' '; });
    unzoomEl.addEventListener('click', unzoom);
    searchEl.addEventListener('click', function () {
      if (searchTerm !== null) resetSearch(); else searchPrompt();
    });
    window.addEventListener('keydown', function (e) {
      if (e.keyCode === 114 || ((e.ctrlKey || e.metaKey) && e.keyCode === 70)) {
        e.preventDefault();
        searchPrompt();
      } else if (e.keyCode === 27) {
        if (searchTerm !== null) resetSearch(); else if (zoomedTo) unzoom();
      }
    });
    var m = /[?&]s=([^&]*)/.exec(window.location.search || '');
    if (m) search(decodeURIComponent(m[1]));
  };
  window.fgZoom = zoom;
  window.fgUnzoom = unzoom;
  window.fgSearch = search;
  window.fgResetSearch = resetSearch;
})();
`;
/** The script text, with its configuration, ready for a CDATA section. */
function embeddedScript(config) {
    return `\nvar C = ${JSON.stringify(config).replace(/]]>/g, "]]\\u003e")};${SCRIPT}`;
}

;// CONCATENATED MODULE: ./build/flamegraph/xml.js
/**
 * XML text escaping for names that come straight from profiles: C++ templates (`<`, `>`),
 * operators (`&`), quotes, and whatever bytes a broken symbol table produced. Characters XML 1.0
 * forbids even as references (most C0 controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD,
 * so the SVG stays well-formed whatever the input.
 */
const NEEDS_WORK = /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;
const SPECIAL = /[&<>"']/g;
const INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ENTITY = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;',
};
function escapeXml(text) {
    if (!NEEDS_WORK.test(text))
        return text;
    return text.replace(INVALID, '\ufffd').replace(SPECIAL, (c) => ENTITY[c] ?? c);
}

;// CONCATENATED MODULE: ./build/flamegraph/svg.js
/**
 * Folded stacks → a self-contained interactive flame graph SVG, in the manner of
 * flamegraph.pl: same geometry and palettes, click to zoom, reset, Ctrl-F/regex search with
 * "Matched: X%", `name (N samples, P%)` tooltips, --minwidth pruning, label truncation with
 * "..", --inverted icicle graphs.
 *
 * Hand-written because no npm package renders flamegraph.pl-style SVG from folded stacks
 * without a browser or a framework; the CI needs a file that a PR reader can open anywhere.
 *
 * Output is a pure function of input and options (colours hash the frame name, nothing is
 * random or time-stamped), so the same profile always gives byte-identical SVG. For speed the
 * tree is built once (tree.ts), pruned frames are never visited, and the document is written as
 * one array of string pieces joined at the end.
 */





const DEFAULTS = {
    title: 'Flame Graph',
    width: 1200,
    frameHeight: 16,
    fontSize: 12,
    fontWidth: 0.59,
    fontType: 'Verdana, sans-serif',
    minWidth: 0.1,
    colors: 'hot',
    countName: 'samples',
    nameType: 'Function:',
    searchColor: 'rgb(230,0,230)',
};
const XPAD = 10;
const FRAME_PAD = 1;
/** "1234567" → "1,234,567"; fractional counts (normalised profiles) keep two decimals. */
function formatSamples(n) {
    // Hand-rolled: toLocaleString goes through Intl and costs microseconds per frame.
    const neg = n < 0;
    const fixed = Number.isInteger(n) ? String(Math.abs(n)) : Math.abs(n).toFixed(2);
    const dot = fixed.indexOf('.');
    const int = dot === -1 ? fixed : fixed.slice(0, dot);
    if (int.length <= 3 || int.includes('e'))
        return neg ? `-${fixed}` : fixed;
    let grouped = '';
    for (let i = 0; i < int.length; i++) {
        if (i > 0 && (int.length - i) % 3 === 0)
            grouped += ',';
        grouped += int[i];
    }
    return (neg ? '-' : '') + grouped + (dot === -1 ? '' : fixed.slice(dot));
}
/** flamegraph.pl's label: as many characters as fit, ".." when cut, annotations dropped. */
function frameLabel(name, widthPx, fontSize, fontWidth) {
    const chars = Math.floor(widthPx / (fontSize * fontWidth));
    if (chars < 3)
        return '';
    const n = name.replace(/_\[[kwij]\]$/, '');
    let t = n.substring(0, chars);
    if (chars < n.length)
        t = t.substring(0, chars - 2) + '..';
    return t;
}
/** The drawable width: the image width less the side margins. */
function plotWidth(options) {
    const imageWidth = options.width ?? DEFAULTS.width;
    if (!(imageWidth > 2 * XPAD))
        throw new errors/* InputError */.dz(`width ${imageWidth}: must be more than ${2 * XPAD} pixels`);
    return imageWidth - 2 * XPAD;
}
/** --minwidth (pixels) as a number of samples, for a profile of `total` samples. */
function minSamplesFor(options, total) {
    const minWidth = options.minWidth ?? DEFAULTS.minWidth;
    return total > 0 ? (minWidth * total) / plotWidth(options) : 0;
}
/** Renders laid-out frames (layout.ts). The layout's total sets the scale. */
function renderLayout(layout, options = {}, style) {
    const title = options.title ?? DEFAULTS.title;
    const imageWidth = options.width ?? DEFAULTS.width;
    const frameHeight = options.frameHeight ?? DEFAULTS.frameHeight;
    const fontSize = options.fontSize ?? DEFAULTS.fontSize;
    const fontWidth = options.fontWidth ?? DEFAULTS.fontWidth;
    const fontType = options.fontType ?? DEFAULTS.fontType;
    const palette = options.colors ?? DEFAULTS.colors;
    const inverted = options.inverted === true;
    const countName = options.countName ?? DEFAULTS.countName;
    const nameType = options.nameType ?? DEFAULTS.nameType;
    const searchColor = options.searchColor ?? DEFAULTS.searchColor;
    const total = layout.total;
    const widthPerSample = total > 0 ? plotWidth(options) / total : 0;
    const ypad1 = fontSize * 3;
    const ypad2 = fontSize * 2 + 10;
    const ypad3 = options.subtitle ? fontSize * 2 : 0;
    const drawn = layout.frames;
    const depthMax = layout.depthMax;
    const imageHeight = (depthMax + 1) * frameHeight + ypad1 + ypad2 + ypad3;
    const [bg1, bg2] = style?.background ?? background(palette);
    const config = {
        width: imageWidth,
        xpad: XPAD,
        total,
        fontSize,
        fontWidth,
        frameHeight,
        framePad: FRAME_PAD,
        imageHeight,
        ypad1: ypad1 + ypad3,
        ypad2,
        inverted,
        nameType,
        searchColor,
    };
    const out = [];
    out.push('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n', `<svg version="1.1" width="${imageWidth}" height="${imageHeight}" onload="fgInit(evt)" viewBox="0 0 ${imageWidth} ${imageHeight}" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n`, '<!-- Flame graph by perfgate. Click a frame to zoom, Ctrl-F or "Search" to highlight frames matching a regular expression. -->\n', `<defs><linearGradient id="background" y1="0" y2="1" x1="0" x2="0"><stop stop-color="${bg1}" offset="5%"/><stop stop-color="${bg2}" offset="95%"/></linearGradient></defs>\n`, `<style type="text/css">\n`, `text { font-family: ${escapeXml(fontType)}; font-size: ${fontSize}px; fill: rgb(0,0,0); }\n`, `#title { text-anchor: middle; font-size: ${fontSize + 5}px; }\n`, `#subtitle { text-anchor: middle; fill: rgb(160,160,160); }\n`, '#search, #unzoom { cursor: pointer; opacity: 0.6; }\n', '#search:hover, #unzoom:hover { opacity: 1; }\n', '#frames > g { cursor: pointer; }\n', '#frames > g:hover > rect { stroke: rgb(0,0,0); stroke-width: 0.5; }\n', '.hide { display: none; }\n', '.parent { opacity: 0.5; }\n', '</style>\n', `<script type="text/ecmascript"><![CDATA[${embeddedScript(config).replace(/]]>/g, ']]]]><![CDATA[>')}]]></script>\n`, `<rect x="0" y="0" width="${imageWidth}" height="${imageHeight}" fill="url(#background)"/>\n`, `<text id="title" x="${(imageWidth / 2).toFixed(2)}" y="${fontSize * 2}">${escapeXml(title)}</text>\n`);
    if (options.subtitle) {
        out.push(`<text id="subtitle" x="${(imageWidth / 2).toFixed(2)}" y="${fontSize * 4}">${escapeXml(options.subtitle)}</text>\n`);
    }
    out.push(`<text id="details" x="${XPAD}" y="${imageHeight - ypad2 / 2}"> </text>\n`, `<text id="unzoom" class="hide" x="${XPAD}" y="${fontSize * 2}">Reset Zoom</text>\n`, `<text id="search" x="${imageWidth - XPAD - 100}" y="${fontSize * 2}">Search</text>\n`, `<text id="matched" x="${imageWidth - XPAD - 100}" y="${imageHeight - ypad2 / 2}"> </text>\n`, '<g id="frames">\n');
    const rectHeight = (frameHeight - FRAME_PAD).toFixed(1);
    const colorCache = new Map();
    for (let i = 0; i < drawn.length; i++) {
        const node = drawn[i];
        const s = node.start;
        const x1 = XPAD + s * widthPerSample;
        const x2 = XPAD + (s + node.value) * widthPerSample;
        const d = node.depth;
        const y1 = inverted
            ? ypad1 + ypad3 + d * frameHeight
            : imageHeight - ypad2 - (d + 1) * frameHeight + FRAME_PAD;
        const y2 = y1 + frameHeight - FRAME_PAD;
        const isRoot = d === 0;
        const pct = isRoot ? '100' : ((100 * node.value) / total).toFixed(2);
        const name = escapeXml(node.name);
        const suffix = style?.titleSuffix ? style.titleSuffix(node) : '';
        let fill;
        if (style) {
            fill = style.fill(node);
        }
        else {
            const cached = colorCache.get(node.name);
            fill = cached ?? frameColor(palette, node.name);
            if (cached === undefined)
                colorCache.set(node.name, fill);
        }
        out.push('<g><title>', name, ' (', formatSamples(node.value), ' ', countName, ', ', pct, '%', suffix, ')</title><rect x="', x1.toFixed(1), '" y="', y1.toFixed(1), '" width="', (x2 - x1).toFixed(1), '" height="', rectHeight, '" fill="', fill, '" rx="2" ry="2" data-s="', String(s), '" data-n="', String(node.value), '"/>');
        const label = frameLabel(node.name, x2 - x1, fontSize, fontWidth);
        if (label !== '') {
            out.push('<text x="', (x1 + 3).toFixed(2), '" y="', (3 + (y1 + y2) / 2).toFixed(2), '">', escapeXml(label), '</text>');
        }
        out.push('</g>\n');
    }
    if (total === 0) {
        out.push(`<text x="${(imageWidth / 2).toFixed(2)}" y="${ypad1 + frameHeight}" text-anchor="middle">No samples</text>\n`);
    }
    out.push('</g>\n</svg>\n');
    return out.join('');
}
/** Folded stacks (a profile, or a plain stack → count map) → SVG. */
function renderFlameGraph(input, options = {}) {
    const stacks = input instanceof Map ? input : input.stacks;
    const layout = layoutStacks(stacks, undefined, { minSamples: minSamplesFor(options, totalSamples(stacks)) });
    return renderLayout(layout, options);
}

;// CONCATENATED MODULE: ./build/flamegraph/diff.js
/**
 * Differential flame graphs (difffolded.pl + flamegraph.pl's differential mode, docs/ARCHITECTURE.md §5) and
 * the table of frames whose share of the profile changed most, for the PR comment.
 *
 * - Widths come from AFTER; each frame is coloured by its own (self) change: red grew, blue
 *   shrank, saturation ∝ |delta| / max |delta|, white unchanged.
 * - `negate`: widths from BEFORE, so paths that vanished are visible (flamegraph.pl --negate
 *   on swapped inputs). The hue mapping is inverted relative to a plain swapped diff, so red
 *   still means "grew in AFTER" in both graphs.
 * - `normalize`: compare shares of each profile (before scaled to after's total), with floats;
 *   without it, raw sample counts are compared, as difffolded.pl does without -n.
 *
 * Hand-written for the same reason as svg.ts: nothing on npm does this on folded input.
 */




function total(stacks) {
    let t = 0;
    for (const v of stacks.values())
        t += v;
    return t;
}
function signed(x, digits = 2) {
    const s = x.toFixed(digits);
    // "-0.00" and "+0.00" both read as "no change".
    if (Number(s) === 0)
        return (0).toFixed(digits);
    return x > 0 ? `+${s}` : s;
}
function diffLayout(before, after, options = {}) {
    const totalBefore = total(before);
    const totalAfter = total(after);
    if (!(totalBefore > 0))
        throw new errors/* InputError */.dz('the BEFORE profile has no samples');
    if (!(totalAfter > 0))
        throw new errors/* InputError */.dz('the AFTER profile has no samples');
    const negate = options.negate === true;
    const primaryTotal = negate ? totalBefore : totalAfter;
    // Counts → shares: of each profile's own total when normalising, else of the drawn one's.
    const kAfter = options.normalize ? 1 / totalAfter : 1 / primaryTotal;
    const kBefore = options.normalize ? 1 / totalBefore : 1 / primaryTotal;
    // The self change of a call path is the change of exactly one stack line.
    let maxDelta = 0;
    for (const [stack, a] of after) {
        const d = Math.abs(a * kAfter - (before.get(stack) ?? 0) * kBefore);
        if (d > maxDelta)
            maxDelta = d;
    }
    for (const [stack, b] of before) {
        if (after.has(stack))
            continue;
        const d = Math.abs(b * kBefore);
        if (d > maxDelta)
            maxDelta = d;
    }
    const minSamples = minSamplesFor(options, primaryTotal);
    // Widths from AFTER (BEFORE when negated); the other profile rides in value2/self2.
    const layout = negate
        ? layout_layoutStacks(before, after, { minSamples })
        : layout_layoutStacks(after, before, { minSamples });
    const selfDelta = negate
        ? (f) => f.self2 * kAfter - f.self * kBefore
        : (f) => f.self * kAfter - f.self2 * kBefore;
    return { layout, selfDelta, maxDelta, totalBefore, totalAfter };
}
/** The differential SVG: AFTER's shape (BEFORE's with `negate`), coloured by self change. */
function renderDiff(before, after, options = {}) {
    const negate = options.negate === true;
    const diff = diffLayout(before, after, options);
    const otherTotal = negate ? diff.totalAfter : diff.totalBefore;
    const otherName = negate ? 'after' : 'before';
    return renderLayout(diff.layout, {
        ...options,
        title: options.title ?? (negate ? 'Differential Flame Graph (widths: before)' : 'Differential Flame Graph'),
        subtitle: options.subtitle ??
            (negate
                ? 'widths from BEFORE; red = grew in AFTER, blue = shrank or vanished'
                : 'widths from AFTER; red = grew, blue = shrank'),
    }, {
        fill: (f) => diffColor(diff.selfDelta(f), diff.maxDelta),
        titleSuffix: (f) => `; ${otherName} ${((100 * f.value2) / otherTotal).toFixed(2)}%; self ${signed(100 * diff.selfDelta(f))} pp`,
        background: background('diff'),
    });
}
function frameSums(stacks) {
    const self = new Map();
    const tot = new Map();
    let sum = 0;
    const seen = new Set();
    for (const [stack, count] of stacks) {
        if (!(count > 0))
            continue;
        sum += count;
        if (stack.length === 0)
            continue;
        const frames = stack.split(';');
        const leaf = frames[frames.length - 1];
        self.set(leaf, (self.get(leaf) ?? 0) + count);
        seen.clear();
        for (const f of frames) {
            if (seen.has(f))
                continue;
            seen.add(f);
            tot.set(f, (tot.get(f) ?? 0) + count);
        }
    }
    return { self, total: tot, sum };
}
/**
 * Frames by how much their share of the profile changed, self or total, largest first:
 * what got hotter or colder, readable without opening an SVG.
 */
function topFrames(before, after, n = 10) {
    const b = frameSums(before);
    const a = frameSums(after);
    if (!(b.sum > 0))
        throw new errors/* InputError */.dz('the BEFORE profile has no samples');
    if (!(a.sum > 0))
        throw new errors/* InputError */.dz('the AFTER profile has no samples');
    const names = new Set([...b.total.keys(), ...a.total.keys()]);
    const rows = [];
    for (const frame of names) {
        const sb = b.self.get(frame) ?? 0;
        const sa = a.self.get(frame) ?? 0;
        const tb = b.total.get(frame) ?? 0;
        const ta = a.total.get(frame) ?? 0;
        const selfBefore = (100 * sb) / b.sum;
        const selfAfter = (100 * sa) / a.sum;
        const totalBefore = (100 * tb) / b.sum;
        const totalAfter = (100 * ta) / a.sum;
        rows.push({
            frame,
            selfBefore,
            selfAfter,
            selfDelta: selfAfter - selfBefore,
            totalBefore,
            totalAfter,
            totalDelta: totalAfter - totalBefore,
            samples: { selfBefore: sb, selfAfter: sa, totalBefore: tb, totalAfter: ta },
        });
    }
    const key = (r) => Math.max(Math.abs(r.selfDelta), Math.abs(r.totalDelta));
    rows.sort((x, y) => key(y) - key(x) ||
        Math.abs(y.selfDelta) - Math.abs(x.selfDelta) ||
        (x.frame < y.frame ? -1 : x.frame > y.frame ? 1 : 0));
    return rows.slice(0, Math.max(0, n));
}
function codeSpan(text) {
    const t = text.replace(/\|/g, '\\|');
    return t.includes('`') ? `\`\` ${t} \`\`` : `\`${t}\``;
}
function diff_pct(x) {
    return `${x.toFixed(2)}%`;
}
/** The top-frames table as GitHub markdown (also readable as plain text). */
function formatTopFrames(rows) {
    const header = ['Frame', 'Self before', 'Self after', 'Δ self', 'Total before', 'Total after', 'Δ total'];
    const body = rows.map((r) => [
        codeSpan(r.frame),
        diff_pct(r.selfBefore),
        diff_pct(r.selfAfter),
        `${signed(r.selfDelta)} pp`,
        diff_pct(r.totalBefore),
        diff_pct(r.totalAfter),
        `${signed(r.totalDelta)} pp`,
    ]);
    const all = [header, ...body];
    const widths = header.map((_, c) => Math.max(...all.map((row) => row[c].length)));
    const line = (row) => `| ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
    const rule = `|${widths.map((w, c) => (c === 0 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`;
    return [line(header), rule, ...body.map(line)].join('\n') + '\n';
}

;// CONCATENATED MODULE: ./build/flamegraph/folded.js
/**
 * The folded stack format (`frame;frame;leaf COUNT`, docs/ARCHITECTURE.md §5) as flamegraph.pl reads it,
 * including its differential form with two counts (`a;b;c 10 20`: before, after).
 *
 * Hand-written: the format is one regex in flamegraph.pl and no npm package parses it with the
 * line-numbered errors a CI log needs.
 */

/**
 * flamegraph.pl: `(\d+(?:\.\d*)?)$`: a whole or decimal sample count ending at `end`.
 * Parsed by hand: this runs once per line of files with 100,000+ lines.
 */
function countAt(text, end) {
    let i = end;
    let value = 0;
    let scale = 1;
    while (i > 0) {
        const c = text.charCodeAt(i - 1);
        if (c < 48 || c > 57)
            break;
        value += (c - 48) * scale;
        scale *= 10;
        i--;
    }
    if (i > 0 && text.charCodeAt(i - 1) === 46) {
        // "12.5" or "12.": a decimal count; let Number() do the rounding right.
        let j = i - 1;
        while (j > 0 && folded_isDigit(text.charCodeAt(j - 1)))
            j--;
        if (j === i - 1)
            return undefined;
        return { start: j, value: Number(text.slice(j, end)) };
    }
    if (i === end)
        return undefined;
    if (scale > 1e15)
        value = Number(text.slice(i, end));
    return { start: i, value };
}
function folded_isDigit(c) {
    return c >= 48 && c <= 57;
}
function isBlank(c) {
    return c === 32 || c === 9 || c === 13;
}
/**
 * Parses folded text. Lines without a count, e.g. "main;foo" or "main;foo x1", are skipped with
 * a warning naming the line; a second count column makes the profile differential.
 */
function parseFolded(text, options = {}) {
    const source = options.source ?? 'input';
    const maxWarnings = options.maxWarnings ?? 100;
    const stacks = new Map();
    let stacks2;
    let total = 0;
    let total2 = 0;
    let ignored = 0;
    let singleColumnLines = 0;
    const warnings = [];
    if (text.indexOf('\0') !== -1) {
        throw new errors/* InputError */.dz(`${source}: binary data, not a folded stack file (frame;frame;leaf COUNT per line)`);
    }
    let lineNo = 0;
    let pos = 0;
    while (pos <= text.length) {
        let nl = text.indexOf('\n', pos);
        if (nl === -1)
            nl = text.length;
        lineNo++;
        let end = nl;
        while (end > pos && isBlank(text.charCodeAt(end - 1)))
            end--;
        const start = pos;
        pos = nl + 1;
        if (end === start)
            continue;
        // "java;start_thread;JavaMain;Interpreter 3"
        const last = countAt(text, end);
        let sep = last ? last.start : -1;
        const blankBefore = sep > start && isBlank(text.charCodeAt(sep - 1));
        if (!last || !blankBefore) {
            ignored++;
            const shown = text.slice(start, Math.min(end, start + 120));
            const message = `line without a sample count (expected "frame;frame;leaf COUNT"): ${JSON.stringify(shown)}`;
            if (options.strict)
                throw new errors/* InputError */.dz(`${source}:${lineNo}: ${message}`);
            if (warnings.length < maxWarnings)
                warnings.push({ line: lineNo, message });
            continue;
        }
        let stackEnd = sep;
        while (stackEnd > start && isBlank(text.charCodeAt(stackEnd - 1)))
            stackEnd--;
        // "main;foo 10 20": the differential form, before then after.
        let before;
        const prev = countAt(text, stackEnd);
        if (prev && prev.start > start && isBlank(text.charCodeAt(prev.start - 1))) {
            before = prev.value;
            sep = prev.start;
            stackEnd = sep;
            while (stackEnd > start && isBlank(text.charCodeAt(stackEnd - 1)))
                stackEnd--;
        }
        const stack = text.slice(start, stackEnd);
        if (before !== undefined) {
            stacks2 ??= new Map();
            stacks.set(stack, (stacks.get(stack) ?? 0) + before);
            stacks2.set(stack, (stacks2.get(stack) ?? 0) + last.value);
            total += before;
            total2 += last.value;
        }
        else {
            singleColumnLines++;
            stacks.set(stack, (stacks.get(stack) ?? 0) + last.value);
            stacks2?.set(stack, stacks2.get(stack) ?? 0);
            total += last.value;
        }
    }
    if (stacks2 && singleColumnLines > 0) {
        // Mixed one- and two-count lines: a single count is read as "before" with no "after".
        for (const key of stacks.keys())
            if (!stacks2.has(key))
                stacks2.set(key, 0);
        warnings.push({
            line: 0,
            message: `${singleColumnLines} lines have one count and others two: one count was read as the "before" count`,
        });
    }
    if (ignored > warnings.length) {
        warnings.push({ line: 0, message: `${ignored} malformed lines in all` });
    }
    const profile = { stacks, total, warnings, ignored };
    if (stacks2) {
        profile.stacks2 = stacks2;
        profile.total2 = total2;
    }
    return profile;
}
/** Like parseFolded, but an input with no stack at all is an error (exit 2), not an empty graph. */
function parseFoldedRequired(text, options = {}) {
    const source = options.source ?? 'input';
    const profile = parseFolded(text, options);
    if (profile.stacks.size === 0) {
        const first = profile.warnings[0];
        throw new InputError(text.trim() === ''
            ? `${source}: empty: no folded stacks (frame;frame;leaf COUNT per line)`
            : `${source}: no folded stacks found${first ? ` (line ${first.line}: ${first.message})` : ''}`);
    }
    return profile;
}

;// CONCATENATED MODULE: ./build/flamegraph/explain.js
/**
 * The "why" next to each verdict: for every benchmark profiled on both sides, a differential
 * flame graph (AFTER's shape), its negation (BEFORE's shape, so vanished paths show) and the
 * frames whose share of the profile changed most, for the report.
 */





/**
 * Writes `flamegraphs/<name>.diff.svg` and `.negated.svg` under outDir for each benchmark with
 * a profile on both sides; a profile that cannot be read becomes a warning, never a failure.
 */
async function explainChanges(base, head, outDir, topN = 10) {
    const explanations = {};
    const warnings = [];
    const baseByName = new Map(base.benchmarks.map((b) => [b.name, b]));
    for (const h of head.benchmarks) {
        const b = baseByName.get(h.name);
        if (!b?.profile || !h.profile)
            continue;
        try {
            const [before, after] = await Promise.all([
                (0,promises_.readFile)(external_node_path_.join(base.dir, b.profile.folded), 'utf8').then((t) => parseFolded(t, { source: b.profile?.folded ?? '' })),
                (0,promises_.readFile)(external_node_path_.join(head.dir, h.profile.folded), 'utf8').then((t) => parseFolded(t, { source: h.profile?.folded ?? '' })),
            ]);
            if (before.total === 0 || after.total === 0) {
                warnings.push(`${h.name}: a profile has no samples; no differential flame graph`);
                continue;
            }
            const stem = profileFileName(h.name).replace(/\.folded$/, '');
            const rel = (suffix) => external_node_path_.join('flamegraphs', `${stem}.${suffix}.svg`);
            await (0,promises_.mkdir)(external_node_path_.join(outDir, 'flamegraphs'), { recursive: true });
            const title = `${h.name}: base → head`;
            await (0,promises_.writeFile)(external_node_path_.join(outDir, rel('diff')), renderDiff(before.stacks, after.stacks, { title, normalize: true }));
            await (0,promises_.writeFile)(external_node_path_.join(outDir, rel('negated')), renderDiff(before.stacks, after.stacks, { title: `${title} (base shape)`, normalize: true, negate: true }));
            explanations[h.name] = { diff: rel('diff'), negated: rel('negated'), top: topFrames(before.stacks, after.stacks, topN) };
        }
        catch (err) {
            warnings.push(`${h.name}: no differential flame graph: ${err instanceof Error ? err.message : String(err)}`);
        }
    }
    return { explanations, warnings };
}

;// CONCATENATED MODULE: ./build/stats/ranktest.js
/**
 * Pieces shared by the signed-rank and rank-sum tests: midranks with tie bookkeeping, R's
 * continuity-corrected normal p-values, exact p-values from a null cdf, and the inversion of a
 * rank statistic into a confidence limit.
 */

function ranktest_rankWithTies(values) {
    const n = values.length;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
    const ranks = new Float64Array(n);
    let tieTerm = 0;
    let i = 0;
    while (i < n) {
        let j = i;
        const v = values[order[i]];
        while (j + 1 < n && values[order[j + 1]] === v)
            j++;
        const t = j - i + 1;
        const mid = (i + j) / 2 + 1;
        for (let k = i; k <= j; k++)
            ranks[order[k]] = mid;
        tieTerm += t * t * t - t;
        i = j + 1;
    }
    return { ranks, tieTerm };
}
/** True when some value occurs more than once. */
function ranktest_hasTies(values) {
    return new Set(Array.from(values)).size !== values.length;
}
/**
 * Standardised statistic with R's continuity correction: `centered` is statistic − mean under
 * H0; the half-unit correction moves it toward 0 (two-sided) or against H1 (one-sided).
 */
function ranktest_correctedZ(centered, sigma, alternative, correct) {
    let correction = 0;
    if (correct) {
        correction =
            alternative === 'two-sided' ? Math.sign(centered) * 0.5 : alternative === 'greater' ? 0.5 : -0.5;
    }
    return (centered - correction) / sigma;
}
/** p-value of a standard normal statistic, as R's wilcox.test computes it. */
function ranktest_normalPValue(z, alternative) {
    switch (alternative) {
        case 'less':
            return normalCdf(z);
        case 'greater':
            return normalCdf(z, false);
        case 'two-sided':
            return 2 * Math.min(normalCdf(z), normalCdf(z, false));
    }
}
/**
 * Exact p-value of an integer statistic whose null distribution is symmetric about `center`,
 * with `cdf(v, lowerTail)` giving P(S <= v) or P(S > v). Two-sided doubles the smaller tail.
 */
function ranktest_exactPValue(statistic, center, cdf, alternative) {
    switch (alternative) {
        case 'greater':
            return cdf(statistic - 1, false);
        case 'less':
            return cdf(statistic, true);
        case 'two-sided': {
            const p = statistic > center ? cdf(statistic - 1, false) : cdf(statistic, true);
            return Math.min(2 * p, 1);
        }
    }
}
/**
 * Where a non-increasing step function `w` crosses `target`, given the sorted distinct points
 * `knots` at which it can jump (Walsh averages, pairwise differences). R finds this point with
 * uniroot(tol = 1e-4) on the same function; searching the knots instead returns the jump
 * itself, to which uniroot converges, without its tolerance. Between knots w is constant, so
 * it is probed at midpoints; as in R, an unbracketed target returns the nearer end.
 */
function ranktest_stepCrossing(knots, w, target) {
    const first = knots[0];
    const last = knots[knots.length - 1];
    if (w(first) - target <= 0)
        return first;
    if (w(last) - target >= 0)
        return last;
    // Smallest j whose right-hand interval (knots[j], knots[j+1]) lies at or below the target.
    let lo = 0;
    let hi = knots.length - 1;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const probe = (knots[mid] + knots[mid + 1]) / 2;
        if (w(probe) <= target)
            hi = mid;
        else
            lo = mid + 1;
    }
    return knots[lo];
}
/** The interval an alternative calls for: one-sided alternatives leave one end open. */
function ranktest_sidedInterval(alternative, lower, upper) {
    if (alternative === 'greater')
        return [lower, Infinity];
    if (alternative === 'less')
        return [-Infinity, upper];
    return [lower, upper];
}
/** Sorted distinct values of a sorted array. */
function ranktest_distinctSorted(sorted) {
    const out = [];
    for (const v of sorted)
        if (out.length === 0 || out[out.length - 1] !== v)
            out.push(v);
    return Float64Array.from(out);
}
/** Median of a sorted array (mean of the two middle values when the length is even). */
function ranktest_sortedMedian(sorted) {
    const n = sorted.length;
    const mid = n >> 1;
    return n % 2 === 1
        ? sorted[mid]
        : (sorted[mid - 1] + sorted[mid]) / 2;
}
/** R's signif(x, 2), used where R rounds an achieved confidence level. */
function signif2(x) {
    return Number(x.toPrecision(2));
}

;// CONCATENATED MODULE: ./build/stats/mannwhitney.js
/**
 * Mann–Whitney U / Wilcoxon rank-sum test, the two-sample Hodges–Lehmann shift and its Moses
 * confidence interval — the unpaired analysis of docs/ARCHITECTURE.md §4 (head against a stored baseline, on
 * log values). Hand-written because simple-statistics has no rank tests or HL intervals.
 *
 * Semantics follow R's wilcox.test(x, y, mu =, alternative =, exact =, correct =,
 * conf.int = TRUE) (R 4.x, stats/R/wilcox.test.R):
 * - W is the Mann–Whitney U of x: rank sum of x − mu in the pooled sample minus nx(nx+1)/2;
 * - exact (default when nx < 50 and ny < 50) only without ties in the pooled sample; otherwise
 *   the normal approximation with tie-corrected variance and continuity correction;
 * - exact interval (Moses): order statistics of the pairwise differences x_i − y_j at R's
 *   qwilcox positions;
 * - asymptotic interval: R's uniroot on the standardised statistic of (x − d, y); it is a step
 *   function jumping only at pairwise differences, so the jump is located exactly (R's limits
 *   agree within its tolerance, ~1e-4). Unbracketed limits return the range ends, as in R.
 * The estimate is always the median of the pairwise differences (docs/ARCHITECTURE.md §4); in the asymptotic
 * case R reports a uniroot point that may lie anywhere between the two middle differences.
 * Where R returns NaN we return numbers: when every pooled value is the same, p = 1; when both
 * samples are constant, the degenerate interval at their difference.
 */



/** All nx·ny differences x_i − y_j, sorted ascending. */
function pairwiseDifferences(x, y) {
    assertSample('x', x);
    assertSample('y', y);
    return differences(x, y);
}
function differences(x, y) {
    const out = new Float64Array(x.length * y.length);
    let k = 0;
    for (const xi of x)
        for (const yj of y)
            out[k++] = xi - yj;
    return out.sort();
}
/** Two-sample Hodges–Lehmann shift: the median of all differences x_i − y_j. */
function hodgesLehmannShift(x, y) {
    return sortedMedian(pairwiseDifferences(x, y));
}
/** The rank-sum test of H0: x − mu and y have the same distribution (R's W and p-value). */
function mannwhitney_rankSumTest(x, y, options = {}) {
    assertSample('x', x);
    assertSample('y', y);
    const mu = options.mu ?? 0;
    const alternative = options.alternative ?? 'two-sided';
    const correct = options.correct ?? true;
    if (!Number.isFinite(mu))
        throw new RangeError(`mu must be finite, got ${mu}`);
    const nx = x.length;
    const ny = y.length;
    const { ranks, tieTerm } = rankWithTies([...x.map((v) => v - mu), ...y]);
    let rankSum = 0;
    for (let i = 0; i < nx; i++)
        rankSum += ranks[i];
    const statistic = rankSum - (nx * (nx + 1)) / 2;
    const ties = tieTerm > 0;
    const exact = (options.exact ?? (nx < 50 && ny < 50)) && !ties;
    let pValue;
    if (exact) {
        pValue = exactPValue(statistic, (nx * ny) / 2, (u, lowerTail) => mannWhitneyCdf(u, nx, ny, lowerTail), alternative);
    }
    else if (tieTerm === (nx + ny) ** 3 - (nx + ny)) {
        // Every pooled value is the same (R returns NaN): U sits at its null mean.
        pValue = 1;
    }
    else {
        const z = correctedZ(statistic - (nx * ny) / 2, rankSumSigma(nx, ny, tieTerm), alternative, correct);
        pValue = normalPValue(z, alternative);
    }
    return { statistic, pValue, nx, ny, ties, exact, mu, alternative };
}
/**
 * Two-sample Hodges–Lehmann shift of x relative to y with its Moses confidence interval.
 * Exact by default when nx < 50, ny < 50 and the pooled sample has no ties.
 */
function mannwhitney_shiftInterval(x, y, options = {}) {
    assertSample('x', x);
    assertSample('y', y);
    const exact = (options.exact ?? (x.length < 50 && y.length < 50)) && !hasTies([...x, ...y]);
    return intervalOf(x, y, options, exact);
}
/** R's wilcox.test(x, y, mu, alternative, exact, correct, conf.int = TRUE, conf.level). */
function mannWhitney(x, y, options = {}) {
    const test = mannwhitney_rankSumTest(x, y, options);
    return { ...test, ...intervalOf(x, y, options, test.exact) };
}
function rankSumSigma(nx, ny, tieTerm) {
    const n = nx + ny;
    return Math.sqrt(((nx * ny) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
}
function intervalOf(x, y, options, exact) {
    const alternative = options.alternative ?? 'two-sided';
    const confLevel = options.confLevel ?? 0.95;
    const correct = options.correct ?? true;
    assertConfLevel(confLevel);
    const diffs = differences(x, y);
    const estimate = sortedMedian(diffs);
    const alpha = 1 - confLevel;
    const nx = x.length;
    const ny = y.length;
    if (exact) {
        const qu = Math.max(1, mannWhitneyQuantile(alternative === 'two-sided' ? alpha / 2 : alpha, nx, ny));
        const ql = nx * ny - qu;
        const tail = mannWhitneyCdf(qu - 1, nx, ny);
        const achieved = alternative === 'two-sided' ? 2 * tail : tail;
        const ci = sidedInterval(alternative, diffs[qu - 1], diffs[ql]);
        return { estimate, ci, confLevel: achieved - alpha > alpha / 2 ? 1 - achieved : confLevel, exact: true };
    }
    const min = diffs[0];
    const max = diffs[diffs.length - 1];
    if (min === max)
        return { estimate, ci: sidedInterval(alternative, min, min), confLevel, exact: false };
    const knots = distinctSorted(diffs);
    const w = (d) => standardizedAt(x, y, d, alternative, correct);
    let ci;
    switch (alternative) {
        case 'two-sided':
            ci = [
                stepCrossing(knots, w, normalQuantile(1 - alpha / 2)),
                stepCrossing(knots, w, normalQuantile(alpha / 2)),
            ];
            break;
        case 'greater':
            ci = [stepCrossing(knots, w, normalQuantile(1 - alpha)), Infinity];
            break;
        case 'less':
            ci = [-Infinity, stepCrossing(knots, w, normalQuantile(alpha))];
            break;
    }
    return { estimate, ci, confLevel, exact: false };
}
/** R's W(d) for two samples: corrected, tie-adjusted standardised U of (x − d, y). */
function standardizedAt(x, y, d, alternative, correct) {
    const nx = x.length;
    const ny = y.length;
    const { ranks, tieTerm } = rankWithTies([...x.map((v) => v - d), ...y]);
    let rankSum = 0;
    for (let i = 0; i < nx; i++)
        rankSum += ranks[i];
    const centered = rankSum - (nx * (nx + 1)) / 2 - (nx * ny) / 2;
    return correctedZ(centered, rankSumSigma(nx, ny, tieTerm), alternative, correct);
}

;// CONCATENATED MODULE: ./build/stats/wilcoxon.js
/**
 * Wilcoxon signed-rank test, Hodges–Lehmann pseudo-median and its confidence interval — the
 * paired analysis of docs/ARCHITECTURE.md §4 (applied to r_i = ln(head_i / base_i)). Hand-written because
 * simple-statistics has no rank tests and no Hodges–Lehmann intervals.
 *
 * Semantics follow R's wilcox.test(x, mu =, alternative =, exact =, correct =, conf.int = TRUE)
 * (R 4.x source, stats/R/wilcox.test.R):
 * - values equal to mu are dropped ("zeros"), then |x − mu| is ranked with midranks;
 * - exact (default when n < 50) is used only without ties and zeros; otherwise the normal
 *   approximation with tie-corrected variance and, by default, continuity correction;
 * - exact interval: order statistics of the Walsh averages at R's qsignrank positions;
 * - asymptotic interval: R solves W(d) = z_q with uniroot(tol = 1e-4), where W(d) is the
 *   corrected standardised statistic of x − d. W is a step function that jumps only at Walsh
 *   averages, so we find the exact jump (see stepCrossing): R's limits agree within ~1e-4.
 * Deliberate differences:
 * - the estimate is always the median of the Walsh averages (docs/ARCHITECTURE.md §4). R uses that in the
 *   exact case; in the asymptotic case R's uniroot answer may sit anywhere between the two
 *   middle Walsh averages when their count is even;
 * - when every value is identical R returns a NaN interval; we return the degenerate interval
 *   at that value (and p = 1, estimate mu when every value equals mu).
 * signedRankInterval builds the same interval from every value. R drops the values equal to
 * the tested mu first, which makes the interval depend on mu: 25 identical pairs and 5 pairs
 * 3% slower would show as a clean +3% — so the paired verdict uses signedRankInterval.
 */



/** All n(n+1)/2 Walsh averages (x_i + x_j)/2, i <= j, sorted ascending. */
function walshAverages(x) {
    assertSample('x', x);
    return walsh(x);
}
function walsh(x) {
    const n = x.length;
    const out = new Float64Array((n * (n + 1)) / 2);
    let k = 0;
    for (let i = 0; i < n; i++) {
        const xi = x[i];
        for (let j = i; j < n; j++)
            out[k++] = (xi + x[j]) / 2;
    }
    return out.sort();
}
/** One-sample Hodges–Lehmann estimate: the median of the Walsh averages (the pseudo-median). */
function hodgesLehmann(x) {
    return sortedMedian(walshAverages(x));
}
/** The signed-rank test of H0: pseudo-median = mu (R's wilcox.test p-value and V). */
function signedRankTest(x, options = {}) {
    validate_assertSample('x', x);
    const mu = options.mu ?? 0;
    const alternative = options.alternative ?? 'two-sided';
    const correct = options.correct ?? true;
    if (!Number.isFinite(mu))
        throw new RangeError(`mu must be finite, got ${mu}`);
    const shifted = x.map((v) => v - mu).filter((v) => v !== 0);
    const n = shifted.length;
    const zeros = x.length - n;
    if (n === 0) {
        // Every value sits exactly at mu: no evidence against H0 in any direction.
        return { statistic: 0, pValue: 1, n, zeros, ties: false, exact: false, mu, alternative };
    }
    const { ranks, tieTerm } = ranktest_rankWithTies(shifted.map(Math.abs));
    let statistic = 0;
    shifted.forEach((v, i) => {
        if (v > 0)
            statistic += ranks[i];
    });
    const ties = tieTerm > 0;
    const exact = (options.exact ?? n < 50) && !ties && zeros === 0;
    let pValue;
    if (exact) {
        pValue = ranktest_exactPValue(statistic, (n * (n + 1)) / 4, (v, lowerTail) => signedRankCdf(v, n, lowerTail), alternative);
    }
    else {
        const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
        const z = ranktest_correctedZ(statistic - (n * (n + 1)) / 4, sigma, alternative, correct);
        pValue = ranktest_normalPValue(z, alternative);
    }
    return { statistic, pValue, n, zeros, ties, exact, mu, alternative };
}
/**
 * Hodges–Lehmann estimate and the signed-rank confidence interval for the pseudo-median of x,
 * using every value (the interval does not depend on a tested mu, so none is dropped).
 */
function signedRankInterval(x, options = {}) {
    validate_assertSample('x', x);
    const exact = (options.exact ?? x.length < 50) && !ranktest_hasTies(x);
    return wilcoxon_intervalOf(x, options, exact);
}
/** R's wilcox.test(x, mu, alternative, exact, correct, conf.int = TRUE, conf.level). */
function wilcoxonSignedRank(x, options = {}) {
    const test = signedRankTest(x, options);
    const mu = test.mu;
    const kept = x.filter((v) => v - mu !== 0);
    const interval = kept.length === 0
        ? degenerate(mu, test.alternative, options.confLevel ?? 0.95)
        : wilcoxon_intervalOf(kept, options, test.exact);
    return { ...test, ...interval };
}
/** Paired test on the differences x_i − y_i (R's wilcox.test(x, y, paired = TRUE)). */
function wilcoxonPaired(x, y, options = {}) {
    assertSample('x', x);
    assertSample('y', y);
    if (x.length !== y.length) {
        throw new RangeError(`paired samples must have the same length, got ${x.length} and ${y.length}`);
    }
    return wilcoxonSignedRank(x.map((v, i) => v - y[i]), options);
}
function degenerate(at, alternative, confLevel) {
    return { estimate: at, ci: ranktest_sidedInterval(alternative, at, at), confLevel, exact: false };
}
function wilcoxon_intervalOf(x, options, exact) {
    const alternative = options.alternative ?? 'two-sided';
    const confLevel = options.confLevel ?? 0.95;
    const correct = options.correct ?? true;
    validate_assertConfLevel(confLevel);
    const averages = walsh(x);
    const estimate = ranktest_sortedMedian(averages);
    return exact
        ? exactInterval(averages, x.length, alternative, confLevel, estimate)
        : asymptoticInterval(x, averages, alternative, confLevel, correct, estimate);
}
function exactInterval(averages, n, alternative, confLevel, estimate) {
    const alpha = 1 - confLevel;
    const total = averages.length;
    // Position of the limit among the sorted Walsh averages (1-based in R; 0 is moved to 1).
    const qu = Math.max(1, signedRankQuantile(alternative === 'two-sided' ? alpha / 2 : alpha, n));
    const ql = total - qu;
    const tail = signedRankCdf(qu - 1, n);
    const achieved = alternative === 'two-sided' ? 2 * tail : tail;
    const ci = ranktest_sidedInterval(alternative, averages[qu - 1], averages[ql]);
    const level = achieved - alpha > alpha / 2 ? 1 - signif2(achieved) : confLevel;
    return { estimate, ci, confLevel: level, exact: true };
}
function asymptoticInterval(x, averages, alternative, confLevel, correct, estimate) {
    const min = averages[0];
    const max = averages[averages.length - 1];
    if (min === max)
        return degenerate(min, alternative, confLevel);
    const w = (d) => wilcoxon_standardizedAt(x, d, alternative, correct);
    const wMin = w(min);
    const wMax = w(max);
    // R widens alpha until the sample range brackets the limits; the "less" branch tests alpha/2.
    let alpha = 1 - confLevel;
    const unreachable = (a) => {
        switch (alternative) {
            case 'two-sided':
                return wMin < distributions_normalQuantile(1 - a / 2) || wMax > distributions_normalQuantile(a / 2);
            case 'greater':
                return wMin < distributions_normalQuantile(1 - a);
            case 'less':
                return wMax > distributions_normalQuantile(a / 2);
        }
    };
    while (alpha < 1 && unreachable(alpha))
        alpha *= 2;
    const level = alpha >= 1 || 1 - confLevel < alpha * 0.75 ? 1 - Math.min(1, alpha) : confLevel;
    const knots = ranktest_distinctSorted(averages);
    const median = ranktest_sortedMedian(Float64Array.from(x).sort());
    const root = (z) => (alpha < 1 ? ranktest_stepCrossing(knots, w, z) : median);
    let ci;
    switch (alternative) {
        case 'two-sided':
            ci = [root(distributions_normalQuantile(1 - alpha / 2)), root(distributions_normalQuantile(alpha / 2))];
            break;
        case 'greater':
            ci = [root(distributions_normalQuantile(1 - alpha)), Infinity];
            break;
        case 'less':
            ci = [-Infinity, root(distributions_normalQuantile(alpha))];
            break;
    }
    return { estimate, ci, confLevel: level, exact: false };
}
/** R's W(d): the corrected, tie-adjusted standardised signed-rank statistic of x − d. */
function wilcoxon_standardizedAt(x, d, alternative, correct) {
    const shifted = [];
    for (const v of x) {
        const s = v - d;
        if (s !== 0)
            shifted.push(s);
    }
    const n = shifted.length;
    const { ranks, tieTerm } = ranktest_rankWithTies(shifted.map(Math.abs));
    let v = 0;
    shifted.forEach((s, i) => {
        if (s > 0)
            v += ranks[i];
    });
    const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
    return ranktest_correctedZ(v - (n * (n + 1)) / 4, sigma, alternative, correct);
}

;// CONCATENATED MODULE: ./build/stats/verdict.js
/**
 * From samples to a verdict (docs/ARCHITECTURE.md §4). Intervals are computed on log ratios, where a
 * multiplicative change is a shift and the rank methods apply, then mapped back to relative
 * change: change = exp(estimate) − 1, ci = [exp(lo) − 1, exp(hi) − 1]. The threshold θ is
 * relative (0.02 = 2%) and is compared with the relative interval on both sides: regression
 * beyond +θ, improvement beyond −θ (not −ln(1+θ), which would be a smaller relative change).
 */




/**
 * Verdict for a relative confidence interval [lo, hi] and threshold θ:
 * regression if lo > θ; improvement if hi < −θ; unchanged if −θ < lo and hi < θ; otherwise
 * inconclusive (including an interval with NaN ends, which must never pass as unchanged).
 */
function classify(ci, threshold) {
    assertThreshold(threshold);
    const [lo, hi] = ci;
    if (lo > threshold)
        return 'regression';
    if (hi < -threshold)
        return 'improvement';
    if (lo > -threshold && hi < threshold)
        return 'unchanged';
    return 'inconclusive';
}
/** Maps a log-scale estimate and interval to relative change. */
function toRelative(logEstimate, logCi) {
    return { change: Math.expm1(logEstimate), ci: [Math.expm1(logCi[0]), Math.expm1(logCi[1])] };
}
/**
 * Paired A/B analysis on r_i = ln(head_i / base_i): Hodges–Lehmann estimate and signed-rank
 * interval from all r_i (signedRankInterval), p from the signed-rank test with
 * mu = ln(1 + θ), alternative "greater".
 */
function comparePaired(base, head, options) {
    const { threshold, confLevel } = checkOptions(options);
    validate_assertPositiveSample('base', base);
    validate_assertPositiveSample('head', head);
    if (base.length !== head.length) {
        throw new RangeError(`paired samples must have the same length, got base ${base.length} and head ${head.length}`);
    }
    const ratios = head.map((h, i) => Math.log(h / base[i]));
    const interval = signedRankInterval(ratios, { confLevel });
    const test = signedRankTest(ratios, { mu: Math.log1p(threshold), alternative: 'greater' });
    return assemble('paired', interval, test.pValue, threshold, { base: base.length, head: head.length });
}
/**
 * Unpaired analysis (head against a stored baseline) on log values: two-sample Hodges–Lehmann
 * shift of ln(head) relative to ln(base) with the Moses interval, p from the rank-sum test
 * with mu = ln(1 + θ), alternative "greater".
 */
function compareUnpaired(base, head, options) {
    const { threshold, confLevel } = checkOptions(options);
    assertPositiveSample('base', base);
    assertPositiveSample('head', head);
    const logBase = base.map(Math.log);
    const logHead = head.map(Math.log);
    const interval = shiftInterval(logHead, logBase, { confLevel });
    const test = rankSumTest(logHead, logBase, { mu: Math.log1p(threshold), alternative: 'greater' });
    return assemble('unpaired', interval, test.pValue, threshold, { base: base.length, head: head.length });
}
/**
 * Geometric-mean change across rows: the mean of the per-row log estimates, with a normal
 * interval whose standard error combines the rows' own uncertainties,
 * SE = √(Σ SE_i²) / K, SE_i = (hi_i − lo_i) / (2·z_{(1+level_i)/2}).
 * This is the uncertainty of this suite's geomean (rows measured independently), defined for
 * K = 1 and shrinking as rows get more precise. A t-interval over the K estimates would
 * instead treat the benchmarks as a sample from a population of benchmarks — a different
 * question, and undefined for one benchmark.
 */
function geomeanChange(rows, confLevel = 0.95) {
    validate_assertConfLevel(confLevel);
    if (rows.length === 0)
        throw new RangeError('geomeanChange: expected at least one row');
    let sum = 0;
    let variance = 0;
    rows.forEach((row, i) => {
        const [lo, hi] = row.logCi;
        if (![row.logEstimate, lo, hi].every(Number.isFinite) || lo > hi) {
            throw new RangeError(`geomeanChange: row ${i} needs a finite estimate and a finite interval lo <= hi`);
        }
        validate_assertConfLevel(row.confLevel);
        const se = (hi - lo) / (2 * distributions_normalQuantile((1 + row.confLevel) / 2));
        sum += row.logEstimate;
        variance += se * se;
    });
    const k = rows.length;
    const logEstimate = sum / k;
    const half = (distributions_normalQuantile((1 + confLevel) / 2) * Math.sqrt(variance)) / k;
    const logCi = [logEstimate - half, logEstimate + half];
    return { ...toRelative(logEstimate, logCi), logEstimate, logCi, confLevel, count: k };
}
function assertThreshold(threshold) {
    if (!(threshold >= 0 && threshold < 1)) {
        throw new RangeError(`threshold must be a relative change in [0, 1) (0.02 = 2%), got ${threshold}`);
    }
}
function checkOptions(options) {
    assertThreshold(options.threshold);
    const confLevel = options.confLevel ?? 0.95;
    validate_assertConfLevel(confLevel);
    return { threshold: options.threshold, confLevel };
}
function assemble(design, interval, p, threshold, n) {
    const relative = toRelative(interval.estimate, interval.ci);
    return {
        design,
        change: relative.change,
        ci: relative.ci,
        logEstimate: interval.estimate,
        logCi: interval.ci,
        p,
        verdict: classify(relative.ci, threshold),
        threshold,
        confLevel: interval.confLevel,
        exact: interval.exact,
        n,
    };
}

;// CONCATENATED MODULE: ./build/stats/sessions.js
/**
 * Comparing measurements from different sessions (another job, another VM, another night).
 * Within one session the samples share page placement, THP, the host's neighbours and the
 * CPU's frequency; between sessions all of that moves, so a within-session interval (the
 * Mann–Whitney one) is far too narrow for a cross-session question and flags identical code
 * (docs/ARCHITECTURE.md §4).
 *
 * The model is a one-way random session effect on the log scale:
 *   log y[s,i] = μ + δ·[s is head] + b[s] + e[s,i],   b[s] ~ N(0, σ_b²),  e[s,i] ~ N(0, σ_w²).
 * A session is summarised by its centre c[s] (log of its median: robust to one slow run), so
 * Var(c[s]) = τ² = σ_b² + κ·σ_w²/n[s] — both components at once, estimated by the sample
 * variance of K baseline centres. The head session is one more draw, so
 *   d = c[head] − mean(c[base]),  Var(d) = τ²·(1 + 1/K),
 * and (d − δ)/(τ̂·√(1 + 1/K)) has Student's t distribution with K − 1 degrees of freedom: the
 * interval for δ is a prediction interval. With one baseline session τ² cannot be estimated at
 * all: such a comparison must not gate.
 *
 * Hand-written because no statistics package on npm offers random-effects prediction
 * intervals; the t distribution comes from ./distributions.ts.
 */



/** Fewest baseline sessions from which the session-to-session spread is estimated. */
const MIN_BASELINE_SESSIONS = 2;
/** Log of the median: the centre of one session's samples. */
function sessionCentre(samples) {
    validate_assertPositiveSample('session samples', samples);
    const s = [...samples].sort((a, b) => a - b);
    const mid = s.length >> 1;
    const median = s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    return Math.log(median);
}
/**
 * Head's centre against K baseline centres (all on the log scale), with noise threshold θ.
 * Verdicts as everywhere else: regression when the interval lies above +θ, and so on.
 */
function compareSessions(baseCentres, headCentre, opts) {
    const confLevel = opts.confLevel ?? 0.95;
    validate_assertConfLevel(confLevel);
    const k = baseCentres.length;
    if (k === 0 || ![...baseCentres, headCentre].every(Number.isFinite))
        throw new RangeError('compareSessions: need at least one finite baseline centre and a finite head centre');
    const mean = baseCentres.reduce((a, b) => a + b, 0) / k;
    const d = headCentre - mean;
    const change = Math.expm1(d);
    const nan = [NaN, NaN];
    if (k < MIN_BASELINE_SESSIONS) {
        return {
            change,
            ci: nan,
            confLevel,
            p: null,
            verdict: 'inconclusive',
            sessions: k,
            sessionSd: null,
            note: `not gated: one baseline session cannot show how much results move between sessions (give ${MIN_BASELINE_SESSIONS}+ sessions, or measure base and head paired in one job)`,
        };
    }
    const variance = baseCentres.reduce((a, c) => a + (c - mean) ** 2, 0) / (k - 1);
    const sd = Math.sqrt(variance);
    if (sd === 0) {
        // Identical centres (deterministic counts, or a baseline copied K times): the spread is
        // unknown, not zero — a zero-width interval would gate on any difference at all.
        return { change, ci: nan, confLevel, p: null, verdict: 'inconclusive', sessions: k, sessionSd: 0, note: `not gated: the ${k} baseline sessions are identical, so their spread says nothing about session-to-session noise` };
    }
    const se = sd * Math.sqrt(1 + 1 / k);
    const df = k - 1;
    const q = studentTQuantile(1 - (1 - confLevel) / 2, df);
    const ci = [Math.expm1(d - q * se), Math.expm1(d + q * se)];
    const p = studentTCdf((d - Math.log1p(opts.threshold)) / se, df, false);
    return { change, ci, confLevel, p, verdict: classify(ci, opts.threshold), sessions: k, sessionSd: sd };
}

;// CONCATENATED MODULE: ./build/stats/outliers.js
/**
 * Tukey fences for labelling outliers (docs/ARCHITECTURE.md §4: label, never silently drop). Quartiles are
 * R's type 7 / numpy's linear definition — simple-statistics' quantileSorted — so the labels
 * can be checked against R's quantile() or numpy.percentile().
 */


/** Labels each value by Tukey's fences; a value exactly on a fence is not beyond it. */
function tukeyFences(values) {
    validate_assertSample('values', values);
    const sorted = [...values].sort((a, b) => a - b);
    const q1 = (0,simple_statistics/* quantileSorted */.Z4)(sorted, 0.25);
    const q3 = (0,simple_statistics/* quantileSorted */.Z4)(sorted, 0.75);
    const iqr = q3 - q1;
    const inner = [q1 - 1.5 * iqr, q3 + 1.5 * iqr];
    const outer = [q1 - 3 * iqr, q3 + 3 * iqr];
    const counts = { none: 0, mild: 0, severe: 0 };
    const labels = values.map((v) => {
        const label = v < outer[0] || v > outer[1] ? 'severe' : v < inner[0] || v > inner[1] ? 'mild' : 'none';
        counts[label]++;
        return label;
    });
    return { q1, q3, iqr, inner, outer, labels, counts };
}

;// CONCATENATED MODULE: ./build/compare/analyze.js
/**
 * Per benchmark × metric analysis, then the suite-wide step: Benjamini–Hochberg across gated
 * rows, verdicts, summary (docs/ARCHITECTURE.md §4). Same-job pairs: paired log-ratios with the
 * signed-rank interval. Samples from different sessions: the random-session-effect model of
 * stats/sessions.ts, which refuses to gate on a single baseline session.
 */





/** Preferred metric for the suite-wide geometric mean, most deterministic first. */
const PRIMARY = ['instructions', 'task-clock', 'wall'];
function outlierCount(values) {
    if (values.length < 4)
        return 0;
    const c = tukeyFences(values).counts;
    return c.mild + c.severe;
}
/** Rows for one benchmark measured as pairs in one job, complete on both sides. */
function analyzeBenchmark(base, head, confLevel) {
    const rows = [];
    const thresholds = { ...base.threshold, ...head.threshold };
    for (const [metric, h] of Object.entries(head.metrics)) {
        const b = base.metrics[metric];
        if (!b || b.unit !== h.unit || b.samples.length === 0 || h.samples.length === 0)
            continue;
        const threshold = thresholds[metric] ?? null;
        const gated = threshold !== null;
        const positive = [...b.samples, ...h.samples].every((v) => v > 0);
        const common = {
            benchmark: head.name,
            metric,
            unit: h.unit,
            gated,
            threshold,
            n: { base: b.samples.length, head: h.samples.length },
            median: { base: (0,simple_statistics/* median */.JZ)(b.samples), head: (0,simple_statistics/* median */.JZ)(h.samples) },
        };
        if (!positive) {
            // Counts that can be 0 (context switches, migrations) have no log ratio; only a gated
            // metric deserves a row saying so.
            if (gated)
                rows.push({ ...common, verdict: 'inconclusive', change: NaN, ci: [NaN, NaN], confLevel, p: null, pAdjusted: null, outliers: 0, note: 'zero or negative values: no log ratio' });
            continue;
        }
        if (b.samples.length !== h.samples.length) {
            throw new RangeError(`${head.name} ${metric}: paired design needs equal sample counts (base ${b.samples.length}, head ${h.samples.length})`);
        }
        // A context row (no threshold) is tested against zero change: its verdict says only whether
        // the interval excludes 0, and it never counts towards the gate.
        const cmp = comparePaired(b.samples, h.samples, { threshold: threshold ?? 0, confLevel });
        const outliers = outlierCount(h.samples.map((v, i) => Math.log(v / b.samples[i])));
        rows.push({
            ...common,
            verdict: cmp.verdict,
            change: cmp.change,
            ci: cmp.ci,
            confLevel: cmp.confLevel,
            p: gated ? cmp.p : null,
            pAdjusted: null,
            outliers,
        });
    }
    return rows;
}
/**
 * Rows for one benchmark measured in one head session against the same benchmark in K baseline
 * sessions (each complete). The within-session spread is not used for the interval: only the
 * spread of the session centres, which carries the session-to-session drift.
 */
function analyzeSessions(bases, head, confLevel) {
    const rows = [];
    const last = bases[bases.length - 1];
    if (!last)
        return rows;
    const thresholds = { ...last.threshold, ...head.threshold };
    for (const [metric, h] of Object.entries(head.metrics)) {
        const sessions = bases.map((b) => b.metrics[metric]).filter((m) => m !== undefined && m.unit === h.unit && m.samples.length > 0);
        if (sessions.length === 0 || h.samples.length === 0)
            continue;
        const threshold = thresholds[metric] ?? null;
        const gated = threshold !== null;
        const pooled = sessions.flatMap((m) => m?.samples ?? []);
        const common = {
            benchmark: head.name,
            metric,
            unit: h.unit,
            gated,
            threshold,
            n: { base: pooled.length, head: h.samples.length },
            median: { base: (0,simple_statistics/* median */.JZ)(pooled), head: (0,simple_statistics/* median */.JZ)(h.samples) },
            pAdjusted: null,
        };
        if (![...pooled, ...h.samples].every((v) => v > 0)) {
            if (gated)
                rows.push({ ...common, verdict: 'inconclusive', change: NaN, ci: [NaN, NaN], confLevel, p: null, outliers: 0, note: 'zero or negative values: no log ratio' });
            continue;
        }
        const cmp = compareSessions(sessions.map((m) => sessionCentre(m?.samples ?? [])), sessionCentre(h.samples), { threshold: threshold ?? 0, confLevel });
        rows.push({
            ...common,
            verdict: cmp.verdict,
            change: cmp.change,
            ci: cmp.ci,
            confLevel,
            p: gated ? cmp.p : null,
            outliers: outlierCount(h.samples.map(Math.log)),
            sessions: { count: cmp.sessions, sd: cmp.sessionSd },
            ...(cmp.note ? { note: cmp.note } : {}),
        });
    }
    return rows;
}
/**
 * BH across gated rows, then the verdicts: a regression needs the interval beyond +θ AND an
 * adjusted p at most `fdr`, so many benchmarks do not multiply false alarms. When the sides are
 * not comparable, no row may claim a verdict.
 */
function finalizeRows(rows, fdr, comparable) {
    const gatedIdx = rows.map((r, i) => (r.gated && r.p !== null ? i : -1)).filter((i) => i >= 0);
    const adjusted = adjustBH(gatedIdx.map((i) => rows[i]?.p));
    const out = rows.map((r) => ({ ...r }));
    gatedIdx.forEach((rowIndex, k) => {
        const row = out[rowIndex];
        row.pAdjusted = adjusted[k] ?? null;
        if (row.verdict === 'regression' && row.pAdjusted !== null && row.pAdjusted > fdr) {
            row.verdict = 'inconclusive';
            row.note = `interval above +threshold but not significant after Benjamini–Hochberg (adjusted p ${row.pAdjusted.toPrecision(2)} > ${fdr})`;
        }
    });
    if (!comparable) {
        for (const row of out) {
            if (row.gated) {
                row.verdict = 'inconclusive';
                row.note = 'not gated: the two sides are not comparable';
            }
        }
    }
    return out;
}
function summarize(rows) {
    const gated = rows.filter((r) => r.gated);
    const count = (v) => gated.filter((r) => r.verdict === v).length;
    let geomean = null;
    for (const metric of PRIMARY) {
        const usable = gated.filter((r) => r.metric === metric && Number.isFinite(r.change) && r.ci.every(Number.isFinite));
        if (usable.length === 0)
            continue;
        const g = geomeanChange(usable.map((r) => ({ logEstimate: Math.log1p(r.change), logCi: [Math.log1p(r.ci[0]), Math.log1p(r.ci[1])], confLevel: r.confLevel })));
        geomean = { metric, change: g.change, ci: g.ci, benchmarks: usable.length };
        break;
    }
    return {
        regressions: count('regression'),
        improvements: count('improvement'),
        unchanged: count('unchanged'),
        inconclusive: count('inconclusive'),
        geomeanChange: geomean,
    };
}

;// CONCATENATED MODULE: ./build/results/fingerprint.js
/**
 * Hard keys whose values differ, sorted by key; a key only one side has counts as a mismatch
 * (value `(absent)`), because "not recorded" cannot be shown to match. Empty = comparable.
 * Binary hashes are deliberately not compared: base and head of a pull request are expected
 * to differ there.
 */
function compareFingerprints(base, head) {
    const keys = [...new Set([...Object.keys(base.hard), ...Object.keys(head.hard)])].sort();
    return keys
        .map((key) => ({ key, base: base.hard[key] ?? '(absent)', head: head.hard[key] ?? '(absent)' }))
        .filter((m) => m.base !== m.head);
}

;// CONCATENATED MODULE: ./build/compare/types.js
const COMPARISON_SCHEMA_VERSION = 1;

;// CONCATENATED MODULE: ./build/compare/compare.js
/**
 * Two results documents → comparison.json. Benchmarks on one side only are reported as added
 * or removed; failed ones as problems; a backend or hard-fingerprint mismatch makes the whole
 * comparison refuse to gate (every reason named), because such numbers are not comparable.
 */





function side(doc, results) {
    return { git: doc.git, fingerprint: doc.fingerprint, backend: doc.backend, startedAt: doc.startedAt, ...(results ? { results } : {}) };
}
/** Reasons the two sides must not be gated against each other; empty when comparable. */
function incomparability(base, head) {
    const reasons = [];
    if (base.backend !== head.backend)
        reasons.push(`backend differs: base measured with ${base.backend}, head with ${head.backend}`);
    const byName = new Map(base.benchmarks.map((b) => [b.name, b]));
    for (const h of head.benchmarks) {
        const b = byName.get(h.name);
        if (b && b.status === 'ok' && h.status === 'ok' && b.backend !== h.backend && base.backend === head.backend) {
            reasons.push(`${h.name}: backend differs: base ${b.backend}, head ${h.backend}`);
        }
    }
    for (const m of compareFingerprints(base.fingerprint, head.fingerprint)) {
        if (m.key === 'backend')
            continue;
        reasons.push(`fingerprint key '${m.key}' differs: base ${m.base}, head ${m.head}`);
    }
    return reasons;
}
function problemsOf(base, head) {
    const problems = [];
    const note = (b, s) => {
        if (b.status !== 'ok')
            problems.push({ benchmark: b.name, side: s, status: b.status, ...(b.error ? { error: b.error } : {}) });
    };
    base.benchmarks.forEach((b) => note(b, 'base'));
    head.benchmarks.forEach((b) => note(b, 'head'));
    return problems;
}
function compareDocs(base, head, opts) {
    const fdr = opts.fdr ?? 0.05;
    const confLevel = opts.confLevel ?? 0.95;
    const baseByName = new Map(base.benchmarks.map((b) => [b.name, b]));
    const headNames = new Set(head.benchmarks.map((b) => b.name));
    const sessions = opts.design === 'unpaired' ? (opts.baseSessions ?? [base]) : [base];
    const reasons = [...new Set(sessions.flatMap((s) => incomparability(s, head)))];
    const warnings = [];
    let rows = opts.rows;
    if (!rows) {
        rows = [];
        for (const h of head.benchmarks) {
            const b = baseByName.get(h.name);
            if (!b || b.status !== 'ok' || h.status !== 'ok')
                continue;
            if (opts.design === 'paired') {
                rows.push(...analyzeBenchmark(b, h, confLevel));
                continue;
            }
            const complete = sessions.map((s) => s.benchmarks.find((x) => x.name === h.name)).filter((x) => x?.status === 'ok');
            rows.push(...analyzeSessions(complete, h, confLevel));
        }
    }
    for (const h of head.benchmarks) {
        const b = baseByName.get(h.name);
        if (b?.status === 'ok' && h.status === 'ok' && !rows.some((r) => r.benchmark === h.name && r.gated)) {
            warnings.push(`${h.name}: no gated metric measured on both sides (thresholds: ${Object.keys(h.threshold).join(', ') || 'none'})`);
        }
    }
    const finalRows = finalizeRows(rows, fdr, reasons.length === 0);
    return {
        schemaVersion: COMPARISON_SCHEMA_VERSION,
        tool: { name: 'perfgate', version: VERSION },
        createdAt: (opts.now ?? (() => new Date()))().toISOString(),
        design: opts.design,
        baseline: opts.baseline ?? {
            source: 'files',
            sessions: sessions.length,
            reason: opts.design === 'paired' ? 'pairs measured in one job' : sessionReason(sessions.length),
        },
        seed: opts.seed ?? null,
        fdr,
        sequential: opts.sequential ?? { looks: 1, nominalAlpha: 1 - confLevel },
        base: side(base, opts.basePath),
        head: side(head, opts.headPath),
        gate: { comparable: reasons.length === 0, reasons },
        rows: finalRows,
        added: head.benchmarks.filter((b) => !baseByName.has(b.name)).map((b) => b.name),
        removed: base.benchmarks.filter((b) => !headNames.has(b.name)).map((b) => b.name),
        problems: problemsOf(base, head),
        summary: summarize(finalRows),
        warnings,
    };
}
/** What an unpaired comparison over K baseline sessions can tell, in one sentence. */
function sessionReason(k) {
    return k < 2
        ? 'one baseline session from another run: the drift between sessions cannot be estimated, so no row is gated'
        : `${k} baseline sessions from other runs: intervals carry the session-to-session spread (random session effect)`;
}
/**
 * The gate's decision: 1 when a gated row regressed or a benchmark that worked on base fails
 * on head (a broken benchmark must not pass), else 0. Not comparable is the caller's exit 2.
 */
function gateFails(doc) {
    const why = [];
    if (doc.summary.regressions > 0) {
        const names = doc.rows.filter((r) => r.gated && r.verdict === 'regression').map((r) => `${r.benchmark} ${r.metric} ${format_formatPercent(r.change)}`);
        why.push(`${doc.summary.regressions} significant regression(s): ${names.join(', ')}`);
    }
    if (doc.interrupted && doc.interrupted.length > 0)
        why.push(`interrupted: ${doc.interrupted.join(', ')} not measured to the end`);
    for (const p of doc.problems) {
        if (p.side === 'head' && !doc.problems.some((q) => q.side === 'base' && q.benchmark === p.benchmark)) {
            why.push(`${p.benchmark} ${p.status} on head`);
        }
    }
    return why;
}

;// CONCATENATED MODULE: ./build/engine/ab.js
/**
 * `perfgate ab`: the most accurate comparison. Base and head are checked out side by side and
 * measured as pairs, in random order within each pair (so drift and periodic noise hit both
 * sides alike), then analysed as paired log-ratios. Adaptive sampling adds batches of pairs
 * while a gated row is inconclusive, at intervals widened by a Pocock group-sequential
 * boundary so that looking several times does not inflate the false-alarm rate.
 */



















/** Pairs added per look after the first: a third of the starting N, at least 5. */
function batchSize(iterations) {
    return Math.max(5, Math.ceil(iterations / 3));
}
/** Looks the design plans for: the first at N pairs, then one per batch up to the maximum. */
function plannedLooks(iterations, maxIterations) {
    return maxIterations <= iterations ? 1 : 1 + Math.ceil((maxIterations - iterations) / batchSize(iterations));
}
/**
 * Whether a benchmark needs more pairs after a look, and if not, why it stops: every gated row
 * decided, or the planned looks used up. A row is never stopped merely because its interval is
 * narrow: an interval that straddles θ is exactly the case more pairs can settle, and stopping
 * it cost detection near θ (55% at +2.8% against 82% at fixed N, measured).
 */
function stopReason(rows, pairs, maxPairs, looks, planned) {
    if (planned === 1)
        return 'fixed';
    if (rows.filter((r) => r.gated).every((r) => r.verdict !== 'inconclusive'))
        return 'decided';
    if (pairs >= maxPairs || looks >= planned)
        return 'max-iterations';
    return null;
}
function newSide(spec, backend, parentEnv) {
    return {
        spec,
        result: { name: spec.name, status: 'ok', backend, threshold: spec.threshold, metrics: {} },
        argv: commandArgv(spec.run),
        env: benchmarkEnv(parentEnv, spec.env),
    };
}
async function runOnce(side, backend, record, label) {
    const m = await backend.measure({ argv: side.argv, cwd: side.spec.cwd, env: side.env, cpus: side.spec.cpus, timeoutMs: side.spec.timeoutMs });
    const f = describeFailure(m, side.spec.timeoutMs);
    if (f) {
        side.result.status = f.status;
        side.result.error = `${label} ${f.error}`;
        return false;
    }
    if (record) {
        for (const [name, metric] of Object.entries(m.metrics))
            (side.result.metrics[name] ??= { unit: metric.unit, samples: [] }).samples.push(metric.value);
        if (m.warnings.length > 0)
            side.result.warnings = [...new Set([...(side.result.warnings ?? []), ...m.warnings])];
    }
    return true;
}
function findSpec(suite, name) {
    return suite.benchmarks.find((b) => b.name === name);
}
async function runAb(opts) {
    const repo = await repoRoot(opts.cwd);
    const suiteRel = external_node_path_.relative(repo, external_node_path_.resolve(opts.cwd, opts.suitePath));
    if (suiteRel.startsWith('..'))
        throw new errors/* InputError */.dz(`suite ${opts.suitePath} is outside the repository ${repo}`);
    const baseSha = await resolveCommit(repo, opts.baseRef, '--base');
    let headSha;
    let headLabel;
    if (opts.headRef === null) {
        const wt = await snapshotWorkingTree(repo);
        headSha = wt.sha;
        headLabel = wt.dirty ? 'working tree (uncommitted changes included)' : 'working tree (clean)';
        if (wt.dirty)
            opts.stderr.write(`head: the working tree has uncommitted changes; measuring them (snapshot ${wt.sha.slice(0, 12)})\n`);
        if (wt.untracked.length > 0) {
            opts.stderr.write(`head: ${wt.untracked.length} untracked file(s) are NOT part of head (git add them to measure them): ${wt.untracked.slice(0, 5).join(', ')}${wt.untracked.length > 5 ? ', ...' : ''}\n`);
        }
    }
    else {
        headSha = await resolveCommit(repo, opts.headRef, '--head');
        headLabel = opts.headRef;
    }
    const outDir = external_node_path_.resolve(opts.cwd, opts.outDir);
    await ensureWritableDir(outDir);
    const roots = opts.roots ?? rootsFromEnv(opts.parentEnv);
    const seed = opts.seed ?? (0,external_node_crypto_.randomInt)(0, 2 ** 32);
    const rng = createRng(seed);
    const trees = await addWorktrees(repo, baseSha, headSha);
    let rig = null;
    try {
        opts.stderr.write(`ab: base ${opts.baseRef} (${baseSha.slice(0, 12)}) vs head ${headLabel} (${headSha.slice(0, 12)}), seed ${seed}\n`);
        const load = async (dir, side) => {
            try {
                return await loadSuite(external_node_path_.join(dir, suiteRel));
            }
            catch (err) {
                if (err instanceof errors/* InputError */.dz && /suite file not found/.test(err.message))
                    throw new errors/* InputError */.dz(`${side} has no ${suiteRel}: nothing to measure on that side`);
                throw err;
            }
        };
        const suites = { base: await load(trees.base, 'base'), head: await load(trees.head, 'head') };
        // Only benchmarks both sides have can be paired; the shard split is over those, so every
        // shard of a matrix pairs its own share and the shards together cover the suite.
        const shared = { ...suites.head, benchmarks: suites.head.benchmarks.filter((b) => findSpec(suites.base, b.name)) };
        const pairable = shared.benchmarks.length > 0 ? shared : suites.head;
        const chosen = await chooseBenchmarks(pairable, opts, roots);
        const headNames = new Set(suites.head.benchmarks.map((b) => b.name));
        rig = await openRig({
            ...opts,
            roots,
            benchmarks: chosen.mine.filter((s) => findSpec(suites.base, s.name)),
            setups: [
                { suite: suites.base, label: ' (base)' },
                { suite: suites.head, label: ' (head)' },
            ],
            soft: chosen.auto ? { 'cpus-auto': `${chosen.auto.cpus}: ${chosen.auto.reason}` } : {},
        });
        const { plans } = rig;
        const startedAt = new Date().toISOString();
        const doc = (side, sha, ref) => ({
            schemaVersion: RESULTS_SCHEMA_VERSION,
            tool: { name: 'perfgate', version: VERSION },
            suite: { path: suiteRel, sha256: suites[side].sha256 },
            git: { sha, ref },
            fingerprint: rig.fingerprint,
            backend: rig.suiteBackend,
            backendReason: rig.backendReason,
            startedAt,
            finishedAt: startedAt,
            ...(opts.shard ? { shard: { ...opts.shard, all: chosen.all.map((b) => b.name) } } : {}),
            benchmarks: [],
        });
        const docs = { base: doc('base', baseSha, opts.baseRef), head: doc('head', headSha, opts.headRef ?? 'working-tree') };
        const timeBudgetMs = opts.timeBudgetMs ?? suites.head.timeBudgetMs ?? null;
        const started = Date.now();
        const rows = [];
        const notMeasured = [];
        let sequential = { looks: 1, nominalAlpha: 0.05 };
        for (const [i, plan] of plans.entries()) {
            const headSpec = { ...plan.spec };
            const baseSpec0 = findSpec(suites.base, headSpec.name);
            if (!baseSpec0)
                continue;
            if (opts.signal?.aborted) {
                notMeasured.push(headSpec.name);
                for (const s of ['base', 'head'])
                    docs[s].benchmarks.push({ name: headSpec.name, status: 'skipped', backend: plan.backend, threshold: headSpec.threshold, metrics: {}, error: 'interrupted before it was measured' });
                continue;
            }
            // Both sides run with head's settings (iterations, pinning, timeout, env) except their
            // own command and directory: the comparison must differ only in the code.
            const baseSpec = { ...headSpec, run: baseSpec0.run, cwd: baseSpec0.cwd, env: baseSpec0.env };
            const sides = { base: newSide(baseSpec, plan.backend, opts.parentEnv), head: newSide(headSpec, plan.backend, opts.parentEnv) };
            const backend = rig.backendFor(plan.backend);
            const planned = plannedLooks(headSpec.iterations, headSpec.maxIterations);
            const boundary = pocockBoundary(planned, { sides: 2 });
            if (planned > sequential.looks)
                sequential = { looks: planned, nominalAlpha: boundary.nominalAlpha };
            const confLevel = 1 - boundary.nominalAlpha;
            const prefix = `[${i + 1}/${plans.length}] ${headSpec.name}`;
            opts.stderr.write(`${prefix}: ${headSpec.warmup} warm-up pair(s), ${headSpec.iterations} pairs${planned > 1 ? ` (adaptive up to ${headSpec.maxIterations}, ${planned} looks)` : ''}\n`);
            let ok = true;
            for (let w = 0; w < headSpec.warmup && ok; w++) {
                ok = (await runOnce(sides.base, backend, false, `warm-up ${w + 1}`)) && (await runOnce(sides.head, backend, false, `warm-up ${w + 1}`));
            }
            let pairs = 0;
            let looks = 0;
            let target = headSpec.iterations;
            let stop = null;
            let benchRows = [];
            const benchStart = Date.now();
            while (ok && stop === null) {
                while (ok && pairs < target) {
                    if (opts.signal?.aborted) {
                        stop = 'interrupted';
                        break;
                    }
                    const order = rng.next() < 0.5 ? ['base', 'head'] : ['head', 'base'];
                    for (const s of order)
                        ok = ok && (await runOnce(sides[s], backend, true, `pair ${pairs + 1}`));
                    if (ok)
                        pairs++;
                }
                if (!ok)
                    break;
                looks++;
                if (pairs >= 2) {
                    for (const r of [sides.base.result, sides.head.result]) {
                        const dropped = dropIncompleteMetrics(r, pairs);
                        if (dropped.length > 0)
                            r.warnings = [...new Set([...(r.warnings ?? []), ...dropped])];
                    }
                    benchRows = analyzeBenchmark(sides.base.result, sides.head.result, confLevel);
                }
                if (stop === 'interrupted')
                    break;
                stop = stopReason(benchRows, pairs, headSpec.maxIterations, looks, planned);
                if (stop === null && timeBudgetMs !== null) {
                    const perPair = (Date.now() - benchStart) / Math.max(1, pairs);
                    const remainingBenchmarks = plans.length - i - 1;
                    const reserve = remainingBenchmarks * headSpec.iterations * perPair;
                    if (Date.now() - started + perPair * batchSize(headSpec.iterations) + reserve > timeBudgetMs)
                        stop = 'time-budget';
                }
                if (stop === null)
                    target = Math.min(headSpec.maxIterations, pairs + batchSize(headSpec.iterations));
            }
            if (!ok) {
                // A failed side voids the pairs: report the failure, not a half-measured comparison.
                benchRows = [];
                opts.stderr.write(`${prefix}: ${sides.base.result.status !== 'ok' ? `base ${sides.base.result.status}: ${sides.base.result.error}` : `head ${sides.head.result.status}: ${sides.head.result.error}`}\n`);
            }
            else if (stop === 'interrupted') {
                // Interrupted is not gated: the pairs so far are kept as data, the rows are not judged.
                notMeasured.push(headSpec.name);
                for (const s of ['base', 'head']) {
                    sides[s].result.status = 'skipped';
                    sides[s].result.error = `interrupted after ${pairs} of ${headSpec.iterations} pairs`;
                }
                opts.stderr.write(`${prefix}: interrupted after ${pairs} pairs; not gated\n`);
            }
            else {
                for (const r of benchRows)
                    r.sampling = { pairs, looks, stop: stop ?? 'fixed' };
                rows.push(...benchRows);
                const elapsed = formatEta(Date.now() - started);
                opts.stderr.write(`${prefix}: ${pairs} pairs, ${looks} look(s), stopped: ${stop ?? 'fixed'} (${elapsed} elapsed)\n`);
                if (opts.profile !== false && headSpec.profile) {
                    for (const s of ['base', 'head']) {
                        const p = await recordProfile(sides[s].spec, { perf: rig.probe.perf, outDir: external_node_path_.join(outDir, s), scratch: rig.scratch, parentEnv: opts.parentEnv });
                        if ('folded' in p)
                            sides[s].result.profile = p;
                        else
                            sides[s].result.warnings = [...(sides[s].result.warnings ?? []), p.warning];
                    }
                }
            }
            for (const s of ['base', 'head']) {
                docs[s].benchmarks.push(sides[s].result);
                docs[s].finishedAt = new Date().toISOString();
                await writeJsonAtomic(external_node_path_.join(outDir, s, 'results.json'), docs[s]);
            }
        }
        const basePath = external_node_path_.join(outDir, 'base', 'results.json');
        const headPath = external_node_path_.join(outDir, 'head', 'results.json');
        await writeJsonAtomic(basePath, docs.base);
        await writeJsonAtomic(headPath, docs.head);
        const comparison = compareDocs(docs.base, docs.head, {
            design: 'paired',
            baseline: opts.baseline ?? { source: 'same-job', sessions: 1, reason: `base ${opts.baseRef} and head measured as interleaved pairs in this job, so drift between sessions cancels` },
            seed,
            rows,
            sequential,
            basePath,
            headPath,
        });
        // Benchmarks on one side only were not measured (nothing to pair with): listed, not errors.
        comparison.added = suites.head.benchmarks.filter((s) => !findSpec(suites.base, s.name) && (!opts.filter || opts.filter.test(s.name))).map((s) => s.name);
        comparison.removed = suites.base.benchmarks.filter((s) => !headNames.has(s.name) && (!opts.filter || opts.filter.test(s.name))).map((s) => s.name);
        if (opts.shard)
            comparison.shard = { index: opts.shard.index, count: opts.shard.count, all: chosen.all.map((b) => b.name) };
        if (notMeasured.length > 0) {
            comparison.interrupted = notMeasured;
            comparison.warnings.push(`interrupted: ${notMeasured.length} benchmark(s) not measured to the end, not gated: ${notMeasured.join(', ')}`);
        }
        const { explanations, warnings } = await explainChanges({ dir: external_node_path_.join(outDir, 'base'), benchmarks: docs.base.benchmarks }, { dir: external_node_path_.join(outDir, 'head'), benchmarks: docs.head.benchmarks }, outDir);
        if (Object.keys(explanations).length > 0)
            comparison.explanations = explanations;
        comparison.warnings.push(...warnings);
        const comparisonPath = external_node_path_.join(outDir, 'comparison.json');
        await writeJsonAtomic(comparisonPath, comparison);
        return { comparison, base: docs.base, head: docs.head, comparisonPath };
    }
    finally {
        await rig?.close();
        await trees.remove();
    }
}

;// CONCATENATED MODULE: ./build/compare/io.js
/**
 * Reading comparison.json back: the merge of paired shards and the fork-PR companion job read
 * documents another job wrote (for a fork, code nobody reviewed wrote). Only a document of the
 * shape this perfgate writes is accepted; the renderer escapes every string it shows.
 */



const num = { type: ['number', 'null'] };
const io_str = { type: 'string' };
const strings = { type: 'array', items: io_str };
const pair = { type: 'array', items: num, minItems: 2, maxItems: 2 };
const io_side = {
    type: 'object',
    required: ['git', 'fingerprint', 'backend', 'startedAt'],
    properties: {
        git: { type: 'object', required: ['sha', 'ref'], properties: { sha: { type: ['string', 'null'] }, ref: { type: ['string', 'null'] } } },
        fingerprint: { type: 'object', required: ['hard', 'soft'], properties: { hard: { type: 'object', additionalProperties: io_str }, soft: { type: 'object', additionalProperties: io_str } } },
        backend: { enum: ['perf', 'valgrind', 'time'] },
        startedAt: io_str,
    },
};
const comparisonSchema = {
    type: 'object',
    required: ['schemaVersion', 'design', 'baseline', 'fdr', 'sequential', 'base', 'head', 'gate', 'rows', 'added', 'removed', 'problems', 'summary', 'warnings'],
    properties: {
        schemaVersion: { const: 1 },
        design: { enum: ['paired', 'unpaired'] },
        baseline: { type: 'object', required: ['source', 'sessions', 'reason'], properties: { source: { enum: ['same-job', 'history', 'artifact', 'local-file', 'files'] }, sessions: { type: 'integer', minimum: 1 }, reason: io_str } },
        seed: num,
        fdr: { type: 'number' },
        sequential: { type: 'object', required: ['looks', 'nominalAlpha'], properties: { looks: { type: 'integer' }, nominalAlpha: { type: 'number' } } },
        base: io_side,
        head: io_side,
        gate: { type: 'object', required: ['comparable', 'reasons'], properties: { comparable: { type: 'boolean' }, reasons: strings } },
        rows: {
            type: 'array',
            items: {
                type: 'object',
                required: ['benchmark', 'metric', 'unit', 'gated', 'verdict', 'change', 'ci', 'confLevel', 'p', 'pAdjusted', 'threshold', 'n', 'median', 'outliers'],
                properties: {
                    benchmark: io_str,
                    metric: io_str,
                    unit: io_str,
                    gated: { type: 'boolean' },
                    verdict: { enum: ['regression', 'improvement', 'unchanged', 'inconclusive'] },
                    change: num,
                    ci: pair,
                    confLevel: { type: 'number' },
                    p: num,
                    pAdjusted: num,
                    threshold: num,
                    n: { type: 'object', required: ['base', 'head'], properties: { base: { type: 'integer' }, head: { type: 'integer' } } },
                    median: { type: 'object', required: ['base', 'head'], properties: { base: num, head: num } },
                    outliers: { type: 'integer' },
                    note: io_str,
                },
            },
        },
        added: strings,
        removed: strings,
        problems: { type: 'array', items: { type: 'object', required: ['benchmark', 'side', 'status'], properties: { benchmark: io_str, side: { enum: ['base', 'head'] }, status: io_str, error: io_str } } },
        summary: { type: 'object', required: ['regressions', 'improvements', 'unchanged', 'inconclusive'] },
        explanations: {
            type: 'object',
            additionalProperties: {
                type: 'object',
                required: ['diff', 'negated', 'top'],
                properties: { diff: { type: 'string', pattern: '^[A-Za-z0-9._%/-]+$' }, negated: { type: 'string', pattern: '^[A-Za-z0-9._%/-]+$' }, top: { type: 'array', items: { type: 'object', required: ['frame'], properties: { frame: io_str } } } },
            },
        },
        interrupted: strings,
        warnings: strings,
    },
};
const compare_io_ajv = new ajv.Ajv({ allErrors: true, allowUnionTypes: true, strict: false });
const compare_io_check = compare_io_ajv.compile(comparisonSchema);
/** The document, if it has the shape of a comparison.json; else an InputError listing what is wrong. */
function parseComparison(doc, source = 'comparison.json') {
    // JSON has no NaN: JSON.stringify wrote null for an interval that could not be estimated.
    if (compare_io_check(doc)) {
        const c = doc;
        for (const r of c.rows) {
            r.ci = r.ci.map((v) => (v === null ? NaN : v));
            if (r.change === null)
                r.change = NaN;
        }
        return c;
    }
    const problems = (compare_io_check.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '(root)'}: ${e.message ?? e.keyword}`);
    throw new errors/* InputError */.dz(`${source} is not a comparison.json this perfgate wrote:\n  ${problems.join('\n  ')}`);
}
async function readComparison(file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (err) {
        throw new errors/* InputError */.dz(`cannot read ${file}: ${err.code ?? String(err)}`);
    }
    try {
        return parseComparison(JSON.parse(text), file);
    }
    catch (err) {
        if (err instanceof SyntaxError)
            throw new errors/* InputError */.dz(`${file} is not JSON: ${err.message}`);
        throw err;
    }
}

;// CONCATENATED MODULE: ./build/engine/report.js
/**
 * The report directory: what the action uploads as the report artifact and what a reader of
 * the comment downloads. Every file the comparison names (flame graphs) is copied in beside
 * comparison.json, so a link in the comment never points at something the artifact lacks.
 */



/** Relative paths of the files the explanations point at (each graph once). */
function explanationFiles(explanations) {
    const files = new Set();
    const visit = (v) => {
        if (typeof v === 'string') {
            if (/\.(svg|png|folded)$/.test(v) && !external_node_path_.isAbsolute(v))
                files.add(v);
        }
        else if (Array.isArray(v))
            v.forEach(visit);
        else if (v !== null && typeof v === 'object')
            Object.values(v).forEach(visit);
    };
    visit(explanations ?? {});
    return [...files].sort();
}
/**
 * Writes `<reportDir>/comparison.json`, `report.md` and every explanation file, copied from
 * `sourceDir` (the directory the comparison's relative paths are relative to).
 */
async function writeReportDir(comparison, body, sourceDir, reportDir, extra = {}) {
    await (0,promises_.mkdir)(reportDir, { recursive: true });
    const graphs = [];
    const missing = [];
    for (const rel of explanationFiles(comparison.explanations)) {
        try {
            await (0,promises_.mkdir)(external_node_path_.dirname(external_node_path_.join(reportDir, rel)), { recursive: true });
            if (external_node_path_.resolve(sourceDir, rel) !== external_node_path_.resolve(reportDir, rel))
                await (0,promises_.copyFile)(external_node_path_.join(sourceDir, rel), external_node_path_.join(reportDir, rel));
            graphs.push(rel);
        }
        catch {
            missing.push(rel);
        }
    }
    const files = { dir: reportDir, comparison: external_node_path_.join(reportDir, 'comparison.json'), report: external_node_path_.join(reportDir, 'report.md'), graphs, missing };
    await writeJsonAtomic(files.comparison, comparison);
    await (0,promises_.writeFile)(files.report, body);
    for (const [name, value] of Object.entries(extra))
        await writeJsonAtomic(external_node_path_.join(reportDir, name), value);
    return files;
}

;// CONCATENATED MODULE: ./build/results/merge.js
/**
 * `perfgate merge`: the results.json of each shard of a matrix run → one results.json, as if
 * one job had measured everything. Refuses anything that would make the merged document lie:
 * shards of different suites, backends, commits or machines (hard fingerprint), a shard
 * missing or given twice, a benchmark measured twice or not at all.
 */


function mergeResults(inputs) {
    if (inputs.length === 0)
        throw new errors/* InputError */.dz('merge: expected at least one shard results.json');
    const problems = [];
    const warnings = [];
    const first = inputs[0];
    const unsharded = inputs.filter((i) => !i.doc.shard);
    for (const u of unsharded)
        problems.push(`${u.file}: not a shard (no "shard" field: it was not run with --shard i/n)`);
    const count = first.doc.shard?.count;
    for (const i of inputs) {
        const d = i.doc;
        if (d.shard && d.shard.count !== count)
            problems.push(`${i.file}: shard ${d.shard.index}/${d.shard.count}, but ${first.file} is one of ${count}`);
        if (d.suite.sha256 !== first.doc.suite.sha256)
            problems.push(`${i.file}: suite sha256 ${d.suite.sha256.slice(0, 12)}… differs from ${first.file}'s ${first.doc.suite.sha256.slice(0, 12)}… (a different perfgate.yml)`);
        if (d.backend !== first.doc.backend)
            problems.push(`${i.file}: backend ${d.backend}, but ${first.file} used ${first.doc.backend}`);
        if (d.git.sha !== first.doc.git.sha)
            problems.push(`${i.file}: commit ${d.git.sha ?? 'unknown'}, but ${first.file} measured ${first.doc.git.sha ?? 'unknown'}`);
        for (const m of compareFingerprints(first.doc.fingerprint, d.fingerprint)) {
            problems.push(`${i.file}: hard fingerprint key ${m.key} is ${JSON.stringify(m.head)}, but ${JSON.stringify(m.base)} in ${first.file}`);
        }
    }
    if (count !== undefined && unsharded.length === 0) {
        const seen = new Map();
        for (const i of inputs) {
            const idx = i.doc.shard?.index ?? 0;
            const before = seen.get(idx);
            if (before !== undefined)
                problems.push(`shard ${idx}/${count} given twice: ${before} and ${i.file}`);
            else
                seen.set(idx, i.file);
        }
        const missing = Array.from({ length: count }, (_, k) => k + 1).filter((k) => !seen.has(k));
        if (missing.length > 0)
            problems.push(`missing shard(s) ${missing.map((k) => `${k}/${count}`).join(', ')}`);
    }
    const where = new Map();
    for (const i of inputs) {
        for (const b of i.doc.benchmarks) {
            const before = where.get(b.name);
            if (before !== undefined)
                problems.push(`benchmark ${b.name} is in both ${before} and ${i.file}`);
            else
                where.set(b.name, i.file);
        }
    }
    // The full list each shard recorded: every benchmark must turn up, in this order.
    const all = first.doc.shard?.all;
    for (const i of inputs) {
        if (all && i.doc.shard?.all && i.doc.shard.all.join('\n') !== all.join('\n'))
            problems.push(`${i.file}: its shard plan lists different benchmarks than ${first.file} (different --filter?)`);
    }
    if (all) {
        const absent = all.filter((n) => !where.has(n));
        if (absent.length > 0 && problems.length === 0)
            problems.push(`benchmark(s) ${absent.join(', ')} in the shard plan but in no shard's results (an interrupted shard?)`);
    }
    if (problems.length > 0)
        throw new errors/* InputError */.dz(`cannot merge:\n  ${problems.join('\n  ')}`);
    const byName = new Map(inputs.flatMap((i) => i.doc.benchmarks.map((b) => [b.name, b])));
    const order = all ?? [...inputs].sort((a, b) => (a.doc.shard?.index ?? 0) - (b.doc.shard?.index ?? 0)).flatMap((i) => i.doc.benchmarks.map((b) => b.name));
    if (!all)
        warnings.push('shards carry no benchmark plan (older perfgate): benchmarks are in shard order, not suite order');
    const soft = {};
    for (const key of [...new Set(inputs.flatMap((i) => Object.keys(i.doc.fingerprint.soft)))].sort()) {
        const values = inputs.map((i) => i.doc.fingerprint.soft[key] ?? '(absent)');
        soft[key] = new Set(values).size === 1 ? (values[0] ?? '') : inputs.map((i, k) => `shard ${i.doc.shard?.index ?? k + 1}: ${values[k]}`).join('; ');
    }
    const binaries = {};
    for (const i of inputs) {
        for (const [p, h] of Object.entries(i.doc.fingerprint.binaries ?? {})) {
            const before = binaries[p];
            if (before !== undefined && before !== h)
                warnings.push(`${p}: built differently in ${i.file} (sha256 ${h.slice(0, 12)}… vs ${before.slice(0, 12)}…); keeping the first`);
            else
                binaries[p] = h;
        }
    }
    const versions = new Set(inputs.map((i) => i.doc.tool.version));
    if (versions.size > 1)
        warnings.push(`shards were written by different perfgate versions: ${[...versions].join(', ')}`);
    const times = (k) => inputs.map((i) => i.doc[k]).sort();
    const doc = {
        ...first.doc,
        fingerprint: { hard: { ...first.doc.fingerprint.hard }, soft, ...(Object.keys(binaries).length > 0 ? { binaries } : {}) },
        startedAt: times('startedAt')[0] ?? first.doc.startedAt,
        finishedAt: times('finishedAt').at(-1) ?? first.doc.finishedAt,
        benchmarks: order.map((n) => byName.get(n)).filter((b) => b !== undefined),
    };
    delete doc.shard;
    return { doc, warnings };
}

;// CONCATENATED MODULE: ./build/engine/merge.js
/**
 * Shards of a matrix back into one: `perfgate merge` and the action's `mode: merge` both call
 * these. Unpaired shards (`run --shard`) merge their results; paired shards (`ab --shard`) merge
 * their comparisons: rows concatenated, Benjamini–Hochberg applied again across ALL rows (each
 * shard only corrected for its own), one geometric mean. Files the documents point at
 * (profiles, flame graphs) are copied beside the merged document, so every path resolves.
 */










async function copyInto(fromDir, toDir, rel) {
    if (external_node_path_.isAbsolute(rel) || rel.split(/[\\/]/).includes('..'))
        throw new errors/* InputError */.dz(`${fromDir}: refusing path ${rel} outside the shard`);
    await (0,promises_.mkdir)(external_node_path_.dirname(external_node_path_.join(toDir, rel)), { recursive: true });
    await (0,promises_.copyFile)(external_node_path_.join(fromDir, rel), external_node_path_.join(toDir, rel));
}
/** Results shards (each `<dir>/results.json`) → `<outDir>/results.json` with their profiles. */
async function mergeRunShards(shards, outDir) {
    const inputs = [];
    for (const s of shards)
        inputs.push({ file: s.name, dir: s.dir, doc: await readResults(external_node_path_.join(s.dir, 'results.json')) });
    const { doc, warnings } = mergeResults(inputs);
    for (const s of inputs) {
        for (const b of s.doc.benchmarks) {
            if (!b.profile)
                continue;
            try {
                await copyInto(s.dir, outDir, b.profile.folded);
            }
            catch (err) {
                warnings.push(`${b.name}: profile ${b.profile.folded} of ${s.file} could not be copied (${err.code ?? String(err)}); dropped`);
                const merged = doc.benchmarks.find((m) => m.name === b.name);
                if (merged)
                    delete merged.profile;
            }
        }
    }
    const resultsPath = external_node_path_.join(outDir, 'results.json');
    await writeJsonAtomic(resultsPath, doc);
    return { doc, warnings, resultsPath };
}
/** What a shard's row would say before multiple-testing correction, so BH can be applied anew. */
function uncorrected(row) {
    if (!row.gated || row.threshold === null || row.note?.startsWith('zero or negative') || !row.ci.every(Number.isFinite))
        return row;
    const { note: _note, ...rest } = row;
    return { ...rest, verdict: classify(row.ci, row.threshold), pAdjusted: null };
}
/** Paired shards (each `<dir>/comparison.json`, `<dir>/base|head/results.json`) → one comparison in outDir. */
async function mergeComparisonShards(shards, outDir) {
    if (shards.length === 0)
        throw new errors/* InputError */.dz('merge: expected at least one shard');
    const docs = [];
    for (const s of shards) {
        const file = external_node_path_.join(s.dir, 'comparison.json');
        const c = await readComparison(file);
        if (c.design !== 'paired' || !c.shard)
            throw new errors/* InputError */.dz(`${s.name}: ${file} is not a paired shard comparison (run with ab --shard i/n)`);
        docs.push({ name: s.name, dir: s.dir, c });
    }
    const first = docs[0];
    const problems = [];
    const count = first.c.shard?.count;
    const seen = new Map();
    for (const d of docs) {
        const sh = d.c.shard;
        if (sh.count !== count)
            problems.push(`${d.name}: shard ${sh.index}/${sh.count}, but ${first.name} is one of ${count}`);
        if (seen.has(sh.index))
            problems.push(`shard ${sh.index}/${sh.count} given twice: ${seen.get(sh.index)} and ${d.name}`);
        seen.set(sh.index, d.name);
        for (const side of ['base', 'head']) {
            if (d.c[side].git.sha !== first.c[side].git.sha)
                problems.push(`${d.name}: ${side} commit ${d.c[side].git.sha ?? 'unknown'}, but ${first.name} measured ${first.c[side].git.sha ?? 'unknown'}`);
            for (const m of compareFingerprints(first.c[side].fingerprint, d.c[side].fingerprint))
                problems.push(`${d.name}: ${side} hard fingerprint key ${m.key} is ${JSON.stringify(m.head)}, but ${JSON.stringify(m.base)} in ${first.name}`);
        }
        if (d.c.base.backend !== first.c.base.backend)
            problems.push(`${d.name}: backend ${d.c.base.backend}, but ${first.name} used ${first.c.base.backend}`);
        if ((sh.all ?? []).join('\n') !== (first.c.shard?.all ?? []).join('\n'))
            problems.push(`${d.name}: its shard plan lists different benchmarks than ${first.name} (a different suite or filter?)`);
    }
    if (count !== undefined) {
        const missing = Array.from({ length: count }, (_, k) => k + 1).filter((k) => !seen.has(k));
        if (missing.length > 0)
            problems.push(`missing shard(s) ${missing.map((k) => `${k}/${count}`).join(', ')}`);
    }
    if (problems.length > 0)
        throw new errors/* InputError */.dz(`cannot merge:\n  ${problems.join('\n  ')}`);
    const warnings = [];
    const side = (s) => mergeRunShards(docs.map((d) => ({ name: `${d.name} (${s})`, dir: external_node_path_.join(d.dir, s) })), external_node_path_.join(outDir, s));
    const base = await side('base');
    const head = await side('head');
    warnings.push(...base.warnings, ...head.warnings);
    const order = new Map((first.c.shard?.all ?? []).map((n, i) => [n, i]));
    const rows = docs.flatMap((d) => d.c.rows.map(uncorrected)).sort((a, b) => (order.get(a.benchmark) ?? 0) - (order.get(b.benchmark) ?? 0));
    const finalRows = finalizeRows(rows, first.c.fdr, docs.every((d) => d.c.gate.comparable));
    const explanations = {};
    for (const d of docs) {
        for (const [name, e] of Object.entries(d.c.explanations ?? {})) {
            explanations[name] = e;
            for (const rel of explanationFiles({ [name]: e }))
                await copyInto(d.dir, outDir, rel);
        }
    }
    const union = (pick) => [...new Set(docs.flatMap((d) => pick(d.c)))];
    const interrupted = union((c) => c.interrupted ?? []);
    const comparison = {
        ...first.c,
        createdAt: new Date().toISOString(),
        base: { ...first.c.base, results: base.resultsPath },
        head: { ...first.c.head, results: head.resultsPath },
        sequential: docs.reduce((s, d) => (d.c.sequential.looks > s.looks ? d.c.sequential : s), first.c.sequential),
        gate: { comparable: docs.every((d) => d.c.gate.comparable), reasons: union((c) => c.gate.reasons) },
        rows: finalRows,
        added: union((c) => c.added),
        removed: union((c) => c.removed),
        problems: docs.flatMap((d) => d.c.problems),
        summary: summarize(finalRows),
        warnings: [...union((c) => c.warnings), ...warnings],
        ...(interrupted.length > 0 ? { interrupted } : {}),
        ...(Object.keys(explanations).length > 0 ? { explanations } : {}),
    };
    delete comparison.shard;
    if (interrupted.length === 0)
        delete comparison.interrupted;
    if (Object.keys(explanations).length === 0)
        delete comparison.explanations;
    const comparisonPath = external_node_path_.join(outDir, 'comparison.json');
    await writeJsonAtomic(comparisonPath, comparison);
    return { comparison, warnings, comparisonPath };
}

;// CONCATENATED MODULE: ./build/action/modes.js
/**
 * The action's modes. `baseline` measures and stores results as an artifact; `compare` finds
 * the base branch's baseline (or measures the base commit in this job when there is none),
 * measures the head, decides, reports and gates; `comment` posts a report a fork PR's run left
 * behind; `merge` gathers shard results of this run and continues as baseline or compare.
 */
















/** Every file under dir, as paths relative to it (artifact uploads take a list). */
async function filesUnder(dir) {
    const out = [];
    const walk = async (d) => {
        for (const e of await (0,promises_.readdir)(d, { withFileTypes: true })) {
            const p = external_node_path_.join(d, e.name);
            if (e.isDirectory())
                await walk(p);
            else
                out.push(p);
        }
    };
    await walk(dir);
    return out.sort();
}
/** An artifact upload that fails is a warning: the local results are kept and their path printed. */
async function uploadOrWarn(gh, name, dir, inputs) {
    try {
        const files = await filesUnder(dir);
        const { id, size } = await gh.upload(name, files, dir, inputs.retentionDays);
        core/* info */.pq(`uploaded artifact ${name} (id ${id}, ${size} bytes)`);
        return id;
    }
    catch (err) {
        core/* warning */.$e(`could not upload artifact ${name}: ${(0,errors/* errorMessage */.gJ)(err)}; the files are still in ${dir}`);
        return null;
    }
}
const runUrl = (ctx, runId = ctx.runId) => `${ctx.serverUrl}/${ctx.repo.owner}/${ctx.repo.name}/actions/runs/${runId}`;
async function baselineMode(inputs, ctx, gh, merged) {
    const dir = merged?.dir ?? external_node_path_.join(inputs.out, 'baseline');
    let doc;
    let resultsPath;
    let hostMd = '';
    if (merged) {
        doc = merged.doc;
        resultsPath = external_node_path_.join(dir, 'results.json');
        await writeJsonAtomic(resultsPath, doc);
    }
    else {
        hostMd = await measure_preflight(inputs);
        const m = await measureHead(inputs, ctx, dir);
        doc = m.doc;
        resultsPath = m.resultsPath;
    }
    if (inputs.shard !== null) {
        // A shard only measures; the `merge` job decides and reports for the whole suite.
        await uploadOrWarn(gh, shardArtifact(inputs, inputs.shard.index, inputs.shard.count), dir, inputs);
        await core/* summary */.z.addRaw(hostMd + renderSummaryMarkdown(doc)).write();
        return { verdict: 'shard', results: resultsPath, ...brokenFailure(doc) };
    }
    const id = await uploadOrWarn(gh, inputs.baselineArtifact, dir, inputs);
    if (inputs.baselinePath) {
        // Persistent self-hosted runners keep the baseline on disk as well, for `baseline-path` compares.
        const saved = await directoryBaselineStore(inputs.baselinePath).save({ name: inputs.baselineArtifact, files: await filesUnder(dir), rootDir: dir });
        core/* info */.pq(`baseline saved to ${saved.source === 'directory' ? saved.dir : inputs.baselinePath}`);
    }
    const note = id === null ? `\n> ⚠️ The baseline could not be stored as an artifact; later pull requests will not find it.\n` : `\nBaseline stored as artifact \`${inputs.baselineArtifact}\` of [this run](${runUrl(ctx)}).\n`;
    await core/* summary */.z.addRaw(hostMd + renderSummaryMarkdown(doc) + note).write();
    return { verdict: 'baseline', results: resultsPath, regressions: 0, improvements: 0, ...brokenFailure(doc) };
}
function brokenFailure(doc) {
    const broken = doc.benchmarks.filter((b) => b.status !== 'ok');
    return broken.length > 0 ? { failure: `${broken.length} benchmark(s) did not complete: ${broken.map((b) => `${b.name} (${b.status})`).join(', ')}` } : {};
}
function shardArtifact(inputs, index, count) {
    return `${inputs.baselineArtifact.replace(/^perfgate-baseline/, 'perfgate-shard')}-${index}-of-${count}`;
}
/** The baseline to compare against, or why there is none. */
async function findBaseline(inputs, ctx, gh, base) {
    if (inputs.baselinePath) {
        const local = await directoryBaselineStore(inputs.baselinePath).find();
        if (!local.found)
            return { missing: local.message };
        const doc = await readResults(local.resultsPath);
        return { doc, dir: local.dir, path: local.resultsPath, provenance: { source: 'local-file', commit: doc.git.sha, ageMs: Date.now() - Date.parse(doc.startedAt) } };
    }
    // A shallow clone (actions/checkout's default) cannot compute the merge base; GitHub can.
    const head = ctx.pr?.headSha ?? ctx.mergeGroup?.headSha ?? ctx.sha;
    const preferSha = (await mergeBase(ctx.workspace, 'HEAD', base.sha)) ?? (await gh.mergeBase(base.sha, head)) ?? base.sha;
    const dir = external_node_path_.join(inputs.out, 'downloaded-baseline');
    const found = await gh.findBaseline({ branch: base.branch, preferSha, artifactName: inputs.baselineArtifact, destDir: dir });
    if ('missing' in found)
        return found;
    const file = external_node_path_.join(dir, 'results.json');
    try {
        const doc = await readResults(file);
        return { doc, dir, path: file, provenance: { source: 'artifact', commit: found.found.headSha, ageMs: Date.now() - Date.parse(found.found.createdAt), runUrl: found.found.runUrl } };
    }
    catch (err) {
        return { missing: `baseline artifact ${inputs.baselineArtifact} of run ${found.found.runId} is unusable: ${(0,errors/* errorMessage */.gJ)(err)}` };
    }
}
/** The base commit of a pull request or merge-queue entry, or why this event has none. */
function baseOf(ctx) {
    const base = ctx.pr ? { branch: ctx.pr.baseRef, sha: ctx.pr.baseSha } : ctx.mergeGroup ? { branch: ctx.mergeGroup.baseRef, sha: ctx.mergeGroup.baseSha } : null;
    if (!base)
        throw new errors/* InputError */.dz(`mode compare needs a pull_request or merge_group event (this is ${ctx.eventName || 'unknown'}); use mode: baseline`);
    return base;
}
/** Base and head measured as interleaved pairs in this job: the engine's `perfgate ab`. */
async function pairedInJob(inputs, ctx, base, reason) {
    await ensureCommit(ctx.workspace, base.sha, (m) => core/* info */.pq(m));
    const dir = external_node_path_.join(inputs.out, 'ab');
    const ab = await runAb({
        ...measureSettings(inputs),
        cwd: ctx.workspace,
        suitePath: inputs.suite,
        baseRef: base.sha,
        headRef: null,
        outDir: dir,
        ...(inputs.timeBudgetMs !== null ? { timeBudgetMs: inputs.timeBudgetMs } : {}),
        baseline: { source: 'same-job', sessions: 1, reason },
    });
    return { comparison: ab.comparison, dir };
}
async function compareMode(inputs, ctx, gh, merged) {
    const base = baseOf(ctx);
    const notices = [];
    const hostMd = merged ? '' : await measure_preflight(inputs);
    const sameJob = `base ${base.sha.slice(0, 12)} and head measured as interleaved pairs in this job, so drift between runners and sessions cancels`;
    if (inputs.shard !== null && !merged) {
        // A shard pairs its share of the benchmarks; the merge job decides and reports once.
        const { comparison, dir } = await pairedInJob(inputs, ctx, base, `${sameJob} (shard ${inputs.shard.index}/${inputs.shard.count})`);
        await uploadOrWarn(gh, shardArtifact(inputs, inputs.shard.index, inputs.shard.count), dir, inputs);
        await core/* summary */.z.addRaw(hostMd + renderComparisonSummary(comparison, inputs, ctx)).write();
        return { verdict: 'shard', comparison: external_node_path_.join(dir, 'comparison.json'), regressions: comparison.summary.regressions, improvements: comparison.summary.improvements };
    }
    if (inputs.baseline === 'same-job' && !merged) {
        const { comparison, dir } = await pairedInJob(inputs, ctx, base, `${sameJob} (baseline: same-job, the default)`);
        return decideAndReport(inputs, ctx, gh, comparison, dir, { source: 'same-job', commit: base.sha, ageMs: 0 }, notices, hostMd);
    }
    // baseline: artifact — one stored session from another run. Looked for before measuring, so
    // that a missing one falls back to pairs without measuring the head twice.
    const found = await findBaseline(inputs, ctx, gh, base);
    if ('missing' in found) {
        if (inputs.onMissingBaseline === 'fail')
            return { verdict: 'no-baseline', failure: `no usable baseline: ${found.missing} (on-missing-baseline: fail)` };
        if (inputs.onMissingBaseline === 'skip') {
            core/* warning */.$e(`NOT GATED: no usable baseline: ${found.missing}`);
            await core/* summary */.z.addRaw(hostMd + `> ⚠️ Not gated: no usable baseline: ${found.missing} (on-missing-baseline: skip)\n`).write();
            return { verdict: 'no-baseline' };
        }
        if (merged)
            throw new errors/* InputError */.dz(`no usable baseline for the merged shards: ${found.missing}; run the shards with baseline: same-job`);
        core/* warning */.$e(`${found.missing}: measuring the base commit in this job`);
        notices.push(`No usable baseline (${found.missing}): measured the base commit ${base.sha.slice(0, 12)} in this job instead (paired).`);
        const { comparison, dir } = await pairedInJob(inputs, ctx, base, `no usable baseline artifact (${found.missing}), so ${sameJob}`);
        return decideAndReport(inputs, ctx, gh, comparison, dir, { source: 'same-job', commit: base.sha, ageMs: 0 }, notices, hostMd);
    }
    const headDir = merged?.dir ?? external_node_path_.join(inputs.out, 'head');
    let headDoc;
    let headPath;
    if (merged) {
        headDoc = merged.doc;
        headPath = external_node_path_.join(headDir, 'results.json');
    }
    else {
        const m = await measureHead(inputs, ctx, headDir);
        headDoc = m.doc;
        headPath = m.resultsPath;
    }
    const comparison = compareDocs(found.doc, headDoc, {
        design: 'unpaired',
        baseline: { source: found.provenance.source, sessions: 1, reason: sessionReason(1) },
        baseSessions: [found.doc],
        basePath: found.path,
        headPath,
    });
    if (!comparison.gate.comparable)
        notices.push(`⚠️ The baseline is not comparable with this runner: ${comparison.gate.reasons.join('; ')}`);
    notices.push(`Compared with a stored baseline from another session (baseline: ${found.provenance.source}): results drift between sessions and runners by more than the gate's thresholds, so rows are reported but not gated. baseline: same-job (the default) measures base and head paired in this job.`);
    const ex = await explainChanges({ dir: found.dir, benchmarks: found.doc.benchmarks }, { dir: headDir, benchmarks: headDoc.benchmarks }, inputs.out);
    if (Object.keys(ex.explanations).length > 0)
        comparison.explanations = ex.explanations;
    comparison.warnings.push(...ex.warnings);
    return decideAndReport(inputs, ctx, gh, comparison, inputs.out, found.provenance, notices, hostMd);
}
function renderComparisonSummary(comparison, inputs, ctx) {
    return renderReport({ comparison, suiteId: inputs.suiteId, provenance: { source: 'same-job', commit: comparison.base.git.sha, ageMs: 0 }, runUrl: runUrl(ctx), artifactUrl: runUrl(ctx), notices: [] }).body;
}
async function decideAndReport(inputs, ctx, gh, comparison, sourceDir, provenance, notices, hostMd) {
    const fails = gateFails(comparison);
    let accepted = false;
    if (fails.length > 0 && ctx.pr) {
        accepted = ctx.pr.labels.includes(inputs.acceptLabel);
        if (!accepted)
            accepted = await gh.hasLabel(ctx.pr.number, inputs.acceptLabel).catch(() => false);
        if (accepted)
            notices.push(`✅ Regression accepted: the pull request has the label ${inputs.acceptLabel}; the gate passes.`);
    }
    if (ctx.pr?.readOnly)
        notices.push(`This run cannot comment (${ctx.pr.readOnly}): the report is stored as an artifact for the companion workflow (mode: comment).`);
    const { body, cutRows } = renderReport({ comparison, suiteId: inputs.suiteId, provenance, runUrl: runUrl(ctx), artifactUrl: runUrl(ctx), notices });
    if (cutRows > 0)
        core/* warning */.$e(`report: ${cutRows} row(s) cut to fit GitHub's comment limit`);
    // The differential flame graphs the comment names travel with the report artifact.
    const files = await writeReportDir(comparison, body, sourceDir, external_node_path_.join(inputs.out, 'report'), {
        'meta.json': { pr: ctx.pr?.number ?? null, marker: marker(inputs.suiteId), sha: ctx.pr?.headSha ?? ctx.sha },
    });
    for (const m of files.missing)
        core/* warning */.$e(`report: flame graph ${m} is missing from ${sourceDir}`);
    const reportPath = files.report;
    const comparisonPath = files.comparison;
    await uploadOrWarn(gh, inputs.reportArtifact, files.dir, inputs);
    await core/* summary */.z.addRaw(hostMd + body).write();
    const s = comparison.summary;
    const changed = s.regressions + s.improvements + comparison.problems.length > 0;
    if (ctx.pr && !ctx.pr.readOnly && inputs.comment !== 'never') {
        try {
            const r = await gh.upsertComment(ctx.pr.number, marker(inputs.suiteId), body, { create: inputs.comment === 'always' || changed });
            if (r)
                core/* info */.pq(`PR comment ${r.action} (id ${r.id})`);
        }
        catch (err) {
            core/* warning */.$e(`could not post the PR comment: ${(0,errors/* errorMessage */.gJ)(err)}; the report is in ${reportPath}, the job summary and the ${inputs.reportArtifact} artifact`);
        }
    }
    else if (ctx.pr?.readOnly) {
        core/* notice */.lm(`not commenting (${ctx.pr.readOnly}): the report is in the ${inputs.reportArtifact} artifact for a workflow_run job with mode: comment`);
    }
    const verdict = !comparison.gate.comparable ? 'not-comparable' : fails.length === 0 ? 'pass' : accepted ? 'accepted' : 'regression';
    const result = { verdict, ...(comparison.head.results ? { results: comparison.head.results } : {}), comparison: comparisonPath, report: reportPath, regressions: s.regressions, improvements: s.improvements };
    if (fails.length > 0 && !accepted && inputs.failOnRegression)
        result.failure = `perfgate: ${fails.join('; ')}`;
    if (!comparison.gate.comparable && inputs.failOnRegression)
        result.failure = `perfgate: not comparable with the baseline: ${comparison.gate.reasons.join('; ')}`;
    return result;
}
/**
 * workflow_run companion: posts the report a fork PR's run stored as an artifact. Nothing in
 * that artifact is trusted (the fork's code wrote it): the pull request comes from the event
 * and must have the run's head commit as its head (checked with GitHub), and the body is
 * rendered here from the artifact's comparison.json, escaped like every other report, never
 * taken as markdown.
 */
async function commentMode(inputs, ctx, gh) {
    const run = ctx.workflowRun;
    if (!run)
        throw new errors/* InputError */.dz(`mode comment runs on a workflow_run event (this is ${ctx.eventName || 'unknown'})`);
    if (!/^[0-9a-f]{40}$/.test(run.headSha))
        throw new errors/* InputError */.dz(`the workflow_run event names no head commit (workflow_run.head_sha is ${JSON.stringify(run.headSha)})`);
    const artifacts = await gh.listRunArtifacts(run.id, inputs.reportArtifact);
    const report = artifacts.find((a) => a.name === inputs.reportArtifact);
    if (!report) {
        core/* warning */.$e(`run ${run.id} left no ${inputs.reportArtifact} artifact: nothing to post`);
        return { verdict: 'commented' };
    }
    const dir = external_node_path_.join(inputs.out, 'posted-report');
    await gh.download({ id: report.id, runId: run.id }, dir);
    const comparisonFile = external_node_path_.join(dir, 'comparison.json');
    let comparison;
    try {
        comparison = parseComparison(JSON.parse(await (0,promises_.readFile)(comparisonFile, 'utf8')));
    }
    catch (err) {
        throw new errors/* InputError */.dz(`the report artifact of run ${run.id} holds no usable comparison.json: ${(0,errors/* errorMessage */.gJ)(err)}`);
    }
    // GitHub leaves workflow_run.pull_requests empty for fork PRs; the artifact may then name one,
    // but only a PR whose head GitHub says is the run's head commit is accepted.
    const meta = await (0,promises_.readFile)(external_node_path_.join(dir, 'meta.json'), 'utf8').then((t) => JSON.parse(t), () => ({}));
    const candidates = [...run.prNumbers, ...(run.prNumbers.length === 0 && typeof meta.pr === 'number' && Number.isInteger(meta.pr) && meta.pr > 0 ? [meta.pr] : [])];
    let pr = null;
    for (const n of candidates) {
        const head = await gh.pullHeadSha(n);
        if (head === run.headSha) {
            pr = n;
            break;
        }
        core/* warning */.$e(`pull request #${n} has head ${head.slice(0, 12)}, not the run's ${run.headSha.slice(0, 12)}: not posting there`);
    }
    if (pr === null)
        throw new errors/* InputError */.dz(`no pull request of this repository has the head commit ${run.headSha.slice(0, 12)} of run ${run.id}: refusing to post its report`);
    if (comparison.head.git.sha !== null && comparison.head.git.sha !== run.headSha) {
        core/* warning */.$e(`the report's head commit ${comparison.head.git.sha.slice(0, 12)} is not the run's head ${run.headSha.slice(0, 12)} (a dirty-tree snapshot or a forged report): posting it labelled as the run's`);
    }
    const { body } = renderReport({
        comparison,
        suiteId: inputs.suiteId,
        provenance: { source: comparison.baseline.source, commit: comparison.base.git.sha, ageMs: null },
        runUrl: runUrl(ctx, run.id),
        artifactUrl: runUrl(ctx, run.id),
        notices: [`Measured by [run ${run.id}](${runUrl(ctx, run.id)}) of a fork pull request; posted by the companion workflow, re-rendered from its comparison.json.`],
    });
    const r = await gh.upsertComment(pr, marker(inputs.suiteId), body, { create: true });
    core/* info */.pq(`PR #${pr} comment ${r?.action ?? 'unchanged'}`);
    const posted = external_node_path_.join(dir, 'posted.md');
    await (0,promises_.writeFile)(posted, body);
    return { verdict: 'commented', report: posted };
}
/**
 * Downloads this run's shard artifacts and merges them: paired shards (pull requests, merge
 * queues) into one comparison that is decided and reported once; results shards (pushes,
 * nightlies) into one baseline.
 */
async function mergeMode(inputs, ctx, gh) {
    const prefix = shardArtifact(inputs, 0, 0).replace(/-0-of-0$/, '-');
    const artifacts = await gh.listRunArtifacts(ctx.runId, prefix);
    if (artifacts.length === 0)
        throw new errors/* InputError */.dz(`mode merge: no shard artifacts named ${prefix}<i>-of-<n> in this run (did the shard jobs run with the same suite-id?)`);
    const shards = [];
    for (const a of artifacts) {
        const dir = external_node_path_.join(inputs.out, 'shards', a.name);
        await gh.download({ id: a.id, runId: ctx.runId }, dir);
        shards.push({ name: a.name, dir });
    }
    const mergedDir = external_node_path_.join(inputs.out, 'merged');
    const plain = { ...inputs, shard: null };
    const paired = await Promise.all(shards.map((s) => (0,promises_.access)(external_node_path_.join(s.dir, 'comparison.json')).then(() => true, () => false)));
    if (paired.every(Boolean)) {
        const { comparison, warnings } = await mergeComparisonShards(shards, mergedDir);
        for (const w of warnings)
            core/* warning */.$e(w);
        core/* info */.pq(`merged ${shards.length} paired shards: ${comparison.rows.length} rows`);
        return decideAndReport(plain, ctx, gh, comparison, mergedDir, { source: 'same-job', commit: comparison.base.git.sha, ageMs: 0 }, [], '');
    }
    if (paired.some(Boolean))
        throw new errors/* InputError */.dz(`mode merge: the shard artifacts mix paired (comparison.json) and unpaired (results.json) shards: ${shards.map((s, i) => `${s.name}: ${paired[i] ? 'paired' : 'results'}`).join(', ')}`);
    const { doc, warnings } = await mergeRunShards(shards, mergedDir);
    for (const w of warnings)
        core/* warning */.$e(w);
    const merged = { doc, dir: mergedDir };
    return ctx.pr || ctx.mergeGroup ? compareMode({ ...plain, baseline: 'artifact' }, ctx, gh, merged) : baselineMode(plain, ctx, gh, merged);
}

;// CONCATENATED MODULE: ./build/action/main.js
/**
 * The action's entry: inputs and event read once, GitHub services built once, the mode run,
 * outputs set. Failures of the gate are returned as a reason, so src/index.ts has the one
 * setFailed.
 */







async function run() {
    const ctx = readContext(process.env);
    const inputs = readInputs((name) => core/* getInput */.V4(name), ctx.workspace);
    if (inputs.token)
        core/* setSecret */.Pq(inputs.token);
    const mode = resolveMode(inputs.mode, ctx);
    core/* info */.pq(`perfgate: mode ${mode}${inputs.mode === 'auto' ? ` (auto, event ${ctx.eventName || 'unknown'})` : ''}, suite ${inputs.suite}`);
    // Before anything runs the suite: a fork's code must not reach a persistent runner, whatever the mode.
    if ((mode === 'baseline' || mode === 'compare') && ctx.pr?.fork && ctx.runner === 'self-hosted' && !inputs.allowForkOnSelfHosted) {
        throw new errors/* InputError */.dz('refusing to run code from a fork on a self-hosted runner (it could persist on the machine); set allow-fork-on-self-hosted: true to opt in');
    }
    const gh = inputs.token ? githubServices(inputs, ctx) : withoutToken();
    const modes = { baseline: baselineMode, compare: compareMode, comment: commentMode, merge: mergeMode };
    if (inputs.tune)
        core/* saveState */.LZ('tuning-state', tuningStateFile());
    const result = await modes[mode](inputs, ctx, gh);
    core/* setOutput */.uH('verdict', result.verdict);
    core/* setOutput */.uH('regressions', String(result.regressions ?? 0));
    core/* setOutput */.uH('improvements', String(result.improvements ?? 0));
    for (const key of ['results', 'comparison', 'report'])
        core/* setOutput */.uH(key, result[key] ?? '');
    if (result.failure)
        throw new Error(result.failure);
}
function githubServices(inputs, ctx) {
    return createGitHubServices({
        token: inputs.token,
        repo: { owner: ctx.repo.owner, repo: ctx.repo.name },
        runId: ctx.runId,
        ...(process.env.GITHUB_WORKFLOW_REF ? { workflowRef: process.env.GITHUB_WORKFLOW_REF } : {}),
        apiUrl: ctx.apiUrl,
        commentAuthor: inputs.commentAuthor,
        log: (m) => core/* info */.pq(m),
    });
}
/** Without a token nothing on GitHub can be read or written; say so once, then degrade. */
function withoutToken() {
    const why = 'no github-token (pass github-token: ${{ github.token }})';
    core/* warning */.$e(`${why}: cannot read baselines, upload artifacts or comment`);
    const refuse = () => Promise.reject(new errors/* InputError */.dz(why));
    return {
        upload: refuse,
        findBaseline: () => Promise.resolve({ missing: why }),
        mergeBase: () => Promise.resolve(null),
        download: refuse,
        listRunArtifacts: refuse,
        upsertComment: refuse,
        hasLabel: () => Promise.resolve(false),
        pullHeadSha: refuse,
    };
}


/***/ })

};
