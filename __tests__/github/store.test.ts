/**
 * src/store against the loopback GitHub: the real Octokit and the real @actions/artifact client
 * upload a baseline in one simulated run and find and download it in a later one.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ROUTES, WRITE_TOKEN, READ_ONLY_TOKEN, type GitHubEmulator } from './emulator.js';
import { startHarness, type Harness } from './harness.js';

type Store = typeof import('../../src/store/baseline.js');
type Gh = typeof import('../../src/store/github.js');
type Arts = typeof import('../../src/store/artifacts.js');
type Runs = typeof import('../../src/store/runs.js');
type Errors = typeof import('../../src/store/github-errors.js');

let h: Harness;
let emu: GitHubEmulator;
let store: Store;
let gh: Gh;
let arts: Arts;
let runs: Runs;
let errors: Errors;
let logs: string[];

beforeAll(async () => {
  h = await startHarness();
  emu = h.emu;
  store = await import('../../src/store/baseline.js');
  gh = await import('../../src/store/github.js');
  arts = await import('../../src/store/artifacts.js');
  runs = await import('../../src/store/runs.js');
  errors = await import('../../src/store/github-errors.js');
});
afterAll(() => h.stop());
beforeEach(() => {
  emu.reset();
  logs = [];
});

const repo = () => ({ owner: emu.owner, repo: emu.repo });
const sha = (c: string) => c.repeat(40);
const tmp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

function client(token = WRITE_TOKEN) {
  // Fast back-off for tests; a unique throttling id per client so writes are not spaced across tests.
  return gh.createGitHubClient({ token, retryUnitMs: 5, log: (m) => logs.push(m), id: randomBytes(4).toString('hex') });
}

function githubStore(token = WRITE_TOKEN) {
  return store.githubBaselineStore({
    client: client(token),
    repo: repo(),
    artifacts: arts.actionsArtifactTransport({ token, retryUnitMs: 5, log: (m) => logs.push(m) }),
  });
}

function query(over: Partial<import('../../src/store/baseline.js').BaselineQuery> = {}) {
  return {
    artifactName: 'perfgate-baseline',
    destDir: path.join(tmp('pg-dl-'), 'baseline'),
    workflowId: 'perf.yml',
    branch: 'main',
    ...over,
  };
}

/** A results.json plus folded stacks in a nested folder and a binary file, like `perfgate run --out`. */
function baselineFiles(): { root: string; files: string[] } {
  const root = tmp('pg-out-');
  mkdirSync(path.join(root, 'profiles', 'cache'), { recursive: true });
  writeFileSync(
    path.join(root, 'results.json'),
    JSON.stringify({ schemaVersion: 1, benchmarks: [{ name: 'cache/random' }] }, null, 2),
  );
  writeFileSync(
    path.join(root, 'profiles', 'cache', 'random.folded'),
    'main;walk;load 1234\nmain;walk 17\n'.repeat(2000),
  );
  writeFileSync(path.join(root, 'profiles', 'blob.bin'), randomBytes(300_000));
  return {
    root,
    files: ['results.json', 'profiles/cache/random.folded', 'profiles/blob.bin'].map((f) => path.join(root, f)),
  };
}

