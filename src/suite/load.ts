/**
 * Loads and validates perfgate.yml. Every problem is reported at once, each as
 * `file:line: key.path: what was expected`, and a suite with any problem is never run.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { InputError } from '../errors.js';
import type { BackendChoice } from '../results/results-doc.js';
import type { HarnessFormat } from './harness-formats.js';
import { suiteSchema } from './suite-schema.js';
import { CPU_LIST } from './settings.js';
import { DEFAULT_THRESHOLDS, type BenchmarkSpec, type CallGraphChoice, type Pairing, type Suite } from './spec.js';
import { parseDuration, parsePercent } from './units.js';

export class SuiteError extends InputError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`invalid suite ${file}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

// Compiled on first use, not at import: compiling the schemas was most of every command's
// start-up (0.3 s of CPU), and most commands validate none of them.
let compiled: ValidateFunction | undefined;
const validator = (): ValidateFunction =>
  (compiled ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(suiteSchema));
const BUILT_IN = {
  iterations: 30,
  warmup: 3,
  backend: 'auto',
  timeout: '60s',
  profile: false,
  pairing: 'sequential',
} as const;

/**
 * The YAML parser holds ~85 bytes per byte of input (its token tree): a 5 MB suite took 455 MB
 * and 9.5 s before anything ran. A suite is a hand-written list; 1 MiB is ~10,000 benchmarks.
 */
export const MAX_SUITE_BYTES = 1024 * 1024;

export async function loadSuite(file: string): Promise<Suite> {
  let text: string;
  try {
    const size = (await stat(file)).size;
    if (size > MAX_SUITE_BYTES) {
      throw new InputError(
        `suite ${file} is ${(size / 1024 / 1024).toFixed(1)} MiB: perfgate reads suites up to ${MAX_SUITE_BYTES / 1024 / 1024} MiB (about 10,000 benchmarks); split it, or generate fewer benchmarks`,
      );
    }
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT'
        ? `suite file not found: ${file} (pass --suite FILE, or add perfgate.yml)`
        : `cannot read suite ${file}: ${code}`,
    );
  }
  const suite = parseSuite(text, path.resolve(file));
  // With a setup, a missing cwd may be one setup builds: checked after it (checkCwds).
  if (suite.setup === null) await checkCwds(suite);
  return suite;
}

/** Every benchmark's cwd is a directory, or a SuiteError naming file:line of each that is not. */
export async function checkCwds(suite: Suite): Promise<void> {
  const problems: string[] = [];
  const checked = new Map<string, string | null>();
  for (const b of suite.benchmarks) {
    let why = checked.get(b.cwd);
    if (why === undefined) {
      why = await stat(b.cwd).then(
        (st) => (st.isDirectory() ? null : 'is not a directory'),
        (err: NodeJS.ErrnoException) =>
          err.code === 'ENOENT' ? 'does not exist' : `cannot be used (${err.code ?? err.message})`,
      );
      checked.set(b.cwd, why);
    }
    if (why !== null)
      problems.push(
        `${b.at?.cwd ?? `${suite.path}:${b.line}: ${b.name}.cwd`}: directory ${b.cwd} ${why}${suite.setup !== null ? ' (after setup)' : ''}`,
      );
  }
  if (problems.length > 0) throw new SuiteError(suite.path, sortByLine(problems));
}

export function parseSuite(text: string, file: string): Suite {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lines.linePos(offset).line);
  if (doc.errors.length > 0) {
    throw new SuiteError(
      file,
      doc.errors.map((e) => `${file}:${lineOf(e.pos[0])}: YAML: ${e.message.split('\n')[0]}`),
    );
  }
  const data: unknown = doc.toJS();
  const at = (keyPath: (string | number)[]): string =>
    `${file}:${lineAt(doc, keyPath, lineOf)}: ${formatPath(keyPath)}`;

  // Every problem at once: a schema error must not hide an empty `run` or a bad percentage
  // further down, so the loader's own checks run on whatever parts have the right shape.
  const validate = validator();
  const problems = validate(data) ? [] : (validate.errors ?? []).map((e) => describe(e, at));
  const suite = resolve(
    rawSuite(data),
    file,
    text,
    { at, line: (p) => lineAt(doc, p, lineOf), source: (p) => sourceText(doc, text, p) },
    problems,
  );
  if (problems.length > 0) throw new SuiteError(file, sortByLine(problems));
  return suite;
}

