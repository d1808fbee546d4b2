import { parseFolded, parseFoldedRequired } from '../../src/flamegraph/folded.js';
import { InputError } from '../../src/errors.js';

describe('parseFolded', () => {
  it('reads "frame;frame;leaf COUNT" lines and sums repeats', () => {
    const p = parseFolded('java;main;run 10\njava;main;run 5\nperf;write 1\n');
    expect([...p.stacks]).toEqual([
      ['java;main;run', 15],
      ['perf;write', 1],
    ]);
    expect(p.total).toBe(16);
    expect(p.stacks2).toBeUndefined();
    expect(p.warnings).toEqual([]);
  });

  it('accepts decimal counts, tabs, CRLF and a missing final newline', () => {
    const p = parseFolded('a;b 1.5\r\na;c\t2\r\na;d 3');
    expect([...p.stacks]).toEqual([
      ['a;b', 1.5],
      ['a;c', 2],
      ['a;d', 3],
    ]);
  });

  it('reads the differential form "stack BEFORE AFTER"', () => {
    const p = parseFolded('a;b 10 20\na;c 5 0\n');
    expect([...p.stacks]).toEqual([
      ['a;b', 10],
      ['a;c', 5],
    ]);
    expect([...p.stacks2!]).toEqual([
      ['a;b', 20],
      ['a;c', 0],
    ]);
    expect(p.total).toBe(15);
    expect(p.total2).toBe(20);
  });

  it('warns with line numbers for lines without a count, and keeps the rest', () => {
    const p = parseFolded('a;b 1\n\nmain;foo\nmain;bar x1\nmain;baz 2\n');
    expect(p.stacks.size).toBe(2);
    expect(p.ignored).toBe(2);
    expect(p.warnings.map((w) => w.line)).toEqual([3, 4]);
    expect(p.warnings[0]!.message).toContain('"main;foo"');
  });

  it('strict mode and empty input are errors naming the source', () => {
    expect(() => parseFolded('main;foo\n', { strict: true, source: 'x.folded' })).toThrow(
      'x.folded:1: line without a sample count',
    );
    expect(() => parseFoldedRequired('', { source: 'e.folded' })).toThrow(InputError);
    expect(() => parseFoldedRequired('\n\n', { source: 'e.folded' })).toThrow('e.folded: empty');
    expect(() => parseFoldedRequired('no counts here\n', { source: 'n.folded' })).toThrow(
      /n\.folded: no folded stacks found \(line 1/,
    );
    expect(() => parseFolded('a;b 1\n\u0000\u0001\u0002')).toThrow('binary data');
  });
});
