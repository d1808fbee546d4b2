/**
 * perfgate-count, built with the real cc and run on real programs beside the real perf stat:
 * the cache, the fallbacks to perf stat (no cc, a compiler that fails, an event it cannot
 * count, PERFGATE_COUNTER=perf) with their reasons, and the run semantics the perf backend
 * relies on (exit codes, signals, a command that cannot start, the timeout). No measured time
 * is asserted here: the timed comparison with perf is measure/counter-vs-perf.test.ts.
 */
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCounter, COUNTER_HASH, counterArgv, probeCounter } from '../../src/host/counter.js';
import { probeHost, probePerf, type HostProbe } from '../../src/host/probe.js';
import { perfBackend, type RunRequest } from '../../src/measure/backends.js';
import { benchmarkEnv, commandArgv } from '../../src/measure/command.js';
import { parsePerfStatCsv } from '../../src/tools/perfstat.js';
import { runProcess } from '../../src/tools/process.js';
import { buildBenchmarks } from '../helpers/build.js';
import { benchBin } from '../helpers/paths.js';
import { haveTool } from '../helpers/tools.js';
import { unavailable } from '../helpers/optional.js';

const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'pg-counter-'));
const cacheEnv = (dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  PERFGATE_CACHE_DIR: dir,
  ...extra,
});
const req = (run: string, extra: Partial<RunRequest> = {}): RunRequest => ({
  argv: commandArgv(run),
  cwd: benchBin,
  env: benchmarkEnv(process.env, {}),
  cpus: null,
  timeoutMs: 20_000,
  ...extra,
});

let probe: HostProbe;
let helper: string | null = null;

beforeAll(async () => {
  buildBenchmarks();
  probe = await probeHost();
  helper = probe.perf.counter.helper;
});

/** Skips (fails under CI=true) where the helper cannot count here, saying why. */
function noHelper(): boolean {
  if (unavailable('perf', probe.perf.usable ? undefined : probe.perf.reasons.join('; '))) return true;
  return unavailable('perfgate-count', helper === null ? probe.perf.counter.reason : undefined);
}

describe('building perfgate-count', () => {
  it('builds once into the cache keyed by its source, then reuses it; builds at once all get a whole binary', async () => {
    if (!haveTool(['cc', '--version'], 'cc')) return;
    const dir = tmp();
    const built = await Promise.all([1, 2, 3].map(() => buildCounter(cacheEnv(dir))));
    const paths = built.map((b) => ('helper' in b ? b.helper : b.error));
    expect(new Set(paths)).toEqual(new Set([path.join(dir, `perfgate-count-${COUNTER_HASH}`)]));
    const first = statSync(paths[0] as string);
    const again = await buildCounter(cacheEnv(dir));
    expect(again).toEqual({ helper: paths[0] });
    expect(statSync(paths[0] as string).mtimeMs).toBe(first.mtimeMs);
    const out = path.join(dir, 'out.csv');
    const r = await runProcess({
      argv: counterArgv(paths[0] as string, out, ['task-clock'], ['true']),
      cwd: dir,
      env: cacheEnv(dir) as Record<string, string>,
      timeoutMs: 20_000,
    });
    expect(r.exitCode).toBe(0);
    expect(parsePerfStatCsv(readFileSync(out, 'utf8')).counters.map((c) => c.status)).toEqual(['counted']);
  });

  it('without cc, perf stat counts, and the reason says so', async () => {
    const dir = tmp();
    const c = await probeCounter(['task-clock'], dir, cacheEnv(dir, { PATH: path.join(dir, 'no-such-bin') }));
    expect(c).toEqual({
      tool: 'perf stat',
      helper: null,
      reason: 'counts with perf stat: perfgate-count unavailable: no C compiler (cc: ENOENT)',
    });
  });

  it('a compiler that fails: perf stat counts, with the compiler error', async () => {
    const dir = tmp();
    const bin = path.join(dir, 'bin');
    const cc = path.join(dir, 'cc');
    writeFileSync(cc, '#!/bin/sh\necho "count.c:1:1: error: no linux/perf_event.h" >&2\nexit 1\n');
    chmodSync(cc, 0o755);
    const c = await probeCounter(['task-clock'], dir, cacheEnv(path.join(dir, 'cache'), { PATH: `${dir}:${bin}` }));
    expect(c.tool).toBe('perf stat');
    expect(c.reason).toBe(
      'counts with perf stat: perfgate-count unavailable: cc could not build it: count.c:1:1: error: no linux/perf_event.h',
    );
  });

  it('PERFGATE_COUNTER=perf keeps perf stat', async () => {
    const dir = tmp();
    expect(await probeCounter(['task-clock'], dir, cacheEnv(dir, { PERFGATE_COUNTER: 'perf' }))).toEqual({
      tool: 'perf stat',
      helper: null,
      reason: 'counts with perf stat: PERFGATE_COUNTER=perf',
    });
  });

  it('an event it does not know, or cannot count where perf counts it: perf stat', async () => {
    if (noHelper()) return;
    const dir = tmp();
    const unknown = await probeCounter(['task-clock', 'bogus-event'], dir, cacheEnv(dir));
    expect(unknown.reason).toBe(
      "counts with perf stat: perfgate-count failed: perfgate-count: unknown event 'bogus-event'",
    );
    // Hardware events: whatever perf stat says of each here, the helper says the same.
    const events = ['cycles', 'instructions', 'branch-misses'];
    const out = path.join(dir, 'hw.csv');
    await runProcess({
      argv: ['perf', 'stat', '-x,', '-o', out, '-e', events.join(','), '--', 'true'],
      cwd: dir,
      env: cacheEnv(dir) as Record<string, string>,
      timeoutMs: 20_000,
    });
    const perfSays = parsePerfStatCsv(readFileSync(out, 'utf8')).counters.map((c) => [c.event, c.status]);
    await runProcess({
      argv: counterArgv(helper as string, out, events, ['true']),
      cwd: dir,
      env: cacheEnv(dir) as Record<string, string>,
      timeoutMs: 20_000,
    });
    expect(parsePerfStatCsv(readFileSync(out, 'utf8')).counters.map((c) => [c.event, c.status])).toEqual(perfSays);
    const hw = await probeCounter(['task-clock', 'cycles'], dir, cacheEnv(dir));
    if (probe.perf.pmu) expect(hw.tool).toBe('perfgate-count');
    else expect(hw.reason).toBe('counts with perf stat: perfgate-count cannot count cycles (not-supported)');
  });
});

