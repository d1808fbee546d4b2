/**
 * Exit codes of the command line (docs/ARCHITECTURE.md §2) and the error types that carry them, so every
 * layer can fail with the right code without knowing how the front end reports it.
 */
export const EXIT = {
  ok: 0,
  regression: 1,
  usage: 2,
  environment: 3,
  /** Interrupted (SIGINT/SIGTERM) before there was a result: 128 + SIGINT, as shells report it. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error whose message is meant for the user as-is, with the exit code it implies. */
export class PerfgateError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad arguments, bad input files, bad suite: exit 2. */
export class InputError extends PerfgateError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/** This machine cannot measure (no perf, no valgrind, paranoid too high...): exit 3. */
export class EnvironmentError extends PerfgateError {
  constructor(message: string) {
    super(message, EXIT.environment);
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The code under test could not be prepared: `setup` failed (in `run`, or on the head of a
 * pair; a base that fails is measured around, engine/ab.ts). The change's own failure, exit 1
 * like a broken benchmark, not a usage error: the suite file may be perfectly valid.
 */
export class SetupFailedError extends PerfgateError {
  constructor(message: string) {
    super(message, EXIT.regression);
  }
}

/** Stopped by a signal before a result existed (a Ctrl-C during setup): exit 130. */
export class InterruptedError extends PerfgateError {
  constructor(message: string) {
    super(message, EXIT.interrupted);
  }
}
