import { randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, fchmodSync, fsyncSync, openSync, renameSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { trackTemporary, untrackTemporary } from './cleanup.js';
import { inspectOutput, type OutputKind, problemAt, type Target, whyNotWritten } from './target.js';

/** The run's own standard output (1) and error (2), to write -o /dev/stdout and /dev/stderr through. */
export type StandardStreams = { 1?: Writable; 2?: Writable };

/**
 * One output file, written so that it is never half there: into a temporary file beside it, then
 * flushed to the disk and renamed over the target in one step. Until then the target is as it
 * was; on any error, or a signal, the temporary file is removed. A device (/dev/null, /dev/full, a
 * terminal, a pipe) cannot be replaced: it is written directly. Every write error, including
 * the last one on closing, becomes one InputError naming the file (a closed standard output, behind
 * -o /dev/stdout, stays the system error: it ends quietly).
 */
export class OutputFile {
  readonly stream: Writable;
  private failure: NodeJS.ErrnoException | undefined;
  /** The temporary file's descriptor, for flushing it to the disk (the stream closes it). */
  private fd: number | undefined;
  private temporary: string | undefined;
  private state: 'open' | 'finished' | 'done' = 'open';

  private constructor(
    private readonly target: Target,
    private readonly where: OutputKind,
    standard: StandardStreams,
  ) {
    const given = where.kind === 'descriptor' ? standard[where.fd as 1 | 2] : undefined;
    if (given) {
      // The run's own standard output or error: written as any output to it is, never ended.
      this.stream = given;
      this.borrowed = true;
    } else if (where.kind === 'descriptor') {
      this.stream = createWriteStream('', { fd: where.fd, autoClose: false });
    } else if (where.kind === 'device') {
      this.stream = createWriteStream(where.real, { flags: 'w' });
    } else {
      const tmp = join(dirname(where.real), `.${shortened(basename(where.real))}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
      let fd: number;
      try {
        fd = openSync(tmp, 'wx', 0o666);
      } catch (e) {
        throw this.notWritten(e);
      }
      this.temporary = tmp;
      this.fd = fd;
      trackTemporary(tmp);
      // The replacement keeps the permissions of the file it replaces.
      if (where.kind === 'file') fchmodSync(fd, where.mode);
      // The stream owns the descriptor from here: it closes it once any write in flight is done.
      // Not on finishing, though: the contents are flushed to the disk first (finish()).
      this.stream = createWriteStream(tmp, { fd, autoClose: false });
    }
    this.stream.on('error', (e) => {
      this.failure ??= e;
    });
  }

  /** Whether the stream is the run's standard output or error, which is not ours to end. */
  private borrowed = false;

  /**
   * Checks the target (its folder exists, it is not a folder) and opens the output. `standard`:
   * the run's standard output and error, for -o /dev/stdout and /dev/stderr (descriptors 1, 2).
   */
  static open(target: Target, standard: StandardStreams = {}): OutputFile {
    return new OutputFile(target, inspectOutput(target), standard);
  }

  /** The error that stopped writing, as the one line to show (undefined while all is well). */
  get error(): Error | undefined {
    return this.failure ? this.failed(this.failure) : undefined;
  }

  /** Ends the stream and flushes the contents to the disk; the target is not replaced yet. */
  async finish(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'finished';
    try {
      if (this.failure) throw this.failure;
      if (this.borrowed) {
        await new Promise<void>((done, fail) => this.stream.write('', (e) => (e ? fail(e) : done())));
        return;
      }
      this.stream.end();
      await finished(this.stream);
      if (this.fd !== undefined) {
        fsyncSync(this.fd);
        this.fd = undefined;
        await new Promise<void>((done, fail) => {
          this.stream.once('close', () => (this.failure ? fail(this.failure) : done()));
          this.stream.destroy();
        });
      }
    } catch (e) {
      this.discard();
      throw this.failed(e as NodeJS.ErrnoException);
    }
  }

  /** Puts the finished contents in place of the target, in one step. */
  publish(): void {
    if (this.state === 'done') return;
    if (this.state !== 'finished') throw new Error('OutputFile.publish before finish');
    this.state = 'done';
    if (this.temporary === undefined || this.where.kind === 'descriptor') return;
    const real = this.where.real;
    try {
      renameSync(this.temporary, real);
    } catch (e) {
      this.discard();
      throw this.failed(e as NodeJS.ErrnoException);
    }
    untrackTemporary(this.temporary);
    this.temporary = undefined;
    syncFolder(dirname(real));
  }

  async commit(): Promise<void> {
    await this.finish();
    this.publish();
  }

  /** Gives up: the temporary file is removed and the target stays as it was. */
  discard(): void {
    this.state = 'done';
    this.fd = undefined;
    if (!this.stream.destroyed && !this.borrowed) this.stream.destroy();
    if (this.temporary !== undefined) {
      try {
        unlinkSync(this.temporary);
      } catch {
        // never created, or already removed
      }
      untrackTemporary(this.temporary);
      this.temporary = undefined;
    }
  }

  private unchanged(): string {
    if (this.where.kind === 'file') return `; ${this.target.display} is left as it was`;
    if (this.where.kind === 'new') return '; nothing was written';
    return '';
  }

  private unchangedZh(): string {
    if (this.where.kind === 'file') return `；${this.target.display} 保持原样`;
    if (this.where.kind === 'new') return '；未写入任何内容';
    return '';
  }

  private failed(e: NodeJS.ErrnoException): Error {
    // -o /dev/stdout whose reader has gone (`| head`): the run's standard output closed, which
    // ends quietly as it always does (the error itself, for the CLI to judge by stdout's state).
    if (this.borrowed && (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED')) return e;
    return this.notWritten(e);
  }

  private notWritten(e: unknown): Error {
    return problemAt(this.target, `cannot be written: ${whyNotWritten(e)}${this.unchanged()}`, `无法写入：${whyNotWritten(e, 'zh')}${this.unchangedZh()}`);
  }
}

/** Writes whole contents (text or bytes) to a file, atomically as OutputFile does. */
export async function writeWhole(target: Target, data: string | Uint8Array, standard: StandardStreams = {}): Promise<void> {
  const out = OutputFile.open(target, standard);
  out.stream.write(data);
  await out.commit();
}

/**
 * A name cut to at most 200 bytes of UTF-8 on a character's boundary, so that the temporary
 * name beside it (a dot, the process id, 8 hex digits, .tmp) stays within the 255 bytes a file
 * name may have: 78 Chinese characters are 234 bytes, a valid name that the longer one was not.
 */
function shortened(name: string): string {
  if (Buffer.byteLength(name) <= 200) return name;
  let out = '';
  for (const ch of name) {
    if (Buffer.byteLength(out + ch) > 200) break;
    out += ch;
  }
  return out;
}

/** The rename itself is on the disk only once the folder is flushed; where that fails, it is still done. */
function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some file systems do not flush folders: the rename stands
  }
}
