/**
 * The job's secrets, taken in hand before anything else runs: registered with the one scrubber
 * (tools/secrets.ts), masked in the log in every form the scrubber knows (the runner masks only
 * the value it was given, not its base64 or URL forms), and overwritten in this process's
 * /proc/PID/environ (tools/environ.ts), which a benchmark could otherwise read from below.
 */
import * as core from '@actions/core';
import { hideFromEnviron } from '../tools/environ.js';
import { registerSecrets, secretForms, secretNames, secretsFromEnv } from '../tools/secrets.js';

export function guardSecrets(env: NodeJS.ProcessEnv): void {
  const secrets = secretsFromEnv(env);
  registerSecrets(secrets);
  for (const s of secrets) for (const form of secretForms(s)) core.setSecret(form);
  const hidden = hideFromEnviron(secretNames(env, secrets), env);
  if ('failed' in hidden)
    core.warning(
      `could not overwrite the secrets in /proc/${process.pid}/environ (${hidden.failed}): benchmarks and setup of this job can read them there`,
    );
}
