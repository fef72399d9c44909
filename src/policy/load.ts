import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { placeProblem, type SourceDoc } from '../errors/place.js';
import { InputError, type PathSegment, type Problem } from '../errors/problem.js';
import { parseYaml, YAML_LIMITS, type YamlLimits } from '../errors/yaml.js';
import { issuesToProblems } from '../errors/zod.js';
import { READ_LIMITS, readBounded } from '../io/read.js';
import { compilePolicy } from './compile.js';
import { COMPILED_POLICY_DIR, readCompiledPolicy, snapshotFile, snapshotHeader } from './compiled.js';
import { displayPath, isPolicyPath, readPolicySource, resolvePolicyPath } from './files.js';
import type { Policy } from './model.js';
import { policyPath } from './paths.js';
import { type Salvaged, salvage } from './salvage.js';
import { PolicyFile } from './schema.js';
import { encodePolicy } from './snapshot.js';

export { COMPILED_POLICY_DIR, openPolicy, readCompiledPolicy } from './compiled.js';
// Where policies are and their compiled snapshots are read, for the library's one import.
export { BUILTIN_POLICY_DIR, displayPath, listPolicyFiles, resolvePolicyPath } from './files.js';

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
export function parsePolicy(
  text: string,
  opts: { file: string; sourceText?: string; sourceDir?: string },
): { policy?: Policy; problems: Problem[]; original?: (path: PathSegment[]) => PathSegment[]; data?: unknown } {
  const { source, data, problems } = parseYamlSource(text, opts.file);
  if (problems.length) return { problems };
  const pathText = (path: readonly PathSegment[]) => policyPath(path, data);
  let parsed = PolicyFile.safeParse(data);
  let schemaProblems: Problem[] = [];
  let rescued: Salvaged | undefined;
  if (!parsed.success) {
    // Report the schema's problems, and still compile and check what passes it.
    schemaProblems = issuesToProblems(parsed.error.issues, PolicyFile, data, source, pathText);
    rescued = salvage(data, parsed.error.issues);
    parsed = rescued ? PolicyFile.safeParse(rescued.data) : parsed;
    if (!parsed.success) return { problems: schemaProblems, data };
  }
  let sourceText = opts.sourceText;
  if (sourceText === undefined) {
    const read = readPolicySource(opts.sourceDir ?? dirname(opts.file), parsed.data.source);
    if ('problem' in read) {
      return { problems: [...schemaProblems, placeProblem(source, ['source'], { path: 'source', message: read.problem, severity: 'error' })], data };
    }
    sourceText = read.text;
  }
  const compiled = compilePolicy(parsed.data, { path: opts.file, sourceText });
  const original = rescued?.original ?? ((p: PathSegment[]) => p);
  const compileProblems = compiled.problems
    .filter((p) => !rescued?.follows(p.message))
    .map((p) => {
      const path = original(p.path);
      return placeProblem(source, path, { path: pathText(path), message: p.message, clause: p.clause, severity: p.severity ?? 'error' });
    });
  return { policy: compiled.policy, problems: [...schemaProblems, ...compileProblems], original, data };
}

/**
 * Loads a policy by id (a file in the shipped policies/ folder) or by path. With no argument,
 * the one shipped policy. Throws InputError with every problem when the policy is unusable.
 */
export function loadPolicy(idOrPath?: string, opts: { compiledDir?: string } = {}): Policy {
  const file = resolvePolicyPath(idOrPath);
  const text = readBounded(file, READ_LIMITS.policy, displayPath(file));
  const shipped = !isPolicyPath(idOrPath);
  // Keyed by the path as shown too: it is relative to the working folder, which may have changed.
  const key = `${file}\n${displayPath(file)}`;
  const remembered = shipped && opts.compiledDir === undefined ? loadedPolicies.get(key) : undefined;
  if (remembered && remembered.text === text && readSource(file, remembered.policy) === remembered.policy.sourceText) return remembered.policy;
  let policy: Policy | undefined;
  // A shipped policy chosen by id loads from its build-time snapshot when the snapshot was made
  // from these very files; a file named by path always goes through every check.
  if (shipped) policy = readCompiledPolicy(file, text, opts.compiledDir ?? COMPILED_POLICY_DIR);
  if (!policy) {
    const parsed = parsePolicy(text, { file: displayPath(file), sourceDir: dirname(file) });
    const errors = parsed.problems.filter((p) => p.severity === 'error');
    if (!parsed.policy || errors.length) throw new InputError(errors.length ? errors : parsed.problems);
    policy = parsed.policy;
  }
  if (shipped && opts.compiledDir === undefined) loadedPolicies.set(key, { text, policy });
  return policy;
}

/**
 * Shipped policies already loaded in this process (a library, a test run, an interview that
 * re-evaluates): served again only while the policy file and its source text are the very ones
 * they were compiled from, as a build snapshot is. Policies are read-only once compiled.
 */
const loadedPolicies = new Map<string, { text: string; policy: Policy }>();

function readSource(file: string, policy: Policy): string | undefined {
  const read = readPolicySource(dirname(file), policy.file.source);
  return 'text' in read ? read.text : undefined;
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
