/**
 * Test harness: one GitHubEmulator per test file, and the process environment a runner job
 * would have, set BEFORE the store modules are imported. That order matters: @actions/github
 * reads GITHUB_API_URL once, when first imported, and @actions/artifact's download uses that
 * value. So tests import src/store and src/store/comment dynamically, after startHarness().
 */
import { GitHubEmulator } from './emulator.js';

export interface Harness {
  emu: GitHubEmulator;
  /** Sets ACTIONS_RUNTIME_TOKEN to the given run's, as the runner does for each job. */
  asJobOf(run: { runtimeToken: string }): void;
  stop(): Promise<void>;
}

const KEYS = [
  'GITHUB_API_URL',
  'GITHUB_SERVER_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_RUNTIME_TOKEN',
  'GITHUB_RETENTION_DAYS',
] as const;

export async function startHarness(): Promise<Harness> {
  const emu = await GitHubEmulator.start();
  const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
  process.env.GITHUB_API_URL = emu.apiUrl;
  process.env.GITHUB_SERVER_URL = 'https://github.com';
  process.env.ACTIONS_RESULTS_URL = emu.resultsUrl;
  process.env.GITHUB_RETENTION_DAYS = '90';
  delete process.env.ACTIONS_RUNTIME_TOKEN;
  return {
    emu,
    asJobOf(run) {
      process.env.ACTIONS_RUNTIME_TOKEN = run.runtimeToken;
    },
    async stop() {
      for (const k of KEYS) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      await emu.stop();
    },
  };
}
