import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, type PathSegment, type Problem, type SourceDoc, placeProblem } from '../errors/problem.js';
import { issuesToProblems } from '../errors/zod.js';
import { parseYaml, YAML_LIMITS, type YamlLimits } from '../errors/yaml.js';
import { compilePolicy } from './compile.js';
import { policyPath } from './paths.js';
import { type Salvaged, salvage } from './salvage.js';
import type { Policy } from './model.js';
import { PolicyFile } from './schema.js';

/** The policies shipped with the package. */
export const BUILTIN_POLICY_DIR = fileURLToPath(new URL('../../policies/', import.meta.url));

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
    const sourcePath = join(opts.sourceDir ?? dirname(opts.file), parsed.data.source);
    if (!existsSync(sourcePath)) {
      return { problems: [...schemaProblems, placeProblem(source, ['source'], { path: 'source', message: `the source text ${sourcePath} does not exist`, severity: 'error' })], data };
    }
    sourceText = readFileSync(sourcePath, 'utf8');
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

/** The policy files in a folder (a policy file is any .yaml that is not a test-case file). */
export function listPolicyFiles(dir = BUILTIN_POLICY_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !/\.test\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Loads a policy by id (a file in the shipped policies/ folder) or by path. With no argument,
 * the one shipped policy. Throws InputError with every problem when the policy is unusable.
 */
export function loadPolicy(idOrPath?: string): Policy {
  const file = resolvePolicyPath(idOrPath);
  const text = readFileSync(file, 'utf8');
  const { policy, problems } = parsePolicy(text, { file: displayPath(file) , sourceDir: dirname(file) });
  const errors = problems.filter((p) => p.severity === 'error');
  if (!policy || errors.length) throw new InputError(errors.length ? errors : problems);
  return policy;
}

export function resolvePolicyPath(idOrPath?: string): string {
  if (idOrPath === undefined) {
    const files = listPolicyFiles();
    if (files.length !== 1) {
      throw new InputError([{ path: '', severity: 'error', message: `there are ${files.length} policies in ${BUILTIN_POLICY_DIR}: choose one with --policy (${files.map((f) => basename(f).replace(/\.ya?ml$/, '')).join(', ')})` }]);
    }
    return files[0] as string;
  }
  if (/[\\/]|\.ya?ml$/.test(idOrPath)) {
    const file = resolve(idOrPath);
    if (!existsSync(file)) throw new InputError([{ file: idOrPath, path: '', severity: 'error', message: 'no such policy file' }]);
    return file;
  }
  const builtin = listPolicyFiles().find((f) => basename(f).replace(/\.ya?ml$/, '') === idOrPath);
  if (!builtin) {
    const ids = listPolicyFiles().map((f) => basename(f).replace(/\.ya?ml$/, ''));
    throw new InputError([{ path: '--policy', severity: 'error', message: `no policy "${idOrPath}"; shipped: ${ids.join(', ')}` }]);
  }
  return builtin;
}

/** Paths in messages are relative to the working directory when that is shorter. */
export function displayPath(file: string): string {
  const rel = file.startsWith(process.cwd() + '/') ? file.slice(process.cwd().length + 1) : file;
  return rel;
}
