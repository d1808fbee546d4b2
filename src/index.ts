/**
 * Action entry: check the event payload, then run, and turn any error into one failed-step
 * message. The rest of the action is imported only after the payload is known to be good
 * (see action/event.ts for why).
 */
import * as core from '@actions/core';
import { readEventPayload } from './action/event.js';

const fail = (err: unknown): void => core.setFailed(err instanceof Error ? err.message : String(err));
try {
  readEventPayload(process.env);
  import('./action/main.js').then((m) => m.run()).catch(fail);
} catch (err) {
  fail(err);
}
