/**
 * Issue 12 acceptance for off-CPU: a pipe reader that waits on a writer sleeping between
 * bytes; head makes each sleep 1.6× longer and leaves the CPU work alone. The bundled
 * `perfgate ab` must find wall regressed and task-clock not, record off-CPU stacks on its own
 * (the suite only says `profile: true`), and name the waiting stack in ms blocked per run.
 * `perfgate run` with `profile: offcpu` records them unasked. Real gcc, perf, git; with perf
 * missing and CI=true this fails instead of skipping.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import { probeHost, type HostProbe } from '../../src/host/probe.js';
import type { ResultsDoc } from '../../src/results/results-doc.js';
import { perfgate } from '../helpers/cli.js';
import { perfUsable } from '../helpers/tools.js';
import { framesOf } from '../helpers/comparison.js';

let probe: HostProbe;
beforeAll(async () => {
  probe = await probeHost();
});

// ~15 ms of CPU work in the reader (the same on both sides), then 12 bytes from a writer that
// sleeps WAIT_US before each one.
const PROGRAM = (waitUs: number): string => `#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
#define WAIT_US ${waitUs}
static volatile unsigned sink;
__attribute__((noinline)) static unsigned crunch(unsigned s) { for (int i = 0; i < 6000000; i++) s += (s << 3) ^ i; return s; }
__attribute__((noinline)) static void writer_loop(int fd, int n) { char c = 'x'; for (int i = 0; i < n; i++) { usleep(WAIT_US); if (write(fd, &c, 1) != 1) exit(1); } }
__attribute__((noinline)) static long wait_for_data(int fd) { char c; long got = 0; while (read(fd, &c, 1) == 1) got++; return got; }
int main(void) {
  int p[2];
  if (pipe(p) != 0) return 1;
  pid_t w = fork();
  if (w == 0) { close(p[0]); writer_loop(p[1], 12); close(p[1]); return 0; }
  close(p[1]);
  sink = crunch(sink);
  long got = wait_for_data(p[0]);
  waitpid(w, NULL, 0);
  printf("%ld %u\\n", got, sink);
  return got == 12 ? 0 : 1;
}
`;

function makeRepo(profile: string, headWaitUs: number | null): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-offcpu-'));
  const git = (...args: string[]): string => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
  git('init', '-q');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'perfgate test');
  writeFileSync(path.join(dir, 'pipe.c'), PROGRAM(2500));
  writeFileSync(
    path.join(dir, 'perfgate.yml'),
    `version: 1\nsetup: mkdir -p bin && gcc -O2 -o bin/pipe pipe.c\ndefaults: { iterations: 12, max-iterations: 12, warmup: 1, profile: ${profile} }\nbenchmarks:\n  - name: io/pipe\n    run: ./bin/pipe\n`,
  );
  writeFileSync(path.join(dir, '.gitignore'), 'bin/\n.perfgate/\nout/\n');
  git('add', '-A');
  git('commit', '-qm', 'base');
  if (headWaitUs !== null) {
    writeFileSync(path.join(dir, 'pipe.c'), PROGRAM(headWaitUs));
    git('commit', '-qam', 'the writer waits longer');
  }
  return dir;
}

describe('off-CPU explanations', () => {
  it('wall regressed, task-clock not: ab records off-CPU stacks and names the waiting stack', () => {
    if (!perfUsable(probe)) return;
    const dir = makeRepo('true', 4000);
    const r = perfgate(['ab', '--base', 'HEAD~1', '--head', 'HEAD', '--seed', '5'], { cwd: dir, timeoutMs: 600_000 });
    expect([0, 1]).toContain(r.code);
    const doc = JSON.parse(readFileSync(path.join(dir, '.perfgate', 'comparison.json'), 'utf8')) as ComparisonDoc;
    const verdict = (metric: string): string | undefined => doc.rows.find((x) => x.metric === metric)?.verdict;
    expect(verdict('wall')).toBe('regression');
    expect(verdict('task-clock')).not.toBe('regression');
    const off = framesOf(doc, 'io/pipe')?.offcpu;
    expect(off).toBeDefined();
    // Its kind of change is waiting, and names the off-CPU graph (compare/slowdown-kind.ts).
    expect(doc.explanations?.['io/pipe']).toMatchObject({ kind: 'waiting', evidence: { offcpuGraph: off!.diff } });
    expect(off!.basis.metric).toBe('off-cpu');
    expect(off!.profileRuns).toEqual({ base: 5, head: 5 });
    // The reader's wait is named, with the kernel function it blocked in, and it grew.
    const waiting = off!.top.find((f) => /wait_for_data/.test(f.frame));
    expect(waiting).toBeDefined();
    expect(waiting!.frame).toMatch(/main › wait_for_data .*→ \S*pipe_read/);
    expect(off!.top.indexOf(waiting!)).toBeLessThan(2);
    expect(waiting!.selfMs.head).toBeGreaterThan(1.3 * waiting!.selfMs.base);
    expect(waiting!.change.selfCi![0]).toBeGreaterThan(0);
    for (const f of [off!.diff, off!.negated])
      expect(readFileSync(path.join(dir, '.perfgate', f), 'utf8')).toMatch(
        /^<\?xml[\s\S]*wait_for_data[\s\S]*<\/svg>\s*$/,
      );
    console.log(
      `off-CPU: ${waiting!.frame}: ${waiting!.selfMs.base.toFixed(1)} → ${waiting!.selfMs.head.toFixed(1)} ms blocked/run; blocked per run ${off!.basis.msPerRun.base.toFixed(1)} → ${off!.basis.msPerRun.head.toFixed(1)} ms`,
    );
  }, 600_000);

  it("perfgate run with 'profile: offcpu' records off-CPU stacks per run", () => {
    if (!perfUsable(probe)) return;
    const dir = makeRepo('offcpu', null);
    const r = perfgate(['run', '--out', 'out', '--iterations', '3'], { cwd: dir, timeoutMs: 300_000 });
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(dir, 'out', 'results.json'), 'utf8')) as ResultsDoc;
    const off = doc.benchmarks[0]!.profile?.offcpu;
    expect(off?.folded).toBe(path.join('profiles', 'offcpu', 'io%2Fpipe.folded'));
    expect(off?.runs).toHaveLength(5);
    // Debian's libc has no frame pointers: frame-pointer stacks of a blocked thread end in the
    // libc wrapper, so `auto` probes them apart from the CPU profile and takes DWARF.
    expect(off?.callGraph).toBe('dwarf');
    expect(readdirSync(path.join(dir, 'out', 'profiles', 'offcpu', 'runs', 'io%2Fpipe'))).toHaveLength(5);
    const folded = readFileSync(path.join(dir, 'out', off!.folded), 'utf8');
    // Weighted by ns blocked: 12 sleeps of 2.5 ms are at least 30 ms per run for the writer.
    const writer = folded
      .split('\n')
      .filter((l) => l.includes('writer_loop'))
      .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    expect(writer / 5).toBeGreaterThan(30e6);
    expect(existsSync(path.join(dir, 'out', doc.benchmarks[0]!.profile!.folded))).toBe(true);
  }, 300_000);
});
