/**
 * The sticky PR comment against the loopback GitHub with the real Octokit: found among all
 * comments (pagination), only the bot's own, updated in place; read-only tokens, GitHub's
 * 65,536-character limit, retries that must not post twice.
 */
import { randomBytes } from 'node:crypto';
import { ROUTES, READ_ONLY_TOKEN, WRITE_TOKEN, BOT_LOGIN, type GitHubEmulator } from './emulator.js';
import { startHarness, type Harness } from './harness.js';
import { GITHUB_COMMENT_LIMIT } from '../../src/report/markdown.js';

type Comment = typeof import('../../src/store/comment.js');
type Gh = typeof import('../../src/store/github.js');
type Errors = typeof import('../../src/store/github-errors.js');

let h: Harness;
let emu: GitHubEmulator;
let cm: Comment;
let gh: Gh;
let errors: Errors;

beforeAll(async () => {
  h = await startHarness();
  emu = h.emu;
  cm = await import('../../src/store/comment.js');
  gh = await import('../../src/store/github.js');
  errors = await import('../../src/store/github-errors.js');
});
afterAll(() => h.stop());
beforeEach(() => emu.reset());

const PR = 7;
const MARKER = '<!-- perfgate:default -->';
const repo = () => ({ owner: emu.owner, repo: emu.repo });
const client = (token = WRITE_TOKEN) =>
  gh.createGitHubClient({ token, retryUnitMs: 5, id: randomBytes(4).toString('hex') });
const target = (over: Partial<import('../../src/store/comment.js').StickyTarget> = {}) => ({
  repo: repo(),
  issueNumber: PR,
  marker: MARKER,
  ...over,
});

function seedPull(): void {
  emu.addPull({
    number: PR,
    head: { ref: 'feature', sha: 'b'.repeat(40) },
    base: { ref: 'main', sha: 'a'.repeat(40) },
    labels: ['Perf-Regression-Accepted', 'docs'],
  });
}

/** 150 comments: a user quoting our marker, the bot's comment for another suite, chatter. */
function seedBusyThread(): { quoted: number; otherSuite: number } {
  seedPull();
  emu.addComment(PR, 'LGTM');
  const quoted = emu.addComment(PR, `Why does the bot post ${MARKER} in its comment?`, { login: 'mallory' }).id;
  const otherSuite = emu.addComment(PR, '<!-- perfgate:nightly -->\nnightly report', { login: BOT_LOGIN }).id;
  for (let i = 0; i < 147; i++) emu.addComment(PR, `comment ${i}`, { login: i % 2 ? 'octocat' : 'hubot' });
  return { quoted, otherSuite };
}

