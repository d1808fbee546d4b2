/** `perfgate ab|run|bisect --help`: every flag the usage line names is explained, with its default. */
import { AB_USAGE } from '../../src/commands/ab.js';
import { BISECT_USAGE } from '../../src/commands/bisect.js';
import { flagHelp } from '../../src/commands/flag-help.js';
import { RUN_USAGE } from '../../src/commands/run.js';

describe('flag help', () => {
  it.each([
    ['ab', AB_USAGE],
    ['run', RUN_USAGE],
    ['bisect', BISECT_USAGE],
  ])('%s: one line per flag of the usage, none missing, none extra', (_, usage) => {
    const flags = [...new Set(usage.match(/--[a-z-]+/g))];
    const lines = flagHelp(usage).split('\n');
    expect(lines.map((l) => /^ {2}(--[a-z-]+)/.exec(l)?.[1]).sort()).toEqual([...flags].sort());
    for (const l of lines) expect(l).toMatch(/^ {2}--[a-z-]+.* {2,}\S/);
  });

  it('says the defaults a user gets without the flag', () => {
    const ab = flagHelp(AB_USAGE);
    expect(ab).toMatch(/--max-iterations N +.*else 3 × iterations/);
    expect(ab).toMatch(/--head REF +.*default: the working tree/);
    expect(ab).toMatch(/--pairing P +.*else sequential/);
    expect(flagHelp('compare BASE.json HEAD.json')).toBe('');
  });
});
