import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors/problem.js';
import { READ_LIMITS, readBounded } from '../io/read.js';

// Where policy files are: the shipped ones by id, or any file by path. Kept apart from parsing so
// that finding a policy loads no YAML or schema code.

/** The policies shipped with the package. */
export const BUILTIN_POLICY_DIR = fileURLToPath(new URL('../../policies/', import.meta.url));

/** The policy files in a folder (a policy file is any .yaml that is not a test-case file). */
export function listPolicyFiles(dir = BUILTIN_POLICY_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !/\.test\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** A policy named by a path (has a slash or a .yaml ending) rather than by a shipped id. */
export function isPolicyPath(idOrPath: string | undefined): idOrPath is string {
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
    if (!existsSync(file)) throw new InputError([{ file: idOrPath, path: '', severity: 'error', message: 'no such policy file', zh: '没有这个政策文件' }]);
    return file;
  }
  const builtin = listPolicyFiles().find((f) => basename(f).replace(/\.ya?ml$/, '') === idOrPath);
  if (!builtin) {
    const ids = listPolicyFiles().map((f) => basename(f).replace(/\.ya?ml$/, ''));
    throw new InputError([{ path: '--policy', severity: 'error', message: `no policy "${idOrPath}"; shipped: ${ids.join(', ')}`, zh: `没有政策“${idOrPath}”；随附的政策：${ids.join('、')}` }]);
  }
  return builtin;
}

/** Paths in messages are relative to the working directory when that is shorter. */
export function displayPath(file: string): string {
  const rel = file.startsWith(process.cwd() + '/') ? file.slice(process.cwd().length + 1) : file;
  return rel;
}


/**
 * A policy's source text (its `source:`), read only from inside the policy's own folder once
 * links are followed: a policy is data someone sends you, and its quotes are checked against this
 * text and quoted back in messages, so `source: /proc/self/environ`, `../../.ssh/id_rsa` or a link
 * out of the folder would print another file's contents. Such a source is refused by name, as is
 * anything not a regular file (a FIFO would wait forever, a device never end). Bounded like every
 * input. The text, or the one sentence that says why there is none.
 */
export function readPolicySource(policyDir: string, source: string): { text: string } | { problem: string } {
  const outside = { problem: `the source text "${source}" is outside the policy's folder (${policyDir}): a policy's source must be a file in its own folder, so it is not read` };
  if (isAbsolute(source)) return outside;
  const path = join(policyDir, source);
  let real: string;
  let folder: string;
  try {
    folder = realpathSync(policyDir);
    real = realpathSync(path);
  } catch {
    return { problem: `the source text ${path} does not exist` };
  }
  if (!real.startsWith(folder.endsWith(sep) ? folder : folder + sep)) {
    return outside;
  }
  try {
    if (!statSync(real).isFile()) return { problem: `the source text "${source}" is not a regular file: it is not read` };
    return { text: readBounded(real, READ_LIMITS.source, source, 'source') };
  } catch (e) {
    if (e instanceof InputError) return { problem: `the source text "${source}" ${e.problems[0]?.message ?? 'is too large'}` };
    return { problem: `the source text "${source}" cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}
