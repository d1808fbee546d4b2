import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { normalizeEventName, parsePerfStatCsv, parsePerfStatHuman, parsePerfStatJson } from '../../src/tools/perfstat.js';
import { countersToMetrics } from '../../src/measure/backends.js';
import { sharedFixtures } from '../helpers/paths.js';

const dir = path.join(sharedFixtures, 'perf-stat');
const read = (f: string): string => readFileSync(path.join(dir, f), 'utf8');

describe('perf stat fixtures (perf 6.1, VM without PMU)', () => {
  it('covers every captured file', () => {
    expect(readdirSync(dir).sort()).toEqual([
      'vm-csv-default-events.txt',
      'vm-csv-failing-cmd.txt',
      'vm-csv-repeat5.txt',
      'vm-csv-userspace.txt',
      'vm-csv.txt',
      'vm-human.txt',
      'vm-json.txt',
    ]);
  });

  it('vm-csv.txt: software counters counted, hardware ones not supported', () => {
    const r = parsePerfStatCsv(read('vm-csv.txt'));
    expect(r.unparsed).toEqual([]);
    expect(r.counters).toHaveLength(10);
    expect(r.counters[0]).toEqual({ name: 'task-clock', event: 'task-clock', value: 1678.17, unit: 'msec', status: 'counted', pctRunning: 100, variancePct: null });
    expect(r.counters.find((c) => c.name === 'page-faults')?.value).toBe(63);
    const unsupported = r.counters.filter((c) => c.status === 'not-supported').map((c) => c.name);
    expect(unsupported).toEqual(['cycles', 'instructions', 'branches', 'branch-misses', 'cache-references', 'cache-misses']);
    expect(r.counters.filter((c) => c.status === 'not-supported').every((c) => c.value === null)).toBe(true);
  });

  it('vm-csv-default-events.txt', () => {
    const r = parsePerfStatCsv(read('vm-csv-default-events.txt'));
    expect(r.unparsed).toEqual([]);
    expect(r.counters.map((c) => [c.name, c.value])).toEqual([
      ['task-clock', 1689.48],
      ['context-switches', 11],
      ['cpu-migrations', 0],
      ['page-faults', 68],
      ['cycles', null],
      ['instructions', null],
      ['branches', null],
      ['branch-misses', null],
    ]);
  });

  it('vm-csv-repeat5.txt: the -r variance column is recognised, not taken as run time', () => {
    const r = parsePerfStatCsv(read('vm-csv-repeat5.txt'));
    expect(r.unparsed).toEqual([]);
    const tc = r.counters[0];
    expect(tc).toMatchObject({ name: 'task-clock', value: 1603.99, variancePct: 0.24, pctRunning: 100 });
    expect(r.counters.find((c) => c.name === 'context-switches')).toMatchObject({ value: 6, variancePct: 28.67 });
    expect(r.counters.filter((c) => c.status === 'not-supported')).toHaveLength(6);
  });

  it('vm-csv-userspace.txt: :u modifiers are stripped', () => {
    const r = parsePerfStatCsv(read('vm-csv-userspace.txt'));
    expect(r.counters.map((c) => [c.name, c.event, c.status])).toEqual([
      ['task-clock', 'task-clock:u', 'counted'],
      ['instructions', 'instructions:u', 'not-supported'],
      ['cycles', 'cycles:u', 'not-supported'],
    ]);
  });

  it('vm-csv-failing-cmd.txt: a failing command still yields its counters', () => {
    const r = parsePerfStatCsv(read('vm-csv-failing-cmd.txt'));
    expect(r.counters).toEqual([{ name: 'task-clock', event: 'task-clock', value: 0.85, unit: 'msec', status: 'counted', pctRunning: 100, variancePct: null }]);
  });

  it('vm-json.txt: counter-value strings become numbers', () => {
    const r = parsePerfStatJson(read('vm-json.txt'));
    expect(r.unparsed).toEqual([]);
    expect(r.counters.map((c) => [c.name, c.value, c.status])).toEqual([
      ['task-clock', 1613.959865, 'counted'],
      ['context-switches', 11, 'counted'],
      ['cpu-migrations', 0, 'counted'],
      ['page-faults', 65, 'counted'],
      ['cycles', null, 'not-supported'],
      ['instructions', null, 'not-supported'],
      ['branches', null, 'not-supported'],
      ['branch-misses', null, 'not-supported'],
      ['cache-references', null, 'not-supported'],
      ['cache-misses', null, 'not-supported'],
    ]);
  });

  it('vm-human.txt: the human format, including elapsed, user and sys', () => {
    const r = parsePerfStatHuman(read('vm-human.txt'));
    expect(r.unparsed).toEqual([]);
    expect(r.counters.map((c) => [c.name, c.value])).toEqual([
      ['task-clock', 1630.23],
      ['context-switches', 8],
      ['cpu-migrations', 0],
      ['page-faults', 63],
      ['cycles', null],
      ['instructions', null],
      ['branches', null],
      ['branch-misses', null],
      ['cache-references', null],
      ['cache-misses', null],
      ['time-elapsed', 1.631015767],
      ['user', 1.626758],
      ['sys', 0.003996],
    ]);
  });
});

describe('hardware-counter lines in the documented format', () => {
  const lines = [
    '# started on Sat Nov 21 04:45:14 2026',
    '',
    '1032845,,cycles:u,1032845,100.00,,',
    '2114632,,instructions:u,1032845,100.00,2.05,insn per cycle',
    '52110,,branch-misses,516000,49.96,1.20,of all branches',
    '<not counted>,,cache-misses,0,0.00,,',
    '4.12,msec,cpu_core/task-clock/,4120000,100.00,0.98,CPUs utilized',
  ].join('\n');

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
    const { metrics } = countersToMetrics(parsePerfStatCsv('12984206,ns,duration_time,12984206,100.00,1.084,G/sec').counters);
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
