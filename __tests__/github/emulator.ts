/**
 * A loopback GitHub for tests: the REST endpoints perfgate calls, the Actions results service
 * (twirp) that @actions/artifact v6 uploads through, and the Azure-blob-style signed URLs it
 * streams to, all on one node:http server on 127.0.0.1 with a random port. The real Octokit
 * and the real artifact client run against it unchanged; the state is in memory, seeded and
 * inspected through this class.
 *
 * Shapes follow GitHub's REST API (2022-11-28) and the behaviour seen from the outside:
 * - Authorization `token X` / `Bearer X` must be a known token (401 `Bad credentials`); a
 *   read-only token gets 403 `Resource not accessible by integration` on any write.
 * - List endpoints paginate with per_page (default 30, max 100) / page and a `Link` header whose
 *   URLs use `/repositories/{id}/...`, as GitHub's do; those URLs are served too.
 * - Comment and issue bodies over 65,536 characters are refused with 422.
 * - Issues: list (state open|closed|all, labels = all of them, creator, sort, direction; pull
 *   requests are issues too and listed with a `pull_request` key), get, create (201; a label
 *   that does not exist yet is created with it, as GitHub does for a writer), update (PATCH
 *   title, body, state + state_reason, labels; closed_at set and cleared).
 * - `GET /actions/artifacts/{id}/zip` answers 302 to a signed blob URL (410 once expired).
 * - Artifacts uploaded through twirp become visible through REST under the run whose backend
 *   id is in the uploading job's ACTIONS_RUNTIME_TOKEN, with the same id.
 * - failNext() makes the next N requests to a route fail (5xx, rate limits, dropped socket).
 * - `/{owner}/{repo}/raw/{ref}/{path}` (github.com's raw link) answers 302 to the raw content
 *   host, here `/_raw/{owner}/{repo}/{ref}/{path}`, which serves the file from a real git
 *   repository set with serveRaw(), with raw.githubusercontent.com's content types and CSP.
 *   A ref may contain slashes; as on GitHub, the longest prefix that names a ref wins.
 *
 * Real GitHub puts the API, the results service and blob storage on different hosts; the
 * clients only ever use absolute URLs handed to them, so one origin serves all three here.
 */
import { execFileSync } from 'node:child_process';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeZip, readZip } from './zip.js';

/** A request field as GitHub's error messages show it: text as is, anything else as JSON. */
const shown = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

export * from './runner.js';

export interface TokenInfo {
  login: string;
  type: 'Bot' | 'User';
  /** A fork pull request's GITHUB_TOKEN: every write is refused with 403. */
  readOnly?: boolean;
}

export const WRITE_TOKEN = 'ghs_emulatorWriteToken0000000000000000';
export const READ_ONLY_TOKEN = 'ghs_emulatorReadOnlyToken000000000000';
export const BOT_LOGIN = 'github-actions[bot]';
const BOT_ID = 41898282;

export interface EmulatorOptions {
  owner?: string;
  repo?: string;
  /** Known tokens; defaults to WRITE_TOKEN and READ_ONLY_TOKEN, both github-actions[bot]. */
  tokens?: Record<string, TokenInfo>;
}

/** What the emulator saw of one request (never the credentials). */
export interface RecordedRequest {
  method: string;
  route: string | null;
  /** Path as served (`/repositories/{id}/...` from Link headers is shown as `/repos/o/r/...`). */
  path: string;
  /** Path as requested. */
  rawPath: string;
  query: Record<string, string>;
  status: number;
  auth: 'token' | 'bearer' | 'none';
  /** The request body as received (blob blocks are zip bytes: read artifacts with artifactFiles). */
  body: Buffer;
}

export type Fault =
  /** A server error; with `applied`, the request takes effect first (a write that did happen). */
  | { status: 500 | 502 | 503 | 504; applied?: boolean }
  /** GitHub's secondary rate limit: 403 or 429 with `retry-after`. */
  | { rateLimit: 'secondary'; status?: 403 | 429; retryAfterS?: number }
  /** Primary rate limit: 403 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset`. */
  | { rateLimit: 'primary'; resetInS?: number }
  /** The connection is dropped without an answer (ECONNRESET on the client). */
  | { drop: true };

export interface RunSeed {
  id?: number;
  /** Workflow file name (e.g. `perf.yml`); created on first use. */
  workflow?: string;
  headSha: string;
  headBranch?: string;
  event?: string;
  status?: 'queued' | 'in_progress' | 'completed';
  conclusion?: 'success' | 'failure' | 'cancelled' | 'skipped' | 'timed_out' | null;
  createdAt?: string;
  runAttempt?: number;
  /** `owner/repo` the head commit came from; a fork's name for fork pull requests. */
  headRepository?: string;
}

export interface EmulatedRun {
  id: number;
  workflowId: number;
  workflowPath: string;
  name: string;
  headSha: string;
  headBranch: string;
  event: string;
  status: string;
  conclusion: string | null;
  createdAt: string;
  updatedAt: string;
  runAttempt: number;
  runNumber: number;
  headRepository: string;
  /** The results service's ids, as in the `Actions.Results:<run>:<job>` JWT scope. */
  backendId: string;
  jobBackendId: string;
  /** An ACTIONS_RUNTIME_TOKEN for this run's job. */
  runtimeToken: string;
}

export interface EmulatedArtifact {
  id: number;
  name: string;
  runId: number;
  runBackendId: string;
  jobBackendId: string;
  size: number;
  digest: string | null;
  mimeType: string;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
  finalized: boolean;
  blobPath: string;
}

export interface EmulatedComment {
  id: number;
  issue: number;
  body: string;
  user: { login: string; id: number; type: string };
  createdAt: string;
  updatedAt: string;
}

export interface EmulatedIssue {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | null;
  labels: string[];
  user: { login: string; id: number; type: string };
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** Set for pull requests (which GitHub's issues API lists too). */
  pull: PullSeed | null;
}

export interface IssueSeed {
  title?: string;
  body?: string;
  labels?: string[];
  state?: 'open' | 'closed';
  /** Author; default the bot. */
  user?: { login: string; type?: 'Bot' | 'User' };
}

export interface PullSeed {
  number: number;
  head: { ref: string; sha: string; repository?: string };
  base: { ref: string; sha: string };
  labels?: string[];
  user?: string;
}

interface Blob {
  blocks: Map<string, Buffer>;
  committed: Buffer | null;
  contentType: string;
}

type Kind = 'rest' | 'twirp' | 'blob' | 'raw';
interface Ctx {
  req: http.IncomingMessage;
  url: URL;
  params: Record<string, string>;
  body: Buffer;
  token: TokenInfo | null;
}
interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  raw?: Buffer | string;
}
interface Route {
  method: string;
  template: string;
  kind: Kind;
  regex: RegExp;
  names: string[];
  handle: (ctx: Ctx) => Reply;
}

const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService';
const DOCS = 'https://docs.github.com/rest';

