/**
 * Pure parsers for the procfs and sysfs files the fingerprint, doctor and pre-flight read.
 * Each quotes a real line (a 2-vCPU KVM guest, kernel 6.18) so the format is never guessed.
 */

export interface CpuInfo {
  vendor: string | null;
  family: string | null;
  /** Numeric model (`model : 2`), as opposed to the marketing name. */
  model: string | null;
  modelName: string | null;
  stepping: string | null;
  microcode: string | null;
  /** x86 `flags` (arm64: `Features`), or null when the file lists none. */
  flags: string[] | null;
  processors: number;
}

/**
 * /proc/cpuinfo, first processor block:
 * `vendor_id	: AuthenticAMD`, `cpu family	: 26`, `model		: 2`, `model name	: AMD EPYC`,
 * `stepping	: 1`, `microcode	: 0x1000065`, `flags		: fpu vme ... hypervisor ...`.
 * arm64 spells these `CPU implementer`, `CPU part`, `CPU variant`/`CPU revision`, `Features`.
 */
export function parseCpuinfo(text: string): CpuInfo {
  const field = (name: string): string | null => {
    const m = new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(text);
    const v = m?.[1]?.trim();
    return v === undefined || v === '' ? null : v;
  };
  const flags = field('flags') ?? field('Features');
  return {
    vendor: field('vendor_id') ?? field('CPU implementer'),
    family: field('cpu family') ?? field('CPU architecture'),
    model: field('model') ?? field('CPU part'),
    modelName: field('model name') ?? field('Processor') ?? field('Hardware'),
    stepping: field('stepping') ?? field('CPU revision'),
    microcode: field('microcode'),
    flags: flags === null ? null : flags.split(/\s+/),
    processors: (text.match(/^processor\s*:/gm) ?? []).length,
  };
}

export interface CpuTimes {
  /** All jiffies (USER_HZ ticks) spent, busy or not. */
  total: number;
  /** idle + iowait. */
  idle: number;
  /** Time the hypervisor ran someone else while this vCPU wanted to run. */
  steal: number;
}

/**
 * /proc/stat `cpu` lines: `cpu  36634 0 8697 228442 544 0 192 7899 0 0` and `cpu1 19777 ...`
 * (user nice system idle iowait irq softirq steal guest guest_nice, in USER_HZ ticks). guest
 * time is already inside user, so only the first eight columns are summed.
 * Keys: `cpu` for the machine, `cpu0`, `cpu1`... per CPU.
 */
export function parseProcStat(text: string): Map<string, CpuTimes> {
  const out = new Map<string, CpuTimes>();
  for (const line of text.split('\n')) {
    const m = /^(cpu\d*)\s+(.*)$/.exec(line);
    if (!m || m[1] === undefined || m[2] === undefined) continue;
    const v = m[2].trim().split(/\s+/).map(Number);
    if (v.length < 4 || v.some((n) => !Number.isFinite(n))) continue;
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    out.set(m[1], { total, idle: (v[3] ?? 0) + (v[4] ?? 0), steal: v[7] ?? 0 });
  }
  return out;
}

export interface LoadAvg {
  load1: number;
  load5: number;
  load15: number;
  /** Runnable tasks right now (including the reader). */
  running: number;
  tasks: number;
}

/** /proc/loadavg: `1.18 0.86 0.49 3/92 14559`. */
export function parseLoadavg(text: string): LoadAvg | null {
  const m = /^(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\d+)\/(\d+)/.exec(text.trim());
  if (!m) return null;
  return { load1: Number(m[1]), load5: Number(m[2]), load15: Number(m[3]), running: Number(m[4]), tasks: Number(m[5]) };
}

/** /proc/meminfo: `MemAvailable:   24131640 kB` → { MemAvailable: 24131640 } (kB). */
export function parseMeminfo(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^(\w[\w()]*):\s+(\d+)(?:\s+kB)?$/gm)) {
    if (m[1] !== undefined) out[m[1]] = Number(m[2]);
  }
  return out;
}

