import { defineConfig } from 'vitest/config';

// Benchmarks run as plain Vitest files so they use the same TypeScript pipeline as the tests.
// They measure and print; they assert nothing about speed.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    environment: 'node',
    testTimeout: 600_000,
    fileParallelism: false,
  },
});
