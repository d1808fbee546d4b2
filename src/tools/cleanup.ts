/**
 * Temporary directories removed however the process ends: `finally` blocks do not run on
 * process.exit (a second Ctrl-C), 'exit' handlers do. Register when the directory is made,
 * call the returned function once it has been removed the normal way.
 */
import { rmSync } from 'node:fs';

export function removeOnExit(dir: string): () => void {
  const remove = (): void => {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Best effort on the way out.
    }
  };
  process.once('exit', remove);
  return () => {
    process.off('exit', remove);
  };
}
