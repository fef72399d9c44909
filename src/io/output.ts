import { randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, fchmodSync, fsyncSync, openSync, renameSync, unlinkSync, type WriteStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { InputError } from '../errors/problem.js';
import { trackTemporary, untrackTemporary } from './cleanup.js';
import { inspectOutput, type OutputKind, problemAt, type Target, whyNotWritten } from './target.js';

/**
 * One output file, written so that it is never half there: into a temporary file beside it, then
 * flushed to the disk and renamed over the target in one step. Until then the target is as it
 * was; on any error, or a signal, the temporary file is removed. A device (/dev/null, /dev/full, a
 * terminal, a pipe) cannot be replaced: it is written directly. Every write error, including
 * the last one on closing, becomes one InputError naming the file.
 */
export class OutputFile {
  readonly stream: WriteStream;
  private failure: NodeJS.ErrnoException | undefined;
  /** The temporary file's descriptor, for flushing it to the disk (the stream closes it). */
  private fd: number | undefined;
  private temporary: string | undefined;
  private state: 'open' | 'finished' | 'done' = 'open';

  private constructor(
    private readonly target: Target,
    private readonly where: OutputKind,
  ) {
    if (where.kind === 'device') {
      this.stream = createWriteStream(where.real, { flags: 'w' });
    } else {
      const tmp = join(dirname(where.real), `.${basename(where.real)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
      let fd: number;
      try {
        fd = openSync(tmp, 'wx', 0o666);
      } catch (e) {
        throw problemAt(target, `cannot be written: ${whyNotWritten(e)}${this.unchanged()}`);
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

  /** Checks the target (its folder exists, it is not a folder) and opens the output. */
  static open(target: Target): OutputFile {
    return new OutputFile(target, inspectOutput(target));
  }

  /** The error that stopped writing, as the one line to show (undefined while all is well). */
  get error(): InputError | undefined {
    return this.failure ? this.failed(this.failure) : undefined;
  }

  /** Ends the stream and flushes the contents to the disk; the target is not replaced yet. */
  async finish(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'finished';
    try {
      if (this.failure) throw this.failure;
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
    if (this.temporary === undefined) return;
    try {
      renameSync(this.temporary, this.where.real);
    } catch (e) {
      this.discard();
      throw this.failed(e as NodeJS.ErrnoException);
    }
    untrackTemporary(this.temporary);
    this.temporary = undefined;
    syncFolder(dirname(this.where.real));
  }

  async commit(): Promise<void> {
    await this.finish();
    this.publish();
  }

  /** Gives up: the temporary file is removed and the target stays as it was. */
  discard(): void {
    this.state = 'done';
    this.fd = undefined;
    if (!this.stream.destroyed) this.stream.destroy();
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

  private failed(e: NodeJS.ErrnoException): InputError {
    return problemAt(this.target, `cannot be written: ${whyNotWritten(e)}${this.unchanged()}`);
  }
}

/** Writes whole contents (text or bytes) to a file, atomically as OutputFile does. */
export async function writeWhole(target: Target, data: string | Uint8Array): Promise<void> {
  const out = OutputFile.open(target);
  out.stream.write(data);
  await out.commit();
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
