// `npm run bench:aa`: the A/A benchmark drives dist/index.js against the GitHub emulator, which is
// TypeScript under __tests__/github, so it runs under jest like the tests (but is never one of them).
// One project of the test config's settings (transform, ESM mapping), not its `projects`: with
// them, jest ignores this testMatch and runs the whole suite.
import base from './jest.config.js';

const { projects, ...settings } = base;
const { displayName: _name, testMatch: _match, ...common } = projects[0];

export default {
  ...settings,
  ...common,
  testMatch: ['<rootDir>/scripts/bench/*.bench.ts'],
  testTimeout: 3_600_000,
  reporters: [['default', { summaryThreshold: 0 }]],
};
