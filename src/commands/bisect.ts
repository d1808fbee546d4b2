/** `perfgate bisect --good REF --bad REF`: the first commit at which a benchmark got slower (engine/bisect.ts). */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { EXIT, InputError } from '../errors.js';
import { runBisect, type BisectComparison, type BisectOutcome } from '../engine/bisect.js';
import { readComparison } from '../compare/read-comparison.js';
import { renderComparisonText } from '../report/comparison-text.js';
import { formatCi, formatPercent, textTable } from '../results/format.js';
import { withInterrupt } from '../tools/interrupt.js';
import type { Command, CommandIO } from './command-io.js';
import {
  parseBackendChoice,
  parseCpus,
  parsePairing,
  parsePositiveInt,
  parseRegex,
  parseSeed,
  parseTimeBudget,
} from './args.js';

export const BISECT_USAGE =
  'bisect --good REF --bad REF [--suite F] [--benchmark RE] [--metric M] [--iterations N] [--max-iterations N] [--time-budget D] [--backend B] [--cpus LIST|auto] [--pairing sequential|duet|auto] [--seed N] [--no-profile] [--out DIR] [--json]';

export const bisect: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      good: { type: 'string' },
      bad: { type: 'string' },
      suite: { type: 'string', default: 'perfgate.yml' },
      benchmark: { type: 'string' },
      metric: { type: 'string' },
      iterations: { type: 'string' },
      'max-iterations': { type: 'string' },
      'time-budget': { type: 'string' },
      backend: { type: 'string' },
      cpus: { type: 'string' },
      pairing: { type: 'string' },
      seed: { type: 'string' },
      'no-profile': { type: 'boolean', default: false },
      out: { type: 'string', default: '.perfgate/bisect' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.good === undefined || values.bad === undefined)
    throw new InputError('--good REF and --bad REF are required (the last commit known fast, the first known slow)');
  if (values.metric !== undefined && !/^[\w.:-]+$/.test(values.metric))
    throw new InputError(
      `--metric ${JSON.stringify(values.metric)}: expected a metric name such as task-clock or wall`,
    );
  const outDir = path.resolve(io.cwd, values.out);
  const outcome = await withInterrupt((signal) =>
    runBisect({
      cwd: io.cwd,
      suitePath: values.suite,
      good: values.good as string,
      bad: values.bad as string,
      outDir,
      ...(values.benchmark !== undefined ? { benchmark: parseRegex('--benchmark', values.benchmark) } : {}),
      ...(values.metric !== undefined ? { metric: values.metric } : {}),
      ...(values.iterations !== undefined ? { iterations: parsePositiveInt('--iterations', values.iterations) } : {}),
      ...(values['max-iterations'] !== undefined
        ? { maxIterations: parsePositiveInt('--max-iterations', values['max-iterations']) }
        : {}),
      ...(values['time-budget'] !== undefined ? { timeBudgetMs: parseTimeBudget(values['time-budget']) } : {}),
      ...(values.backend !== undefined ? { backend: parseBackendChoice(values.backend) } : {}),
      ...(values.cpus !== undefined ? { cpus: parseCpus(values.cpus) } : {}),
      ...(values.pairing !== undefined ? { pairing: parsePairing(values.pairing) } : {}),
      ...(values.seed !== undefined ? { seed: parseSeed(values.seed) } : {}),
      profile: !values['no-profile'],
      parentEnv: io.env,
      stderr: io.stderr,
      signal,
    }),
  );
  if (values.json) io.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
  else io.stdout.write(await renderBisect(outcome, io));
  io.stderr.write(`bisect: ${path.join(outDir, 'bisect.json')}\n`);
  return EXIT.ok;
};

function stepCells(s: BisectComparison, k: number): string[] {
  return [
    String(k + 1),
    s.base.slice(0, 12),
    s.head.slice(0, 12),
    s.change === null ? '–' : formatPercent(s.change),
    s.ci === null ? '–' : formatCi(s.ci),
    s.verdict,
    String(s.pairs),
    s.note ?? '',
  ];
}

/** The steps, the culprit with its subject, and the culprit's own comparison (the why). */
async function renderBisect(o: BisectOutcome, io: CommandIO): Promise<string> {
  const out: string[] = [];
  out.push(
    `perfgate bisect: ${o.benchmark ?? 'no benchmark'}${o.metric ? ` ${o.metric}` : ''}, ${o.commits} first-parent commit(s) between good and bad, ${o.steps.length} A/B run(s)`,
    '',
    textTable(
      ['#', 'base', 'head', 'change', 'CI', 'verdict', 'pairs', 'note'],
      o.steps.map(stepCells),
      new Set([0, 3, 6]),
    ),
    '',
  );
  if (o.culprit) {
    const c = o.culprit;
    out.push(`culprit: ${c.commit}`, `  ${c.subject}`, `  ${c.author}, ${c.date}`, `  ${o.reason}`, '');
    const doc = await readComparison(path.join(c.dir, 'comparison.json')).catch(() => null);
    if (doc) out.push(renderComparisonText(doc, (rel) => path.relative(io.cwd, path.join(c.dir, rel)) || rel));
  } else out.push(`no culprit: ${o.reason}`, '');
  return `${out.join('\n')}\n`;
}
