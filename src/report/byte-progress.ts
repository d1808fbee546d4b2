/**
 * Progress for commands that stream one big input (collapse): silent on small inputs, so
 * pipelines and tests see nothing; past `minBytes` a line every `everyBytes` on stderr (redrawn
 * in place on a terminal), with the percentage when the input's size is known.
 */
import type { TextSink } from '../tools/text-sink.js';

export interface ByteProgressOptions {
  label: string;
  /** Input size when known (a file), null for a pipe. */
  totalBytes: number | null;
  isTTY: boolean;
  /** Nothing is printed below this many bytes read (default 64 MB). */
  minBytes?: number;
  /** Bytes between two lines (default 64 MB; a terminal redraws every 8 MB). */
  everyBytes?: number;
}

export const PROGRESS_MIN_BYTES = 64 * 1024 * 1024;

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(0)} MB`;
}

export async function* withByteProgress<T extends { length: number }>(
  input: AsyncIterable<T>,
  out: TextSink,
  opts: ByteProgressOptions,
): AsyncGenerator<T> {
  const minBytes = opts.minBytes ?? PROGRESS_MIN_BYTES;
  const every = opts.everyBytes ?? (opts.isTTY ? 8 * 1024 * 1024 : PROGRESS_MIN_BYTES);
  let read = 0;
  let next = Math.max(minBytes, every);
  let printed = false;
  const started = Date.now();
  for await (const chunk of input) {
    read += chunk.length;
    if (read >= next) {
      next = read + every;
      const secs = (Date.now() - started) / 1000;
      const rate = secs > 0 ? `, ${(read / 1e6 / secs).toFixed(0)} MB/s` : '';
      const of =
        opts.totalBytes !== null && opts.totalBytes > 0
          ? ` of ${mb(opts.totalBytes)} (${Math.min(100, Math.floor((100 * read) / opts.totalBytes))}%)`
          : '';
      const line = `${opts.label}: ${mb(read)}${of}${rate}`;
      out.write(opts.isTTY ? `\r\x1b[2K${line}` : `${line}\n`);
      printed = true;
    }
    yield chunk;
  }
  if (printed && opts.isTTY) out.write('\n');
}
