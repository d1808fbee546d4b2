/**
 * The flame graph in the PR comment, end to end on real parts: `perfgate ab` of the demo suite
 * on a copy of it where one benchmark got slower (real builds, real perf), the static images
 * committed to this month's images ref of a real local bare repository, the comment rendered with
 * them, every image URL in the comment fetched from the loopback GitHub (which serves raw links
 * from that bare repository) and opened in headless Chromium.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import { runAb } from '../../src/engine/ab.js';
import { probeHost } from '../../src/host/probe.js';
import { renderReport } from '../../src/report/markdown.js';
import { commitToDataRef } from '../../src/store/data-ref.js';
import { publishFlameGraphImages } from '../../src/store/published-images.js';
import { launchChromium, type Browser } from '../helpers/chromium.js';
import { svgFrames, svgText } from '../flamegraph/svg-frames.js';
import { checkWellFormed } from '../flamegraph/xml-wellformed.js';
import { GitHubEmulator } from '../github/emulator.js';
import { makeDemoRepo } from '../helpers/demorepo.js';
import { framesOf } from '../helpers/comparison.js';

const CI = process.env.CI === 'true';
let comparison: ComparisonDoc | undefined;
let skip: string | undefined;
let emu: GitHubEmulator;
let browser: Browser | undefined;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'pg-images-'));

function bare(): string {
  const dir = mkdtempSync(path.join(scratch, 'remote-'));
  execFileSync('git', ['init', '--bare', '-q', dir]);
  return dir;
}

beforeAll(async () => {
  emu = await GitHubEmulator.start();
  const probe = await probeHost();
  if (!probe.perf.usable) {
    skip = `perf unusable (${probe.perf.reasons.join('; ')})`;
    if (CI) throw new Error(`CI=true: ${skip}`);
    return;
  }
  const repo = makeDemoRepo();
  // sum_big does 300 passes over its data; 600 doubles the benchmark's main loop.
  repo.edit('benchmarks/src/branch.c', '#define PASSES 300', '#define PASSES 600');
  repo.commit('branch: twice the passes');
  let log = '';
  const outcome = await runAb({
    cwd: repo.dir,
    suitePath: 'perfgate.yml',
    baseRef: 'HEAD~1',
    headRef: 'HEAD',
    outDir: '.perfgate',
    iterations: 8,
    maxIterations: 8,
    filter: /^branch\/(sorted|shuffled)$/,
    seed: 12,
    parentEnv: process.env,
    stderr: { write: (s: string) => (log += s) },
    probe,
  });
  comparison = outcome.comparison;
  if (!comparison.explanations) throw new Error(`ab produced no explanations:\n${log}`);
  // Under CI=true a missing or broken chromium throws here, failing the file.
  browser = (await launchChromium()).browser;
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await emu?.stop();
  rmSync(scratch, { recursive: true, force: true });
}, 30_000);

const changed = (doc: ComparisonDoc): string[] => [
  ...new Set(
    doc.rows
      .filter((r) => r.gated && (r.verdict === 'regression' || r.verdict === 'improvement'))
      .map((r) => r.benchmark),
  ),
];

describe('flame graph images in the comment', () => {
  it('commits one static image per changed benchmark and the comment shows each by a URL GitHub serves', async () => {
    if (!comparison) return console.warn(`SKIPPED: ${skip}`);
    const doc = comparison;
    expect(changed(doc)).toEqual(expect.arrayContaining(['branch/sorted', 'branch/shuffled']));
    const remote = bare();
    emu.serveRaw(remote);
    const published = await publishFlameGraphImages({
      comparison: doc,
      suiteId: 'perfgate',
      key: 'pr-7',
      target: { remote },
      serverUrl: emu.apiUrl,
      repository: emu.fullName,
    });
    expect(published.warnings).toEqual([]);
    expect(Object.keys(published.urls).sort()).toEqual(changed(doc).sort());
    const head12 = doc.head.git.sha!.slice(0, 12);
    expect(published.paths['branch/sorted']).toBe(`images/perfgate/pr-7/${head12}/branch/sorted.diff.svg`);

    const { body } = renderReport({
      comparison: doc,
      suiteId: 'perfgate',
      provenance: { source: 'same-job', commit: doc.base.git.sha, ageMs: 0 },
      images: published.urls,
    });
    const shown = [...body.matchAll(/!\[Differential flame graph of ([^\]]+)\]\((\S+)\)/g)].map((m) => ({
      name: m[1]!.replace(/\\(.)/g, '$1'),
      url: m[2]!,
    }));
    expect(shown.map((s) => s.name).sort()).toEqual(changed(doc).sort());
    // The frames table stays for readers who cannot load images.
    for (const name of changed(doc)) expect(body).toMatch(new RegExp(`### Why ${name} is (slower|faster)\\n`));

    for (const { name, url } of shown) {
      // Named by the commit that holds it: the month's ref is outside refs/heads and has no raw URL.
      expect(url).toBe(`${emu.apiUrl}/${emu.fullName}/raw/${published.commit}/${published.paths[name]}`);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.redirected).toBe(true);
      expect(res.headers.get('content-type')).toBe('image/svg+xml');
      const svg = await res.text();
      // What the branch holds, byte for byte.
      expect(svg).toBe(
        execFileSync('git', ['--git-dir', remote, 'show', `${published.ref}:${published.paths[name]}`], {
          encoding: 'utf8',
        }),
      );
      expect(checkWellFormed(svg)).toBeUndefined();
      expect(svg).not.toMatch(/<script|onload=|onclick=|>Search</);
      // sum_big is the loop that doubled: it is drawn, and red (it grew).
      const sumBig = svgFrames(svg).filter((f) => f.name === 'sum_big');
      expect(sumBig.length).toBeGreaterThan(0);
      const [r, , b] = /rgb\((\d+),(\d+),(\d+)\)/.exec(sumBig[0]!.fill)!.slice(1).map(Number) as [
        number,
        number,
        number,
      ];
      expect(r).toBeGreaterThan(b);
      // Coloured by the table's figures: 2× the passes is a sure change, so a strong red, and
      // the legend says what the colours mean (issue 20).
      expect(r - b).toBeGreaterThan(127);
      expect(svgText(svg, 'subtitle')).toBe(
        "widths: head's profile; colour: change of the frame's own time, ms per run (red grew, blue shrank); strong only where its interval excludes zero",
      );
    }

    if (!browser) return console.warn('SKIPPED the browser half: no chromium (apt-get install -y chromium)');
    // As a PR page shows them: <img> elements pointing at the raw URLs.
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    const html = path.join(scratch, 'comment.html');
    writeFileSync(
      html,
      `<!DOCTYPE html><html><body>${shown.map((s) => `<img alt="${s.name}" src="${s.url}">`).join('\n')}</body></html>`,
    );
    await page.goto(pathToFileURL(html).href);
    const sizes = await page.evaluate<{ alt: string; complete: boolean; w: number; h: number }[]>(
      `Promise.all([...document.images].map((i) => i.decode().catch(() => null).then(() => ({ alt: i.alt, complete: i.complete, w: i.naturalWidth, h: i.naturalHeight }))))`,
    );
    expect(sizes).toHaveLength(shown.length);
    for (const s of sizes) {
      expect(s.complete).toBe(true);
      expect(s.w).toBe(1200);
      expect(s.h).toBeGreaterThan(100);
    }
    // And the URL opened on its own is an SVG document.
    await page.goto(shown[0]!.url);
    expect(await page.evaluate<string>('document.documentElement.tagName')).toBe('svg');
  }, 120_000);

  it('publishes nothing with flamegraph-images: false, and a refused push leaves the table alone', async () => {
    if (!comparison) return console.warn(`SKIPPED: ${skip}`);
    const remote = bare();
    const off = await publishFlameGraphImages({
      comparison,
      suiteId: 'perfgate',
      key: 'pr-7',
      target: { remote },
      serverUrl: emu.apiUrl,
      repository: emu.fullName,
      enabled: false,
    });
    expect(off).toEqual({ urls: {}, paths: {}, ref: null, commit: null, pruned: [], warnings: [] });
    expect(execFileSync('git', ['--git-dir', remote, 'for-each-ref'], { encoding: 'utf8' })).toBe('');

    const nowhere = path.join(scratch, 'no-such-remote.git');
    const refused = await publishFlameGraphImages({
      comparison,
      suiteId: 'perfgate',
      key: 'pr-7',
      target: { remote: nowhere },
      serverUrl: emu.apiUrl,
      repository: emu.fullName,
      commitOptions: { attempts: 1 },
    });
    expect(refused.urls).toEqual({});
    expect(refused.warnings.join('\n')).toMatch(
      /flame graph images not published \(the comment keeps the frames table\): cannot fetch refs\/perfgate\/images\/\d{4}-\d{2}/,
    );
    const { body } = renderReport({
      comparison,
      suiteId: 'perfgate',
      provenance: { source: 'same-job', commit: null, ageMs: null },
      images: refused.urls,
    });
    expect(body).not.toContain('![');
    expect(body).toContain('### Why branch/sorted is slower');
  }, 60_000);

  it('pictures the off-CPU difference when only wall time changed (a reader waiting longer on a pipe)', async () => {
    if (!comparison) return console.warn(`SKIPPED: ${skip}`);
    const dir = mkdtempSync(path.join(scratch, 'pipe-'));
    const git = (...a: string[]): string => execFileSync('git', ['-C', dir, ...a], { encoding: 'utf8' });
    // The reader blocks in read() while the writer sleeps before each of 10 bytes; head sleeps longer.
    // ~15 ms of the same CPU work on both sides first: without it the task-clock is the ~1 ms of
    // wake-ups alone, which longer sleeps really do make dearer (colder caches), past θ.
    const program = (us: number): string =>
      `#include <unistd.h>\n#include <stdlib.h>\n#include <sys/wait.h>\n` +
      `static volatile unsigned sink;\n` +
      `__attribute__((noinline)) static unsigned crunch(unsigned s) { for (int i = 0; i < 6000000; i++) s += (s << 3) ^ i; return s; }\n` +
      `__attribute__((noinline)) static void feed(int fd) { for (int i = 0; i < 10; i++) { usleep(${us}); if (write(fd, "x", 1) != 1) exit(1); } }\n` +
      `__attribute__((noinline)) static int drain(int fd) { char c; int n = 0; while (read(fd, &c, 1) == 1) n++; return n; }\n` +
      `int main(void) { int p[2]; if (pipe(p)) return 1; pid_t w = fork(); if (w == 0) { close(p[0]); feed(p[1]); return 0; } close(p[1]); sink = crunch(sink); int n = drain(p[0]); waitpid(w, 0, 0); return n == 10 ? 0 : 1; }\n`;
    git('init', '-q');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 't');
    writeFileSync(path.join(dir, 'pipe.c'), program(2500));
    writeFileSync(
      path.join(dir, 'perfgate.yml'),
      'version: 1\nsetup: mkdir -p bin && gcc -O2 -o bin/pipe pipe.c\ndefaults: { iterations: 10, warmup: 1, profile: true }\nbenchmarks:\n  - name: io/pipe\n    run: ./bin/pipe\n',
    );
    writeFileSync(path.join(dir, '.gitignore'), 'bin/\n.perfgate/\n');
    git('add', '-A');
    git('commit', '-qm', 'base');
    writeFileSync(path.join(dir, 'pipe.c'), program(4500));
    git('commit', '-qam', 'the writer waits longer');
    let log = '';
    const { comparison: doc } = await runAb({
      cwd: dir,
      suitePath: 'perfgate.yml',
      baseRef: 'HEAD~1',
      headRef: 'HEAD',
      outDir: '.perfgate',
      // Adaptive up to 30: usleep wake-ups on a loaded runner made wall inconclusive at 10 pairs
      // (twice in three runs with other jobs on both CPUs); a quiet one decides at the first look.
      maxIterations: 30,
      seed: 5,
      parentEnv: process.env,
      stderr: { write: (s: string) => (log += s) },
    });
    const wall = doc.rows.find((r) => r.metric === 'wall')!;
    const cpu = doc.rows.find((r) => r.metric === 'task-clock')!;
    expect([wall.verdict, cpu.verdict === 'regression']).toEqual(['regression', false]);
    if (!framesOf(doc, 'io/pipe')?.offcpu)
      return console.warn(
        `SKIPPED the off-CPU image: no off-CPU stacks were recorded: ${JSON.stringify(doc.warnings)} ${log}`,
      );
    const remote = bare();
    emu.serveRaw(remote);
    const published = await publishFlameGraphImages({
      comparison: doc,
      suiteId: 'pipe',
      key: 'main',
      target: { remote },
      serverUrl: emu.apiUrl,
      repository: emu.fullName,
    });
    expect(published.warnings).toEqual([]);
    expect(published.paths['io/pipe']).toMatch(/^images\/pipe\/main\/[0-9a-f]{12}\/io\/pipe\.offcpu\.diff\.svg$/);
    const res = await fetch(published.urls['io/pipe']!);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
    const svg = await res.text();
    expect(svg).toContain('io/pipe off-CPU (time blocked): base → head');
    expect(svgText(svg, 'subtitle')).toContain("colour: change of the frame's own blocked time, ms per run");
    expect(svg).not.toContain('<script');
    // The waiting place is drawn: the reader's drain() under read().
    expect(svgFrames(svg).some((f) => f.name === 'drain')).toBe(true);
  }, 180_000);

  it('serves raw links as GitHub does: refs with slashes, commits, content types by extension, 404s', async () => {
    const remote = bare();
    emu.serveRaw(remote);
    const seeded = await commitToDataRef(
      { remote, ref: 'refs/heads/perf/data' },
      [
        { path: 'a/b.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
        { path: 'notes.json', content: '{"a":1}' },
      ],
      'seed',
    );
    const base = `${emu.apiUrl}/${emu.fullName}/raw`;
    const png = await fetch(`${base}/perf/data/a/b.png`);
    expect([png.status, png.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect([...new Uint8Array(await png.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(png.headers.get('content-security-policy')).toContain('sandbox');
    const json = await fetch(`${base}/perf/data/notes.json`);
    expect([json.status, json.headers.get('content-type'), await json.text()]).toEqual([
      200,
      'text/plain; charset=utf-8',
      '{"a":1}',
    ]);
    expect((await fetch(`${base}/perf/data/nothing.svg`)).status).toBe(404);
    // By commit, as the comment images are linked: a commit only a ref outside refs/heads reaches.
    const hidden = await commitToDataRef(
      { remote, ref: 'refs/perfgate/images/2026-12' },
      [{ path: 'x/y.svg', content: '<svg xmlns="http://www.w3.org/2000/svg"/>' }],
      'hidden',
    );
    const bySha = await fetch(`${base}/${hidden.commit}/x/y.svg`);
    expect([bySha.status, bySha.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
    expect((await fetch(`${base}/${seeded.commit}/x/y.svg`)).status).toBe(404);
    expect((await fetch(`${base}/no-such-branch/a/b.png`)).status).toBe(404);
    expect((await fetch(`${emu.apiUrl}/someone/else/raw/perf/data/a/b.png`)).status).toBe(404);
  });
});
