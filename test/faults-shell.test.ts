import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { BIN, Capture, cli, ROOT } from './helpers/cli.js';

// The fault suite of issue 21, outputs: the shell's habits never lose a file. An -o that names a
// descriptor is written through it (appending where the shell appends); an -o that is the file on
// standard input is refused; a template never replaces a file without --force; a long name works.

const PARK = join(ROOT, 'examples/park.yaml');
const CSV = join(ROOT, 'examples/projects.csv');

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'subsidy-shell-'));
}

/** A line of bash in the folder, with the real bin as $S. */
function sh(dir: string, script: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, LANG: 'C', NO_COLOR: '1', S: `node ${BIN}` }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('-o through a descriptor the shell opened', () => {
  it('estimate -o /dev/stdout >> log.txt appends; so does batch; nothing else is left in the folder', () => {
    const dir = folder();
    writeFileSync(join(dir, 'log.txt'), 'yesterday\n');
    const alone = sh(dir, `$S estimate ${PARK} -f json --as-of 2020-12-31`).stdout;
    const r = sh(dir, `$S estimate ${PARK} -f json --as-of 2020-12-31 -o /dev/stdout >> log.txt`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'log.txt'), 'utf8')).toBe(`yesterday\n${alone}`);
    const rows = sh(dir, `$S batch ${CSV} --as-of 2020-12-31 2>/dev/null`).stdout;
    const b = sh(dir, `$S batch ${CSV} --as-of 2020-12-31 -o /dev/stdout >> log.txt 2>/dev/null`);
    expect(b.status).toBe(1); // the sample's one invalid row
    expect(readFileSync(join(dir, 'log.txt'), 'utf8')).toBe(`yesterday\n${alone}${rows}`);
    expect(readdirSync(dir)).toEqual(['log.txt']);
  });

  it('-o /dev/stdout | head -1 ends quietly with exit 0, as without -o', () => {
    const dir = folder();
    const r = sh(dir, `$S estimate ${PARK} -f json --as-of 2020-12-31 -o /dev/stdout | head -1; echo "exit \${PIPESTATUS[0]}"`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('{\nexit 0\n');
  });

  it('-o /dev/fd/5 with 5>> appends to the file, never truncates it', () => {
    const dir = folder();
    writeFileSync(join(dir, 'five.txt'), 'kept\n');
    const alone = sh(dir, `$S estimate ${PARK} -f json --as-of 2020-12-31`).stdout;
    const r = sh(dir, `$S estimate ${PARK} -f json --as-of 2020-12-31 -o /dev/fd/5 5>>five.txt`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'five.txt'), 'utf8')).toBe(`kept\n${alone}`);
  });

  it('-o /dev/fd/N of a descriptor the shell did not open is refused, not written into Node\'s own', () => {
    const dir = folder();
    const r = sh(dir, `$S estimate ${PARK} --as-of 2020-12-31 -o /dev/fd/7; echo "exit $?"`);
    expect(r.stderr).toMatch(/^\/dev\/fd\/7 {2}error {2}--output: cannot be written: descriptor 7 (was not opened for this command|is not open) \(EBADF\)\n$/);
    expect(r.stdout).toBe('exit 2\n');
  });
});

describe('an -o that is the file read on standard input is refused', () => {
  it('subsidy estimate - -o p.yaml < p.yaml: exit 2, p.yaml as it was', () => {
    const dir = folder();
    copyFileSync(PARK, join(dir, 'p.yaml'));
    const r = sh(dir, '$S estimate - -o p.yaml --as-of 2020-12-31 < p.yaml');
    expect(r.stderr).toBe('p.yaml  error  --output: is also the standard input: writing it would destroy what is read. Give another file name; nothing was written\n');
    expect(r.status).toBe(2);
    expect(readFileSync(join(dir, 'p.yaml'), 'utf8')).toBe(readFileSync(PARK, 'utf8'));
    // Another file on standard input is fine.
    const ok = sh(dir, '$S estimate - -o out.txt --as-of 2020-12-31 < p.yaml');
    expect(ok.status).toBe(0);
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toContain('Applicant: 柳东新区智能电网产业园');
  });
});

describe('template -o over an existing file needs --force', () => {
  for (const kind of ['csv', 'xlsx', 'yaml']) {
    it(`template ${kind} -o list over a filled-in list: refused, the list kept; --force replaces it`, async () => {
      const dir = folder();
      const name = `list.${kind}`;
      writeFileSync(join(dir, name), 'filled in by hand\n');
      const r = await cli(['template', kind, '-o', name], { cwd: dir });
      expect(r.stderr).toBe(`${name}  error  --output: already exists: give another file name, or --force to replace it\n`);
      expect(r.status).toBe(2);
      expect(readFileSync(join(dir, name), 'utf8')).toBe('filled in by hand\n');
      const forced = await cli(['template', kind, '-o', name, '--force'], { cwd: dir });
      expect(forced.status).toBe(0);
      expect(readFileSync(join(dir, name), 'utf8')).not.toBe('filled in by hand\n');
      expect(readdirSync(dir)).toEqual([name]);
    });
  }
});

