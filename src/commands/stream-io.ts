/**
 * Input and output helpers shared by the collapse, flamegraph and diff commands: open FILE or
 * "-" (stdin) as a stream or text, and write big outputs in pieces, honouring backpressure
 * when the sink is a real stream.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { writeFileAtomic, WriteError } from '../tools/atomic.js';
import type { CommandIO, TextSink } from './command-io.js';

interface Drainable {
  once(event: 'drain', listener: () => void): unknown;
}

function isDrainable(sink: TextSink): sink is TextSink & Drainable {
  return typeof (sink as Partial<Drainable>).once === 'function';
}

/** Writes pieces in order; waits for 'drain' when a stream asks to (huge folded outputs). */
export async function writeAll(sink: TextSink, pieces: Iterable<string>): Promise<void> {
  for (const piece of pieces) {
    const ok = sink.write(piece);
    if (ok === false && isDrainable(sink)) {
      await new Promise<void>((resolve) => sink.once('drain', resolve));
    }
  }
}

export function displayName(file: string | undefined): string {
  return file === undefined || file === '-' ? '<stdin>' : file;
}

function stdinIsTerminal(io: CommandIO): boolean {
  return (io.stdin as { isTTY?: boolean }).isTTY === true;
}

function openError(file: string, err: unknown): InputError {
  const code = (err as { code?: string }).code;
  const why =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'is a directory'
        : code === 'EACCES'
          ? 'permission denied'
          : String((err as Error).message ?? err);
  return new InputError(`${file}: cannot read: ${why}`);
}

async function assertNotDirectory(full: string, file: string): Promise<void> {
  let isDir: boolean;
  try {
    isDir = (await stat(full)).isDirectory();
  } catch (err) {
    throw openError(file, err);
  }
  if (isDir) throw new InputError(`${file}: cannot read: is a directory`);
}

/** Size of FILE in bytes, or null for stdin or anything stat cannot size. */
export async function inputSize(file: string | undefined, io: CommandIO): Promise<number | null> {
  if (file === undefined || file === '-') return null;
  try {
    const s = await stat(path.resolve(io.cwd, file));
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

/** FILE or "-" as an async iterable of chunks; a missing file is an InputError (exit 2). */
export async function openInput(
  file: string | undefined,
  io: CommandIO,
  what: string,
): Promise<AsyncIterable<Buffer | string>> {
  if (file === undefined || file === '-') {
    if (file === undefined && stdinIsTerminal(io)) {
      throw new InputError(`no input: give ${what} as a file, or pipe it to standard input`);
    }
    return io.stdin;
  }
  const full = path.resolve(io.cwd, file);
  // A directory opens fine and fails only on the first read, far from here.
  await assertNotDirectory(full, file);
  const stream = createReadStream(full, { highWaterMark: 1 << 20 });
  // Surface open errors (ENOENT...) before the caller starts consuming.
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (err) => reject(openError(file, err)));
  });
  return stream;
}

/** FILE or "-" as UTF-8 text. */
export async function readInputText(file: string | undefined, io: CommandIO, what: string): Promise<string> {
  if (file === undefined || file === '-') {
    if (file === undefined && stdinIsTerminal(io)) {
      throw new InputError(`no input: give ${what} as a file, or pipe it to standard input`);
    }
    const parts: Buffer[] = [];
    for await (const chunk of io.stdin) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(parts).toString('utf8');
  }
  try {
    await assertNotDirectory(path.resolve(io.cwd, file), file);
    return await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (err) {
    throw openError(file, err);
  }
}

export async function writeOutputFile(file: string, io: CommandIO, text: string): Promise<void> {
  await writeFileAtomic(path.resolve(io.cwd, file), text).catch((err: unknown) => {
    throw new InputError(`${file}: cannot write: ${err instanceof WriteError ? err.code : String(err)}`);
  });
}
