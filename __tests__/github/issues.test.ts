/**
 * The alert issue's GitHub door against the loopback GitHub with the real Octokit: the sticky
 * issue found by its marker among all issues (open and closed, paginated), only the bot's own and
 * never a pull request; opened once even when GitHub answers 5xx to a create it did carry out;
 * updated, closed and reopened in place; read-only tokens. And the emulator's issue endpoints
 * themselves, checked with plain fetch against GitHub's documented shapes.
 */
import { randomBytes } from 'node:crypto';
import { BOT_LOGIN, READ_ONLY_TOKEN, ROUTES, WRITE_TOKEN, type GitHubEmulator } from './emulator.js';
import { startHarness, type Harness } from './harness.js';

type Issues = typeof import('../../src/store/issues.js');
type Gh = typeof import('../../src/store/github.js');
type Errors = typeof import('../../src/store/github-errors.js');

let h: Harness;
let emu: GitHubEmulator;
let is: Issues;
let gh: Gh;
let errors: Errors;

beforeAll(async () => {
  h = await startHarness();
  emu = h.emu;
  is = await import('../../src/store/issues.js');
  gh = await import('../../src/store/github.js');
  errors = await import('../../src/store/github-errors.js');
});
afterAll(() => h.stop());
beforeEach(() => emu.reset());

const MARKER = '<!-- perfgate-alert:demo -->';
const repo = () => ({ owner: emu.owner, repo: emu.repo });
const client = (token = WRITE_TOKEN) =>
  gh.createGitHubClient({ token, retryUnitMs: 5, id: randomBytes(4).toString('hex') });
const target = () => ({ repo: repo(), marker: MARKER });
const api = (p: string, init: RequestInit & { token?: string } = {}) =>
  fetch(`${emu.apiUrl}${p}`, {
    ...init,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${init.token ?? WRITE_TOKEN}`,
      ...(init.headers as Record<string, string>),
    },
  });

describe('emulated issue endpoints', () => {
  it('lists open issues by default, newest first, pull requests included with a pull_request key; filters by state, all labels and creator', async () => {
    emu.addIssue(1, ['bug'], { title: 'old bug', user: { login: 'octocat' } });
    emu.addIssue(2, ['bug', 'perf'], { title: 'perf bug', user: { login: BOT_LOGIN } });
    emu.addIssue(3, ['Perf'], { title: 'closed', state: 'closed', user: { login: BOT_LOGIN } });
    emu.addPull({
      number: 4,
      head: { ref: 'f', sha: 'b'.repeat(40) },
      base: { ref: 'main', sha: 'a'.repeat(40) },
      labels: ['perf'],
    });
    const list = async (q: string): Promise<{ number: number; state: string; pull_request?: unknown }[]> => {
      const r = await api(`/repos/${emu.fullName}/issues${q}`);
      expect(r.status).toBe(200);
      return (await r.json()) as { number: number; state: string; pull_request?: unknown }[];
    };
    expect((await list('')).map((i) => i.number)).toEqual([4, 2, 1]);
    expect((await list('')).find((i) => i.number === 4)!.pull_request).toMatchObject({
      html_url: `https://github.com/${emu.fullName}/pull/4`,
    });
    expect((await list('?state=closed')).map((i) => i.number)).toEqual([3]);
    expect((await list('?state=all&direction=asc')).map((i) => i.number)).toEqual([1, 2, 3, 4]);
    // All the labels must be there, matched regardless of case.
    expect((await list('?state=all&labels=BUG,perf')).map((i) => i.number)).toEqual([2]);
    expect((await list('?state=all&labels=perf')).map((i) => i.number)).toEqual([4, 3, 2]);
    expect((await list(`?state=all&creator=${encodeURIComponent(BOT_LOGIN)}`)).map((i) => i.number)).toEqual([3, 2]);
    const bad = await api(`/repos/${emu.fullName}/issues?state=sideways`);
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({
      message: 'Validation Failed',
      errors: [{ field: 'state', code: 'invalid' }],
    });
  });

  it('creates (201, labels made on the way), refuses a missing title or a long body (422), and updates state with closed_at and state_reason', async () => {
    const created = await api(`/repos/${emu.fullName}/issues`, {
      method: 'POST',
      body: JSON.stringify({ title: 'T', body: 'B', labels: ['new-label'] }),
    });
    expect(created.status).toBe(201);
    const issue = (await created.json()) as Record<string, unknown>;
    expect(issue).toMatchObject({
      number: 1,
      title: 'T',
      body: 'B',
      state: 'open',
      state_reason: null,
      closed_at: null,
      comments: 0,
      html_url: `https://github.com/${emu.fullName}/issues/1`,
      user: { login: BOT_LOGIN, type: 'Bot' },
      labels: [{ name: 'new-label' }],
    });
    expect(created.headers.get('location')).toBe(`${emu.apiUrl}/repos/${emu.fullName}/issues/1`);

    const untitled = await api(`/repos/${emu.fullName}/issues`, {
      method: 'POST',
      body: JSON.stringify({ body: 'B' }),
    });
    expect([untitled.status, ((await untitled.json()) as { message: string }).message]).toEqual([
      422,
      'Invalid request.\n\n"title" wasn\'t supplied.',
    ]);
    const long = await api(`/repos/${emu.fullName}/issues`, {
      method: 'POST',
      body: JSON.stringify({ title: 'T', body: 'x'.repeat(65_537) }),
    });
    expect(long.status).toBe(422);
    expect(await long.json()).toMatchObject({
      errors: [{ resource: 'Issue', field: 'body', message: 'body is too long (maximum is 65536 characters)' }],
    });

    const closed = (await (
      await api(`/repos/${emu.fullName}/issues/1`, {
        method: 'PATCH',
        body: JSON.stringify({ state: 'closed', state_reason: 'completed' }),
      })
    ).json()) as Record<string, unknown>;
    expect(closed).toMatchObject({ state: 'closed', state_reason: 'completed', body: 'B' });
    expect(typeof closed.closed_at).toBe('string');
    const reopened = (await (
      await api(`/repos/${emu.fullName}/issues/1`, {
        method: 'PATCH',
        body: JSON.stringify({ state: 'open', body: 'B2' }),
      })
    ).json()) as Record<string, unknown>;
    expect(reopened).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null, body: 'B2' });
    expect((await api(`/repos/${emu.fullName}/issues/99`, { method: 'PATCH', body: '{}' })).status).toBe(404);
    expect((await api(`/repos/${emu.fullName}/issues/1`)).status).toBe(200);
    const ro = await api(`/repos/${emu.fullName}/issues`, {
      method: 'POST',
      token: READ_ONLY_TOKEN,
      body: JSON.stringify({ title: 'T' }),
    });
    expect(ro.status).toBe(403);
  });
});

