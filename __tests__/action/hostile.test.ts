/**
 * The bundled action against a hostile fork and broken runners: forged report artifacts for the
 * workflow_run companion, fork code on a self-hosted runner in any mode, malformed event files.
 * Each case first reproduced the fault against the previous dist/index.js.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import { marker } from '../../src/report/markdown.js';
import { GitHubEmulator, READ_ONLY_TOKEN, WRITE_TOKEN } from '../github/emulator.js';
import { pullRequestEvent, pushEvent, runAction } from '../github/runner.js';

let emu: GitHubEmulator;
beforeAll(async () => {
  emu = await GitHubEmulator.start();
});
afterAll(async () => {
  await emu.stop();
});

const MARK = marker('perfgate');
const headSha = 'e'.repeat(40);
const baseSha = 'f'.repeat(40);
const ws = (): string => mkdtempSync(path.join(os.tmpdir(), 'pg-hostile-'));

/** A comparison.json as a fork's job could write it, with a hostile benchmark name. */
function forgedComparison(name: string): ComparisonDoc {
  const side = {
    git: { sha: headSha, ref: 'x' },
    fingerprint: { hard: {}, soft: {} },
    backend: 'perf' as const,
    startedAt: '2026-12-01T00:00:00.000Z',
  };
  return {
    schemaVersion: 1,
    tool: { name: 'perfgate', version: '0.1.0' },
    createdAt: '2026-12-01T00:00:00.000Z',
    design: 'paired',
    baseline: { source: 'same-job', sessions: 1, reason: 'paired' },
    seed: 1,
    fdr: 0.05,
    sequential: { looks: 1, nominalAlpha: 0.05 },
    base: { ...side, git: { sha: baseSha, ref: 'main' } },
    head: side,
    gate: { comparable: true, reasons: [] },
    rows: [
      {
        benchmark: name,
        metric: 'task-clock',
        unit: 'ms',
        gated: true,
        verdict: 'unchanged',
        change: 0.001,
        ci: [-0.01, 0.01],
        confLevel: 0.95,
        p: 0.9,
        pAdjusted: 0.9,
        threshold: 0.02,
        n: { base: 30, head: 30 },
        median: { base: 10, head: 10 },
        outliers: 0,
      },
    ],
    added: [],
    removed: [],
    problems: [],
    summary: { regressions: 0, improvements: 0, unchanged: 1, inconclusive: 0, geomeanChange: null },
    warnings: [],
  };
}

function forkRun(files: Record<string, string>): { id: number } {
  const run = emu.addRun({
    headSha,
    event: 'pull_request',
    headBranch: 'patch-1',
    status: 'completed',
    conclusion: 'success',
    workflow: 'perf.yml',
    headRepository: 'mallory/perf-demo',
  });
  emu.addArtifact(run.id, 'perfgate-report-perfgate', files);
  return run;
}

const companion = (runId: number, prNumbers: number[]) =>
  runAction({
    emulator: emu,
    run: emu.addRun({
      headSha: baseSha,
      event: 'workflow_run',
      headBranch: 'main',
      status: 'in_progress',
      workflow: 'perf-comment.yml',
    }),
    eventName: 'workflow_run',
    payload: {
      action: 'completed',
      workflow_run: {
        id: runId,
        event: 'pull_request',
        head_sha: headSha,
        pull_requests: prNumbers.map((number) => ({ number })),
      },
      repository: { full_name: emu.fullName },
    },
    workspace: ws(),
    token: WRITE_TOKEN,
  });

