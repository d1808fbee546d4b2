/** The skip-or-fail rule every tool- or corpus-dependent test goes through. */
import { corpusRequired, strictMode, unavailable, unavailableMessage } from './optional.js';

describe('unavailable', () => {
  it('lets the test run when nothing is missing, under CI or not', () => {
    expect(unavailable('perf', undefined, {})).toBe(false);
    expect(unavailable('perf', undefined, { CI: 'true' })).toBe(false);
  });

  it('skips with a printed reason off CI', () => {
    const printed: unknown[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => printed.push(...args);
    try {
      expect(unavailable('browser test', 'no chromium found', {})).toBe(true);
    } finally {
      console.warn = original;
    }
    expect(printed).toEqual(['SKIPPED browser test: no chromium found']);
  });

  it('fails under CI=true, saying what is missing', () => {
    expect(() => unavailable('valgrind', 'valgrind missing', { CI: 'true' })).toThrow(
      'valgrind: valgrind missing, and CI=true does not allow skipping it',
    );
    expect(strictMode({ CI: 'true' })).toBe(true);
    expect(strictMode({ CI: '1' })).toBe(false);
    expect(strictMode({})).toBe(false);
    expect(unavailableMessage('x', 'y', false)).toBe('SKIPPED x: y');
  });
});

it('a conformance corpus is required only where the run says it is laid out (PERFGATE_REQUIRE_CORPUS=1), not by CI=true alone', () => {
  expect(corpusRequired({ PERFGATE_REQUIRE_CORPUS: '1' })).toBe(true);
  expect(corpusRequired({ CI: 'true' })).toBe(false);
  expect(corpusRequired({})).toBe(false);
});
