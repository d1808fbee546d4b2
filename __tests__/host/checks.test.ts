/**
 * Every host check driven from a fake sysfs/procfs tree: untuned bare metal (warnings), the
 * same box tuned (all pass), a host where nothing is visible (all unknown — never pass), and
 * the special cases (paranoid for root, PMU absent in a VM, IRQs and SMT siblings).
 */
import { hostChecks, type CheckContext, type HostCheck } from '../../src/host/checks.js';
import type { HostProbe } from '../../src/host/probe.js';
import { BARE_METAL, emptyHost, fakeHost, type Tree } from '../helpers/fakehost.js';

const byId = (checks: HostCheck[]): Record<string, HostCheck> => Object.fromEntries(checks.map((c) => [c.id, c]));
const run = async (overrides: Tree, ctx: Partial<CheckContext> = {}): Promise<Record<string, HostCheck>> =>
  byId(await hostChecks({ roots: fakeHost(BARE_METAL, overrides).roots, cpus: [1], isRoot: false, ...ctx }));

const TUNED: Tree = {
  ...Object.fromEntries(
    [0, 1, 2, 3].map((n) => [`sys/devices/system/cpu/cpu${n}/cpufreq/scaling_governor`, 'performance\n']),
  ),
  'sys/devices/system/cpu/intel_pstate/no_turbo': '1\n',
  'sys/devices/system/cpu/online': '0-2\n',
  'sys/devices/system/cpu/cpu3/online': '0\n',
  'sys/devices/system/cpu/isolated': '1\n',
  'proc/cmdline':
    'BOOT_IMAGE=/boot/vmlinuz root=UUID=1234 ro isolcpus=managed_irq,domain,1 nohz_full=1 rcu_nocbs=1 quiet\n',
  'proc/irq/8/smp_affinity_list': '0,2\n',
  'proc/irq/9/smp_affinity_list': '0\n',
  'proc/irq/130/smp_affinity_list': '0,2\n',
  'proc/sys/kernel/randomize_va_space': '0\n',
  'sys/kernel/mm/transparent_hugepage/enabled': 'always [madvise] never\n',
  'proc/sys/kernel/perf_event_paranoid': '1\n',
  'proc/sys/kernel/nmi_watchdog': '0\n',
};

describe('host checks on untuned bare metal, benchmarks on CPU 1', () => {
  let c: Record<string, HostCheck>;
  beforeAll(async () => {
    c = await run({});
  });

  it('lists the checks in a fixed order', () => {
    expect(Object.keys(c)).toEqual([
      'governor',
      'turbo',
      'smt',
      'isolated-cpus',
      'nohz-full',
      'rcu-nocbs',
      'irq-affinity',
      'aslr',
      'thp',
      'perf-event-paranoid',
      'nmi-watchdog',
      'pmu',
      'virtualization',
    ]);
  });

  it('warns about each untuned setting, with the value and advice', () => {
    expect(c.governor).toEqual({
      id: 'governor',
      status: 'warn',
      value: 'powersave',
      advice: expect.stringContaining('perfgate run --tune'),
    });
    expect(c.turbo).toMatchObject({ status: 'warn', value: 'on (devices/system/cpu/intel_pstate/no_turbo)' });
    expect(c.smt).toMatchObject({
      status: 'warn',
      value: 'control on; CPU 3 shares a core with a benchmark CPU and is online',
    });
    expect(c['isolated-cpus']).toMatchObject({
      status: 'warn',
      value: 'none',
      advice: expect.stringContaining('isolcpus='),
    });
    expect(c['nohz-full']).toMatchObject({ status: 'warn', value: 'none' });
    expect(c['rcu-nocbs']).toMatchObject({ status: 'warn', value: 'none' });
    expect(c['irq-affinity']).toMatchObject({
      status: 'warn',
      value: '3 of 4 IRQs may run on CPU 1; 2,501 device interrupts served there since boot',
    });
    expect(c.aslr).toMatchObject({
      status: 'warn',
      value: '2 (full randomization)',
      advice: expect.stringContaining('setarch -R'),
    });
    expect(c.thp).toMatchObject({ status: 'warn', value: 'always' });
    expect(c['perf-event-paranoid']).toMatchObject({ status: 'warn', value: '2 (user-space counts only: :u events)' });
    expect(c['nmi-watchdog']).toMatchObject({ status: 'warn', value: '1 (on)' });
  });

  it('passes what is fine: a PMU, no hypervisor', () => {
    expect(c.pmu).toEqual({ id: 'pmu', status: 'pass', value: 'present (cpu)', advice: '' });
    expect(c.virtualization).toMatchObject({ status: 'pass', value: 'bare metal (no hypervisor flag)' });
  });
});

it('the same box tuned: every check passes', async () => {
  const c = await run(TUNED);
  const notPass = Object.values(c).filter((x) => x.status !== 'pass');
  expect(notPass).toEqual([]);
  expect(c.governor?.value).toBe('performance');
  expect(c.turbo?.value).toBe('off (devices/system/cpu/intel_pstate/no_turbo)');
  expect(c.smt?.value).toBe('control on; no online sibling of CPU 1');
  expect(c['isolated-cpus']?.value).toBe('1 (covers benchmark CPU 1)');
  expect(c['nohz-full']?.value).toBe('1 (covers benchmark CPU 1)');
  expect(c['irq-affinity']?.value).toMatch(/^0 of 4 IRQs may run on CPU 1/);
});

