/**
 * Where the kernel's files are. Every host read and write (fingerprint, doctor, tuning) goes
 * through a `HostRoots`, so tests can point it at a fake sysfs/procfs tree in a temp dir, and a
 * container that mounts the host's /proc and /sys elsewhere can point it there.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface HostRoots {
  /** procfs mount, normally `/proc`. */
  proc: string;
  /** sysfs mount, normally `/sys`. */
  sys: string;
  /** `/etc` (os-release). */
  etc: string;
}

export const REAL_ROOTS: Readonly<HostRoots> = { proc: '/proc', sys: '/sys', etc: '/etc' };

/**
 * `PERFGATE_PROC_ROOT`, `PERFGATE_SYS_ROOT`, `PERFGATE_ETC_ROOT` override the mounts (for a
 * container that sees the host's /proc at /host/proc, and for tests driving the CLI).
 */
export function rootsFromEnv(env: NodeJS.ProcessEnv): HostRoots {
  return {
    proc: env.PERFGATE_PROC_ROOT || REAL_ROOTS.proc,
    sys: env.PERFGATE_SYS_ROOT || REAL_ROOTS.sys,
    etc: env.PERFGATE_ETC_ROOT || REAL_ROOTS.etc,
  };
}

export type RootName = keyof HostRoots;

/** `hostPath(roots, 'sys', 'devices/system/cpu/online')` → `/sys/devices/system/cpu/online`. */
export function hostPath(roots: HostRoots, root: RootName, rel: string): string {
  return path.join(roots[root], rel);
}

/** The file's text, or null when it does not exist or cannot be read (never a guess). */
export async function readText(file: string): Promise<string | null> {
  return readFile(file, 'utf8').catch(() => null);
}

/** The trimmed text of a host file, or null when missing. */
export async function readHost(roots: HostRoots, root: RootName, rel: string): Promise<string | null> {
  const text = await readText(hostPath(roots, root, rel));
  return text === null ? null : text.trim();
}

/** Entry names of a host directory, or null when it does not exist. */
export async function listHost(roots: HostRoots, root: RootName, rel: string): Promise<string[] | null> {
  return readdir(hostPath(roots, root, rel)).catch(() => null);
}
