import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

// Test files share one module cache per worker (no isolation): loading the CLI, the policy and the
// libraries once per worker instead of once per file halves the suite. A file that mocks a module
// runs isolated, so its mock never leaks into the others.
const ISOLATED = ['test/isolation.test.ts'];

const POLICY_LOADER = fileURLToPath(new URL('src/policy/load.ts', import.meta.url));
const POLICY_CACHE = fileURLToPath(new URL('test/helpers/shipped-policy-cache.ts', import.meta.url));

/**
 * The built CLI reads a shipped policy from its compiled snapshot; the source tree under test has
 * none, so each in-process CLI call would parse and check the policy YAML again (most of the
 * suite's time). This keeps each worker's compiled policy instead, under the same rule as a
 * snapshot: see test/helpers/shipped-policy-cache.ts.
 */
function cacheShippedPolicies(): Plugin {
  return {
    name: 'subsidy-calc:cache-shipped-policies',
    transform(code, id) {
      if (id !== POLICY_LOADER) return undefined;
      if (!/^function loadPolicy\(/m.test(code) && !/^export function loadPolicy\(/m.test(code)) {
        throw new Error(`${POLICY_LOADER} no longer declares loadPolicy: update cacheShippedPolicies in vitest.config.ts`);
      }
      return {
        code: `${code}\nimport { cacheShippedPolicies as __cacheShippedPolicies } from ${JSON.stringify(POLICY_CACHE)};\nloadPolicy = __cacheShippedPolicies(loadPolicy);\n`,
        map: null,
      };
    },
  };
}

export default defineConfig({
  plugins: [cacheShippedPolicies()],
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
