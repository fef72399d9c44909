import { chmodSync, existsSync, linkSync, lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, InputError, type Problem, problemLine } from '../src/errors/problem.js';
import { descriptorOf, fileVersion, inspectOutput, OutputFile, readBounded, refuseChangedSince, refuseReplace, refuseSameFile, spoolPipe, type Target, writeWhole } from '../src/io/index.js';
import { whyNotWritten } from '../src/io/target.js';
import { safeMessage, safeText, terminalText } from '../src/values/display.js';

// The output module (src/io) and the safe display of echoed values (src/values/display.ts).

const folder = () => mkdtempSync(join(tmpdir(), 'subsidy-io-'));
const target = (path: string, option = '--output', display = path): Target => ({ path, display, option });

/** The one line an InputError prints. */
function line(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const problems = (e as InputError).problems;
    expect(problems).toHaveLength(1);
    return formatProblem(problems[0] as (typeof problems)[number]);
  }
  throw new Error('no error');
}

async function lineOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems.map(formatProblem).join('\n');
  }
  throw new Error('no error');
}

describe('safeText: a value shown back to the user', () => {
  it('shows control characters and ESC escaped, on one line', () => {
    expect(safeText('\u001b]0;pwned\u0007\u001b[2J')).toBe('\\x1b]0;pwned\\x07\\x1b[2J');
    expect(safeText('3500万\nfile.yaml:1:1  error  forged')).toBe('3500万\\nfile.yaml:1:1  error  forged');
    expect(safeText('a\tb\rc\u007fd\u009be\u202ef')).toBe('a\\tb\\rc\\x7fd\\x9be\\u202ef');
  });

  it('leaves ordinary text, Chinese included, as it is', () => {
    expect(safeText('柳州市某公司 (A1)')).toBe('柳州市某公司 (A1)');
  });

  it('cuts a long value with … and its full length, in groups of three digits', () => {
    expect(safeText('a'.repeat(10_485_760))).toBe(`${'a'.repeat(80)}…(10 485 760 chars)`);
    expect(safeText('b'.repeat(81), 80)).toBe(`${'b'.repeat(80)}…(81 chars)`);
    expect(safeText('c'.repeat(80), 80)).toBe('c'.repeat(80));
  });

  it('never cuts an escape or a character in half', () => {
    expect(safeText(`${'a'.repeat(78)}\u001b`, 80)).toBe(`${'a'.repeat(78)}…(79 chars)`);
    expect(safeText(`${'a'.repeat(79)}😀x`, 80)).toBe(`${'a'.repeat(79)}…(82 chars)`);
  });
});

describe('safeMessage and formatProblem', () => {
  it('cuts the quoted value a message echoes, and keeps what it says about it', () => {
    const m = safeMessage(`"${'9'.repeat(5000)}万" is more than 1万亿 yuan: check the unit`);
    expect(m).toBe(`"${'9'.repeat(80)}…(5 001 chars)" is more than 1万亿 yuan: check the unit`);
  });

  it('gives one line for a value with a newline: no forged problem line', () => {
    const p = formatProblem({ file: 'a.yaml', line: 3, col: 5, path: 'name', severity: 'error', message: 'expected a date, got "x\nb.yaml:1:1  error  pwned"' });
    expect(p).toBe('a.yaml:3:5  error  name: expected a date, got "x\\nb.yaml:1:1  error  pwned"');
    expect(p.split('\n')).toHaveLength(1);
  });

  it('caps the whole message', () => {
    expect(safeMessage('x'.repeat(5000)).length).toBeLessThan(1100);
  });
});

describe('terminalText: a rendered table or report', () => {
  it('keeps line breaks and escapes every other control character', () => {
    expect(terminalText('│ \u001b]0;pwned\u0007\u001b[2J │\n│ ok │\n')).toBe('│ \\x1b]0;pwned\\x07\\x1b[2J │\n│ ok │\n');
  });

  it('keeps colour codes only when colour is on', () => {
    expect(terminalText('\u001b[1mTotal\u001b[22m \u001b[2J', true)).toBe('\u001b[1mTotal\u001b[22m \\x1b[2J');
    expect(terminalText('\u001b[1mTotal\u001b[22m', false)).toBe('\\x1b[1mTotal\\x1b[22m');
  });
});

describe('refuseSameFile', () => {
  it('refuses an output that is an input, however it is spelt', () => {
    const dir = folder();
    const input = join(dir, 's.csv');
    writeFileSync(input, 'a\n');
    symlinkSync(input, join(dir, 'link.csv'));
    linkSync(input, join(dir, 'hard.csv'));
    const inputs = [target(input, '', 's.csv')];
    for (const spelling of [input, join(dir, '.', 's.csv'), join(dir, 'link.csv'), join(dir, 'hard.csv')]) {
      expect(line(() => refuseSameFile(inputs, [target(spelling, '--output', 'out')]))).toBe(
        'out  error  --output: is also the input file (s.csv): writing it would destroy what is read. Give another file name; nothing was written',
      );
    }
  });

  it('refuses two outputs to one file, even one not written yet', () => {
    const dir = folder();
    const out = join(dir, 'out.csv');
    expect(line(() => refuseSameFile([], [target(out, '--output', 'out.csv'), target(out, '--summary', 'out.csv')]))).toBe(
      'out.csv  error  --summary: is also the --output file: one would overwrite the other. Give another file name; nothing was written',
    );
  });

  it('lets two outputs share a character device (nothing to lose in /dev/null)', () => {
    expect(() => refuseSameFile([], [target('/dev/null'), target('/dev/null', '--summary')])).not.toThrow();
  });
});

