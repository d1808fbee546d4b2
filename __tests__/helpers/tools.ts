import { spawnSync } from 'node:child_process';
import { unavailable } from './optional.js';

/**
 * Whether a tool this test needs is installed. Missing: the test is skipped with a printed
 * reason, except with CI=true, where it must fail (CI installs every tool the tests need).
 */
export function haveTool(argv: string[], what: string): boolean {
  const r = spawnSync(argv[0] as string, argv.slice(1), { stdio: 'ignore', timeout: 60_000 });
  return !unavailable(what, r.status === 0 ? undefined : `not available (\`${argv.join(' ')}\` ${r.error ? `failed: ${r.error.message}` : `exited ${r.status}`})`);
}
