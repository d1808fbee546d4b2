/** What every mode of the action is given and what it returns to action/entry.ts. */
import type { RunContext } from './context.js';
import type { ActionInputs } from './inputs.js';
import type { GitHubServices } from '../store/services.js';

/** The job a mode runs in: its inputs, its event and GitHub. */
export interface ModeJob {
  inputs: ActionInputs;
  ctx: RunContext;
  gh: GitHubServices;
}

export interface ModeResult {
  verdict:
    | 'baseline'
    | 'pass'
    | 'regression'
    | 'accepted'
    | 'not-comparable'
    | 'not-gated'
    | 'no-baseline'
    | 'commented'
    | 'shard'
    | 'cancelled';
  results?: string;
  comparison?: string;
  report?: string;
  regressions?: number;
  improvements?: number;
  /** Set when the step must fail: the one-line reason. */
  failure?: string;
}
