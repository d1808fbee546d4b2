/**
 * Issue 22's acceptance for perfgate's data: after 50 pull requests that published comment
 * images and 30 nightly history appends, all through the real store code into a real bare
 * "origin", a default `git clone` of origin downloads none of it. Also measures what the data
 * costs (bytes per PR, per nightly run, a clone with and without it: docs/history.md, "Size"),
 * that an image link still resolves by its commit, and that a month past the keep days is let go.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import { explainChanges } from '../../src/flamegraph/explain.js';
import type { BenchmarkResult } from '../../src/results/results-doc.js';
import { writeJsonAtomic } from '../../src/results/results-file.js';
import { createRng } from '../../src/stats/rng.js';
import { appendToGitHistory, readGitHistory } from '../../src/store/history-git.js';
import { publishFlameGraphImages } from '../../src/store/published-images.js';
import { GitHubEmulator } from '../github/emulator.js';
import { comparison, resultsDoc, row } from '../helpers/comparison.js';
import { demoHistory } from '../helpers/history.js';

const PRS = 50;
const NIGHTS = 30;
const BENCHES = ['parse/json', 'hash/fnv'];

const scratch = mkdtempSync(path.join(os.tmpdir(), 'pg-clone-'));
const git = (dir: string, ...args: string[]): string =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/** Bytes on disk (packed, deltas included) of the objects reachable from `refs`. */
function diskUsage(repo: string, refs: string[]): number {
  return Number(git(repo, 'rev-list', '--objects', '--disk-usage', ...refs));
}

/** size-pack + size of a repository, in bytes, after a full repack (what a clone of it holds). */
function packedSize(repo: string): number {
  git(repo, 'repack', '-adq');
  const v = Object.fromEntries(
    git(repo, 'count-objects', '-v')
      .split('\n')
      .map((l) => l.split(': ') as [string, string]),
  );
  return (Number(v['size-pack']) + Number(v.size)) * 1024;
}

/**
 * A profile shaped like a small real program's: a call tree of 40 functions, 30 stacks 3–8
 * frames deep, sample counts spread over three orders of magnitude (its images are about the
 * size of the demo suite's real ones, 19–24 KB: docs/report.md). `seed` moves every count a little
 * and `head` makes one subtree 30% heavier.
 */
function profile(seed: number, head: boolean): string {
  const rng = createRng(seed);
  const names = Array.from({ length: 40 }, (_, i) => `app::module${i % 7}::function_${i}`);
  const lines = new Map<string, number>();
  const shape = createRng(7);
  for (let s = 0; s < 30; s++) {
    const depth = 3 + shape.int(6);
    const frames = ['main', 'app::run'];
    for (let d = 0; d < depth; d++) frames.push(names[(s * 7 + d * 13 + shape.int(5)) % names.length]!);
    const base = Math.round(10 ** (1 + 3 * shape.next()));
    const heavier = head && frames.includes('app::module3::function_10') ? 1.3 : 1;
    const key = frames.join(';');
    lines.set(key, (lines.get(key) ?? 0) + Math.max(1, Math.round(base * heavier * (1 + 0.05 * rng.normal()))));
  }
  return [...lines].map(([k, v]) => `${k} ${v}`).join('\n') + '\n';
}

function bench(name: string, ms: number): BenchmarkResult {
  return {
    name,
    status: 'ok',
    backend: 'perf',
    threshold: { 'task-clock': 0.02 },
    metrics: { 'task-clock': { unit: 'ms', samples: [ms, ms * 1.01, ms * 0.99] } },
    profile: { folded: `profiles/${name.replace('/', '-')}.folded`, callGraph: 'fp' },
  };
}

const sides = { base: path.join(scratch, 'base'), head: path.join(scratch, 'head') };
const profilePath = (side: string, name: string): string =>
  path.join(side, 'profiles', `${name.replace('/', '-')}.folded`);

/** Both sides' results.json and stacks, and their explanations by the real code (once: they are the slow part). */
async function explained(): Promise<ComparisonDoc['explanations']> {
  for (const [side, dir] of Object.entries(sides)) {
    mkdirSync(path.join(dir, 'profiles'), { recursive: true });
    for (const [k, name] of BENCHES.entries()) writeFileSync(profilePath(dir, name), profile(k, side === 'head'));
    await writeJsonAtomic(
      path.join(dir, 'results.json'),
      resultsDoc(BENCHES.map((b) => bench(b, side === 'head' ? 13 : 10))),
    );
  }
  const benchmarks = (s: string): BenchmarkResult[] => BENCHES.map((b) => bench(b, s === 'head' ? 13 : 10));
  const { explanations } = await explainChanges(
    { dir: sides.base, benchmarks: benchmarks('base') },
    { dir: sides.head, benchmarks: benchmarks('head') },
    path.join(scratch, 'out'),
  );
  return explanations;
}

