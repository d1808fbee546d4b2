import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { normalizeEventName, parsePerfStatCsv, perfStatSignal } from '../../src/tools/perfstat.js';
import { countersToMetrics, multiplexedEvents } from '../../src/measure/backends.js';
import { fixturesDir } from '../helpers/paths.js';

const dir = path.join(fixturesDir, 'perf-stat');
const read = (f: string): string => readFileSync(path.join(dir, f), 'utf8');
const HARDWARE = ['cycles', 'instructions', 'branches', 'branch-misses', 'cache-references', 'cache-misses'];

describe('perf stat fixtures (perf 6.1, VM without PMU, captured by __tests__/fixtures/capture.sh)', () => {
  it('covers every file', () => {
    expect(readdirSync(dir).sort()).toEqual([
      'counter-children.txt',
      'counter.txt',
      'csv-children.txt',
      'csv-default-events.txt',
      'csv-exit3.txt',
      'csv-repeat5.txt',
      'csv-userspace.txt',
      'csv.txt',
      'hand-written-hardware.txt',
      'published-hardware.txt',
      'stderr-signals.txt',
    ]);
  });

  it('csv.txt: software counters and duration_time counted, hardware ones not supported', () => {
    const r = parsePerfStatCsv(read('csv.txt'));
    expect(r.unparsed).toEqual([]);
    expect(r.counters).toHaveLength(11);
    expect(r.counters[0]).toEqual({
      name: 'task-clock',
      event: 'task-clock',
      value: 57.39,
      unit: 'msec',
      status: 'counted',
      pctRunning: 100,
      variancePct: null,
      runTimeNs: 57393619,
    });
    expect(r.counters.find((c) => c.name === 'page-faults')?.value).toBe(56);
    expect(r.counters.find((c) => c.name === 'duration_time')).toMatchObject({ value: 129348462, unit: 'ns' });
    const unsupported = r.counters.filter((c) => c.status === 'not-supported').map((c) => c.name);
    expect(unsupported).toEqual(HARDWARE);
    expect(r.counters.filter((c) => c.status === 'not-supported').every((c) => c.value === null)).toBe(true);
  });

  it('csv.txt through the backend: the metrics, wall from duration_time, a warning per missing counter', () => {
    const { metrics, warnings } = countersToMetrics(parsePerfStatCsv(read('csv.txt')).counters);
    expect(metrics).toEqual({
      // The run time's nanoseconds, not the two decimals of msec.
      'task-clock': { unit: 'ms', value: 57.393619 },
      'context-switches': { unit: 'count', value: 19 },
      'cpu-migrations': { unit: 'count', value: 1 },
      'page-faults': { unit: 'count', value: 56 },
      wall: { unit: 'ns', value: 129348462 },
    });
    expect(warnings).toEqual(HARDWARE.map((e) => `${e}: <not supported> on this machine; metric absent`));
  });

  it("csv-default-events.txt: perf's own event list", () => {
    const r = parsePerfStatCsv(read('csv-default-events.txt'));
    expect(r.unparsed).toEqual([]);
    expect(r.counters.map((c) => [c.name, c.value])).toEqual([
      ['task-clock', 68.68],
      ['context-switches', 25],
      ['cpu-migrations', 0],
      ['page-faults', 58],
      ['cycles', null],
      ['instructions', null],
      ['branches', null],
      ['branch-misses', null],
    ]);
  });

  it('csv-repeat5.txt: the -r variance column is recognised, not taken as run time', () => {
    const r = parsePerfStatCsv(read('csv-repeat5.txt'));
    expect(r.unparsed).toEqual([]);
    expect(r.counters[0]).toMatchObject({
      name: 'task-clock',
      value: 59.11,
      variancePct: 0.3,
      pctRunning: 100,
      runTimeNs: 59113291,
    });
    expect(r.counters.find((c) => c.name === 'context-switches')).toMatchObject({ value: 24, variancePct: 3.63 });
    expect(r.counters.find((c) => c.name === 'duration_time')).toMatchObject({ value: 164370599, variancePct: 4.64 });
    expect(r.counters.filter((c) => c.status === 'not-supported')).toHaveLength(6);
  });

  it('csv-userspace.txt: :u modifiers are stripped', () => {
    const r = parsePerfStatCsv(read('csv-userspace.txt'));
    expect(r.counters.map((c) => [c.name, c.event, c.status])).toEqual([
      ['task-clock', 'task-clock:u', 'counted'],
      ['instructions', 'instructions:u', 'not-supported'],
      ['cycles', 'cycles:u', 'not-supported'],
    ]);
  });

  it('csv-exit3.txt: a command that exits 3 still yields its counters', () => {
    const r = parsePerfStatCsv(read('csv-exit3.txt'));
    expect(r.unparsed).toEqual([]);
    expect(r.counters).toEqual([
      {
        name: 'task-clock',
        event: 'task-clock',
        value: 0.59,
        unit: 'msec',
        status: 'counted',
        pctRunning: 100,
        variancePct: null,
        runTimeNs: 588115,
      },
      {
        name: 'page-faults',
        event: 'page-faults',
        value: 60,
        unit: '',
        status: 'counted',
        pctRunning: 100,
        variancePct: null,
        runTimeNs: 588115,
      },
    ]);
  });

  it('csv-children.txt: task-clock of three children to the nanosecond (1.9 CPUs: their sum, not the wall)', () => {
    const { metrics } = countersToMetrics(parsePerfStatCsv(read('csv-children.txt')).counters);
    expect(metrics).toEqual({ 'task-clock': { unit: 'ms', value: 78.191166 }, wall: { unit: 'ns', value: 40681340 } });
  });

  it('counter.txt (perfgate-count, same events as csv.txt): the same counters, statuses and units, nothing unparsed', () => {
    const helper = parsePerfStatCsv(read('counter.txt'));
    const perf = parsePerfStatCsv(read('csv.txt'));
    expect(helper.unparsed).toEqual([]);
    const shape = (r: typeof perf) => r.counters.map((c) => [c.event, c.unit, c.status, c.pctRunning]);
    expect(shape(helper)).toEqual(shape(perf));
    expect(countersToMetrics(helper.counters).metrics).toEqual({
      'task-clock': { unit: 'ms', value: 61.501347 },
      'context-switches': { unit: 'count', value: 38 },
      'cpu-migrations': { unit: 'count', value: 2 },
      'page-faults': { unit: 'count', value: 60 },
      wall: { unit: 'ns', value: 120313485 },
    });
  });

  it('counter-children.txt: perfgate-count sums the three children as perf does', () => {
    const { metrics } = countersToMetrics(parsePerfStatCsv(read('counter-children.txt')).counters);
    expect(metrics).toEqual({ 'task-clock': { unit: 'ms', value: 71.863438 }, wall: { unit: 'ns', value: 156025266 } });
  });

  it('a run time that does not round to the printed msec is not taken (the value stands)', () => {
    const { metrics } = countersToMetrics(
      parsePerfStatCsv('0.59,msec,task-clock,598115,100.00,0.545,CPUs utilized\n').counters,
    );
    expect(metrics['task-clock']).toEqual({ unit: 'ms', value: 0.59 });
  });
});

