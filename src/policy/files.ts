import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors/problem.js';

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

