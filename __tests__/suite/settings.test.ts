/**
 * The settings rules shared by the CLI's flags and the action's inputs: each rule once, then
 * both front ends refusing the same value for the same reason, each naming its own flag or input.
 */
import { readInputs } from '../../src/action/inputs.js';
import { measureSettings } from '../../src/action/measure.js';
import {
  parseBackendChoice,
  parseCpus,
  parsePairing,
  parsePositiveInt,
  parseRegex,
  parseTimeBudget,
} from '../../src/commands/args.js';
import { InputError } from '../../src/errors.js';
import { BACKEND_CHOICES } from '../../src/results/results-doc.js';
import { resolveHistoryRef } from '../../src/store/git-remote.js';
import {
  checkBackend,
  checkCpus,
  checkDuration,
  checkPairing,
  checkPositiveInt,
  checkRegex,
  CPUS_EXPECTED,
} from '../../src/suite/settings.js';

const problem = (c: { ok: true } | { ok: false; problem: string }): string | null => (c.ok ? null : c.problem);

describe('the rules', () => {
  it('positive whole numbers', () => {
    expect(checkPositiveInt(' 30 ')).toEqual({ ok: true, value: 30 });
    for (const v of ['0', '-1', '1.5', 'lots', ''])
      expect(problem(checkPositiveInt(v))).toBe('expected a positive whole number');
  });
  it('backends: the one list', () => {
    for (const b of BACKEND_CHOICES) expect(checkBackend(b)).toEqual({ ok: true, value: b });
    expect(problem(checkBackend('rdtsc'))).toBe('expected one of auto, perf, valgrind, time');
  });
  it('CPU lists in taskset form, or auto', () => {
    for (const v of ['1', '0-3', '0,2', '0-1,4,6-7', 'auto', ' 2 ']) expect(checkCpus(v).ok).toBe(true);
    expect(checkCpus(' 2 ')).toEqual({ ok: true, value: '2' });
    for (const v of ['first', '1,', '-1', '0-', 'auto,1', '']) expect(problem(checkCpus(v))).toBe(CPUS_EXPECTED);
  });
  it('pairings: sequential, duet or auto', () => {
    for (const v of ['sequential', 'duet', 'auto']) expect(checkPairing(v)).toEqual({ ok: true, value: v });
    for (const v of ['both', 'Duet', ''])
      expect(problem(checkPairing(v))).toBe('expected one of sequential, duet, auto');
  });
  it('durations', () => {
    expect(checkDuration('10m')).toEqual({ ok: true, value: 600_000 });
    expect(problem(checkDuration('soon'))).toBe('expected a duration such as 10m or 90s');
  });
  it('regular expressions', () => {
    expect(checkRegex('^cache/').ok).toBe(true);
    expect(problem(checkRegex('('))).toMatch(/^not a valid regular expression \(.+\)$/);
  });
});

