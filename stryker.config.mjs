// Mutation testing (npm run mutate): Stryker changes src/core and src/node/p2p one small edit at a
// time and runs the unit tests that cover the edit; a mutant no test notices is a rule no test
// pins. CPU heavy (about 20 minutes on 2 cores): run it under `flock /tmp/browser.lock`, or on a
// few files with `npm run mutate -- --mutate src/core/state/account.ts`. Scores: docs/RELIABILITY.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.config.ts' },
  mutate: ['src/core/**/*.ts', 'src/node/p2p/**/*.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'coverage', 'reports', 'test-results', 'screenshots', '.stryker-tmp', 'tests/e2e', 'bench'],
  thresholds: { high: 90, low: 80, break: null },
};
