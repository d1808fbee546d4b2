/**
 * Defence in depth (issue 17): text that reaches a writer without passing a scrubbed door (a
 * frame name in a flame graph, a message built from a library's error) is still scrubbed where it
 * leaves: every GitHub API parameter, every text file of an artifact, results/comparison JSON,
 * history lines, files and commit messages on the data branch. Each check feeds the writer the
 * secret directly and reads back what the emulator or git received; each failed before its
 * writer scrubbed.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WRITE_TOKEN } from '../github/emulator.js';
import { startHarness, type Harness } from '../github/harness.js';
import { registerSecrets } from '../../src/tools/secrets.js';
import { writeJsonAtomic } from '../../src/results/results-file.js';
import { appendWhole, writeFileAtomic } from '../../src/tools/atomic.js';

const SECRET = `ghp_${randomBytes(18).toString('hex')}`;
const b64 = Buffer.from(SECRET).toString('base64').replace(/=+$/, '');
const tmp = (prefix: string): string => mkdtempSync(path.join(os.tmpdir(), prefix));

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  registerSecrets([SECRET]);
});
afterAll(() => h.stop());

it('every GitHub API parameter (comment bodies, issue titles) is scrubbed before it is sent', async () => {
  const gh = await import('../../src/store/github.js');
  const client = gh.createGitHubClient({ token: WRITE_TOKEN, retryUnitMs: 5, id: randomBytes(4).toString('hex') });
  h.emu.addPull({ number: 5, head: { ref: 'f', sha: 'b'.repeat(40) }, base: { ref: 'main', sha: 'a'.repeat(40) } });
  await client.rest.issues.createComment({
    owner: h.emu.owner,
    repo: h.emu.repo,
    issue_number: 5,
    body: `leak ${SECRET} and ${b64}`,
  });
  const created = await client.rest.issues.create({
    owner: h.emu.owner,
    repo: h.emu.repo,
    title: `title ${SECRET}`,
    body: 'x',
    labels: [`l-${SECRET}`],
  });
  expect(h.emu.commentsOn(5).map((c) => c.body)).toEqual(['leak *** and ***']);
  expect([created.data.title, created.data.labels.map((l) => (typeof l === 'string' ? l : l.name))]).toEqual([
    'title ***',
    ['l-***'],
  ]);
  for (const r of h.emu.requests) expect(r.body.toString('latin1')).not.toContain(SECRET);
});

it('every text file of an artifact is scrubbed before the upload; a binary file is left as it is', async () => {
  const arts = await import('../../src/store/artifacts.js');
  const run = h.emu.addRun({ headSha: 'c'.repeat(40), event: 'push', status: 'in_progress' });
  h.asJobOf(run);
  const dir = tmp('pg-secrets-art-');
  const svg = path.join(dir, 'diff.svg');
  const bin = path.join(dir, 'perf.data');
  writeFileSync(svg, `<svg><title>main;leak_${SECRET} (3 samples)</title></svg>\n`);
  const binary = Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(SECRET)]);
  writeFileSync(bin, binary);
  const up = await arts.actionsArtifactTransport({ token: WRITE_TOKEN }).upload('graphs', [svg, bin], dir);
  const files = h.emu.artifactFiles(up.id);
  expect(files['diff.svg']?.toString('utf8')).toBe('<svg><title>main;leak_*** (3 samples)</title></svg>\n');
  expect(files['perf.data']?.equals(binary)).toBe(true);
});

it('every file perfgate writes (tools/atomic.ts: JSON, reports, flame graphs, history lines), data-ref files and commit messages are scrubbed when written', async () => {
  const dir = tmp('pg-secrets-json-');
  await writeJsonAtomic(path.join(dir, 'results.json'), { error: `stderr: ${SECRET}`, nested: [{ b64 }] });
  expect(readFileSync(path.join(dir, 'results.json'), 'utf8')).toBe(
    `{\n  "error": "stderr: ***",\n  "nested": [\n    {\n      "b64": "***"\n    }\n  ]\n}\n`,
  );
  await writeFileAtomic(path.join(dir, 'diff.svg'), `<title>${SECRET}</title>`);
  expect(readFileSync(path.join(dir, 'diff.svg'), 'utf8')).toBe('<title>***</title>');
  await appendWhole(path.join(dir, '2026-12.jsonl'), `{"ref":"refs/heads/${SECRET}"}\n`, '1 history record');
  expect(readFileSync(path.join(dir, '2026-12.jsonl'), 'utf8')).toBe('{"ref":"refs/heads/***"}\n');

  const { commitToDataRef } = await import('../../src/store/data-ref.js');
  const bare = path.join(tmp('pg-secrets-data-'), 'origin.git');
  execFileSync('git', ['init', '-q', '--bare', bare]);
  await commitToDataRef(
    { remote: bare, ref: 'refs/perfgate/images/2026-12' },
    [{ path: 'images/x.svg', content: `<svg>${SECRET}</svg>` }],
    `images for ${SECRET}`,
  );
  const show = (what: string): string => execFileSync('git', ['-C', bare, ...what.split(' ')], { encoding: 'utf8' });
  expect(show('show refs/perfgate/images/2026-12:images/x.svg')).toBe('<svg>***</svg>');
  expect(show('log -1 --format=%B refs/perfgate/images/2026-12').trim()).toBe('images for ***');
});
