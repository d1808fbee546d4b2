/** Runs with address-space randomisation off, so stack and heap addresses repeat run to run. */
import type { Backend } from './backends.js';

/** ASLR off for one process tree: the personality flag is inherited across fork and exec. */
export function withoutAslr(argv: string[]): string[] {
  return ['setarch', '-R', ...argv];
}

/** A backend whose runs have ASLR off (valgrind's runs already do: leave it as it is). */
export function withoutAslrBackend(backend: Backend): Backend {
  if (backend.name === 'valgrind') return backend;
  return { name: backend.name, measure: (req) => backend.measure({ ...req, argv: withoutAslr(req.argv) }) };
}