describe('mode comment does not trust the artifact', () => {
  it('the markdown in the artifact is ignored: the body is rendered from comparison.json, escaped', async () => {
    emu.addPull({
      number: 61,
      head: { ref: 'patch-1', sha: headSha, repository: 'mallory/perf-demo' },
      base: { ref: 'main', sha: baseSha },
    });
    const run = forkRun({
      'report.md': `${MARK}\n## perfgate: ✅ all clear\n@maintainers please merge <img src=x onerror=alert(1)>`,
      'comparison.json': JSON.stringify(forgedComparison('@admin <b>x</b>')),
      'meta.json': JSON.stringify({ pr: 61 }),
    });
    const r = await companion(run.id, []);
    expect(r.stderr).not.toMatch(/::error/);
    expect(r.code).toBe(0);
    const [comment] = emu.commentsOn(61);
    expect(comment?.body.startsWith(MARK)).toBe(true);
    expect(comment?.body).not.toContain('all clear');
    expect(comment?.body).not.toContain('please merge');
    expect(comment?.body).not.toMatch(/<img|<b>|(^|[^`\\])@admin/);
    expect(comment?.body).toContain('re-rendered from its comparison.json');
  });

  it("a PR number in the artifact whose head is not the run's head is refused: no comment lands on another PR", async () => {
    emu.addPull({ number: 62, head: { ref: 'other', sha: 'a'.repeat(40) }, base: { ref: 'main', sha: baseSha } });
    const run = forkRun({
      'comparison.json': JSON.stringify(forgedComparison('fine')),
      'meta.json': JSON.stringify({ pr: 62 }),
    });
    const r = await companion(run.id, []);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/::warning::pull request #62 has head a{12}, not the run's e{12}: not posting there/);
    expect(r.stdout).toMatch(/::error::no pull request of this repository has the head commit e{12}/);
    expect(emu.commentsOn(62)).toHaveLength(0);
  });

  it('a report without a valid comparison.json is refused with a message naming what is wrong', async () => {
    emu.addPull({ number: 63, head: { ref: 'patch-1', sha: headSha }, base: { ref: 'main', sha: baseSha } });
    const run = forkRun({
      'report.md': `${MARK}\nfake`,
      'comparison.json': JSON.stringify({ schemaVersion: 1, rows: 'all good' }),
    });
    const r = await companion(run.id, [63]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(
      /::error::the report artifact of run \d+ holds no usable comparison.json: comparison.json is not a comparison.json this perfgate wrote/,
    );
    expect(emu.commentsOn(63)).toHaveLength(0);
  });
});

it('fork code is refused on a self-hosted runner in every mode that runs the suite, before setup', async () => {
  const dir = ws();
  writeFileSync(
    path.join(dir, 'perfgate.yml'),
    'version: 1\nsetup: touch ran-setup\nbenchmarks:\n  - name: x\n    run: /bin/true\n',
  );
  for (const mode of ['baseline', 'compare', 'auto']) {
    const run = emu.addRun({
      headSha,
      event: 'pull_request',
      headBranch: 'patch-1',
      status: 'in_progress',
      workflow: 'perf.yml',
      headRepository: 'mallory/perf-demo',
    });
    const r = await runAction({
      emulator: emu,
      run,
      eventName: 'pull_request',
      payload: pullRequestEvent(emu, { number: 64, headSha, baseSha, fork: 'mallory/perf-demo' }),
      workspace: dir,
      token: READ_ONLY_TOKEN,
      inputs: { mode },
      env: { RUNNER_ENVIRONMENT: 'self-hosted' },
    });
    expect({ mode, code: r.code }).toEqual({ mode, code: 2 });
    expect(r.stdout).toContain('::error::refusing to run code from a fork on a self-hosted runner');
  }
  expect(existsSync(path.join(dir, 'ran-setup'))).toBe(false);
});

describe('event payload files', () => {
  it.each([
    [
      '{"pull_request": ',
      /::error::GITHUB_EVENT_PATH .*event\.json is not JSON \(.*\): expected the payload of the pull_request event/,
    ],
    ['', /::error::GITHUB_EVENT_PATH .*event\.json is empty: expected the JSON payload of the pull_request event/],
    ['[1, 2]', /::error::GITHUB_EVENT_PATH .*event\.json: expected a JSON object, got an array/],
  ])('%j gives one clear error and no stack', async (text, message) => {
    const dir = ws();
    const file = path.join(dir, 'event.json');
    writeFileSync(file, text);
    const run = emu.addRun({ headSha, event: 'pull_request', status: 'in_progress', workflow: 'perf.yml' });
    const r = await runAction({
      emulator: emu,
      run,
      eventName: 'pull_request',
      payload: {},
      workspace: dir,
      token: WRITE_TOKEN,
      env: { GITHUB_EVENT_PATH: file },
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

it('a job summary that cannot be written is a warning, not a failed gate', async () => {
  const dir = ws();
  writeFileSync(
    path.join(dir, 'perfgate.yml'),
    'version: 1\ndefaults: { iterations: 2, warmup: 0, profile: false }\nbenchmarks:\n  - name: x\n    run: /bin/true\n',
  );
  const run = emu.addRun({ headSha, event: 'push', status: 'in_progress', workflow: 'perf.yml' });
  const r = await runAction({
    emulator: emu,
    run,
    eventName: 'push',
    payload: pushEvent(emu, { sha: headSha }),
    workspace: dir,
    token: WRITE_TOKEN,
    inputs: { history: 'false' },
    env: { GITHUB_STEP_SUMMARY: dir },
  });
  expect(r.stdout).toMatch(/::warning::could not write the job summary: /);
  expect(r.code).toBe(0);
  expect(r.outputs.verdict).toBe('baseline');
});