/** Route names usable with failNext(). */
export const ROUTES = {
  listWorkflowRuns: 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
  getRun: 'GET /repos/{owner}/{repo}/actions/runs/{run_id}',
  listRunArtifacts: 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts',
  getArtifact: 'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}',
  downloadArtifact: 'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}',
  listComments: 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
  createComment: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
  updateComment: 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
  listLabels: 'GET /repos/{owner}/{repo}/issues/{issue_number}/labels',
  listIssues: 'GET /repos/{owner}/{repo}/issues',
  getIssue: 'GET /repos/{owner}/{repo}/issues/{issue_number}',
  createIssue: 'POST /repos/{owner}/{repo}/issues',
  updateIssue: 'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
  getPull: 'GET /repos/{owner}/{repo}/pulls/{pull_number}',
  compare: 'GET /repos/{owner}/{repo}/compare/{basehead}',
  createArtifact: `POST ${TWIRP}/CreateArtifact`,
  finalizeArtifact: `POST ${TWIRP}/FinalizeArtifact`,
  listArtifactsTwirp: `POST ${TWIRP}/ListArtifacts`,
  getSignedArtifactUrl: `POST ${TWIRP}/GetSignedArtifactURL`,
  blobPut: 'PUT /blob/{path}',
  blobGet: 'GET /blob/{path}',
  raw: 'GET /{owner}/{repo}/raw/{path}',
  rawContent: 'GET /_raw/{owner}/{repo}/{path}',
} as const;

/** raw.githubusercontent.com's types: images as images, everything else as plain text. */
const RAW_TYPES: Record<string, string> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

export class GitHubEmulator {
  readonly owner: string;
  readonly repo: string;
  readonly repoId = 777000111;
  /** All requests seen, in order. */
  readonly requests: RecordedRequest[] = [];

  private readonly server: http.Server;
  private port = 0;
  private readonly secret = randomBytes(32);
  private readonly tokens: Record<string, TokenInfo>;
  private readonly routes: Route[] = [];
  private readonly faults = new Map<string, Fault[]>();
  private workflows = new Map<number, { id: number; path: string; name: string }>();
  private runs = new Map<number, EmulatedRun>();
  private artifacts = new Map<number, EmulatedArtifact>();
  private blobs = new Map<string, Blob>();
  private comments = new Map<number, EmulatedComment>();
  private issues = new Map<number, EmulatedIssue>();
  /** Labels of the repository (created on first use, as GitHub does when an issue names one). */
  private repoLabels = new Map<string, { id: number; name: string }>();
  private mergeBases = new Map<string, string>();
  private rawRepo: string | null = null;
  private nextId = {
    workflow: 161335,
    run: 9000000001,
    artifact: 1200000001,
    comment: 2000000001,
    runNumber: 1,
    label: 5000001,
  };
  private clock = Date.parse('2025-03-01T12:00:00Z');

  private constructor(opts: EmulatorOptions) {
    this.owner = opts.owner ?? 'octo-org';
    this.repo = opts.repo ?? 'perf-demo';
    this.tokens = opts.tokens ?? {
      [WRITE_TOKEN]: { login: BOT_LOGIN, type: 'Bot' },
      [READ_ONLY_TOKEN]: { login: BOT_LOGIN, type: 'Bot', readOnly: true },
    };
    this.defineRoutes();
    this.server = http.createServer((req, res) => {
      void this.dispatch(req, res);
    });
  }

  static async start(opts: EmulatorOptions = {}): Promise<GitHubEmulator> {
    const emu = new GitHubEmulator(opts);
    await new Promise<void>((resolve, reject) => {
      emu.server.once('error', reject);
      emu.server.listen(0, '127.0.0.1', () => resolve());
    });
    emu.port = (emu.server.address() as AddressInfo).port;
    return emu;
  }

