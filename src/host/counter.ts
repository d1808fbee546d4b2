/**
 * perfgate-count, the perf backend's counting helper (source: host/counter-source.ts): built
 * with the host's `cc` on first use into a cache keyed by the source's hash, then reused. It
 * counts the same events as `perf stat` through perf_event_open(2) and prints perf stat's CSV,
 * without perf's own start-up (~10 ms a run here: /usr/bin/perf loads libpython, libperl,
 * libdw...). Whenever it cannot be built or cannot count every event perf counts here, the
 * backend keeps using perf stat, and the reason says why.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, readFile, rename, rm } from 'node:fs/promises';
import { writeFileAtomic } from '../tools/atomic.js';
import os from 'node:os';
import path from 'node:path';
import { errorMessage } from '../errors.js';
import { makeDirs } from '../tools/dirs.js';
import { parsePerfStatCsv } from '../tools/perfstat.js';
import { runProcess } from '../tools/process.js';
import { COUNTER_SOURCE } from './counter-source.js';

/** Which program counts the perf backend's events, and why. */
export interface CounterProbe {
  tool: 'perfgate-count' | 'perf stat';
  /** The compiled helper (tool `perfgate-count`), else null. */
  helper: string | null;
  reason: string;
}

/** `PERFGATE_COUNTER=perf` keeps perf stat (to compare the two, or to rule the helper out). */
export const COUNTER_ENV = 'PERFGATE_COUNTER';

/** The cache key: the source and the architecture the binary is built for. */
export const COUNTER_HASH = createHash('sha256')
  .update(`${process.arch}\n${COUNTER_SOURCE}`)
  .digest('hex')
  .slice(0, 16);

/** Where built helpers are kept: PERFGATE_CACHE_DIR, else $XDG_CACHE_HOME/perfgate, else ~/.cache/perfgate. */
export function counterCacheDirs(env: NodeJS.ProcessEnv): string[] {
  const dirs: string[] = [];
  if (env.PERFGATE_CACHE_DIR) dirs.push(env.PERFGATE_CACHE_DIR);
  if (env.XDG_CACHE_HOME) dirs.push(path.join(env.XDG_CACHE_HOME, 'perfgate'));
  if (env.HOME) dirs.push(path.join(env.HOME, '.cache', 'perfgate'));
  // A read-only or absent home (a container's nobody) still gets a helper.
  dirs.push(path.join(os.tmpdir(), `perfgate-cache-${process.getuid?.() ?? 'user'}`));
  return dirs;
}

function compilerEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return { PATH: env.PATH ?? '/usr/local/bin:/usr/bin:/bin', LANG: 'C', LC_ALL: 'C' };
}

function compile(flags: string[], out: string, dir: string, env: NodeJS.ProcessEnv) {
  return runProcess({
    argv: ['cc', '-O2', ...flags, '-o', out, `${out}.c`],
    cwd: dir,
    env: compilerEnv(env),
    timeoutMs: 60_000,
  });
}

async function executable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/**
 * The helper's path, built now if the cache has none. Built under a temporary name and renamed
 * into place, so two runs building at once each rename a whole binary and neither sees half of one.
 */
export async function buildCounter(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ helper: string } | { error: string }> {
  let lastError = 'no cache directory';
  for (const dir of counterCacheDirs(env)) {
    const helper = path.join(dir, `perfgate-count-${COUNTER_HASH}`);
    if (await executable(helper)) return { helper };
    try {
      await makeDirs(dir);
    } catch (err) {
      lastError = `cannot create ${dir}: ${errorMessage(err)}`;
      continue;
    }
    const tmp = `${helper}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await writeFileAtomic(`${tmp}.c`, COUNTER_SOURCE);
      // Static where the C library allows it: no dynamic loader at each run's start (~0.5 ms of CPU here).
      let cc = await compile(['-static'], tmp, dir, env);
      if (!cc.spawnError && cc.exitCode !== 0) cc = await compile([], tmp, dir, env);
      if (cc.spawnError) return { error: `no C compiler (cc: ${cc.spawnError.replace(/^cc: /, '')})` };
      if (cc.exitCode !== 0) {
        const first = cc.stderrTail.split('\n').find((l) => /error/.test(l)) ?? cc.stderrTail.trim().split('\n')[0];
        return { error: `cc could not build it: ${first?.trim() || `exit ${cc.exitCode}`}` };
      }
      await rename(tmp, helper);
      return { helper };
    } catch (err) {
      lastError = `cannot build in ${dir}: ${errorMessage(err)}`;
    } finally {
      await rm(`${tmp}.c`, { force: true });
      await rm(tmp, { force: true });
    }
  }
  return { error: lastError };
}

/**
 * The helper's argv for one run: perf stat's shape. It pins itself to `cpus` (the command
 * inherits that, as from `taskset -c CPUS perf stat ...`) and so saves taskset's exec, ~1 ms.
 */
export function counterArgv(
  helper: string,
  out: string,
  events: string[],
  argv: string[],
  cpus: string | null = null,
): string[] {
  return [helper, ...(cpus === null ? [] : ['-C', cpus]), '-o', out, '-e', events.join(','), '--', ...argv];
}

const PERF_STAT = (why: string): CounterProbe => ({
  tool: 'perf stat',
  helper: null,
  reason: `counts with perf stat: ${why}`,
});

/**
 * Builds the helper and has it count `events` (those perf stat counted in the probe) on
 * `true`: it is used only if it counted every one of them.
 */
export async function probeCounter(
  events: string[],
  scratch: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CounterProbe> {
  if (env[COUNTER_ENV] === 'perf') return PERF_STAT(`${COUNTER_ENV}=perf`);
  if (events.length === 0) return PERF_STAT('no events to count');
  const built = await buildCounter(env);
  if ('error' in built) return PERF_STAT(`perfgate-count unavailable: ${built.error}`);
  const out = path.join(scratch, 'counter-probe.csv');
  const r = await runProcess({
    argv: counterArgv(built.helper, out, events, ['true']),
    cwd: scratch,
    env: compilerEnv(env),
    timeoutMs: 20_000,
  });
  const reading = parsePerfStatCsv(await readFile(out, 'utf8').catch(() => ''));
  if (r.exitCode !== 0 || r.spawnError) {
    const why = r.spawnError ?? (r.stderrTail.trim().split('\n')[0] || `exit ${r.exitCode ?? r.signal}`);
    return PERF_STAT(`perfgate-count failed: ${why}`);
  }
  for (const e of events) {
    const c = reading.counters.find((x) => x.name === e);
    if (c?.status !== 'counted')
      return PERF_STAT(`perfgate-count cannot count ${e}${c ? ` (${c.status})` : ' (no line for it)'}`);
  }
  return {
    tool: 'perfgate-count',
    helper: built.helper,
    reason: `counts with perfgate-count (perf_event_open): ${built.helper}`,
  };
}
