/**
 * The directory history store: `<root>/<suite>/<YYYY-MM>.jsonl`, the format of
 * results/history-record.ts. For the CLI and persistent self-hosted runners; the git ref store
 * (history-git.ts) uses it on its checkout, so both read and write the same layout.
 *
 * Reading never throws over content: a corrupt line, a foreign file or an unreadable file is a
 * `{path, line, message}` problem (line 0 = the whole file) and the rest is still read.
 */
import { open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { HistoryStore } from '../engine/history-series.js';
import { appendWhole, WriteError } from '../tools/atomic.js';
import { makeDirs } from '../tools/dirs.js';
import { groupBy } from '../tools/group.js';
import {
  historyFilePath,
  parseHistory,
  serializeHistory,
  suiteIdProblem,
  type HistoryProblem,
  type HistoryRecord,
  type ParsedHistory,
} from '../results/history-record.js';
import {
  confirmationsFilePath,
  parseConfirmations,
  serializeConfirmations,
  type ConfirmationRecord,
  type ParsedConfirmations,
} from '../results/confirmation-record.js';

const MONTH_FILE = /^\d{4}-(0[1-9]|1[0-2])\.jsonl$/;
/** A suite's confirmations live beside its month files (results/confirmation-record.ts). */
const CONFIRMATIONS_FILE = path.basename(confirmationsFilePath('x'));

/** Files the store may hold besides the history (a README on the history ref, git's own files). */
function ignored(name: string): boolean {
  return name.startsWith('.') || /^(README|LICENSE)(\.\w+)?$/i.test(name) || OWN_IMAGE.test(name);
}

/**
 * perfgate's own files that share a data branch with the records: comment images (the legacy
 * `perfgate-data` branch's top-level `images/`, pictures beside the month files) and a
 * published dashboard (`index.html`; `.nojekyll` is a dotfile). Skipped without a word; anything else that is
 * not a month file is still named as a problem.
 */
const OWN_IMAGE = /\.(svg|png)$/i;
const OWN_TOP = new Set(['images', 'index.html']);

/** Does the file end in a newline (or is it empty / missing)? A cut-short write does not. */
async function endsWithNewline(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return true;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const buf = Buffer.alloc(1);
    await handle.read(buf, 0, 1, size - 1);
    return buf[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

export interface AppendResult {
  /** Store-relative paths of the files appended to (`demo/2026-12.jsonl`). */
  files: string[];
  records: number;
}

/**
 * Appends records to their month files, one write per file (O_APPEND: concurrent appenders on
 * one machine do not interleave within a write), whole or not at all (tools/atomic.ts: a write
 * that fails part way, a full disk, is cut back off). A run's records share one date, so that is
 * one append per run. A file whose last line was cut short gets a newline first, so the new
 * records do not glue onto the broken line and vanish with it. A failure names the file and
 * which files, if any, already got their records.
 */
export async function appendHistory(root: string, records: readonly HistoryRecord[]): Promise<AppendResult> {
  for (const r of records) {
    const problem = suiteIdProblem(r.suite);
    if (problem) throw new TypeError(problem);
  }
  const byFile = groupBy(records, (r) => historyFilePath(r.suite, r.date));
  const done: string[] = [];
  for (const [rel, recs] of byFile) {
    const file = path.join(root, rel);
    try {
      await makeDirs(path.dirname(file));
    } catch (err) {
      throw new WriteError(
        `cannot create ${path.dirname(file)} for ${recs.length} history records: ${(err as NodeJS.ErrnoException).code ?? String(err)}${keptNote(root, done)}`,
        file,
        (err as NodeJS.ErrnoException).code ?? 'EIO',
      );
    }
    const lead = (await endsWithNewline(file)) ? '' : '\n';
    try {
      await appendWhole(file, lead + serializeHistory(recs), `${recs.length} history records`);
    } catch (err) {
      if (err instanceof WriteError) throw new WriteError(`${err.message}${keptNote(root, done)}`, err.path, err.code);
      throw err;
    }
    done.push(rel);
  }
  return { files: [...byFile.keys()].sort(), records: records.length };
}

/** What an append that failed part way kept: the files before it got their records. */
function keptNote(root: string, done: readonly string[]): string {
  return done.length === 0
    ? ''
    : `; ${done.map((rel) => path.join(root, rel)).join(', ')} already got ${done.length === 1 ? 'its' : 'their'} records`;
}

/**
 * Every record under root (or only `suiteId`'s), files in name order (months in time order),
 * lines in file order, with every problem found on the way. A missing root is an empty store.
 */
export async function readHistory(root: string, suiteId?: string): Promise<ParsedHistory> {
  const records: HistoryRecord[] = [];
  const problems: HistoryProblem[] = [];
  const whole = (rel: string, message: string): void => {
    problems.push({ path: path.join(root, rel), line: 0, message });
  };
  let top;
  try {
    top = await readdir(root, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records, problems };
    whole('', `cannot read the history directory: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    return { records, problems };
  }
  for (const entry of top.sort((a, b) => a.name.localeCompare(b.name))) {
    if (ignored(entry.name) || OWN_TOP.has(entry.name)) continue;
    if (!entry.isDirectory()) {
      whole(entry.name, 'not a history file: the store holds <suite>/<YYYY-MM>.jsonl');
      continue;
    }
    if (suiteId !== undefined && entry.name !== suiteId) continue;
    const idProblem = suiteIdProblem(entry.name);
    if (idProblem) {
      whole(entry.name, `not a suite directory: ${idProblem}`);
      continue;
    }
    const files = (await readdir(path.join(root, entry.name), { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const f of files) {
      if (ignored(f.name) || f.name === CONFIRMATIONS_FILE) continue;
      const rel = path.join(entry.name, f.name);
      if (!f.isFile() || !MONTH_FILE.test(f.name)) {
        whole(rel, 'not a history file: expected <YYYY-MM>.jsonl');
        continue;
      }
      const file = path.join(root, rel);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        whole(rel, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
        continue;
      }
      const parsed = parseHistory(text, file, { suite: entry.name, month: f.name.slice(0, 7) });
      // One by one: a spread of a big month file's records is as many call arguments.
      for (const r of parsed.records) records.push(r);
      for (const p of parsed.problems) problems.push(p);
    }
  }
  return { records, problems };
}

/** A suite's confirmations under root; a missing file is none. */
export async function readConfirmations(root: string, suiteId: string): Promise<ParsedConfirmations> {
  const file = path.join(root, confirmationsFilePath(suiteId));
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], problems: [] };
    return {
      records: [],
      problems: [
        { path: file, line: 0, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` },
      ],
    };
  }
  return parseConfirmations(text, file);
}

/** Appends confirmations to their suites' files, whole or not at all; returns the store-relative files. */
export async function appendConfirmations(root: string, records: readonly ConfirmationRecord[]): Promise<string[]> {
  const byFile = groupBy(records, (r) => confirmationsFilePath(r.suite));
  for (const [rel, recs] of byFile) {
    const problem = suiteIdProblem(recs[0]!.suite);
    if (problem) throw new TypeError(problem);
    const file = path.join(root, rel);
    await makeDirs(path.dirname(file));
    const lead = (await endsWithNewline(file)) ? '' : '\n';
    await appendWhole(file, lead + serializeConfirmations(recs), `${recs.length} confirmation records`);
  }
  return [...byFile.keys()].sort();
}

/** The directory store behind the engine's HistoryStore interface. */
export function directoryHistoryStore(root: string): HistoryStore {
  return {
    where: root,
    append: (records) => appendHistory(root, records),
    read: (suiteId) => readHistory(root, suiteId),
    readConfirmations: (suiteId) => readConfirmations(root, suiteId),
    appendConfirmations: async (records) => {
      if (records.length > 0) await appendConfirmations(root, records);
    },
  };
}