describe('one rule, two front ends', () => {
  const inputError = (read: () => unknown): string => {
    try {
      read();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      return (err as Error).message;
    }
    throw new Error('expected an InputError');
  };
  const action = (inputs: Record<string, string>): string =>
    inputError(() => readInputs((name) => inputs[name] ?? '', '/ws'));

  it('an invalid CPU list: the same rule from --cpus and from the cpus input', () => {
    expect(inputError(() => parseCpus('first'))).toBe(`--cpus "first": ${CPUS_EXPECTED}`);
    expect(action({ cpus: 'first' })).toBe(`input 'cpus' is 'first': ${CPUS_EXPECTED}`);
  });
  it('an unknown pairing: the same rule from --pairing and from the pairing input', () => {
    expect(inputError(() => parsePairing('both'))).toBe('--pairing "both": expected one of sequential, duet, auto');
    expect(action({ pairing: 'both' })).toBe("input 'pairing' is 'both': expected one of sequential, duet, auto");
    expect(readInputs((name) => (name === 'pairing' ? 'duet' : ''), '/ws').pairing).toBe('duet');
    expect(readInputs(() => '', '/ws').pairing).toBeNull();
    // What the engine gets: the input overrides the suite's pairing, absent it leaves the suite's.
    expect(measureSettings(readInputs((name) => (name === 'pairing' ? 'auto' : ''), '/ws')).pairing).toBe('auto');
    expect('pairing' in measureSettings(readInputs(() => '', '/ws'))).toBe(false);
  });
  it('the other shared settings, each naming its flag or input', () => {
    expect(inputError(() => parsePositiveInt('--iterations', 'lots'))).toBe(
      '--iterations "lots": expected a positive whole number',
    );
    expect(inputError(() => parseBackendChoice('rdtsc'))).toBe(
      '--backend "rdtsc": expected one of auto, perf, valgrind, time',
    );
    expect(inputError(() => parseTimeBudget('soon'))).toBe(
      '--time-budget "soon": expected a duration such as 10m or 90s',
    );
    expect(inputError(() => parseRegex('--filter', '('))).toMatch(/^--filter "\(": not a valid regular expression/);
    const all = action({
      iterations: 'lots',
      'max-iterations': '0',
      backend: 'rdtsc',
      'time-budget': 'soon',
      filter: '(',
    }).split('\n');
    expect(all.slice(0, 3)).toEqual([
      "input 'iterations' is 'lots': expected a positive whole number, e.g. 30",
      "input 'max-iterations' is '0': expected a positive whole number, e.g. 60",
      "input 'backend' is 'rdtsc': expected one of auto, perf, valgrind, time",
    ]);
    expect(all[3]).toMatch(/^input 'filter' is '\(': not a valid regular expression/);
    expect(all[4]).toBe("input 'time-budget' is 'soon': expected a duration such as 10m or 90s");
    expect(all).toHaveLength(5);
  });
  it('dashboard-url: an http(s) URL the comment can link from, or nothing', () => {
    expect(action({ 'dashboard-url': 'javascript:alert(1)' })).toBe(
      `input 'dashboard-url': dashboard URL "javascript:alert(1)": expected an http(s) URL without spaces, quotes, brackets or a #fragment`,
    );
    const read = (url: string): string | null =>
      readInputs((name) => ({ 'dashboard-url': url })[name] ?? '', '/ws').dashboardUrl;
    expect(read(' https://octo-org.github.io/perf-demo/ ')).toBe('https://octo-org.github.io/perf-demo/');
    expect(read('')).toBeNull();
  });
  it('valid values pass both ways alike', () => {
    expect(parseCpus(' 0-3 ')).toBe('0-3');
    const inputs = readInputs(
      (name) => ({ cpus: ' 0-3 ', iterations: '5', backend: 'time', 'time-budget': '90s', filter: '^a' })[name] ?? '',
      '/ws',
    );
    expect([inputs.cpus, inputs.iterations, inputs.backend, inputs.timeBudgetMs, inputs.filter?.source]).toEqual([
      '0-3',
      5,
      'time',
      90_000,
      '^a',
    ]);
  });
  it('the history ref: refs/perfgate/history by default (carrying the old branch over), a branch only when asked', () => {
    const cli = (ref?: string, branch?: string): ReturnType<typeof resolveHistoryRef> =>
      resolveHistoryRef({ ref, branch }, { ref: '--ref', branch: '--branch' });
    expect(cli()).toEqual({ ref: 'refs/perfgate/history', legacy: 'refs/heads/perfgate-data' });
    expect(cli('refs/perf/nightly')).toEqual({ ref: 'refs/perf/nightly', legacy: null });
    expect(cli(undefined, 'perfgate-data')).toEqual({ ref: 'refs/heads/perfgate-data', legacy: null });
    expect(inputError(() => cli('refs/tags/v1'))).toMatch(/^--ref "refs\/tags\/v1": refs\/tags\/ cannot hold/);
    expect(inputError(() => cli('refs/pull/1/head'))).toMatch(/GitHub's pull request refs are read-only/);
    expect(inputError(() => cli('perfgate-data'))).toMatch(/^--ref "perfgate-data": expected a full ref name/);
    expect(inputError(() => cli('refs/x', undefined))).toMatch(/at least refs\/<dir>\/<name>/);
    expect(inputError(() => cli('refs/a/b', 'c'))).toMatch(/^--ref and --branch: give one/);
    const inputs = readInputs(() => '', '/ws');
    expect([inputs.historyRef, inputs.historyLegacy, inputs.flamegraphImagesDays]).toEqual([
      'refs/perfgate/history',
      'refs/heads/perfgate-data',
      90,
    ]);
    const old = readInputs((name) => ({ 'history-branch': 'bench-data' })[name] ?? '', '/ws');
    expect([old.historyRef, old.historyLegacy]).toEqual(['refs/heads/bench-data', null]);
    expect(action({ 'history-ref': 'refs/tags/data', 'flamegraph-images-days': '0' }).split('\n')).toEqual([
      "input 'history-ref' \"refs/tags/data\": refs/tags/ cannot hold perfgate's data (every clone fetches tags); use a ref like refs/perfgate/history",
      "input 'flamegraph-images-days' is '0': expected a positive whole number, e.g. 90",
    ]);
  });
});
