import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { answersToYaml, isSavedAnswers } from '../src/interview/save.js';
import { loadPolicy } from '../src/policy/load.js';
import { BIN, Capture, ROOT } from './helpers/cli.js';

// The fault suite of issue 11: careless and hostile input, full disks, closed pipes, kills. Each
// case checks the exit code, the stderr line, and the bytes of every file in the folder before
// and after: unchanged, or (for a completed -o) complete. In-process through main(args, io); the
// kill and the real pipe in a spawned process.

const AS_OF = ['--as-of', '2020-12-31'];
const HEADER = 'applicant_id,name,kind,industry,projects.name,projects.type,projects.plant_equipment_investment\n';
const GOOD_CSV = `${HEADER}A1,Good One,enterprise,new-materials,Line 1,technical-renovation,1000万\nA3,Good Two,enterprise,new-materials,Line 3,newly-introduced,2000万\n`;
const PARK = readFileSync(join(ROOT, 'examples/park.yaml'), 'utf8');
const DEV_FULL = existsSync('/dev/full');
const ROOT_USER = process.getuid?.() === 0;
/** As root, whether the unprivileged user can start this checkout's CLI at all. */
const PERMISSIONS_TESTABLE =
  !ROOT_USER ||
  spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(BIN)}, require('fs').constants.R_OK)`], { uid: 65534, gid: 65534 }).status === 0;
if (!PERMISSIONS_TESTABLE) console.warn('test/faults.test.ts: the permission test is skipped: user nobody cannot read this checkout');

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  cwd: string;
  stdout?: Writable & { isTTY?: boolean };
  stdin?: Readable & { isTTY?: boolean };
  input?: string;
}

/** The CLI in this process, in a folder of the test's own. */
async function run(args: string[], opts: RunOptions): Promise<Run> {
  const stdout = opts.stdout ?? new Capture();
  const stderr = new Capture();
  const stdin = opts.stdin ?? Readable.from(opts.input === undefined ? [] : [Buffer.from(opts.input)]);
  const status = await main(args, { stdout, stderr, stdin, env: { LANG: 'C', NO_COLOR: '1' }, cwd: opts.cwd });
  return { status, stdout: stdout instanceof Capture ? stdout.text : '', stderr: stderr.text };
}

/** A folder holding the given files. */
function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'subsidy-faults-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Every file in the folder (hidden ones too: a temporary file left behind shows) and its bytes. */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) for (const [k, v] of Object.entries(files(p))) out[`${name}/${k}`] = v;
    else out[name] = readFileSync(p, 'utf8');
  }
  return out;
}

/** A standard output whose writes fail with this error code (EPIPE: its reader has gone). */
class FailingStream extends Writable {
  constructor(private readonly code: string) {
    super();
  }
  override _write(_chunk: unknown, _encoding: BufferEncoding, done: (e?: Error | null) => void): void {
    done(Object.assign(new Error(`write ${this.code}`), { code: this.code }));
  }
}

describe('never lose a file: batch -o and --summary', () => {
  it('batch s.csv -o s.csv: refused, exit 2, s.csv untouched', async () => {
    const dir = folder({ 's.csv': GOOD_CSV });
    const r = await run(['batch', 's.csv', '-o', 's.csv', ...AS_OF], { cwd: dir });
    expect(r.stderr).toBe('s.csv  error  --output: is also the input file: writing it would destroy what is read. Give another file name; nothing was written\n');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(files(dir)).toEqual({ 's.csv': GOOD_CSV });
  });

  it('batch b.yaml -o b.yaml, and -o through a symbolic link to the input: refused', async () => {
    const dir = folder({ 'b.yaml': PARK });
    symlinkSync(join(dir, 'b.yaml'), join(dir, 'link.csv'));
    const before = files(dir);
    const r = await run(['batch', 'b.yaml', '-o', 'b.yaml', ...AS_OF], { cwd: dir });
    expect(r.stderr).toBe('b.yaml  error  --output: is also the input file: writing it would destroy what is read. Give another file name; nothing was written\n');
    expect(r.status).toBe(2);
    const link = await run(['batch', 'b.yaml', '-o', 'link.csv', ...AS_OF], { cwd: dir });
    expect(link.stderr).toBe('link.csv  error  --output: is also the input file (b.yaml): writing it would destroy what is read. Give another file name; nothing was written\n');
    expect(link.status).toBe(2);
    expect(files(dir)).toEqual(before);
  });

  it('--summary naming the output, the input or the policy file: refused, nothing written', async () => {
    const dir = folder({ 's.csv': GOOD_CSV, 'out.csv': 'old results\n' });
    copyFileSync(join(ROOT, 'test/fixtures/policies/demo-city-2024.yaml'), join(dir, 'p.yaml'));
    copyFileSync(join(ROOT, 'test/fixtures/policies/demo-city-2024.zh.txt'), join(dir, 'demo-city-2024.zh.txt'));
    const before = files(dir);
    const same = await run(['batch', 's.csv', '-o', 'out.csv', '--summary', 'out.csv', ...AS_OF], { cwd: dir });
    expect(same.stderr).toBe('out.csv  error  --summary: is also the --output file: one would overwrite the other. Give another file name; nothing was written\n');
    expect(same.status).toBe(2);
    const input = await run(['batch', 's.csv', '--summary', 's.csv', ...AS_OF], { cwd: dir });
    expect(input.stderr).toBe('s.csv  error  --summary: is also the input file: writing it would destroy what is read. Give another file name; nothing was written\n');
    expect(input.status).toBe(2);
    expect(input.stdout).toBe('');
    const policy = await run(['batch', 's.csv', '--policy', 'p.yaml', '--summary', 'p.yaml', ...AS_OF], { cwd: dir });
    expect(policy.stderr).toBe('p.yaml  error  --summary: is also the policy file: writing it would destroy what is read. Give another file name; nothing was written\n');
    expect(policy.status).toBe(2);
    expect(files(dir)).toEqual(before);
  });

  it('a missing input never empties an existing -o', async () => {
    const dir = folder({ 'results.csv': 'last week\'s results\n' });
    const r = await run(['batch', 'missing.csv', '-o', 'results.csv', ...AS_OF], { cwd: dir });
    expect(r.stderr).toBe('missing.csv  error  no such file\n');
    expect(r.status).toBe(2);
    expect(files(dir)).toEqual({ 'results.csv': 'last week\'s results\n' });
  });

  it('a CSV that breaks near its end leaves -o as it was, not a complete-looking part', async () => {
    // Past the first 256 KB read, so that rows have been written when the unclosed quote is found.
    const rows = Array.from({ length: 4000 }, (_, i) => `A${i},Company ${i},enterprise,new-materials,Line,technical-renovation,1000万\n`).join('');
    const csv = `${HEADER}${rows}B1,"Broken,enterprise,new-materials,Line,technical-renovation,1000万\n`;
    const dir = folder({ 's.csv': csv, 'results.csv': 'old\n' });
    const r = await run(['batch', 's.csv', '-o', 'results.csv', ...AS_OF], { cwd: dir });
    expect(r.stderr).toBe('s.csv  error  is not valid CSV: a quoted cell opened near row 4002 is never closed\n');
    expect(r.status).toBe(2);
    expect(files(dir)).toEqual({ 's.csv': csv, 'results.csv': 'old\n' });
  });

  it('an unknown column leaves -o as it was', async () => {
    const dir = folder({ 's.csv': 'name,kind,industy\nA,enterprise,new-materials\n', 'results.csv': 'old\n' });
    const r = await run(['batch', 's.csv', '-o', 'results.csv', ...AS_OF], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('column 3 "industy" is not a fact of the policy (did you mean "industry"?)');
    expect(files(dir)).toEqual({ 's.csv': 'name,kind,industy\nA,enterprise,new-materials\n', 'results.csv': 'old\n' });
  });

  it('-o nodir/out.csv, -o somedir, --summary nodir/s.json: exit 2, one line, nothing created', async () => {
    const dir = folder({ 's.csv': GOOD_CSV });
    mkdirSync(join(dir, 'somedir'));
    const cases: [string[], string][] = [
      [['-o', 'nodir/out.csv'], 'nodir/out.csv  error  --output: cannot be written: the folder nodir does not exist\n'],
      [['-o', 'somedir'], 'somedir  error  --output: is a folder: give a file name, such as somedir/results.csv\n'],
      [['-o', 'out.csv', '--summary', 'nodir/s.json'], 'nodir/s.json  error  --summary: cannot be written: the folder nodir does not exist\n'],
      [['-o', 's.csv/out.csv'], 's.csv/out.csv  error  --output: cannot be written: s.csv is not a folder\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = await run(['batch', 's.csv', ...args, ...AS_OF], { cwd: dir });
      expect(r.stderr).toBe(stderr);
      expect(r.status).toBe(2);
      expect(files(dir)).toEqual({ 's.csv': GOOD_CSV });
    }
  });

  // Permissions do not stop root (often the user in a container): then the CLI runs as nobody,
  // which needs a checkout that nobody may read (a clone under a private mktemp folder is not).
  // Where it cannot, the test is skipped with that reason; the words for EACCES are checked below.
  it.skipIf(!PERMISSIONS_TESTABLE)('a folder without write permission, a read-only -o: exit 2, one line, as they were', async () => {
    const dir = folder({ 's.csv': GOOD_CSV, 'locked.csv': 'keep\n' });
    mkdirSync(join(dir, 'ro'));
    chmodSync(dir, 0o777);
    chmodSync(join(dir, 'ro'), 0o555);
    chmodSync(join(dir, 'locked.csv'), 0o444);
    const runAs = async (args: string[]): Promise<Run> => {
      if (!ROOT_USER) return run(args, { cwd: dir });
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', uid: 65534, gid: 65534, env: { LANG: 'C' } });
      return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    };
    const r = await runAs(['batch', 's.csv', '-o', 'ro/out.csv', ...AS_OF]);
    expect(r.stderr).toBe('ro/out.csv  error  --output: cannot be written: permission denied (EACCES) in the folder ro\n');
    expect(r.status).toBe(2);
    const locked = await runAs(['batch', 's.csv', '-o', 'locked.csv', ...AS_OF]);
    expect(locked.stderr).toBe('locked.csv  error  --output: cannot be written: permission denied (EACCES); it is left as it was\n');
    expect(locked.status).toBe(2);
    expect(files(dir)).toEqual({ 's.csv': GOOD_CSV, 'locked.csv': 'keep\n' });
  });

  describe.skipIf(!DEV_FULL)('a full disk (/dev/full): exit 2 and one line, not a summary and exit 0', () => {
    for (const [what, args] of [
      ['CSV in, CSV out', ['s.csv']],
      ['CSV in, JSON Lines out', ['s.csv', '-f', 'jsonl']],
      ['YAML in', ['park.yaml', '-f', 'json']],
    ] as const) {
      it(what, async () => {
        const dir = folder({ 's.csv': GOOD_CSV, 'park.yaml': PARK });
        const r = await run(['batch', ...args, '-o', '/dev/full', ...AS_OF], { cwd: dir });
        expect(r.stderr).toBe('/dev/full  error  --output: cannot be written: the disk is full (ENOSPC)\n');
        expect(r.status).toBe(2);
        expect(files(dir)).toEqual({ 's.csv': GOOD_CSV, 'park.yaml': PARK });
      });
    }

    it('--summary /dev/full: exit 2, and -o is not replaced either', async () => {
      const dir = folder({ 's.csv': GOOD_CSV, 'out.csv': 'old\n' });
      const r = await run(['batch', 's.csv', '-o', 'out.csv', '--summary', '/dev/full', ...AS_OF], { cwd: dir });
      expect(r.stderr).toBe('/dev/full  error  --summary: cannot be written: the disk is full (ENOSPC)\n');
      expect(r.status).toBe(2);
      expect(files(dir)).toEqual({ 's.csv': GOOD_CSV, 'out.csv': 'old\n' });
    });
  });

  it('a run that succeeds replaces -o and --summary whole; nothing else is touched, no temporary file is left', async () => {
    const dir = folder({ 's.csv': GOOD_CSV, 'out.csv': 'old\n', 'summary.json': '{}' });
    const piped = await run(['batch', 's.csv', ...AS_OF], { cwd: dir });
    const r = await run(['batch', 's.csv', '-o', 'out.csv', '--summary', 'summary.json', ...AS_OF], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const after = files(dir);
    expect(Object.keys(after)).toEqual(['out.csv', 's.csv', 'summary.json']);
    expect(after['s.csv']).toBe(GOOD_CSV);
    // The same rows; a .csv file starts with the BOM Excel needs, standard output never does.
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe(`\uFEFF${piped.stdout}`);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))).toMatchObject({ rows: 2, valid: 2, invalid: 0 });
  });
});

