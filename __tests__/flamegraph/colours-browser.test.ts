/**
 * Issue 20's acceptance for the flame graph colours: a real differential flame graph agrees with
 * the frames table. A C program whose `slowed` does 3× the work on head while its sibling
 * `steady` is untouched, built with gcc, measured (task-clock, perf stat) and profiled (perf
 * record, 5 runs a side); explainChanges writes the SVGs and the table; headless Chromium
 * paints the SVGs, and the colour each frame is painted with is checked against its table row:
 * an interval that includes zero is never a strong colour, `slowed` is strong red. Under share
 * colouring `steady` (50% → 25% of the samples) was the strongest blue of the graph.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { foldUnresolved } from '../../src/flamegraph/attribution.js';
import type { FrameTime } from '../../src/flamegraph/attribution-types.js';
import { explainChanges } from '../../src/flamegraph/explain.js';
import { parseFolded } from '../../src/flamegraph/folded.js';
import { probeHost, type HostProbe } from '../../src/host/probe.js';
import { perfBackend } from '../../src/measure/backends.js';
import { recordProfile } from '../../src/profile/record.js';
import type { BenchmarkResult } from '../../src/results/results-doc.js';
import type { BenchmarkSpec } from '../../src/suite/spec.js';
import { launchChromium, skipWithout, type LaunchedBrowser } from '../helpers/chromium.js';
import { haveTool, perfUsable } from '../helpers/tools.js';

// Two loops of dependent multiply-adds (no vectorising, no folding): ~100 ms each on base.
const PROGRAM = `#include <stdint.h>
#ifndef SLOW
#define SLOW 1
#endif
#define N 40000000L
volatile uint64_t sink;
__attribute__((noinline)) void steady(void) {
  uint64_t x = sink;
  for (long i = 0; i < N; i++) x = x * 6364136223846793005ULL + 1442695040888963407ULL;
  sink = x;
}
__attribute__((noinline)) void slowed(void) {
  uint64_t x = sink;
  for (long i = 0; i < N * SLOW; i++) x = x * 2862933555777941757ULL + 3037000493ULL;
  sink = x;
}
int main(void) {
  steady();
  slowed();
  return 0;
}
`;
const RUNS = 5;

const scratch = mkdtempSync(path.join(os.tmpdir(), 'pg-colours-'));
let launched: LaunchedBrowser | undefined;
let probe: HostProbe | undefined;
let ready = false;

interface Painted {
  name: string;
  width: number;
  fill: string;
  title: string;
}

function rgb(fill: string): [number, number, number] {
  const m = /^rgb\((\d+), ?(\d+), ?(\d+)\)$/.exec(fill);
  if (!m) throw new Error(`not an rgb() colour: ${fill}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** HSV saturation: 0 for greys, 1 for pure hues. */
function saturation(fill: string): number {
  const c = rgb(fill);
  const max = Math.max(...c);
  return max === 0 ? 0 : (max - Math.min(...c)) / max;
}

function spec(name: string, binary: string): BenchmarkSpec {
  return {
    name,
    run: binary,
    cwd: scratch,
    env: {},
    iterations: RUNS,
    maxIterations: RUNS,
    warmup: 0,
    backend: 'perf',
    cpus: null,
    timeoutMs: 60_000,
    pairing: 'sequential',
    threshold: {},
    profile: true,
    offcpu: false,
    callGraph: 'fp',
    line: 1,
  };
}

beforeAll(async () => {
  probe = await probeHost();
  if (!perfUsable(probe) || !haveTool(['gcc', '--version'], 'gcc')) return;
  launched = await launchChromium();
  const src = path.join(scratch, 'prog.c');
  writeFileSync(src, PROGRAM);
  for (const [side, slow] of [
    ['base', 1],
    ['head', 3],
  ] as const) {
    const flags = ['-O1', '-g', '-fno-omit-frame-pointer', '-fno-inline', `-DSLOW=${slow}`];
    // One name on both sides: the process name is the root frame of every stack.
    mkdirSync(path.join(scratch, side, 'bin'), { recursive: true });
    execFileSync('gcc', [...flags, '-o', path.join(scratch, side, 'bin', 'prog'), src]);
  }
  ready = true;
}, 120_000);

afterAll(async () => {
  await launched?.browser?.close();
  rmSync(scratch, { recursive: true, force: true });
}, 30_000);

