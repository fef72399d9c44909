import { isAbsolute, relative, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { READ_LIMITS, type ReadLimit, readStreamBounded } from '../io/read.js';

// What a run of the CLI may touch of the world outside it. `main(args, io)` takes it, so that the
// tests run the CLI in their own process with strings for streams, and nothing below reads
// process.stdout, process.env or the working folder behind the caller's back.

/** A stream the CLI writes to; isTTY and columns as a terminal's stream has them. */
export type OutStream = Writable & { isTTY?: boolean; columns?: number };
export type InStream = Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
  env: Record<string, string | undefined>;
  /** The folder relative paths are read from and written to. */
  cwd: string;
}

/** The real process's streams, environment and working folder: the default of `main`. */
export function systemIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

/** How standard output fared: still open, closed by its reader (`| head`), or failed (a full disk). */
export type StdoutState = { kind: 'open' } | { kind: 'closed' } | { kind: 'failed'; error: NodeJS.ErrnoException };

/**
 * One run of a command: the io, writers that respect a closed standard output, paths resolved
 * against io.cwd, and whether the command's findings fail the run (exit 1).
 */
export class Session {
  findings = false;
  private state: StdoutState = { kind: 'open' };
  private readonly onStdoutError = (e: NodeJS.ErrnoException) => {
    if (this.state.kind !== 'open') return;
    this.state = e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED' ? { kind: 'closed' } : { kind: 'failed', error: e };
  };
  // A reader of stderr that goes away leaves us nothing to report to: never crash on it.
  private readonly onStderrError = () => {};

  constructor(readonly io: CliIo) {
    io.stdout.on('error', this.onStdoutError);
    io.stderr.on('error', this.onStderrError);
  }

  get stdoutState(): StdoutState {
    return this.state;
  }

  /** Writes to standard output; once its reader has gone, nothing more is written. */
  out = (text: string): void => {
    if (this.state.kind !== 'open' || text === '') return;
    this.io.stdout.write(text);
  };

  err = (text: string): void => {
    if (!this.io.stderr.destroyed) this.io.stderr.write(text);
  };

  /** A path as given on the command line, resolved against the run's working folder. */
  path = (p: string): string => resolve(this.io.cwd, p);

  /** A path for messages: relative to the working folder when inside it, else as it is. */
  display = (p: string): string => {
    const rel = relative(this.io.cwd, p);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
  };

  /**
   * Waits until what was written to standard output has been handed over, so that an error on
   * the last write (a closed pipe, a full disk) is known before the exit code is decided; then
   * stops listening to the streams.
   */
  async finish(): Promise<StdoutState> {
    const out = this.io.stdout;
    if (this.state.kind === 'open' && !out.destroyed && !out.writableEnded) {
      await new Promise<void>((done) => {
        const settle = () => {
          out.off('error', settle);
          done();
        };
        out.once('error', settle);
        out.write('', () => settle());
      });
      // An error on that write is emitted after its callback: let it arrive.
      await new Promise<void>((done) => setImmediate(done));
    }
    out.off('error', this.onStdoutError);
    this.io.stderr.off('error', this.onStderrError);
    // A stream that errs after this point must not crash the process either.
    if (this.state.kind !== 'open' && out.listenerCount('error') === 0) out.on('error', () => {});
    return this.state;
  }

  /**
   * Standard input as text, read as a stream (a terminal gives EAGAIN to a synchronous read), up
   * to the limit of what it holds: `yes | subsidy estimate -` stops there.
   */
  readStdin(limit: ReadLimit = READ_LIMITS.project): Promise<string> {
    return readStreamBounded(this.io.stdin, limit, '<stdin>');
  }
}
