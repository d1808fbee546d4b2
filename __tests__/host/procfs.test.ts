/**
 * The procfs/sysfs parsers on lines captured from this machine (2-vCPU KVM guest, kernel
 * 6.18) and from bare metal, plus CPU lists and `cpus: auto`.
 */
import { readFileSync } from 'node:fs';
import {
  cmdlineCpuList,
  parseCmdline,
  parseCpuinfo,
  parseInterrupts,
  parseLoadavg,
  parseMeminfo,
  parsePidStat,
  parsePressure,
  parseProcStat,
  parseVmstat,
  selected,
} from '../../src/host/procfs.js';
import { formatCpuList, parseCpuList, resolveAutoCpus } from '../../src/host/cpus.js';
import { fakeHost } from '../helpers/fakehost.js';

describe('parsers', () => {
  it('cpuinfo (x86 and arm64)', () => {
    const x86 =
      'processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\nmodel name\t: AMD EPYC\nstepping\t: 1\nmicrocode\t: 0x1000065\nflags\t\t: fpu vme hypervisor lahf_lm\n\nprocessor\t: 1\n';
    expect(parseCpuinfo(x86)).toEqual({
      vendor: 'AuthenticAMD',
      family: '26',
      model: '2',
      modelName: 'AMD EPYC',
      stepping: '1',
      microcode: '0x1000065',
      flags: ['fpu', 'vme', 'hypervisor', 'lahf_lm'],
      processors: 2,
    });
    const arm =
      'processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd evtstrm\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x3\nCPU part\t: 0xd0c\nCPU revision\t: 1\n';
    expect(parseCpuinfo(arm)).toMatchObject({
      vendor: '0x41',
      family: '8',
      model: '0xd0c',
      stepping: '1',
      modelName: null,
      flags: ['fp', 'asimd', 'evtstrm'],
    });
  });

  it('/proc/stat cpu lines', () => {
    const m = parseProcStat(
      'cpu  36634 0 8697 228442 544 0 192 7899 0 0\ncpu0 16857 0 3657 116628 113 0 32 3913 0 0\nintr 547376 0 0\nctxt 1145048\n',
    );
    expect(m.get('cpu')).toEqual({ total: 36634 + 8697 + 228442 + 544 + 192 + 7899, idle: 228442 + 544, steal: 7899 });
    expect([...m.keys()]).toEqual(['cpu', 'cpu0']);
  });

  it('loadavg, meminfo, vmstat, pressure', () => {
    expect(parseLoadavg('1.18 0.86 0.49 3/92 14559\n')).toEqual({
      load1: 1.18,
      load5: 0.86,
      load15: 0.49,
      running: 3,
      tasks: 92,
    });
    expect(parseLoadavg('garbage')).toBeNull();
    expect(
      parseMeminfo('MemTotal:       24684084 kB\nMemAvailable:   24131640 kB\nHugePages_Total:       0\n'),
    ).toEqual({ MemTotal: 24684084, MemAvailable: 24131640, HugePages_Total: 0 });
    expect(parseVmstat('nr_free_pages 5939648\npswpin 0\npswpout 0\n')).toMatchObject({ pswpin: 0, pswpout: 0 });
    expect(
      parsePressure(
        'some avg10=3.66 avg60=7.87 avg300=8.29 total=79467457\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n',
      ),
    ).toEqual({
      some: { avg10: 3.66, avg60: 7.87, avg300: 8.29, total: 79467457 },
      full: { avg10: 0, avg60: 0, avg300: 0, total: 0 },
    });
  });

  it('/proc/[pid]/stat, with a comm holding spaces and parentheses', () => {
    expect(
      parsePidStat('14590 (cat) R 14586 14586 13943 0 -1 4194304 100 0 0 0 7 3 0 0 20 0 1 0 140323 3133440 394\n'),
    ).toEqual({ pid: 14590, comm: 'cat', ticks: 10 });
    expect(parsePidStat('77 (a) b (c)) S 1 1 1 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 1 1 1')).toEqual({
      pid: 77,
      comm: 'a) b (c)',
      ticks: 11,
    });
    expect(parsePidStat('nonsense')).toBeNull();
  });

  it('/proc/interrupts', () => {
    const t = parseInterrupts(
      '           CPU0       CPU1       \n 36:          0      63413 PCI-MSIX-0000:00:02.0   1-edge      virtio1-req.0\nNMI:          0          0   Non-maskable interrupts\nERR:          0\n',
    );
    expect(t.cpus).toEqual([0, 1]);
    expect(t.rows).toEqual([
      { irq: '36', counts: [0, 63413], name: 'PCI-MSIX-0000:00:02.0 1-edge virtio1-req.0' },
      { irq: 'NMI', counts: [0, 0], name: 'Non-maskable interrupts' },
      { irq: 'ERR', counts: [0, 0], name: '' },
    ]);
  });

  it('/proc/cmdline stops at "--"; CPU lists inside isolcpus flags', () => {
    const p = parseCmdline(
      'mitigations=auto,no_guest_host console=ttyS0 quiet isolcpus=nohz,domain,2-3 -- --firecracker-init --auth-required\n',
    );
    expect(p.get('mitigations')).toBe('auto,no_guest_host');
    expect(p.get('quiet')).toBe('');
    expect(p.has('--auth-required')).toBe(false);
    expect(cmdlineCpuList(p.get('isolcpus') ?? '')).toBe('2-3');
  });

  it('the selected value of a sysfs choice', () => {
    expect(selected('always [madvise] never')).toBe('madvise');
    expect(selected('1')).toBe('1');
  });

  it('parses the real files of this machine without error', () => {
    const read = (f: string): string | null => {
      try {
        return readFileSync(f, 'utf8');
      } catch {
        return null;
      }
    };
    const stat = read('/proc/stat');
    if (stat) expect(parseProcStat(stat).get('cpu')?.total).toBeGreaterThan(0);
    const self = read('/proc/self/stat');
    if (self) expect(parsePidStat(self)?.pid).toBeGreaterThan(0);
    const irq = read('/proc/interrupts');
    if (irq) expect(parseInterrupts(irq).cpus.length).toBeGreaterThan(0);
  });
});

describe('CPU lists', () => {
  it('parse and format round-trip', () => {
    expect(parseCpuList('0-3,8,10-11\n')).toEqual([0, 1, 2, 3, 8, 10, 11]);
    expect(parseCpuList('\n')).toEqual([]);
    expect(parseCpuList('3-1')).toBeNull();
    expect(parseCpuList('a')).toBeNull();
    expect(formatCpuList([5, 0, 1, 2, 2])).toBe('0-2,5');
    expect(formatCpuList([])).toBe('');
  });

  it('cpus: auto → isolated CPUs, else the last online CPU', async () => {
    expect(await resolveAutoCpus(fakeHost(undefined, { 'sys/devices/system/cpu/isolated': '2-3\n' }).roots)).toEqual({
      cpus: '2-3',
      reason: 'isolated CPUs 2-3 (from /sys/devices/system/cpu/isolated)',
    });
    expect(await resolveAutoCpus(fakeHost().roots)).toEqual({
      cpus: '3',
      reason: 'last online CPU 3 (the kernel isolates no CPUs)',
    });
    await expect(resolveAutoCpus(fakeHost(undefined, { 'sys/devices/system/cpu/online': null }).roots)).rejects.toThrow(
      /cpus: auto: cannot read the online CPUs/,
    );
  });
});
