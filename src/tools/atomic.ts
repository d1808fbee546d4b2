/**
 * The one way perfgate writes a file: whole or not at all, and a failure that names the path.
 *
 * - writeFileAtomic: a temporary file beside the target, then a rename. A reader (or the next
 *   run) sees the old file or the new one, never a 0-byte or cut-short one: a full disk during
 *   `report --html` or `history site` left a 0-byte index.html that passed for a page.
 * - appendWhole: one append of a whole batch of lines (O_APPEND, one write call). When it fails
 *   part way (ENOSPC after some blocks), the file is truncated back to its size before the
 *   append, so no partial batch is left behind: `history add` on a full disk left ~190 of 904
 *   records of a run, which the next reader took for a complete night.
 *
 * Both throw a WriteError (exit 3) that names the path, the error code and what was kept, and
 * both scrub text of the job's secrets (tools/secrets.ts): outside text was scrubbed where it
 * entered, and every file is scrubbed once more where it leaves.
 */
import { copyFile, open, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EnvironmentError } from '../errors.js';
import { makeDirs } from './dirs.js';
import { scrub } from './secrets.js';

/** A write that failed, naming its path; `code` is the system error's (ENOSPC, EIO, EACCES, …). */
export class WriteError extends EnvironmentError {
  constructor(
    message: string,
    readonly path: string,
    readonly code: string,
  ) {
    super(message);
  }
}

function codeOf(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
}

/** The temporary name beside `file` (same directory: the rename stays on one file system). */
export function tempPathFor(file: string): string {
  return `${file}.${process.pid}.tmp`;
}

/**
 * Writes `data` to `file` through a temporary file and a rename, creating missing directories.
 * On failure the temporary file is removed and `file` is as it was (absent, or the old version).
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  try {
    await makeDirs(path.dirname(file));
  } catch (err) {
    throw new WriteError(`cannot write ${file}: ${codeOf(err)} (creating ${path.dirname(file)})`, file, codeOf(err));
  }
  const tmp = tempPathFor(file);
  try {
    await writeFile(tmp, typeof data === 'string' ? scrub(data) : data);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new WriteError(
      `cannot write ${file}: ${codeOf(err)}; nothing was written there (a file already there is unchanged)`,
      file,
      codeOf(err),
    );
  }
}

/** Copies `from` to `to` as writeFileAtomic writes: a reader sees the old `to` or the whole copy. */
export async function copyFileAtomic(from: string, to: string): Promise<void> {
  try {
    await makeDirs(path.dirname(to));
  } catch (err) {
    throw new WriteError(`cannot write ${to}: ${codeOf(err)} (creating ${path.dirname(to)})`, to, codeOf(err));
  }
  const tmp = tempPathFor(to);
  try {
    await copyFile(from, tmp);
    await rename(tmp, to);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new WriteError(
      `cannot copy ${from} to ${to}: ${codeOf(err)}; nothing was written there (a file already there is unchanged)`,
      to,
      codeOf(err),
    );
  }
}

/**
 * Appends `text` to `file` (created if missing) in one write; on failure the file is cut back to
 * the size it had just before, so it holds all of `text` or none of it. `what` names the content
 * for the message ("904 history records"). Two appenders racing on a full disk could lose the
 * other's lines to the cut; the directory history store is one nightly job's, so that is the
 * lesser evil than a partial run that passes for a whole one.
 */
export async function appendWhole(file: string, text: string, what: string): Promise<void> {
  let handle;
  try {
    handle = await open(file, 'a');
  } catch (err) {
    throw new WriteError(`cannot append ${what} to ${file}: ${codeOf(err)}; nothing was written`, file, codeOf(err));
  }
  let size = 0;
  try {
    size = (await handle.stat()).size;
    // A full disk first shows as a short write (FileHandle.write does not retry it); the write of
    // the rest is the one that fails with ENOSPC.
    const bytes = Buffer.from(scrub(text));
    for (let done = 0; done < bytes.length;) {
      const { bytesWritten } = await handle.write(bytes, done);
      if (bytesWritten === 0) throw Object.assign(new Error('write wrote nothing'), { code: 'ENOSPC' });
      done += bytesWritten;
    }
  } catch (err) {
    const kept = await handle.truncate(size).then(
      () => `the file was cut back to its previous ${size} bytes: none of them were kept`,
      (cut: unknown) =>
        `cutting the file back to its previous ${size} bytes failed too (${codeOf(cut)}): lines after byte ${size} are a partial write`,
    );
    throw new WriteError(`cannot append ${what} to ${file}: ${codeOf(err)}; ${kept}`, file, codeOf(err));
  } finally {
    await handle.close().catch(() => undefined);
  }
}