describe('hardware-counter lines in the documented format (hand-written-hardware.txt, not captured)', () => {
  const lines = read('hand-written-hardware.txt');

  it('parses values, multiplexing and <not counted>', () => {
    const r = parsePerfStatCsv(lines);
    expect(r.unparsed).toEqual([]);
    expect(r.counters.map((c) => [c.name, c.value, c.status, c.pctRunning])).toEqual([
      ['cycles', 1032845, 'counted', 100],
      ['instructions', 2114632, 'counted', 100],
      ['branch-misses', 52110, 'counted', 49.96],
      ['cache-misses', null, 'not-counted', 0],
      ['task-clock', 4.12, 'counted', 100],
    ]);
  });

  it('turns them into metrics: absent (never 0) when not counted, a warning when multiplexed', () => {
    const { metrics, warnings } = countersToMetrics(parsePerfStatCsv(lines).counters);
    expect(metrics).toEqual({
      cycles: { unit: 'count', value: 1032845 },
      instructions: { unit: 'count', value: 2114632 },
      'branch-misses': { unit: 'count', value: 52110 },
      'task-clock': { unit: 'ms', value: 4.12 },
    });
    expect(metrics['cache-misses']).toBeUndefined();
    expect(warnings).toEqual([
      'branch-misses: multiplexed, counted 49.96% of the time and scaled',
      'cache-misses: <not counted> (opened but never scheduled); metric absent',
    ]);
  });

  it('maps duration_time to wall', () => {
    const { metrics } = countersToMetrics(
      parsePerfStatCsv('12984206,ns,duration_time,12984206,100.00,1.084,G/sec').counters,
    );
    expect(metrics).toEqual({ wall: { unit: 'ns', value: 12984206 } });
  });

  it('reports lines it does not understand with their line numbers', () => {
    const r = parsePerfStatCsv('1.0,msec,task-clock,1,100.00,,\ngarbage here\nabc,,cycles,1,100.00,,');
    expect(r.counters).toHaveLength(1);
    expect(r.unparsed).toEqual([
      { line: 2, text: 'garbage here' },
      { line: 3, text: 'abc,,cycles,1,100.00,,' },
    ]);
  });

  it('normalizes event names', () => {
    expect(normalizeEventName('instructions:u')).toBe('instructions');
    expect(normalizeEventName('cycles:k')).toBe('cycles');
    expect(normalizeEventName('cpu_atom/branch-misses/u')).toBe('branch-misses');
    expect(normalizeEventName('task-clock')).toBe('task-clock');
  });
});

