import { parseWrk } from '../../../src/measure/harness/wrk.js';
import { fixture } from './fixture.js';

describe('parseWrk', () => {
  it('reads 4.1.0 --latency output: requests/s higher-is-better, p50 and p99 in ns', () => {
    const r = parseWrk(fixture('wrk', 'run.txt'));
    expect(r.problems).toEqual([]);
    expect(r.benchmarks).toEqual([
      {
        name: 'root',
        metrics: {
          requests: { unit: 'req/s', value: 23885.54, direction: 'higher' },
          'latency-p50': { unit: 'ns', value: 104000, direction: 'lower' },
          'latency-p99': { unit: 'ns', value: 10.78e6, direction: 'lower' },
        },
        context: { errors: 0, requests: 23932, duration: '1.00s', url: 'http://127.0.0.1:46327/' },
      },
    ]);
  });

  it('names the benchmark by the URL path, not the port', () => {
    expect(parseWrk(fixture('wrk', 'errors.txt')).benchmarks[0]!.name).toBe('bad');
    expect(parseWrk(fixture('wrk', 'socket-errors-handmade.txt')).benchmarks[0]!.name).toBe('items');
  });

  it('counts non-2xx responses and socket errors as errors', () => {
    expect(parseWrk(fixture('wrk', 'errors.txt')).benchmarks[0]!.context).toMatchObject({
      errors: 15896,
      'non-2xx': 15896,
    });
    expect(parseWrk(fixture('wrk', 'socket-errors-handmade.txt')).benchmarks[0]!.context).toMatchObject({
      errors: 15,
      'socket-errors': 'connect 0, read 3, write 0, timeout 12',
    });
  });

  it('without --latency: requests only, and a warning', () => {
    const text = fixture('wrk', 'run.txt').replace(/ {2}Latency Distribution\n(.*%.*\n)+/, '');
    const r = parseWrk(text);
    expect(Object.keys(r.benchmarks[0]!.metrics)).toEqual(['requests']);
    expect(r.warnings).toEqual(['no latency distribution (add --latency to the wrk command for p50/p99)']);
  });

  it('a refused connection is an error quoting what wrk said', () => {
    expect(() => parseWrk(fixture('wrk', 'refused.txt'))).toThrow(
      'wrk output not understood: no "Running ... @ URL" line (last line: "unable to connect to 127.0.0.1:1 Connection refused"); expected wrk output with a "Requests/sec:" line',
    );
  });
});
