/**
 * The duet's CPU halves: disjoint, equal, whole cores where the list allows (never the two
 * hyperthreads of one core as base's and head's halves when another split exists), and a
 * reason instead of halves for a list that cannot be split. The topology comes from a fake
 * sysfs tree as well as from the pure function, so the reading is tested too.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { duetCpus, splitCpus } from '../../src/host/duet-cpus.js';

/** Siblings map for cores given as lists of hyperthreads. */
const topology = (cores: number[][]): Map<number, number[]> =>
  new Map(cores.flatMap((core) => core.map((c) => [c, core.filter((s) => s !== c)] as [number, number[]])));

describe('splitCpus', () => {
  it('two CPUs of two cores: one each', () => {
    expect(splitCpus([0, 1], topology([[0], [1]]))).toEqual({ ok: true, halves: ['0', '1'], note: null });
  });

  it('four hyperthreads of two cores (0,2 and 1,3): a core each, not one thread of each core', () => {
    expect(
      splitCpus(
        [0, 1, 2, 3],
        topology([
          [0, 2],
          [1, 3],
        ]),
      ),
    ).toEqual({ ok: true, halves: ['0,2', '1,3'], note: null });
  });

  it('a multi-threaded benchmark on 0-3 without SMT gets two CPUs a side', () => {
    const s = splitCpus([0, 1, 2, 3], topology([[0], [1], [2], [3]]));
    expect(s.ok && s.halves.map((h) => h.split(',').length)).toEqual([2, 2]);
    expect(s.ok && new Set([...s.halves[0].split(','), ...s.halves[1].split(',')]).size).toBe(4);
  });

  it('an odd count leaves a CPU idle, and says so', () => {
    expect(splitCpus([0, 1, 2], topology([[0], [1], [2]]))).toEqual({
      ok: true,
      halves: ['0', '1'],
      note: 'CPU 2 left idle so both halves have 1',
    });
  });

  it('the two hyperthreads of one core are split only when nothing else exists, with a note', () => {
    const s = splitCpus([4, 5], topology([[4, 5]]));
    expect(s).toMatchObject({ ok: true, halves: ['4', '5'] });
    expect(s.ok && s.note).toMatch(/^CPUs 4-5 are hyperthreads of one core: base and head share it/);
  });

  it('siblings not visible: each CPU taken for a core, said', () => {
    const s = splitCpus(
      [0, 1],
      new Map([
        [0, null],
        [1, null],
      ]),
    );
    expect(s).toMatchObject({
      ok: true,
      halves: ['0', '1'],
      note: 'SMT siblings not visible: each CPU taken for a core',
    });
  });

  it('one CPU cannot be split', () => {
    expect(splitCpus([3], topology([[3]]))).toEqual({
      ok: false,
      reason: 'cpus 3 is one CPU: a duet needs two or more, to give base and head their own',
    });
  });
});

describe('duetCpus', () => {
  it('reads thread_siblings_list from sysfs; unpinned cannot be split', async () => {
    const sys = mkdtempSync(path.join(os.tmpdir(), 'pg-duet-sys-'));
    for (const [cpu, list] of [
      [0, '0,2'],
      [1, '1,3'],
      [2, '0,2'],
      [3, '1,3'],
    ] as const) {
      const dir = path.join(sys, 'devices/system/cpu', `cpu${cpu}`, 'topology');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'thread_siblings_list'), `${list}\n`);
    }
    const roots = { proc: '/nonexistent', sys, etc: '/nonexistent' };
    expect(await duetCpus('0-3', roots)).toEqual({ ok: true, halves: ['0,2', '1,3'], note: null });
    expect(await duetCpus(null, roots)).toMatchObject({ ok: false, reason: expect.stringMatching(/^cpus is not set/) });
  });
});
