import { spawnSync } from 'node:child_process';
import type { HostProbe } from '../../src/host/probe.js';
import { unavailable } from './optional.js';

/**
 * Whether a tool this test needs is installed. Missing: the test is skipped with a printed
 * reason, except with CI=true, where it must fail (CI installs every tool the tests need).
 */
export function haveTool(argv: string[], what: string): boolean {
  const r = spawnSync(argv[0] as string, argv.slice(1), { stdio: 'ignore', timeout: 60_000 });
  return !unavailable(
    what,
    r.status === 0
      ? undefined
      : `not available (\`${argv.join(' ')}\` ${r.error ? `failed: ${r.error.message}` : `exited ${r.status}`})`,
  );
}

/** Whether perf works here (from the host probe), skipped or failed like a missing tool. */
export function perfUsable(probe: HostProbe): boolean {
  return !unavailable('perf', probe.perf.usable ? undefined : `unusable (${probe.perf.reasons.join('; ')})`);
}

/** Whether a C++ program can link Debian's Google Benchmark (libbenchmark-dev). */
export function haveGoogleBenchmark(): boolean {
  return haveTool(
    ['sh', '-c', 'echo "int main(){}" | g++ -x c++ -o /dev/null - -lbenchmark -lpthread'],
    'g++ with libbenchmark-dev',
  );
}
