/**
 * What a command may touch of the outside world, passed in so tests can drive commands with
 * in-memory streams and a chosen working directory.
 */
import type { TextSink } from '../tools/text-sink.js';

export type { TextSink };
export interface CommandIO {
  stdout: TextSink;
  stderr: TextSink;
  stdin: NodeJS.ReadableStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal (progress can redraw in place). */
  isTTY: boolean;
}

/** A subcommand: argv after the subcommand name; resolves to the process exit code. */
export type Command = (argv: string[], io: CommandIO) => Promise<number>;