describe('sticky alert issue', () => {
  it('finds the bot’s issue by marker among 150+ issues, closed ones too, passing over pull requests and quotes', async () => {
    emu.addIssue(1, [], { title: 'quote', body: `why does the bot write ${MARKER}?`, user: { login: 'mallory' } });
    emu.addPull({ number: 2, head: { ref: 'f', sha: 'b'.repeat(40) }, base: { ref: 'main', sha: 'a'.repeat(40) } });
    emu.addIssue(3, [], {
      title: 'other suite',
      body: '<!-- perfgate-alert:nightly -->\n',
      user: { login: BOT_LOGIN },
    });
    for (let n = 4; n < 150; n++)
      emu.addIssue(n, [], { title: `bot issue ${n}`, body: 'chatter', user: { login: BOT_LOGIN } });
    emu.addIssue(150, [], { title: 'ours', body: `${MARKER}\nstate`, user: { login: BOT_LOGIN }, state: 'closed' });
    const found = await is.findAlertIssue(client(), target());
    expect(found).toEqual({
      number: 150,
      state: 'closed',
      title: 'ours',
      body: `${MARKER}\nstate`,
      url: `https://github.com/${emu.fullName}/issues/150`,
    });
    // Asked only for the bot's issues, open and closed, and followed the Link header to page 2.
    const reqs = emu.requestsTo(ROUTES.listIssues);
    expect(reqs.map((r) => [r.query.state, r.query.creator, r.query.page ?? '1'])).toEqual([
      ['all', BOT_LOGIN, '1'],
      ['all', BOT_LOGIN, '2'],
    ]);
    expect(reqs[1]!.rawPath).toBe(`/repositories/${emu.repoId}/issues`);
    expect(await is.findAlertIssue(client(), { ...target(), author: 'someone-else' })).toBeNull();
    await expect(is.findAlertIssue(client(), { ...target(), marker: 'perfgate' })).rejects.toThrow(
      "issue marker 'perfgate' is not an HTML comment",
    );
    expect(is.alertMarker('demo')).toBe(MARKER);
  });

  it('opens the issue with its label, then updates, closes and reopens it in place with a comment each time', async () => {
    const c = client();
    const plan = {
      action: 'open' as const,
      title: 'perfgate: main regressed',
      body: 'one regression',
      state: 'open' as const,
    };
    const opened = await is.applyIssueWrite(c, target(), await is.findAlertIssue(c, target()), plan);
    expect(opened).toEqual({
      action: 'opened',
      number: 1,
      url: `https://github.com/${emu.fullName}/issues/1`,
      commented: false,
    });
    expect(emu.issue(1)).toMatchObject({
      title: 'perfgate: main regressed',
      body: `${MARKER}\none regression`,
      labels: ['perfgate-regression'],
      state: 'open',
    });

    const found = await is.findAlertIssue(c, target());
    const recovered = await is.applyIssueWrite(c, target(), found, {
      action: 'update',
      title: plan.title,
      body: `${MARKER}\nrecovered`,
      state: 'closed',
      comment: 'recovered at abc',
    });
    expect(recovered).toMatchObject({ action: 'updated', number: 1, commented: true });
    expect(emu.issue(1)).toMatchObject({ body: `${MARKER}\nrecovered`, state: 'closed', stateReason: 'completed' });
    expect(emu.commentsOn(1).map((x) => x.body)).toEqual(['recovered at abc']);
    // Only what changed is sent: the title stayed.
    expect(emu.requestsTo(ROUTES.updateIssue)).toHaveLength(1);

    const again = await is.applyIssueWrite(c, target(), await is.findAlertIssue(c, target()), {
      action: 'update',
      title: plan.title,
      body: `${MARKER}\nregressed again`,
      state: 'open',
      comment: 'new regression',
    });
    expect(again).toMatchObject({ action: 'updated', number: 1 });
    expect(emu.issue(1)).toMatchObject({ state: 'open', stateReason: 'reopened', body: `${MARKER}\nregressed again` });
    expect(emu.issuesList()).toHaveLength(1);

    const none = await is.applyIssueWrite(c, target(), await is.findAlertIssue(c, target()), {
      ...plan,
      action: 'none',
    });
    expect(none).toMatchObject({ action: 'none', number: 1 });
    expect(emu.requestsTo(ROUTES.updateIssue)).toHaveLength(2);
  });

  it('a create answered 502 after GitHub did open it is not opened twice; a 500 that did not is tried again', async () => {
    emu.failNext(ROUTES.createIssue, { status: 502, applied: true });
    const c = client();
    const plan = { action: 'open' as const, title: 'T', body: 'B', state: 'open' as const, comment: 'new' };
    const r = await is.applyIssueWrite(c, target(), null, plan, { retryDelayMs: 1 });
    // The retry found the issue GitHub had opened and brought it up to the plan instead.
    expect(r).toMatchObject({ action: 'updated', number: 1 });
    expect(emu.issuesList()).toHaveLength(1);
    expect(emu.requestsTo(ROUTES.createIssue).map((x) => x.status)).toEqual([502]);

    emu.reset();
    emu.failNext(ROUTES.createIssue, { status: 500 }, 2);
    const r2 = await is.applyIssueWrite(c, target(), null, plan, { retryDelayMs: 1 });
    expect(r2).toMatchObject({ action: 'opened', number: 1 });
    expect(emu.requestsTo(ROUTES.createIssue).map((x) => x.status)).toEqual([500, 500, 201]);
    expect(emu.issuesList()).toHaveLength(1);
  });

  it('a read-only token gets a GitHubPermissionError naming issues: write, and nothing is written', async () => {
    const r = is.applyIssueWrite(client(READ_ONLY_TOKEN), target(), null, {
      action: 'open',
      title: 'T',
      body: 'B',
      state: 'open',
    });
    await expect(r).rejects.toBeInstanceOf(errors.GitHubPermissionError);
    await expect(r).rejects.toThrow(
      /opening the alert issue failed: 403 Resource not accessible by integration.*issues: write/,
    );
    expect(emu.issuesList()).toHaveLength(0);
  });
});