describe('baseline round trip through artifacts', () => {
  it('uploads in run A and finds and downloads the same bytes in run B', async () => {
    const runA = emu.addRun({ headSha: sha('a'), event: 'push', status: 'in_progress' });
    h.asJobOf(runA);
    const { root, files } = baselineFiles();
    const saved = await githubStore().save({ name: 'perfgate-baseline', files, rootDir: root, retentionDays: 30 });
    expect(saved.source).toBe('artifact');
    if (saved.source !== 'artifact') return;
    expect(saved.size).toBeGreaterThan(0);
    expect(saved.digest).toMatch(/^[0-9a-f]{64}$/);
    // Visible through REST under run A with the same id, only once run A succeeded for the search.
    expect(emu.artifactsOf(runA.id).map((a) => a.id)).toEqual([saved.id]);
    expect(emu.artifact(saved.id)!.expiresAt.slice(0, 10)).toBe(
      new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    );
    emu.completeRun(runA.id);

    const runB = emu.addRun({ headSha: sha('b'), event: 'pull_request', headBranch: 'feature', status: 'in_progress' });
    h.asJobOf(runB);
    const q = query({ mergeBaseSha: sha('a'), currentRunId: runB.id });
    const found = await githubStore().find(q);
    expect(found).toMatchObject({
      found: true,
      source: 'artifact',
      runId: runA.id,
      headSha: sha('a'),
      artifactId: saved.id,
      matchedMergeBase: true,
      dir: q.destDir,
    });
    for (const f of files) {
      const rel = path.relative(root, f);
      expect(readFileSync(path.join(q.destDir, rel)).equals(readFileSync(f))).toBe(true);
    }
    // What the client uploaded is a real zip with the relative paths.
    expect(Object.keys(emu.artifactFiles(saved.id)).sort()).toEqual([
      'profiles/blob.bin',
      'profiles/cache/random.folded',
      'results.json',
    ]);
    // The download went the way GitHub's does: REST 302, then the signed blob URL.
    expect(emu.requestsTo(ROUTES.downloadArtifact).map((r) => r.status)).toEqual([302]);
    expect(emu.requestsTo(ROUTES.blobGet).map((r) => r.status)).toEqual([200]);
    expect(emu.requestsTo(ROUTES.downloadArtifact)[0]!.auth).toBe('token');
  });

  it('refuses a second artifact of the same name in one run, as a typed upload error', async () => {
    const run = emu.addRun({ headSha: sha('a'), status: 'in_progress' });
    h.asJobOf(run);
    const { root, files } = baselineFiles();
    await githubStore().save({ name: 'perfgate-baseline', files, rootDir: root });
    const second = githubStore().save({ name: 'perfgate-baseline', files, rootDir: root });
    await expect(second).rejects.toBeInstanceOf(errors.ArtifactUploadError);
    await expect(second).rejects.toThrow(/artifact upload of 'perfgate-baseline' failed: .*409.*already exists/);
  });

  it('reports a missing runtime token as a typed upload error', async () => {
    delete process.env.ACTIONS_RUNTIME_TOKEN;
    const { root, files } = baselineFiles();
    const r = githubStore().save({ name: 'x', files, rootDir: root });
    await expect(r).rejects.toBeInstanceOf(errors.ArtifactUploadError);
    await expect(r).rejects.toThrow(/ACTIONS_RUNTIME_TOKEN.*GitHub Actions job/);
  });

  it('refuses an out-of-range retention before calling GitHub', async () => {
    const run = emu.addRun({ headSha: sha('a'), status: 'in_progress' });
    h.asJobOf(run);
    const { root, files } = baselineFiles();
    await expect(githubStore().save({ name: 'x', files, rootDir: root, retentionDays: 400 })).rejects.toThrow(
      /retention of 400 days: expected a whole number from 1 to 90/,
    );
    expect(emu.requests).toHaveLength(0);
  });
});

