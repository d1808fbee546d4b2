/**
 * The one measuring loop, with the real `time` backend running real shell commands: a harness
 * that fails after reporting keeps what it reported, an interrupt between runs leaves the entry
 * skipped with how far it got, a metric missing from some runs is dropped with a warning, and
 * the paired order follows the seed, one draw per pair; duet pairs run both sides at once on
 * their own CPUs, swapped by that draw, and wait for each other when one fails.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { timeBackend } from '../../src/measure/backends.js';
import { killRunningGroups } from '../../src/tools/process.js';
import { measurePlan, pairedPlan, singlePlan } from '../../src/measure/loop.js';
import { createRng } from '../../src/stats/rng.js';
import type { BenchmarkSpec } from '../../src/suite/spec.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-loop-'));
// GNU time is not needed: wall time is measured either way.
const backend = timeBackend(false, dir);
const deps = { backend, parentEnv: { PATH: process.env.PATH ?? '/usr/bin:/bin' } };

function spec(name: string, run: string, extra: Partial<BenchmarkSpec> = {}): BenchmarkSpec {
  return {
    name,
    run,
    cwd: dir,
    env: {},
    iterations: 4,
    maxIterations: 4,
    warmup: 1,
    backend: 'time',
    cpus: null,
    timeoutMs: 10_000,
    pairing: 'sequential',
    threshold: { wall: 0.05 },
    profile: false,
    offcpu: false,
    callGraph: 'auto',
    line: 1,
    ...extra,
  };
}

/** A shell script in the test directory; `count` is a file counting its invocations. */
function script(name: string, body: string): string {
  writeFileSync(
    path.join(dir, name),
    `n=$(cat ${name}.count 2>/dev/null || echo 0); n=$((n+1)); echo $n > ${name}.count\n${body}\n`,
  );
  return `sh ${name}`;
}

const row = (name: string, metric: string, value: number): string =>
  `echo '${JSON.stringify({ name, metric, unit: 'ns', value })}'`;

describe('measurePlan: one side', () => {
  it('runs warm-up then N measured runs, reporting progress after each', async () => {
    const seen: string[] = [];
    const out = await measurePlan(singlePlan(spec('plain', 'true'), 'time'), {
      ...deps,
      progress: { run: (done, runs, warmup) => seen.push(`${warmup ? 'w' : 'r'}${done}/${runs}`) },
    });
    expect(out.end).toBe('done');
    expect(out.rounds).toBe(4);
    expect(out.results.only).toHaveLength(1);
    expect(out.results.only[0]?.status).toBe('ok');
    expect(out.results.only[0]?.metrics.wall?.samples).toHaveLength(4);
    expect(seen).toEqual(['w1/5', 'r2/5', 'r3/5', 'r4/5', 'r5/5']);
  });

  it('keeps what a harness reported before it failed; the entry says how it failed', async () => {
    const run = script('partial.sh', `${row('a', 'time', 100)}\nexit 3`);
    const out = await measurePlan(
      singlePlan(spec('h', run, { harness: { format: 'json', output: null } }), 'time'),
      deps,
    );
    const [entry, a] = out.results.only;
    expect(entry?.status).toBe('failed');
    expect(entry?.error).toContain('warm-up run 1 exited with code 3');
    expect(entry?.metrics).toEqual({});
    expect(a?.name).toBe('h/a');
    expect(a?.status).toBe('ok');
    expect(a?.metrics.time?.samples).toEqual([100, 100, 100, 100]);
  });

  it('stops at its first failure otherwise', async () => {
    const run = script('fails.sh', 'test $n -lt 3 || exit 1');
    const out = await measurePlan(singlePlan(spec('f', run), 'time'), deps);
    expect(out.end).toBe('failed');
    expect(out.results.only[0]?.status).toBe('failed');
    expect(out.results.only[0]?.error).toMatch(/^measured run 3 exited with code 1/);
    expect(out.results.only[0]?.metrics.wall?.samples).toHaveLength(1);
  });

  it('an interrupt between runs leaves the entry skipped, saying how far it got', async () => {
    const ctl = new AbortController();
    const progress = { run: (done: number) => (done === 3 ? ctl.abort() : undefined) };
    const out = await measurePlan(singlePlan(spec('i', 'true'), 'time'), { ...deps, progress, signal: ctl.signal });
    expect(out.end).toBe('interrupted');
    expect(out.results.only[0]?.status).toBe('skipped');
    expect(out.results.only[0]?.error).toBe('interrupted after 2 of 4 measured runs');
    expect(out.results.only[0]?.metrics.wall?.samples).toHaveLength(2);
  });

  it('drops a metric missing from some runs, with a warning, and keeps the rest', async () => {
    // Invocation 1 is the warm-up; of the measured 2..5, allocs is reported in 3 and 5 only.
    const run = script('flaky.sh', `${row('a', 'time', 100)}\ntest $((n % 2)) -eq 0 || ${row('a', 'allocs', 7)}`);
    const out = await measurePlan(
      singlePlan(spec('m', run, { harness: { format: 'json', output: null } }), 'time'),
      deps,
    );
    const a = out.results.only.find((r) => r.name === 'm/a');
    expect(a?.status).toBe('ok');
    expect(Object.keys(a?.metrics ?? {})).toEqual(['time']);
    expect(a?.warnings).toEqual(['allocs: counted in 2 of 4 runs; metric dropped']);
  });
});

