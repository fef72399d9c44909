import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { InputError, type Problem, type SourceDoc, formatPath, placeProblem } from '../errors/problem.js';
import { issuesToProblems } from '../errors/zod.js';
import { compilePolicy } from './compile.js';
import type { Policy } from './model.js';
import { PolicyFile } from './schema.js';
import { decodePolicy, encodePolicy, SNAPSHOT_FORMAT } from './snapshot.js';

/** The policies shipped with the package. */
export const BUILTIN_POLICY_DIR = fileURLToPath(new URL('../../policies/', import.meta.url));

/** The shipped policies compiled at build time (dist/policies/<id>.json, written by `npm run build`). */
export const COMPILED_POLICY_DIR = fileURLToPath(new URL('../policies/', import.meta.url));

/** Parses YAML keeping positions; duplicate keys and syntax errors become problems with line and column. */
export function parseYamlSource(text: string, file: string, opts: { failsafe?: boolean } = {}): { source: SourceDoc; data: unknown; problems: Problem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, ...(opts.failsafe ? { schema: 'failsafe' } : {}) });
  const source: SourceDoc = { doc, lines, file };
  const problems: Problem[] = doc.errors.map((e) => {
    const pos = lines.linePos(e.pos[0]);
    const message = e.code === 'DUPLICATE_KEY' ? 'duplicate key: this field is given twice' : e.message.split('\n')[0] ?? e.message;
    return { file, line: pos.line, col: pos.col, path: '', message, severity: 'error' };
  });
  return { source, data: problems.length ? undefined : doc.toJS({ maxAliasCount: 1000 }), problems };
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

/** A policy named by a path (has a slash or a .yaml ending) rather than by a shipped id. */
function isPolicyPath(idOrPath: string | undefined): idOrPath is string {
  return idOrPath !== undefined && /[\\/]|\.ya?ml$/.test(idOrPath);
}

export function resolvePolicyPath(idOrPath?: string): string {
  if (idOrPath === undefined) {
    const files = listPolicyFiles();
    if (files.length !== 1) {
      throw new InputError([{ path: '', severity: 'error', message: `there are ${files.length} policies in ${BUILTIN_POLICY_DIR}: choose one with --policy (${files.map((f) => basename(f).replace(/\.ya?ml$/, '')).join(', ')})` }]);
    }
    return files[0] as string;
  }
  if (isPolicyPath(idOrPath)) {
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

// A snapshot file is one header line, then the encoded policy. The header says which policy and
// source text it was compiled from (a sha256 of both), so a changed file is never served stale.
interface SnapshotHeader {
  format: number;
  sha256: string;
  /** The source text's file name, beside the policy. */
  source: string;
}

function snapshotKey(policyText: string, sourceText: string): string {
  return createHash('sha256').update(`subsidy-calc compiled policy ${SNAPSHOT_FORMAT}\0${policyText}\0${sourceText}`).digest('hex');
}

function snapshotFile(policyFile: string, dir: string): string {
  return join(dir, `${basename(policyFile).replace(/\.ya?ml$/, '')}.json`);
}

/** The compiled snapshot of a policy file, or undefined when there is none or it is not of these files. */
export function readCompiledPolicy(file: string, text: string, dir = COMPILED_POLICY_DIR): Policy | undefined {
  let snapshot: string;
  try {
    snapshot = readFileSync(snapshotFile(file, dir), 'utf8');
  } catch {
    return undefined;
  }
  const newline = snapshot.indexOf('\n');
  let header: SnapshotHeader;
  try {
    header = JSON.parse(snapshot.slice(0, newline));
  } catch {
    return undefined;
  }
  if (header.format !== SNAPSHOT_FORMAT || typeof header.source !== 'string') return undefined;
  let sourceText: string;
  try {
    sourceText = readFileSync(join(dirname(file), header.source), 'utf8');
  } catch {
    return undefined;
  }
  if (snapshotKey(text, sourceText) !== header.sha256) return undefined;
  return decodePolicy(snapshot.slice(newline + 1), { path: displayPath(file), sourceText });
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
  const source = policy.file.source;
  const header: SnapshotHeader = { format: SNAPSHOT_FORMAT, sha256: snapshotKey(text, policy.sourceText), source };
  return { name, text: `${JSON.stringify(header)}\n${encodePolicy(policy)}\n`, problems };
}
