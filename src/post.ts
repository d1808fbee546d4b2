/**
 * The action's post step: a safety net that restores host tuning when the main step died
 * before it could (measureSuite restores by itself on every normal and error path).
 */
import * as core from '@actions/core';
import { existsSync } from 'node:fs';
import { describeRestore, restoreTuning } from './host/tuning.js';

const state = core.getState('tuning-state');
if (state && existsSync(state)) {
  try {
    core.info(describeRestore(restoreTuning(state)));
  } catch (err) {
    core.warning(`could not restore host tuning from ${state}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