/**
 * The file as the loader's types describe it, with every value of the wrong shape dropped (the
 * schema has reported it already), so the loader's checks can run on the rest.
 */
function rawSuite(data: unknown): RawSuite {
  const obj = (v: unknown): Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const top = obj(data);
  const options = (o: Record<string, unknown>): RawOptions => {
    const out: Record<string, unknown> = {};
    const want: Record<string, (v: unknown) => boolean> = {
      iterations: Number.isInteger,
      'max-iterations': Number.isInteger,
      warmup: Number.isInteger,
      backend: (v) => typeof v === 'string',
      cpus: (v) => typeof v === 'string' || Number.isInteger(v),
      pairing: (v) => typeof v === 'string',
      timeout: (v) => typeof v === 'string' || typeof v === 'number',
      'time-budget': (v) => typeof v === 'string' || typeof v === 'number',
      profile: (v) => typeof v === 'boolean' || v === 'offcpu',
      'call-graph': (v) => typeof v === 'string',
      cwd: (v) => typeof v === 'string' && v !== '',
    };
    for (const [k, ok] of Object.entries(want)) if (o[k] !== undefined && ok(o[k])) out[k] = o[k];
    const threshold = Object.fromEntries(Object.entries(obj(o.threshold)).filter((e) => typeof e[1] === 'string'));
    if (Object.keys(threshold).length > 0) out.threshold = threshold;
    const env = Object.fromEntries(
      Object.entries(obj(o.env)).filter((e) => ['string', 'number', 'boolean'].includes(typeof e[1])),
    );
    if (Object.keys(env).length > 0) out.env = env;
    return out;
  };
  const benchmarks = Array.isArray(top.benchmarks) ? top.benchmarks : [];
  return {
    version: 1,
    ...(typeof top.setup === 'string' ? { setup: top.setup } : {}),
    defaults: options(obj(top.defaults)),
    benchmarks: benchmarks.map((b) => {
      const o = obj(b);
      const text = (k: 'name' | 'run' | 'format' | 'output'): Partial<RawBenchmark> =>
        typeof o[k] === 'string' ? { [k]: o[k] } : {};
      return { ...options(o), ...text('name'), ...text('run'), ...text('format'), ...text('output') };
    }),
  };
}

/** The text a scalar was written as (`010`, `0x1F`, `1e3`), not what YAML made of it. */
function sourceText(doc: Document, text: string, keyPath: (string | number)[]): string | null {
  const node = doc.getIn(keyPath, true);
  if (!isScalar(node) || !node.range) return null;
  return text.slice(node.range[0], node.range[1]);
}

interface RawOptions {
  iterations?: number;
  'max-iterations'?: number;
  warmup?: number;
  backend?: BackendChoice;
  cpus?: string | number;
  pairing?: Pairing;
  timeout?: string | number;
  threshold?: Record<string, string>;
  profile?: boolean | 'offcpu';
  'call-graph'?: CallGraphChoice;
  env?: Record<string, string | number | boolean>;
  cwd?: string;
}
interface RawBenchmark extends RawOptions {
  /** Absent (or not a string) only in a file the schema has already refused. */
  name?: string;
  run?: string;
  format?: HarnessFormat;
  output?: string;
}
interface RawSuite {
  version: 1;
  setup?: string;
  defaults?: RawOptions & { 'time-budget'?: string | number };
  benchmarks: RawBenchmark[];
}