describe('choosing the baseline run', () => {
  const results = (tag: string) => ({ 'results.json': JSON.stringify({ tag }) });
  const tagOf = (dir: string) =>
    (JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as { tag: string }).tag;

  it('prefers the run at the merge base over a newer one, and takes the newest without a merge base', async () => {
    const old = emu.addRun({ headSha: sha('1') });
    emu.addArtifact(old.id, 'perfgate-baseline', results('merge-base'));
    const newer = emu.addRun({ headSha: sha('2') });
    emu.addArtifact(newer.id, 'perfgate-baseline', results('newest'));

    const q1 = query({ mergeBaseSha: sha('1') });
    const atBase = await githubStore().find(q1);
    expect(atBase).toMatchObject({ found: true, runId: old.id, matchedMergeBase: true });
    expect(tagOf(q1.destDir)).toBe('merge-base');
    // Asked GitHub for runs at that commit first, then the newest.
    expect(
      emu.requestsTo(ROUTES.listWorkflowRuns).map((r) => [r.query.head_sha ?? null, r.query.branch, r.query.status]),
    ).toEqual([
      [sha('1'), 'main', 'success'],
      [null, 'main', 'success'],
    ]);

    const q2 = query();
    expect(await githubStore().find(q2)).toMatchObject({ found: true, runId: newer.id, matchedMergeBase: false });
    expect(tagOf(q2.destDir)).toBe('newest');

    const q3 = query({ mergeBaseSha: sha('9') });
    expect(await githubStore().find(q3)).toMatchObject({ found: true, runId: newer.id, matchedMergeBase: false });
  });

  it('never takes a failed run, another branch, a pull request, merge queue or fork run, or the current run', async () => {
    const good = emu.addRun({ headSha: sha('1') });
    emu.addArtifact(good.id, 'perfgate-baseline', results('good'));
    const seeds = [
      { headSha: sha('2'), conclusion: 'failure' as const },
      { headSha: sha('3'), headBranch: 'dev' },
      { headSha: sha('4'), event: 'pull_request' },
      { headSha: sha('5'), event: 'merge_group' },
      // A fork's pull request from its own branch named `main`, on a `push`-looking run.
      { headSha: sha('6'), headRepository: 'mallory/perf-demo' },
      { headSha: sha('7'), workflow: 'other.yml' },
    ];
    for (const s of seeds) emu.addArtifact(emu.addRun(s).id, 'perfgate-baseline', results('bad'));
    const current = emu.addRun({ headSha: sha('8') });
    emu.addArtifact(current.id, 'perfgate-baseline', results('self'));

    const q = query({ currentRunId: current.id });
    expect(await githubStore().find(q)).toMatchObject({ found: true, runId: good.id });
    expect(tagOf(q.destDir)).toBe('good');
  });

  it('accepts the numeric workflow id as well as the file name', async () => {
    const run = emu.addRun({ headSha: sha('1') });
    emu.addArtifact(run.id, 'perfgate-baseline', results('x'));
    expect(await githubStore().find(query({ workflowId: run.workflowId }))).toMatchObject({
      found: true,
      runId: run.id,
    });
  });

  it('skips a run whose artifact expired and takes the next live one, saying nothing is lost', async () => {
    const older = emu.addRun({ headSha: sha('1') });
    emu.addArtifact(older.id, 'perfgate-baseline', results('older'));
    const newer = emu.addRun({ headSha: sha('2') });
    emu.addArtifact(newer.id, 'perfgate-baseline', results('newer'), { expired: true });
    const q = query({ mergeBaseSha: sha('2') });
    expect(await githubStore().find(q)).toMatchObject({ found: true, runId: older.id, matchedMergeBase: false });
  });
});

describe('no usable baseline: typed reasons', () => {
  it('no successful run on the base branch', async () => {
    emu.addRun({ headSha: sha('1'), conclusion: 'failure' });
    emu.workflow('perf.yml');
    const r = await githubStore().find(query());
    expect(r).toEqual({
      found: false,
      reason: 'no-successful-run',
      message:
        'no successful run of workflow perf.yml on main to take a baseline from (a push to main, a scheduled or a manual run uploads it)',
      checkedRunIds: [],
    });
  });

  it('runs exist but none uploaded the artifact', async () => {
    const run = emu.addRun({ headSha: sha('1') });
    emu.addArtifact(run.id, 'something-else', { 'a.txt': 'a' });
    const r = await githubStore().find(query());
    expect(r).toMatchObject({ found: false, reason: 'artifact-missing', checkedRunIds: [run.id] });
    if (!r.found)
      expect(r.message).toContain(
        "none of the 1 successful run(s) of workflow perf.yml on main uploaded an artifact named 'perfgate-baseline'",
      );
  });

  it('the only artifact has expired', async () => {
    const run = emu.addRun({ headSha: sha('c') });
    const art = emu.addArtifact(run.id, 'perfgate-baseline', { 'results.json': '{}' });
    emu.expireArtifact(art.id);
    const r = await githubStore().find(query());
    expect(r).toMatchObject({ found: false, reason: 'artifact-expired', checkedRunIds: [run.id] });
    if (!r.found)
      expect(r.message).toMatch(
        new RegExp(`artifact 'perfgate-baseline' of run ${run.id} \\(commit ccccccc\\) has expired`),
      );
  });

  it('the workflow does not exist (404) or the token is bad (401): api-error with the reason', async () => {
    const r404 = await githubStore().find(query({ workflowId: 'nope.yml' }));
    expect(r404).toMatchObject({ found: false, reason: 'api-error' });
    if (!r404.found)
      expect(r404.message).toContain(
        'GitHub API: listing successful runs of workflow nope.yml on main failed: 404 Not Found (wrong repository, or the token lacks `permissions: actions: read`)',
      );

    // Client errors are answers, not outages: asked once, not retried.
    expect(emu.requestsTo(ROUTES.listWorkflowRuns)).toHaveLength(1);
    emu.addRun({ headSha: sha('1') });
    const r401 = await githubStore('ghs_wrong').find(query());
    expect(emu.requestsTo(ROUTES.listWorkflowRuns)).toHaveLength(2);
    expect(r401).toMatchObject({ found: false, reason: 'api-error' });
    if (!r401.found) {
      expect(r401.message).toContain('401 Bad credentials: the token is not valid');
      expect(r401.message).not.toContain('ghs_wrong');
    }
  });

  it('the download is refused: download-failed, with the artifact and run named', async () => {
    const run = emu.addRun({ headSha: sha('1') });
    const art = emu.addArtifact(run.id, 'perfgate-baseline', { 'results.json': '{}' });
    emu.failNext(ROUTES.downloadArtifact, { status: 500 }, 3);
    const r = await githubStore().find(query());
    expect(r).toMatchObject({ found: false, reason: 'download-failed' });
    if (!r.found)
      expect(r.message).toContain(
        `artifact 'perfgate-baseline' (id ${art.id}) of run ${run.id} could not be downloaded`,
      );
    expect(emu.requestsTo(ROUTES.downloadArtifact)).toHaveLength(3);
  });
});

