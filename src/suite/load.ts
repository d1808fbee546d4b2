/**
 * Loads and validates perfgate.yml. Every problem is reported at once, each as
 * `file:line: key.path: what was expected`, and a suite with any problem is never run.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { InputError } from '../errors.js';
import type { BackendChoice } from '../results/types.js';
import type { HarnessFormat } from './formats.js';
import { suiteSchema } from './schema.js';
import { DEFAULT_THRESHOLDS, type BenchmarkSpec, type CallGraphChoice, type Suite } from './types.js';
import { parseDuration, parsePercent } from './units.js';

export class SuiteError extends InputError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`invalid suite ${file}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(suiteSchema);
const CPU_LIST = /^\d+(-\d+)?(,\d+(-\d+)?)*$/;
const BUILT_IN = { iterations: 30, warmup: 3, backend: 'auto', timeout: '60s', profile: false } as const;

export async function loadSuite(file: string): Promise<Suite> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? `suite file not found: ${file} (pass --suite FILE, or add perfgate.yml)` : `cannot read suite ${file}: ${code}`,
    );
  }
  return parseSuite(text, path.resolve(file));
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
  const at = (keyPath: (string | number)[]): string => `${file}:${lineAt(doc, keyPath, lineOf)}: ${formatPath(keyPath)}`;

  if (!validate(data)) {
    throw new SuiteError(file, sortByLine((validate.errors ?? []).map((e) => describe(e, at))));
  }
  return resolve(data as RawSuite, file, text, at, (p) => lineAt(doc, p, lineOf));
}

interface RawOptions {
  iterations?: number;
  'max-iterations'?: number;
  warmup?: number;
  backend?: BackendChoice;
  cpus?: string | number;
  timeout?: string | number;
  threshold?: Record<string, string>;
  profile?: boolean | 'offcpu';
  'call-graph'?: CallGraphChoice;
  env?: Record<string, string | number | boolean>;
  cwd?: string;
}
interface RawBenchmark extends RawOptions {
  name: string;
  run: string;
  format?: HarnessFormat;
  output?: string;
}
interface RawSuite {
  version: 1;
  setup?: string;
  defaults?: RawOptions & { 'time-budget'?: string | number };
  benchmarks: RawBenchmark[];
}

function resolve(
  raw: RawSuite,
  file: string,
  text: string,
  at: (keyPath: (string | number)[]) => string,
  line: (keyPath: (string | number)[]) => number,
): Suite {
  const problems: string[] = [];
  const dir = path.dirname(file);
  const defaults = raw.defaults ?? {};
  const seen = new Map<string, number>();

  const benchmarks = raw.benchmarks.map((b, i): BenchmarkSpec => {
    const here = ['benchmarks', i];
    const pick = <K extends keyof RawOptions>(key: K): { value: RawOptions[K]; where: (string | number)[] } =>
      b[key] !== undefined ? { value: b[key], where: [...here, key] } : { value: defaults[key], where: ['defaults', key] };

    const first = seen.get(b.name);
    if (first !== undefined) problems.push(`${at([...here, 'name'])}: duplicate benchmark name '${b.name}' (first at benchmarks[${first}])`);
    else seen.set(b.name, i);
    if (b.run.trim() === '') problems.push(`${at([...here, 'run'])}: empty command: expected the shell command to measure`);

    const timeout = pick('timeout');
    const timeoutMs = parseDuration(timeout.value ?? BUILT_IN.timeout);
    if (timeoutMs === null) problems.push(`${at(timeout.where)}: bad duration ${JSON.stringify(timeout.value)}: expected e.g. '60s', '500ms', '2m'`);

    const cpusRaw = pick('cpus');
    const cpus = cpusRaw.value === undefined ? null : String(cpusRaw.value);
    // `auto` is resolved when measuring (isolated CPUs, else the last online one), not here.
    if (cpus !== null && cpus !== 'auto' && !CPU_LIST.test(cpus)) {
      problems.push(`${at(cpusRaw.where)}: bad CPU list '${cpus}': expected taskset form like '1', '0-3' or '0,2', or 'auto'`);
    }

    const threshold: Record<string, number> = { ...DEFAULT_THRESHOLDS };
    for (const [where, map] of [[['defaults', 'threshold'], defaults.threshold], [[...here, 'threshold'], b.threshold]] as const) {
      for (const [metric, v] of Object.entries(map ?? {})) {
        const pct = parsePercent(v);
        if (pct === null) problems.push(`${at([...where, metric])}: bad percentage '${v}': expected e.g. '2%' or '0.5%'`);
        else threshold[metric] = pct;
      }
    }

    const iterations = pick('iterations').value ?? BUILT_IN.iterations;
    const max = pick('max-iterations');
    const maxIterations = max.value ?? iterations;
    if (maxIterations < iterations) problems.push(`${at(max.where)}: max-iterations ${maxIterations} is below iterations ${iterations}: expected at least as many`);

    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...defaults.env, ...b.env })) env[k] = String(v);
    const cwd = path.resolve(dir, pick('cwd').value ?? '.');
    if (b.output !== undefined && b.format === undefined) problems.push(`${at([...here, 'output'])}: 'output' needs 'format' (the harness whose file it is)`);

    return {
      name: b.name,
      run: b.run.trim(),
      cwd,
      env,
      iterations,
      maxIterations: Math.max(maxIterations, iterations),
      warmup: pick('warmup').value ?? BUILT_IN.warmup,
      backend: pick('backend').value ?? BUILT_IN.backend,
      cpus,
      timeoutMs: timeoutMs ?? 0,
      threshold,
      profile: (pick('profile').value ?? BUILT_IN.profile) !== false,
      offcpu: pick('profile').value === 'offcpu',
      callGraph: pick('call-graph').value ?? 'auto',
      line: line(here),
      ...(b.format !== undefined ? { harness: { format: b.format, output: b.output === undefined ? null : path.resolve(cwd, b.output) } } : {}),
    };
  });

  const budget = defaults['time-budget'];
  const timeBudgetMs = budget === undefined ? null : parseDuration(budget);
  if (budget !== undefined && timeBudgetMs === null) problems.push(`${at(['defaults', 'time-budget'])}: bad duration ${JSON.stringify(budget)}: expected e.g. '10m', '90s'`);

  if (problems.length > 0) throw new SuiteError(file, sortByLine(problems));
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

function sortByLine(problems: string[]): string[] {
  const lineNo = (s: string): number => Number(/:(\d+):/.exec(s)?.[1] ?? 0);
  return [...new Set(problems)].sort((a, b) => lineNo(a) - lineNo(b));
}