describe('never lose a file: estimate -o and batch --report', () => {
  it('estimate -o naming the project file: refused; -o /dev/full: one line, exit 2', async () => {
    const dir = folder({ 'park.yaml': PARK });
    const same = await run(['estimate', 'park.yaml', '-f', 'markdown', '-o', 'park.yaml', ...AS_OF], { cwd: dir });
    expect(same.stderr).toBe('park.yaml  error  --output: is also the input file: writing it would destroy what is read. Give another file name; nothing was written\n');
    expect(same.status).toBe(2);
    if (DEV_FULL) {
      const full = await run(['explain', 'park.yaml', '-o', '/dev/full', ...AS_OF], { cwd: dir });
      expect(full.stderr).toBe('/dev/full  error  --output: cannot be written: the disk is full (ENOSPC)\n');
      expect(full.status).toBe(2);
    }
    expect(files(dir)).toEqual({ 'park.yaml': PARK });
  });

  it('batch --report that cannot be made (no browser for a PDF): -o and --summary stay as they were', async () => {
    const dir = folder({ 's.csv': GOOD_CSV, 'out.csv': 'old\n', 'summary.json': '{}' });
    const stderr = new Capture();
    const status = await main(['batch', 's.csv', '-o', 'out.csv', '--summary', 'summary.json', '--report', 'r.pdf', ...AS_OF], {
      stdout: new Capture(), stderr, stdin: Readable.from([]), env: { LANG: 'C', PATH: '/nonexistent' }, cwd: dir,
    });
    expect(stderr.text).toMatch(/^error {2}no Chromium or Chrome found to print the PDF/);
    expect(status).toBe(2);
    expect(files(dir)).toEqual({ 's.csv': GOOD_CSV, 'out.csv': 'old\n', 'summary.json': '{}' });
    const same = await run(['batch', 's.csv', '-o', 'out.csv', '--report', 'out.csv', ...AS_OF], { cwd: dir });
    expect(same.stderr).toBe('out.csv  error  --report: is also the --output file: one would overwrite the other. Give another file name; nothing was written\n');
    expect(same.status).toBe(2);
  });
});

