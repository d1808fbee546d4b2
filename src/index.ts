/** Action entry: run, and turn any error into one failed-step message. */
import * as core from '@actions/core';
import { run } from './action/main.js';

run().catch((err: unknown) => core.setFailed(err instanceof Error ? err.message : String(err)));