describe('perfgate-count as an unprivileged user', () => {
  it('under perf_event_paranoid > 1 it falls back to user-space counts and names them :u, as perf stat does', async () => {
    if (noHelper()) return;
    const paranoid = Number(readFileSync('/proc/sys/kernel/perf_event_paranoid', 'utf8'));
    if (process.getuid?.() !== 0 || paranoid < 2) {
      console.warn(`SKIPPED :u fallback: needs root (to become nobody) and perf_event_paranoid >= 2 (is ${paranoid})`);
      return;
    }
    if (!haveTool(['setpriv', '--version'], 'setpriv (util-linux)')) return;
    // nobody can read neither root's cache nor a private temporary directory: a copy in an open one.
    const dir = tmp();
    chmodSync(dir, 0o777);
    const copy = path.join(dir, 'perfgate-count');
    copyFileSync(helper as string, copy);
    chmodSync(copy, 0o755);
    const events = ['task-clock', 'context-switches', 'page-faults'];
    const asNobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
    const read = async (argv: string[], out: string) => {
      const r = await runProcess({
        argv: [...asNobody, ...argv],
        cwd: dir,
        env: cacheEnv(dir) as Record<string, string>,
        timeoutMs: 20_000,
      });
      expect(r.exitCode).toBe(0);
      return parsePerfStatCsv(readFileSync(out, 'utf8')).counters.map((c) => [c.event, c.status]);
    };
    const perf = await read(
      ['perf', 'stat', '-x,', '-o', path.join(dir, 'p.csv'), '-e', events.join(','), '--', 'true'],
      path.join(dir, 'p.csv'),
    );
    const ours = await read(counterArgv(copy, path.join(dir, 'h.csv'), events, ['true']), path.join(dir, 'h.csv'));
    expect(ours).toEqual(perf);
    expect(ours[0]).toEqual(['task-clock:u', 'counted']);
  });
});

