/**
 * Turns a suite `run:` string into argv and the environment every measured run gets.
 * Plain commands are executed directly, so the shell's own start-up is not measured; anything
 * with shell syntax goes through `/bin/sh -c`.
 */
const PLAIN_WORD = /^[A-Za-z0-9_./:,+@%-]+$/;

export function commandArgv(run: string): string[] {
  const words = run.trim().split(/\s+/);
  const plain = words.every((w) => PLAIN_WORD.test(w)) && !(words[0] ?? '').includes('=');
  return plain ? words : ['/bin/sh', '-c', run];
}

/**
 * A fixed, small environment: instruction counts and even timings depend on the size of the
 * environment (it shifts the stack), so runs must not inherit whatever the caller has.
 */
export function benchmarkEnv(parent: NodeJS.ProcessEnv, extra: Record<string, string>): Record<string, string> {
  return {
    PATH: parent.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: parent.HOME ?? '/',
    LANG: 'C',
    LC_ALL: 'C',
    TZ: 'UTC',
    ...extra,
  };
}

export function withCpus(argv: string[], cpus: string | null): string[] {
  return cpus === null ? argv : ['taskset', '-c', cpus, ...argv];
}
