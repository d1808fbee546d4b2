/**
 * `perfgate report` on real comparisons: the bundled CLI runs `perfgate ab` on a copy of the demo
 * suite where branch/sorted got slower (real builds, perf, profiles), then again after a fix
 * (against the same baseline), and writes the investigation report from both, in both formats,
 * as markdown and as HTML, which headless Chromium must render with its flame graphs visible.
 */
import { escapeMarkdown } from '../../src/report/escape.js';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ComparisonDoc, ComparisonRow } from '../../src/compare/comparison-doc.js';
import { probeHost } from '../../src/host/probe.js';
import { followUp } from '../../src/report/investigation-render.js';
import { formatPercent } from '../../src/results/format.js';
import { launchChromium, skipWithout } from '../helpers/chromium.js';
import { perfgate } from '../helpers/cli.js';
import { makeDemoRepo, type DemoRepo } from '../helpers/demorepo.js';
import { framesOf } from '../helpers/comparison.js';

const CI = process.env.CI === 'true';
let repo: DemoRepo | undefined;
let skip: string | undefined;
let regressed: ComparisonDoc;
let fixed: ComparisonDoc;

const AB = ['--filter', '^branch/sorted$', '--iterations', '8', '--max-iterations', '8', '--no-fail'];

beforeAll(async () => {
  const probe = await probeHost();
  if (!probe.perf.usable) {
    skip = `perf unusable (${probe.perf.reasons.join('; ')})`;
    if (CI) throw new Error(`CI=true: ${skip}`);
    return;
  }
  repo = makeDemoRepo();
  repo.edit('benchmarks/src/branch.c', '#define PASSES 300', '#define PASSES 600');
  repo.commit('branch: twice the passes');
  const a = perfgate(['ab', '--base', 'HEAD~1', '--head', 'HEAD', '--out', '.perfgate', '--seed', '3', ...AB], {
    cwd: repo.dir,
  });
  if (a.code !== 0) throw new Error(`perfgate ab failed (${a.code}):\n${a.stderr}`);
  repo.edit('benchmarks/src/branch.c', '#define PASSES 600', '#define PASSES 300');
  repo.commit('branch: back to 300 passes');
  // Against the original baseline, as a maintainer checks a fix.
  const b = perfgate(['ab', '--base', 'HEAD~2', '--head', 'HEAD', '--out', '.perfgate-fix', '--seed', '4', ...AB], {
    cwd: repo.dir,
  });
  if (b.code !== 0) throw new Error(`perfgate ab (fix) failed (${b.code}):\n${b.stderr}`);
  const read = (d: string): ComparisonDoc =>
    JSON.parse(readFileSync(path.join(repo!.dir, d, 'comparison.json'), 'utf8')) as ComparisonDoc;
  regressed = read('.perfgate');
  fixed = read('.perfgate-fix');
}, 400_000);

function ready(): boolean {
  if (repo) return true;
  console.warn(`SKIPPED: ${skip}`);
  return false;
}

const rowOf = (doc: ComparisonDoc, metric: string): ComparisonRow =>
  doc.rows.find((r) => r.benchmark === 'branch/sorted' && r.metric === metric)!;
const FILES = ['.perfgate/comparison.json', '.perfgate-fix/comparison.json'];

