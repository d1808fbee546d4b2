/**
 * Fake sysfs/procfs trees in a temp dir, for driving the host checks, fingerprint and tuning
 * through `HostRoots` exactly as they read the real files. `BARE_METAL` is a 4-CPU Intel box
 * (2 cores × 2 threads: siblings 0,2 and 1,3) with every knob present and every setting
 * "untuned"; tests override single files from it.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HostRoots } from '../../src/host/roots.js';

export type Tree = Record<string, string | null>;

export interface FakeHost {
  dir: string;
  roots: HostRoots;
  /** Write (or with null, delete) files relative to the tree root. */
  write(files: Tree): void;
  /** Every file and its exact bytes, for before/after comparisons. */
  snapshot(): Record<string, string>;
}

const cpuinfoBlock = (n: number, core: number): string =>
  [
    `processor\t: ${n}`,
    'vendor_id\t: GenuineIntel',
    'cpu family\t: 6',
    'model\t\t: 158',
    'model name\t: Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz',
    'stepping\t: 10',
    'microcode\t: 0xf4',
    `core id\t\t: ${core}`,
    'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush ht syscall nx lm constant_tsc',
    '',
  ].join('\n');

export const BARE_METAL: Tree = {
  'proc/cpuinfo': [0, 1, 2, 3].map((n) => cpuinfoBlock(n, n % 2)).join('\n'),
  'proc/sys/kernel/osrelease': '6.1.0-13-amd64\n',
  'proc/sys/kernel/randomize_va_space': '2\n',
  'proc/sys/kernel/perf_event_paranoid': '2\n',
  'proc/sys/kernel/nmi_watchdog': '1\n',
  'proc/cmdline': 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-13-amd64 root=UUID=1234 ro quiet\n',
  'proc/loadavg': '0.10 0.20 0.30 1/300 4242\n',
  'proc/uptime': '93784.50 370000.00\n',
  'proc/self/status': 'Name:\tnode\nCpus_allowed:\tf\nCpus_allowed_list:\t0-3\n',
  'proc/meminfo':
    'MemTotal:       16000000 kB\nMemFree:         8000000 kB\nMemAvailable:   12000000 kB\nSwapTotal:       2000000 kB\nSwapFree:        2000000 kB\n',
  'proc/vmstat': 'nr_free_pages 2000000\npswpin 10\npswpout 20\n',
  'proc/pressure/cpu':
    'some avg10=0.00 avg60=0.10 avg300=0.05 total=1000\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n',
  'proc/pressure/memory':
    'some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n',
  'proc/pressure/io':
    'some avg10=0.50 avg60=0.20 avg300=0.10 total=5000\nfull avg10=0.10 avg60=0.00 avg300=0.00 total=100\n',
  'proc/stat': [
    'cpu  4000 0 1000 95000 0 0 0 0 0 0',
    'cpu0 1000 0 250 23750 0 0 0 0 0 0',
    'cpu1 1000 0 250 23750 0 0 0 0 0 0',
    'cpu2 1000 0 250 23750 0 0 0 0 0 0',
    'cpu3 1000 0 250 23750 0 0 0 0 0 0',
    'intr 0',
    '',
  ].join('\n'),
  'proc/1/stat': '1 (systemd) S 0 1 1 0 -1 4194560 100 0 0 0 500 300 0 0 20 0 1 0 10 1000 100\n',
  'proc/200/stat': '200 (sshd: user (priv)) S 1 200 200 0 -1 4194560 100 0 0 0 10 10 0 0 20 0 1 0 10 1000 100\n',
  'proc/interrupts': [
    '           CPU0       CPU1       CPU2       CPU3       ',
    '  0:         40          0          0          0  IR-IO-APIC    2-edge      timer',
    '  8:          0          1          0          0  IR-IO-APIC    8-edge      rtc0',
    '  9:          0        500          0          0  IR-IO-APIC    9-fasteoi   acpi',
    '130:       1000       2000       3000       4000  IR-PCI-MSI 327680-edge      xhci_hcd',
    'NMI:          5          5          5          5   Non-maskable interrupts',
    'ERR:          0',
    '',
  ].join('\n'),
  'proc/irq/default_smp_affinity': 'f\n',
  'proc/irq/0/smp_affinity_list': '0\n',
  'proc/irq/8/smp_affinity_list': '0-3\n',
  'proc/irq/9/smp_affinity_list': '1\n',
  'proc/irq/130/smp_affinity_list': '0-3\n',
  'sys/devices/system/cpu/online': '0-3\n',
  'sys/devices/system/cpu/isolated': '\n',
  'sys/devices/system/cpu/smt/control': 'on\n',
  'sys/devices/system/cpu/intel_pstate/no_turbo': '0\n',
  'sys/devices/system/cpu/cpu1/online': '1\n',
  'sys/devices/system/cpu/cpu2/online': '1\n',
  'sys/devices/system/cpu/cpu3/online': '1\n',
  ...Object.fromEntries(
    [0, 1, 2, 3].flatMap((n) => [
      [`sys/devices/system/cpu/cpu${n}/cpufreq/scaling_governor`, 'powersave\n'],
      [`sys/devices/system/cpu/cpu${n}/cpufreq/scaling_available_governors`, 'performance powersave\n'],
      [`sys/devices/system/cpu/cpu${n}/topology/thread_siblings_list`, n % 2 === 0 ? '0,2\n' : '1,3\n'],
    ]),
  ),
  'sys/devices/system/cpu/vulnerabilities/meltdown': 'Not affected\n',
  'sys/devices/system/cpu/vulnerabilities/spectre_v1':
    'Mitigation: usercopy/swapgs barriers and __user pointer sanitization\n',
  'sys/devices/system/cpu/vulnerabilities/spectre_v2':
    'Mitigation: Enhanced / Automatic IBRS; IBPB: conditional; RSB filling\n',
  'sys/kernel/mm/transparent_hugepage/enabled': '[always] madvise never\n',
  'sys/bus/event_source/devices/cpu/type': '4\n',
  'sys/bus/event_source/devices/software/type': '1\n',
  'etc/os-release': 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\n',
};

export function fakeHost(files: Tree = BARE_METAL, overrides: Tree = {}): FakeHost {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-fakehost-'));
  const write = (tree: Tree): void => {
    for (const [rel, content] of Object.entries(tree)) {
      const file = path.join(dir, rel);
      if (content === null) rmSync(file, { recursive: true, force: true });
      else {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
    }
  };
  write({ ...files, ...overrides });
  const snapshot = (): Record<string, string> => {
    const out: Record<string, string> = {};
    const walk = (d: string): void => {
      for (const name of readdirSync(d).sort()) {
        const f = path.join(d, name);
        if (statSync(f).isDirectory()) walk(f);
        else out[path.relative(dir, f)] = readFileSync(f, 'latin1');
      }
    };
    walk(dir);
    return out;
  };
  return {
    dir,
    roots: { proc: path.join(dir, 'proc'), sys: path.join(dir, 'sys'), etc: path.join(dir, 'etc') },
    write,
    snapshot,
  };
}

/** Every key of BARE_METAL removed: a host where nothing can be seen. */
export function emptyHost(): FakeHost {
  const h = fakeHost({});
  for (const d of ['proc', 'sys', 'etc']) mkdirSync(path.join(h.dir, d), { recursive: true });
  return h;
}
