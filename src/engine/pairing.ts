/**
 * How a benchmark's pairs are run (docs/ARCHITECTURE.md, "Duet pairs"): `sequential` as asked;
 * `duet` on the two halves of its CPUs when they can be split (else sequential, saying why);
 * `auto` by a short calibration through the measuring loop — a few batches of pairs of each
 * design, alternating so drift hits both — choosing the design that needs less runner time to
 * decide the noisiest gated row (compare/pair-noise.ts). One calibration per run for each CPU
 * list and backend: the first `auto` benchmark on those CPUs calibrates for the rest.
 */
import type { BackendName, BenchmarkResult } from '../results/results-doc.js';
import type { Rng } from '../stats/rng.js';
import type { BenchmarkSpec, PairingUsed } from '../suite/spec.js';
import { duetCpus } from '../host/duet-cpus.js';
import { FORMATS } from '../measure/harness/format-specs.js';
import { measurePlan, pairedPlan } from '../measure/loop.js';
import { gatedSpreads, preferDuet, type DesignCost } from '../compare/pair-noise.js';
import type { MeasureSettings, Rig } from './rig.js';

export interface PairingChoice {
  pairing: PairingUsed;
  /** The two CPU sets of a duet, or null. */
  halves: [string, string] | null;
  /** Why this design, when not simply what was asked: a fallback, auto's figures, a note on the split. */
  why: string | null;
}

/** Calibration pairs per design: BATCHES batches of BATCH pairs, the designs alternating. */
const BATCH = 2;
const BATCHES = 4;

interface PairingContext {
  rig: Rig;
  opts: Pick<MeasureSettings, 'parentEnv' | 'signal'>;
  rng: Rng;
  /** auto's choices so far this run, by backend and CPU list. */
  calibrations: Map<string, PairingChoice>;
  /** A progress line (the calibration takes a while before the first pair). */
  say: (line: string) => void;
}

export async function choosePairing(
  specs: { base: BenchmarkSpec; head: BenchmarkSpec },
  backend: BackendName,
  c: PairingContext,
): Promise<PairingChoice> {
  const { head } = specs;
  if (head.pairing === 'sequential') return { pairing: 'sequential', halves: null, why: null };
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
  if (!split.ok) return { pairing: 'sequential', halves: null, why: `${asked}, but ${split.reason}: sequential pairs` };
  const where = `CPUs ${split.halves[0]} and ${split.halves[1]}, swapped at random from pair to pair${split.note ? `; ${split.note}` : ''}`;
  if (head.pairing === 'duet') return { pairing: 'duet', halves: split.halves, why: where };
  const key = `${backend} ${head.cpus ?? ''}`;
  const known = c.calibrations.get(key);
  if (known) return known;
  c.say(
    `pairing: auto: calibrating, ${BATCH * BATCHES} sequential and ${BATCH * BATCHES} duet pairs (CPUs ${split.halves[0]} | ${split.halves[1]})`,
  );
  const { choice, measured } = await calibrate(specs, backend, split.halves, where, c);
  // A calibration cut short by this benchmark's failure says nothing about the next one's.
  if (measured) c.calibrations.set(key, choice);
  return choice;
}

/** Both designs on this benchmark, in alternating batches; the cheaper per decision wins. */
async function calibrate(
  specs: { base: BenchmarkSpec; head: BenchmarkSpec },
  backend: BackendName,
  halves: [string, string],
  where: string,
  c: PairingContext,
): Promise<{ choice: PairingChoice; measured: boolean }> {
  const batches: Record<PairingUsed, { base: BenchmarkResult[]; head: BenchmarkResult[] }[]> = {
    sequential: [],
    duet: [],
  };
  const ms: Record<PairingUsed, number> = { sequential: 0, duet: 0 };
  for (let i = 0; i < 2 * BATCHES; i++) {
    const design: PairingUsed = i % 2 === 0 ? 'sequential' : 'duet';
    // One warm-up pair before each design's first batch: the caches and the CPUs' own state.
    const batch = { iterations: BATCH, maxIterations: BATCH, warmup: i < 2 ? 1 : 0 };
    let measuredMs = 0;
    const out = await measurePlan(
      pairedPlan({ base: { ...specs.base, ...batch }, head: { ...specs.head, ...batch } }, backend, {
        baseFirst: () => c.rng.next() < 0.5,
        look: (look) => {
          measuredMs = look.measuredMs;
          return null;
        },
        ...(design === 'duet' ? { duet: halves } : {}),
      }),
      {
        backend: c.rig.backendFor(backend),
        partner: c.rig.partnerFor(backend),
        parentEnv: c.opts.parentEnv,
        ...(c.opts.signal ? { signal: c.opts.signal } : {}),
      },
    );
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
  const cost = (d: PairingUsed): DesignCost & { thresholds: Record<string, number> } => {
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
