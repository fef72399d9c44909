import { defineConfig } from 'vitest/config';

// Test files share one module cache per worker (no isolation): loading the CLI, the policy and the
// libraries once per worker instead of once per file halves the suite. A file that mocks a module
// runs isolated, so its mock never leaks into the others.
const ISOLATED = ['test/isolation.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30000,
    projects: [
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ISOLATED, isolate: false } },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
    ],
  },
});
