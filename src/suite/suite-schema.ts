/**
 * JSON Schema of perfgate.yml (docs/ARCHITECTURE.md §2). Structure only: units, duplicates and blank
 * commands are checked by the loader, which can say more than a schema keyword can.
 */
import { BACKEND_CHOICES } from '../results/results-doc.js';
import { HARNESS_FORMATS } from './harness-formats.js';
import { PAIRINGS } from './spec.js';

const duration = { type: ['string', 'number'] };
const percentMap = {
  type: 'object',
  propertyNames: { pattern: '^[A-Za-z0-9._-]+$' },
  additionalProperties: { type: 'string' },
};
const options = {
  iterations: { type: 'integer', minimum: 1, maximum: 100000 },
  'max-iterations': { type: 'integer', minimum: 1, maximum: 100000 },
  warmup: { type: 'integer', minimum: 0, maximum: 100000 },
  backend: { enum: [...BACKEND_CHOICES] },
  cpus: { type: ['string', 'integer'] },
  pairing: { enum: [...PAIRINGS] },
  timeout: duration,
  threshold: percentMap,
  profile: { enum: [true, false, 'offcpu'] },
  'call-graph': { enum: ['auto', 'fp', 'dwarf', 'lbr'] },
  env: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
  cwd: { type: 'string', minLength: 1 },
} as const;

export const suiteSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'benchmarks'],
  properties: {
    version: { const: 1 },
    setup: { type: 'string' },
    defaults: { type: 'object', additionalProperties: false, properties: { ...options, 'time-budget': duration } },
    benchmarks: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'run'],
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z0-9._/-]+$' },
          run: { type: 'string' },
          format: { enum: HARNESS_FORMATS },
          output: { type: 'string', minLength: 1 },
          ...options,
        },
      },
    },
  },
} as const;
