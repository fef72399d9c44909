import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Test files share one module cache per worker (no isolation): loading the CLI, the policy and the
// libraries once per worker instead of once per file halves the suite. A file that mocks a module
// runs isolated, so its mock never leaks into the others.
const ISOLATED = ['test/isolation.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30000,
    // At least two workers: vitest 4 runs `availableParallelism() - 1`, which on a 2-core machine is
    // one, and the suite then takes the sum of its files (much of it spent waiting on child processes).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ISOLATED, isolate: false } },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
    ],
  },
});
