/**
 * Runs the bundled action (dist/index.js) the way a GitHub-hosted runner does, against a
 * GitHubEmulator: the full GITHUB_* / RUNNER_* / ACTIONS_* environment, the event payload in a
 * file, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_ENV / GITHUB_STATE files, inputs as INPUT_*.
 *
 * The child is spawned asynchronously on purpose: the emulator lives in this process's event
 * loop, so spawnSync would block it and the action's first request would hang.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmulatedRun, GitHubEmulator } from './emulator.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ActionRunOptions {
  emulator: GitHubEmulator;
  /** The simulated current run (its id becomes GITHUB_RUN_ID, its runtime token ACTIONS_RUNTIME_TOKEN). */
  run: EmulatedRun;
  eventName:
    'push' | 'pull_request' | 'pull_request_target' | 'merge_group' | 'schedule' | 'workflow_dispatch' | 'workflow_run';
  payload: Record<string, unknown>;
  workspace: string;
  /** `with:` inputs; names as in action.yml (`baseline-artifact`, not BASELINE_ARTIFACT). */
  inputs?: Record<string, string>;
  /** Token passed as the input named by tokenInput (the runner's `${{ github.token }}`). */
  token: string;
  /** Input the token goes to; default `github-token`. */
  tokenInput?: string;
  /** GITHUB_REF; defaults from the event (refs/heads/<branch>, refs/pull/<n>/merge, ...). */
  ref?: string;
  /** Extra or overriding environment variables. */
  env?: Record<string, string>;
  actionPath?: string;
  timeoutMs?: number;
  /** Called with the action's process once it is spawned (to signal it, as a cancelled job is). */
  onSpawn?: (child: ChildProcess) => void;
}

export interface ActionRunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  runnerTemp: string;
  eventPath: string;
}

/** GITHUB_OUTPUT's heredoc format: `name<<DELIM\nvalue\nDELIM`. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1]!] = m[3]!;
  return out;
}

function defaultRef(eventName: string, payload: Record<string, unknown>): string {
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const pr = payload.pull_request as { number: number } | undefined;
    return `refs/pull/${pr?.number ?? 0}/merge`;
  }
  if (eventName === 'merge_group')
    return String((payload.merge_group as { head_ref?: string } | undefined)?.head_ref ?? 'refs/heads/main');
  return typeof payload.ref === 'string' ? payload.ref : 'refs/heads/main';
}

/** Spawns `node dist/index.js` with a runner's environment; resolves when it exits. */
export async function runAction(o: ActionRunOptions): Promise<ActionRunResult> {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'pg-runner-'));
  const files = {
    output: 'github_output',
    summary: 'step_summary',
    env: 'github_env',
    path: 'github_path',
    state: 'github_state',
    event: 'event.json',
  };
  for (const name of Object.values(files)) writeFileSync(path.join(temp, name), '');
  writeFileSync(path.join(temp, files.event), JSON.stringify(o.payload, null, 2));
  mkdirSync(path.join(temp, 'tool-cache'), { recursive: true });

  const emu = o.emulator;
  const ref = o.ref ?? defaultRef(o.eventName, o.payload);
  const pr = o.payload.pull_request as { head?: { ref?: string }; base?: { ref?: string } } | undefined;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: '__perfgate',
    GITHUB_ACTION_PATH: repoRoot,
    GITHUB_ACTION_REPOSITORY: 'perfgate/perfgate',
    GITHUB_ACTOR: 'octocat',
    GITHUB_ACTOR_ID: '583231',
    GITHUB_TRIGGERING_ACTOR: 'octocat',
    GITHUB_API_URL: emu.apiUrl,
    GITHUB_GRAPHQL_URL: `${emu.apiUrl}/graphql`,
    // Must stay github.com: @actions/artifact refuses any other host as GHES.
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: emu.fullName,
    GITHUB_REPOSITORY_OWNER: emu.owner,
    GITHUB_REPOSITORY_ID: String(emu.repoId),
    GITHUB_REPOSITORY_OWNER_ID: '9919',
    GITHUB_EVENT_NAME: o.eventName,
    GITHUB_EVENT_PATH: path.join(temp, files.event),
    GITHUB_SHA: o.run.headSha,
    GITHUB_REF: ref,
    GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, '').replace(/^refs\//, ''),
    GITHUB_REF_TYPE: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    GITHUB_REF_PROTECTED: 'false',
    GITHUB_HEAD_REF: pr?.head?.ref ?? '',
    GITHUB_BASE_REF: pr?.base?.ref ?? '',
    GITHUB_RUN_ID: String(o.run.id),
    GITHUB_RUN_NUMBER: String(o.run.runNumber),
    GITHUB_RUN_ATTEMPT: String(o.run.runAttempt),
    GITHUB_WORKFLOW: o.run.name,
    GITHUB_WORKFLOW_REF: `${emu.fullName}/${o.run.workflowPath}@${ref}`,
    GITHUB_WORKFLOW_SHA: o.run.headSha,
    GITHUB_JOB: 'perf',
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_OUTPUT: path.join(temp, files.output),
    GITHUB_STEP_SUMMARY: path.join(temp, files.summary),
    GITHUB_ENV: path.join(temp, files.env),
    GITHUB_PATH: path.join(temp, files.path),
    GITHUB_STATE: path.join(temp, files.state),
    GITHUB_RETENTION_DAYS: '90',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'GitHub Actions 1000',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_TEMP: temp,
    RUNNER_TOOL_CACHE: path.join(temp, 'tool-cache'),
    RUNNER_WORKSPACE: path.dirname(o.workspace),
    ImageOS: 'ubuntu24',
    ACTIONS_RUNTIME_TOKEN: o.run.runtimeToken,
    ACTIONS_RESULTS_URL: emu.resultsUrl,
    ACTIONS_RUNTIME_URL: emu.resultsUrl,
    ...o.env,
  };
  const inputs = { ...o.inputs, [o.tokenInput ?? 'github-token']: o.token };
  // The runner turns `with: { baseline-artifact: x }` into INPUT_BASELINE-ARTIFACT (spaces → _).
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;

  const child = spawn(process.execPath, [o.actionPath ?? path.join(repoRoot, 'dist', 'index.js')], {
    cwd: o.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  o.onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 300_000);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c));
  });
  clearTimeout(timer);
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(path.join(temp, files.output), 'utf8')),
    summary: readFileSync(path.join(temp, files.summary), 'utf8'),
    runnerTemp: temp,
    eventPath: path.join(temp, files.event),
  };
}

