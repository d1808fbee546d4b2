/**
 * Action entry: take the job's secrets in hand, check the event payload, then run, and turn
 * any error into one failed-step message. The rest of the action is imported only after the
 * payload is known to be good (see action/event.ts for why).
 */
import * as core from '@actions/core';
import { readEventPayload } from './action/event.js';
import { guardSecrets } from './action/guard-secrets.js';
import { PerfgateError, errorMessage } from './errors.js';
import { scrub } from './tools/secrets.js';

/** One failed-step message; the exit code is the command line's (2 bad input, 3 this machine cannot), else 1. */
const fail = (err: unknown): void => {
  core.setFailed(scrub(errorMessage(err)));
  if (err instanceof PerfgateError) process.exitCode = err.exitCode;
};
try {
  // First: secrets scrubbed from everything written or sent, and out of /proc/PID/environ.
  guardSecrets(process.env);
  readEventPayload(process.env);
  import('./action/entry.js').then((m) => m.run()).catch(fail);
} catch (err) {
  fail(err);
}
