/**
 * The backend line of a run (results.json `backendReason`, the baseline job summary's
 * "Backend: …"): "auto → perf" only when auto chose; a suite that sets `backend: perf` says
 * "perf (requested)", even on a host where auto would have chosen perf too (issue 20 item 5).
 */
import { planBackends } from '../../src/engine/rig.js';
import { probeHost } from '../../src/host/probe.js';
import { parseSuite } from '../../src/suite/load.js';
import { renderSummaryMarkdown } from '../../src/report/summary.js';
import { resultsDoc } from '../helpers/comparison.js';
import { perfUsable } from '../helpers/tools.js';

const suite = (defaults: string): ReturnType<typeof parseSuite> =>
  parseSuite(
    `version: 1\n${defaults}benchmarks:\n  - name: a\n    run: "true"\n  - name: b\n    run: "true"\n`,
    'perfgate.yml',
  );

describe('the backend reason', () => {
  it('says requested when the suite sets it, auto → perf only when auto chose', async () => {
    const probe = await probeHost();
    if (!perfUsable(probe)) return;
    const explicit = planBackends(suite('defaults:\n  backend: perf\n').benchmarks, probe);
    const auto = planBackends(suite('').benchmarks, probe);
    expect([explicit.suiteBackend, auto.suiteBackend]).toEqual(['perf', 'perf']);
    expect(explicit.reason).toMatch(/^perf \(requested\): /);
    expect(auto.reason).toMatch(/^auto → perf: /);
    const md = renderSummaryMarkdown(resultsDoc([], { backendReason: explicit.reason }));
    expect(md).toContain('Backend: perf \\(requested\\)');
    expect(md).not.toContain('auto →');
  });
});
