import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { READ_LIMITS, readBounded } from '../io/read.js';
import { displayPath, isPolicyPath, readPolicySource, resolvePolicyPath } from './files.js';
import type { Policy } from './model.js';
import { decodePolicy, SNAPSHOT_FORMAT } from './snapshot.js';

// Reading the compiled snapshots of the shipped policies. This module loads no YAML parser and
// no schema: a command whose policy is current in its snapshot never loads them.

/** The shipped policies compiled at build time (dist/policies/<id>.json, written by `npm run build`). */
export const COMPILED_POLICY_DIR = fileURLToPath(new URL('../policies/', import.meta.url));

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

export function snapshotFile(policyFile: string, dir: string): string {
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
  const read = readPolicySource(dirname(file), header.source);
  if (!('text' in read)) return undefined;
  const sourceText = read.text;
  if (snapshotKey(text, sourceText) !== header.sha256) return undefined;
  return decodePolicy(snapshot.slice(newline + 1), { path: displayPath(file), sourceText });
}

/** The header line of a snapshot compiled from this policy text and source text. */
export function snapshotHeader(policyText: string, sourceText: string, source: string): string {
  const header: SnapshotHeader = { format: SNAPSHOT_FORMAT, sha256: snapshotKey(policyText, sourceText), source };
  return JSON.stringify(header);
}

/**
 * Loads a policy like loadPolicy, loading the YAML parser, the schema and the compiler only when
 * the policy is not current in its snapshot (or is named by path): for commands that start fast.
 */
export async function openPolicy(idOrPath?: string, opts: { compiledDir?: string } = {}): Promise<Policy> {
  if (!isPolicyPath(idOrPath)) {
    const file = resolvePolicyPath(idOrPath);
    const compiled = readCompiledPolicy(file, readBounded(file, READ_LIMITS.policy, displayPath(file)), opts.compiledDir ?? COMPILED_POLICY_DIR);
    if (compiled) return compiled;
  }
  const { loadPolicy } = await import('./load.js');
  return loadPolicy(idOrPath, opts);
}
