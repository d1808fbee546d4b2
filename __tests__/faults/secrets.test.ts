/**
 * No leaked secret (issue 17). The bundled action (dist/index.js) against the loopback emulator,
 * with a token this test makes up: a benchmark and a setup that print the token (as is, base64
 * at two offsets, URL-encoded) leave no trace of it in any file perfgate writes (workspace,
 * output directory, runner temp, perfgate's temp directories), in any request body the emulator
 * received, nor inside any artifact it stored. A benchmark and a setup that walk up their
 * ancestors' /proc/PID/environ and cmdline find no token. Both first failed against the previous
 * dist/index.js: the token was in the comment's stderr block, the summary, report.md,
 * comparison.json and results.json, and in perfgate's own /proc/PID/environ.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BOT_LOGIN, GitHubEmulator } from '../github/emulator.js';
import { pullRequestEvent, pushEvent, runAction } from '../github/runner.js';
import { makeScrubber, secretForms, secretsFromEnv, MIN_SECRET_LENGTH } from '../../src/tools/secrets.js';
import { environRange } from '../../src/tools/environ.js';
import { perfgate } from '../helpers/cli.js';

const letters = (n: number): string => {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(n)].map((b) => abc[b % abc.length]).join('');
};
/** The job's token, and an extra secret listed in the `scrub` input (URL-encoding changes it). */
const TOKEN = `ghs_${letters(36)}`;
const EXTRA = `pw/${letters(12)}+=?&`;

/** The forms a leak could take: as printed by the commands below. */
function leakForms(secret: string): string[] {
  const b64 = (s: string): string => Buffer.from(s).toString('base64').replace(/=+$/, '');
  // Offset 1 ('x' before it): the middle of the encoding, where the secret's own bits are.
  const shifted = b64(`x${secret}`).slice(2, -2);
  return [secret, b64(secret), shifted, encodeURIComponent(secret)];
}

/** Every regular file under dir (symlinks not followed), with its bytes. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const name of entries) {
      const p = path.join(d, name);
      const st = lstatSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(p);
      else if (st?.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Where any form of the secrets occurs: `place: form`. */
function leaks(texts: { place: string; text: Buffer | string }[]): string[] {
  const found: string[] = [];
  for (const { place, text } of texts) {
    const s = typeof text === 'string' ? text : text.toString('latin1');
    for (const secret of [TOKEN, EXTRA])
      for (const form of leakForms(secret)) if (s.includes(form)) found.push(`${place}: ${form}`);
  }
  return found;
}

/** A shell script that walks from itself up to PID 1, dumping each process's cmdline and environ. */
const WALK = `#!/bin/sh
# Reads what a benchmark can read of its ancestors: /proc/PID/environ and /proc/PID/cmdline.
out="$PROBE/$1-$$.txt"
pid=$$
while [ -n "$pid" ] && [ "$pid" -gt 0 ]; do
  printf '== pid %s cmdline: %s\\n' "$pid" "$(tr '\\0' ' ' < /proc/$pid/cmdline)" >> "$out"
  if ! tr '\\0' '\\n' < /proc/$pid/environ >> "$out" 2>/dev/null; then echo "(environ unreadable)" >> "$out"; fi
  [ "$pid" = 1 ] && break
  pid=$(awk '/^PPid:/ { print $2 }' /proc/$pid/status)
done
`;

/** Prints each secret as is, base64 (offsets 0 and 1) and URL-encoded, to stdout and stderr. */
const LEAK = `#!/bin/sh
for f in "$SECRETS"/*; do
  t=$(cat "$f")
  echo "boom-$t" >&2
  printf %s "$t" | base64 -w0 >&2; echo >&2
  printf 'x%s' "$t" | base64 -w0; echo
  printf %s "$t" | node -e 'process.stdout.write(encodeURIComponent(require("fs").readFileSync(0, "utf8")))' >&2; echo >&2
done
`;

let emu: GitHubEmulator;
let started: number;
const secretsDir = mkdtempSync(path.join(os.tmpdir(), 'pg-secrets-given-'));
const probe = mkdtempSync(path.join(os.tmpdir(), 'pg-secrets-probe-'));

beforeAll(async () => {
  started = Date.now();
  // What a benchmark got hold of (the test hands it over outside every place that is searched).
  writeFileSync(path.join(secretsDir, 'token'), TOKEN);
  writeFileSync(path.join(secretsDir, 'extra'), EXTRA);
  emu = await GitHubEmulator.start({ tokens: { [TOKEN]: { login: BOT_LOGIN, type: 'Bot' } } });
});
afterAll(async () => {
  await emu.stop();
});

function makeRepo(suite: string): { dir: string; git: (...a: string[]) => string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-secrets-repo-'));
  const git = (...args: string[]): string => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
  git('init', '-q');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'perfgate test');
  writeFileSync(path.join(dir, 'walk.sh'), WALK, { mode: 0o755 });
  writeFileSync(path.join(dir, 'leak.sh'), LEAK, { mode: 0o755 });
  writeFileSync(path.join(dir, 'perfgate.yml'), suite);
  writeFileSync(path.join(dir, '.gitignore'), '.perfgate/\n');
  git('add', '-A');
  git('commit', '-qm', 'base');
  return { dir, git };
}

