// Unit tests for mutation testing (stryker.config.mjs). Stryker reruns, for every mutant, each
// test that covers the mutated line, so a slow test that covers much of the core multiplies the
// whole run. MUTATE_SCOPE picks the tests for the code under mutation: `core` runs the core's own
// unit tests (src/core is pure, its tests need no node), `p2p` runs the node tests that drive
// src/node/p2p. Left out, and why: tests/unit/core/chain/mutation.test.ts (one 16 s test that
// builds a maximum-size block; chain.test.ts and rules.test.ts pin the same refusals), the sim and
// fuzz suites (seconds per case, they measure the network rather than state a rule), and
// tests/unit/node/serve.test.ts (it meters upload against the wall clock, which a niced run on a
// loaded machine misses; upload.test.ts pins the same budget on virtual time).
// MUTATE_TESTS (space-separated globs) narrows the tests to a module's own focused files, for a
// first pass on a loaded machine: a mutant such a run kills is killed, so its score is a lower
// bound on the scope's (more tests can only kill more). docs/RELIABILITY.md says which figures
// were measured that way.
import { defineConfig } from 'vitest/config';

const scope = process.env.MUTATE_SCOPE === 'p2p' ? 'p2p' : 'core';

const focused = process.env.MUTATE_TESTS?.split(/\s+/).filter(Boolean);
const include = focused?.length
  ? focused
  : scope === 'core'
    ? ['tests/unit/core/**/*.test.ts']
    : ['tests/unit/node/**/*.test.ts', 'tests/unit/net/conditions.test.ts', 'tests/unit/core/p2p/**/*.test.ts'];

export default defineConfig({
  test: {
    include,
    exclude: ['tests/unit/core/chain/mutation.test.ts', 'tests/unit/node/serve.test.ts'],
    testTimeout: 30_000,
    environment: 'node',
    // Fewer random histories: each mutant reruns the property for every line it covers.
    env: { MEMPOOL_PROPERTY_RUNS: '20' },
  },
});
