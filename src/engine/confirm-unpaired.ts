/**
 * The regressions of an unpaired comparison (head against stored sessions) measured again as a
 * paired A/B of base against head, by the engine of `perfgate ab`, restricted to the suite
 * entries that regressed; the pairs decide (compare/unpaired-confirmation.ts).
 */
import path from 'node:path';
import type { ComparisonDoc } from '../compare/comparison-doc.js';
import { confirmByPairs, markUnconfirmed, regressedEntries } from '../compare/unpaired-confirmation.js';
import { exactNames } from '../tools/exact-names.js';
import { errorMessage, InterruptedError } from '../errors.js';
import { runAb } from './ab.js';
import type { MeasureSettings } from './rig.js';

export interface ConfirmOptions extends Omit<MeasureSettings, 'filter' | 'shard'> {
  /** The unpaired comparison; returned as it is when it has no regression. */
  comparison: ComparisonDoc;
  /** The repository (its working tree is head), and the suite in it. */
  cwd: string;
  suitePath: string;
  /** The base commit, already in the clone. */
  baseRef: string;
  /** The comparison's own directory; the pairs go to `confirm/` in it. */
  outDir: string;
  timeBudgetMs?: number;
}

export const CONFIRM_DIR = 'confirm';

export async function confirmUnpaired(opts: ConfirmOptions): Promise<ComparisonDoc> {
  const { comparison } = opts;
  const entries = regressedEntries(comparison);
  if (comparison.design !== 'unpaired' || entries.length === 0) return comparison;
  const dir = path.join(opts.outDir, CONFIRM_DIR);
  try {
    const ab = await runAb({
      ...opts,
      filter: exactNames(entries),
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
      comparison: path.join(CONFIRM_DIR, 'comparison.json'),
    });
  } catch (err) {
    if (err instanceof InterruptedError || opts.signal?.aborted) throw err;
    // The regression stands: a paired look that could not be had is no pass.
    return markUnconfirmed(comparison, `the paired A/B of base against head failed: ${errorMessage(err)}`);
  }
}
