import { defineConfig } from 'vitest/config';

// Real Chromium against browser mode. Needs Debian's chromium (see .ci/run) and a built renderer.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
