/**
 * Commits checked out side by side and built once each. `ab` takes two; `bisect` as many as its
 * search visits, and each of its comparisons reuses the worktree and the build a commit already
 * has (a commit is built once, not once per comparison).
 */
import path from 'node:path';
import { InputError } from '../errors.js';
import { loadSuite } from '../suite/load.js';
import type { Suite } from '../suite/spec.js';
import { openWorktrees } from '../tools/git.js';
import { trySetup, type MeasureSettings } from './rig.js';

export interface Checkout {
  sha: string;
  dir: string;
  suite: Suite;
}

export interface Checkouts {
  /** The commit's worktree and suite, checked out on its first request. */
  checkout(sha: string, side: string): Promise<Checkout>;
  /** Runs the commit's setup on its first request: its failure (with the output tail) or null. */
  build(c: Checkout, label: string): Promise<string | null>;
  remove(): Promise<void>;
}

export async function openCheckouts(
  repo: string,
  suiteRel: string,
  opts: Pick<MeasureSettings, 'parentEnv' | 'stderr' | 'signal'>,
): Promise<Checkouts> {
  const trees = await openWorktrees(repo);
  const builds = new Map<string, Promise<string | null>>();
  return {
    checkout: async (sha, side) => {
      const dir = await trees.add(sha, side);
      try {
        return { sha, dir, suite: await loadSuite(path.join(dir, suiteRel)) };
      } catch (err) {
        if (err instanceof InputError && /suite file not found/.test(err.message))
          throw new InputError(`${side} (${sha.slice(0, 12)}) has no ${suiteRel}: nothing to measure on that side`);
        throw err;
      }
    },
    build: (c, label) => {
      let built = builds.get(c.sha);
      if (!built) {
        built = trySetup(c.suite, label, opts);
        builds.set(c.sha, built);
      }
      return built;
    },
    remove: () => trees.remove(),
  };
}
