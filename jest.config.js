// ts-jest in ESM mode (npm test sets NODE_OPTIONS=--experimental-vm-modules): tests import the
// TypeScript sources with `.js` suffixes, which the mapper strips so ts-jest can resolve the `.ts` file.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  testTimeout: 120000,
  // One test file at a time: the tests measure for real, and a parallel worker on the other core
  // would both add noise and erase effects that need two idle CPUs (false sharing).
  maxWorkers: 1,
};
