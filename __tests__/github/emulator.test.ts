/**
 * The emulator's own contract, checked with plain fetch: what GitHub answers to bad
 * credentials, how it paginates, and how the results service and signed blob URLs refuse
 * requests that the real clients must never make.
 */
import { GitHubEmulator, READ_ONLY_TOKEN, WRITE_TOKEN } from './emulator.js';
import { makeZip, readZip } from './zip.js';

let emu: GitHubEmulator;
beforeAll(async () => {
  emu = await GitHubEmulator.start();
});
afterAll(() => emu.stop());
beforeEach(() => emu.reset());

const api = (p: string, init: RequestInit & { token?: string | null } = {}) => {
  const headers: Record<string, string> = {
    accept: 'application/vnd.github+json',
    ...(init.headers as Record<string, string>),
  };
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? WRITE_TOKEN}`;
  return fetch(`${emu.apiUrl}${p}`, { ...init, headers, redirect: 'manual' });
};

it('answers 401 without or with a wrong token, 404 for another repository, 403 to a read-only write', async () => {
  emu.addPull({ number: 1, head: { ref: 'f', sha: 'b'.repeat(40) }, base: { ref: 'main', sha: 'a'.repeat(40) } });
  const none = await api(`/repos/${emu.fullName}/issues/1/comments`, { token: null });
  expect([none.status, ((await none.json()) as { message: string }).message]).toEqual([401, 'Requires authentication']);
  const bad = await api(`/repos/${emu.fullName}/issues/1/comments`, { token: 'nope' });
  expect([bad.status, ((await bad.json()) as { message: string }).message]).toEqual([401, 'Bad credentials']);
  expect((await api('/repos/someone/else/issues/1/comments')).status).toBe(404);
  const ro = await api(`/repos/${emu.fullName}/issues/1/comments`, {
    token: READ_ONLY_TOKEN,
    method: 'POST',
    body: JSON.stringify({ body: 'x' }),
  });
  expect([ro.status, ((await ro.json()) as { message: string }).message]).toEqual([
    403,
    'Resource not accessible by integration',
  ]);
  expect(emu.requests.every((r) => !JSON.stringify(r).includes(WRITE_TOKEN))).toBe(true);
});

it('paginates with a Link header like GitHub (next/last, then prev/first), served at /repositories/{id}', async () => {
  emu.addPull({ number: 1, head: { ref: 'f', sha: 'b'.repeat(40) }, base: { ref: 'main', sha: 'a'.repeat(40) } });
  for (let i = 0; i < 5; i++) emu.addComment(1, `c${i}`);
  const p1 = await api(`/repos/${emu.fullName}/issues/1/comments?per_page=2`);
  const base = `${emu.apiUrl}/repositories/${emu.repoId}/issues/1/comments`;
  expect(p1.headers.get('link')).toBe(
    `<${base}?per_page=2&page=2>; rel="next", <${base}?per_page=2&page=3>; rel="last"`,
  );
  const p2 = await api(`/repositories/${emu.repoId}/issues/1/comments?per_page=2&page=2`);
  expect(((await p2.json()) as { body: string }[]).map((c) => c.body)).toEqual(['c2', 'c3']);
  expect(p2.headers.get('link')).toBe(
    `<${base}?per_page=2&page=1>; rel="prev", <${base}?per_page=2&page=3>; rel="next", <${base}?per_page=2&page=3>; rel="last", <${base}?per_page=2&page=1>; rel="first"`,
  );
  const p3 = await api(`/repos/${emu.fullName}/issues/1/comments?per_page=2&page=3`);
  expect(p3.headers.get('link')).not.toContain('rel="next"');
});

it('redirects an artifact download to a signed blob URL, refuses a tampered one, and 410s when expired', async () => {
  const run = emu.addRun({ headSha: 'a'.repeat(40) });
  const art = emu.addArtifact(run.id, 'b', { 'results.json': '{}' });
  const r = await api(`/repos/${emu.fullName}/actions/artifacts/${art.id}/zip`);
  expect(r.status).toBe(302);
  const location = r.headers.get('location')!;
  expect(location).toMatch(/\/blob\/actions-results\/.+\.zip\?.*sp=r.*&sig=/);
  const blob = await fetch(location);
  expect([blob.status, blob.headers.get('content-type')]).toEqual([200, 'application/zip']);
  expect(readZip(Buffer.from(await blob.arrayBuffer()))['results.json']!.toString()).toBe('{}');
  expect((await fetch(location.replace(/sig=[^&]+/, 'sig=forged'))).status).toBe(403);
  // The read signature does not allow writing.
  expect((await fetch(location, { method: 'PUT', body: 'x', headers: { 'x-ms-blob-type': 'BlockBlob' } })).status).toBe(
    403,
  );
  emu.expireArtifact(art.id);
  expect((await api(`/repos/${emu.fullName}/actions/artifacts/${art.id}/zip`)).status).toBe(410);
});

it('results service: 401 without a runtime token, permission_denied for another run’s backend ids', async () => {
  const run = emu.addRun({ headSha: 'a'.repeat(40), status: 'in_progress' });
  const other = emu.addRun({ headSha: 'b'.repeat(40), status: 'in_progress' });
  const twirp = (token: string | null, body: unknown) =>
    fetch(`${emu.resultsUrl}twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const req = {
    workflow_run_backend_id: run.backendId,
    workflow_job_run_backend_id: run.jobBackendId,
    name: 'x',
    version: 7,
  };
  expect((await twirp(null, req)).status).toBe(401);
  const denied = await twirp(other.runtimeToken, req);
  expect([denied.status, await denied.json()]).toEqual([
    403,
    { code: 'permission_denied', msg: 'backend ids do not match the runtime token' },
  ]);
  const ok = await twirp(run.runtimeToken, req);
  expect(ok.status).toBe(200);
  // Created but never finalized: invisible through REST.
  expect(emu.artifactsOf(run.id)).toEqual([]);
});

it('zip helper round-trips', () => {
  const files = { 'a.txt': 'hello', 'dir/b.bin': Buffer.from([0, 1, 2, 255]) };
  const back = readZip(makeZip(files));
  expect(back['a.txt']!.toString()).toBe('hello');
  expect([...back['dir/b.bin']!]).toEqual([0, 1, 2, 255]);
});
