import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { isatty } from 'node:tty';
import { YAML_LIMITS } from '../errors/limits.js';
import { InputError } from '../errors/problem.js';
import { trackTemporary, untrackTemporary } from './cleanup.js';

// The one way an input file is read whole: project files, policies and their source texts,
// policy test files, the YAML files of a batch, standard input. Reading stops at the limit while
// reading, never after: a 3 GB file, /dev/zero, /dev/urandom, a FIFO or `yes | subsidy estimate -`
// costs at most the limit in memory and ends with one line naming it. Regular files, devices,
// FIFOs and process substitution (`<(cat p.yaml)`, a pipe at /dev/fd/63) are read the same way:
// in chunks from the start, never by asking the size first (a pipe's size is 0, /dev/zero's too).

/** The largest input of one kind, and the words for it. */
export interface ReadLimit {
  /** What the file is, for messages: "a project file". */
  kind: string;
  /** The same in Chinese: "项目文件". */
  kindZh: string;
  /** The most bytes accepted. */
  maxBytes: number;
}

/** The limits of the files read whole (docs/guarantees.md, Limits). */
export const READ_LIMITS = {
  project: { kind: YAML_LIMITS.project.kind, kindZh: '项目文件', maxBytes: YAML_LIMITS.project.maxBytes },
  policy: { kind: YAML_LIMITS.policy.kind, kindZh: '政策文件', maxBytes: YAML_LIMITS.policy.maxBytes },
  source: { kind: "a policy's source text", kindZh: '政策原文', maxBytes: 5_000_000 },
  tests: { kind: YAML_LIMITS.tests.kind, kindZh: '政策测试文件', maxBytes: YAML_LIMITS.tests.maxBytes },
  /** A batch sheet that comes through a pipe (`batch <(…)`), held in a temporary file to be read. */
  pipedSheet: { kind: 'a batch sheet read from a pipe', kindZh: '从管道读取的批量表格', maxBytes: 2_000_000_000 },
} as const satisfies Record<string, ReadLimit>;

const CHUNK = 64 * 1024;

const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const megabytes = (n: number) => `${n / 1_000_000} MB`;

/** The one line for an input over its limit. */
export function tooLarge(display: string, limit: ReadLimit, option = ''): InputError {
  return new InputError([
    {
      file: display,
      path: option,
      severity: 'error',
      message: `is larger than ${grouped(limit.maxBytes)} bytes (${megabytes(limit.maxBytes)}), the most ${limit.kind} may have: stopped reading there`,
      zh: `超过 ${grouped(limit.maxBytes)} 字节（${megabytes(limit.maxBytes)}），这是${limit.kindZh}的上限：已停止读取`,
    },
  ]);
}

/**
 * Reads a file whole as UTF-8, up to the limit: one byte more and it stops with tooLarge. A file
 * that cannot be opened or read throws the system's error (ENOENT, EACCES …) for the caller to
 * word. Blocks on a FIFO until its writer opens it, as `cat` does: only for files the user named.
 */
export function readBounded(path: string, limit: ReadLimit, display = path, option = ''): string {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, limit.maxBytes + 1 - total));
      const n = readSyncRetrying(fd, buf);
      if (n === 0) break;
      total += n;
      if (total > limit.maxBytes) throw tooLarge(display, limit, option);
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** A read from a pipe with no data yet may say EAGAIN when the descriptor is non-blocking: wait and read again. */
function readSyncRetrying(fd: number, buf: Buffer): number {
  for (;;) {
    try {
      return readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

/** Reads a stream (standard input) whole as UTF-8, up to the limit, then stops reading it. */
export async function readStreamBounded(stream: AsyncIterable<unknown>, limit: ReadLimit, display: string): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buf.length;
    // Leaving the loop destroys the stream: `yes | subsidy estimate -` ends here, and `yes` with it.
    if (total > limit.maxBytes) throw tooLarge(display, limit);
    chunks.push(buf);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

/**
 * A batch sheet given as a pipe (`subsidy batch <(cat list.csv)`, a FIFO): its first bytes are
 * looked at before it is read from the start, and a workbook is read out of order, which a pipe
 * cannot do twice. So a pipe is first copied, up to its limit, into a private temporary file
 * (mode 600, removed however the run ends) that is read instead. A regular file is read in place:
 * undefined.
 */
export function spoolPipe(path: string, limit: ReadLimit, display: string): { path: string; remove: () => void } | undefined {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    if (st.isFile()) return undefined;
    // /dev/zero, /dev/urandom, a disk: no list of projects, and copying one would fill the temporary
    // folder up to the limit before saying so. (A terminal is read, as `cat` would.)
    if ((st.isCharacterDevice() && !isatty(fd)) || st.isBlockDevice()) {
      throw new InputError([
        {
          file: display,
          path: '',
          severity: 'error',
          message: 'is a device, not a list of projects: give a CSV or Excel file (or a pipe, <(…))',
          zh: '这是设备，不是项目清单：请给出 CSV 或 Excel 文件（或管道 <(…)）',
        },
      ]);
    }
    // The first bytes say which: a workbook is a zip (PK\x03\x04), `<(cat list.xlsx)` has no name to tell.
    const buf = Buffer.allocUnsafe(CHUNK);
    let n = readSyncRetrying(fd, buf);
    const zip = n >= 4 && buf.readUInt32LE(0) === 0x04034b50;
    const ext = zip || extname(display).toLowerCase() === '.xlsx' ? '.xlsx' : '.csv';
    const tmp = join(tmpdir(), `subsidy-${process.pid}-${randomBytes(4).toString('hex')}${ext}`);
    const out = openSync(tmp, 'wx', 0o600);
    trackTemporary(tmp);
    const remove = () => {
      try {
        unlinkSync(tmp);
      } catch {
        // already gone
      }
      untrackTemporary(tmp);
    };
    try {
      let total = 0;
      while (n > 0) {
        total += n;
        if (total > limit.maxBytes) throw tooLarge(display, limit);
        writeSync(out, buf, 0, n);
        n = readSyncRetrying(fd, buf);
      }
    } catch (e) {
      closeSync(out);
      remove();
      throw e;
    }
    closeSync(out);
    return { path: tmp, remove };
  } finally {
    closeSync(fd);
  }
}
