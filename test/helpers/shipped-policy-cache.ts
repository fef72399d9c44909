import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isPolicyPath, resolvePolicyPath } from '../../src/policy/files.js';
import type { Policy } from '../../src/policy/model.js';

// The test run's stand-in for the build's compiled snapshots (dist/policies/), which the source
// tree has none of: a shipped policy chosen by id is compiled once per test worker instead of on
// every in-process CLI call (about 70 ms each, some 150 calls), and served again only while its
// policy text and source text are the very ones it was compiled from, as a snapshot is. A policy
// named by path, or with a snapshot folder given, always goes through every check, as in the
// product. vitest.config.ts wraps src/policy/load.ts's loadPolicy with this.

type LoadPolicy = (idOrPath?: string, opts?: { compiledDir?: string }) => Policy;

export function cacheShippedPolicies(load: LoadPolicy): LoadPolicy {
  const compiled = new Map<string, { text: string; sourceText: string; policy: Policy }>();
  return (idOrPath, opts = {}) => {
    if (isPolicyPath(idOrPath) || opts.compiledDir !== undefined) return load(idOrPath, opts);
    const file = resolvePolicyPath(idOrPath);
    const text = readFileSync(file, 'utf8');
    const hit = compiled.get(file);
    if (hit && hit.text === text && readFileSync(join(dirname(file), hit.policy.file.source), 'utf8') === hit.sourceText) return hit.policy;
    const policy = load(idOrPath, opts);
    compiled.set(file, { text, sourceText: policy.sourceText, policy });
    return policy;
  };
}