describe('inspectOutput', () => {
  it('says a missing folder, a folder, a non-folder parent', () => {
    const dir = folder();
    writeFileSync(join(dir, 'file'), '');
    expect(line(() => inspectOutput(target(join(dir, 'nodir/out.csv'), '--output', 'nodir/out.csv')))).toBe('nodir/out.csv  error  --output: cannot be written: the folder nodir does not exist');
    expect(line(() => inspectOutput(target(dir, '--output', 'somedir')))).toBe('somedir  error  --output: is a folder: give a file name, such as somedir/results.csv');
    expect(line(() => inspectOutput(target(join(dir, 'file/x.csv'), '--output', 'file/x.csv')))).toBe('file/x.csv  error  --output: cannot be written: file is not a folder');
  });

  it('tells a device from a file', () => {
    expect(inspectOutput(target('/dev/null')).kind).toBe('device');
    const dir = folder();
    expect(inspectOutput(target(join(dir, 'new.csv'))).kind).toBe('new');
    writeFileSync(join(dir, 'old.csv'), 'x');
    expect(inspectOutput(target(join(dir, 'old.csv'))).kind).toBe('file');
  });
});

describe('OutputFile: whole or not at all', () => {
  it('replaces the file only when complete, keeps its permissions, and leaves no temporary file', async () => {
    const dir = folder();
    const file = join(dir, 'out.csv');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o640);
    const out = OutputFile.open(target(file));
    out.stream.write('new 1\n');
    // Mid-way, the target is as it was; the new contents are in a temporary file beside it.
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toHaveLength(2);
    out.stream.write('new 2\n');
    await out.commit();
    expect(readFileSync(file, 'utf8')).toBe('new 1\nnew 2\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('discarded, leaves the target as it was (or absent) and no temporary file', () => {
    const dir = folder();
    const file = join(dir, 'out.csv');
    writeFileSync(file, 'old\n');
    const out = OutputFile.open(target(file));
    out.stream.write('half');
    out.discard();
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['out.csv']);
    const fresh = OutputFile.open(target(join(dir, 'new.csv')));
    fresh.discard();
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('writes through a symbolic link: the link stays, its file gets the contents', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'real.csv'), 'old');
    symlinkSync(join(dir, 'real.csv'), join(dir, 'link.csv'));
    await writeWhole(target(join(dir, 'link.csv')), 'new');
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.csv'), 'utf8')).toBe('new');
  });

  it.skipIf(!existsSync('/dev/full'))('reports a full disk in one line', async () => {
    expect(await lineOf(() => writeWhole(target('/dev/full', '--summary'), 'x'.repeat(100_000)))).toBe(
      '/dev/full  error  --summary: cannot be written: the disk is full (ENOSPC)',
    );
  });

  it('writes a device directly', async () => {
    await writeWhole(target('/dev/null'), 'anything');
  });
});

describe('refuseReplace (--save)', () => {
  const ours = (head: string) => head.startsWith('# ours');
  it('replaces nothing but its own files, unless --force', () => {
    const dir = folder();
    writeFileSync(join(dir, 'mine.yaml'), '# ours\nkind: bank\n');
    writeFileSync(join(dir, 'hand.yaml'), 'kind: bank\n');
    symlinkSync(join(dir, 'mine.yaml'), join(dir, 'link.yaml'));
    const opts = { force: false, ours, whose: 'the interview' };
    expect(() => refuseReplace(target(join(dir, 'mine.yaml'), '--save'), opts)).not.toThrow();
    expect(() => refuseReplace(target(join(dir, 'absent.yaml'), '--save'), opts)).not.toThrow();
    expect(line(() => refuseReplace(target(join(dir, 'hand.yaml'), '--save', 'hand.yaml'), opts))).toBe(
      'hand.yaml  error  --save: already exists and was not written by the interview: give another file name, or --force to replace it',
    );
    expect(line(() => refuseReplace(target(join(dir, 'link.yaml'), '--save', 'link.yaml'), opts))).toBe(
      'link.yaml  error  --save: is a symbolic link to another file: give another file name, or --force to replace it',
    );
    expect(line(() => refuseReplace(target('/dev/null', '--save'), opts))).toBe(
      '/dev/null  error  --save: is a device, not a file: give another file name, or --force to replace it',
    );
    expect(() => refuseReplace(target(join(dir, 'hand.yaml'), '--save'), { ...opts, force: true })).not.toThrow();
    // In Chinese, with the interview named as the CLI names it.
    const zh = (run: () => unknown) => {
      try {
        run();
      } catch (e) {
        return problemLine((e as InputError).problems[0] as Problem, 'zh');
      }
      throw new Error('no error');
    };
    expect(zh(() => refuseReplace(target(join(dir, 'hand.yaml'), '--save', 'hand.yaml'), { ...opts, whoseZh: '问答' }))).toBe(
      'hand.yaml  错误  --save：已存在，且不是问答写入的：请换一个文件名，或加 --force 替换它',
    );
    expect(zh(() => refuseReplace(target('/dev/null', '--save'), opts))).toBe('/dev/null  错误  --save：是设备，不是文件：请换一个文件名，或加 --force 替换它');
  });
});

