/**
 * The action's GitHubServices as built for a real job (createGitHubServices), against the
 * loopback GitHub; and the runner helper (runAction) that the end-to-end tests use to spawn
 * the bundled action, checked here with a small stand-in action.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BOT_LOGIN,
  READ_ONLY_TOKEN,
  ROUTES,
  WRITE_TOKEN,
  pullRequestEvent,
  pushEvent,
  runAction,
  type GitHubEmulator,
} from './emulator.js';
import { startHarness, type Harness } from './harness.js';

type Services = typeof import('../../src/store/services.js');

let h: Harness;
let emu: GitHubEmulator;
let svc: Services;

beforeAll(async () => {
  h = await startHarness();
  emu = h.emu;
  svc = await import('../../src/store/services.js');
});
afterAll(() => h.stop());
beforeEach(() => emu.reset());

const sha = (c: string) => c.repeat(40);
const tmp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));
const services = (runId: number, over: Partial<import('../../src/store/services.js').GitHubServicesOptions> = {}) =>
  svc.createGitHubServices({
    token: WRITE_TOKEN,
    repo: { owner: emu.owner, repo: emu.repo },
    runId,
    retryUnitMs: 5,
    ...over,
  });

describe('createGitHubServices', () => {
  it('an API that does not answer at all is named unreachable after one more attempt, not retried as an HTTP 500', async () => {
    const notes: string[] = [];
    // A loopback port that was just free: nothing listens, the connection is refused at once.
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const s = services(1, { apiUrl: `http://127.0.0.1:${port}`, log: (m) => notes.push(m) });
    await expect(s.pullHeadSha(5)).rejects.toThrow(
      new RegExp(
        `GitHub API: reading pull request #5 failed: no answer from GitHub \\(cannot reach http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\) after 2 attempts: GET /repos/.*/pulls/`,
      ),
    );
    expect(notes).toEqual([
      expect.stringMatching(/^GitHub API GET \/repos\/.*\/pulls\/.*: no answer \(ECONNREFUSED\) on attempt 1 of 2$/),
    ]);
    expect(notes.join('\n')).not.toMatch(/\b500\b/);
  });

  it('uploads in a push run; a pull request run finds it at the merge base and downloads it', async () => {
    const push = emu.addRun({ headSha: sha('a'), status: 'in_progress' });
    h.asJobOf(push);
    const out = tmp('pg-out-');
    writeFileSync(path.join(out, 'results.json'), '{"schemaVersion":1}');
    const up = await services(push.id).upload('perfgate-baseline', [path.join(out, 'results.json')], out, 14);
    expect(up.id).toBe(emu.artifactsOf(push.id)[0]!.id);
    emu.completeRun(push.id);

    const pr = emu.addRun({ headSha: sha('b'), event: 'pull_request', headBranch: 'feature', status: 'in_progress' });
    h.asJobOf(pr);
    const s = services(pr.id);
    const dir = path.join(tmp('pg-dl-'), 'b');
    const found = await s.findBaseline({
      branch: 'main',
      preferSha: sha('a'),
      artifactName: 'perfgate-baseline',
      destDir: dir,
    });
    expect(found).toEqual({
      found: {
        runId: push.id,
        headSha: sha('a'),
        createdAt: push.createdAt,
        artifactId: up.id,
        runUrl: `https://github.com/${emu.fullName}/actions/runs/${push.id}`,
        dir,
      },
    });
    expect(readFileSync(path.join(dir, 'results.json'), 'utf8')).toBe('{"schemaVersion":1}');
    const again = path.join(tmp('pg-dl-'), 'c');
    await s.download({ id: up.id, runId: push.id }, again);
    expect(readFileSync(path.join(again, 'results.json'), 'utf8')).toBe('{"schemaVersion":1}');
    // The workflow was learned from the current run once.
    expect(emu.requestsTo(ROUTES.getRun)).toHaveLength(1);
  });

  it('says why there is no baseline, and falls back to GITHUB_WORKFLOW_REF when the run cannot be read', async () => {
    const s = services(123, { workflowRef: `${emu.fullName}/.github/workflows/perf.yml@refs/pull/7/merge` });
    emu.workflow('perf.yml');
    expect(
      await s.findBaseline({
        branch: 'main',
        preferSha: null,
        artifactName: 'perfgate-baseline',
        destDir: tmp('pg-dl-'),
      }),
    ).toEqual({
      missing:
        'no successful run of workflow perf.yml on main to take a baseline from (a push to main, a scheduled or a manual run uploads it)',
    });
    const noRef = services(123);
    expect(
      await noRef.findBaseline({ branch: 'main', preferSha: null, artifactName: 'x', destDir: tmp('pg-dl-') }),
    ).toEqual({
      missing:
        'GitHub API: reading workflow run 123 failed: 404 Not Found (wrong repository, or the token lacks `permissions: actions: read`)',
    });
  });

  it('lists a run’s live artifacts by prefix, the newest of each name (re-run attempts)', async () => {
    const run = emu.addRun({ headSha: sha('a'), status: 'in_progress' });
    const one = emu.addArtifact(run.id, 'perfgate-default-shard-1-of-2', { 'results.json': '1' });
    emu.addArtifact(run.id, 'perfgate-default-shard-2-of-2', { 'results.json': 'old' });
    const twoAgain = emu.addArtifact(run.id, 'perfgate-default-shard-2-of-2', { 'results.json': 'new' });
    emu.addArtifact(run.id, 'perfgate-default-shard-3-of-2', { 'results.json': 'x' }, { expired: true });
    emu.addArtifact(run.id, 'perfgate-report', { 'report.md': 'r' });
    expect(await services(run.id).listRunArtifacts(run.id, 'perfgate-default-shard-')).toEqual([
      { id: one.id, name: 'perfgate-default-shard-1-of-2' },
      { id: twoAgain.id, name: 'perfgate-default-shard-2-of-2' },
    ]);
  });

  it('upserts the comment (create: false only updates) and reads labels', async () => {
    emu.addPull({
      number: 3,
      head: { ref: 'f', sha: sha('b') },
      base: { ref: 'main', sha: sha('a') },
      labels: ['perf-regression-accepted'],
    });
    const s = services(1);
    const marker = '<!-- perfgate:default -->';
    expect(await s.upsertComment(3, marker, `${marker}\nnothing changed`, { create: false })).toBeNull();
    const created = await s.upsertComment(3, marker, `${marker}\nfirst`, { create: true });
    expect(created).toEqual({ id: expect.any(Number), action: 'created' });
    expect(await s.upsertComment(3, marker, `${marker}\nsecond`, { create: false })).toEqual({
      id: created!.id,
      action: 'updated',
    });
    expect(emu.commentsOn(3).map((c) => [c.user.login, c.body])).toEqual([[BOT_LOGIN, `${marker}\nsecond`]]);
    expect(await s.hasLabel(3, 'perf-regression-accepted')).toBe(true);
    await expect(
      services(1, { token: READ_ONLY_TOKEN }).upsertComment(3, marker, 'x', { create: true }),
    ).rejects.toThrow('403 Resource not accessible by integration');
  });
});