/**
 * PR `pr`'s comparison: its own head stacks (every count moved a little, as no two profiles are
 * alike) next to its own head results.json, and its own head commit.
 */
async function prComparison(pr: number, explanations: ComparisonDoc['explanations']): Promise<ComparisonDoc> {
  const head = path.join(scratch, `pr-${pr}`);
  mkdirSync(path.join(head, 'profiles'), { recursive: true });
  for (const [k, name] of BENCHES.entries()) writeFileSync(profilePath(head, name), profile(pr * 10 + k, true));
  await writeJsonAtomic(path.join(head, 'results.json'), resultsDoc(BENCHES.map((b) => bench(b, 13))));
  const headSha = createHash('sha1').update(`pr ${pr}`).digest('hex');
  const doc = comparison(
    BENCHES.map((b) => row(b, 'task-clock', 'regression', 0.3)),
    headSha,
  );
  return {
    ...doc,
    base: { ...doc.base, results: path.join(sides.base, 'results.json') },
    head: { ...doc.head, results: path.join(head, 'results.json') },
    ...(explanations ? { explanations } : {}),
  };
}

let emu: GitHubEmulator;
beforeAll(async () => {
  emu = await GitHubEmulator.start();
});
afterAll(async () => {
  await emu.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('perfgate data and default clones', () => {
  it('after 50 PRs with images and 30 nightly runs, a default clone fetches none of it', async () => {
    const origin = path.join(scratch, 'origin.git');
    git(scratch, 'init', '-q', '--bare', '-b', 'main', origin);
    // As GitHub: partial fetches allowed (the stores fetch trees without file contents).
    git(origin, 'config', 'uploadpack.allowFilter', 'true');
    emu.serveRaw(origin);
    const work = path.join(scratch, 'work');
    git(scratch, 'init', '-q', '-b', 'main', work);
    writeFileSync(path.join(work, 'README.md'), '# a project\n');
    writeFileSync(path.join(work, 'main.c'), 'int main(void) { return 0; }\n');
    git(work, 'add', '-A');
    git(work, '-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'code');
    git(work, 'push', '-q', origin, 'main');
    const codeOnly = diskUsage(origin, ['main']);

    const T0 = Date.now();
    const explanations = await explained();
    // 50 PRs over December, two changed benchmarks each, while the 30 nightly runs of the demo
    // suite (8 benchmarks × 3 metrics) append to the history: the two refs do not contend.
    const publishPr = async (pr: number, now: Date) => {
      const r = await publishFlameGraphImages({
        comparison: await prComparison(pr, explanations),
        suiteId: 'perfgate',
        key: `pr-${pr}`,
        target: { remote: origin },
        serverUrl: emu.apiUrl,
        repository: emu.fullName,
        now,
        commitOptions: { backoffMs: 100, attempts: 10 },
      });
      expect(r.warnings).toEqual([]);
      return { pr, urls: r.urls, paths: r.paths, commit: r.commit, ref: r.ref, pruned: r.pruned };
    };
    const published: Awaited<ReturnType<typeof publishPr>>[] = [];
    const records = demoHistory({ nights: NIGHTS });
    const perNight = records.length / NIGHTS;
    const prDate = (pr: number): Date => new Date(Date.UTC(2026, 11, 1 + Math.floor((pr * 29) / PRS), 12));
    // Two PR jobs at once, back to back: they race for the month's ref far more often than real
    // ones would, hence more attempts than the default.
    const STREAMS = 2;
    await Promise.all([
      ...Array.from({ length: STREAMS }, async (_, k) => {
        for (let pr = 1 + k; pr <= PRS; pr += STREAMS) published.push(await publishPr(pr, prDate(pr)));
      }),
      (async () => {
        for (let n = 0; n < NIGHTS; n++)
          await appendToGitHistory(records.slice(n * perNight, (n + 1) * perNight), { remote: origin, backoffMs: 5 });
      })(),
    ]);
    const wallMs = Date.now() - T0;
    expect(new Set(published.map((p) => p.ref))).toEqual(new Set(['refs/perfgate/images/2026-12']));
    published.sort((a, b) => a.pr - b.pr);
    git(origin, 'repack', '-adq');
    const withData = diskUsage(origin, ['--all']);
    const imageBytes = diskUsage(origin, ['refs/perfgate/images/2026-12']);
    const historyBytes = diskUsage(origin, ['refs/perfgate/history']);
    const rawImage = Number(
      git(origin, 'cat-file', '-s', `refs/perfgate/images/2026-12:${Object.values(published[0]!.paths)[0]}`),
    );
    expect((await readGitHistory({ remote: origin })).records).toHaveLength(records.length);

    // A developer's clone (and actions/checkout, which fetches branches and tags only).
    const clone = path.join(scratch, 'clone');
    execFileSync('git', ['clone', '-q', '--no-local', origin, clone]);
    expect(git(clone, 'for-each-ref', '--format=%(refname)').split('\n')).toEqual([
      'refs/heads/main',
      'refs/remotes/origin/HEAD',
      'refs/remotes/origin/main',
    ]);
    const missing = (sha: string): boolean => {
      try {
        git(clone, 'cat-file', '-e', sha);
        return false;
      } catch {
        return true;
      }
    };
    const dataCommits = [...published.map((p) => p.commit!), git(origin, 'rev-parse', 'refs/perfgate/history')];
    for (const sha of dataCommits) expect(missing(sha)).toBe(true);
    const cloneObjects = git(clone, 'rev-list', '--objects', '--all').split('\n').length;
    expect(cloneObjects).toBe(git(origin, 'rev-list', '--objects', 'main').split('\n').length);
    const cloneSize = packedSize(clone);

    // The same data on branches, as before (perfgate-data): every clone takes it all.
    git(origin, 'update-ref', 'refs/heads/perfgate-data', 'refs/perfgate/images/2026-12');
    git(origin, 'update-ref', 'refs/heads/perfgate-history', 'refs/perfgate/history');
    const oldClone = path.join(scratch, 'old-clone');
    execFileSync('git', ['clone', '-q', '--no-local', origin, oldClone]);
    const oldCloneSize = packedSize(oldClone);
    git(origin, 'update-ref', '-d', 'refs/heads/perfgate-data');
    git(origin, 'update-ref', '-d', 'refs/heads/perfgate-history');
    expect(oldCloneSize).toBeGreaterThan(cloneSize + imageBytes / 2);

    // The first PR's comment still shows its images: the link names the commit, not a branch.
    const first = published[0]!;
    for (const url of Object.values(first.urls)) {
      expect(url).toContain(`/raw/${first.commit}/`);
      const res = await fetch(url);
      expect([res.status, res.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
    }

    // Months later: December ended more than 90 days ago, so its ref goes with the next publish.
    const april = await publishPr(PRS + 1, new Date(Date.UTC(2027, 3, 15)));
    expect(april.pruned).toEqual(['refs/perfgate/images/2026-12']);
    expect(git(origin, 'for-each-ref', '--format=%(refname)', 'refs/perfgate/').split('\n')).toEqual([
      'refs/perfgate/history',
      'refs/perfgate/images/2027-04',
    ]);
    // Until the host collects unreferenced objects, December's links still resolve; then they do not.
    const oldUrl = Object.values(first.urls)[0]!;
    expect((await fetch(oldUrl)).status).toBe(200);
    git(origin, 'reflog', 'expire', '--expire=now', '--all');
    git(origin, 'gc', '-q', '--prune=now');
    expect((await fetch(oldUrl)).status).toBe(404);
    expect(diskUsage(origin, ['--all'])).toBeLessThan(withData - imageBytes / 2);

    const lines = [
      `data in origin after ${PRS} PRs (2 images each) and ${NIGHTS} nightly runs (${perNight} records each), packed:`,
      `  images: ${kib(imageBytes)} (${kib(imageBytes / PRS)} per PR; one image is ${kib(rawImage)} as a file)`,
      `  history: ${kib(historyBytes)} (${kib(historyBytes / NIGHTS)} per nightly run)`,
      `  origin, reachable objects packed: ${kib(codeOnly)} code, ${kib(withData)} with the data`,
      `(${PRS} publishes and ${NIGHTS} appends in ${(wallMs / 1000).toFixed(1)} s)`,
      `default clone: ${kib(cloneSize)} (${cloneObjects} objects, no data ref, none of ${dataCommits.length} data commits);` +
        ` the same data on branches: ${kib(oldCloneSize)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }, 180_000);
});