describe('never lose a file: --save and policy test --update', () => {
  /** A terminal's standard input, for the interview's checks that come before its first question. */
  const terminal = () => Object.assign(new PassThrough(), { isTTY: true });

  it('--save refuses a file the interview did not write, a link and a device, unless --force', async () => {
    const dir = folder({ 'answers.yaml': 'kind: bank\n', 'target.yaml': 'x: 1\n' });
    symlinkSync(join(dir, 'target.yaml'), join(dir, 'link.yaml'));
    const before = files(dir);
    const cases: [string, string][] = [
      ['answers.yaml', 'answers.yaml  error  --save: already exists and was not written by the interview: give another file name, or --force to replace it\n'],
      ['link.yaml', 'link.yaml  error  --save: is a symbolic link to another file: give another file name, or --force to replace it\n'],
      ['/dev/null', '/dev/null  error  --save: is a device, not a file: give another file name, or --force to replace it\n'],
      ['nodir/a.yaml', 'nodir/a.yaml  error  --save: cannot be written: the folder nodir does not exist\n'],
    ];
    for (const [save, stderr] of cases) {
      const r = await run(['estimate', '--save', save], { cwd: dir, stdin: terminal() });
      expect(r.stderr).toBe(stderr);
      expect(r.status).toBe(2);
    }
    const policy = await run(['explain', '--save', join(ROOT, 'policies/liuzhou-2018-sei.yaml'), '--force'], { cwd: dir, stdin: terminal() });
    expect(policy.stderr).toBe(`${join(ROOT, 'policies/liuzhou-2018-sei.yaml')}  error  --save: is also the policy file: writing it would destroy what is read. Give another file name; nothing was written\n`);
    expect(policy.status).toBe(2);
    expect(files(dir)).toEqual(before);
  });

  it('a file the interview saved is its own to replace: its first line says so', () => {
    const saved = answersToYaml(loadPolicy(), { facts: { kind: 'bank' }, lists: {} }, { asOf: '2020-12-31' });
    expect(isSavedAnswers(saved)).toBe(true);
    expect(isSavedAnswers('kind: bank\n')).toBe(false);
    expect(isSavedAnswers(`# my notes\n${saved}`)).toBe(false);
  });

  it('policy test --update writes the test file whole, leaves no temporary file, and touches nothing else', async () => {
    const dir = folder();
    for (const f of ['base.yaml', 'base.test.yaml', 'broken.zh.txt']) copyFileSync(join(ROOT, 'test/fixtures/broken', f), join(dir, f));
    // The interest rate item now pays more: its expected amount is out of date.
    writeFileSync(join(dir, 'base.yaml'), readFileSync(join(dir, 'base.yaml'), 'utf8').replace('rate: 50%', 'rate: 60%'));
    const before = files(dir);
    const r = await run(['policy', 'test', '--update', 'base.test.yaml'], { cwd: dir });
    expect(r.stderr).toMatch(/^base\.test\.yaml: updated [1-9]\d* expected values? in 1 case\n$/);
    const after = files(dir);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(after['base.yaml']).toBe(before['base.yaml']);
    expect(after['base.test.yaml']).not.toBe(before['base.test.yaml']);
    expect((await run(['policy', 'test', 'base.test.yaml'], { cwd: dir })).status).toBe(0);
  });
});