/** Where a key path is in the suite file: as `file:line` for messages, its line, its source text. */
interface KeyLocator {
  at: (keyPath: (string | number)[]) => string;
  line: (keyPath: (string | number)[]) => number;
  source: (keyPath: (string | number)[]) => string | null;
}

function resolve(raw: RawSuite, file: string, text: string, locate: KeyLocator, problems: string[]): Suite {
  const { at, line, source } = locate;
  const dir = path.dirname(file);
  const defaults = raw.defaults ?? {};
  const seen = new Map<string, number>();

  const benchmarks = raw.benchmarks.map((b, i): BenchmarkSpec => {
    const here = ['benchmarks', i];
    const pick = <K extends keyof RawOptions>(key: K): { value: RawOptions[K]; where: (string | number)[] } =>
      b[key] !== undefined
        ? { value: b[key], where: [...here, key] }
        : { value: defaults[key], where: ['defaults', key] };

    const name = b.name ?? '';
    const first = seen.get(name);
    if (first !== undefined)
      problems.push(`${at([...here, 'name'])}: duplicate benchmark name '${name}' (first at benchmarks[${first}])`);
    else if (b.name !== undefined) seen.set(name, i);
    if (b.run !== undefined && b.run.trim() === '')
      problems.push(`${at([...here, 'run'])}: empty command: expected the shell command to measure`);

    const timeout = pick('timeout');
    const timeoutMs = parseDuration(timeout.value ?? BUILT_IN.timeout);
    if (timeoutMs === null)
      problems.push(
        `${at(timeout.where)}: bad duration ${JSON.stringify(timeout.value)}: expected e.g. '60s', '500ms', '2m'`,
      );

    const cpusRaw = pick('cpus');
    const cpus = cpusRaw.value === undefined ? null : String(cpusRaw.value);
    // `auto` is resolved when measuring (isolated CPUs, else the last online one), not here.
    if (cpus !== null && cpus !== 'auto' && !CPU_LIST.test(cpus)) {
      problems.push(
        `${at(cpusRaw.where)}: bad CPU list '${cpus}': expected taskset form like '1', '0-3' or '0,2', or 'auto'`,
      );
    } else if (cpus !== null) {
      for (const [, lo, hi] of cpus.matchAll(/(\d+)-(\d+)/g)) {
        if (Number(hi) < Number(lo))
          problems.push(
            `${at(cpusRaw.where)}: reversed CPU range '${lo}-${hi}' in '${cpus}': expected low-high, e.g. '${hi}-${lo}'`,
          );
      }
    }

    const threshold: Record<string, number> = { ...DEFAULT_THRESHOLDS };
    for (const [where, map] of [
      [['defaults', 'threshold'], defaults.threshold],
      [[...here, 'threshold'], b.threshold],
    ] as const) {
      for (const [metric, v] of Object.entries(map ?? {})) {
        const pct = parsePercent(v);
        if (pct === null)
          problems.push(`${at([...where, metric])}: bad percentage '${v}': expected e.g. '2%' or '0.5%'`);
        else threshold[metric] = pct;
      }
    }

    const iterations = pick('iterations').value ?? BUILT_IN.iterations;
    const max = pick('max-iterations');
    const maxIterations = max.value ?? iterations;
    if (maxIterations < iterations)
      problems.push(
        `${at(max.where)}: max-iterations ${maxIterations} is below iterations ${iterations}: expected at least as many`,
      );

    // A number or boolean keeps the text it was written as: YAML reads `010` as 10 and `0x1F`
    // as 31, but the program gets what the file says.
    const env: Record<string, string> = {};
    for (const [where, map] of [
      [['defaults', 'env'], defaults.env],
      [[...here, 'env'], b.env],
    ] as const) {
      for (const [k, v] of Object.entries(map ?? {}))
        env[k] = typeof v === 'string' ? v : (source([...where, k]) ?? String(v));
    }
    const cwd = path.resolve(dir, pick('cwd').value ?? '.');
    if (b.output !== undefined && b.format === undefined)
      problems.push(`${at([...here, 'output'])}: 'output' needs 'format' (the harness whose file it is)`);

    return {
      name,
      run: (b.run ?? '').trim(),
      cwd,
      at: { cpus: at(cpusRaw.where), cwd: at(pick('cwd').where) },
      env,
      iterations,
      maxIterations: Math.max(maxIterations, iterations),
      ...(max.value !== undefined ? { maxIterationsFrom: 'suite' as const } : {}),
      warmup: pick('warmup').value ?? BUILT_IN.warmup,
      backend: pick('backend').value ?? BUILT_IN.backend,
      cpus,
      timeoutMs: timeoutMs ?? 0,
      pairing: pick('pairing').value ?? BUILT_IN.pairing,
      threshold,
      profile: (pick('profile').value ?? BUILT_IN.profile) !== false,
      offcpu: pick('profile').value === 'offcpu',
      callGraph: pick('call-graph').value ?? 'auto',
      line: line(here),
      ...(b.format !== undefined
        ? { harness: { format: b.format, output: b.output === undefined ? null : path.resolve(cwd, b.output) } }
        : {}),
    };
  });

  const budget = defaults['time-budget'];
  const timeBudgetMs = budget === undefined ? null : parseDuration(budget);
  if (budget !== undefined && timeBudgetMs === null)
    problems.push(
      `${at(['defaults', 'time-budget'])}: bad duration ${JSON.stringify(budget)}: expected e.g. '10m', '90s'`,
    );

  return {
    path: file,
    dir,
    sha256: createHash('sha256').update(text).digest('hex'),
    setup: raw.setup?.trim() || null,
    timeBudgetMs,
    benchmarks,
  };
}