describe('runAction (spawning an action as a runner does)', () => {
  const smoke = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'smoke-action.mjs');

  it('gives the child the inputs, event, runtime token and output files the real clients need', async () => {
    emu.addPull({ number: 12, head: { ref: 'feature', sha: sha('c') }, base: { ref: 'main', sha: sha('a') } });
    const run = emu.addRun({ headSha: sha('c'), event: 'pull_request', headBranch: 'feature', status: 'in_progress' });
    const r = await runAction({
      emulator: emu,
      run,
      eventName: 'pull_request',
      payload: pullRequestEvent(emu, { number: 12, headSha: sha('c'), baseSha: sha('a') }),
      workspace: tmp('pg-ws-'),
      token: WRITE_TOKEN,
      inputs: { 'artifact-name': 'smoke-report' },
      actionPath: smoke,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const art = emu.artifactsOf(run.id);
    expect(art.map((a) => a.name)).toEqual(['smoke-report']);
    expect(r.outputs).toEqual({ 'artifact-id': String(art[0]!.id), repo: emu.fullName });
    expect(emu.artifactFiles(art[0]!.id)['smoke.txt']!.toString()).toBe(`pull_request ${sha('c')}\n`);
    expect(emu.commentsOn(12).map((c) => [c.user.login, c.body])).toEqual([[BOT_LOGIN, `smoke from run ${run.id}`]]);
    expect(r.summary).toBe('smoke summary for pull_request');
    expect(r.stdout).not.toContain(WRITE_TOKEN);
  });

  it('reports a failing step through the exit code and ::error::', async () => {
    const run = emu.addRun({ headSha: sha('d'), status: 'in_progress' });
    const r = await runAction({
      emulator: emu,
      run,
      eventName: 'push',
      payload: pushEvent(emu, { sha: sha('d') }),
      workspace: tmp('pg-ws-'),
      token: WRITE_TOKEN,
      actionPath: smoke,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::Provided artifact name input during validation is empty');
    expect(r.outputs).toEqual({});
  });
});