describe('measurePlan: pairs', () => {
  const log = path.join(dir, 'order.log');
  const sides = {
    base: spec('p', `echo base >> ${log}`, { warmup: 1, iterations: 6 }),
    head: spec('p', `echo head >> ${log}`, { warmup: 1, iterations: 6 }),
  };

  async function pairedRun(seed: number, looks: number[]): Promise<{ order: string[]; rounds: number; looks: number }> {
    writeFileSync(log, '');
    const rng = createRng(seed);
    const targets = [...looks];
    const out = await measurePlan(
      pairedPlan(sides, 'time', { baseFirst: () => rng.next() < 0.5, look: () => targets.shift() ?? null }),
      deps,
    );
    expect(out.end).toBe('done');
    expect(out.results.base[0]?.metrics.wall?.samples).toHaveLength(out.rounds);
    expect(out.results.head[0]?.metrics.wall?.samples).toHaveLength(out.rounds);
    return { order: readFileSync(log, 'utf8').trim().split('\n'), rounds: out.rounds, looks: out.looks };
  }

  it('warms up base then head, then runs each pair in the order one draw per pair gives; a look asks for more', async () => {
    const got = await pairedRun(42, [9]);
    expect(got.rounds).toBe(9);
    expect(got.looks).toBe(2);
    const rng = createRng(42);
    const expected = ['base', 'head'];
    for (let i = 0; i < 9; i++) expected.push(...(rng.next() < 0.5 ? ['base', 'head'] : ['head', 'base']));
    expect(got.order).toEqual(expected);
    expect((await pairedRun(42, [9])).order).toEqual(got.order);
    expect((await pairedRun(7, [9])).order).not.toEqual(got.order);
  });
});

