/**
 * The commits a pull-request or merge-queue event names, and whether the workspace holds the one
 * to measure. A workflow that leaves the workspace at the base (pull_request_target's default
 * checkout, `ref: main`, a stale cache of the repository) would pair the base with itself and
 * report "no regression found" for any head, so such a run is refused, naming both commits and
 * the checkout step that fixes it.
 */
import { InputError } from '../errors.js';
import type { RunContext } from './context.js';

const SHA = /^[0-9a-f]{40}$/;

/** The base commit of a pull request or merge-queue entry, or an InputError saying why this event has none. */
export function eventBase(ctx: RunContext): { branch: string; sha: string } {
  if (ctx.pr) return { branch: ctx.pr.baseRef, sha: ctx.pr.baseSha };
  if (ctx.mergeGroup) return { branch: ctx.mergeGroup.baseRef, sha: ctx.mergeGroup.baseSha };
  const object =
    ctx.eventName === 'merge_group' ? 'merge_group' : ctx.eventName.startsWith('pull_request') ? 'pull_request' : null;
  if (object) {
    // The event's name and its payload disagree (a hand-written GITHUB_EVENT_PATH, a push
    // payload replayed under pull_request): say what the file holds, not that the event is wrong.
    const keys = Object.keys(ctx.payload);
    const holds =
      keys.length === 0
        ? 'no keys at all'
        : `the keys ${keys
            .slice(0, 8)
            .map((k) => JSON.stringify(k))
            .join(', ')}${keys.length > 8 ? ', ...' : ''}`;
    const what =
      object === 'pull_request'
        ? 'an object with number, base.ref, base.sha and head.sha'
        : 'an object with base_sha, base_ref and head_sha';
    throw new InputError(
      `the event payload ${ctx.eventPath || '(GITHUB_EVENT_PATH is not set)'} has no ${object} object, though GITHUB_EVENT_NAME is ${ctx.eventName}: it holds ${holds}; expected ${object}: ${what}`,
    );
  }
  throw new InputError(
    `mode compare needs a pull_request or merge_group event (this is ${ctx.eventName || 'unknown'}); use mode: baseline`,
  );
}

export interface HeadCommit {
  sha: string;
  /** What the event calls it, for messages. */
  what: string;
}

/** The commits that are this event's head: the PR head, its merge commit, the merge-queue head. */
export function eventHeads(ctx: RunContext): HeadCommit[] {
  const heads: HeadCommit[] = [];
  if (ctx.pr) {
    heads.push({ sha: ctx.pr.headSha, what: `the head of pull request #${ctx.pr.number} (pull_request.head.sha)` });
    heads.push({ sha: ctx.pr.mergeCommitSha, what: 'its merge commit (pull_request.merge_commit_sha)' });
    // On pull_request GITHUB_SHA is the merge commit actions/checkout takes by default; on
    // pull_request_target it is the base branch's tip, which is exactly the wrong checkout.
    if (ctx.eventName === 'pull_request') heads.push({ sha: ctx.sha, what: 'its merge commit (GITHUB_SHA)' });
  }
  if (ctx.mergeGroup) heads.push({ sha: ctx.mergeGroup.headSha, what: 'the merge-queue head (merge_group.head_sha)' });
  return heads.filter((h, i) => SHA.test(h.sha) && heads.findIndex((o) => o.sha === h.sha) === i);
}

/** The checkout step that puts the event's head in the workspace. */
function checkoutFix(ctx: RunContext): string {
  if (ctx.mergeGroup)
    return 'use actions/checkout with its default ref (the merge-queue head, ${{ github.event.merge_group.head_sha }})';
  const byHead = 'ref: ${{ github.event.pull_request.head.sha }}';
  if (ctx.eventName === 'pull_request_target')
    return `use actions/checkout with ${byHead} (on pull_request_target its default is the base branch)`;
  return `use actions/checkout with its default ref (the merge commit refs/pull/${ctx.pr?.number ?? 'N'}/merge) or with ${byHead}`;
}

/**
 * Why the workspace, whose HEAD is `actual` (null: not a git repository), must not be measured
 * as this event's head; null when it is one of the event's head commits.
 */
export function checkoutProblem(ctx: RunContext, actual: string | null): string | null {
  const heads = eventHeads(ctx);
  if (heads.length === 0)
    return `the ${ctx.eventName} event payload ${ctx.eventPath} names no head commit (expected a 40-digit pull_request.head.sha or merge_group.head_sha)`;
  if (actual !== null && heads.some((h) => h.sha === actual)) return null;
  const base = eventBase(ctx).sha;
  const at =
    actual === null
      ? `is not a git repository`
      : `is checked out at ${actual}${actual === base ? ', the base commit' : ''}`;
  const consequence =
    actual === base
      ? ': measuring it would compare the base with itself and find nothing'
      : actual === null
        ? ''
        : ', which is not what this event asks to measure';
  const wanted = heads.map((h) => `${h.what} ${h.sha}`).join(' or ');
  return (
    `the workspace ${ctx.workspace} ${at}${consequence}. perfgate measures ${wanted}, against the base ${base}. ` +
    `Fix the checkout step: ${checkoutFix(ctx)}, and fetch-depth: 0 so that the base commit is in the clone too`
  );
}