describe('sticky comment', () => {
  it('creates the comment once, then updates it in place, paging through 150+ comments and leaving others alone', async () => {
    const { quoted, otherSuite } = seedBusyThread();
    const c = client();
    const first = await cm.upsertStickyComment(c, { ...target(), body: `${MARKER}\n## perfgate: 1 regression` });
    expect(first).toMatchObject({ action: 'created' });
    expect(first!.url).toBe(`https://github.com/${emu.fullName}/pull/${PR}#issuecomment-${first!.id}`);
    // The whole thread was read (page 2 too) before deciding to create.
    expect(emu.requestsTo(ROUTES.listComments).map((r) => r.query.page ?? '1')).toEqual(['1', '2']);
    // Page 2 came from following GitHub's Link header, which points at /repositories/{id}/.
    expect(emu.requestsTo(ROUTES.listComments)[1]!.rawPath).toBe(`/repositories/${emu.repoId}/issues/${PR}/comments`);

    // Another 60 comments push ours onto page 2 of 3.
    for (let i = 0; i < 60; i++) emu.addComment(PR, `later ${i}`);
    const second = await cm.upsertStickyComment(c, { ...target(), body: 'perfgate: all clear' });
    expect(second).toEqual({ id: first!.id, action: 'updated', url: first!.url });

    const ours = emu.commentsOn(PR).filter((x) => x.body.includes(MARKER) && x.user.login === BOT_LOGIN);
    expect(ours).toHaveLength(1);
    // The marker was put first because the new body lacked it.
    expect(ours[0]!.body).toBe(`${MARKER}\nperfgate: all clear`);
    expect(emu.commentsOn(PR).find((x) => x.id === quoted)!.body).toBe(
      `Why does the bot post ${MARKER} in its comment?`,
    );
    expect(emu.commentsOn(PR).find((x) => x.id === otherSuite)!.body).toBe('<!-- perfgate:nightly -->\nnightly report');
    expect(emu.commentsOn(PR)).toHaveLength(150 + 1 + 60);
    expect(emu.requestsTo(ROUTES.updateComment).map((r) => r.path)).toEqual([
      `/repos/${emu.fullName}/issues/comments/${first!.id}`,
    ]);
  });

  it('finds only the configured author: with a PAT user as author, the bot comment is not ours', async () => {
    seedPull();
    const botComment = emu.addComment(PR, `${MARKER}\nold`, { login: BOT_LOGIN });
    expect(await cm.findStickyComment(client(), target())).toMatchObject({ id: botComment.id });
    expect(await cm.findStickyComment(client(), target({ author: 'perf-bot-user' }))).toBeNull();
  });

  it('with create: false only updates, and says so when there is nothing to update', async () => {
    seedPull();
    expect(await cm.upsertStickyComment(client(), { ...target(), body: 'x', create: false })).toBeNull();
    expect(emu.requestsTo(ROUTES.createComment)).toHaveLength(0);
  });

  it('a read-only token (fork pull request) gets 403: a GitHubPermissionError saying why, not retried', async () => {
    seedPull();
    const r = cm.upsertStickyComment(client(READ_ONLY_TOKEN), { ...target(), body: 'report' });
    await expect(r).rejects.toBeInstanceOf(errors.GitHubPermissionError);
    await expect(r).rejects.toThrow(
      `GitHub API: commenting on #${PR} failed: 403 Resource not accessible by integration: the token may not do this. Pull requests from forks and from Dependabot get a read-only GITHUB_TOKEN; otherwise grant \`permissions: pull-requests: write\` in the workflow`,
    );
    expect(emu.requestsTo(ROUTES.createComment).map((x) => x.status)).toEqual([403]);
    expect(emu.commentsOn(PR)).toHaveLength(0);
  });

  it('GitHub refuses a 70,000-character body with 422; 65,536 characters (even astral ones) pass', async () => {
    seedPull();
    const c = client();
    const long = cm.upsertStickyComment(c, { ...target(), body: `${MARKER}\n${'x'.repeat(70_000)}` });
    await expect(long).rejects.toThrow(
      `GitHub API: commenting on #${PR} failed: 422 Validation Failed (body is too long (maximum is 65536 characters))`,
    );
    const err = await long.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(errors.GitHubApiError);
    expect((err as InstanceType<Errors['GitHubApiError']>).status).toBe(422);
    expect(emu.requestsTo(ROUTES.createComment)).toHaveLength(1);

    const fits = `${MARKER}\n`.padEnd(GITHUB_COMMENT_LIMIT, 'y');
    expect(await cm.upsertStickyComment(c, { ...target(), body: fits })).toMatchObject({ action: 'created' });
    // 65,536 characters of 2 UTF-16 units each: GitHub counts characters.
    const astral = MARKER + '\n' + '🔥'.repeat(GITHUB_COMMENT_LIMIT - MARKER.length - 1);
    expect(await cm.upsertStickyComment(c, { ...target(), body: astral })).toMatchObject({ action: 'updated' });
    await expect(cm.upsertStickyComment(c, { ...target(), body: astral + '🔥' })).rejects.toThrow('body is too long');
  });

  it('a create answered 502 after GitHub did post it is not posted twice', async () => {
    seedPull();
    emu.failNext(ROUTES.createComment, { status: 502, applied: true });
    const r = await cm.upsertStickyComment(client(), { ...target(), body: 'report', retryDelayMs: 1 });
    expect(r).toMatchObject({ action: 'updated' });
    expect(emu.commentsOn(PR)).toHaveLength(1);
    expect(emu.requestsTo(ROUTES.createComment).map((x) => x.status)).toEqual([502]);
  });

  it('a create refused with 500 is tried again (after looking again) and posted once', async () => {
    seedPull();
    emu.failNext(ROUTES.createComment, { status: 500 }, 2);
    const r = await cm.upsertStickyComment(client(), { ...target(), body: 'report', retryDelayMs: 1 });
    expect(r).toMatchObject({ action: 'created' });
    expect(emu.commentsOn(PR)).toHaveLength(1);
    expect(emu.requestsTo(ROUTES.createComment).map((x) => x.status)).toEqual([500, 500, 201]);
    expect(emu.requestsTo(ROUTES.listComments)).toHaveLength(3);
  });

  it('retries 500s on the listing and a rate-limited update', async () => {
    seedPull();
    const mine = emu.addComment(PR, `${MARKER}\nold`, { login: BOT_LOGIN });
    emu.failNext(ROUTES.listComments, { status: 500 }, 2);
    emu.failNext(ROUTES.updateComment, { rateLimit: 'secondary', status: 429, retryAfterS: 1 });
    const r = await cm.upsertStickyComment(client(), { ...target(), body: `${MARKER}\nnew` });
    expect(r).toMatchObject({ id: mine.id, action: 'updated' });
    expect(emu.requestsTo(ROUTES.listComments).map((x) => x.status)).toEqual([500, 500, 200]);
    expect(emu.requestsTo(ROUTES.updateComment).map((x) => x.status)).toEqual([429, 200]);
    expect(emu.commentsOn(PR)[0]!.body).toBe(`${MARKER}\nnew`);
  });

  it('refuses a marker that is not an HTML comment, and builds markers like the report does', async () => {
    await expect(cm.findStickyComment(client(), target({ marker: 'perfgate' }))).rejects.toThrow(
      "comment marker 'perfgate' is not an HTML comment",
    );
    expect(cm.commentMarker('default')).toBe(MARKER);
  });
});