describe('retries', () => {
  function seedBaseline() {
    const run = emu.addRun({ headSha: sha('1') });
    emu.addArtifact(run.id, 'perfgate-baseline', { 'results.json': '{"ok":true}' });
    return run;
  }

  it('retries 500s and a dropped connection, then succeeds', async () => {
    const run = seedBaseline();
    emu.failNext(ROUTES.listWorkflowRuns, { status: 500 }, 2);
    emu.failNext(ROUTES.listRunArtifacts, { drop: true });
    emu.failNext(ROUTES.downloadArtifact, { status: 502 });
    const r = await githubStore().find(query());
    expect(r).toMatchObject({ found: true, runId: run.id });
    expect(emu.requestsTo(ROUTES.listWorkflowRuns).map((x) => x.status)).toEqual([500, 500, 200]);
    expect(emu.requestsTo(ROUTES.listRunArtifacts).map((x) => x.status)).toEqual([-1, 200]);
    expect(emu.requestsTo(ROUTES.downloadArtifact).map((x) => x.status)).toEqual([502, 302]);
    expect(logs).toContain(
      'GitHub API GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs: 500 on attempt 1',
    );
    // Attempts are counted per call: the next call's first failure is its attempt 1 (a shared
    // count once carried the previous call's retries over, out of order and with longer waits).
    expect(logs).toContain(
      'GitHub API GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts: no answer (UND_ERR_SOCKET) on attempt 1 of 2',
    );
    expect(logs).toContain(
      'GitHub API GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs: 500 on attempt 2',
    );
    expect(logs.join('\n')).not.toContain(WRITE_TOKEN);
  });

  it('waits out a secondary (429 retry-after) and a primary (403 x-ratelimit-remaining: 0) rate limit', async () => {
    const run = seedBaseline();
    emu.failNext(ROUTES.listWorkflowRuns, { rateLimit: 'secondary', status: 429, retryAfterS: 2 });
    emu.failNext(ROUTES.listRunArtifacts, { rateLimit: 'primary', resetInS: 1 });
    emu.failNext(ROUTES.listRunArtifacts, { rateLimit: 'secondary', status: 403, retryAfterS: 1 });
    const r = await githubStore().find(query());
    expect(r).toMatchObject({ found: true, runId: run.id });
    expect(emu.requestsTo(ROUTES.listWorkflowRuns).map((x) => x.status)).toEqual([429, 200]);
    expect(emu.requestsTo(ROUTES.listRunArtifacts).map((x) => x.status)).toEqual([403, 403, 200]);
    expect(logs).toContain(
      `GitHub API GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs: secondary rate limit, waiting 2 s (retry 1 of 4)`,
    );
  });

  it('gives up after the retries with a clear message', async () => {
    seedBaseline();
    emu.failNext(ROUTES.listWorkflowRuns, { status: 503 }, 10);
    const r = await githubStore().find(query());
    expect(r).toMatchObject({ found: false, reason: 'api-error' });
    if (!r.found)
      expect(r.message).toBe(
        'GitHub API: listing successful runs of workflow perf.yml on main failed: 503 Service Unavailable, still failing after the retries',
      );
    expect(emu.requestsTo(ROUTES.listWorkflowRuns)).toHaveLength(5);
  });

  it('does not wait for a primary rate limit that resets too far away', async () => {
    seedBaseline();
    emu.failNext(ROUTES.listWorkflowRuns, { rateLimit: 'primary', resetInS: 3600 });
    const r = await githubStore().find(query());
    expect(r).toMatchObject({ found: false, reason: 'api-error' });
    if (!r.found) expect(r.message).toContain('403 API rate limit exceeded for installation ID 4242.: rate limited');
    expect(
      logs.some((l) => /primary rate limit resets in 36\d\d s, longer than the 120 s this job will wait/.test(l)),
    ).toBe(true);
  });
});