// ---------------------------------------------------------------- event payloads (the fields actions read)

function repository(emu: GitHubEmulator): Record<string, unknown> {
  return {
    id: emu.repoId,
    name: emu.repo,
    full_name: emu.fullName,
    owner: { login: emu.owner, type: 'Organization' },
    default_branch: 'main',
    fork: false,
    private: false,
    html_url: `https://github.com/${emu.fullName}`,
  };
}

const sender = { login: 'octocat', id: 583231, type: 'User' };

export function pushEvent(
  emu: GitHubEmulator,
  o: { sha: string; branch?: string; before?: string },
): Record<string, unknown> {
  return {
    ref: `refs/heads/${o.branch ?? 'main'}`,
    before: o.before ?? '0'.repeat(40),
    after: o.sha,
    head_commit: { id: o.sha },
    repository: repository(emu),
    sender,
  };
}

export function pullRequestEvent(
  emu: GitHubEmulator,
  o: {
    number: number;
    headSha: string;
    headRef?: string;
    baseSha: string;
    baseRef?: string;
    /** `owner/repo` of a fork; omitted means a branch of the same repository. */
    fork?: string;
    labels?: string[];
    action?: string;
    user?: string;
  },
): Record<string, unknown> {
  const headRepo = o.fork
    ? {
        id: emu.repoId + 1,
        name: o.fork.split('/')[1],
        full_name: o.fork,
        fork: true,
        owner: { login: o.fork.split('/')[0], type: 'User' },
      }
    : repository(emu);
  return {
    action: o.action ?? 'synchronize',
    number: o.number,
    pull_request: {
      number: o.number,
      state: 'open',
      html_url: `https://github.com/${emu.fullName}/pull/${o.number}`,
      user: { login: o.user ?? 'octocat', type: 'User' },
      labels: (o.labels ?? []).map((name) => ({ name })),
      head: { ref: o.headRef ?? 'feature', sha: o.headSha, repo: headRepo },
      base: { ref: o.baseRef ?? 'main', sha: o.baseSha, repo: repository(emu) },
    },
    repository: repository(emu),
    sender,
  };
}

export function mergeGroupEvent(
  emu: GitHubEmulator,
  o: { headSha: string; baseSha: string; prNumber: number; baseRef?: string },
): Record<string, unknown> {
  const base = o.baseRef ?? 'main';
  const headRef = `refs/heads/gh-readonly-queue/${base}/pr-${o.prNumber}-${o.baseSha}`;
  return {
    action: 'checks_requested',
    merge_group: {
      head_sha: o.headSha,
      head_ref: headRef,
      base_sha: o.baseSha,
      base_ref: `refs/heads/${base}`,
      head_commit: { id: o.headSha },
    },
    repository: repository(emu),
    sender,
  };
}

export function scheduleEvent(emu: GitHubEmulator, cron = '17 3 * * *'): Record<string, unknown> {
  return { schedule: cron, repository: repository(emu) };
}

export function workflowDispatchEvent(
  emu: GitHubEmulator,
  inputs: Record<string, string> = {},
  branch = 'main',
): Record<string, unknown> {
  return { inputs, ref: `refs/heads/${branch}`, repository: repository(emu), sender };
}
