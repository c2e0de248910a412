// Mutation testing (npm run mutate): Stryker changes src/core and src/node/p2p one small edit at a
// time and runs the unit tests that cover the edit; a mutant no test notices is a rule no test
// pins. Two scopes, so that a core mutant never waits for node tests: `npm run mutate:core`
// (src/core against tests/unit/core) and `npm run mutate:p2p` (src/node/p2p against the node
// tests); `npm run mutate` runs both. The tests each scope runs: vitest.mutate.config.ts.
// CPU heavy: run it niced (`nice -n 19`), a directory at a time with
// `npm run mutate:core -- --mutate 'src/core/consensus/**/*.ts'`. Incremental: a rerun tests only
// the mutants whose code or covering tests changed (reports/stryker-incremental-<scope>.json).
// Scores: docs/RELIABILITY.md.
const scope = process.env.MUTATE_SCOPE === 'p2p' ? 'p2p' : 'core';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner', './stryker-message-ignorer.mjs'],
  // Error message text is not mutated (stryker-message-ignorer.mjs says why); codes and conditions are.
  ignorers: ['error-messages'],
  vitest: { configFile: 'vitest.mutate.config.ts' },
  mutate: scope === 'core' ? ['src/core/**/*.ts'] : ['src/node/p2p/**/*.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 30_000,
  incremental: true,
  incrementalFile: `reports/stryker-incremental-${scope}.json`,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/mutation-${scope}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'coverage', 'reports', 'test-results', 'screenshots', '.stryker-tmp', 'tests/e2e', 'bench'],
  thresholds: { high: 90, low: 80, break: null },
};