describe('a closed or failing standard output', () => {
  const commands: string[][] = [
    ['estimate', 'examples/bank.yaml', '-f', 'json', ...AS_OF],
    ['estimate', 'examples/bank.yaml', ...AS_OF],
    ['explain', 'examples/bank.yaml', ...AS_OF],
    ['items'],
    ['--help'],
    ['estimate', '--help'],
    ['--version'],
    ['batch', 'test/fixtures/batch/zh-headers.csv', ...AS_OF],
    ['batch', 'examples/bank.yaml', 'examples/park.yaml', ...AS_OF],
    ['template', 'yaml'],
    ['schema', 'project'],
    ['policy', 'check', 'test/fixtures/broken/base.yaml'],
    ['policy', 'diff', 'test/fixtures/diff/old.yaml', 'test/fixtures/diff/new.yaml', '--cases', 'test/fixtures/diff/cases'],
  ];
  for (const args of commands) {
    it(`EPIPE (| head) ends quietly with exit 0: subsidy ${args.join(' ')}`, async () => {
      const r = await run(args, { cwd: ROOT, stdout: new FailingStream('EPIPE') });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    });
  }

  it('any other error on standard output: exit 2 and one line', async () => {
    for (const args of [['estimate', 'examples/bank.yaml'], ['batch', 'test/fixtures/batch/zh-headers.csv', ...AS_OF], ['--help']]) {
      const r = await run(args, { cwd: ROOT, stdout: new FailingStream('ENOSPC') });
      expect(r.stderr).toBe('subsidy: cannot write to standard output: the disk is full (ENOSPC)\n');
      expect(r.status).toBe(2);
    }
  });
});

