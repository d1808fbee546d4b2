#!/usr/bin/env node
/** perfgate command line: pick the subcommand, run it, map errors to exit codes. */
import { main } from './commands/dispatch.js';
import { registerSecrets, secretsFromEnv } from './tools/secrets.js';

// Tokens in the environment (a CI step's GITHUB_TOKEN) never reach results, reports or history.
registerSecrets(secretsFromEnv(process.env));

void main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
  env: process.env,
  isTTY: Boolean(process.stderr.isTTY),
}).then((code) => {
  process.exitCode = code;
});
