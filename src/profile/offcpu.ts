/**
 * Off-CPU stacks: `perf record -e sched:sched_switch -c 1 --switch-events -g` → `perf script
 * --ns --show-switch-events` → folded stacks weighted by the time each task stayed switched
 * out, in nanoseconds, like FlameGraph's off-CPU graphs (blocked time, not sample counts).
 *
 * Recorded per task (no -a), a switch-out carries the task's own stack and the task's next
 * PERF_RECORD_SWITCH IN says when it ran again; the difference is the time it was blocked (or
 * runnable but preempted). The sample lines look like (perf 6.1):
 *   pipe 10516 [000]  1147.413046142: sched:sched_switch: prev_comm=pipe prev_pid=10516 prev_prio=120 prev_state=S ==> next_comm=pipe next_pid=10518 next_prio=120
 *   	ffffffff821facd8 __schedule+0x618 ([kernel.kallsyms])
 *   	            127a wait_for_data+0x2a (/tmp/oc/pipe)
 *   pipe 10516 [000]  1147.413076257: PERF_RECORD_SWITCH OUT
 *   pipe 10518 [000]  1147.413078310: PERF_RECORD_SWITCH IN
 * Each matched switch-out is handed to the on-CPU collapser as a sample whose period is its
 * blocked time, so frame names follow exactly the same stackcollapse rules; kernel frames get
 * `_[k]` so the blocking reason can be told from the user-space caller.
 */
import { PerfScriptCollapser, type CollapseResult } from './collapse.js';

export interface OffCpuCollapse {
  result: CollapseResult;
  /** sched_switch samples seen, and how many a later switch-in closed. */
  switches: number;
  matched: number;
  /** Sum of the blocked time of matched switches, ns. */
  blockedNs: number;
}

// "pipe 10516 [000]  1147.413046142: REST" (comm may hold spaces; pid/tid with -F pid,tid).
const HEADER = /^(\S.*?)\s+(?:\d+\/)?(\d+)\s+\[(\d+)\]\s+(\d+)\.(\d+):\s+(.*)$/;

interface Pending {
  comm: string;
  tid: string;
  cpu: string;
  ns: number;
  stamp: string;
  frames: string[];
}

function nanos(sec: string, frac: string): number {
  // `--ns` prints 9 digits, the default 6: scale either to ns without going through floats.
  return Number(sec) * 1e9 + Number(frac.padEnd(9, '0').slice(0, 9));
}

/** Streaming: push perf script text in chunks, then end(). */
export class OffCpuCollapser {
  private readonly collapser = new PerfScriptCollapser({ kernel: true });
  private readonly pending = new Map<string, Pending>();
  private current: Pending | null = null;
  private carry = '';
  private switches = 0;
  private matched = 0;
  private blockedNs = 0;

  push(chunk: Buffer | string): void {
    const text = this.carry + (typeof chunk === 'string' ? chunk : chunk.toString('latin1'));
    let pos = 0;
    for (;;) {
      const nl = text.indexOf('\n', pos);
      if (nl === -1) break;
      this.line(text.slice(pos, nl));
      pos = nl + 1;
    }
    this.carry = text.slice(pos);
  }

  end(): OffCpuCollapse {
    if (this.carry.length > 0) this.line(this.carry);
    this.carry = '';
    this.current = null;
    return { result: this.collapser.end(), switches: this.switches, matched: this.matched, blockedNs: this.blockedNs };
  }

  private line(raw: string): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length === 0) {
      this.current = null;
      return;
    }
    const c = line.charCodeAt(0);
    if (c === 9 || c === 32) {
      // A frame line of the sample being read (frames of other events are ignored).
      this.current?.frames.push(line);
      return;
    }
    this.current = null;
    const m = HEADER.exec(line);
    if (!m) return;
    const [, comm, tid, cpu, sec, frac, rest] = m as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (rest.startsWith('sched:sched_switch:')) {
      // Per-task recording: the switch-out is always the recorded task's own (prev_pid = tid).
      this.switches++;
      const p: Pending = { comm, tid, cpu, ns: nanos(sec, frac), stamp: `${sec}.${frac}`, frames: [] };
      this.pending.set(tid, p);
      this.current = p;
    } else if (/^PERF_RECORD_SWITCH\s+IN\b/.test(rest)) {
      const p = this.pending.get(tid);
      if (!p) return;
      this.pending.delete(tid);
      const blocked = Math.round(nanos(sec, frac) - p.ns);
      // A zero period would count as 1 in stackcollapse; nothing was blocked, so skip it.
      if (!(blocked > 0)) return;
      this.matched++;
      this.blockedNs += blocked;
      this.collapser.push(`${p.comm} ${p.tid} [${p.cpu}] ${p.stamp}: ${blocked} offcpu:\n${p.frames.join('\n')}\n\n`);
    }
  }
}

export function collapseOffCpuText(text: string): OffCpuCollapse {
  const c = new OffCpuCollapser();
  c.push(text);
  return c.end();
}

/** Scheduler frames every off-CPU stack ends in: they say that it waited, not why. */
const SCHEDULER =
  /^(?:__)?schedule(?:_|$)|^io_schedule|^preempt_schedule|^__cond_resched$|^finish_task_switch|^__wait_for_common$|^wait_for_completion/;
/** Runtime entry frames above main (or a thread's start routine). */
const ENTRY =
  /^(?:_start|__libc_start_main(?:_impl)?|__libc_start_call_main|start_thread|clone3?|__clone3?|thread_start)$/;
const KERNEL = '_[k]';

/**
 * A readable name for an off-CPU stack: the process, its user-space frames below the runtime
 * entry (at most the last `depth`), and the kernel function it blocked in, e.g.
 * `pipe: main › wait_for_data › __GI___libc_read → anon_pipe_read`. Stacks that differ only in
 * kernel detail share a name, so the explanation table ranks waiting places, not kernel paths.
 */
export function offCpuLabel(stack: string, depth = 6): string {
  const frames = stack.split(';');
  const comm = frames[0] ?? '';
  const user: string[] = [];
  let reason: string | undefined;
  for (const f of frames.slice(1)) {
    if (f.endsWith(KERNEL)) {
      const name = f.slice(0, -KERNEL.length);
      if (!SCHEDULER.test(name)) reason = name;
    } else if (!ENTRY.test(f)) {
      user.push(f);
    }
  }
  const shown = user.length > depth ? ['…', ...user.slice(-depth)] : user;
  return `${comm}: ${shown.length > 0 ? shown.join(' › ') : '(kernel)'}${reason ? ` → ${reason}` : ''}`;
}

/** Off-CPU stacks summed by their label (one frame per label, no `;`). */
export function byOffCpuLabel(stacks: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [stack, ns] of stacks) {
    const label = offCpuLabel(stack).replace(/;/g, ':');
    out.set(label, (out.get(label) ?? 0) + ns);
  }
  return out;
}

/** The user-space part of off-CPU stacks (kernel frames dropped), to judge their unwinding. */
export function userStacks(stacks: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [stack, ns] of stacks) {
    const key = stack
      .split(';')
      .filter((f) => !f.endsWith(KERNEL))
      .join(';');
    out.set(key, (out.get(key) ?? 0) + ns);
  }
  return out;
}