describe('crashes and wrong exit codes', () => {
  it('estimate - reads standard input as a stream, as typed on a terminal (no EAGAIN)', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const done = run(['estimate', '-', '-f', 'json', ...AS_OF], { cwd: ROOT, stdin });
    // Typed line by line, with pauses, then Ctrl-D.
    for (const line of PARK.split('\n')) {
      stdin.write(`${line}\n`);
      await new Promise((r) => setTimeout(r, 1));
    }
    stdin.end();
    const r = await done;
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).total).toEqual({ low: '1000000.00', high: '1000000.00' });
  });

  it('--policy somedir/ and --policy nodir/x.yaml: exit 2 with a clear message', async () => {
    const dir = folder();
    mkdirSync(join(dir, 'somedir'));
    const r = await run(['estimate', join(ROOT, 'examples/park.yaml'), '--policy', 'somedir/'], { cwd: dir });
    expect(r.stderr).toBe('somedir/  error  --policy: is a folder: give a policy file (policies/x.yaml) or a policy id\n');
    expect(r.status).toBe(2);
    const missing = await run(['items', '--policy', 'nodir/x.yaml'], { cwd: dir });
    expect(missing.stderr).toBe('nodir/x.yaml  error  --policy: no such policy file\n');
    expect(missing.status).toBe(2);
  });
});