describe('differential flame graph colours in Chromium', () => {
  it('paint each frame as its table row says: strong only where the interval excludes zero', async () => {
    if (!ready) return console.warn('SKIPPED: perf or gcc unavailable');
    const p = probe!;
    // task-clock per run, base and head alternating so that a busy neighbour weighs on both.
    const backend = perfBackend(['task-clock'], scratch);
    const taskClock: Record<'base' | 'head', number[]> = { base: [], head: [] };
    for (let i = 0; i < RUNS; i++)
      for (const side of ['base', 'head'] as const) {
        const m = await backend.measure({
          argv: [path.join(scratch, side, 'bin', 'prog')],
          cwd: scratch,
          env: {},
          cpus: null,
          timeoutMs: 60_000,
        });
        expect(m.outcome.exitCode).toBe(0);
        taskClock[side].push(m.metrics['task-clock']!.value);
      }
    const results: Record<'base' | 'head', BenchmarkResult> = {} as Record<'base' | 'head', BenchmarkResult>;
    for (const side of ['base', 'head'] as const) {
      const profile = await recordProfile(spec('prog', path.join(scratch, side, 'bin', 'prog')), {
        perf: p.perf,
        outDir: path.join(scratch, side),
        scratch,
        parentEnv: process.env,
        runs: RUNS,
      });
      if ('warning' in profile) throw new Error(profile.warning);
      results[side] = {
        name: 'prog',
        status: 'ok',
        backend: 'perf',
        threshold: {},
        metrics: { 'task-clock': { unit: 'ms', samples: taskClock[side] } },
        profile,
      };
    }
    const out = path.join(scratch, 'out');
    const { explanations, warnings } = await explainChanges(
      { dir: path.join(scratch, 'base'), benchmarks: [results.base] },
      { dir: path.join(scratch, 'head'), benchmarks: [results.head] },
      out,
      1000,
    );
    const ex = explanations.prog;
    if (!ex) throw new Error(`no explanation: ${warnings.join('; ')}`);
    expect(ex.profileRuns).toEqual({ base: RUNS, head: RUNS });

    // Rows whose frame is the leaf of one call path on both sides: there the graph's frame and
    // the table's row are the same numbers (a frame with two callers is two frames, one row).
    const fold = ex.unwind.foldedUnknown ? foldUnresolved : (m: Map<string, number>): Map<string, number> => m;
    const leafPaths = new Map<string, Set<string>>();
    for (const side of ['base', 'head'] as const) {
      const folded = readFileSync(path.join(scratch, side, results[side].profile!.folded), 'utf8');
      for (const stack of fold(parseFolded(folded).stacks).keys()) {
        const leaf = stack.slice(stack.lastIndexOf(';') + 1);
        leafPaths.set(leaf, (leafPaths.get(leaf) ?? new Set()).add(stack));
      }
    }
    const rows = ex.top.filter((r) => r.change.selfCi && leafPaths.get(r.frame)?.size === 1);
    expect(rows.map((r) => r.frame)).toEqual(expect.arrayContaining(['slowed', 'steady']));
    const row = (name: string): FrameTime => {
      const r = ex.top.find((x) => x.frame === name);
      if (!r?.change.selfCi) throw new Error(`no table row with an interval for ${name}`);
      return r;
    };
    const excludesZero = (r: FrameTime): boolean => r.change.selfCi![0] > 0 || r.change.selfCi![1] < 0;
    // 3× the loop: about +200 ms per run, surely.
    expect(row('slowed').change.self).toBeGreaterThan(0);
    expect(excludesZero(row('slowed'))).toBe(true);
    // steady's own time hardly moves, whatever its share did.
    expect(Math.abs(row('steady').change.self)).toBeLessThan(0.15 * row('slowed').change.self);
    expect(row('steady').selfDelta).toBeLessThan(-10);

    if (skipWithout(launched)) return;
    for (const file of [ex.diff, ex.negated]) {
      const page = await launched!.browser!.newPage({ viewport: { width: 1300, height: 900 } });
      await page.goto(pathToFileURL(path.join(out, file)).href);
      // What Chromium paints: the computed fill of every frame's rect.
      const painted = await page.evaluate<Painted[]>(`[...document.querySelectorAll('#frames > g')].map((g) => {
        const title = g.querySelector('title').textContent;
        const rect = g.querySelector('rect');
        return { name: title.replace(/ \\([^()]*\\)$/, ''), title, width: rect.getBBox().width, fill: getComputedStyle(rect).fill };
      })`);
      const legend = await page.evaluate<string>(`document.getElementById('subtitle').textContent`);
      expect(legend).toContain("colour: change of the frame's own time, ms per run (red grew, blue shrank)");
      expect(legend).toContain('strong only where its interval excludes zero');
      await page.close();

      for (const r of rows) {
        for (const f of painted.filter((x) => x.name === r.frame)) {
          if (excludesZero(r)) {
            // A sure change: at least 20% strength (saturation ≥ 0.34), red when it grew, blue when it shrank.
            expect({ frame: r.frame, sure: saturation(f.fill) >= 0.3 }).toEqual({ frame: r.frame, sure: true });
            const [red, , blue] = rgb(f.fill);
            expect({ frame: r.frame, red: red > blue }).toEqual({ frame: r.frame, red: r.change.self > 0 });
          } else {
            expect({ frame: r.frame, fill: f.fill, faint: saturation(f.fill) < 0.12 }).toMatchObject({
              frame: r.frame,
              faint: true,
            });
          }
        }
      }
      // The frame that got slower: strongly red, its tooltip the table's change and interval.
      const slowed = painted.filter((x) => x.name === 'slowed').sort((a, b) => b.width - a.width)[0]!;
      const [r, g, b] = rgb(slowed.fill);
      expect(r).toBe(255);
      expect(g).toBe(b);
      expect(saturation(slowed.fill)).toBeGreaterThan(0.9);
      expect(slowed.title).toMatch(/; self \+\d+(\.\d+)? ms\/run \[\+\d+(\.\d+)?, \+\d+(\.\d+)?\]\)$/);
      // The untouched sibling is never drawn as the large improvement its share suggests.
      for (const f of painted.filter((x) => x.name === 'steady')) expect(saturation(f.fill)).toBeLessThan(0.6);
    }
  }, 240_000);
});