describe('published hardware-counter lines (published-hardware.txt: an Intel and an AMD machine)', () => {
  const r = parsePerfStatCsv(read('published-hardware.txt'));

  it('parses both blocks, leading spaces and all, and nothing is left over', () => {
    expect(r.unparsed).toEqual([]);
    expect(r.counters.map((c) => [c.name, c.value, c.status, c.pctRunning])).toEqual([
      ['cpu-clock', 8012.67, 'counted', 100],
      ['context-switches', 197, 'counted', 100],
      ['cpu-migrations', 9, 'counted', 100],
      ['page-faults', 644, 'counted', 100],
      ['cycles', 18350698, 'counted', 100],
      ['instructions', 12745021, 'counted', 100],
      ['branches', 2458033, 'counted', 100],
      ['branch-misses', 102107, 'counted', 100],
      ['cycles', 1964145726, 'counted', 100],
      ['ref-cycles', 1901000000, 'counted', 100],
      ['instructions', 11682238319, 'counted', 100],
      ['branch-misses', 116348, 'counted', 100],
      ['ls_dmnd_fills_from_sys.dram_io_all', null, 'not-supported', 0],
      ['ls_l1_d_tlb_miss.all_l2_miss', 150396, 'counted', 74],
      ['page-faults', 19899, 'counted', 100],
      ['context-switches', 1145, 'counted', 100],
      ['task-clock', 976.56, 'counted', 100],
    ]);
  });

  it('the unmultiplexed Intel block becomes metrics without a warning', () => {
    const { metrics, warnings } = countersToMetrics(r.counters.slice(0, 8));
    expect(metrics.instructions).toEqual({ unit: 'count', value: 12745021 });
    expect(metrics['branch-misses']).toEqual({ unit: 'count', value: 102107 });
    expect(warnings).toEqual([]);
    expect(multiplexedEvents(warnings)).toEqual([]);
  });

  it('the AMD block: the multiplexed event is scaled and named, the unsupported one absent', () => {
    const { metrics, warnings } = countersToMetrics(r.counters.slice(8));
    expect(metrics['ls_l1_d_tlb_miss.all_l2_miss']).toEqual({ unit: 'count', value: 150396 });
    expect(metrics['ls_dmnd_fills_from_sys.dram_io_all']).toBeUndefined();
    // The multiplexing a kind-of-change line shows (compare/slowdown-kind.ts) is read back from
    // these warnings.
    expect(multiplexedEvents(warnings)).toEqual(['ls_l1_d_tlb_miss.all_l2_miss']);
    const handWritten = countersToMetrics(parsePerfStatCsv(read('hand-written-hardware.txt')).counters);
    expect(multiplexedEvents(handWritten.warnings)).toEqual(['branch-misses']);
  });
});

describe('perfStatSignal: perf stat exits 0 when its command dies of a signal; its last stderr line says which', () => {
  // stderr-signals.txt: `kill -SEGV` then what perf printed for `perf stat -- sh -c 'kill -SEGV $$'`.
  const lines = read('stderr-signals.txt').trimEnd().split('\n');
  const captured = lines.flatMap((line, i) => {
    const kill = /^kill -([A-Z0-9]+)$/.exec(line);
    const next = lines[i + 1];
    return kill && next && !next.startsWith('kill -') ? [{ signal: `SIG${kill[1]}`, stderr: next }] : [];
  });

  it('reads every captured signal line back as its signal', () => {
    expect(captured).toHaveLength(20);
    for (const c of captured)
      expect([c.stderr, perfStatSignal('sh', `benchmark output\n${c.stderr}\n`)]).toEqual([c.stderr, c.signal]);
  });

  it("needs the command's own argv[0], on the last line, with a known text", () => {
    expect(perfStatSignal('sh', 'sh: Segmentation fault')).toBe('SIGSEGV');
    expect(perfStatSignal('./bin/bench', './bin/bench: Aborted\n')).toBe('SIGABRT');
    expect(perfStatSignal('sh', 'cc: Segmentation fault\n')).toBeNull();
    expect(perfStatSignal('sh', 'sh: Segmentation fault\ndone\n')).toBeNull();
    expect(perfStatSignal('sh', 'sh: 1: ./x: Segmentation fault\n')).toBeNull();
    expect(perfStatSignal('sh', 'sh: Something else\n')).toBeNull();
    expect(perfStatSignal('sh', '')).toBeNull();
  });
});
