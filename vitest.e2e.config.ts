import { defineConfig } from 'vitest/config';

// Real-browser tests: each file starts the real server on a free port and its own Chromium.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
