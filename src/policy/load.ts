import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError, type Problem, type SourceDoc, formatPath, placeProblem } from '../errors/problem.js';
import { issuesToProblems } from '../errors/zod.js';
import { parseYaml, YAML_LIMITS, type YamlLimits } from '../errors/yaml.js';
import { compilePolicy } from './compile.js';
import type { Policy } from './model.js';
import { PolicyFile } from './schema.js';
import { COMPILED_POLICY_DIR, readCompiledPolicy, snapshotFile, snapshotHeader } from './compiled.js';
import { displayPath, isPolicyPath, resolvePolicyPath } from './files.js';
import { encodePolicy } from './snapshot.js';

// Where policies are and their compiled snapshots are read, for the library's one import.
export { BUILTIN_POLICY_DIR, displayPath, listPolicyFiles, resolvePolicyPath } from './files.js';
export { COMPILED_POLICY_DIR, openPolicy, readCompiledPolicy } from './compiled.js';

/**
 * Parses YAML keeping positions; syntax errors, duplicate keys, aliases, and a file too large or
 * nested too deep become problems with line and column (the limits of a policy file by default).
 */
export function parseYamlSource(text: string, file: string, opts: { failsafe?: boolean; limits?: YamlLimits } = {}): { source: SourceDoc; data: unknown; problems: Problem[] } {
  return parseYaml(text, file, opts.limits ?? YAML_LIMITS.policy, opts);
}

/**
 * Reads a policy from its text: YAML with positions, the schema (structure), then compilation
 * (meaning). Returns every problem found, each with file:line:col, instead of throwing.
 */
export function parsePolicy(text: string, opts: { file: string; sourceText?: string; sourceDir?: string }): { policy?: Policy; problems: Problem[] } {
  const { source, data, problems } = parseYamlSource(text, opts.file);
  if (problems.length) return { problems };
  const parsed = PolicyFile.safeParse(data);
  if (!parsed.success) return { problems: issuesToProblems(parsed.error.issues, PolicyFile, data, source) };
  let sourceText = opts.sourceText;
  if (sourceText === undefined) {
    const sourcePath = join(opts.sourceDir ?? dirname(opts.file), parsed.data.source);
    if (!existsSync(sourcePath)) {
      return { problems: [placeProblem(source, ['source'], { path: 'source', message: `the source text ${sourcePath} does not exist`, severity: 'error' })] };
    }
    sourceText = readFileSync(sourcePath, 'utf8');
  }
  const compiled = compilePolicy(parsed.data, { path: opts.file, sourceText });
  return {
    policy: compiled.policy,
    problems: compiled.problems.map((p) =>
      placeProblem(source, p.path, { path: formatPath(p.path), message: p.message, clause: p.clause, severity: p.severity ?? 'error' }),
    ),
  };
}

/**
 * Loads a policy by id (a file in the shipped policies/ folder) or by path. With no argument,
 * the one shipped policy. Throws InputError with every problem when the policy is unusable.
 */
export function loadPolicy(idOrPath?: string, opts: { compiledDir?: string } = {}): Policy {
  const file = resolvePolicyPath(idOrPath);
  const text = readFileSync(file, 'utf8');
  // A shipped policy chosen by id loads from its build-time snapshot when the snapshot was made
  // from these very files; a file named by path always goes through every check.
  if (!isPolicyPath(idOrPath)) {
    const compiled = readCompiledPolicy(file, text, opts.compiledDir ?? COMPILED_POLICY_DIR);
    if (compiled) return compiled;
  }
  const { policy, problems } = parsePolicy(text, { file: displayPath(file), sourceDir: dirname(file) });
  const errors = problems.filter((p) => p.severity === 'error');
  if (!policy || errors.length) throw new InputError(errors.length ? errors : problems);
  return policy;
}

/**
 * Compiles a policy file for the build: every check of loadPolicy; the snapshot's file name and
 * text, or the problems that stop it.
 */
export function compilePolicySnapshot(file: string, dir = COMPILED_POLICY_DIR): { name: string; text?: string; problems: Problem[] } {
  const text = readFileSync(file, 'utf8');
  const { policy, problems } = parsePolicy(text, { file: displayPath(file), sourceDir: dirname(file) });
  const name = snapshotFile(file, dir);
  if (!policy || problems.some((p) => p.severity === 'error')) return { name, problems };
  return { name, text: `${snapshotHeader(text, policy.sourceText, policy.file.source)}\n${encodePolicy(policy)}\n`, problems };
}
