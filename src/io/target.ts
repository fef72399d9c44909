import { accessSync, closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, realpathSync, type Stats, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors/problem.js';

/** A file the user named: where it is, how to name it in messages, and the option that named it. */
export interface Target {
  /** Absolute path. */
  path: string;
  /** As the user gave it. */
  display: string;
  /** For an output, the option that named it (--output, --summary, --save); for an input, what it is ('' for the input file, 'policy file' …). */
  option: string;
}

/**
 * Where an output goes. `new`: no file there yet. `file`: a regular file, replaced whole once the
 * new contents are complete (at its real path: a symbolic link stays a link). `device`: a
 * terminal, /dev/null, /dev/full, a pipe: written directly, since it cannot be replaced.
 */
export type OutputKind =
  | { kind: 'new'; real: string }
  | { kind: 'file'; real: string; mode: number }
  | { kind: 'device'; real: string }
  | { kind: 'descriptor'; fd: number };

/**
 * An output named by a descriptor the shell opened: /dev/stdout, /dev/stderr, /dev/fd/N,
 * /proc/self/fd/N. Opening such a name anew would truncate (`-o /dev/stdout >> log.txt` emptied
 * log.txt) or, renamed over, replace what it points at; so it is written through the descriptor
 * itself, at its offset and with the flags the shell gave it (appending, for `>>`).
 */
export function descriptorOf(path: string): number | undefined {
  const m = /^\/(?:dev\/(stdin|stdout|stderr)|dev\/fd\/(\d+)|proc\/(self|\d+)\/fd\/(\d+))$/.exec(path);
  if (!m) return undefined;
  if (m[1]) return ['stdin', 'stdout', 'stderr'].indexOf(m[1]);
  if (m[2]) return Number(m[2]);
  return m[3] === 'self' || Number(m[3]) === process.pid ? Number(m[4]) : undefined;
}

/** A problem with an output or input file, in English and (shown with --lang zh) Chinese. */
export function problemAt(t: Target, message: string, zh?: string): InputError {
  return new InputError([{ file: t.display, path: t.option, severity: 'error', message, ...(zh === undefined ? {} : { zh }) }]);
}

/** Why a file could not be written, in words (English or Chinese), with the system's code for a search. */
export function whyNotWritten(e: unknown, lang: 'en' | 'zh' = 'en'): string {
  const code = (e as NodeJS.ErrnoException).code;
  const zh = lang === 'zh';
  switch (code) {
    case 'ENOSPC':
      return zh ? '磁盘已满（ENOSPC）' : 'the disk is full (ENOSPC)';
    case 'EDQUOT':
      return zh ? '磁盘配额已用完（EDQUOT）' : 'the disk quota is used up (EDQUOT)';
    case 'EACCES':
    case 'EPERM':
      return zh ? `没有权限（${code}）` : `permission denied (${code})`;
    case 'EROFS':
      return zh ? '文件系统只读（EROFS）' : 'the file system is read-only (EROFS)';
    case 'EISDIR':
      return zh ? '这是文件夹（EISDIR）' : 'it is a folder (EISDIR)';
    case 'EIO':
      return zh ? '设备输入输出错误（EIO）' : 'an input/output error on the device (EIO)';
    default:
      return code ?? (e instanceof Error ? e.message : String(e));
  }
}

/** "cannot be written: why", in both languages. */
function notWritten(t: Target, e: unknown, tail = '', tailZh = ''): InputError {
  return problemAt(t, `cannot be written: ${whyNotWritten(e)}${tail}`, `无法写入：${whyNotWritten(e, 'zh')}${tailZh}`);
}

/**
 * Checks before anything is written that an output can be: its folder exists and may be written
 * in, and it is not a folder. Says what kind of output it is.
 */
export function inspectOutput(t: Target): OutputKind {
  const fd = descriptorOf(t.path);
  if (fd !== undefined) {
    let st: Stats;
    try {
      st = fstatSync(fd);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EBADF') throw problemAt(t, `cannot be written: descriptor ${fd} is not open (EBADF)`, `无法写入：描述符 ${fd} 未打开（EBADF）`);
      throw notWritten(t, e);
    }
    if (st.isDirectory()) throw problemAt(t, 'is a folder (EISDIR)', '这是文件夹（EISDIR）');
    // A number the shell left closed may be one Node opened for itself (its event loop's).
    if (internalDescriptor(fd)) throw problemAt(t, `cannot be written: descriptor ${fd} was not opened for this command (EBADF)`, `无法写入：描述符 ${fd} 不是为本命令打开的（EBADF）`);
    return { kind: 'descriptor', fd };
  }
  let st: Stats | undefined;
  try {
    st = statSync(t.path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Not there (or a file where a folder should be): the folder is checked below.
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw notWritten(t, e);
  }
  if (st?.isDirectory()) {
    const example = join(t.display, suggestedName(t));
    throw problemAt(t, `is a folder: give a file name, such as ${example}`, `这是文件夹：请给出文件名，例如 ${example}`);
  }
  if (st && !st.isFile()) return { kind: 'device', real: t.path };
  const real = st ? realpathSync(t.path) : t.path;
  const dir = dirname(real);
  let dirStat: Stats;
  // (A parent that is a file gives ENOTDIR here too.)
  try {
    dirStat = statSync(dir);
  } catch {
    throw problemAt(t, `cannot be written: the folder ${dirname(t.display)} does not exist`, `无法写入：文件夹 ${dirname(t.display)} 不存在`);
  }
  if (!dirStat.isDirectory()) throw problemAt(t, `cannot be written: ${dirname(t.display)} is not a folder`, `无法写入：${dirname(t.display)} 不是文件夹`);
  try {
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw problemAt(t, `cannot be written: ${whyNotWritten(e)} in the folder ${dirname(t.display)}`, `无法写入：在文件夹 ${dirname(t.display)} 中${whyNotWritten(e, 'zh')}`);
  }
  // A file made read-only is not replaced behind its owner's back, though the folder would allow it.
  if (st) {
    try {
      accessSync(real, constants.W_OK);
    } catch (e) {
      throw notWritten(t, e, '; it is left as it was', '；文件保持原样');
    }
  }
  return st ? { kind: 'file', real, mode: st.mode & 0o7777 } : { kind: 'new', real: join(realpathSync(dir), basename(real)) };
}

function suggestedName(t: Target): string {
  return t.option === '--summary' ? 'summary.json' : t.option === '--save' ? 'answers.yaml' : 'results.csv';
}

/** The same file, however named: the same inode when it exists, else the same real folder and name. */
function identity(path: string): string | undefined {
  try {
    const st = statSync(path);
    // Two outputs to /dev/null or a terminal lose nothing.
    if (st.isCharacterDevice()) return undefined;
    return `inode ${st.dev}:${st.ino}`;
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return path;
    }
  }
}

/** What an input is (Target.option), as refuseSameFile names it in Chinese. */
const INPUT_ZH: Record<string, string> = { '': '输入文件', 'standard input': '标准输入', 'policy file': '政策文件' };

/**
 * Refuses a run that would write a file it reads, or write one file twice: `batch s.csv -o s.csv`,
 * `--summary` naming the output or an input. Checked before anything is written, so nothing is.
 */
export function refuseSameFile(inputs: Target[], outputs: Target[]): void {
  const seen = new Map<string, Target>();
  for (const t of inputs) {
    const id = identity(t.path);
    if (id && !seen.has(id)) seen.set(id, t);
  }
  for (const out of outputs) {
    const id = identity(out.path);
    const before = id === undefined ? undefined : seen.get(id);
    if (before) {
      const input = inputs.includes(before);
      const what = input ? `the ${before.option || 'input file'}` : `the ${before.option} file`;
      const whatZh = input ? (INPUT_ZH[before.option] ?? before.option) : `${before.option} 文件`;
      const shown = before.display === out.display || before.display === '-' ? undefined : before.display;
      const harm = input ? 'writing it would destroy what is read' : 'one would overwrite the other';
      const harmZh = input ? '写入会毁掉正在读取的内容' : '两者会互相覆盖';
      throw problemAt(
        out,
        `is also ${what}${shown === undefined ? '' : ` (${shown})`}: ${harm}. Give another file name; nothing was written`,
        `同时也是${whatZh}${shown === undefined ? '' : `（${shown}）`}：${harmZh}。请换一个文件名；未写入任何内容`,
      );
    }
    if (id) seen.set(id, out);
  }
}

/**
 * Node keeps descriptors of its own (its event loop's eventfd and epoll, and pipes whose both ends
 * it holds to wake itself): writing into one would break the process. A shell's descriptor is a
 * file, a terminal, or one end of a pipe whose other end is elsewhere.
 */
function internalDescriptor(fd: number): boolean {
  if (fd <= 2) return false;
  try {
    const link = readlinkSync(`/proc/self/fd/${fd}`);
    if (link.startsWith('anon_inode:')) return true;
    if (!link.startsWith('pipe:') && !link.startsWith('socket:')) return false;
    // Its own wake-up pipe: it holds the other end too, to read. (The shell may leave the same
    // end open twice, `7> >(…)` keeps 63 as well: both for writing.)
    const mode = accessMode(String(fd));
    return readdirSync('/proc/self/fd').some((other) => Number(other) !== fd && linkOf(other) === link && accessMode(other) !== mode);
  } catch {
    return false; // no /proc: trust the number
  }
}

/** O_RDONLY 0, O_WRONLY 1, O_RDWR 2, from /proc/self/fdinfo. */
function accessMode(fd: string): number | undefined {
  try {
    const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
    return flags === undefined ? undefined : Number.parseInt(flags, 8) & 3;
  } catch {
    return undefined;
  }
}

function linkOf(fd: string): string | undefined {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

const REPLACE_ZH = '请换一个文件名，或加 --force 替换它';

/**
 * Refuses to replace an existing file (or a link) unless `force`: `template -o list.csv` over a
 * filled-in project list. A device or a descriptor (/dev/null, /dev/stdout) is written through.
 */
export function refuseExisting(t: Target, force: boolean): void {
  if (force || descriptorOf(t.path) !== undefined) return;
  let st: Stats;
  try {
    st = lstatSync(t.path);
  } catch {
    return; // nothing there
  }
  if (st.isFile() || st.isSymbolicLink()) throw problemAt(t, 'already exists: give another file name, or --force to replace it', `已存在：${REPLACE_ZH}`);
}

/**
 * Refuses to replace an existing file that this command did not write (`ours` looks at its first
 * bytes), a link or a device, unless `force`. The interview's --save, so that a typo in a file
 * name never costs a hand-written project file.
 */
export function refuseReplace(t: Target, opts: { force: boolean; ours: (head: string) => boolean; whose: string; whoseZh?: string }): void {
  if (opts.force) return;
  let st: Stats;
  try {
    st = lstatSync(t.path);
  } catch {
    return; // nothing there
  }
  const tail = 'give another file name, or --force to replace it';
  if (st.isSymbolicLink()) throw problemAt(t, `is a symbolic link to another file: ${tail}`, `是指向另一个文件的符号链接：${REPLACE_ZH}`);
  if (st.isDirectory()) return; // inspectOutput says it is a folder
  if (!st.isFile()) throw problemAt(t, `is a device, not a file: ${tail}`, `是设备，不是文件：${REPLACE_ZH}`);
  if (!opts.ours(readHead(t.path))) throw problemAt(t, `already exists and was not written by ${opts.whose}: ${tail}`, `已存在，且不是${opts.whoseZh ?? opts.whose}写入的：${REPLACE_ZH}`);
}

function readHead(path: string): string {
  try {
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(512);
      const n = readSync(fd, buf, 0, buf.length, 0);
      return buf.subarray(0, n).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
}

/** What identifies the contents of a file read at a moment: its inode, size and time of change. */
export function fileVersion(path: string): string | undefined {
  try {
    const st = statSync(path);
    return st.isFile() ? `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}` : 'not a file';
  } catch {
    return undefined;
  }
}

/**
 * Replaces only the file that was read (`policy test --update`): one that changed since (an
 * editor saved it, a colleague's pull) keeps that change unless `force`; a device or a pipe is
 * never replaced.
 */
export function refuseChangedSince(t: Target, read: string | undefined, force: boolean): void {
  if (force) return;
  const now = fileVersion(t.path);
  if (read === 'not a file' || now === 'not a file') throw problemAt(t, 'is not a regular file: --update writes only test files (x.test.yaml)', '不是普通文件：--update 只写测试文件（x.test.yaml）');
  if (now !== read) {
    throw problemAt(t, 'changed on disk while the cases ran: run again to update it, or give --force to overwrite that change', '运行用例期间文件已被修改：请重新运行以更新，或加 --force 覆盖那次修改');
  }
}
