import { compareSessions, sessionCentre } from '../../src/stats/sessions.js';

// Expected values computed independently with scipy 1.17 (numpy mean/std(ddof=1),
// scipy.stats.t.ppf / t.sf), from the formula in src/stats/sessions.ts's header:
//   d = c_head − mean(c_base); se = sd(c_base)·√(1 + 1/K); ci = expm1(d ± t_{K−1}·se);
//   p = t.sf((d − log1p(θ)) / se, K − 1).
const logs = (xs: number[]): number[] => xs.map(Math.log);
const base = logs([100.0, 103.0, 98.5, 101.2, 99.1]);

test.each([
  [
    100.4,
    0.02,
    [0.0005255611995308385, -0.052174637207103296, 0.056155952256755036, 0.8107028184207525],
    'inconclusive',
  ],
  [112.0, 0.02, [0.11612413201541197, 0.05733506606378827, 0.17818193877247476, 0.004936781501273338], 'regression'],
  [130.0, 0.02, [0.29550122466074624, 0.2272639159668973, 0.36753260750376554, 0.000126768265086509], 'regression'],
])('head %p against five sessions matches scipy', (head, threshold, [change, lo, hi, p], verdict) => {
  const r = compareSessions(base, Math.log(head), { threshold });
  expect(r.change).toBeCloseTo(change as number, 12);
  expect(r.ci[0]).toBeCloseTo(lo as number, 9);
  expect(r.ci[1]).toBeCloseTo(hi as number, 9);
  expect(r.p).toBeCloseTo(p as number, 9);
  expect(r.verdict).toBe(verdict);
  expect(r.sessions).toBe(5);
});

test('two sessions and a 90% level: one degree of freedom, matches scipy', () => {
  const r = compareSessions(logs([50, 52]), Math.log(51), { threshold: 0.03, confLevel: 0.9 });
  expect(r.ci[0]).toBeCloseTo(-0.19286267582521863, 9);
  expect(r.ci[1]).toBeCloseTo(0.2394230639840751, 9);
  expect(r.p).toBeCloseTo(0.7269229215795443, 9);
});

test('one baseline session cannot gate, whatever the difference, and says why', () => {
  const r = compareSessions([Math.log(100)], Math.log(150), { threshold: 0.02 });
  expect(r.verdict).toBe('inconclusive');
  expect(r.change).toBeCloseTo(0.5, 12);
  expect(r.ci.every(Number.isNaN)).toBe(true);
  expect(r.p).toBeNull();
  expect(r.note).toMatch(/one baseline session/);
});

test('identical baseline sessions give no spread estimate, so no verdict', () => {
  const r = compareSessions([Math.log(7), Math.log(7), Math.log(7)], Math.log(8), { threshold: 0.005 });
  expect(r.verdict).toBe('inconclusive');
  expect(r.sessionSd).toBe(0);
  expect(r.note).toMatch(/identical/);
});

test('the centre of a session is the log of its median, so one slow run does not move it', () => {
  expect(sessionCentre([10, 11, 12])).toBeCloseTo(Math.log(11), 14);
  expect(sessionCentre([10, 11, 12, 900])).toBeCloseTo(Math.log(11.5), 14);
  expect(() => sessionCentre([1, 0])).toThrow(/positive/);
});