describe('echoed values are safe and short', () => {
  // 1 MB (the unit tests of safeText take 10 MB): the same cut, without parsing 10 MB of YAML.
  it('a 900 KB bad value (a project file may have 1 MB) gives one short line with its length', async () => {
    const dir = folder({ 'big.yaml': `policy: liuzhou-2018-sei\nname: x\nkind: enterprise\nindustry: new-materials\nprojects:\n  - type: technical-renovation\n    plant_equipment_investment: "${'9'.repeat(900_000)}"\n` });
    const r = await run(['estimate', 'big.yaml'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr.length).toBeLessThan(1000);
    expect(r.stderr).toContain(`"${'9'.repeat(80)}…(900 000 chars)"`);
  });

  it('a value with a newline cannot forge an error line; ESC in a name cannot clear the screen', async () => {
    const dir = folder({
      'forged.yaml': 'policy: liuzhou-2018-sei\nname: x\nkind: enterprise\nindustry: new-materials\nprojects:\n  - type: technical-renovation\n    plant_equipment_investment: "3500\\nother.yaml:1:1  error  forged"\n',
      'esc.yaml': 'policy: liuzhou-2018-sei\nname: "\\e]0;pwned\\a\\e[2J"\nkind: park\n',
    });
    const forged = await run(['estimate', 'forged.yaml'], { cwd: dir });
    expect(forged.status).toBe(2);
    expect(forged.stderr).toBe(
      'forged.yaml:7:33  error  projects[0].plant_equipment_investment: "3500\\nother.yaml:1:1  error  forged" is not an amount of money: write yuan (3000000 or 3,000,000) or use 万/亿 (300万, 1.2亿)\n',
    );
    const esc = await run(['estimate', 'esc.yaml'], { cwd: dir });
    expect(esc.status).toBe(0);
    expect(esc.stdout).not.toContain('\u001b');
    expect(esc.stdout).not.toContain('\u0007');
    expect(esc.stdout).toContain('\\x1b]0;pwned\\x07\\x1b[2J');
  });

  it('an unknown option is echoed escaped too', async () => {
    const r = await run(['estimate', '--\u001b]0;pwned\u0007'], { cwd: ROOT });
    expect(r.stderr).toBe("error: unknown option '--\\x1b]0;pwned\\x07'\n(run with --help for usage)\n");
    expect(r.status).toBe(2);
  });

  // 500 rather than the 10,000: the same cap, and each unknown column costs a "did you mean" search.
  it('500 unknown columns: the first 20 problems, then a count', async () => {
    const header = ['name', 'kind', ...Array.from({ length: 500 }, (_, i) => `junk${i}`)].join(',');
    const dir = folder({ 'wide.csv': `${header}\nA,enterprise${',x'.repeat(500)}\n` });
    const r = await run(['batch', 'wide.csv', ...AS_OF], { cwd: dir });
    expect(r.status).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe('wide.csv:1:1  error  column 3 "junk0" is not a fact of the policy; `subsidy template csv` prints the columns, --ignore-unknown-columns skips such columns');
    expect(lines[20]).toMatch(/^and 4\d\d more problems$/);
  });

  it('a batch error cell shows a hostile cell escaped and cut, in CSV and JSON', async () => {
    // Long, but within the 32,767 characters a CSV cell may hold.
    const cell = `\u001b[2J${'7'.repeat(30_000)}万`;
    const dir = folder({ 's.csv': `${HEADER}A1,One,enterprise,new-materials,Line,technical-renovation,${cell}\n` });
    const csv = await run(['batch', 's.csv', ...AS_OF], { cwd: dir });
    expect(csv.status).toBe(1);
    expect(csv.stdout.length).toBeLessThan(3000);
    expect(csv.stdout).not.toContain('\u001b');
    expect(csv.stdout).toContain('\\x1b[2J7777');
    expect(csv.stdout).toContain('…(30 005 chars)');
    expect(csv.stderr).not.toContain('\u001b');
    expect(csv.stderr.length).toBeLessThan(3000);
    const json = await run(['batch', 's.csv', '-f', 'jsonl', ...AS_OF], { cwd: dir });
    expect(JSON.parse(json.stdout).error).toMatch(/^row 2, column "projects\.plant_equipment_investment": "\\x1b\[2J7{73}…\(30 005 chars\)"/);
  });
});

describe('in a real process', () => {
  /** A CSV of n valid rows: long enough that a batch of it takes a while. */
  const bigCsv = (n: number) => HEADER + Array.from({ length: n }, (_, i) => `A${i},Company ${i},enterprise,new-materials,Line ${i},technical-renovation,${1000 + (i % 500)}万\n`).join('');

  it('SIGTERM in the middle of a batch leaves -o as it was and no temporary file', async () => {
    const dir = folder({ 'big.csv': bigCsv(60_000), 'results.csv': 'last week\'s results\n' });
    const child = spawn(process.execPath, [BIN, 'batch', 'big.csv', '-o', 'results.csv', ...AS_OF], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    // Wait until output has started: the temporary file beside results.csv has rows in it.
    const temporary = () => readdirSync(dir).find((f) => f.startsWith('.results.csv.'));
    const started = Date.now();
    for (;;) {
      const t = temporary();
      if (t && statSync(join(dir, t), { throwIfNoEntry: false })?.size) break;
      if (Date.now() - started > 25_000) throw new Error(`the batch never started writing: ${stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGTERM');
    const { signal } = await exited;
    expect(signal).toBe('SIGTERM');
    expect(stderr).toBe('');
    expect(readdirSync(dir).sort()).toEqual(['big.csv', 'results.csv']);
    expect(readFileSync(join(dir, 'results.csv'), 'utf8')).toBe('last week\'s results\n');
  }, 60_000);

  it('batch big.csv | head -1 ends quietly with exit 0', () => {
    const dir = folder({ 'big.csv': bigCsv(5_000) });
    const r = spawnSync('sh', ['-c', `("${process.execPath}" "${BIN}" batch big.csv --as-of 2020-12-31; echo "exit $?" >&2) | head -1`], { cwd: dir, encoding: 'utf8' });
    expect(r.stdout).toMatch(/^row,applicant_id,/);
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect(r.stderr).toBe('exit 0\n');
  }, 60_000);
});
