// Build step after tsc: checks every shipped policy and writes its compiled snapshot to
// dist/policies/<id>.json, which `loadPolicy(id)` reads instead of parsing and validating the
// YAML when the snapshot's sha256 matches the policy and its source text. A policy with errors
// fails the build (with every problem, file:line:col); snapshots of removed policies are deleted.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { COMPILED_POLICY_DIR, compilePolicySnapshot, formatProblem, listPolicyFiles } from '../dist/index.js';

mkdirSync(COMPILED_POLICY_DIR, { recursive: true });
const written = new Set();
let failed = false;
for (const file of listPolicyFiles()) {
  const { name, text, problems } = compilePolicySnapshot(file);
  if (!text) {
    failed = true;
    for (const p of problems) if (p.severity === 'error') process.stderr.write(`${formatProblem(p)}\n`);
    continue;
  }
  const tmp = `${name}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, name);
  written.add(basename(name));
}
for (const f of readdirSync(COMPILED_POLICY_DIR)) {
  if (!written.has(f)) rmSync(join(COMPILED_POLICY_DIR, f), { force: true });
}
if (failed) {
  process.stderr.write('compile-policies: a shipped policy has errors (above): no snapshot written for it\n');
  process.exitCode = 1;
}
