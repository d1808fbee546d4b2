/**
 * Reading comparison.json back: the merge of paired shards and the fork-PR companion job read
 * documents another job wrote (for a fork, code nobody reviewed wrote). Only a document of the
 * shape this perfgate writes is accepted; the renderer escapes every string it shows.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { BACKEND_NAMES } from '../results/results-doc.js';
import { fingerprintSchema, gitSchema } from '../results/results-schema.js';
import type { ComparisonDoc } from './comparison-doc.js';

const num = { type: ['number', 'null'] };
const str = { type: 'string' };
const strings = { type: 'array', items: str };
const pair = { type: 'array', items: num, minItems: 2, maxItems: 2 };
const side = {
  type: 'object',
  required: ['git', 'fingerprint', 'backend', 'startedAt'],
  properties: {
    git: gitSchema,
    fingerprint: fingerprintSchema,
    backend: { enum: [...BACKEND_NAMES] },
    startedAt: str,
  },
};

export const comparisonSchema = {
  type: 'object',
  required: [
    'schemaVersion',
    'design',
    'baseline',
    'fdr',
    'sequential',
    'base',
    'head',
    'gate',
    'rows',
    'added',
    'removed',
    'problems',
    'summary',
    'warnings',
  ],
  properties: {
    schemaVersion: { const: 1 },
    design: { enum: ['paired', 'unpaired'] },
    baseline: {
      type: 'object',
      required: ['source', 'sessions', 'reason'],
      properties: {
        source: { enum: ['same-job', 'history', 'artifact', 'local-file', 'files'] },
        sessions: { type: 'integer', minimum: 1 },
        reason: str,
      },
    },
    seed: num,
    fdr: { type: 'number' },
    sequential: {
      type: 'object',
      required: ['looks', 'nominalAlpha'],
      properties: {
        looks: { type: 'integer' },
        nominalAlpha: { type: 'number' },
        design: { enum: ['pocock', 'tost-pocock', 'tost-obf'] },
        levels: { type: 'array', items: { type: 'number' } },
      },
    },
    base: side,
    head: side,
    gate: {
      type: 'object',
      required: ['comparable', 'reasons'],
      properties: { comparable: { type: 'boolean' }, reasons: strings },
    },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'benchmark',
          'metric',
          'unit',
          'gated',
          'verdict',
          'change',
          'ci',
          'confLevel',
          'p',
          'pAdjusted',
          'threshold',
          'n',
          'median',
          'outliers',
        ],
        properties: {
          benchmark: str,
          metric: str,
          unit: str,
          gated: { type: 'boolean' },
          verdict: { enum: ['regression', 'improvement', 'unchanged', 'inconclusive'] },
          change: num,
          ci: pair,
          confLevel: { type: 'number' },
          // Optional: comparisons written before it existed have none.
          mde: { type: 'number', minimum: 0 },
          p: num,
          pAdjusted: num,
          threshold: num,
          n: {
            type: 'object',
            required: ['base', 'head'],
            properties: { base: { type: 'integer' }, head: { type: 'integer' } },
          },
          median: { type: 'object', required: ['base', 'head'], properties: { base: num, head: num } },
          outliers: { type: 'integer' },
          note: str,
          // Rendered into comments: numbers and fixed words only.
          sampling: {
            type: 'object',
            required: ['pairs', 'looks', 'stop'],
            properties: {
              pairs: { type: 'integer', minimum: 0 },
              looks: { type: 'integer', minimum: 0 },
              stop: { enum: ['fixed', 'decided', 'futile', 'max-iterations', 'time-budget', 'interrupted'] },
              max: { type: 'integer', minimum: 1 },
              maxFrom: { enum: ['suite', 'run', 'default'] },
              pairing: { enum: ['sequential', 'duet'] },
              // Free text (escaped where rendered), capped like the other texts a report shows.
              pairingWhy: { type: 'string', maxLength: 2000 },
              design: { enum: ['pocock', 'tost-pocock', 'tost-obf'] },
              futile: { type: 'boolean' },
            },
          },
          confirmation: {
            type: 'object',
            required: ['status'],
            properties: {
              status: { enum: ['confirmed', 'not-confirmed', 'unconfirmed'] },
              paired: {
                type: 'object',
                required: ['verdict', 'change', 'ci', 'confLevel', 'pairs'],
                properties: {
                  verdict: { enum: ['regression', 'improvement', 'unchanged', 'inconclusive'] },
                  change: num,
                  ci: pair,
                  confLevel: { type: 'number' },
                  pairs: { type: 'integer', minimum: 0 },
                },
              },
              reason: str,
            },
          },
        },
      },
    },
    added: strings,
    removed: strings,
    problems: {
      type: 'array',
      items: {
        type: 'object',
        required: ['benchmark', 'side', 'status'],
        properties: { benchmark: str, side: { enum: ['base', 'head'] }, status: str, error: str },
      },
    },
    summary: { type: 'object', required: ['regressions', 'improvements', 'unchanged', 'inconclusive'] },
    explanations: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        // Frames of a profiled benchmark, a kind of change (compare/slowdown-kind.ts), or both.
        anyOf: [{ required: ['diff', 'negated', 'top'] }, { required: ['kind', 'evidence'] }],
        properties: {
          kind: { enum: ['more-work', 'memory', 'branches', 'waiting', 'contention', 'layout', 'unclear'] },
          evidence: { type: 'object', required: ['source', 'time'] },
          diff: { type: 'string', pattern: '^[A-Za-z0-9._%/-]+$' },
          negated: { type: 'string', pattern: '^[A-Za-z0-9._%/-]+$' },
          top: { type: 'array', items: { type: 'object', required: ['frame'], properties: { frame: str } } },
        },
      },
    },
    confirmation: {
      type: 'object',
      required: ['status', 'reason'],
      properties: {
        status: { enum: ['paired', 'unconfirmed'] },
        reason: str,
        comparison: { type: 'string', pattern: '^[A-Za-z0-9._%/-]+$' },
      },
    },
    interrupted: strings,
    noComparison: str,
    warnings: strings,
  },
};

// Compiled on first use, not at import: compiling the schemas was most of every command's
// start-up (0.3 s of CPU), and most commands validate none of them.
let compiled: ValidateFunction | undefined;
const validator = (): ValidateFunction =>
  (compiled ??= new Ajv({ allErrors: true, allowUnionTypes: true, strict: false }).compile(comparisonSchema));

/** The document, if it has the shape of a comparison.json; else an InputError listing what is wrong. */
export function parseComparison(doc: unknown, source = 'comparison.json'): ComparisonDoc {
  // JSON has no NaN: JSON.stringify wrote null for an interval that could not be estimated.
  const check = validator();
  if (check(doc)) {
    const c = doc as ComparisonDoc;
    for (const r of c.rows) {
      r.ci = r.ci.map((v) => (v === null ? NaN : v)) as [number, number];
      if ((r.change as number | null) === null) r.change = NaN;
    }
    return c;
  }
  const problems = (check.errors ?? [])
    .slice(0, 10)
    .map((e) => `${e.instancePath || '(root)'}: ${e.message ?? e.keyword}`);
  throw new InputError(`${source} is not a comparison.json this perfgate wrote:\n  ${problems.join('\n  ')}`);
}

export async function readComparison(file: string): Promise<ComparisonDoc> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return parseComparison(JSON.parse(text), file);
  } catch (err) {
    if (err instanceof SyntaxError) throw new InputError(`${file} is not JSON: ${err.message}`);
    throw err;
  }
}
