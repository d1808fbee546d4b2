/**
 * Parity with FlameGraph's stackcollapse-perf.pl (41fee1f): every fixture × option must give
 * the expected bytes (DESIGN §5), plus the streaming and bad-input behaviour the perl script
 * leaves undefined.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import {
  collapsePerfScript,
  collapsePerfScriptText,
  type CollapseOptions,
  PerfScriptCollapser,
  tidyGeneric,
} from '../../src/profile/collapse.js';
import { InputError } from '../../src/errors.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'flamegraph');

const OPTIONS: Record<string, CollapseOptions> = {
  default: {},
  pid: { pid: true },
  tid: { tid: true },
  kernel: { kernel: true },
  jit: { jit: true },
  all: { all: true },
  addrs: { addrs: true },
};

const inputs = readdirSync(fixtures)
  .filter((f) => /^perf-.*\.txt$/.test(f))
  .sort();

describe('collapse parity with stackcollapse-perf.pl', () => {
  it('finds the fixtures', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(13);
  });

  const cases: Array<[string, string]> = [];
  for (const input of inputs) for (const opt of Object.keys(OPTIONS)) cases.push([input, opt]);

  it.each(cases)('%s --%s', (input, opt) => {
    const expectedFile = path.join(
      fixtures,
      'results',
      `${input.replace(/\.txt$/, '')}-collapsed-${opt}.txt`,
    );
    const expected = readFileSync(expectedFile);
    const result = collapsePerfScriptText(readFileSync(path.join(fixtures, input)), OPTIONS[opt]);
    const actual = result.toBuffer();
    if (!actual.equals(expected)) {
      // A readable diff instead of two opaque buffers.
      expect(actual.toString('latin1')).toBe(expected.toString('latin1'));
    }
    expect(actual.equals(expected)).toBe(true);
  });
});
