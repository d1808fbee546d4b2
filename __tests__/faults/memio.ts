/** In-memory CommandIO for driving `main()` as the CLI does, without a bundle. */
import { Readable } from 'node:stream';
import type { CommandIO } from '../../src/commands/command-io.js';

export interface MemIO extends CommandIO {
  out: () => string;
  err: () => string;
}

export function memIO(
  cwd: string,
  opts: { stdin?: string | Buffer; isTTY?: boolean; env?: NodeJS.ProcessEnv } = {},
): MemIO {
  const out: string[] = [];
  const err: string[] = [];
  const stdin = opts.stdin ?? '';
  return {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    stdin: Readable.from(stdin.length > 0 ? [Buffer.from(stdin)] : []),
    cwd,
    env: opts.env ?? { PATH: process.env.PATH },
    isTTY: opts.isTTY ?? false,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}
