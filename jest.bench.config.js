// `npm run bench:aa`: the A/A benchmark drives dist/index.js against the GitHub emulator, which is
// TypeScript under __tests__/github, so it runs under jest like the tests (but is never one of them).
import base from './jest.config.js';

export default {
  ...base,
  testMatch: ['<rootDir>/scripts/bench/*.bench.ts'],
  testTimeout: 3_600_000,
  reporters: [['default', { summaryThreshold: 0 }]],
};