describe('measurePlan: duet pairs', () => {
  const partner = timeBackend(false, mkdtempSync(path.join(os.tmpdir(), 'pg-loop-partner-')));
  const duetDeps = { ...deps, partner };
  const twoCpus = os.cpus().length >= 2;

  it('runs base and head at the same time: each waits for the other to start', async () => {
    // Sequentially these would wait for ever (the timeout); in a duet both are running.
    const meet = (me: string, other: string): string =>
      script(`${me}.sh`, `touch ${me}.$n\nwhile [ ! -e ${other}.$n ]; do sleep 0.01; done`);
    const rng = createRng(3);
    const out = await measurePlan(
      pairedPlan(
        {
          base: spec('d', meet('b', 'h'), { warmup: 1, iterations: 3, timeoutMs: 5000 }),
          head: spec('d', meet('h', 'b'), { warmup: 1, iterations: 3, timeoutMs: 5000 }),
        },
        'time',
        { baseFirst: () => rng.next() < 0.5, duet: ['0', twoCpus ? '1' : '0'] },
      ),
      duetDeps,
    );
    expect(out.end).toBe('done');
    expect(out.rounds).toBe(3);
    expect(out.results.base[0]?.metrics.wall?.samples).toHaveLength(3);
    expect(out.results.head[0]?.metrics.wall?.samples).toHaveLength(3);
  });

  it('pins each side to its half, the side drawn first to the first half, so the halves swap', async () => {
    if (!twoCpus) return;
    const cpu = script(
      'cpu.sh',
      `c=$(awk '/^Cpus_allowed_list/{print $2}' /proc/self/status)\necho "{\\"name\\":\\"c\\",\\"metric\\":\\"cpu\\",\\"unit\\":\\"n\\",\\"value\\":$c}"`,
    );
    const harness = { harness: { format: 'json' as const, output: null }, warmup: 0, iterations: 8 };
    const draws = createRng(11);
    const expectedFirst = Array.from({ length: 8 }, () => (draws.next() < 0.5 ? 'base' : 'head'));
    const rng = createRng(11);
    const out = await measurePlan(
      pairedPlan({ base: spec('d', cpu, harness), head: spec('d', cpu, harness) }, 'time', {
        baseFirst: () => rng.next() < 0.5,
        duet: ['0', '1'],
      }),
      duetDeps,
    );
    expect(out.end).toBe('done');
    const base = out.results.base.find((r) => r.name === 'd/c')?.metrics.cpu?.samples;
    const head = out.results.head.find((r) => r.name === 'd/c')?.metrics.cpu?.samples;
    expect(base).toEqual(expectedFirst.map((s) => (s === 'base' ? 0 : 1)));
    expect(head).toEqual(expectedFirst.map((s) => (s === 'head' ? 0 : 1)));
    expect(new Set(base)).toEqual(new Set([0, 1]));
  });

  it('a side that fails is waited for with its partner, then ends the plan as failed', async () => {
    const slow = script('slow.sh', 'sleep 0.3\ntouch slow.done.$n');
    const out = await measurePlan(
      pairedPlan(
        {
          base: spec('d', slow, { warmup: 0, iterations: 3 }),
          head: spec('d', 'sh -c "exit 3"', { warmup: 0, iterations: 3 }),
        },
        'time',
        { baseFirst: () => true, duet: ['0', twoCpus ? '1' : '0'] },
      ),
      duetDeps,
    );
    expect(out.end).toBe('failed');
    expect(out.rounds).toBe(0);
    expect(out.results.head[0]?.error).toMatch(/^pair 1 exited with code 3/);
    // The partner's run finished before the plan returned: its file is there, its sample kept.
    expect(existsSync(path.join(dir, 'slow.done.1'))).toBe(true);
    expect(out.results.base[0]?.metrics.wall?.samples).toHaveLength(1);
  });

  it('an interrupt that kills the running groups kills both sides; the entries are skipped', async () => {
    const ctl = new AbortController();
    const started = Date.now();
    const long = spec('d', 'sleep 20', { warmup: 0, iterations: 2, timeoutMs: 60_000 });
    const plan = measurePlan(
      pairedPlan({ base: long, head: long }, 'time', { baseFirst: () => true, duet: ['0', twoCpus ? '1' : '0'] }),
      { ...duetDeps, signal: ctl.signal },
    );
    setTimeout(() => {
      ctl.abort('SIGTERM');
      killRunningGroups();
    }, 300);
    const out = await plan;
    expect(out.end).toBe('interrupted');
    expect(out.results.base[0]?.status).toBe('skipped');
    expect(out.results.head[0]?.status).toBe('skipped');
    // Neither sleep ran its 20 s: both groups were killed, not waited for.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