describe('refuseChangedSince (policy test --update)', () => {
  it('refuses a file changed since it was read, unless --force', () => {
    const dir = folder();
    const file = join(dir, 'x.test.yaml');
    writeFileSync(file, 'cases: []\n');
    const read = fileVersion(file);
    expect(() => refuseChangedSince(target(file, '--update', 'x.test.yaml'), read, false)).not.toThrow();
    writeFileSync(file, 'cases: []\n# an edit made meanwhile\n');
    expect(line(() => refuseChangedSince(target(file, '--update', 'x.test.yaml'), read, false))).toBe(
      'x.test.yaml  error  --update: changed on disk while the cases ran: run again to update it, or give --force to overwrite that change',
    );
    expect(() => refuseChangedSince(target(file, '--update'), read, true)).not.toThrow();
  });

  it('never replaces a device', () => {
    expect(line(() => refuseChangedSince(target('/dev/null', '--update'), fileVersion('/dev/null'), false))).toBe(
      '/dev/null  error  --update: is not a regular file: --update writes only test files (x.test.yaml)',
    );
  });
});

describe('the words for a write error', () => {
  const err = (code: string) => Object.assign(new Error(code), { code });
  it('name the cause and keep the system code for a search', () => {
    expect(whyNotWritten(err('EACCES'))).toBe('permission denied (EACCES)');
    expect(whyNotWritten(err('EPERM'))).toBe('permission denied (EPERM)');
    expect(whyNotWritten(err('ENOSPC'))).toBe('the disk is full (ENOSPC)');
    expect(whyNotWritten(err('EROFS'))).toBe('the file system is read-only (EROFS)');
    expect(whyNotWritten(err('EXDEV'))).toBe('EXDEV');
    expect(whyNotWritten(err('ENOSPC'), 'zh')).toBe('磁盘已满（ENOSPC）');
    expect(whyNotWritten(err('EACCES'), 'zh')).toBe('没有权限（EACCES）');
  });
});

describe('the bounded reader (src/io/read.ts)', () => {
  const limit = { kind: 'a test file', kindZh: '测试文件', maxBytes: 100_000 };

  it('reads exactly the limit, and refuses one byte more with the one line naming it', () => {
    const dir = folder();
    writeFileSync(join(dir, 'at.txt'), 'é'.repeat(50_000)); // 100,000 bytes of UTF-8
    writeFileSync(join(dir, 'over.txt'), `${'é'.repeat(50_000)}x`);
    expect(readBounded(join(dir, 'at.txt'), limit)).toBe('é'.repeat(50_000));
    expect(line(() => readBounded(join(dir, 'over.txt'), limit, 'over.txt'))).toBe(
      'over.txt  error  is larger than 100,000 bytes (0.1 MB), the most a test file may have: stopped reading there',
    );
    expect(line(() => readBounded('/dev/zero', limit, '/dev/zero'))).toContain('is larger than 100,000 bytes');
  });

  it('a file that cannot be opened throws the system error for the caller to word', () => {
    expect(() => readBounded('/nonexistent/x.yaml', limit)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });

  it('names of descriptors: /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N; nothing else', () => {
    expect(['/dev/stdin', '/dev/stdout', '/dev/stderr', '/dev/fd/5', '/proc/self/fd/12', `/proc/${process.pid}/fd/3`].map(descriptorOf)).toEqual([0, 1, 2, 5, 12, 3]);
    expect(['/dev/null', '/dev/fd', '/proc/1/fd/3', '/tmp/dev/stdout', '/dev/fd/5/x'].map(descriptorOf)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('a regular file is not spooled; nothing is left behind either way', () => {
    const dir = folder();
    writeFileSync(join(dir, 'list.csv'), 'a,b\n');
    expect(spoolPipe(join(dir, 'list.csv'), limit, 'list.csv')).toBeUndefined();
    expect(readdirSync(dir)).toEqual(['list.csv']);
  });

  it('a device such as /dev/zero is refused at once, not copied up to the limit', () => {
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith(`subsidy-${process.pid}-`));
    expect(line(() => spoolPipe('/dev/zero', limit, '/dev/zero'))).toBe('/dev/zero  error  is a device, not a list of projects: give a CSV or Excel file (or a pipe, <(…))');
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith(`subsidy-${process.pid}-`))).toEqual(before);
  });
});