  async stop(): Promise<void> {
    // Octokit's fetch keeps connections alive; close them or close() waits for their timeout.
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** GITHUB_API_URL (no trailing slash, like api.github.com). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** ACTIONS_RESULTS_URL (the runner passes it with a trailing slash). */
  get resultsUrl(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  get fullName(): string {
    return `${this.owner}/${this.repo}`;
  }

  // ---------------------------------------------------------------- seeding and inspection

  /** Forgets every run, artifact, comment, pull request, fault and recorded request. */
  reset(): void {
    this.workflows.clear();
    this.runs.clear();
    this.artifacts.clear();
    this.blobs.clear();
    this.comments.clear();
    this.issues.clear();
    this.repoLabels.clear();
    this.mergeBases.clear();
    this.faults.clear();
    this.requests.length = 0;
  }

  workflow(file: string): { id: number; path: string; name: string } {
    for (const w of this.workflows.values()) if (w.path.endsWith(`/${file}`)) return w;
    const w = { id: this.nextId.workflow++, path: `.github/workflows/${file}`, name: file.replace(/\.ya?ml$/, '') };
    this.workflows.set(w.id, w);
    return w;
  }

  addRun(seed: RunSeed): EmulatedRun {
    const wf = this.workflow(seed.workflow ?? 'perf.yml');
    const id = seed.id ?? this.nextId.run++;
    this.clock += 60_000;
    const createdAt = seed.createdAt ?? iso(this.clock);
    const status = seed.status ?? 'completed';
    const backendId = randomUUID();
    const jobBackendId = randomUUID();
    const run: EmulatedRun = {
      id,
      workflowId: wf.id,
      workflowPath: wf.path,
      name: wf.name,
      headSha: seed.headSha,
      headBranch: seed.headBranch ?? 'main',
      event: seed.event ?? 'push',
      status,
      conclusion: seed.conclusion === undefined ? (status === 'completed' ? 'success' : null) : seed.conclusion,
      createdAt,
      updatedAt: createdAt,
      runAttempt: seed.runAttempt ?? 1,
      runNumber: this.nextId.runNumber++,
      headRepository: seed.headRepository ?? this.fullName,
      backendId,
      jobBackendId,
      runtimeToken: this.signJwt({
        scp: `Actions.ExampleScope Actions.Results:${backendId}:${jobBackendId}`,
        iss: 'vstoken.actions.githubusercontent.com',
        aud: 'vso:emulator',
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + 6 * 3600,
      }),
    };
    this.runs.set(id, run);
    return run;
  }

  /** Marks a run finished (a run is uploaded to while in progress, then completes). */
  completeRun(runId: number, conclusion: 'success' | 'failure' = 'success'): void {
    const run = this.mustRun(runId);
    run.status = 'completed';
    run.conclusion = conclusion;
  }

  run(runId: number): EmulatedRun {
    return this.mustRun(runId);
  }

  /** Seeds a finalized artifact on a run, as if a job of that run had uploaded it. */
  addArtifact(
    runId: number,
    name: string,
    files: Record<string, Buffer | string>,
    opts: { expired?: boolean } = {},
  ): EmulatedArtifact {
    const run = this.mustRun(runId);
    const zip = makeZip(files);
    const art = this.newArtifact(run, name, 'application/zip', null);
    this.blobs.set(art.blobPath, { blocks: new Map(), committed: zip, contentType: 'application/zip' });
    art.size = zip.length;
    art.digest = `sha256:${createHash('sha256').update(zip).digest('hex')}`;
    art.finalized = true;
    art.expired = opts.expired ?? false;
    return art;
  }

  expireArtifact(id: number): void {
    const art = this.artifacts.get(id);
    if (!art) throw new Error(`no artifact ${id}`);
    art.expired = true;
  }

  artifact(id: number): EmulatedArtifact | undefined {
    return this.artifacts.get(id);
  }

  artifactsOf(runId: number): EmulatedArtifact[] {
    return [...this.artifacts.values()].filter((a) => a.runId === runId && a.finalized);
  }

  /** The files inside an artifact's zip, as uploaded. */
  artifactFiles(id: number): Record<string, Buffer> {
    const art = this.artifacts.get(id);
    const blob = art ? this.blobs.get(art.blobPath) : undefined;
    if (!blob?.committed) throw new Error(`artifact ${id} has no content`);
    return readZip(blob.committed);
  }

  addPull(seed: PullSeed): void {
    this.issues.set(seed.number, {
      ...this.newIssue(seed.number, {
        title: `PR ${seed.number}`,
        labels: seed.labels,
        user: { login: seed.user ?? 'octocat' },
      }),
      pull: seed,
    });
  }

  /** Seeds an issue (number `num`), as if `seed.user` (default octocat) had opened it. */
  addIssue(num: number, labels: string[] = [], seed: IssueSeed = {}): EmulatedIssue {
    const issue = this.newIssue(num, { user: { login: 'octocat' }, ...seed, labels: seed.labels ?? labels });
    this.issues.set(num, issue);
    return issue;
  }

  setLabels(issue: number, labels: string[]): void {
    this.mustIssue(issue).labels = [...labels];
  }

  /** An issue (or pull request) as the emulator holds it; undefined when there is none. */
  issue(num: number): EmulatedIssue | undefined {
    return this.issues.get(num);
  }

  /** Issues that are not pull requests, by number. */
  issuesList(): EmulatedIssue[] {
    return [...this.issues.values()].filter((i) => i.pull === null).sort((a, b) => a.number - b.number);
  }

  /** Closes an issue as a maintainer would in the UI. */
  closeIssue(num: number, reason: 'completed' | 'not_planned' = 'completed'): void {
    const issue = this.mustIssue(num);
    this.clock += 1000;
    issue.state = 'closed';
    issue.stateReason = reason;
    issue.closedAt = iso(this.clock);
    issue.updatedAt = issue.closedAt;
  }

  /** Serves raw file links from this git repository (a bare one is fine), as GitHub serves the repository's. */
  serveRaw(gitDir: string | null): void {
    this.rawRepo = gitDir;
  }

  /** `{ref}/{path}` → the ref (longest prefix naming a branch, tag or commit) and the file path. */
  private resolveRaw(refAndPath: string): { ref: string; file: string } | null {
    if (this.rawRepo === null) return null;
    const parts = refAndPath.split('/');
    for (let k = parts.length - 1; k >= 1; k--) {
      const ref = parts.slice(0, k).join('/');
      try {
        execFileSync('git', ['--git-dir', this.rawRepo, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
          stdio: 'ignore',
        });
        return { ref, file: parts.slice(k).join('/') };
      } catch {
        // Not a ref: try a shorter prefix.
      }
    }
    return null;
  }

  setMergeBase(base: string, head: string, sha: string): void {
    this.mergeBases.set(`${base}...${head}`, sha);
  }

  /** Seeds a comment as if `user` had written it. */
  addComment(
    issue: number,
    body: string,
    user: { login: string; type?: 'Bot' | 'User' } = { login: 'octocat' },
  ): EmulatedComment {
    this.mustIssue(issue);
    this.clock += 1000;
    const c: EmulatedComment = {
      id: this.nextId.comment++,
      issue,
      body,
      user: {
        login: user.login,
        id: user.login === BOT_LOGIN ? BOT_ID : 1000 + user.login.length,
        type: user.type ?? (user.login.endsWith('[bot]') ? 'Bot' : 'User'),
      },
      createdAt: iso(this.clock),
      updatedAt: iso(this.clock),
    };
    this.comments.set(c.id, c);
    return c;
  }

  commentsOn(issue: number): EmulatedComment[] {
    return [...this.comments.values()].filter((c) => c.issue === issue).sort((a, b) => a.id - b.id);
  }

  /** Makes the next `times` requests to `route` (a ROUTES value) fail with `fault`. */
  failNext(route: string, fault: Fault, times = 1): void {
    if (!this.routes.some((r) => `${r.method} ${r.template}` === route))
      throw new Error(`failNext: unknown route '${route}'`);
    const queue = this.faults.get(route) ?? [];
    for (let i = 0; i < times; i++) queue.push(fault);
    this.faults.set(route, queue);
  }

  /** Requests recorded for one route (a ROUTES value). */
  requestsTo(route: string): RecordedRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  // ---------------------------------------------------------------- plumbing

  private mustRun(id: number): EmulatedRun {
    const run = this.runs.get(id);
    if (!run) throw new Error(`no run ${id}`);
    return run;
  }

  private mustIssue(num: number): EmulatedIssue {
    let issue = this.issues.get(num);
    if (!issue) {
      issue = this.newIssue(num, {});
      this.issues.set(num, issue);
    }
    return issue;
  }

  private newIssue(num: number, seed: IssueSeed): EmulatedIssue {
    this.clock += 1000;
    const login = seed.user?.login ?? BOT_LOGIN;
    const state = seed.state ?? 'open';
    for (const name of seed.labels ?? []) this.label(name);
    return {
      number: num,
      title: seed.title ?? `issue ${num}`,
      body: seed.body ?? null,
      state,
      stateReason: state === 'closed' ? 'completed' : null,
      labels: [...(seed.labels ?? [])],
      user: {
        login,
        id: login === BOT_LOGIN ? BOT_ID : 1000 + login.length,
        type: seed.user?.type ?? (login.endsWith('[bot]') ? 'Bot' : 'User'),
      },
      createdAt: iso(this.clock),
      updatedAt: iso(this.clock),
      closedAt: state === 'closed' ? iso(this.clock) : null,
      pull: null,
    };
  }

  /** The repository's label of that name (GitHub matches label names regardless of case). */
  private label(name: string): { id: number; name: string } {
    const key = name.toLowerCase();
    let l = this.repoLabels.get(key);
    if (!l) {
      l = { id: this.nextId.label++, name };
      this.repoLabels.set(key, l);
    }
    return l;
  }

  private newArtifact(run: EmulatedRun, name: string, mimeType: string, expiresAt: string | null): EmulatedArtifact {
    this.clock += 1000;
    const hashed = createHash('sha256').update(name).digest('hex').slice(0, 32);
    const art: EmulatedArtifact = {
      id: this.nextId.artifact++,
      name,
      runId: run.id,
      runBackendId: run.backendId,
      jobBackendId: run.jobBackendId,
      size: 0,
      digest: null,
      mimeType,
      createdAt: iso(this.clock),
      expiresAt: expiresAt ?? iso(this.clock + 90 * 86_400_000),
      expired: false,
      finalized: false,
      blobPath: `/blob/actions-results/${run.backendId}/workflow-job-run-${run.jobBackendId}/artifacts/${hashed}${mimeType === 'application/zip' ? '.zip' : ''}`,
    };
    this.artifacts.set(art.id, art);
    return art;
  }

  private signJwt(payload: Record<string, unknown>): string {
    const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = b64url(JSON.stringify(payload));
    const sig = createHmac('sha256', this.secret).update(`${head}.${body}`).digest('base64url');
    return `${head}.${body}.${sig}`;
  }

  private verifyJwt(token: string): { run: string; job: string } | null {
    const [head, body, sig] = token.split('.');
    if (!head || !body || !sig) return null;
    const want = createHmac('sha256', this.secret).update(`${head}.${body}`).digest('base64url');
    if (want !== sig) return null;
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { scp?: string; exp?: number };
    if (claims.exp !== undefined && claims.exp * 1000 < Date.now()) return null;
    for (const scope of (claims.scp ?? '').split(' ')) {
      const parts = scope.split(':');
      if (parts[0] === 'Actions.Results' && parts.length === 3) return { run: parts[1]!, job: parts[2]! };
    }
    return null;
  }

  /** A signed blob URL: `sp` permissions and `se` expiry covered by an HMAC, like a SAS. */
  private signBlobUrl(blobPath: string, perm: 'r' | 'cw', extra: Record<string, string> = {}): string {
    const se = iso(Date.now() + 3600_000);
    const sig = createHmac('sha256', this.secret).update(`${perm}\n${blobPath}\n${se}`).digest('base64');
    const q = new URLSearchParams({ sv: '2023-11-03', sr: 'b', sp: perm, se, ...extra, sig });
    return `${this.apiUrl}${blobPath}?${q.toString()}`;
  }

  private checkBlobSig(url: URL, need: 'r' | 'w'): boolean {
    const perm = url.searchParams.get('sp') ?? '';
    const se = url.searchParams.get('se') ?? '';
    const sig = url.searchParams.get('sig') ?? '';
    if (!perm.includes(need) || Date.parse(se) < Date.now()) return false;
    const want = createHmac('sha256', this.secret).update(`${perm}\n${url.pathname}\n${se}`).digest('base64');
    return want === sig;
  }

  private route(method: string, template: string, kind: Kind, handle: (ctx: Ctx) => Reply): void {
    const names: string[] = [];
    const pattern = template.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name);
      return name === 'path' ? '(.+)' : '([^/]+)';
    });
    this.routes.push({ method, template, kind, regex: new RegExp(`^${pattern}$`), names, handle });
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.apiUrl);
    // GitHub's Link headers point at /repositories/{id}/...; serve them as the /repos/ route.
    let pathname = url.pathname;
    const byId = /^\/repositories\/(\d+)(\/.*)$/.exec(pathname);
    if (byId)
      pathname = Number(byId[1]) === this.repoId ? `/repos/${this.owner}/${this.repo}${byId[2]}` : '/not-a-repo';
    const method = req.method ?? 'GET';
    const authHeader = req.headers.authorization ?? '';
    const authKind = /^token /i.test(authHeader) ? 'token' : /^bearer /i.test(authHeader) ? 'bearer' : 'none';
    const query = Object.fromEntries(url.searchParams.entries());
    const record: RecordedRequest = {
      method,
      route: null,
      path: pathname,
      rawPath: url.pathname,
      query,
      status: 0,
      auth: authKind,
      body,
    };
    this.requests.push(record);

    let reply: Reply;
    try {
      reply = this.handle({ method, pathname, url, req, body, record });
    } catch (err) {
      reply = { status: 500, body: { message: `emulator error: ${(err as Error).message}` } };
    }
    if (reply.status === -1) {
      record.status = -1;
      req.socket.destroy();
      return;
    }
    record.status = reply.status;
    const headers: Record<string, string> = {
      'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
      ...reply.headers,
    };
    let payload: Buffer | string = '';
    if (reply.raw !== undefined) payload = reply.raw;
    else if (reply.body !== undefined) {
      payload = JSON.stringify(reply.body);
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }
    headers['content-length'] = String(Buffer.byteLength(payload));
    res.writeHead(reply.status, headers);
    res.end(method === 'HEAD' ? undefined : payload);
  }

  private handle(call: {
    method: string;
    pathname: string;
    url: URL;
    req: http.IncomingMessage;
    body: Buffer;
    record: RecordedRequest;
  }): Reply {
    const { method, pathname, url, req, body, record } = call;
    for (const r of this.routes) {
      if (r.method !== method && !(method === 'HEAD' && r.method === 'GET')) continue;
      const m = r.regex.exec(pathname);
      if (!m) continue;
      const name = `${r.method} ${r.template}`;
      record.route = name;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));

      const fault = this.faults.get(name)?.shift();
      if (fault && !('applied' in fault && fault.applied)) return this.faultReply(fault);

      let token: TokenInfo | null = null;
      if (r.kind === 'rest') {
        const auth = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
        if (!auth) return this.error(401, 'Requires authentication');
        token = this.tokens[auth[1]!] ?? null;
        if (!token) return this.error(401, 'Bad credentials');
        if (
          params.owner !== undefined &&
          (params.owner.toLowerCase() !== this.owner.toLowerCase() ||
            params.repo?.toLowerCase() !== this.repo.toLowerCase())
        ) {
          return this.error(404, 'Not Found');
        }
        if (method !== 'GET' && method !== 'HEAD' && token.readOnly)
          return this.error(403, 'Resource not accessible by integration');
      }
      const reply = r.handle({ req, url, params, body, token });
      return fault ? this.faultReply(fault) : reply;
    }
    return this.error(404, 'Not Found');
  }

  private faultReply(fault: Fault): Reply {
    if ('drop' in fault) return { status: -1 };
    if ('status' in fault && !('rateLimit' in fault)) {
      return { status: fault.status, body: { message: fault.status === 500 ? 'Server Error' : 'Service Unavailable' } };
    }
    const reset = Math.floor(Date.now() / 1000) + ('resetInS' in fault ? (fault.resetInS ?? 1) : 60);
    if (fault.rateLimit === 'primary') {
      return {
        status: 403,
        headers: {
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': '5000',
          'x-ratelimit-reset': String(reset),
          'x-ratelimit-resource': 'core',
        },
        body: {
          message: 'API rate limit exceeded for installation ID 4242.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
          status: '403',
        },
      };
    }
    return {
      status: fault.status ?? 429,
      headers: { 'retry-after': String(fault.retryAfterS ?? 1) },
      body: {
        message:
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
        documentation_url:
          'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        status: String(fault.status ?? 429),
      },
    };
  }

  private error(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
    return { status, body: { message, documentation_url: DOCS, status: String(status), ...extra } };
  }

  private twirpError(status: number, code: string, msg: string): Reply {
    return { status, body: { code, msg } };
  }

  private json<T>(body: Buffer): T | null {
    try {
      return JSON.parse(body.toString('utf8')) as T;
    } catch {
      return null;
    }
  }

  /** per_page/page slicing plus GitHub's Link header (next, last, first, prev). */
  private paginate<T>(url: URL, items: T[]): { items: T[]; headers: Record<string, string> } {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const pageUrl = (n: number): string => {
      const q = new URLSearchParams(url.searchParams);
      q.set('page', String(n));
      const rest = url.pathname.replace(/^\/repos\/[^/]+\/[^/]+/, '').replace(/^\/repositories\/\d+/, '');
      return `<${this.apiUrl}/repositories/${this.repoId}${rest}?${q.toString()}>`;
    };
    const links: string[] = [];
    if (page > 1) links.push(`${pageUrl(page - 1)}; rel="prev"`);
    if (page < last) links.push(`${pageUrl(page + 1)}; rel="next"`, `${pageUrl(last)}; rel="last"`);
    if (page > 1) links.push(`${pageUrl(1)}; rel="first"`);
    return {
      items: items.slice((page - 1) * perPage, page * perPage),
      headers: links.length > 0 ? { link: links.join(', ') } : {},
    };
  }

  // ---------------------------------------------------------------- JSON shapes

  private userJson(u: { login: string; id: number; type: string }): Record<string, unknown> {
    return {
      login: u.login,
      id: u.id,
      node_id: `U_${u.id}`,
      type: u.type,
      site_admin: false,
      html_url: `https://github.com/${u.login.replace('[bot]', '')}`,
    };
  }

  private repoJson(fullName: string): Record<string, unknown> {
    const [owner, name] = fullName.split('/');
    const fork = fullName.toLowerCase() !== this.fullName.toLowerCase();
    return {
      id: fork ? this.repoId + 1 : this.repoId,
      name,
      full_name: fullName,
      fork,
      owner: { login: owner, type: 'User' },
      html_url: `https://github.com/${fullName}`,
    };
  }

  private runJson(run: EmulatedRun): Record<string, unknown> {
    return {
      id: run.id,
      name: run.name,
      node_id: `WFR_${run.id}`,
      head_branch: run.headBranch,
      head_sha: run.headSha,
      path: run.workflowPath,
      display_title: run.name,
      run_number: run.runNumber,
      event: run.event,
      status: run.status,
      conclusion: run.conclusion,
      workflow_id: run.workflowId,
      url: `${this.apiUrl}/repos/${this.fullName}/actions/runs/${run.id}`,
      html_url: `https://github.com/${this.fullName}/actions/runs/${run.id}`,
      pull_requests: [],
      created_at: run.createdAt,
      updated_at: run.updatedAt,
      run_attempt: run.runAttempt,
      run_started_at: run.createdAt,
      artifacts_url: `${this.apiUrl}/repos/${this.fullName}/actions/runs/${run.id}/artifacts`,
      head_repository: this.repoJson(run.headRepository),
      repository: this.repoJson(this.fullName),
    };
  }

  private artifactJson(a: EmulatedArtifact): Record<string, unknown> {
    const run = this.runs.get(a.runId);
    return {
      id: a.id,
      node_id: `MDg6QXJ0aWZhY3Q${a.id}`,
      name: a.name,
      size_in_bytes: a.size,
      url: `${this.apiUrl}/repos/${this.fullName}/actions/artifacts/${a.id}`,
      archive_download_url: `${this.apiUrl}/repos/${this.fullName}/actions/artifacts/${a.id}/zip`,
      expired: a.expired,
      digest: a.digest,
      created_at: a.createdAt,
      updated_at: a.createdAt,
      expires_at: a.expiresAt,
      workflow_run: run
        ? {
            id: run.id,
            repository_id: this.repoId,
            head_repository_id: this.repoId,
            head_branch: run.headBranch,
            head_sha: run.headSha,
          }
        : null,
    };
  }

  private labelJson(name: string): Record<string, unknown> {
    const l = this.label(name);
    return {
      id: l.id,
      node_id: `LA_${l.id}`,
      url: `${this.apiUrl}/repos/${this.fullName}/labels/${encodeURIComponent(l.name)}`,
      name: l.name,
      color: 'ededed',
      default: false,
      description: null,
    };
  }

  private issueJson(i: EmulatedIssue): Record<string, unknown> {
    const api = `${this.apiUrl}/repos/${this.fullName}/issues/${i.number}`;
    return {
      url: api,
      repository_url: `${this.apiUrl}/repos/${this.fullName}`,
      labels_url: `${api}/labels{/name}`,
      comments_url: `${api}/comments`,
      events_url: `${api}/events`,
      html_url: `https://github.com/${this.fullName}/${i.pull ? 'pull' : 'issues'}/${i.number}`,
      id: 3000000000 + i.number,
      node_id: `I_${i.number}`,
      number: i.number,
      title: i.title,
      user: this.userJson(i.user),
      labels: i.labels.map((name) => this.labelJson(name)),
      state: i.state,
      locked: false,
      assignee: null,
      assignees: [],
      milestone: null,
      comments: this.commentsOn(i.number).length,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
      closed_at: i.closedAt,
      author_association: i.user.type === 'Bot' ? 'NONE' : 'MEMBER',
      active_lock_reason: null,
      body: i.body,
      state_reason: i.stateReason,
      ...(i.pull
        ? {
            draft: false,
            pull_request: {
              url: `${this.apiUrl}/repos/${this.fullName}/pulls/${i.number}`,
              html_url: `https://github.com/${this.fullName}/pull/${i.number}`,
              diff_url: `https://github.com/${this.fullName}/pull/${i.number}.diff`,
              patch_url: `https://github.com/${this.fullName}/pull/${i.number}.patch`,
              merged_at: null,
            },
          }
        : {}),
      performed_via_github_app:
        i.user.login === BOT_LOGIN ? { id: 15368, slug: 'github-actions', name: 'GitHub Actions' } : null,
    };
  }

  private commentJson(c: EmulatedComment): Record<string, unknown> {
    const kind = this.issues.get(c.issue)?.pull ? 'pull' : 'issues';
    return {
      id: c.id,
      node_id: `IC_${c.id}`,
      url: `${this.apiUrl}/repos/${this.fullName}/issues/comments/${c.id}`,
      html_url: `https://github.com/${this.fullName}/${kind}/${c.issue}#issuecomment-${c.id}`,
      issue_url: `${this.apiUrl}/repos/${this.fullName}/issues/${c.issue}`,
      body: c.body,
      user: this.userJson(c.user),
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      author_association: c.user.type === 'Bot' ? 'NONE' : 'MEMBER',
      performed_via_github_app:
        c.user.login === BOT_LOGIN ? { id: 15368, slug: 'github-actions', name: 'GitHub Actions' } : null,
    };
  }

  // ---------------------------------------------------------------- routes

  private defineRoutes(): void {
    const R = (t: string): [string, string] => {
      const sp = t.indexOf(' ');
      return [t.slice(0, sp), t.slice(sp + 1)];
    };

    this.route(...R(ROUTES.listWorkflowRuns), 'rest', ({ url, params }) => {
      const wfParam = params.workflow_id!;
      const wf = [...this.workflows.values()].find((w) => String(w.id) === wfParam || w.path.endsWith(`/${wfParam}`));
      if (!wf) return this.error(404, 'Not Found');
      const q = url.searchParams;
      const conclusions = [
        'success',
        'failure',
        'neutral',
        'cancelled',
        'skipped',
        'timed_out',
        'action_required',
        'stale',
      ];
      const status = q.get('status');
      const runs = [...this.runs.values()]
        .filter((r) => r.workflowId === wf.id)
        .filter((r) => !q.get('branch') || r.headBranch === q.get('branch'))
        .filter((r) => !q.get('event') || r.event === q.get('event'))
        .filter((r) => !q.get('head_sha') || r.headSha === q.get('head_sha'))
        .filter((r) => !status || (conclusions.includes(status) ? r.conclusion === status : r.status === status))
        // Newest first, as GitHub lists them.
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
      const page = this.paginate(url, runs);
      return {
        status: 200,
        headers: page.headers,
        body: { total_count: runs.length, workflow_runs: page.items.map((r) => this.runJson(r)) },
      };
    });

    this.route(...R(ROUTES.getRun), 'rest', ({ params }) => {
      const run = this.runs.get(Number(params.run_id));
      return run ? { status: 200, body: this.runJson(run) } : this.error(404, 'Not Found');
    });

    this.route(...R(ROUTES.listRunArtifacts), 'rest', ({ url, params }) => {
      const run = this.runs.get(Number(params.run_id));
      if (!run) return this.error(404, 'Not Found');
      const name = url.searchParams.get('name');
      const list = this.artifactsOf(run.id)
        .filter((a) => name === null || a.name === name)
        .sort((a, b) => b.id - a.id);
      const page = this.paginate(url, list);
      return {
        status: 200,
        headers: page.headers,
        body: { total_count: list.length, artifacts: page.items.map((a) => this.artifactJson(a)) },
      };
    });

    this.route(...R(ROUTES.getArtifact), 'rest', ({ params }) => {
      const art = this.artifacts.get(Number(params.artifact_id));
      return art?.finalized ? { status: 200, body: this.artifactJson(art) } : this.error(404, 'Not Found');
    });

    this.route(...R(ROUTES.downloadArtifact), 'rest', ({ params }) => {
      const art = this.artifacts.get(Number(params.artifact_id));
      if (!art?.finalized || params.archive_format !== 'zip') return this.error(404, 'Not Found');
      if (art.expired) return this.error(410, 'Artifact has expired');
      const location = this.signBlobUrl(art.blobPath, 'r', { rscd: `attachment; filename="${art.name}.zip"` });
      return { status: 302, headers: { location } };
    });

    this.route(...R(ROUTES.listComments), 'rest', ({ url, params }) => {
      const num = Number(params.issue_number);
      if (!this.issues.has(num)) return this.error(404, 'Not Found');
      const page = this.paginate(url, this.commentsOn(num));
      return { status: 200, headers: page.headers, body: page.items.map((c) => this.commentJson(c)) };
    });

    this.route(...R(ROUTES.createComment), 'rest', ({ params, body, token }) => {
      const num = Number(params.issue_number);
      if (!this.issues.has(num)) return this.error(404, 'Not Found');
      const input = this.json<{ body?: unknown }>(body);
      if (input === null) return this.error(400, 'Problems parsing JSON');
      const invalid = this.validateBody(input.body, 'create-an-issue-comment');
      if (invalid) return invalid;
      const c = this.addComment(num, input.body as string, { login: token!.login, type: token!.type });
      return {
        status: 201,
        headers: { location: `${this.apiUrl}/repos/${this.fullName}/issues/comments/${c.id}` },
        body: this.commentJson(c),
      };
    });

    this.route(...R(ROUTES.updateComment), 'rest', ({ params, body }) => {
      const c = this.comments.get(Number(params.comment_id));
      if (!c) return this.error(404, 'Not Found');
      const input = this.json<{ body?: unknown }>(body);
      if (input === null) return this.error(400, 'Problems parsing JSON');
      const invalid = this.validateBody(input.body, 'update-an-issue-comment');
      if (invalid) return invalid;
      this.clock += 1000;
      c.body = input.body as string;
      c.updatedAt = iso(this.clock);
      return { status: 200, body: this.commentJson(c) };
    });

    this.route(...R(ROUTES.listLabels), 'rest', ({ url, params }) => {
      const issue = this.issues.get(Number(params.issue_number));
      if (!issue) return this.error(404, 'Not Found');
      const page = this.paginate(
        url,
        issue.labels.map((name) => this.labelJson(name)),
      );
      return { status: 200, headers: page.headers, body: page.items };
    });

    this.route(...R(ROUTES.listIssues), 'rest', ({ url }) => {
      const q = url.searchParams;
      const state = q.get('state') ?? 'open';
      if (!['open', 'closed', 'all'].includes(state))
        return this.validationFailed('state', state, 'list-repository-issues');
      const sort = q.get('sort') ?? 'created';
      if (!['created', 'updated', 'comments'].includes(sort))
        return this.validationFailed('sort', sort, 'list-repository-issues');
      const direction = q.get('direction') ?? 'desc';
      if (!['asc', 'desc'].includes(direction))
        return this.validationFailed('direction', direction, 'list-repository-issues');
      // `labels` is a comma-separated list; an issue must carry all of them.
      const want = (q.get('labels') ?? '')
        .split(',')
        .map((l) => l.trim().toLowerCase())
        .filter((l) => l !== '');
      const creator = q.get('creator')?.toLowerCase();
      const key = (i: EmulatedIssue): string =>
        sort === 'updated'
          ? i.updatedAt
          : sort === 'comments'
            ? String(this.commentsOn(i.number).length).padStart(9, '0')
            : i.createdAt;
      const list = [...this.issues.values()]
        .filter((i) => state === 'all' || i.state === state)
        .filter((i) => want.every((l) => i.labels.some((have) => have.toLowerCase() === l)))
        .filter((i) => creator === undefined || i.user.login.toLowerCase() === creator)
        .sort((a, b) => (direction === 'asc' ? 1 : -1) * (key(a).localeCompare(key(b)) || a.number - b.number));
      const page = this.paginate(url, list);
      return { status: 200, headers: page.headers, body: page.items.map((i) => this.issueJson(i)) };
    });

    this.route(...R(ROUTES.getIssue), 'rest', ({ params }) => {
      const issue = this.issues.get(Number(params.issue_number));
      return issue ? { status: 200, body: this.issueJson(issue) } : this.error(404, 'Not Found');
    });

    this.route(...R(ROUTES.createIssue), 'rest', ({ body, token }) => {
      const input = this.json<{ title?: unknown; body?: unknown; labels?: unknown }>(body);
      if (input === null) return this.error(400, 'Problems parsing JSON');
      if (typeof input.title !== 'string' && typeof input.title !== 'number') {
        return this.error(422, 'Invalid request.\n\n"title" wasn\'t supplied.', {
          documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue',
        });
      }
      if (String(input.title).trim() === '') return this.issueInvalid('title', 'missing_field', 'create-an-issue');
      const invalid = this.validateIssueFields(input, 'create-an-issue');
      if (invalid) return invalid;
      const num = Math.max(0, ...this.issues.keys()) + 1;
      const issue = this.newIssue(num, {
        title: String(input.title),
        user: { login: token!.login, type: token!.type },
        labels: this.labelNames(input.labels),
      });
      issue.body = typeof input.body === 'string' ? input.body : null;
      this.issues.set(num, issue);
      return {
        status: 201,
        headers: { location: `${this.apiUrl}/repos/${this.fullName}/issues/${num}` },
        body: this.issueJson(issue),
      };
    });

    this.route(...R(ROUTES.updateIssue), 'rest', ({ params, body }) => {
      const issue = this.issues.get(Number(params.issue_number));
      if (!issue) return this.error(404, 'Not Found');
      const input = this.json<{
        title?: unknown;
        body?: unknown;
        state?: unknown;
        state_reason?: unknown;
        labels?: unknown;
      }>(body);
      if (input === null) return this.error(400, 'Problems parsing JSON');
      const invalid = this.validateIssueFields(input, 'update-an-issue');
      if (invalid) return invalid;
      if (input.state !== undefined && input.state !== 'open' && input.state !== 'closed')
        return this.validationFailed('state', shown(input.state), 'update-an-issue');
      if (
        input.state_reason !== undefined &&
        input.state_reason !== null &&
        !['completed', 'not_planned', 'reopened'].includes(shown(input.state_reason))
      ) {
        return this.validationFailed('state_reason', shown(input.state_reason), 'update-an-issue');
      }
      if (input.title !== undefined) {
        if (typeof input.title !== 'string' || input.title.trim() === '')
          return this.issueInvalid('title', 'missing_field', 'update-an-issue');
        issue.title = input.title;
      }
      if (input.body !== undefined) issue.body = typeof input.body === 'string' ? input.body : null;
      if (input.labels !== undefined) issue.labels = this.labelNames(input.labels);
      this.clock += 1000;
      if (input.state === 'closed' && issue.state === 'open') {
        issue.state = 'closed';
        issue.closedAt = iso(this.clock);
        issue.stateReason = input.state_reason === 'not_planned' ? 'not_planned' : 'completed';
      } else if (input.state === 'open' && issue.state === 'closed') {
        issue.state = 'open';
        issue.closedAt = null;
        issue.stateReason = 'reopened';
      }
      issue.updatedAt = iso(this.clock);
      return { status: 200, body: this.issueJson(issue) };
    });

    this.route(...R(ROUTES.getPull), 'rest', ({ params }) => {
      const pr = this.issues.get(Number(params.pull_number))?.pull;
      if (!pr) return this.error(404, 'Not Found');
      const labels = this.issues.get(pr.number)!.labels.map((name) => this.labelJson(name));
      return {
        status: 200,
        body: {
          number: pr.number,
          state: 'open',
          html_url: `https://github.com/${this.fullName}/pull/${pr.number}`,
          user: this.userJson({ login: pr.user ?? 'octocat', id: 583231, type: 'User' }),
          labels,
          head: { ref: pr.head.ref, sha: pr.head.sha, repo: this.repoJson(pr.head.repository ?? this.fullName) },
          base: { ref: pr.base.ref, sha: pr.base.sha, repo: this.repoJson(this.fullName) },
        },
      };
    });

    this.route(...R(ROUTES.compare), 'rest', ({ params }) => {
      const mergeBase = this.mergeBases.get(params.basehead!);
      if (!mergeBase) return this.error(404, 'Not Found');
      return {
        status: 200,
        body: {
          status: 'diverged',
          ahead_by: 1,
          behind_by: 1,
          total_commits: 1,
          merge_base_commit: { sha: mergeBase },
          base_commit: { sha: params.basehead!.split('...')[0] },
          commits: [],
          files: [],
        },
      };
    });

    // ---- Actions results service (twirp, JSON) ----
    const twirp = (
      method: string,
      handle: (req: Record<string, unknown>, ids: { run: string; job: string }) => Reply,
    ): void => {
      this.route('POST', `${TWIRP}/${method}`, 'twirp', ({ req, body }) => {
        const auth = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
        const ids = auth ? this.verifyJwt(auth[1]!) : null;
        if (!ids) return this.twirpError(401, 'unauthenticated', 'invalid or missing runtime token');
        const input = this.json<Record<string, unknown>>(body);
        if (input === null) return this.twirpError(400, 'malformed', 'request body is not JSON');
        if (
          input.workflow_run_backend_id !== ids.run ||
          (input.workflow_job_run_backend_id !== undefined && input.workflow_job_run_backend_id !== ids.job)
        ) {
          return this.twirpError(403, 'permission_denied', 'backend ids do not match the runtime token');
        }
        return handle(input, ids);
      });
    };
    const runByBackend = (id: string): EmulatedRun | undefined =>
      [...this.runs.values()].find((r) => r.backendId === id);

    twirp('CreateArtifact', (input, ids) => {
      const run = runByBackend(ids.run);
      const name = typeof input.name === 'string' ? input.name : '';
      if (!run || name === '') return this.twirpError(400, 'invalid_argument', 'unknown run or empty name');
      if ([...this.artifacts.values()].some((a) => a.runId === run.id && a.name === name && a.finalized)) {
        return this.twirpError(409, 'already_exists', `an artifact with this name already exists on the workflow run`);
      }
      // A retried CreateArtifact for the same unfinished upload starts over.
      for (const a of this.artifacts.values())
        if (a.runId === run.id && a.name === name && !a.finalized) this.artifacts.delete(a.id);
      const mime = typeof input.mime_type === 'string' ? input.mime_type : 'application/zip';
      const art = this.newArtifact(
        run,
        name,
        mime,
        typeof input.expires_at === 'string' ? input.expires_at.replace(/\.\d+Z$/, 'Z') : null,
      );
      this.blobs.set(art.blobPath, { blocks: new Map(), committed: null, contentType: mime });
      return { status: 200, body: { ok: true, signed_upload_url: this.signBlobUrl(art.blobPath, 'cw') } };
    });

    twirp('FinalizeArtifact', (input, ids) => {
      const art = [...this.artifacts.values()].find(
        (a) => a.runBackendId === ids.run && a.name === input.name && !a.finalized,
      );
      if (!art) return this.twirpError(404, 'not_found', `artifact '${String(input.name)}' was not created`);
      const blob = this.blobs.get(art.blobPath);
      if (!blob?.committed) return this.twirpError(400, 'failed_precondition', 'no content was uploaded');
      if (Number(input.size) !== blob.committed.length)
        return this.twirpError(
          400,
          'invalid_argument',
          `size ${String(input.size)} does not match the ${blob.committed.length} bytes uploaded`,
        );
      const digest = `sha256:${createHash('sha256').update(blob.committed).digest('hex')}`;
      if (typeof input.hash === 'string' && input.hash !== digest)
        return this.twirpError(400, 'invalid_argument', 'hash does not match the uploaded content');
      art.size = blob.committed.length;
      art.digest = digest;
      art.finalized = true;
      return { status: 200, body: { ok: true, artifact_id: String(art.id) } };
    });

    twirp('ListArtifacts', (input, ids) => {
      const list = [...this.artifacts.values()]
        .filter((a) => a.finalized && !a.expired && a.runBackendId === ids.run)
        .filter((a) => typeof input.name_filter !== 'string' || a.name === input.name_filter)
        .filter((a) => input.id_filter === undefined || String(a.id) === shown(input.id_filter));
      return {
        status: 200,
        body: {
          artifacts: list.map((a) => ({
            workflow_run_backend_id: a.runBackendId,
            workflow_job_run_backend_id: a.jobBackendId,
            database_id: String(a.id),
            name: a.name,
            size: String(a.size),
            created_at: a.createdAt,
            ...(a.digest ? { digest: a.digest } : {}),
          })),
        },
      };
    });

    twirp('GetSignedArtifactURL', (input, ids) => {
      const art = [...this.artifacts.values()].find(
        (a) => a.finalized && !a.expired && a.runBackendId === ids.run && a.name === input.name,
      );
      if (!art) return this.twirpError(404, 'not_found', `artifact '${String(input.name)}' not found`);
      return {
        status: 200,
        body: { signed_url: this.signBlobUrl(art.blobPath, 'r', { rscd: `attachment; filename="${art.name}.zip"` }) },
      };
    });

    // ---- blob storage (what @azure/storage-blob's BlockBlobClient.uploadStream sends) ----
    this.route(...R(ROUTES.blobPut), 'blob', ({ req, url, body }) => {
      if (!this.checkBlobSig(url, 'w')) return this.blobError(403, 'AuthenticationFailed');
      const blob = this.blobs.get(url.pathname);
      if (!blob) return this.blobError(404, 'ContainerNotFound');
      const comp = url.searchParams.get('comp');
      if (comp === 'block') {
        const id = url.searchParams.get('blockid');
        if (!id) return this.blobError(400, 'InvalidQueryParameterValue');
        blob.blocks.set(id, body);
        return this.blobCreated();
      }
      if (comp === 'blocklist') {
        const ids = [...body.toString('utf8').matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map(
          (m) => m[2]!,
        );
        const parts: Buffer[] = [];
        for (const id of ids) {
          const block = blob.blocks.get(id);
          if (!block) return this.blobError(400, 'InvalidBlockList');
          parts.push(block);
        }
        blob.committed = Buffer.concat(parts);
        blob.blocks.clear();
        const type = req.headers['x-ms-blob-content-type'];
        if (typeof type === 'string') blob.contentType = type;
        return this.blobCreated();
      }
      if (comp === null && req.headers['x-ms-blob-type'] === 'BlockBlob') {
        blob.committed = body;
        const type = req.headers['x-ms-blob-content-type'];
        if (typeof type === 'string') blob.contentType = type;
        return this.blobCreated();
      }
      return this.blobError(400, 'UnsupportedQueryParameter');
    });

    this.route(...R(ROUTES.blobGet), 'blob', ({ url }) => {
      if (!this.checkBlobSig(url, 'r')) return this.blobError(403, 'AuthenticationFailed');
      const blob = this.blobs.get(url.pathname);
      if (!blob?.committed) return this.blobError(404, 'BlobNotFound');
      const headers: Record<string, string> = {
        'content-type': blob.contentType,
        'x-ms-blob-type': 'BlockBlob',
        'x-ms-version': '2023-11-03',
      };
      const rscd = url.searchParams.get('rscd');
      if (rscd) headers['content-disposition'] = rscd;
      return { status: 200, headers, raw: blob.committed };
    });

    // ---- raw file links (github.com/{o}/{r}/raw/... and the raw content host it redirects to) ----
    const sameRepo = (params: Record<string, string>): boolean =>
      params.owner?.toLowerCase() === this.owner.toLowerCase() &&
      params.repo?.toLowerCase() === this.repo.toLowerCase();
    this.route(...R(ROUTES.raw), 'raw', ({ params }): Reply => {
      if (!sameRepo(params) || !this.resolveRaw(params.path!))
        return { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' }, raw: 'Not Found' };
      const location = `${this.apiUrl}/_raw/${params.owner}/${params.repo}/${params.path!.split('/').map(encodeURIComponent).join('/')}`;
      return { status: 302, headers: { location, 'content-type': 'text/html; charset=utf-8' }, raw: '' };
    });
    this.route(...R(ROUTES.rawContent), 'raw', ({ params }) => {
      const found = sameRepo(params) ? this.resolveRaw(params.path!) : null;
      const notFound: Reply = {
        status: 404,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        raw: '404: Not Found',
      };
      if (!found || found.file === '') return notFound;
      let content: Buffer;
      try {
        content = execFileSync('git', ['--git-dir', this.rawRepo!, 'cat-file', 'blob', `${found.ref}:${found.file}`], {
          stdio: ['ignore', 'pipe', 'ignore'],
        });
      } catch {
        return notFound;
      }
      const ext = /\.([A-Za-z0-9]+)$/.exec(found.file)?.[1]?.toLowerCase() ?? '';
      return {
        status: 200,
        headers: {
          'content-type': RAW_TYPES[ext] ?? 'text/plain; charset=utf-8',
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
          'x-content-type-options': 'nosniff',
          'cache-control': 'max-age=300',
          etag: `"${createHash('sha1').update(content).digest('hex')}"`,
        },
        raw: content,
      };
    });
  }

  /** The checks GitHub makes on an issue's body and labels (create and update alike). */
  private validateIssueFields(input: { body?: unknown; labels?: unknown }, doc: string): Reply | null {
    if (input.body !== undefined && input.body !== null && typeof input.body !== 'string')
      return this.validationFailed('body', shown(input.body), doc);
    if (typeof input.body === 'string' && [...input.body].length > 65536) {
      return this.error(422, 'Validation Failed', {
        errors: [
          {
            resource: 'Issue',
            code: 'custom',
            field: 'body',
            message: 'body is too long (maximum is 65536 characters)',
          },
        ],
        documentation_url: `https://docs.github.com/rest/issues/issues#${doc}`,
      });
    }
    if (
      input.labels !== undefined &&
      !(
        Array.isArray(input.labels) &&
        input.labels.every(
          (l) =>
            typeof l === 'string' ||
            (typeof l === 'object' && l !== null && typeof (l as { name?: unknown }).name === 'string'),
        )
      )
    ) {
      return this.error(422, "Invalid request.\n\nFor 'items', {} is not a string.", {
        documentation_url: `https://docs.github.com/rest/issues/issues#${doc}`,
      });
    }
    return null;
  }

  private labelNames(labels: unknown): string[] {
    if (!Array.isArray(labels)) return [];
    const names = labels.map((l) => (typeof l === 'string' ? l : (l as { name: string }).name));
    // One label per name, spelled as the repository has it.
    return [...new Map(names.map((n) => [n.toLowerCase(), this.label(n).name])).values()];
  }

  private issueInvalid(field: string, code: string, doc: string): Reply {
    return this.error(422, 'Validation Failed', {
      errors: [{ resource: 'Issue', code, field }],
      documentation_url: `https://docs.github.com/rest/issues/issues#${doc}`,
    });
  }

  private validationFailed(field: string, value: string, doc: string): Reply {
    return this.error(422, 'Validation Failed', {
      errors: [{ value, resource: 'Issue', field, code: 'invalid' }],
      documentation_url: `https://docs.github.com/rest/issues/issues#${doc}`,
    });
  }

  private validateBody(value: unknown, doc: string): Reply | null {
    if (typeof value !== 'string') {
      return this.error(422, 'Invalid request.\n\n"body" wasn\'t supplied.', {
        documentation_url: `https://docs.github.com/rest/issues/comments#${doc}`,
      });
    }
    // GitHub counts characters, not UTF-16 units.
    if ([...value].length > 65536) {
      return this.error(422, 'Validation Failed', {
        errors: [
          {
            resource: 'IssueComment',
            code: 'custom',
            field: 'body',
            message: 'body is too long (maximum is 65536 characters)',
          },
        ],
        documentation_url: `https://docs.github.com/rest/issues/comments#${doc}`,
      });
    }
    return null;
  }

  private blobCreated(): Reply {
    return {
      status: 201,
      headers: {
        etag: `"0x${randomBytes(8).toString('hex').toUpperCase()}"`,
        'last-modified': new Date().toUTCString(),
        'x-ms-request-id': randomUUID(),
        'x-ms-version': '2023-11-03',
        'x-ms-request-server-encrypted': 'true',
        date: new Date().toUTCString(),
      },
    };
  }

  private blobError(status: number, code: string): Reply {
    return {
      status,
      headers: { 'content-type': 'application/xml', 'x-ms-error-code': code },
      raw: `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`,
    };
  }
}
