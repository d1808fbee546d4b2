/**
 * The USE pre-flight from a fake procfs whose counters the test advances between the two
 * samples: a quiet host, a busy one (each check fails for its own reason), and one where
 * nothing is visible.
 */
import { preflight, PREFLIGHT_IDS } from '../../src/host/preflight.js';
import { quietVerdict, runDoctor } from '../../src/host/run-doctor.js';
import type { HostCheck } from '../../src/host/checks.js';
import { emptyHost, fakeHost, type FakeHost, type Tree } from '../helpers/fakehost.js';

const byId = (checks: HostCheck[]): Record<string, HostCheck> => Object.fromEntries(checks.map((c) => [c.id, c]));
const SELF = 4242;

/** /proc/stat after the window: `busy` ticks of 100 per CPU on each of the four CPUs. */
function statAfter(busyPerCpu: number[], steal = 0): string {
  const lines = busyPerCpu.map((b, i) => `cpu${i} ${1000 + b} 0 250 ${23750 + 100 - b - steal} 0 0 0 ${steal} 0 0`);
  const sum = busyPerCpu.reduce((a, b) => a + b, 0);
  return [
    `cpu  ${4000 + sum} 0 1000 ${95000 + 400 - sum - 4 * steal} 0 0 0 ${4 * steal} 0 0`,
    ...lines,
    'intr 0',
    '',
  ].join('\n');
}

async function flight(host: FakeHost, after: Tree, cpus: number[] | null = [1]): Promise<Record<string, HostCheck>> {
  const waited: number[] = [];
  const checks = await preflight(host.roots, {
    intervalMs: 200,
    selfPid: SELF,
    cpus,
    wait: async (ms) => {
      waited.push(ms);
      host.write(after);
    },
  });
  expect(waited).toEqual([200]);
  expect(checks.map((c) => c.id)).toEqual([...PREFLIGHT_IDS]);
  return byId(checks);
}

it('a quiet host passes every pre-flight check, with the figures', async () => {
  const host = fakeHost(undefined, {
    [`proc/${SELF}/stat`]: `${SELF} (node) R 1 1 1 0 -1 0 0 0 0 0 100 10 0 0 20 0 1 0 1 1 1\n`,
  });
  const c = await flight(host, {
    'proc/stat': statAfter([1, 0, 1, 0]),
    'proc/1/stat': '1 (systemd) S 0 1 1 0 -1 4194560 100 0 0 0 501 300 0 0 20 0 1 0 10 1000 100\n',
    // perfgate itself is busy, and must not count.
    [`proc/${SELF}/stat`]: `${SELF} (node) R 1 1 1 0 -1 0 0 0 0 0 190 20 0 0 20 0 1 0 1 1 1\n`,
  });
  expect(Object.values(c).filter((x) => x.status !== 'pass')).toEqual([]);
  expect(c['cpu-utilisation']?.value).toBe('0.5% busy over 200 ms (cpu1 0.0%)');
  expect(c['run-queue']?.value).toBe('load 0.1 0.2 0.3 on 4 CPUs (0.03 per CPU over 1 min); 1/300 runnable now');
  expect(c.memory?.value).toBe('11.4 GiB of 15.3 GiB available (75.0%)');
  expect(c.swap?.value).toBe('no swapping during 200 ms; swap used 0 of 2000000 kB');
  expect(c['psi-cpu']?.value).toBe('some avg10 0.00% avg60 0.10%, full avg10 0.00%');
  expect(c['psi-io']?.value).toBe('some avg10 0.50% avg60 0.20%, full avg10 0.10%');
  expect(c['busy-processes']?.value).toBe('no other process above 5% of a CPU');
});

it('a busy host: each check fails for its own reason', async () => {
  const host = fakeHost(undefined, {
    'proc/loadavg': '5.00 3.00 1.00 6/300 999\n',
    'proc/meminfo':
      'MemTotal:       16000000 kB\nMemAvailable:     800000 kB\nSwapTotal:       2000000 kB\nSwapFree:        1000000 kB\n',
    'proc/pressure/cpu': 'some avg10=25.00 avg60=10.00 avg300=2.00 total=99999\n',
    'proc/pressure/memory':
      'some avg10=5.00 avg60=1.00 avg300=0.20 total=999\nfull avg10=1.00 avg60=0.00 avg300=0.00 total=9\n',
  });
  const c = await flight(host, {
    'proc/stat': statAfter([10, 95, 60, 5], 2),
    'proc/vmstat': 'nr_free_pages 2000000\npswpin 15\npswpout 60\n',
    // A process that started inside the window: all its time counts.
    'proc/300/stat': '300 (stress-ng (cpu)) R 1 300 300 0 -1 0 0 0 0 0 90 5 0 0 20 0 1 0 1 1 1\n',
    'proc/1/stat': '1 (systemd) S 0 1 1 0 -1 4194560 100 0 0 0 520 300 0 0 20 0 1 0 10 1000 100\n',
  });
  expect(c['cpu-utilisation']).toMatchObject({
    status: 'fail',
    value: '42.5% busy over 200 ms (cpu1 95.0%); steal 2.0%',
  });
  expect(c['run-queue']).toMatchObject({
    status: 'fail',
    value: 'load 5 3 1 on 4 CPUs (1.25 per CPU over 1 min); 6/300 runnable now',
  });
  expect(c.memory).toMatchObject({ status: 'fail', value: '0.8 GiB of 15.3 GiB available (5.0%)' });
  expect(c.swap).toMatchObject({
    status: 'fail',
    value: 'swapping now: 5 pages in, 40 out in 200 ms; swap used 1000000 of 2000000 kB',
  });
  expect(c['psi-cpu']).toMatchObject({ status: 'fail', value: 'some avg10 25.00% avg60 10.00%' });
  expect(c['psi-memory']).toMatchObject({ status: 'warn' });
  expect(c['busy-processes']).toMatchObject({
    status: 'fail',
    value: 'stress-ng (cpu) (pid 300) 95.0% of a CPU, systemd (pid 1) 20.0% of a CPU',
  });
  for (const x of Object.values(c)) if (x.status !== 'pass') expect(x.advice).not.toBe('');
});

it('nothing visible: every pre-flight check is unknown', async () => {
  const host = emptyHost();
  const c = await flight(host, {});
  expect(Object.values(c).map((x) => x.status)).toEqual(PREFLIGHT_IDS.map(() => 'unknown'));
  expect(c['psi-cpu']?.value).toBe('no /proc/pressure/cpu (kernel without PSI, or booted with psi=0)');
});

describe('runDoctor and quietVerdict', () => {
  it('combines host checks and pre-flight, counts them, and judges quietness on the pre-flight alone', async () => {
    const host = fakeHost();
    const report = await runDoctor(host.roots, {
      cpus: [1],
      isRoot: false,
      preflight: {
        intervalMs: 10,
        selfPid: SELF,
        wait: async () => host.write({ 'proc/stat': statAfter([1, 1, 1, 1]) }),
      },
    });
    expect(report.cpus).toBe('1');
    expect(report.checks).toHaveLength(13 + PREFLIGHT_IDS.length);
    expect(report.counts.pass + report.counts.warn + report.counts.fail + report.counts.unknown).toBe(
      report.checks.length,
    );
    // Untuned (turbo, governor... warn) but quiet.
    expect(quietVerdict(report)).toEqual({ quiet: true, reasons: [] });
    const busy = {
      checks: [...report.checks, { id: 'swap', status: 'fail' as const, value: 'swapping now', advice: '' }],
    };
    expect(quietVerdict(busy)).toEqual({ quiet: false, reasons: ['swap: swapping now'] });
  });
});