describe('the perf backend through perfgate-count', () => {
  it('the probe says which counter the backend uses, and the backend uses it', async () => {
    if (noHelper()) return;
    expect(probe.perf.counter.tool).toBe('perfgate-count');
    expect(probe.perf.reasons.at(-1)).toBe(`counts with perfgate-count (perf_event_open): ${helper}`);
    const m = await perfBackend(probe.perf.events, tmp(), helper).measure(req('./work 500'));
    expect(m.outcome.exitCode).toBe(0);
    expect(m.warnings).toEqual([]);
    expect(Object.keys(m.metrics).sort()).toEqual(
      probe.perf.events.map((e) => (e === 'duration_time' ? 'wall' : e)).sort(),
    );
  });

  it('PERFGATE_COUNTER=perf through the probe: perf stat counts, and the reasons say so', async () => {
    if (unavailable('perf', probe.perf.usable ? undefined : probe.perf.reasons.join('; '))) return;
    const p = await probePerf('/proc', { ...process.env, PERFGATE_COUNTER: 'perf' });
    expect(p.counter).toEqual({
      tool: 'perf stat',
      helper: null,
      reason: 'counts with perf stat: PERFGATE_COUNTER=perf',
    });
    expect(p.reasons.at(-1)).toBe('counts with perf stat: PERFGATE_COUNTER=perf');
    expect(p.events).toEqual(probe.perf.events);
  });

  it('keeps the exit code, the output and the environment of the command', async () => {
    if (noHelper()) return;
    const m = await perfBackend(probe.perf.events, tmp(), helper).measure(
      req('echo "out $X"; echo err >&2; exit 3', { env: benchmarkEnv(process.env, { X: 'x1' }) }),
    );
    expect(m.outcome).toMatchObject({ exitCode: 3, signal: null, timedOut: false });
    expect(m.outcome.stdoutTail).toBe('out x1\n');
    expect(m.outcome.stderrTail).toBe('err\n');
    expect(m.metrics['task-clock']?.value).toBeGreaterThan(0);
  });

  it('a command killed by a signal is reported killed by either counter (perf stat itself exits 0 there)', async () => {
    if (noHelper()) return;
    const dir = tmp();
    for (const sig of ['SEGV', 'ABRT', 'KILL']) {
      for (const h of [helper, null]) {
        const m = await perfBackend(probe.perf.events, dir, h).measure(req(`kill -${sig} $$`));
        expect(m.outcome).toMatchObject({ exitCode: null, signal: `SIG${sig}` });
        expect(m.metrics['task-clock']?.value).toBeGreaterThan(0);
      }
    }
    // A clean run whose last stderr line is some other program's signal text stays clean.
    const other = await perfBackend(probe.perf.events, dir, null).measure(req('echo "cc: Segmentation fault" >&2'));
    expect(other.outcome).toMatchObject({ exitCode: 0, signal: null });
  });

  it('a command that cannot start: the same exit code and message as perf stat', async () => {
    if (noHelper()) return;
    const dir = tmp();
    for (const h of [helper, null]) {
      const m = await perfBackend(probe.perf.events, dir, h).measure(req('./no-such-benchmark'));
      expect(m.outcome).toMatchObject({ exitCode: 255, signal: null });
      expect(m.outcome.stderrTail).toMatch(/^Workload failed: No such file or directory$/m);
    }
  });

  it('the timeout kills the helper and the whole benchmark', async () => {
    if (noHelper()) return;
    const dir = tmp();
    const pidFile = path.join(dir, 'pid');
    const m = await perfBackend(probe.perf.events, dir, helper).measure(
      req(`sh -c 'echo $$ > ${pidFile}; exec sleep 30'`, { timeoutMs: 500 }),
    );
    expect(m.outcome.timedOut).toBe(true);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    // Gone, or a zombie waiting for init: no longer running (a SIGKILL lands within moments).
    const state = (): string => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      } catch {
        return 'gone';
      }
    };
    for (let i = 0; i < 40 && !['gone', 'Z'].includes(state()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(['gone', 'Z']).toContain(state());
  });

  it('pins the command as taskset pins it on the perf stat path, and refuses a CPU list it cannot pin to', async () => {
    if (noHelper()) return;
    const dir = tmp();
    const cpu = String(os.cpus().length - 1);
    for (const h of [helper, null]) {
      const m = await perfBackend(probe.perf.events, dir, h).measure(
        req('grep Cpus_allowed_list /proc/self/status', { cpus: cpu }),
      );
      expect(m.outcome.exitCode).toBe(0);
      expect(m.outcome.stdoutTail).toBe(`Cpus_allowed_list:\t${cpu}\n`);
    }
    const bad = await perfBackend(probe.perf.events, dir, helper).measure(req('true', { cpus: '4096' }));
    expect(bad.outcome.exitCode).toBe(255);
    expect(bad.outcome.stderrTail).toMatch(/^perfgate-count: cannot pin to CPUs 4096: /);
  });
});
