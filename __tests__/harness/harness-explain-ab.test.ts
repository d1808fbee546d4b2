/**
 * The "why" of a benchmark inside a harness. A real `go test -bench` entry, head makes one
 * benchmark slower through a new function; the changed benchmark is profiled alone on both
 * sides with `-test.bench '^BenchmarkKnob$'` (issue 21), and the terminal table, the PR comment
 * and the investigation report show its own hotspot shift, naming the function, in ns per
 * iteration; the whole invocation is not profiled.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderReport } from '../../src/report/markdown.js';
import { perfgate } from '../helpers/cli.js';
import { gatedRow, harnessRepo, harnessSrc, readComparison } from '../helpers/harness-repo.js';
import { haveTool } from '../helpers/tools.js';
import { framesOf } from '../helpers/comparison.js';

it('go test -bench: the slowed benchmark, profiled alone, is explained by its own profile everywhere it is reported', () => {
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
  expect(r.stderr).toContain('profiling go/BenchmarkKnob alone (-test.bench ^BenchmarkKnob$)');
  expect(framesOf(doc, 'go')).toBeUndefined(); // the whole invocation was not needed
  const knob = framesOf(doc, 'go/BenchmarkKnob');
  expect(knob?.basis).toMatchObject({ metric: 'time', per: 'iteration' });
  // No cachegrind run for a Go binary (it hung under valgrind here): the label says why.
  const evidence = doc.explanations?.['go/BenchmarkKnob']?.evidence;
  expect(evidence?.noCounters).toMatch(/^a Go test binary under valgrind hangs/);
  expect(r.stderr).not.toContain('under cachegrind');
  // Profiled alone, the new function is the first frame and its interval excludes zero.
  const slower = knob?.top[0];
  expect(slower?.frame).toMatch(/mix\.slower$/);
  expect(slower?.selfMs?.base).toBe(0);
  expect(slower!.change.selfCi![0]).toBeGreaterThan(0);

  expect(r.stdout).toContain('go/BenchmarkKnob: frames whose self time per iteration changed most');
  expect(r.stdout).toContain(slower!.frame);
  // The flame graph's path opens from where the command ran, not only from inside .perfgate/.
  const diff = / diff: (\S+\.svg)\n/.exec(r.stdout)?.[1];
  expect(diff).toBe(path.join('.perfgate', 'flamegraphs', 'go%2FBenchmarkKnob.diff.svg'));
  expect(existsSync(path.join(repo.dir, diff!))).toBe(true);

  const { body } = renderReport({
    comparison: doc,
    suiteId: 'perfgate',
    provenance: { source: 'same-job', commit: null, ageMs: null },
  });
  expect(body).toContain('### Why go/BenchmarkKnob is slower');
  expect(body).not.toContain('profile of the whole');

  const report = perfgate(['report', path.join('.perfgate', 'comparison.json'), '--out', 'report.md'], {
    cwd: repo.dir,
  });
  expect(report.code).toBe(0);
  const md = readFileSync(path.join(repo.dir, 'report.md'), 'utf8');
  expect(md).not.toContain('no profile on both sides');
  expect(md).not.toContain('Reported by the harness entry');
  expect(md).toMatch(
    /go\/BenchmarkKnob\*\*: the regression \\?\(time \\?\+[0-9.]+%, \\?\+[0-9.]+ [nµ]s per iteration\\?\) is most likely in `[^`]*mix\.slower`/,
  );
  expect(r.code).toBe(1);
}, 900_000);