describe('these refusals in Chinese with --lang zh', () => {
  it('template -o over a file, -o that is standard input, -o in a missing folder: no English', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'list.csv'), 'filled in by hand\n');
    const template = await cli(['template', 'csv', '-o', 'list.csv', '--lang', 'zh'], { cwd: dir });
    expect(template.stderr).toBe('list.csv  错误  --output：已存在：请换一个文件名，或加 --force 替换它\n');
    expect(template.status).toBe(2);
    copyFileSync(PARK, join(dir, 'p.yaml'));
    const stdin = sh(dir, '$S estimate - -o p.yaml --lang zh < p.yaml');
    expect(stdin.stderr).toBe('p.yaml  错误  --output：同时也是标准输入：写入会毁掉正在读取的内容。请换一个文件名；未写入任何内容\n');
    expect(stdin.status).toBe(2);
    const folderMissing = await cli(['estimate', PARK, '-o', 'nowhere/r.md', '--lang', 'zh'], { cwd: dir });
    expect(folderMissing.stderr).toBe('nowhere/r.md  错误  --output：无法写入：文件夹 nowhere 不存在\n');
    expect(folderMissing.status).toBe(2);
    expect(readFileSync(join(dir, 'p.yaml'), 'utf8')).toBe(readFileSync(PARK, 'utf8'));
    expect(readFileSync(join(dir, 'list.csv'), 'utf8')).toBe('filled in by hand\n');
  });
});

describe('long names', () => {
  it('an -o name of 78 Chinese characters (234 bytes, valid on Linux) is written', async () => {
    const dir = folder();
    const name = `${'汉'.repeat(78)}`;
    expect(Buffer.byteLength(name)).toBe(234);
    const r = await cli(['estimate', PARK, '-f', 'json', '--as-of', '2020-12-31', '-o', name], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(dir)).toEqual([name]);
    expect(JSON.parse(readFileSync(join(dir, name), 'utf8')).applicant.name).toBe('柳东新区智能电网产业园');
  });
});

describe('batch: -o, --summary and --report are published together, also when stdout closes early', () => {
  /** A standard output whose reader has gone after the first line (`| head -1`). */
  class HeadOne extends Writable {
    lines = 0;
    override _write(_chunk: unknown, _encoding: BufferEncoding, done: (e?: Error | null) => void): void {
      this.lines++;
      done(this.lines > 1 ? Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }) : null);
    }
  }

  it('batch … --summary s.json --report r.html | head -1: exit 0, both written of every row, the stale s.json replaced', async () => {
    const dir = folder();
    const rows = Array.from({ length: 3000 }, (_, i) => `A${i},Company ${i},enterprise,new-materials,Line,technical-renovation,1000万\n`).join('');
    writeFileSync(join(dir, 'big.csv'), `applicant_id,name,kind,industry,projects.name,projects.type,projects.plant_equipment_investment\n${rows}`);
    writeFileSync(join(dir, 's.json'), 'stale\n');
    const stderr = new Capture();
    const stdout = new HeadOne();
    const status = await main(['batch', 'big.csv', '--summary', 's.json', '--report', 'r.html', '--as-of', '2020-12-31'], {
      stdout, stderr, stdin: Readable.from([]), env: { LANG: 'C', NO_COLOR: '1' }, cwd: dir,
    });
    expect(status).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8'));
    expect([summary.rows, summary.valid, summary.invalid]).toEqual([3000, 3000, 0]);
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toContain('</html>');
    expect(readdirSync(dir).sort()).toEqual(['big.csv', 'r.html', 's.json']);
    expect(stderr.text.split('\n')[0]).toBe('big.csv (utf-8): 3000 rows read, 3000 valid, 0 invalid');
  });
});

describe('names that are also JavaScript property names', () => {
  it('--reading toString=x, __proto__=y, constructor=z: each is a reading the policy lacks, never "given twice (function …)"', async () => {
    const r = await cli(['estimate', 'examples/park.yaml', '--reading', 'toString=x', '--reading', '__proto__=y', '--reading', 'constructor=z']);
    const readings = 'the readings are: scope, levels, merger-cap, window-start, interest-basis, testing-setup, cap-year, project-dates, years-counted';
    expect(r.stderr).toBe(['toString', '__proto__', 'constructor'].map((id) => `error  --reading: no reading "${id}" in this policy; ${readings}\n`).join(''));
    expect(r.status).toBe(2);
  });
});
