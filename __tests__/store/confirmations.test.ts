/**
 * Step confirmations beside the history (results/confirmation-record.ts): both stores append and
 * read them back, the history readers are not confused by the file, and a damaged line is a
 * problem naming its file and line while the rest is read. Real files and real git (a local
 * bare repository).
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { directoryHistoryStore, readHistory } from '../../src/store/history-dir.js';
import { gitHistoryStore } from '../../src/store/history-git.js';
import { type ConfirmationRecord } from '../../src/results/confirmation-record.js';
import { demoHistory } from '../helpers/history.js';

const tmp = (prefix: string): string => mkdtempSync(path.join(os.tmpdir(), prefix));

function record(bad: string, outcome: ConfirmationRecord['outcome']): ConfirmationRecord {
  return {
    v: 1,
    suite: 'demo',
    benchmark: 'cache/random',
    metric: 'wall',
    good: 'a'.repeat(40),
    bad,
    outcome,
    change: outcome === 'confirmed' ? 0.08 : 0.001,
    ci: outcome === 'confirmed' ? [0.07, 0.09] : [-0.01, 0.012],
    verdict: outcome === 'confirmed' ? 'regression' : 'unchanged',
    pairs: 10,
    ...(outcome === 'confirmed' ? { culprit: { commit: bad, subject: 'x', change: 0.08, ci: [0.07, 0.09] } } : {}),
    reason: 'r',
    date: '2026-12-07T03:00:00.000Z',
  };
}

it('the directory store keeps confirmations beside the month files; the history reader skips them', async () => {
  const root = tmp('pg-confirm-dir-');
  const store = directoryHistoryStore(root);
  await store.append(demoHistory({ nights: 2 }));
  await store.appendConfirmations!([record('b'.repeat(40), 'rejected'), record('c'.repeat(40), 'confirmed')]);
  expect((await readHistory(root)).problems).toEqual([]);
  appendFileSync(path.join(root, 'demo', 'confirmations.jsonl'), '{"v":1,"suite":"demo"}\n');
  // The same step concluded again (its line deleted by hand, measured again): the later line wins.
  await store.appendConfirmations!([record('b'.repeat(40), 'confirmed')]);
  const read = await store.readConfirmations!('demo');
  expect(read.records.map((r) => [r.bad[0], r.outcome])).toEqual([
    ['b', 'confirmed'],
    ['c', 'confirmed'],
  ]);
  expect(read.problems).toEqual([
    {
      path: path.join(root, 'demo', 'confirmations.jsonl'),
      line: 3,
      message: expect.stringMatching(/^"benchmark": expected a non-empty string/),
    },
  ]);
  expect(await store.readConfirmations!('other')).toEqual({ records: [], problems: [] });
});

it('the git store appends confirmations to the history ref with one commit and reads them back', async () => {
  const remote = tmp('pg-confirm-bare-');
  execFileSync('git', ['init', '-q', '--bare'], { cwd: remote });
  const store = gitHistoryStore({ remote });
  expect(await store.readConfirmations!('demo')).toEqual({ records: [], problems: [] });
  await store.append(demoHistory({ nights: 1 }));
  await store.appendConfirmations!([record('b'.repeat(40), 'rejected')]);
  await store.appendConfirmations!([record('c'.repeat(40), 'confirmed')]);
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: remote, encoding: 'utf8' }).trim();
  expect(git('log', '--format=%s', 'refs/perfgate/history').split('\n').slice(0, 2)).toEqual([
    'history: 1 step confirmation(s) of demo',
    'history: 1 step confirmation(s) of demo',
  ]);
  expect(git('ls-tree', '-r', '--name-only', 'refs/perfgate/history').split('\n')).toContain(
    'demo/confirmations.jsonl',
  );
  const read = await store.readConfirmations!('demo');
  expect(read.problems).toEqual([]);
  expect(read.records.map((r) => [r.bad[0], r.outcome, r.culprit?.commit[0]])).toEqual([
    ['b', 'rejected', undefined],
    ['c', 'confirmed', 'c'],
  ]);
  expect((await store.read('demo')).problems).toEqual([]);
});
