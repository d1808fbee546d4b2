/**
 * The off-CPU collapser on real `perf script --ns --show-switch-events` output of
 * `perf record -e sched:sched_switch -c 1 --switch-events` (perf 6.1) recording a pipe reader
 * waiting on a writer that sleeps 2 ms before each of 10 bytes: once with DWARF unwinding,
 * once with frame pointers (libc without frame pointers cuts the user stacks short). The
 * expected nanoseconds were summed independently (a Python script pairing each sched_switch
 * with the task's next PERF_RECORD_SWITCH IN).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  byOffCpuLabel,
  collapseOffCpuText,
  offCpuLabel,
  OffCpuCollapser,
  userStacks,
} from '../../src/profile/offcpu.js';
import { unwindQuality } from '../../src/profile/unwind.js';
import { explainRefusal, perfErrorLine, probeOffCpu } from '../../src/profile/offcpu-record.js';
import { probeHost } from '../../src/host/probe.js';
import { repoRoot } from '../helpers/paths.js';
import { perfUsable } from '../helpers/tools.js';

const fixture = (name: string): string =>
  readFileSync(path.join(repoRoot, '__tests__', 'fixtures', 'offcpu', `${name}.perf-script.txt`), 'latin1');

describe('off-CPU collapse', () => {
  it('weights each switch-out stack by the time until the task switched back in (DWARF stacks)', () => {
    const r = collapseOffCpuText(fixture('pipe-dwarf'));
    expect(r.switches).toBe(21);
    expect(r.matched).toBe(21);
    expect(r.blockedNs).toBe(43_642_172);
    expect(r.result.event).toBe('offcpu');
    const stacks = new Map(r.result.entries());
    expect(
      stacks.get(
        'pipe;_start;__libc_start_main_impl;__libc_start_call_main;main;wait_for_data;__GI___libc_read;entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k];ksys_read_[k];vfs_read_[k];anon_pipe_read_[k];schedule_[k];__schedule_[k]',
      ),
    ).toBe(22_742_583);
    expect(
      stacks.get(
        'pipe;_start;__libc_start_main_impl;__libc_start_call_main;main;writer_loop.constprop.0;usleep;__GI___nanosleep;__GI___clock_nanosleep;entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k];__x64_sys_clock_nanosleep_[k];common_nsleep_[k];hrtimer_nanosleep_[k];do_nanosleep_[k];schedule_[k];__schedule_[k]',
      ),
    ).toBe(20_797_437);
    expect(stacks.size).toBe(3);
    expect(byOffCpuLabel(stacks)).toEqual(
      new Map([
        ['pipe: main › __GI___wait4 → do_wait', 102_152],
        ['pipe: main › wait_for_data › __GI___libc_read → anon_pipe_read', 22_742_583],
        [
          'pipe: main › writer_loop.constprop.0 › usleep › __GI___nanosleep › __GI___clock_nanosleep → do_nanosleep',
          20_797_437,
        ],
      ]),
    );
    expect(unwindQuality(userStacks(stacks))).toMatchObject({ unknownShare: 0, singleFrameShare: 0 });
  });

  it('gives the same blocked time with frame-pointer stacks, whose user part is cut short', () => {
    const r = collapseOffCpuText(fixture('pipe-fp'));
    expect([r.switches, r.matched, r.blockedNs]).toEqual([21, 21, 45_950_445]);
    const stacks = new Map(r.result.entries());
    expect(byOffCpuLabel(stacks).get('pipe: read → anon_pipe_read')).toBe(23_777_161);
    // Only the libc wrapper above the kernel: every user stack is a single frame.
    expect(unwindQuality(userStacks(stacks)).singleFrameShare).toBe(1);
  });

  it('is the same in any chunking, and ignores a switch-out nothing switched back in', () => {
    const text = fixture('pipe-dwarf');
    const c = new OffCpuCollapser();
    for (let i = 0; i < text.length; i += 777) c.push(Buffer.from(text.slice(i, i + 777), 'latin1'));
    expect(c.end().result.toFoldedText()).toBe(collapseOffCpuText(text).result.toFoldedText());
    // The task's last switch-out (it exited) has no switch-in after it.
    const cut = text.slice(0, text.lastIndexOf('PERF_RECORD_SWITCH IN'));
    const r = collapseOffCpuText(cut.slice(0, cut.lastIndexOf('\n') + 1));
    expect(r.switches).toBe(21);
    expect(r.matched).toBe(20);
  });

  it('names a stack by its user frames below the runtime entry and the kernel function it blocked in', () => {
    expect(
      offCpuLabel(
        'p;_start;main;a;b;c;d;e;f;g;read;entry_SYSCALL_64_[k];ksys_read_[k];pipe_read_[k];schedule_[k];__schedule_[k]',
      ),
    ).toBe('p: … › c › d › e › f › g › read → pipe_read');
    expect(offCpuLabel('p;start_thread;worker;futex_wait_[k];schedule_[k]')).toBe('p: worker → futex_wait');
    expect(offCpuLabel('kworker;worker_thread_[k];schedule_[k]')).toBe('kworker: (kernel) → worker_thread');
  });
});

describe('off-CPU tracepoint access', () => {
  // Real stderr of `perf record -e sched:sched_switch ...` run as user nobody (paranoid 2).
  const refusal = readFileSync(
    path.join(repoRoot, '__tests__', 'fixtures', 'offcpu', 'refusal-nonroot.stderr.txt'),
    'utf8',
  );

  it("takes perf's Error and Hint lines, not the usage text after them", () => {
    expect(perfErrorLine(refusal)).toBe(
      "No permissions to read /sys/kernel/tracing/events/sched/sched_switch (perf: Try 'sudo mount -o remount,mode=755 /sys/kernel/tracing/')",
    );
    expect(perfErrorLine('something odd\n')).toBe('something odd');
  });

  it('explains a refusal with the setting to change', () => {
    const msg = explainRefusal(perfErrorLine(refusal), { root: false, paranoid: 2, tracefs: true });
    expect(msg).toMatch(
      /^perf cannot record the sched:sched_switch tracepoint: No permissions to read \/sys\/kernel\/tracing\/events\/sched\/sched_switch/,
    );
    expect(msg).toContain(
      'tracepoints need root or kernel.perf_event_paranoid=-1 (it is 2; sysctl -w kernel.perf_event_paranoid=-1)',
    );
    expect(msg).toContain('read access to /sys/kernel/tracing');
    expect(explainRefusal('x', { root: true, paranoid: 2, tracefs: false })).toBe(
      'perf cannot record the sched:sched_switch tracepoint: x; tracefs is not mounted (as root: mount -t tracefs nodev /sys/kernel/tracing)',
    );
  });

  it('probes this machine for real', async () => {
    const probe = await probeHost();
    if (!perfUsable(probe)) return;
    const p = await probeOffCpu(probe.perf);
    if (process.getuid?.() === 0)
      expect(p).toEqual({ usable: true, reason: 'perf records sched:sched_switch with call graphs' });
    else if (!p.usable) expect(p.reason).toMatch(/^perf cannot record the sched:sched_switch tracepoint: /);
  });
});