it('a host where no file exists: every check is unknown, none pass', async () => {
  const checks = await hostChecks({ roots: emptyHost().roots, cpus: [1], isRoot: false });
  expect(checks.map((x) => [x.id, x.status])).toEqual(checks.map((x) => [x.id, 'unknown']));
  const c = byId(checks);
  expect(c.governor?.value).toBe('no cpufreq for CPU 1 (no cpu1/cpufreq/scaling_governor)');
  expect(c.aslr?.value).toBe('no /proc/sys/kernel/randomize_va_space');
  expect(c.pmu?.value).toBe('no /sys/bus/event_source/devices');
});

it('unpinned benchmarks: checks cover every online CPU', async () => {
  const c = await run({}, { cpus: null });
  expect(c['irq-affinity']?.value).toMatch(/^4 of 4 IRQs may run on CPUs 0-3; 10,541 device interrupts/);
  expect(c.smt?.status).toBe('pass');
  expect(c['isolated-cpus']?.value).toBe('none');
});

it('isolated CPUs that are not the benchmark CPUs', async () => {
  const c = await run({ 'sys/devices/system/cpu/isolated': '2-3\n' });
  expect(c['isolated-cpus']).toMatchObject({
    status: 'warn',
    value: '2-3; benchmark CPU 1 not among them',
    advice: expect.stringContaining('cpus: auto'),
  });
});

it('nohz_full from sysfs, including "(null)" for none configured', async () => {
  expect((await run({ 'sys/devices/system/cpu/nohz_full': '1-3\n' }))['nohz-full']).toMatchObject({
    status: 'pass',
    value: '1-3 (covers benchmark CPU 1)',
  });
  expect((await run({ 'sys/devices/system/cpu/nohz_full': '(null)\n' }))['nohz-full']).toMatchObject({
    status: 'warn',
    value: 'none',
  });
});

it('governor: some CPUs performance, some unknown', async () => {
  const c = await run(TUNED, { cpus: [1, 3] });
  expect(c.governor?.status).toBe('pass');
  const partial = await run(
    { ...TUNED, 'sys/devices/system/cpu/cpu3/cpufreq/scaling_governor': null },
    { cpus: [1, 3] },
  );
  expect(partial.governor).toMatchObject({ status: 'unknown', value: 'cpu1=performance,cpu3=unknown' });
});

it('turbo via cpufreq/boost (acpi-cpufreq, amd-pstate)', async () => {
  const on = await run({
    'sys/devices/system/cpu/intel_pstate/no_turbo': null,
    'sys/devices/system/cpu/cpufreq/boost': '1\n',
  });
  expect(on.turbo).toMatchObject({ status: 'warn', value: 'on (devices/system/cpu/cpufreq/boost)' });
});

it('SMT switched off is a pass even without topology', async () => {
  const c = await run({
    'sys/devices/system/cpu/smt/control': 'off\n',
    'sys/devices/system/cpu/cpu1/topology/thread_siblings_list': null,
  });
  expect(c.smt).toMatchObject({ status: 'pass', value: 'off' });
});

it('perf_event_paranoid: 3 fails for a user, passes for root; -1 passes', async () => {
  expect((await run({ 'proc/sys/kernel/perf_event_paranoid': '3\n' }))['perf-event-paranoid']).toMatchObject({
    status: 'fail',
    value: '3 (unprivileged perf disabled)',
  });
  expect(
    (await run({ 'proc/sys/kernel/perf_event_paranoid': '3\n' }, { isRoot: true }))['perf-event-paranoid'],
  ).toMatchObject({ status: 'pass' });
  expect((await run({ 'proc/sys/kernel/perf_event_paranoid': '-1\n' }))['perf-event-paranoid']?.status).toBe('pass');
});

describe('in a VM without a PMU', () => {
  const VM: Tree = {
    'proc/cpuinfo':
      'processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\nflags\t\t: fpu tsc hypervisor lahf_lm\n',
    'sys/bus/event_source/devices/cpu': null,
    'sys/bus/event_source/devices/tracepoint/type': '2\n',
    'sys/class/dmi/id/sys_vendor': 'QEMU\n',
    'sys/class/dmi/id/product_name': 'Standard PC (Q35 + ICH9, 2009)\n',
  };
  const probe: HostProbe = {
    perf: {
      usable: true,
      version: '6.1',
      paranoid: 2,
      pmu: false,
      events: [],
      reasons: ['perf counts task-clock', 'no PMU: cycles not supported'],
      counter: { tool: 'perf stat', helper: null, reason: '' },
    },
    valgrind: { usable: false, version: null, reason: '' },
    time: { usable: true, version: null, reason: '' },
  };

  it('PMU: absent, and why', async () => {
    const c = await run(VM, { probe });
    expect(c.pmu).toMatchObject({
      status: 'warn',
      value:
        'absent: no core PMU in /sys/bus/event_source/devices (only software, tracepoint); the hypervisor exposes no virtual PMU; perf: no PMU: cycles not supported',
      advice: expect.stringContaining('valgrind'),
    });
  });

  it('virtualization: detected from the hypervisor flag, named from DMI', async () => {
    const c = await run(VM);
    expect(c.virtualization).toMatchObject({
      status: 'warn',
      value: 'virtual machine (hypervisor flag in /proc/cpuinfo; QEMU, Standard PC (Q35 + ICH9, 2009))',
    });
  });

  it('with a probe, the perf check says what perf can do', async () => {
    const c = await run(VM, { probe });
    expect(c.perf).toMatchObject({
      status: 'pass',
      value: 'perf 6.1: perf counts task-clock; no PMU: cycles not supported',
    });
    const broken = await run(VM, {
      probe: { ...probe, perf: { ...probe.perf, usable: false, reasons: ['perf missing (install linux-perf)'] } },
    });
    expect(broken.perf).toMatchObject({ status: 'fail', value: 'perf missing (install linux-perf)' });
  });
});
