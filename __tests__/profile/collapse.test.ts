/**
 * Collapse: the project's own perf script captures (frame pointers, DWARF, JIT map, mixed
 * events) against stored outputs, and parity with FlameGraph's stackcollapse-perf.pl (41fee1f)
 * on its own corpus when that optional corpus is present (docs/ARCHITECTURE.md §5); plus the
 * streaming and bad-input behaviour the perl script leaves undefined.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  collapsePerfScript,
  collapsePerfScriptText,
  type CollapseOptions,
  PerfScriptCollapser,
  tidyGeneric,
} from '../../src/profile/collapse.js';
import { InputError } from '../../src/errors.js';
import { describeWithCorpus, flameGraphCorpus } from '../helpers/optional.js';
import { fixturesDir } from '../helpers/paths.js';

const own = path.join(fixturesDir, 'profile');

const OPTIONS: Record<string, CollapseOptions> = {
  default: {},
  pid: { pid: true },
  tid: { tid: true },
  kernel: { kernel: true },
  jit: { jit: true },
  all: { all: true },
  addrs: { addrs: true },
  'cpu-clock': { eventFilter: 'cpu-clock' },
};

describe("collapse of the project's own captures (__tests__/fixtures/profile)", () => {
  // expected/<fixture>-<option>.folded; the option names are OPTIONS' keys.
  const cases = readdirSync(path.join(own, 'expected'))
    .filter((f) => f.endsWith('.folded'))
    .sort()
    .map((f): [string, string] => {
      const m = /^(.+)-(default|pid|tid|kernel|jit|all|addrs|cpu-clock)\.folded$/.exec(f);
      if (!m) throw new Error(`${f}: expected <fixture>-<option>.folded`);
      return [m[1] as string, m[2] as string];
    });

  it('has an expected output for every capture', () => {
    const captures = readdirSync(own)
      .filter((f) => f.endsWith('.perf'))
      .map((f) => f.replace(/\.perf$/, ''));
    expect(captures.sort()).toEqual(['dwarf', 'fp', 'jit', 'mixed-events']);
    for (const c of captures) expect(cases.some(([f]) => f === c)).toBe(true);
  });

  it.each(cases)('%s.perf --%s', (fixture, opt) => {
    const expected = readFileSync(path.join(own, 'expected', `${fixture}-${opt}.folded`), 'latin1');
    const result = collapsePerfScriptText(readFileSync(path.join(own, `${fixture}.perf`)), OPTIONS[opt]);
    expect(result.toBuffer().toString('latin1')).toBe(expected);
    expect(result.warnings).toEqual(
      fixture === 'mixed-events' && opt === 'default'
        ? [expect.objectContaining({ message: expect.stringContaining('--event-filter') })]
        : [],
    );
  });

  it('frame pointers: two threads, each under its own root frame, kernel frames marked with --kernel', () => {
    const text = readFileSync(path.join(own, 'fp.perf'));
    const folded = collapsePerfScriptText(text).toBuffer().toString();
    expect(folded).toMatch(/^stacks-fp;__libc_start_call_main;main;parse;mix \d+$/m);
    expect(folded).toMatch(/^stacks-fp;start_thread;worker;compute;mix \d+$/m);
    const tids = new Set(
      [
        ...collapsePerfScriptText(text, { tid: true })
          .toBuffer()
          .toString()
          .matchAll(/^stacks-fp-\?\/(\d+);/gm),
      ].map((m) => m[1]),
    );
    expect(tids.size).toBe(2);
    expect(collapsePerfScriptText(text, { kernel: true }).toBuffer().toString()).toMatch(/;do_syscall_64_\[k\]/);
  });

  it('DWARF unwinding sees the frames frame pointers lose, and keeps (inlined) frames', () => {
    const folded = collapsePerfScriptText(readFileSync(path.join(own, 'dwarf.perf')))
      .toBuffer()
      .toString();
    expect(folded).toMatch(/^stacks-dwarf;_start;__libc_start_main_impl;__libc_start_call_main;main;parse;mix \d+$/m);
    expect(folded).toMatch(/^stacks-dwarf;clone3;start_thread;worker;compute;mix \d+$/m);
  });

  it('JIT frames from the perf map are marked _[j] with --jit', () => {
    const text = readFileSync(path.join(own, 'jit.perf'));
    expect(collapsePerfScriptText(text, { jit: true }).toBuffer().toString()).toContain(
      ';JS:*hot /opt/bench/jit.js:3:13_[j]',
    );
    expect(collapsePerfScriptText(text).toBuffer().toString()).not.toContain('_[j]');
  });
});

describeWithCorpus('collapse parity with stackcollapse-perf.pl (FlameGraph corpus)', flameGraphCorpus, (fixtures) => {
  const inputs = readdirSync(fixtures)
    .filter((f) => /^perf-.*\.txt$/.test(f))
    .sort();

  it('finds the fixtures', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(13);
  });

  const cases: Array<[string, string]> = [];
  for (const input of inputs)
    for (const opt of ['default', 'pid', 'tid', 'kernel', 'jit', 'all', 'addrs']) cases.push([input, opt]);

  it.each(cases)('%s --%s', (input, opt) => {
    const expectedFile = path.join(fixtures, 'results', `${input.replace(/\.txt$/, '')}-collapsed-${opt}.txt`);
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

describe('collapse streaming', () => {
  const jit = readFileSync(path.join(own, 'jit.perf'));
  const whole = collapsePerfScriptText(jit, { all: true }).toBuffer();

  it('gives the same output whatever the chunk boundaries', () => {
    for (const size of [1, 7, 4096, 65_537]) {
      const c = new PerfScriptCollapser({ all: true });
      for (let i = 0; i < jit.length; i += size) c.push(jit.subarray(i, i + size));
      expect(c.end().toBuffer().equals(whole)).toBe(true);
    }
  });

  it('reads a Readable stream', async () => {
    const result = await collapsePerfScript(Readable.from([jit.subarray(0, 1000), jit.subarray(1000)]), { all: true });
    expect(result.toBuffer().equals(whole)).toBe(true);
    expect(result.samples).toBe(49);
    expect(result.bytes).toBe(jit.length);
  });

  it('emits big outputs in pieces that join to the whole', () => {
    const result = collapsePerfScriptText(jit, { all: true });
    const pieces = [...result.chunks(256)];
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.join('')).toBe(whole.toString('utf8'));
  });
});

describe('collapse rules', () => {
  const collapse = (text: string, opts: CollapseOptions = {}): string =>
    collapsePerfScriptText(text, opts).toBuffer().toString('latin1');

  it('needs a comm of two characters or more, like the perl regex (\\S.+?)', () => {
    // "a 1 1.0: cpu-clock:" has no match for the header regex, nor for the frame regex.
    const r = collapsePerfScriptText('a 1 1.0: cpu-clock:\n\t1 f (/x)\n');
    expect(r.samples).toBe(0);
    expect(r.warnings[0]).toEqual({ line: 1, message: 'unrecognized line: "a 1 1.0: cpu-clock:"' });
  });

  it('counts a final sample that has no blank line after it', () => {
    expect(collapse('ab 1 1.0: cpu-clock:\n\t1 f (/x)\n\t2 g (/x)')).toBe('ab;g;f 1\n');
    expect(collapse('ab 1 1.0: cpu-clock:\n\t1 f (/x)\n')).toBe('ab;f 1\n');
  });

  it('sums periods, and a period of 0 counts as 1 (perl truthiness)', () => {
    const text = 'ab 1 1.0: 250 cycles:\n\t1 f (/x)\n\nab 1 2.0: 0 cycles:\n\t1 f (/x)\n\n';
    expect(collapse(text)).toBe('ab;f 251\n');
  });

  it('keeps only the first event type, or the one asked for', () => {
    const text = 'ab 1 1.0: cycles:\n\t1 f (/x)\n\nab 1 2.0: instructions:\n\t1 g (/x)\n\n';
    expect(collapse(text)).toBe('ab;f 1\n');
    expect(collapse(text, { eventFilter: 'instructions' })).toBe('ab;g 1\n');
    const r = collapsePerfScriptText(text);
    expect(r.filteredSamples).toBe(1);
    expect(r.event).toBe('cycles');
    expect(r.warnings.at(-1)!.message).toContain('--event-filter');
    // A real capture of -e cpu-clock,page-faults: its first sample is a page fault.
    const f = collapsePerfScriptText(readFileSync(path.join(own, 'mixed-events.perf')));
    expect(f.event).toBe('page-faults');
    expect(f.filteredSamples).toBe(28);
  });

  it('names comm roots: spaces to _, --pid, --tid, a lone number is the TID', () => {
    const text =
      'V8 WorkerThread 24636/25607 [000] 94564.109216: cycles:\n\t1 f (/x)\n\njava 12688 [002] 1.0: cycles:\n\t1 g (/x)\n\n';
    expect(collapse(text)).toBe('V8_WorkerThread;f 1\njava;g 1\n');
    expect(collapse(text, { pid: true })).toBe('V8_WorkerThread-24636;f 1\njava-?;g 1\n');
    expect(collapse(text, { tid: true })).toBe('V8_WorkerThread-24636/25607;f 1\njava-?/12688;g 1\n');
  });

  it('tidies symbols like stackcollapse-perf.pl', () => {
    const text = [
      'go 1 1.0: cycles:',
      '\t1 net/http.(*Client).Do (/bin/go)',
      '\t2 ns::(anonymous namespace)::run(int) (/bin/cc)',
      '\t2 (deleted) (/bin/cc)',
      '\t3 std::vector<int>::push_back(int const&)+0x1f (/bin/cc)',
      '\t4 RegExp:[&<>"\'] (/tmp/perf-7539.map)',
      '\t5 a;b (/bin/x)',
      '\t6 [unknown] (/lib/libc-2.19.so)',
      '\t7 [unknown] ([unknown])',
      '\t8 (/lib/ld.so)',
      '\t9 outer->inner->innermost (/tmp/perf-1.map)',
      '\ta cpu_startup_entry+0x800047c022ec ([kernel.kallsyms])',
      '',
    ].join('\n');
    expect(collapse(text)).toBe(
      'go;cpu_startup_entry;outer;inner_[i];innermost_[i];[unknown];[libc-2.19.so];a:b;RegExp:[&<>];std::vector<int>::push_back;ns::(anonymous namespace)::run;net/http.(*Client).Do 1\n',
    );
    expect(collapse(text, { addrs: true })).toContain(';[unknown <7>];[libc-2.19.so <6>];');
    expect(collapse(text, { all: true })).toBe(
      'go;cpu_startup_entry_[k];outer_[j];inner_[i];innermost_[i];[unknown];[libc-2.19.so];a:b;RegExp:[&<>]_[j];std::vector<int>::push_back;ns::(anonymous namespace)::run;net/http.(*Client).Do 1\n',
    );
  });

  it('strips the leading L of Java class names under java roots only', () => {
    const text =
      'java 1 1.0: cycles:\n\t1 Lorg/Foo;.bar(I)V (/tmp/perf-1.map)\n\nother 1 1.0: cycles:\n\t1 Lorg/Foo;.bar(I)V (/tmp/perf-1.map)\n\n';
    expect(collapse(text)).toBe('java;org/Foo:.bar 1\nother;Lorg/Foo:.bar 1\n');
    expect(collapse(text, { pid: true })).toBe('java-?;org/Foo:.bar 1\nother-?;Lorg/Foo:.bar 1\n');
    expect(tidyGeneric('foo(int)')).toBe('foo');
  });

  it('follows perl truthiness for a TID of 0 and a period of "00"', () => {
    // `if (not $tid) { $tid = $pid; $pid = "?" }`: "5/0" becomes PID ?, TID 5.
    expect(collapse('ab 5/0 [001] 1.0: cycles:\n\t1 f (/x)\n\n', { tid: true })).toBe('ab-?/5;f 1\n');
    // "00" is true in perl, so it is added as 0, and the stack is still printed.
    expect(collapse('ab 1 1.0: 00 cycles:\n\t1 f (/x)\n\n')).toBe('ab;f 0\n');
  });

  it('reads odd frame lines the way the perl regex does', () => {
    const text = [
      'ab 1 1.0: cycles:',
      // Two blanks between address and module: the name is " " (perl backtracks into \s*).
      '\t7f1e2215d058  (/lib/libc.so)',
      // Text after the module, and parentheses in the name: the last " (...)" is the module.
      '\t2 op() (x) (/bin/y) trailing',
      // No address separator: the address gives its last character to the name.
      '\tabc (/bin/z)',
      '',
    ].join('\n');
    expect(collapse(text)).toBe('ab;c;op;  1\n');
  });

  it('a sample with no frames still counts as its comm', () => {
    expect(collapse('swapper 0 [000] 1.0: cpu-clock:\n\nswapper 0 [000] 2.0: cpu-clock:\n\n')).toBe('swapper 2\n');
  });
});

describe('collapse bad input', () => {
  it('warns about unrecognised lines with their line numbers and keeps going', () => {
    const text = 'ab 1 1.0: cycles:\n\t1 f (/x)\nthis is not perf\n\tgarbage\n\t2 g (/x)\n\n';
    const r = collapsePerfScriptText(text);
    expect(r.toBuffer().toString()).toBe('ab;g;f 1\n');
    expect(r.warnings.map((w) => w.line)).toEqual([3, 4]);
    expect(r.warnings[0]!.message).toBe('unrecognized line: "this is not perf"');
  });

  it('empty input gives no samples and no crash', () => {
    const r = collapsePerfScriptText('');
    expect(r.samples).toBe(0);
    expect(r.stacks).toBe(0);
    expect(r.toBuffer().length).toBe(0);
  });

  it('binary input is a clear error, perf.data gets a hint', () => {
    const garbage = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256));
    expect(() => collapsePerfScriptText(garbage)).toThrow(InputError);
    expect(() => collapsePerfScriptText(garbage)).toThrow(/binary/);
    const perfData = Buffer.concat([Buffer.from('PERFILE2'), Buffer.alloc(100)]);
    expect(() => collapsePerfScriptText(perfData)).toThrow(/perf\.data file.*perf script/);
  });

  it('binary garbage without NUL bytes only warns, with a bounded warning list', () => {
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++) lines.push(`\u00ff\u00fe${'x'.repeat(i % 50)}\u0001`);
    const r = collapsePerfScriptText(Buffer.from(lines.join('\n'), 'latin1'));
    expect(r.samples).toBe(0);
    expect(r.warningCount).toBe(1000);
    expect(r.warnings.length).toBe(100);
  });

  // Catastrophic backtracking would take hours here; the linear parser takes tens of
  // milliseconds. The test's own timeout is the bound, so load on the machine cannot fail it.
  it('long digit runs do not make the parser backtrack for ever', () => {
    const evil = `comm ${'1'.repeat(50_000)}x ${'2'.repeat(50_000)}:${'3'.repeat(50_000)} x\n`;
    const r = collapsePerfScriptText(evil.repeat(5));
    expect(r.samples).toBe(0);
    expect(r.warningCount).toBe(5);
  }, 30_000);
});
