/** JSON Schema of results.json (docs/ARCHITECTURE.md §2), used to refuse documents perfgate cannot read. */
import { BACKEND_NAMES } from './results-doc.js';

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };

/** `git` and `fingerprint` as results.json has them; comparison.json's sides carry the same. */
export const gitSchema = {
  type: 'object',
  required: ['sha', 'ref'],
  properties: { sha: { type: ['string', 'null'] }, ref: { type: ['string', 'null'] } },
};
export const fingerprintSchema = {
  type: 'object',
  required: ['hard', 'soft'],
  properties: { hard: stringMap, soft: stringMap, binaries: stringMap },
};

/** The folded stacks of one profile (perf record of CPU time, or of off-CPU waits). */
const foldedSchema = {
  folded: { type: 'string' },
  runs: { type: 'array', items: { type: 'string' } },
  callGraph: { enum: ['fp', 'dwarf', 'lbr'] },
};

export const resultsSchema = {
  $id: 'https://perfgate.dev/schema/results-1.json',
  type: 'object',
  required: ['schemaVersion', 'tool', 'suite', 'git', 'fingerprint', 'backend', 'startedAt', 'benchmarks'],
  properties: {
    schemaVersion: { const: 1 },
    tool: {
      type: 'object',
      required: ['name', 'version'],
      properties: { name: { const: 'perfgate' }, version: { type: 'string' } },
    },
    suite: {
      type: 'object',
      required: ['path', 'sha256'],
      properties: { path: { type: 'string' }, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
    },
    git: gitSchema,
    fingerprint: fingerprintSchema,
    backend: { enum: [...BACKEND_NAMES] },
    backendReason: { type: 'string' },
    startedAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time' },
    shard: {
      type: 'object',
      required: ['index', 'count'],
      properties: {
        index: { type: 'integer', minimum: 1 },
        count: { type: 'integer', minimum: 1 },
        all: { type: 'array', items: { type: 'string' } },
      },
    },
    benchmarks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'status', 'metrics'],
        properties: {
          name: { type: 'string', minLength: 1 },
          status: { enum: ['ok', 'failed', 'timeout', 'skipped'] },
          error: { type: 'string' },
          backend: { enum: [...BACKEND_NAMES] },
          threshold: { type: 'object', additionalProperties: { type: 'number', minimum: 0 } },
          metrics: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              required: ['unit', 'samples'],
              properties: { unit: { type: 'string' }, samples: { type: 'array', items: { type: 'number' } } },
            },
          },
          warnings: { type: 'array', items: { type: 'string' } },
          profile: {
            type: 'object',
            required: ['folded'],
            properties: {
              ...foldedSchema,
              callGraphReason: { type: 'string' },
              offcpu: {
                type: 'object',
                required: ['folded'],
                properties: foldedSchema,
              },
            },
          },
        },
      },
    },
  },
} as const;
