/**
 * criterion.rs for real: an offline `cargo bench` against Debian's crate sources
 * (librust-criterion-dev puts criterion 0.3.6 and its dependencies in /usr/share/cargo/registry;
 * the project's .cargo/config.toml replaces crates.io with that directory). Base and head
 * share one CARGO_TARGET_DIR so the dependencies build once; each invocation reads only the
 * estimates it wrote itself, so sharing target/criterion between the sides is safe.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { perfgate } from '../helpers/cli.js';
import { gatedRow, harnessRepo, harnessSrc, readComparison } from '../helpers/harness-repo.js';
import { haveTool } from '../helpers/tools.js';

describe('criterion entries', () => {
  it('perfgate ab: the benchmark doing 3× the work (large: the ~1 µs samples of criterion swing widely on this loaded VM) is a regression, the other not', () => {
    if (!haveTool(['cargo', '--version'], 'cargo')) return;
    if (
      !haveTool(
        ['test', '-d', '/usr/share/cargo/registry/criterion-0.3.6'],
        'librust-criterion-dev (/usr/share/cargo/registry/criterion-0.3.6)',
      )
    )
      return;
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'pg-cargo-'));
    const target = path.join(tmp, 'target');
    const env = { ...process.env, CARGO_HOME: path.join(tmp, 'home'), CARGO_TARGET_DIR: target };
    // 7 pairs, no warm-up pair: criterion warms up for 1 s itself, and at 7 pairs the exact
    // interval's lower end is the 3rd smallest Walsh average, so one preempted pair (a ratio
    // near 1 among ratios near 3) still leaves the interval far above θ.
    const repo = harnessRepo(
      {
        'Cargo.toml': harnessSrc('criterion', 'Cargo.toml'),
        'src/lib.rs': harnessSrc('criterion', 'lib.rs'),
        'benches/mix.rs': harnessSrc('criterion', 'benches', 'mix.rs'),
        '.cargo/config.toml': harnessSrc('criterion', '.cargo', 'config.toml'),
      },
      `version: 1
setup: cargo bench --bench mix --no-run
defaults: { iterations: 7, max-iterations: 7, warmup: 0, timeout: 300s }
benchmarks:
  - name: rs
    run: cargo bench -q --bench mix -- --noplot --warm-up-time 1 --measurement-time 1 --sample-size 10
    env: { MIX_WORK_B: "4000", CARGO_HOME: ${JSON.stringify(env.CARGO_HOME)}, CARGO_TARGET_DIR: ${JSON.stringify(target)} }
    format: criterion
    output: ${JSON.stringify(path.join(target, 'criterion'))}
`,
    );
    repo.change('perfgate.yml', 'MIX_WORK_B: "4000"', 'MIX_WORK_B: "12000"');
    const r = perfgate(['ab', '--base', 'HEAD~1', '--head', 'HEAD', '--seed', '2', '--no-profile'], {
      cwd: repo.dir,
      env,
      timeoutMs: 1_500_000,
    });
    const doc = readComparison(repo.dir);
    expect(gatedRow(doc, 'rs/knob', 'time')).toMatchObject({ gated: true, verdict: 'regression', unit: 'ns' });
    expect(gatedRow(doc, 'rs/knob', 'time').change).toBeGreaterThan(0.5);
    expect(gatedRow(doc, 'rs/steady', 'time').verdict).not.toBe('regression');
    expect(r.code).toBe(1);
  }, 1_500_000);
});