describe('labels', () => {
  it('reads the labels from the API, case-insensitively', async () => {
    seedPull();
    const c = client();
    expect(await cm.hasLabel(c, repo(), PR, 'perf-regression-accepted')).toBe(true);
    expect(await cm.hasLabel(c, repo(), PR, 'wontfix')).toBe(false);
    emu.setLabels(PR, []);
    expect(await cm.hasLabel(c, repo(), PR, 'perf-regression-accepted')).toBe(false);
    await expect(cm.hasLabel(c, repo(), 404, 'x')).rejects.toThrow(
      'GitHub API: reading the labels of #404 failed: 404 Not Found',
    );
  });
});

describe('read-only token from the event', () => {
  const base = { full_name: 'octo-org/perf-demo' };
  const pr = (head: unknown) => ({ pull_request: { head: { repo: head }, base: { repo: base } }, repository: base });

  it('names forks, deleted forks and Dependabot; same-repository branches can write', () => {
    expect(cm.readOnlyTokenReason('pull_request', pr({ full_name: 'mallory/perf-demo', fork: true }))).toBe(
      'the pull request comes from the fork mallory/perf-demo; its GITHUB_TOKEN is read-only',
    );
    expect(cm.readOnlyTokenReason('pull_request', pr(null))).toBe(
      'the pull request comes from a deleted fork; its GITHUB_TOKEN is read-only',
    );
    expect(cm.readOnlyTokenReason('pull_request', pr({ full_name: 'octo-org/perf-demo' }), 'dependabot[bot]')).toMatch(
      /Dependabot/,
    );
    // A repository that is itself a fork: every branch says fork: true, yet the token can write.
    expect(cm.readOnlyTokenReason('pull_request', pr({ full_name: 'octo-org/perf-demo', fork: true }))).toBeNull();
    expect(cm.readOnlyTokenReason('pull_request_target', pr({ full_name: 'mallory/perf-demo' }))).toBeNull();
    expect(cm.readOnlyTokenReason('push', {})).toBeNull();
  });

  it('compares repository names case-insensitively, as GitHub does (the same rule as the fork flag)', () => {
    expect(cm.readOnlyTokenReason('pull_request', pr({ full_name: 'Octo-Org/Perf-Demo' }))).toBeNull();
    expect(gh.isForkHead('Octo-Org/Perf-Demo', 'octo-org/perf-demo')).toBe(false);
    expect(gh.isForkHead('mallory/perf-demo', 'octo-org/perf-demo')).toBe(true);
  });
});
