/**
 * `perfgate history site --out DIR`: the static dashboard of the stored history
 * (engine/site.ts), for GitHub Pages or any web server, or to open from disk. Registered as a
 * subcommand of `perfgate history` (commands/history.ts), which hands over how it opens a
 * store, so `--store DIR` and `--ref REF [--remote URL]` mean the same as for add/show/detect.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, InputError } from '../errors.js';
import { buildSite } from '../engine/site.js';
import type { HistoryStore } from '../engine/history-series.js';
import { commitUrlProblem } from '../report/dashboard.js';
import { historyProblemLines, suiteIdProblem } from '../results/history-record.js';
import type { CommandIO } from './command-io.js';

export const HISTORY_SITE_USAGE =
  'history site --out DIR [--store DIR | --ref REF [--remote URL]] [--suite-id ID] [--commit-url URL-WITH-{sha}] [--title T]';

export interface StoreFlags {
  store?: string | undefined;
  ref?: string | undefined;
  branch?: string | undefined;
  remote?: string | undefined;
}

export type OpenStore = (flags: StoreFlags, io: CommandIO) => Promise<HistoryStore>;

/**
 * The commit link template: --commit-url, else the repository this runs in on GitHub Actions
 * (GITHUB_SERVER_URL/GITHUB_REPOSITORY), else none (commits shown, not linked).
 */
export function commitUrlTemplate(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (flag !== undefined) {
    const why = commitUrlProblem(flag);
    if (why) throw new InputError(`--commit-url: ${why}`);
    return flag;
  }
  if (env.GITHUB_REPOSITORY && /^[^/\s]+\/[^/\s]+$/.test(env.GITHUB_REPOSITORY)) {
    return `${(env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')}/${env.GITHUB_REPOSITORY}/commit/{sha}`;
  }
  return undefined;
}

export async function historySite(argv: string[], io: CommandIO, openStore: OpenStore): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      store: { type: 'string' },
      ref: { type: 'string' },
      branch: { type: 'string' },
      remote: { type: 'string' },
      'suite-id': { type: 'string' },
      'commit-url': { type: 'string' },
      title: { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0)
    throw new InputError(
      `unexpected argument ${JSON.stringify(positionals[0])}\nusage: perfgate ${HISTORY_SITE_USAGE}`,
    );
  if (values.out === undefined || values.out.trim() === '')
    throw new InputError(`--out DIR is required: where to write index.html\nusage: perfgate ${HISTORY_SITE_USAGE}`);
  const suiteId = values['suite-id'];
  if (suiteId !== undefined) {
    const why = suiteIdProblem(suiteId);
    if (why) throw new InputError(`--suite-id: ${why}`);
  }
  const commitUrl = commitUrlTemplate(values['commit-url'], io.env);
  const store = await openStore(values, io);
  const out = path.resolve(io.cwd, values.out);
  const result = await buildSite(store, out, {
    ...(values.title !== undefined ? { title: values.title } : {}),
    ...(commitUrl !== undefined ? { commitUrl } : {}),
    ...(suiteId !== undefined ? { filter: { suiteId } } : {}),
  });
  for (const line of historyProblemLines(result.problems)) io.stderr.write(`warning: ${line}\n`);
  if (result.series === 0) io.stderr.write(`history site: no history in ${store.where}; the page says so\n`);
  io.stderr.write(
    `history site: ${result.series} series (${result.openRegressions} with an open regression) from ${store.where} → ${result.file} (${Math.round(result.bytes / 1024)} KB)\n`,
  );
  return EXIT.ok;
}
