/**
 * The backends against the real tools: perf, valgrind and GNU time measuring small programs.
 * Software events exist everywhere perf runs; hardware events are only asserted absent or
 * present according to what the probe found, never assumed.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeBackend, parseGnuTime, type RunRequest } from '../../src/measure/backends.js';
import { parseCachegrindTotals } from '../../src/measure/cachegrind.js';
import { benchmarkEnv, commandArgv } from '../../src/measure/command.js';
import { chooseBackend, HARDWARE_EVENTS, probeHost, type HostProbe } from '../../src/host/probe.js';
import { runProcess } from '../../src/tools/process.js';
import { buildBenchmarks } from '../helpers/build.js';
import { benchBin } from '../helpers/paths.js';
import { unavailable } from '../helpers/optional.js';

let probe: HostProbe;
const scratch = (): string => mkdtempSync(path.join(os.tmpdir(), 'pg-backend-'));
const req = (run: string, extra: Partial<RunRequest> = {}): RunRequest => ({
  argv: commandArgv(run),
  cwd: benchBin,
  env: benchmarkEnv(process.env, {}),
  cpus: null,
  timeoutMs: 20_000,
  ...extra,
});

beforeAll(async () => {
  buildBenchmarks();
  probe = await probeHost();
});

describe('probe', () => {
  it('says why it chose its backend', () => {
    const choice = chooseBackend('auto', probe);
    if (probe.perf.usable) {
      expect(choice.backend).toBe('perf');
      expect(choice.reason).toMatch(/^auto → perf: perf counts task-clock/);
      if (!probe.perf.pmu) expect(choice.reason).toMatch(/no PMU: \w[\w-]* not supported/);
    } else {
      expect(choice.backend).toBe('time');
      expect(choice.reason).toMatch(/^auto → time: /);
    }
  });
});

describe('perf backend (real perf)', () => {
  it('records task-clock, wall and software events; hardware events only with a PMU', async () => {
    if (unavailable('perf', probe.perf.usable ? undefined : probe.perf.reasons.join('; '))) return;
    const m = await makeBackend('perf', probe, scratch()).measure(req('./work 2000'));
    expect(m.outcome.exitCode).toBe(0);
    expect(m.metrics['task-clock']?.unit).toBe('ms');
    expect(m.metrics['task-clock']?.value).toBeGreaterThan(0.1);
    expect(m.metrics.wall?.unit).toBe('ns');
    expect(m.metrics.wall?.value).toBeGreaterThan(m.metrics['task-clock']!.value * 1e6 * 0.5);
    for (const e of ['context-switches', 'cpu-migrations', 'page-faults']) expect(m.metrics[e]?.unit).toBe('count');
    for (const e of HARDWARE_EVENTS) {
      if (probe.perf.pmu) expect(m.metrics[e]?.value).toBeGreaterThan(0);
      else expect(m.metrics[e]).toBeUndefined();
    }
  });

  it('more work takes more task-clock', async () => {
    if (unavailable('perf', probe.perf.usable ? undefined : probe.perf.reasons.join('; '))) return;
    const b = makeBackend('perf', probe, scratch());
    const small = await b.measure(req('./work 2000'));
    const big = await b.measure(req('./work 20000'));
    expect(big.metrics['task-clock']!.value).toBeGreaterThan(small.metrics['task-clock']!.value * 4);
  });

  it('keeps the exit code of a failing benchmark', async () => {
    if (unavailable('perf', probe.perf.usable ? undefined : probe.perf.reasons.join('; '))) return;
    const m = await makeBackend('perf', probe, scratch()).measure(
      req('./work 10', { env: benchmarkEnv(process.env, { EXIT: '3' }) }),
    );
    expect(m.outcome.exitCode).toBe(3);
  });

  it('pins with taskset', async () => {
    if (unavailable('perf', probe.perf.usable ? undefined : probe.perf.reasons.join('; '))) return;
    const m = await makeBackend('perf', probe, scratch()).measure(req('./work 2000', { cpus: '0' }));
    expect(m.outcome.exitCode).toBe(0);
    expect(m.metrics['cpu-migrations']?.value).toBe(0);
  });
});

describe('valgrind backend (real valgrind)', () => {
  it('three runs give identical instruction counts', async () => {
    if (unavailable('valgrind', probe.valgrind.usable ? undefined : probe.valgrind.reason)) return;
    const b = makeBackend('valgrind', probe, scratch());
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const m = await b.measure(req('./work 200'));
      expect(m.outcome.exitCode).toBe(0);
      expect(m.warnings).toEqual([]);
      counts.push(m.metrics.instructions!.value);
    }
    expect(counts[0]).toBeGreaterThan(1_000_000);
    expect(new Set(counts).size).toBe(1);
    const bigger = await b.measure(req('./work 400'));
    // 1000 loop iterations per unit, a handful of instructions each.
    expect(bigger.metrics.instructions!.value - counts[0]!).toBeGreaterThan(200 * 1000 * 3);
  });

  it('counts through a shell, summing every traced process', async () => {
    if (unavailable('valgrind', probe.valgrind.usable ? undefined : probe.valgrind.reason)) return;
    const b = makeBackend('valgrind', probe, scratch());
    const direct = await b.measure(req('./work 200'));
    const shell = await b.measure(req('./work 200 && ./work 200'));
    expect(shell.metrics.instructions!.value).toBeGreaterThan(direct.metrics.instructions!.value * 2);
  });
});

describe('time backend', () => {
  it('measures wall, user, sys and max-rss', async () => {
    const m = await makeBackend('time', probe, scratch()).measure(req('./work 20000'));
    expect(m.outcome.exitCode).toBe(0);
    expect(m.metrics.wall?.value).toBeGreaterThan(1e6);
    if (!unavailable('GNU time (/usr/bin/time)', probe.time.usable ? undefined : probe.time.reason)) {
      expect(m.metrics['max-rss']?.value).toBeGreaterThan(100);
      expect(m.metrics.user?.unit).toBe('ms');
      expect(m.metrics.sys).toBeDefined();
    }
  });

  it('parses GNU time output, including the non-zero status line', () => {
    expect(parseGnuTime('Command exited with non-zero status 3\n0.01 0.00 1468\n')).toEqual({
      user: { unit: 'ms', value: 10 },
      sys: { unit: 'ms', value: 0 },
      'max-rss': { unit: 'KiB', value: 1468 },
    });
    expect(parseGnuTime('')).toBeNull();
  });

  it('parses the cachegrind summary line', () => {
    expect(parseCachegrindTotals('desc: I1 cache:\ncmd: ./work 100\nevents: Ir\nfl=x\nsummary: 627424\n')).toEqual({
      Ir: 627424,
    });
    expect(parseCachegrindTotals('events: Ir\n')).toBeNull();
  });
});

describe('process runner', () => {
  // Unique sleep durations mark the processes, so ps can tell whether they survived.
  const stragglers = async (marker: string): Promise<string[]> => {
    const ps = await runProcess({
      argv: ['ps', '-eo', 'args'],
      cwd: os.tmpdir(),
      env: { PATH: process.env.PATH ?? '' },
      timeoutMs: 5000,
    });
    return ps.stdoutTail.split('\n').filter((l) => l.includes(marker));
  };
  // A killed process leaves the table when it is reaped, which a loaded machine may delay:
  // ask again for up to 5 s (a survivor sleeps 30 s, so it is still listed then).
  const survivors = async (marker: string): Promise<string[]> => {
    let left = await stragglers(marker);
    for (let i = 0; i < 50 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = await stragglers(marker);
    }
    return left;
  };

  // Not killed, the shell would wait 31 s for its sleep: the test's 20 s timeout says so.
  it('a timeout kills the whole process group', async () => {
    const o = await runProcess({
      argv: ['/bin/sh', '-c', 'sleep 30.4242 & sleep 31.4242; true'],
      cwd: os.tmpdir(),
      env: { PATH: process.env.PATH ?? '' },
      timeoutMs: 300,
    });
    expect(o.timedOut).toBe(true);
    expect(await survivors('4242')).toEqual([]);
  }, 20_000);

  it('background children left behind by a finished run are killed too', async () => {
    const o = await runProcess({
      argv: ['/bin/sh', '-c', 'sleep 32.4343 & echo started'],
      cwd: os.tmpdir(),
      env: { PATH: process.env.PATH ?? '' },
      timeoutMs: 5000,
    });
    expect(o).toMatchObject({ exitCode: 0, timedOut: false, stdoutTail: 'started\n' });
    expect(await survivors('4343')).toEqual([]);
  });

  it('reports a program that does not exist', async () => {
    const o = await runProcess({ argv: ['/nonexistent/bench'], cwd: os.tmpdir(), env: {}, timeoutMs: 1000 });
    expect(o.spawnError).toBe('/nonexistent/bench: ENOENT');
  });
});

describe('command line of a benchmark', () => {
  it('runs plain commands directly and shell syntax through sh', () => {
    expect(commandArgv('./bin/cache random')).toEqual(['./bin/cache', 'random']);
    expect(commandArgv('./a | ./b')).toEqual(['/bin/sh', '-c', './a | ./b']);
    expect(commandArgv('FOO=1 ./a')).toEqual(['/bin/sh', '-c', 'FOO=1 ./a']);
    expect(commandArgv("./a 'two words'")).toEqual(['/bin/sh', '-c', "./a 'two words'"]);
  });
  it('gives benchmarks a fixed environment', () => {
    expect(Object.keys(benchmarkEnv({ PATH: '/bin', HOME: '/h', SECRET: 'x' }, { SEED: '1' })).sort()).toEqual([
      'HOME',
      'LANG',
      'LC_ALL',
      'PATH',
      'SEED',
      'TZ',
    ]);
  });
});