describe('perfgate report', () => {
  it('technical markdown: the six sections, with the measured numbers, the pre-flight and the suspected frame', () => {
    if (!ready()) return;
    const r = perfgate(['report', '--format', 'technical', ...FILES, '--out', 'report.md'], { cwd: repo!.dir });
    expect(r.stderr).toContain('report: ');
    expect(r.code).toBe(0);
    const md = readFileSync(path.join(repo!.dir, 'report.md'), 'utf8');
    const headings = [...md.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
    // Numbered headings go through the one escaper too (`1\.` renders as `1.`).
    expect(headings).toEqual(
      [
        '1. Executive summary',
        '2. Symptom quantification',
        '3. Test conditions',
        '4. Profile evidence',
        '5. Root-cause hypothesis',
        '6. Fix validation',
      ].map(escapeMarkdown),
    );
    const tc = rowOf(regressed, 'task-clock');
    expect(tc.verdict).toBe('regression');
    const esc = escapeMarkdown;
    // What regressed and by how much, with its interval, as measured.
    expect(md).toContain(
      `**branch/sorted** regressed: task-clock ${esc(`${formatPercent(tc.change)} [${formatPercent(tc.ci[0])}, ${formatPercent(tc.ci[1])}]`)}`,
    );
    // The suspected cause is the frame whose self time grew most: the doubled loop.
    const top = framesOf(regressed, 'branch/sorted')!.top;
    const grew = [...top].sort((a, b) => b.change.self - a.change.self)[0]!;
    expect(grew.frame).toBe('sum_big');
    expect(md).toMatch(/Suspected cause: `sum_big` self time [\d.]+ → [\d.]+ ms per run \\\(\\\+[\d.]+ ms/);
    // The USE/PSI pre-flight that perfgate ab recorded, row by row.
    expect(regressed.host?.checks.length).toBeGreaterThan(8);
    for (const label of [
      'CPU: utilisation',
      'CPU: saturation \\(run queue\\)',
      'memory: saturation \\(swapping\\)',
      'CPU: pressure stall \\(PSI\\)',
      'I/O: pressure stall \\(PSI\\)',
    ])
      expect(md).toContain(`| ${label} |`);
    // Hotspot shift in ms, and both flame graphs linked to files that exist.
    expect(md).toMatch(/\| `sum_big` \| [\d.]+ \| [\d.]+ \| \\\+[\d.]+ \|/);
    const links = [...md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => decodeURIComponent(m[1]!));
    expect(links).toHaveLength(2);
    for (const l of links) expect(existsSync(path.join(repo!.dir, l))).toBe(true);
    // Each row's minimum detectable change, and the sentence for exactly the gated rows above θ.
    expect(md).toMatch(/^\| benchmark \| metric \| .* \| θ \| mde \| p\\\(adj\\\) \|/m);
    for (const row of regressed.rows.filter((x) => x.gated)) {
      const said = md.includes(
        `cannot see a ${row.threshold! * 100}% change in **branch/sorted ${row.metric}** at 8 pairs`,
      );
      expect({ metric: row.metric, said }).toEqual({ metric: row.metric, said: row.mde! > row.threshold! });
    }
    // Fix validation: the later comparison shares the baseline, so its change is the residual.
    const later = rowOf(fixed, 'task-clock');
    const line = md
      .split('\n')
      .find((l) => l.startsWith('| branch/sorted | task-clock | .perfgate-fix/comparison.json |'));
    expect(line).toBeDefined();
    expect(line).toContain(`| ${esc(formatPercent(later.change))} |`);
    expect(line).toMatch(/\| (recovered|inconclusive|partly recovered|still regressed) \|$/);
  });

  it('executive markdown: short, unnumbered, no host tables or hypothesis, the fix validation kept', () => {
    if (!ready()) return;
    const tech = perfgate(['report', ...FILES], { cwd: repo!.dir });
    const exec = perfgate(['report', '--format', 'executive', ...FILES], { cwd: repo!.dir });
    expect([tech.code, exec.code]).toEqual([0, 0]);
    const headings = [...exec.stdout.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(['Executive summary', 'Symptom quantification', 'Fix validation', 'Where the time went']);
    expect(exec.stdout).not.toContain('Host configuration');
    expect(exec.stdout).toContain('Suspected cause: `sum_big`');
    expect(exec.stdout.length).toBeLessThan(tech.stdout.length / 2);
  });

  it('HTML: self-contained, renders in headless Chromium with the interactive flame graphs embedded', async () => {
    if (!ready()) return;
    const r = perfgate(['report', '--format', 'technical', '--html', ...FILES, '--out', 'report.html'], {
      cwd: repo!.dir,
    });
    expect(r.code).toBe(0);
    const file = path.join(repo!.dir, 'report.html');
    const html = readFileSync(file, 'utf8');
    // Nothing outside the file: every src is a data URI, and the page has no script of its own.
    expect([...html.matchAll(/\ssrc="([^"]*)"/g)].every((m) => m[1]!.startsWith('data:image/svg+xml;base64,'))).toBe(
      true,
    );
    expect(html).not.toMatch(/<script|<link /);
    const launched = await launchChromium();
    if (skipWithout(launched)) return;
    const browser = launched.browser!;
    try {
      const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
      await page.goto(pathToFileURL(file).href);
      const seen = await page.evaluate<{
        title: string;
        h2: number;
        tables: number;
        graphs: { w: number; h: number }[];
      }>(
        `({
          title: document.title,
          h2: document.querySelectorAll('h2').length,
          tables: document.querySelectorAll('table').length,
          graphs: [...document.querySelectorAll('iframe.flamegraph')].map((i) => { const b = i.getBoundingClientRect(); return { w: b.width, h: b.height }; }),
        })`,
      );
      expect(seen.title).toMatch(/^Performance investigation: HEAD \([0-9a-f]{12}\) vs HEAD~1 \([0-9a-f]{12}\)$/);
      expect(seen.h2).toBe(6);
      expect(seen.tables).toBeGreaterThanOrEqual(5);
      expect(seen.graphs).toHaveLength(2);
      for (const g of seen.graphs) {
        expect(g.w).toBeGreaterThan(600);
        expect(g.h).toBeGreaterThan(100);
      }
      // Each embedded graph is the interactive one, its script run (report/html-flamegraph.test.ts clicks Search).
      const frames = page.frames().filter((f) => f !== page.mainFrame());
      expect(frames).toHaveLength(2);
      for (const f of frames) {
        expect(await f.evaluate(`document.documentElement.getAttribute('width')`)).toBe('1200');
        expect(await f.evaluate('typeof window.fgSearch')).toBe('function');
      }
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('refuses bad input with the file and what was expected, exit 2', () => {
    if (!ready()) return;
    const missing = perfgate(['report', 'nope.json'], { cwd: repo!.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.json: ENOENT/);
    const results = perfgate(['report', '.perfgate/base/results.json'], { cwd: repo!.dir });
    expect(results.code).toBe(2);
    expect(results.stderr).toMatch(
      /results\.json is not a comparison\.json this perfgate wrote:\n {2}\(root\): must have required property/,
    );
    const format = perfgate(['report', '--format', 'slides', FILES[0]!], { cwd: repo!.dir });
    expect([format.code, format.stderr]).toEqual([
      2,
      expect.stringContaining('--format "slides": expected technical or executive'),
    ]);
    expect(perfgate(['report'], { cwd: repo!.dir }).code).toBe(2);
  });

  it('follows a regression through later comparisons by the right arithmetic for each baseline', () => {
    if (!ready()) return;
    const first = regressed;
    const r = { ...rowOf(first, 'task-clock'), change: 0.5, ci: [0.4, 0.6] as [number, number], threshold: 0.02 };
    const later = (
      base: string | null,
      change: number,
      ci: [number, number],
      verdict: ComparisonRow['verdict'],
    ): ComparisonDoc => {
      const doc = structuredClone(fixed);
      doc.base.git.sha = base;
      const row = doc.rows.find((x) => x.benchmark === r.benchmark && x.metric === r.metric)!;
      Object.assign(row, { change, ci, verdict, median: { base: 150, head: 101 } });
      return doc;
    };
    // Same baseline commit: the later change is the residual; its interval decides.
    expect(followUp(first, r, later(first.base.git.sha, 0.01, [-0.01, 0.019], 'unchanged'), 'x')).toMatchObject({
      residual: 0.01,
      status: 'recovered',
    });
    expect(followUp(first, r, later(first.base.git.sha, 0.2, [0.15, 0.25], 'regression'), 'x')).toMatchObject({
      residual: 0.2,
      status: 'partly recovered',
    });
    expect(followUp(first, r, later(first.base.git.sha, 0.01, [-0.01, 0.03], 'inconclusive'), 'x').status).toBe(
      'inconclusive',
    );
    // Against the regressed commit: (1 + 0.5)(1 − 1/3) − 1 = 0, and (1.5)(0.7) − 1 = 0.05.
    const back = followUp(first, r, later(first.head.git.sha, -1 / 3, [-0.35, -0.31], 'improvement'), 'x');
    expect(back.status).toBe('recovered');
    expect(back.residual).toBeCloseTo(0, 12);
    const part = followUp(first, r, later(first.head.git.sha, -0.3, [-0.32, -0.28], 'improvement'), 'x');
    expect(part.residual).toBeCloseTo(0.05, 12);
    expect(part.status).toBe('partly recovered');
    // Unrelated baseline: only the medians can be compared (101 / base median − 1).
    const other = followUp(first, r, later('f'.repeat(40), 0, [-0.01, 0.01], 'unchanged'), 'x');
    expect(other.residual).toBeCloseTo(101 / r.median.base - 1, 12);
    expect(other.how).toMatch(/medians across runs/);
  });
});