/** /proc/vmstat: `pswpin 0` → { pswpin: 0 }. */
export function parseVmstat(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^(\w+)\s+(\d+)$/gm)) {
    if (m[1] !== undefined) out[m[1]] = Number(m[2]);
  }
  return out;
}

export interface PressureLine {
  avg10: number;
  avg60: number;
  avg300: number;
  /** Microseconds stalled since boot. */
  total: number;
}

/**
 * /proc/pressure/{cpu,memory,io}:
 * `some avg10=3.66 avg60=7.87 avg300=8.29 total=79467457`
 * `full avg10=0.00 avg60=0.00 avg300=0.00 total=0`
 */
export function parsePressure(text: string): { some: PressureLine | null; full: PressureLine | null } {
  const line = (kind: string): PressureLine | null => {
    const m = new RegExp(`^${kind} avg10=([\\d.]+) avg60=([\\d.]+) avg300=([\\d.]+) total=(\\d+)$`, 'm').exec(text);
    return m ? { avg10: Number(m[1]), avg60: Number(m[2]), avg300: Number(m[3]), total: Number(m[4]) } : null;
  };
  return { some: line('some'), full: line('full') };
}

export interface PidStat {
  pid: number;
  comm: string;
  /** user + system CPU time, USER_HZ ticks. */
  ticks: number;
}

/**
 * /proc/[pid]/stat: `14590 (cat) R 14586 14586 13943 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 ...`.
 * comm may itself hold spaces and parentheses, so it runs to the LAST `)`; utime and stime are
 * fields 14 and 15 (the 12th and 13th after the comm).
 */
export function parsePidStat(text: string): PidStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isInteger(pid) || !Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return { pid, comm: text.slice(open + 1, close), ticks: utime + stime };
}

export interface InterruptRow {
  irq: string;
  /** Count per CPU column, in the order of `cpus`. */
  counts: number[];
  name: string;
}

/**
 * /proc/interrupts: a header naming the CPU columns, then one row per source:
 * `           CPU0       CPU1       `
 * ` 36:          0      63413 PCI-MSIX-0000:00:02.0   1-edge      virtio1-req.0`
 * `NMI:          0          0   Non-maskable interrupts`
 * Rows such as `ERR:          0` carry fewer columns; missing counts are taken as 0.
 */
export function parseInterrupts(text: string): { cpus: number[]; rows: InterruptRow[] } {
  const [header, ...lines] = text.split('\n');
  const cpus = [...(header ?? '').matchAll(/CPU(\d+)/g)].map((m) => Number(m[1]));
  const rows: InterruptRow[] = [];
  for (const line of lines) {
    const m = /^\s*([^:\s]+):\s*(.*)$/.exec(line);
    if (!m || m[1] === undefined || m[2] === undefined) continue;
    const words = m[2].trim().split(/\s+/);
    const counts: number[] = [];
    while (counts.length < cpus.length && /^\d+$/.test(words[0] ?? '')) counts.push(Number(words.shift()));
    while (counts.length < cpus.length) counts.push(0);
    rows.push({ irq: m[1], counts, name: words.join(' ') });
  }
  return { cpus, rows };
}

/**
 * /proc/cmdline parameters: `mitigations=auto,no_guest_host console=ttyS0 quiet ...`.
 * Everything after a lone `--` belongs to init, not the kernel.
 */
export function parseCmdline(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const word of text.trim().split(/\s+/)) {
    if (word === '--') break;
    if (word === '') continue;
    const eq = word.indexOf('=');
    out.set(eq < 0 ? word : word.slice(0, eq), eq < 0 ? '' : word.slice(eq + 1));
  }
  return out;
}

/**
 * The CPU list inside `isolcpus=` / `nohz_full=` / `rcu_nocbs=`, which may carry flags first:
 * `isolcpus=nohz,domain,managed_irq,2-3` → `2-3`.
 */
export function cmdlineCpuList(value: string): string {
  return value
    .split(',')
    .filter((p) => /^\d/.test(p))
    .join(',');
}

/** The bracketed choice of a sysfs selector: `always [madvise] never` → `madvise`. */
export function selected(text: string): string {
  return /\[([^\]]+)\]/.exec(text)?.[1] ?? text.trim();
}
