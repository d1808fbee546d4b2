#!/usr/bin/env node
/** perfgate command line: pick the subcommand, run it, map errors to exit codes. */
import { main } from './commands/main.js';

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
