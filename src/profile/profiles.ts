/**
 * Every profile a benchmark asks for, in one call for the runner and `perfgate ab`: the CPU
 * profile, then off-CPU stacks when the suite says `profile: offcpu` or the caller found a
 * wall-time regression without a CPU-time one. A failed off-CPU recording is a warning and
 * never loses the CPU profile.
 */
import type { ProfileRecording } from '../measure/runner.js';
import type { BenchmarkSpec } from '../suite/spec.js';
import { recordOffCpu } from './offcpu-record.js';
import { recordProfile, type ProfileOptions } from './record.js';

export type { ProfileRecording };

export async function recordProfiles(
  spec: BenchmarkSpec,
  opts: ProfileOptions & { offcpu?: boolean },
): Promise<ProfileRecording> {
  const cpu = await recordProfile(spec, opts);
  if ('warning' in cpu) return { warnings: [cpu.warning] };
  if (!(opts.offcpu ?? spec.offcpu)) return { profile: cpu, warnings: [] };
  const off = await recordOffCpu(spec, opts);
  if ('warning' in off) return { profile: cpu, warnings: [off.warning] };
  return { profile: { ...cpu, offcpu: off }, warnings: [] };
}
