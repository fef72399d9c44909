import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/subsidy.js', import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Standard input (empty when not given: no terminal, as in a pipe). */
  input?: string | Buffer;
  /** Added to the default environment: English locale, no colour. */
  env?: Record<string, string>;
  cwd?: string;
}

/** A stream that keeps what is written to it, as a file or a pipe would (not a terminal). */
export class Capture extends Writable {
  private readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (e?: Error | null) => void): void {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    done();
  }
  get text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs the CLI in this process, as a user would in a pipe: `main(args, io)` with captured
 * stdout and stderr, no terminal, no colour, English locale. About a thousand times faster than
 * starting node; `spawnCli` runs the real bin for the few tests that need a process.
 */
export async function cli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const stdin = Readable.from(opts.input === undefined ? [] : [Buffer.from(opts.input)]);
  const cwd = opts.cwd ?? ROOT;
  const env = { LANG: 'C', NO_COLOR: '1', ...opts.env };
  const status = await withFolder(args, cwd, () => main(args, { stdout, stderr, stdin, env, cwd }));
  return { status, stdout: stdout.text, stderr: stderr.text };
}

/**
 * The policy maintainer's commands (check, test, diff) still show file names relative to, and
 * run git in, the process's own folder (src/policy/{check,cases,diff}.ts take no working folder
 * yet): for them alone the test process moves into `cwd` for the call. Test files run in their
 * own process (vitest's forks pool) and the tests in a file one at a time, so nothing else sees it.
 */
async function withFolder<T>(args: string[], cwd: string, run: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  if (args[0] !== 'policy' || cwd === before) return run();
  process.chdir(cwd);
  try {
    return await run();
  } finally {
    process.chdir(before);
  }
}

/** Runs the built bin/subsidy.js in a separate process (`npm run build` first): for smoke tests. */
export function spawnCli(args: string[], opts: CliOptions = {}): CliRun & { raw: SpawnSyncReturns<string> } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', LANG: 'C', NO_COLOR: '1', ...opts.env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, raw: r };
}
