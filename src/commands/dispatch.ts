/** Subcommand dispatch and the single place where errors become messages and exit codes. */
import { EXIT, PerfgateError, errorMessage } from '../errors.js';
import { VERSION } from '../version.js';
import type { Command, CommandIO } from './command-io.js';
import { ab, AB_USAGE } from './ab.js';
import { bisect, BISECT_USAGE } from './bisect.js';
import { collapse, COLLAPSE_USAGE } from './collapse.js';
import { compare } from './compare.js';
import { diff, DIFF_USAGE } from './diff.js';
import { flamegraph, FLAMEGRAPH_USAGE } from './flamegraph.js';
import { init, INIT_USAGE } from './init.js';
import { run, RUN_USAGE } from './run.js';
import { doctor, DOCTOR_USAGE } from './doctor.js';
import { merge, MERGE_USAGE } from './merge.js';
import { tune, TUNE_USAGE } from './tune.js';
import { history, HISTORY_USAGE } from './history.js';
import { report, REPORT_USAGE } from './report.js';
import { flagHelp } from './flag-help.js';

const COMMANDS: Record<string, { command: Command; usage: string }> = {
  run: { command: run, usage: RUN_USAGE },
  compare: { command: compare, usage: 'compare BASE.json [BASE.json ...] HEAD.json [--out DIR] [--json] [--no-fail]' },
  ab: { command: ab, usage: AB_USAGE },
  bisect: { command: bisect, usage: BISECT_USAGE },
  collapse: { command: collapse, usage: COLLAPSE_USAGE },
  flamegraph: { command: flamegraph, usage: FLAMEGRAPH_USAGE },
  diff: { command: diff, usage: DIFF_USAGE },
  doctor: { command: doctor, usage: DOCTOR_USAGE },
  merge: { command: merge, usage: MERGE_USAGE },
  tune: { command: tune, usage: TUNE_USAGE },
  history: { command: history, usage: HISTORY_USAGE },
  report: { command: report, usage: REPORT_USAGE },
  init: { command: init, usage: INIT_USAGE },
};

export function usage(): string {
  return `perfgate ${VERSION}: CI performance regression gate\n\nusage:\n${Object.values(COMMANDS)
    .map((c) => `  perfgate ${c.usage}`)
    .join(
      '\n',
    )}\n\nexit codes: 0 ok, 1 regression or failed benchmark, 2 usage or input error, 3 this machine cannot measure\n`;
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr.write(`perfgate: unknown command '${name}'\n\n${usage()}`);
    return EXIT.usage;
  }
  try {
    return await entry.command(rest, io);
  } catch (err) {
    if (err instanceof PerfgateError) {
      io.stderr.write(`perfgate ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    // parseArgs reports unknown or malformed options with these codes.
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      // `perfgate ab --help` is a question, not a mistake (collapse, flamegraph and diff answer it themselves).
      if (rest.includes('--help') || rest.includes('-h')) {
        const flags = flagHelp(entry.usage);
        io.stdout.write(`usage: perfgate ${entry.usage}\n${flags ? `\n${flags}\n` : ''}`);
        return EXIT.ok;
      }
      io.stderr.write(`perfgate ${name}: ${errorMessage(err)}\nusage: perfgate ${entry.usage}\n`);
      return EXIT.usage;
    }
    // A system call that failed where no layer expected it (ENOSPC on a write, EIO): the
    // machine's problem, said plainly, not a stack trace.
    const sys = err as NodeJS.ErrnoException;
    if (typeof sys.syscall === 'string' && typeof code === 'string') {
      io.stderr.write(
        `perfgate ${name}: ${sys.syscall}${sys.path !== undefined ? ` ${sys.path}` : ''} failed: ${code} (${errorMessage(err)})\n`,
      );
      return EXIT.environment;
    }
    io.stderr.write(
      `perfgate ${name}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return EXIT.environment;
  }
}
