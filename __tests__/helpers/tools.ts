import { spawnSync } from 'node:child_process';

/**
 * Whether a tool this test needs is installed. Missing: the test is skipped with a printed
 * reason, except with CI=true, where it must fail (CI installs every tool the tests need).
 */
export function haveTool(argv: string[], what: string): boolean {
  const r = spawnSync(argv[0] as string, argv.slice(1), { stdio: 'ignore', timeout: 60_000 });
  if (r.status === 0) return true;
  const why = `${what} not available (\`${argv.join(' ')}\` ${r.error ? `failed: ${r.error.message}` : `exited ${r.status}`})`;
  if (process.env.CI === 'true') throw new Error(`${why}; CI=true requires it`);
  console.warn(`${why}: skipped`);
  return false;
}