/** Line of the deepest entry that exists along keyPath: a map entry's key, a list's item. */
function lineAt(doc: Document, keyPath: (string | number)[], lineOf: (o: number | undefined) => number): number {
  for (let n = keyPath.length; n > 0; n--) {
    const parent = n === 1 ? doc.contents : doc.getIn(keyPath.slice(0, n - 1), true);
    const last = keyPath[n - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
      if (pair && isNode(pair.key) && pair.key.range) return lineOf(pair.key.range[0]);
    } else if (isSeq(parent) && typeof last === 'number') {
      const item = parent.items[last];
      if (isNode(item) && item.range) return lineOf(item.range[0]);
    }
  }
  return 1;
}

function formatPath(keyPath: (string | number)[]): string {
  if (keyPath.length === 0) return '(top level)';
  return keyPath.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

function describe(e: ErrorObject, at: (keyPath: (string | number)[]) => string): string {
  const keyPath = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `${at([...keyPath, String(p.additionalProperty)])}: unknown key '${String(p.additionalProperty)}'`;
    case 'required':
      return `${at(keyPath)}: missing required key '${String(p.missingProperty)}'`;
    case 'type':
      return `${at(keyPath)}: wrong type: expected ${String(p.type).replace(',', ' or ')}`;
    case 'enum':
      return `${at(keyPath)}: expected one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${at(keyPath)}: expected ${JSON.stringify(p.allowedValue)}`;
    case 'pattern':
      return keyPath.at(-1) === 'name'
        ? `${at(keyPath)}: bad name: expected letters, digits and . _ / - only`
        : `${at(keyPath)}: does not match ${String(p.pattern)}`;
    case 'propertyNames':
      return `${at(keyPath)}: bad metric name '${String(p.propertyName)}'`;
    case 'minItems':
      return `${at(keyPath)}: expected at least one benchmark`;
    default:
      return `${at(keyPath)}: ${e.message ?? e.keyword}`;
  }
}

export function sortByLine(problems: string[]): string[] {
  const lineNo = (s: string): number => Number(/:(\d+):/.exec(s)?.[1] ?? 0);
  return [...new Set(problems)].sort((a, b) => lineNo(a) - lineNo(b));
}