describe('runs helpers', () => {
  it('resolves the workflow from the current run, else from GITHUB_WORKFLOW_REF', async () => {
    const run = emu.addRun({ headSha: sha('1'), workflow: 'bench.yml' });
    const c = client();
    expect(await runs.resolveWorkflowId(c, repo(), { runId: run.id })).toBe(run.workflowId);
    expect(
      await runs.resolveWorkflowId(c, repo(), {
        runId: 42,
        workflowRef: 'octo-org/perf-demo/.github/workflows/bench.yml@refs/pull/7/merge',
      }),
    ).toBe('bench.yml');
    await expect(runs.resolveWorkflowId(c, repo(), { runId: 42 })).rejects.toThrow(
      'GitHub API: reading workflow run 42 failed: 404 Not Found',
    );
    expect(runs.workflowFileFromRef('o/r/.github/workflows/perf.yaml@refs/heads/main')).toBe('perf.yaml');
    expect(runs.workflowFileFromRef(undefined)).toBeNull();
  });

  it('reads the merge base from the compare endpoint', async () => {
    emu.setMergeBase('main', sha('f'), sha('e'));
    expect(await runs.getMergeBase(client(), repo(), 'main', sha('f'))).toBe(sha('e'));
  });

  it('refuses to build a client without a token', () => {
    expect(() => gh.createGitHubClient({ token: ' ' })).toThrow("no GitHub token: set the 'github-token' input");
  });

  it('a read-only token still reads', async () => {
    const run = emu.addRun({ headSha: sha('1') });
    emu.addArtifact(run.id, 'perfgate-baseline', { 'results.json': '{}' });
    expect(await githubStore(READ_ONLY_TOKEN).find(query())).toMatchObject({ found: true, runId: run.id });
  });
});

describe('directory store (baseline-path)', () => {
  it('saves results.json and the stacks, then finds them; missing is a typed reason', async () => {
    const target = path.join(tmp('pg-dir-'), 'perf-baseline');
    const s = store.directoryBaselineStore(target);
    expect(await s.find(query())).toEqual({
      found: false,
      reason: 'no-baseline-file',
      message: `no baseline at ${path.join(target, 'results.json')}`,
      checkedRunIds: [],
    });
    const { root, files } = baselineFiles();
    expect(await s.save({ name: 'ignored', files, rootDir: root })).toEqual({
      source: 'directory',
      dir: target,
      files: 3,
    });
    expect(await s.find(query())).toEqual({
      found: true,
      source: 'directory',
      dir: target,
      resultsPath: path.join(target, 'results.json'),
    });
    expect(readFileSync(path.join(target, 'profiles/cache/random.folded')).equals(readFileSync(files[1]!))).toBe(true);

    const fileStore = store.directoryBaselineStore(path.join(target, 'results.json'));
    expect(await fileStore.find(query())).toMatchObject({
      found: true,
      resultsPath: path.join(target, 'results.json'),
    });
  });
});
