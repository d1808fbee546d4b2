export const id = 565;
export const ids = [565];
export const modules = {

/***/ 40565:
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
;// CONCATENATED MODULE: ./build/store/github-errors.js
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
    return errors.flatMap((e) => typeof e === 'object' && e !== null && typeof e.message === 'string'
        ? [e.message]
        : typeof e === 'string'
            ? [e]
            : []);
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
    const own = typeof data === 'object' && data !== null && typeof data.message === 'string'
        ? data.message
        : null;
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
// EXTERNAL MODULE: ./build/tools/secrets.js
var secrets = __webpack_require__(64309);
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
/** Attempts at a request that gets no answer at all before the host is called unreachable. */
const NO_ANSWER_ATTEMPTS = 2;
/**
 * Notes each failed attempt that plugin-retry will retry (5xx, no answer). Registered first,
 * so it is the innermost hook and sees every attempt, not just the last.
 */
/** The innermost cause's code (`ECONNREFUSED`, `ENOTFOUND`), else its message: fetch wraps it twice. */
function rootCause(error) {
    let e = error;
    let message = '';
    for (let depth = 0; depth < 5 && e !== null && typeof e === 'object'; depth++) {
        if (typeof e.code === 'string')
            return e.code;
        if (typeof e.message === 'string')
            message = e.message;
        e = e.cause;
    }
    return message || 'no answer';
}
function retryNotes(log, baseUrl) {
    return (octokit) => {
        octokit.hook.error('request', (error, options) => {
            const status = error.status;
            // Our own count, on the per-call copy ownRequestOptions makes (see there).
            const own = options.request;
            const attempt = (own.perfgateAttempt = (own.perfgateAttempt ?? 0) + 1);
            const route = `${options.method} ${String(options.url)}`;
            // Octokit reports a request that got no answer at all (refused, DNS, reset) as status 500
            // without a response. That is not GitHub failing: say so, try once more, then give up,
            // rather than back off for most of a minute per call.
            if (status === 500 && error.response === undefined) {
                const cause = rootCause(error);
                if (attempt >= NO_ANSWER_ATTEMPTS)
                    throw new Error(`cannot reach ${baseUrl} (${cause}) after ${attempt} attempts: ${route}`);
                log(`GitHub API ${route}: no answer (${cause}) on attempt ${attempt} of ${NO_ANSWER_ATTEMPTS}`);
                throw error;
            }
            if (typeof status !== 'number' || status >= 500)
                log(`GitHub API ${route}: ${typeof status === 'number' ? status : error.message} on attempt ${attempt}`);
            throw error;
        });
    };
}
/** Fields of a request's options that are not its parameters: left as Octokit built them. */
const NOT_PARAMETERS = new Set(['method', 'url', 'baseUrl', 'headers', 'request', 'mediaType']);
/**
 * Defence in depth: every parameter sent (comment and issue bodies, titles) is scrubbed of the
 * job's secrets, whatever text built it (tools/secrets.ts). Registered last: runs first.
 */
function scrubbedParameters(octokit) {
    octokit.hook.before('request', (options) => {
        const o = options;
        for (const key of Object.keys(o))
            if (!NOT_PARAMETERS.has(key))
                o[key] = (0,secrets/* scrubDeep */.wE)(o[key]);
    });
}
/**
 * Every request gets its own `request` options object. Octokit merges a defaults `request` into
 * each call by reference, and plugin-retry counts attempts in `options.request.retryCount`: with
 * one shared object the count carried over from call to call, so attempts were numbered out of
 * order and a later call's back-off started long and its retries ran out early. Registered
 * last, so it runs before the retry and throttling plugins see the call.
 */
function ownRequestOptions(octokit) {
    // In place: every layer of the hook chain was bound to this same options object.
    octokit.hook.wrap('request', (request, options) => {
        options.request = { ...options.request };
        return request(options);
    });
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
    const baseUrl = o.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com';
    return (0,github/* getOctokit */.Q)(o.token, {
        baseUrl,
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
    }, retryNotes(log, baseUrl), dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A, ownRequestOptions, scrubbedParameters);
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
function assertPositiveSample(name, values) {
    validate_assertSample(name, values);
    values.forEach((v, i) => {
        if (v <= 0) {
            throw new RangeError(`${name}[${i}] = ${v} is not positive; logarithms need values > 0`);
        }
    });
}
/** Throws unless 0 < level < 1. */
function assertConfLevel(level) {
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
function assertInteger(name, n, min) {
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

// The coefficients are quoted digit for digit from R's sources (more digits than a double holds),
// so each can be checked against its publication; the compiler rounds them to the nearest double.
/* eslint-disable no-loss-of-precision */
const DBL_EPSILON = 2.220446049250313e-16;
const ONE_OVER_SQRT_2PI = 0.398942280401432677939946059934;
const SQRT_32 = 5.656854249492380195206754896838;
// Cody (1969/1993) coefficients, as used by R's pnorm_both.
const PN_A = [
    2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113,
];
const PN_B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const PN_C = [
    0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
    6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const PN_D = [
    22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
    34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const PN_P = [
    0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5,
    0.02307344176494017303,
];
const PN_Q = [
    1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5,
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
    3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457,
    67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
];
const AS241_B = [
    1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061,
    28729.085735721942674, 5226.495278852854561,
];
const AS241_C = [
    1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258,
    0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
];
const AS241_D = [
    1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
    0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
];
const AS241_E = [
    6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123, 0.026532189526576123093,
    0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
];
const AS241_F = [
    1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
    1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
];
function horner(coefs, x) {
    let acc = 0;
    for (let i = coefs.length - 1; i >= 0; i--)
        acc = acc * x + coefs[i];
    return acc;
}
/** Standard normal quantile: the z with P(Z <= z) = p (−Infinity at 0, +Infinity at 1). */
function normalQuantile(p) {
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
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
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
        return t > 0 === lowerTail ? 1 : 0;
    // x = df/(df+t²) written so that neither t² nor its complement overflows or cancels.
    const at = Math.abs(t);
    const ratio = df / at;
    const x = at === 0 ? 1 : ratio / (at + ratio);
    const y = at === 0 ? 0 : at / (at + ratio);
    const tail = 0.5 * incompleteBeta(x, y, df / 2, 0.5); // P(T > |t|)
    return t > 0 === lowerTail ? 1 - tail : tail;
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
    let hi = Math.max(1, normalQuantile(1 - q));
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
    assertInteger('signed-rank n', n, 1);
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
function mannWhitneyQuantile(p, m, n) {
    validate_assertProbability('mannWhitneyQuantile: p', p);
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

;// CONCATENATED MODULE: ./build/stats/mde.js
/**
 * The minimum detectable change (mde) of a row: the smallest true change its test tells apart
 * from no change with power 80% at the row's own level (docs/ARCHITECTURE.md §4).
 *
 * Definition. A two-sided test at level 1 − α of a log-scale estimate with standard error SE
 * detects a true log shift δ with power 1 − β when
 *     δ = (q_{1−α/2} + q_{1−β}) · SE,
 * q the standard normal quantile, or Student's t with `df` degrees of freedom for the session
 * model's t interval (the shifted central t: it ignores the noncentral t's skew, which costs a
 * few points of power at few degrees of freedom; the far tail is ignored in both cases). Then
 *     mde = exp(δ) − 1,
 * a relative rise of the cost, the terms verdicts compare with θ (stats/verdict.ts
 * costInterval): a time rising by mde, or a throughput falling by mde / (1 + mde).
 *
 * SE comes from the interval the row already has: a two-sided interval at level L with
 * half-width h on the log scale implies SE = h / q_{(1+L)/2}, so δ = h · (1 + q_{1−β} / q_{(1+L)/2}).
 * For paired rows that is the SE the signed-rank interval achieves (the rank method's
 * efficiency included) rather than the SD of the log ratios over √n, which one outlier inflates;
 * the level is the one the interval reached (Pocock-widened under adaptive sampling).
 *
 * What it means for the gate: a regression needs the interval's lower end above +θ, so a true
 * change Δ is flagged with 80% power once ln(1 + Δ) ≥ ln(1 + θ) + δ (about θ + mde). A row whose
 * mde exceeds θ cannot tell a change of θ from none.
 */


/** The power the mde is quoted at. */
const MDE_POWER = 0.8;
const quantile = (p, df) => (df === undefined ? normalQuantile(p) : studentTQuantile(p, df));
/** The standard error a two-sided interval [lo, hi] (log scale) at `level` implies. */
function intervalSe(logCi, level, df) {
    assertConfLevel(level);
    const [lo, hi] = logCi;
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi))
        throw new RangeError(`intervalSe: expected a finite interval lo <= hi, got [${lo}, ${hi}]`);
    return (hi - lo) / (2 * quantile((1 + level) / 2, df));
}
/** δ = (q_{(1+level)/2} + q_{power}) · SE on the log scale. */
function logMde(se, level, df) {
    assertConfLevel(level);
    if (!(se >= 0 && Number.isFinite(se)))
        throw new RangeError(`logMde: SE must be finite and >= 0, got ${se}`);
    return (quantile((1 + level) / 2, df) + quantile(MDE_POWER, df)) * se;
}
/**
 * The mde of a row from its relative interval [lo, hi] (in the metric's own terms or in cost
 * terms: the log width is the same) at `level`; null when the row has no interval to speak of
 * (NaN ends, level 0: no interval was reachable).
 */
function mdeOfInterval(ci, level, df) {
    if (!(level > 0 && level < 1) || !ci.every((v) => Number.isFinite(v) && v > -1) || ci[0] > ci[1])
        return null;
    const se = intervalSe([Math.log1p(ci[0]), Math.log1p(ci[1])], level, df);
    return Math.expm1(logMde(se, level, df));
}
/**
 * The spread of one pair's log ratio that an interval from `pairs` pairs implies (SE·√n): the
 * pair noise, on the scale of "2.1% pair noise" (SD of log ratios).
 */
function pairNoise(ci, level, pairs) {
    return intervalSe([Math.log1p(ci[0]), Math.log1p(ci[1])], level) * Math.sqrt(pairs);
}
/**
 * Pairs at which the mde would reach θ at the same level and noise, SE falling as 1/√n:
 * ⌈n · (ln(1 + mde) / ln(1 + θ))²⌉; Infinity for θ = 0 with any noise.
 */
function pairsForMde(mde, threshold, pairs) {
    if (!(mde >= 0) || !(threshold >= 0) || !(pairs >= 1))
        throw new RangeError(`pairsForMde: expected mde >= 0, θ >= 0, pairs >= 1, got ${mde}, ${threshold}, ${pairs}`);
    if (mde <= threshold)
        return pairs;
    if (threshold === 0)
        return Infinity;
    return Math.ceil(pairs * (Math.log1p(mde) / Math.log1p(threshold)) ** 2 - 1e-9);
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
function hasTies(values) {
    return new Set(Array.from(values)).size !== values.length;
}
/**
 * Standardised statistic with R's continuity correction: `centered` is statistic − mean under
 * H0; the half-unit correction moves it toward 0 (two-sided) or against H1 (one-sided).
 */
function ranktest_correctedZ(centered, sigma, alternative, correct) {
    let correction = 0;
    if (correct) {
        correction = alternative === 'two-sided' ? Math.sign(centered) * 0.5 : alternative === 'greater' ? 0.5 : -0.5;
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
function stepCrossing(knots, w, target) {
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
function sidedInterval(alternative, lower, upper) {
    if (alternative === 'greater')
        return [lower, Infinity];
    if (alternative === 'less')
        return [-Infinity, upper];
    return [lower, upper];
}
/** Sorted distinct values of a sorted array. */
function distinctSorted(sorted) {
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
    return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
/**
 * R's signif(x, 2), used where R rounds an achieved confidence level. R (nmath/fprec.c) scales
 * to two digits and rounds with nearbyint, half to even, so an exact half such as 0.125 (the
 * achieved alpha of 4 pairs) gives 0.12, where toPrecision(2) gives 0.13.
 */
function signif2(x) {
    if (x === 0 || !Number.isFinite(x))
        return x;
    const e10 = 1 - Math.floor(Math.log10(Math.abs(x)));
    const scale = 10 ** Math.abs(e10);
    const v = e10 >= 0 ? x * scale : x / scale;
    const floor = Math.floor(v);
    const frac = v - floor;
    const rounded = frac > 0.5 || (frac === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
    return e10 >= 0 ? rounded / scale : rounded * scale;
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
    const exact = (options.exact ?? x.length < 50) && !hasTies(x);
    return intervalOf(x, options, exact);
}
/** R's wilcox.test(x, mu, alternative, exact, correct, conf.int = TRUE, conf.level). */
function wilcoxonSignedRank(x, options = {}) {
    const test = signedRankTest(x, options);
    const mu = test.mu;
    const kept = x.filter((v) => v - mu !== 0);
    const interval = kept.length === 0
        ? degenerate(mu, test.alternative, options.confLevel ?? 0.95)
        : intervalOf(kept, options, test.exact);
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
    return { estimate: at, ci: sidedInterval(alternative, at, at), confLevel, exact: false };
}
function intervalOf(x, options, exact) {
    const alternative = options.alternative ?? 'two-sided';
    const confLevel = options.confLevel ?? 0.95;
    const correct = options.correct ?? true;
    assertConfLevel(confLevel);
    const averages = walsh(x);
    const estimate = ranktest_sortedMedian(averages);
    return exact
        ? exactInterval(averages, x.length, alternative, confLevel, estimate)
        : asymptoticInterval(x, averages, estimate, { alternative, confLevel, correct });
}
function exactInterval(averages, n, alternative, confLevel, estimate) {
    const alpha = 1 - confLevel;
    const total = averages.length;
    // Position of the limit among the sorted Walsh averages (1-based in R; 0 is moved to 1).
    const qu = Math.max(1, signedRankQuantile(alternative === 'two-sided' ? alpha / 2 : alpha, n));
    const ql = total - qu;
    const tail = signedRankCdf(qu - 1, n);
    const achieved = alternative === 'two-sided' ? 2 * tail : tail;
    const ci = sidedInterval(alternative, averages[qu - 1], averages[ql]);
    const level = achieved - alpha > alpha / 2 ? 1 - signif2(achieved) : confLevel;
    return { estimate, ci, confLevel: level, exact: true };
}
function asymptoticInterval(x, averages, estimate, settings) {
    const { alternative, confLevel, correct } = settings;
    const min = averages[0];
    const max = averages[averages.length - 1];
    if (min === max)
        return degenerate(min, alternative, confLevel);
    const w = (d) => standardizedAt(x, d, alternative, correct);
    const wMin = w(min);
    const wMax = w(max);
    // R widens alpha until the sample range brackets the limits; the "less" branch tests alpha/2.
    let alpha = 1 - confLevel;
    const unreachable = (a) => {
        switch (alternative) {
            case 'two-sided':
                return wMin < normalQuantile(1 - a / 2) || wMax > normalQuantile(a / 2);
            case 'greater':
                return wMin < normalQuantile(1 - a);
            case 'less':
                return wMax > normalQuantile(a / 2);
        }
    };
    while (alpha < 1 && unreachable(alpha))
        alpha *= 2;
    const level = alpha >= 1 || 1 - confLevel < alpha * 0.75 ? 1 - Math.min(1, alpha) : confLevel;
    const knots = distinctSorted(averages);
    const median = ranktest_sortedMedian(Float64Array.from(x).sort());
    const root = (z) => (alpha < 1 ? stepCrossing(knots, w, z) : median);
    let ci;
    switch (alternative) {
        case 'two-sided':
            ci = [root(normalQuantile(1 - alpha / 2)), root(normalQuantile(alpha / 2))];
            break;
        case 'greater':
            ci = [root(normalQuantile(1 - alpha)), Infinity];
            break;
        case 'less':
            ci = [-Infinity, root(normalQuantile(alpha))];
            break;
    }
    return { estimate, ci, confLevel: level, exact: false };
}
/** R's W(d): the corrected, tie-adjusted standardised signed-rank statistic of x − d. */
function standardizedAt(x, d, alternative, correct) {
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
/**
 * A relative change of a higher-is-better metric x as the change of its cost 1/x, where a drop
 * is a positive change (a 10% throughput drop is an 11.1% cost rise). The map
 * c ↦ 1/(1 + c) − 1 is its own inverse, so the same call converts back.
 */
function costChange(change, direction) {
    return direction === 'higher' ? 1 / (1 + change) - 1 : change;
}
/** An interval through costChange: for higher-is-better the ends swap. */
function costInterval(ci, direction) {
    return direction === 'higher' ? [costChange(ci[1], direction), costChange(ci[0], direction)] : [ci[0], ci[1]];
}
/**
 * THE verdict of a row: its interval of relative change in the metric's own terms (as
 * comparison.json stores it), the level that interval reached, θ and the metric's direction.
 * Every path that turns an interval into a verdict calls this one (analysis paired and across
 * sessions, shard merge), so a throughput drop is a regression everywhere; fix follow-ups in
 * report/investigation-render.ts judge in the same cost terms (costInterval).
 * Level 0 is R's answer when no interval is reachable (a few samples, mostly tied: the
 * "interval" is the median repeated), so there is nothing to classify.
 */
function verdictOf(ci, confLevel, threshold, direction) {
    assertThreshold(threshold);
    if (!(confLevel > 0))
        return 'inconclusive';
    return classify(costInterval(ci, direction), threshold);
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
    assertPositiveSample('base', base);
    assertPositiveSample('head', head);
    if (base.length !== head.length) {
        throw new RangeError(`paired samples must have the same length, got base ${base.length} and head ${head.length}`);
    }
    const ratios = head.map((h, i) => Math.log(h / base[i]));
    const interval = signedRankInterval(ratios, { confLevel });
    const test = signedRankTest(ratios, { mu: Math.log1p(threshold), alternative: 'greater' });
    return assemble('paired', interval, test.pValue, threshold, { base: base.length, head: head.length });
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
    assertConfLevel(confLevel);
    if (rows.length === 0)
        throw new RangeError('geomeanChange: expected at least one row');
    let sum = 0;
    let variance = 0;
    rows.forEach((row, i) => {
        const [lo, hi] = row.logCi;
        if (![row.logEstimate, lo, hi].every(Number.isFinite) || lo > hi) {
            throw new RangeError(`geomeanChange: row ${i} needs a finite estimate and a finite interval lo <= hi`);
        }
        assertConfLevel(row.confLevel);
        const se = intervalSe([lo, hi], row.confLevel);
        sum += row.logEstimate;
        variance += se * se;
    });
    const k = rows.length;
    const logEstimate = sum / k;
    const half = (normalQuantile((1 + confLevel) / 2) * Math.sqrt(variance)) / k;
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
    assertConfLevel(confLevel);
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
        verdict: verdictOf(relative.ci, interval.confLevel, threshold, undefined),
        threshold,
        confLevel: interval.confLevel,
        exact: interval.exact,
        n,
    };
}

;// CONCATENATED MODULE: ./build/compare/changed.js

/** The explanation's frames, when it has them (an entry with only a kind has none). */
function hasFrames(ex) {
    return ex !== undefined && 'diff' in ex;
}
/** Benchmarks with a gated regression or improvement, regressions first, in row order. */
function changedBenchmarks(doc) {
    const pick = (v) => doc.rows.filter((r) => r.gated && r.verdict === v).map((r) => r.benchmark);
    return [...new Set([...pick('regression'), ...pick('improvement')])];
}
/**
 * Which explanation covers a benchmark: its own, or for a benchmark reported by a harness
 * (`<entry>/<name>`, never profiled on its own) its entry's, the profile of the whole invocation
 * that ran it.
 */
function explanationKey(doc, benchmark) {
    if (hasFrames(doc.explanations?.[benchmark]))
        return benchmark;
    const entry = doc.rows.find((r) => r.benchmark === benchmark && r.entry !== undefined)?.entry;
    return entry !== undefined && hasFrames(doc.explanations?.[entry]) ? entry : undefined;
}
/** The changed benchmarks that an explanation covers, by explanation, in changedBenchmarks order. */
function explainedChanges(doc) {
    const out = [];
    for (const benchmark of changedBenchmarks(doc)) {
        const name = explanationKey(doc, benchmark);
        if (name === undefined)
            continue;
        const group = out.find((g) => g.name === name);
        if (group)
            group.benchmarks.push(benchmark);
        else
            out.push({ name, benchmarks: [benchmark] });
    }
    return out;
}
/** `xxh/A, xxh/B and 3 more`: the benchmarks an entry's profile stands for, in a heading. */
function coveredList(benchmarks, max = 3) {
    const shown = benchmarks.slice(0, max).join(', ');
    return benchmarks.length > max ? `${shown} and ${benchmarks.length - max} more` : shown;
}
/**
 * `slower` or `faster` for a gated row left inconclusive whose estimate lies beyond θ (in cost
 * terms: a throughput drop is slower), else null. Its interval reaches past ±θ but not clear of
 * it, so it is no verdict; it is still what a maintainer should look at first when nothing is
 * flagged (four rows at +5…+14% were reported as "Nothing changed").
 */
function likelyChange(r) {
    if (!r.gated || r.verdict !== 'inconclusive' || r.threshold === null)
        return null;
    const c = costChange(r.change, r.direction);
    return c > r.threshold ? 'slower' : c < -r.threshold ? 'faster' : null;
}
/** Benchmarks with no verdict but a likely change (likelyChange), likely slower first, then by size. */
function likelyBenchmarks(doc) {
    const changed = new Set(changedBenchmarks(doc));
    const out = new Map();
    for (const row of doc.rows) {
        const direction = likelyChange(row);
        if (direction === null || changed.has(row.benchmark))
            continue;
        const had = out.get(row.benchmark);
        // One line per benchmark: its slower row wins over a faster one, then the larger change.
        const size = (r) => Math.abs(costChange(r.change, r.direction));
        if (!had ||
            (had.direction === 'faster' && direction === 'slower') ||
            (had.direction === direction && size(row) > size(had.row)))
            out.set(row.benchmark, { benchmark: row.benchmark, direction, row });
    }
    const order = (x) => (x.direction === 'slower' ? 0 : 1);
    return [...out.values()].sort((a, b) => order(a) - order(b) ||
        Math.abs(costChange(b.row.change, b.row.direction)) - Math.abs(costChange(a.row.change, a.row.direction)));
}
/**
 * The benchmarks worth a profile of their own, in the order to spend a time budget on:
 * regressions, improvements, then likely changed, each largest first.
 */
function benchmarksToExplain(rows) {
    // Within each verdict, the largest change of any gated row first (cost terms).
    const size = new Map();
    for (const r of rows)
        if (r.gated)
            size.set(r.benchmark, Math.max(size.get(r.benchmark) ?? 0, Math.abs(costChange(r.change, r.direction))));
    const bySize = (names) => [...names].sort((a, b) => (size.get(b) ?? 0) - (size.get(a) ?? 0));
    const pick = (v) => bySize([...new Set(rows.filter((r) => r.gated && r.verdict === v).map((r) => r.benchmark))]);
    return [
        ...new Set([...pick('regression'), ...pick('improvement'), ...likelyBenchmarks({ rows }).map((l) => l.benchmark)]),
    ];
}

;// CONCATENATED MODULE: ./build/report/escape.js
/**
 * The one markdown escaper, for everything perfgate writes into a PR comment, job summary or
 * table that came from outside: benchmark names, frame names, errors and stderr. Such text
 * must not become markup, HTML, links or @-mentions in a maintainer's PR.
 */
/**
 * Every line break GitHub honours, `\r` alone included: a stderr line ending "\r# Title" or
 * "\r</details>" must not start a new markdown block.
 */
const LINE_BREAKS = /\r\n|[\r\n\v\f\u0085\u2028\u2029]/g;
/** ASCII punctuation markdown acts on anywhere in a line; `&` for entities, `$` for math. */
const ACTIVE = /[\\`*_{}[\]()<>#+!|~&$]/g;
/**
 * GitHub links URLs, mentions and issue references in the rendered text too, after markdown
 * (so a backslash does not stop it): a zero-width space breaks each pattern without a visible
 * change. `https://x`, `www.x`, `@user` (and e-mail addresses), `#12` / `GH-12`.
 */
const LINKY = /(:)(?=\/\/)|(\bwww)(?=\.)|(@)|(#|\bGH-)(?=\d)/gi;
/** Plain text that renders as itself on one line: no markup, HTML, entities, links or mentions. */
function escapeMarkdown(s) {
    return (s
        .replace(LINE_BREAKS, ' ')
        // Other control characters render as nothing or as garbage; show that they were there.
        .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '\ufffd')
        .replace(ACTIVE, (c) => `\\${c}`)
        .replace(LINKY, (m) => `${m}\u200b`)
        // At the start, `- x`, `1. x`, `> x` and `---`/`===` would open a list, a quote or a
        // heading underline; `-1.5%` and `1.0` (numbers in a cell) open nothing and stay as they are.
        .replace(/^(\s*)(>|[-=](?=[\s=-]|$)|\d+(?=[.)](?:\s|$)))/, (_m, sp, c) => /^\d/.test(c) ? `${sp}${c}\\` : `${sp}\\${c}`));
}
/**
 * `text` as an inline code span: on one line, fenced by one backtick more than the longest run
 * inside it (a single fence is closed by the first backtick in a frame name, a double one by
 * "``", which released @mentions and HTML), padded with spaces as CommonMark strips them, and
 * with `|` escaped so a table cell does not end early. Nothing inside a code span is markup.
 */
function markdownCode(text) {
    const t = text
        .replace(LINE_BREAKS, ' ')
        .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '\ufffd')
        .replace(/\|/g, '\\|');
    let longest = 0;
    for (const run of t.match(/`+/g) ?? [])
        longest = Math.max(longest, run.length);
    const fence = '`'.repeat(longest + 1);
    const pad = longest > 0 || t.startsWith(' ') || t.endsWith(' ') ? ' ' : '';
    return `${fence}${pad}${t === '' ? ' ' : t}${pad}${fence}`;
}
/** Text for HTML element content or a quoted attribute (the dashboard, the investigation report). */
function escapeHtml(s) {
    return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
/**
 * Text (stderr, a log tail) as a fenced code block: nothing inside is markup, HTML or a link; the
 * fence is longer than any backtick run in the text, so the text cannot close it; `\r` becomes a
 * line break rather than a way to start a new block.
 */
function markdownCodeBlock(text) {
    const t = text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\ufffd');
    let longest = 0;
    for (const run of t.match(/`+/g) ?? [])
        longest = Math.max(longest, run.length);
    const fence = '`'.repeat(Math.max(3, longest + 1));
    return `${fence}text\n${t.replace(/\n+$/, '')}\n${fence}`;
}

;// CONCATENATED MODULE: ./build/report/kind-line.js
/**
 * One line per labelled benchmark saying what kind of change it was, with the numbers
 * (compare/slowdown-kind.ts), for the comment, the text report and the investigation report:
 *   cache/random +630.9% CPU time: memory (TLB) — TLB misses (simulated) per 1000 instructions
 *   0.27 → 19.1 (×71), D1 misses 17.0 → 45.2 (×2.7); instructions +0.0% (cachegrind, one run a side)
 * Built as spans, so each format escapes names its own way (blocks.ts).
 */


const METRIC = { 'task-clock': 'CPU time', wall: 'wall time' };
/** `+11.5%`, `−0.4%`, `+0.0%`: one decimal, no exponent, whatever the size. */
function pct(x) {
    const v = x * 100;
    const s = Math.abs(v) >= 1000 ? Math.abs(v).toFixed(0) : Math.abs(v).toFixed(1);
    return `${v < 0 && s !== '0.0' ? '−' : '+'}${s}%`;
}
function num(x) {
    return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toFixed(3);
}
function times(p) {
    if (p.base <= 0)
        return '';
    const r = p.head / p.base;
    return r >= 1 ? ` (×${num(r)})` : ` (÷${num(1 / r)})`;
}
function rateName(rate, e) {
    switch (rate) {
        case 'd1Misses':
            return 'D1 misses';
        case 'llMisses':
            return 'LL misses';
        case 'tlbMisses':
            return e.source === 'cachegrind' ? 'TLB misses (simulated)' : 'dTLB misses';
        case 'branchMisses':
            return 'mispredicted branches';
    }
}
const WHERE = {
    tlbMisses: 'TLB',
    d1Misses: 'L1 data cache',
    llMisses: 'last-level cache',
    branchMisses: 'branches',
};
function kindName(l, slower) {
    const e = l.evidence;
    switch (l.kind) {
        case 'more-work':
            return slower ? 'more work' : 'less work';
        case 'memory': {
            const where = (e.moved ?? []).filter((r) => r !== 'branchMisses').map((r) => WHERE[r]);
            return `memory${where.length > 0 ? ` (${where.join(', ')})` : ''}`;
        }
        case 'branches':
            return 'branch mispredictions';
        case 'layout':
            return 'layout or alignment';
        default:
            return l.kind;
    }
}
function movedRates(e) {
    const parts = (e.moved ?? []).flatMap((rate) => {
        const p = e.perKiloInstructions?.[rate];
        return p ? [`${rateName(rate, e)} ${num(p.base)} → ${num(p.head)}${times(p)}`] : [];
    });
    return parts.length > 0 ? `${parts.join(', ')} per 1000 instructions` : '';
}
function instructions(e) {
    const i = e.instructions;
    if (!i)
        return e.scope === 'invocation' || e.scope === 'alone'
            ? 'instructions not comparable (the harness sets its iterations by time)'
            : '';
    return `instructions ${pct(i.change)}${i.ci ? ` [${pct(i.ci[0])}, ${pct(i.ci[1])}]` : ''}`;
}
function source(e) {
    if (e.source === 'cachegrind')
        return `cachegrind${e.scope === 'invocation' ? ' of the whole harness invocation' : e.scope === 'alone' ? ' of the benchmark alone (harness filter)' : ''}, one run per side`;
    if (e.source === 'pmu')
        return `PMU counters of every pair${e.multiplexed ? `; multiplexed: ${e.multiplexed.join(', ')}` : ''}`;
    return e.noCounters ? `no counters: ${e.noCounters}` : 'time metrics only';
}
function details(l) {
    const e = l.evidence;
    const moved = movedRates(e);
    const instr = instructions(e);
    const join = (...parts) => parts.filter((p) => p !== '').join('; ');
    switch (l.kind) {
        case 'more-work':
            return join(instr, moved ? `also ${moved}` : e.perKiloInstructions ? 'misses per instruction unchanged' : '');
        case 'memory':
        case 'branches':
            return join(moved, instr);
        case 'waiting':
            return join(`wall ${pct(e.wall ?? e.time.change)}, CPU time ${pct(e.cpu ?? 0)}: the time went to waiting (sleep, I/O, locks, a slower peer)`, e.offcpuGraph ? `off-CPU flame graph: ${e.offcpuGraph}` : '');
        case 'contention':
            return join(`CPU time ${pct(e.cpu ?? e.time.change)}${e.wall !== undefined ? `, wall ${pct(e.wall)}` : ''}`, instr, e.cpusBusy ? `${num(e.cpusBusy.base)} → ${num(e.cpusBusy.head)} CPUs busy` : '', e.contextSwitches
                ? `context switches ${num(e.contextSwitches.base)} → ${num(e.contextSwitches.head)} a run`
                : '');
        case 'layout':
            return join(`${instr || 'the same instructions'} and misses per instruction unchanged`, 'code or data placement moved: it may flip back with unrelated changes; the valgrind backend (backend: valgrind) gates instruction counts, which do not');
        case 'unclear':
            return join(instr, e.perKiloInstructions ? 'no miss rate moved by 30%' : '');
    }
}
/** The line of one benchmark, as spans: its name in bold, the rest plain. */
function kindSpans(benchmark, l) {
    const e = l.evidence;
    const slower = e.time.change >= 0;
    const likely = e.time.verdict === 'inconclusive' ? 'likely ' : '';
    const d = details(l);
    return [
        { bold: benchmark },
        ` ${pct(e.time.change)} ${METRIC[e.time.metric] ?? e.time.metric}: ${likely}${kindName(l, slower)}${d ? ` — ${d}` : ''} (${source(e)})`,
    ];
}
function serialise(spans, format) {
    return spans
        .map((s) => {
        const text = typeof s === 'string' ? s : 'bold' in s ? s.bold : s.code;
        if (format === 'text')
            return text;
        const esc = format === 'html' ? escapeHtml(text) : escapeMarkdown(text);
        if (typeof s === 'string')
            return esc;
        if ('bold' in s)
            return format === 'html' ? `<b>${esc}</b>` : `**${esc}**`;
        return format === 'html' ? `<code>${esc}</code>` : `\`${esc}\``;
    })
        .join('');
}
/** Labelled benchmarks: regressions, then improvements, then the likely ones. */
function labelled(doc) {
    const all = Object.entries(doc.explanations ?? {}).flatMap(([name, ex]) => ex.kind && ex.evidence ? [[name, { kind: ex.kind, evidence: ex.evidence }]] : []);
    const order = changedBenchmarks(doc);
    const rank = (n) => (order.includes(n) ? order.indexOf(n) : order.length);
    return all.sort((a, b) => rank(a[0]) - rank(b[0]));
}
/** One line per labelled benchmark (of `only`, when given) in the format asked. */
function kindLines(doc, format, only) {
    return labelled(doc)
        .filter(([name]) => !only || only.includes(name))
        .map(([name, l]) => serialise(kindSpans(name, l), format));
}
/**
 * The section of the comment (markdown) or the text report: a title, then the lines of every
 * labelled benchmark but those in `except` (the comment puts theirs under their why).
 */
function kindSection(doc, format, except = []) {
    const names = labelled(doc)
        .map(([name]) => name)
        .filter((n) => !except.includes(n));
    const lines = kindLines(doc, format, names);
    if (lines.length === 0)
        return { head: [], lines: [] };
    return format === 'markdown'
        ? { head: ['', '**Kind of change** (counters against time)', ''], lines: lines.map((l) => `- ${l}`) }
        : { head: ['', 'kind of change (counters against time):'], lines: lines.map((l) => `  ${l}`) };
}
/** The investigation report's list of the same lines. */
function kindBlocks(doc) {
    const items = labelled(doc).map(([name, l]) => kindSpans(name, l));
    return items.length === 0
        ? []
        : [
            { kind: 'heading', level: 3, text: 'Kind of change' },
            { kind: 'list', items },
        ];
}

;// CONCATENATED MODULE: ./build/results/fingerprint-match.js
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

;// CONCATENATED MODULE: ./build/version.js
/** perfgate's version, recorded in every document it writes (kept equal to package.json by a test). */
const VERSION = '0.1.0';

;// CONCATENATED MODULE: ./build/tools/dict.js
/**
 * Records keyed by names that come from outside (harness benchmark and metric names, results
 * files). A plain `{}` answers `constructor`, `toString`, `__proto__` from Object.prototype:
 * `m.__proto__ = x` replaces the prototype instead of storing a metric, and `m.constructor ??= x`
 * finds Object and stores nothing. A record without a prototype has only what was put in it.
 */
/** An empty record with no prototype, optionally filled from `entries`. */
function dict(entries) {
    const out = Object.create(null);
    if (entries === undefined)
        return out;
    const pairs = Symbol.iterator in entries ? entries : Object.entries(entries);
    for (const [k, v] of pairs)
        out[k] = v;
    return out;
}

;// CONCATENATED MODULE: ./build/results/format.js
/** Number formatting shared by the terminal, markdown and HTML renderers. */
/**
 * `x` with `decimals` decimals, where a value that rounds to zero reads as zero with the same
 * decimals, unsigned: an interval end computed as -3.7e-15 is `0.00`, not `-0.00` or `-3.7e-15`.
 */
function formatFixed(x, decimals) {
    const text = x.toFixed(decimals);
    return Number(text) === 0 ? (0).toFixed(decimals) : text;
}
/** formatFixed with a `+` on a value that does not read as zero: a change or an interval end. */
function formatSigned(x, decimals) {
    const text = formatFixed(x, decimals);
    return Number(text) > 0 ? `+${text}` : text;
}
/**
 * Below this many percent a change is written as zero: float noise (-3.7e-15%) sits far under
 * it, and the smallest real change worth a digit (a deterministic count moving by 0.0012%) above.
 */
const PERCENT_FLOOR = 5e-5;
/**
 * 0.0312 → `+3.12%`, 0.125 → `+12.5%`; magnitudes under 0.01% keep two significant digits
 * (`+0.0012%`), and a change that rounds to zero is `0.00%` (never an exponent or `-0.00%`).
 */
function formatPercent(x) {
    if (!Number.isFinite(x))
        return 'n/a';
    const pct = x * 100;
    const abs = Math.abs(pct);
    if (abs >= 0.01 || abs < PERCENT_FLOOR)
        return `${formatSigned(pct, abs >= 10 ? 1 : 2)}%`;
    // toPrecision writes an exponent only below 1e-6, which the floor keeps out.
    return `${pct > 0 ? '+' : ''}${pct.toPrecision(2)}%`;
}
/** A confidence level: 0.95 → `95%`, 0.875 → `87.5%`, 0.98421 → `98.4%`. */
function format_formatLevel(level) {
    return `${Math.round(level * 1000) / 10}%`;
}
/** A noise threshold θ: 0.02 → `±2%`, 0.0025 → `±0.25%`; `none` for a metric without one (not gated). */
function formatThreshold(threshold, none = '–') {
    return threshold === null ? none : `±${+(threshold * 100).toFixed(2)}%`;
}
function formatCi(ci) {
    return `[${formatPercent(ci[0])}, ${formatPercent(ci[1])}]`;
}
function formatP(p) {
    if (p === null || !Number.isFinite(p))
        return '-';
    return p < 0.001 ? '<0.001' : p.toFixed(3);
}
/** Time units from the largest down, as a factor in nanoseconds. */
const TIME_NS = [
    [1e9, 's'],
    [1e6, 'ms'],
    [1e3, 'µs'],
    [1, 'ns'],
];
/**
 * A measured value in its unit. Nanoseconds are shown as milliseconds, or as µs or ns below a
 * millisecond: a harness's time per op is a few ns, which in ms read `0.0000114`. The unit is
 * chosen by `scale` (default the value itself), so the cells of one column can share a unit.
 */
function formatValue(value, unit, scale = value) {
    if (!Number.isFinite(value))
        return { text: '-', unit };
    if (unit === 'ns') {
        const abs = Number.isFinite(scale) ? Math.abs(scale) : Math.abs(value);
        const [f, u] = TIME_NS.find(([f]) => f <= 1e6 && abs >= f) ?? [1e6, 'ms'];
        return { text: number(value / f), unit: u };
    }
    // A whole count is written whole: context switches `1`, not `1.000`; a median between two
    // runs (58.5) keeps its digits. Times keep theirs (145.0 ms), as they are rounded measurements.
    if (Number.isInteger(value) && !TIME_NS.some(([, u]) => u === unit))
        return { text: WHOLE.format(value), unit };
    return { text: number(value), unit };
}
// One formatter each, made once: toLocaleString('en-US', …) builds a new Intl.NumberFormat on
// every call (~40 µs), which was most of `history show` over a year of nightly runs.
/** As value.toLocaleString('en-US'). */
const WHOLE = new Intl.NumberFormat('en-US');
/** As value.toLocaleString('en-US', { maximumFractionDigits: 1 }). */
const ONE_DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
function number(value) {
    const abs = Math.abs(value);
    if (abs >= 1000)
        return ONE_DECIMAL.format(value);
    if (abs >= 1)
        return formatFixed(value, abs >= 100 ? 1 : 3);
    // Three significant digits down to 1e-6 (toPrecision's exponent starts below that); a median
    // smaller than that in its own unit is float noise around zero.
    return abs >= 1e-6 ? value.toPrecision(3) : formatFixed(0, 3);
}
/** Left/right aligned plain-text table; `right` lists the numeric column indexes. */
function textTable(head, rows, right) {
    const all = [head, ...rows];
    const widths = head.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
    const line = (r) => r
        .map((v, c) => (right.has(c) ? v.padStart(widths[c] ?? 0) : v.padEnd(widths[c] ?? 0)))
        .join('  ')
        .trimEnd();
    return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
/** 26.318 → `26.3`, 0.1234 → `0.12`, 1234.5 → `1235`: three significant digits or so. */
function format_formatMs(x) {
    if (!Number.isFinite(x))
        return 'n/a';
    return formatFixed(x, msDecimals(x));
}
function formatMsChange(x) {
    if (!Number.isFinite(x))
        return 'n/a';
    return formatSigned(x, msDecimals(x));
}
function msDecimals(x) {
    const abs = Math.abs(x);
    return abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
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
    assertPositiveSample('session samples', samples);
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
    assertConfLevel(confLevel);
    const k = baseCentres.length;
    if (k === 0 || ![...baseCentres, headCentre].every(Number.isFinite))
        throw new RangeError('compareSessions: need at least one finite baseline centre and a finite head centre');
    const mean = baseCentres.reduce((a, b) => a + b, 0) / k;
    const d = headCentre - mean;
    const change = Math.expm1(d);
    // No interval the sessions can support: the change is shown, not gated, with the reason.
    const notGated = (sessionSd, note) => ({
        change,
        ci: [NaN, NaN],
        confLevel,
        p: null,
        verdict: 'inconclusive',
        sessions: k,
        sessionSd,
        note,
    });
    if (k < MIN_BASELINE_SESSIONS) {
        return notGated(null, `not gated: one baseline session cannot show how much results move between sessions (give ${MIN_BASELINE_SESSIONS}+ sessions, or measure base and head paired in one job)`);
    }
    const variance = baseCentres.reduce((a, c) => a + (c - mean) ** 2, 0) / (k - 1);
    const sd = Math.sqrt(variance);
    if (sd === 0) {
        // Identical centres (deterministic counts, or a baseline copied K times): the spread is
        // unknown, not zero — a zero-width interval would gate on any difference at all.
        return notGated(0, `not gated: the ${k} baseline sessions are identical, so their spread says nothing about session-to-session noise`);
    }
    const se = sd * Math.sqrt(1 + 1 / k);
    const df = k - 1;
    const q = studentTQuantile(1 - (1 - confLevel) / 2, df);
    const ci = [Math.expm1(d - q * se), Math.expm1(d + q * se)];
    const p = studentTCdf((d - Math.log1p(opts.threshold)) / se, df, false);
    return {
        change,
        ci,
        confLevel,
        p,
        verdict: verdictOf(ci, confLevel, opts.threshold, undefined),
        sessions: k,
        sessionSd: sd,
    };
}

;// CONCATENATED MODULE: ./build/stats/boundaries.js
/**
 * Group-sequential boundaries (docs/ARCHITECTURE.md §4): the probability that a standardised
 * statistic observed at several looks crosses a boundary, and Lan–DeMets alpha-spending
 * boundaries for looks at any information fractions. Computed by the Armitage–McPherson–Rowe
 * recursive numerical integration of the score walk S_k = √I_k · Z_k, whose increments are
 * independent N(0, I_k − I_{k−1}) under H0 (Jennison & Turnbull 2000, ch. 19): Simpson's rule on
 * a grid 0.05 wide per unit of the smallest increment, so the constants are right to ~1e-6.
 */


const STEP = 0.05;
/** Below −8 SD the walk's mass is < 1e-15: the lower edge of a one-sided region. */
const FLOOR_SD = 8;
// A local binding: the kernel runs ~10⁶ times per boundary, and global lookups are slow inside
// vm contexts (jest).
const exp = Math.exp;
const NORM = 1 / Math.sqrt(2 * Math.PI);
const phi = (z) => NORM * exp(-0.5 * z * z);
/** Points and Simpson weights on [a, b] with an even number of intervals no wider than STEP. */
function simpsonGrid(a, b) {
    const intervals = Math.max(2, 2 * Math.ceil((b - a) / (2 * STEP)));
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
/** The continuation region of S at information `info` for boundary z (|Z| < z two-sided, Z < z one-sided). */
function region(z, info, sides) {
    const sd = Math.sqrt(info);
    return [sides === 2 ? -z * sd : -FLOOR_SD * sd, z * sd];
}
/** The walk after the first look, still inside the region. */
function firstWalk(z, info, sides) {
    const sd = Math.sqrt(info);
    const [a, b] = region(z, info, sides);
    const g = simpsonGrid(a, b);
    return { points: g.points, mass: g.points.map((s, i) => (g.weights[i] * phi(s / sd)) / sd), info };
}
/** P(the walk, still inside after the previous look, crosses z at information `info`). */
function crossingAt(walk, z, info, sides) {
    const sd = Math.sqrt(info - walk.info);
    const bound = z * Math.sqrt(info);
    let crossed = 0;
    for (let i = 0; i < walk.points.length; i++) {
        const s = walk.points[i];
        const m = walk.mass[i];
        crossed += m * normalCdf((bound - s) / sd, false);
        if (sides === 2)
            crossed += m * normalCdf((bound + s) / sd, false);
    }
    return crossed;
}
/** The walk one look later, restricted to that look's continuation region. */
function nextWalk(walk, z, info, sides) {
    const sd = Math.sqrt(info - walk.info);
    const [a, b] = region(z, info, sides);
    const g = simpsonGrid(a, b);
    const mass = g.points.map((t, j) => {
        let f = 0;
        for (let i = 0; i < walk.points.length; i++)
            f += walk.mass[i] * phi((t - walk.points[i]) / sd);
        return (g.weights[j] * f) / sd;
    });
    return { points: g.points, mass, info };
}
/**
 * Information at each look scaled so the smallest increment is 1: the grid step is then fine
 * enough for every increment's kernel.
 */
function scaled(info) {
    let smallest = Infinity;
    info.forEach((v, k) => {
        const d = v - (k === 0 ? 0 : info[k - 1]);
        if (!(d > 0))
            throw new RangeError(`information must increase from look to look, got ${info.join(', ')}`);
        smallest = Math.min(smallest, d);
    });
    return info.map((v) => v / smallest);
}
/**
 * Per look, P(Z_k crosses z_k at look k and at no look before | H0), for boundaries `z` at
 * information levels `info` (pairs, or any multiple of them). Two-sided: |Z_k| >= z_k.
 */
function crossingProbabilities(z, info, sides) {
    if (z.length !== info.length || z.length === 0)
        throw new RangeError(`expected one boundary per look, got ${z.length} boundaries and ${info.length} looks`);
    const I = scaled(info);
    const out = [sides * normalCdf(z[0], false)];
    let walk = firstWalk(z[0], I[0], sides);
    for (let k = 1; k < z.length; k++) {
        out.push(crossingAt(walk, z[k], I[k], sides));
        if (k < z.length - 1)
            walk = nextWalk(walk, z[k], I[k], sides);
    }
    return out;
}
function spent(kind, alpha, t) {
    if (t >= 1)
        return alpha;
    if (kind === 'pocock')
        return alpha * Math.log(1 + (Math.E - 1) * t);
    return 2 * normalCdf(normalQuantile(1 - alpha / 2) / Math.sqrt(t), false);
}
const spendingCache = new Map();
/**
 * One-sided boundary spending `alpha` by `kind` over looks at `fractions` (increasing, the last
 * 1): at each look, z_k solves P(first crossing at look k | H0) = spent(t_k) − spent(t_{k−1}).
 * A look may stop for another reason (the other decision, a time budget) without adding error:
 * stopping only removes later chances to cross.
 */
function spendingBoundary(fractions, alpha, kind) {
    validate_assertProbability('alpha', alpha);
    if (!(alpha > 0 && alpha < 0.5))
        throw new RangeError(`alpha must be in (0, 0.5), got ${alpha}`);
    if (fractions.length === 0 || fractions.length > 50 || Math.abs(fractions.at(-1) - 1) > 1e-12)
        throw new RangeError(`fractions must be 1 to 50 increasing values ending at 1, got ${fractions.join(', ')}`);
    const key = `${kind},${alpha},${fractions.join(',')}`;
    const cached = spendingCache.get(key);
    if (cached)
        return cached;
    const I = scaled(fractions);
    const critical = [];
    let walk = null;
    let before = 0;
    fractions.forEach((t, k) => {
        const target = spent(kind, alpha, t) - before;
        before += target;
        let z;
        if (walk === null)
            z = normalQuantile(1 - target);
        else {
            const w = walk;
            // Bisection: crossing probability falls as z rises; 60 halvings of [0, 40] reach 1e-16.
            let lo = 0;
            let hi = 40;
            for (let i = 0; i < 60; i++) {
                const mid = (lo + hi) / 2;
                if (crossingAt(w, mid, I[k], 1) > target)
                    lo = mid;
                else
                    hi = mid;
            }
            z = (lo + hi) / 2;
        }
        critical.push(z);
        if (k < fractions.length - 1)
            walk = walk === null ? firstWalk(z, I[k], 1) : nextWalk(walk, z, I[k], 1);
    });
    const result = {
        kind,
        alpha,
        fractions: [...fractions],
        critical,
        nominal: critical.map((z) => normalCdf(z, false)),
    };
    spendingCache.set(key, result);
    return result;
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
 * of `looks` equal batches (corr(Z_j, Z_k) = √(j/k)). Computed, not tabulated, by the recursive
 * integration of stats/boundaries.ts, then solving for c.
 * Adaptive sampling in perfgate applies the rank tests at each look; their statistics are
 * asymptotically normal with independent increments, which is what the boundary assumes.
 */
function pocockBoundary(looks, options = {}) {
    assertInteger('looks', looks, 1);
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
    const info = Array.from({ length: looks }, (_, k) => k + 1);
    const error = (c) => crossingProbabilities(new Array(looks).fill(c), info, sides).reduce((a, b) => a + b, 0) - alpha;
    // The one-look critical value is a lower bound; the Bonferroni value an upper bound.
    let lo = normalQuantile(1 - alpha / sides);
    let hi = normalQuantile(1 - alpha / sides / looks) + 1e-9;
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

// EXTERNAL MODULE: ./node_modules/simple-statistics/dist/simple-statistics.mjs
var simple_statistics = __webpack_require__(15521);
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








/**
 * The metric that stands for a benchmark's change, and the suite-wide geometric mean's: time
 * first, since that is what a change costs its users (cache misses and mispredicted branches
 * move time with the instruction count unchanged), then the counters.
 */
const PRIMARY_METRICS = ['task-clock', 'wall', 'instructions', 'cycles'];
function outlierCount(values) {
    if (values.length < 4)
        return 0;
    const c = tukeyFences(values).counts;
    return c.mild + c.severe;
}
/** The fields every row of a benchmark × metric has, whichever design compared it. */
function commonFields(head, m) {
    return {
        benchmark: head.name,
        metric: m.metric,
        unit: m.unit,
        ...(m.higher ? { direction: 'higher' } : {}),
        ...(head.harness ? { entry: head.harness.entry } : {}),
        gated: m.threshold !== null,
        threshold: m.threshold,
        n: { base: m.base.length, head: m.head.length },
        median: { base: (0,simple_statistics/* median */.JZ)(m.base), head: (0,simple_statistics/* median */.JZ)(m.head) },
        pAdjusted: null,
    };
}
/** A row with a real interval (finite, at a level above 0): one that can be classified or combined. */
function hasInterval(r) {
    return Number.isFinite(r.change) && r.ci.every(Number.isFinite) && r.confLevel > 0;
}
/**
 * The row with its minimum detectable change, when it has an interval; `df` for the session
 * model's t interval (K − 1), none for the signed-rank interval of pairs.
 */
function withMde(row, df) {
    const mde = hasInterval(row) ? mdeOfInterval(row.ci, row.confLevel, df) : null;
    return mde === null ? row : { ...row, mde };
}
/** A gated metric whose values can be 0 or negative: there is no log ratio to test. */
function noLogRatio(common, confLevel) {
    return {
        ...common,
        verdict: 'inconclusive',
        change: NaN,
        ci: [NaN, NaN],
        confLevel,
        p: null,
        outliers: 0,
        note: 'zero or negative values: no log ratio',
    };
}
/** Rows for one benchmark measured as pairs in one job, complete on both sides. */
function analyzeBenchmark(base, head, confLevel) {
    const rows = [];
    // Metric names come from harnesses (`constructor`): look them up where nothing is inherited.
    const thresholds = dict({ ...base.threshold, ...head.threshold });
    const baseMetrics = dict(base.metrics);
    for (const [metric, h] of Object.entries(head.metrics)) {
        const b = baseMetrics[metric];
        if (!b || b.unit !== h.unit || b.samples.length === 0 || h.samples.length === 0)
            continue;
        const threshold = thresholds[metric] ?? null;
        const gated = threshold !== null;
        const positive = [...b.samples, ...h.samples].every((v) => v > 0);
        const higher = h.direction === 'higher' || b.direction === 'higher';
        const common = commonFields(head, { metric, unit: h.unit, threshold, higher, base: b.samples, head: h.samples });
        if (!positive) {
            // Counts that can be 0 (context switches, migrations) have no log ratio; only a gated
            // metric deserves a row saying so.
            if (gated)
                rows.push(noLogRatio(common, confLevel));
            continue;
        }
        if (b.samples.length !== h.samples.length) {
            throw new RangeError(`${head.name} ${metric}: paired design needs equal sample counts (base ${b.samples.length}, head ${h.samples.length})`);
        }
        // A context row (no threshold) is tested against zero change: its verdict says only whether
        // the interval excludes 0, and it never counts towards the gate.
        // Higher is better: analyse the cost 1/x, so a drop is a positive change and the one-sided
        // p, the verdict and BH treat it as a regression exactly as a slowdown; then report the
        // change in the metric's own terms (1/(1+c) − 1, interval ends swapped).
        const cost = (xs) => (higher ? xs.map((v) => 1 / v) : xs);
        const cmp = inMetricTerms(comparePaired(cost(b.samples), cost(h.samples), { threshold: threshold ?? 0, confLevel }), common.direction);
        const outliers = outlierCount(h.samples.map((v, i) => Math.log(v / b.samples[i])));
        // The verdict from the interval as stored, by the rule shard merge re-applies to it.
        const verdict = verdictOf(cmp.ci, cmp.confLevel, threshold ?? 0, common.direction);
        const row = withMde({
            ...common,
            verdict,
            change: cmp.change,
            ci: cmp.ci,
            confLevel: cmp.confLevel,
            p: gated ? cmp.p : null,
            outliers,
        });
        // Few pairs, or many tied ones, cannot reach the level asked for; R then reports the level
        // reached, and the row says so, since the report's footer names the level asked for.
        const pairs = b.samples.length;
        if (!hasInterval(row))
            row.note = `${pairs} pairs, mostly tied, reach no interval at ${format_formatLevel(confLevel)}: more iterations needed`;
        else if (row.confLevel < confLevel - 5e-4)
            row.note = `${pairs} pairs reach only ${format_formatLevel(row.confLevel)} confidence, not ${format_formatLevel(confLevel)}${cmp.exact ? '' : ' (tied ratios)'}`;
        rows.push(row);
    }
    return rows;
}
/** A change of the cost 1/x back in the metric's own terms (1/(1+c) − 1, interval ends swapped). */
function inMetricTerms(cmp, direction) {
    return { ...cmp, change: costChange(cmp.change, direction), ci: costInterval(cmp.ci, direction) };
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
    const thresholds = dict({ ...last.threshold, ...head.threshold });
    for (const [metric, h] of Object.entries(head.metrics)) {
        const sessions = bases
            .map((b) => dict(b.metrics)[metric])
            .filter((m) => m !== undefined && m.unit === h.unit && m.samples.length > 0);
        if (sessions.length === 0 || h.samples.length === 0)
            continue;
        const threshold = thresholds[metric] ?? null;
        const gated = threshold !== null;
        const pooled = sessions.flatMap((m) => m?.samples ?? []);
        const higher = h.direction === 'higher' || sessions.some((m) => m?.direction === 'higher');
        const common = commonFields(head, { metric, unit: h.unit, threshold, higher, base: pooled, head: h.samples });
        if (![...pooled, ...h.samples].every((v) => v > 0)) {
            if (gated)
                rows.push(noLogRatio(common, confLevel));
            continue;
        }
        // Higher is better: the centre of the cost 1/x is minus the log of the median.
        const sign = higher ? -1 : 1;
        const cmp = inMetricTerms(compareSessions(sessions.map((m) => sign * sessionCentre(m?.samples ?? [])), sign * sessionCentre(h.samples), { threshold: threshold ?? 0, confLevel }), common.direction);
        rows.push(withMde({
            ...common,
            verdict: verdictOf(cmp.ci, confLevel, threshold ?? 0, common.direction),
            change: cmp.change,
            ci: cmp.ci,
            confLevel,
            p: gated ? cmp.p : null,
            outliers: outlierCount(h.samples.map(Math.log)),
            sessions: { count: cmp.sessions, sd: cmp.sessionSd },
            ...(cmp.note ? { note: cmp.note } : {}),
        }, cmp.sessions - 1));
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
    for (const metric of PRIMARY_METRICS) {
        const usable = gated.filter((r) => r.metric === metric && hasInterval(r));
        if (usable.length === 0)
            continue;
        const g = geomeanChange(usable.map((r) => ({
            logEstimate: Math.log1p(r.change),
            logCi: [Math.log1p(r.ci[0]), Math.log1p(r.ci[1])],
            confLevel: r.confLevel,
        })));
        geomean = { metric, change: g.change, ci: g.ci, benchmarks: usable.length };
        break;
    }
    const byEntry = geomeanByEntry(gated);
    return {
        regressions: count('regression'),
        improvements: count('improvement'),
        unchanged: count('unchanged'),
        inconclusive: count('inconclusive'),
        geomeanChange: geomean,
        ...(Object.keys(byEntry).length > 0 ? { geomeanByEntry: byEntry } : {}),
    };
}
/**
 * One geometric mean per harness entry, over its benchmarks' primary metric: the gated metric
 * most of its rows carry (ties: first seen). A mean across different metrics (time and
 * throughput) would mix directions, so other metrics stay in their rows only.
 */
function geomeanByEntry(gated) {
    const out = {};
    const entries = new Map();
    for (const r of gated) {
        if (r.entry === undefined || !hasInterval(r))
            continue;
        const list = entries.get(r.entry) ?? [];
        list.push(r);
        entries.set(r.entry, list);
    }
    for (const [entry, rows] of entries) {
        const counts = new Map();
        for (const r of rows)
            counts.set(r.metric, (counts.get(r.metric) ?? 0) + 1);
        const metric = [...counts.entries()].reduce((best, e) => (e[1] > best[1] ? e : best))[0];
        const usable = rows.filter((r) => r.metric === metric);
        const g = geomeanChange(usable.map((r) => ({
            logEstimate: Math.log1p(r.change),
            logCi: [Math.log1p(r.ci[0]), Math.log1p(r.ci[1])],
            confLevel: r.confLevel,
        })));
        out[entry] = {
            metric,
            change: g.change,
            ci: g.ci,
            benchmarks: usable.length,
            ...(usable[0]?.direction ? { direction: usable[0].direction } : {}),
        };
    }
    return out;
}

;// CONCATENATED MODULE: ./build/compare/comparison-doc.js
const COMPARISON_SCHEMA_VERSION = 1;

;// CONCATENATED MODULE: ./build/compare/compare-docs.js
/**
 * Two results documents → comparison.json. Benchmarks on one side only are reported as added
 * or removed; failed ones as problems; a backend or hard-fingerprint mismatch makes the whole
 * comparison refuse to gate (every reason named), because such numbers are not comparable.
 */







function side(doc, results) {
    return {
        git: doc.git,
        fingerprint: doc.fingerprint,
        backend: doc.backend,
        startedAt: doc.startedAt,
        ...(results ? { results } : {}),
    };
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
/**
 * A gated metric base measured and head did not (a harness field head broke, a unit head
 * changed) has no row, and without one the gate would pass: the benchmark fails on head.
 */
function lostGatedMetrics(b, h) {
    const thresholds = dict({ ...b.threshold, ...h.threshold });
    const headMetrics = dict(h.metrics);
    const lost = [];
    for (const [metric, m] of Object.entries(b.metrics)) {
        if (thresholds[metric] === undefined || m.samples.length === 0)
            continue;
        const got = headMetrics[metric];
        if (!got || got.samples.length === 0)
            lost.push(`'${metric}' is missing on head`);
        else if (got.unit !== m.unit)
            lost.push(`'${metric}' is in ${got.unit} on head, ${m.unit} on base`);
    }
    return lost.length === 0
        ? null
        : `gated metric ${lost.join(', ')}: it cannot be compared, so the benchmark fails rather than pass ungated`;
}
function problemsOf(base, head) {
    const problems = [];
    const note = (b, s) => {
        if (b.status !== 'ok')
            problems.push({ benchmark: b.name, side: s, status: b.status, ...(b.error ? { error: b.error } : {}) });
    };
    base.benchmarks.forEach((b) => note(b, 'base'));
    head.benchmarks.forEach((b) => note(b, 'head'));
    const baseByName = new Map(base.benchmarks.map((b) => [b.name, b]));
    for (const h of head.benchmarks) {
        const b = baseByName.get(h.name);
        const lost = b?.status === 'ok' && h.status === 'ok' ? lostGatedMetrics(b, h) : null;
        if (lost)
            problems.push({ benchmark: h.name, side: 'head', status: 'failed', error: lost });
    }
    return problems;
}
/**
 * `perfgate compare` on two files: a base with nothing measured, a head with no benchmark, or no
 * benchmark in common cannot be gated, and saying "0 regressions" would be a silent pass.
 * (A head whose benchmarks failed is not this: the gate fails on it, exit 1.)
 */
function nothingToCompare(base, head, basePath, headPath) {
    const statuses = (d) => d.benchmarks.map((b) => `${b.name} ${b.status}`).join(', ') || 'no benchmarks';
    if (!base.benchmarks.some((b) => b.status === 'ok'))
        return `${basePath}: no benchmark was measured (${statuses(base)}): nothing to compare against`;
    if (head.benchmarks.length === 0)
        return `${headPath}: no benchmarks: nothing to compare`;
    const baseNames = new Set(base.benchmarks.map((b) => b.name));
    if (!head.benchmarks.some((b) => baseNames.has(b.name))) {
        return `no benchmark in common: ${basePath} has ${base.benchmarks.map((b) => b.name).join(', ')}; ${headPath} has ${head.benchmarks.map((b) => b.name).join(', ')}`;
    }
    return null;
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
            const complete = sessions
                .map((s) => s.benchmarks.find((x) => x.name === h.name))
                .filter((x) => x?.status === 'ok');
            rows.push(...analyzeSessions(complete, h, confLevel));
        }
    }
    // A harness entry's own result (the whole invocation's counters) is context by design.
    const harnessEntries = new Set(head.benchmarks.map((b) => b.harness?.entry).filter((e) => e !== undefined));
    for (const h of head.benchmarks) {
        const b = baseByName.get(h.name);
        if (b?.status === 'ok' &&
            h.status === 'ok' &&
            !harnessEntries.has(h.name) &&
            !rows.some((r) => r.benchmark === h.name && r.gated)) {
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
 * Why this comparison can gate nothing at all, or null when it can: the sides are not
 * comparable, or the base is a single session from another run, whose rows are all
 * inconclusive by construction (stats/sessions.ts). A report of such a comparison must say
 * that nothing was gated, never "no regression found".
 */
function nothingGated(doc) {
    if (!doc.gate.comparable)
        return `the two sides are not comparable: ${doc.gate.reasons.join('; ')}`;
    if (doc.design === 'unpaired' && doc.baseline.sessions < MIN_BASELINE_SESSIONS)
        return sessionReason(doc.baseline.sessions);
    return null;
}
/**
 * The gate's decision: 1 when a gated row regressed or a benchmark that worked on base fails
 * on head (a broken benchmark must not pass), else 0. Not comparable is the caller's exit 2.
 */
function gateFails(doc) {
    const why = [];
    if (doc.summary.regressions > 0) {
        const names = doc.rows
            .filter((r) => r.gated && r.verdict === 'regression')
            .map((r) => `${r.benchmark} ${r.metric} ${formatPercent(r.change)}`);
        why.push(`${doc.summary.regressions} significant regression(s): ${names.join(', ')}`);
    }
    if (doc.interrupted && doc.interrupted.length > 0)
        why.push(`interrupted: ${doc.interrupted.join(', ')} not measured to the end`);
    for (const p of doc.problems) {
        // Without a comparison (base could not be built) every benchmark failed on base; one that
        // also fails on head is still broken there.
        if (p.side === 'head' &&
            (doc.noComparison !== undefined || !doc.problems.some((q) => q.side === 'base' && q.benchmark === p.benchmark))) {
            why.push(`${p.benchmark} ${p.status} on head`);
        }
    }
    return why;
}

;// CONCATENATED MODULE: ./build/compare/metric-reliability.js
/**
 * How far a metric can be trusted on a shared runner, most first: a count of instructions moves
 * by a few in a million between runs, CPU time by percents when a neighbour shares the caches,
 * wall time by anything the runner does meanwhile (a busy runner made task-clock +11.5% read as
 * wall +36.5%). A benchmark's rows are shown in this order, so the first row read is the one to
 * believe. Not the order of PRIMARY_METRICS (analyze.ts), which picks what a change costs users.
 */
const RELIABILITY = [
    ['instructions'],
    ['cycles'],
    // perf's task-clock, Google Benchmark's cpu_time, hyperfine's user.
    ['task-clock', 'cpu-clock', 'cpu_time', 'user'],
    // Elapsed time: perf's wall, Google Benchmark's real_time, go test's ns/op.
    ['wall', 'real_time', 'time'],
];
/** 0 for the most reliable metric; unknown metrics after every known one. */
function reliabilityRank(metric) {
    const i = RELIABILITY.findIndex((group) => group.includes(metric));
    return i === -1 ? RELIABILITY.length : i;
}
/** Whether a metric is elapsed time, which a busy runner moves most. */
function isElapsedTime(metric) {
    return reliabilityRank(metric) === RELIABILITY.length - 1;
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
    const rest = text
        .slice(close + 1)
        .trim()
        .split(/\s+/);
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/ajv/dist/ajv.js
var dist_ajv = __webpack_require__(42463);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./build/results/results-doc.js
/**
 * results.json (docs/ARCHITECTURE.md §2): the document `perfgate run` writes and every later stage reads.
 * Versioned so a reader can refuse a document it does not understand.
 */
const RESULTS_SCHEMA_VERSION = 1;
const BACKEND_NAMES = ['perf', 'valgrind', 'time'];
/** What a suite, a flag or an input may ask for: a backend, or `auto` (chosen by the host probe). */
const BACKEND_CHOICES = ['auto', ...BACKEND_NAMES];

;// CONCATENATED MODULE: ./build/suite/harness-formats.js
/** The harness output formats a suite entry may declare with `format:` (see docs/harnesses.md). */
const HARNESS_FORMATS = [
    'google-benchmark',
    'catch2',
    'go-test',
    'pytest-benchmark',
    'criterion',
    'hyperfine',
    'jmh',
    'wrk',
    'json',
];

;// CONCATENATED MODULE: ./build/suite/spec.js
/**
 * How a pair's two sides are run: one after the other on the same CPUs (`sequential`), at the
 * same time on two disjoint halves of the benchmark's CPUs (`duet`), or whichever a short
 * calibration on this runner finds cheaper for the noise (`auto`). See docs/ARCHITECTURE.md.
 */
const PAIRINGS = ['sequential', 'duet', 'auto'];
/** Thresholds gated when the suite says nothing (docs/ARCHITECTURE.md §4); other metrics are report-only. */
const DEFAULT_THRESHOLDS = {
    wall: 0.03,
    'task-clock': 0.02,
    instructions: 0.005,
};

;// CONCATENATED MODULE: ./build/suite/suite-schema.js
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
    backend: { enum: [...BACKEND_CHOICES] },
    cpus: { type: ['string', 'integer'] },
    pairing: { enum: [...PAIRINGS] },
    timeout: duration,
    threshold: percentMap,
    profile: { enum: [true, false, 'offcpu'] },
    'call-graph': { enum: ['auto', 'fp', 'dwarf', 'lbr'] },
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
                    format: { enum: HARNESS_FORMATS },
                    output: { type: 'string', minLength: 1 },
                    ...options,
                },
            },
        },
    },
};

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

;// CONCATENATED MODULE: ./build/suite/settings.js
/**
 * The rules for the settings a user overrides from a CLI flag or an action input (iterations,
 * backend, CPUs, pairing, time budget, filter). One rule each, so that `--cpus x` and `cpus: x` are
 * refused for the same reason. A rule says what is wrong, not where: the CLI names the flag
 * (`flagProblem`), the action the input (`inputProblem`), and the action gathers every bad
 * input before it reports, where a command stops at the first.
 */



const ok = (value) => ({ ok: true, value });
const bad = (problem) => ({ ok: false, problem });
/** A taskset CPU list (`1`, `0-3`, `0,2`), the form the suite's `cpus:` takes too. */
const CPU_LIST = /^\d+(-\d+)?(,\d+(-\d+)?)*$/;
const CPUS_EXPECTED = 'expected a CPU list such as 1, 0-3 or 0,2, or auto';
function checkPositiveInt(text) {
    return /^\d+$/.test(text.trim()) && Number(text) >= 1 ? ok(Number(text)) : bad('expected a positive whole number');
}
function checkBackend(text) {
    const t = text.trim();
    return BACKEND_CHOICES.includes(t)
        ? ok(t)
        : bad(`expected one of ${BACKEND_CHOICES.join(', ')}`);
}
/** A CPU list or `auto` (resolved when measuring). */
function checkCpus(text) {
    const t = text.trim();
    return t === 'auto' || CPU_LIST.test(t) ? ok(t) : bad(CPUS_EXPECTED);
}
/** How each pair's sides run: `sequential`, `duet` or `auto`. */
function checkPairing(text) {
    const t = text.trim();
    return PAIRINGS.includes(t) ? ok(t) : bad(`expected one of ${PAIRINGS.join(', ')}`);
}
/** `10m`, `90s`: in milliseconds. */
function checkDuration(text) {
    const ms = parseDuration(text);
    return ms === null ? bad('expected a duration such as 10m or 90s') : ok(ms);
}
function checkRegex(text) {
    try {
        return ok(new RegExp(text));
    }
    catch (err) {
        return bad(`not a valid regular expression (${err.message})`);
    }
}
/** A command's message: `--cpus "x": expected …`. */
function flagProblem(flag, value, problem) {
    return `${flag} ${JSON.stringify(value)}: ${problem}`;
}
/** The action's message: `input 'cpus' is 'x': expected …`. */
function inputProblem(name, value, problem) {
    return `input '${name}' is '${value}': ${problem}`;
}

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
// Compiled on first use, not at import: compiling the schemas was most of every command's
// start-up (0.3 s of CPU), and most commands validate none of them.
let compiled;
const validator = () => (compiled ??= new dist_ajv.Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(suiteSchema));
const BUILT_IN = {
    iterations: 30,
    warmup: 3,
    backend: 'auto',
    timeout: '60s',
    profile: false,
    pairing: 'sequential',
};
/**
 * The YAML parser holds ~85 bytes per byte of input (its token tree): a 5 MB suite took 455 MB
 * and 9.5 s before anything ran. A suite is a hand-written list; 1 MiB is ~10,000 benchmarks.
 */
const MAX_SUITE_BYTES = 1024 * 1024;
async function loadSuite(file) {
    let text;
    try {
        const size = (await (0,promises_.stat)(file)).size;
        if (size > MAX_SUITE_BYTES) {
            throw new errors/* InputError */.dz(`suite ${file} is ${(size / 1024 / 1024).toFixed(1)} MiB: perfgate reads suites up to ${MAX_SUITE_BYTES / 1024 / 1024} MiB (about 10,000 benchmarks); split it, or generate fewer benchmarks`);
        }
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (err) {
        if (err instanceof errors/* InputError */.dz)
            throw err;
        const code = err.code;
        throw new errors/* InputError */.dz(code === 'ENOENT'
            ? `suite file not found: ${file} (pass --suite FILE, or add perfgate.yml)`
            : `cannot read suite ${file}: ${code}`);
    }
    const suite = parseSuite(text, external_node_path_.resolve(file));
    // With a setup, a missing cwd may be one setup builds: checked after it (checkCwds).
    if (suite.setup === null)
        await checkCwds(suite);
    return suite;
}
/** Every benchmark's cwd is a directory, or a SuiteError naming file:line of each that is not. */
async function checkCwds(suite) {
    const problems = [];
    const checked = new Map();
    for (const b of suite.benchmarks) {
        let why = checked.get(b.cwd);
        if (why === undefined) {
            why = await (0,promises_.stat)(b.cwd).then((st) => (st.isDirectory() ? null : 'is not a directory'), (err) => err.code === 'ENOENT' ? 'does not exist' : `cannot be used (${err.code ?? err.message})`);
            checked.set(b.cwd, why);
        }
        if (why !== null)
            problems.push(`${b.at?.cwd ?? `${suite.path}:${b.line}: ${b.name}.cwd`}: directory ${b.cwd} ${why}${suite.setup !== null ? ' (after setup)' : ''}`);
    }
    if (problems.length > 0)
        throw new SuiteError(suite.path, sortByLine(problems));
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
    // Every problem at once: a schema error must not hide an empty `run` or a bad percentage
    // further down, so the loader's own checks run on whatever parts have the right shape.
    const validate = validator();
    const problems = validate(data) ? [] : (validate.errors ?? []).map((e) => describe(e, at));
    const suite = resolve(rawSuite(data), file, text, { at, line: (p) => lineAt(doc, p, lineOf), source: (p) => sourceText(doc, text, p) }, problems);
    if (problems.length > 0)
        throw new SuiteError(file, sortByLine(problems));
    return suite;
}
/**
 * The file as the loader's types describe it, with every value of the wrong shape dropped (the
 * schema has reported it already), so the loader's checks can run on the rest.
 */
function rawSuite(data) {
    const obj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
    const top = obj(data);
    const options = (o) => {
        const out = {};
        const want = {
            iterations: Number.isInteger,
            'max-iterations': Number.isInteger,
            warmup: Number.isInteger,
            backend: (v) => typeof v === 'string',
            cpus: (v) => typeof v === 'string' || Number.isInteger(v),
            pairing: (v) => typeof v === 'string',
            timeout: (v) => typeof v === 'string' || typeof v === 'number',
            'time-budget': (v) => typeof v === 'string' || typeof v === 'number',
            profile: (v) => typeof v === 'boolean' || v === 'offcpu',
            'call-graph': (v) => typeof v === 'string',
            cwd: (v) => typeof v === 'string' && v !== '',
        };
        for (const [k, ok] of Object.entries(want))
            if (o[k] !== undefined && ok(o[k]))
                out[k] = o[k];
        const threshold = Object.fromEntries(Object.entries(obj(o.threshold)).filter((e) => typeof e[1] === 'string'));
        if (Object.keys(threshold).length > 0)
            out.threshold = threshold;
        const env = Object.fromEntries(Object.entries(obj(o.env)).filter((e) => ['string', 'number', 'boolean'].includes(typeof e[1])));
        if (Object.keys(env).length > 0)
            out.env = env;
        return out;
    };
    const benchmarks = Array.isArray(top.benchmarks) ? top.benchmarks : [];
    return {
        version: 1,
        ...(typeof top.setup === 'string' ? { setup: top.setup } : {}),
        defaults: options(obj(top.defaults)),
        benchmarks: benchmarks.map((b) => {
            const o = obj(b);
            const text = (k) => typeof o[k] === 'string' ? { [k]: o[k] } : {};
            return { ...options(o), ...text('name'), ...text('run'), ...text('format'), ...text('output') };
        }),
    };
}
/** The text a scalar was written as (`010`, `0x1F`, `1e3`), not what YAML made of it. */
function sourceText(doc, text, keyPath) {
    const node = doc.getIn(keyPath, true);
    if (!(0,dist/* isScalar */.jn)(node) || !node.range)
        return null;
    return text.slice(node.range[0], node.range[1]);
}
function resolve(raw, file, text, locate, problems) {
    const { at, line, source } = locate;
    const dir = external_node_path_.dirname(file);
    const defaults = raw.defaults ?? {};
    const seen = new Map();
    const benchmarks = raw.benchmarks.map((b, i) => {
        const here = ['benchmarks', i];
        const pick = (key) => b[key] !== undefined
            ? { value: b[key], where: [...here, key] }
            : { value: defaults[key], where: ['defaults', key] };
        const name = b.name ?? '';
        const first = seen.get(name);
        if (first !== undefined)
            problems.push(`${at([...here, 'name'])}: duplicate benchmark name '${name}' (first at benchmarks[${first}])`);
        else if (b.name !== undefined)
            seen.set(name, i);
        if (b.run !== undefined && b.run.trim() === '')
            problems.push(`${at([...here, 'run'])}: empty command: expected the shell command to measure`);
        const timeout = pick('timeout');
        const timeoutMs = parseDuration(timeout.value ?? BUILT_IN.timeout);
        if (timeoutMs === null)
            problems.push(`${at(timeout.where)}: bad duration ${JSON.stringify(timeout.value)}: expected e.g. '60s', '500ms', '2m'`);
        const cpusRaw = pick('cpus');
        const cpus = cpusRaw.value === undefined ? null : String(cpusRaw.value);
        // `auto` is resolved when measuring (isolated CPUs, else the last online one), not here.
        if (cpus !== null && cpus !== 'auto' && !CPU_LIST.test(cpus)) {
            problems.push(`${at(cpusRaw.where)}: bad CPU list '${cpus}': expected taskset form like '1', '0-3' or '0,2', or 'auto'`);
        }
        else if (cpus !== null) {
            for (const [, lo, hi] of cpus.matchAll(/(\d+)-(\d+)/g)) {
                if (Number(hi) < Number(lo))
                    problems.push(`${at(cpusRaw.where)}: reversed CPU range '${lo}-${hi}' in '${cpus}': expected low-high, e.g. '${hi}-${lo}'`);
            }
        }
        const threshold = { ...DEFAULT_THRESHOLDS };
        for (const [where, map] of [
            [['defaults', 'threshold'], defaults.threshold],
            [[...here, 'threshold'], b.threshold],
        ]) {
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
        // A number or boolean keeps the text it was written as: YAML reads `010` as 10 and `0x1F`
        // as 31, but the program gets what the file says.
        const env = {};
        for (const [where, map] of [
            [['defaults', 'env'], defaults.env],
            [[...here, 'env'], b.env],
        ]) {
            for (const [k, v] of Object.entries(map ?? {}))
                env[k] = typeof v === 'string' ? v : (source([...where, k]) ?? String(v));
        }
        const cwd = external_node_path_.resolve(dir, pick('cwd').value ?? '.');
        if (b.output !== undefined && b.format === undefined)
            problems.push(`${at([...here, 'output'])}: 'output' needs 'format' (the harness whose file it is)`);
        return {
            name,
            run: (b.run ?? '').trim(),
            cwd,
            at: { cpus: at(cpusRaw.where), cwd: at(pick('cwd').where) },
            env,
            iterations,
            maxIterations: Math.max(maxIterations, iterations),
            ...(max.value !== undefined ? { maxIterationsFrom: 'suite' } : {}),
            warmup: pick('warmup').value ?? BUILT_IN.warmup,
            backend: pick('backend').value ?? BUILT_IN.backend,
            cpus,
            timeoutMs: timeoutMs ?? 0,
            pairing: pick('pairing').value ?? BUILT_IN.pairing,
            threshold,
            profile: (pick('profile').value ?? BUILT_IN.profile) !== false,
            offcpu: pick('profile').value === 'offcpu',
            callGraph: pick('call-graph').value ?? 'auto',
            line: line(here),
            ...(b.format !== undefined
                ? { harness: { format: b.format, output: b.output === undefined ? null : external_node_path_.resolve(cwd, b.output) } }
                : {}),
        };
    });
    const budget = defaults['time-budget'];
    const timeBudgetMs = budget === undefined ? null : parseDuration(budget);
    if (budget !== undefined && timeBudgetMs === null)
        problems.push(`${at(['defaults', 'time-budget'])}: bad duration ${JSON.stringify(budget)}: expected e.g. '10m', '90s'`);
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
        return {
            cpus: formatCpuList(isolated),
            reason: `isolated CPUs ${formatCpuList(isolated)} (from /sys/devices/system/cpu/isolated)`,
        };
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
/** CPUs of `list` this machine does not have online, or null when nothing is missing (or unknown). */
function missingCpus(list, online) {
    const wanted = parseCpuList(list);
    if (wanted === null)
        return null;
    const have = new Set(online);
    const missing = wanted.filter((c) => !have.has(c));
    return missing.length > 0 ? missing : null;
}
/**
 * taskset fails at run time on a CPU that is not online ("Invalid argument"), after setup and
 * maybe after other benchmarks: pinning to CPUs this machine lacks is a suite error before
 * anything runs, naming file:line. `flag` names a command-line override (`--cpus`) instead.
 * Without a readable online list (an odd container), nothing is claimed.
 */
async function assertCpusExist(suite, benchmarks, roots, flag) {
    const online = await onlineCpus(roots);
    if (online === null || online.length === 0)
        return;
    const here = `online here: ${formatCpuList(online)}`;
    if (flag) {
        const missing = missingCpus(flag.value, online);
        if (missing)
            throw new errors/* InputError */.dz(`${flag.name} ${flag.value}: CPU ${formatCpuList(missing)} does not exist on this machine (${here})`);
        return;
    }
    const problems = new Set();
    for (const b of benchmarks) {
        if (b.cpus === null || b.cpus === 'auto')
            continue;
        const missing = missingCpus(b.cpus, online);
        if (missing)
            problems.add(`${b.at?.cpus ?? `${suite.path}:${b.line}: ${b.name}.cpus`}: CPU ${formatCpuList(missing)} does not exist on this machine (${here})`);
    }
    if (problems.size > 0)
        throw new SuiteError(suite.path, sortByLine([...problems]));
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
    const cpus = (dirs ?? [])
        .map((d) => /^cpu(\d+)$/.exec(d)?.[1])
        .filter((n) => n !== undefined)
        .map(Number);
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




const check = (id, status, value, advice = '') => ({
    id,
    status,
    value,
    advice,
});
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
function isolationCheck(kind, list, cpus) {
    const { id, what, source, advice } = kind;
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
        isolationCheck({
            id: 'isolated-cpus',
            what: 'isolated',
            source: '/sys/devices/system/cpu/isolated or /proc/cmdline',
            advice: `other tasks share the benchmark CPUs: ${boot('isolcpus')}`,
        }, iso.isolated, ctx.cpus),
        isolationCheck({
            id: 'nohz-full',
            what: 'nohz_full',
            source: '/sys/devices/system/cpu/nohz_full or /proc/cmdline',
            advice: `the scheduler tick interrupts the benchmark CPUs: ${boot('nohz_full')}`,
        }, iso.nohzFull, ctx.cpus),
        isolationCheck({
            id: 'rcu-nocbs',
            what: 'rcu_nocbs',
            source: '/proc/cmdline',
            advice: `RCU callbacks run on the benchmark CPUs: ${boot('rcu_nocbs')}`,
        }, iso.rcuNocbs, ctx.cpus),
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
        const total = table.rows
            .filter((r) => /^\d+$/.test(r.irq))
            .reduce((n, r) => n + cols.reduce((m, i) => m + (r.counts[i] ?? 0), 0), 0);
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
    const perfSays = ctx.probe
        ? `; perf: ${ctx.probe.perf.reasons.filter((r) => /PMU/.test(r)).join('; ') || ctx.probe.perf.reasons.join('; ')}`
        : '';
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
    return [
        governor,
        turboCheck,
        smt,
        ...isolated,
        irq,
        aslr,
        thp,
        paranoid,
        nmi,
        pmu,
        virt,
        ...(ctx.probe ? [checkPerf(ctx.probe)] : []),
    ];
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




const PREFLIGHT_IDS = [
    'cpu-utilisation',
    'run-queue',
    'memory',
    'swap',
    'psi-cpu',
    'psi-memory',
    'psi-io',
    'busy-processes',
];
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
    return {
        stat: stat === null ? null : parseProcStat(stat),
        vmstat: vmstat === null ? null : parseVmstat(vmstat),
        procs,
    };
}
const preflight_pct = (x) => `${(x * 100).toFixed(1)}%`;
const preflight_check = (id, status, value, advice = '') => ({
    id,
    status,
    value,
    advice,
});
/** pass at or below `warnAt`, warn up to `failAt`, fail above. */
const grade = (x, warnAt, failAt) => x <= warnAt ? 'pass' : x <= failAt ? 'warn' : 'fail';
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
    const perText = per
        .filter(([, s]) => s !== null)
        .map(([c, s]) => `cpu${c} ${preflight_pct(s?.busy ?? 0)}`)
        .join(', ');
    const value = `${preflight_pct(all.busy)} busy over ${ms} ms${perText ? ` (${perText})` : ''}${all.steal > 0 ? `; steal ${preflight_pct(all.steal)}` : ''}`;
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
    return preflight_check('run-queue', status, value, status === 'pass'
        ? ''
        : 'tasks have been waiting for CPUs in the last minute: let the host settle before measuring');
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
    return preflight_check('memory', status, `${gib(avail)} of ${gib(total)} available (${preflight_pct(share)})`, status === 'pass' ? '' : 'little memory left: page cache evictions and reclaim will disturb the benchmarks');
}
function swap(a, b, meminfo, ms) {
    if (!a.vmstat || !b.vmstat)
        return preflight_check('swap', 'unknown', 'no /proc/vmstat');
    const d = (k) => (b.vmstat?.[k] ?? 0) - (a.vmstat?.[k] ?? 0);
    const inPages = d('pswpin');
    const outPages = d('pswpout');
    const used = meminfo?.SwapTotal !== undefined && meminfo.SwapFree !== undefined
        ? `; swap used ${meminfo.SwapTotal - meminfo.SwapFree} of ${meminfo.SwapTotal} kB`
        : '';
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
    const value = busy
        .slice(0, 5)
        .map((p) => `${p.comm} (pid ${p.pid}) ${preflight_pct(p.share)} of a CPU`)
        .join(', ');
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

;// CONCATENATED MODULE: ./build/host/run-doctor.js
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
            rows.push({
                benchmark: b.name,
                status: b.status,
                metric: '-',
                unit: '',
                n: 0,
                median: NaN,
                min: NaN,
                max: NaN,
                cv: null,
            });
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
function cells(r) {
    const u = formatValue(r.median, r.unit).unit;
    return [
        r.benchmark,
        r.status,
        r.metric,
        u,
        String(r.n),
        formatValue(r.median, r.unit).text,
        formatValue(r.min, r.unit, r.median).text,
        formatValue(r.max, r.unit, r.median).text,
        r.cv === null ? '-' : `${(r.cv * 100).toFixed(2)}%`,
    ];
}
const HEAD = ['benchmark', 'status', 'metric', 'unit', 'n', 'median', 'min', 'max', 'CV'];
function renderSummaryText(doc) {
    const out = [textTable(HEAD, summaryRows(doc).map(cells), new Set([4, 5, 6, 7, 8]))];
    const problems = doc.benchmarks.filter((b) => b.status !== 'ok');
    for (const b of problems)
        out.push(`${b.name}: ${b.status}: ${b.error ?? ''}`.trimEnd());
    out.push(`backend: ${doc.backendReason}`);
    return `${out.join('\n')}\n`;
}
// Re-exported for callers that found it here first; the definition lives in escape.ts.
/** `heading: false`: under a caller's own headline (the baseline job summary's). */
function renderSummaryMarkdown(doc, opts = {}) {
    // Names, status, metric and unit come from the results file.
    const rows = summaryRows(doc).map((r) => cells(r).map((c, i) => (i < 4 ? escapeMarkdown(c) : c)));
    const failed = doc.benchmarks.filter((b) => b.status !== 'ok');
    const parts = [
        ...(opts.heading === false
            ? []
            : [`### perfgate: ${doc.benchmarks.length} benchmarks, backend \`${doc.backend}\``, '']),
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

;// CONCATENATED MODULE: ./build/report/frames.js
/**
 * The "why" table under a changed benchmark: frames in ms per measured run, before → after,
 * the change with its interval, and what the figures rest on (profile runs, time basis, unwind
 * quality). One wording for the PR comment (markdown) and the terminal (text).
 */



// Defined with the other number formats, below the flame graphs that print them too.

/**
 * The unit frame times are shown in: ms per measured run, or for a harness benchmark profiled
 * alone (basis per iteration of the harness) ms, µs or ns per iteration, whichever reads as a
 * number of a few digits. `scale` converts the stored ms.
 */
function frameUnit(basis) {
    if (basis.metric === 'off-cpu')
        return { scale: 1, unit: 'ms blocked/run' };
    if (basis.per !== 'iteration')
        return { scale: 1, unit: 'ms/run' };
    const top = Math.max(basis.msPerRun.base, basis.msPerRun.head);
    if (top >= 1)
        return { scale: 1, unit: 'ms/iteration' };
    if (top >= 1e-3)
        return { scale: 1e3, unit: 'µs/iteration' };
    return { scale: 1e6, unit: 'ns/iteration' };
}
function change(f, scale) {
    const ci = f.change.selfCi;
    const x = (v) => formatMsChange(v * scale);
    return ci ? `${x(f.change.self)} [${x(ci[0])}, ${x(ci[1])}]` : x(f.change.self);
}
/** One sentence on what the figures rest on, for the summary line of the section. */
function basisNote(ex) {
    const runs = ex.profileRuns.base === ex.profileRuns.head
        ? `${ex.profileRuns.head} profile runs per side`
        : `${ex.profileRuns.base}/${ex.profileRuns.head} profile runs`;
    const { scale, unit } = frameUnit(ex.basis);
    const [b, h] = [format_formatMs(ex.basis.msPerRun.base * scale), format_formatMs(ex.basis.msPerRun.head * scale)];
    const what = ex.basis.metric === 'off-cpu'
        ? `blocked ${b} → ${h} ms per run`
        : ex.basis.per === 'iteration'
            ? `this benchmark alone, scaled to its median ${ex.basis.metric} ${b} → ${h} ${unit}`
            : `scaled to the median ${ex.basis.metric} ${b} → ${h} ms`;
    return `${runs}, ${what}`;
}
/** Whether a frame's change of self time has an interval, and it excludes zero: a change, not noise. */
function excludesZero(f) {
    const ci = f.change.selfCi;
    return ci !== undefined && (ci[0] > 0 || ci[1] < 0);
}
/** Markdown table of `frames`, by default all top frames (frame names escaped as code spans). */
function framesMarkdown(ex, frames = ex.top) {
    const { scale, unit: u } = frameUnit(ex.basis);
    const ms = (x) => format_formatMs(x * scale);
    // Off-CPU rows are waiting places (one per stack), so their total is their self time.
    const showTotal = !ex.unwind.broken && ex.basis.metric !== 'off-cpu';
    const head = ['frame', `self, ${u}`, 'Δ self [CI]', ...(showTotal ? [`total, ${u}`] : [])];
    const rows = frames.map((f) => [
        markdownCode(f.frame),
        `${ms(f.selfMs.base)} → ${ms(f.selfMs.head)}`,
        change(f, scale),
        ...(showTotal ? [`${ms(f.totalMs.base)} → ${ms(f.totalMs.head)}`] : []),
    ]);
    return (0,markdown_table/* markdownTable */.Q)([head, ...rows], { align: ['l', 'r', 'r', 'r'] });
}
/** The short unwind notice shown in the section (the full advice is in the warnings, once). */
function unwindNote(ex) {
    if (!ex.unwind.broken)
        return null;
    const pct = (x) => `${Math.round(100 * x)}%`;
    const q = ex.unwind.head;
    return `⚠️ Stacks unwound with ${escapeMarkdown(ex.unwind.mode)} are broken (${pct(q.unknownShare)} of head samples under an unresolved caller, ${pct(q.singleFrameShare)} with no caller): ranked by self time, totals omitted. See the warning below for the fix.`;
}
/** Plain-text lines for the terminal. */
function framesText(ex, n = 5) {
    const { scale, unit: u } = frameUnit(ex.basis);
    const ms = (x) => formatMs(x * scale);
    return ex.top
        .slice(0, n)
        .map((f) => `  ${`${ms(f.selfMs.base)} → ${ms(f.selfMs.head)}`.padStart(17)} ${u} self  ${change(f, scale).padEnd(24)} ${f.frame}`);
}

;// CONCATENATED MODULE: ./build/report/lead.js



const VERDICT_RANK = {
    regression: 0,
    improvement: 1,
    inconclusive: 2,
    unchanged: 3,
};
/** `refs/heads/feature/x` → `feature/x`: the name a branch has in the pull request. */
function refName(ref) {
    if (!ref)
        return null;
    return ref.replace(/^refs\/(heads|tags)\//, '');
}
/** `**feature/x** (`f0bcb67`)`, `**head**` when neither is known. */
function sideLabel(side, fallback) {
    const name = refName(side.ref);
    const commit = side.commit ? `\`${side.commit.slice(0, 7).replace(/[^0-9a-zA-Z]/g, '')}\`` : '';
    if (name === null)
        return commit ? `${fallback} ${commit}` : fallback;
    return `**${escapeMarkdown(name)}**${commit ? ` (${commit})` : ''}`;
}
/** A benchmark's gated rows, worst verdict first, then the most reliable metric first. */
function benchmarkRows(rows) {
    const by = new Map();
    for (const r of rows)
        if (r.gated)
            by.set(r.benchmark, [...(by.get(r.benchmark) ?? []), r]);
    for (const list of by.values())
        list.sort((a, b) => VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] || reliabilityRank(a.metric) - reliabilityRank(b.metric));
    return by;
}
const METRIC_WORDS = {
    'task-clock': 'CPU time',
    'cpu-clock': 'CPU time',
    cpu_time: 'CPU time',
    user: 'user CPU time',
    wall: 'wall time',
    real_time: 'wall time',
};
const magnitude = (change) => formatPercent(Math.abs(change)).replace(/^\+/, '');
/** `**a** 11.5% slower in CPU time [+7.8%, +13.8%]` or `**a**'s instructions 3.10% higher [...]`, after "makes". */
function clause(r) {
    const name = `**${escapeMarkdown(r.benchmark)}**`;
    const ci = formatCi(r.ci);
    if (TIME_NS.some(([, u]) => u === r.unit) && r.direction !== 'higher') {
        const words = METRIC_WORDS[r.metric] ?? escapeMarkdown(r.metric);
        return `${name} ${magnitude(r.change)} ${r.change > 0 ? 'slower' : 'faster'} in ${words} ${ci}`;
    }
    return `${name}'s ${escapeMarkdown(r.metric)} ${magnitude(r.change)} ${r.change > 0 ? 'higher' : 'lower'} ${ci}`;
}
const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
function listed(items) {
    return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
/** The clauses of the benchmarks with this verdict: each one while few, else the count and the largest. */
function changes(leads, verdict) {
    const rows = leads.filter((r) => r.verdict === verdict).sort((a, b) => Math.abs(b.change) - Math.abs(a.change));
    if (rows.length <= 3)
        return rows.map(clause);
    const word = verdict === 'regression' ? 'slower' : 'faster';
    return [`${rows.length} benchmarks ${word} (the most: ${clause(rows[0])})`];
}
/** The one-sentence answer, in markdown, ending with a full stop. */
function leadSentence(c, ctx) {
    const head = sideLabel(ctx.head, 'head');
    const base = sideLabel(ctx.base, 'base');
    if (c.noComparison !== undefined)
        return `${head} was measured alone: ${base} could not be measured, so nothing is compared.`;
    if (!c.gate.comparable)
        return `${head} could not be compared with ${base}: the two sides are not comparable.`;
    const leads = [...benchmarkRows(c.rows).values()].map((rows) => rows[0]);
    const count = (v) => leads.filter((r) => r.verdict === v).length;
    const failures = [
        ...(ctx.broken > 0
            ? [`breaks ${plural(ctx.broken, 'benchmark')} that ${ctx.broken === 1 ? 'works' : 'work'} on base`]
            : []),
        ...(ctx.interrupted > 0 ? [`was not measured to the end for ${plural(ctx.interrupted, 'benchmark')}`] : []),
    ];
    if (ctx.ungated !== null)
        return `${head} was measured against ${base}, but nothing is gated: a regression of any size would pass.`;
    const made = [...changes(leads, 'regression'), ...changes(leads, 'improvement')];
    const others = [
        ...(count('unchanged') > 0
            ? [`${plural(count('unchanged'), made.length > 0 ? 'other benchmark' : 'benchmark')} unchanged`]
            : []),
        ...(count('inconclusive') > 0 ? [`${count('inconclusive')} inconclusive`] : []),
    ].join(', ');
    if (made.length > 0) {
        const what = [`makes ${listed(made)}`, ...failures];
        return `${head} ${listed(what)}, compared with ${base}${others ? `; ${others}` : ''}.`;
    }
    if (failures.length > 0)
        return `${head} ${listed(failures)}, compared with ${base}${others ? `; ${others}` : ''}.`;
    if (count('inconclusive') > 0)
        return `${head} shows no change beyond the noise threshold θ against ${base}, but ${count('inconclusive')} of ${plural(leads.length, 'benchmark')} ${count('inconclusive') === 1 ? 'is' : 'are'} inconclusive: neither a change beyond θ nor its absence could be shown yet.`;
    return `${head} changes no benchmark beyond its noise threshold θ, compared with ${base}${others ? `: ${others}` : ''}.`;
}

;// CONCATENATED MODULE: ./build/stats/describe.js
/**
 * Descriptive statistics for the terminal table and the report: a thin, validated wrapper over
 * simple-statistics so every caller gets the same definitions (sample sd with n − 1; median as
 * the type-7 0.5 quantile; CV = sd / mean).
 */


function describe_describe(values) {
    validate_assertSample('values', values);
    const x = [...values];
    const m = (0,simple_statistics/* mean */.RE)(x);
    const sd = x.length < 2 ? NaN : (0,simple_statistics/* sampleStandardDeviation */.JK)(x);
    return {
        n: x.length,
        min: (0,simple_statistics/* min */.jk)(x),
        max: (0,simple_statistics/* max */.T9)(x),
        mean: m,
        median: (0,simple_statistics/* median */.JZ)(x),
        sd,
        cv: m === 0 ? NaN : sd / m,
    };
}

;// CONCATENATED MODULE: ./build/tools/group.js
/**
 * Grouping items by a key into arrays appended in place. The idiom it replaces,
 * `map.set(k, [...(map.get(k) ?? []), item])`, copies the group on every item: reading a year of
 * nightly history (146,000 records in one suite) did 10^10 element copies and took minutes.
 */
/** Items grouped by `key`, groups in order of first appearance, items in input order. */
function groupBy(items, key) {
    const out = new Map();
    for (const item of items) {
        const k = key(item);
        const group = out.get(k);
        if (group)
            group.push(item);
        else
            out.set(k, [item]);
    }
    return out;
}

;// CONCATENATED MODULE: ./build/results/history-record.js
/**
 * The history record format (issue 13): what a baseline run leaves behind for the nightly
 * history, one JSON Lines record per benchmark × metric. Pure: no I/O; the stores in
 * `store/history-*.ts` move the text around.
 *
 * Why one self-contained line per benchmark × metric rather than one document per run:
 * - appending is a plain text append, so two runs landing in the same month file rebase onto
 *   each other without a conflict in git (each adds lines at the end);
 * - a corrupt or foreign line costs that line only: the parser reports it with its path and line
 *   number and keeps reading.
 *
 * A line (version 1), as written by `serializeHistory`:
 *   {"v":1,"suite":"demo","benchmark":"branch/sorted","metric":"wall","unit":"ns","commit":"9fceb02…",
 *    "ref":"refs/heads/main","date":"2026-12-01T03:00:12.000Z","runUrl":"https://…/actions/runs/1",
 *    "fingerprint":"3f2a9c01b7de","backend":"perf","n":30,"median":1234567,"q1":1230000,"q3":1240000,
 *    "min":1220000,"max":1290000,"mean":1236000,"sd":5120,"threshold":0.03,"suiteHash":"ab12cd34ef56"}
 * A higher-is-better metric's line also has `"direction":"higher"` (before "suiteHash"); a line
 * without it is lower-is-better, as every line written before the field existed.
 *
 * Storage layout: `<suiteId>/<YYYY-MM>.jsonl` (UTC month of the record's date), so a file stays
 * small (a month of nightly runs) and old months are never rewritten.
 *
 * Size (measured and bounded by __tests__/results/history.test.ts): 200 benchmarks × 3 metrics =
 * 600 lines of ~470 bytes ≈ 280 KB per run as text, ~30 KB deflated (git stores objects deflated;
 * the keys and run-level fields repeat on every line).
 */




const HISTORY_FORMAT_VERSION = 1;
/** Longest subject a record keeps (longer ones end in `…`): a line of a tooltip, not the message. */
const HISTORY_SUBJECT_MAX = 120;
/** A host check id as records hold it (host/checks.ts ids: `governor`, `psi-cpu`). */
const CHECK_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const MAX_HOST_FAILED = 32;
/**
 * A commit message (or its subject) → the record's subject: the first line, control characters
 * and surrounding blanks removed, at most HISTORY_SUBJECT_MAX characters (whole code points);
 * null when nothing is left.
 */
function historySubject(message) {
    const first = (message.split(/\r\n|[\r\n\v\f\u0085\u2028\u2029]/, 1)[0] ?? '')
        .replace(/[\u0000-\u001f\u007f]/g, ' ')
        .trim();
    if (first === '')
        return null;
    const chars = [...first];
    return chars.length <= HISTORY_SUBJECT_MAX
        ? first
        : `${chars
            .slice(0, HISTORY_SUBJECT_MAX - 1)
            .join('')
            .trimEnd()}…`;
}
const SUITE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** Why a suite id is unusable as a directory name, or null when it is fine. */
function history_record_suiteIdProblem(id) {
    return SUITE_ID.test(id)
        ? null
        : `suite id ${JSON.stringify(id)}: expected 1–100 of [A-Za-z0-9._-], starting with a letter or digit`;
}
/** Short stable id of a fingerprint's hard keys: sha256 of the key-sorted JSON, 12 hex digits. */
function fingerprintId(hard) {
    const sorted = Object.fromEntries(Object.keys(hard)
        .sort()
        .map((k) => [k, hard[k]]));
    return (0,external_node_crypto_.createHash)('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 12);
}
/** Type-7 (linear interpolation) quantile of sorted values, as R's default and numpy's. */
function quantile7(sorted, p) {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    const a = sorted[lo];
    const b = sorted[Math.min(lo + 1, sorted.length - 1)];
    return a + (h - lo) * (b - a);
}
/**
 * Nine significant digits: far below any measurement's noise (1e-9 relative), and it keeps
 * float artefacts such as 1234.5670000000002 out of the file.
 */
function round(x) {
    return Number(x.toPrecision(9));
}
/**
 * A results.json → its history records: one per benchmark × metric that measured something
 * (benchmarks that failed, timed out or were skipped have no value to record). Throws TypeError
 * on a meta the caller should have validated (bad suite id, no commit anywhere, bad date).
 */
function toHistoryRecords(results, meta) {
    const idProblem = history_record_suiteIdProblem(meta.suiteId);
    if (idProblem)
        throw new TypeError(idProblem);
    const commit = meta.commit ?? results.git.sha;
    if (!commit)
        throw new TypeError('the results name no commit (git.sha is null) and none was given: a history point must name its commit');
    const date = new Date(meta.date ?? results.startedAt);
    if (Number.isNaN(date.getTime()))
        throw new TypeError(`date ${JSON.stringify(meta.date ?? results.startedAt)}: not an ISO 8601 date`);
    for (const id of meta.hostFailed ?? [])
        if (!CHECK_ID.test(id))
            throw new TypeError(`host check id ${JSON.stringify(id)}: expected [a-z0-9-], as host/checks.ts names them`);
    const subject = meta.subject ? historySubject(meta.subject) : null;
    const hostFailed = meta.hostFailed ? [...new Set(meta.hostFailed)].sort().slice(0, MAX_HOST_FAILED) : undefined;
    const fp = fingerprintId(results.fingerprint.hard);
    const suiteHash = results.suite.sha256.slice(0, 12);
    const records = [];
    for (const b of results.benchmarks) {
        if (b.status !== 'ok')
            continue;
        for (const [metric, m] of Object.entries(b.metrics)) {
            const samples = m.samples.filter((x) => Number.isFinite(x));
            if (samples.length === 0)
                continue;
            const sorted = [...samples].sort((x, y) => x - y);
            const s = describe_describe(sorted);
            const record = {
                v: HISTORY_FORMAT_VERSION,
                suite: meta.suiteId,
                benchmark: b.name,
                metric,
                unit: m.unit,
                commit,
                ref: meta.ref ?? results.git.ref,
                date: date.toISOString(),
                ...(meta.runUrl !== undefined ? { runUrl: meta.runUrl } : {}),
                fingerprint: fp,
                backend: b.backend,
                n: s.n,
                median: round(s.median),
                q1: round(quantile7(sorted, 0.25)),
                q3: round(quantile7(sorted, 0.75)),
                min: round(s.min),
                max: round(s.max),
                mean: round(s.mean),
                sd: Number.isNaN(s.sd) ? null : round(s.sd),
                ...(b.threshold[metric] !== undefined ? { threshold: b.threshold[metric] } : {}),
                ...(m.direction === 'higher' ? { direction: 'higher' } : {}),
                suiteHash,
                ...(subject !== null ? { subject } : {}),
                ...(hostFailed ? { hostFailed } : {}),
            };
            records.push(record);
        }
    }
    return records;
}
/** The store file a record belongs in: `<suite>/<YYYY-MM>.jsonl`, by the UTC month of its date. */
function historyFilePath(suiteId, date) {
    return `${suiteId}/${historyMonth(date)}.jsonl`;
}
/** The month a record is filed under (`2026-12`): its date's first seven characters (written in UTC). */
function historyMonth(date) {
    return date.slice(0, 7);
}
/** Records → JSON Lines (each line ends with a newline, so appending keeps the file valid). */
function serializeHistory(records) {
    return records.map((r) => `${JSON.stringify(r)}\n`).join('');
}
const str = (v) => (typeof v === 'string' && v.length > 0 ? null : 'expected a non-empty string');
const history_record_num = (v) => (typeof v === 'number' && Number.isFinite(v) ? null : 'expected a finite number');
const count = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 ? null : 'expected a whole number ≥ 1';
const optional = (c) => (v) => v === undefined ? null : c(v);
const nullable = (c) => (v) => v === null ? null : c(v);
const FIELDS = {
    v: (v) => (v === HISTORY_FORMAT_VERSION ? null : `expected ${HISTORY_FORMAT_VERSION}`),
    suite: (v) => (typeof v === 'string' ? history_record_suiteIdProblem(v) : 'expected a string'),
    benchmark: str,
    metric: str,
    unit: (v) => (typeof v === 'string' ? null : 'expected a string'),
    commit: (v) => (typeof v === 'string' && /^[0-9a-f]{4,64}$/.test(v) ? null : 'expected a hex commit id'),
    ref: nullable(str),
    date: (v) => typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v)) ? null : 'expected an ISO 8601 date',
    runUrl: optional(str),
    fingerprint: (v) => (typeof v === 'string' && /^[0-9a-f]{12}$/.test(v) ? null : 'expected 12 hex digits'),
    backend: (v) => BACKEND_NAMES.includes(v) ? null : `expected one of ${BACKEND_NAMES.join(', ')}`,
    n: count,
    median: history_record_num,
    q1: history_record_num,
    q3: history_record_num,
    min: history_record_num,
    max: history_record_num,
    mean: history_record_num,
    sd: nullable(history_record_num),
    threshold: optional(history_record_num),
    direction: optional((v) => (v === 'higher' ? null : 'expected "higher" (absent: lower is better)')),
    suiteHash: (v) => (typeof v === 'string' && /^[0-9a-f]{1,64}$/.test(v) ? null : 'expected hex digits'),
    subject: optional((v) => typeof v === 'string' && v !== '' && historySubject(v) === v
        ? null
        : `expected one line of at most ${HISTORY_SUBJECT_MAX} characters, no control characters (a commit subject)`),
    hostFailed: optional((v) => Array.isArray(v) && v.length <= MAX_HOST_FAILED && v.every((x) => typeof x === 'string' && CHECK_ID.test(x))
        ? null
        : `expected a list of at most ${MAX_HOST_FAILED} host check ids ([a-z0-9-], e.g. ["cpu-utilisation"])`),
};
/** Once, not once per record read. */
const FIELD_CHECKS = Object.entries(FIELDS);
/** Why a parsed JSON value is not a history record, or null when it is one. */
function historyRecordProblem(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return 'expected a JSON object (a perfgate history record)';
    const obj = value;
    if (obj.v !== HISTORY_FORMAT_VERSION) {
        return obj.v === undefined
            ? 'not a perfgate history record (no "v" version field)'
            : `history format version ${JSON.stringify(obj.v)} is not one this perfgate reads (expected ${HISTORY_FORMAT_VERSION})`;
    }
    for (const [key, check] of FIELD_CHECKS) {
        const why = check(obj[key]);
        if (why)
            return `"${key}": ${why}${obj[key] === undefined ? ' (missing)' : `, got ${JSON.stringify(obj[key])?.slice(0, 60)}`}`;
    }
    // for…in, not Object.keys: no array per record (a year of nightly runs is 146,000 of them).
    for (const key in obj)
        if (!Object.hasOwn(FIELDS, key))
            return `unknown field "${key}"`;
    if (!(obj.min <= obj.q1 &&
        obj.q1 <= obj.median &&
        obj.median <= obj.q3 &&
        obj.q3 <= obj.max)) {
        return 'expected min ≤ q1 ≤ median ≤ q3 ≤ max';
    }
    return null;
}
/**
 * JSON Lines → records, never throwing: every line that is not valid JSON or not a record is
 * reported as `{path, line, message}` and skipped; the other lines are still returned. A damaged
 * line costs that line only: a NUL byte (a disk block of zeros after a crash), a bare `null` or a
 * foreign object is one problem, not the end of the file. Blank lines are ignored (an editor's
 * trailing newline). A file that does not end with a newline was probably cut short mid-write:
 * its last line is kept when it parses, and reported when not.
 * With `expect.suite` (the store directory the file is in), a record of another suite is a
 * problem too: it was misfiled, and counting it would mix two suites' series. With
 * `expect.month` (`2025-03`, the file's name), a record dated outside that month is one too: a
 * date of 9999 or 1970 is a broken clock or a hand edit, and would sort to one end of every
 * series and draw a step there.
 */
function parseHistory(text, path, expect = {}) {
    const { suite: expectSuite, month: expectMonth } = expect;
    const records = [];
    const problems = [];
    const lines = text.split('\n');
    lines.forEach((raw, i) => {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (line.trim() === '')
            return;
        const problem = (message) => void problems.push({ path, line: i + 1, message });
        // JSON.parse would say "Bad control character"; say what it is.
        if (line.includes('\u0000'))
            return problem('binary data (NUL bytes), not a JSON Lines record');
        let value;
        try {
            value = JSON.parse(line);
        }
        catch (err) {
            const cut = i === lines.length - 1 ? ' (the last line has no newline: a write cut short?)' : '';
            return problem(`not JSON${cut}: ${err.message}`);
        }
        const why = historyRecordProblem(value);
        if (why)
            return problem(why);
        const record = value;
        if (expectSuite !== undefined && record.suite !== expectSuite)
            return problem(`a record of suite ${JSON.stringify(record.suite)} in suite ${JSON.stringify(expectSuite)}'s directory: skipped`);
        if (expectMonth !== undefined && historyMonth(record.date) !== expectMonth)
            return problem(`dated ${record.date}, outside the file's month ${expectMonth} (expected a date in ${expectMonth})`);
        records.push(record);
    });
    return { records, problems };
}
function formatHistoryProblem(p) {
    return `${p.path}:${p.line}: ${p.message}`;
}
/** Problems shown one by one per file; past this, the rest of that file's is one counted line. */
const PROBLEMS_SHOWN_PER_FILE = 3;
/**
 * Problems → warning lines (without the `warning: ` prefix), in input order: up to
 * PROBLEMS_SHOWN_PER_FILE per file, then one line counting the rest of that file's, so a file
 * of a thousand damaged lines is a few lines of warnings, not a thousand.
 */
function historyProblemLines(problems) {
    const out = [];
    for (const [file, list] of groupBy(problems, (p) => p.path)) {
        for (const p of list.slice(0, PROBLEMS_SHOWN_PER_FILE))
            out.push(`${formatHistoryProblem(p)} (skipped)`);
        const rest = list.slice(PROBLEMS_SHOWN_PER_FILE);
        if (rest.length > 0)
            out.push(`${file}: ${rest.length} more damaged line${rest.length === 1 ? '' : 's'} skipped (lines ${rest[0].line}–${rest[rest.length - 1].line})`);
    }
    return out;
}
/** `benchmark|metric`: the key of a series (metric names never hold `|`, so the last `|` splits it). */
function seriesKey(benchmark, metric) {
    return `${benchmark}|${metric}`;
}
/**
 * Records → one series per benchmark × metric, points in date order (records of equal date keep
 * their input order, so a file's append order breaks ties). Callers pass one suite's records.
 */
function seriesOf(records) {
    const out = new Map();
    // Each date parsed once, not twice per comparison (a run's records share one date string).
    const times = new Map();
    const time = (date) => {
        let t = times.get(date);
        if (t === undefined)
            times.set(date, (t = Date.parse(date)));
        return t;
    };
    for (const [key, group] of groupBy(records, (r) => seriesKey(r.benchmark, r.metric))) {
        const points = group.map((record) => ({ commit: record.commit, date: record.date, value: record.median, record }));
        // Array.prototype.sort is stable (ES2019), which keeps the tie order.
        points.sort((a, b) => time(a.date) - time(b.date));
        out.set(key, points);
    }
    return out;
}

;// CONCATENATED MODULE: ./build/report/history-notes.js



const history_notes_short = (sha) => sha.slice(0, 7);
/**
 * One note per gated row whose series has an open regression on main. The PR's side of the
 * sentence follows its verdict: unchanged → "did not change it"; regression → it adds to it;
 * improvement → it wins some back; inconclusive → cannot tell yet.
 */
function historyNotes(rows, open, repoUrl) {
    const notes = [];
    for (const r of rows) {
        if (!r.gated)
            continue;
        const step = open.get(seriesKey(r.benchmark, r.metric));
        if (!step)
            continue;
        // A paired run that isolated the commit names it; else the first commit after the step.
        const sha = step.confirmation?.culprit?.commit ?? step.firstAfter.commit;
        const at = repoUrl ? `[\`${history_notes_short(sha)}\`](${repoUrl}/commit/${sha})` : `\`${history_notes_short(sha)}\``;
        const size = formatPercent(step.estimate?.change ?? step.change);
        const pr = r.verdict === 'unchanged'
            ? 'this PR did not change it'
            : r.verdict === 'regression'
                ? `this PR makes it slower still (${formatPercent(r.change)})`
                : r.verdict === 'improvement'
                    ? `this PR wins some of it back (${formatPercent(r.change)})`
                    : "this PR's effect on it is not clear yet";
        notes.push({
            benchmark: r.benchmark,
            metric: r.metric,
            verdict: r.verdict,
            text: `**${escapeMarkdown(r.benchmark)}** ${escapeMarkdown(r.metric)}${step.direction === 'higher' ? ' (higher is better)' : ''}: main regressed at ${at} (${size}, ${step.firstAfter.date.slice(0, 10)}); ${pr}.`,
        });
    }
    // Benchmarks the PR left alone first: they are the ones a reader would otherwise blame on it.
    const rank = { unchanged: 0, inconclusive: 1, improvement: 2, regression: 3 };
    return notes.sort((a, b) => rank[a.verdict] - rank[b.verdict] || a.benchmark.localeCompare(b.benchmark) || a.metric.localeCompare(b.metric));
}
/** The notes as a section of the comment (empty when there are none). */
function renderHistoryNotes(notes, max = 20) {
    if (notes.length === 0)
        return '';
    const shown = notes.slice(0, max);
    return [
        '### Already slower on main',
        '',
        ...shown.map((n) => `- ${n.text}`),
        ...(notes.length > shown.length ? [`- _${notes.length - shown.length} more._`] : []),
    ].join('\n');
}

;// CONCATENATED MODULE: ./build/report/trend.js
/**
 * Trend charts for the PR comment and the job summary (issue 13 item 4): a benchmark's history
 * on main as a Mermaid `xychart-beta` line chart, which GitHub renders in comments, summaries
 * and issues, with where this PR's head lands, plus the same numbers in a table for readers
 * (and mail notifications) without Mermaid.
 *
 * The head is drawn as a second line that follows main and then forks off to the head value in
 * one extra category (`PR abc1234`), while main carries its newest value flat into that
 * category: xychart-beta has no point markers and no gaps (a series shorter than the axis ends
 * in a `NaN` path coordinate in Mermaid 12), so both series span every category, and main,
 * drawn last and on top, hides the PR's line except where the two part. Pure: no I/O.
 */




/** Fifteen commits and the PR fit the axis with 7-character labels at the width below. */
const DEFAULT_TREND_POINTS = 15;
/** Series colours: the PR's line first (drawn underneath), main's second. */
const MAIN_COLOUR = '#1f77b4';
const PALETTE = `#d62728, ${MAIN_COLOUR}`;
/**
 * The axis unit for values up to `maxAbs`: times in the largest of s/ms/µs/ns that keeps the
 * numbers ≥ 1; counts and other units in thousands/millions/billions once they pass 10,000, so
 * the axis labels stay short.
 */
function chartScale(unit, maxAbs) {
    if (unit === 'ns' || unit === 'ms') {
        const ns = unit === 'ms' ? 1e6 : 1;
        const [f, u] = TIME_NS.find(([f]) => maxAbs * ns >= f) ?? [1, 'ns'];
        return { factor: ns / f, unit: u };
    }
    const prefixes = [
        [1e9, 'billions'],
        [1e6, 'millions'],
        [1e4, 'thousands'],
    ];
    for (const [f, word] of prefixes) {
        if (maxAbs >= f) {
            const div = word === 'thousands' ? 1e3 : f;
            return { factor: 1 / div, unit: `${unit} (${word})` };
        }
    }
    return { factor: 1, unit };
}
/** Five significant digits: a 0.1% step stays visible, and the block stays short. */
function trend_num(x) {
    return String(Number(x.toPrecision(5)));
}
/**
 * Text inside a Mermaid quoted string: no quotes (they end it), no `#` (entity codes such as
 * `#quot;`), no `;`/newlines, and nothing that could close the markdown fence around it.
 */
function mermaidText(s) {
    return s.replace(/[^A-Za-z0-9 ._/:+()[\],=@|·µ-]/g, '_').slice(0, 80);
}
const trend_short = (sha) => sha.slice(0, 7);
/** An axis range around the values with 10% room, rounded outwards to a readable step. */
function axisRange(values) {
    let lo = Math.min(...values);
    let hi = Math.max(...values);
    const span = hi - lo || Math.abs(hi) * 0.02 || 1;
    lo -= span * 0.1;
    hi += span * 0.1;
    const step = 10 ** Math.floor(Math.log10(span)) / 10;
    lo = Math.floor(lo / step) * step;
    hi = Math.ceil(hi / step) * step;
    // Times and counts are never negative; an axis below zero only wastes room.
    if (lo < 0 && Math.min(...values) >= 0)
        lo = 0;
    return [Number(lo.toPrecision(6)), Number(hi.toPrecision(6))];
}
/** The Mermaid source (without the fence) of one trend chart. Null when there is nothing to draw. */
function trendMermaid(input, options = {}) {
    const points = input.points
        .slice(-(options.maxPoints ?? DEFAULT_TREND_POINTS))
        .filter((p) => Number.isFinite(p.value));
    const head = input.head && Number.isFinite(input.head.value) ? input.head : undefined;
    if (points.length === 0)
        return null;
    const all = [...points.map((p) => p.value), ...(head ? [head.value] : [])];
    const scale = chartScale(input.unit, Math.max(...all.map(Math.abs)));
    const main = points.map((p) => p.value * scale.factor);
    // Categories must be distinct (a band scale merges equal ones): a commit measured twice gets `·2`.
    const seen = new Map();
    const categories = points.map((p) => {
        const k = (seen.get(trend_short(p.commit)) ?? 0) + 1;
        seen.set(trend_short(p.commit), k);
        return k === 1 ? trend_short(p.commit) : `${trend_short(p.commit)}·${k}`;
    });
    const headValue = head ? head.value * scale.factor : null;
    const [lo, hi] = axisRange(headValue === null ? main : [...main, headValue]);
    const lines = [
        `%%{init: {"xyChart": {"width": 900, "height": 420, "xAxis": {"labelFontSize": 11}}, "themeVariables": {"xyChart": {"plotColorPalette": "${PALETTE}"}}}}%%`,
        'xychart-beta',
        `    title "${mermaidText(`${input.benchmark} · ${input.metric}`)}"`,
        `    x-axis [${[...categories, ...(head ? [`PR ${trend_short(head.commit)}`] : [])].map((c) => `"${mermaidText(c)}"`).join(', ')}]`,
        `    y-axis "${mermaidText(`${input.metric} (${scale.unit})`)}" ${trend_num(lo)} --> ${trend_num(hi)}`,
    ];
    if (headValue !== null) {
        lines.push(`    line [${[...main, headValue].map(trend_num).join(', ')}]`);
        lines.push(`    line [${[...main, main[main.length - 1]].map(trend_num).join(', ')}]`);
    }
    else {
        // One series: it takes the palette's first colour, so name main's colour for it.
        lines[0] = lines[0].replace(PALETTE, MAIN_COLOUR);
        lines.push(`    line [${main.map(trend_num).join(', ')}]`);
    }
    return lines.join('\n');
}
function cell(value, unit) {
    const v = formatValue(value, unit);
    return `${v.text} ${v.unit}`;
}
/**
 * One benchmark's trend: the chart, then the numbers folded away in a table (newest last, the
 * head's row saying how far it is from main's newest point). Empty when there is no history.
 */
function renderTrend(input, options = {}) {
    const chart = trendMermaid(input, options);
    if (chart === null)
        return '';
    const points = input.points
        .slice(-(options.maxPoints ?? DEFAULT_TREND_POINTS))
        .filter((p) => Number.isFinite(p.value));
    const rows = points.map((p) => [`\`${trend_short(p.commit)}\``, p.date.slice(0, 10), cell(p.value, input.unit)]);
    const latest = points[points.length - 1];
    if (input.head && Number.isFinite(input.head.value)) {
        const vs = latest.value !== 0
            ? ` (${formatPercent(input.head.value / latest.value - 1)} vs nightly baseline \`${trend_short(latest.commit)}\`, across sessions)`
            : '';
        rows.push([`**this PR** \`${trend_short(input.head.commit)}\``, '–', `${cell(input.head.value, input.unit)}${vs}`]);
    }
    const name = `${escapeMarkdown(input.benchmark)} · ${escapeMarkdown(input.metric)}`;
    const n = points.length;
    return [
        '```mermaid',
        chart,
        '```',
        '',
        `<details><summary>${name}: the last ${n} point(s) on main${input.head ? ' and this PR' : ''}</summary>`,
        '',
        (0,markdown_table/* markdownTable */.Q)([['commit', 'date', input.metric], ...rows], { align: ['l', 'l', 'r'] }),
        '',
        '</details>',
    ].join('\n');
}
/**
 * The trend inputs for a comparison: every gated row that regressed or improved and has a
 * history on main (by `seriesKey`; `seriesOf` in results/history-record.ts makes the map), with the row's head median as this PR's value. Regressions
 * first, as in the report.
 */
function trendsForComparison(doc, series) {
    const changed = doc.rows
        .filter((r) => r.gated && (r.verdict === 'regression' || r.verdict === 'improvement'))
        .sort((a, b) => a.verdict === b.verdict ? Math.abs(b.change) - Math.abs(a.change) : a.verdict === 'regression' ? -1 : 1);
    const out = [];
    for (const r of changed) {
        const points = series.get(seriesKey(r.benchmark, r.metric));
        if (!points || points.length === 0)
            continue;
        out.push({
            benchmark: r.benchmark,
            metric: r.metric,
            unit: r.unit,
            points,
            head: { commit: doc.head.git.sha ?? 'head', value: r.median.head },
        });
    }
    return out;
}
/**
 * The heading of the "Trend on main" section. The head was measured in this PR's job and
 * main's points in other sessions, whose level can differ by more than the effect (docs/ARCHITECTURE.md §4):
 * the caption says so, so that nobody reads the fork's height as the PR's effect.
 */
function trendHeading() {
    return [
        '### Trend on main',
        '',
        "_Blue: main's history (the median of each nightly run), carried flat to the last column; red: where this PR's head lands. Main's points were measured in other sessions than this PR's, whose level can differ by more than a small change: a change here (\"vs nightly baseline\", across sessions) is not the one the verdict above rests on. Read the trend here, and the change in the verdict above._",
    ];
}
/**
 * The "Trend on main" section in parts: heading, one chart per input (at most `maxCharts`), and
 * the note on those not charted. Null when there is nothing to chart. Apart, so that the comment
 * can cut whole charts for length, never half a Mermaid block.
 */
function trendSection(trends, options = {}) {
    const charts = trends
        .slice(0, options.maxCharts ?? 5)
        .map((t) => renderTrend(t, options))
        .filter((s) => s !== '');
    if (charts.length === 0)
        return null;
    const more = trends.length - charts.length;
    return {
        head: trendHeading(),
        charts,
        tail: more > 0 ? ['', `_${more} more changed benchmark(s) not charted._`] : [],
    };
}

;// CONCATENATED MODULE: ./build/report/sampling.js
const FROM = {
    suite: "the suite's max-iterations",
    run: 'max-iterations set for this run',
    default: 'no max-iterations set: the default',
};
/** `Sampling: 3 pairs of at most 3 (the suite's max-iterations).`, or null for rows without a plan (unpaired). */
function samplingSummary(rows) {
    // One plan per suite entry: a harness entry's benchmarks share its invocations.
    const plans = new Map();
    for (const r of rows) {
        const s = r.sampling;
        if (s?.max === undefined)
            continue;
        plans.set(r.entry ?? r.benchmark, { pairs: s.pairs, max: s.max, from: s.maxFrom ?? 'default' });
    }
    if (plans.size === 0)
        return null;
    const groups = new Map();
    for (const p of plans.values()) {
        const key = `${p.max} ${p.from}`;
        const g = groups.get(key) ?? { max: p.max, from: p.from, pairs: [] };
        g.pairs.push(p.pairs);
        groups.set(key, g);
    }
    const parts = [...groups.values()].map((g) => {
        const lo = Math.min(...g.pairs);
        const hi = Math.max(...g.pairs);
        const count = groups.size > 1 ? ` for ${g.pairs.length} benchmark(s)` : '';
        return `${lo === hi ? lo : `${lo}–${hi}`} pair(s) of at most ${g.max} (${FROM[g.from] ?? FROM.default})${count}`;
    });
    return `Sampling: ${parts.join('; ')}.`;
}
/**
 * `Pairing: duet for 2 benchmark(s) (base and head at once, each on its own CPUs), sequential
 * for 1; why, per row, in comparison.json.`, or null when every pair ran sequentially as asked
 * (the default says nothing new). Counts and fixed words only: the reasons, free text, stay in
 * comparison.json and on stderr.
 */
function pairingSummary(rows) {
    const plans = new Map();
    for (const r of rows) {
        const s = r.sampling;
        if (s?.pairing === undefined)
            continue;
        plans.set(r.entry ?? r.benchmark, { pairing: s.pairing, why: s.pairingWhy !== undefined });
    }
    const all = [...plans.values()];
    if (!all.some((p) => p.pairing === 'duet' || p.why))
        return null;
    const count = (d) => all.filter((p) => p.pairing === d).length;
    const parts = ['duet', 'sequential']
        .filter((d) => count(d) > 0)
        .map((d) => `${d} for ${count(d)} benchmark(s)${d === 'duet' ? ' (base and head at once, each on its own CPUs)' : ''}`);
    const reasons = all.some((p) => p.why) ? '; why, per row, in comparison.json' : '';
    return `Pairing: ${parts.join(', ')}${reasons}.`;
}

;// CONCATENATED MODULE: ./build/report/benchmark-anchor.js
/**
 * The deep link to one benchmark on the history dashboard (issue 22 item 4): the dashboard gives
 * each benchmark's section this id, and the PR comment's rows link to `<dashboard-url>#<id>`.
 * One function builds it for both, so the two cannot drift apart. Pure.
 */

/** Characters of each name kept in the readable part of the anchor. */
const SLUG_MAX = 40;
function slug(name) {
    return name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .slice(0, SLUG_MAX)
        .replace(/^-+|-+$/g, '');
}
/**
 * `b-<suite>-<benchmark>-<8 hex>`: readable, stable across runs (it depends on the names only),
 * safe in an HTML id and a URL fragment as it is ([a-z0-9-]), and unique: the slugs fold
 * `branch/sorted` and `branch-sorted` together, the hash of the exact names tells them apart.
 */
function benchmarkAnchor(suite, benchmark) {
    const hash = (0,external_node_crypto_.createHash)('sha256').update(`${suite}\n${benchmark}`).digest('hex').slice(0, 8);
    return ['b', slug(suite), slug(benchmark), hash].filter((part) => part !== '').join('-');
}
/** Why a dashboard URL is unusable as a link base, or null. */
function dashboardUrlProblem(url) {
    return /^https?:\/\/[^\s"'<>()#`\\]+$/.test(url)
        ? null
        : `dashboard URL ${JSON.stringify(url)}: expected an http(s) URL without spaces, quotes, brackets or a #fragment`;
}
/** The dashboard's section of one benchmark. The URL must have passed dashboardUrlProblem. */
function benchmarkLink(dashboardUrl, suite, benchmark) {
    return `${dashboardUrl}#${benchmarkAnchor(suite, benchmark)}`;
}

;// CONCATENATED MODULE: ./build/report/detectable.js
/**
 * The gated rows whose minimum detectable change (stats/mde.ts) is above θ, said in one
 * sentence each with what would bring it under θ: the comment and the terminal report print
 * these only for such rows, so a runner that sees θ adds nothing to read. The sentence is built
 * as spans (text, and code for the settings it names), so each format renders the settings as
 * code and escapes the names that came from results files its own way.
 */



/**
 * More pairs are advised up to this multiple of the pairs measured; past it the runner time
 * grows by as much, and lowering the noise is the better fix.
 */
const MAX_PAIRS_FACTOR = 10;
/** A relative magnitude with two significant digits: 0.0412 → `4.1%`, 0.123 → `12%`. */
function formatMagnitude(x) {
    return `${+(x * 100).toPrecision(2)}%`;
}
/** Rows of a comparison that can gate whose mde exceeds their θ, in the doc's order. */
function blindRows(doc) {
    if (nothingGated(doc) !== null)
        return [];
    return doc.rows.filter((r) => r.gated && r.threshold !== null && r.mde !== undefined && r.mde > r.threshold);
}
const pairsOf = (r) => r.sampling?.pairs ?? Math.min(r.n.base, r.n.head);
const code = (text) => ({ code: text });
/** Which setting gives a row more pairs, from why its sampling stopped. */
function pairsSetting(r, need) {
    const stop = r.sampling?.stop;
    if (stop === 'time-budget')
        return [code(`max-iterations: ${need}`), ' and a longer ', code('time-budget')];
    return [code(`${stop === 'max-iterations' ? 'max-iterations' : 'iterations'}: ${need}`)];
}
/** What would bring the row's mde under θ, most direct first: one span list per item. */
function advice(doc, r, threshold, mde) {
    const out = [];
    if (doc.design === 'paired') {
        const pairs = pairsOf(r);
        const need = pairsForMde(mde, threshold, pairs);
        out.push(need <= MAX_PAIRS_FACTOR * pairs
            ? [`about ${need} pairs (`, ...pairsSetting(r, need), ')']
            : [
                `more pairs only past ${MAX_PAIRS_FACTOR}× the ${pairs} measured (${Number.isFinite(need) ? `about ${need}` : 'no number of pairs reaches θ = 0'})`,
            ], ['duet pairs (', code('pairing: duet'), ')']);
    }
    else {
        out.push(['base and head paired in one job (', code('baseline: same-job'), ', or ', code('perfgate ab'), ')']);
    }
    const soft = doc.head.fingerprint.soft;
    // `perfgate ab` records no pinning in its host snapshot (`all`): only the action's says.
    const pinned = soft['cpus-auto'] !== undefined || (doc.host !== undefined && doc.host.cpus !== 'all');
    if (!pinned)
        out.push(['quieter CPUs (', code('cpus: auto'), ')']);
    if (r.metric === 'wall') {
        const cpu = doc.rows.find((x) => x.benchmark === r.benchmark && x.metric === 'task-clock');
        const sees = cpu?.mde !== undefined ? ` (it sees ${formatMagnitude(cpu.mde)} here)` : '';
        out.push([`gating task-clock instead of wall${sees}`]);
    }
    if (doc.head.backend !== 'valgrind')
        out.push(['the valgrind backend (', code('backend: valgrind'), ': instruction counts)']);
    return out;
}
/**
 * "this runner cannot see a 2% change in spin/20ms wall at 30 pairs: the smallest change it
 * sees with 80% power is 4.1% (pair noise ±7.9%); under 2% with: ..." for one row of
 * blindRows, as spans: the names in one bold span, for the renderer to escape.
 */
function blindSpans(doc, r) {
    const threshold = r.threshold ?? 0;
    const mde = r.mde ?? 0;
    const theta = formatMagnitude(threshold);
    const where = doc.design === 'paired'
        ? `at ${pairsOf(r)} pairs`
        : `against ${r.sessions?.count ?? doc.baseline.sessions} baseline sessions`;
    const spread = r.sessions?.sd ?? null;
    const noise = doc.design === 'paired'
        ? `pair noise ±${formatMagnitude(pairNoise(r.ci, r.confLevel, pairsOf(r)))}`
        : spread !== null
            ? `session spread ±${formatMagnitude(spread)}`
            : null;
    const items = advice(doc, r, threshold, mde);
    return [
        `this runner cannot see a ${theta} change in `,
        { bold: `${r.benchmark} ${r.metric}` },
        ` ${where}: `,
        `the smallest change it sees with 80% power is ${formatMagnitude(mde)}${noise ? ` (${noise})` : ''}; `,
        `under ${theta} with: `,
        ...items.flatMap((item, i) => (i === 0 ? item : [', ', ...item])),
    ];
}
/**
 * blindSpans on one line. Only the bold span (benchmark and metric) came from outside: markdown
 * escapes it and makes it bold, and sets the settings as code; the other text is perfgate's own
 * words and numbers. The terminal prints it all plain, the settings in backticks.
 */
function blindLine(doc, r, format) {
    return blindSpans(doc, r)
        .map((s) => {
        if (typeof s === 'string')
            return s;
        if ('code' in s)
            return `\`${s.code}\``;
        return format === 'markdown' ? `**${escapeMarkdown(s.bold)}**` : s.bold;
    })
        .join('');
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
/**
 * The sticky comment of a job cancelled before there was a comparison (during setup): it
 * replaces whatever the comment said before, so an earlier green verdict does not stand.
 */
function renderCancelledReport(suiteId, signal, why, runUrl, head = { ref: null, commit: null }) {
    return [
        marker(suiteId),
        '## perfgate: ⏹️ cancelled, nothing gated',
        '',
        `${sideLabel(head, 'head')} was not measured: the job was cancelled (${escapeMarkdown(signal)}) before anything was compared.`,
        '',
        `> ${escapeMarkdown(`Cancelled (${signal}) before anything was compared: ${why}`)}`,
        '',
        `<sub>[Workflow run](${runUrl})</sub>`,
        '',
    ].join('\n');
}
/** Worst first: the order of the comment's table. */
const RANK = { regression: 0, improvement: 1, inconclusive: 2, unchanged: 3 };
/** A verdict's mark, in the comment and in the investigation report alike. */
const ICON = {
    regression: '🔴',
    improvement: '🟢',
    unchanged: '⚪',
    inconclusive: '🟡',
};
function rowCells(r, dashboard) {
    const base = formatValue(r.median.base, r.unit);
    const head = formatValue(r.median.head, r.unit, r.median.base);
    const name = escapeMarkdown(r.benchmark);
    return [
        dashboard ? `[${name}](${benchmarkLink(dashboard.url, dashboard.suite, r.benchmark)})` : name,
        escapeMarkdown(r.metric),
        // The unit comes from the results file like the names.
        `${base.text} ${escapeMarkdown(base.unit)}`,
        `${head.text} ${escapeMarkdown(head.unit)}`,
        `${formatPercent(r.change)} ${formatCi(r.ci)}`,
        formatThreshold(r.threshold),
        r.n.base === r.n.head ? String(r.n.head) : `${r.n.base}/${r.n.head}`,
        `${ICON[r.verdict]} ${r.verdict}`,
    ];
}
/**
 * The change column says what the change is measured against, as the trend table's changes are
 * measured differently (main's nightly points, across sessions) and differ from it.
 */
function changeHeader(c) {
    if (c.design === 'paired')
        return 'change [CI], paired in this run';
    const n = c.baseline.sessions;
    return `change [CI] vs ${n} base session${n === 1 ? '' : 's'}`;
}
const ALIGN = ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'l'];
function table(c, rows) {
    const head = ['benchmark', 'metric', 'base', 'head', changeHeader(c), 'θ', 'n', 'verdict'];
    return (0,markdown_table/* markdownTable */.Q)([head, ...rows], { align: ALIGN });
}
/** The picture of a benchmark's why: visible without opening anything. */
function imageLines(name, url) {
    if (!url || !/^https?:\/\//.test(url))
        return [];
    const safe = url.replace(/[()\s<>]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
    return [
        '',
        `![Differential flame graph of ${escapeMarkdown(name)}](${safe})`,
        '',
        // The file itself (a static SVG on the images ref), outside any HTML block so the link works.
        `<sub>Differential flame graph of ${escapeMarkdown(name)}: widths from head; red = own time per run grew, blue = shrank, grey = within noise (interval includes zero). [Open the SVG](${safe})</sub>`,
    ];
}
function age(ms) {
    const h = ms / 3_600_000;
    return h < 48 ? `${Math.round(h)} h old` : `${Math.round(h / 24)} days old`;
}
/**
 * The busy-runner warning: the host checks before measuring failed, so say which verdicts that
 * may have moved (elapsed time, which a neighbour inflates, and the open ones) by name.
 */
function busyRunnerLine(c, gated) {
    if (!c.host)
        return null;
    const quiet = quietVerdict(c.host);
    if (quiet.quiet)
        return null;
    const affected = gated.filter((r) => isElapsedTime(r.metric) || r.verdict === 'inconclusive');
    const names = affected
        .slice(0, 5)
        .map((r) => `${escapeMarkdown(r.benchmark)} ${escapeMarkdown(r.metric)} (${r.verdict})`);
    const more = affected.length > names.length ? ` and ${affected.length - names.length} more` : '';
    const rows = affected.length > 0
        ? ` Verdicts it may have affected: ${names.join(', ')}${more}; trust the CPU-time and instruction rows first.`
        : ' No verdict here rests on wall time or is inconclusive, so none is likely affected.';
    return `> ⚠️ **The runner was busy** when measuring started (${escapeMarkdown(quiet.reasons.join('; '))}).${rows}`;
}
function renderReport(input) {
    const c = input.comparison;
    const limit = input.limit ?? GITHUB_COMMENT_LIMIT;
    const sections = [];
    const add = (priority, head, rows = [], tail = []) => {
        sections.push({ priority, head, rows, tail, cut: 0 });
    };
    const s = c.summary;
    // What fails the gate besides a regression must be in the headline too: a benchmark that
    // works on base and broke on head, or an interrupted run.
    // (Without a comparison every benchmark failed on base: one failing on head is broken there too.)
    const broken = c.problems.filter((p) => p.side === 'head' &&
        (c.noComparison !== undefined || !c.problems.some((q) => q.side === 'base' && q.benchmark === p.benchmark)));
    const interrupted = c.interrupted ?? [];
    const failed = broken.length > 0 || interrupted.length > 0;
    // A single stored session gates nothing: its all-inconclusive rows must not read as a pass.
    const ungated = nothingGated(c);
    const status = c.noComparison !== undefined && !failed
        ? '⚪ no comparison: base could not be measured'
        : !c.gate.comparable
            ? '⚠️ not gated'
            : s.regressions > 0
                ? c.confirmation?.status === 'unconfirmed'
                    ? '🔴 regression (not confirmed by a paired run)'
                    : '🔴 regression'
                : failed
                    ? `🔴 failed: ${broken.length > 0 ? `${broken.length} benchmark(s) broke on head` : 'interrupted'}`
                    : ungated
                        ? '⚠️ not gated'
                        : s.inconclusive > 0
                            ? '🟡 no regression found'
                            : '🟢 no regression';
    const p = input.provenance;
    const lead = leadSentence(c, {
        head: { ref: input.refs?.head ?? c.head.git.ref, commit: c.head.git.sha },
        base: { ref: input.refs?.base ?? c.base.git.ref, commit: p.commit ?? c.base.git.sha },
        broken: broken.length,
        interrupted: interrupted.length,
        ungated: c.gate.comparable ? ungated : null,
    });
    const headline = [marker(input.suiteId), `## perfgate: ${status}`, '', lead];
    if (c.noComparison !== undefined) {
        // The setup's own output follows its first line: fenced, so nothing in it can close the block.
        const [first, ...rest] = c.noComparison.split('\n');
        headline.push('', `> **No comparison**: ${escapeMarkdown(first ?? '')}; head was measured alone, nothing is gated against base.`);
        if (rest.join('').trim() !== '')
            headline.push('', '<details><summary>setup output (base)</summary>', '', markdownCodeBlock(rest.join('\n')), '', '</details>');
    }
    if (!c.gate.comparable)
        headline.push('', `> **Not gated**: the two sides are not comparable:`, ...c.gate.reasons.map((r) => `> - ${escapeMarkdown(r)}`));
    else if (ungated)
        headline.push('', `> **Not gated**: ${escapeMarkdown(ungated)}. A regression of any size would pass; measure base and head paired in one job to gate.`);
    if (c.confirmation)
        headline.push('', `> **${c.confirmation.status === 'paired' ? 'Paired confirmation' : 'Unconfirmed'}**: ${escapeMarkdown(c.confirmation.reason)}.`);
    for (const b of broken) {
        const [first, ...rest] = (b.error ?? b.status).split('\n');
        headline.push('', `> **${escapeMarkdown(b.benchmark)}** ${escapeMarkdown(b.status)} on head: ${escapeMarkdown(first ?? '')}`);
        if (rest.join('').trim() !== '')
            headline.push('', '<details><summary>stderr</summary>', '', markdownCodeBlock(rest.join('\n')), '', '</details>');
    }
    if (interrupted.length > 0)
        headline.push('', `> **Interrupted**: not measured to the end, so not gated: ${interrupted.map(escapeMarkdown).join(', ')}`);
    const gated = c.rows.filter((r) => r.gated);
    const busy = busyRunnerLine(c, gated);
    if (busy)
        headline.push('', busy);
    for (const n of input.notices ?? [])
        headline.push('', `> ${escapeMarkdown(n)}`);
    add(100, headline);
    if (c.noComparison !== undefined && input.headAlone)
        add(70, [
            '',
            `<details open><summary>Head measured alone</summary>`,
            '',
            renderSummaryMarkdown(input.headAlone),
            '</details>',
        ]);
    // One table: every gated row of the benchmarks that changed or are still open, the worst
    // first, each benchmark's most reliable metric first; benchmarks left unchanged fold below.
    const byBenchmark = [...benchmarkRows(gated).values()].sort((a, b) => RANK[a[0].verdict] - RANK[b[0].verdict] || Math.abs(b[0].change) - Math.abs(a[0].change));
    const open = byBenchmark.filter((rows) => rows[0].verdict !== 'unchanged').flat();
    if (open.length > 0) {
        const lines = table(c, open.map((r) => rowCells(r, input.dashboard))).split('\n');
        add(90, ['', ...lines.slice(0, 2)], lines.slice(2));
    }
    const geomeans = [];
    if (s.geomeanChange)
        geomeans.push(`- geomean ${escapeMarkdown(s.geomeanChange.metric)} ${formatPercent(s.geomeanChange.change)} ${formatCi(s.geomeanChange.ci)} over ${s.geomeanChange.benchmarks} benchmark(s)`);
    for (const [entry, g] of Object.entries(s.geomeanByEntry ?? {}))
        geomeans.push(`- \`${escapeMarkdown(entry)}\`: geomean ${escapeMarkdown(g.metric)} ${formatPercent(g.change)} ${formatCi(g.ci)} over ${g.benchmarks} benchmark(s)${g.direction === 'higher' ? ' (higher is better)' : ''}`);
    if (geomeans.length > 0)
        add(80, [''], geomeans);
    // The why of each changed benchmark, unfolded, right under the table: the frames whose change
    // is beyond noise first, the others behind one fold.
    const tableOrder = byBenchmark.map((rows) => rows[0].benchmark);
    const place = (benchmarks) => Math.min(...benchmarks.map((b) => tableOrder.indexOf(b)));
    const explained = explainedChanges(c).sort((a, b) => place(a.benchmarks) - place(b.benchmarks));
    // The kind of each change leads its why; a benchmark without a profile has it listed here.
    const kinds = kindSection(c, 'markdown', explained.flatMap((g) => g.benchmarks));
    if (kinds.lines.length > 0)
        add(88, kinds.head, kinds.lines);
    for (const { name, benchmarks } of explained) {
        const why = c.explanations?.[name];
        if (!hasFrames(why))
            continue;
        const verdicts = new Set(gated.filter((r) => benchmarks.includes(r.benchmark)).map((r) => r.verdict));
        const how = verdicts.has('regression') ? (verdicts.has('improvement') ? 'changed' : 'is slower') : 'is faster';
        // A harness benchmark not profiled alone: say whose profile stands in for it, and why.
        const title = benchmarks.length === 1 && benchmarks[0] === name
            ? `Why ${escapeMarkdown(name)} ${how}`
            : `Why ${escapeMarkdown(coveredList(benchmarks))} changed (profile of the whole ${escapeMarkdown(name)} invocation${why.whole ? `: ${escapeMarkdown(why.whole)}` : ''})`;
        const kind = kindLines(c, 'markdown', benchmarks).flatMap((l) => ['', l]);
        add(55, ['', `### ${title}`, ...kind, ...imageLines(name, input.images?.[name])]);
        for (const [ex, what] of [
            [why, `Frames whose self time per ${why.basis.per ?? 'run'} changed`],
            [why.offcpu, 'Off-CPU stacks whose time blocked per run changed'],
        ]) {
            if (!ex || ex.top.length === 0)
                continue;
            const note = unwindNote(ex);
            const sure = ex.top.filter(excludesZero);
            // Without any interval (one profile run per side) nothing can be told from noise: show all.
            const noisy = ex.top.some((f) => f.change.selfCi) ? ex.top.filter((f) => !excludesZero(f)) : [];
            const shown = ex.top.some((f) => f.change.selfCi) ? sure : ex.top;
            const lead = `${what}${shown === sure ? ' beyond noise (interval excludes zero)' : ''}: ${escapeMarkdown(basisNote(ex))}.`;
            if (shown.length > 0) {
                const lines = framesMarkdown(ex, shown).split('\n');
                add(50, ['', ...(note ? [note, ''] : []), lead, '', ...lines.slice(0, 2)], lines.slice(2));
            }
            else
                add(50, ['', ...(note ? [note, ''] : []), `${what}: none beyond noise (${escapeMarkdown(basisNote(ex))}).`]);
            if (noisy.length > 0) {
                const lines = framesMarkdown(ex, noisy).split('\n');
                add(20, [
                    '',
                    `<details><summary>${noisy.length} more frame(s) whose interval includes zero (noise, or too few profile runs to tell)</summary>`,
                    '',
                    ...lines.slice(0, 2),
                ], lines.slice(2), ['', '</details>']);
            }
        }
    }
    // Main's history comes after the whys: it says how main got here, not why this PR changed it.
    const historyNotes = input.history?.notes ?? [];
    if (historyNotes.length > 0) {
        const lines = renderHistoryNotes(historyNotes).split('\n');
        add(85, ['', ...lines.slice(0, 2)], lines.slice(2));
    }
    const trend = trendSection(input.history?.trends ?? []);
    if (trend)
        add(45, ['', ...trend.head], trend.charts.map((r) => `\n${r}`), trend.tail);
    const rest = byBenchmark.filter((rows) => rows[0].verdict === 'unchanged').flat();
    if (rest.length > 0) {
        const lines = table(c, rest.map((r) => rowCells(r, input.dashboard))).split('\n');
        add(30, ['', `<details><summary>${rest.length} unchanged gated row(s)</summary>`, '', ...lines.slice(0, 2)], lines.slice(2), ['', '</details>']);
    }
    const context = c.rows.filter((r) => !r.gated && Number.isFinite(r.change));
    if (context.length > 0) {
        const lines = table(c, context.map((r) => rowCells(r, input.dashboard).map((cell, i) => (i === 7 ? 'context' : cell)))).split('\n');
        add(10, [
            '',
            `<details><summary>${context.length} context row(s) (no threshold, not gated)</summary>`,
            '',
            ...lines.slice(0, 2),
        ], lines.slice(2), ['', '</details>']);
    }
    // Said only where the runner cannot see θ: a row that can needs no sentence.
    const blind = blindRows(c).map((r) => `- ${blindLine(c, r, 'markdown')}.`);
    if (blind.length > 0)
        add(35, [''], blind);
    const facts = [];
    if (c.added.length > 0)
        facts.push(`Added (no baseline yet): ${c.added.map(escapeMarkdown).join(', ')}`);
    if (c.removed.length > 0)
        facts.push(`Removed: ${c.removed.map(escapeMarkdown).join(', ')}`);
    for (const b of c.problems)
        facts.push(`⚠️ ${escapeMarkdown(b.benchmark)} **${b.status}** on ${b.side}${b.error ? `: ${escapeMarkdown(b.error.split('\n')[0] ?? '')}` : ''}`);
    for (const w of c.warnings)
        facts.push(`⚠️ ${escapeMarkdown(w)}`);
    const byNote = new Map();
    for (const r of gated)
        if (r.note)
            byNote.set(r.note, [...(byNote.get(r.note) ?? []), `${escapeMarkdown(r.benchmark)} ${escapeMarkdown(r.metric)}`]);
    const notes = [...byNote].map(([note, where]) => `${where.length > 3 ? `${where.length} rows` : where.join(', ')}: ${escapeMarkdown(note)}`);
    if (facts.length + notes.length > 0)
        add(40, [''], [...facts, ...notes].map((f) => `- ${f}`));
    add(95, ['', '---', `<sub>${footer(input)}</sub>`]);
    return fit(sections, limit);
}
/**
 * Where the base came from and where the rest is: what a maintainer acts on. Interval levels,
 * p-values, pair counts per row and the seed are in comparison.json and the text report.
 */
function footer(input) {
    const c = input.comparison;
    const p = input.provenance;
    const source = {
        artifact: 'stored baseline artifact',
        'same-job': 'base measured in this job',
        'local-file': 'local baseline file',
        history: 'base branch history',
        files: 'results files',
    }[p.source];
    // The age of a base measured in this job is the job's: nothing to say.
    const old = p.source !== 'same-job' && p.ageMs !== null && p.ageMs >= 3_600_000 ? `, ${age(p.ageMs)}` : '';
    const baseRun = p.runUrl && p.runUrl !== input.runUrl ? `, [its run](${p.runUrl})` : '';
    const baseline = `Baseline: ${source}${p.commit ? `, commit ${markdownCode(p.commit.slice(0, 12))}` : ''}${old}${baseRun}, backend \`${c.base.backend}\`, ${c.design} design: ${escapeMarkdown(c.baseline.reason)}.`;
    const sampling = [samplingSummary(c.rows), pairingSummary(c.rows)].filter(Boolean).join(' ');
    const theta = 'θ = the noise threshold a change must pass to count.';
    const artifact = 'comparison.json and the interactive flame graphs are in its report artifact';
    const links = input.runUrl && input.artifactUrl && input.runUrl !== input.artifactUrl
        ? `[Workflow run](${input.runUrl}); ${artifact.replace('its report artifact', `the [report artifact](${input.artifactUrl})`)}.`
        : input.runUrl || input.artifactUrl
            ? `[Workflow run](${input.runUrl ?? input.artifactUrl}): ${artifact}.`
            : '';
    return [baseline, sampling, theta, links].filter(Boolean).join(' ');
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
        const pages = client.paginate.iterator(client.rest.issues.listComments, {
            ...t.repo,
            issue_number: t.issueNumber,
            per_page: 100,
        });
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
            const { data } = await client.rest.issues.createComment({
                ...t.repo,
                issue_number: t.issueNumber,
                body,
                request: { retries: 0 },
            });
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
        const labels = await client.paginate(client.rest.issues.listLabelsOnIssue, {
            ...repo,
            issue_number: issueNumber,
            per_page: 100,
        });
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

;// CONCATENATED MODULE: ./build/report/alert.js
/**
 * The alert issue's planner (issue 13 item 3), pure: from the steps of a suite's history on main
 * (report/steps.ts) and what the suite's issue says now, what to do — nothing, open the issue,
 * or update it (body, open/closed, and a comment when there is news) — and the body to write.
 * store/issues.ts carries the plan out.
 *
 * Idempotence lives in the body: its last line is a hidden state comment listing the open
 * regressions, the recoveries and the improvements it reports, each by series and position. The
 * next run plans against that: the same state is no write at all, so a nightly run that finds
 * nothing new posts nothing. Positions match within STEP_TOLERANCE points, because a change
 * point found again on a longer series can move by a point or two; such a move rewrites the
 * body quietly (an issue edit notifies nobody) without a new comment.
 *
 * Open/closed: the issue is opened by the first open regression, stays open while any remains,
 * and is closed (completed) when every regression it reported has recovered. A maintainer who
 * closes it while regressions are open is respected until a NEW regression appears, which
 * reopens it: one issue per suite, never a second one.
 */




/** Steps this many points apart in the same series are the same step found again. */
const STEP_TOLERANCE = 3;
/** GitHub refuses longer issue bodies (422). */
const MAX_BODY = 65_536;
const STATE_PREFIX = '<!-- perfgate-alert-state ';
/** 12 hex digits of sha256(`benchmark|metric`). */
function seriesHash(benchmark, metric) {
    return (0,external_node_crypto_.createHash)('sha256').update(seriesKey(benchmark, metric)).digest('hex').slice(0, 12);
}
/** A step's identity: series and position (`benchmark|metric@index`). */
function stepId(s) {
    return `${s.benchmark}|${s.metric}@${s.index}`;
}
const ref = (s, named = false) => ({
    s: seriesHash(s.benchmark, s.metric),
    i: s.index,
    c: alert_short(s.firstAfter.commit),
    ...(named ? { n: seriesKey(s.benchmark, s.metric) } : {}),
});
function sameStep(a, b) {
    return a.s === b.s && Math.abs(a.i - b.i) <= STEP_TOLERANCE;
}
/** Refs of `now` with no counterpart in `before`. */
function added(now, before) {
    return now.filter((r) => !before.some((b) => sameStep(r, b)));
}
function sameRefs(a, b) {
    const key = (r) => `${r.s}@${r.i}`;
    const ka = a.map(key).sort();
    const kb = b.map(key).sort();
    return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}
/** The state comment of a body written by planAlert, or null (none, or edited beyond reading). */
function parseAlertState(body) {
    const at = body.lastIndexOf(STATE_PREFIX);
    if (at === -1)
        return null;
    const end = body.indexOf(' -->', at);
    if (end === -1)
        return null;
    try {
        const v = JSON.parse(body.slice(at + STATE_PREFIX.length, end));
        const refs = (x) => Array.isArray(x) &&
            x.every((r) => typeof r === 'object' &&
                r !== null &&
                typeof r.s === 'string' &&
                Number.isInteger(r.i) &&
                typeof r.c === 'string' &&
                (r.n === undefined || typeof r.n === 'string'))
            ? x
            : null;
        const open = refs(v.open);
        const recovered = refs(v.recovered);
        const improved = refs(v.improved);
        if (v.v !== 1 || !open || !recovered || !improved)
            return null;
        return { v: 1, open, recovered, improved };
    }
    catch {
        return null;
    }
}
function stateComment(state) {
    // JSON inside an HTML comment: a name could hold `-->`, markup or a mention, so `--`, `<`, `>`
    // and `@` are
    // written as JSON escapes, which JSON.parse reads back as they were.
    return `${STATE_PREFIX}${JSON.stringify(state).replace(/[<>@]|--/g, (m) => (m === '--' ? '-\\u002d' : `\\u00${m.charCodeAt(0).toString(16)}`))} -->`;
}
const alert_short = (sha) => sha.slice(0, 7);
function commitLink(sha, repoUrl) {
    return repoUrl ? `[\`${alert_short(sha)}\`](${repoUrl}/commit/${sha})` : `\`${alert_short(sha)}\``;
}
function rangeLink(s, repoUrl) {
    const a = s.lastBefore.commit;
    const b = s.firstAfter.commit;
    return repoUrl ? `[\`${alert_short(a)}…${alert_short(b)}\`](${repoUrl}/compare/${a}...${b})` : `\`${alert_short(a)}…${alert_short(b)}\``;
}
function alert_magnitude(s) {
    if (!s.estimate)
        return `${formatPercent(s.change)} (too few points for an interval)`;
    const level = s.estimate.confLevel < 0.9499 ? ` (${format_formatLevel(s.estimate.confLevel)} interval)` : '';
    return `${formatPercent(s.estimate.change)} ${formatCi(s.estimate.ci)}${level}`;
}
function runs(s) {
    const link = (label, url) => url ? `[${label}](${url})` : `${label}: no run link`;
    return `${link('before', s.lastBefore.record.runUrl)} · ${link('after', s.firstAfter.record.runUrl)}`;
}
/** The measured commit's subject, quoted and escaped (it is untrusted), or nothing when unknown. */
function subject(p) {
    return p.record.subject ? ` “${escapeMarkdown(p.record.subject)}”` : '';
}
/** Which runs next to the step had failed host checks, and which checks. */
function hostNote(s) {
    if (!s.hostFailed)
        return '';
    const runs = s.hostFailed.map(({ side, point, checks }) => {
        const run = point.record.runUrl ? `[run](${point.record.runUrl})` : 'run';
        return `${side} ${run} at \`${alert_short(point.commit)}\` (${point.date.slice(0, 10)}): ${checks.map(escapeMarkdown).join(', ')}`;
    });
    return `⚠️ host checks failed in the runs around the step: ${runs.join('; ')}: maybe a busy runner, not the code`;
}
function caveats(s) {
    const notes = [];
    const host = hostNote(s);
    if (host)
        notes.push(host);
    if (s.machineChanged)
        notes.push(`⚠️ the machine changed here (fingerprint \`${s.lastBefore.record.fingerprint}\` → \`${s.firstAfter.record.fingerprint}\`): maybe the runner, not the code`);
    if (s.suiteChanged)
        notes.push('⚠️ the suite file changed here: the benchmark itself may have changed');
    return notes.join('; ');
}
const alert_name = (s) => escapeMarkdown(s.benchmark);
/** A throughput's regression is a negative change: the metric says which way is better. */
const metricCell = (s) => `${escapeMarkdown(s.metric)}${s.direction === 'higher' ? ' (higher is better)' : ''}`;
/** The commits cell: the culprit a paired bisection isolated, else the range the history gives. */
function commitsCell(s, input) {
    const c = s.confirmation;
    const range = `${rangeLink(s, input.repoUrl)} (${s.firstAfter.date.slice(0, 10)})${subject(s.firstAfter)}`;
    if (c?.outcome !== 'confirmed')
        return range;
    if (c.culprit) {
        const said = c.culprit.subject ? ` “${escapeMarkdown(c.culprit.subject.slice(0, 80))}”` : '';
        const paired = c.culprit.change !== null ? `, ${pairedChange(c.culprit.change, c.culprit.ci)} against its parent` : '';
        return `culprit ${commitLink(c.culprit.commit, input.repoUrl)}${said}${paired}; in ${range}`;
    }
    const narrowed = c.range ? `, narrowed to \`${alert_short(c.range.good)}…${alert_short(c.range.bad)}\`` : '';
    return `${range}${narrowed} (no single commit isolated: ${escapeMarkdown(c.reason)})`;
}
function pairedChange(change, ci) {
    return `${formatPercent(change)}${ci ? ` ${formatCi(ci)}` : ''}`;
}
/** What the paired run said, for the note cell. */
function confirmationNote(s) {
    const c = s.confirmation;
    if (c?.outcome !== 'confirmed')
        return '';
    return `✅ confirmed by a paired A/B of the two commits in one job: ${c.change !== null ? pairedChange(c.change, c.ci) : c.verdict}, ${c.pairs} pairs`;
}
/** The note cell: the paired run's word and the caveats; '' when there is neither. */
function noteOf(s) {
    return [confirmationNote(s), caveats(s)].filter((x) => x !== '').join('; ');
}
/**
 * Where the step's picture is: the culprit's differential flame graph when one was published,
 * else the paired run that confirmed it (its artifacts hold each A/B's flame graphs).
 */
function flameGraphLink(s, input) {
    const fg = input.flameGraphs?.get(stepId(s)) ?? s.confirmation?.flameGraph;
    if (fg)
        return ` · [flame graph diff](${fg})`;
    const paired = s.confirmation?.outcome === 'confirmed' ? s.confirmation.runUrl : undefined;
    return paired ? ` · [paired run (flame graphs in its artifacts)](${paired})` : '';
}
function regressionRow(s, input, withNote) {
    const cells = [
        alert_name(s),
        metricCell(s),
        commitsCell(s, input),
        alert_magnitude(s),
        formatThreshold(s.threshold),
        formatP(s.p),
        `${runs(s)}${flameGraphLink(s, input)}`,
        ...(withNote ? [noteOf(s)] : []),
    ];
    return `| ${cells.join(' | ')} |`;
}
function recoveredRow(s, input) {
    const at = s.recoveredAt;
    return `| ${alert_name(s)} | ${metricCell(s)} | ${rangeLink(s, input.repoUrl)} | ${alert_magnitude(s)} | ${at ? `${commitLink(at.commit, input.repoUrl)} (${at.date.slice(0, 10)})` : 'within θ again'} |`;
}
function improvementRow(s, input) {
    return `| ${alert_name(s)} | ${metricCell(s)} | ${rangeLink(s, input.repoUrl)} (${s.firstAfter.date.slice(0, 10)})${subject(s.firstAfter)} | ${alert_magnitude(s)} | ${runs(s)} |`;
}
function alert_table(head, rows, max) {
    const shown = rows.slice(0, max);
    const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...shown];
    if (rows.length > shown.length)
        lines.push('', `_${rows.length - shown.length} more not shown._`);
    return lines;
}
function recent(date, asOf, days) {
    return Date.parse(asOf) - Date.parse(date) <= days * 86_400_000;
}
/** Steps in the body's order: newest first, then by name. */
function order(steps) {
    return steps.sort((a, b) => b.firstAfter.date.localeCompare(a.firstAfter.date) ||
        a.benchmark.localeCompare(b.benchmark) ||
        a.metric.localeCompare(b.metric));
}
function renderAlertBody(input, open, recovered, improved, state) {
    const max = input.maxRows ?? 50;
    const asOf = `${commitLink(input.asOf.commit, input.repoUrl)} (${input.asOf.date.slice(0, 10)}${input.asOf.runUrl ? `, [run](${input.asOf.runUrl})` : ''})`;
    const lines = [
        input.marker,
        // The title already says perfgate; the heading says what happened.
        open.length > 0
            ? `## Main regressed (suite \`${escapeMarkdown(input.suiteId)}\`)`
            : `## Main recovered (suite \`${escapeMarkdown(input.suiteId)}\`)`,
        '',
        `**${open.length}** open regression(s) · ${recovered.length} recovered · ${improved.length} improvement(s), as of ${asOf}.`,
    ];
    if (open.length > 0) {
        lines.push('', '### Open regressions', '', input.requireConfirmation
            ? 'Main is still at the slower level, and a paired A/B of the commits either side, in one job, confirmed it; the culprit is the commit its bisection isolated. The runs on both sides have the measurements.'
            : 'Main is still at the slower level. Look in the commit range; the runs on both sides have the measurements.', '');
        // A column of empty cells says nothing: the note column only when a row has a note.
        const withNote = open.some((s) => noteOf(s) !== '');
        lines.push(...alert_table(['benchmark', 'metric', 'commits', 'change [95% CI]', 'θ', 'p', 'runs', ...(withNote ? ['note'] : [])], open.map((s) => regressionRow(s, input, withNote)), max));
    }
    if (recovered.length > 0) {
        lines.push('', '### Recovered', '');
        lines.push(...alert_table(['benchmark', 'metric', 'regressed in', 'by', 'back at'], recovered.map((s) => recoveredRow(s, input)), max));
    }
    if (improved.length > 0) {
        lines.push('', '### Improvements', '');
        lines.push(...alert_table(['benchmark', 'metric', 'commits', 'change [95% CI]', 'runs'], improved.map((s) => improvementRow(s, input)), max));
    }
    lines.push('', `<sub>Change points of each benchmark's history on main${input.method ? ` (${escapeMarkdown(input.method)})` : ''}; the change is the ratio of the segment means, with a bootstrap (BCa) 95% interval over the runs on either side.${input.requireConfirmation ? ' A step is listed only once a paired A/B of its commits confirmed it; one it did not confirm is drift between sessions and is left out.' : ''} perfgate updates this issue after each baseline run, closes it when everything has recovered, and reopens it for a new regression. Closing it by hand silences it until the next new regression.</sub>`, '', stateComment(state));
    return lines.join('\n');
}
function cutToFit(input, open, recovered, improved, state) {
    let body = renderAlertBody(input, open, recovered, improved, state);
    // Long histories: fewer rows per table until GitHub takes it (the state comment stays whole).
    for (let max = input.maxRows ?? 50; [...body].length > MAX_BODY && max > 1; max = Math.floor(max / 2)) {
        body = renderAlertBody({ ...input, maxRows: max }, open, recovered, improved, state);
    }
    // Still too long: the names of open regressions go from the state (only a vanishing one's
    // message needs them); matching keeps working on the hashes.
    if ([...body].length > MAX_BODY)
        body = renderAlertBody({ ...input, maxRows: 1 }, open, recovered, improved, {
            ...state,
            open: state.open.map(({ n: _n, ...r }) => r),
        });
    return body;
}
function alert_describe(refs, steps, verb, repoUrl) {
    return refs.flatMap((r) => {
        const s = steps.find((x) => x.index === r.i && seriesHash(x.benchmark, x.metric) === r.s);
        return s ? [`- ${alert_name(s)} ${metricCell(s)}: ${verb(s)} in ${rangeLink(s, repoUrl)}${subject(s.firstAfter)}`] : [];
    });
}
function planAlert(input) {
    const days = input.maxAgeDays ?? 90;
    const prev = input.previous
        ? (parseAlertState(input.previous.body) ?? { v: 1, open: [], recovered: [], improved: [] })
        : null;
    const reported = (s) => prev !== null && [...prev.open, ...prev.recovered].some((o) => sameStep(ref(s), o));
    // Confirmed by a paired run; or, not measured yet, already in the issue (kept until a paired run rejects it).
    const alertable = (s) => !input.requireConfirmation ||
        s.confirmation?.outcome === 'confirmed' ||
        (s.confirmation === undefined && reported(s));
    const open = order(input.steps.filter((s) => s.kind === 'regression' && s.open && alertable(s)));
    const recovered = order(input.steps.filter((s) => s.kind === 'regression' &&
        !s.open &&
        alertable(s) &&
        recent((s.recoveredAt ?? s.firstAfter).date, input.asOf.date, days)));
    const improved = order(input.steps.filter((s) => s.kind === 'improvement' && recent(s.firstAfter.date, input.asOf.date, days)));
    const current = {
        v: 1,
        open: open.map((s) => ref(s, true)),
        recovered: recovered.map((s) => ref(s)),
        improved: improved.map((s) => ref(s)),
    };
    const title = `perfgate: performance regression on main (${input.suiteId})`;
    const body = cutToFit(input, open, recovered, improved, current);
    if (!input.previous || !prev) {
        if (open.length === 0)
            return { action: 'none', title, body, state: 'closed', reason: 'no open regression and no issue yet', current };
        return { action: 'open', title, body, state: 'open', reason: `${open.length} open regression(s)`, current };
    }
    if (sameRefs(prev.open, current.open) &&
        sameRefs(prev.recovered, current.recovered) &&
        sameRefs(prev.improved, current.improved)) {
        return {
            action: 'none',
            title,
            body: input.previous.body,
            state: input.previous.state,
            reason: 'same state as the issue says',
            current,
        };
    }
    const newOpen = added(current.open, prev.open);
    // A recovery is news when the regression was reported open before (not when it recovered
    // before this issue ever saw it).
    const newRecovered = current.recovered.filter((r) => prev.open.some((o) => sameStep(r, o)) && !prev.recovered.some((o) => sameStep(r, o)));
    const newImproved = added(current.improved, prev.improved);
    // Reported open before, and a paired run of its commits has now found no regression: drift
    // between sessions, not the code. It leaves the issue with that reason.
    const rejected = prev.open.flatMap((o) => {
        const s = input.steps.find((x) => x.confirmation?.outcome === 'rejected' && sameStep(ref(x), o) && !current.open.some((r) => sameStep(r, o)));
        return s ? [s] : [];
    });
    // Reported open before, and now neither open nor recovered: the detector no longer sees a step
    // there (a longer series can dissolve a marginal one). Said once, like any other news.
    const vanished = prev.open.filter((o) => !current.open.some((r) => sameStep(r, o)) &&
        !current.recovered.some((r) => sameStep(r, o)) &&
        !rejected.some((s) => sameStep(ref(s), o)));
    const state = open.length === 0 ? 'closed' : newOpen.length > 0 ? 'open' : input.previous.state;
    const news = [
        ...alert_describe(newOpen, input.steps, (s) => `regressed ${alert_magnitude(s)}`, input.repoUrl),
        ...alert_describe(newRecovered, input.steps, (s) => `recovered${s.recoveredAt ? ` at ${commitLink(s.recoveredAt.commit, input.repoUrl)}` : ''} from the regression`, input.repoUrl),
        ...alert_describe(newImproved, input.steps, (s) => `improved ${alert_magnitude(s)}`, input.repoUrl),
        ...rejected.map((s) => {
            const c = s.confirmation;
            const measured = c.change !== null ? `${pairedChange(c.change, c.ci)}, ${c.verdict}` : c.verdict;
            return `- ${alert_name(s)} ${metricCell(s)}: the step in ${rangeLink(s, input.repoUrl)} was not confirmed by a paired A/B of its commits in one job (${measured}, ${c.pairs} pairs): drift between sessions, not the code; no longer alerted`;
        }),
        ...vanished.map((r) => {
            const n = r.n ?? 'a benchmark';
            const bar = n.lastIndexOf('|');
            const what = bar === -1 ? n : `${escapeMarkdown(n.slice(0, bar))} ${escapeMarkdown(n.slice(bar + 1))}`;
            return `- ${what}: the step at \`${escapeMarkdown(r.c)}\` is no longer found in the history`;
        }),
    ];
    const comment = news.length > 0
        ? [
            `perfgate, after ${commitLink(input.asOf.commit, input.repoUrl)}${input.asOf.runUrl ? ` ([run](${input.asOf.runUrl}))` : ''}:`,
            '',
            ...news,
        ].join('\n')
        : undefined;
    const reason = news.length > 0
        ? `${newOpen.length} new regression(s), ${newRecovered.length} recovery(ies), ${newImproved.length} new improvement(s)${rejected.length > 0 ? `, ${rejected.length} not confirmed by a paired run` : ''}${vanished.length > 0 ? `, ${vanished.length} no longer found` : ''}`
        : 'the same steps, found at slightly different points: body refreshed quietly';
    return { action: 'update', title, body, state, ...(comment ? { comment } : {}), reason, current };
}

;// CONCATENATED MODULE: ./build/results/confirmation-record.js

const CONFIRMATION_FORMAT_VERSION = 1;
/** The file of a suite's confirmations inside a store. */
function confirmationsFilePath(suiteId) {
    return `${suiteId}/confirmations.jsonl`;
}
/** The key a step and its confirmation share: suite, series and the two commits. */
function confirmationKey(k) {
    return JSON.stringify([k.suite, k.benchmark, k.metric, k.good, k.bad]);
}
function serializeConfirmations(records) {
    return records.map((r) => `${JSON.stringify(r)}\n`).join('');
}
const SHA = /^[0-9a-f]{40,64}$/;
const VERDICTS = ['regression', 'improvement', 'unchanged', 'inconclusive'];
const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
const isCi = (v) => v === null || (Array.isArray(v) && v.length === 2 && v.every(isNum));
const isText = (v) => typeof v === 'string' && v.length > 0;
/** Why a parsed JSON value is not a confirmation record, or null when it is one. */
function confirmationRecordProblem(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return 'expected a JSON object (a perfgate confirmation record)';
    const o = value;
    if (o.v !== CONFIRMATION_FORMAT_VERSION)
        return `confirmation format version ${JSON.stringify(o.v)} is not one this perfgate reads (expected ${CONFIRMATION_FORMAT_VERSION})`;
    const checks = [
        ['suite', typeof o.suite === 'string' && history_record_suiteIdProblem(o.suite) === null, 'a suite id'],
        ['benchmark', isText(o.benchmark), 'a non-empty string'],
        ['metric', isText(o.metric), 'a non-empty string'],
        ['good', typeof o.good === 'string' && SHA.test(o.good), 'a full hex commit id'],
        ['bad', typeof o.bad === 'string' && SHA.test(o.bad), 'a full hex commit id'],
        ['outcome', o.outcome === 'confirmed' || o.outcome === 'rejected', '"confirmed" or "rejected"'],
        ['change', o.change === null || isNum(o.change), 'a number or null'],
        ['ci', isCi(o.ci), 'a [low, high] pair or null'],
        ['verdict', VERDICTS.includes(o.verdict), VERDICTS.join(', ')],
        ['pairs', Number.isInteger(o.pairs) && o.pairs >= 0, 'a whole number ≥ 0'],
        ['reason', typeof o.reason === 'string', 'a string'],
        ['date', typeof o.date === 'string' && !Number.isNaN(Date.parse(o.date)), 'an ISO 8601 date'],
        ['runUrl', o.runUrl === undefined || isText(o.runUrl), 'a URL'],
        ['flameGraph', o.flameGraph === undefined || isText(o.flameGraph), 'a URL'],
    ];
    for (const [key, ok, expected] of checks)
        if (!ok)
            return `"${key}": expected ${expected}, got ${JSON.stringify(o[key])?.slice(0, 60) ?? 'nothing'}`;
    if (o.culprit !== undefined) {
        const c = o.culprit;
        if (typeof c !== 'object' ||
            c === null ||
            typeof c.commit !== 'string' ||
            !SHA.test(c.commit) ||
            typeof c.subject !== 'string' ||
            !(c.change === null || isNum(c.change)) ||
            !isCi(c.ci))
            return '"culprit": expected {commit, subject, change, ci}';
    }
    if (o.range !== undefined) {
        const r = o.range;
        if (typeof r !== 'object' || r === null || !SHA.test(String(r.good)) || !SHA.test(String(r.bad)))
            return '"range": expected {good, bad} full commit ids';
    }
    return null;
}
/**
 * JSON Lines → records, never throwing: a line that is not a record is a `{path, line, message}`
 * problem and skipped. A later line for the same step replaces an earlier one (a step measured
 * again after its line was deleted by hand).
 */
function parseConfirmations(text, path) {
    const byKey = new Map();
    const problems = [];
    text.split('\n').forEach((raw, i) => {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (line.trim() === '')
            return;
        let value;
        try {
            value = JSON.parse(line);
        }
        catch (err) {
            problems.push({ path, line: i + 1, message: `not JSON: ${err.message}` });
            return;
        }
        const why = confirmationRecordProblem(value);
        if (why) {
            problems.push({ path, line: i + 1, message: why });
            return;
        }
        const r = value;
        byKey.set(confirmationKey(r), r);
    });
    return { records: [...byKey.values()], problems };
}

;// CONCATENATED MODULE: ./build/report/steps.js
/**
 * What the change points of a history series mean for people (issue 13 items 3–5): each step
 * as a regression, an improvement or a move within the noise threshold θ, with the commits on
 * either side, the CI runs that measured them, the magnitude with a confidence interval, and,
 * for a regression, whether main is still at the regressed level ("open") or came back
 * ("recovered", and where). The alert issue, the PR comment's note and the dashboard all read
 * steps from here, so they agree on what is open. Pure: no I/O.
 *
 * The interval comes from the caller (engine/history-series.ts stepInterval: a BCa bootstrap of the
 * ratio of segment means over the nights either side, each night being one run's median, the
 * detector's outliers left out), so the issue, the comment, the dashboard and `history detect`
 * print the same interval for the same step.
 *
 * A higher-is-better series (its records say `direction: 'higher'`: throughput) is judged by its
 * cost, by the one verdict rule (stats/verdict.ts verdictOf): a drop past 1/(1 + θ) − 1 is the
 * regression, a rise the improvement. `change`, `levelBefore/After` and the interval stay in the
 * metric's own terms (a throughput drop is a negative change), as comparison.json keeps them.
 */



/** Runs either side of a step whose host checks an alert reports. */
const HOST_AROUND = 2;
/** The runs in [index − HOST_AROUND, index + HOST_AROUND) whose records name failed host checks. */
function hostFailedAround(points, index) {
    const out = [];
    for (let i = Math.max(0, index - HOST_AROUND); i < Math.min(points.length, index + HOST_AROUND); i++) {
        const point = points[i];
        const checks = point.record.hostFailed ?? [];
        if (checks.length > 0)
            out.push({ side: i < index ? 'before' : 'after', point, checks });
    }
    return out;
}
/** The key of a step's confirmation: its suite, series and the commits either side. */
function stepKey(s) {
    return confirmationKey({
        suite: s.firstAfter.record.suite,
        benchmark: s.benchmark,
        metric: s.metric,
        good: s.lastBefore.commit,
        bad: s.firstAfter.commit,
    });
}
/** Confirmations by key, for StepOptions.confirmations (a later record of a step wins). */
function confirmationIndex(records) {
    return new Map(records.map((r) => [confirmationKey(r), r]));
}
function relative(from, to) {
    return from === 0 ? 0 : to / from - 1;
}
/** A relative change of the series' level judged by the one rule (an exact change: a point interval). */
function judge(change, threshold, direction) {
    return verdictOf([change, change], 1, threshold, direction);
}
/**
 * The direction of a series: higher-is-better when any of its records says so (records written
 * before the field existed carry none, and must not turn a throughput series back into a cost).
 */
function seriesDirection(points) {
    return points.some((p) => p.record.direction === 'higher') ? 'higher' : undefined;
}
/**
 * The steps of one benchmark × metric series (points in date order, as `seriesOf` gives them)
 * from its change points (as `detectChangePoints` gives them, oldest first).
 */
function describeSteps(points, changePoints, options = {}) {
    if (points.length === 0)
        return [];
    const cps = [...changePoints].filter((c) => c.index > 0 && c.index < points.length).sort((a, b) => a.index - b.index);
    const first = points[0].record;
    // Segment means from the change points: level[i] is the mean after cps[i-1] (level[0]: before cps[0]).
    const levels = cps.length === 0 ? [] : [cps[0].before, ...cps.map((c) => c.after)];
    const levelNow = levels[levels.length - 1] ?? 0;
    const direction = seriesDirection(points);
    return cps.map((cp, i) => {
        const lastBefore = points[cp.index - 1];
        const firstAfter = points[cp.index];
        const threshold = firstAfter.record.threshold ?? lastBefore.record.threshold ?? options.defaultThreshold ?? 0.05;
        const verdict = judge(cp.change, threshold, direction);
        const kind = verdict === 'regression' || verdict === 'improvement' ? verdict : 'within-noise';
        // The caller's index k counts the change points it passed, in its order.
        const estimate = options.interval?.(changePoints.indexOf(cp)) ?? null;
        let open = false;
        let recoveredAt;
        if (kind === 'regression') {
            open = judge(relative(cp.before, levelNow), threshold, direction) === 'regression';
            if (!open) {
                const back = cps.findIndex((later, j) => j > i && judge(relative(cp.before, later.after), threshold, direction) !== 'regression');
                if (back !== -1)
                    recoveredAt = points[cps[back].index];
            }
        }
        const confirmation = options.confirmations?.get(stepKey({ benchmark: first.benchmark, metric: first.metric, lastBefore, firstAfter }));
        const hostFailed = hostFailedAround(points, cp.index);
        return {
            benchmark: first.benchmark,
            metric: first.metric,
            unit: first.unit,
            index: cp.index,
            kind,
            lastBefore,
            firstAfter,
            levelBefore: cp.before,
            levelAfter: cp.after,
            change: cp.change,
            p: cp.p,
            estimate,
            threshold,
            ...(direction ? { direction } : {}),
            open,
            ...(recoveredAt ? { recoveredAt } : {}),
            machineChanged: lastBefore.record.fingerprint !== firstAfter.record.fingerprint,
            suiteChanged: lastBefore.record.suiteHash !== firstAfter.record.suiteHash,
            ...(confirmation ? { confirmation } : {}),
            ...(hostFailed.length > 0 ? { hostFailed } : {}),
        };
    });
}
/**
 * The newest open regression of each series, keyed by `seriesKey` (benchmark|metric). With
 * `confirmedOnly`, only those a paired run confirmed: a step of the history alone may be the
 * runner drifting between sessions.
 */
function openRegressions(steps, confirmedOnly = false) {
    const out = new Map();
    for (const s of steps) {
        if (s.kind !== 'regression' || !s.open)
            continue;
        if (confirmedOnly && s.confirmation?.outcome !== 'confirmed')
            continue;
        const key = seriesKey(s.benchmark, s.metric);
        const seen = out.get(key);
        if (!seen || s.index > seen.index)
            out.set(key, s);
    }
    return out;
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
function rng_createRng(seed = DEFAULT_SEED) {
    assertInteger('seed', seed, 0);
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
    // The generator's one definition, for both bulk forms: `count` numbers, each stored in `out`
    // or, with `pick`, made an index as int(count) makes it and the picked values summed. The
    // state lives in locals for the loop (V8 keeps them in registers; the closure's own variables
    // are a memory load and store per use). A branch per number costs less than writing the
    // numbers out and reading them back in a second loop (8% of a step interval).
    const run = (count, out, pick) => {
        let a0 = s0;
        let a1 = s1;
        let a2 = s2;
        let a3 = s3;
        let sum = 0;
        for (let i = 0; i < count; i++) {
            // Two 32-bit outputs, 27 + 26 bits: the usual way to fill a double's mantissa.
            const hi = imul(rotl(imul(a1, 5), 7), 9) >>> 5;
            let t = a1 << 9;
            a2 ^= a0;
            a3 ^= a1;
            a1 ^= a2;
            a0 ^= a3;
            a2 ^= t;
            a3 = rotl(a3, 11);
            const lo = imul(rotl(imul(a1, 5), 7), 9) >>> 6;
            t = a1 << 9;
            a2 ^= a0;
            a3 ^= a1;
            a1 ^= a2;
            a0 ^= a3;
            a2 ^= t;
            a3 = rotl(a3, 11);
            // × 2^-53 is exact, as / 2^53 is, without a division.
            const u = (hi * 67108864 + lo) * 1.1102230246251565e-16;
            if (pick === null)
                out[i] = u;
            else
                sum += pick[floor(u * count)];
        }
        s0 = a0;
        s1 = a1;
        s2 = a2;
        s3 = a3;
        return sum;
    };
    const uniforms = (out) => void run(out.length, out, null);
    const one = new Float64Array(1);
    const next = () => {
        uniforms(one);
        return one[0];
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
        uniforms,
        resampleSum: (x) => run(x.length, null, x),
    };
}
function rotl(x, k) {
    return (x << k) | (x >>> (32 - k));
}

;// CONCATENATED MODULE: ./build/stats/bootstrap.js
/**
 * Bootstrap confidence intervals of an arbitrary statistic, one- and two-sample, percentile or
 * BCa (Efron & Tibshirani, An Introduction to the Bootstrap, 1993, ch. 13–14). simple-statistics
 * can draw a resample but has no intervals. Every result carries the seed that reproduces it.
 *
 * Conventions (the same as scipy.stats.bootstrap, so results can be cross-checked):
 * - interval ends are type-7 (linear) quantiles of the B bootstrap statistics;
 * - BCa bias correction z0 = Φ⁻¹((#{θ* < θ̂} + #{θ* = θ̂}/2) / B): counting ties as half keeps
 *   z0 sensible for discrete statistics such as medians of small samples;
 * - BCa acceleration from the jackknife; with two samples each sample is jackknifed in turn and
 *   the influence terms of both are pooled (scipy's multi-sample formula, which reduces to
 *   E&T eq. 14.15 for one sample).
 * Two-sample resampling draws each sample independently with replacement (unpaired design).
 */




const { floor: bootstrap_floor } = Math;
/** Bootstrap confidence interval of `statistic` on one sample. */
function bootstrapCi(x, statistic, options = {}) {
    assertSample('x', x);
    const settings = bootstrap_resolve(options);
    const rng = createRng(settings.seed);
    const estimate = checked(statistic(x));
    const replicates = new Float64Array(settings.resamples);
    const rx = x.slice(); // packed, not holey: new Array(n) is several times slower to fill and read
    const ux = new Float64Array(x.length);
    for (let b = 0; b < settings.resamples; b++)
        replicates[b] = checked(statistic(resample(x, rng, ux, rx)));
    const acceleration = settings.method === 'bca' ? jackknifeAcceleration([jackknife(x, statistic)]) : 0;
    return finish(estimate, replicates, acceleration, settings);
}
/** Bootstrap confidence interval of `statistic(x, y)`, resampling x and y independently. */
function bootstrapCi2(x, y, statistic, options = {}) {
    assertSample('x', x);
    assertSample('y', y);
    const settings = bootstrap_resolve(options);
    const rng = createRng(settings.seed);
    const estimate = checked(statistic(x, y));
    const replicates = new Float64Array(settings.resamples);
    const rx = x.slice(); // packed, not holey: new Array(n) is several times slower to fill and read
    const ry = y.slice();
    const ux = new Float64Array(x.length);
    const uy = new Float64Array(y.length);
    for (let b = 0; b < settings.resamples; b++) {
        replicates[b] = checked(statistic(resample(x, rng, ux, rx), resample(y, rng, uy, ry)));
    }
    const acceleration = settings.method === 'bca'
        ? jackknifeAcceleration([jackknife(x, (xs) => statistic(xs, y)), jackknife(y, (ys) => statistic(x, ys))])
        : 0;
    return finish(estimate, replicates, acceleration, settings);
}
/**
 * bootstrapCi2(x, y, (a, b) => mean(b) / mean(a) − 1), the mean being a sum in index order: the
 * same resamples, drawn in the same order, and the same replicates, bit for bit (each resample's
 * sum is accumulated as it is drawn, by rng.resampleSum, instead of written out and read back). The jackknife's
 * leave-one-out means come from the totals, (Σ − xᵢ)/(n − 1): O(n) instead of O(n²), and equal
 * to a fresh sum but for the last bits, which move the interval in its 12th digit or so. It is
 * the interval of every step of the history (`history detect`, the dashboard, the alert):
 * hundreds of them per command over a year of nightly runs.
 */
function bootstrapMeanRatio(x, y, options = {}) {
    validate_assertSample('x', x);
    validate_assertSample('y', y);
    const settings = bootstrap_resolve(options);
    const rng = rng_createRng(settings.seed);
    const sx = sum(x);
    const sy = sum(y);
    const my = sy / y.length;
    const estimate = checked(my / (sx / x.length) - 1);
    const replicates = new Float64Array(settings.resamples);
    for (let b = 0; b < settings.resamples; b++) {
        const rx = rng.resampleSum(x) / x.length;
        replicates[b] = checked(rng.resampleSum(y) / y.length / rx - 1);
    }
    const acceleration = settings.method === 'bca'
        ? jackknifeAcceleration([
            leaveOneOut(x, sx, (mean) => my / mean - 1),
            leaveOneOut(y, sy, (mean) => mean / (sx / x.length) - 1),
        ])
        : 0;
    return finish(estimate, replicates, acceleration, settings);
}
function sum(x) {
    let s = 0;
    for (let i = 0; i < x.length; i++)
        s += x[i];
    return s;
}
/** jackknife() of a statistic of the mean, from the total: the mean without xᵢ is (Σ − xᵢ)/(n − 1). */
function leaveOneOut(x, total, ofMean) {
    if (x.length < 2)
        return new Float64Array(0);
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++)
        out[i] = checked(ofMean((total - x[i]) / (x.length - 1)));
    return out;
}
function bootstrap_resolve(options) {
    const settings = {
        resamples: options.resamples ?? 10000,
        confLevel: options.confLevel ?? 0.95,
        seed: options.seed ?? DEFAULT_SEED,
        method: options.method ?? 'bca',
    };
    assertInteger('resamples', settings.resamples, 2);
    assertConfLevel(settings.confLevel);
    return settings;
}
function checked(value) {
    if (!Number.isFinite(value)) {
        throw new RangeError(`bootstrap statistic returned ${value}; it must return a finite number`);
    }
    return value;
}
/**
 * A resample of x into `out` (reused across resamples: a statistic reads its sample and keeps no
 * reference to it). A new array per resample was most of the time of `history detect` over a
 * year of nightly runs (allocation and garbage collection of 2000 × ~180 values per step).
 * The indexes are rng.int(n)'s, floor(u · n), from uniforms drawn in bulk into `u` (x.length long).
 */
function resample(x, rng, u, out) {
    rng.uniforms(u);
    const n = x.length;
    for (let i = 0; i < n; i++)
        out[i] = x[bootstrap_floor(u[i] * n)];
    return out;
}
/** Leave-one-out values of the statistic (none for a single observation: nothing to leave). */
function jackknife(x, statistic) {
    if (x.length < 2)
        return new Float64Array(0);
    const out = new Float64Array(x.length);
    // The leave-one-out sample, kept in one array: leaving out i + 1 instead of i puts x[i] back
    // where x[i + 1] was (x without x[i]: x[0..i-1], x[i+1..]).
    const rest = x.slice(1);
    for (let i = 0; i < x.length; i++) {
        if (i > 0)
            rest[i - 1] = x[i - 1];
        out[i] = checked(statistic(rest));
    }
    return out;
}
/**
 * a = Σ_j Σ_i U_ji³ / n_j³ / (6 (Σ_j Σ_i U_ji² / n_j²)^{3/2}), U_ji = (n_j − 1)(θ̄_j − θ_(i)),
 * over samples j and their leave-one-out values i.
 */
function jackknifeAcceleration(samples) {
    let num = 0;
    let den = 0;
    for (const values of samples) {
        const n = values.length;
        if (n === 0)
            continue;
        let mean = 0;
        for (const v of values)
            mean += v / n;
        let s2 = 0;
        let s3 = 0;
        for (const v of values) {
            const u = (n - 1) * (mean - v);
            s2 += u * u;
            s3 += u * u * u;
        }
        num += s3 / n ** 3;
        den += s2 / n ** 2;
    }
    return den === 0 ? 0 : num / (6 * den ** 1.5);
}
function finish(estimate, replicates, acceleration, settings) {
    // A typed array sorts numerically without a comparator call per comparison.
    const sorted = Array.from(replicates.slice().sort());
    const alpha = 1 - settings.confLevel;
    let probs = [alpha / 2, 1 - alpha / 2];
    if (settings.method === 'bca') {
        let below = 0;
        let equal = 0;
        for (const r of sorted) {
            if (r < estimate)
                below++;
            else if (r === estimate)
                equal++;
        }
        const z0 = normalQuantile((below + equal / 2) / sorted.length);
        if (!Number.isFinite(z0)) {
            throw new RangeError('BCa bias correction is infinite: every bootstrap statistic lies on one side of the ' +
                'estimate; use the percentile method');
        }
        const adjust = (p) => {
            const z = z0 + normalQuantile(p);
            return normalCdf(z0 + z / (1 - acceleration * z));
        };
        probs = [adjust(probs[0]), adjust(probs[1])];
    }
    return {
        estimate,
        ci: [(0,simple_statistics/* quantileSorted */.Z4)(sorted, probs[0]), (0,simple_statistics/* quantileSorted */.Z4)(sorted, probs[1])],
        confLevel: settings.confLevel,
        method: settings.method,
        resamples: settings.resamples,
        seed: settings.seed,
    };
}

;// CONCATENATED MODULE: ./build/stats/changepoint.js
/**
 * Change points in a nightly series: E-divisive means with a Student t significance test over
 * sliding windows, the method of Apache Otava (ex-Hunter; Fleming et al., "Hunter: Using Change
 * Point Detection to Hunt for Performance Regressions", ICPE 2023; Otava's docs/MATH.md), after
 * Matteson & James (2014). Written from the published method and checked against the change
 * points Otava's own tests assert on a real series (__tests__/stats/changepoint-otava.test.ts).
 *
 * 1. Split: windows of `window` points, each starting half a window after the previous one (or
 *    at the last change point found in it). In each window, divisive segmentation: the split τ
 *    (with an end κ) that maximises the energy statistic Q̂ between Z[s:τ] and Z[τ:κ] over all
 *    segments is tested with a two-sided Student t test between the two sides of its segment;
 *    a significant one is kept and the search repeats, the first insignificant one stops it.
 *    This pass uses a relaxed p (10× p below 0.05, 2× below 0.5): its points are "weak".
 * 2. Merge: each weak point is re-tested between its neighbours; repeatedly the point with the
 *    largest p above `p` (or, when every p is below it, the one with the smallest magnitude when
 *    that is at most `minMagnitude`) is dropped and its neighbours re-tested.
 *
 * Two details are kept exactly as Otava has them (in 'otava' mode) because its results depend on them:
 * - the t test is scipy's `ttest_ind_from_stats` (pooled variance) fed the POPULATION standard
 *   deviations (numpy's default ddof = 0), so the pooled variance is Σ(x − x̄)² / (n₁ + n₂ − 2)
 *   without the usual n/(n − 1) factors;
 * - after a point is dropped, the points re-tested are the one that took its place in the list
 *   and the one after it (not the one before it), so the left neighbour keeps its old p.
 *
 * What perfgate adds (`mode: 'robust'`, the default; `mode: 'otava'` is Otava exactly):
 * - an outlier guard. A nightly series has single slow nights (a noisy neighbour, a cold cache),
 *   and Otava reports such a night as two change points (in and out: 10 and 11 on the
 *   conformance series at p 0.1), and near a real step it can report a lone night as a step in
 *   and out even at p 0.001. Before detection, each point farther than OUTLIER_K robust
 *   standard deviations from the median of its neighbourhood (two points either side) is
 *   replaced by the median of its neighbours. A real step survives: its new level is the neighbourhood's
 *   majority from the step's first night on (from its second night at the end of the series);
 * - segments of at least MIN_SEGMENT points: a change point next to a shorter segment is merged
 *   away first (a burst of two noisy nights is not a new level);
 * - after a merge, the dropped point's left and right neighbours are re-tested (Otava re-tests
 *   the right one and the one after it, so the left one keeps a stale p).
 * On synthetic nightly series with outliers this lifts precision from ~55% to ~100% at the same
 * recall (`npm run bench:changepoint`); on the conformance series it still finds exactly
 * [15, 71] at window 30, p 0.01, magnitude 5%.
 */


/**
 * Defaults of `perfgate history detect`: Otava's window and p (50, 0.001), and 2% magnitude,
 * twice the night-to-night noise of a quiet benchmark (callers that know the metric's noise
 * threshold θ pass that instead). `npm run bench:changepoint` prints what they achieve.
 */
const DEFAULT_CHANGEPOINT_OPTIONS = { window: 50, p: 0.001, minMagnitude: 0.02 };
function mean(x, from, to) {
    let s = 0;
    for (let i = from; i < to; i++)
        s += x[i];
    return s / (to - from);
}
function populationSd(x, from, to, m) {
    if (to - from < 2)
        return 0;
    let ss = 0;
    for (let i = from; i < to; i++)
        ss += (x[i] - m) ** 2;
    return Math.sqrt(ss / (to - from));
}
/**
 * Student t test of x[a:b] against x[b:c] with pooled variance, given population standard
 * deviations (see the module comment). p = 1 when there are only two points (no degree of
 * freedom); p = 0 when both sides are constant but differ; p = 1 when they are constant and equal
 * (scipy gives NaN there, which Otava's comparisons treat as not significant).
 */
function tTest(x, a, b, c) {
    if (!(a < b && b < c))
        throw new RangeError(`tTest: expected a < b < c, got ${a}, ${b}, ${c}`);
    const n1 = b - a;
    const n2 = c - b;
    const m1 = mean(x, a, b);
    const m2 = mean(x, b, c);
    const s1 = populationSd(x, a, b, m1);
    const s2 = populationSd(x, b, c, m2);
    const base = { meanBefore: m1, meanAfter: m2, sdBefore: s1, sdAfter: s2 };
    if (n1 + n2 <= 2)
        return { ...base, t: NaN, p: 1 };
    const df = n1 + n2 - 2;
    const pooled = ((n1 - 1) * s1 * s1 + (n2 - 1) * s2 * s2) / df;
    const se = Math.sqrt(pooled * (1 / n1 + 1 / n2));
    const diff = m1 - m2;
    if (se === 0)
        return diff === 0 ? { ...base, t: NaN, p: 1 } : { ...base, t: diff > 0 ? Infinity : -Infinity, p: 0 };
    const t = diff / se;
    return { ...base, t, p: Math.min(1, 2 * studentTCdf(-Math.abs(t), df)) };
}
/** Relative change after/before − 1, and Otava's magnitude max(|after/before − 1|, |before/after − 1|). */
function forwardChange(before, after) {
    return before === 0 ? 0 : after / before - 1;
}
function changepoint_magnitude(before, after) {
    return Math.max(Math.abs(forwardChange(before, after)), Math.abs(after === 0 ? 0 : before / after - 1));
}
/**
 * The best split of z[s:e]: the τ (s < τ < e) and κ (τ < κ ≤ e) maximising
 *   Q̂(X = z[s:τ], Y = z[τ:κ]) = 2/(n+m) ΣΣ|Xᵢ − Yⱼ| − 2m/((n+m)(n−1)) Σᵢ<ₖ|Xᵢ − Xₖ| − 2n/((n+m)(m−1)) Σⱼ<ₖ|Yⱼ − Yₖ|
 * (n = τ − s, m = κ − τ; a within-sum term is 0 for a single point). Ties go to the smallest τ,
 * then the smallest κ, as numpy's argmax over Otava's (τ, κ) matrix does. O((e − s)²) through
 * W(a, b) = Σ_{a≤i<j<b} |zᵢ − zⱼ|, since the cross sum of [s,τ)×[τ,κ) is W(s,κ) − W(s,τ) − W(τ,κ).
 */
function bestSplit(z, s, e) {
    const L = e - s;
    if (L < 2)
        throw new RangeError(`bestSplit: a segment needs 2 points, got [${s}, ${e})`);
    // w[a][b] for s ≤ a ≤ b ≤ e, stored at (a − s)(L + 1) + (b − s).
    const w = new Float64Array((L + 1) * (L + 1));
    const at = (a, b) => (a - s) * (L + 1) + (b - s);
    for (let c = s; c < e; c++) {
        // Adding point c to every [a, c): W(a, c + 1) = W(a, c) + Σ_{a≤i<c} |z_i − z_c|.
        let col = 0;
        w[at(c, c + 1)] = 0;
        for (let a = c - 1; a >= s; a--) {
            col += Math.abs(z[a] - z[c]);
            w[at(a, c + 1)] = w[at(a, c)] + col;
        }
    }
    let best = { index: s + 1, qhat: -Infinity };
    for (let tau = s + 1; tau < e; tau++) {
        const n = tau - s;
        const wx = w[at(s, tau)];
        for (let kappa = tau + 1; kappa <= e; kappa++) {
            const m = kappa - tau;
            const wy = w[at(tau, kappa)];
            const cross = w[at(s, kappa)] - wx - wy;
            const total = kappa - s;
            const a = (2 / total) * cross;
            const b = n > 1 ? ((2 * m) / (total * (n - 1))) * wx : 0;
            const c = m > 1 ? ((2 * n) / (total * (m - 1))) * wy : 0;
            const q = a - b - c;
            if (q > best.qhat)
                best = { index: tau, qhat: q };
        }
    }
    return best;
}
/** Segment bounds [0, c₁), [c₁, c₂), …, [c_k, n) for sorted change point indexes. */
function bounds(indexes, n) {
    return [0, ...indexes, n];
}
/**
 * Divisive segmentation of z[from:to] (Otava's ChangePointDetector on one window): the best
 * candidate over all current segments is tested within its segment; keep while p ≤ maxP.
 */
function divisive(z, from, to, maxP) {
    const found = [];
    // A segment's best split, by its start: a split changes only the segment it cuts, so the
    // others' are not searched again (each search is O(length²)).
    const splits = new Map();
    for (;;) {
        const cuts = [from, ...found, to];
        let best = null;
        let seg = 0;
        for (let i = 0; i + 1 < cuts.length; i++) {
            const s = cuts[i];
            const e = cuts[i + 1];
            if (e - s < 2)
                continue;
            let known = splits.get(s);
            if (known?.end !== e)
                splits.set(s, (known = { end: e, cand: bestSplit(z, s, e) }));
            const cand = known.cand;
            if (best === null || cand.qhat > best.qhat) {
                best = cand;
                seg = i;
            }
        }
        if (best === null)
            return found;
        const test = tTest(z, cuts[seg], best.index, cuts[seg + 1]);
        if (!(test.p <= maxP))
            return found;
        found.push(best.index);
        found.sort((x, y) => x - y);
    }
}
/** Step 1: the weak change points of the whole series at the relaxed p, each tested between its neighbours. */
function weakChangePoints(z, window, firstPassP) {
    const step = Math.floor(window / 2);
    const seen = new Set();
    let start = 0;
    while (start < z.length) {
        const end = Math.min(start + window, z.length);
        const found = divisive(z, start, end, firstPassP);
        for (const i of found)
            seen.add(i);
        start = Math.max(found.length > 0 ? found[found.length - 1] : 0, start + step);
    }
    return [...seen].sort((x, y) => x - y);
}
/** Otava's first-pass (weak) p-value for a final p. */
function firstPassP(p) {
    return p < 0.05 ? p * 10 : p < 0.5 ? p * 2 : p;
}
function testAll(z, indexes) {
    const cuts = bounds(indexes, z.length);
    return indexes.map((index, i) => ({ index, test: tTest(z, cuts[i], index, cuts[i + 2]) }));
}
/**
 * Step 2: drop weak points until every p < maxP and every magnitude > minMagnitude (and, in
 * robust mode, every segment has at least minSegment points).
 */
function mergeWeak(z, points, maxP, minMagnitude, robust) {
    const cps = [...points];
    const mag = (c) => changepoint_magnitude(c.test.meanBefore, c.test.meanAfter);
    const largestP = (among) => among.reduce((w, i) => (cps[i].test.p > cps[w].test.p ? i : w), among[0]);
    while (cps.length > 0) {
        const cuts = bounds(cps.map((c) => c.index), z.length);
        const short = robust
            ? cps
                .map((_, i) => i)
                .filter((i) => Math.min(cuts[i + 1] - cuts[i], cuts[i + 2] - cuts[i + 1]) < MIN_SEGMENT)
            : [];
        let weakest;
        if (short.length > 0) {
            weakest = largestP(short);
        }
        else {
            weakest = largestP(cps.map((_, i) => i));
            if (cps[weakest].test.p < maxP) {
                weakest = cps.reduce((w, c, i) => (mag(c) < mag(cps[w]) ? i : w), 0);
                if (mag(cps[weakest]) > minMagnitude)
                    return cps;
            }
        }
        cps.splice(weakest, 1);
        const after = bounds(cps.map((c) => c.index), z.length);
        // Otava re-tests the point that moved into the dropped one's place and the one after it;
        // the ones whose segments changed are the one before and the one after the dropped point.
        for (const k of robust ? [weakest - 1, weakest] : [weakest, weakest + 1]) {
            const c = cps[k];
            if (c)
                cps[k] = { index: c.index, test: tTest(z, after[k], c.index, after[k + 2]) };
        }
    }
    return cps;
}
/**
 * Robust mode: fewest points a segment between change points may have. A shorter one is a burst
 * of noise or a slow night or two, not a new level; it also means a step at the end of the
 * series is reported once MIN_SEGMENT nights confirm it.
 */
const MIN_SEGMENT = 3;
/** Robust standard deviations from the neighbourhood median beyond which a point is an outlier. */
const OUTLIER_K = 5;
/** Neighbours on each side that make a point's neighbourhood. */
const OUTLIER_HALF_WIDTH = 2;
function median(values) {
    values.sort((a, b) => a - b);
    const h = values.length >> 1;
    return values.length % 2 === 1 ? values[h] : (values[h - 1] + values[h]) / 2;
}
/** Up to `h` points on each side of i that are not flagged, nearest first. */
function neighbours(z, flagged, i, h) {
    const out = [];
    for (let j = i - 1, k = 0; j >= 0 && k < h; j--)
        if (!flagged[j]) {
            out.push(z[j]);
            k++;
        }
    for (let j = i + 1, k = 0; j < z.length && k < h; j++)
        if (!flagged[j]) {
            out.push(z[j]);
            k++;
        }
    return out;
}
/**
 * Replaces outliers by the median of their neighbourhood (two unflagged points on each side,
 * fewer at the ends). The scale is global, 1.4826 × the median absolute residual of each point
 * from the median of itself and its neighbours: a five-point MAD is too noisy to judge one
 * point by, and the running median follows steps and drifts, so neither inflates the scale.
 * Flagging goes one point at a time, worst first, and later medians skip flagged points: a slow
 * night next to a step would otherwise drag its neighbours' medians and flag a good point. A
 * point is an outlier when its residual exceeds OUTLIER_K × scale; in a constant series (scale
 * 0: deterministic counts) any lone deviation is one. At most a quarter of the points are
 * flagged: beyond that the "outliers" are the distribution.
 */
function guardOutliers(z) {
    const h = OUTLIER_HALF_WIDTH;
    const flagged = z.map(() => false);
    const residual = (i) => Math.abs(z[i] - median([z[i], ...neighbours(z, flagged, i, h)]));
    // Each point's residual is computed once, then again only when a point of its neighbourhood
    // is flagged: those are the h nearest unflagged points on either side of the flagged one.
    // Recomputing every residual per flagged point was O(n²) medians on a noisy series.
    const residuals = Float64Array.from(z, (_, i) => residual(i));
    const scale = 1.4826 * median(Array.from(residuals));
    const outliers = [];
    while (outliers.length < z.length / 4) {
        let worst = -1;
        let worstResidual = OUTLIER_K * scale;
        for (let i = 0; i < z.length; i++) {
            if (!flagged[i] && residuals[i] > worstResidual) {
                worst = i;
                worstResidual = residuals[i];
            }
        }
        if (worst < 0)
            break;
        flagged[worst] = true;
        outliers.push(worst);
        for (const step of [-1, 1])
            for (let j = worst + step, k = 0; j >= 0 && j < z.length && k < h; j += step)
                if (!flagged[j]) {
                    residuals[j] = residual(j);
                    k++;
                }
    }
    outliers.sort((a, b) => a - b);
    const values = [...z];
    for (const i of outliers) {
        const around = neighbours(z, flagged, i, h);
        if (around.length > 0)
            values[i] = median(around);
    }
    return { values, outliers };
}
function changepoint_checkOptions(o) {
    if (!Number.isInteger(o.window) || o.window < 2)
        throw new RangeError(`window must be a whole number ≥ 2, got ${o.window}`);
    if (!(o.p > 0 && o.p <= 1))
        throw new RangeError(`p must be in (0, 1], got ${o.p}`);
    if (!(o.minMagnitude >= 0 && Number.isFinite(o.minMagnitude)))
        throw new RangeError(`minMagnitude must be a finite number ≥ 0, got ${o.minMagnitude}`);
}
/** The change points of a series (oldest first), with the outliers the guard set aside. */
function detectChangePoints(series, options) {
    changepoint_checkOptions(options);
    if (series.length === 0)
        return { changePoints: [], outliers: [] };
    validate_assertSample('series', series);
    const robust = options.mode !== 'otava';
    const { values, outliers } = robust ? guardOutliers(series) : { values: [...series], outliers: [] };
    const weak = testAll(values, weakChangePoints(values, options.window, firstPassP(options.p)));
    const kept = mergeWeak(values, weak, options.p, options.minMagnitude, robust);
    return {
        changePoints: kept.map((c) => ({
            index: c.index,
            before: c.test.meanBefore,
            after: c.test.meanAfter,
            change: forwardChange(c.test.meanBefore, c.test.meanAfter),
            p: c.test.p,
        })),
        outliers,
    };
}

;// CONCATENATED MODULE: ./build/engine/history-series.js




/** Records → the series that pass the filter, by suite, then in the order benchmarks first appear. */
function selectSeries(records, filter = {}) {
    // A benchmark regex is tested once per benchmark name, not once per record.
    const pattern = filter.benchmark;
    const benchmarkPasses = new Map();
    const passes = (r) => {
        if (filter.suiteId !== undefined && r.suite !== filter.suiteId)
            return false;
        if (filter.metric !== undefined && r.metric !== filter.metric)
            return false;
        if (!pattern)
            return true;
        let ok = benchmarkPasses.get(r.benchmark);
        if (ok === undefined)
            benchmarkPasses.set(r.benchmark, (ok = pattern.test(r.benchmark)));
        return ok;
    };
    const bySuite = groupBy(records.filter((r) => passes(r)), (r) => r.suite);
    const out = [];
    for (const [suite, recs] of [...bySuite].sort(([a], [b]) => a.localeCompare(b))) {
        for (const points of seriesOf(recs).values()) {
            const last = points[points.length - 1];
            out.push({ suite, benchmark: last.record.benchmark, metric: last.record.metric, unit: last.record.unit, points });
        }
    }
    return out;
}
/**
 * The change points of one series. Without an explicit minMagnitude, the series' own noise
 * threshold θ (from the suite, recorded with each point) is used, else the default: a step
 * smaller than θ is not one the gate would report either.
 */
function detectSeries(series, options = {}) {
    const theta = series.points[series.points.length - 1]?.record.threshold;
    const opts = {
        window: options.window ?? DEFAULT_CHANGEPOINT_OPTIONS.window,
        p: options.p ?? DEFAULT_CHANGEPOINT_OPTIONS.p,
        minMagnitude: options.minMagnitude ?? theta ?? DEFAULT_CHANGEPOINT_OPTIONS.minMagnitude,
        ...(options.mode ? { mode: options.mode } : {}),
    };
    const { changePoints, outliers } = detectChangePoints(series.points.map((p) => p.value), opts);
    return {
        changePoints: changePoints.map((c) => {
            const at = series.points[c.index];
            const before = series.points[c.index - 1];
            return {
                ...c,
                commit: at.commit,
                previousCommit: before.commit,
                date: at.date,
                fingerprintChanged: at.record.fingerprint !== before.record.fingerprint,
            };
        }),
        outliers,
    };
}
function history_series_mean(x) {
    let sum = 0;
    for (let i = 0; i < x.length; i++)
        sum += x[i];
    return sum / x.length;
}
/**
 * Resamples of every step interval, wherever it is printed (`history detect`, the dashboard, the
 * alert, the PR comment's note), so they print the same interval for the same step. Enough for
 * an interval printed to a tenth of a percent; 10000 (the bootstrap's default, which the site and
 * the alert used) made the dashboard of a year × 400 series cost 12 s of CPU.
 */
const STEP_RESAMPLES = 2000;
/**
 * The relative change of the k-th change point (after / before − 1 of the segment means, as
 * `change`) with a bootstrap interval (BCa, 95% by default): the nights of the segment before
 * (from the previous change point) and after (to the next one) are resampled independently, so
 * the interval says how well the nights pin the step down. Raw samples are not needed: each
 * night is one point. `outliers` (the detector's) are left out, as the detector set them aside:
 * one slow night would otherwise stretch the interval across zero.
 * No interval (`{ none }`) when the outlier guard set aside every night on one side (a short
 * segment of slow nights: the detector saw them replaced by their neighbours, so there is nothing
 * of their own left to resample), or when the level before is 0 (a count that was zero: no
 * relative change). Throws RangeError only for a k that is not a change point (a caller's bug).
 * STEP_RESAMPLES resamples unless `options` says otherwise.
 */
function stepInterval(values, changePoints, k, outliers = [], options = {}) {
    const at = changePoints[k]?.index;
    if (at === undefined)
        throw new RangeError(`stepInterval: no change point ${k} (of ${changePoints.length})`);
    const from = k > 0 ? changePoints[k - 1].index : 0;
    const to = k + 1 < changePoints.length ? changePoints[k + 1].index : values.length;
    const skip = new Set(outliers);
    const part = (a, b) => values.slice(a, b).filter((_, i) => !skip.has(a + i));
    const before = part(from, at);
    const after = part(at, to);
    const side = before.length === 0 ? 'before' : after.length === 0 ? 'after' : null;
    if (side)
        return {
            none: `no interval: every night ${side} the step (points ${side === 'before' ? from : at}–${(side === 'before' ? at : to) - 1}) was set aside as an outlier`,
        };
    if (history_series_mean(before) === 0)
        return { none: 'no interval: the level before the step is 0, so there is no relative change' };
    return bootstrapMeanRatio(before, after, { resamples: STEP_RESAMPLES, ...options });
}
/**
 * The default suite id: the suite file's path without its extension, `/` → `-`
 * (`perfgate.yml` → `perfgate`, `bench/perfgate.yml` → `bench-perfgate`).
 */
function suiteIdFromPath(suitePath) {
    const id = suitePath
        .replace(/\\/g, '/')
        .replace(/^(\.\/)+/, '')
        .replace(/\.[A-Za-z0-9]+$/, '')
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^[^A-Za-z0-9]+/, '')
        .slice(0, 100);
    return suiteIdProblem(id) === null ? id : 'suite';
}

;// CONCATENATED MODULE: ./build/engine/history-report.js





/**
 * Every step of every series of one suite's records, with the change points found as
 * engine/history-series.ts finds them everywhere (minimum magnitude θ of each metric unless `detect`
 * says otherwise).
 */
function suiteSteps(records, suiteId, detect = {}, options = {}) {
    return selectSeries(records, { suiteId }).flatMap((s) => seriesSteps(s, detect, options).steps);
}
/** One series' steps, each with stepInterval's bootstrap interval, and the detector's outliers. */
function seriesSteps(s, detect = {}, options = {}) {
    const { changePoints, outliers } = detectSeries(s, detect);
    const values = s.points.map((p) => p.value);
    const interval = (k) => {
        const r = stepInterval(values, changePoints, k, outliers);
        return !('none' in r) && Number.isFinite(r.ci[0]) && Number.isFinite(r.ci[1])
            ? { change: r.estimate, ci: r.ci, confLevel: r.confLevel }
            : null;
    };
    return { steps: describeSteps(s.points, changePoints, { interval, ...options }), outliers };
}
function historyForReport(records, doc, o) {
    const series = new Map(selectSeries(records, { suiteId: o.suiteId }).map((s) => [seriesKey(s.benchmark, s.metric), s.points]));
    const open = openRegressions(suiteSteps(records, o.suiteId, o.detect, o), o.confirmedOnly ?? false);
    return { notes: historyNotes(doc.rows, open, o.repoUrl), trends: trendsForComparison(doc, series) };
}

;// CONCATENATED MODULE: ./build/store/issues.js
/**
 * The GitHub door of the history alerts: one sticky issue per suite, found again by a hidden
 * marker (`<!-- perfgate-alert:<suite-id> -->`) the way the PR comment is (store/comment.ts):
 * among ALL the issues (open and closed, paginated) opened by the bot itself, so an issue in
 * which a person quotes the marker is never taken over. What to write is decided elsewhere
 * (report/alert.ts `planAlert`, pure); this file only finds the issue and carries the plan out.
 *
 * Creating is not idempotent: a 5xx may come back for an issue GitHub did open. So the create
 * call is not retried blindly; after a server error the issues are searched again and the plan
 * applied to the one found (`createAttempts` times in all), so a suite never gets two issues.
 */

const DEFAULT_ISSUE_AUTHOR = 'github-actions[bot]';
const DEFAULT_ALERT_LABEL = 'perfgate-regression';
/** The hidden marker of a suite's alert issue. */
function alertMarker(suiteId) {
    return `<!-- perfgate-alert:${suiteId.replace(/-->/g, '')} -->`;
}
function issues_checkMarker(marker) {
    if (!/^<!--[\s\S]+-->$/.test(marker))
        throw new Error(`issue marker '${marker}' is not an HTML comment`);
}
/**
 * The oldest issue (open or closed) by `author` whose body carries the marker, or null. Pull
 * requests, which the issues API lists too, are passed over.
 */
async function findAlertIssue(client, t) {
    issues_checkMarker(t.marker);
    const author = t.author ?? DEFAULT_ISSUE_AUTHOR;
    try {
        const pages = client.paginate.iterator(client.rest.issues.listForRepo, {
            ...t.repo,
            state: 'all',
            creator: author,
            sort: 'created',
            direction: 'asc',
            per_page: 100,
        });
        for await (const page of pages) {
            for (const i of page.data) {
                if (i.pull_request)
                    continue;
                if (i.user?.login.toLowerCase() !== author.toLowerCase())
                    continue;
                if (!(i.body ?? '').includes(t.marker))
                    continue;
                return {
                    number: i.number,
                    state: i.state === 'closed' ? 'closed' : 'open',
                    title: i.title,
                    body: i.body ?? '',
                    url: i.html_url,
                };
            }
        }
        return null;
    }
    catch (err) {
        throw toGitHubApiError(err, 'listing the issues', 'issues: read');
    }
}
/**
 * Writes `plan` to the issue found (or about to be created). A plan made against an issue that
 * another job has since changed is still applied as it stands: the planner's state is in the
 * body, so the next run plans from whatever this one wrote.
 */
async function applyIssueWrite(client, t, existing, plan, options = {}) {
    if (plan.action === 'none')
        return { action: 'none', number: existing?.number ?? null, url: existing?.url ?? null, commented: false };
    const body = plan.body.includes(t.marker) ? plan.body : `${t.marker}\n${plan.body}`;
    const attempts = options.createAttempts ?? 3;
    let target = existing;
    for (let attempt = 1;; attempt++) {
        if (target)
            return updateIssue(client, t.repo, target, { ...plan, body });
        try {
            const { data } = await client.rest.issues.create({
                ...t.repo,
                title: plan.title,
                body,
                labels: plan.labels ?? [DEFAULT_ALERT_LABEL],
                request: { retries: 0 },
            });
            // An issue is created open; a plan to open one closed would be a planner bug, not a write.
            return { action: 'opened', number: data.number, url: data.html_url, commented: false };
        }
        catch (err) {
            const apiError = toGitHubApiError(err, 'opening the alert issue', 'issues: write');
            const serverSide = apiError.status === null || apiError.status >= 500;
            if (!serverSide || attempt >= attempts)
                throw apiError;
            await new Promise((resolve) => setTimeout(resolve, (options.retryDelayMs ?? 1000) * attempt));
            target = await findAlertIssue(client, t);
        }
    }
}
async function updateIssue(client, repo, found, plan) {
    const changes = {};
    if (plan.title !== found.title)
        changes.title = plan.title;
    if (plan.body !== found.body)
        changes.body = plan.body;
    if (plan.state !== found.state) {
        changes.state = plan.state;
        changes.state_reason = plan.state === 'closed' ? 'completed' : 'reopened';
    }
    let url = found.url;
    try {
        if (Object.keys(changes).length > 0) {
            const { data } = await client.rest.issues.update({ ...repo, issue_number: found.number, ...changes });
            url = data.html_url;
        }
    }
    catch (err) {
        throw toGitHubApiError(err, `updating the alert issue #${found.number}`, 'issues: write');
    }
    let commented = false;
    if (plan.comment) {
        try {
            // Not retried blindly either: a duplicate notification is the thing alerts must not do. If
            // it fails, the body already says the new state, so the next run will not comment again:
            // a lost notification rather than a repeated one.
            await client.rest.issues.createComment({
                ...repo,
                issue_number: found.number,
                body: plan.comment,
                request: { retries: 0 },
            });
            commented = true;
        }
        catch (err) {
            throw toGitHubApiError(err, `commenting on the alert issue #${found.number}`, 'issues: write');
        }
    }
    return { action: 'updated', number: found.number, url, commented };
}

;// CONCATENATED MODULE: ./build/store/alerts.js
/**
 * History alerts end to end, for the action's baseline mode (issue 13 item 3): after a baseline
 * run has appended to the history, find the steps in each series of the suite, plan the suite's
 * issue against what it says now (report/alert.ts) and write the plan (store/issues.ts).
 *
 *   const result = await alertOnHistory({ client, repo, suiteId, records });
 *
 * `records` are the suite's history on main as the history store returns them (every month the
 * detector should see; a window of 50 needs at least 50 points to find anything at full power).
 */




async function alertOnHistory(o) {
    const steps = suiteSteps(o.records, o.suiteId, o.detect, o);
    const settings = { ...DEFAULT_CHANGEPOINT_OPTIONS, ...o.detect };
    const mine = o.records.filter((r) => r.suite === o.suiteId);
    const newest = mine.reduce((a, r) => (a === null || Date.parse(r.date) > Date.parse(a.date) ? r : a), null);
    const target = { repo: o.repo, marker: alertMarker(o.suiteId), ...(o.author ? { author: o.author } : {}) };
    const previous = await findAlertIssue(o.client, target);
    const server = (o.serverUrl ?? process.env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
    const plan = planAlert({
        suiteId: o.suiteId,
        steps,
        previous,
        marker: target.marker,
        asOf: newest
            ? { commit: newest.commit, date: newest.date, ...(newest.runUrl ? { runUrl: newest.runUrl } : {}) }
            : { commit: '0000000', date: new Date(0).toISOString() },
        repoUrl: `${server}/${o.repo.owner}/${o.repo.repo}`,
        method: `E-divisive means, window ${settings.window}, p ${settings.p}, minimum magnitude ${o.detect?.minMagnitude !== undefined ? `${+(o.detect.minMagnitude * 100).toFixed(2)}%` : 'θ of each metric'}`,
        ...(o.flameGraphs ? { flameGraphs: o.flameGraphs } : {}),
        ...(o.requireConfirmation ? { requireConfirmation: true } : {}),
    });
    if (o.write === false)
        return {
            action: 'none',
            number: previous?.number ?? null,
            url: previous?.url ?? null,
            commented: false,
            plan,
            steps,
        };
    const result = await applyIssueWrite(o.client, target, previous, { ...plan, ...(o.labels ? { labels: o.labels } : {}) }, o);
    return { ...result, plan, steps };
}

// EXTERNAL MODULE: ./node_modules/@actions/artifact/lib/artifact.js + 302 modules
var artifact = __webpack_require__(91252);
;// CONCATENATED MODULE: ./build/tools/dirs.js
/**
 * Creating output directories one level at a time. `mkdir(dir, { recursive: true })` never
 * returns under /proc or /sys (Node's recursive walk sees ENOENT for the child and EEXIST for
 * the parent, and retries forever at full CPU, deaf to SIGTERM), so `--out /proc/x` hung. Here
 * every level is created with a plain mkdir and the first failure is the answer.
 */


function dirs_code(err) {
    return err.code;
}
/** Creates `dir` and its missing parents; throws the first mkdir/stat error (with its code). */
async function makeDirs(dir) {
    const missing = [];
    let cur = external_node_path_.resolve(dir);
    for (;;) {
        try {
            const s = await (0,promises_.stat)(cur);
            if (!s.isDirectory())
                throw Object.assign(new Error(`${cur} is not a directory`), { code: 'ENOTDIR' });
            break;
        }
        catch (err) {
            if (dirs_code(err) !== 'ENOENT')
                throw err;
            missing.push(cur);
            const parent = external_node_path_.dirname(cur);
            if (parent === cur)
                throw err;
            cur = parent;
        }
    }
    for (const d of missing.reverse()) {
        try {
            await (0,promises_.mkdir)(d);
        }
        catch (err) {
            // Another process made it in between: fine if it is a directory.
            if (dirs_code(err) === 'EEXIST' && (await (0,promises_.stat)(d)).isDirectory())
                continue;
            throw err;
        }
    }
}

;// CONCATENATED MODULE: ./build/tools/atomic.js
/**
 * The one way perfgate writes a file: whole or not at all, and a failure that names the path.
 *
 * - writeFileAtomic: a temporary file beside the target, then a rename. A reader (or the next
 *   run) sees the old file or the new one, never a 0-byte or cut-short one: a full disk during
 *   `report --html` or `history site` left a 0-byte index.html that passed for a page.
 * - appendWhole: one append of a whole batch of lines (O_APPEND, one write call). When it fails
 *   part way (ENOSPC after some blocks), the file is truncated back to its size before the
 *   append, so no partial batch is left behind: `history add` on a full disk left ~190 of 904
 *   records of a run, which the next reader took for a complete night.
 *
 * Both throw a WriteError (exit 3) that names the path, the error code and what was kept, and
 * both scrub text of the job's secrets (tools/secrets.ts): outside text was scrubbed where it
 * entered, and every file is scrubbed once more where it leaves.
 */





/** A write that failed, naming its path; `code` is the system error's (ENOSPC, EIO, EACCES, …). */
class WriteError extends errors/* EnvironmentError */.eG {
    path;
    code;
    constructor(message, path, code) {
        super(message);
        this.path = path;
        this.code = code;
    }
}
function codeOf(err) {
    return err.code ?? (err instanceof Error ? err.message : String(err));
}
/** The temporary name beside `file` (same directory: the rename stays on one file system). */
function tempPathFor(file) {
    return `${file}.${process.pid}.tmp`;
}
/**
 * Writes `data` to `file` through a temporary file and a rename, creating missing directories.
 * On failure the temporary file is removed and `file` is as it was (absent, or the old version).
 */
async function writeFileAtomic(file, data) {
    try {
        await makeDirs(external_node_path_.dirname(file));
    }
    catch (err) {
        throw new WriteError(`cannot write ${file}: ${codeOf(err)} (creating ${external_node_path_.dirname(file)})`, file, codeOf(err));
    }
    const tmp = tempPathFor(file);
    try {
        await (0,promises_.writeFile)(tmp, typeof data === 'string' ? (0,secrets/* scrub */._I)(data) : data);
        await (0,promises_.rename)(tmp, file);
    }
    catch (err) {
        await (0,promises_.rm)(tmp, { force: true }).catch(() => undefined);
        throw new WriteError(`cannot write ${file}: ${codeOf(err)}; nothing was written there (a file already there is unchanged)`, file, codeOf(err));
    }
}
/** Copies `from` to `to` as writeFileAtomic writes: a reader sees the old `to` or the whole copy. */
async function copyFileAtomic(from, to) {
    try {
        await makeDirs(external_node_path_.dirname(to));
    }
    catch (err) {
        throw new WriteError(`cannot write ${to}: ${codeOf(err)} (creating ${external_node_path_.dirname(to)})`, to, codeOf(err));
    }
    const tmp = tempPathFor(to);
    try {
        await (0,promises_.copyFile)(from, tmp);
        await (0,promises_.rename)(tmp, to);
    }
    catch (err) {
        await (0,promises_.rm)(tmp, { force: true }).catch(() => undefined);
        throw new WriteError(`cannot copy ${from} to ${to}: ${codeOf(err)}; nothing was written there (a file already there is unchanged)`, to, codeOf(err));
    }
}
/**
 * Appends `text` to `file` (created if missing) in one write; on failure the file is cut back to
 * the size it had just before, so it holds all of `text` or none of it. `what` names the content
 * for the message ("904 history records"). Two appenders racing on a full disk could lose the
 * other's lines to the cut; the directory history store is one nightly job's, so that is the
 * lesser evil than a partial run that passes for a whole one.
 */
async function appendWhole(file, text, what) {
    let handle;
    try {
        handle = await (0,promises_.open)(file, 'a');
    }
    catch (err) {
        throw new WriteError(`cannot append ${what} to ${file}: ${codeOf(err)}; nothing was written`, file, codeOf(err));
    }
    let size = 0;
    try {
        size = (await handle.stat()).size;
        // A full disk first shows as a short write (FileHandle.write does not retry it); the write of
        // the rest is the one that fails with ENOSPC.
        const bytes = Buffer.from((0,secrets/* scrub */._I)(text));
        for (let done = 0; done < bytes.length;) {
            const { bytesWritten } = await handle.write(bytes, done);
            if (bytesWritten === 0)
                throw Object.assign(new Error('write wrote nothing'), { code: 'ENOSPC' });
            done += bytesWritten;
        }
    }
    catch (err) {
        const kept = await handle.truncate(size).then(() => `the file was cut back to its previous ${size} bytes: none of them were kept`, (cut) => `cutting the file back to its previous ${size} bytes failed too (${codeOf(cut)}): lines after byte ${size} are a partial write`);
        throw new WriteError(`cannot append ${what} to ${file}: ${codeOf(err)}; ${kept}`, file, codeOf(err));
    }
    finally {
        await handle.close().catch(() => undefined);
    }
}

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
/**
 * Defence in depth before an upload: each text file is scrubbed of the job's secrets in place
 * (what perfgate wrote was scrubbed already; flame graphs and folded stacks carry symbol names
 * from the measured program). A file with a NUL byte in its first 8 KiB is binary (perf.data).
 */
async function scrubFiles(files) {
    for (const f of files) {
        // Only the head is read to tell: perf.data runs to hundreds of MB.
        const head = Buffer.alloc(8192);
        const fh = await (0,promises_.open)(f, 'r');
        const { bytesRead } = await fh.read(head, 0, head.length, 0).finally(() => fh.close());
        if (head.subarray(0, bytesRead).includes(0))
            continue;
        const text = await (0,promises_.readFile)(f, 'utf8');
        // writeFileAtomic scrubs as it writes.
        if ((0,secrets/* scrub */._I)(text) !== text)
            await writeFileAtomic(f, text);
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
            if (retentionDays !== undefined &&
                (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 90)) {
                throw new ArtifactUploadError(name, `retention of ${retentionDays} days: expected a whole number from 1 to 90`);
            }
            try {
                await scrubFiles(files);
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
                        findBy: {
                            token: o.token,
                            workflowRunId: source.runId,
                            repositoryOwner: source.repo.owner,
                            repositoryName: source.repo.repo,
                        },
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
                        throw isRequestError(err)
                            ? toGitHubApiError(err, `downloading artifact ${artifactId}`, 'actions: read')
                            : new Error(`downloading artifact ${artifactId} failed ${attempts} times: ${(0,errors/* errorMessage */.gJ)(err)}`);
                    }
                    log(`downloading artifact ${artifactId} failed (${(0,errors/* errorMessage */.gJ)(err)}); attempt ${attempt + 1} of ${attempts} in ${(unit * attempt) / 1000} s`);
                    await sleep(unit * attempt);
                }
            }
        },
    };
}

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
    if (lookupError instanceof Error)
        throw lookupError;
    throw toGitHubApiError(new Error('neither GITHUB_RUN_ID nor GITHUB_WORKFLOW_REF is set'), 'finding the current workflow');
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
        const { data } = await client.rest.actions.listWorkflowRunArtifacts({
            ...repo,
            run_id: runId,
            name,
            per_page: 100,
        });
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
        const { data } = await client.rest.repos.compareCommitsWithBasehead({
            ...repo,
            basehead: `${base}...${head}`,
            per_page: 1,
        });
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
    const missing = (reason, message) => ({
        found: false,
        reason,
        message,
        checkedRunIds: checked,
    });
    const where = `workflow ${q.workflowId} on ${q.branch}`;
    const fullName = `${repo.owner}/${repo.repo}`.toLowerCase();
    const trusted = (run) => run.id !== q.currentRunId &&
        !q.skipRunIds?.has(run.id) &&
        !UNTRUSTED_EVENTS.has(run.event) &&
        (run.headRepository === null || run.headRepository.toLowerCase() === fullName);
    const candidates = [];
    try {
        const atBase = q.mergeBaseSha
            ? await listSuccessfulRuns(client, repo, {
                workflowId: q.workflowId,
                branch: q.branch,
                headSha: q.mergeBaseSha,
                limit: maxCandidates,
            })
            : [];
        const latest = await listSuccessfulRuns(client, repo, {
            workflowId: q.workflowId,
            branch: q.branch,
            limit: maxCandidates,
        });
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
                const located = await locateArtifactBaseline(o.client, o.repo, {
                    ...q,
                    skipRunIds: skip,
                    ...(o.maxCandidates !== undefined ? { maxCandidates: o.maxCandidates } : {}),
                });
                checked.push(...(located.found ? [located.run.id] : located.checkedRunIds));
                if (!located.found) {
                    if (skip.size > 0 && located.reason !== 'api-error') {
                        return {
                            found: false,
                            reason: 'artifact-expired',
                            message: `the artifact '${q.artifactName}' of run ${[...skip].join(', ')} expired (or was deleted) while being downloaded, and no other run has one`,
                            checkedRunIds: [...new Set(checked)],
                        };
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
                    return {
                        found: false,
                        reason: 'download-failed',
                        message: `artifact '${q.artifactName}' (id ${artifact.id}) of run ${run.id} could not be downloaded: ${(0,errors/* errorMessage */.gJ)(err)}`,
                        checkedRunIds: [...new Set(checked)],
                    };
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
                return {
                    found: false,
                    reason: 'no-baseline-file',
                    message: `no baseline at ${resultsPath}`,
                    checkedRunIds: [],
                };
            return { found: true, source: 'directory', dir, resultsPath };
        },
        async save(req) {
            for (const file of req.files) {
                const rel = external_node_path_.relative(req.rootDir, file);
                if (rel.startsWith('..') || external_node_path_.isAbsolute(rel))
                    throw new Error(`${file} is not under ${req.rootDir}`);
                const target = external_node_path_.basename(rel) === 'results.json' && external_node_path_.dirname(rel) === '.' ? resultsPath : external_node_path_.join(dir, rel);
                await copyFileAtomic(file, target);
            }
            return { source: 'directory', dir, files: req.files.length };
        },
    };
}

;// CONCATENATED MODULE: ./build/store/services.js
/**
 * The real GitHubServices (the interface src/action/modes/ is written against): Octokit with
 * retries for REST, @actions/artifact for artifacts, the sticky comment of store/comment.ts.
 * Built once per job from the runner's environment; every method is a thin call into
 * src/store or src/store/comment.ts, so what the tests drive against the emulator is what
 * the action runs.
 */







function createGitHubServices(o) {
    const log = o.log ?? (() => undefined);
    const client = o.client ??
        createGitHubClient({
            token: o.token,
            log,
            ...(o.apiUrl !== undefined ? { baseUrl: o.apiUrl } : {}),
            ...(o.retryUnitMs !== undefined ? { retryUnitMs: o.retryUnitMs } : {}),
        });
    const artifacts = o.artifacts ??
        actionsArtifactTransport({
            token: o.token,
            log,
            ...(o.retryUnitMs !== undefined ? { retryUnitMs: o.retryUnitMs * 2 } : {}),
        });
    let workflowId = null;
    return {
        async upload(name, files, rootDir, retentionDays) {
            const r = await artifacts.upload(name, files, rootDir, retentionDays !== null ? { retentionDays } : {});
            return { id: r.id, size: r.size };
        },
        async findBaseline(q) {
            workflowId ??= resolveWorkflowId(client, o.repo, {
                runId: o.runId > 0 ? o.runId : null,
                ...(o.workflowRef !== undefined ? { workflowRef: o.workflowRef } : {}),
            });
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
            return {
                found: {
                    runId: found.runId,
                    headSha: found.headSha,
                    createdAt: found.createdAt,
                    artifactId: found.artifactId,
                    runUrl: found.runUrl,
                    dir: found.dir,
                },
            };
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
                const all = await client.paginate(client.rest.actions.listWorkflowRunArtifacts, {
                    ...o.repo,
                    run_id: runId,
                    per_page: 100,
                });
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
            const r = await upsertStickyComment(client, {
                repo: o.repo,
                issueNumber: pr,
                marker,
                body,
                create: opts.create,
                author: o.commentAuthor ?? DEFAULT_COMMENT_AUTHOR,
            });
            return r === null ? null : { id: r.id, action: r.action };
        },
        hasLabel(pr, label) {
            return hasLabel(client, o.repo, pr, label);
        },
        async alertOnHistory(records, suiteId, serverUrl, confirm) {
            const r = await alertOnHistory({
                client,
                repo: o.repo,
                suiteId,
                records,
                serverUrl,
                ...(o.commentAuthor ? { author: o.commentAuthor } : {}),
                ...(confirm ? { confirmations: confirm.confirmations, requireConfirmation: confirm.requireConfirmation } : {}),
            });
            return { action: r.action, number: r.number, url: r.url, state: r.plan.state, reason: r.plan.reason };
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
const context_str = (v) => (typeof v === 'string' ? v : '');
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
        eventPath: env.GITHUB_EVENT_PATH ?? '',
        runner: env.RUNNER_ENVIRONMENT === 'github-hosted' ? 'github-hosted' : 'self-hosted',
        defaultBranch: context_str(obj(payload.repository).default_branch) || null,
        pr: typeof pr.number === 'number'
            ? {
                number: pr.number,
                headRef: context_str(obj(pr.head).ref),
                baseRef: context_str(obj(pr.base).ref),
                baseSha: context_str(obj(pr.base).sha),
                headSha: context_str(obj(pr.head).sha),
                mergeCommitSha: context_str(pr.merge_commit_sha),
                fork: isForkHead(context_str(headRepo.full_name), context_str(baseRepo.full_name)),
                readOnly: readOnlyTokenReason(env.GITHUB_EVENT_NAME ?? '', payload, env.GITHUB_ACTOR),
                labels: Array.isArray(pr.labels) ? pr.labels.map((l) => context_str(obj(l).name)).filter(Boolean) : [],
            }
            : null,
        mergeGroup: mg.base_sha
            ? {
                baseRef: context_str(mg.base_ref).replace(/^refs\/heads\//, ''),
                baseSha: context_str(mg.base_sha),
                headSha: context_str(mg.head_sha),
                headRef: context_str(mg.head_ref).replace(/^refs\/heads\//, ''),
            }
            : null,
        workflowRun: typeof wr.id === 'number'
            ? {
                id: wr.id,
                event: context_str(wr.event),
                headSha: context_str(wr.head_sha),
                headBranch: context_str(wr.head_branch),
                prNumbers: Array.isArray(wr.pull_requests)
                    ? wr.pull_requests.map((p) => Number(obj(p).number)).filter((n) => n > 0)
                    : [],
            }
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
    const known = benchmarks
        .map((b) => timePerRun.get(b.name))
        .filter((t) => t !== undefined && Number.isFinite(t) && t > 0)
        .sort((a, b) => a - b);
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

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./build/tools/process.js
/**
 * Runs one child process with a deadline. The child leads its own process group, so a timeout
 * kills everything it started (a benchmark's shell, threads, helpers), not just the top process.
 * Its stdout and stderr go to files, not pipes: draining pipes through the event loop costs
 * about a millisecond per run (measured interleaved: 0.9 ms vs 0.1 ms), which is harness
 * overhead on every measured run. Only the tails are read back, for error messages, and they
 * are scrubbed of the job's secrets before anything else sees them.
 */





/**
 * Every child carries this variable, so the ones that leave their process group (a daemon
 * that calls setsid) can still be found in /proc and killed: children inherit the environment
 * whatever their group or session. One that clears its environment is not found.
 */
const MARKER_VAR = 'PERFGATE_PARENT_PID';
/** Process groups running now, so an exit (a second Ctrl-C) can kill them first. */
const running = new Set();
/** SIGKILLs every process group running now (a second Ctrl-C, or the action's first signal). */
function killRunningGroups() {
    for (const pid of running) {
        try {
            process.kill(-pid, 'SIGKILL');
        }
        catch {
            // Already gone.
        }
    }
    running.clear();
}
// Registered before any cleanup of temporary directories (those register when they are made):
// nothing may still be writing into a directory that is being removed.
process.on('exit', () => {
    killRunningGroups();
    reapEscaped();
});
/**
 * Kills (SIGKILL) the processes our children started that are still alive outside any group we
 * track (setsid, double fork), found by MARKER_VAR in /proc/PID/environ; returns them so the
 * caller can say so. Only processes of users whose environ we may read are seen (all, as root).
 */
function reapEscaped() {
    const mark = `${MARKER_VAR}=${process.pid}`;
    const found = [];
    let pids;
    try {
        pids = (0,external_node_fs_.readdirSync)('/proc').filter((n) => /^\d+$/.test(n));
    }
    catch {
        return found;
    }
    for (const name of pids) {
        const pid = Number(name);
        if (pid === process.pid)
            continue;
        try {
            // Members of a group still running are not escapees; the group is killed as a whole.
            const stat = (0,external_node_fs_.readFileSync)(`/proc/${name}/stat`, 'latin1');
            const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
            if (running.has(pgrp))
                continue;
            const env = (0,external_node_fs_.readFileSync)(`/proc/${name}/environ`, 'latin1');
            if (!env.split('\0').includes(mark))
                continue;
            const command = (0,external_node_fs_.readFileSync)(`/proc/${name}/cmdline`, 'latin1').split('\0').filter(Boolean).join(' ');
            process.kill(pid, 'SIGKILL');
            found.push({ pid, command });
        }
        catch {
            // Gone meanwhile, or not ours to read.
        }
    }
    return found;
}
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
        let interrupted = false;
        const child = (0,external_node_child_process_.spawn)(file, args, {
            cwd: spec.cwd,
            env: { ...spec.env, [MARKER_VAR]: String(process.pid) },
            detached: true,
            stdio: ['ignore', fds.out, fds.err],
        });
        if (child.pid !== undefined)
            running.add(child.pid);
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
            interrupted = true;
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
            if (child.pid !== undefined)
                running.delete(child.pid);
            const outcome = {
                exitCode,
                signal,
                timedOut,
                wallNs,
                // The one door through which a child's output enters perfgate: scrubbed here (tools/secrets.ts).
                stderrTail: (0,secrets/* scrub */._I)(tail(fds.err)),
                stdoutTail: (0,secrets/* scrub */._I)(tail(fds.out)),
                ...(spawnError !== undefined ? { spawnError } : {}),
                ...(interrupted ? { interrupted } : {}),
            };
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

;// CONCATENATED MODULE: ./build/tools/git.js
/**
 * The one git runner, and the git operations perfgate needs: the commit being measured,
 * resolving refs, snapshotting a dirty working tree, fetching a missing commit, and checking
 * commits out as detached worktrees whose paths have the same length (path length
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
/** Advice git appends to every failure to reach a remote, whatever the cause. */
const BOILERPLATE = new Set(['Please make sure you have the correct access rights', 'and the repository exists.']);
const MAX_LINES = 8;
/**
 * Git's stderr as one line for a message, cause first. For an unreachable remote git says
 *   fatal: '/srv/nope.git' does not appear to be a git repository
 *   fatal: Could not read from remote repository.
 *
 *   Please make sure you have the correct access rights
 *   and the repository exists.
 * and the last lines alone were the advice, not the cause. Every line that says something is
 * kept, in order (the advice and `hint:` lines dropped), up to MAX_LINES. Git's output reaches
 * here already scrubbed of secrets (tools/process.ts captures it through tools/secrets.ts).
 */
function gitErrorSummary(err) {
    const lines = err
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !BOILERPLATE.has(l) && !l.startsWith('hint:'));
    if (lines.length === 0)
        return 'no message';
    return lines.length > MAX_LINES ? `${lines.slice(0, MAX_LINES).join(' | ')} | …` : lines.join(' | ');
}
/** Text fit for a message: credentials in any URL in it (`https://user:token@host/`) replaced. */
function displayRemote(text) {
    return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s'"]*@/gi, '$1***@');
}
/** The commit and branch of the checkout at dir (null where git cannot tell). */
async function gitInfo(dir) {
    const value = async (...args) => {
        const r = await git(dir, args);
        return r.ok ? r.out || null : null;
    };
    return { sha: await value('rev-parse', 'HEAD'), ref: await value('rev-parse', '--abbrev-ref', 'HEAD') };
}
/**
 * A commit's subject line, author and author date (ISO 8601) in the repository at dir, or null
 * (not a repository, the commit is not in it). Git cuts subject and author to 200 columns
 * itself, so a hostile megabyte-long subject never reaches us whole (callers cap it further).
 */
async function commitInfo(dir, sha) {
    if (!/^[0-9a-f]{4,64}$/.test(sha))
        return null;
    const r = await git(dir, [
        'show',
        '-s',
        '--no-show-signature',
        '--format=%<(200,trunc)%s%x00%<(200,trunc)%an%x00%aI',
        `${sha}^{commit}`,
        '--',
    ]);
    if (!r.ok)
        return null;
    const [subject = '', author = '', date = ''] = r.out.split('\0');
    return { subject: subject.trimEnd(), author: author.trimEnd(), date };
}
/** The subject line of a commit in the repository at dir, or null (unknown commit, empty message). */
async function commitSubject(dir, sha) {
    return (await commitInfo(dir, sha))?.subject || null;
}
/** The commit must be in the clone (a shallow CI checkout may lack it): fetched from origin if not. */
async function ensureCommit(repo, sha, log) {
    if ((await git(repo, ['cat-file', '-e', `${sha}^{commit}`])).ok)
        return;
    log(`fetching commit ${sha.slice(0, 12)} (shallow clone)`);
    const r = await git(repo, ['fetch', '--no-tags', '--depth=1', 'origin', sha]);
    if (!r.ok) {
        const url = await git(repo, ['remote', 'get-url', 'origin']);
        const from = url.ok && url.out ? `origin (${displayRemote(url.out)})` : 'origin';
        throw new errors/* InputError */.dz(`commit ${sha} is not in this clone and could not be fetched from ${from}: ${displayRemote(gitErrorSummary(r.err)).replace(/\.$/, '')}. ` +
            'A shallow checkout lacks the base commit: use actions/checkout with fetch-depth: 0, or fetch that commit before perfgate runs');
    }
}
/**
 * Both commits of a range and the commits between them in the clone, for a bisection: a shallow
 * CI checkout (fetch-depth 1) holds neither end. `bad` is fetched ever deeper (50, 500, 5000
 * commits, then all) until `good` is among its ancestors. Throws, naming the commit and git's
 * reason, when one cannot be fetched or `good` is not an ancestor of `bad` (history rewritten).
 */
async function ensureRange(repo, good, bad, log) {
    const isAncestor = async () => (await git(repo, ['merge-base', '--is-ancestor', good, bad])).ok;
    const present = async (sha) => (await git(repo, ['cat-file', '-e', `${sha}^{commit}`])).ok;
    if ((await present(good)) && (await present(bad)) && (await isAncestor()))
        return;
    const shallow = (await git(repo, ['rev-parse', '--is-shallow-repository'])).out === 'true';
    if (!shallow && (await present(good)) && (await present(bad)))
        throw new errors/* InputError */.dz(`commit ${good} is not an ancestor of ${bad}: the history between them was rewritten`);
    await ensureCommit(repo, good, log);
    for (const depth of ['--depth=50', '--depth=500', '--depth=5000', '--unshallow']) {
        if (depth === '--unshallow' && (await git(repo, ['rev-parse', '--is-shallow-repository'])).out !== 'true')
            break;
        log(`fetching ${bad.slice(0, 12)} (${depth.slice(2)}) for the range from ${good.slice(0, 12)}`);
        const r = await git(repo, ['fetch', '-q', '--no-tags', depth, 'origin', bad]);
        if (!r.ok)
            throw new errors/* InputError */.dz(`commit ${bad} could not be fetched from origin: ${displayRemote(gitErrorSummary(r.err)).replace(/\.$/, '')}`);
        if (await isAncestor())
            return;
    }
    throw new errors/* InputError */.dz(`commit ${good} is not an ancestor of ${bad}: the history between them was rewritten`);
}
/** The merge base of two commits, or null (unrelated histories, or a commit missing from a shallow clone). */
async function mergeBase(repo, a, b) {
    const r = await git(repo, ['merge-base', a, b]);
    return r.ok && r.out ? r.out : null;
}
async function repoRoot(cwd) {
    const r = await git(cwd, ['rev-parse', '--show-toplevel']);
    if (!r.ok)
        throw new errors/* InputError */.dz(`${cwd} is not inside a git repository (perfgate ab checks out commits with git): ${gitErrorSummary(r.err)}`);
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
/**
 * The first-parent commits in (good, bad], oldest first: the commits a nightly range or a
 * bisection walks. good must be an ancestor of bad.
 */
async function firstParentRange(repo, good, bad) {
    const anc = await git(repo, ['merge-base', '--is-ancestor', good, bad]);
    if (!anc.ok)
        throw new errors/* InputError */.dz(`--good ${good.slice(0, 12)} is not an ancestor of --bad ${bad.slice(0, 12)}: nothing to bisect`);
    const r = await git(repo, ['rev-list', '--first-parent', '--reverse', `${good}..${bad}`]);
    if (!r.ok)
        throw new errors/* InputError */.dz(`cannot list the commits in (${good.slice(0, 12)}, ${bad.slice(0, 12)}]: ${gitErrorSummary(r.err)}`);
    const commits = r.out.split('\n').filter((l) => /^[0-9a-f]{40,64}$/.test(l));
    if (commits.length === 0)
        throw new errors/* InputError */.dz(`--good and --bad are the same commit (${good.slice(0, 12)}): nothing to bisect`);
    return commits;
}
/** The working tree as a commit, without touching the index, stash list or files. */
async function snapshotWorkingTree(repo) {
    const status = await git(repo, ['status', '--porcelain', '--untracked-files=normal']);
    const untracked = status.out
        .split('\n')
        .filter((l) => l.startsWith('?? '))
        .map((l) => l.slice(3));
    const stash = await git(repo, ['stash', 'create', 'perfgate ab: working tree']);
    if (stash.ok && /^[0-9a-f]{40,64}$/.test(stash.out))
        return { sha: stash.out, dirty: true, untracked };
    return { sha: await resolveCommit(repo, 'HEAD', 'HEAD'), dirty: false, untracked };
}
/**
 * Detached worktrees `<tmp>/w000`, `<tmp>/w001`, … in the order asked for: one per commit,
 * however many comparisons use it, every path of the same length and the same in every run
 * that asks in the same order (so `ab` and the action measure identical paths). Removal is
 * registered for process exit too, so even a second Ctrl-C (which exits at once) leaves
 * nothing in the repository.
 */
/**
 * A worktree's submodules at the commits it records, cloned from the same submodule checked out
 * in `source` (the user's checkout) when it is there: offline, and no credentials needed. One
 * that is not checked out there comes from the URL in .gitmodules. `git submodule init` would
 * write that URL into the config every worktree shares, so the local one is given with `-c`
 * for this command only. Nested submodules get the same treatment, one level at a time.
 */
async function checkoutSubmodules(dir, source, what) {
    if (!(0,external_node_fs_.existsSync)(external_node_path_.join(dir, '.gitmodules')))
        return;
    const list = await git(dir, ['config', '-f', '.gitmodules', '--get-regexp', '^submodule\\..*\\.path$']);
    // `submodule.third_party/benchmark.path third_party/benchmark`
    for (const line of list.ok ? list.out.split('\n') : []) {
        const m = /^submodule\.(.+)\.path (.+)$/.exec(line.trim());
        if (!m)
            continue;
        const name = m[1];
        const sub = m[2];
        const local = external_node_path_.join(source, sub);
        const here = (0,external_node_fs_.existsSync)(external_node_path_.join(local, '.git'));
        const r = await git(dir, [
            '-c',
            'protocol.file.allow=always',
            ...(here ? ['-c', `submodule.${name}.url=${local}`] : []),
            'submodule',
            'update',
            '--init',
            '--',
            sub,
        ]);
        if (!r.ok)
            throw new errors/* InputError */.dz(`cannot check out submodule ${sub} of ${what}: ${gitErrorSummary(displayRemote(r.err))}; expected ${here ? `the commit it records in ${local}` : `${sub} checked out in ${source} (git submodule update --init --recursive) or its URL in .gitmodules reachable`}`);
        await checkoutSubmodules(external_node_path_.join(dir, sub), local, what);
    }
}
async function openWorktrees(repo) {
    const root = await (0,promises_.mkdtemp)(external_node_path_.join(external_node_os_.tmpdir(), 'perfgate-ab-'));
    const dirs = new Map();
    const dirOf = (i) => external_node_path_.join(root, `w${String(i).padStart(3, '0')}`);
    let removed = false;
    const removeSync = () => {
        if (removed)
            return;
        removed = true;
        for (let i = 0; i < dirs.size; i++) {
            try {
                (0,external_node_child_process_.execFileSync)('git', ['-C', repo, 'worktree', 'remove', '--force', dirOf(i)], { stdio: 'ignore' });
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
        // On the way out (a second Ctrl-C) the async rm below never runs: the root goes here.
        (0,external_node_fs_.rmSync)(root, { recursive: true, force: true });
    };
    process.once('exit', removeSync);
    const checkout = async (sha, side, dir) => {
        const r = await git(repo, ['worktree', 'add', '--detach', '--quiet', dir, sha]);
        if (!r.ok)
            throw new errors/* InputError */.dz(`cannot check out ${side} ${sha.slice(0, 12)}: ${gitErrorSummary(r.err)}`);
        await checkoutSubmodules(dir, repo, `${side} ${sha.slice(0, 12)}`);
        return dir;
    };
    return {
        add: (sha, side) => {
            let dir = dirs.get(sha);
            if (!dir) {
                dir = checkout(sha, side, dirOf(dirs.size));
                dirs.set(sha, dir);
            }
            return dir;
        },
        remove: async () => {
            await Promise.allSettled(dirs.values());
            removeSync();
            process.off('exit', removeSync);
            await (0,promises_.rm)(root, { recursive: true, force: true });
        },
    };
}

;// CONCATENATED MODULE: ./build/store/git-remote.js
/**
 * What the two writers of perfgate's data refs (history records in history-git.ts, flame graph
 * images in data-ref.ts) share about pushing to a remote several CI jobs push to at once:
 * the refs' names and author, the token's way to git, and the retry of a lost push race.
 *
 * The data lives under `refs/perfgate/`, outside `refs/heads/` and `refs/tags/`: a default
 * `git clone` (refspec `+refs/heads/*`, and the tags) and `actions/checkout` never fetch it,
 * so neither developers' clones nor CI checkouts grow with it (docs/history.md, "Size").
 *
 * The token reaches git as an `http.<origin>/.extraheader` through GIT_CONFIG_* environment
 * variables (what actions/checkout configures), never on the command line (where `ps` would
 * show it) nor in the remote URL (where error messages would quote it), and scoped to the
 * remote's origin so no other host is sent it. Any message git prints is scrubbed of it too.
 *
 * A push without force loses when another job pushed first; the writer then fetches the new tip,
 * re-applies its change there and pushes again. The waits between tries grow (doubling from
 * `backoffMs`) with up to 100% jitter, so jobs that collided once do not collide in lockstep.
 */



/** The ref the history is kept on: fast-forwarded by every append, never rewritten. */
const DEFAULT_HISTORY_REF = 'refs/perfgate/history';
/**
 * Where perfgate 0.x kept history and images together: a branch every clone fetched. Read
 * when the history ref does not exist yet, and carried over (without its images) by the first
 * append to it.
 */
const LEGACY_DATA_BRANCH = 'refs/heads/perfgate-data';
/** Comment images go to one ref per UTC month under this prefix (`refs/perfgate/images/2026-12`). */
const IMAGES_REF_PREFIX = 'refs/perfgate/images/';
/** Days a month's images are kept after its last day, unless the settings say otherwise. */
const DEFAULT_IMAGE_KEEP_DAYS = 90;
/** The author of data commits: the Actions bot, as GitHub shows its own commits. */
const DATA_BRANCH_AUTHOR = {
    name: 'github-actions[bot]',
    email: '41898282+github-actions[bot]@users.noreply.github.com',
};
/** Throws unless `branch` is a name git accepts and that cannot be read as an option. */
function checkBranchName(branch, what) {
    if (!/^[A-Za-z0-9._/-]+$/.test(branch) ||
        branch.startsWith('-') ||
        branch.includes('..') ||
        branch.endsWith('/') ||
        branch.endsWith('.lock')) {
        throw new errors/* InputError */.dz(`${what} ${JSON.stringify(branch)}: expected a branch name of [A-Za-z0-9._/-]`);
    }
}
/**
 * Throws unless `ref` is a full ref name git accepts on a remote (`refs/<dir>/<name>`; git
 * refuses a "funny ref" like `refs/x`), that cannot be read as an option, and that perfgate may
 * write: not a tag (clones fetch every tag) nor GitHub's read-only `refs/pull/`.
 */
function checkDataRef(ref, what) {
    const parts = ref.split('/');
    const bad = !/^[A-Za-z0-9._/-]+$/.test(ref) ||
        parts[0] !== 'refs' ||
        parts.length < 3 ||
        parts.some((p) => p === '' || p.startsWith('.') || p.endsWith('.lock')) ||
        ref.includes('..');
    if (bad)
        throw new errors/* InputError */.dz(`${what} ${JSON.stringify(ref)}: expected a full ref name like refs/perfgate/history ([A-Za-z0-9._/-], at least refs/<dir>/<name>)`);
    if (parts[1] === 'tags' || parts[1] === 'pull')
        throw new errors/* InputError */.dz(`${what} ${JSON.stringify(ref)}: refs/${parts[1]}/ cannot hold perfgate's data (${parts[1] === 'tags' ? 'every clone fetches tags' : "GitHub's pull request refs are read-only"}); use a ref like refs/perfgate/history`);
}
/** `perfgate-data` for `refs/heads/perfgate-data`, the full name for any other ref: for messages and paths. */
function shortRef(ref) {
    return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
}
/**
 * The history ref a front end's settings name: `ref` (a full ref name), or the older `branch`
 * (a branch name, kept so existing workflows work: `refs/heads/<branch>`, fetched by every clone),
 * or by default refs/perfgate/history, which reads and carries over the old perfgate-data branch
 * while it does not exist. `names` are the settings' names for messages (`--ref`, `input 'history-ref'`).
 */
function resolveHistoryRef(given, names) {
    const ref = given.ref?.trim() || undefined;
    const branch = given.branch?.trim() || undefined;
    if (ref !== undefined && branch !== undefined)
        throw new errors/* InputError */.dz(`${names.ref} and ${names.branch}: give one (${names.branch} is the older spelling of ${names.ref} refs/heads/NAME)`);
    if (branch !== undefined) {
        checkBranchName(branch, names.branch);
        return { ref: `refs/heads/${branch}`, legacy: null };
    }
    if (ref !== undefined)
        checkDataRef(ref, names.ref);
    const chosen = ref ?? DEFAULT_HISTORY_REF;
    return { ref: chosen, legacy: chosen === DEFAULT_HISTORY_REF ? LEGACY_DATA_BRANCH : null };
}
/**
 * Environment that makes git send `Authorization: basic base64("x-access-token:TOKEN")` to the
 * remote's origin only; nothing for a remote that is not http(s) (a path, in tests).
 */
function tokenEnv(remote, token) {
    if (!token || !/^https?:\/\//.test(remote))
        return {};
    const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
    return {
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: `http.${new URL(remote).origin}/.extraheader`,
        GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
    };
}
/**
 * The token to send, only to the GitHub server itself: a GITHUB_TOKEN must never travel to
 * another host a user named as the remote (`--remote`, `history-remote`).
 */
function tokenForRemote(remote, serverUrl, token) {
    return token && remote.startsWith(`${serverUrl.replace(/\/+$/, '')}/`) ? token : undefined;
}
/** A git runner for `cwd` that talks to `remote` with the token and never shows it. */
function remoteGit(cwd, remote, token, env = {}) {
    const base = { GIT_TERMINAL_PROMPT: '0', ...env, ...tokenEnv(remote, token) };
    // The token in every form (base64 in the header git may echo); the CLI registers none globally.
    const scrub = (0,secrets/* makeScrubber */.XO)(token ? [token] : []);
    return async (args, extraEnv = {}) => {
        const r = await git(cwd, args, { ...base, ...extraEnv });
        return { ok: r.ok, out: scrub(r.out), err: scrub(r.err) };
    };
}
/** Git's refusal of a push that lost a race: not a fast-forward any more, or a ref lock lost. */
function isLostRace(message) {
    return /\[rejected\]|non-fast-forward|fetch first|stale info|cannot lock ref|failed to update ref|incorrect old value/i.test(message);
}
/**
 * Runs `once` until it lands or the attempts are spent; `onLost` hears of each lost race that
 * will be retried. The caller words the final refusal (it knows what was not stored).
 */
async function retryLostPushes(once, opts = {}) {
    const attempts = opts.attempts ?? 5;
    if (!Number.isInteger(attempts) || attempts < 1)
        throw new errors/* InputError */.dz(`push attempts: expected a whole number ≥ 1, got ${attempts}`);
    const sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    for (let attempt = 1;; attempt++) {
        const r = await once(attempt);
        if ('landed' in r)
            return { landed: r.landed, attempts: attempt };
        if (attempt >= attempts)
            return { lost: r.lost, attempts: attempt };
        opts.onLost?.(attempt, attempts);
        const wait = (opts.backoffMs ?? 250) * 2 ** (attempt - 1);
        await sleep(wait + Math.random() * wait);
    }
}

;// CONCATENATED MODULE: ./build/action/inputs.js
/**
 * The action's inputs, read and checked in one place (like actions/checkout's input-helper):
 * every bad input is reported together, each message naming the input and what it expects.
 */







const MODES = ['auto', 'baseline', 'compare', 'comment', 'merge'];
const MISSING_BASELINE = ['ab', 'fail', 'skip'];
/** The reference a pull request is measured against; see action.yml. */
const BASELINES = ['same-job', 'history', 'artifact'];
const COMMENT_WHEN = ['always', 'on-change', 'never'];
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
    /** An input checked by the rule its CLI flag has too (suite/settings.ts); null when not given. */
    const setting = (name, check, example) => {
        const v = text(name);
        if (v === '')
            return null;
        const c = check(v);
        if (c.ok)
            return c.value;
        problems.push(inputProblem(name, v, example === undefined ? c.problem : `${c.problem}, e.g. ${example}`));
        return null;
    };
    const positive = (name, example) => setting(name, checkPositiveInt, example);
    const mode = oneOf('mode', MODES, 'auto');
    const iterations = positive('iterations', '30');
    const maxIterations = positive('max-iterations', '60');
    const retentionDays = positive('retention-days', '90');
    if (retentionDays !== null && retentionDays > 90)
        problems.push(`input 'retention-days' is ${retentionDays}: GitHub keeps artifacts at most 90 days`);
    const backend = setting('backend', checkBackend);
    const cpus = setting('cpus', checkCpus);
    const pairing = setting('pairing', checkPairing);
    const filter = setting('filter', checkRegex);
    const timeBudgetMs = setting('time-budget', checkDuration);
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
    let historyRefs = { ref: '', legacy: null };
    try {
        historyRefs = resolveHistoryRef({ ref: text('history-ref'), branch: text('history-branch') }, { ref: "input 'history-ref'", branch: "input 'history-branch'" });
    }
    catch (err) {
        problems.push(err.message);
    }
    const suite = text('suite') || 'perfgate.yml';
    const suiteId = text('suite-id') || suite.replace(/\.ya?ml$/, '');
    if (!/^[A-Za-z0-9._/-]+$/.test(suiteId))
        problems.push(`input 'suite-id' is '${suiteId}': expected letters, digits and . _ / - only`);
    const dashboardUrl = text('dashboard-url') || null;
    if (dashboardUrl !== null) {
        const why = dashboardUrlProblem(dashboardUrl);
        if (why)
            problems.push(`input 'dashboard-url': ${why}`);
    }
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
        pairing,
        filter,
        token: text('github-token'),
        baselineArtifact: text('baseline-artifact') || `perfgate-baseline-${suiteId.replace(/\//g, '-')}`,
        reportArtifact: text('report-artifact') || `perfgate-report-${suiteId.replace(/\//g, '-')}`,
        retentionDays,
        // A stored baseline (an artifact, baseline-path) is context and history, never the default
        // reference: one session from another run cannot gate, so it would silently turn the gate off.
        baseline: oneOf('baseline', BASELINES, 'same-job'),
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
        history: bool('history', true),
        historyRef: historyRefs.ref,
        historyLegacy: historyRefs.legacy,
        historyRemote: text('history-remote') || null,
        historyPath: text('history-path') ? external_node_path_.resolve(workspace, text('history-path')) : null,
        historySessions: positive('history-sessions', '10') ?? 10,
        alerts: bool('alerts', true),
        confirmSteps: bool('confirm-steps', true),
        flamegraphImages: bool('flamegraph-images', true),
        flamegraphImagesDays: positive('flamegraph-images-days', String(DEFAULT_IMAGE_KEEP_DAYS)) ?? DEFAULT_IMAGE_KEEP_DAYS,
        dashboardUrl,
    };
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems.join('\n'));
    return inputs;
}

;// CONCATENATED MODULE: ./build/tools/interrupt.js
/**
 * SIGINT/SIGTERM for both front ends. The first signal aborts the work's AbortSignal: a running
 * setup is killed at once, and the engine stops measuring, writes what it has and returns; a
 * second one (a cancelled GitHub job sends SIGINT, then SIGTERM) exits 130 at once. The exit
 * handlers then kill every process group still running and escaped children (tools/process.ts),
 * remove the temporary directories and worktrees (tools/cleanup.ts, tools/git.ts) and undo
 * tuning.
 *
 * `killAtOnce` (the action) also kills the running benchmark on the first signal instead of
 * letting its run finish: GitHub kills the job about 7.5 s after it signals, too soon for a
 * long run to end and the partial report to go out.
 */

/** The signal that aborted `signal`, if a signal did (`withInterrupt` aborts with its name). */
function interruptedBy(signal) {
    if (!signal?.aborted)
        return null;
    const reason = signal.reason;
    return reason === 'SIGINT' || reason === 'SIGTERM' ? reason : null;
}
async function withInterrupt(work, opts = {}) {
    const controller = new AbortController();
    const stderr = opts.stderr ?? process.stderr;
    const onSignal = (sig) => {
        if (controller.signal.aborted) {
            stderr.write(`\n${sig} again: killing what runs, cleaning up, exiting\n`);
            process.exit(130);
        }
        if (opts.killAtOnce) {
            stderr.write(`\n${sig}: killing the running benchmark, writing and reporting the partial results (again to exit at once)\n`);
            controller.abort(sig);
            killRunningGroups();
            return;
        }
        stderr.write(`\n${sig}: stopping after the current run and writing results (setup stops now; again to kill everything and exit)\n`);
        controller.abort(sig);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
        return await work(controller.signal);
    }
    finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
    }
}

;// CONCATENATED MODULE: ./build/results/check.js
/**
 * Metrics that are times: a measured run never takes 0 of them. `wall` and `task-clock` come
 * from the backends; `time`, `real_time` and `cpu_time` are the harnesses' per-iteration times
 * (docs/harnesses.md). CPU accounting that can honestly read 0 (`user`, `sys`) is not here.
 */
const NEVER_ZERO = new Set(['wall', 'task-clock', 'time', 'real_time', 'cpu_time']);
/**
 * The one rule for a sample value, shared by the results loader and the harness parsers (a
 * parser that accepted what the loader refuses would store a baseline no later compare can
 * read): null when `value` is something a measurement of `metric` can produce, else what was
 * expected instead.
 */
function sampleValueProblem(metric, value) {
    if (typeof value !== 'number' || !Number.isFinite(value))
        return 'expected a finite number';
    if (NEVER_ZERO.has(metric))
        return value > 0 ? null : 'expected a positive time';
    return value >= 0 ? null : 'expected a count or amount of at least 0';
}
/** Problems naming the benchmark (and metric, sample index); empty when the document is sound. */
function resultsDataProblems(doc) {
    const problems = [];
    const first = new Map();
    doc.benchmarks.forEach((b, i) => {
        const seen = first.get(b.name);
        if (seen !== undefined)
            problems.push(`benchmark '${b.name}' appears twice (benchmarks[${seen}] and [${i}]): each benchmark must be listed once`);
        else
            first.set(b.name, i);
        const metrics = Object.entries(b.metrics);
        if (b.status === 'ok' && metrics.length === 0)
            problems.push(`benchmark '${b.name}' is ok but has no metrics: expected samples`);
        for (const [metric, m] of metrics) {
            if (b.status === 'ok' && m.samples.length === 0)
                problems.push(`benchmark '${b.name}' metric '${metric}' is ok but has no samples`);
            for (const [i, v] of m.samples.entries()) {
                const why = sampleValueProblem(metric, v);
                if (why === null)
                    continue;
                problems.push(`benchmark '${b.name}' metric '${metric}' sample ${i} is ${v}: ${why}`);
                break;
            }
        }
    });
    return problems;
}

;// CONCATENATED MODULE: ./build/results/results-schema.js
/** JSON Schema of results.json (docs/ARCHITECTURE.md §2), used to refuse documents perfgate cannot read. */

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
/** `git` and `fingerprint` as results.json has them; comparison.json's sides carry the same. */
const gitSchema = {
    type: 'object',
    required: ['sha', 'ref'],
    properties: { sha: { type: ['string', 'null'] }, ref: { type: ['string', 'null'] } },
};
const fingerprintSchema = {
    type: 'object',
    required: ['hard', 'soft'],
    properties: { hard: stringMap, soft: stringMap, binaries: stringMap },
};
/** The folded stacks of one profile (perf record of CPU time, or of off-CPU waits). */
const foldedSchema = {
    folded: { type: 'string' },
    runs: { type: 'array', items: { type: 'string' } },
    callGraph: { enum: ['fp', 'dwarf', 'lbr'] },
};
const resultsSchema = {
    $id: 'https://perfgate.dev/schema/results-1.json',
    type: 'object',
    required: ['schemaVersion', 'tool', 'suite', 'git', 'fingerprint', 'backend', 'startedAt', 'benchmarks'],
    properties: {
        schemaVersion: { const: 1 },
        tool: {
            type: 'object',
            required: ['name', 'version'],
            properties: { name: { const: 'perfgate' }, version: { type: 'string' } },
        },
        suite: {
            type: 'object',
            required: ['path', 'sha256'],
            properties: { path: { type: 'string' }, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
        },
        git: gitSchema,
        fingerprint: fingerprintSchema,
        backend: { enum: [...BACKEND_NAMES] },
        backendReason: { type: 'string' },
        startedAt: { type: 'string', format: 'date-time' },
        finishedAt: { type: 'string', format: 'date-time' },
        shard: {
            type: 'object',
            required: ['index', 'count'],
            properties: {
                index: { type: 'integer', minimum: 1 },
                count: { type: 'integer', minimum: 1 },
                all: { type: 'array', items: { type: 'string' } },
            },
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
                    backend: { enum: [...BACKEND_NAMES] },
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
                    profile: {
                        type: 'object',
                        required: ['folded'],
                        properties: {
                            ...foldedSchema,
                            callGraphReason: { type: 'string' },
                            offcpu: {
                                type: 'object',
                                required: ['folded'],
                                properties: foldedSchema,
                            },
                        },
                    },
                },
            },
        },
    },
};

;// CONCATENATED MODULE: ./build/results/results-file.js
/**
 * Reading and writing results.json. Writes are atomic (temp file + rename) because the runner
 * rewrites the file after every benchmark: an interrupted run leaves the last complete version.
 */







// Compiled on first use, not at import: compiling the schemas was most of every command's
// start-up (0.3 s of CPU), and most commands validate none of them.
let results_file_compiled;
function results_file_validator() {
    if (results_file_compiled)
        return results_file_compiled;
    const ajv = new dist_ajv.Ajv({ allErrors: true, allowUnionTypes: true, strict: false });
    ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    return (results_file_compiled = ajv.compile(resultsSchema));
}
/** Problems with a candidate results document, as `path: message` strings; empty if valid. */
function resultsProblems(doc) {
    const check = results_file_validator();
    if (check(doc))
        return [];
    return (check.errors ?? []).map((e) => `${e.instancePath || '(root)'}: ${e.message ?? e.keyword}`);
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
    const data = resultsDataProblems(doc);
    if (data.length > 0)
        throw new errors/* InputError */.dz(`${file}:${data.length === 1 ? ` ${data[0]}` : `\n  ${data.slice(0, 10).join('\n  ')}`}`);
    return withoutPrototypes(doc);
}
/**
 * Metric names and harness context keys in a file are anyone's: `"__proto__"` is kept by
 * JSON.parse as a key, and `constructor` would be found on every plain object. Records keyed
 * by them are made prototype-free, so lookups find only what the file holds.
 */
function withoutPrototypes(doc) {
    for (const b of doc.benchmarks) {
        b.metrics = dict(b.metrics);
        b.threshold = dict(b.threshold);
        if (b.harness?.context)
            b.harness.context = dict(b.harness.context);
    }
    return doc;
}
/** A JSON document, whole or not at all (tools/atomic.ts: no `.tmp` litter, a WriteError naming the path). */
async function writeJsonAtomic(file, value) {
    await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

;// CONCATENATED MODULE: ./build/engine/report-dir.js
/**
 * The report directory: what the action uploads as the report artifact and what a reader of
 * the comment downloads. Every file the comparison names (flame graphs, the paired A/B that
 * looked at its regressions) is copied in beside comparison.json, so a link in the comment
 * never points at something the artifact lacks.
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
    // The paired A/B that confirmed (or not) an unpaired regression travels with it too.
    const confirm = comparison.confirmation?.comparison;
    for (const rel of [...explanationFiles(comparison.explanations), ...(confirm ? [confirm] : [])]) {
        try {
            if (external_node_path_.resolve(sourceDir, rel) !== external_node_path_.resolve(reportDir, rel))
                await copyFileAtomic(external_node_path_.join(sourceDir, rel), external_node_path_.join(reportDir, rel));
            graphs.push(rel);
        }
        catch {
            missing.push(rel);
        }
    }
    const files = {
        dir: reportDir,
        comparison: external_node_path_.join(reportDir, 'comparison.json'),
        report: external_node_path_.join(reportDir, 'report.md'),
        graphs,
        missing,
    };
    await writeJsonAtomic(files.comparison, comparison);
    await writeFileAtomic(files.report, body);
    for (const [name, value] of Object.entries(extra))
        await writeJsonAtomic(external_node_path_.join(reportDir, name), value);
    return files;
}

;// CONCATENATED MODULE: ./build/report/job-summary.js
function renderJobSummary(parts) {
    const blocks = [parts.verdict, ...(parts.sections ?? []), parts.host ?? '']
        .map((b) => b.trim())
        .filter((b) => b !== '');
    return `${blocks.join('\n\n')}\n`;
}

;// CONCATENATED MODULE: ./build/stats/mannwhitney.js
/**
 * Mann–Whitney U / Wilcoxon rank-sum test, the two-sample Hodges–Lehmann shift and its Moses
 * confidence interval. The gate does not use them for sessions measured apart (that is the
 * session-effect model of stats/sessions.ts, docs/ARCHITECTURE.md §4); the flame graph
 * attribution uses the shift interval for a frame's change of self time per run, base runs
 * against head runs. Hand-written because simple-statistics has no rank tests or HL intervals.
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
function rankSumTest(x, y, options = {}) {
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
function shiftInterval(x, y, options = {}) {
    validate_assertSample('x', x);
    validate_assertSample('y', y);
    const exact = (options.exact ?? (x.length < 50 && y.length < 50)) && !hasTies([...x, ...y]);
    return mannwhitney_intervalOf(x, y, options, exact);
}
/** R's wilcox.test(x, y, mu, alternative, exact, correct, conf.int = TRUE, conf.level). */
function mannWhitney(x, y, options = {}) {
    const test = rankSumTest(x, y, options);
    return { ...test, ...mannwhitney_intervalOf(x, y, options, test.exact) };
}
function rankSumSigma(nx, ny, tieTerm) {
    const n = nx + ny;
    return Math.sqrt(((nx * ny) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
}
function mannwhitney_intervalOf(x, y, options, exact) {
    const alternative = options.alternative ?? 'two-sided';
    const confLevel = options.confLevel ?? 0.95;
    const correct = options.correct ?? true;
    assertConfLevel(confLevel);
    const diffs = differences(x, y);
    const estimate = ranktest_sortedMedian(diffs);
    const alpha = 1 - confLevel;
    const nx = x.length;
    const ny = y.length;
    if (exact) {
        const qu = Math.max(1, mannWhitneyQuantile(alternative === 'two-sided' ? alpha / 2 : alpha, nx, ny));
        const ql = nx * ny - qu;
        const tail = distributions_mannWhitneyCdf(qu - 1, nx, ny);
        const achieved = alternative === 'two-sided' ? 2 * tail : tail;
        const ci = sidedInterval(alternative, diffs[qu - 1], diffs[ql]);
        return { estimate, ci, confLevel: achieved - alpha > alpha / 2 ? 1 - achieved : confLevel, exact: true };
    }
    const min = diffs[0];
    const max = diffs[diffs.length - 1];
    if (min === max)
        return { estimate, ci: sidedInterval(alternative, min, min), confLevel, exact: false };
    const knots = distinctSorted(diffs);
    const w = (d) => mannwhitney_standardizedAt(x, y, d, alternative, correct);
    let ci;
    switch (alternative) {
        case 'two-sided':
            ci = [stepCrossing(knots, w, normalQuantile(1 - alpha / 2)), stepCrossing(knots, w, normalQuantile(alpha / 2))];
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
function mannwhitney_standardizedAt(x, y, d, alternative, correct) {
    const nx = x.length;
    const ny = y.length;
    const { ranks, tieTerm } = ranktest_rankWithTies([...x.map((v) => v - d), ...y]);
    let rankSum = 0;
    for (let i = 0; i < nx; i++)
        rankSum += ranks[i];
    const centered = rankSum - (nx * (nx + 1)) / 2 - (nx * ny) / 2;
    return ranktest_correctedZ(centered, rankSumSigma(nx, ny, tieTerm), alternative, correct);
}

;// CONCATENATED MODULE: ./build/profile/unwind.js
/** Share of samples with unresolved callers or no callers above which stacks count as broken. */
const BROKEN_UNWIND_SHARE = 0.1;
/**
 * A frame the unwinder or symboliser could not name: stackcollapse writes `[unknown]`, or
 * `[module]` (e.g. `[libc.so.6]`, `[prog]`) when only the module is known.
 */
function isUnresolvedFrame(frame) {
    return frame.length >= 2 && frame.charCodeAt(0) === 91 /* [ */ && frame.charCodeAt(frame.length - 1) === 93; /* ] */
}
/**
 * Share of samples whose stack has an unresolved frame between the process name and the leaf,
 * and of samples whose stack is the leaf alone (or nothing) under the process name: the two
 * ways a broken frame-pointer chain shows. The first frame of a folded stack is the comm.
 */
function unwindQuality(stacks, mode) {
    let samples = 0;
    let unknown = 0;
    let single = 0;
    for (const [stack, count] of stacks) {
        if (!(count > 0))
            continue;
        samples += count;
        const frames = stack.split(';');
        if (frames.length <= 2) {
            single += count;
            continue;
        }
        for (let i = 1; i < frames.length - 1; i++) {
            if (isUnresolvedFrame(frames[i])) {
                unknown += count;
                break;
            }
        }
    }
    const q = {
        samples,
        unknownShare: samples > 0 ? unknown / samples : 0,
        singleFrameShare: samples > 0 ? single / samples : 0,
    };
    if (mode)
        q.mode = mode;
    return q;
}
function isBroken(q) {
    return q.samples > 0 && brokenShare(q) > BROKEN_UNWIND_SHARE;
}
/** The share of samples with unresolved or missing callers. */
function brokenShare(q) {
    return q.unknownShare + q.singleFrameShare;
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
/** Grey of a frame whose change may be nothing; a changed-looking tint stays under 10% saturation. */
const UNSURE_GREY = 212;
const UNSURE_TINT = 22;
/** A sure change is never paler than this (0..1), so it reads as a change beside the greys. */
const SURE_FLOOR = 0.2;
/**
 * Differential fill: red when the frame's own time grew, blue when it shrank.
 * - excludes-zero: from 20% strength (a pale but plain tint, clear of the greys) up to full at
 *   |delta| = scale, so a small sure change does not shout beside the one that matters.
 * - includes-zero: grey, at most a faint tint toward red or blue: the table calls it noise.
 * - no-interval: flamegraph.pl's color_scale (white to full ∝ |delta| / scale), no rule to apply.
 */
function diffColor(delta, scale, certainty = 'no-interval') {
    const v = scale > 0 && Number.isFinite(delta) ? Math.min(1, Math.abs(delta) / scale) : 0;
    if (!(v > 0))
        return certainty === 'no-interval' ? rgb(255, 255, 255) : rgb(UNSURE_GREY, UNSURE_GREY, UNSURE_GREY);
    const up = delta > 0;
    if (certainty === 'includes-zero') {
        const t = Math.round(UNSURE_TINT * v);
        return up ? rgb(UNSURE_GREY + t, UNSURE_GREY, UNSURE_GREY) : rgb(UNSURE_GREY, UNSURE_GREY, UNSURE_GREY + t);
    }
    const strength = certainty === 'excludes-zero' ? SURE_FLOOR + (1 - SURE_FLOOR) * v : v;
    const c = Math.round(210 * (1 - strength));
    return up ? rgb(255, c, c) : rgb(c, c, 255);
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

;// CONCATENATED MODULE: ./build/flamegraph/frame-change.js
/**
 * What a differential flame graph colours a drawn frame by: the change of its own (self) time,
 * head − base, in ms per measured run, with an interval over the profile runs. The figures are
 * those of the "why" table (attribution.ts: each side's share of samples times its ms per run,
 * a Hodges–Lehmann shift with its Moses interval over the per-run values), taken per call path
 * rather than per function name, because a graph draws call paths: a function with one caller
 * has the same numbers in both; one with two callers is two frames here and their sum there.
 */

function usableRuns(side) {
    // As attribution.ts: a run without samples has no shares to scale.
    const maps = [];
    const sums = [];
    for (const run of side.runs) {
        let sum = 0;
        for (const v of run.values())
            if (v > 0)
                sum += v;
        if (sum > 0) {
            maps.push(run);
            sums.push(sum);
        }
    }
    return { maps, sums, msPerRun: side.msPerRun };
}
function perRunMs(r, path) {
    return r.maps.map((m, i) => ((m.get(path) ?? 0) / r.sums[i]) * r.msPerRun);
}
/** Whether any interval can be had: two profile runs with samples on each side. */
function hasIntervals(time) {
    return usableRuns(time.base).maps.length >= 2 && usableRuns(time.head).maps.length >= 2;
}
/**
 * The self change of one call path, from the summed self samples of each side (`selfBase` of
 * `totals.base`, ...) and, for the interval, the same path's count in every profile run.
 */
function selfChanges(time, totals) {
    const base = usableRuns(time.base);
    const head = usableRuns(time.head);
    const intervals = base.maps.length >= 2 && head.maps.length >= 2;
    const confLevel = time.confLevel ?? 0.95;
    return (path, selfBase, selfHead) => {
        const delta = (selfHead / totals.head) * time.head.msPerRun - (selfBase / totals.base) * time.base.msPerRun;
        if (!intervals)
            return { delta, certainty: 'no-interval' };
        // Never sampled on either side: every run's value is 0, and so is the interval.
        if (selfBase === 0 && selfHead === 0)
            return { delta: 0, ci: [0, 0], certainty: 'includes-zero' };
        const ci = shiftInterval(perRunMs(head, path), perRunMs(base, path), { confLevel }).ci;
        return { delta, ci, certainty: ci[0] > 0 || ci[1] < 0 ? 'excludes-zero' : 'includes-zero' };
    };
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
function layout_sum(stacks) {
    let t = 0;
    for (const v of stacks.values())
        if (v > 0)
            t += v;
    return t;
}
/** Sum of positive counts of a profile (what sets the scale before laying out). */
function layout_totalSamples(stacks) {
    return layout_sum(stacks);
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
    const withPaths = options.paths === true;
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
                const frame = {
                    // Sliced only now: most opened frames are too narrow to draw.
                    name: keyOf[i].slice(startOf[i], ends[i]),
                    depth: i + 1,
                    start: starts[i],
                    value,
                    self: selfs[i],
                    value2: time2 - starts2[i],
                    self2: selfs2[i],
                };
                if (withPaths)
                    frame.path = keyOf[i].slice(0, ends[i]);
                frames.push(frame);
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
        ...(withPaths ? { path: '' } : {}),
    };
    if (time > 0)
        frames.unshift(root);
    return { frames, total: time, total2: time2, depthMax };
}
/**
 * The layout cut to the deepest frame `keep` accepts (the root always stays): frames above it
 * are left out, and how many were is returned for the caption.
 */
function cropDepth(layout, keep) {
    let depthMax = 0;
    for (const f of layout.frames)
        if (f.depth > depthMax && keep(f))
            depthMax = f.depth;
    if (depthMax >= layout.depthMax)
        return { layout, dropped: 0 };
    const frames = layout.frames.filter((f) => f.depth <= depthMax);
    return { layout: { ...layout, frames, depthMax }, dropped: layout.frames.length - frames.length };
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
    return `\nvar C = ${JSON.stringify(config).replace(/]]>/g, ']]\\u003e')};${SCRIPT}`;
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
    const isStatic = options.static === true;
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
    out.push('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n', `<svg version="1.1" width="${imageWidth}" height="${imageHeight}"${isStatic ? '' : ' onload="fgInit(evt)"'} viewBox="0 0 ${imageWidth} ${imageHeight}" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n`, isStatic
        ? '<!-- Flame graph by perfgate (static: no script; the interactive SVG is in the report artifact). -->\n'
        : '<!-- Flame graph by perfgate. Click a frame to zoom, Ctrl-F or "Search" to highlight frames matching a regular expression. -->\n', `<defs><linearGradient id="background" y1="0" y2="1" x1="0" x2="0"><stop stop-color="${bg1}" offset="5%"/><stop stop-color="${bg2}" offset="95%"/></linearGradient></defs>\n`, `<style type="text/css">\n`, `text { font-family: ${escapeXml(fontType)}; font-size: ${fontSize}px; fill: rgb(0,0,0); }\n`, `#title { text-anchor: middle; font-size: ${fontSize + 5}px; }\n`, `#subtitle { text-anchor: middle; fill: rgb(64,64,64); }\n`);
    if (!isStatic) {
        out.push('#search, #unzoom { cursor: pointer; opacity: 0.6; }\n', '#search:hover, #unzoom:hover { opacity: 1; }\n', '#frames > g { cursor: pointer; }\n', '#frames > g:hover > rect { stroke: rgb(0,0,0); stroke-width: 0.5; }\n', '.hide { display: none; }\n', '.parent { opacity: 0.5; }\n');
    }
    out.push('</style>\n');
    if (!isStatic)
        out.push(`<script type="text/ecmascript"><![CDATA[${embeddedScript(config).replace(/]]>/g, ']]]]><![CDATA[>')}]]></script>\n`);
    out.push(`<rect x="0" y="0" width="${imageWidth}" height="${imageHeight}" fill="url(#background)"/>\n`, `<text id="title" x="${(imageWidth / 2).toFixed(2)}" y="${fontSize * 2}">${escapeXml(title)}</text>\n`);
    if (options.subtitle) {
        out.push(`<text id="subtitle" x="${(imageWidth / 2).toFixed(2)}" y="${fontSize * 4}">${escapeXml(options.subtitle)}</text>\n`);
    }
    if (isStatic) {
        if (options.caption)
            out.push(`<text id="caption" x="${XPAD}" y="${imageHeight - ypad2 / 2}">${escapeXml(options.caption)}</text>\n`);
    }
    else {
        out.push(`<text id="details" x="${XPAD}" y="${imageHeight - ypad2 / 2}"> </text>\n`, `<text id="unzoom" class="hide" x="${XPAD}" y="${fontSize * 2}">Reset Zoom</text>\n`, `<text id="search" x="${imageWidth - XPAD - 100}" y="${fontSize * 2}">Search</text>\n`, `<text id="matched" x="${imageWidth - XPAD - 100}" y="${imageHeight - ypad2 / 2}"> </text>\n`);
    }
    out.push('<g id="frames">\n');
    const rectHeight = (frameHeight - FRAME_PAD).toFixed(1);
    const colorCache = new Map();
    for (let i = 0; i < drawn.length; i++) {
        const node = drawn[i];
        const s = node.start;
        const x1 = XPAD + s * widthPerSample;
        const x2 = XPAD + (s + node.value) * widthPerSample;
        const d = node.depth;
        const y1 = inverted ? ypad1 + ypad3 + d * frameHeight : imageHeight - ypad2 - (d + 1) * frameHeight + FRAME_PAD;
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
 * the table of frames whose share of the profile changed most, for `perfgate diff --top`.
 *
 * - Widths come from head; each frame is coloured by the change of its own (self) time in ms
 *   per run (frame-change.ts: the "why" table's figures), red grew, blue shrank, strong only
 *   where the interval over the profile runs excludes zero, grey-ish where it includes zero.
 *   Colouring by the change of *share* contradicted the table: a frame that grows shrinks the
 *   share of every sibling, which then showed as improvements.
 * - Without per-run profiles (two folded files on the command line) there is no interval and no
 *   ms: frames are coloured by the change of their own samples (or share, with `normalize`),
 *   saturation ∝ |delta| / max |delta|, and the legend says so.
 * - `negate`: widths from base, so paths that vanished are visible (flamegraph.pl --negate on
 *   swapped inputs); red still means "grew in head".
 * - `static` (the picture in the PR comment) is also cut to the tallest interesting stack, so
 *   a thin tower of tiny kernel frames does not leave most of the image empty.
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
/** A frame is worth the picture's height when it changed for sure or is this wide. */
const INTERESTING_SHARE = 0.01;
/** ...or, without intervals, when its change is this part of the largest one. */
const INTERESTING_CHANGE = 0.25;
function diffLayout(before, after, options = {}) {
    const totalBefore = total(before);
    const totalAfter = total(after);
    if (!(totalBefore > 0))
        throw new errors/* InputError */.dz('the base profile has no samples');
    if (!(totalAfter > 0))
        throw new errors/* InputError */.dz('the head profile has no samples');
    const negate = options.negate === true;
    const primaryTotal = negate ? totalBefore : totalAfter;
    const minSamples = minSamplesFor(options, primaryTotal);
    // Widths from head (base when negated); the other profile rides in value2/self2.
    const layout = negate
        ? layout_layoutStacks(before, after, { minSamples, paths: true })
        : layout_layoutStacks(after, before, { minSamples, paths: true });
    const sides = (f) => negate ? { base: f.self, head: f.self2 } : { base: f.self2, head: f.self };
    let ofPath;
    const time = options.time;
    if (time)
        ofPath = selfChanges(time, { base: totalBefore, head: totalAfter });
    else {
        // Counts → shares: of each profile's own total when normalising, else of the drawn one's.
        const kAfter = options.normalize ? 1 / totalAfter : 1 / primaryTotal;
        const kBefore = options.normalize ? 1 / totalBefore : 1 / primaryTotal;
        ofPath = (_path, base, head) => ({ delta: head * kAfter - base * kBefore, certainty: 'no-interval' });
    }
    const of = (f) => {
        const s = sides(f);
        return ofPath(f.path ?? '', s.base, s.head);
    };
    const changes = new Map();
    for (const f of layout.frames)
        changes.set(f, of(f));
    // The scale comes from every call path of both profiles, not the drawn layout's: the negated
    // graph (widths from base) lacks head's new frames, and would paint a small sure change at full
    // strength because the large one is not in it. Both graphs of a pair share one scale.
    let maxAll = 0;
    let maxSure = 0;
    for (const path of new Set([...before.keys(), ...after.keys()])) {
        const c = ofPath(path, before.get(path) ?? 0, after.get(path) ?? 0);
        const d = Math.abs(c.delta);
        if (d > maxAll)
            maxAll = d;
        if (c.certainty === 'excludes-zero' && d > maxSure)
            maxSure = d;
    }
    return {
        layout,
        change: (f) => changes.get(f) ?? of(f),
        scale: maxSure > 0 ? maxSure : maxAll,
        unit: time ? 'ms' : 'share',
        blocked: time?.blocked === true,
        intervals: time !== undefined && hasIntervals(time),
        totalBefore,
        totalAfter,
    };
}
/** Whether a frame earns its place in a cropped picture (see INTERESTING_*). */
function interesting(diff, f) {
    if (f.value >= INTERESTING_SHARE * diff.layout.total)
        return true;
    const c = diff.change(f);
    if (c.certainty === 'excludes-zero')
        return true;
    return c.certainty === 'no-interval' && Math.abs(c.delta) >= INTERESTING_CHANGE * diff.scale && diff.scale > 0;
}
/** The legend: what widths and colours mean, in the words of the table. */
function diffLegend(diff, negate, normalize) {
    const widths = negate ? "widths: base's profile (vanished paths show)" : "widths: head's profile";
    const what = diff.unit === 'ms'
        ? `change of the frame's own ${diff.blocked ? 'blocked time' : 'time'}, ms per run`
        : normalize
            ? "change of the frame's own share of samples"
            : "change of the frame's own samples";
    const rule = diff.intervals
        ? 'strong only where its interval excludes zero'
        : diff.unit === 'ms'
            ? 'no interval available (fewer than two profile runs a side)'
            : 'no interval available (one profile a side)';
    return `${widths}; colour: ${what} (red grew, blue shrank); ${rule}`;
}
function changeText(diff, c) {
    if (diff.unit === 'share')
        return `self ${signed(100 * c.delta)} pp`;
    const ci = c.ci ? ` [${formatMsChange(c.ci[0])}, ${formatMsChange(c.ci[1])}]` : '';
    return `self ${formatMsChange(c.delta)} ms/run${ci}`;
}
/** The differential SVG: head's shape (base's with `negate`), coloured by self change. */
function renderDiff(before, after, options = {}) {
    const negate = options.negate === true;
    const diff = diffLayout(before, after, options);
    const otherTotal = negate ? diff.totalAfter : diff.totalBefore;
    const otherName = negate ? 'head' : 'base';
    let layout = diff.layout;
    let caption = options.caption;
    if (options.static === true) {
        const cropped = cropDepth(layout, (f) => interesting(diff, f));
        if (cropped.dropped > 0) {
            const n = cropped.dropped;
            const note = `${n} narrow frame${n === 1 ? '' : 's'} without a large or sure change above depth ${cropped.layout.depthMax} not drawn.`;
            caption = caption ? `${caption} ${note}` : note;
        }
        layout = cropped.layout;
    }
    return renderLayout(layout, {
        ...options,
        ...(caption !== undefined ? { caption } : {}),
        title: options.title ?? (negate ? 'Differential Flame Graph (widths: base)' : 'Differential Flame Graph'),
        subtitle: options.subtitle ?? diffLegend(diff, negate, options.normalize === true),
    }, {
        fill: (f) => {
            const c = diff.change(f);
            return diffColor(c.delta, diff.scale, c.certainty);
        },
        titleSuffix: (f) => `; ${otherName} ${((100 * f.value2) / otherTotal).toFixed(2)}%; ${changeText(diff, diff.change(f))}`,
        background: background('diff'),
    });
}
/** Samples per frame as the leaf (self) and anywhere on the stack (total, recursion once). */
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
/** Every frame's share of each profile, self and total, unsorted. */
function frameDeltas(b, a) {
    if (!(b.sum > 0))
        throw new errors/* InputError */.dz('the base profile has no samples');
    if (!(a.sum > 0))
        throw new errors/* InputError */.dz('the head profile has no samples');
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
    return rows;
}
/**
 * Frames by how much their share of the profile changed, self or total, largest first:
 * what got hotter or colder, readable without opening an SVG.
 */
function topFrames(before, after, n = 10) {
    const rows = frameDeltas(frameSums(before), frameSums(after));
    const key = (r) => Math.max(Math.abs(r.selfDelta), Math.abs(r.totalDelta));
    rows.sort((x, y) => key(y) - key(x) ||
        Math.abs(y.selfDelta) - Math.abs(x.selfDelta) ||
        (x.frame < y.frame ? -1 : x.frame > y.frame ? 1 : 0));
    return rows.slice(0, Math.max(0, n));
}

;// CONCATENATED MODULE: ./build/flamegraph/attribution.js
/**
 * Absolute attribution (issue 12): each frame's self and total time in ms per measured run on
 * both sides, from the profile's share of samples times the measured time per run, ranked by
 * the absolute change of self time, with an interval from the per-run sample counts.
 *
 * Why absolute and why self:
 * - Shares hide uniform slowdowns (every frame 10% slower keeps every share) and move when an
 *   unrelated frame grows; ms per run do neither.
 * - Self time needs no unwinding: the leaf is the sampled instruction pointer. Totals depend on
 *   the unwinder, and a frame-pointer unwinder on code built without frame pointers gives the
 *   same leaf sometimes `prog;[unknown];f` and sometimes `prog;f` (docs/ARCHITECTURE.md §5), so totals of
 *   such profiles measure unwinding noise. Those are detected (unwindQuality) and their
 *   unresolved frames folded out of both sides (foldUnresolved) so the two sides align.
 */



/**
 * Removes unresolved frames between the comm and the leaf, summing the stacks that become
 * equal: `prog;[unknown];f` and `prog;f` both become `prog;f`. The leaf is kept even when
 * unresolved, because its self time is real.
 */
function foldUnresolved(stacks) {
    const out = new Map();
    for (const [stack, count] of stacks) {
        const frames = stack.split(';');
        const kept = frames.length <= 2
            ? frames
            : [frames[0], ...frames.slice(1, -1).filter((f) => !isUnresolvedFrame(f)), frames[frames.length - 1]];
        const key = kept.join(';');
        out.set(key, (out.get(key) ?? 0) + count);
    }
    return out;
}
function perRunSelfMs(runs, frame, msPerRun) {
    return runs.filter((r) => r.sum > 0).map((r) => ((r.self.get(frame) ?? 0) / r.sum) * msPerRun);
}
/** Frames given an interval before ranking: beyond these, a frame's change is too small to be shown. */
const INTERVAL_POOL = 200;
/** The interval of a frame's self change excludes zero. */
function sure(f) {
    const ci = f.change.selfCi;
    return ci !== undefined && (ci[0] > 0 || ci[1] < 0);
}
/**
 * Every frame's self and total ms per run on both sides, with a Hodges–Lehmann interval of the
 * self change over the per-run values when each side has at least two profile runs; the `top`
 * first: frames whose interval excludes zero, then the others, each by the largest |self
 * change| (ties: larger |total change|, then name). Noise frames of ±0.4 ms whose intervals
 * include zero came before the one frame that really slowed (issue 21).
 */
function attributeFrames(base, head, options = {}) {
    const b = frameSums(base.stacks);
    const h = frameSums(head.stacks);
    const rows = frameDeltas(b, h).map((d) => {
        const selfMs = { base: (d.selfBefore / 100) * base.msPerRun, head: (d.selfAfter / 100) * head.msPerRun };
        const totalMs = { base: (d.totalBefore / 100) * base.msPerRun, head: (d.totalAfter / 100) * head.msPerRun };
        return { ...d, selfMs, totalMs, change: { self: selfMs.head - selfMs.base, total: totalMs.head - totalMs.base } };
    });
    const bySize = (x, y) => Math.abs(y.change.self) - Math.abs(x.change.self) ||
        Math.abs(y.change.total) - Math.abs(x.change.total) ||
        (x.frame < y.frame ? -1 : x.frame > y.frame ? 1 : 0);
    rows.sort(bySize);
    const pool = rows.slice(0, Math.max(INTERVAL_POOL, options.top ?? 10));
    const baseRuns = base.runs.map(frameSums);
    const headRuns = head.runs.map(frameSums);
    for (const row of pool) {
        const x = perRunSelfMs(headRuns, row.frame, head.msPerRun);
        const y = perRunSelfMs(baseRuns, row.frame, base.msPerRun);
        if (x.length < 2 || y.length < 2)
            continue;
        const iv = shiftInterval(x, y, { confLevel: options.confLevel ?? 0.95 });
        row.change.selfCi = iv.ci;
        row.change.confLevel = iv.confLevel;
    }
    pool.sort((x, y) => Number(sure(y)) - Number(sure(x)) || bySize(x, y));
    return pool.slice(0, Math.max(0, options.top ?? 10));
}
/** What broken stacks mean for the table and what to change, in one plain sentence each. */
function brokenAdvice(mode) {
    const fix = mode === 'fp'
        ? "build with -fno-omit-frame-pointer (and -mno-omit-leaf-frame-pointer), or set 'call-graph: dwarf' in perfgate.yml"
        : 'build with -fno-omit-frame-pointer and debug info (-g), and keep .eh_frame in the binary';
    return `stacks unwound with ${mode} are broken, so frames are ranked by self time (which needs no unwinding), unresolved frames were folded out of the diff, and total times are unreliable. To fix: ${fix}.`;
}
/**
 * The unwind verdict for a pair of profiles, and the one plain sentence of advice when the
 * stacks are broken (or were unwound differently on the two sides).
 */
function summarizeUnwind(base, head, mode) {
    const broken = isBroken(base) || isBroken(head);
    const summary = { base, head, broken, mode, foldedUnknown: broken };
    const pct = (q) => `${Math.round(100 * (q.unknownShare + q.singleFrameShare))}%`;
    if (broken) {
        summary.advice = `${pct(base)} of base and ${pct(head)} of head samples have unresolved or missing callers. ${brokenAdvice(mode)}`;
    }
    else if (base.mode && head.mode && base.mode !== head.mode) {
        summary.advice = `base was unwound with ${base.mode} and head with ${head.mode}: self times compare, totals may not.`;
    }
    return summary;
}
/**
 * The unwind advice as warnings for the whole comparison: one per call-graph mode that left
 * stacks broken, naming the benchmarks, so a suite of 20 broken benchmarks says it once.
 */
function unwindWarnings(entries) {
    const byMode = new Map();
    for (const e of entries)
        if (e.unwind.broken)
            byMode.set(e.unwind.mode, [...(byMode.get(e.unwind.mode) ?? []), e.name]);
    const out = [];
    for (const [mode, names] of byMode) {
        const which = names.length === 1
            ? names[0]
            : `${names.length} benchmarks (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''})`;
        out.push(`${which}: ${brokenAdvice(mode)}`);
    }
    for (const e of entries)
        if (!e.unwind.broken && e.unwind.advice)
            out.push(`${e.name}: ${e.unwind.advice}`);
    return out;
}
/** Sums per-run stacks into one profile (what the summed folded file holds). */
function sumStacks(runs) {
    const out = new Map();
    for (const r of runs)
        for (const [k, v] of r)
            out.set(k, (out.get(k) ?? 0) + v);
    return out;
}

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

;// CONCATENATED MODULE: ./build/measure/harness/harness-report.js
/**
 * What every harness parser returns: the benchmarks one invocation reported, each with its
 * metrics in perfgate's units (times in ns) and direction, plus what went wrong with the
 * output when only part of it was readable. Parsers are pure: text (or files) in, report out.
 */




/** Output a parser cannot read at all: says which format and what was expected. */
class HarnessOutputError extends errors/* InputError */.dz {
    format;
    expected;
    constructor(format, expected, detail) {
        super(`${format} output not understood: ${detail}; expected ${expected}`);
        this.format = format;
        this.expected = expected;
    }
}
/** Seconds → nanoseconds, the unit every harness time is reported in. */
const NS_PER = dict({ ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9 });
function finite(x) {
    return typeof x === 'number' && Number.isFinite(x);
}
/** Median of a non-empty list (repetitions inside one invocation → its one sample). */
function medianOf(xs) {
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
/**
 * Where a parser puts the benchmarks it read, so every format follows the same two rules:
 * - a value the results loader would refuse (a negative number, a zero time, not a number) is
 *   refused here, naming where it was and the benchmark, and the benchmark is left out of this
 *   invocation (the entry fails; a stored results.json never holds what compare refuses);
 * - a name reported twice in one invocation is refused (both reports left out), never "the
 *   last one wins": repetitions are what the format itself defines as such (Google Benchmark's
 *   repetition rows, go's `-count` lines, json's `values`), merged by the parser before this.
 * Names and metrics go into records without a prototype (`__proto__` is a name like any other).
 */
class ReportBuilder {
    problems = [];
    kept = new Map();
    refused = new Map();
    /** `where` says where the benchmark's report starts: `line 12`, `results[3]`. */
    add(where, name, metrics, context = {}) {
        const first = this.kept.get(name)?.where ?? this.refused.get(name);
        if (first !== undefined) {
            this.problems.push(`${where}: ${name}: reported a second time in one invocation (first at ${first}): a name reported twice is refused, not taken as a repetition`);
            this.kept.delete(name);
            this.refused.set(name, first);
            return;
        }
        for (const [metric, m] of Object.entries(metrics)) {
            const why = sampleValueProblem(metric, m.value);
            if (why === null)
                continue;
            this.refuse(where, name, `"${metric}" is ${String(m.value)}: ${why}`);
            return;
        }
        this.kept.set(name, {
            benchmark: { name, metrics: dict(Object.entries(metrics)), context: dict(Object.entries(context)) },
            where,
        });
    }
    /** Leaves `name` out of this invocation, saying why. */
    refuse(where, name, why) {
        this.problems.push(`${where}: ${name}: ${why}`);
        this.kept.delete(name);
        if (!this.refused.has(name))
            this.refused.set(name, where);
    }
    /** Whether anything was read, kept or refused (an output with no benchmark at all is an error). */
    get empty() {
        return this.kept.size === 0 && this.refused.size === 0 && this.problems.length === 0;
    }
    report(extraProblems = [], warnings) {
        return {
            benchmarks: [...this.kept.values()].map((k) => k.benchmark),
            problems: [...extraProblems, ...this.problems],
            ...(warnings ? { warnings } : {}),
        };
    }
}
/**
 * Line numbers for offsets into a text, from one pass over it (a lookup is a binary search,
 * so naming the line of every bad row stays linear in the output).
 */
function lineLocator(text) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1))
        starts.push(i + 1);
    return (offset) => {
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (starts[mid] <= offset)
                lo = mid;
            else
                hi = mid - 1;
        }
        return lo + 1;
    };
}
/** A number attribute or field as text (`"4314.84"`): the number, or null (`""` is not 0). */
function numberText(s) {
    if (s === undefined || !/^\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*$/.test(s))
        return null;
    return Number(s);
}

;// CONCATENATED MODULE: ./build/measure/harness/catch2.js
/**
 * Catch2 2.x XML reporter (`-r xml`; Catch2 2.13 has no JSON reporter). A benchmark, as 2.13.10
 * writes it inside its test case:
 *   <BenchmarkResults name="knob" samples="10" resamples="100000" iterations="5" clockResolution="39.7794" estimatedDuration="450550">
 *     <!--All values in nano seconds-->
 *     <mean value="4314.84" lowerBound="4313.64" upperBound="4317.64" ci="0.95"/>
 * The reporter streams, so a crash leaves the benchmarks before it complete and no `</Catch>`.
 * Read by one forward scan over the tags (each character looked at a bounded number of times):
 * a pattern spanning open to close tag re-scanned the rest of the output for every unclosed
 * <BenchmarkResults>, 27 s for 2 MB.
 */


const EXPECTED = 'Catch2 XML reporter output with <BenchmarkResults> elements (run the test binary with -r xml)';
const ENTITIES = dict({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" });
/** XML 1.0's Char production: what a character reference may name. */
function xmlChar(c) {
    return (c === 0x9 ||
        c === 0xa ||
        c === 0xd ||
        (c >= 0x20 && c <= 0xd7ff) ||
        (c >= 0xe000 && c <= 0xfffd) ||
        (c >= 0x10000 && c <= 0x10ffff));
}
/**
 * An attribute value with its entities decoded; a character reference XML does not allow
 * (`&#99999999;`) makes the document not XML at all, named with its line.
 */
function decode(raw, at, line) {
    return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|\w+);/g, (all, e, offset) => {
        if (!e.startsWith('#'))
            return ENTITIES[e] ?? all;
        const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : Number(e.slice(1));
        if (!xmlChar(code))
            throw new HarnessOutputError('catch2', EXPECTED, `line ${line(at + offset)}: ${JSON.stringify(all)} is not a character XML allows (code points 0x9, 0xA, 0xD, 0x20–0xD7FF, 0xE000–0xFFFD, 0x10000–0x10FFFF)`);
        return String.fromCodePoint(code);
    });
}
/** `name="value"` pairs of a tag's text starting at `at` in the output, in one pass. */
function attrs(body, at, line) {
    const out = dict();
    let i = 0;
    for (;;) {
        const eq = body.indexOf('="', i);
        if (eq < 0)
            break;
        const end = body.indexOf('"', eq + 2);
        if (end < 0)
            break;
        let start = eq;
        while (start > i && /[\w.:-]/.test(body[start - 1]))
            start--;
        if (start < eq)
            out[body.slice(start, eq)] = decode(body.slice(eq + 2, end), at + eq + 2, line);
        i = end + 1;
    }
    return out;
}
function parseCatch2(text) {
    if (!/<Catch\b/.test(text))
        throw new HarnessOutputError('catch2', EXPECTED, text.trim() === '' ? 'empty output' : `no <Catch> element in ${JSON.stringify(text.trim().slice(0, 80))}`);
    const line = lineLocator(text);
    const problems = [];
    const out = new ReportBuilder();
    // Test cases open before their benchmarks; the enclosing one names the benchmark.
    let testCase = '';
    let open = null;
    const pending = {};
    let count = 0;
    const close = () => {
        if (!open)
            return;
        const { name, testCase: inCase, where, head } = open;
        open = null;
        const mean = numberText(pending.mean);
        if (mean === null) {
            out.refuse(where, name, `<mean value=${JSON.stringify(pending.mean ?? null)}>: expected a number of nanoseconds`);
            return;
        }
        // The test case is what Catch2 can select on its command line (measure/harness/only.ts).
        const context = dict(inCase ? [['test-case', inCase]] : []);
        for (const k of ['samples', 'iterations', 'resamples']) {
            const n = numberText(head[k]);
            if (n !== null)
                context[k] = n;
        }
        const sd = numberText(pending.sd);
        if (sd !== null)
            context['stddev-ns'] = sd;
        count++;
        out.add(where, name, dict([['time', { unit: 'ns', value: mean, direction: 'lower' }]]), context);
    };
    for (let p = text.indexOf('<'); p >= 0;) {
        if (text.startsWith('<!--', p)) {
            const end = text.indexOf('-->', p + 4);
            if (end < 0)
                break;
            p = text.indexOf('<', end + 3);
            continue;
        }
        const q = text.indexOf('>', p + 1);
        if (q < 0)
            break; // cut off inside a tag
        const body = text.slice(p + 1, q);
        const tag = /^\/?[\w:.-]*/.exec(body)?.[0] ?? '';
        const at = p + 1;
        if (tag === 'TestCase')
            testCase = attrs(body, at, line).name ?? '';
        else if (tag === '/TestCase')
            testCase = '';
        else if (tag === 'BenchmarkResults') {
            if (open)
                problems.push(`${open.where}: ${open.name}: <BenchmarkResults> not closed before the next one`);
            const head = attrs(body, at, line);
            open = {
                name: testCase ? `${testCase}/${head.name ?? ''}` : (head.name ?? ''),
                testCase,
                where: `line ${line(p)}`,
                head,
            };
            delete pending.mean;
            delete pending.sd;
        }
        else if (open && tag === 'mean')
            pending.mean = attrs(body, at, line).value ?? '';
        else if (open && tag === 'standardDeviation')
            pending.sd = attrs(body, at, line).value;
        else if (tag === '/BenchmarkResults')
            close();
        p = text.indexOf('<', q + 1);
    }
    const unclosed = open;
    if (unclosed)
        problems.push(`${unclosed.where}: ${unclosed.name}: <BenchmarkResults> not closed`);
    if (!text.trimEnd().endsWith('</Catch>'))
        problems.push(`output cut off after ${count} benchmark(s): no closing </Catch> (the test binary stopped mid-way)`);
    if (out.empty && problems.length === 0)
        throw new HarnessOutputError('catch2', EXPECTED, 'no <BenchmarkResults> (are the benchmarks hidden behind a tag, or disabled with --skip-benchmarks?)');
    return out.report(problems);
}

;// CONCATENATED MODULE: ./build/measure/harness/salvage.js
/**
 * Reading what a harness managed to write before it died. Google Benchmark streams its JSON
 * one benchmark object at a time, so a crash leaves a prefix such as
 *   "benchmarks": [ {...}, {...}, {"name": "BM_Sized/512", ...
 * JSON.parse rejects the whole text; this scanner keeps every complete element of the array.
 */
/** Complete elements of the array under `"key": [` in a possibly truncated JSON text. */
function salvageArray(text, key) {
    const m = new RegExp(`"${key}"\\s*:\\s*\\[`).exec(text);
    if (!m)
        return { items: [], starts: [], truncated: true, found: false };
    return arrayFrom(text, m.index + m[0].length);
}
/** Complete elements of the array whose `[` is just before `from`. */
function arrayFrom(text, from) {
    const items = [];
    const starts = [];
    let i = from;
    let depth = 0;
    let start = -1;
    let inString = false;
    for (; i < text.length; i++) {
        const ch = text[i];
        if (inString) {
            if (ch === '\\')
                i++;
            else if (ch === '"')
                inString = false;
            continue;
        }
        if (ch === '"') {
            inString = true;
            if (depth === 0 && start < 0)
                start = i;
        }
        else if (ch === '{' || ch === '[') {
            if (depth === 0)
                start = i;
            depth++;
        }
        else if (ch === '}' || ch === ']') {
            if (depth === 0)
                return { items, starts, truncated: false, found: true };
            depth--;
            if (depth === 0) {
                try {
                    items.push(JSON.parse(text.slice(start, i + 1)));
                    starts.push(start);
                }
                catch {
                    return { items, starts, truncated: true, found: true };
                }
                start = -1;
            }
        }
    }
    return { items, starts, truncated: true, found: true };
}
/** JSON.parse, or null when the text is not (complete) JSON. */
function tryParse(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return null;
    }
}

;// CONCATENATED MODULE: ./build/measure/harness/criterion.js
/**
 * criterion.rs writes one directory per benchmark under `target/criterion/`:
 * `<id>/new/estimates.json` (nanoseconds per iteration) and, from 0.3, `<id>/new/benchmark.json`
 * with the full id and the throughput. estimates.json, as 0.3.6 writes it (one line):
 *   {"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":4296.1,"upper_bound":4330.2},
 *    "point_estimate":4311.9,"standard_error":8.7},"median":{...},"median_abs_dev":{...},
 *    "slope":{...},"std_dev":{...}}
 * The slope (linear regression over the sampled iteration counts) is criterion's own estimate
 * when it has one; flat sampling has `"slope": null`, and then the mean is used.
 */



const criterion_EXPECTED = '<id>/new/estimates.json files under the criterion directory (target/criterion)';
function point(e, key) {
    const v = e[key];
    return v && finite(v.point_estimate) ? v.point_estimate : null;
}
function parseCriterion(files) {
    const problems = [];
    const out = new ReportBuilder();
    const byPath = new Map(files.map((f) => [f.path, f.text]));
    const estimates = files
        .filter((f) => /(^|\/)new\/estimates\.json$/.test(f.path))
        .sort((a, b) => a.path.localeCompare(b.path));
    if (estimates.length === 0)
        throw new HarnessOutputError('criterion', criterion_EXPECTED, files.length === 0 ? 'the directory holds no files (did cargo bench run?)' : `none among ${files.length} file(s)`);
    for (const f of estimates) {
        const dir = f.path.replace(/\/?new\/estimates\.json$/, '');
        const e = tryParse(f.text);
        const meta = tryParse(byPath.get(`${dir}/new/benchmark.json`) ?? '');
        const name = meta && typeof meta.full_id === 'string' ? meta.full_id : dir;
        if (!e || typeof e !== 'object') {
            problems.push(`${name}: ${f.path} is not complete JSON`);
            continue;
        }
        const slope = point(e, 'slope');
        const value = slope ?? point(e, 'mean');
        if (value === null) {
            problems.push(`${name}: ${f.path} has neither slope nor mean point_estimate`);
            continue;
        }
        const metrics = dict([['time', { unit: 'ns', value, direction: 'lower' }]]);
        const tp = meta?.throughput;
        if (tp && typeof tp === 'object') {
            const [kind, amount] = Object.entries(tp)[0] ?? [];
            // {"Bytes": 1024} or {"Elements": 64} per iteration → per second.
            if (finite(amount) && value > 0)
                metrics.throughput = {
                    unit: kind === 'Bytes' || kind === 'BytesDecimal' ? 'B/s' : 'elements/s',
                    value: (amount * 1e9) / value,
                    direction: 'higher',
                };
        }
        const context = dict([['estimate', slope !== null ? 'slope' : 'mean']]);
        const mean = e.mean;
        if (mean && finite(mean.standard_error))
            context['standard-error-ns'] = mean.standard_error;
        out.add(f.path, name, metrics, context);
    }
    return out.report(problems);
}

;// CONCATENATED MODULE: ./build/measure/harness/google-benchmark.js
/**
 * Google Benchmark `--benchmark_format=json` (or `--benchmark_out=FILE --benchmark_out_format=json`).
 * A row, as 1.7.1 writes it:
 *   {"name": "BM_Knob", "run_name": "BM_Knob", "run_type": "iteration", "repetitions": 1,
 *    "repetition_index": 0, "threads": 1, "iterations": 15657, "real_time": 6.0526e+03,
 *    "cpu_time": 4.4968e+03, "time_unit": "ns", "bytes_per_second": 7.1e+09}
 * With `--benchmark_repetitions=N` each repetition is a row and aggregates follow
 * (`"run_type": "aggregate", "aggregate_name": "median"`); with `_aggregates_only` only those.
 */



const google_benchmark_EXPECTED = 'a JSON document with a "benchmarks" array (run the benchmark with --benchmark_format=json)';
/** Row keys that describe the row rather than measure something. */
const NOT_COUNTERS = new Set([
    'family_index',
    'per_family_instance_index',
    'repetitions',
    'repetition_index',
    'threads',
    'iterations',
    'real_time',
    'cpu_time',
    'big_o',
    'rms',
]);
const RATES = dict({ bytes_per_second: 'B/s', items_per_second: 'items/s' });
/**
 * A row's metrics in ns, or what makes it unreadable: the gated times must be numbers in a
 * unit Google Benchmark writes (a string `"cpu_time"` or `"time_unit": "parsecs"` once made
 * the metric vanish, and with it the gate).
 */
function metricsOf(row) {
    const unit = row.time_unit ?? 'ns';
    const scale = typeof unit === 'string' ? NS_PER[unit] : undefined;
    if (scale === undefined || typeof unit !== 'string')
        return `"time_unit" ${JSON.stringify(unit)}: expected "ns", "us", "ms" or "s"`;
    const out = dict();
    for (const key of ['real_time', 'cpu_time']) {
        const v = row[key];
        if (!finite(v))
            return `"${key}" is ${JSON.stringify(v) ?? 'missing'}: expected a number of ${unit}`;
        out[key] = { unit: 'ns', value: v * scale, direction: 'lower' };
    }
    for (const [key, v] of Object.entries(row)) {
        if (!finite(v) || NOT_COUNTERS.has(key))
            continue;
        // User counters carry no flags in the JSON: rates we know of are higher-is-better, the rest
        // are reported as plain counts.
        const rate = RATES[key];
        out[key] = rate ? { unit: rate, value: v, direction: 'higher' } : { unit: 'count', value: v, direction: 'lower' };
    }
    return out;
}
function parseGoogleBenchmark(text) {
    const problems = [];
    const doc = tryParse(text);
    let rows;
    let starts = null;
    if (doc !== null && typeof doc === 'object' && Array.isArray(doc.benchmarks)) {
        rows = doc.benchmarks;
    }
    else {
        const s = salvageArray(text, 'benchmarks');
        if (!s.found)
            throw new HarnessOutputError('google-benchmark', google_benchmark_EXPECTED, text.trim() === '' ? 'empty output' : `no "benchmarks" array in ${JSON.stringify(text.trim().slice(0, 80))}`);
        rows = s.items;
        starts = s.starts;
        problems.push(`output cut off after ${rows.length} complete row(s) (the harness stopped mid-way)`);
    }
    // Where row i starts, found only when a row is named in a problem (one scan, then lookups).
    let locate = null;
    const where = (i) => {
        if (!locate) {
            const s = starts ? { items: rows, starts } : salvageArray(text, 'benchmarks');
            const line = lineLocator(text);
            locate = (k) => s.items.length === rows.length && s.starts[k] !== undefined ? `line ${line(s.starts[k])}` : `benchmarks[${k}]`;
        }
        return locate(i);
    };
    const out = new ReportBuilder();
    const iterations = new Map();
    const aggregates = new Map();
    for (const [i, r] of rows.entries()) {
        if (r === null || typeof r !== 'object' || typeof r.name !== 'string') {
            problems.push(`${where(i)}: not a benchmark row (no "name")`);
            continue;
        }
        const row = r;
        const name = typeof row.run_name === 'string' ? row.run_name : String(row.name);
        if (row.error_occurred === true) {
            problems.push(`${name}: the benchmark reported an error: ${typeof row.error_message === 'string' ? row.error_message : '(no message)'}`);
            continue;
        }
        if (row.run_type === 'aggregate') {
            const byKind = aggregates.get(name) ?? new Map();
            byKind.set(String(row.aggregate_name), { row, i });
            aggregates.set(name, byKind);
        }
        else {
            iterations.set(name, [...(iterations.get(name) ?? []), { row, i }]);
        }
    }
    for (const name of new Set([...iterations.keys(), ...aggregates.keys()])) {
        const reps = iterations.get(name) ?? [];
        if (reps.length > 0) {
            // Repetitions inside one invocation become one sample: their median, per metric. One
            // unreadable repetition refuses the benchmark (a median of the rest would hide it).
            const per = [];
            for (const { row, i } of reps) {
                const m = metricsOf(row);
                if (typeof m === 'string') {
                    out.refuse(where(i), name, m);
                    break;
                }
                per.push(m);
            }
            if (per.length < reps.length)
                continue;
            const metrics = dict();
            for (const [key, m] of Object.entries(per[0] ?? {})) {
                const values = per.map((p) => p[key]?.value).filter(finite);
                if (values.length === per.length)
                    metrics[key] = { ...m, value: medianOf(values) };
            }
            const context = dict();
            context.repetitions = reps.length;
            const its = reps.map((r) => r.row.iterations).filter(finite);
            if (its.length > 0)
                context.iterations = medianOf(its);
            out.add(where(reps[0]?.i ?? 0), name, metrics, context);
        }
        else {
            const kinds = aggregates.get(name);
            const chosen = kinds.get('median') ?? kinds.get('mean');
            if (!chosen)
                continue; // only stddev/cv rows, or a BigO fit: nothing per iteration
            const m = metricsOf(chosen.row);
            if (typeof m === 'string')
                out.refuse(where(chosen.i), name, m);
            else
                out.add(where(chosen.i), name, m, {
                    repetitions: Number(chosen.row.repetitions ?? 0),
                    aggregate: String(chosen.row.aggregate_name),
                });
        }
    }
    if (out.empty && problems.length === 0)
        throw new HarnessOutputError('google-benchmark', google_benchmark_EXPECTED, 'the "benchmarks" array is empty (did --benchmark_filter match nothing?)');
    return out.report(problems);
}

;// CONCATENATED MODULE: ./build/measure/harness/go-test.js
/**
 * `go test -bench` text output. A result line, as go 1.19 prints it:
 *   BenchmarkKnob-2     	   26708	      9144 ns/op	3499.40 MB/s
 *   BenchmarkAlloc-2    	 3747763	        55.29 ns/op	        42.00 widgets/op	      78 B/op	       1 allocs/op
 * i.e. name-GOMAXPROCS, iterations, then value/unit pairs. `-count N` repeats a line per run;
 * the N lines of one invocation become one sample (their median).
 */



const go_test_EXPECTED = 'go test -bench output with lines like "BenchmarkX-8  1000  1234 ns/op"';
const LINE = /^(Benchmark\S*?)(?:-(\d+))?\s+(\d+)((?:\s+[-+\d.eE]+\s+\S+)+)\s*$/;
/** Units go itself prints, renamed to metric names (names may not contain `/`). */
const KNOWN = dict({
    'ns/op': { metric: 'time', unit: 'ns', direction: 'lower' },
    'B/op': { metric: 'bytes', unit: 'B', direction: 'lower' },
    'allocs/op': { metric: 'allocs', unit: 'count', direction: 'lower' },
    'MB/s': { metric: 'throughput', unit: 'MB/s', direction: 'higher' },
});
/** A b.ReportMetric unit: `widgets/op` → metric `widgets-per-op`; a `/s` unit is a rate. */
function custom(unit) {
    return {
        metric: unit.replace(/\//g, '-per-').replace(/[^A-Za-z0-9._-]/g, '_'),
        unit,
        direction: /\/s$/.test(unit) ? 'higher' : 'lower',
    };
}
function parseGoTest(text) {
    const problems = [];
    const runs = new Map();
    for (const [i, raw] of text.split('\n').entries()) {
        const line = raw.replace(/\r$/, '');
        if (!line.startsWith('Benchmark'))
            continue;
        const m = LINE.exec(line);
        if (!m) {
            // A benchmark that logs or fails prints its name alone, or "--- FAIL: BenchmarkX".
            if (/\s\d+\s/.test(line))
                problems.push(`line ${i + 1} not understood: ${line.trim()}`);
            continue;
        }
        const name = m[1];
        const procs = m[2] ? Number(m[2]) : null;
        const run = runs.get(name) ?? { line: i + 1, procs, iterations: [], values: new Map(), refused: null };
        runs.set(name, run);
        if (run.refused)
            continue;
        // -count N repeats a line per run (one benchmark); -cpu 1,2 prints BenchmarkX-1 and
        // BenchmarkX-2, two benchmarks that would share a name here.
        if (procs !== run.procs) {
            run.refused = `line ${i + 1}: ${name}: reported with GOMAXPROCS ${procs ?? 'unset'} and ${run.procs ?? 'unset'} (line ${run.line}): run one -cpu value per suite entry`;
            continue;
        }
        run.iterations.push(Number(m[3]));
        const fields = m[4].trim().split(/\s+/);
        for (let k = 0; k + 1 < fields.length; k += 2) {
            const value = Number(fields[k]);
            const unit = fields[k + 1];
            const meta = KNOWN[unit] ?? custom(unit);
            const why = sampleValueProblem(meta.metric, value);
            if (why !== null) {
                run.refused = `line ${i + 1}: ${name}: "${fields[k]} ${unit}": ${why}`;
                break;
            }
            const slot = run.values.get(meta.metric) ?? { m: meta, v: [] };
            slot.v.push(value);
            run.values.set(meta.metric, slot);
        }
    }
    for (const [i, raw] of text.split('\n').entries()) {
        const fail = /^\s*--- FAIL: (Benchmark\S+)/.exec(raw);
        if (fail)
            problems.push(`line ${i + 1}: ${fail[1]} failed`);
        if (/^panic: /.test(raw))
            problems.push(`line ${i + 1}: ${raw.trim()}`);
    }
    const out = new ReportBuilder();
    for (const [name, run] of runs) {
        if (run.refused) {
            problems.push(run.refused);
            continue;
        }
        const metrics = dict();
        for (const [metric, { m, v }] of run.values) {
            if (v.length !== run.iterations.length) {
                problems.push(`line ${run.line}: ${name}: ${m.unit} on ${v.length} of its ${run.iterations.length} lines: expected on every line`);
                continue;
            }
            metrics[metric] = { unit: m.unit, value: medianOf(v), direction: m.direction };
        }
        if (Object.keys(metrics).length < run.values.size)
            continue;
        const context = dict();
        context.count = run.iterations.length;
        context.iterations = medianOf(run.iterations);
        if (run.procs !== null)
            context.gomaxprocs = run.procs;
        out.add(`line ${run.line}`, name, metrics, context);
    }
    if (out.empty && problems.length === 0)
        throw new HarnessOutputError('go-test', go_test_EXPECTED, text.trim() === '' ? 'empty output' : 'no benchmark result lines (did -bench match nothing?)');
    return out.report(problems);
}

;// CONCATENATED MODULE: ./build/measure/harness/hyperfine.js
/**
 * hyperfine `--export-json FILE`. 1.x (1.15.0 here), seconds:
 *   {"results": [{"command": "sleep 0.01", "mean": 0.01285, "stddev": 0.00211, "median": 0.01204,
 *     "user": 0.00098, "system": 0.0, "min": 0.01105, "max": 0.01590, "times": [...], "exit_codes": [0, ...]}]}
 * Schema 2 (upstream, `"schema_version": 2`) adds metadata and a per-command summary with units:
 *   "summary": {"time_wall_clock": {"unit": "second", "count": 10, "mean": ..., "median": ...}, "time_user": {...}, ...}
 * Each command is one benchmark; the median of its runs is the invocation's sample.
 */



const hyperfine_EXPECTED = 'the JSON file hyperfine --export-json FILE writes, with a "results" array';
const UNIT_SCALE = dict({
    second: { unit: 'ns', scale: 1e9 },
    millisecond: { unit: 'ns', scale: 1e6 },
    microsecond: { unit: 'ns', scale: 1e3 },
    nanosecond: { unit: 'ns', scale: 1 },
    byte: { unit: 'B', scale: 1 },
    kibibyte: { unit: 'B', scale: 1024 },
});
/** Schema-2 summary keys → metric names, the same names as the 1.x fields get. */
const SUMMARY = dict({
    time_wall_clock: 'time',
    time_user: 'user',
    time_system: 'system',
    memory_peak_resident: 'max-rss',
});
function parseHyperfine(text) {
    const doc = tryParse(text);
    if (!doc || !Array.isArray(doc.results)) {
        throw new HarnessOutputError('hyperfine', hyperfine_EXPECTED, text.trim() === ''
            ? 'empty file'
            : doc
                ? 'no "results" array'
                : `not complete JSON (${text.length} bytes; hyperfine writes the file when it finishes)`);
    }
    const problems = [];
    const out = new ReportBuilder();
    for (const [i, r] of doc.results.entries()) {
        if (!r || typeof r !== 'object' || typeof r.command !== 'string') {
            problems.push(`results[${i}] has no "command"`);
            continue;
        }
        const row = r;
        // `--command-name` replaces the command here; parameter scans give one command per value.
        const name = String(row.command);
        const metrics = dict();
        const summary = row.summary && typeof row.summary === 'object' ? row.summary : null;
        if (summary) {
            for (const [key, s] of Object.entries(summary)) {
                const stat = s;
                if (!stat || !finite(stat.median))
                    continue;
                const u = UNIT_SCALE[typeof stat.unit === 'string' ? stat.unit : ''] ?? { unit: 'count', scale: 1 };
                metrics[SUMMARY[key] ?? key.replace(/_/g, '-')] = {
                    unit: u.unit,
                    value: stat.median * u.scale,
                    direction: 'lower',
                };
            }
        }
        else {
            if (finite(row.median))
                metrics.time = { unit: 'ns', value: row.median * 1e9, direction: 'lower' };
            else if (finite(row.mean))
                metrics.time = { unit: 'ns', value: row.mean * 1e9, direction: 'lower' };
            // user and system are means over the runs (hyperfine 1.x keeps no per-run CPU times).
            for (const k of ['user', 'system'])
                if (finite(row[k]))
                    metrics[k] = { unit: 'ns', value: row[k] * 1e9, direction: 'lower' };
        }
        if (!metrics.time) {
            problems.push(`${name}: no median time`);
            continue;
        }
        const codes = Array.isArray(row.exit_codes) ? row.exit_codes : [];
        const bad = codes.filter((c) => c !== 0);
        if (bad.length > 0)
            problems.push(`${name}: ${bad.length} of ${codes.length} runs exited non-zero (${[...new Set(bad)].join(', ')}); hyperfine ran it with --ignore-failure`);
        const runs = Array.isArray(row.times)
            ? row.times.length
            : finite(summary?.time_wall_clock?.count)
                ? Number((summary?.time_wall_clock).count)
                : null;
        out.add(`results[${i}]`, name, metrics, runs === null ? {} : { runs });
    }
    if (out.empty && problems.length === 0)
        throw new HarnessOutputError('hyperfine', hyperfine_EXPECTED, 'the "results" array is empty');
    return out.report(problems);
}

;// CONCATENATED MODULE: ./build/measure/harness/jmh.js
/**
 * JMH `-rf json -rff FILE`: an array with one object per benchmark × parameter set, e.g.
 *   {"benchmark": "org.example.MixBench.knob", "mode": "avgt", "threads": 1, "forks": 1,
 *    "params": {"size": "64"}, "primaryMetric": {"score": 4311.9, "scoreError": 12.1,
 *    "scoreUnit": "ns/op", "rawData": [[4301.2, 4320.7]]}, "secondaryMetrics": {...}}
 * `thrpt` (ops per time unit) is higher-is-better; `avgt`, `sample` and `ss` (time per op) lower.
 */



const jmh_EXPECTED = 'the JSON array JMH writes with -rf json -rff FILE';
/** A field that should be text; anything else (a number, an object) reads as absent. */
const jmh_str = (v) => (typeof v === 'string' ? v : '');
/** `ns/op` → time in ns; `ops/ms` → ops/s (higher); anything else kept in its own unit. */
function metric(score, unit, mode) {
    const perOp = /^(ns|us|µs|ms|s)\/op$/.exec(unit);
    if (perOp)
        return { unit: 'ns', value: score * NS_PER[perOp[1]], direction: 'lower' };
    const rate = /^ops\/(ns|us|µs|ms|s|min)$/.exec(unit);
    if (rate) {
        const perSecond = rate[1] === 'min' ? 1 / 60 : 1e9 / NS_PER[rate[1]];
        return { unit: 'ops/s', value: score * perSecond, direction: 'higher' };
    }
    return { unit, value: score, direction: mode === 'thrpt' ? 'higher' : 'lower' };
}
function parseJmh(text) {
    const doc = tryParse(text);
    if (!Array.isArray(doc))
        throw new HarnessOutputError('jmh', jmh_EXPECTED, text.trim() === ''
            ? 'empty file'
            : doc === null
                ? `not complete JSON (${text.length} bytes; JMH writes the file when all forks finish)`
                : 'not an array');
    const problems = [];
    const out = new ReportBuilder();
    for (const [i, r] of doc.entries()) {
        const row = r;
        const pm = row?.primaryMetric;
        if (!row || typeof row.benchmark !== 'string' || !pm || !finite(pm.score)) {
            problems.push(`[${i}]: no "benchmark" with a primaryMetric.score`);
            continue;
        }
        const params = row.params && typeof row.params === 'object'
            ? Object.entries(row.params).map(([k, v]) => `${k}=${String(v)}`)
            : [];
        const name = `${row.benchmark}${params.length > 0 ? `:${params.join(',')}` : ''}`;
        const mode = jmh_str(row.mode);
        const metrics = dict([['score', metric(pm.score, jmh_str(pm.scoreUnit), mode)]]);
        for (const [key, s] of Object.entries(row.secondaryMetrics ?? {})) {
            const sm = s;
            // JMH prefixes profiler metrics with a middle dot: "·gc.alloc.rate.norm".
            if (sm && finite(sm.score))
                metrics[key.replace(/^\u00b7/, '').replace(/[^A-Za-z0-9._-]/g, '_')] = metric(sm.score, jmh_str(sm.scoreUnit), '');
        }
        const context = dict([['mode', mode]]);
        for (const k of ['forks', 'threads', 'measurementIterations'])
            if (finite(row[k]))
                context[k] = row[k];
        out.add(`[${i}]`, name, metrics, context);
    }
    if (out.empty && problems.length === 0)
        throw new HarnessOutputError('jmh', jmh_EXPECTED, 'the array is empty');
    return out.report(problems);
}

;// CONCATENATED MODULE: ./build/measure/harness/json.js
/**
 * perfgate's own format for custom metrics, for any program that can print JSON. One row per
 * benchmark × metric, either as a JSON array or as JSON Lines (one row per line, so a program
 * that dies mid-way keeps the rows it printed):
 *   {"name": "parse/large", "metric": "throughput", "unit": "MB/s", "value": 812.5, "direction": "higher"}
 *   {"name": "parse/large", "metric": "time", "unit": "ns", "values": [1201, 1189, 1210]}
 * `values` are repetitions inside one invocation: their median is its sample. `direction`
 * defaults to "lower" (lower is better). Names: any text; metric: letters, digits, `._-`.
 * A second row for the same name and metric is refused with the first (docs/harnesses.md):
 * repetitions go in `values`.
 */




const json_EXPECTED = 'JSON rows {"name", "metric", "unit", "value" or "values", "direction"?: "lower"|"higher"}, as an array or one per line';
const json_METRIC = /^[A-Za-z0-9._-]+$/;
function parseJsonMetrics(text) {
    const problems = [];
    let rows;
    const trimmed = text.trim();
    if (trimmed === '')
        throw new HarnessOutputError('json', json_EXPECTED, 'empty output');
    if (trimmed.startsWith('[')) {
        const doc = tryParse(trimmed);
        if (!Array.isArray(doc))
            throw new HarnessOutputError('json', json_EXPECTED, 'the array is not complete JSON');
        // The line each row starts on, when every row is an object the scanner can place.
        const spans = arrayFrom(text, text.indexOf('[') + 1);
        const line = lineLocator(text);
        const placed = spans.items.length === doc.length;
        rows = doc.map((row, i) => ({
            row,
            where: placed ? `line ${line(spans.starts[i])}` : `[${i}]`,
        }));
    }
    else {
        rows = [];
        for (const [i, line] of text.split('\n').entries()) {
            if (line.trim() === '')
                continue;
            const row = tryParse(line);
            if (row === null)
                problems.push(`line ${i + 1} is not a JSON row: ${JSON.stringify(line.slice(0, 80))}`);
            else
                rows.push({ row, where: `line ${i + 1}` });
        }
    }
    const byName = new Map();
    const out = new ReportBuilder();
    for (const { row, where } of rows) {
        const r = row;
        const values = Array.isArray(r?.values) ? r.values : r?.value !== undefined ? [r.value] : [];
        const bad = !r || typeof r !== 'object' || Array.isArray(r)
            ? 'not an object'
            : typeof r.name !== 'string' || r.name === ''
                ? 'no "name"'
                : typeof r.metric !== 'string' || !json_METRIC.test(r.metric)
                    ? `bad "metric" ${JSON.stringify(r.metric)} (letters, digits, . _ - only)`
                    : typeof r.unit !== 'string'
                        ? 'no "unit"'
                        : values.length === 0 || !values.every(finite)
                            ? 'no numeric "value" or "values"'
                            : r.direction !== undefined && r.direction !== 'lower' && r.direction !== 'higher'
                                ? `"direction" ${JSON.stringify(r.direction)}: expected "lower" or "higher"`
                                : null;
        if (bad || !r) {
            problems.push(`${where}: ${bad}`);
            continue;
        }
        const name = r.name;
        const metric = r.metric;
        const b = byName.get(name) ?? { where, metrics: dict(), context: dict(), bad: false };
        byName.set(name, b);
        if (b.bad)
            continue;
        const first = b.metrics[metric];
        if (first) {
            out.refuse(where, name, `a second "${metric}" row (first at ${first.where}): a benchmark × metric is reported once per invocation; put repetitions in "values"`);
            b.bad = true;
            continue;
        }
        const impossible = values.findIndex((v) => sampleValueProblem(metric, v) !== null);
        if (impossible >= 0) {
            const v = values[impossible];
            out.refuse(where, name, `"${metric}" ${values.length > 1 ? `value ${impossible} ` : ''}is ${v}: ${sampleValueProblem(metric, v) ?? ''}`);
            b.bad = true;
            continue;
        }
        b.metrics[metric] = {
            unit: r.unit,
            value: medianOf(values),
            direction: r.direction === 'higher' ? 'higher' : 'lower',
            where,
        };
        if (values.length > 1)
            b.context[`${metric}-repetitions`] = values.length;
    }
    for (const [name, b] of byName) {
        if (b.bad)
            continue;
        out.add(b.where, name, dict(Object.entries(b.metrics).map(([k, m]) => [k, { unit: m.unit, value: m.value, direction: m.direction }])), b.context);
    }
    if (out.empty)
        throw new HarnessOutputError('json', json_EXPECTED, problems[0] ?? 'no rows');
    return out.report(problems);
}

;// CONCATENATED MODULE: ./build/measure/harness/pytest-benchmark.js
/**
 * pytest-benchmark `--benchmark-json=FILE` (3.2.2 here). A benchmark, abridged:
 *   {"group": null, "name": "test_knob", "fullname": "src/test_mix.py::test_knob", "params": null,
 *    "stats": {"min": 0.000325, "max": 0.00839, "mean": 0.000691, "stddev": 0.00143,
 *              "rounds": 46, "median": 0.000336, "iqr": 8.6e-06, "ops": 1447.1, "iterations": 1}}
 * Times are seconds per call. The median of the rounds is the invocation's sample: the mean
 * carries every GC pause and first-call outlier of the rounds.
 */



const pytest_benchmark_EXPECTED = 'the JSON file pytest --benchmark-json=FILE writes, with a "benchmarks" array';
function parsePytestBenchmark(text) {
    const problems = [];
    const doc = tryParse(text);
    let rows;
    if (doc && Array.isArray(doc.benchmarks))
        rows = doc.benchmarks;
    else {
        const s = salvageArray(text, 'benchmarks');
        if (!s.found)
            throw new HarnessOutputError('pytest-benchmark', pytest_benchmark_EXPECTED, text.trim() === '' ? 'empty file' : `no "benchmarks" array in ${JSON.stringify(text.trim().slice(0, 80))}`);
        rows = s.items;
        problems.push(`file cut off after ${rows.length} complete benchmark(s)`);
    }
    const out = new ReportBuilder();
    for (const [i, r] of rows.entries()) {
        const row = r;
        const name = typeof row?.fullname === 'string' ? row.fullname : typeof row?.name === 'string' ? row.name : null;
        const stats = row?.stats;
        if (name === null || !stats || !finite(stats.median)) {
            problems.push(`benchmarks[${i}]${name ? ` (${name})` : ''}: no stats.median`);
            continue;
        }
        const context = dict();
        for (const k of ['rounds', 'iterations'])
            if (finite(stats[k]))
                context[k] = stats[k];
        if (finite(stats.mean))
            context['mean-ns'] = stats.mean * 1e9;
        out.add(`benchmarks[${i}]`, name, dict([['time', { unit: 'ns', value: stats.median * 1e9, direction: 'lower' }]]), context);
    }
    if (out.empty && problems.length === 0)
        throw new HarnessOutputError('pytest-benchmark', pytest_benchmark_EXPECTED, 'the "benchmarks" array is empty (no test used the benchmark fixture?)');
    return out.report(problems);
}

;// CONCATENATED MODULE: ./build/measure/harness/wrk.js
/**
 * wrk 4.x text output with `--latency` (the RED view of a service under load: rate, errors,
 * duration). As wrk 4.1.0 prints it:
 *   Running 1s test @ http://127.0.0.1:46327/
 *     Latency Distribution
 *        50%  104.00us
 *        99%   10.78ms
 *     23932 requests in 1.00s, 2.83MB read
 *     Non-2xx or 3xx responses: 15896
 *   Requests/sec:  23885.54
 * and on socket trouble `  Socket errors: connect 0, read 3, write 0, timeout 12`.
 * Requests/sec is higher-is-better; latency percentiles, not means (a mean hides the tail).
 * Errors are counted, not averaged: the invocation layer fails a run that had any.
 */


const wrk_EXPECTED = 'wrk output with a "Requests/sec:" line (run wrk with --latency for percentiles)';
function wrk_duration(text) {
    const m = /^([\d.]+)(us|ms|s|m|h)$/.exec(text);
    if (!m)
        return null;
    const scale = m[2] === 'm' ? 60e9 : m[2] === 'h' ? 3600e9 : NS_PER[m[2]];
    return Number(m[1]) * scale;
}
function parseWrk(text) {
    const url = /^Running .* @ (\S+)/m.exec(text)?.[1];
    const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(text);
    if (!rps || !url) {
        const said = text.trim().split('\n').slice(-1)[0] ?? '';
        throw new HarnessOutputError('wrk', wrk_EXPECTED, text.trim() === ''
            ? 'empty output'
            : `no ${url ? '"Requests/sec:"' : '"Running ... @ URL"'} line (last line: ${JSON.stringify(said.slice(0, 120))})`);
    }
    const metrics = dict([['requests', { unit: 'req/s', value: Number(rps[1]), direction: 'higher' }]]);
    // [ \t], not \s: under /m \s also matches newlines, and ^\s+ tried from every line of a long
    // blank stretch ran to its end each time (quadratic in the output).
    for (const m of text.matchAll(/^[ \t]+(50|75|90|99)(?:\.0+)?%[ \t]+(\S+)[ \t]*$/gm)) {
        const ns = wrk_duration(m[2]);
        if (ns !== null && (m[1] === '50' || m[1] === '99'))
            metrics[`latency-p${m[1]}`] = { unit: 'ns', value: ns, direction: 'lower' };
    }
    const warnings = [];
    if (!metrics['latency-p50'])
        warnings.push('no latency distribution (add --latency to the wrk command for p50/p99)');
    const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
    const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text);
    const total = /^[ \t]+(\d+) requests in ([\d.]+\w+)/m.exec(text);
    const errors = (socket ? [1, 2, 3, 4].reduce((n, k) => n + Number(socket[k]), 0) : 0) + (non2xx ? Number(non2xx[1]) : 0);
    const context = dict([['errors', errors]]);
    if (total && finite(Number(total[1])))
        context.requests = Number(total[1]);
    if (total)
        context.duration = total[2];
    if (socket)
        context['socket-errors'] = socket[0].replace('Socket errors: ', '');
    if (non2xx)
        context['non-2xx'] = Number(non2xx[1]);
    context.url = url;
    const out = new ReportBuilder();
    out.add(`line ${text.slice(0, rps.index).split('\n').length}`, benchmarkName(url), metrics, context);
    return out.report([], warnings);
}
/**
 * The URL's path names the benchmark (`http://127.0.0.1:46327/items?x=1` → `items?x=1`, the
 * root → `root`): a server started on a free port per invocation must keep its name.
 */
function benchmarkName(url) {
    const rest = url.replace(/^[a-z]+:\/\/[^/]*/i, '').replace(/^\//, '');
    return rest === '' ? 'root' : rest;
}

;// CONCATENATED MODULE: ./build/measure/harness/format-specs.js









const FORMATS = {
    'google-benchmark': {
        output: { flags: (f) => [`--benchmark_out=${f}`, '--benchmark_out_format=json'] },
        parse: parseGoogleBenchmark,
        thresholds: { cpu_time: 0.03 },
    },
    catch2: { output: { flags: (f) => ['-r', 'xml', '-o', f] }, parse: parseCatch2, thresholds: { time: 0.03 } },
    'go-test': {
        output: 'stdout',
        parse: parseGoTest,
        thresholds: { time: 0.03 },
        // Here one took 2.4 s under cachegrind, and others hung until the timeout (77 s, then 33.5 s a
        // side): the Go runtime's threads and signals under valgrind.
        notUnderValgrind: 'a Go test binary under valgrind hangs or crawls (the Go runtime)',
    },
    'pytest-benchmark': {
        output: { flags: (f) => [`--benchmark-json=${f}`] },
        parse: parsePytestBenchmark,
        thresholds: { time: 0.03 },
    },
    criterion: { output: 'dir', defaultDir: 'target/criterion', parseDir: parseCriterion, thresholds: { time: 0.03 } },
    hyperfine: { output: { flags: (f) => ['--export-json', f] }, parse: parseHyperfine, thresholds: { time: 0.03 } },
    jmh: { output: { flags: (f) => ['-rf', 'json', '-rff', f] }, parse: parseJmh, thresholds: { score: 0.03 } },
    wrk: { output: 'stdout', parse: parseWrk, thresholds: { requests: 0.05, 'latency-p50': 0.1 } },
    json: { output: 'stdout', parse: parseJsonMetrics, thresholds: {} },
};

;// CONCATENATED MODULE: ./build/tools/shell.js
/**
 * Words for a `/bin/sh -c` string. Anything a repository or a user names (a directory, a Cargo
 * bench name, an npm script) may hold spaces, quotes, `$(...)` or newlines, so it goes in
 * single quotes, where sh interprets nothing; a `'` is closed, escaped and reopened.
 */
const shellQuote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
/** A word as written when it needs no quoting (`./build/bench_x`, `pkg/parse`), quoted otherwise. */
const shellWord = (s) => (/^[A-Za-z0-9_./:=+-]+$/.test(s) ? s : shellQuote(s));

;// CONCATENATED MODULE: ./build/measure/invocation.js
/**
 * One invocation of a suite entry, measured: the backend's counters for the whole command
 * and, for a harness entry (`format:`), the harness's own report of each benchmark inside
 * it. Both the runner and the paired A/B call this, so a plain command and a harness are
 * sampled the same way: one invocation gives one sample per benchmark.
 */








/** Why a run did not complete (timeout, could not start, non-zero exit), or null if it did. */
function describeFailure(m, timeoutMs) {
    const o = m.outcome;
    const tail = o.stderrTail.trim().split('\n').slice(-10).join('\n');
    if (o.timedOut)
        return {
            status: 'timeout',
            error: `timed out after ${timeoutMs} ms; process group killed${tail ? `\n${tail}` : ''}`,
        };
    if (o.spawnError)
        return { status: 'failed', error: `could not start: ${o.spawnError}` };
    if (o.exitCode !== 0) {
        const how = o.signal ? `killed by ${o.signal}` : `exited with code ${o.exitCode}`;
        return { status: 'failed', error: `${how}${tail ? `; stderr:\n${tail}` : ''}` };
    }
    return null;
}
/** The command with the harness's output flags appended (to the shell string when it is one). */
function withFlags(argv, flags) {
    if (flags.length === 0)
        return argv;
    if (argv[0] === '/bin/sh' && argv[1] === '-c' && argv.length === 3)
        return ['/bin/sh', '-c', `${argv[2]} ${flags.map(shellQuote).join(' ')}`];
    return [...argv, ...flags];
}
/** Runs argv with its stdout going to `file` (exec: no shell stays in between). */
function stdoutTo(argv, file) {
    return ['/bin/sh', '-c', 'f=$1; shift; exec "$@" >"$f"', 'sh', file, ...argv];
}
/** Files under `dir` written since `since` (ms), relative and `/`-separated. */
async function freshFiles(dir, since) {
    const out = [];
    const walk = async (rel) => {
        const entries = await (0,promises_.readdir)(external_node_path_.join(dir, rel), { withFileTypes: true }).catch(() => []);
        for (const e of entries) {
            const r = rel ? `${rel}/${e.name}` : e.name;
            if (e.isDirectory())
                await walk(r);
            else if (e.name.endsWith('.json')) {
                const full = external_node_path_.join(dir, r);
                // Earlier invocations' (and removed benchmarks') files stay behind: only this run's count.
                if ((await (0,promises_.stat)(full)).mtimeMs >= since)
                    out.push({ path: r, text: (0,secrets/* scrub */._I)(await (0,promises_.readFile)(full, 'utf8')) });
            }
        }
    };
    await walk('');
    return out;
}
async function sampleInvocation(spec, backend, req) {
    const harness = spec.harness;
    if (!harness) {
        const m = await backend.measure(req);
        return {
            failure: describeFailure(m, spec.timeoutMs),
            byBenchmark: dict([[spec.name, m.metrics]]),
            origins: dict(),
            warnings: m.warnings,
        };
    }
    const info = FORMATS[harness.format];
    const scratch = await (0,promises_.mkdtemp)(external_node_path_.join(external_node_os_.tmpdir(), 'perfgate-harness-'));
    try {
        const file = harness.output ?? external_node_path_.join(scratch, info.output === 'stdout' ? 'stdout.txt' : 'output');
        let argv = req.argv;
        if (harness.output !== null) {
            // The suite names the file: the command writes it itself. A stale one from the last
            // invocation must not pass for this one's (a directory is filtered by time instead).
            if (info.output !== 'dir')
                await (0,promises_.rm)(harness.output, { force: true });
        }
        else if (info.output === 'stdout')
            argv = stdoutTo(req.argv, file);
        else if (info.output !== 'dir')
            argv = withFlags(req.argv, info.output.flags(file));
        const started = Date.now() - 100;
        const m = await backend.measure({ ...req, argv });
        const failure = describeFailure(m, spec.timeoutMs);
        const sample = {
            failure,
            byBenchmark: dict([[spec.name, m.metrics]]),
            origins: dict(),
            warnings: [...m.warnings],
        };
        // Where the output came from, for messages naming a line of it.
        const source = harness.output ??
            (info.output === 'stdout'
                ? 'stdout'
                : info.output === 'dir'
                    ? external_node_path_.resolve(spec.cwd, info.defaultDir ?? '.')
                    : `the file of ${info.output.flags('FILE').join(' ')}`);
        let report;
        try {
            if (info.output === 'dir') {
                const dir = harness.output ?? external_node_path_.resolve(spec.cwd, info.defaultDir ?? '.');
                report = info.parseDir(await freshFiles(dir, started));
            }
            else {
                // Harness output is outside text like stderr: its names and messages reach the report.
                const text = (0,secrets/* scrub */._I)(await (0,promises_.readFile)(file, 'utf8').catch((err) => {
                    if (err.code === 'ENOENT')
                        return '';
                    throw err;
                }));
                report = info.parse(text);
            }
        }
        catch (err) {
            const why = `${spec.name} (${source}): ${(0,errors/* errorMessage */.gJ)(err)}`;
            sample.failure = failure
                ? { status: failure.status, error: `${failure.error}\n${why}` }
                : { status: 'failed', error: why };
            return sample;
        }
        const problems = [...report.problems];
        for (const b of report.benchmarks) {
            const name = `${spec.name}/${b.name}`;
            const metrics = dict();
            for (const [k, v] of Object.entries(b.metrics))
                metrics[k] = {
                    unit: v.unit,
                    value: v.value,
                    ...(v.direction === 'higher' ? { direction: 'higher' } : {}),
                };
            sample.byBenchmark[name] = metrics;
            sample.origins[name] = {
                entry: spec.name,
                format: harness.format,
                name: b.name,
                ...(Object.keys(b.context).length > 0 ? { context: b.context } : {}),
            };
            const errors = b.context.errors;
            if (harness.format === 'wrk' && typeof errors === 'number' && errors > 0)
                problems.push(`${b.name}: ${errors} error(s) (${[b.context['socket-errors'] ? `socket errors: ${String(b.context['socket-errors'])}` : '', b.context['non-2xx'] ? `non-2xx or 3xx responses: ${String(b.context['non-2xx'])}` : ''].filter(Boolean).join('; ')})`);
        }
        sample.warnings.push(...(report.warnings ?? []).map((w) => `${spec.name}: ${w}`));
        if (problems.length > 0) {
            const last = report.benchmarks.at(-1)?.name;
            const why = `${spec.name} (${harness.format}, ${source}): ${problems.join('; ')}${report.benchmarks.length > 0 ? ` — kept the ${report.benchmarks.length} benchmark(s) that reported${last ? ` (last: ${last})` : ''}` : ''}`;
            sample.failure = failure
                ? { status: failure.status, error: `${failure.error}\n${why}` }
                : { status: 'failed', error: why };
        }
        else if (failure && report.benchmarks.length > 0) {
            sample.failure = {
                status: failure.status,
                error: `${failure.error}\n${spec.name} (${harness.format}): kept the ${report.benchmarks.length} benchmark(s) that reported (last: ${report.benchmarks.at(-1)?.name ?? '?'})`,
            };
        }
        return sample;
    }
    finally {
        await (0,promises_.rm)(scratch, { recursive: true, force: true });
    }
}
/** How many harness benchmarks an invocation reported (0 for a plain command). */
function harnessCount(sample) {
    return Object.keys(sample.origins).length;
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
    return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}
function isDigit(c) {
    return c >= 48 && c <= 57;
}
function isLowerHex(c) {
    return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}
/**
 * `s.lastIndexOf(' (', from)` that stops at the line start `lo`: `s` is the whole input chunk,
 * and the built-in search ran back through all of it on every line without a " (" (random text,
 * address-only frames), which made collapse quadratic in the chunk size: 0.1 MB/s.
 */
function lastSpaceParen(s, from, lo) {
    for (let i = from; i >= lo; i--) {
        if (s.charCodeAt(i) === 32 && s.charCodeAt(i + 1) === 40)
            return i;
    }
    return -1;
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
    constructor(c) {
        this.rawEntries = c.rawEntries;
        this.samples = c.samples;
        this.lines = c.lines;
        this.bytes = c.bytes;
        this.warnings = c.warnings;
        this.warningCount = c.warningCount;
        this.event = c.event;
        this.filteredSamples = c.filteredSamples;
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
            const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
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
        return new CollapseResult({
            rawEntries: this.sortedEntries(),
            samples: this.sampleCount,
            lines: this.lineNo,
            bytes: this.byteCount,
            warnings: this.warnings.slice(),
            warningCount: this.warningCount,
            event: this.eventFilter === '' ? undefined : this.eventFilter,
            filteredSamples: this.filtered,
        });
    }
    /**
     * Counts are doubles: above 2^53 - 1 they would round without a word (2^53 + 1 reads as 2^53),
     * so such an input is refused rather than folded into slightly wrong numbers.
     */
    tooBig(what) {
        return new errors/* InputError */.dz(`line ${this.lineNo}: ${what} exceeds 2^53 - 1 (${Number.MAX_SAFE_INTEGER}), beyond which counts lose precision`);
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
            // Past MAX_WARNINGS only the count is kept: do not build a message nobody will see.
            if (this.warnings.length >= MAX_WARNINGS) {
                this.warningCount++;
                return;
            }
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
        const count = (this.trie.nodeCount[node] += this.period);
        if (count > Number.MAX_SAFE_INTEGER)
            throw this.tooBig(`the samples of one stack add up to more than ${Number.MAX_SAFE_INTEGER}`);
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
            if (period > Number.MAX_SAFE_INTEGER)
                throw this.tooBig(`period ${s.slice(periodStart, periodEnd)}`);
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
            const at = lastSpaceParen(s, from, ls);
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
 * perturbs the samples), a few runs under `perf record`, each piped through `perf script` into
 * the streaming collapser. Each run's folded stacks are kept (`profiles/runs/<name>/<i>.folded`)
 * so a frame's time can carry an interval across runs; their sum is `profiles/<name>.folded`.
 *
 * `call-graph: auto` (the default) records the first run with frame pointers and looks at the
 * stacks (profile/unwind.ts): code built without frame pointers gives broken chains, and then
 * LBR (where the PMU has it) or DWARF unwinding is tried on one run and kept if it is better.
 */









/** The command a profile records: the entry's, narrowed to one benchmark when asked. */
function profiledArgv(spec, opts) {
    return opts.only ? withFlags(commandArgv(spec.run), [...opts.only.args]) : commandArgv(spec.run);
}
/** The name a profile's files are kept under. */
function profiledName(spec, opts) {
    return opts.only?.name ?? spec.name;
}
/** `cache/random` → `cache%2Frandom.folded`: reversible, so two names never share a file. */
function profileFileName(benchmark) {
    return `${encodeURIComponent(benchmark)}.folded`;
}
/**
 * Flags every profiling `perf record` starts with. `--no-bpf-event`: perf (5.1 and later) otherwise
 * starts a side-band thread for BPF program events, which no benchmark profile needs, and joins
 * it only after its 1 s poll times out: about 0.9 s of idle wait after every recorded run.
 */
const RECORD_FLAGS = ['-q', '--no-bpf-event'];
/** perf record's unwinding flags per mode. */
const CALL_GRAPH_ARGS = {
    fp: ['--call-graph', 'fp'],
    dwarf: ['--call-graph', 'dwarf'],
    lbr: ['--call-graph', 'lbr'],
};
/** Streams `perf script -i DATA` into the collapser, returning perf script's exit code. */
function scriptInto(data, collapser, env, extraArgs = []) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)('perf', ['script', '-i', data, ...extraArgs], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stdout.on('data', (chunk) => collapser.push(chunk));
        child.stderr.on('data', (chunk) => (stderr = (stderr + chunk.toString()).slice(-2000)));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stderr }));
    });
}
function lastLine(s) {
    return s.trim().split('\n').slice(-1)[0] ?? '';
}
/** Adds each run's stacks into one folded text, sorted like stackcollapse output. */
function sumFolded(runs) {
    const sum = new Map();
    for (const r of runs)
        for (const [stack, count] of r.rawEntries)
            sum.set(stack, (sum.get(stack) ?? 0) + count);
    const keys = [...sum.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return Buffer.from(keys.map((k) => `${k} ${sum.get(k)}\n`).join(''), 'latin1');
}
function stacksOf(r) {
    return new Map(r.entries());
}
/**
 * Writes per-run folded files and their sum under `<outDir>/profiles/[<sub>/]`, returning the
 * paths relative to outDir.
 */
async function writeFoldedRuns(outDir, sub, name, runs) {
    const base = external_node_path_.join('profiles', sub);
    const stem = encodeURIComponent(name);
    await (0,promises_.mkdir)(external_node_path_.join(outDir, base, 'runs', stem), { recursive: true });
    const rels = [];
    for (const [i, r] of runs.entries()) {
        const rel = external_node_path_.join(base, 'runs', stem, `${i + 1}.folded`);
        await writeFileAtomic(external_node_path_.join(outDir, rel), r.toBuffer());
        rels.push(rel);
    }
    const folded = external_node_path_.join(base, profileFileName(name));
    await writeFileAtomic(external_node_path_.join(outDir, folded), sumFolded(runs));
    return { folded, runs: rels };
}
async function recordProfile(spec, opts) {
    if (!opts.perf.usable)
        return { warning: `profile not recorded: ${opts.perf.reasons.join('; ')}` };
    const runs = opts.runs ?? 5;
    const env = benchmarkEnv(opts.parentEnv, spec.env);
    // Without a PMU the default `cycles` event cannot sample; cpu-clock is a software timer.
    const event = opts.perf.pmu ? 'cycles' : 'cpu-clock';
    const data = external_node_path_.join(opts.scratch, 'profile.data');
    const recordOnce = async (mode) => {
        const argv = withCpus([
            'perf',
            'record',
            ...RECORD_FLAGS,
            '-e',
            event,
            '-F',
            String(opts.frequency ?? 2999),
            ...CALL_GRAPH_ARGS[mode],
            '-o',
            data,
            '--',
            ...profiledArgv(spec, opts),
        ], spec.cpus);
        const r = await runProcess({ argv, cwd: spec.cwd, env, timeoutMs: spec.timeoutMs * (mode === 'dwarf' ? 4 : 2) });
        if (r.timedOut || r.exitCode !== 0) {
            const why = r.timedOut ? 'timed out' : (r.spawnError ?? `exit ${r.exitCode}: ${lastLine(r.stderrTail)}`);
            return { warning: `perf record --call-graph ${mode} ${why}` };
        }
        const collapser = new PerfScriptCollapser({});
        const s = await scriptInto(data, collapser, env);
        if (s.code !== 0)
            return { warning: `perf script exit ${s.code}: ${lastLine(s.stderr)}` };
        return { result: collapser.end() };
    };
    const done = [];
    try {
        let mode;
        let reason;
        if (opts.callGraph) {
            mode = opts.callGraph;
            reason = `${mode} (as the other side)`;
        }
        else if (spec.callGraph !== 'auto') {
            mode = spec.callGraph;
            reason = `${mode} (call-graph: ${mode})`;
        }
        else {
            const probe = await chooseCallGraph(recordOnce, opts.perf.pmu);
            if ('warning' in probe)
                return { warning: `profile not recorded: ${probe.warning}` };
            mode = probe.mode;
            reason = probe.reason;
            done.push(probe.result);
        }
        while (done.length < runs) {
            const r = await recordOnce(mode);
            if ('warning' in r)
                return { warning: `profile not recorded: ${r.warning}` };
            done.push(r.result);
        }
        if (done.every((r) => r.samples === 0))
            return { warning: 'profile not recorded: perf record captured no samples (run too short?)' };
        const files = await writeFoldedRuns(opts.outDir, '', profiledName(spec, opts), done);
        return { ...files, callGraph: mode, callGraphReason: reason };
    }
    finally {
        await (0,promises_.rm)(data, { force: true });
    }
}
function record_pct(x) {
    return `${Math.round(100 * x)}%`;
}
/**
 * `call-graph: auto`: one frame-pointer run; if its stacks are broken, one run with each
 * alternative (LBR only with a PMU), keeping the first whole one, else the least broken. The
 * kept probe run counts as the first profile run. A mode perf refuses is skipped, with why.
 * `judged` picks the part of each stack whose unwinding counts (off-CPU: the user part).
 */
async function chooseCallGraph(recordOnce, pmu, judged = (stacks) => stacks) {
    const fp = await recordOnce('fp');
    if ('warning' in fp)
        return fp;
    const qfp = unwindQuality(judged(stacksOf(fp.result)));
    if (!isBroken(qfp))
        return {
            mode: 'fp',
            reason: `auto → fp: frame-pointer stacks are whole (${record_pct(brokenShare(qfp))} unresolved or missing callers)`,
            result: fp.result,
        };
    const tried = [`fp ${record_pct(brokenShare(qfp))} broken`];
    let best = { mode: 'fp', share: brokenShare(qfp), result: fp.result };
    for (const mode of (pmu ? ['lbr', 'dwarf'] : ['dwarf'])) {
        const r = await recordOnce(mode);
        if ('warning' in r) {
            tried.push(`${mode} refused (${r.warning})`);
            continue;
        }
        const q = unwindQuality(judged(stacksOf(r.result)));
        tried.push(`${mode} ${record_pct(brokenShare(q))} broken`);
        if (brokenShare(q) < best.share)
            best = { mode, share: brokenShare(q), result: r.result };
        if (!isBroken(q))
            break;
    }
    return { mode: best.mode, reason: `auto → ${best.mode}: ${tried.join(', ')}`, result: best.result };
}

;// CONCATENATED MODULE: ./build/profile/offcpu.js
/**
 * Off-CPU stacks: `perf record -e sched:sched_switch -c 1 --switch-events -g` → `perf script
 * --ns --show-switch-events` → folded stacks weighted by the time each task stayed switched
 * out, in nanoseconds, like FlameGraph's off-CPU graphs (blocked time, not sample counts).
 *
 * Recorded per task (no -a), a switch-out carries the task's own stack and the task's next
 * PERF_RECORD_SWITCH IN says when it ran again; the difference is the time it was blocked (or
 * runnable but preempted). The sample lines look like (perf 6.1):
 *   pipe 10516 [000]  1147.413046142: sched:sched_switch: prev_comm=pipe prev_pid=10516 prev_prio=120 prev_state=S ==> next_comm=pipe next_pid=10518 next_prio=120
 *   	ffffffff821facd8 __schedule+0x618 ([kernel.kallsyms])
 *   	            127a wait_for_data+0x2a (/tmp/oc/pipe)
 *   pipe 10516 [000]  1147.413076257: PERF_RECORD_SWITCH OUT
 *   pipe 10518 [000]  1147.413078310: PERF_RECORD_SWITCH IN
 * Each matched switch-out is handed to the on-CPU collapser as a sample whose period is its
 * blocked time, so frame names follow exactly the same stackcollapse rules; kernel frames get
 * `_[k]` so the blocking reason can be told from the user-space caller.
 */

// "pipe 10516 [000]  1147.413046142: REST" (comm may hold spaces; pid/tid with -F pid,tid).
const HEADER = /^(\S.*?)\s+(?:\d+\/)?(\d+)\s+\[(\d+)\]\s+(\d+)\.(\d+):\s+(.*)$/;
function nanos(sec, frac) {
    // `--ns` prints 9 digits, the default 6: scale either to ns without going through floats.
    return Number(sec) * 1e9 + Number(frac.padEnd(9, '0').slice(0, 9));
}
/** Streaming: push perf script text in chunks, then end(). */
class OffCpuCollapser {
    collapser = new PerfScriptCollapser({ kernel: true });
    pending = new Map();
    current = null;
    carry = '';
    switches = 0;
    matched = 0;
    blockedNs = 0;
    push(chunk) {
        const text = this.carry + (typeof chunk === 'string' ? chunk : chunk.toString('latin1'));
        let pos = 0;
        for (;;) {
            const nl = text.indexOf('\n', pos);
            if (nl === -1)
                break;
            this.line(text.slice(pos, nl));
            pos = nl + 1;
        }
        this.carry = text.slice(pos);
    }
    end() {
        if (this.carry.length > 0)
            this.line(this.carry);
        this.carry = '';
        this.current = null;
        return { result: this.collapser.end(), switches: this.switches, matched: this.matched, blockedNs: this.blockedNs };
    }
    line(raw) {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (line.length === 0) {
            this.current = null;
            return;
        }
        const c = line.charCodeAt(0);
        if (c === 9 || c === 32) {
            // A frame line of the sample being read (frames of other events are ignored).
            this.current?.frames.push(line);
            return;
        }
        this.current = null;
        const m = HEADER.exec(line);
        if (!m)
            return;
        const [, comm, tid, cpu, sec, frac, rest] = m;
        if (rest.startsWith('sched:sched_switch:')) {
            // Per-task recording: the switch-out is always the recorded task's own (prev_pid = tid).
            this.switches++;
            const p = { comm, tid, cpu, ns: nanos(sec, frac), stamp: `${sec}.${frac}`, frames: [] };
            this.pending.set(tid, p);
            this.current = p;
        }
        else if (/^PERF_RECORD_SWITCH\s+IN\b/.test(rest)) {
            const p = this.pending.get(tid);
            if (!p)
                return;
            this.pending.delete(tid);
            const blocked = Math.round(nanos(sec, frac) - p.ns);
            // A zero period would count as 1 in stackcollapse; nothing was blocked, so skip it.
            if (!(blocked > 0))
                return;
            this.matched++;
            this.blockedNs += blocked;
            this.collapser.push(`${p.comm} ${p.tid} [${p.cpu}] ${p.stamp}: ${blocked} offcpu:\n${p.frames.join('\n')}\n\n`);
        }
    }
}
function collapseOffCpuText(text) {
    const c = new OffCpuCollapser();
    c.push(text);
    return c.end();
}
/** Scheduler frames every off-CPU stack ends in: they say that it waited, not why. */
const SCHEDULER = /^(?:__)?schedule(?:_|$)|^io_schedule|^preempt_schedule|^__cond_resched$|^finish_task_switch|^__wait_for_common$|^wait_for_completion/;
/** Runtime entry frames above main (or a thread's start routine). */
const ENTRY = /^(?:_start|__libc_start_main(?:_impl)?|__libc_start_call_main|start_thread|clone3?|__clone3?|thread_start)$/;
const KERNEL = '_[k]';
/**
 * A readable name for an off-CPU stack: the process, its user-space frames below the runtime
 * entry (at most the last `depth`), and the kernel function it blocked in, e.g.
 * `pipe: main › wait_for_data › __GI___libc_read → anon_pipe_read`. Stacks that differ only in
 * kernel detail share a name, so the explanation table ranks waiting places, not kernel paths.
 */
function offCpuLabel(stack, depth = 6) {
    const frames = stack.split(';');
    const comm = frames[0] ?? '';
    const user = [];
    let reason;
    for (const f of frames.slice(1)) {
        if (f.endsWith(KERNEL)) {
            const name = f.slice(0, -KERNEL.length);
            if (!SCHEDULER.test(name))
                reason = name;
        }
        else if (!ENTRY.test(f)) {
            user.push(f);
        }
    }
    const shown = user.length > depth ? ['…', ...user.slice(-depth)] : user;
    return `${comm}: ${shown.length > 0 ? shown.join(' › ') : '(kernel)'}${reason ? ` → ${reason}` : ''}`;
}
/** Off-CPU stacks summed by their label (one frame per label, no `;`). */
function byOffCpuLabel(stacks) {
    const out = new Map();
    for (const [stack, ns] of stacks) {
        const label = offCpuLabel(stack).replace(/;/g, ':');
        out.set(label, (out.get(label) ?? 0) + ns);
    }
    return out;
}
/** The user-space part of off-CPU stacks (kernel frames dropped), to judge their unwinding. */
function userStacks(stacks) {
    const out = new Map();
    for (const [stack, ns] of stacks) {
        const key = stack
            .split(';')
            .filter((f) => !f.endsWith(KERNEL))
            .join(';');
        out.set(key, (out.get(key) ?? 0) + ns);
    }
    return out;
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
/**
 * Counts are doubles: above 2^53 - 1 a whole count or a sum rounds without a word (2^53 + 1
 * reads as 2^53), so such input is refused, naming the line, rather than drawn slightly wrong.
 */
function checkSafe(value, source, lineNo, what) {
    if (value > Number.MAX_SAFE_INTEGER) {
        throw new errors/* InputError */.dz(`${source}:${lineNo}: ${what} ${value} exceeds 2^53 - 1 (${Number.MAX_SAFE_INTEGER}), beyond which counts lose precision`);
    }
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
        checkSafe(last.value, source, lineNo, 'sample count');
        if (before !== undefined)
            checkSafe(before, source, lineNo, 'sample count');
        if (before !== undefined) {
            stacks2 ??= new Map();
            stacks.set(stack, (stacks.get(stack) ?? 0) + before);
            stacks2.set(stack, (stacks2.get(stack) ?? 0) + last.value);
            total += before;
            total2 += last.value;
            checkSafe(Math.max(total, total2), source, lineNo, 'total sample count');
        }
        else {
            singleColumnLines++;
            stacks.set(stack, (stacks.get(stack) ?? 0) + last.value);
            stacks2?.set(stack, stacks2.get(stack) ?? 0);
            total += last.value;
            checkSafe(total, source, lineNo, 'total sample count');
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
 * flame graph (head's shape), its negation (base's shape, so vanished paths show) and the
 * frames whose self time per measured run changed most (attribution.ts), for the report; the
 * same for off-CPU stacks when both sides recorded them.
 */










/**
 * Median ms per measured run of `metric`: task-clock (CPU time, what on-CPU samples divide), or
 * wall when perf did not count task-clock (or a harness's time per iteration). Null when it was
 * not measured.
 */
function msPerRun(r, metric) {
    const m = r.metrics[metric];
    if (!m || m.samples.length === 0)
        return null;
    const scale = m.unit === 'ns' ? 1e-6 : m.unit === 'us' ? 1e-3 : m.unit === 's' ? 1e3 : 1;
    return (0,simple_statistics/* median */.JZ)(m.samples) * scale;
}
/** A harness's time metrics, most like what on-CPU samples divide first. */
const HARNESS_TIME = ['cpu_time', 'time', 'score', 'real_time'];
const TIME_UNITS = new Set(['ns', 'us', 'ms', 's']);
/**
 * Both sides on task-clock when both counted it, else both on wall, else null. A harness
 * benchmark (profiled alone, its filter run for the harness's fixed time) is scaled to the
 * harness's own median time per iteration instead: a frame's share of the profile times that
 * is its time per iteration, which grows where the benchmark got slower.
 */
function timeBasis(b, h) {
    if (b.harness && h.harness) {
        for (const metric of HARNESS_TIME) {
            const [mb, mh] = [b.metrics[metric], h.metrics[metric]];
            if (!mb || !mh || mb.direction === 'higher' || mh.direction === 'higher')
                continue;
            if (!TIME_UNITS.has(mb.unit) || !TIME_UNITS.has(mh.unit))
                continue;
            const base = msPerRun(b, metric);
            const head = msPerRun(h, metric);
            if (base !== null && head !== null)
                return { metric, per: 'iteration', msPerRun: { base, head } };
        }
        return null;
    }
    for (const metric of ['task-clock', 'wall']) {
        const base = msPerRun(b, metric);
        const head = msPerRun(h, metric);
        if (base !== null && head !== null)
            return { metric, msPerRun: { base, head } };
    }
    return null;
}
/** One side's profile: its per-run stacks and their sum, else the summed file alone. */
async function loadFolded(dir, files, warn) {
    const read = async (rel) => parseFolded(await (0,promises_.readFile)(external_node_path_.join(dir, rel), 'utf8'), { source: rel }).stacks;
    // The summed file is what older documents have; with per-run files their sum is the same.
    try {
        const runs = await Promise.all((files.runs ?? []).map(read));
        if (runs.length > 0)
            return { stacks: sumStacks(runs), runs };
    }
    catch (err) {
        warn(`per-run profiles unreadable (${err instanceof Error ? err.message : String(err)}): the summed profile is used, without intervals`);
    }
    return { stacks: await read(files.folded), runs: [] };
}
function explain_total(stacks) {
    let t = 0;
    for (const v of stacks.values())
        t += v;
    return t;
}
async function explainKind(k) {
    const mode = k.modes.head ?? k.modes.base ?? 'fp';
    const judged = k.judged ?? ((m) => m);
    const unwind = summarizeUnwind(unwindQuality(judged(k.before.stacks), k.modes.base), unwindQuality(judged(k.after.stacks), k.modes.head), mode);
    // Broken stacks: the same leaf with and without an [unknown] parent; folding aligns the sides.
    const fold = unwind.foldedUnknown ? foldUnresolved : (m) => m;
    const before = { stacks: fold(k.before.stacks), runs: k.before.runs.map(fold) };
    const after = { stacks: fold(k.after.stacks), runs: k.after.runs.map(fold) };
    const stem = profileFileName(k.name).replace(/\.folded$/, '') + (k.kind === 'offcpu' ? '.offcpu' : '');
    const rel = (suffix) => external_node_path_.join('flamegraphs', `${stem}.${suffix}.svg`);
    await (0,promises_.mkdir)(external_node_path_.join(k.outDir, 'flamegraphs'), { recursive: true });
    const title = `${k.name}${k.kind === 'offcpu' ? ' off-CPU' : ''}: base → head`;
    // Coloured by the table's figures: ms per run, with intervals from the same profile runs.
    const time = {
        base: { runs: before.runs, msPerRun: k.basis.msPerRun.base },
        head: { runs: after.runs, msPerRun: k.basis.msPerRun.head },
        blocked: k.kind === 'offcpu',
    };
    await writeFileAtomic(external_node_path_.join(k.outDir, rel('diff')), renderDiff(before.stacks, after.stacks, { title, normalize: true, time }));
    await writeFileAtomic(external_node_path_.join(k.outDir, rel('negated')), renderDiff(before.stacks, after.stacks, { title: `${title} (base shape)`, normalize: true, negate: true, time }));
    const rows = k.rows ?? ((m) => m);
    const top = attributeFrames({ stacks: rows(before.stacks), runs: before.runs.map(rows), msPerRun: k.basis.msPerRun.base }, { stacks: rows(after.stacks), runs: after.runs.map(rows), msPerRun: k.basis.msPerRun.head }, { top: k.topN });
    return {
        diff: rel('diff'),
        negated: rel('negated'),
        top,
        profileRuns: { base: k.before.runs.length, head: k.after.runs.length },
        basis: k.basis,
        unwind,
    };
}
/**
 * Writes `flamegraphs/<name>.diff.svg` and `.negated.svg` (and `.offcpu.diff.svg`, ...) under
 * outDir for each benchmark with a profile on both sides; a profile that cannot be read becomes
 * a warning, never a failure. Unwind advice is said once per kind of problem, not per benchmark.
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
            const warn = (w) => void warnings.push(`${h.name}: ${w}`);
            const [before, after] = await Promise.all([
                loadFolded(base.dir, b.profile, warn),
                loadFolded(head.dir, h.profile, warn),
            ]);
            if (explain_total(before.stacks) === 0 || explain_total(after.stacks) === 0) {
                warnings.push(`${h.name}: a profile has no samples; no differential flame graph`);
                continue;
            }
            const basis = timeBasis(b, h);
            if (!basis) {
                warnings.push(`${h.name}: no ${h.harness ? 'time per iteration (cpu_time, time, ...)' : 'task-clock or wall samples'} on both sides to scale the profile to ms; no explanation`);
                continue;
            }
            const modes = {
                ...(b.profile.callGraph ? { base: b.profile.callGraph } : {}),
                ...(h.profile.callGraph ? { head: h.profile.callGraph } : {}),
            };
            const ex = await explainKind({
                name: h.name,
                kind: 'cpu',
                before,
                after,
                basis,
                modes,
                outDir,
                topN,
            });
            if (b.profile.offcpu && h.profile.offcpu) {
                const [ob, oh] = await Promise.all([
                    loadFolded(base.dir, b.profile.offcpu, warn),
                    loadFolded(head.dir, h.profile.offcpu, warn),
                ]);
                if (ob.runs.length === 0 || oh.runs.length === 0)
                    warn('off-CPU profiles without per-run files: blocked time per run unknown, no off-CPU explanation');
                else if (explain_total(ob.stacks) > 0 && explain_total(oh.stacks) > 0) {
                    // Off-CPU counts are ns blocked, so a frame's share times the blocked ms per run is
                    // its ms blocked per run. Rows are waiting places (offCpuLabel), not single frames:
                    // every off-CPU stack ends in the scheduler, so self time by frame says nothing.
                    const perRun = (s) => explain_total(s.stacks) / 1e6 / Math.max(1, s.runs.length);
                    const offBasis = { metric: 'off-cpu', msPerRun: { base: perRun(ob), head: perRun(oh) } };
                    const offModes = {
                        ...(b.profile.offcpu.callGraph ? { base: b.profile.offcpu.callGraph } : {}),
                        ...(h.profile.offcpu.callGraph ? { head: h.profile.offcpu.callGraph } : {}),
                    };
                    ex.offcpu = await explainKind({
                        name: h.name,
                        kind: 'offcpu',
                        before: ob,
                        after: oh,
                        basis: offBasis,
                        modes: offModes,
                        outDir,
                        topN,
                        rows: byOffCpuLabel,
                        judged: userStacks,
                    });
                }
            }
            explanations[h.name] = ex;
        }
        catch (err) {
            warnings.push(`${h.name}: no differential flame graph: ${err instanceof Error ? err.message : String(err)}`);
        }
    }
    warnings.push(...unwindWarnings(Object.entries(explanations).map(([name, ex]) => ({ name, unwind: ex.unwind }))));
    return { explanations, warnings };
}

;// CONCATENATED MODULE: ./build/engine/flamegraph-images.js
/**
 * Static differential flame graphs for the PR comment: the same stacks the explanation was
 * computed from (unresolved callers folded out when the explanation did so), rendered with
 * `static: true` so an `<img>` shows them: no script, no controls. Read back from the two
 * results.json files the comparison names, so any comparison with profiles can be pictured.
 */






/** Frames narrower than this are left out of the picture: invisible, and they bloat the file. */
const IMAGE_MIN_WIDTH_PX = 0.5;
const label = (s) => (s.git.sha ? s.git.sha.slice(0, 12) : (s.git.ref ?? '?'));
/**
 * One static SVG per changed benchmark that has an explanation (or per name in `only`).
 * A side whose results or profile cannot be read becomes a warning; nothing throws.
 */
async function renderDiffImages(doc, only) {
    const warnings = [];
    const images = [];
    const names = (only ?? explainedChanges(doc).map((g) => g.name)).filter((n) => hasFrames(doc.explanations?.[n]));
    if (names.length === 0)
        return { images, warnings };
    const sides = {};
    for (const s of ['base', 'head']) {
        const file = doc[s].results;
        if (!file) {
            warnings.push(`flame graph images: the comparison does not say where the ${s} results.json is`);
            return { images, warnings };
        }
        try {
            sides[s] = { doc: await readResults(file), dir: external_node_path_.dirname(file) };
        }
        catch (err) {
            warnings.push(`flame graph images: ${err.message}`);
            return { images, warnings };
        }
    }
    const { base, head } = sides;
    for (const name of names) {
        const found = doc.explanations?.[name];
        const ex = hasFrames(found) ? found : undefined;
        const b = base.doc.benchmarks.find((x) => x.name === name)?.profile;
        const h = head.doc.benchmarks.find((x) => x.name === name)?.profile;
        if (!b || !h) {
            warnings.push(`${name}: no profile on ${b ? 'head' : 'base'}; no flame graph image`);
            continue;
        }
        // Wall time changed but CPU time did not: the waiting explains it, so picture the off-CPU diff.
        const rows = doc.rows.filter((r) => r.benchmark === name && r.gated && (r.verdict === 'regression' || r.verdict === 'improvement'));
        const waits = ex?.offcpu !== undefined &&
            b.offcpu !== undefined &&
            h.offcpu !== undefined &&
            !rows.some((r) => r.metric === 'task-clock') &&
            rows.some((r) => r.metric === 'wall');
        const core = waits ? ex?.offcpu : ex;
        try {
            const fold = core?.unwind?.foldedUnknown ? foldUnresolved : (m) => m;
            const [bf, hf] = waits && b.offcpu && h.offcpu ? [b.offcpu, h.offcpu] : [b, h];
            // Unreadable per-run files were already reported when the explanation was made.
            const quiet = () => undefined;
            const [before, after] = await Promise.all([loadFolded(base.dir, bf, quiet), loadFolded(head.dir, hf, quiet)]);
            // The same figures as the table beside it: ms per run of the explanation's basis, with
            // intervals from the same profile runs.
            const time = core
                ? {
                    base: { runs: before.runs.map(fold), msPerRun: core.basis.msPerRun.base },
                    head: { runs: after.runs.map(fold), msPerRun: core.basis.msPerRun.head },
                    blocked: waits,
                }
                : undefined;
            const svg = renderDiff(fold(before.stacks), fold(after.stacks), {
                title: `${name}${waits ? ' off-CPU (time blocked)' : ''}: base → head`,
                normalize: true,
                ...(time ? { time } : {}),
                static: true,
                minWidth: IMAGE_MIN_WIDTH_PX,
                caption: `head ${label(doc.head)} vs base ${label(doc.base)}. Interactive graph: report artifact.`,
            });
            images.push({ benchmark: name, svg, kind: waits ? 'offcpu' : 'cpu' });
        }
        catch (err) {
            warnings.push(`${name}: no flame graph image: ${err.message}`);
        }
    }
    return { images, warnings };
}

;// CONCATENATED MODULE: ./build/store/data-ref.js
/**
 * Commits files to a data ref of a repository (the comment images' `refs/perfgate/images/…`)
 * with plain git, the way several CI jobs can share one ref: fetch the tip (depth 1, trees but no
 * file contents), build the new tree on top of it without a work tree (hash-object, a private
 * index, write-tree, commit-tree), push without force; when another job pushed first, fetch again
 * and re-apply the same files on the new tip (the token and the retries are git-remote.ts's).
 * Also lists and deletes such refs, which is how old images are let go (published-images.ts).
 *
 * Nothing is checked out and the caller's repository is not touched: all of it happens in a
 * scratch bare repository.
 */






class DataRefError extends Error {
}
/** A path that stays inside the tree: no empty, `.` or `..` segment, no leading slash. */
function checkDataPath(p) {
    const parts = p.split('/');
    if (p === '' || parts.some((s) => s === '' || s === '.' || s === '..' || s === '.git') || /[\0\n\r\\]/.test(p)) {
        throw new DataRefError(`data ref path ${JSON.stringify(p)}: expected a relative path without empty, '.', '..' or '.git' segments`);
    }
}
/** A scratch bare repository with `origin` = the target's remote, and a git runner for it. */
async function scratchRepo(target) {
    const scratch = await (0,promises_.mkdtemp)(external_node_path_.join(external_node_os_.tmpdir(), 'perfgate-data-'));
    const dir = external_node_path_.join(scratch, 'repo.git');
    const author = target.author ?? DATA_BRANCH_AUTHOR;
    const run = remoteGit(scratch, target.remote, target.token, {
        GIT_DIR: dir,
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
    });
    const must = async (args, what, extraEnv) => {
        const r = await run(args, extraEnv);
        if (!r.ok)
            throw new DataRefError(`${what}: ${gitErrorSummary(r.err)}`);
        return r.out;
    };
    const done = () => (0,promises_.rm)(scratch, { recursive: true, force: true });
    try {
        await (0,promises_.mkdir)(dir);
        await must(['init', '--bare', '-q', dir], 'git init');
        // A named remote: a blob-less fetch needs one to mark as the promisor of what it left out.
        await must(['remote', 'add', 'origin', target.remote], 'git remote add');
    }
    catch (err) {
        await done();
        throw err;
    }
    return { scratch, run, must, done };
}
/**
 * Writes `files` to `target.ref` in one commit on top of whatever the ref holds (creating it,
 * without parents, when it does not exist), retrying lost races. Throws DataRefError when the
 * remote cannot be reached or refuses for another reason, with git's own words.
 */
async function commitToDataRef(target, files, message, opts = {}) {
    checkDataRef(target.ref, 'data ref');
    for (const f of files)
        checkDataPath(f.path);
    if (files.length === 0)
        throw new DataRefError('commitToDataRef: no files');
    const { scratch, run, must, done } = await scratchRepo(target);
    const name = shortRef(target.ref);
    try {
        // Blobs once: retries only rebuild the tree on the new tip. One git per 50 files (its
        // output is read back whole only up to 4 KiB: 50 ids and newlines fit).
        const blobs = [];
        for (let from = 0; from < files.length; from += 50) {
            const chunk = files.slice(from, from + 50);
            const tmps = await Promise.all(chunk.map(async (f, i) => {
                const tmp = external_node_path_.join(scratch, `blob-${from + i}`);
                await (0,promises_.writeFile)(tmp, typeof f.content === 'string' ? (0,secrets/* scrub */._I)(f.content) : f.content);
                return tmp;
            }));
            const shas = (await must(['hash-object', '-w', '--no-filters', '--', ...tmps], 'storing the files')).split('\n');
            chunk.forEach((f, i) => blobs.push({ path: f.path, sha: shas[i] }));
        }
        const tracking = 'refs/remotes/origin/data';
        const r = await retryLostPushes(async (attempt) => {
            // Without file contents: the tip's trees are all a new commit on top needs, and the
            // images already there can be many (a server that cannot filter sends them anyway).
            const fetched = await run([
                'fetch',
                '-q',
                '--depth=1',
                '--no-tags',
                '--filter=blob:none',
                'origin',
                `+${target.ref}:${tracking}`,
            ]);
            let parent = null;
            let parentTree = null;
            if (fetched.ok)
                [parent = null, parentTree = null] = (await must(['rev-parse', `${tracking}^{commit}`, `${tracking}^{tree}`], 'reading the fetched tip')).split('\n');
            else if (!/couldn't find remote ref|no such ref|not our ref/i.test(fetched.err))
                throw new DataRefError(`cannot fetch ${name} from ${target.remote}: ${gitErrorSummary(fetched.err)}`);
            await opts.afterFetch?.(attempt);
            const index = { GIT_INDEX_FILE: external_node_path_.join(scratch, `index-${attempt}`) };
            await must(parent ? ['read-tree', parent] : ['read-tree', '--empty'], 'reading the tip tree', index);
            await must(['update-index', '--add', ...blobs.flatMap((b) => ['--cacheinfo', `100644,${b.sha},${b.path}`])], 'staging files', index);
            const tree = await must(['write-tree', '--missing-ok'], 'writing the tree', index);
            if (parent && parentTree === tree)
                return { landed: { commit: parent, changed: false, created: false } };
            const commit = await must(['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', (0,secrets/* scrub */._I)(message)], 'committing');
            const pushed = await run(['push', '-q', '--porcelain', 'origin', `${commit}:${target.ref}`]);
            if (pushed.ok)
                return { landed: { commit, changed: true, created: parent === null } };
            const why = `${pushed.err}\n${pushed.out}`;
            if (!isLostRace(why))
                throw new DataRefError(`cannot push to ${name} of ${target.remote}: ${gitErrorSummary(why)}`);
            return { lost: why };
        }, opts);
        if ('lost' in r)
            throw new DataRefError(`cannot push to ${name} of ${target.remote} after ${r.attempts} attempts (other jobs kept moving it): ${gitErrorSummary(r.lost)}`);
        return { ...r.landed, attempts: r.attempts };
    }
    finally {
        await done();
    }
}
/** The remote's refs under `prefix` (`refs/perfgate/images/`), by name, with their commits. */
async function listDataRefs(target, prefix) {
    const { run, done } = await scratchRepo(target);
    try {
        const r = await run(['ls-remote', '--refs', 'origin', `${prefix}*`]);
        if (!r.ok)
            throw new DataRefError(`cannot list ${prefix}* on ${target.remote}: ${gitErrorSummary(r.err)}`);
        const out = new Map();
        for (const line of r.out.split('\n')) {
            const [sha, ref] = line.split('\t');
            if (sha && ref?.startsWith(prefix))
                out.set(ref, sha);
        }
        return out;
    }
    finally {
        await done();
    }
}
/**
 * Deletes `refs` on the remote, each only if it still points where it did when listed (another
 * job may have moved it since: that one is left alone). `kept`: the refs not deleted (moved, or
 * deleted by another job meanwhile: git's lease cannot tell the two apart).
 */
async function deleteDataRefs(target, refs) {
    for (const ref of refs.keys())
        checkDataRef(ref, 'data ref');
    if (refs.size === 0)
        return { deleted: [], kept: [] };
    const { run, done } = await scratchRepo(target);
    try {
        const leases = [...refs].map(([ref, sha]) => `--force-with-lease=${ref}:${sha}`);
        const r = await run(['push', '--porcelain', ...leases, 'origin', ...[...refs.keys()].map((ref) => `:${ref}`)]);
        // Porcelain lines: `-\t:<ref>\t[deleted]`, or `!\t(delete):<ref>\t[rejected] (stale info)`.
        const deleted = [];
        const kept = [];
        for (const ref of refs.keys()) {
            const line = r.out.split('\n').find((l) => l.split('\t')[1] === `:${ref}`);
            if (line?.startsWith('-'))
                deleted.push(ref);
            else
                kept.push(ref);
        }
        if (!r.ok && deleted.length === 0 && !/\[rejected\]|stale info/.test(`${r.out}\n${r.err}`))
            throw new DataRefError(`cannot delete ${[...refs.keys()].join(', ')} on ${target.remote}: ${gitErrorSummary(`${r.err}\n${r.out}`)}`);
        return { deleted, kept };
    }
    finally {
        await done();
    }
}

;// CONCATENATED MODULE: ./build/store/published-images.js



/** `refs/perfgate/images/2026-12` for a date in December 2026 (UTC). */
function imagesRef(now) {
    return `${IMAGES_REF_PREFIX}${now.toISOString().slice(0, 7)}`;
}
/**
 * The month refs among `refs` whose month ended more than `keepDays` before `now`; refs under
 * the prefix that do not name a month (someone else's) are never picked.
 */
function expiredImageRefs(refs, now, keepDays) {
    const out = [];
    for (const ref of refs) {
        const m = /^(\d{4})-(\d{2})$/.exec(ref.slice(IMAGES_REF_PREFIX.length));
        if (!ref.startsWith(IMAGES_REF_PREFIX) || !m)
            continue;
        const monthEnd = Date.UTC(Number(m[1]), Number(m[2]), 1); // the first instant of the next month
        if (now.getTime() - monthEnd > keepDays * 86_400_000)
            out.push(ref);
    }
    return out.sort();
}
/** A benchmark name as folders when every segment is safe, else one encoded file name. */
function benchPath(name) {
    const ok = name.split('/').every((s) => /^[A-Za-z0-9._-]+$/.test(s) && s !== '.' && s !== '..' && s !== '.git');
    return ok ? name : encodeURIComponent(name).replace(/%/g, '_');
}
function segment(s) {
    const t = s
        .replace(/[^A-Za-z0-9._/-]+/g, '-')
        .replace(/\/+/g, '/')
        .replace(/^\/|\/$/g, '');
    return (t
        .split('/')
        .filter((x) => x !== '' && x !== '.' && x !== '..')
        .join('/') || 'default');
}
/** `{server}/{owner}/{repo}/raw/{commit}/{path}`, each path segment percent-encoded. */
function rawUrl(serverUrl, repository, commit, file) {
    const enc = (p) => p.split('/').map(encodeURIComponent).join('/');
    return `${serverUrl.replace(/\/+$/, '')}/${enc(repository)}/raw/${enc(commit)}/${enc(file)}`;
}
/** Deletes the expired month refs; a failure is a warning (the images only stay longer). */
async function pruneImages(target, now, keepDays, out) {
    try {
        const refs = await listDataRefs(target, IMAGES_REF_PREFIX);
        const expired = new Map(expiredImageRefs(refs.keys(), now, keepDays).map((r) => [r, refs.get(r)]));
        out.pruned = (await deleteDataRefs(target, expired)).deleted;
    }
    catch (err) {
        out.warnings.push(`old flame graph images not pruned (they stay until a later run prunes them): ${err.message}`);
    }
}
async function publishFlameGraphImages(opts) {
    const out = { urls: {}, paths: {}, ref: null, commit: null, pruned: [], warnings: [] };
    if (opts.enabled === false)
        return out;
    const c = opts.comparison;
    const { images, warnings } = await renderDiffImages(c);
    out.warnings.push(...warnings);
    if (images.length === 0)
        return out;
    const head = (c.head.git.sha ?? 'unknown').slice(0, 12);
    const folder = `images/${segment(opts.suiteId)}/${segment(opts.key)}/${segment(head)}`;
    const files = images.map((i) => ({
        path: `${folder}/${benchPath(i.benchmark)}${i.kind === 'offcpu' ? '.offcpu' : ''}.diff.svg`,
        content: i.svg,
    }));
    const now = opts.now ?? new Date();
    const ref = imagesRef(now);
    let landed;
    try {
        landed = await commitToDataRef({ ...opts.target, ref }, files, `perfgate: flame graphs of ${opts.suiteId} for ${opts.key} at ${head}`, opts.commitOptions);
    }
    catch (err) {
        out.warnings.push(`flame graph images not published (the comment keeps the frames table): ${err.message}`);
        return out;
    }
    const { commit, created } = landed;
    out.ref = ref;
    out.commit = commit;
    images.forEach((img, k) => {
        const p = files[k].path;
        out.paths[img.benchmark] = p;
        out.urls[img.benchmark] = rawUrl(opts.serverUrl, opts.repository, commit, p);
    });
    // Once a month, by the job that starts the month's ref: the older months only age by months.
    if (created)
        await pruneImages(opts.target, now, opts.keepDays ?? DEFAULT_IMAGE_KEEP_DAYS, out);
    return out;
}

;// CONCATENATED MODULE: ./build/store/history-dir.js
/**
 * The directory history store: `<root>/<suite>/<YYYY-MM>.jsonl`, the format of
 * results/history-record.ts. For the CLI and persistent self-hosted runners; the git ref store
 * (history-git.ts) uses it on its checkout, so both read and write the same layout.
 *
 * Reading never throws over content: a corrupt line, a foreign file or an unreadable file is a
 * `{path, line, message}` problem (line 0 = the whole file) and the rest is still read.
 */







const MONTH_FILE = /^\d{4}-(0[1-9]|1[0-2])\.jsonl$/;
/** A suite's confirmations live beside its month files (results/confirmation-record.ts). */
const CONFIRMATIONS_FILE = external_node_path_.basename(confirmationsFilePath('x'));
/** Files the store may hold besides the history (a README on the history ref, git's own files). */
function ignored(name) {
    return name.startsWith('.') || /^(README|LICENSE)(\.\w+)?$/i.test(name) || OWN_IMAGE.test(name);
}
/**
 * perfgate's own files that share a data branch with the records: comment images (the legacy
 * `perfgate-data` branch's top-level `images/`, pictures beside the month files) and a
 * published dashboard (`index.html`; `.nojekyll` is a dotfile). Skipped without a word; anything else that is
 * not a month file is still named as a problem.
 */
const OWN_IMAGE = /\.(svg|png)$/i;
const OWN_TOP = new Set(['images', 'index.html']);
/** Does the file end in a newline (or is it empty / missing)? A cut-short write does not. */
async function endsWithNewline(file) {
    let handle;
    try {
        handle = await (0,promises_.open)(file, 'r');
    }
    catch {
        return true;
    }
    try {
        const { size } = await handle.stat();
        if (size === 0)
            return true;
        const buf = Buffer.alloc(1);
        await handle.read(buf, 0, 1, size - 1);
        return buf[0] === 0x0a;
    }
    finally {
        await handle.close();
    }
}
/**
 * Appends records to their month files, one write per file (O_APPEND: concurrent appenders on
 * one machine do not interleave within a write), whole or not at all (tools/atomic.ts: a write
 * that fails part way, a full disk, is cut back off). A run's records share one date, so that is
 * one append per run. A file whose last line was cut short gets a newline first, so the new
 * records do not glue onto the broken line and vanish with it. A failure names the file and
 * which files, if any, already got their records.
 */
async function appendHistory(root, records) {
    for (const r of records) {
        const problem = history_record_suiteIdProblem(r.suite);
        if (problem)
            throw new TypeError(problem);
    }
    const byFile = groupBy(records, (r) => historyFilePath(r.suite, r.date));
    const done = [];
    for (const [rel, recs] of byFile) {
        const file = external_node_path_.join(root, rel);
        try {
            await makeDirs(external_node_path_.dirname(file));
        }
        catch (err) {
            throw new WriteError(`cannot create ${external_node_path_.dirname(file)} for ${recs.length} history records: ${err.code ?? String(err)}${keptNote(root, done)}`, file, err.code ?? 'EIO');
        }
        const lead = (await endsWithNewline(file)) ? '' : '\n';
        try {
            await appendWhole(file, lead + serializeHistory(recs), `${recs.length} history records`);
        }
        catch (err) {
            if (err instanceof WriteError)
                throw new WriteError(`${err.message}${keptNote(root, done)}`, err.path, err.code);
            throw err;
        }
        done.push(rel);
    }
    return { files: [...byFile.keys()].sort(), records: records.length };
}
/** What an append that failed part way kept: the files before it got their records. */
function keptNote(root, done) {
    return done.length === 0
        ? ''
        : `; ${done.map((rel) => external_node_path_.join(root, rel)).join(', ')} already got ${done.length === 1 ? 'its' : 'their'} records`;
}
/**
 * Every record under root (or only `suiteId`'s), files in name order (months in time order),
 * lines in file order, with every problem found on the way. A missing root is an empty store.
 */
async function readHistory(root, suiteId) {
    const records = [];
    const problems = [];
    const whole = (rel, message) => {
        problems.push({ path: external_node_path_.join(root, rel), line: 0, message });
    };
    let top;
    try {
        top = await (0,promises_.readdir)(root, { withFileTypes: true });
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return { records, problems };
        whole('', `cannot read the history directory: ${err.code ?? String(err)}`);
        return { records, problems };
    }
    for (const entry of top.sort((a, b) => a.name.localeCompare(b.name))) {
        if (ignored(entry.name) || OWN_TOP.has(entry.name))
            continue;
        if (!entry.isDirectory()) {
            whole(entry.name, 'not a history file: the store holds <suite>/<YYYY-MM>.jsonl');
            continue;
        }
        if (suiteId !== undefined && entry.name !== suiteId)
            continue;
        const idProblem = history_record_suiteIdProblem(entry.name);
        if (idProblem) {
            whole(entry.name, `not a suite directory: ${idProblem}`);
            continue;
        }
        const files = (await (0,promises_.readdir)(external_node_path_.join(root, entry.name), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
        for (const f of files) {
            if (ignored(f.name) || f.name === CONFIRMATIONS_FILE)
                continue;
            const rel = external_node_path_.join(entry.name, f.name);
            if (!f.isFile() || !MONTH_FILE.test(f.name)) {
                whole(rel, 'not a history file: expected <YYYY-MM>.jsonl');
                continue;
            }
            const file = external_node_path_.join(root, rel);
            let text;
            try {
                text = await (0,promises_.readFile)(file, 'utf8');
            }
            catch (err) {
                whole(rel, `cannot read: ${err.code ?? String(err)}`);
                continue;
            }
            const parsed = parseHistory(text, file, { suite: entry.name, month: f.name.slice(0, 7) });
            // One by one: a spread of a big month file's records is as many call arguments.
            for (const r of parsed.records)
                records.push(r);
            for (const p of parsed.problems)
                problems.push(p);
        }
    }
    return { records, problems };
}
/** A suite's confirmations under root; a missing file is none. */
async function readConfirmations(root, suiteId) {
    const file = external_node_path_.join(root, confirmationsFilePath(suiteId));
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return { records: [], problems: [] };
        return {
            records: [],
            problems: [
                { path: file, line: 0, message: `cannot read: ${err.code ?? String(err)}` },
            ],
        };
    }
    return parseConfirmations(text, file);
}
/** Appends confirmations to their suites' files, whole or not at all; returns the store-relative files. */
async function appendConfirmations(root, records) {
    const byFile = groupBy(records, (r) => confirmationsFilePath(r.suite));
    for (const [rel, recs] of byFile) {
        const problem = history_record_suiteIdProblem(recs[0].suite);
        if (problem)
            throw new TypeError(problem);
        const file = external_node_path_.join(root, rel);
        await makeDirs(external_node_path_.dirname(file));
        const lead = (await endsWithNewline(file)) ? '' : '\n';
        await appendWhole(file, lead + serializeConfirmations(recs), `${recs.length} confirmation records`);
    }
    return [...byFile.keys()].sort();
}
/** The directory store behind the engine's HistoryStore interface. */
function directoryHistoryStore(root) {
    return {
        where: root,
        append: (records) => appendHistory(root, records),
        read: (suiteId) => readHistory(root, suiteId),
        readConfirmations: (suiteId) => readConfirmations(root, suiteId),
        appendConfirmations: async (records) => {
            if (records.length > 0)
                await appendConfirmations(root, records);
        },
    };
}

;// CONCATENATED MODULE: ./build/store/history-git.js
/**
 * The git history store (default ref `refs/perfgate/history`): the directory layout of
 * history-dir.ts committed on a ref of its own in the project's repository, so the history
 * outlives artifacts, and outside refs/heads, so no clone fetches it (git-remote.ts).
 *
 * Appending: a scratch clone of just that ref's tip (depth 1, and without file contents but
 * those of the month files appended to: neither the ref's history nor other months are
 * needed), the records appended to their month files, one commit, a push. When the push is
 * rejected because another job pushed first, the ref is fetched again and the append is
 * replayed on the new tip: appending lines is the whole change, so replaying it from the records
 * is a rebase that cannot conflict. The token and the retries are git-remote.ts's. A ref that
 * does not exist yet is created without parents, so it shares nothing with the code branches.
 *
 * Moving from the old `perfgate-data` branch (`legacy`): while the ref does not exist, reading
 * reads the branch, and the first append starts the ref from the branch's tip tree without its
 * `images/` folder (the records as they were, same blobs; the images stay behind with the
 * branch), so deleting the branch afterwards loses no record.
 */









/** The scratch clone's branch (what its HEAD names) and where the remote's tip is fetched to. */
const LOCAL = 'refs/heads/data';
const TRACKING = 'refs/remotes/origin/data';
class Scratch {
    dir;
    git;
    constructor(dir, opts) {
        this.dir = dir;
        this.git = remoteGit(dir, opts.remote, opts.token);
    }
    async must(args, what) {
        const r = await this.git(args);
        if (!r.ok)
            throw new errors/* EnvironmentError */.eG(`history ref: ${what} failed: ${gitErrorSummary(r.err)}`);
        return r.out;
    }
}
async function openScratch(opts) {
    const s = new Scratch(await (0,promises_.mkdtemp)(external_node_path_.join(external_node_os_.tmpdir(), 'perfgate-history-')), opts);
    await s.must(['init', '-q'], 'git init');
    await s.must(['remote', 'add', 'origin', opts.remote], 'git remote add');
    await s.must(['symbolic-ref', 'HEAD', LOCAL], 'git symbolic-ref');
    return s;
}
/** Where the records are: the ref, or while it does not exist the legacy branch; null: neither. */
async function locate(s, ref, legacy) {
    const wanted = legacy && legacy !== ref ? [ref, legacy] : [ref];
    const ls = await s.git(['ls-remote', '--refs', 'origin', ...wanted]);
    if (!ls.ok)
        throw new errors/* EnvironmentError */.eG(`history ref: cannot reach the remote: ${gitErrorSummary(ls.err)}`);
    const tips = new Map(ls.out.split('\n').map((l) => l.split('\t').reverse()));
    for (const name of wanted) {
        const sha = tips.get(name);
        if (sha)
            return { ref: name, sha };
    }
    return null;
}
/** Fetches `ref`'s tip (depth 1, `filter` as given) to TRACKING. */
async function fetchTip(s, ref, filter) {
    await s.must([
        'fetch',
        '-q',
        '--depth=1',
        '--no-tags',
        ...(filter ? ['--filter=blob:none'] : []),
        'origin',
        `+${ref}:${TRACKING}`,
    ], `git fetch ${shortRef(ref)}`);
}
/**
 * The index = TRACKING's tree without its top-level `images/` (the legacy branch's comment
 * images): trees only, so the filtered fetch suffices and the records' blobs are reused as they are.
 */
async function readTreeWithoutImages(s) {
    await s.must(['read-tree', '--empty'], 'git read-tree');
    for (const entry of (await s.must(['ls-tree', '-z', TRACKING], 'git ls-tree')).split('\0')) {
        const [meta, name] = entry.split('\t');
        const [mode, type, sha] = (meta ?? '').split(' ');
        if (!name || !mode || !sha || name === 'images')
            continue;
        if (type === 'tree')
            await s.must(['read-tree', `--prefix=${name}/`, sha], 'git read-tree --prefix');
        else
            await s.must(['update-index', '--add', '--cacheinfo', `${mode},${sha},${name}`], 'git update-index');
    }
}
/** Removes everything in the scratch work tree but .git (a previous attempt's files). */
async function clearWorkTree(dir) {
    for (const name of await (0,promises_.readdir)(dir))
        if (name !== '.git')
            await (0,promises_.rm)(external_node_path_.join(dir, name), { recursive: true, force: true });
}
/**
 * Prepares the scratch clone to append to `files`: the tip fetched without file contents
 * (`--filter=blob:none`; a server that cannot filter sends them, which only costs time), its tree
 * as the index, and only `files` checked out (their blobs are fetched on demand). Appending to
 * this month's file then costs this month's file, not the whole history. Returns the parent of
 * the new commit (null: a new root) and the legacy commit carried over, if any: the legacy
 * branch's tree without `images/` becomes the index, with no parent.
 */
async function prepareAppend(s, ref, legacy, files) {
    const found = await locate(s, ref, legacy);
    await clearWorkTree(s.dir);
    if (!found) {
        await s.must(['read-tree', '--empty'], 'git read-tree');
        return { parent: null, migratedFrom: null };
    }
    await fetchTip(s, found.ref, true);
    // The id ls-remote saw; a push since then makes ours lose the race and replay, as it should.
    const tip = await s.must(['rev-parse', '--verify', `${TRACKING}^{commit}`], 'git rev-parse');
    if (found.ref === ref)
        await s.must(['read-tree', TRACKING], 'git read-tree');
    else
        await readTreeWithoutImages(s);
    const present = new Set((await s.must(['ls-files', '--', ...files], 'git ls-files')).split('\n').filter((l) => l !== ''));
    const wanted = files.filter((f) => present.has(f));
    if (wanted.length > 0)
        await s.must(['checkout-index', '-f', '--', ...wanted], 'git checkout-index');
    return found.ref === ref ? { parent: tip, migratedFrom: null } : { parent: null, migratedFrom: tip };
}
/** The ref and legacy branch the options name, checked. */
function refsOf(opts) {
    const ref = opts.ref ?? DEFAULT_HISTORY_REF;
    checkDataRef(ref, 'history ref');
    const legacy = opts.legacy ?? null;
    if (legacy !== null)
        checkDataRef(legacy, 'legacy history branch');
    return { ref, legacy };
}
/** Appends records to the history ref, retrying on collisions until they land. */
async function appendToGitHistory(records, opts) {
    const { ref } = refsOf(opts);
    if (records.length === 0)
        throw new errors/* InputError */.dz('no history records to append (no benchmark measured anything)');
    const suites = [...new Set(records.map((r) => r.suite))].join(', ');
    const commits = [...new Set(records.map((r) => r.commit.slice(0, 12)))].join(', ');
    const r = await appendOnRef(opts, {
        files: [...new Set(records.map((r) => historyFilePath(r.suite, r.date)))].sort(),
        message: `history: ${suites} at ${commits} (${records.length} records)`,
        write: async (dir) => (await appendHistory(dir, records)).files,
    });
    opts.log?.(`history: ${records.length} records pushed to ${shortRef(ref)} (${r.files.join(', ')})${r.attempts > 1 ? ` after ${r.attempts} attempts` : ''}`);
    return { ...r, records: records.length };
}
/** Appends confirmation records (results/confirmation-record.ts) to the history ref, as history records are. */
async function appendConfirmationsToGit(records, opts) {
    if (records.length === 0)
        return null;
    const suites = [...new Set(records.map((r) => r.suite))].join(', ');
    const r = await appendOnRef(opts, {
        files: [...new Set(records.map((r) => confirmationsFilePath(r.suite)))].sort(),
        message: `history: ${records.length} step confirmation(s) of ${suites}`,
        write: (dir) => appendConfirmations(dir, records),
    });
    return { ...r, records: records.length };
}
/**
 * One append of lines to files of the history ref, retried on collisions until it lands: `write`
 * appends to `files` in the scratch work tree (replayed on the new tip after a lost race:
 * appending lines cannot conflict) and returns the files it wrote.
 */
async function appendOnRef(opts, change) {
    const { ref, legacy } = refsOf(opts);
    const name = shortRef(ref);
    const author = opts.author ?? DATA_BRANCH_AUTHOR;
    const log = opts.log ?? (() => undefined);
    const { files, message } = change;
    const s = await openScratch(opts);
    try {
        const r = await retryLostPushes(async (attempt) => {
            const { parent, migratedFrom } = await prepareAppend(s, ref, legacy, files);
            const appended = await change.write(s.dir);
            await s.must(['add', '--', ...appended], 'git add');
            // Plumbing, not `git commit`: porcelain fetches every blob it has not got (to compare
            // the work tree), which would download the whole history the filter just avoided.
            const tree = await s.must(['write-tree', '--missing-ok'], 'git write-tree');
            const carried = migratedFrom
                ? `\n\nThe records before these were carried over from ${shortRef(legacy ?? '')} at ${migratedFrom} (its images were not).`
                : '';
            const commit = await s.must([
                '-c',
                `user.name=${author.name}`,
                '-c',
                `user.email=${author.email}`,
                'commit-tree',
                tree,
                ...(parent ? ['-p', parent] : []),
                '-m',
                message + carried,
            ], 'git commit-tree');
            await s.must(['update-ref', LOCAL, commit], 'git update-ref');
            await opts.beforePush?.(attempt, s.dir);
            const push = await s.git(['push', '-q', '--porcelain', 'origin', `${commit}:${ref}`]);
            if (push.ok)
                return { landed: { commit, files: appended, created: parent === null, migratedFrom } };
            const why = `${push.err}\n${push.out}`;
            if (!isLostRace(why))
                throw new errors/* EnvironmentError */.eG(`history ref: git push to ${name} failed: ${gitErrorSummary(why)}`);
            return { lost: why };
        }, {
            ...opts,
            onLost: (attempt, attempts) => log(`history: ${name} moved while pushing (attempt ${attempt}/${attempts}); fetching and replaying the append`),
        });
        if ('lost' in r)
            throw new errors/* EnvironmentError */.eG(`history ref: ${name} moved under every one of ${r.attempts} pushes (other jobs pushing); the records were not stored`);
        const { commit, files: written, created, migratedFrom } = r.landed;
        if (migratedFrom && legacy)
            log(`history: started ${name} from the records on ${shortRef(legacy)} (${migratedFrom.slice(0, 12)}), without its images; ` +
                `once no job of an older perfgate writes there, delete the branch (git push origin --delete ${shortRef(legacy)}) so clones stop fetching it`);
        return { commit, attempts: r.attempts, files: written, created, migratedFrom };
    }
    finally {
        await (0,promises_.rm)(s.dir, { recursive: true, force: true });
    }
}
/**
 * Every record on the history ref (or only `suiteId`'s), with problems; while the ref does not
 * exist, the legacy branch's (without its images); neither: empty.
 */
async function readGitHistory(opts, suiteId) {
    const s = await openScratch(opts);
    try {
        const found = await checkoutHistory(s, opts);
        if (!found)
            return { records: [], problems: [], commit: null };
        const parsed = await readHistory(s.dir, suiteId);
        // Name problems by their path on the ref, not in the scratch directory that is gone.
        const problems = parsed.problems.map((p) => ({
            ...p,
            path: `${shortRef(found.ref)}:${external_node_path_.relative(s.dir, p.path) || '.'}`,
        }));
        return { records: parsed.records, problems, commit: found.sha };
    }
    finally {
        await (0,promises_.rm)(s.dir, { recursive: true, force: true });
    }
}
/** The history ref's files (or, before it exists, the legacy branch's) checked out in the scratch clone; null: neither exists. */
async function checkoutHistory(s, opts) {
    const { ref, legacy } = refsOf(opts);
    const found = await locate(s, ref, legacy);
    if (!found)
        return null;
    if (found.ref === ref) {
        await fetchTip(s, ref, false);
        await s.must(['checkout', '-q', '-f', '-B', 'data', TRACKING], `git checkout ${shortRef(ref)}`);
    }
    else {
        opts.log?.(`history: ${shortRef(ref)} does not exist yet; reading the records on ${shortRef(found.ref)} (the next append moves them)`);
        await fetchTip(s, found.ref, true);
        await readTreeWithoutImages(s);
        await s.must(['checkout-index', '-a', '-f'], 'git checkout-index');
    }
    return found;
}
/** A suite's confirmations on the history ref; no ref or no file: none. */
async function readGitConfirmations(opts, suiteId) {
    const s = await openScratch(opts);
    try {
        const found = await checkoutHistory(s, opts);
        if (!found)
            return { records: [], problems: [] };
        const parsed = await readConfirmations(s.dir, suiteId);
        return {
            records: parsed.records,
            problems: parsed.problems.map((p) => ({
                ...p,
                path: `${shortRef(found.ref)}:${external_node_path_.relative(s.dir, p.path) || '.'}`,
            })),
        };
    }
    finally {
        await (0,promises_.rm)(s.dir, { recursive: true, force: true });
    }
}
/** The git store behind the engine's HistoryStore interface. */
function gitHistoryStore(opts) {
    return {
        where: `${shortRef(opts.ref ?? DEFAULT_HISTORY_REF)} on ${opts.remote}`,
        append: (records) => appendToGitHistory(records, opts),
        read: (suiteId) => readGitHistory(opts, suiteId),
        readConfirmations: (suiteId) => readGitConfirmations(opts, suiteId),
        appendConfirmations: async (records) => {
            await appendConfirmationsToGit(records, opts);
        },
    };
}

;// CONCATENATED MODULE: ./build/compare/read-comparison.js
/**
 * Reading comparison.json back: the merge of paired shards and the fork-PR companion job read
 * documents another job wrote (for a fork, code nobody reviewed wrote). Only a document of the
 * shape this perfgate writes is accepted; the renderer escapes every string it shows.
 */





const read_comparison_num = { type: ['number', 'null'] };
const read_comparison_str = { type: 'string' };
const strings = { type: 'array', items: read_comparison_str };
const pair = { type: 'array', items: read_comparison_num, minItems: 2, maxItems: 2 };
const read_comparison_side = {
    type: 'object',
    required: ['git', 'fingerprint', 'backend', 'startedAt'],
    properties: {
        git: gitSchema,
        fingerprint: fingerprintSchema,
        backend: { enum: [...BACKEND_NAMES] },
        startedAt: read_comparison_str,
    },
};
const comparisonSchema = {
    type: 'object',
    required: [
        'schemaVersion',
        'design',
        'baseline',
        'fdr',
        'sequential',
        'base',
        'head',
        'gate',
        'rows',
        'added',
        'removed',
        'problems',
        'summary',
        'warnings',
    ],
    properties: {
        schemaVersion: { const: 1 },
        design: { enum: ['paired', 'unpaired'] },
        baseline: {
            type: 'object',
            required: ['source', 'sessions', 'reason'],
            properties: {
                source: { enum: ['same-job', 'history', 'artifact', 'local-file', 'files'] },
                sessions: { type: 'integer', minimum: 1 },
                reason: read_comparison_str,
            },
        },
        seed: read_comparison_num,
        fdr: { type: 'number' },
        sequential: {
            type: 'object',
            required: ['looks', 'nominalAlpha'],
            properties: {
                looks: { type: 'integer' },
                nominalAlpha: { type: 'number' },
                design: { enum: ['pocock', 'tost-pocock', 'tost-obf'] },
                levels: { type: 'array', items: { type: 'number' } },
            },
        },
        base: read_comparison_side,
        head: read_comparison_side,
        gate: {
            type: 'object',
            required: ['comparable', 'reasons'],
            properties: { comparable: { type: 'boolean' }, reasons: strings },
        },
        rows: {
            type: 'array',
            items: {
                type: 'object',
                required: [
                    'benchmark',
                    'metric',
                    'unit',
                    'gated',
                    'verdict',
                    'change',
                    'ci',
                    'confLevel',
                    'p',
                    'pAdjusted',
                    'threshold',
                    'n',
                    'median',
                    'outliers',
                ],
                properties: {
                    benchmark: read_comparison_str,
                    metric: read_comparison_str,
                    unit: read_comparison_str,
                    gated: { type: 'boolean' },
                    verdict: { enum: ['regression', 'improvement', 'unchanged', 'inconclusive'] },
                    change: read_comparison_num,
                    ci: pair,
                    confLevel: { type: 'number' },
                    // Optional: comparisons written before it existed have none.
                    mde: { type: 'number', minimum: 0 },
                    p: read_comparison_num,
                    pAdjusted: read_comparison_num,
                    threshold: read_comparison_num,
                    n: {
                        type: 'object',
                        required: ['base', 'head'],
                        properties: { base: { type: 'integer' }, head: { type: 'integer' } },
                    },
                    median: { type: 'object', required: ['base', 'head'], properties: { base: read_comparison_num, head: read_comparison_num } },
                    outliers: { type: 'integer' },
                    note: read_comparison_str,
                    // Rendered into comments: numbers and fixed words only.
                    sampling: {
                        type: 'object',
                        required: ['pairs', 'looks', 'stop'],
                        properties: {
                            pairs: { type: 'integer', minimum: 0 },
                            looks: { type: 'integer', minimum: 0 },
                            stop: { enum: ['fixed', 'decided', 'futile', 'max-iterations', 'time-budget', 'interrupted'] },
                            max: { type: 'integer', minimum: 1 },
                            maxFrom: { enum: ['suite', 'run', 'default'] },
                            pairing: { enum: ['sequential', 'duet'] },
                            // Free text (escaped where rendered), capped like the other texts a report shows.
                            pairingWhy: { type: 'string', maxLength: 2000 },
                            design: { enum: ['pocock', 'tost-pocock', 'tost-obf'] },
                            futile: { type: 'boolean' },
                        },
                    },
                    confirmation: {
                        type: 'object',
                        required: ['status'],
                        properties: {
                            status: { enum: ['confirmed', 'not-confirmed', 'unconfirmed'] },
                            paired: {
                                type: 'object',
                                required: ['verdict', 'change', 'ci', 'confLevel', 'pairs'],
                                properties: {
                                    verdict: { enum: ['regression', 'improvement', 'unchanged', 'inconclusive'] },
                                    change: read_comparison_num,
                                    ci: pair,
                                    confLevel: { type: 'number' },
                                    pairs: { type: 'integer', minimum: 0 },
                                },
                            },
                            reason: read_comparison_str,
                        },
                    },
                },
            },
        },
        added: strings,
        removed: strings,
        problems: {
            type: 'array',
            items: {
                type: 'object',
                required: ['benchmark', 'side', 'status'],
                properties: { benchmark: read_comparison_str, side: { enum: ['base', 'head'] }, status: read_comparison_str, error: read_comparison_str },
            },
        },
        summary: { type: 'object', required: ['regressions', 'improvements', 'unchanged', 'inconclusive'] },
        explanations: {
            type: 'object',
            additionalProperties: {
                type: 'object',
                // Frames of a profiled benchmark, a kind of change (compare/slowdown-kind.ts), or both.
                anyOf: [{ required: ['diff', 'negated', 'top'] }, { required: ['kind', 'evidence'] }],
                properties: {
                    kind: { enum: ['more-work', 'memory', 'branches', 'waiting', 'contention', 'layout', 'unclear'] },
                    evidence: { type: 'object', required: ['source', 'time'] },
                    diff: { type: 'string', pattern: '^[A-Za-z0-9._%/-]+$' },
                    negated: { type: 'string', pattern: '^[A-Za-z0-9._%/-]+$' },
                    top: { type: 'array', items: { type: 'object', required: ['frame'], properties: { frame: read_comparison_str } } },
                },
            },
        },
        confirmation: {
            type: 'object',
            required: ['status', 'reason'],
            properties: {
                status: { enum: ['paired', 'unconfirmed'] },
                reason: read_comparison_str,
                comparison: { type: 'string', pattern: '^[A-Za-z0-9._%/-]+$' },
            },
        },
        interrupted: strings,
        noComparison: read_comparison_str,
        warnings: strings,
    },
};
// Compiled on first use, not at import: compiling the schemas was most of every command's
// start-up (0.3 s of CPU), and most commands validate none of them.
let read_comparison_compiled;
const read_comparison_validator = () => (read_comparison_compiled ??= new dist_ajv.Ajv({ allErrors: true, allowUnionTypes: true, strict: false }).compile(comparisonSchema));
/** The document, if it has the shape of a comparison.json; else an InputError listing what is wrong. */
function parseComparison(doc, source = 'comparison.json') {
    // JSON has no NaN: JSON.stringify wrote null for an interval that could not be estimated.
    const check = read_comparison_validator();
    if (check(doc)) {
        const c = doc;
        for (const r of c.rows) {
            r.ci = r.ci.map((v) => (v === null ? NaN : v));
            if (r.change === null)
                r.change = NaN;
        }
        return c;
    }
    const problems = (check.errors ?? [])
        .slice(0, 10)
        .map((e) => `${e.instancePath || '(root)'}: ${e.message ?? e.keyword}`);
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

// EXTERNAL MODULE: ./build/tools/exact-names.js
var exact_names = __webpack_require__(62486);
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
function counter(event, rawValue, unit, f) {
    const status = statusOf(rawValue) ?? 'counted';
    const value = status === 'counted' ? toNumber(rawValue) : null;
    if (status === 'counted' && value === null)
        return null;
    return {
        name: normalizeEventName(event),
        event,
        value,
        unit,
        status,
        pctRunning: f.pct,
        variancePct: f.variance,
        runTimeNs: f.runTime,
    };
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
        const runTime = toNumber(f[hasVariance ? 4 : 3]);
        const c = f.length >= 5 && event ? counter(event, value ?? '', unit ?? '', { pct, variance, runTime }) : null;
        if (c)
            counters.push(c);
        else
            unparsed.push({ line: i + 1, text: line });
    });
    return { counters, unparsed };
}
/**
 * glibc's strsignal() text for each signal a benchmark can die of: `perf stat` prints it with
 * psignal() as the last line of its stderr and then exits 0, the child's signal lost
 * (perf-stat/stderr-signals.txt, captured with `kill -SEGV $$` under `perf stat -- sh -c …`):
 *   sh: Segmentation fault
 */
const SIGNAL_TEXT = {
    Hangup: 'SIGHUP',
    Interrupt: 'SIGINT',
    Quit: 'SIGQUIT',
    'Illegal instruction': 'SIGILL',
    'Trace/breakpoint trap': 'SIGTRAP',
    Aborted: 'SIGABRT',
    'Bus error': 'SIGBUS',
    'Floating point exception': 'SIGFPE',
    Killed: 'SIGKILL',
    'User defined signal 1': 'SIGUSR1',
    'Segmentation fault': 'SIGSEGV',
    'User defined signal 2': 'SIGUSR2',
    'Broken pipe': 'SIGPIPE',
    'Alarm clock': 'SIGALRM',
    Terminated: 'SIGTERM',
    'CPU time limit exceeded': 'SIGXCPU',
    'File size limit exceeded': 'SIGXFSZ',
    'Virtual timer expired': 'SIGVTALRM',
    'Profiling timer expired': 'SIGPROF',
    'Bad system call': 'SIGSYS',
};
/**
 * The signal that killed the command `perf stat` ran, read from the last line of perf's stderr
 * (`<argv[0]>: <strsignal>`), or null. A command that prints exactly that line itself and exits
 * 0 is read as killed: a false failure, never a crash passed as a clean run.
 */
function perfStatSignal(argv0, stderrTail) {
    const last = stderrTail.trimEnd().split('\n').at(-1) ?? '';
    const prefix = `${argv0}: `;
    return last.startsWith(prefix) ? (SIGNAL_TEXT[last.slice(prefix.length)] ?? null) : null;
}

;// CONCATENATED MODULE: ./build/host/counter-source.js
/**
 * The C source of perfgate-count, the counting helper of the perf backend (host/counter.ts
 * compiles it on first use). Kept as a string so that it travels inside the ncc bundles
 * (dist/index.js, dist/cli/index.js), which carry no files beside them.
 */
const COUNTER_SOURCE = String.raw `/*
 * perfgate-count: counts a command's events with perf_event_open(2) the way 'perf stat -x, -e
 * EVENTS -o FILE -- CMD' does, and prints perf stat's -x, CSV, without perf's start-up (perf
 * links libpython, libperl, libdw...: ~7 ms before it counts anything).
 *   perfgate-count [-C CPULIST] -o FILE -e EV[,EV...] -- CMD [ARG...]
 * -C pins as 'taskset -c CPULIST perf stat ...' does (this process, so the command inherits it),
 * without taskset's own exec.
 * Matched from perf 6.x builtin-stat.c: each event its own counter on the forked child, created
 * disabled with enable_on_exec and inherit (threads and child processes are counted), read
 * with TOTAL_TIME_ENABLED/RUNNING and scaled as perf scales a multiplexed counter; on EACCES
 * with perf_event_paranoid > 1, kernel and hypervisor are excluded and ':u' is appended to the
 * name (perf's evsel__fallback). duration_time is perf's t1 - t0 on CLOCK_MONOTONIC: t0 just
 * before the waiting child is released to exec, t1 after wait4 returned and the counters were
 * disabled. The exit code is the command's; a command killed by a signal kills this process
 * with the same signal (perf stat prints the signal and exits 0, hiding the crash).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_EVENTS 32
#define DURATION (-1)

struct known {
  const char *name;
  int type;
  uint64_t config;
};

static const struct known KNOWN[] = {
    {"task-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK},
    {"context-switches", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES},
    {"cpu-migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS},
    {"page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS},
    {"duration_time", DURATION, 0},
    {"cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES},
    {"instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS},
    {"branches", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS},
    {"branch-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES},
    {"cache-references", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES},
    {"cache-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES},
    {"dTLB-load-misses", PERF_TYPE_HW_CACHE,
     PERF_COUNT_HW_CACHE_DTLB | (PERF_COUNT_HW_CACHE_OP_READ << 8) | (PERF_COUNT_HW_CACHE_RESULT_MISS << 16)},
};

struct event {
  const struct known *k;
  char name[64];
  int fd;
  int supported;
  uint64_t value, enabled, running;
};

static struct event events[MAX_EVENTS];
static int nevents;

static int usage(const char *why) {
  fprintf(stderr, "perfgate-count: %s\nusage: perfgate-count [-C CPULIST] -o FILE -e EVENT[,EVENT...] -- COMMAND [ARG...]\n", why);
  return 2;
}

static int parse_events(char *list) {
  for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    const struct known *k = NULL;
    for (size_t i = 0; i < sizeof KNOWN / sizeof KNOWN[0]; i++)
      if (strcmp(tok, KNOWN[i].name) == 0) k = &KNOWN[i];
    if (!k) {
      fprintf(stderr, "perfgate-count: unknown event '%s'\n", tok);
      return -1;
    }
    if (nevents == MAX_EVENTS) {
      fprintf(stderr, "perfgate-count: more than %d events\n", MAX_EVENTS);
      return -1;
    }
    struct event *e = &events[nevents++];
    e->k = k;
    snprintf(e->name, sizeof e->name, "%s", k->name);
    e->fd = -1;
  }
  return nevents > 0 ? 0 : -1;
}

/* taskset's list syntax: "2", "0-3", "0,2-3". */
static int pin(const char *list) {
  cpu_set_t set;
  CPU_ZERO(&set);
  const char *p = list;
  while (*p) {
    char *end;
    if (!isdigit((unsigned char)*p)) return -1;
    long lo = strtol(p, &end, 10), hi = lo;
    if (*end == '-') {
      if (!isdigit((unsigned char)end[1])) return -1;
      hi = strtol(end + 1, &end, 10);
    }
    if (lo < 0 || hi < lo || hi >= CPU_SETSIZE) return -1;
    for (long c = lo; c <= hi; c++) CPU_SET((int)c, &set);
    if (*end == ',') end++;
    else if (*end) return -1;
    p = end;
  }
  return CPU_COUNT(&set) > 0 ? sched_setaffinity(0, sizeof set, &set) : -1;
}

static int paranoid(void) {
  FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
  int v = 2;
  if (f) {
    if (fscanf(f, "%d", &v) != 1) v = 2;
    fclose(f);
  }
  return v;
}

/* 0, or the errno that stops the run (a counter it could not open for a reason other than absence). */
static int open_event(struct event *e, pid_t pid) {
  struct perf_event_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.type = (uint32_t)e->k->type;
  attr.config = e->k->config;
  attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
  attr.disabled = 1;
  attr.inherit = 1;
  attr.enable_on_exec = 1;
  for (;;) {
    long fd = syscall(SYS_perf_event_open, &attr, pid, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd >= 0) {
      e->fd = (int)fd;
      e->supported = 1;
      return 0;
    }
    int err = errno;
    if ((err == EACCES || err == EPERM) && !attr.exclude_kernel && paranoid() > 1) {
      attr.exclude_kernel = 1;
      attr.exclude_hv = 1;
      strncat(e->name, ":u", sizeof e->name - strlen(e->name) - 1);
      continue;
    }
    /* perf prints <not supported> for an event the kernel or the CPU does not have. */
    if (err == ENOENT || err == EOPNOTSUPP || err == ENODEV || err == EINVAL || err == ENXIO) return 0;
    fprintf(stderr, "perfgate-count: cannot open %s: %s\n", e->name, strerror(err));
    return err;
  }
}

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static const struct event *find(const char *name) {
  for (int i = 0; i < nevents; i++)
    if (events[i].k->type != DURATION && strcmp(events[i].k->name, name) == 0 && events[i].supported &&
        events[i].running > 0)
      return &events[i];
  return NULL;
}

/* perf's shown ratio for the seventh and eighth fields; the parser ignores them. */
static void rate(FILE *out, double count, const struct event *tc) {
  if (!tc || tc->value == 0) {
    fputs(",,", out);
    return;
  }
  double r = count / ((double)tc->value / 1e9);
  const char *unit = "/sec";
  if (r >= 1e9) r /= 1e9, unit = "G/sec";
  else if (r >= 1e6) r /= 1e6, unit = "M/sec";
  else if (r >= 1e3) r /= 1e3, unit = "K/sec";
  fprintf(out, ",%.3f,%s", r, unit);
}

static void print(FILE *out, double wall) {
  /* perf prints ctime(3); local time would read /etc/localtime on every run, so UTC it is. */
  time_t t = time(NULL);
  struct tm tm;
  char when[64];
  strftime(when, sizeof when, "%a %b %e %H:%M:%S %Y UTC", gmtime_r(&t, &tm));
  fprintf(out, "# started on %s\n\n", when);
  const struct event *tc = find("task-clock");
  const struct event *cyc = find("cycles");
  const struct event *br = find("branches");
  const struct event *refs = find("cache-references");
  for (int i = 0; i < nevents; i++) {
    struct event *e = &events[i];
    if (e->k->type == DURATION) {
      fprintf(out, "%.0f,ns,%s,%.0f,100.00", wall, e->name, wall);
      rate(out, wall, tc);
      fputc('\n', out);
      continue;
    }
    if (!e->supported) {
      fprintf(out, "<not supported>,,%s,0,100.00,,\n", e->name);
      continue;
    }
    if (e->running == 0) {
      fprintf(out, "<not counted>,,%s,0,0.00,,\n", e->name);
      continue;
    }
    /* perf's scaling of a multiplexed counter (perf_counts_values__scale): val * enabled / running, truncated. */
    double v = (double)e->value;
    if (e->running < e->enabled) v = (double)(uint64_t)(v * (double)e->enabled / (double)e->running);
    double pct = 100.0 * (double)e->running / (double)(e->enabled ? e->enabled : 1);
    if (e->k->type == PERF_TYPE_SOFTWARE && e->k->config == PERF_COUNT_SW_TASK_CLOCK) {
      fprintf(out, "%.2f,msec,%s,%llu,%.2f", v / 1e6, e->name, (unsigned long long)e->running, pct);
      if (wall > 0) fprintf(out, ",%.3f,CPUs utilized", v / wall);
      else fputs(",,", out);
    } else {
      fprintf(out, "%.0f,,%s,%llu,%.2f", v, e->name, (unsigned long long)e->running, pct);
      if (e->k->type == PERF_TYPE_HARDWARE && e->k->config == PERF_COUNT_HW_CPU_CYCLES && tc)
        fprintf(out, ",%.3f,GHz", v / (double)tc->value);
      else if (e->k->type == PERF_TYPE_HARDWARE && e->k->config == PERF_COUNT_HW_INSTRUCTIONS && cyc)
        fprintf(out, ",%.2f,insn per cycle", v / (double)cyc->value);
      else if (e->k->config == PERF_COUNT_HW_BRANCH_MISSES && e->k->type == PERF_TYPE_HARDWARE && br)
        fprintf(out, ",%.2f,of all branches", 100.0 * v / (double)br->value);
      else if (e->k->config == PERF_COUNT_HW_CACHE_MISSES && e->k->type == PERF_TYPE_HARDWARE && refs)
        fprintf(out, ",%.2f,of all cache refs", 100.0 * v / (double)refs->value);
      else rate(out, v, tc);
    }
    fputc('\n', out);
  }
}

int main(int argc, char **argv) {
  const char *outfile = NULL;
  const char *cpus = NULL;
  char *list = NULL;
  int i = 1;
  for (; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) outfile = argv[++i];
    else if (strcmp(argv[i], "-e") == 0 && i + 1 < argc) list = argv[++i];
    else if (strcmp(argv[i], "-C") == 0 && i + 1 < argc) cpus = argv[++i];
    else return usage("unknown option");
  }
  if (!list || i >= argc) return usage("need -e EVENTS and a command after --");
  if (parse_events(list) < 0) return 2;
  errno = 0;
  if (cpus && pin(cpus) < 0) {
    fprintf(stderr, "perfgate-count: cannot pin to CPUs %s: %s\n", cpus, errno ? strerror(errno) : "not a CPU list");
    return 255;
  }

  int go[2], failed[2];
  if (pipe(go) < 0 || pipe2(failed, O_CLOEXEC) < 0) {
    perror("perfgate-count: pipe");
    return 255;
  }
  pid_t child = fork();
  if (child < 0) {
    perror("perfgate-count: fork");
    return 255;
  }
  if (child == 0) {
    /* Wait, as perf's prepare_workload does, until the counters exist; then exec. */
    char c;
    close(go[1]);
    close(failed[0]);
    if (read(go[0], &c, 1) != 1) _exit(127);
    close(go[0]);
    execvp(argv[i], &argv[i]);
    int err = errno;
    if (write(failed[1], &err, sizeof err) < 0) _exit(127);
    _exit(127);
  }
  close(go[0]);
  close(failed[1]);
  for (int e = 0; e < nevents; e++) {
    if (events[e].k->type == DURATION) continue;
    if (open_event(&events[e], child) != 0) {
      kill(child, SIGKILL);
      waitpid(child, NULL, 0);
      return 255;
    }
  }
  double t0 = now_ns();
  if (write(go[1], "x", 1) != 1) {
    perror("perfgate-count: release");
    kill(child, SIGKILL);
    return 255;
  }
  close(go[1]);
  /* Only the child's exit wakes this process: a wake-up while it runs would take its CPU. */
  int status = 0;
  while (waitpid(child, &status, 0) < 0)
    if (errno != EINTR) {
      perror("perfgate-count: waitpid");
      return 255;
    }
  for (int e = 0; e < nevents; e++)
    if (events[e].fd >= 0) ioctl(events[e].fd, PERF_EVENT_IOC_DISABLE, 0);
  double t1 = now_ns();
  /* The child has gone: its end of the pipe is closed, by exec (cloexec) or by its exit. */
  int err = 0;
  ssize_t n;
  do n = read(failed[0], &err, sizeof err);
  while (n < 0 && errno == EINTR);
  close(failed[0]);
  if (n == (ssize_t)sizeof err) {
    /* perf's message and code for a command that could not be started. */
    fprintf(stderr, "Workload failed: %s\n", strerror(err));
    return 255;
  }
  for (int e = 0; e < nevents; e++) {
    struct event *ev = &events[e];
    if (ev->fd < 0) continue;
    uint64_t buf[3];
    if (read(ev->fd, buf, sizeof buf) == (ssize_t)sizeof buf) {
      ev->value = buf[0];
      ev->enabled = buf[1];
      ev->running = buf[2];
    }
    close(ev->fd);
  }
  FILE *out = outfile ? fopen(outfile, "w") : stderr;
  if (!out) {
    fprintf(stderr, "perfgate-count: cannot write %s: %s\n", outfile, strerror(errno));
    return 255;
  }
  print(out, t1 - t0);
  if (out != stderr && fclose(out) != 0) {
    fprintf(stderr, "perfgate-count: cannot write %s: %s\n", outfile, strerror(errno));
    return 255;
  }
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    signal(sig, SIG_DFL);
    kill(getpid(), sig);
    return 128 + sig;
  }
  return WEXITSTATUS(status);
}
`;

;// CONCATENATED MODULE: ./build/host/counter.js
/**
 * perfgate-count, the perf backend's counting helper (source: host/counter-source.ts): built
 * with the host's `cc` on first use into a cache keyed by the source's hash, then reused. It
 * counts the same events as `perf stat` through perf_event_open(2) and prints perf stat's CSV,
 * without perf's own start-up (~10 ms a run here: /usr/bin/perf loads libpython, libperl,
 * libdw...). Whenever it cannot be built or cannot count every event perf counts here, the
 * backend keeps using perf stat, and the reason says why.
 */











/** `PERFGATE_COUNTER=perf` keeps perf stat (to compare the two, or to rule the helper out). */
const COUNTER_ENV = 'PERFGATE_COUNTER';
/** The cache key: the source and the architecture the binary is built for. */
const COUNTER_HASH = (0,external_node_crypto_.createHash)('sha256')
    .update(`${process.arch}\n${COUNTER_SOURCE}`)
    .digest('hex')
    .slice(0, 16);
/** Where built helpers are kept: PERFGATE_CACHE_DIR, else $XDG_CACHE_HOME/perfgate, else ~/.cache/perfgate. */
function counterCacheDirs(env) {
    const dirs = [];
    if (env.PERFGATE_CACHE_DIR)
        dirs.push(env.PERFGATE_CACHE_DIR);
    if (env.XDG_CACHE_HOME)
        dirs.push(external_node_path_.join(env.XDG_CACHE_HOME, 'perfgate'));
    if (env.HOME)
        dirs.push(external_node_path_.join(env.HOME, '.cache', 'perfgate'));
    // A read-only or absent home (a container's nobody) still gets a helper.
    dirs.push(external_node_path_.join(external_node_os_.tmpdir(), `perfgate-cache-${process.getuid?.() ?? 'user'}`));
    return dirs;
}
function compilerEnv(env) {
    return { PATH: env.PATH ?? '/usr/local/bin:/usr/bin:/bin', LANG: 'C', LC_ALL: 'C' };
}
function compile(flags, out, dir, env) {
    return runProcess({
        argv: ['cc', '-O2', ...flags, '-o', out, `${out}.c`],
        cwd: dir,
        env: compilerEnv(env),
        timeoutMs: 60_000,
    });
}
async function executable(file) {
    return (0,promises_.access)(file, external_node_fs_.constants.X_OK).then(() => true, () => false);
}
/**
 * The helper's path, built now if the cache has none. Built under a temporary name and renamed
 * into place, so two runs building at once each rename a whole binary and neither sees half of one.
 */
async function buildCounter(env = process.env) {
    let lastError = 'no cache directory';
    for (const dir of counterCacheDirs(env)) {
        const helper = external_node_path_.join(dir, `perfgate-count-${COUNTER_HASH}`);
        if (await executable(helper))
            return { helper };
        try {
            await makeDirs(dir);
        }
        catch (err) {
            lastError = `cannot create ${dir}: ${(0,errors/* errorMessage */.gJ)(err)}`;
            continue;
        }
        const tmp = `${helper}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
        try {
            await writeFileAtomic(`${tmp}.c`, COUNTER_SOURCE);
            // Static where the C library allows it: no dynamic loader at each run's start (~0.5 ms of CPU here).
            let cc = await compile(['-static'], tmp, dir, env);
            if (!cc.spawnError && cc.exitCode !== 0)
                cc = await compile([], tmp, dir, env);
            if (cc.spawnError)
                return { error: `no C compiler (cc: ${cc.spawnError.replace(/^cc: /, '')})` };
            if (cc.exitCode !== 0) {
                const first = cc.stderrTail.split('\n').find((l) => /error/.test(l)) ?? cc.stderrTail.trim().split('\n')[0];
                return { error: `cc could not build it: ${first?.trim() || `exit ${cc.exitCode}`}` };
            }
            await (0,promises_.rename)(tmp, helper);
            return { helper };
        }
        catch (err) {
            lastError = `cannot build in ${dir}: ${(0,errors/* errorMessage */.gJ)(err)}`;
        }
        finally {
            await (0,promises_.rm)(`${tmp}.c`, { force: true });
            await (0,promises_.rm)(tmp, { force: true });
        }
    }
    return { error: lastError };
}
/**
 * The helper's argv for one run: perf stat's shape. It pins itself to `cpus` (the command
 * inherits that, as from `taskset -c CPUS perf stat ...`) and so saves taskset's exec, ~1 ms.
 */
function counterArgv(helper, out, events, argv, cpus = null) {
    return [helper, ...(cpus === null ? [] : ['-C', cpus]), '-o', out, '-e', events.join(','), '--', ...argv];
}
const PERF_STAT = (why) => ({
    tool: 'perf stat',
    helper: null,
    reason: `counts with perf stat: ${why}`,
});
/**
 * Builds the helper and has it count `events` (those perf stat counted in the probe) on
 * `true`: it is used only if it counted every one of them.
 */
async function probeCounter(events, scratch, env = process.env) {
    if (env[COUNTER_ENV] === 'perf')
        return PERF_STAT(`${COUNTER_ENV}=perf`);
    if (events.length === 0)
        return PERF_STAT('no events to count');
    const built = await buildCounter(env);
    if ('error' in built)
        return PERF_STAT(`perfgate-count unavailable: ${built.error}`);
    const out = external_node_path_.join(scratch, 'counter-probe.csv');
    const r = await runProcess({
        argv: counterArgv(built.helper, out, events, ['true']),
        cwd: scratch,
        env: compilerEnv(env),
        timeoutMs: 20_000,
    });
    const reading = parsePerfStatCsv(await (0,promises_.readFile)(out, 'utf8').catch(() => ''));
    if (r.exitCode !== 0 || r.spawnError) {
        const why = r.spawnError ?? (r.stderrTail.trim().split('\n')[0] || `exit ${r.exitCode ?? r.signal}`);
        return PERF_STAT(`perfgate-count failed: ${why}`);
    }
    for (const e of events) {
        const c = reading.counters.find((x) => x.name === e);
        if (c?.status !== 'counted')
            return PERF_STAT(`perfgate-count cannot count ${e}${c ? ` (${c.status})` : ' (no line for it)'}`);
    }
    return {
        tool: 'perfgate-count',
        helper: built.helper,
        reason: `counts with perfgate-count (perf_event_open): ${built.helper}`,
    };
}

;// CONCATENATED MODULE: ./build/host/probe.js
/**
 * What this machine can measure with: perf (and whether it has hardware counters), valgrind,
 * GNU time. Every conclusion carries its reason, because "auto picked time" without a why is
 * exactly the silent surprise perfgate exists to prevent.
 */








const SOFTWARE_EVENTS = ['task-clock', 'context-switches', 'cpu-migrations', 'page-faults'];
const HARDWARE_EVENTS = [
    'cycles',
    'instructions',
    'branches',
    'branch-misses',
    'cache-references',
    'cache-misses',
    // Page walks: the `memory (TLB)` kind of a change (compare/slowdown-kind.ts). A seventh event
    // may be multiplexed where the PMU has fewer counters; the backend scales it and says so.
    'dTLB-load-misses',
];
const GNU_TIME = '/usr/bin/time';
async function tryRun(argv) {
    return runProcess({
        argv,
        cwd: external_node_os_.tmpdir(),
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C' },
        timeoutMs: 20_000,
    });
}
function firstLine(s) {
    return s.trim().split('\n')[0]?.trim() ?? '';
}
async function perfCount(events, dir) {
    const out = external_node_path_.join(dir, `probe-${events.length}.csv`);
    const r = await tryRun(['perf', 'stat', '-x,', '-o', out, '-e', events.join(','), '--', 'true']);
    const text = await (0,promises_.readFile)(out, 'utf8').catch(() => '');
    return {
        ok: r.exitCode === 0,
        reading: parsePerfStatCsv(text),
        error: firstLine(r.stderrTail) || r.spawnError || `exit ${r.exitCode}`,
    };
}
const NO_COUNTER = { tool: 'perf stat', helper: null, reason: 'perf cannot count here' };
async function probePerf(procRoot = '/proc', env = process.env) {
    const reasons = [];
    const paranoidText = await (0,promises_.readFile)(external_node_path_.join(procRoot, 'sys/kernel/perf_event_paranoid'), 'utf8').catch(() => null);
    const paranoid = paranoidText === null ? null : Number(paranoidText.trim());
    const v = await tryRun(['perf', '--version']);
    if (v.spawnError || v.exitCode !== 0) {
        // Debian's /usr/bin/perf is a wrapper that fails when no linux-perf matches the kernel.
        const why = v.spawnError
            ? 'perf missing (install linux-perf)'
            : `perf unusable: ${firstLine(v.stderrTail || v.stdoutTail)}`;
        return { usable: false, version: null, paranoid, pmu: false, events: [], reasons: [why], counter: NO_COUNTER };
    }
    const version = firstLine(v.stdoutTail).replace(/^perf version\s*/, '');
    const dir = await (0,promises_.mkdtemp)(external_node_path_.join(external_node_os_.tmpdir(), 'perfgate-probe-'));
    try {
        const sw = await perfCount(['task-clock', 'duration_time'], dir);
        const tc = sw.reading.counters.find((c) => c.name === 'task-clock');
        if (!sw.ok || tc?.status !== 'counted') {
            const isRoot = process.getuid?.() === 0;
            const why = paranoid !== null && paranoid > 2 && !isRoot
                ? `perf_event_paranoid=${paranoid}`
                : `perf stat failed: ${sw.error}`;
            return {
                usable: false,
                version,
                paranoid,
                pmu: false,
                events: [],
                reasons: [`cannot count task-clock: ${why}`],
                counter: NO_COUNTER,
            };
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
        const events = [...SOFTWARE_EVENTS, ...wallEvent, ...hwEvents];
        const counter = await probeCounter(events, dir, env);
        reasons.push(counter.reason);
        return { usable: true, version, paranoid, pmu, events, reasons, counter };
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
        return {
            usable: false,
            version: null,
            reason: 'setarch -R unavailable (util-linux): cannot fix the address layout',
        };
    const version = firstLine(r.stdoutTail).replace(/^valgrind-/, '');
    return { usable: true, version, reason: `valgrind ${version}` };
}
function probeTime() {
    return (0,external_node_fs_.existsSync)(GNU_TIME)
        ? { usable: true, version: null, reason: `${GNU_TIME} gives user, sys and max-rss` }
        : {
            usable: false,
            version: null,
            reason: `${GNU_TIME} missing (Debian package 'time'): only wall time is measured`,
        };
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

;// CONCATENATED MODULE: ./build/measure/collect.js


class SampleCollector {
    spec;
    backend;
    results = new Map();
    /** Invocation index at which each benchmark was last recorded, for alignment. */
    counts = new Map();
    /** Recorded (not warm-up) invocations. */
    invocations = 0;
    failures = [];
    constructor(spec, backend) {
        this.spec = spec;
        this.backend = backend;
        this.results.set(spec.name, {
            name: spec.name,
            status: 'ok',
            backend,
            threshold: spec.harness ? dict() : spec.threshold,
            metrics: dict(),
        });
    }
    /** The entry's own result (a plain entry's only one). */
    get entry() {
        return this.results.get(this.spec.name);
    }
    add(sample) {
        this.invocations++;
        // Harness metric names are anyone's (`constructor`): no prototype to answer for them.
        const thresholds = dict(this.spec.harness
            ? { ...FORMATS[this.spec.harness.format].thresholds, ...this.spec.threshold }
            : this.spec.threshold);
        for (const [name, metrics] of Object.entries(sample.byBenchmark)) {
            let r = this.results.get(name);
            if (!r) {
                const origin = sample.origins[name];
                r = {
                    name,
                    status: 'ok',
                    backend: this.backend,
                    threshold: thresholds,
                    metrics: dict(),
                    ...(origin ? { harness: origin } : {}),
                };
                this.results.set(name, r);
            }
            else if (sample.origins[name])
                r.harness = sample.origins[name];
            for (const [metric, v] of Object.entries(metrics)) {
                const slot = (r.metrics[metric] ??= {
                    unit: v.unit,
                    samples: [],
                    ...(v.direction ? { direction: v.direction } : {}),
                });
                slot.samples.push(v.value);
            }
            this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
        }
        if (sample.warnings.length > 0)
            this.entry.warnings = [...new Set([...(this.entry.warnings ?? []), ...sample.warnings])];
    }
    /** Records a failed invocation's reason on the entry (the first few are kept verbatim). */
    fail(status, error) {
        this.entry.status = status;
        if (this.failures.length < 3)
            this.failures.push(error);
        else if (this.failures.length === 3)
            this.failures.push('(further failures of the same entry not repeated)');
        this.entry.error = this.failures.join('\n');
    }
    /** Harness benchmarks recorded in fewer than all invocations, with how many they were in. */
    incomplete() {
        return [...this.results.keys()]
            .filter((n) => n !== this.spec.name && (this.counts.get(n) ?? 0) < this.invocations)
            .map((name) => ({ name, count: this.counts.get(name) ?? 0 }));
    }
    /**
     * A metric missing from some of a benchmark's invocations would misalign samples (run i of
     * one metric with run j of another, or base pair i with head pair j): keep only metrics
     * counted every time the benchmark was recorded, with a warning on the result per metric dropped.
     */
    dropIncompleteMetrics() {
        for (const r of this.results.values()) {
            const runs = this.counts.get(r.name) ?? 0;
            const dropped = [];
            for (const [name, s] of Object.entries(r.metrics)) {
                if (s.samples.length !== runs) {
                    dropped.push(`${name}: counted in ${s.samples.length} of ${runs} runs; metric dropped`);
                    delete r.metrics[name];
                }
            }
            if (dropped.length > 0)
                r.warnings = [...new Set([...(r.warnings ?? []), ...dropped])];
        }
    }
    /** Whether a benchmark was recorded in every invocation so far. */
    complete(name) {
        return (this.counts.get(name) ?? 0) === this.invocations;
    }
    /** The results as recorded so far, without the end-of-entry verdicts of finish(). */
    current() {
        return [...this.results.values()];
    }
    /** Every result: the entry first, then the harness benchmarks in the order first reported. */
    finish() {
        for (const { name, count } of this.incomplete()) {
            const r = this.results.get(name);
            r.status = 'failed';
            r.error = `reported in ${count} of ${this.invocations} invocation(s) of ${this.spec.name}: its samples cannot be paired run by run`;
        }
        return [...this.results.values()];
    }
}

;// CONCATENATED MODULE: ./build/measure/loop.js



/** One side run N times, as `perfgate run` measures. */
function singlePlan(spec, backend) {
    return {
        backend,
        sides: { only: spec },
        order: () => ['only'],
        // Runs are numbered across warm-up and measured runs, as the progress line counts them.
        words: {
            run: (warmup, i) => (warmup ? `warm-up run ${i + 1}` : `measured run ${spec.warmup + i + 1}`),
            interrupted: (k, n) => `interrupted after ${k} of ${n} measured runs`,
        },
    };
}
/** Base and head as pairs, each pair in the order `baseFirst` draws (one draw per pair, in sequence). */
function pairedPlan(sides, backend, opts) {
    return {
        backend,
        sides: { base: sides.base, head: sides.head },
        order: () => (opts.baseFirst() ? ['base', 'head'] : ['head', 'base']),
        ...(opts.look ? { look: opts.look } : {}),
        ...(opts.duet ? { duet: { cpus: opts.duet } } : {}),
        words: {
            run: (warmup, i) => (warmup ? `warm-up ${i + 1}` : `pair ${i + 1}`),
            interrupted: (k, n) => `interrupted after ${k} of ${n} pairs`,
        },
    };
}
async function measurePlan(plan, deps) {
    const names = Object.keys(plan.sides);
    const first = plan.sides[names[0]];
    const collectors = Object.fromEntries(names.map((s) => [s, new SampleCollector(plan.sides[s], plan.backend)]));
    const requests = Object.fromEntries(names.map((s) => {
        const spec = plan.sides[s];
        return [
            s,
            {
                argv: commandArgv(spec.run),
                cwd: spec.cwd,
                env: benchmarkEnv(deps.parentEnv, spec.env),
                cpus: spec.cpus,
                timeoutMs: spec.timeoutMs,
            },
        ];
    }));
    const duet = plan.duet;
    if (duet && (names.length !== 2 || !deps.partner))
        throw new Error('a duet plan needs exactly two sides and a partner backend');
    const runSide = async (s, warmup, index, slot = 0) => {
        const spec = plan.sides[s];
        const collector = collectors[s];
        const sample = duet
            ? await sampleInvocation(spec, slot === 0 ? deps.backend : deps.partner, {
                ...requests[s],
                cpus: duet.cpus[slot],
            })
            : await sampleInvocation(spec, deps.backend, requests[s]);
        const failure = sample.failure;
        // A run killed by the action's first signal (tools/interrupt.ts) is interrupted, not broken.
        if (failure && deps.signal?.aborted)
            return 'interrupted';
        const partial = failure !== null && harnessCount(sample) > 0;
        if (failure)
            collector.fail(failure.status, `${plan.words.run(warmup, index)} ${failure.error}`);
        if (failure && !partial)
            return 'failed';
        if (!warmup)
            collector.add(partial ? { ...sample, byBenchmark: withoutEntry(sample.byBenchmark, spec.name) } : sample);
        return 'ok';
    };
    // A round's sides run one after another, and a side that fails ends the round there; or, in a
    // duet, both at once: both are awaited, and an interrupt outranks a failure (it caused it).
    const runRound = async (order, warmup, index) => {
        if (duet) {
            const steps = await Promise.all(order.map((s, slot) => runSide(s, warmup, index, slot)));
            return steps.includes('interrupted') ? 'interrupted' : steps.includes('failed') ? 'failed' : 'ok';
        }
        for (const s of order) {
            const step = await runSide(s, warmup, index);
            if (step !== 'ok')
                return step;
        }
        return 'ok';
    };
    let rounds = 0;
    let looks = 0;
    let target = first.iterations;
    let step = 'ok';
    for (let w = 0; w < first.warmup && step === 'ok'; w++) {
        if (deps.signal?.aborted)
            step = 'interrupted';
        else {
            step = await runRound(names, true, w);
            deps.progress?.run(w + 1, first.warmup + target, true);
        }
    }
    const measuredFrom = Date.now();
    while (step === 'ok') {
        while (step === 'ok' && rounds < target) {
            if (deps.signal?.aborted)
                step = 'interrupted';
            else {
                step = await runRound(plan.order(rounds), false, rounds);
                deps.progress?.run(first.warmup + rounds + 1, first.warmup + target, false);
                if (step === 'ok')
                    rounds++;
            }
        }
        if (step !== 'ok')
            break;
        looks++;
        // A look pairs sample i of every metric and side: misaligned metrics go before it sees them.
        for (const s of names)
            collectors[s].dropIncompleteMetrics();
        const next = plan.look?.({ rounds, looks, sides: collectors, measuredMs: Date.now() - measuredFrom }) ?? null;
        if (next === null)
            break;
        target = next;
    }
    if (step === 'interrupted') {
        for (const s of names) {
            collectors[s].entry.status = 'skipped';
            collectors[s].entry.error = plan.words.interrupted(rounds, first.iterations);
        }
    }
    const results = Object.fromEntries(names.map((s) => {
        collectors[s].dropIncompleteMetrics();
        return [s, collectors[s].finish()];
    }));
    return { results, rounds, looks, end: step === 'ok' ? 'done' : step };
}
/** A failed invocation's counters describe a crash, not the entry: keep only the harness's rows. */
function withoutEntry(byBenchmark, entry) {
    return Object.fromEntries(Object.entries(byBenchmark).filter(([name]) => name !== entry));
}

;// CONCATENATED MODULE: ./build/measure/runner.js

async function runBenchmark(plan, deps, index, total) {
    const { spec } = plan;
    deps.progress.benchmarkStart(index, total, spec.name, spec.warmup + spec.iterations);
    const measured = await measurePlan(singlePlan(spec, plan.backend), {
        backend: deps.backendFor(plan.backend),
        parentEnv: deps.parentEnv,
        progress: deps.progress,
        ...(deps.signal ? { signal: deps.signal } : {}),
    });
    const results = measured.results.only;
    // The entry's own result comes first: status, error, profile.
    const result = results[0];
    if (result?.status === 'ok' && spec.profile && deps.profile) {
        const p = await deps.profile(spec);
        if (p?.profile)
            result.profile = p.profile;
        if (p && p.warnings.length > 0)
            result.warnings = [...new Set([...(result.warnings ?? []), ...p.warnings])];
    }
    for (const r of results)
        deps.progress.benchmarkEnd(r);
    return results;
}
async function runBenchmarks(plans, deps) {
    const results = [];
    for (const [i, plan] of plans.entries()) {
        for (const r of await runBenchmark(plan, deps, i, plans.length)) {
            results.push(r);
            await deps.onResult(r, i);
        }
    }
    return results;
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

;// CONCATENATED MODULE: ./build/host/tools.js
/**
 * Versions of the programs that shape a measurement (compilers, libc), asked from the programs
 * themselves. Behind `VersionOf` so tests can answer without the tools installed.
 */


function tools_firstLine(s) {
    return (s
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l !== '') ?? null);
}
const runVersion = async (argv) => {
    const r = await runProcess({
        argv,
        cwd: external_node_os_.tmpdir(),
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C' },
        timeoutMs: 10_000,
    });
    if (r.spawnError || r.timedOut)
        return null;
    // musl's ldd prints its version on stderr and exits 1; gcc and clang use stdout and exit 0.
    return tools_firstLine(r.stdoutTail) ?? tools_firstLine(r.stderrTail);
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
    const [cpuinfoText, osRelease, osrelease, thp, aslr, loadavg, uptime, status, paranoid, nmi, cpus, tools, turboState, smt, iso, mitig,] = await Promise.all([
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
        perf_event_paranoid: paranoid ?? UNKNOWN,
        nmi_watchdog: nmi ?? UNKNOWN,
        nohz_full: describeCpus(iso.nohzFull),
        node: process.version,
        // Context, not a hard key: perfgate-count and perf stat count the same (host/counter.ts).
        ...(used.has('perf') ? { counter: probe.perf.counter.tool } : {}),
        ...opts.soft,
    };
    return { hard, soft };
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
    const r = await runProcess({
        argv: ['setarch', '-R', 'true'],
        cwd: external_node_os_.tmpdir(),
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        timeoutMs: 10_000,
    });
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
            actions.push({
                id: 'governor',
                status: 'failed',
                detail: `cpu${c}: no performance governor offered (available: ${available.trim()})`,
            });
        }
        else if (trim(current) === 'performance')
            already.push(c);
        else
            writes.push({
                id: 'governor',
                file,
                previous: current,
                want: 'performance',
                label: `cpu${c}: ${trim(current)} → performance`,
            });
    }
    if (missing.length > 0) {
        actions.push({
            id: 'governor',
            status: 'unknown',
            detail: `not set for ${missing.length === 1 ? 'CPU' : 'CPUs'} ${formatCpuList(missing)}: no cpufreq/scaling_governor (no frequency scaling visible, typical of a VM)`,
        });
    }
    if (already.length > 0)
        actions.push({ id: 'governor', status: 'already', detail: `CPUs ${formatCpuList(already)} already performance` });
}
async function planTurbo(roots, writes, actions) {
    for (const [rel, off] of [
        [`${tuning_CPU}/intel_pstate/no_turbo`, '1'],
        [`${tuning_CPU}/cpufreq/boost`, '0'],
    ]) {
        const file = hostPath(roots, 'sys', rel);
        const current = await readText(file);
        if (current === null)
            continue;
        if (trim(current) === off)
            actions.push({ id: 'turbo', status: 'already', detail: `already off (${rel} = ${off})` });
        else
            writes.push({
                id: 'turbo',
                file,
                previous: current,
                want: off,
                label: `${rel}: ${trim(current)} → ${off} (turbo off)`,
            });
        return;
    }
    actions.push({ id: 'turbo', status: 'unknown', detail: 'not set: no intel_pstate/no_turbo or cpufreq/boost here' });
}
/** Siblings to park; returns the CPUs that will be offline. */
async function planSmt(roots, cpus, online, writes, actions) {
    const siblings = await Promise.all(cpus.map((c) => threadSiblings(roots, c)));
    if (siblings.some((s) => s === null)) {
        actions.push({
            id: 'smt',
            status: 'unknown',
            detail: 'not set: thread siblings not visible (no cpuN/topology/thread_siblings_list)',
        });
        return [];
    }
    const mine = new Set(cpus);
    const park = [...new Set(siblings.flatMap((s) => s ?? []))]
        .filter((c) => !mine.has(c) && online.includes(c))
        .sort((a, b) => a - b);
    if (park.length === 0) {
        actions.push({
            id: 'smt',
            status: 'already',
            detail: `no online SMT sibling of ${cpus.length === 1 ? 'CPU' : 'CPUs'} ${formatCpuList(cpus)} to park`,
        });
        return [];
    }
    const parked = [];
    for (const c of park) {
        const file = hostPath(roots, 'sys', `${tuning_CPU}/cpu${c}/online`);
        const current = await readText(file);
        if (current === null)
            actions.push({
                id: 'smt',
                status: 'failed',
                detail: `cannot park cpu${c}: no cpu${c}/online (the kernel keeps it online)`,
            });
        else {
            writes.push({
                id: 'smt',
                file,
                previous: current,
                want: '0',
                label: `cpu${c} offline (SMT sibling of a benchmark CPU)`,
            });
            parked.push(c);
        }
    }
    return parked;
}
/** IRQs moved off the benchmark CPUs onto online ones SMT tuning does not park. */
async function planIrqs(roots, sets, writes, actions) {
    const { cpus, online, parked } = sets;
    const irqs = (await listHost(roots, 'proc', 'irq'))
        ?.filter((n) => /^\d+$/.test(n))
        .sort((a, b) => Number(a) - Number(b));
    if (!irqs) {
        actions.push({ id: 'irq', status: 'unknown', detail: 'not set: no /proc/irq' });
        return;
    }
    const elsewhere = online.filter((c) => !cpus.includes(c) && !parked.includes(c));
    if (elsewhere.length === 0) {
        actions.push({
            id: 'irq',
            status: 'unknown',
            detail: `not moved: the benchmark CPUs ${formatCpuList(cpus)} are every online CPU (pin the benchmarks to fewer CPUs)`,
        });
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
        actions.push({
            id: 'irq',
            status: 'already',
            detail: `${untouched} ${untouched === 1 ? 'IRQ' : 'IRQs'} already off ${cpus.length === 1 ? 'CPU' : 'CPUs'} ${formatCpuList(cpus)}`,
        });
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
        actions.push({
            id: 'cpus',
            status: 'unknown',
            detail: 'cannot tell which CPUs to tune: no /sys/devices/system/cpu/online and no pinning',
        });
    }
    else {
        await planGovernor(opts.roots, cpus, writes, actions);
        await planTurbo(opts.roots, writes, actions);
        const parked = await planSmt(opts.roots, cpus, online, writes, actions);
        await planIrqs(opts.roots, { cpus, online, parked }, writes, actions);
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
        const state = {
            perfgateTuning: 1,
            pid: process.pid,
            createdAt: new Date().toISOString(),
            entries: writes.map((w) => ({ file: w.file, previous: w.previous })),
        };
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
        if (typeof entry?.file !== 'string' ||
            typeof entry.previous !== 'string' ||
            !TUNABLE.some((re) => re.test(entry.file ?? '')) ||
            !SAFE_VALUE.test(entry.previous)) {
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
        let current;
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
    const lines = [
        `tuning restored from ${r.stateFile}: ${r.restored.length} files written back, ${r.unchanged.length} already as before, ${r.failed.length} failed`,
    ];
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

;// CONCATENATED MODULE: ./build/measure/cachegrind.js
/**
 * valgrind's cachegrind, run once: the `valgrind` backend's instruction counts, and the
 * simulated caches and branch predictor a counter profile of a changed benchmark reads where
 * the host has no PMU (issue 21; docs/ARCHITECTURE.md §3). One runner and one parser for both.
 */




/**
 * The simulated hierarchy of a counter profile, fixed so that the same code gives the same
 * misses on every runner (left to itself cachegrind copies the host's caches: this VM's CPUID
 * reports a 320 MiB direct-mapped L3, simulated as 256 MiB, where no demo benchmark ever misses).
 * I1 and D1 are a common 32 KiB, 8-way L1. The last level is not a cache: its 4 KiB lines make
 * it a 1536-page, 12-way TLB (a second-level TLB's reach) looked up on D1 misses, because
 * cachegrind simulates no TLB and the demo's page-stride walk misses D1 exactly as often as its
 * line-stride twin (4 195 585 D1 misses each) but touches 64× the pages: 4 194 389 page misses
 * against 65 622 here. A D1 hit's page was touched within D1's last 512 lines, so a TLB miss
 * on a D1 hit is rare and the model misses little.
 */
const COUNTER_SIMULATION = [
    '--cache-sim=yes',
    '--branch-sim=yes',
    '--I1=32768,8,64',
    '--D1=32768,8,64',
    '--LL=6291456,12,4096',
];
/**
 * The totals of a cachegrind.out file by event name, from its `events:` and `summary:` lines:
 *   events: Ir I1mr ILmr Dr D1mr DLmr Dw D1mw DLmw Bc Bcm Bi Bim
 *   summary: 17429875 1180 81 553617 524574 328067 1059291 262552 4116 1598204 3244 307 163
 * Null when either line is missing or they disagree in length.
 */
function parseCachegrindTotals(text) {
    const events = /^events:[ \t]*(.*)$/m.exec(text)?.[1]?.trim().split(/\s+/);
    const values = /^summary:[ \t]*(.*)$/m.exec(text)?.[1]?.trim().split(/\s+/);
    if (!events || !values || events.length !== values.length || events[0] === '')
        return null;
    const totals = {};
    for (const [i, e] of events.entries()) {
        const n = Number(values[i]);
        if (!Number.isSafeInteger(n) || n < 0)
            return null;
        totals[e] = n;
    }
    return totals;
}
/**
 * One run of `req` under cachegrind with `flags`, the totals summed over each process's output
 * file. `scratch` is this caller's own directory: its `cg.*` files are cleared first.
 */
async function runCachegrind(req, scratch, flags) {
    for (const f of await (0,promises_.readdir)(scratch))
        if (f.startsWith('cg.') || f === 'valgrind.log')
            await (0,promises_.rm)(external_node_path_.join(scratch, f), { force: true });
    // setarch -R fixes the address layout, --log-file keeps valgrind's own chatter out of the
    // benchmark's stderr, %p gives each traced child process its own output file.
    const argv = withCpus([
        'setarch',
        '-R',
        'valgrind',
        '--tool=cachegrind',
        ...flags,
        '--trace-children=yes',
        `--log-file=${external_node_path_.join(scratch, 'valgrind.log')}`,
        `--cachegrind-out-file=${external_node_path_.join(scratch, 'cg.%p')}`,
        '--',
        ...req.argv,
    ], req.cpus);
    const outcome = await runProcess({ argv, cwd: req.cwd, env: req.env, timeoutMs: req.timeoutMs });
    const files = (await (0,promises_.readdir)(scratch)).filter((f) => f.startsWith('cg.'));
    const warnings = [];
    const totals = {};
    for (const f of files) {
        const t = parseCachegrindTotals(await (0,promises_.readFile)(external_node_path_.join(scratch, f), 'utf8'));
        if (t === null)
            warnings.push(`cachegrind output ${f} has no events and summary lines`);
        else
            for (const [e, n] of Object.entries(t))
                totals[e] = (totals[e] ?? 0) + n;
    }
    if (files.length === 0) {
        const log = await (0,promises_.readFile)(external_node_path_.join(scratch, 'valgrind.log'), 'utf8').catch(() => '');
        warnings.push(`valgrind wrote no cachegrind output${log ? `: ${log.trim().split('\n').slice(-1)[0]}` : ''}`);
    }
    return { outcome, totals: files.length > 0 && warnings.length === 0 ? totals : null, warnings };
}
/** The totals → the counts a label reads; null when an event is missing (cache-sim off). */
function simulatedCounts(t) {
    const need = ['Ir', 'D1mr', 'D1mw', 'DLmr', 'DLmw', 'Bcm', 'Bim'];
    if (need.some((e) => t[e] === undefined))
        return null;
    const n = (e) => t[e] ?? 0;
    return {
        instructions: n('Ir'),
        d1Misses: n('D1mr') + n('D1mw'),
        tlbMisses: n('DLmr') + n('DLmw'),
        branchMisses: n('Bcm') + n('Bim'),
    };
}

;// CONCATENATED MODULE: ./build/measure/backends.js
/**
 * The measurement backends behind one interface (docs/ARCHITECTURE.md §3): each wraps one run of a command,
 * runs it, and returns its metrics. A metric a backend could not obtain is absent, never 0.
 */








const UNITS = { msec: 'ms', '': 'count' };
/** perf's `duration_time` event is the measured command's wall time: perfgate's `wall`. */
const RENAME = { duration_time: 'wall' };
/**
 * perf prints task-clock in msec to two decimals: 0.01 ms is 2% of a 0.5 ms benchmark, coarser
 * than a threshold, and it ties the samples. The run time beside it is the same clock in ns,
 * children included (`0.47,msec,task-clock,474065,100.00,0.536,CPUs utilized`;
 * `2.32,msec,task-clock,2316893,...` for three children): taken when it rounds to the value.
 */
function preciseValue(c, value) {
    if (c.name !== 'task-clock' || c.unit !== 'msec' || c.runTimeNs === null)
        return value;
    const ms = c.runTimeNs / 1e6;
    return Math.abs(ms - value) <= 0.005 + 1e-9 ? ms : value;
}
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
            metrics[RENAME[c.name] ?? c.name] = { unit: UNITS[c.unit] ?? c.unit, value: preciseValue(c, c.value) };
            if (c.pctRunning !== null && c.pctRunning < 100) {
                warnings.push(`${c.name}: multiplexed, counted ${c.pctRunning.toFixed(2)}% of the time and scaled`);
            }
        }
    }
    return { metrics, warnings };
}
/** The events a benchmark's warnings say perf multiplexed (countersToMetrics' wording). */
function multiplexedEvents(warnings) {
    const events = new Set();
    for (const w of warnings ?? []) {
        const m = /^([^:\s]+): multiplexed, counted /.exec(w);
        if (m?.[1])
            events.add(m[1]);
    }
    return [...events].sort();
}
/**
 * perf's events for each run, counted by perfgate-count when the probe found it able to count
 * them all (host/counter.ts), else by `perf stat`: the same argv shape, the same CSV, the same
 * parser. `helper` null means perf stat.
 */
/**
 * Each run's counter file has its own name (two runs of one backend may be in flight at once:
 * duet pairs) and is read and removed right after the run, synchronously: the promise versions
 * hop through libuv's thread pool, ~0.5–1 ms a run on a busy 2-CPU runner against ~0.1 ms for
 * the same calls made directly, and the microseconds they hold the event loop delay nothing
 * measured (the counters time the run, not this process).
 */
let runSequence = 0;
function outputPath(scratch, name, ext) {
    return external_node_path_.join(scratch, `${name}.${++runSequence}.${ext}`);
}
function takeOutput(file) {
    try {
        return (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch {
        return '';
    }
    finally {
        (0,external_node_fs_.rmSync)(file, { force: true });
    }
}
function perfBackend(events, scratch, helper = null) {
    return {
        name: 'perf',
        async measure(req) {
            const out = outputPath(scratch, 'perf-stat', 'csv');
            const argv = helper === null
                ? withCpus(['perf', 'stat', '-x,', '-o', out, '-e', events.join(','), '--', ...req.argv], req.cpus)
                : counterArgv(helper, out, events, req.argv, req.cpus);
            const ran = await runProcess({ argv, cwd: req.cwd, env: req.env, timeoutMs: req.timeoutMs });
            // perf stat exits 0 when its command dies of a signal; perfgate-count dies of it itself.
            const signal = helper === null && ran.exitCode === 0 ? perfStatSignal(req.argv[0] ?? '', ran.stderrTail) : null;
            const outcome = signal ? { ...ran, exitCode: null, signal } : ran;
            const reading = parsePerfStatCsv(takeOutput(out));
            const { metrics, warnings } = countersToMetrics(reading.counters);
            for (const u of reading.unparsed)
                warnings.push(`perf stat output line ${u.line} not understood: ${u.text}`);
            // Older perf without duration_time: perfgate's own clock, which includes perf's start-up.
            metrics.wall ??= { unit: 'ns', value: outcome.wallNs };
            return { outcome, metrics, warnings };
        },
    };
}
function valgrindBackend(scratch) {
    return {
        name: 'valgrind',
        async measure(req) {
            const run = await runCachegrind(req, scratch, ['--cache-sim=no']);
            const ir = run.totals?.Ir;
            const metrics = ir === undefined ? {} : { instructions: { unit: 'count', value: ir } };
            return { outcome: run.outcome, metrics, warnings: run.warnings };
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
    return {
        name: 'time',
        async measure(req) {
            const out = outputPath(scratch, 'time', 'txt');
            const argv = withCpus(haveGnuTime ? [GNU_TIME, '-f', '%U %S %M', '-o', out, '--', ...req.argv] : req.argv, req.cpus);
            const outcome = await runProcess({ argv, cwd: req.cwd, env: req.env, timeoutMs: req.timeoutMs });
            const warnings = [];
            let metrics = {};
            if (haveGnuTime) {
                const parsed = parseGnuTime(takeOutput(out));
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
            return perfBackend(probe.perf.events, scratch, probe.perf.counter.helper);
        case 'valgrind':
            return valgrindBackend(scratch);
        case 'time':
            return timeBackend(probe.time.usable, scratch);
    }
}

;// CONCATENATED MODULE: ./build/tools/cleanup.js
/**
 * Temporary directories removed however the process ends: `finally` blocks do not run on
 * process.exit (a second Ctrl-C), 'exit' handlers do. Register when the directory is made,
 * call the returned function once it has been removed the normal way.
 */

function removeOnExit(dir) {
    const remove = () => {
        try {
            (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
        }
        catch {
            // Best effort on the way out.
        }
    };
    process.once('exit', remove);
    return () => {
        process.off('exit', remove);
    };
}

;// CONCATENATED MODULE: ./build/compare/sequential.js
/**
 * The group-sequential design of paired sampling: start at N pairs, look, and add a batch of
 * pairs while a gated row is inconclusive and not futile, up to the maximum. Intervals at every
 * look are widened by a group-sequential boundary so that looking several times does not
 * inflate the error rates; a time budget may end sampling early, keeping enough time for the
 * benchmarks after.
 */





/**
 * Where neither a flag, an input nor the suite sets a maximum, pairs may go up to this many times
 * the iterations while a gated row is open: the same on the command line, in the action, in
 * bisect and in confirmations, so a suite gets the same verdict on every front end.
 */
const ADAPTIVE_FACTOR = 3;
/** Pairs added per look after the first: a third of the starting N, at least 5. */
function batchSize(iterations) {
    return Math.max(5, Math.ceil(iterations / 3));
}
/** Looks the design plans for: the first at N pairs, then one per batch up to the maximum. */
function plannedLooks(iterations, maxIterations) {
    return maxIterations <= iterations ? 1 : 1 + Math.ceil((maxIterations - iterations) / batchSize(iterations));
}
/**
 * How the looks are judged. `pocock`: one two-sided Pocock boundary at 5% (each side 2.5%), the
 * design before issue 23. `tost-pocock` / `tost-obf`: the decisions are one-sided, each at 5%
 * over all looks: regression when the lower bound clears +θ, improvement when the upper bound
 * clears −θ, unchanged when both bounds are inside ±θ (TOST: equivalence at level α uses the
 * (1 − 2α) interval), the error spent across looks by a Lan–DeMets function (stats/boundaries.ts),
 * Pocock-type (early) or O'Brien–Fleming-type (late). One interval per look, at 1 − 2·a_k, so the
 * one verdict rule (stats/verdict.ts) and every path that re-applies it stay the same.
 */
/**
 * The default: chosen from `npm run bench:design` (docs/ARCHITECTURE.md §4): the A/A case stops
 * at the first look, detection near θ is higher than Pocock's, and a +θ change is called
 * unchanged at most 5% of the time.
 */
const DEFAULT_DESIGN = 'tost-pocock';
/** One-sided error of each decision over all looks (TOST designs). */
const DECISION_ALPHA = 0.05;
/**
 * A row stops being sampled when no verdict is this likely by the planned maximum (predictive
 * power: the chance of each verdict at the maximum, averaged over what the change may be given
 * the pairs so far): its noise cannot settle θ. The row stays inconclusive; no verdict comes of
 * it, so no error rate rises, only the power to see a change the pairs so far make unlikely.
 */
const FUTILITY_POWER = 0.2;
/** Below this many pairs the signed-rank interval is too coarse for its width to stand for an SE. */
const MIN_FUTILITY_PAIRS = 10;
/**
 * The plan for N pairs up to a maximum. A fixed N (one look) keeps the two-sided 95% interval
 * (`pocock` with one look), as before issue 23: nothing is spent across looks there, and the
 * fixed-N verdicts users and tests know stay what they were.
 */
function sequentialPlan(iterations, maxIterations, chosen = DEFAULT_DESIGN, futilityPower) {
    const looks = plannedLooks(iterations, maxIterations);
    const design = looks === 1 ? 'pocock' : chosen;
    const futility = design === 'pocock' ? null : futilityPower === undefined ? FUTILITY_POWER : futilityPower;
    const pairsAt = Array.from({ length: looks }, (_, k) => Math.min(maxIterations, iterations + k * batchSize(iterations)));
    let levels;
    if (design === 'pocock') {
        const { nominalAlpha } = pocockBoundary(looks, { sides: 2 });
        levels = pairsAt.map(() => 1 - nominalAlpha);
    }
    else {
        const b = spendingBoundary(pairsAt.map((n) => n / maxIterations), DECISION_ALPHA, design === 'tost-pocock' ? 'pocock' : 'obrien-fleming');
        levels = b.nominal.map((a) => 1 - 2 * a);
    }
    const first = levels[0];
    return {
        iterations,
        maxIterations,
        looks,
        design,
        pairsAt,
        levels,
        nominalAlpha: 1 - first,
        confLevel: first,
        futility,
    };
}
/** The interval level at look `look` (1-based); past the plan, the last look's. */
function levelAt(plan, look) {
    return plan.levels[Math.min(plan.levels.length, Math.max(1, look)) - 1];
}
/**
 * Whether more pairs are unlikely to give a gated row any verdict: the predictive power of each
 * verdict at the planned maximum is below the plan's futility level. With the change unknown
 * around the current estimate (normal, SE from the interval), the final estimate after max
 * pairs is normal about the current one with SD se·√((max − n)/max), and the final interval's
 * half-width is the current one's scaled by √(n/max) and the levels' z ratio (Spiegelhalter,
 * Freedman & Blackburn 1986). A row without an interval, or at the last look, is never futile.
 */
function futile(row, plan, look) {
    if (plan.futility === null || !row.gated || row.threshold === null || row.verdict !== 'inconclusive')
        return false;
    if (look >= plan.looks)
        return false;
    const n = row.n.base;
    const max = plan.maxIterations;
    const [lo, hi] = costInterval(row.ci, row.direction).map(Math.log1p);
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo && n >= MIN_FUTILITY_PAIRS && n < max))
        return false;
    if (!(row.confLevel > 0 && row.confLevel < 1))
        return false;
    // The level the interval reached (below the plan's with few or tied pairs), for its SE.
    const zNow = normalQuantile(1 - (1 - row.confLevel) / 2);
    const zEnd = normalQuantile(1 - (1 - levelAt(plan, plan.looks)) / 2);
    const se = (hi - lo) / (2 * zNow);
    const estimate = (lo + hi) / 2;
    const halfEnd = zEnd * se * Math.sqrt(n / max);
    const spread = se * Math.sqrt((max - n) / max);
    const up = Math.log1p(row.threshold);
    const down = Math.log1p(-row.threshold);
    const above = (x) => normalCdf((x - estimate) / spread, false);
    const regression = above(up + halfEnd);
    const improvement = 1 - above(down - halfEnd);
    const unchanged = Math.max(0, above(down + halfEnd) - above(up - halfEnd));
    return Math.max(regression, improvement, unchanged) < plan.futility;
}
/**
 * Whether a benchmark needs more pairs after a look, and if not, why it stops: every gated row
 * decided, every undecided one futile (`isFutile`), or the planned looks used up. A row is never
 * stopped merely because its interval is narrow: an interval that straddles θ is exactly the
 * case more pairs can settle, and stopping it cost detection near θ (55% at +2.8% against 82%
 * at fixed N, measured); futility looks at where the interval is, not at its width.
 */
function stopReason(rows, at, isFutile = () => false) {
    if (at.planned === 1)
        return 'fixed';
    const open = rows.filter((r) => r.gated && r.verdict === 'inconclusive');
    if (open.length === 0)
        return 'decided';
    if (at.pairs >= at.maxPairs || at.looks >= at.planned)
        return 'max-iterations';
    if (open.every(isFutile))
        return 'futile';
    return null;
}
/**
 * Another batch would overrun the budget once the benchmarks still to come are given their N
 * pairs each (at this benchmark's pace): stop here rather than leave them unmeasured.
 */
function overBudget(plan, b) {
    const perPair = b.benchmarkMs / Math.max(1, b.pairs);
    const reserve = b.remainingBenchmarks * plan.iterations * perPair;
    return b.elapsedMs + perPair * batchSize(plan.iterations) + reserve > b.budgetMs;
}
/**
 * The decision at a look: stop (and why), or the pair count to reach before the next look.
 * `budget` is absent when the suite has no time budget.
 */
function nextLook(plan, rows, at, budget) {
    const stop = stopReason(rows, { pairs: at.pairs, maxPairs: plan.maxIterations, looks: at.looks, planned: plan.looks }, (r) => futile(r, plan, at.looks));
    if (stop !== null)
        return { stop };
    if (budget && overBudget(plan, budget))
        return { stop: 'time-budget' };
    return { target: Math.min(plan.maxIterations, at.pairs + batchSize(plan.iterations)) };
}
/** What comparison.json records of a plan. */
function sequentialInfo(plan) {
    return { looks: plan.looks, nominalAlpha: plan.nominalAlpha, design: plan.design, levels: plan.levels };
}
const SPENDING = {
    pocock: 'Pocock',
    'tost-pocock': 'one-sided 5% decisions, Pocock-type spending',
    'tost-obf': "one-sided 5% decisions, O'Brien–Fleming-type spending",
};
/** `95% intervals`, or the levels and the design over the looks, for report footers. */
function intervalsLabel(s) {
    if (s.looks <= 1)
        return `${formatLevel(1 - s.nominalAlpha)} intervals`;
    const levels = s.levels ?? [1 - s.nominalAlpha];
    const lo = formatLevel(Math.min(...levels));
    const hi = formatLevel(Math.max(...levels));
    return `${lo === hi ? lo : `${lo}–${hi}`} intervals (${SPENDING[s.design ?? 'pocock']}, ${s.looks} looks)`;
}

;// CONCATENATED MODULE: ./build/report/heartbeat.js


const HEARTBEAT_MS = 10_000;
/** Gated rows named on one line; a harness entry can have dozens. */
const MAX_ROWS = 4;
/** One heartbeat line; `elapsedMs` since this benchmark's first warm-up round started. */
function heartbeatLine(prefix, p, elapsedMs) {
    const measured = Math.max(0, p.done - p.warmup);
    const where = p.done < p.warmup ? `warm-up pair ${p.done + 1}/${p.warmup}` : `${measured}/${p.planned - p.warmup} pairs`;
    const perRound = p.done > 0 ? elapsedMs / p.done : null;
    const eta = perRound === null ? '' : `, ETA ${formatEta(perRound * Math.max(0, p.planned - p.done))} to the next look`;
    const gated = (p.look?.rows ?? []).filter((r) => r.gated);
    const rows = gated
        .slice(0, MAX_ROWS)
        .map((r) => `${r.benchmark === prefixName(prefix) ? '' : `${r.benchmark} `}${r.metric} ${formatPercent(r.change)} ${formatCi(r.ci)} ${r.verdict}`);
    const more = gated.length > MAX_ROWS ? `, ${gated.length - MAX_ROWS} more` : '';
    const at = p.look && rows.length > 0 ? `; at ${p.look.pairs} pairs: ${rows.join(', ')}${more}` : '';
    return `${prefix}: ${where}, ${formatEta(elapsedMs)} elapsed${eta}${at}\n`;
}
/** `[2/8] json/parse` → `json/parse`. */
const prefixName = (prefix) => prefix.replace(/^\[\d+\/\d+\] /, '');
/** A line every HEARTBEAT_MS from `line(elapsedMs)`, for any long step; the returned function stops it. */
function startTicker(out, line) {
    const started = Date.now();
    const timer = setInterval(() => out.write(line(Date.now() - started)), HEARTBEAT_MS);
    timer.unref();
    return () => clearInterval(timer);
}
/** The beat while pairs are measured. */
function startHeartbeat(out, prefix, state) {
    return startTicker(out, (ms) => heartbeatLine(prefix, state(), ms));
}
/** Runs `step`, saying `what` is still running every HEARTBEAT_MS (a build, the profiles). */
async function withTicker(out, what, step) {
    const stop = startTicker(out, (ms) => `${what}: still running, ${formatEta(ms)} elapsed\n`);
    try {
        return await step();
    }
    finally {
        stop();
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
        // The run's maximum, else the suite's (honoured when it equals iterations: a fixed N the
        // suite asked for), else the design's default.
        const [max, from] = opts.maxIterations !== undefined
            ? [opts.maxIterations, 'run']
            : b.maxIterationsFrom === 'suite'
                ? [b.maxIterations, 'suite']
                : [iterations * ADAPTIVE_FACTOR, 'default'];
        return {
            ...b,
            iterations,
            maxIterations: Math.max(iterations, max),
            maxIterationsFrom: from,
            ...(opts.backend !== undefined ? { backend: opts.backend } : {}),
            ...(opts.cpus !== undefined ? { cpus: opts.cpus } : {}),
            ...(opts.pairing !== undefined ? { pairing: opts.pairing } : {}),
        };
    });
    if (chosen.length === 0) {
        const names = suite.benchmarks.map((b) => b.name);
        const shown = names.length > 20 ? `${names.slice(0, 20).join(', ')}, ... ${names.length - 20} more` : names.join(', ');
        const entries = suite.benchmarks.filter((b) => b.harness).map((b) => b.name);
        // A harness's own benchmarks are only known once it has run: --filter cannot pick them.
        const hint = entries.length > 0
            ? `; --filter picks suite entries, not the benchmarks a harness reports (${entries[0]}/…): choose those with the harness's own flag in run: (e.g. -test.bench, --benchmark_filter)`
            : '';
        throw new errors/* InputError */.dz(`--filter ${String(opts.filter)} matches no benchmark of ${suite.path} (names: ${shown})${hint}`);
    }
    return chosen;
}
/** Selected, `cpus: auto` resolved, and sharded: `all` is every benchmark of the run, `mine` this shard's. */
async function chooseBenchmarks(suite, opts, roots) {
    const auto = await applyAutoCpus(selectBenchmarks(suite, opts), roots);
    const mine = opts.shard ? shardBenchmarks(auto.benchmarks, opts.shard.index, opts.shard.count) : auto.benchmarks;
    // taskset would fail on a CPU that is not online only at run time, after setup.
    await assertCpusExist(suite, mine, roots, opts.cpus !== undefined && opts.cpus !== 'auto' ? { name: '--cpus', value: opts.cpus } : undefined);
    if (auto.resolved)
        opts.stderr.write(`cpus: auto → ${auto.resolved.reason}\n`);
    if (opts.shard) {
        opts.stderr.write(`shard ${opts.shard.index}/${opts.shard.count}: ${mine.length} of ${auto.benchmarks.length} benchmarks${mine.length > 0 ? ` (${mine.map((b) => b.name).join(', ')})` : ''}\n`);
    }
    return { all: auto.benchmarks, mine, auto: auto.resolved };
}
/**
 * Refusals that need nothing measured or created first: tuning without root. Called before the
 * output directory is made, so a refused run leaves nothing behind. (The flags' and inputs'
 * values themselves are checked by suite/settings.ts before they get here.)
 */
function assertSettings(opts) {
    if (opts.tune)
        assertCanTune({ stateFile: opts.tuningStateFile ?? defaultTuningStateFile(opts.parentEnv) });
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
        await makeDirs(abs);
        await (0,promises_.access)(abs, external_node_fs_.constants.W_OK);
    }
    catch (err) {
        throw new errors/* InputError */.dz(`cannot write to ${flag} ${dir}: ${err.code ?? (0,errors/* errorMessage */.gJ)(err)}`);
    }
}
async function runSetup(suite, parentEnv, stderr, label = '', signal) {
    const setup = suite.setup;
    if (!setup)
        return;
    if (signal?.aborted)
        throw new errors/* InterruptedError */.p4(`interrupted before setup${label}: nothing measured`);
    stderr.write(`setup${label}: ${setup}\n`);
    const env = Object.fromEntries(Object.entries(parentEnv).filter((e) => e[1] !== undefined));
    const r = await withTicker(stderr, `setup${label}`, () => runProcess({
        argv: ['/bin/sh', '-c', setup],
        cwd: suite.dir,
        env,
        timeoutMs: SETUP_TIMEOUT_MS,
        ...(signal ? { signal } : {}),
    }));
    reportEscaped(stderr, `setup${label}`);
    // Setup may take up to 30 minutes: the first Ctrl-C stopped it. Exit 130, not an input error.
    if (signal?.aborted)
        throw new errors/* InterruptedError */.p4(`setup${label} interrupted and killed: nothing measured`);
    if (r.exitCode !== 0 || r.timedOut) {
        const tail = (r.stderrTail || r.stdoutTail).trim().split('\n').slice(-15).join('\n');
        throw new errors/* SetupFailedError */.lV(`setup${label} failed (${r.timedOut ? 'timed out' : `exit ${r.exitCode}`}): ${suite.setup}\n${tail}`);
    }
}
/**
 * Children that left their process group (setsid) outlive the group kill: found by their
 * inherited marker, killed, and named, since they ran alongside what was measured.
 */
function reportEscaped(stderr, what) {
    const escaped = reapEscaped();
    if (escaped.length === 0)
        return;
    stderr.write(`warning: ${escaped.length} process(es) started by ${what} left their process group (setsid) and were still running; killed: ${escaped.map((e) => `${e.pid} (${e.command.slice(0, 80)})`).join(', ')}\n`);
}
/** Setup, then the cwds setup was to create (without a setup the loader checked them). */
async function buildSuite(suite, label, opts) {
    await runSetup(suite, opts.parentEnv, opts.stderr, label, opts.signal);
    if (suite.setup !== null)
        await checkCwds(suite);
}
/**
 * One side's setup, whose failure is that side's, not the run's (a pull request that repairs a
 * broken base must still be measured): the error with the setup's output tail, or null when it built.
 */
async function trySetup(suite, label, opts) {
    try {
        await buildSuite(suite, label, opts);
        return null;
    }
    catch (err) {
        if (err instanceof errors/* SetupFailedError */.lV || err instanceof errors/* InputError */.dz)
            return err.message;
        throw err;
    }
}
/** Plans each benchmark's backend; an explicit backend this machine lacks fails before any run. */
function planBackends(benchmarks, probe) {
    const suiteChoice = chooseBackend('auto', probe);
    const plans = benchmarks.map((spec) => ({
        spec,
        backend: spec.backend === 'auto' ? suiteChoice.backend : chooseBackend(spec.backend, probe).backend,
    }));
    const used = new Set(plans.map((p) => p.backend));
    const [only] = [...used];
    // "auto → perf" only when auto chose: a suite that sets `backend: perf` says so, even where
    // auto would have picked the same.
    const allExplicit = benchmarks.length > 0 && benchmarks.every((b) => b.backend !== 'auto');
    if (used.size === 1 && only !== undefined && (only !== suiteChoice.backend || allExplicit)) {
        return { plans, suiteBackend: only, reason: chooseBackend(only, probe).reason };
    }
    return { plans, suiteBackend: suiteChoice.backend, reason: suiteChoice.reason };
}
async function openRig(opts) {
    const roots = opts.roots ?? rootsFromEnv(opts.parentEnv);
    const stateFile = opts.tuningStateFile ?? defaultTuningStateFile(opts.parentEnv);
    assertSettings(opts);
    const probe = opts.probe ?? (await probeHost());
    const { plans, suiteBackend, reason } = planBackends(opts.benchmarks, probe);
    opts.stderr.write(`backend: ${reason}\n`);
    // Before the fingerprint: it hashes the binaries setup builds and records the tuned settings.
    for (const s of opts.setups)
        await buildSuite(s.suite, s.label, opts);
    const tuning = opts.tune ? await applyTuning({ roots, cpus: benchmarkCpus(opts.benchmarks), stateFile }) : null;
    if (tuning)
        opts.stderr.write(describeTuning(tuning));
    const guard = tuning?.changed ? guardTuning(tuning.stateFile, opts.stderr) : null;
    const soft = { ...(opts.soft ?? {}), ...(tuning ? { tuning: tuningSummary(tuning) } : {}) };
    const fp = await fingerprint(suiteBackend, probe, roots, { backendsUsed: plans.map((p) => p.backend), soft });
    const scratch = await (0,promises_.mkdtemp)(external_node_path_.join(external_node_os_.tmpdir(), 'perfgate-run-'));
    const forgetScratch = removeOnExit(scratch);
    const instances = (dir) => {
        const made = new Map();
        return (name) => {
            let b = made.get(name);
            if (!b) {
                b = makeBackend(name, probe, dir);
                if (tuning?.aslrOff)
                    b = withoutAslrBackend(b);
                made.set(name, b);
            }
            return b;
        };
    };
    // A backend keeps its output files in its scratch directory: two running at once need two.
    const partnerScratch = external_node_path_.join(scratch, 'partner');
    await (0,promises_.mkdir)(partnerScratch);
    return {
        probe,
        roots,
        plans,
        suiteBackend,
        backendReason: reason,
        fingerprint: fp,
        tuning,
        scratch,
        backendFor: instances(scratch),
        partnerFor: instances(partnerScratch),
        close: async () => {
            reportEscaped(opts.stderr, 'the benchmarks');
            await (0,promises_.rm)(scratch, { recursive: true, force: true });
            forgetScratch();
            const restored = guard?.restore();
            if (restored && restored.failed.length > 0) {
                throw new errors/* EnvironmentError */.eG(`tuning could not be undone: ${restored.failed.join('; ')}. Run 'perfgate tune --restore --state ${stateFile}'`);
            }
        },
    };
}

;// CONCATENATED MODULE: ./build/engine/checkouts.js
/**
 * Commits checked out side by side and built once each. `ab` takes two; `bisect` as many as its
 * search visits, and each of its comparisons reuses the worktree and the build a commit already
 * has (a commit is built once, not once per comparison).
 */





async function openCheckouts(repo, suiteRel, opts) {
    const trees = await openWorktrees(repo);
    const builds = new Map();
    return {
        checkout: async (sha, side) => {
            const dir = await trees.add(sha, side);
            try {
                return { sha, dir, suite: await loadSuite(external_node_path_.join(dir, suiteRel)) };
            }
            catch (err) {
                if (err instanceof errors/* InputError */.dz && /suite file not found/.test(err.message))
                    throw new errors/* InputError */.dz(`${side} (${sha.slice(0, 12)}) has no ${suiteRel}: nothing to measure on that side`);
                throw err;
            }
        },
        build: (c, label) => {
            let built = builds.get(c.sha);
            if (!built) {
                built = trySetup(c.suite, label, opts);
                builds.set(c.sha, built);
            }
            return built;
        },
        remove: () => trees.remove(),
    };
}

;// CONCATENATED MODULE: ./build/profile/offcpu-record.js
/**
 * Recording off-CPU stacks (issue 12): where a benchmark waits. A few runs under
 * `perf record -e sched:sched_switch -c 1 --switch-events` with call graphs, each collapsed by
 * offcpu.ts into stacks weighted by blocked nanoseconds, written like the CPU profiles under
 * `profiles/offcpu/`. The tracepoint needs tracefs and, for a non-root user,
 * perf_event_paranoid ≤ -1; the probe says which of these is missing instead of a bare refusal.
 *
 * `call-graph: auto` probes the unwinding of off-CPU stacks apart from the CPU profile's: a
 * blocked thread always sits in a libc system call wrapper, and a libc built without frame
 * pointers (Debian's) ends every frame-pointer stack there, e.g. `read+0xd (libc.so.6)` and
 * nothing above it, however whole the program's own CPU stacks are. So the first run is
 * recorded with frame pointers and, when its stacks are broken, again with DWARF.
 */








const EVENT_ARGS = ['-e', 'sched:sched_switch', '-c', '1', '--switch-events'];
/** Whether tracefs is mounted, from /proc/mounts (perf 6.1 mounts it itself when it can). */
async function tracefsMounted(procRoot) {
    const mounts = await (0,promises_.readFile)(external_node_path_.join(procRoot, 'mounts'), 'utf8').catch(() => '');
    return /\s(tracefs|debugfs)\s/.test(mounts) || (0,external_node_fs_.existsSync)('/sys/kernel/tracing/events/sched');
}
/**
 * perf's own reason from its stderr: the `Error:` line (and its `Hint:`), not the usage text
 * that follows, e.g.
 *   Error:	No permissions to read /sys/kernel/tracing/events/sched/sched_switch
 *   Hint:	Try 'sudo mount -o remount,mode=755 /sys/kernel/tracing/'
 */
function perfErrorLine(stderr) {
    const lines = stderr.split('\n').map((l) => l.trim());
    const error = lines.find((l) => /^Error:/.test(l))?.replace(/^Error:\s*/, '');
    const hint = lines.find((l) => /^Hint:/.test(l))?.replace(/^Hint:\s*/, '');
    if (error)
        return hint ? `${error} (perf: ${hint})` : error;
    return lines.find((l) => l.length > 0 && !/^Usage:|^or:|^-/.test(l)) ?? '';
}
/**
 * Explains a refused `perf record -e sched:sched_switch`: perf's own message first, then the
 * setting that usually causes it. Pure, so each wording is tested on its own.
 */
function explainRefusal(perfLine, facts) {
    const hints = [];
    if (!facts.tracefs)
        hints.push('tracefs is not mounted (as root: mount -t tracefs nodev /sys/kernel/tracing)');
    if (!facts.root && (facts.paranoid === null || facts.paranoid > -1)) {
        hints.push(`tracepoints need root or kernel.perf_event_paranoid=-1 (it is ${facts.paranoid ?? 'unknown'}; sysctl -w kernel.perf_event_paranoid=-1)`);
    }
    if (!facts.root && facts.tracefs)
        hints.push('a non-root user also needs read access to /sys/kernel/tracing');
    return `perf cannot record the sched:sched_switch tracepoint: ${perfLine || 'no message'}${hints.length > 0 ? `; ${hints.join('; ')}` : ''}`;
}
let probed = null;
/** One `perf record -e sched:sched_switch -- true`, once per process. */
function probeOffCpu(perf, procRoot = '/proc') {
    if (!perf.usable)
        return Promise.resolve({ usable: false, reason: `perf unusable: ${perf.reasons.join('; ')}` });
    probed ??= (async () => {
        const dir = await (0,promises_.mkdtemp)(external_node_path_.join(external_node_os_.tmpdir(), 'perfgate-offcpu-probe-'));
        try {
            const r = await runProcess({
                argv: [
                    'perf',
                    'record',
                    ...RECORD_FLAGS,
                    ...EVENT_ARGS,
                    '-g',
                    '-o',
                    external_node_path_.join(dir, 'probe.data'),
                    '--',
                    'true',
                ],
                cwd: dir,
                env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C' },
                timeoutMs: 20_000,
            });
            if (r.exitCode === 0)
                return { usable: true, reason: 'perf records sched:sched_switch with call graphs' };
            const line = perfErrorLine(r.stderrTail) || r.spawnError || `exit ${r.exitCode}`;
            return {
                usable: false,
                reason: explainRefusal(line, {
                    root: process.getuid?.() === 0,
                    paranoid: perf.paranoid,
                    tracefs: await tracefsMounted(procRoot),
                }),
            };
        }
        finally {
            await (0,promises_.rm)(dir, { recursive: true, force: true });
        }
    })();
    return probed;
}
/**
 * Records off-CPU stacks of `runs` runs, unwound with `offcpuCallGraph` when the other side
 * chose, else as the suite says (`auto` probed here; LBR cannot sample tracepoints, so DWARF).
 */
async function recordOffCpu(spec, opts) {
    const probe = await probeOffCpu(opts.perf);
    if (!probe.usable)
        return { warning: `off-CPU stacks not recorded: ${probe.reason}` };
    const env = benchmarkEnv(opts.parentEnv, spec.env);
    const data = external_node_path_.join(opts.scratch, 'offcpu.data');
    const recordOnce = async (mode) => {
        const argv = withCpus([
            'perf',
            'record',
            ...RECORD_FLAGS,
            ...EVENT_ARGS,
            ...CALL_GRAPH_ARGS[mode],
            '-o',
            data,
            '--',
            ...profiledArgv(spec, opts),
        ], spec.cpus);
        const r = await runProcess({ argv, cwd: spec.cwd, env, timeoutMs: spec.timeoutMs * 4 });
        if (r.timedOut || r.exitCode !== 0) {
            return {
                warning: `perf record ${r.timedOut ? 'timed out' : (r.spawnError ?? `exit ${r.exitCode}: ${r.stderrTail.trim().split('\n').slice(-1)[0] ?? ''}`)}`,
            };
        }
        const collapser = new OffCpuCollapser();
        const s = await scriptInto(data, collapser, env, ['--ns', '--show-switch-events']);
        if (s.code !== 0)
            return { warning: `perf script exit ${s.code}: ${s.stderr.trim().split('\n').slice(-1)[0] ?? ''}` };
        return { result: collapser.end().result };
    };
    const runs = [];
    let mode;
    try {
        if (opts.offcpuCallGraph)
            mode = opts.offcpuCallGraph;
        else if (spec.callGraph !== 'auto')
            mode = spec.callGraph === 'lbr' ? 'dwarf' : spec.callGraph;
        else {
            const chosen = await chooseCallGraph(recordOnce, false, userStacks);
            if ('warning' in chosen)
                return { warning: `off-CPU stacks not recorded: ${chosen.warning}` };
            mode = chosen.mode;
            runs.push(chosen.result);
        }
        while (runs.length < (opts.runs ?? 5)) {
            const r = await recordOnce(mode);
            if ('warning' in r)
                return { warning: `off-CPU stacks not recorded: ${r.warning}` };
            runs.push(r.result);
        }
    }
    finally {
        await (0,promises_.rm)(data, { force: true });
    }
    if (runs.every((r) => r.samples === 0))
        return { warning: 'off-CPU stacks not recorded: the benchmark never blocked while recorded' };
    return { ...(await writeFoldedRuns(opts.outDir, 'offcpu', profiledName(spec, opts), runs)), callGraph: mode };
}

;// CONCATENATED MODULE: ./build/profile/profiles.js


async function recordProfiles(spec, opts) {
    const cpu = await recordProfile(spec, opts);
    if ('warning' in cpu)
        return { warnings: [cpu.warning] };
    if (!(opts.offcpu ?? spec.offcpu))
        return { profile: cpu, warnings: [] };
    const off = await recordOffCpu(spec, opts);
    if ('warning' in off)
        return { profile: cpu, warnings: [off.warning] };
    return { profile: { ...cpu, offcpu: off }, warnings: [] };
}

;// CONCATENATED MODULE: ./build/compare/paired-rows.js

function pairedRows(base, head, confLevel) {
    const rows = [];
    const baseResults = new Map(base.current().map((r) => [r.name, r]));
    for (const h of head.current()) {
        const b = baseResults.get(h.name);
        if (!b || !base.complete(h.name) || !head.complete(h.name))
            continue;
        rows.push(...analyzeBenchmark(b, h, confLevel));
    }
    return rows;
}

;// CONCATENATED MODULE: ./build/compare/waits.js
function waitRegressed(rows) {
    const wall = rows.find((r) => r.metric === 'wall');
    const cpu = rows.find((r) => r.metric === 'task-clock');
    return wall?.verdict === 'regression' && cpu !== undefined && cpu.verdict !== 'regression';
}

;// CONCATENATED MODULE: ./build/measure/harness/only.js
/** RE2 (go) and java.util.regex (JMH) metacharacters. */
const REGEX_META = /[\\^$.|?*+()[\]{}]/g;
/**
 * Google Benchmark's (std::regex, ECMAScript) metacharacters, without `]` and `}`: libstdc++
 * rejects `\]` and `\}` (GB 1.7.1 on Debian then runs nothing: `--benchmark_filter='0-9\]'`
 * matched no `BM_[0-9]`), and both are literals unescaped, there and in POSIX ERE.
 */
const GB_REGEX_META = /[\\^$.|?*+()[{]/g;
/** What Rust's `regex::escape` escapes (criterion): escaping anything else is an error in regex < 1.8. */
const RUST_REGEX_META = /[\\.+*?()|[\]{}^$#&~-]/g;
const anchored = (name, meta) => `^${name.replace(meta, '\\$&')}$`;
/**
 * Google Benchmark matches `--benchmark_filter` (a regex, searched) against the whole instance
 * name as its JSON reports it (`BM_x/64/real_time`, `BM_y/threads:2`); the last flag given wins.
 */
function googleBenchmark(name) {
    return [`--benchmark_filter=${anchored(name, GB_REGEX_META)}`];
}
/**
 * go test splits `-test.bench` on `/` outside brackets and matches each level of a
 * sub-benchmark name (`BenchmarkParse/small`, as the parser reports it: without go's
 * `-GOMAXPROCS` suffix) with its own regex; the last flag given wins.
 */
function goTest(name) {
    return [
        '-test.bench',
        name
            .split('/')
            .map((part) => anchored(part, REGEX_META))
            .join('/'),
    ];
}
/**
 * Catch2 selects test cases, not benchmarks: a positional test spec, AND-ed with any spec in
 * `run` (Catch2 2.13: `tests "[!benchmark]" "name"` runs the one test case). A backslash
 * makes any character literal, which covers `,` (or), `[` (tag), a leading `~`/`!` (not),
 * `*` (wildcard), `"` and spaces. The test case's other benchmarks run too.
 */
function catch2(c) {
    const testCase = c.context?.['test-case'];
    if (typeof testCase !== 'string' || testCase === '')
        return null;
    return [testCase.replace(/[^A-Za-z0-9_\u0080-\uffff]/g, '\\$&')];
}
/** pytest's `-k` identifiers: anything else (a space, a quote, `(`) cannot be said in `-k`. */
const PYTEST_IDENT = /^[\w:+\-.[\]\\/]+$/;
/**
 * pytest-benchmark names are node ids (`tests/test_x.py::Class::test_enc[64]`). `-k` keeps
 * the user's positional paths and matches case-insensitive substrings of the file's and each
 * node's name, so the file's base name and every node are required and each sibling the
 * expression would also match is excluded with `and not`.
 */
function pytestBenchmark(name, c) {
    const parts = name.split('::');
    if (parts.length < 2)
        return null;
    const file = parts[0].split('/').pop();
    const nodes = parts.slice(1);
    const words = [file, ...nodes];
    if (!words.every((w) => PYTEST_IDENT.test(w) && !/^(and|or|not)$/i.test(w)))
        return null;
    const leaf = nodes[nodes.length - 1].toLowerCase();
    const exclude = [];
    for (const s of c.siblings ?? []) {
        if (s === name)
            continue;
        const sLeaf = s.split('::').pop();
        if (!sLeaf.toLowerCase().includes(leaf))
            continue;
        // A sibling whose name cannot be written in -k cannot be excluded: no exact filter then.
        if (!PYTEST_IDENT.test(sLeaf))
            return null;
        exclude.push(sLeaf);
    }
    // Excluding a sibling whose leaf is this benchmark's own (same function in another file) would exclude it too.
    if (exclude.some((e) => e.toLowerCase() === leaf))
        return null;
    return ['-k', [...words, ...exclude.map((e) => `not ${e}`)].join(' and ')];
}
/**
 * criterion's positional filter is a Rust regex matched against the full id
 * (`group/function/param`); given after `cargo bench`'s own `--` or as cargo's BENCHNAME, it
 * reaches the bench binary either way.
 */
function criterion(name) {
    return [anchored(name, RUST_REGEX_META)];
}
/**
 * JMH names are `pkg.Class.method` plus `:k=v,k2=v2` for parameters (as the parser writes
 * them): the method as an anchored regex, each parameter pinned with `-p`. A parameter value
 * with `,` or `=` cannot be given to `-p`.
 */
function jmh(name) {
    const colon = name.indexOf(':');
    const method = colon < 0 ? name : name.slice(0, colon);
    const params = colon < 0 ? [] : name.slice(colon + 1).split(',');
    if (params.some((p) => (p.match(/=/g) ?? []).length !== 1 || p.startsWith('=')))
        return null;
    return [anchored(method, REGEX_META), ...params.flatMap((p) => ['-p', p])];
}
/**
 * The arguments that make one invocation of a `format` entry run only `name` (the harness's
 * name, results.json's `harness.name`), or null when the harness has no filter that selects
 * it alone (hyperfine, wrk, json; a name the filter syntax cannot express).
 */
function onlyArgv(format, name, c = {}) {
    switch (format) {
        case 'google-benchmark':
            return googleBenchmark(name);
        case 'go-test':
            return goTest(name);
        case 'catch2':
            return catch2(c);
        case 'pytest-benchmark':
            return pytestBenchmark(name, c);
        case 'criterion':
            return criterion(name);
        case 'jmh':
            return jmh(name);
        case 'hyperfine':
        case 'wrk':
        case 'json':
            return null;
    }
}
/** Why a benchmark of this format is profiled with its whole entry, for the explanation. */
function noOnlyReason(format) {
    return format === 'hyperfine' || format === 'wrk' || format === 'json'
        ? 'this harness has no per-benchmark filter'
        : "its name cannot be written in the harness's filter";
}

;// CONCATENATED MODULE: ./build/engine/harness-profiles.js
/**
 * A profile per changed harness benchmark (issue 21). A harness runs each benchmark for a fixed
 * time, so one profile of the whole invocation moves time between benchmarks' frames when one
 * gets slower (on snappy the slowed function showed as shrinking). Each benchmark that changed,
 * or is inconclusive with its estimate beyond θ, is recorded alone on both sides with the
 * harness's own filter (measure/harness/only.ts) and explained from those profiles. Where the
 * harness has no such filter, the name cannot be written in it, the time budget is spent or a
 * filtered recording failed, the whole invocation is profiled instead, and the explanation says
 * why.
 */




/**
 * Benchmarks of one entry profiled alone, largest changes first. Each costs 10 recorded runs,
 * and a run's perf record + perf script, not the benchmark, dominates: 38 s for two Google
 * Benchmarks of 0.15 s each with DWARF stacks on the loaded 2-vCPU VM (about 2 s a run), so 36
 * regressions would add 12 minutes.
 */
const MAX_ALONE = 10;
/**
 * Records, on head then base, each benchmark of this entry worth explaining (benchmarksToExplain:
 * regressions, improvements, then inconclusive beyond θ) alone, and attaches the profile to that
 * benchmark's result. One benchmark's call-graph choice is kept for the others and for base.
 */
async function profileHarnessBenchmarks(results, rows, specs, c) {
    const harness = specs.head.harness;
    const entry = specs.head.name;
    const out = { whole: [] };
    if (!harness)
        return out;
    const mine = rows.filter((r) => r.entry === entry && r.benchmark !== entry);
    const names = results.head.filter((r) => r.harness?.entry === entry).map((r) => r.harness.name);
    let callGraph;
    let offcpuCallGraph;
    let lastMs = null;
    for (const [i, benchmark] of benchmarksToExplain(mine).entries()) {
        if (i >= MAX_ALONE) {
            out.whole.push({
                benchmark,
                why: `only the first ${MAX_ALONE} changed benchmarks of an entry are profiled alone`,
            });
            continue;
        }
        const base = results.base.find((r) => r.name === benchmark);
        const head = results.head.find((r) => r.name === benchmark);
        const origin = head?.harness;
        if (!base || !head || !origin)
            continue;
        const sides = { base, head };
        const args = onlyArgv(harness.format, origin.name, {
            siblings: names,
            ...(origin.context ? { context: origin.context } : {}),
        });
        if (args === null) {
            out.whole.push({ benchmark, why: noOnlyReason(harness.format) });
            continue;
        }
        if (c.budget) {
            const elapsed = Date.now() - c.budget.started;
            // The last benchmark's profiles are the estimate of this one's; the first goes if time is left.
            if (elapsed + (lastMs ?? 0) > c.budget.budgetMs) {
                out.whole.push({ benchmark, why: 'the time budget was spent before it could be profiled alone' });
                continue;
            }
        }
        const started = Date.now();
        const what = `${c.prefix}: profiling ${benchmark} alone (${args.join(' ')})`;
        c.opts.stderr.write(`${what}\n`);
        const warnings = [];
        for (const s of ['head', 'base']) {
            const p = await recordProfiles(specs[s], {
                perf: c.rig.probe.perf,
                outDir: external_node_path_.join(c.outDir, s),
                scratch: c.rig.scratch,
                parentEnv: c.opts.parentEnv,
                offcpu: specs.head.offcpu,
                only: { name: benchmark, args },
                ...(callGraph ? { callGraph } : {}),
                ...(offcpuCallGraph ? { offcpuCallGraph } : {}),
            });
            const result = sides[s];
            if (p.profile)
                result.profile = p.profile;
            callGraph ??= p.profile?.callGraph;
            offcpuCallGraph ??= p.profile?.offcpu?.callGraph;
            if (p.warnings.length > 0)
                result.warnings = [...(result.warnings ?? []), ...p.warnings];
            warnings.push(...p.warnings);
        }
        lastMs = Date.now() - started;
        if (!sides.base.profile || !sides.head.profile) {
            // One side alone explains nothing: drop it so no half pair is read as a profile.
            delete sides.base.profile;
            delete sides.head.profile;
            out.whole.push({
                benchmark,
                why: `recording it alone failed (${warnings[0] ?? 'no profile'})`,
            });
        }
    }
    if (callGraph)
        out.callGraph = callGraph;
    return out;
}

;// CONCATENATED MODULE: ./build/host/duet-cpus.js
/**
 * The two CPU sets a duet pair runs base and head on: the benchmark's `cpus` split into two
 * disjoint halves of equal size, made of whole cores where the list allows, so the two sides
 * never share a core's hyperthreads (each would take half the other's core) when another split
 * exists. A list that cannot be split says why, and the pair runs sequentially.
 */


/**
 * Splits `cpus` given each CPU's SMT siblings (null: not visible). Pure, so that topologies this
 * machine lacks can be tested.
 */
function splitCpus(cpus, siblings) {
    const list = [...new Set(cpus)].sort((a, b) => a - b);
    if (list.length < 2)
        return {
            ok: false,
            reason: `cpus ${formatCpuList(list)} is one CPU: a duet needs two or more, to give base and head their own`,
        };
    const notes = [];
    const visible = list.every((c) => siblings.get(c) !== null && siblings.get(c) !== undefined);
    if (!visible)
        notes.push('SMT siblings not visible: each CPU taken for a core');
    const cores = visible ? coresOf(list, siblings) : list.map((c) => [c]);
    let halves;
    if (cores.length === 1) {
        // One core's hyperthreads only: the one split there is, said out loud.
        const k = Math.floor(list.length / 2);
        halves = [list.slice(0, k), list.slice(k, 2 * k)];
        notes.push(`CPUs ${formatCpuList(list)} are hyperthreads of one core: base and head share it and slow each other (give cpus on two cores)`);
    }
    else {
        // Whole cores to the half with fewer CPUs, largest cores first; then equal sizes, so neither
        // side gets more CPUs than the other in any pair.
        const a = [];
        const b = [];
        for (const core of [...cores].sort((x, y) => y.length - x.length || (x[0] ?? 0) - (y[0] ?? 0)))
            (a.length <= b.length ? a : b).push(...core);
        const k = Math.min(a.length, b.length);
        halves = [a.sort((x, y) => x - y).slice(0, k), b.sort((x, y) => x - y).slice(0, k)];
    }
    const used = new Set(halves.flat());
    const idle = list.filter((c) => !used.has(c));
    if (idle.length > 0)
        notes.push(`CPU ${formatCpuList(idle)} left idle so both halves have ${halves[0].length}`);
    return {
        ok: true,
        halves: [formatCpuList(halves[0]), formatCpuList(halves[1])],
        note: notes.length > 0 ? notes.join('; ') : null,
    };
}
/** CPUs of `list` grouped by core: a CPU and its siblings in the list are one group. */
function coresOf(list, siblings) {
    const inList = new Set(list);
    const seen = new Set();
    const cores = [];
    for (const c of list) {
        if (seen.has(c))
            continue;
        const core = [c, ...(siblings.get(c) ?? []).filter((s) => inList.has(s) && !seen.has(s))].sort((x, y) => x - y);
        core.forEach((s) => seen.add(s));
        cores.push(core);
    }
    return cores;
}
/** The duet halves of a benchmark's `cpus` (a resolved list, or null when unpinned) on this host. */
async function duetCpus(cpus, roots) {
    if (cpus === null)
        return {
            ok: false,
            reason: 'cpus is not set: a duet pins base and head to CPUs of their own; set cpus to two or more (e.g. "0,1")',
        };
    const list = parseCpuList(cpus);
    if (list === null)
        return { ok: false, reason: `cpus ${cpus} is not a CPU list` };
    const siblings = new Map(await Promise.all(list.map(async (c) => [c, await threadSiblings(roots, c)])));
    return splitCpus(list, siblings);
}

;// CONCATENATED MODULE: ./build/compare/pair-noise.js
/**
 * How noisy a pairing design is on this runner, and what it costs: the spread of the pairs' log
 * ratios per gated metric, and the rule `pairing: auto` chooses by. A design needs pairs in
 * proportion to (spread / θ)² to decide a row, and each pair costs its wall time, so the cheaper
 * design per decision is the one with the smaller max over gated metrics of (spread / θ)² × time
 * per pair. The spread is robust (1.4826 × MAD, an SD for normal data) because the gate's own
 * analysis is rank-based: a few wild pairs cost it little, and must not decide the design.
 */

/** Below this a spread is counting resolution, not noise: two designs both under it tie on spread. */
const SPREAD_FLOOR = 1e-4;
function pairSpread(base, head) {
    const n = Math.min(base.length, head.length);
    const logs = [];
    for (let i = 0; i < n; i++) {
        const b = base[i];
        const h = head[i];
        if (b > 0 && h > 0)
            logs.push(Math.log(h / b));
    }
    if (logs.length < 3)
        return null;
    const m = logs.reduce((s, x) => s + x, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((s, x) => s + (x - m) ** 2, 0) / (logs.length - 1));
    return { robust: 1.4826 * (0,simple_statistics/* medianAbsoluteDeviation */.hK)(logs), sd };
}
/**
 * Gated metrics of each benchmark both sides measured (`name metric`), with their robust pair
 * spread and threshold: the spreads of one design, across several batches of its pairs.
 */
function gatedSpreads(batches) {
    const pools = new Map();
    for (const batch of batches) {
        const bases = new Map(batch.base.map((r) => [r.name, r]));
        for (const h of batch.head) {
            const b = bases.get(h.name);
            if (!b)
                continue;
            for (const [metric, theta] of Object.entries(h.threshold)) {
                const bs = b.metrics[metric]?.samples;
                const hs = h.metrics[metric]?.samples;
                if (!bs || !hs || !(theta > 0) || bs.length !== hs.length)
                    continue;
                const key = `${h.name} ${metric}`;
                const pool = pools.get(key) ?? { base: [], head: [], theta };
                pool.base.push(...bs);
                pool.head.push(...hs);
                pools.set(key, pool);
            }
        }
    }
    const spreads = {};
    const thresholds = {};
    for (const [key, p] of pools) {
        const s = pairSpread(p.base, p.head);
        if (!s)
            continue;
        spreads[key] = s.robust;
        thresholds[key] = p.theta;
    }
    return { spreads, thresholds };
}
/**
 * Runner time to decide the hardest gated row, up to a constant: max (spread / θ)² × ms per
 * pair. Null when no gated metric was measured by the design.
 */
function decisionCost(cost, thresholds) {
    let worst = null;
    for (const [metric, spread] of Object.entries(cost.spreads)) {
        const theta = thresholds[metric];
        if (theta === undefined || !(theta > 0))
            continue;
        const v = (Math.max(spread, SPREAD_FLOOR) / theta) ** 2;
        worst = worst === null ? v : Math.max(worst, v);
    }
    return worst === null ? null : worst * cost.msPerPair;
}
/** Which design `auto` takes, and why in one line of figures. */
function preferDuet(seq, duet, thresholds) {
    const cs = decisionCost(seq, thresholds);
    const cd = decisionCost(duet, thresholds);
    // The three widest spreads relative to their θ: a harness entry may gate hundreds of rows.
    const show = (d) => `${Object.entries(d.spreads)
        .sort((a, b) => b[1] / (thresholds[b[0]] ?? 1) - a[1] / (thresholds[a[0]] ?? 1))
        .slice(0, 3)
        .map(([m, s]) => `${m} ±${(s * 100).toFixed(2)}%`)
        .join(', ')} at ${d.msPerPair.toFixed(1)} ms/pair`;
    const figures = `duet ${show(duet)}; sequential ${show(seq)} (${duet.pairs}+${seq.pairs} calibration pairs)`;
    if (cs === null || cd === null)
        return { duet: false, why: `no gated metric to compare the designs on: ${figures}` };
    const ratio = cs / cd;
    return ratio > 1
        ? { duet: true, why: `duet ${ratio.toFixed(1)}× cheaper per decision: ${figures}` }
        : { duet: false, why: `sequential ${(1 / ratio).toFixed(1)}× cheaper per decision: ${figures}` };
}

;// CONCATENATED MODULE: ./build/engine/pairing.js




/** Calibration pairs per design: BATCHES batches of BATCH pairs, the designs alternating. */
const BATCH = 2;
const BATCHES = 4;
async function choosePairing(specs, backend, c) {
    const { head } = specs;
    if (head.pairing === 'sequential')
        return { pairing: 'sequential', halves: null, why: null };
    const asked = `pairing: ${head.pairing}`;
    // Both sides would write the one file the suite names at the same time; a harness that
    // reports into a directory of its cwd would, when base and head share one checkout (the same
    // commit), read its partner's files as its own.
    if (head.harness?.output)
        return {
            pairing: 'sequential',
            halves: null,
            why: `${asked}, but its harness writes one output file (${head.harness.output}) that both sides would share: sequential pairs`,
        };
    if (head.harness && FORMATS[head.harness.format].output === 'dir' && specs.base.cwd === head.cwd)
        return {
            pairing: 'sequential',
            halves: null,
            why: `${asked}, but base and head share one checkout and its ${head.harness.format} harness reports into a directory there: sequential pairs`,
        };
    const split = await duetCpus(head.cpus, c.rig.roots);
    if (!split.ok)
        return { pairing: 'sequential', halves: null, why: `${asked}, but ${split.reason}: sequential pairs` };
    const where = `CPUs ${split.halves[0]} and ${split.halves[1]}, swapped at random from pair to pair${split.note ? `; ${split.note}` : ''}`;
    if (head.pairing === 'duet')
        return { pairing: 'duet', halves: split.halves, why: where };
    const key = `${backend} ${head.cpus ?? ''}`;
    const known = c.calibrations.get(key);
    if (known)
        return known;
    c.say(`pairing: auto: calibrating, ${BATCH * BATCHES} sequential and ${BATCH * BATCHES} duet pairs (CPUs ${split.halves[0]} | ${split.halves[1]})`);
    const { choice, measured } = await calibrate(specs, backend, split.halves, where, c);
    // A calibration cut short by this benchmark's failure says nothing about the next one's.
    if (measured)
        c.calibrations.set(key, choice);
    return choice;
}
/** Both designs on this benchmark, in alternating batches; the cheaper per decision wins. */
async function calibrate(specs, backend, halves, where, c) {
    const batches = {
        sequential: [],
        duet: [],
    };
    const ms = { sequential: 0, duet: 0 };
    for (let i = 0; i < 2 * BATCHES; i++) {
        const design = i % 2 === 0 ? 'sequential' : 'duet';
        // One warm-up pair before each design's first batch: the caches and the CPUs' own state.
        const batch = { iterations: BATCH, maxIterations: BATCH, warmup: i < 2 ? 1 : 0 };
        let measuredMs = 0;
        const out = await measurePlan(pairedPlan({ base: { ...specs.base, ...batch }, head: { ...specs.head, ...batch } }, backend, {
            baseFirst: () => c.rng.next() < 0.5,
            look: (look) => {
                measuredMs = look.measuredMs;
                return null;
            },
            ...(design === 'duet' ? { duet: halves } : {}),
        }), {
            backend: c.rig.backendFor(backend),
            partner: c.rig.partnerFor(backend),
            parentEnv: c.opts.parentEnv,
            ...(c.opts.signal ? { signal: c.opts.signal } : {}),
        });
        // A side that fails fails the same way in the measured pairs, which report it.
        if (out.end !== 'done')
            return {
                choice: {
                    pairing: 'sequential',
                    halves: null,
                    why: `pairing: auto, calibration ${out.end === 'failed' ? 'failed' : 'interrupted'}: sequential pairs`,
                },
                measured: false,
            };
        batches[design].push(out.results);
        ms[design] += measuredMs;
    }
    const cost = (d) => {
        const g = gatedSpreads(batches[d]);
        return {
            spreads: g.spreads,
            thresholds: g.thresholds,
            msPerPair: ms[d] / (BATCH * BATCHES),
            pairs: BATCH * BATCHES,
        };
    };
    const seq = cost('sequential');
    const duet = cost('duet');
    const pick = preferDuet(seq, duet, seq.thresholds);
    const why = `pairing: auto, calibrated on ${specs.head.name}: ${pick.why}`;
    return {
        choice: pick.duet
            ? { pairing: 'duet', halves, why: `${why}; ${where}` }
            : { pairing: 'sequential', halves: null, why },
        measured: true,
    };
}

;// CONCATENATED MODULE: ./build/engine/pairs.js
/**
 * A suite's benchmarks measured as base/head pairs: each through the one measuring loop
 * (measure/loop.ts), deciding at each look with the sequential design (compare/sequential.ts)
 * whether more pairs are needed, then profiled on both sides; each side's results.json is kept
 * current after every benchmark so nothing measured is lost.
 */











/** Every benchmark of the rig's plans that base has too, as pairs. */
async function measurePairs(m) {
    const { opts, rig, docs } = m;
    const baseSpecs = new Map(m.baseSuite.benchmarks.map((b) => [b.name, b]));
    const started = Date.now();
    const rows = [];
    const interrupted = [];
    const wholeProfiles = {};
    let sequential = { looks: 1, nominalAlpha: 0.05 };
    const calibrations = new Map();
    for (const [i, plan] of rig.plans.entries()) {
        const baseSpec = baseSpecs.get(plan.spec.name);
        if (!baseSpec)
            continue;
        if (opts.signal?.aborted) {
            interrupted.push(plan.spec.name);
            for (const s of ['base', 'head'])
                docs[s].benchmarks.push({
                    name: plan.spec.name,
                    status: 'skipped',
                    backend: plan.backend,
                    threshold: plan.spec.threshold,
                    metrics: {},
                    error: 'interrupted before it was measured',
                });
            continue;
        }
        const seq = sequentialPlan(plan.spec.iterations, plan.spec.maxIterations);
        if (seq.looks > sequential.looks)
            sequential = sequentialInfo(seq);
        // Both sides run with head's settings (iterations, pinning, timeout, env) except their own
        // command and directory: the comparison must differ only in the code.
        const specs = { base: { ...plan.spec, run: baseSpec.run, cwd: baseSpec.cwd, env: baseSpec.env }, head: plan.spec };
        const prefix = `[${i + 1}/${rig.plans.length}] ${plan.spec.name}`;
        const pairing = await choosePairing(specs, plan.backend, {
            rig,
            opts,
            rng: m.rng,
            calibrations,
            say: (line) => opts.stderr.write(`${prefix}: ${line}\n`),
        });
        if (pairing.why !== null)
            opts.stderr.write(`${prefix}: ${pairing.pairing} pairs: ${pairing.why}\n`);
        const pair = await measurePair(specs, plan.backend, seq, {
            opts,
            pairing,
            rig,
            rng: m.rng,
            prefix,
            budget: m.timeBudgetMs === null
                ? null
                : { budgetMs: m.timeBudgetMs, started, remainingBenchmarks: rig.plans.length - i - 1 },
            started,
        });
        if (pair.interrupted)
            interrupted.push(plan.spec.name);
        rows.push(...pair.rows);
        if (pair.profile) {
            const what = `[${i + 1}/${rig.plans.length}] ${plan.spec.name}: profiling head and base`;
            opts.stderr.write(`${what}\n`);
            const whole = await withTicker(opts.stderr, what, () => profileSides(pair.results, pair.rows, specs, {
                opts,
                rig,
                outDir: m.outDir,
                prefix,
                budget: m.timeBudgetMs === null ? null : { budgetMs: m.timeBudgetMs, started },
            }));
            if (whole !== null)
                wholeProfiles[plan.spec.name] = whole;
        }
        for (const s of ['base', 'head']) {
            docs[s].benchmarks.push(...pair.results[s]);
            docs[s].finishedAt = new Date().toISOString();
            await writeJsonAtomic(external_node_path_.join(m.outDir, s, 'results.json'), docs[s]);
        }
    }
    return { rows, sequential, interrupted, wholeProfiles };
}
/** One benchmark as pairs through the measuring loop, deciding after each batch whether to go on. */
async function measurePair(specs, backend, seq, c) {
    const { head } = specs;
    c.opts.stderr.write(`${c.prefix}: ${head.warmup} warm-up pair(s), ${head.iterations} ${c.pairing.pairing === 'duet' ? 'duet ' : ''}pairs${seq.looks > 1 ? ` (adaptive up to ${head.maxIterations}, ${seq.looks} looks)` : ''}\n`);
    let rows = [];
    let stop = 'fixed';
    const progress = { done: 0, planned: head.warmup + head.iterations, warmup: head.warmup, look: null };
    const stopBeat = startHeartbeat(c.opts.stderr, c.prefix, () => progress);
    const measured = await measurePlan(pairedPlan(specs, backend, {
        baseFirst: () => c.rng.next() < 0.5,
        look: ({ rounds: pairs, looks, sides, measuredMs }) => {
            if (pairs >= 2)
                rows = pairedRows(sides.base, sides.head, levelAt(seq, looks));
            progress.look = { pairs, rows };
            const budget = c.budget && {
                budgetMs: c.budget.budgetMs,
                elapsedMs: Date.now() - c.budget.started,
                benchmarkMs: measuredMs,
                pairs,
                remainingBenchmarks: c.budget.remainingBenchmarks,
            };
            const next = nextLook(seq, rows, { pairs, looks }, budget ?? undefined);
            if ('stop' in next)
                stop = next.stop;
            return 'target' in next ? next.target : null;
        },
        ...(c.pairing.halves ? { duet: c.pairing.halves } : {}),
    }), {
        backend: c.rig.backendFor(backend),
        partner: c.rig.partnerFor(backend),
        parentEnv: c.opts.parentEnv,
        progress: {
            run: (done, planned) => {
                progress.done = done;
                progress.planned = planned;
            },
        },
        ...(c.opts.signal ? { signal: c.opts.signal } : {}),
    }).finally(stopBeat);
    const { results, rounds: pairs, looks } = measured;
    if (measured.end === 'failed') {
        // A failed side voids the pairs: report the failure, not a half-measured comparison.
        const failed = results.base[0]?.status !== 'ok' ? 'base' : 'head';
        const entry = results[failed][0];
        c.opts.stderr.write(`${c.prefix}: ${failed} ${entry?.status ?? 'failed'}: ${entry?.error ?? ''}\n`);
        return { results, rows: [], interrupted: false, profile: false };
    }
    if (measured.end === 'interrupted') {
        // Interrupted is not gated: the pairs so far are kept as data, the rows are not judged.
        c.opts.stderr.write(`${c.prefix}: interrupted after ${pairs} pairs; not gated\n`);
        return { results, rows: [], interrupted: true, profile: false };
    }
    for (const r of rows) {
        r.sampling = {
            pairs,
            looks,
            stop,
            max: head.maxIterations,
            maxFrom: head.maxIterationsFrom ?? 'default',
            pairing: c.pairing.pairing,
            ...(c.pairing.why !== null ? { pairingWhy: c.pairing.why } : {}),
            design: seq.design,
        };
        if (stop === 'futile' && futile(r, seq, looks)) {
            r.sampling.futile = true;
            r.note = futileNote(r, pairs, head.maxIterations);
        }
    }
    c.opts.stderr.write(`${c.prefix}: ${pairs} pairs, ${looks} look(s), stopped: ${stop} (${formatEta(Date.now() - c.started)} elapsed)\n`);
    return { results, rows, interrupted: false, profile: c.opts.profile !== false && head.profile };
}
/** Why a futile row has no verdict: its noise, against θ, and the maximum that could not settle it. */
function futileNote(r, pairs, max) {
    const half = ((r.ci[1] - r.ci[0]) / 2) * 100;
    const theta = (r.threshold ?? 0) * 100;
    return `undecided: ±${half.toFixed(1)}% after ${pairs} pairs; more pairs, up to ${max}, were unlikely to settle θ ${theta.toFixed(1)}%`;
}
/**
 * Profiles of both sides of one benchmark, attached to their entries. Head first: its
 * call-graph choice (auto) is reused for base, so both unwind alike. Wall regressed without
 * CPU time: the time went to waiting, so off-CPU stacks are recorded too. A harness entry's
 * changed benchmarks are profiled one by one (harness-profiles.ts); its whole invocation only
 * when one of them could not be: the returned text says why (null: the whole invocation was
 * not needed or is not a harness's).
 */
async function profileSides(results, rows, specs, c) {
    let callGraph;
    let why = null;
    if (specs.head.harness) {
        const alone = await profileHarnessBenchmarks(results, rows, specs, c);
        if (alone.whole.length === 0)
            return null;
        callGraph = alone.callGraph;
        const reasons = [...new Set(alone.whole.map((w) => w.why))];
        why = reasons.length === 1 ? reasons[0] : alone.whole.map((w) => `${w.benchmark}: ${w.why}`).join('; ');
    }
    const offcpu = specs.head.offcpu || waitRegressed(rows);
    let offcpuCallGraph;
    for (const s of ['head', 'base']) {
        const entry = results[s][0];
        if (!entry)
            continue;
        const p = await recordProfiles(specs[s], {
            perf: c.rig.probe.perf,
            outDir: external_node_path_.join(c.outDir, s),
            scratch: c.rig.scratch,
            parentEnv: c.opts.parentEnv,
            offcpu,
            ...(callGraph ? { callGraph } : {}),
            ...(offcpuCallGraph ? { offcpuCallGraph } : {}),
        });
        if (p.profile)
            entry.profile = p.profile;
        callGraph ??= p.profile?.callGraph;
        offcpuCallGraph ??= p.profile?.offcpu?.callGraph;
        if (p.warnings.length > 0)
            entry.warnings = [...(entry.warnings ?? []), ...p.warnings];
    }
    return why;
}

;// CONCATENATED MODULE: ./build/compare/slowdown-kind.js


/** Rate thresholds (module header). */
const RATE_RATIO = 1.3;
const RATE_FLOOR = 0.5;
const FLAT_RATIO = 1.1;
const PENALTY = { branchMisses: 15, d1Misses: 10, tlbMisses: 20, llMisses: 60 };
const slowdown_kind_RATES = ['llMisses', 'tlbMisses', 'd1Misses', 'branchMisses'];
const log1p = (c) => Math.log(1 + c);
const changed = (r) => r.verdict === 'regression' || r.verdict === 'improvement';
/** An inconclusive row whose estimate is past θ: likely changed, worth a label. */
const beyondTheta = (r) => r.verdict === 'inconclusive' &&
    r.threshold !== null &&
    Number.isFinite(r.change) &&
    Math.abs(costChange(r.change, r.direction)) > r.threshold;
function rankOf(metric) {
    const i = PRIMARY_METRICS.indexOf(metric);
    return i === -1 ? PRIMARY_METRICS.length : i;
}
/**
 * The gated row a label explains: a changed one (regression or improvement) before an
 * inconclusive one beyond θ, time before counters (PRIMARY_METRICS), then the largest change.
 */
function subjectRow(rows) {
    const candidates = rows.filter((r) => r.gated && (changed(r) || beyondTheta(r)));
    return [...candidates].sort((a, b) => Number(changed(b)) - Number(changed(a)) ||
        rankOf(a.metric) - rankOf(b.metric) ||
        Math.abs(b.change) - Math.abs(a.change))[0];
}
/** Benchmarks a counter profile is worth taking for: those with a subject row. */
function benchmarksToLabel(rows) {
    const names = [...new Set(rows.map((r) => r.benchmark))];
    return names.filter((n) => subjectRow(rows.filter((r) => r.benchmark === n)) !== undefined);
}
const MS_PER = { ns: 1e-6, us: 1e-3, ms: 1, s: 1e3 };
function medianMs(r) {
    const k = r ? MS_PER[r.unit] : undefined;
    return r && k !== undefined ? { base: r.median.base * k, head: r.median.head * k } : undefined;
}
/**
 * Whether a benchmark's label needs counters: not when it has none to explain, not for waiting
 * (the time rows decide it) and not under the valgrind backend (its gated instructions do).
 */
function needsCounters(rows) {
    const subject = subjectRow(rows);
    return subject !== undefined && subject.metric !== 'instructions' && !isWaiting(rows, subject);
}
function isWaiting(rows, subject) {
    const wall = rows.find((r) => r.metric === 'wall');
    const cpu = rows.find((r) => r.metric === 'task-clock');
    if (!wall || !cpu || !(changed(wall) || beyondTheta(wall)) || subject.metric === 'task-clock')
        return false;
    return Math.abs(log1p(cpu.change)) < 0.5 * Math.abs(log1p(wall.change));
}
/** The counts of a PMU host: medians of the paired counters (rows of `instructions`, ...). */
function pmuCounters(rows, multiplexed) {
    const side = (s) => {
        const m = (metric) => rows.find((r) => r.metric === metric)?.median[s];
        const instructions = m('instructions');
        if (instructions === undefined)
            return null;
        const out = { instructions };
        const set = (key, metric) => {
            const v = m(metric);
            if (v !== undefined)
                out[key] = v;
        };
        set('llMisses', 'cache-misses');
        set('tlbMisses', 'dTLB-load-misses');
        set('branchMisses', 'branch-misses');
        return out;
    };
    const base = side('base');
    const head = side('head');
    if (!base || !head)
        return null;
    return {
        source: 'pmu',
        scope: 'benchmark',
        base,
        head,
        ...(multiplexed.length > 0 ? { multiplexed: [...multiplexed].sort() } : {}),
    };
}
function rates(c) {
    const out = {};
    for (const name of slowdown_kind_RATES) {
        const b = c.base[name];
        const h = c.head[name];
        if (b === undefined || h === undefined || c.base.instructions <= 0 || c.head.instructions <= 0)
            continue;
        out[name] = { base: (1000 * b) / c.base.instructions, head: (1000 * h) / c.head.instructions };
    }
    return out;
}
/** Rates that moved with the time change (direction +1 slower, −1 faster), costliest first. */
function slowdown_kind_movedRates(perKilo, direction) {
    const moves = [];
    for (const name of slowdown_kind_RATES) {
        const p = perKilo[name];
        if (!p)
            continue;
        const delta = direction * (p.head - p.base);
        const [lo, hi] = direction === 1 ? [p.base, p.head] : [p.head, p.base];
        if (delta >= RATE_FLOOR && hi >= RATE_RATIO * lo)
            moves.push({ name, cost: delta * PENALTY[name] });
    }
    return moves.sort((a, b) => b.cost - a.cost);
}
function ratesFlat(perKilo) {
    return Object.values(perKilo).every((p) => {
        const lo = Math.min(p.base, p.head);
        const hi = Math.max(p.base, p.head);
        return hi - lo < RATE_FLOOR || hi <= FLAT_RATIO * lo;
    });
}
/** The label of one benchmark, or null when none of its gated rows changed. */
function labelChange(input) {
    const { rows, counters } = input;
    const subject = subjectRow(rows);
    if (!subject)
        return null;
    const row = (metric) => rows.find((r) => r.metric === metric);
    const cpuRow = row('task-clock');
    const wallRow = row('wall');
    const instrRow = row('instructions');
    const cost = costChange(subject.change, subject.direction);
    const t = log1p(cost);
    const direction = t >= 0 ? 1 : -1;
    const cpuMs = medianMs(cpuRow);
    const wallMs = medianMs(wallRow);
    const cpusBusy = cpuMs && wallMs && wallMs.base > 0 && wallMs.head > 0
        ? { base: cpuMs.base / wallMs.base, head: cpuMs.head / wallMs.head }
        : undefined;
    const ctx = row('context-switches')?.median;
    const evidence = {
        source: counters?.source ?? 'time',
        ...(counters ? { scope: counters.scope } : {}),
        time: { metric: subject.metric, change: cost, ci: subject.ci, verdict: subject.verdict },
        ...(cpuRow ? { cpu: cpuRow.change } : {}),
        ...(wallRow ? { wall: wallRow.change } : {}),
        ...(cpusBusy ? { cpusBusy } : {}),
        ...(ctx ? { contextSwitches: { base: ctx.base, head: ctx.head } } : {}),
        ...(counters?.multiplexed ? { multiplexed: counters.multiplexed } : {}),
        ...(counters?.seconds ? { seconds: counters.seconds } : {}),
        ...(input.offcpuGraph ? { offcpuGraph: input.offcpuGraph } : {}),
        ...(!counters && input.noCounters ? { noCounters: input.noCounters } : {}),
    };
    const label = (kind) => ({ kind, evidence });
    if (isWaiting(rows, subject))
        return label('waiting');
    // The valgrind backend gates on instructions: a change there is a change of work.
    if (subject.metric === 'instructions')
        return label('more-work');
    // The instruction change: the paired estimate where pairs counted them, else the two counts;
    // a harness runs each benchmark for a fixed time, so its count says nothing (alone or not).
    let i;
    if (counters && counters.scope === 'benchmark') {
        const { base, head } = { base: counters.base.instructions, head: counters.head.instructions };
        const change = counters.source === 'pmu' && instrRow ? instrRow.change : head / base - 1;
        i = log1p(change);
        evidence.instructions = {
            base,
            head,
            change,
            ...(counters.source === 'pmu' && instrRow ? { ci: instrRow.ci } : {}),
        };
    }
    const moreWork = i !== undefined && Math.sign(i) === direction && Math.abs(i) >= 0.5 * Math.abs(t);
    if (counters) {
        const perKilo = rates(counters);
        evidence.perKiloInstructions = perKilo;
        const moved = slowdown_kind_movedRates(perKilo, direction);
        if (moved.length > 0)
            evidence.moved = moved.map((m) => m.name);
        if (moreWork)
            return label('more-work');
        const top = moved[0];
        if (top)
            return label(top.name === 'branchMisses' ? 'branches' : 'memory');
    }
    const cpuMoved = cpuRow !== undefined && direction * cpuRow.change > 0 && (changed(cpuRow) || beyondTheta(cpuRow));
    const threads = cpusBusy !== undefined && Math.max(cpusBusy.base, cpusBusy.head) >= 1.2;
    // Per ms of wall: a run that takes longer is preempted more often on a busy runner (the demo's
    // cache pair: 2 → 16.5 switches a run at the same 0.18 per ms).
    const perMs = ctx && wallMs && wallMs.base > 0 && wallMs.head > 0
        ? { base: ctx.base / wallMs.base, head: ctx.head / wallMs.head }
        : undefined;
    const switches = ctx !== undefined &&
        perMs !== undefined &&
        direction * (ctx.head - ctx.base) >= 50 &&
        Math.max(perMs.base, perMs.head) >= 2 * Math.min(perMs.base, perMs.head);
    if (cpuMoved && !moreWork && (threads || switches))
        return label('contention');
    if (counters && i !== undefined && Math.abs(i) < 0.25 * Math.abs(t) && ratesFlat(evidence.perKiloInstructions ?? {}))
        return label('layout');
    return label('unclear');
}
/**
 * A label for every benchmark with a changed gated row (or one inconclusive beyond θ): simulated
 * counts where they were taken, else the PMU's counters from the rows, else the time rows alone.
 */
function labelChanges(rows, s = {}) {
    const out = {};
    for (const name of benchmarksToLabel(rows)) {
        const mine = rows.filter((r) => r.benchmark === name);
        const counters = s.counters?.[name] ?? pmuCounters(mine, s.multiplexed?.[name] ?? []) ?? undefined;
        const noCounters = s.noCounters?.[name];
        const offcpuGraph = s.offcpu?.[name];
        const label = labelChange({
            rows: mine,
            ...(counters ? { counters } : {}),
            ...(noCounters ? { noCounters } : {}),
            ...(offcpuGraph ? { offcpuGraph } : {}),
        });
        if (label)
            out[name] = label;
    }
    return out;
}

;// CONCATENATED MODULE: ./build/engine/paired-comparison.js
/**
 * The comparison document of a paired run, whole: compareDocs on both sides' final results,
 * plus what only the paired run knows (benchmarks one side lacks, the shard, interrupted
 * benchmarks, differential flame graphs, the host checks).
 */






/** Harness benchmarks of `doc` that `other` does not have. */
function oneSided(doc, other) {
    const names = new Set(other.benchmarks.map((b) => b.name));
    return doc.benchmarks.filter((b) => b.harness && !names.has(b.name)).map((b) => b.name);
}
/** The whole comparison of a paired run, from both sides' final results files. */
async function pairedComparison(docs, c) {
    const basePath = external_node_path_.join(c.outDir, 'base', 'results.json');
    const headPath = external_node_path_.join(c.outDir, 'head', 'results.json');
    await writeJsonAtomic(basePath, docs.base);
    await writeJsonAtomic(headPath, docs.head);
    const compared = compareDocs(docs.base, docs.head, {
        design: 'paired',
        baseline: c.opts.baseline ?? {
            source: 'same-job',
            sessions: 1,
            reason: `base ${c.opts.baseRef} and head measured as interleaved pairs in this job, so drift between sessions cancels`,
        },
        seed: c.seed,
        rows: c.rows,
        sequential: c.sequential,
        basePath,
        headPath,
    });
    const { explanations, warnings } = await explainChanges({ dir: external_node_path_.join(c.outDir, 'base'), benchmarks: docs.base.benchmarks }, { dir: external_node_path_.join(c.outDir, 'head'), benchmarks: docs.head.benchmarks }, c.outDir);
    for (const [entry, why] of Object.entries(c.wholeProfiles ?? {})) {
        const ex = Object.hasOwn(explanations, entry) ? explanations[entry] : undefined;
        if (ex)
            ex.whole = why;
    }
    const labels = labelChanges(compared.rows, {
        ...(c.counters ? { counters: c.counters.counters, noCounters: c.counters.skipped } : {}),
        multiplexed: Object.fromEntries(docs.head.benchmarks.map((h) => {
            const b = docs.base.benchmarks.find((x) => x.name === h.name);
            return [h.name, [...new Set([...multiplexedEvents(h.warnings), ...multiplexedEvents(b?.warnings)])]];
        })),
        offcpu: Object.fromEntries(Object.entries(explanations).flatMap(([name, ex]) => (ex.offcpu ? [[name, ex.offcpu.diff]] : []))),
    });
    const whys = { ...explanations };
    for (const [name, label] of Object.entries(labels)) {
        const frames = explanations[name];
        whys[name] = frames ? { ...frames, ...label } : label;
    }
    const interrupted = c.interrupted.length > 0
        ? [
            `interrupted: ${c.interrupted.length} benchmark(s) not measured to the end, not gated: ${c.interrupted.join(', ')}`,
        ]
        : [];
    return {
        ...compared,
        // Inside a harness entry measured on both sides, benchmarks one side reported are added or removed.
        added: [...c.oneSided.added, ...oneSided(docs.head, docs.base)],
        removed: [...c.oneSided.removed, ...oneSided(docs.base, docs.head)],
        ...(c.opts.shard
            ? { shard: { index: c.opts.shard.index, count: c.opts.shard.count, all: c.all.map((b) => b.name) } }
            : {}),
        ...(c.interrupted.length > 0 ? { interrupted: c.interrupted } : {}),
        ...(Object.keys(whys).length > 0 ? { explanations: whys } : {}),
        host: c.host,
        warnings: [...compared.warnings, ...interrupted, ...warnings],
    };
}

;// CONCATENATED MODULE: ./build/engine/counter-profiles.js
/**
 * Counter profiles of the changed benchmarks of a paired run (issue 21 item 1), the counts a
 * kind of change is read from (compare/slowdown-kind.ts). With a PMU the pairs already counted
 * them (the label reads their rows); without one, each side of each benchmark whose verdict
 * changed (or is inconclusive beyond θ) runs once under cachegrind's simulated caches and
 * branch predictor (measure/cachegrind.ts: deterministic, so one run per side suffices), within
 * what is left of the time budget. Waiting needs no counters, nor a change the valgrind
 * backend's instruction counts already decided: neither is profiled.
 */









/**
 * Cachegrind's cost per side, from the demo benchmarks here (2026-12-07, one run each with
 * COUNTER_SIMULATION, load average 5–10 on 2 CPUs): inside `perfgate ab` 0.34–0.44 s for cache
 * (11–86 ms native), 0.83–0.94 s for branch (25–65 ms), 0.67–0.95 s for tlb (36–81 ms),
 * 0.42–0.46 s for work (6–8 ms); alone from a shell at a busier moment, 3.2 s for cache
 * sequential (12 ms native) and 0.64 s for a 2 ms run. About 0.5 s of start-up and 5–270× the
 * native run: the estimate, 1 s + 30×, is meant for a budget, not a promise.
 */
const STARTUP_MS = 1000;
const SLOWDOWN = 30;
/** Without a time budget, a benchmark whose cachegrind run is estimated longer than this is skipped. */
const UNBUDGETED_MAX_MS = 5 * 60_000;
/**
 * The command that runs ONE benchmark: its own, or its harness entry's narrowed by the
 * harness's filter (measure/harness/only.ts, as its profiles are); the whole invocation only
 * where the harness has no filter.
 */
function counterCommand(entry, benchmark, heads) {
    if (entry.name === benchmark)
        return { spec: entry, only: [], scope: 'benchmark' };
    const origin = heads.find((r) => r.name === benchmark)?.harness;
    const only = entry.harness && origin
        ? onlyArgv(entry.harness.format, origin.name, {
            siblings: heads.flatMap((r) => (r.harness?.entry === entry.name ? [r.harness.name] : [])),
            ...(origin.context ? { context: origin.context } : {}),
        })
        : null;
    return only ? { spec: entry, only, scope: 'alone' } : { spec: entry, only: [], scope: 'invocation' };
}
function wallMs(rows) {
    const w = rows.find((r) => r.metric === 'wall');
    if (!w)
        return null;
    const k = w.unit === 'ns' ? 1e-6 : w.unit === 'us' ? 1e-3 : w.unit === 's' ? 1e3 : 1;
    return Math.max(w.median.base, w.median.head) * k;
}
async function counterProfiles(c) {
    const out = { counters: {}, skipped: {}, ms: 0 };
    const rowsOf = (name) => c.rows.filter((r) => r.benchmark === name);
    const wanted = benchmarksToLabel(c.rows).filter((n) => needsCounters(rowsOf(n)));
    if (wanted.length === 0)
        return out;
    // A PMU counted them in every pair: the rows are the counters.
    const pmu = c.rig.probe.perf.pmu && wanted.every((n) => rowsOf(n).some((r) => r.metric === 'instructions'));
    if (pmu)
        return out;
    // A run without profiles (--no-profile, a bisection's inner steps) runs no cachegrind either:
    // both are the why's cost, not the verdict's.
    if (c.opts.profile === false) {
        for (const n of wanted)
            out.skipped[n] = 'profiling is off for this run (--no-profile)';
        return out;
    }
    if (!c.rig.probe.valgrind.usable) {
        for (const n of wanted)
            out.skipped[n] = `no PMU, and ${c.rig.probe.valgrind.reason}`;
        return out;
    }
    const baseSpecs = new Map(c.baseSuite.benchmarks.map((b) => [b.name, b]));
    const scratch = external_node_path_.join(c.rig.scratch, 'counters');
    await (0,promises_.mkdir)(scratch, { recursive: true });
    // One run per side per command: the benchmarks of one harness invocation share it.
    const done = new Map();
    for (const name of wanted) {
        const entryName = rowsOf(name).find((r) => r.entry !== undefined)?.entry ?? name;
        const plan = c.rig.plans.find((p) => p.spec.name === entryName);
        const baseSpec = baseSpecs.get(entryName);
        if (!plan || !baseSpec) {
            out.skipped[name] = `suite entry ${entryName} not found on both sides`;
            continue;
        }
        const notUnderValgrind = plan.spec.harness && FORMATS[plan.spec.harness.format].notUnderValgrind;
        if (notUnderValgrind) {
            out.skipped[name] = `${notUnderValgrind}, so no cachegrind run`;
            continue;
        }
        const cmd = counterCommand(plan.spec, name, c.heads);
        const key = `${cmd.spec.name}\n${cmd.spec.run}\n${cmd.only.join('\n')}`;
        let result = done.get(key);
        if (result === undefined) {
            result = await profileEntry(c, {
                head: cmd.spec,
                base: { ...cmd.spec, run: baseSpec.run, cwd: baseSpec.cwd, env: baseSpec.env },
            }, cmd.only, wallMs(rowsOf(entryName)) ?? wallMs(rowsOf(name)), out);
            done.set(key, result);
        }
        if (typeof result === 'string')
            out.skipped[name] = result;
        else
            out.counters[name] = {
                source: 'cachegrind',
                scope: cmd.scope,
                base: result.counts.base,
                head: result.counts.head,
                seconds: result.seconds,
            };
    }
    if (out.ms > 0)
        c.opts.stderr.write(`counters: cachegrind, one run per side, for ${Object.keys(out.counters).length} changed benchmark(s): ${formatEta(out.ms)}\n`);
    return out;
}
/** Both sides of one command under cachegrind, or why not. */
async function profileEntry(c, specs, only, nativeMs, out) {
    const estimate = STARTUP_MS + SLOWDOWN * (nativeMs ?? specs.head.timeoutMs);
    const left = c.budget ? c.budget.budgetMs - (Date.now() - c.budget.started) : null;
    const est = (ms) => `${(ms / 1000).toFixed(1)} s`;
    if (left !== null && 2 * estimate > left)
        return `over the time budget: cachegrind of both sides estimated at ${est(2 * estimate)}, ${est(Math.max(0, left))} left`;
    if (left === null && estimate > UNBUDGETED_MAX_MS)
        return `cachegrind estimated at ${est(estimate)} a side (over ${est(UNBUDGETED_MAX_MS)}); set time-budget to allow it`;
    // Twice the generous estimate: a program that hangs under valgrind costs a bounded time.
    const timeoutMs = 2 * estimate + 10_000;
    const base = await countSide(c, { spec: specs.base, only }, 'base', timeoutMs, out);
    if (typeof base === 'string')
        return base;
    const head = await countSide(c, { spec: specs.head, only }, 'head', timeoutMs, out);
    if (typeof head === 'string')
        return head;
    return { counts: { base: base.counts, head: head.counts }, seconds: { base: base.seconds, head: head.seconds } };
}
/** One side's run under cachegrind: its counts and seconds, or why not. */
async function countSide(c, { spec, only }, side, timeoutMs, out) {
    if (c.opts.signal?.aborted)
        return 'interrupted';
    const alone = only.length > 0 ? ` alone (${only.join(' ')})` : '';
    c.opts.stderr.write(`${spec.name}: counting ${side}${alone} under cachegrind (simulated caches and branches, one run)\n`);
    const started = Date.now();
    const run = await runCachegrind({
        argv: withFlags(commandArgv(spec.run), only),
        cwd: spec.cwd,
        env: benchmarkEnv(c.opts.parentEnv, spec.env),
        cpus: spec.cpus,
        timeoutMs,
    }, external_node_path_.join(c.rig.scratch, 'counters'), COUNTER_SIMULATION);
    const ms = Date.now() - started;
    out.ms += ms;
    const o = run.outcome;
    const why = run.warnings[0] ? `: ${run.warnings[0]}` : '';
    if (o.timedOut)
        return `cachegrind of ${side} timed out after ${(timeoutMs / 1000).toFixed(1)} s`;
    if (o.spawnError || o.exitCode !== 0)
        return `cachegrind of ${side} failed (${o.spawnError ?? `exit ${o.exitCode}`})${why}`;
    const counts = run.totals ? simulatedCounts(run.totals) : null;
    return counts ? { counts, seconds: ms / 1000 } : `cachegrind of ${side} gave no simulated counts${why}`;
}

;// CONCATENATED MODULE: ./build/engine/ab.js
/**
 * `perfgate ab`: the most accurate comparison. Base and head are checked out side by side and
 * measured as pairs, in random order within each pair (so drift and periodic noise hit both
 * sides alike), then analysed as paired log-ratios. This module sets the two sides up (commits,
 * worktrees, suites, rig) and sequences the rest: the pairs (engine/pairs.ts) and the
 * comparison document (engine/paired-comparison.ts).
 */



















const BASE_SETUP = ' (base)';
const HEAD_SETUP = ' (head)';
/** The suite's path inside the repository, which every checked-out commit has at the same place. */
function suiteInRepo(repo, opts) {
    const suiteRel = external_node_path_.relative(repo, external_node_path_.resolve(opts.cwd, opts.suitePath));
    if (suiteRel.startsWith('..'))
        throw new errors/* InputError */.dz(`suite ${opts.suitePath} is outside the repository ${repo}`);
    return suiteRel;
}
async function resolveTarget(opts) {
    const repo = await repoRoot(opts.cwd);
    const suiteRel = suiteInRepo(repo, opts);
    const base = await resolveCommit(repo, opts.baseRef, '--base');
    if (opts.headRef !== null)
        return {
            repo,
            suiteRel,
            sha: { base, head: await resolveCommit(repo, opts.headRef, '--head') },
            headLabel: opts.headRef,
            headRef: opts.headRef,
        };
    const wt = await snapshotWorkingTree(repo);
    if (wt.dirty)
        opts.stderr.write(`head: the working tree has uncommitted changes; measuring them (snapshot ${wt.sha.slice(0, 12)})\n`);
    if (wt.untracked.length > 0) {
        opts.stderr.write(`head: ${wt.untracked.length} untracked file(s) are NOT part of head (git add them to measure them): ${wt.untracked.slice(0, 5).join(', ')}${wt.untracked.length > 5 ? ', ...' : ''}\n`);
    }
    // Reports name head by its branch ("feature/x (f0bcb67)"), not "working tree".
    const checkedOut = (await gitInfo(repo)).ref;
    const branch = opts.headName || (checkedOut && checkedOut !== 'HEAD' ? checkedOut : null);
    const name = branch ?? 'working tree';
    return {
        repo,
        suiteRel,
        sha: { base, head: wt.sha },
        headLabel: wt.dirty ? `${name} (uncommitted changes included)` : (branch ?? 'working tree (clean)'),
        headRef: wt.dirty ? `${name} + uncommitted changes` : name,
    };
}
function findSpec(suite, name) {
    return suite.benchmarks.find((b) => b.name === name);
}
async function openBench(checkouts, sides, run, roots) {
    const suites = { base: sides.base.suite, head: sides.head.suite };
    // Only benchmarks both sides have can be paired; the shard split is over those, so every
    // shard of a matrix pairs its own share and the shards together cover the suite.
    const shared = { ...suites.head, benchmarks: suites.head.benchmarks.filter((b) => findSpec(suites.base, b.name)) };
    const pairable = shared.benchmarks.length > 0 ? shared : suites.head;
    const chosen = await chooseBenchmarks(pairable, run, roots).catch((err) => {
        // The suite was read from a temporary worktree that is gone when ab ends: name the user's file.
        if (err instanceof errors/* InputError */.dz)
            throw new errors/* InputError */.dz(err.message.split(pairable.path).join(`${run.suiteRel} (head)`));
        throw err;
    });
    // Before setup, as the action does: a compile's load is ours, not the host's.
    const probe = run.probe ?? (await probeHost());
    const host = run.host ?? (await checkHostNow(roots, probe, run.stderr));
    const failed = {
        base: await checkouts.build(sides.base, BASE_SETUP),
        head: await checkouts.build(sides.head, HEAD_SETUP),
    };
    const rig = await openRig({
        ...run,
        probe,
        roots,
        benchmarks: chosen.mine.filter((s) => findSpec(suites.base, s.name)),
        setups: [],
        soft: chosen.auto ? { 'cpus-auto': `${chosen.auto.cpus}: ${chosen.auto.reason}` } : {},
    });
    return { rig, all: chosen.all, host, failed };
}
/**
 * The host checks, taken before anything is built or measured. A busy runner is said on the
 * terminal too, not only in comparison.json: it is why verdicts stay open.
 */
async function checkHostNow(roots, probe, stderr) {
    const doctor = await runDoctor(roots, { probe });
    const quiet = quietVerdict(doctor);
    if (!quiet.quiet)
        stderr.write(`host: the runner is busy (${quiet.reasons.join('; ')}): verdicts may stay inconclusive; a quieter CPU (cpus: auto, a dedicated runner) or more pairs settle them\n`);
    return { checkedAt: new Date().toISOString(), cpus: doctor.cpus, checks: doctor.checks };
}
/** Both sides' results documents before anything is measured. */
function emptyDocs(sides, bench, run) {
    const startedAt = new Date().toISOString();
    const doc = (side) => ({
        schemaVersion: RESULTS_SCHEMA_VERSION,
        tool: { name: 'perfgate', version: VERSION },
        suite: { path: run.suiteRel, sha256: sides[side].suite.sha256 },
        git: { sha: sides[side].sha, ref: run.refs[side] },
        fingerprint: bench.rig.fingerprint,
        backend: bench.rig.suiteBackend,
        backendReason: bench.rig.backendReason,
        startedAt,
        finishedAt: startedAt,
        ...(run.shard ? { shard: { ...run.shard, all: bench.all.map((b) => b.name) } } : {}),
        benchmarks: [],
    });
    return { base: doc('base'), head: doc('head') };
}
async function runAb(opts) {
    const target = await resolveTarget(opts);
    const outDir = external_node_path_.resolve(opts.cwd, opts.outDir);
    assertSettings(opts);
    await ensureWritableDir(outDir);
    const seed = opts.seed ?? (0,external_node_crypto_.randomInt)(0, 2 ** 32);
    const checkouts = await openCheckouts(target.repo, target.suiteRel, opts);
    try {
        opts.stderr.write(`ab: base ${opts.baseRef} (${target.sha.base.slice(0, 12)}) vs head ${target.headLabel} (${target.sha.head.slice(0, 12)}), seed ${seed}\n`);
        const sides = {
            base: await checkouts.checkout(target.sha.base, 'base'),
            head: await checkouts.checkout(target.sha.head, 'head'),
        };
        return await pairCommits(checkouts, sides, {
            ...opts,
            outDir,
            seed,
            suiteRel: target.suiteRel,
            refs: { base: opts.baseName || opts.baseRef, head: target.headRef },
        });
    }
    finally {
        await checkouts.remove();
    }
}
/**
 * Two checked-out commits built (once each), measured as pairs and compared. Head that cannot
 * be built is the change's own failure; a base that cannot be built (the change repairs it)
 * leaves head to be measured alone, with no comparison.
 */
async function pairCommits(checkouts, sides, run) {
    const roots = run.roots ?? rootsFromEnv(run.parentEnv);
    const bench = await openBench(checkouts, sides, run, roots);
    const { rig } = bench;
    const { outDir, seed } = run;
    try {
        const docs = emptyDocs(sides, bench, run);
        if (bench.failed.head !== null)
            throw new errors/* SetupFailedError */.lV(bench.failed.head);
        if (bench.failed.base !== null)
            return await headAlone(rig, docs, { reason: bench.failed.base, outDir, seed }, run);
        const suites = { base: sides.base.suite, head: sides.head.suite };
        const started = Date.now();
        const timeBudgetMs = run.timeBudgetMs ?? suites.head.timeBudgetMs ?? null;
        const measured = await measurePairs({
            opts: run,
            rig,
            baseSuite: suites.base,
            docs,
            outDir,
            rng: rng_createRng(seed),
            timeBudgetMs,
        });
        const counters = await counterProfiles({
            opts: run,
            rig,
            baseSuite: suites.base,
            rows: measured.rows,
            heads: docs.head.benchmarks,
            budget: timeBudgetMs === null ? null : { budgetMs: timeBudgetMs, started },
        });
        const comparison = await pairedComparison(docs, {
            opts: { ...run, baseRef: run.refs.base ?? sides.base.sha.slice(0, 12) },
            outDir,
            seed,
            rows: measured.rows,
            sequential: measured.sequential,
            oneSided: oneSidedEntries(suites, run.filter),
            all: bench.all,
            interrupted: measured.interrupted,
            wholeProfiles: measured.wholeProfiles,
            host: bench.host,
            counters,
        });
        const comparisonPath = external_node_path_.join(outDir, 'comparison.json');
        await writeJsonAtomic(comparisonPath, comparison);
        return { comparison, base: docs.base, head: docs.head, comparisonPath };
    }
    finally {
        await rig.close();
    }
}
/**
 * Base's setup failed: head's benchmarks measured alone (N runs each, no pairs), base's marked
 * failed with the reason, and a comparison without rows that says why (`noComparison`).
 */
async function headAlone(rig, docs, run, opts) {
    const { reason, outDir, seed } = run;
    const first = reason.split('\n')[0] ?? reason;
    opts.stderr.write(`no comparison: ${first}; measuring head alone\n`);
    docs.base.benchmarks = rig.plans.map((p) => ({
        name: p.spec.name,
        status: 'failed',
        backend: p.backend,
        threshold: p.spec.threshold,
        metrics: {},
        error: first,
    }));
    const basePath = external_node_path_.join(outDir, 'base', 'results.json');
    const headPath = external_node_path_.join(outDir, 'head', 'results.json');
    await writeJsonAtomic(basePath, docs.base);
    const results = [];
    await runBenchmarks(rig.plans, {
        backendFor: rig.backendFor,
        parentEnv: opts.parentEnv,
        progress: progressReporter(opts.stderr, {
            isTTY: false,
            totalRuns: rig.plans.reduce((n, p) => n + p.spec.warmup + p.spec.iterations, 0),
        }),
        ...(opts.signal ? { signal: opts.signal } : {}),
        onResult: async (r) => {
            results.push(r);
            docs.head.benchmarks = [...results];
            docs.head.finishedAt = new Date().toISOString();
            await writeJsonAtomic(headPath, docs.head);
        },
    });
    await writeJsonAtomic(headPath, docs.head);
    const skipped = docs.head.benchmarks.filter((b) => b.status === 'skipped').map((b) => b.name);
    const comparison = {
        ...compareDocs(docs.base, docs.head, {
            design: 'paired',
            baseline: {
                source: opts.baseline?.source ?? 'same-job',
                sessions: 1,
                reason: `base ${opts.refs.base ?? docs.base.git.sha?.slice(0, 12) ?? ''} could not be measured (its setup failed): head measured alone, no pairs`,
            },
            seed,
            rows: [],
            basePath,
            headPath,
        }),
        noComparison: reason,
        ...(skipped.length > 0 ? { interrupted: skipped } : {}),
    };
    const comparisonPath = external_node_path_.join(outDir, 'comparison.json');
    await writeJsonAtomic(comparisonPath, comparison);
    return { comparison, base: docs.base, head: docs.head, comparisonPath };
}
/** Benchmarks on one side only (within the filter): not measured, nothing to pair with. */
function oneSidedEntries(suites, filter) {
    const kept = (s) => !filter || filter.test(s.name);
    return {
        added: suites.head.benchmarks.filter((s) => !findSpec(suites.base, s.name) && kept(s)).map((s) => s.name),
        removed: suites.base.benchmarks.filter((s) => !findSpec(suites.head, s.name) && kept(s)).map((s) => s.name),
    };
}

;// CONCATENATED MODULE: ./build/engine/bisect.js
/**
 * `perfgate bisect --good REF --bad REF`: which commit made a benchmark slower. Every question
 * is a paired same-job A/B (engine/ab.ts `pairCommits`, the code of `perfgate ab`), over commits
 * checked out and built once each (engine/checkouts.ts):
 *
 *   1. good vs bad confirms the step and picks the target (the benchmark that regressed most
 *      among those asked for, in its most reliable regressed metric); no regression there ends
 *      it with no culprit;
 *   2. a binary search over the first-parent commits in (good, bad]: good vs the middle commit
 *      says on which side of it the step is — about log2(commits) A/Bs;
 *   3. the culprit vs its parent: the step's own size, interval and differential flame graph.
 *
 * Each A/B samples adaptively (up to 3 × N pairs while a verdict is open). A middle commit still
 * inconclusive against good is measured against bad too, and the step is put on the side with
 * the larger change; one that cannot be built is skipped like `git bisect skip`. Every A/B it ran is in the outcome, so a step that is not monotone (a commit
 * that slows and a later one that recovers) is visible rather than averaged away.
 */














const sha12 = (sha) => sha.slice(0, 12);
function bisect_describe(c) {
    const change = c.change === null ? 'not measured' : `${formatPercent(c.change)} ${c.ci ? formatCi(c.ci) : ''}`;
    return `${c.benchmark} ${c.metric} ${change} ${c.verdict} (${c.pairs} pairs)${c.note ? `; ${c.note}` : ''}`;
}
function rowCost(r) {
    return costChange(r.change, r.direction);
}
/** The regression to follow among the rows asked for; else the largest change, unconfirmed. */
function pickTarget(rows, opts) {
    const asked = rows.filter((r) => (!opts.benchmark || opts.benchmark.test(r.benchmark)) &&
        (opts.metric === undefined ? r.gated : r.metric === opts.metric) &&
        Number.isFinite(r.change));
    const largest = (rs) => rs.reduce((a, r) => (a === null || rowCost(r) > rowCost(a) ? r : a), null);
    const regressions = asked.filter((r) => r.verdict === 'regression');
    const worst = largest(regressions);
    if (worst) {
        // The benchmark that regressed most, followed in its most reliable regressed metric (CPU time
        // before wall: a busy runner moves wall most, and the search must not chase that).
        const rank = (r) => {
            const i = PRIMARY_METRICS.indexOf(r.metric);
            return i < 0 ? PRIMARY_METRICS.length : i;
        };
        const mine = regressions.filter((r) => r.benchmark === worst.benchmark).sort((a, b) => rank(a) - rank(b));
        return { row: mine[0] ?? worst, confirmed: true };
    }
    return { row: largest(asked), confirmed: false };
}
/** Suite entries worth measuring: those --benchmark names, and every harness entry (its benchmarks are known only once it ran). */
function entryFilter(names, re) {
    if (!re)
        return undefined;
    const chosen = names.filter((n) => n.harness || re.test(n.name)).map((n) => n.name);
    if (chosen.length === 0)
        throw new errors/* InputError */.dz(`--benchmark ${String(re)} matches no benchmark of the suite (names: ${names.map((n) => n.name).join(', ')})`);
    return (0,exact_names/* exactNames */.K)(chosen);
}
async function runBisect(opts) {
    const repo = await repoRoot(opts.cwd);
    const suiteRel = suiteInRepo(repo, opts);
    const good = await resolveCommit(repo, opts.good, '--good');
    const bad = await resolveCommit(repo, opts.bad, '--bad');
    const commits = await firstParentRange(repo, good, bad);
    const outDir = external_node_path_.resolve(opts.cwd, opts.outDir);
    assertSettings(opts);
    await ensureWritableDir(outDir);
    const seed = opts.seed ?? (0,external_node_crypto_.randomInt)(0, 2 ** 32 - 64);
    const deadline = opts.timeBudgetMs === undefined ? Infinity : Date.now() + opts.timeBudgetMs;
    const roots = opts.roots ?? rootsFromEnv(opts.parentEnv);
    const probe = opts.probe ?? (await probeHost());
    const host = await checkHostNow(roots, probe, opts.stderr);
    opts.stderr.write(`bisect: ${commits.length} commit(s) in (${sha12(good)}, ${sha12(bad)}]: 1 A/B to confirm, about ${Math.ceil(Math.log2(commits.length))} to search, 1 for the culprit vs its parent\n`);
    const checkouts = await openCheckouts(repo, suiteRel, opts);
    const steps = [];
    const measured = new Map();
    try {
        const goodTree = await checkouts.checkout(good, 'good');
        const badTree = await checkouts.checkout(bad, 'bad');
        const filter = entryFilter(badTree.suite.benchmarks.map((b) => ({ name: b.name, harness: b.harness !== undefined })), opts.benchmark);
        /** One A/B; adjacent commits are profiled (the pair may be the culprit's), others not. */
        const ab = async (base, head, only) => {
            const key = `${base}..${head}`;
            const known = measured.get(key);
            if (known)
                return known;
            const k = steps.length + 1;
            const adjacent = base === good ? head === commits[0] : commits.indexOf(base) + 1 === commits.indexOf(head);
            opts.stderr.write(`bisect: A/B ${k}: ${sha12(base)} vs ${sha12(head)}\n`);
            const outcome = await pairCommits(checkouts, {
                base: base === good ? goodTree : await checkouts.checkout(base, 'base'),
                head: await checkouts.checkout(head, 'head'),
            }, {
                ...opts,
                ...(only ? { filter: only } : {}),
                profile: adjacent && opts.profile !== false,
                outDir: external_node_path_.join(outDir, `ab-${k}`),
                seed: seed + k,
                suiteRel,
                refs: { base, head },
                host,
                probe,
                roots,
                ...(Number.isFinite(deadline) ? { timeBudgetMs: Math.max(1, deadline - Date.now()) } : {}),
            });
            measured.set(key, outcome);
            return outcome;
        };
        const stepOf = (o, base, head, t) => {
            const row = o.comparison.rows.find((r) => r.benchmark === t.benchmark && r.metric === t.metric);
            return {
                base,
                head,
                benchmark: t.benchmark,
                metric: t.metric,
                change: row && Number.isFinite(row.change) ? row.change : null,
                ci: row && Number.isFinite(row.ci[0]) ? row.ci : null,
                verdict: row?.verdict ?? 'inconclusive',
                pairs: row?.sampling?.pairs ?? row?.n.head ?? 0,
                dir: external_node_path_.dirname(o.comparisonPath),
                ...(row ? {} : { note: o.comparison.noComparison ?? 'no row for it in this comparison' }),
            };
        };
        const record = (s) => {
            steps.push(s);
            opts.stderr.write(`bisect:   ${bisect_describe(s)}\n`);
            return s;
        };
        // 1. Confirm.
        const first = await ab(good, bad, filter);
        const picked = pickTarget(first.comparison.rows, opts);
        if (!picked.row || opts.signal?.aborted) {
            return finish({
                confirmed: false,
                benchmark: null,
                metric: null,
                culprit: null,
                range: { good, bad },
                steps,
                commits: commits.length,
                reason: opts.signal?.aborted
                    ? 'interrupted while confirming the step'
                    : (first.comparison.noComparison ??
                        `no ${opts.metric ?? 'gated'} row${opts.benchmark ? ` of a benchmark matching ${String(opts.benchmark)}` : ''} was measured on both commits`),
            });
        }
        const target = {
            benchmark: picked.row.benchmark,
            metric: picked.row.metric,
            entry: picked.row.entry ?? picked.row.benchmark,
            direction: picked.row.direction,
            cost: rowCost(picked.row),
        };
        const confirmStep = record(stepOf(first, good, bad, target));
        if (!picked.confirmed) {
            return finish({
                confirmed: false,
                benchmark: target.benchmark,
                metric: target.metric,
                culprit: null,
                range: { good, bad },
                steps,
                commits: commits.length,
                reason: `no step to bisect: good vs bad is not a regression (${bisect_describe(confirmStep)})`,
            });
        }
        const only = (0,exact_names/* exactNames */.K)([target.entry]);
        // 2. Search: the step is in (commits[lo], commits[hi]] (lo = -1 is good itself).
        let lo = -1;
        let hi = commits.length - 1;
        const skipped = new Set();
        let stopped = null;
        for (;;) {
            const open = [...Array(hi - lo - 1).keys()].map((i) => lo + 1 + i).filter((i) => !skipped.has(i));
            if (open.length === 0)
                break;
            if (opts.signal?.aborted) {
                stopped = `interrupted with ${open.length} untested commit(s) left in the range`;
                break;
            }
            if (Date.now() >= deadline) {
                stopped = `the time budget ran out with ${open.length} untested commit(s) left in the range`;
                break;
            }
            const middle = (lo + hi) / 2;
            const mid = open.reduce((a, i) => (Math.abs(i - middle) < Math.abs(a - middle) ? i : a));
            const sha = commits[mid];
            let o;
            try {
                o = await ab(good, sha, only);
            }
            catch (err) {
                if (!(err instanceof errors/* SetupFailedError */.lV))
                    throw err;
                skipped.add(mid);
                record({ ...noStep(good, sha, target), note: `skipped: ${err.message.split('\n')[0] ?? ''}` });
                continue;
            }
            const s = stepOf(o, good, sha, target);
            if (s.change === null) {
                skipped.add(mid);
                record({ ...s, note: `skipped: ${s.note ?? 'not measured'}` });
                continue;
            }
            record(s);
            let slower = s.verdict === 'regression';
            if (s.verdict === 'inconclusive') {
                // Open: ask the other side too. The step is where the larger change is.
                const rest = stepOf(await ab(sha, bad, only), sha, bad, target);
                slower = decide(s, rest, target);
                record({
                    ...rest,
                    note: `good vs ${sha12(sha)} was inconclusive: the step is ${slower ? 'at or before' : 'after'} it`,
                });
            }
            if (slower)
                hi = mid;
            else
                lo = mid;
        }
        const rangeGood = lo < 0 ? good : commits[lo];
        const rangeBad = commits[hi];
        if (stopped !== null || hi - lo > 1) {
            return finish({
                confirmed: true,
                benchmark: target.benchmark,
                metric: target.metric,
                culprit: null,
                range: { good: rangeGood, bad: rangeBad },
                steps,
                commits: commits.length,
                reason: `the step is in (${sha12(rangeGood)}, ${sha12(rangeBad)}], ${hi - lo} commit(s); ${stopped ?? 'the commits between could not be built'}`,
            });
        }
        // 3. The culprit against its parent: its own step, with the why.
        const parent = rangeGood;
        const own = record(stepOf(await ab(parent, rangeBad, only), parent, rangeBad, target));
        const info = (await commitInfo(repo, rangeBad)) ?? { subject: '', author: '', date: '' };
        const culprit = {
            commit: rangeBad,
            ...info,
            change: own.change,
            ci: own.ci,
            verdict: own.verdict,
            dir: own.dir,
        };
        const size = own.verdict === 'regression'
            ? `${formatPercent(own.change ?? NaN)} ${own.ci ? formatCi(own.ci) : ''} against its parent`
            : `against its parent only ${own.verdict} (${formatPercent(own.change ?? NaN)}): the step may be spread over several commits`;
        return finish({
            confirmed: true,
            benchmark: target.benchmark,
            metric: target.metric,
            culprit,
            range: { good: parent, bad: rangeBad },
            steps,
            commits: commits.length,
            reason: `${sha12(rangeBad)} ${JSON.stringify(info.subject)} made ${target.benchmark} ${target.metric} slower: ${size}`,
        });
    }
    finally {
        await checkouts.remove();
    }
    async function finish(outcome) {
        await writeJsonAtomic(external_node_path_.join(outDir, 'bisect.json'), outcome);
        opts.stderr.write(`bisect: ${outcome.reason}\n`);
        return outcome;
    }
}
function noStep(base, head, t) {
    return {
        base,
        head,
        benchmark: t.benchmark,
        metric: t.metric,
        change: null,
        ci: null,
        verdict: 'inconclusive',
        pairs: 0,
        dir: '',
    };
}
/**
 * Good vs the middle commit was inconclusive: the step is on the side with the larger change
 * (a regression of middle vs bad alone puts it after); without a second measurement, on the
 * side its estimate is nearer, with half the confirmed step as the border.
 */
function decide(toMid, fromMid, t) {
    const cost = (c) => Math.log1p(costChange(c.change ?? 0, t.direction));
    if (fromMid.change === null)
        return cost(toMid) >= Math.log1p(t.cost) / 2;
    if (fromMid.verdict === 'regression')
        return false;
    return cost(toMid) >= cost(fromMid);
}

;// CONCATENATED MODULE: ./build/engine/confirm.js
/**
 * Confirmation before alerting (issue 22 item 2). A step in the nightly history is a hypothesis:
 * between sessions a runner drifts (page placement, neighbours, another VM) by more than θ. So
 * before a step is alerted, the commits either side are measured as interleaved pairs in one job
 * (engine/bisect.ts: a paired A/B of the two, then a bisection of the first-parent commits
 * between them down to the culprit), and what that concluded is kept as a confirmation record
 * (results/confirmation-record.ts) next to the history, so each step is measured once.
 *
 *   const todo = stepsToConfirm(steps);                  // pure
 *   const r = await confirmSteps({ ...settings, steps: todo, budgetMs, ... });
 *   await store.appendConfirmations(r.records);
 *
 * A step is confirmed (the paired run found the regression), rejected (it did not: drift), left
 * unconfirmable for now (a commit that cannot be fetched, a suite that cannot be built there:
 * tried again on the next run, never alerted meanwhile) or pending (the time budget ran out
 * before its turn, or during its first A/B: confirmed on a later run).
 */






/** Below this much budget left, a bisection is not started: it could not finish its first A/B. */
const MIN_CONFIRM_BUDGET_MS = 20_000;
/**
 * The steps that need a paired run, in the order to measure them: open regressions that no
 * confirmation record covers yet, newest first (the one a maintainer is about to hear of).
 */
function stepsToConfirm(steps) {
    return steps
        .filter((s) => s.kind === 'regression' && s.open && s.confirmation === undefined)
        .sort((a, b) => b.firstAfter.date.localeCompare(a.firstAfter.date) ||
        a.benchmark.localeCompare(b.benchmark) ||
        a.metric.localeCompare(b.metric));
}
/** A bisection's outcome as the record the store keeps. */
function toConfirmationRecord(step, o, meta) {
    const first = o.steps[0];
    const narrowed = o.range.good !== step.lastBefore.commit || o.range.bad !== step.firstAfter.commit;
    return {
        v: 1,
        suite: step.firstAfter.record.suite,
        benchmark: step.benchmark,
        metric: step.metric,
        good: step.lastBefore.commit,
        bad: step.firstAfter.commit,
        outcome: o.confirmed ? 'confirmed' : 'rejected',
        change: first?.change ?? null,
        ci: first?.ci ?? null,
        verdict: first?.verdict ?? 'inconclusive',
        pairs: first?.pairs ?? 0,
        ...(o.confirmed && o.culprit
            ? {
                culprit: {
                    commit: o.culprit.commit,
                    subject: o.culprit.subject,
                    change: o.culprit.change,
                    ci: o.culprit.ci,
                },
            }
            : {}),
        ...(o.confirmed && !o.culprit && narrowed ? { range: { good: o.range.good, bad: o.range.bad } } : {}),
        reason: o.reason,
        date: meta.date,
        ...(meta.runUrl ? { runUrl: meta.runUrl } : {}),
        ...(meta.flameGraph ? { flameGraph: meta.flameGraph } : {}),
    };
}
async function confirmSteps(o) {
    const now = o.now ?? Date.now;
    const start = now();
    const report = { records: [], unconfirmable: [], pending: [], outcomes: [] };
    const date = o.date ?? new Date(start).toISOString();
    for (const [n, step] of o.steps.entries()) {
        const left = o.budgetMs === null ? null : o.budgetMs - (now() - start);
        if (left !== null && left < MIN_CONFIRM_BUDGET_MS) {
            report.pending.push(step);
            continue;
        }
        const good = step.lastBefore.commit;
        const bad = step.firstAfter.commit;
        const what = `${step.benchmark} ${step.metric} ${good.slice(0, 12)}..${bad.slice(0, 12)}`;
        o.log(`confirm: ${what}: paired A/B of the commits either side${left !== null ? `, ${Math.round(left / 1000)} s of budget left` : ''}`);
        const began = now();
        let outcome;
        try {
            if (o.fetch !== false)
                await ensureRange(o.cwd, good, bad, o.log);
            outcome = await runBisect({
                ...o,
                cwd: o.cwd,
                suitePath: o.suitePath,
                good,
                bad,
                benchmark: (0,exact_names/* exactNames */.K)([step.benchmark]),
                metric: step.metric,
                outDir: external_node_path_.join(o.outDir, String(n)),
                ...(left !== null ? { timeBudgetMs: left } : {}),
            });
        }
        catch (err) {
            if (err instanceof errors/* InterruptedError */.p4 || interruptedBy(o.signal))
                throw err;
            const reason = (0,errors/* errorMessage */.gJ)(err).split('\n')[0] ?? 'failed';
            o.log(`confirm: ${what}: not measured: ${reason}`);
            report.unconfirmable.push({ step, reason });
            continue;
        }
        report.outcomes.push({ step, outcome });
        // Not confirmed because the budget ran out during its first A/B is no verdict on the step.
        if (!outcome.confirmed && left !== null && now() - began >= left) {
            o.log(`confirm: ${what}: the time budget ran out before the paired run decided; left for a later run`);
            report.pending.push(step);
            continue;
        }
        const flameGraph = outcome.confirmed && outcome.culprit && o.publish ? await o.publish(step, outcome.culprit.dir) : null;
        const record = toConfirmationRecord(step, outcome, {
            date,
            ...(o.runUrl ? { runUrl: o.runUrl } : {}),
            flameGraph,
        });
        o.log(`confirm: ${what}: ${record.outcome}: ${outcome.reason}`);
        report.records.push(record);
    }
    return report;
}

;// CONCATENATED MODULE: ./build/report/confirmation-summary.js


const confirmation_summary_short = (sha) => sha.slice(0, 7);
function renderConfirmationSummary(input) {
    const { records, unconfirmable, pending, repoUrl } = input;
    if (records.length + unconfirmable.length + pending.length === 0)
        return '';
    const commit = (sha) => repoUrl ? `[\`${confirmation_summary_short(sha)}\`](${repoUrl}/commit/${sha})` : `\`${confirmation_summary_short(sha)}\``;
    const range = (good, bad) => `\`${confirmation_summary_short(good)}…${confirmation_summary_short(bad)}\``;
    const series = (benchmark, metric) => `**${escapeMarkdown(benchmark)}** ${escapeMarkdown(metric)}`;
    const measured = (r) => `${r.change !== null ? `${formatPercent(r.change)}${r.ci ? ` ${formatCi(r.ci)}` : ''}, ` : ''}${r.verdict}, ${r.pairs} pairs`;
    const lines = ['', '### Steps in the history, measured as pairs', ''];
    for (const r of records) {
        if (r.outcome === 'rejected') {
            lines.push(`- ${series(r.benchmark, r.metric)}: the step in ${range(r.good, r.bad)} is drift (not confirmed by a paired run: ${measured(r)}); not alerted.`);
            continue;
        }
        const culprit = r.culprit
            ? `culprit ${commit(r.culprit.commit)}${r.culprit.subject ? ` “${escapeMarkdown(r.culprit.subject.slice(0, 80))}”` : ''}${r.culprit.change !== null ? ` (${formatPercent(r.culprit.change)}${r.culprit.ci ? ` ${formatCi(r.culprit.ci)}` : ''} against its parent)` : ''}`
            : `no single commit isolated (${escapeMarkdown(r.reason)})`;
        lines.push(`- ${series(r.benchmark, r.metric)}: the step in ${range(r.good, r.bad)} is confirmed (${measured(r)}); ${culprit}.`);
    }
    for (const u of unconfirmable)
        lines.push(`- ${series(u.step.benchmark, u.step.metric)}: the step in ${range(u.step.lastBefore.commit, u.step.firstAfter.commit)} could not be measured as pairs (${escapeMarkdown(u.reason)}); not alerted, tried again on the next run.`);
    if (pending.length > 0)
        lines.push(`- Pending (the time budget ran out; not alerted, measured on a later run): ${pending
            .map((s) => `${series(s.benchmark, s.metric)} ${range(s.lastBefore.commit, s.firstAfter.commit)}`)
            .join(', ')}.`);
    return lines.join('\n') + '\n';
}

;// CONCATENATED MODULE: ./build/engine/check-host.js
/**
 * The host checks for the CPUs the benchmarks will run on, for `perfgate doctor` and the
 * action's pre-flight alike: `--cpus`/the `cpus` input when given, else the CPUs the suite pins
 * to, else all CPUs. One rule, so the doctor a user runs by hand checks what the gate measures on.
 */






async function check_host_targetCpus(cpus, suiteFile, suiteRequired, roots, flag = '--cpus') {
    if (cpus !== undefined) {
        const text = cpus === 'auto' ? (await resolveAutoCpus(roots)).cpus : cpus;
        const list = parseCpuList(text);
        if (list === null || list.length === 0)
            throw new errors/* InputError */.dz(flagProblem(flag, cpus, CPUS_EXPECTED));
        // Checking a CPU this machine does not have would report on nothing.
        await assertCpusExist({ path: suiteFile }, [], roots, { name: flag, value: text });
        return list;
    }
    // No suite is fine when none was asked for (doctor also runs before a repository has one).
    if (!suiteRequired && !(0,external_node_fs_.existsSync)(suiteFile))
        return null;
    const s = await loadSuite(suiteFile);
    await assertCpusExist(s, s.benchmarks, roots);
    const auto = s.benchmarks.some((b) => b.cpus === 'auto') ? (await resolveAutoCpus(roots)).cpus : null;
    return benchmarkCpus(s.benchmarks.map((b) => ({ cpus: b.cpus === 'auto' ? auto : b.cpus })));
}
async function checkHost(opts) {
    const cpus = await check_host_targetCpus(opts.cpus, opts.suiteFile, opts.suiteRequired, opts.roots, opts.flag);
    return runDoctor(opts.roots, { cpus, ...(opts.probe ? { probe: opts.probe } : {}) });
}

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
    assertSettings(opts);
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
                ? {
                    profile: (spec) => recordProfiles(spec, { perf: rig.probe.perf, outDir, scratch: rig.scratch, parentEnv: opts.parentEnv }),
                }
                : {}),
            onResult: async (r) => {
                results.push(r);
                doc.benchmarks = [...results];
                doc.finishedAt = new Date().toISOString();
                // A write that fails mid-run must not throw away what is still to be measured; a later
                // write that succeeds (space freed) makes the file current again.
                await writeJsonAtomic(resultsPath, doc).then(() => (writeFailure = undefined), (err) => (writeFailure = err));
            },
        });
    }
    finally {
        await rig.close();
    }
    if (writeFailure !== undefined)
        await saveElsewhere(doc, resultsPath, writeFailure);
    await writeFileAtomic(summaryPath, renderSummaryText(doc)).catch((err) => {
        throw new errors/* EnvironmentError */.eG(`results are in ${resultsPath}, but ${summaryPath} cannot be written: ${err.code ?? (0,errors/* errorMessage */.gJ)(err)}`);
    });
    const incomplete = doc.benchmarks.some((b) => b.status !== 'ok');
    return { doc, resultsPath, summaryPath, exitCode: incomplete ? errors/* EXIT */.dc.regression : errors/* EXIT */.dc.ok };
}
/**
 * The last write to --out failed (full disk, EIO): the results.json left there is an older,
 * shorter version that would pass for a complete run, so it goes, and the whole document is
 * saved in the temporary directory instead (or the error says nothing could be saved).
 */
async function saveElsewhere(doc, wanted, cause) {
    const why = cause.code ?? (0,errors/* errorMessage */.gJ)(cause);
    await (0,promises_.rm)(wanted, { force: true }).catch(() => undefined);
    let fallback;
    try {
        const dir = await (0,promises_.mkdtemp)(external_node_path_.join(external_node_os_.tmpdir(), 'perfgate-results-'));
        fallback = external_node_path_.join(dir, 'results.json');
        await writeJsonAtomic(fallback, doc);
    }
    catch (err) {
        throw new errors/* EnvironmentError */.eG(`cannot write ${wanted}: ${why}; saving to ${external_node_os_.tmpdir()} failed too (${err.code ?? (0,errors/* errorMessage */.gJ)(err)}): the results of this run are lost`);
    }
    throw new errors/* EnvironmentError */.eG(`cannot write ${wanted}: ${why}; the partial file was removed and the complete results saved to ${fallback}`);
}

;// CONCATENATED MODULE: ./build/report/checks-table.js
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
    const rows = report.checks.map((c) => [
        c.id,
        mark[c.status],
        escapeMarkdown(c.value),
        escapeMarkdown(c.status === 'pass' ? '' : c.advice),
    ]);
    return `### perfgate doctor\n\n${escapeMarkdown(heading(report))}\n\n${(0,markdown_table/* markdownTable */.Q)([['check', 'status', 'value', 'advice'], ...rows])}\n`;
}
/**
 * The job summary's folded block, last in it (report/job-summary.ts): its summary line says
 * the counts, so a failed check is seen without unfolding.
 */
function renderChecksDetails(report) {
    const c = report.counts;
    const flag = c.fail > 0 ? '❌ ' : c.warn > 0 ? '⚠️ ' : '';
    return `<details><summary>${flag}Host checks: ${c.pass} pass, ${c.warn} warn, ${c.fail} fail, ${c.unknown} unknown</summary>\n\n${renderChecksMarkdown(report)}\n</details>\n`;
}

;// CONCATENATED MODULE: ./build/action/measure.js
/**
 * Measuring inside the action: the host pre-flight first (printed in a collapsible group and
 * refused with `require-quiet` on a busy host), then the suite, with the action's inputs as
 * overrides. Shared by every mode that measures.
 */









/** Host checks and pre-flight before measuring; returns their markdown for the job summary. */
async function measure_preflight(inputs) {
    return (await hostPreflight(inputs)).md;
}
/**
 * preflight, with the ids of the checks that failed as well: a baseline run keeps them in its
 * history records, so an alert can say the runs around a step ran on a busy host.
 */
async function hostPreflight(inputs) {
    // The same CPUs `perfgate doctor` checks: the `cpus` input, else the suite's pinned CPUs.
    const report = await checkHost({
        ...(inputs.cpus !== null ? { cpus: inputs.cpus } : {}),
        suiteFile: inputs.suite,
        suiteRequired: true,
        roots: rootsFromEnv(process.env),
        flag: "input 'cpus'",
    });
    core/* startGroup */.Oh(`perfgate host checks: ${report.counts.pass} pass, ${report.counts.warn} warn, ${report.counts.fail} fail, ${report.counts.unknown} unknown`);
    core/* info */.pq(renderChecksText(report));
    core/* endGroup */.N4();
    const md = renderChecksDetails(report);
    const quiet = quietVerdict(report);
    if (!quiet.quiet) {
        if (inputs.requireQuiet)
            throw new errors/* EnvironmentError */.eG(`require-quiet: the runner is busy, refusing to measure: ${quiet.reasons.join('; ')}`);
        core/* warning */.$e(`the runner is busy (${quiet.reasons.join('; ')}): results may be noisy`);
    }
    return { md, failed: report.checks.filter((c) => c.status === 'fail').map((c) => c.id) };
}
/** The action's inputs as the engine's settings: the same for one session and for pairs. */
function measureSettings(inputs, signal) {
    return {
        ...(inputs.iterations !== null ? { iterations: inputs.iterations } : {}),
        ...(inputs.maxIterations !== null ? { maxIterations: inputs.maxIterations } : {}),
        ...(inputs.backend !== null ? { backend: inputs.backend } : {}),
        ...(inputs.filter !== null ? { filter: inputs.filter } : {}),
        ...(inputs.cpus !== null ? { cpus: inputs.cpus } : {}),
        ...(inputs.pairing !== null ? { pairing: inputs.pairing } : {}),
        ...(inputs.shard !== null ? { shard: inputs.shard } : {}),
        ...(inputs.tune ? { tune: true, tuningStateFile: tuningStateFile() } : {}),
        // Setup inherits this: the job's environment less every variable holding a secret (tools/secrets.ts).
        parentEnv: (0,secrets/* withoutSecrets */.cT)(process.env),
        stderr: process.stderr,
        ...(signal ? { signal } : {}),
    };
}
async function measureHead(inputs, ctx, outDir) {
    const outcome = await measureSuite({
        ...measureSettings(inputs, ctx.signal),
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

;// CONCATENATED MODULE: ./build/action/confirm-history.js
/**
 * The action's side of confirmation before alerting (issue 22 item 2): after a baseline run on
 * the default branch, the history's open regressions that no paired run has looked at yet are
 * measured as pairs in this job (engine/confirm.ts: fetch, A/B, bisect), within what is left of
 * `time-budget`, and the conclusions are appended to the store beside the history. The alert
 * and the dashboard then read them. This module only translates inputs and stores the outcome.
 */











/**
 * Confirms the suite's unconfirmed open regressions on main (`main`: its history records there)
 * and returns every confirmation known, for the alert. `startedAt`: when this job's measuring
 * began, so confirmation gets what is left of `time-budget`.
 */
async function confirmHistory(o) {
    const { inputs, ctx, store, suiteId } = o;
    const known = [];
    if (store.readConfirmations) {
        const read = await store.readConfirmations(suiteId);
        for (const line of historyProblemLines(read.problems))
            core/* warning */.$e(`history: ${line}`);
        known.push(...read.records);
    }
    const steps = suiteSteps(o.main, suiteId, {}, { confirmations: confirmationIndex(known) });
    const todo = stepsToConfirm(steps);
    if (todo.length === 0)
        return { confirm: { confirmations: confirmationIndex(known), requireConfirmation: true }, summary: '' };
    const budgetMs = inputs.timeBudgetMs === null ? null : Math.max(0, inputs.timeBudgetMs - (Date.now() - Date.parse(o.startedAt)));
    const repoUrl = `${ctx.serverUrl}/${ctx.repo.owner}/${ctx.repo.name}`;
    // The step's benchmark is what is measured, whatever the run's filter (a shard never gets here).
    const { filter: _filter, ...settings } = measureSettings(inputs, ctx.signal);
    core/* startGroup */.Oh(`perfgate: confirming ${todo.length} step(s) of the history with paired runs`);
    let report;
    try {
        report = await confirmSteps({
            ...settings,
            cwd: ctx.workspace,
            suitePath: inputs.suite,
            outDir: external_node_path_.join(inputs.out, 'confirm'),
            steps: todo,
            budgetMs,
            runUrl: o.runUrl,
            log: (line) => core/* info */.pq(line),
            ...(inputs.flamegraphImages && !ctx.pr?.readOnly
                ? { publish: (step, dir) => publishCulpritImage(o, step, dir) }
                : {}),
        });
    }
    finally {
        core/* endGroup */.N4();
    }
    for (const u of report.unconfirmable)
        core/* warning */.$e(`the step of ${u.step.benchmark} ${u.step.metric} in ${u.step.lastBefore.commit.slice(0, 12)}..${u.step.firstAfter.commit.slice(0, 12)} could not be measured as pairs: ${u.reason} (not alerted; tried again on the next run)`);
    if (report.records.length > 0 && store.appendConfirmations) {
        try {
            await store.appendConfirmations(report.records);
        }
        catch (err) {
            core/* warning */.$e(`could not store ${report.records.length} step confirmation(s) in ${store.where}: ${(0,errors/* errorMessage */.gJ)(err)}; the next run measures them again`);
        }
    }
    return {
        confirm: { confirmations: confirmationIndex([...known, ...report.records]), requireConfirmation: true },
        summary: renderConfirmationSummary({ ...report, repoUrl }),
    };
}
/** The culprit's differential flame graph on the data branch; null (with a warning) when there is none. */
async function publishCulpritImage(o, step, dir) {
    try {
        const comparison = await readComparison(external_node_path_.join(dir, 'comparison.json'));
        const published = await publishFlameGraphImages({
            comparison,
            suiteId: o.suiteId,
            key: 'culprits',
            target: {
                remote: o.images.remote,
                ...(o.images.token ? { token: o.images.token } : {}),
            },
            keepDays: o.images.keepDays,
            serverUrl: o.ctx.serverUrl,
            repository: `${o.ctx.repo.owner}/${o.ctx.repo.name}`,
        });
        for (const w of published.warnings)
            core/* warning */.$e(w);
        return published.urls[step.benchmark] ?? null;
    }
    catch (err) {
        core/* warning */.$e(`no flame graph for the culprit of ${step.benchmark}: ${(0,errors/* errorMessage */.gJ)(err)}`);
        return null;
    }
}

;// CONCATENATED MODULE: ./build/report/nightly.js
/**
 * The job summary of a baseline run (a nightly, a push to main): what moved since the previous
 * recorded run on the same ref, the open alert issue, this session's table, and the host checks
 * last (issue 20 item 13). Pure: the history records and the alert come in, markdown goes out.
 *
 * The comparison with the previous night is of two medians, one session each: sessions differ
 * by more than θ now and then with nothing changed (docs/ARCHITECTURE.md §4), so a move here is
 * a lead and says so; the history's change points, confirmed by paired runs, raise the alert.
 */






/**
 * The run before this one on the same ref: the newest date earlier than this run's among the
 * suite's records (one run writes all its records with one date), each of this run's series
 * beside it. Null when there is none (the first night, or another ref's history only).
 */
function previousNight(records, tonight) {
    const first = tonight[0];
    if (!first)
        return null;
    const at = Date.parse(first.date);
    let newest = null;
    for (const r of records) {
        if (r.suite !== first.suite || r.ref !== first.ref || Date.parse(r.date) >= at)
            continue;
        if (newest === null || Date.parse(r.date) > Date.parse(newest.date))
            newest = r;
    }
    if (!newest)
        return null;
    const prev = new Map(records
        .filter((r) => r.suite === first.suite && r.date === newest.date)
        .map((r) => [`${r.benchmark}|${r.metric}`, r]));
    const moves = [];
    for (const r of tonight) {
        const p = prev.get(`${r.benchmark}|${r.metric}`);
        if (!p || p.median === 0 || !Number.isFinite(p.median) || !Number.isFinite(r.median))
            continue;
        const change = r.median / p.median - 1;
        const theta = r.threshold ?? null;
        const cost = costChange(change, r.direction);
        moves.push({
            benchmark: r.benchmark,
            metric: r.metric,
            unit: r.unit,
            before: p.median,
            after: r.median,
            change,
            threshold: theta,
            moved: theta === null ? null : cost > theta ? 'slower' : cost < -theta ? 'faster' : null,
        });
    }
    return { commit: newest.commit, date: newest.date, ...(newest.runUrl ? { runUrl: newest.runUrl } : {}), moves };
}
const value = (v, unit) => {
    const f = formatValue(v, unit);
    return `${f.text} ${f.unit}`;
};
function sinceLastNight(p) {
    if (p === undefined)
        return '';
    if (!p)
        return '**Since the previous run:** none recorded on this ref yet; the next run compares with this one.\n';
    const run = p.runUrl ? ` ([run](${p.runUrl}))` : '';
    const head = `**Since the previous run** (${markdownCode(p.commit.slice(0, 7))}, ${p.date.slice(0, 10)}${run}):`;
    const moved = p.moves.filter((m) => m.moved !== null);
    if (moved.length === 0)
        return `${head} no series moved beyond its noise threshold θ (${p.moves.length} compared).\n`;
    const rows = moved
        .sort((a, b) => Math.abs(b.change) - Math.abs(a.change))
        .map((m) => [
        escapeMarkdown(m.benchmark),
        escapeMarkdown(m.metric),
        value(m.before, m.unit),
        value(m.after, m.unit),
        `${formatPercent(m.change)} (${m.moved})`,
        formatThreshold(m.threshold),
    ]);
    return [
        `${head} ${moved.length} of ${p.moves.length} series moved beyond θ.`,
        '',
        (0,markdown_table/* markdownTable */.Q)([['benchmark', 'metric', 'previous', 'this run', 'change', 'θ'], ...rows], {
            align: ['l', 'l', 'r', 'r', 'r', 'r'],
        }),
        '',
        'Medians of one session each: a lead, not a verdict (sessions drift apart now and then with nothing changed). The history’s change points, confirmed by paired runs, raise the alert issue.',
        '',
    ].join('\n');
}
function alertLine(a) {
    if (!a || a.state !== 'open')
        return '';
    return `🔔 Open alert issue: [#${a.number}](${a.url}): main has regressions that are not fixed yet.\n`;
}
function renderNightlySummary(input) {
    const { doc } = input;
    const at = doc.git.sha ? ` at ${markdownCode(doc.git.sha.slice(0, 7))}` : '';
    const failed = doc.benchmarks.filter((b) => b.status !== 'ok').length;
    const verdict = `### perfgate baseline run${at}: ${doc.benchmarks.length - failed} of ${doc.benchmarks.length} benchmarks measured\n`;
    return renderJobSummary({
        verdict: [verdict, alertLine(input.alert), sinceLastNight(input.previous)].filter((s) => s !== '').join('\n'),
        sections: [renderSummaryMarkdown(doc, { heading: false }), input.notes ?? ''],
        host: input.host ?? '',
    });
}

;// CONCATENATED MODULE: ./build/action/record-history.js
/**
 * Baseline runs keep a durable history: each appends one record per benchmark × metric to the
 * history ref (or, on a persistent runner, a directory), so nightly runs can be charted and
 * their steps found (docs/history.md). A history that cannot be written is a warning: the
 * measured results are still in the artifact and the job summary.
 */













/** The suite's id as a history directory name (`/` is not allowed there). */
function historySuiteId(inputs) {
    return inputs.suiteId.replace(/\//g, '-');
}
/** The repository of the data refs (this one unless `history-remote`), and the token it may get. */
function dataBranchRemote(inputs, ctx) {
    const remote = inputs.historyRemote ?? `${ctx.serverUrl}/${ctx.repo.owner}/${ctx.repo.name}.git`;
    return { remote, token: tokenForRemote(remote, ctx.serverUrl, inputs.token) };
}
/** The store the inputs name, or null when history is off. */
function historyStore(inputs, ctx) {
    if (!inputs.history)
        return null;
    if (inputs.historyPath)
        return directoryHistoryStore(inputs.historyPath);
    const { remote, token } = dataBranchRemote(inputs, ctx);
    return gitHistoryStore({
        remote,
        ref: inputs.historyRef,
        legacy: inputs.historyLegacy,
        ...(token ? { token } : {}),
        log: (m) => core/* info */.pq(m),
    });
}
/** Whether this run is on the default branch (push or schedule there): only its history is "main". */
function onDefaultBranch(ctx) {
    return ctx.defaultBranch !== null && ctx.ref === `refs/heads/${ctx.defaultBranch}`;
}
/**
 * Appends this baseline run, then reads the suite's history back once: for the comparison with
 * the previous run on this ref, and, on the default branch, to confirm the history's new steps
 * with paired runs (confirm-steps) and let the confirmed ones open or update the suite's alert
 * issue (alerts).
 */
async function recordHistory(inputs, ctx, gh, doc, 
/** The run's URL, and the ids of its pre-flight's failed host checks when it had one. */
run) {
    const none = (note) => ({ note, previous: undefined, alert: null });
    const store = historyStore(inputs, ctx);
    if (!store)
        return none('');
    let note;
    let tonight;
    try {
        // The workspace is the checked-out repository: the measured commit is there.
        const subject = doc.git.sha ? await commitSubject(ctx.workspace, doc.git.sha) : null;
        tonight = toHistoryRecords(doc, {
            suiteId: historySuiteId(inputs),
            runUrl: run.url,
            subject,
            ...(run.hostFailed ? { hostFailed: run.hostFailed } : {}),
            ...(ctx.ref ? { ref: ctx.ref } : {}),
        });
        const r = await store.append(tonight);
        core/* info */.pq(`history: ${r.records} record(s) appended to ${store.where} (${r.files.join(', ')})`);
        note = `History: ${r.records} record(s) appended to \`${store.where}\`.\n`;
    }
    catch (err) {
        core/* warning */.$e(`could not append to the history in ${store.where}: ${(0,errors/* errorMessage */.gJ)(err)} (needs contents: write for the history ref); the results are still in the baseline artifact`);
        return none(`> ⚠️ The history in \`${store.where}\` could not be written: ${(0,errors/* errorMessage */.gJ)(err)}\n`);
    }
    let records;
    try {
        const read = await store.read(historySuiteId(inputs));
        for (const line of historyProblemLines(read.problems))
            core/* warning */.$e(`history: ${line}`);
        records = read.records;
    }
    catch (err) {
        core/* warning */.$e(`could not read the history in ${store.where}: ${(0,errors/* errorMessage */.gJ)(err)}; no alert this run`);
        return none(note);
    }
    const previous = previousNight(records, tonight);
    // Confirmation serves the PR comment's notes as well as the alert: it runs with either.
    if (!onDefaultBranch(ctx) || (!inputs.alerts && !inputs.confirmSteps))
        return { note, previous, alert: null };
    const main = records.filter((r) => r.ref === null || r.ref === ctx.ref);
    // The history's steps are hypotheses (runners drift between sessions): paired runs first.
    let confirmed = null;
    if (inputs.confirmSteps) {
        try {
            const { remote, token } = dataBranchRemote(inputs, ctx);
            confirmed = await confirmHistory({
                inputs,
                ctx,
                store,
                suiteId: historySuiteId(inputs),
                main,
                startedAt: doc.startedAt,
                runUrl: run.url,
                images: { remote, token, keepDays: inputs.flamegraphImagesDays },
            });
        }
        catch (err) {
            if (interruptedBy(ctx.signal))
                throw err;
            core/* warning */.$e(`could not confirm the history's steps: ${(0,errors/* errorMessage */.gJ)(err)}; unconfirmed steps are not alerted`);
            confirmed = { confirm: { confirmations: new Map(), requireConfirmation: true }, summary: '' };
        }
        note += confirmed.summary;
    }
    if (!inputs.alerts)
        return { note, previous, alert: null };
    try {
        const a = await gh.alertOnHistory(main, historySuiteId(inputs), ctx.serverUrl, confirmed?.confirm);
        if (a.action !== 'none')
            core/* info */.pq(`alert issue ${a.action}${a.number !== null ? ` (#${a.number})` : ''}: ${a.reason}`);
        const alert = a.number !== null && a.url !== null ? { number: a.number, url: a.url, state: a.state } : null;
        return {
            note: note + (a.number !== null ? `Alert issue: [#${a.number}](${a.url ?? ''}) (${a.action}).\n` : ''),
            previous,
            alert,
        };
    }
    catch (err) {
        core/* warning */.$e(`could not update the alert issue: ${(0,errors/* errorMessage */.gJ)(err)} (needs issues: write)`);
        return { note, previous, alert: null };
    }
}
/**
 * What the history on the base branch says about a pull request's comparison: trend charts of the
 * changed benchmarks and notes on steps main already has. Best effort: no history, no section.
 */
async function historyForComment(inputs, ctx, comparison, baseBranch) {
    const store = historyStore(inputs, ctx);
    if (!store || baseBranch === null)
        return undefined;
    try {
        const { records } = await store.read(historySuiteId(inputs));
        const main = records.filter((r) => r.ref === null || r.ref === `refs/heads/${baseBranch}`);
        if (main.length === 0)
            return undefined;
        // "Main already regressed" only for steps a paired run confirmed (drift is no news).
        const confirmations = inputs.confirmSteps && store.readConfirmations
            ? (await store.readConfirmations(historySuiteId(inputs))).records
            : [];
        return historyForReport(main, comparison, {
            suiteId: historySuiteId(inputs),
            repoUrl: `${ctx.serverUrl}/${ctx.repo.owner}/${ctx.repo.name}`,
            confirmations: confirmationIndex(confirmations),
            confirmedOnly: inputs.confirmSteps,
        });
    }
    catch (err) {
        core/* info */.pq(`no history for the comment: ${(0,errors/* errorMessage */.gJ)(err)}`);
        return undefined;
    }
}
/** Changed benchmarks' differential flame graphs as images on this month's images ref, for the comment. */
async function commentImages(inputs, ctx, comparison) {
    if (!inputs.flamegraphImages || ctx.pr?.readOnly)
        return {};
    const { remote, token } = dataBranchRemote(inputs, ctx);
    const published = await publishFlameGraphImages({
        comparison,
        suiteId: historySuiteId(inputs),
        key: ctx.pr
            ? `pr-${ctx.pr.number}`
            : ctx.mergeGroup
                ? `merge-${ctx.mergeGroup.headSha.slice(0, 12)}`
                : ctx.ref.replace(/^refs\/heads\//, '') || 'run',
        target: { remote, ...(token ? { token } : {}) },
        keepDays: inputs.flamegraphImagesDays,
        serverUrl: ctx.serverUrl,
        repository: `${ctx.repo.owner}/${ctx.repo.name}`,
    });
    for (const w of published.warnings)
        core/* warning */.$e(w);
    if (published.pruned.length > 0)
        core/* info */.pq(`flame graph images: deleted ${published.pruned.join(', ')} (older than ${inputs.flamegraphImagesDays} days)`);
    return published.urls;
}

;// CONCATENATED MODULE: ./build/action/reporter.js
/**
 * What the action leaves behind, for every mode: the job summary, the sticky PR comment and
 * the artifacts. Each of them is a copy of the others or of local files, so one that cannot be
 * written is a warning, never the reason a clean gate fails.
 */










const runUrl = (ctx, runId = ctx.runId) => `${ctx.serverUrl}/${ctx.repo.owner}/${ctx.repo.name}/actions/runs/${runId}`;
/**
 * The run page scrolled to its artifacts: the report artifact is uploaded after the comment is
 * posted (a cancelled job must replace the comment first), so its own id is not known yet.
 */
const artifactsUrl = (ctx, runId = ctx.runId) => `${runUrl(ctx, runId)}#artifacts`;
function shardArtifact(inputs, index, count) {
    return `${inputs.baselineArtifact.replace(/^perfgate-baseline/, 'perfgate-shard')}-${index}-of-${count}`;
}
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
async function uploadOrWarn(job, name, dir) {
    try {
        const files = await filesUnder(dir);
        const { id, size } = await job.gh.upload(name, files, dir, job.inputs.retentionDays);
        core/* info */.pq(`uploaded artifact ${name} (id ${id}, ${size} bytes)`);
        return id;
    }
    catch (err) {
        core/* warning */.$e(`could not upload artifact ${name}: ${(0,errors/* errorMessage */.gJ)(err)}; the files are still in ${dir}`);
        return null;
    }
}
/** The comment's links to the benchmarks' sections of the dashboard, when the inputs name one. */
function dashboardLinks(inputs) {
    return inputs.dashboardUrl ? { dashboard: { url: inputs.dashboardUrl, suite: historySuiteId(inputs) } } : {};
}
/**
 * The branches as the event names them, for the comment's first sentence: the pull request's
 * head branch, not the `refs/pull/N/merge` the job checked out; null where the event has none.
 */
function reportRefs(ctx) {
    return {
        head: ctx.pr?.headRef || ctx.mergeGroup?.headRef || ctx.workflowRun?.headBranch || null,
        base: ctx.pr?.baseRef || ctx.mergeGroup?.baseRef || null,
    };
}
/** A summary file that cannot be written (full disk, a runner without GITHUB_STEP_SUMMARY) is a warning. */
async function writeSummary(markdown) {
    try {
        await core/* summary */.z.addRaw((0,secrets/* scrub */._I)(markdown)).write();
    }
    catch (err) {
        core/* warning */.$e(`could not write the job summary: ${(0,errors/* errorMessage */.gJ)(err)}`);
    }
}
/** A shard's own comparison, for its job summary; the merge job reports on the pull request. */
function renderShardSummary(comparison, job) {
    const { inputs, ctx } = job;
    return renderReport({
        comparison,
        suiteId: inputs.suiteId,
        provenance: { source: 'same-job', commit: comparison.base.git.sha, ageMs: 0 },
        refs: reportRefs(ctx),
        runUrl: runUrl(ctx),
        artifactUrl: artifactsUrl(ctx),
        notices: [],
    }).body;
}
/**
 * The report of a comparison, everywhere it goes: the report directory (uploaded as the report
 * artifact), the PR comment and the job summary. The comment goes first: a cancelled job has
 * seconds left, and a stale green comment is the one thing that must not survive it.
 */
async function reportComparison(job, r) {
    const { inputs, ctx, gh } = job;
    const { comparison, sourceDir } = r;
    // GitHub kills a cancelled job ~7.5 s after its signal: no history read, no images pushed.
    const cancelled = interruptedBy(ctx.signal);
    const history = cancelled
        ? null
        : await historyForComment(inputs, ctx, comparison, ctx.pr?.baseRef ?? ctx.mergeGroup?.baseRef ?? null);
    const images = cancelled ? undefined : await commentImages(inputs, ctx, comparison);
    // Setup output and stderr in it were scrubbed where they entered (tools/process.ts), and the
    // comment, summary and artifact writers scrub again (tools/secrets.ts).
    const { body, cutRows } = renderReport({
        comparison,
        ...(r.headAlone ? { headAlone: r.headAlone } : {}),
        suiteId: inputs.suiteId,
        provenance: r.provenance,
        refs: reportRefs(ctx),
        runUrl: runUrl(ctx),
        artifactUrl: artifactsUrl(ctx),
        notices: r.notices,
        images,
        ...(history ? { history } : {}),
        ...dashboardLinks(inputs),
    });
    if (cutRows > 0)
        core/* warning */.$e(`report: ${cutRows} row(s) cut to fit GitHub's comment limit`);
    // The differential flame graphs the comment names travel with the report artifact.
    const files = await writeReportDir(comparison, body, sourceDir, external_node_path_.join(inputs.out, 'report'), {
        'meta.json': { pr: ctx.pr?.number ?? null, marker: marker(inputs.suiteId), sha: ctx.pr?.headSha ?? ctx.sha },
    });
    for (const m of files.missing)
        core/* warning */.$e(`report: flame graph ${m} is missing from ${sourceDir}`);
    if (ctx.pr && !ctx.pr.readOnly && inputs.comment !== 'never') {
        try {
            const posted = await gh.upsertComment(ctx.pr.number, marker(inputs.suiteId), body, {
                create: inputs.comment === 'always' || r.changed,
            });
            if (posted)
                core/* info */.pq(`PR comment ${posted.action} (id ${posted.id})`);
        }
        catch (err) {
            core/* warning */.$e(`could not post the PR comment: ${(0,errors/* errorMessage */.gJ)(err)}; the report is in ${files.report}, the job summary and the ${inputs.reportArtifact} artifact`);
        }
    }
    else if (ctx.pr?.readOnly) {
        core/* notice */.lm(`not commenting (${ctx.pr.readOnly}): the report is in the ${inputs.reportArtifact} artifact for a workflow_run job with mode: comment`);
    }
    await uploadOrWarn(job, inputs.reportArtifact, files.dir);
    await writeSummary(renderJobSummary({ verdict: body, host: r.hostMd }));
    return { report: files.report, comparison: files.comparison };
}

;// CONCATENATED MODULE: ./build/action/cancel.js
/**
 * A job cancelled before its mode had a comparison to report (a signal during setup, or while
 * checking out): the sticky comment, if there is one, is replaced by a "cancelled" one, so the
 * previous run's green verdict does not stand for this commit. No comment is created: without
 * one, nothing stale is on the pull request.
 */





async function commentCancelled(inputs, ctx, gh, err) {
    const signal = interruptedBy(ctx.signal);
    if (!signal || !ctx.pr || ctx.pr.readOnly || inputs.comment === 'never')
        return;
    const why = (0,errors/* errorMessage */.gJ)(err).split('\n')[0] ?? '';
    try {
        const r = await gh.upsertComment(ctx.pr.number, marker(inputs.suiteId), renderCancelledReport(inputs.suiteId, signal, why, runUrl(ctx), {
            ref: ctx.pr.headRef || null,
            commit: ctx.pr.headSha || null,
        }), { create: false });
        if (r)
            core/* info */.pq(`PR comment ${r.action} (id ${r.id}): cancelled`);
    }
    catch (e) {
        core/* warning */.$e(`could not mark the PR comment cancelled: ${(0,errors/* errorMessage */.gJ)(e)}`);
    }
}

;// CONCATENATED MODULE: ./build/action/modes/baseline.js
/**
 * `mode: baseline` (pushes, nightlies): measure the suite and store the session as an
 * artifact, on disk with `baseline-path`, and in the history. `mode: merge` stores the session
 * its shards measured through the same step (storeSession).
 */











async function baselineMode(job) {
    const { inputs, ctx } = job;
    const dir = external_node_path_.join(inputs.out, 'baseline');
    const host = await hostPreflight(inputs);
    const m = await measureHead(inputs, ctx, dir);
    return storeSession(job, { doc: m.doc, dir, resultsPath: m.resultsPath }, host.md, host.failed);
}
/**
 * A measured session (this job's, or the merge of its shards) stored as the baseline; a
 * cancelled one is kept apart and a shard's left for the merge job.
 */
async function storeSession(job, session, hostMd = '', 
/** Ids of the host checks that failed before measuring; undefined: no pre-flight (a merge of shards). */
hostFailed) {
    const { inputs, ctx, gh } = job;
    const { doc, dir, resultsPath } = session;
    const cancelled = interruptedBy(ctx.signal);
    if (cancelled) {
        // A cancelled session is not a baseline: kept as its own artifact, never stored as one.
        await uploadOrWarn(job, `${inputs.baselineArtifact}-cancelled`, dir);
        await writeSummary(renderJobSummary({
            verdict: `> ⏹️ Cancelled (${cancelled}): not stored as a baseline.\n`,
            sections: [renderSummaryMarkdown(doc)],
            host: hostMd,
        }));
        return {
            verdict: 'cancelled',
            results: resultsPath,
            failure: `perfgate: cancelled (${cancelled}): the partial session is not stored as a baseline`,
        };
    }
    if (inputs.shard !== null) {
        // A shard only measures; the `merge` job decides and reports for the whole suite.
        await uploadOrWarn(job, shardArtifact(inputs, inputs.shard.index, inputs.shard.count), dir);
        await writeSummary(renderJobSummary({ verdict: renderSummaryMarkdown(doc), host: hostMd }));
        return { verdict: 'shard', results: resultsPath, ...brokenFailure(doc) };
    }
    const id = await uploadOrWarn(job, inputs.baselineArtifact, dir);
    if (inputs.baselinePath) {
        // Persistent self-hosted runners keep the baseline on disk as well, for `baseline-path` compares.
        const saved = await directoryBaselineStore(inputs.baselinePath).save({
            name: inputs.baselineArtifact,
            files: await filesUnder(dir),
            rootDir: dir,
        });
        core/* info */.pq(`baseline saved to ${saved.source === 'directory' ? saved.dir : inputs.baselinePath}`);
    }
    const history = await recordHistory(inputs, ctx, gh, doc, { url: runUrl(ctx), hostFailed });
    // The paired runs that confirmed or rejected the history's steps: each A/B's comparison and flame graphs.
    const confirmDir = external_node_path_.join(inputs.out, 'confirm');
    const confirmId = (0,external_node_fs_.existsSync)(confirmDir)
        ? await uploadOrWarn(job, `${inputs.baselineArtifact}-confirm`, confirmDir)
        : null;
    const notes = [
        history.note,
        confirmId !== null
            ? `The paired runs (each A/B's comparison.json and flame graphs) are artifact \`${inputs.baselineArtifact}-confirm\` of [this run](${runUrl(ctx)}).\n`
            : '',
        id === null
            ? `> ⚠️ The baseline could not be stored as an artifact; later pull requests will not find it.\n`
            : `Baseline stored as artifact \`${inputs.baselineArtifact}\` of [this run](${runUrl(ctx)}).\n`,
    ];
    await writeSummary(renderNightlySummary({
        doc,
        previous: history.previous,
        alert: history.alert,
        notes: notes.filter((n) => n !== '').join('\n'),
        host: hostMd,
    }));
    return { verdict: 'baseline', results: resultsPath, regressions: 0, improvements: 0, ...brokenFailure(doc) };
}
function brokenFailure(doc) {
    const broken = doc.benchmarks.filter((b) => b.status !== 'ok');
    return broken.length > 0
        ? {
            failure: `${broken.length} benchmark(s) did not complete: ${broken.map((b) => `${b.name} (${b.status})`).join(', ')}`,
        }
        : {};
}

;// CONCATENATED MODULE: ./build/action/modes/comment.js
/**
 * `mode: comment`, the workflow_run companion: posts the report a fork PR's run stored as an
 * artifact. Nothing in that artifact is trusted (the fork's code wrote it): the pull request comes from the event
 * and must have the run's head commit as its head (checked with GitHub), and the body is
 * rendered here from the artifact's comparison.json, escaped like every other report, never
 * taken as markdown.
 */








async function commentMode(job) {
    const { inputs, ctx, gh } = job;
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
    const candidates = [
        ...run.prNumbers,
        ...(run.prNumbers.length === 0 && typeof meta.pr === 'number' && Number.isInteger(meta.pr) && meta.pr > 0
            ? [meta.pr]
            : []),
    ];
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
        refs: { head: run.headBranch || null },
        runUrl: runUrl(ctx, run.id),
        artifactUrl: artifactsUrl(ctx, run.id),
        ...dashboardLinks(inputs),
        // Plain text: a notice is escaped, and the footer links the run.
        notices: [
            `Measured by run ${run.id} of a fork pull request; posted by the companion workflow, re-rendered from its comparison.json.`,
        ],
    });
    const r = await gh.upsertComment(pr, marker(inputs.suiteId), body, { create: true });
    core/* info */.pq(`PR #${pr} comment ${r?.action ?? 'unchanged'}`);
    const posted = external_node_path_.join(dir, 'posted.md');
    await writeFileAtomic(posted, body);
    return { verdict: 'commented', report: posted };
}

;// CONCATENATED MODULE: ./build/compare/unpaired-confirmation.js
/**
 * An unpaired comparison's regressions, looked at again as pairs. Between sessions a runner
 * drifts by more than the thresholds, and session effects have heavy tails that a t prediction
 * interval from a few sessions does not cover (docs/ARCHITECTURE.md §4): a regression against
 * stored sessions is a hypothesis until a paired A/B of base against head in one job confirms
 * it. The pairs' verdict is folded into the unpaired comparison here (the pairs decide), or
 * the regressions are marked unconfirmed with the reason no pairs could be measured.
 */


/**
 * What `npm run bench:sessions` measured for the session model on the demo suite: identical
 * code, one session against 7 others, 72 comparisons of 24 sessions on a busy 2-CPU VM
 * (2026-12-07; docs/ARCHITECTURE.md §4). Rerun it and update both places together.
 */
const SESSION_MODEL_FALSE_RATE = {
    perRow: 0.005,
    perRowCi: [0, 0.013],
    perComparison: 0.042,
    perComparisonCi: [0, 0.083],
    sessions: 7,
};
const isRegression = (r) => r.gated && r.verdict === 'regression';
/** The suite entries to measure again: a harness's benchmarks are picked by their entry. */
function regressedEntries(doc) {
    return [...new Set(doc.rows.filter(isRegression).map((r) => r.entry ?? r.benchmark))];
}
const withNote = (r, note) => (r.note ? `${r.note}; ${note}` : note);
function pairedFigures(p) {
    return {
        verdict: p.verdict,
        change: p.change,
        ci: p.ci,
        confLevel: p.confLevel,
        pairs: p.sampling?.pairs ?? Math.min(p.n.base, p.n.head),
    };
}
const figures = (p) => `${formatPercent(p.change)} ${formatCi(p.ci)}, ${p.pairs} pairs`;
/** Why a regressed row has no paired row: its benchmark failed, was interrupted, or was not measured. */
function missingReason(paired, r) {
    const name = r.entry ?? r.benchmark;
    if (paired.noComparison !== undefined)
        return `base could not be measured in the paired A/B: ${paired.noComparison.split('\n')[0] ?? ''}`;
    if (paired.interrupted?.includes(name))
        return 'the paired A/B was interrupted before it measured this benchmark';
    const problem = paired.problems.find((p) => p.benchmark === r.benchmark || p.benchmark === name);
    if (problem)
        return `${problem.status} on ${problem.side} in the paired A/B${problem.error ? `: ${problem.error.split('\n')[0]}` : ''}`;
    return 'the paired A/B has no row for it';
}
/**
 * The unpaired comparison with the pairs' verdict on each of its regressions: confirmed rows
 * stay regressions and carry the paired figures; the others take the pairs' verdict (so they
 * do not fail the gate) with the paired figures in their note; a regression the pairs could
 * not measure stands, unconfirmed, with the reason. Other rows are untouched.
 */
function confirmByPairs(unpaired, paired, at) {
    let confirmed = 0;
    let refuted = 0;
    const rows = unpaired.rows.map((r) => {
        if (!isRegression(r))
            return r;
        const p = paired.rows.find((x) => x.gated && x.benchmark === r.benchmark && x.metric === r.metric);
        if (!p) {
            const reason = missingReason(paired, r);
            return {
                ...r,
                note: withNote(r, `unconfirmed: ${reason}`),
                confirmation: { status: 'unconfirmed', reason },
            };
        }
        const fig = pairedFigures(p);
        if (p.verdict === 'regression') {
            confirmed++;
            return {
                ...r,
                note: withNote(r, `confirmed by a paired A/B: ${figures(fig)}`),
                confirmation: { status: 'confirmed', paired: fig },
            };
        }
        refuted++;
        return {
            ...r,
            verdict: p.verdict,
            note: withNote(r, `not confirmed by a paired A/B: ${figures(fig)}, ${p.verdict}`),
            confirmation: { status: 'not-confirmed', paired: fig },
        };
    });
    const regressed = unpaired.rows.filter(isRegression).length;
    return {
        ...unpaired,
        rows,
        summary: summarize(rows),
        confirmation: {
            status: 'paired',
            reason: `${regressed} regression(s) against other sessions re-measured as a paired A/B of base ${at.base.slice(0, 12)} against head in this job: ${confirmed} confirmed, ${refuted} not confirmed${regressed - confirmed - refuted > 0 ? `, ${regressed - confirmed - refuted} unconfirmed (not measured to the end)` : ''}`,
            comparison: at.comparison,
        },
    };
}
/** The regressions stand but are labelled unconfirmed: no paired A/B could be run, for `reason`. */
function markUnconfirmed(unpaired, reason) {
    const rows = unpaired.rows.map((r) => isRegression(r) ? { ...r, confirmation: { status: 'unconfirmed' } } : r);
    return { ...unpaired, rows, confirmation: { status: 'unconfirmed', reason } };
}
/** What the session model's verdicts are worth without pairs, in one sentence with the measured rate. */
function sessionModelCaveat() {
    const f = SESSION_MODEL_FALSE_RATE;
    const pct = (x) => `${(100 * x).toFixed(1)}%`;
    return (`verdicts against other sessions are not confirmed by a paired run: on identical code the session model ` +
        `(one session against ${f.sessions}) gave false regressions in ${pct(f.perRow)} of gated rows ` +
        `[${pct(f.perRowCi[0])}, ${pct(f.perRowCi[1])}] and in ${pct(f.perComparison)} of comparisons ` +
        `[${pct(f.perComparisonCi[0])}, ${pct(f.perComparisonCi[1])}] (npm run bench:sessions, docs/ARCHITECTURE.md §4)`);
}

;// CONCATENATED MODULE: ./build/engine/confirm-unpaired.js
/**
 * The regressions of an unpaired comparison (head against stored sessions) measured again as a
 * paired A/B of base against head, by the engine of `perfgate ab`, restricted to the suite
 * entries that regressed; the pairs decide (compare/unpaired-confirmation.ts).
 */





const CONFIRM_DIR = 'confirm';
async function confirmUnpaired(opts) {
    const { comparison } = opts;
    const entries = regressedEntries(comparison);
    if (comparison.design !== 'unpaired' || entries.length === 0)
        return comparison;
    const dir = external_node_path_.join(opts.outDir, CONFIRM_DIR);
    try {
        const ab = await runAb({
            ...opts,
            filter: (0,exact_names/* exactNames */.K)(entries),
            // Every regressed entry, whichever shard measured it.
            shard: undefined,
            // The pairs are asked for a verdict only: profiles would spend the budget on pictures.
            profile: false,
            headRef: null,
            outDir: dir,
            baseline: {
                source: 'same-job',
                sessions: 1,
                reason: `the regressions of an unpaired comparison, re-measured as pairs of base ${opts.baseRef.slice(0, 12)} and head in this job`,
            },
        });
        return confirmByPairs(comparison, ab.comparison, {
            base: ab.comparison.base.git.sha ?? opts.baseRef,
            comparison: external_node_path_.join(CONFIRM_DIR, 'comparison.json'),
        });
    }
    catch (err) {
        if (err instanceof errors/* InterruptedError */.p4 || opts.signal?.aborted)
            throw err;
        // The regression stands: a paired look that could not be had is no pass.
        return markUnconfirmed(comparison, `the paired A/B of base against head failed: ${(0,errors/* errorMessage */.gJ)(err)}`);
    }
}

;// CONCATENATED MODULE: ./build/engine/unpaired.js
/**
 * Head against sessions measured elsewhere (unpaired): `perfgate compare` and the action's
 * stored baselines (an artifact, a directory, the history) all come here, so each gets the
 * same refusal when there is nothing to compare and the same flame-graph explanations when
 * both sides were profiled.
 */




/** The sides share nothing to compare: an input error on the command line, no usable baseline to the action. */
class NothingToCompareError extends errors/* InputError */.dz {
}
/**
 * The comparison, with explanations for every benchmark profiled on both sides. Throws
 * NothingToCompareError when the sides share nothing to compare (no base benchmark measured,
 * an empty head, no benchmark in common): a table of nothing must not read as a pass. The
 * caller writes comparison.json where its readers look (the CLI's --out, the action's report
 * directory), the CLI after printing it: a full disk must not cost the printed comparison.
 */
async function compareUnpaired(opts) {
    const { base, head } = opts;
    const newest = base.sessions[base.sessions.length - 1];
    if (!newest)
        throw new errors/* InputError */.dz('no baseline session to compare against');
    const nothing = nothingToCompare(newest, head.doc, base.path ?? base.label ?? 'the baseline', head.path);
    if (nothing !== null)
        throw new NothingToCompareError(nothing);
    await ensureWritableDir(opts.outDir);
    const comparison = compareDocs(newest, head.doc, {
        design: 'unpaired',
        ...(opts.baseline ? { baseline: opts.baseline } : {}),
        baseSessions: base.sessions,
        ...(base.path !== undefined ? { basePath: base.path } : {}),
        headPath: head.path,
    });
    if (base.dir === undefined)
        return comparison;
    const ex = await explainChanges({ dir: base.dir, benchmarks: newest.benchmarks }, { dir: head.dir, benchmarks: head.doc.benchmarks }, opts.outDir);
    if (Object.keys(ex.explanations).length > 0)
        comparison.explanations = ex.explanations;
    comparison.warnings.push(...ex.warnings);
    return comparison;
}

;// CONCATENATED MODULE: ./build/engine/history-baseline.js
/**
 * The base branch's history as baseline sessions for an unpaired comparison (`baseline:
 * history`): the last K runs measured with the same backend on a machine with the same
 * fingerprint, each turned back into a results document whose benchmarks carry one value per
 * metric — the session's median, which is all the session-effect model (stats/sessions.ts)
 * uses. Several sessions let the interval carry the drift between them.
 */



function historySessions(records, q) {
    const id = fingerprintId(q.fingerprint.hard);
    const runs = groupBy(records, (r) => `${r.date}|${r.commit}`);
    const skipped = { otherMachine: 0, otherBackend: 0, otherBranch: 0 };
    const usable = [];
    for (const recs of runs.values()) {
        const first = recs[0];
        if (q.ref !== null && first.ref !== null && first.ref !== q.ref)
            skipped.otherBranch++;
        else if (first.backend !== q.backend)
            skipped.otherBackend++;
        else if (first.fingerprint !== id)
            skipped.otherMachine++;
        else
            usable.push(recs);
    }
    usable.sort((a, b) => a[0].date.localeCompare(b[0].date));
    const sessions = usable.slice(-q.limit).map((recs) => {
        const first = recs[0];
        const benchmarks = new Map();
        for (const r of recs) {
            const b = benchmarks.get(r.benchmark) ?? {
                name: r.benchmark,
                status: 'ok',
                backend: r.backend,
                threshold: {},
                metrics: {},
            };
            b.metrics[r.metric] = { unit: r.unit, samples: [r.median] };
            if (r.threshold !== undefined)
                b.threshold[r.metric] = r.threshold;
            benchmarks.set(r.benchmark, b);
        }
        return {
            schemaVersion: 1,
            tool: { name: 'perfgate', version: VERSION },
            suite: { path: first.suite, sha256: first.suiteHash },
            git: { sha: first.commit, ref: first.ref },
            fingerprint: q.fingerprint,
            backend: q.backend,
            backendReason: `history record of ${first.runUrl ?? first.date}`,
            startedAt: first.date,
            finishedAt: first.date,
            benchmarks: [...benchmarks.values()],
        };
    });
    return { sessions, skipped };
}

;// CONCATENATED MODULE: ./build/action/commits.js
/**
 * The commits a pull-request or merge-queue event names, and whether the workspace holds the one
 * to measure. A workflow that leaves the workspace at the base (pull_request_target's default
 * checkout, `ref: main`, a stale cache of the repository) would pair the base with itself and
 * report "no regression found" for any head, so such a run is refused, naming both commits and
 * the checkout step that fixes it.
 */

const commits_SHA = /^[0-9a-f]{40}$/;
/** The base commit of a pull request or merge-queue entry, or an InputError saying why this event has none. */
function eventBase(ctx) {
    if (ctx.pr)
        return { branch: ctx.pr.baseRef, sha: ctx.pr.baseSha };
    if (ctx.mergeGroup)
        return { branch: ctx.mergeGroup.baseRef, sha: ctx.mergeGroup.baseSha };
    const object = ctx.eventName === 'merge_group' ? 'merge_group' : ctx.eventName.startsWith('pull_request') ? 'pull_request' : null;
    if (object) {
        // The event's name and its payload disagree (a hand-written GITHUB_EVENT_PATH, a push
        // payload replayed under pull_request): say what the file holds, not that the event is wrong.
        const keys = Object.keys(ctx.payload);
        const holds = keys.length === 0
            ? 'no keys at all'
            : `the keys ${keys
                .slice(0, 8)
                .map((k) => JSON.stringify(k))
                .join(', ')}${keys.length > 8 ? ', ...' : ''}`;
        const what = object === 'pull_request'
            ? 'an object with number, base.ref, base.sha and head.sha'
            : 'an object with base_sha, base_ref and head_sha';
        throw new errors/* InputError */.dz(`the event payload ${ctx.eventPath || '(GITHUB_EVENT_PATH is not set)'} has no ${object} object, though GITHUB_EVENT_NAME is ${ctx.eventName}: it holds ${holds}; expected ${object}: ${what}`);
    }
    throw new errors/* InputError */.dz(`mode compare needs a pull_request or merge_group event (this is ${ctx.eventName || 'unknown'}); use mode: baseline`);
}
/** The commits that are this event's head: the PR head, its merge commit, the merge-queue head. */
function eventHeads(ctx) {
    const heads = [];
    if (ctx.pr) {
        heads.push({ sha: ctx.pr.headSha, what: `the head of pull request #${ctx.pr.number} (pull_request.head.sha)` });
        heads.push({ sha: ctx.pr.mergeCommitSha, what: 'its merge commit (pull_request.merge_commit_sha)' });
        // On pull_request GITHUB_SHA is the merge commit actions/checkout takes by default; on
        // pull_request_target it is the base branch's tip, which is exactly the wrong checkout.
        if (ctx.eventName === 'pull_request')
            heads.push({ sha: ctx.sha, what: 'its merge commit (GITHUB_SHA)' });
    }
    if (ctx.mergeGroup)
        heads.push({ sha: ctx.mergeGroup.headSha, what: 'the merge-queue head (merge_group.head_sha)' });
    return heads.filter((h, i) => commits_SHA.test(h.sha) && heads.findIndex((o) => o.sha === h.sha) === i);
}
/** The checkout step that puts the event's head in the workspace. */
function checkoutFix(ctx) {
    if (ctx.mergeGroup)
        return 'use actions/checkout with its default ref (the merge-queue head, ${{ github.event.merge_group.head_sha }})';
    const byHead = 'ref: ${{ github.event.pull_request.head.sha }}';
    if (ctx.eventName === 'pull_request_target')
        return `use actions/checkout with ${byHead} (on pull_request_target its default is the base branch)`;
    return `use actions/checkout with its default ref (the merge commit refs/pull/${ctx.pr?.number ?? 'N'}/merge) or with ${byHead}`;
}
/**
 * Why the workspace, whose HEAD is `actual` (null: not a git repository), must not be measured
 * as this event's head; null when it is one of the event's head commits.
 */
function checkoutProblem(ctx, actual) {
    const heads = eventHeads(ctx);
    if (heads.length === 0)
        return `the ${ctx.eventName} event payload ${ctx.eventPath} names no head commit (expected a 40-digit pull_request.head.sha or merge_group.head_sha)`;
    if (actual !== null && heads.some((h) => h.sha === actual))
        return null;
    const base = eventBase(ctx).sha;
    const at = actual === null
        ? `is not a git repository`
        : `is checked out at ${actual}${actual === base ? ', the base commit' : ''}`;
    const consequence = actual === base
        ? ': measuring it would compare the base with itself and find nothing'
        : actual === null
            ? ''
            : ', which is not what this event asks to measure';
    const wanted = heads.map((h) => `${h.what} ${h.sha}`).join(' or ');
    return (`the workspace ${ctx.workspace} ${at}${consequence}. perfgate measures ${wanted}, against the base ${base}. ` +
        `Fix the checkout step: ${checkoutFix(ctx)}, and fetch-depth: 0 so that the base commit is in the clone too`);
}

;// CONCATENATED MODULE: ./build/action/decide.js
/**
 * The gate on a comparison, however it was made (pairs in this job, a stored baseline, the
 * history, merged shards): the accept label, cancellation and an unmeasurable base decide the
 * verdict and the notices; the one reporter (reporter.ts) publishes it.
 */





async function decide_decide(job, d) {
    const { inputs, ctx, gh } = job;
    const { comparison } = d;
    const notices = [...(d.notices ?? [])];
    const fails = gateFails(comparison);
    const cancelled = interruptedBy(ctx.signal);
    const notGated = [
        ...(comparison.interrupted ?? []),
        ...comparison.problems.filter((p) => p.status === 'skipped').map((p) => p.benchmark),
    ];
    if (cancelled)
        notices.unshift(`⏹️ Cancelled (${cancelled}): the job was stopped while measuring; not gated: ${notGated.length > 0 ? [...new Set(notGated)].join(', ') : 'none'}${comparison.rows.length > 0 ? '; the rows below were measured to the end before the signal' : ''}.`);
    let accepted = false;
    if (fails.length > 0 && ctx.pr && !cancelled) {
        accepted = ctx.pr.labels.includes(inputs.acceptLabel);
        if (!accepted)
            accepted = await gh.hasLabel(ctx.pr.number, inputs.acceptLabel).catch(() => false);
        if (accepted)
            notices.push(`✅ Regression accepted: the pull request has the label ${inputs.acceptLabel}; the gate passes.`);
    }
    // Base could not be built (a pull request that repairs it): head's numbers, and the
    // missing-baseline rule decides the gate (docs/faults.md).
    const noBase = comparison.noComparison !== undefined;
    if (noBase)
        notices.push(`No comparison: the base commit could not be measured, so head was measured alone and nothing is gated against it (on-missing-baseline: ${inputs.onMissingBaseline}${inputs.onMissingBaseline === 'fail' ? ', so the gate fails' : ''}).`);
    const headAlone = noBase && comparison.head.results ? await readResults(comparison.head.results).catch(() => undefined) : undefined;
    if (ctx.pr?.readOnly)
        notices.push(`This run cannot comment (${ctx.pr.readOnly}): the report is stored as an artifact for the companion workflow (mode: comment).`);
    const s = comparison.summary;
    // Nothing gated is never a pass: a stored single session cannot see any regression, and
    // even `comment: on-change` says so on the pull request.
    const ungated = comparison.gate.comparable ? nothingGated(comparison) : null;
    if (ungated && fails.length === 0)
        core/* warning */.$e(`NOT GATED: ${ungated}; a regression of any size would pass. baseline: same-job (the default) gates.`);
    const changed = s.regressions + s.improvements + comparison.problems.length > 0 || ungated !== null;
    const files = await reportComparison(job, {
        comparison,
        provenance: d.provenance,
        notices,
        sourceDir: d.sourceDir,
        hostMd: d.hostMd ?? '',
        changed,
        ...(headAlone ? { headAlone } : {}),
    });
    const paths = {
        ...(comparison.head.results ? { results: comparison.head.results } : {}),
        comparison: files.comparison,
        report: files.report,
    };
    if (cancelled) {
        return {
            verdict: 'cancelled',
            ...paths,
            regressions: s.regressions,
            improvements: s.improvements,
            failure: `perfgate: cancelled (${cancelled}); not gated: ${[...new Set(notGated)].join(', ') || 'none'}`,
        };
    }
    if (noBase) {
        const failure = fails.length > 0
            ? `perfgate: ${fails.join('; ')}`
            : inputs.onMissingBaseline === 'fail'
                ? `no usable baseline: base could not be measured: ${(comparison.noComparison ?? '').split('\n')[0]} (on-missing-baseline: fail)`
                : null;
        if (failure === null)
            core/* warning */.$e(`NOT GATED: base could not be measured (${(comparison.noComparison ?? '').split('\n')[0]}); head measured alone`);
        return {
            verdict: 'no-baseline',
            ...paths,
            regressions: 0,
            improvements: 0,
            ...(failure !== null ? { failure } : {}),
        };
    }
    const verdict = !comparison.gate.comparable
        ? 'not-comparable'
        : fails.length > 0
            ? accepted
                ? 'accepted'
                : 'regression'
            : ungated
                ? 'not-gated'
                : 'pass';
    const result = { verdict, ...paths, regressions: s.regressions, improvements: s.improvements };
    if (fails.length > 0 && !accepted && inputs.failOnRegression)
        result.failure = `perfgate: ${fails.join('; ')}`;
    if (!comparison.gate.comparable && inputs.failOnRegression)
        result.failure = `perfgate: not comparable with the baseline: ${comparison.gate.reasons.join('; ')}`;
    return result;
}

;// CONCATENATED MODULE: ./build/action/modes/compare.js
/**
 * `mode: compare` (pull requests, merge queues): head against the base commit, decided and
 * reported once. The baseline is the base measured in this job as interleaved pairs
 * (`baseline: same-job`, the default), a stored session (`artifact`, or `baseline-path`), or
 * the base branch's runs in the history. `mode: merge` compares the head its shards measured
 * against the stored baseline through the same step.
 */




















async function compareMode(job) {
    const { inputs, ctx } = job;
    const started = Date.now();
    const base = eventBase(ctx);
    // Before setup: a workspace at the base would be paired with itself.
    const wrongCheckout = checkoutProblem(ctx, (await gitInfo(ctx.workspace)).sha);
    if (wrongCheckout)
        throw new errors/* InputError */.dz(wrongCheckout);
    const hostMd = await measure_preflight(inputs);
    if (inputs.shard !== null) {
        // A shard pairs its share of the benchmarks; the merge job decides and reports once.
        const { comparison, dir } = await pairedInJob(job, base, `${pairsReason(base)} (shard ${inputs.shard.index}/${inputs.shard.count})`);
        await uploadOrWarn(job, shardArtifact(inputs, inputs.shard.index, inputs.shard.count), dir);
        await writeSummary(renderJobSummary({ verdict: renderShardSummary(comparison, job), host: hostMd }));
        return {
            verdict: 'shard',
            comparison: external_node_path_.join(dir, 'comparison.json'),
            regressions: comparison.summary.regressions,
            improvements: comparison.summary.improvements,
        };
    }
    if (inputs.baseline === 'same-job') {
        const { comparison, dir } = await pairedInJob(job, base, `${pairsReason(base)} (baseline: same-job, the default)`);
        return decide_decide(job, { comparison, sourceDir: dir, provenance: sameJob(base), hostMd });
    }
    if (inputs.baseline === 'history')
        return historyCompare(job, base, { hostMd, started });
    // baseline: artifact. Looked for before measuring, so that a missing one falls back to
    // pairs without measuring the head twice.
    return storedCompare(job, {
        base,
        hostMd,
        head: () => measureInto(job, external_node_path_.join(inputs.out, 'head')),
        canPair: true,
        started,
    });
}
/** Head merged from results shards (no measuring here) against the stored baseline. */
function compareMergedHead(job, head) {
    return storedCompare(job, {
        base: eventBase(job.ctx),
        hostMd: '',
        head: () => Promise.resolve(head),
        canPair: false,
        started: Date.now(),
    });
}
async function measureInto(job, dir) {
    const m = await measureHead(job.inputs, job.ctx, dir);
    return { doc: m.doc, path: m.resultsPath, dir };
}
const pairsReason = (base) => `base ${base.sha.slice(0, 12)} and head measured as interleaved pairs in this job, so drift between runners and sessions cancels`;
const sameJob = (base) => ({ source: 'same-job', commit: base.sha, ageMs: 0 });
/** Base and head measured as interleaved pairs in this job: the engine's `perfgate ab`. */
async function pairedInJob(job, base, reason) {
    const { inputs, ctx } = job;
    await ensureCommit(ctx.workspace, base.sha, (m) => core/* info */.pq(m));
    const dir = external_node_path_.join(inputs.out, 'ab');
    const ab = await runAb({
        ...measureSettings(inputs, ctx.signal),
        cwd: ctx.workspace,
        suitePath: inputs.suite,
        baseRef: base.sha,
        headRef: null,
        headName: reportRefs(ctx).head ?? '',
        ...(base.branch ? { baseName: base.branch } : {}),
        outDir: dir,
        ...(inputs.timeBudgetMs !== null ? { timeBudgetMs: inputs.timeBudgetMs } : {}),
        baseline: { source: 'same-job', sessions: 1, reason },
    });
    return { comparison: ab.comparison, dir };
}
/** `on-missing-baseline`: fail, skip (not gated), or measure the base commit here as pairs. */
async function noBaseline(job, n) {
    const { inputs } = job;
    const results = n.results !== undefined ? { results: n.results } : {};
    if (inputs.onMissingBaseline === 'fail')
        return { verdict: 'no-baseline', ...results, failure: `no usable baseline: ${n.why} (on-missing-baseline: fail)` };
    if (inputs.onMissingBaseline === 'skip') {
        core/* warning */.$e(`NOT GATED: no usable baseline: ${n.why}`);
        await writeSummary(renderJobSummary({
            verdict: `> ⚠️ Not gated: no usable baseline: ${n.why} (on-missing-baseline: skip)\n`,
            host: n.hostMd,
        }));
        return { verdict: 'no-baseline', ...results };
    }
    const fallback = n.fallback(n.why);
    if ('refused' in fallback)
        throw new errors/* InputError */.dz(fallback.refused);
    core/* warning */.$e(`${n.why}: measuring the base commit in this job`);
    const { comparison, dir } = await pairedInJob(job, n.base, fallback.reason);
    return decide_decide(job, {
        comparison,
        sourceDir: dir,
        provenance: sameJob(n.base),
        notices: [fallback.notice],
        hostMd: n.hostMd,
    });
}
/** Head against one stored session (an artifact of another run, or `baseline-path`). */
async function storedCompare(job, s) {
    const { inputs } = job;
    const { base, hostMd } = s;
    const fallback = (why) => s.canPair
        ? {
            notice: `No usable baseline (${why}): measured the base commit ${base.sha.slice(0, 12)} in this job instead (paired).`,
            reason: `no usable baseline artifact (${why}), so ${pairsReason(base)}`,
        }
        : { refused: `no usable baseline for the merged shards: ${why}; run the shards with baseline: same-job` };
    const found = await findBaseline(job, base);
    if ('missing' in found)
        return noBaseline(job, { why: found.missing, base, hostMd, fallback });
    const head = await s.head();
    const measured = await unpaired({
        base: { sessions: [found.doc], path: found.path, dir: found.dir },
        head,
        outDir: inputs.out,
        baseline: { source: found.provenance.source, sessions: 1, reason: sessionReason(1) },
    });
    if ('nothing' in measured)
        return noBaseline(job, { why: measured.nothing, base, hostMd, results: head.path, fallback });
    const comparison = await confirmRegressions(job, base, measured, s);
    const notices = [];
    if (!comparison.gate.comparable)
        notices.push(`⚠️ The baseline is not comparable with this runner: ${comparison.gate.reasons.join('; ')}`);
    notices.push(`Compared with a stored baseline from another session (baseline: ${found.provenance.source}): results drift between sessions and runners by more than the gate's thresholds, so rows are reported but not gated. baseline: same-job (the default) measures base and head paired in this job.`);
    return decide_decide(job, { comparison, sourceDir: inputs.out, provenance: found.provenance, notices, hostMd });
}
/**
 * A stored baseline that shares nothing with head (nothing measured on it, no benchmark in
 * common) is no usable baseline: on-missing-baseline decides, as when none is found.
 */
async function unpaired(opts) {
    try {
        return await compareUnpaired(opts);
    }
    catch (err) {
        if (err instanceof NothingToCompareError)
            return { nothing: err.message };
        throw err;
    }
}
/** The baseline to compare against, or why there is none. */
async function findBaseline(job, base) {
    const { inputs, ctx, gh } = job;
    if (inputs.baselinePath) {
        const local = await directoryBaselineStore(inputs.baselinePath).find();
        if (!local.found)
            return { missing: local.message };
        const doc = await readResults(local.resultsPath);
        return {
            doc,
            dir: local.dir,
            path: local.resultsPath,
            provenance: { source: 'local-file', commit: doc.git.sha, ageMs: Date.now() - Date.parse(doc.startedAt) },
        };
    }
    // A shallow clone (actions/checkout's default) cannot compute the merge base; GitHub can.
    const head = ctx.pr?.headSha ?? ctx.mergeGroup?.headSha ?? ctx.sha;
    const preferSha = (await mergeBase(ctx.workspace, 'HEAD', base.sha)) ?? (await gh.mergeBase(base.sha, head)) ?? base.sha;
    const dir = external_node_path_.join(inputs.out, 'downloaded-baseline');
    const found = await gh.findBaseline({
        branch: base.branch,
        preferSha,
        artifactName: inputs.baselineArtifact,
        destDir: dir,
    });
    if ('missing' in found)
        return found;
    const file = external_node_path_.join(dir, 'results.json');
    try {
        const doc = await readResults(file);
        return {
            doc,
            dir,
            path: file,
            provenance: {
                source: 'artifact',
                commit: found.found.headSha,
                ageMs: Date.now() - Date.parse(found.found.createdAt),
                runUrl: found.found.runUrl,
            },
        };
    }
    catch (err) {
        return {
            missing: `baseline artifact ${inputs.baselineArtifact} of run ${found.found.runId} is unusable: ${(0,errors/* errorMessage */.gJ)(err)}`,
        };
    }
}
/**
 * baseline: history. The head against the newest runs of the base branch on this machine kind
 * in the history (same machine fingerprint and backend): several sessions, so the interval
 * carries the drift between them (stats/sessions.ts).
 */
async function historyCompare(job, base, at) {
    const { hostMd } = at;
    const { inputs, ctx } = job;
    const store = historyStore(inputs, ctx);
    if (!store)
        throw new errors/* InputError */.dz('baseline: history needs the history (history: true)');
    const parsed = await store.read(historySuiteId(inputs)).catch((err) => {
        core/* warning */.$e(`could not read the history in ${store.where}: ${(0,errors/* errorMessage */.gJ)(err)}`);
        return { records: [], problems: [] };
    });
    for (const line of historyProblemLines(parsed.problems))
        core/* warning */.$e(`history: ${line}`);
    const head = await measureInto(job, external_node_path_.join(inputs.out, 'head'));
    const { sessions, skipped } = historySessions(parsed.records, {
        fingerprint: head.doc.fingerprint,
        backend: head.doc.backend,
        ref: `refs/heads/${base.branch}`,
        limit: inputs.historySessions,
    });
    const skippedText = Object.entries(skipped)
        .filter(([, n]) => n > 0)
        .map(([why, n]) => `${n} run(s) of ${why.replace(/^other/, 'another ').toLowerCase()}`)
        .join(', ');
    const fallback = (why) => ({
        notice: `No usable history (${why}): measured the base commit ${base.sha.slice(0, 12)} in this job instead (paired).`,
        reason: `no usable history, so ${pairsReason(base)}`,
    });
    const last = sessions[sessions.length - 1];
    if (!last) {
        const missing = `the history in ${store.where} has no run of ${base.branch} on this machine and backend${skippedText ? ` (skipped: ${skippedText})` : ''}`;
        return noBaseline(job, { why: missing, base, hostMd, results: head.path, fallback });
    }
    const measured = await unpaired({
        base: { sessions, label: `the newest run of ${base.branch} in the history` },
        head,
        outDir: inputs.out,
        baseline: {
            source: 'history',
            sessions: sessions.length,
            reason: `${sessionReason(sessions.length)}, the newest runs of ${base.branch} in the history${skippedText ? ` (skipped: ${skippedText})` : ''}`,
        },
    });
    if ('nothing' in measured)
        return noBaseline(job, { why: measured.nothing, base, hostMd, results: head.path, fallback });
    const comparison = await confirmRegressions(job, base, measured, { canPair: true, started: at.started });
    return decide_decide(job, {
        comparison,
        sourceDir: inputs.out,
        provenance: { source: 'history', commit: last.git.sha, ageMs: Date.now() - Date.parse(last.startedAt) },
        hostMd,
    });
}
/**
 * Regressions against other sessions are hypotheses: a runner drifts between sessions by more
 * than the thresholds, with heavy tails (docs/ARCHITECTURE.md §4). Before one fails anything,
 * base and head are measured here as pairs and the pairs decide; where they cannot be, the
 * regression stands, labelled unconfirmed with the reason.
 */
async function confirmRegressions(job, base, comparison, c) {
    const { inputs, ctx } = job;
    if (comparison.summary.regressions === 0 || !comparison.gate.comparable)
        return comparison;
    if (!c.canPair)
        return markUnconfirmed(comparison, 'this merge job measures nothing (the shards measured head), so no paired A/B of base against head was run; baseline: same-job on the shards pairs them');
    const budgetMs = inputs.timeBudgetMs ?? (await loadSuite(inputs.suite)).timeBudgetMs;
    const leftMs = budgetMs === null ? null : budgetMs - (Date.now() - c.started);
    if (leftMs !== null && leftMs <= 0)
        return markUnconfirmed(comparison, `the time budget (${Math.round((budgetMs ?? 0) / 1000)} s) was spent before a paired A/B of base against head could start`);
    try {
        await ensureCommit(ctx.workspace, base.sha, (m) => core/* info */.pq(m));
    }
    catch (err) {
        return markUnconfirmed(comparison, `the base commit ${base.sha.slice(0, 12)} cannot be checked out for a paired A/B: ${(0,errors/* errorMessage */.gJ)(err)}`);
    }
    core/* info */.pq(`confirming ${comparison.summary.regressions} regression(s) with a paired A/B of base ${base.sha.slice(0, 12)} against head`);
    return confirmUnpaired({
        ...measureSettings(inputs, ctx.signal),
        comparison,
        cwd: ctx.workspace,
        suitePath: inputs.suite,
        baseRef: base.sha,
        outDir: inputs.out,
        ...(leftMs !== null ? { timeBudgetMs: leftMs } : {}),
    });
}

;// CONCATENATED MODULE: ./build/results/profile-files.js
function profileFilePaths(p) {
    return [p.folded, ...(p.runs ?? []), ...(p.offcpu ? [p.offcpu.folded, ...(p.offcpu.runs ?? [])] : [])];
}

;// CONCATENATED MODULE: ./build/results/merge-results.js
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
    const order = all ??
        [...inputs]
            .sort((a, b) => (a.doc.shard?.index ?? 0) - (b.doc.shard?.index ?? 0))
            .flatMap((i) => i.doc.benchmarks.map((b) => b.name));
    if (!all)
        warnings.push('shards carry no benchmark plan (older perfgate): benchmarks are in shard order, not suite order');
    const soft = {};
    for (const key of [...new Set(inputs.flatMap((i) => Object.keys(i.doc.fingerprint.soft)))].sort()) {
        const values = inputs.map((i) => i.doc.fingerprint.soft[key] ?? '(absent)');
        soft[key] =
            new Set(values).size === 1
                ? (values[0] ?? '')
                : inputs.map((i, k) => `shard ${i.doc.shard?.index ?? k + 1}: ${values[k]}`).join('; ');
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
        fingerprint: {
            hard: { ...first.doc.fingerprint.hard },
            soft,
            ...(Object.keys(binaries).length > 0 ? { binaries } : {}),
        },
        startedAt: times('startedAt')[0] ?? first.doc.startedAt,
        finishedAt: times('finishedAt').at(-1) ?? first.doc.finishedAt,
        benchmarks: order.map((n) => byName.get(n)).filter((b) => b !== undefined),
    };
    delete doc.shard;
    return { doc, warnings };
}

;// CONCATENATED MODULE: ./build/engine/merge-shards.js
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
    await copyFileAtomic(external_node_path_.join(fromDir, rel), external_node_path_.join(toDir, rel));
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
                // Per-run and off-CPU files too: explanations read them for intervals and waits.
                for (const file of profileFilePaths(b.profile))
                    await copyInto(s.dir, outDir, file);
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
/**
 * What a shard's row would say before multiple-testing correction, so BH can be applied anew:
 * the verdict its stored interval gives by the rule the analysis used (direction included: the
 * interval of a throughput is in its own terms, and a drop past 1/(1 + θ) − 1 is the regression).
 */
function uncorrected(row) {
    if (!row.gated || row.threshold === null || !hasInterval(row))
        return row;
    const verdict = verdictOf(row.ci, row.confLevel, row.threshold, row.direction);
    // A note that came with a changed verdict is finalizeRows' (BH, not comparable), which it
    // writes anew; otherwise it is the analysis's own (a level below the one asked for) and stays.
    if (verdict === row.verdict)
        return { ...row, pAdjusted: null };
    const { note: _note, ...rest } = row;
    return { ...rest, verdict, pAdjusted: null };
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
    const rows = docs
        .flatMap((d) => d.c.rows.map(uncorrected))
        .sort((a, b) => (order.get(a.benchmark) ?? 0) - (order.get(b.benchmark) ?? 0));
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
    // Base could not be built in some shard: the merged report has no comparison either.
    const noComparison = docs.find((d) => d.c.noComparison !== undefined)?.c.noComparison;
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
    if (noComparison !== undefined)
        comparison.noComparison = noComparison;
    else
        delete comparison.noComparison;
    if (Object.keys(explanations).length === 0)
        delete comparison.explanations;
    const comparisonPath = external_node_path_.join(outDir, 'comparison.json');
    await writeJsonAtomic(comparisonPath, comparison);
    return { comparison, warnings, comparisonPath };
}

;// CONCATENATED MODULE: ./build/action/modes/merge.js
/**
 * `mode: merge`: gathers this run's shard artifacts and hands what they measured, as an
 * explicit input, to the step the unsharded job would have run: paired shards (pull requests,
 * merge queues) become one comparison decided and reported once; results shards become one
 * session, compared with the stored baseline on a pull request or a merge queue, else stored
 * as the baseline.
 */









async function mergeMode(job) {
    const { inputs, ctx, gh } = job;
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
    // The merged whole is reported and stored as an unsharded job's would be.
    const whole = { ...job, inputs: { ...inputs, shard: null } };
    const paired = await Promise.all(shards.map((s) => (0,promises_.access)(external_node_path_.join(s.dir, 'comparison.json')).then(() => true, () => false)));
    if (paired.every(Boolean)) {
        const { comparison, warnings } = await mergeComparisonShards(shards, mergedDir);
        for (const w of warnings)
            core/* warning */.$e(w);
        core/* info */.pq(`merged ${shards.length} paired shards: ${comparison.rows.length} rows`);
        return decide_decide(whole, {
            comparison,
            sourceDir: mergedDir,
            provenance: { source: 'same-job', commit: comparison.base.git.sha, ageMs: 0 },
        });
    }
    if (paired.some(Boolean))
        throw new errors/* InputError */.dz(`mode merge: the shard artifacts mix paired (comparison.json) and unpaired (results.json) shards: ${shards.map((s, i) => `${s.name}: ${paired[i] ? 'paired' : 'results'}`).join(', ')}`);
    const { doc, warnings, resultsPath } = await mergeRunShards(shards, mergedDir);
    for (const w of warnings)
        core/* warning */.$e(w);
    return ctx.pr || ctx.mergeGroup
        ? compareMergedHead(whole, { doc, dir: mergedDir, path: resultsPath })
        : storeSession(whole, { doc, dir: mergedDir, resultsPath });
}

;// CONCATENATED MODULE: ./build/action/entry.js
/**
 * The action's entry: inputs and event read once, GitHub services built once, the mode run,
 * outputs set. Failures of the gate are returned as a reason, so src/index.ts has the one
 * setFailed.
 */












async function run() {
    const ctx = readContext(process.env);
    const inputs = readInputs((name) => core/* getInput */.V4(name), ctx.workspace);
    // The token is masked in the log, in all its forms, by guardSecrets (src/index.ts) before this runs.
    const mode = resolveMode(inputs.mode, ctx);
    core/* info */.pq(`perfgate: mode ${mode}${inputs.mode === 'auto' ? ` (auto, event ${ctx.eventName || 'unknown'})` : ''}, suite ${inputs.suite}`);
    // Before anything runs the suite: a fork's code must not reach a persistent runner, whatever the mode.
    if ((mode === 'baseline' || mode === 'compare') &&
        ctx.pr?.fork &&
        ctx.runner === 'self-hosted' &&
        !inputs.allowForkOnSelfHosted) {
        throw new errors/* InputError */.dz('refusing to run code from a fork on a self-hosted runner (it could persist on the machine); set allow-fork-on-self-hosted: true to opt in');
    }
    const gh = inputs.token ? githubServices(inputs, ctx) : withoutToken();
    const modes = { baseline: baselineMode, compare: compareMode, comment: commentMode, merge: mergeMode };
    if (inputs.tune)
        core/* saveState */.LZ('tuning-state', tuningStateFile());
    // A cancelled job (SIGINT, then SIGTERM, SIGKILL ~7.5 s later) still reports what was
    // measured: the first signal kills the running benchmark and the mode reports as cancelled.
    const result = await withInterrupt(async (signal) => {
        const running = { ...ctx, signal };
        try {
            return await modes[mode]({ inputs, ctx: running, gh });
        }
        catch (err) {
            await commentCancelled(inputs, running, gh, err);
            throw err;
        }
    }, { killAtOnce: true });
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
        alertOnHistory: refuse,
    };
}


/***/ })

};