/** Everything perfgate wrote or sent in this test: files, request bodies, artifact contents. */
function everything(dirs: string[], runIds: number[]): { place: string; text: Buffer | string }[] {
  const texts: { place: string; text: Buffer | string }[] = [];
  // A file may vanish between listing and reading: other test runs share the temp directory.
  const read = (f: string): void => {
    try {
      texts.push({ place: f, text: readFileSync(f) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  };
  for (const d of dirs) for (const f of filesUnder(d)) read(f);
  // perfgate's scratch directories (it removes them on exit; any left behind count too).
  for (const name of readdirSync(os.tmpdir())) {
    const p = path.join(os.tmpdir(), name);
    if (/^perfgate-/.test(name) && (statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 0) >= started)
      for (const f of filesUnder(p)) read(f);
  }
  for (const [i, r] of emu.requests.entries())
    texts.push({ place: `request ${i} ${r.method} ${r.path}`, text: r.body });
  for (const id of runIds) {
    for (const a of emu.artifactsOf(id))
      for (const [name, data] of Object.entries(emu.artifactFiles(a.id)))
        texts.push({ place: `artifact ${a.name}/${name}`, text: data });
  }
  return texts;
}

/** The log without the runner's mask commands (the runner consumes those lines). */
const logLines = (s: string): string =>
  s
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');

describe('the token does not leave through perfgate', () => {
  it("a failing benchmark that prints the token (as is, base64, URL-encoded): nothing written or sent holds it; ancestors' environ holds no token", async () => {
    const repo = makeRepo(
      [
        'version: 1',
        `setup: PROBE="${probe}" ./walk.sh setup`,
        `defaults: { iterations: 3, warmup: 0, env: { PROBE: "${probe}", SECRETS: "${secretsDir}" } }`,
        'benchmarks:',
        '  - name: boom',
        // Prints on both sides; fails on head only (NOTES is the head commit's file), so the stderr block is the comment's.
        '    run: ./leak.sh; if [ -e NOTES ]; then exit 3; fi',
        '  - name: walker',
        '    run: ./walk.sh bench',
        '',
      ].join('\n'),
    );
    const base = repo.git('rev-parse', 'HEAD');
    writeFileSync(path.join(repo.dir, 'NOTES'), 'docs\n');
    repo.git('add', 'NOTES');
    repo.git('commit', '-qm', 'docs');
    const head = repo.git('rev-parse', 'HEAD');
    emu.addPull({ number: 71, head: { ref: 'feature', sha: head }, base: { ref: 'main', sha: base } });
    const run = emu.addRun({
      headSha: head,
      event: 'pull_request',
      status: 'in_progress',
      workflow: 'perf.yml',
      headBranch: 'feature',
    });
    const r = await runAction({
      emulator: emu,
      run,
      eventName: 'pull_request',
      payload: pullRequestEvent(emu, { number: 71, headSha: head, baseSha: base }),
      workspace: repo.dir,
      token: TOKEN,
      inputs: { iterations: '3', 'max-iterations': '3', scrub: EXTRA },
      env: { GITHUB_TOKEN: TOKEN },
    });
    expect(
      leaks([...everything([repo.dir, r.runnerTemp], [run.id]), { place: 'log', text: logLines(r.stdout + r.stderr) }]),
    ).toEqual([]);
    // The run went through and the failure reached the comment, scrubbed: the search above saw real text.
    const [comment] = emu.commentsOn(71);
    expect({ code: r.code, stderr: r.stderr.slice(-2000), comment: comment?.body.includes('boom-***') }).toEqual({
      code: 1,
      stderr: expect.any(String),
      comment: true,
    });
    expect(r.summary).toContain('boom-***');
    expect(emu.artifactsOf(run.id).map((a) => a.name)).toContain('perfgate-report-perfgate');

    // The walks ran (setup once per side, the walker every run) and read perfgate's own environ.
    const walks = readdirSync(probe).map((f) => ({ f, text: readFileSync(path.join(probe, f), 'utf8') }));
    expect(walks.filter((w) => w.f.startsWith('setup-')).length).toBeGreaterThanOrEqual(2);
    expect(walks.filter((w) => w.f.startsWith('bench-')).length).toBeGreaterThanOrEqual(3);
    for (const w of walks) {
      expect({ f: w.f, readPerfgate: /cmdline: \S*node \S*dist\/index\.js/.test(w.text) }).toEqual({
        f: w.f,
        readPerfgate: true,
      });
      // perfgate's environ was read and the token's place in it is overwritten, not absent.
      expect(w.text).toMatch(/^INPUT_GITHUB-TOKEN=\*{40}$/m);
      expect(w.text).toMatch(/^ACTIONS_RUNTIME_TOKEN=\*+$/m);
      expect({ f: w.f, leaks: leaks([{ place: w.f, text: w.text }]) }).toEqual({ f: w.f, leaks: [] });
      expect(w.text).not.toContain(run.runtimeToken);
    }
  }, 240_000);

  it('a failing setup that prints the token: the step fails with the message scrubbed, nothing written or sent holds it', async () => {
    const repo = makeRepo(
      [
        'version: 1',
        `setup: SECRETS="${secretsDir}" ./leak.sh; exit 3`,
        'benchmarks:',
        '  - name: x',
        '    run: /bin/true',
        '',
      ].join('\n'),
    );
    const sha = repo.git('rev-parse', 'HEAD');
    const run = emu.addRun({
      headSha: sha,
      event: 'push',
      status: 'in_progress',
      workflow: 'perf.yml',
      headBranch: 'main',
    });
    const r = await runAction({
      emulator: emu,
      run,
      eventName: 'push',
      payload: pushEvent(emu, { sha }),
      workspace: repo.dir,
      token: TOKEN,
      inputs: { scrub: EXTRA, history: 'false' },
      env: { NPM_TOKEN: TOKEN },
    });
    // A setup that fails is the measured code's failure: exit 1, as on the command line.
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::setup failed \(exit 3\)/);
    expect(r.stdout).toContain('boom-***');
    expect(
      leaks([...everything([repo.dir, r.runnerTemp], [run.id]), { place: 'log', text: logLines(r.stdout + r.stderr) }]),
    ).toEqual([]);
  }, 120_000);
});

describe('the command line', () => {
  it('perfgate run with GITHUB_TOKEN and PERFGATE_SCRUB in its environment: a failing benchmark printing them leaves no trace in --out or in its output', () => {
    const repo = makeRepo(
      [
        'version: 1',
        `defaults: { iterations: 2, warmup: 0, env: { SECRETS: "${secretsDir}" } }`,
        'benchmarks:',
        '  - name: boom',
        '    run: ./leak.sh; exit 3',
        '',
      ].join('\n'),
    );
    const r = perfgate(['run', '--out', '.perfgate'], {
      cwd: repo.dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_TOKEN: TOKEN, PERFGATE_SCRUB: EXTRA },
      timeoutMs: 120_000,
    });
    expect(leaks([...everything([repo.dir], []), { place: 'stdout+stderr', text: r.stdout + r.stderr }])).toEqual([]);
    // The failure was reported (exit 1: a benchmark failed), with the scrubbed text.
    expect({ code: r.code, boom: (r.stdout + r.stderr).includes('boom-***') }).toEqual({ code: 1, boom: true });
    expect(readFileSync(path.join(repo.dir, '.perfgate', 'results.json'), 'utf8')).toContain('boom-***');
  }, 120_000);
});

describe('the scrubber', () => {
  it('finds each form in text printed by real tools: base64 at every offset, base64url, URL-encoded in either case, JSON-escaped', () => {
    const secret = `ghp_${letters(30)}/+"\\`;
    const scrub = makeScrubber([secret]);
    for (const prefix of ['', 'a', 'ab', 'abc:']) {
      const b64 = execFileSync('base64', ['-w0'], { input: `${prefix}${secret}-tail` }).toString();
      expect(scrub(b64)).toContain('***');
      const b64url = b64.replace(/\+/g, '-').replace(/\//g, '_');
      expect(scrub(b64url)).toContain('***');
    }
    const url = encodeURIComponent(secret);
    expect(scrub(`a=${url}&b=${url.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`)).toBe('a=***&b=***');
    expect(scrub(JSON.stringify({ e: `x${secret}y` }))).toBe('{"e":"x***y"}');
    // Base64 forms are shorter than the secret but never shorter than MIN_SECRET_LENGTH - 2.
    expect(Math.min(...secretForms('12345678').map((f) => f.length))).toBeGreaterThanOrEqual(MIN_SECRET_LENGTH - 2);
  });

  it('takes secrets from names that say so, the scrub list, and nothing short', () => {
    const got = secretsFromEnv({
      GITHUB_TOKEN: 'ghs_aaaaaaaaaaaaaaaa',
      'INPUT_GITHUB-TOKEN': 'ghs_bbbbbbbbbbbbbbbb',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG',
      API_KEY: 'k-12345678',
      MONKEY: 'not-a-secret-at-all',
      KEYBOARD: 'us-international',
      SHORT_TOKEN: 'true',
      PERFGATE_SCRUB: 'first-value\nsecond-value\n',
      INPUT_SCRUB: 'from-the-input',
      PATH: '/usr/bin:/bin',
    });
    expect(got.sort()).toEqual(
      [
        'first-value',
        'from-the-input',
        'ghs_aaaaaaaaaaaaaaaa',
        'ghs_bbbbbbbbbbbbbbbb',
        'k-12345678',
        'second-value',
        'wJalrXUtnFEMI/K7MDENG',
      ].sort(),
    );
  });
});

describe('/proc/PID/environ', () => {
  it('environRange reads fields 50 and 51 of a real /proc/PID/stat, whose command name may hold spaces and parentheses', () => {
    const stat = readFileSync('/proc/self/stat', 'latin1');
    const r = environRange(stat);
    expect(r && r.end > r.start).toBe(true);
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const faked = `4242 (a) b (c) ${fields.join(' ')}`;
    expect(environRange(faked)).toEqual(r);
  });
});
