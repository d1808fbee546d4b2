/**
 * What a test may do without: an optional conformance corpus beside the clone, or a tool this
 * machine lacks (perf, valgrind, Chromium). On a developer's machine the test is skipped with a
 * printed reason; with CI=true it fails, so a CI image that lost a tool cannot pass by skipping.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.js';

/** CI=true (GitHub Actions and .ci/run set it): nothing may be skipped for want of a tool or corpus. */
export function strictMode(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true';
}

/** The message of the failure under CI, or of the printed skip otherwise. */
export function unavailableMessage(what: string, reason: string, strict: boolean): string {
  return strict ? `${what}: ${reason}, and CI=true does not allow skipping it` : `SKIPPED ${what}: ${reason}`;
}

/**
 * Call at the top of a test: true means "return now, the test is skipped" (the reason is printed);
 * under CI=true it throws instead, failing the test. `reason` undefined means available.
 */
export function unavailable(what: string, reason: string | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (reason === undefined) return false;
  const strict = strictMode(env);
  const message = unavailableMessage(what, reason, strict);
  if (strict) throw new Error(message);
  console.warn(message);
  return true;
}

/**
 * Whether a missing conformance corpus fails: where the run was told the corpus is there
 * (.ci/run sets PERFGATE_REQUIRE_CORPUS=1: CI lays shared/ beside the clone). A plain clone
 * with CI=true has no corpus to find, and must still pass (skipping, with the reason printed).
 */
export function corpusRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.PERFGATE_REQUIRE_CORPUS === '1';
}

/** Optional conformance corpora beside the clone (`../shared/fixtures`): FlameGraph's tests, Otava's series. */
export const sharedCorpus = path.resolve(repoRoot, '..', 'shared', 'fixtures');
export const flameGraphCorpus = path.join(sharedCorpus, 'flamegraph');

/**
 * A describe block over an optional corpus directory: its body runs when the directory exists.
 * When it does not, one test stands in for the block: skipped with a printed message, or failing
 * under CI=true.
 */
export function describeWithCorpus(name: string, dir: string, body: (dir: string) => void): void {
  if (existsSync(dir)) {
    describe(name, () => body(dir));
    return;
  }
  const reason = `optional corpus ${dir} is absent`;
  if (corpusRequired()) {
    describe(name, () => {
      it('has its corpus', () => {
        throw new Error(`${name}: ${reason}, and PERFGATE_REQUIRE_CORPUS=1 says it must be there`);
      });
    });
    return;
  }
  console.warn(unavailableMessage(name, reason, false));
  describe.skip(name, () => {
    it('has its corpus', () => undefined);
  });
}
