/**
 * The "why" of a benchmark inside a harness. A harness benchmark (`<entry>/<name>`) is never
 * profiled on its own: the entry's whole invocation is. A real `go test -bench` entry is
 * profiled on both sides, head makes one benchmark slower through a new function, and the
 * terminal table, the PR comment and the investigation report must show the entry's hotspot
 * shift for that benchmark, naming the function, instead of nothing (comment, terminal) or
 * "no profile on both sides ... profile it" (report) for a suite that has `profile: true`.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderReport } from '../../src/report/markdown.js';
import { perfgate } from '../helpers/cli.js';
import { gatedRow, harnessRepo, harnessSrc, readComparison } from '../helpers/harness-repo.js';
import { haveTool } from '../helpers/tools.js';
import { framesOf } from '../helpers/comparison.js';

it('go test -bench: the entry profile explains the slowed harness benchmark everywhere it is reported', () => {
  if (!haveTool(['go', 'version'], 'go (golang-go)')) return;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pg-go-explain-'));
  const env = {
    ...process.env,
    GOFLAGS: '-mod=mod',
    GOPATH: path.join(tmp, 'gopath'),
    GOCACHE: path.join(tmp, 'gocache'),
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
  };
  const repo = harnessRepo(
    {
      'go.mod': harnessSrc('go-test', 'go.mod'),
      'mix.go': harnessSrc('go-test', 'mix.go'),
      'mix_test.go': harnessSrc('go-test', 'mix_test.go'),
    },
    `version: 1\nsetup: go test -c -o bin/mix.test .\ndefaults: { iterations: 10, max-iterations: 10, warmup: 1, timeout: 300s, profile: true }\nbenchmarks:\n  - name: go\n    run: ./bin/mix.test -test.run '^$' -test.bench '^Benchmark(Steady|Knob)$' -test.benchtime 100ms\n    format: go-test\n`,
  );
  // Half as much work again for BenchmarkKnob, in a function of its own that cannot be inlined.
  repo.change(
    'mix_test.go',
    /sink = Mix\(n\)\n\t\}\n\}\n/,
    'sink = Mix(n) + slower(n/2)\n\t}\n}\n\n//go:noinline\nfunc slower(n uint64) uint64 { return Mix(n) }\n',
  );
  const r = perfgate(['ab', '--base', 'HEAD~1', '--head', 'HEAD', '--seed', '5'], {
    cwd: repo.dir,
    env,
    timeoutMs: 900_000,
  });
  const doc = readComparison(repo.dir);
  expect(gatedRow(doc, 'go/BenchmarkKnob', 'time').verdict).toBe('regression');
  expect(framesOf(doc, 'go/BenchmarkKnob')).toBeUndefined(); // no profile of its own
  // Its kind of change is read from the whole invocation's counts (issue 21, until the harness
  // filter counts one benchmark): rates only, no instruction change. A Go binary under
  // cachegrind took 2.4 s once and timed out after 77 s another time here: then the reason is said.
  const evidence = doc.explanations?.['go/BenchmarkKnob']?.evidence;
  if (evidence?.noCounters === undefined) expect(evidence).toMatchObject({ scope: 'invocation' });
  else expect(evidence.noCounters).toMatch(/^cachegrind of (base|head) /);
  expect(evidence?.instructions).toBeUndefined();
  // A go benchmark runs for a fixed time whatever its speed, so the invocation's profile moves
  // time between frames: the new function gains, BenchmarkKnob's own loop loses, widely.
  const slower = framesOf(doc, 'go')?.top.find((f) => /mix\.slower$/.test(f.frame));
  expect(slower?.selfMs?.base).toBe(0);
  expect(slower!.change.selfCi![0]).toBeGreaterThan(0);

  expect(r.stdout).toContain(
    'go/BenchmarkKnob (profile of the whole go invocation): frames whose self time per run changed most',
  );
  expect(r.stdout).toContain(slower!.frame);
  // The flame graph's path opens from where the command ran, not only from inside .perfgate/.
  const diff = / diff: (\S+\.svg)\n/.exec(r.stdout)?.[1];
  expect(diff).toBe(path.join('.perfgate', 'flamegraphs', 'go.diff.svg'));
  expect(existsSync(path.join(repo.dir, diff!))).toBe(true);

  const { body } = renderReport({
    comparison: doc,
    suiteId: 'perfgate',
    provenance: { source: 'same-job', commit: null, ageMs: null },
  });
  expect(body).toContain('Why go/BenchmarkKnob changed (profile of the whole go invocation)');

  const report = perfgate(['report', path.join('.perfgate', 'comparison.json'), '--out', 'report.md'], {
    cwd: repo.dir,
  });
  expect(report.code).toBe(0);
  const md = readFileSync(path.join(repo.dir, 'report.md'), 'utf8');
  expect(md).not.toContain('no profile on both sides');
  expect(md).toContain('Reported by the harness entry');
  expect(md).toContain('From the profile of the whole `go` invocation');
  expect(md).toMatch(
    /go\/BenchmarkKnob\*\*: the regression \\?\(time \\?\+[0-9.]+%\\?\) is most likely in `[^`]*mix\.slower`/,
  );
  expect(r.code).toBe(1);
}, 900_000);
