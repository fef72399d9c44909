import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { BIN, Capture, cli, ROOT } from './helpers/cli.js';

// The fault suite of issue 21, reads: every input is read through one bounded reader that stops
// at the documented limit while reading — for regular files, devices, FIFOs, standard input and
// process substitution alike — and a policy's source text stays inside the policy's folder.

const AS_OF = ['--as-of', '2020-12-31'];
const GOOD = 'name: 柳州某公司\nkind: enterprise\nindustry: new-materials\nprojects:\n  - name: 改造\n    type: technical-renovation\n    date: 2019-05-01\n    plant_equipment_investment: 1000万\n';
const OVER_PROJECT = 'is larger than 1,000,000 bytes (1 MB), the most a project file may have: stopped reading there';

function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'subsidy-reads-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** A standard input that never ends (`yes 'name: x' |`), counting what was taken from it. */
function endless(): Readable & { taken: number } {
  const line = Buffer.from('name: x\n'.repeat(8192));
  const s = new Readable({
    read() {
      s.taken += line.length;
      this.push(line);
    },
  }) as Readable & { taken: number };
  s.taken = 0;
  return s;
}

/** A copy of the shipped policy in a folder of its own, with `source:` replaced. */
function policyWithSource(source: string): string {
  const dir = folder();
  cpSync(join(ROOT, 'policies'), dir, { recursive: true });
  const file = join(dir, 'liuzhou-2018-sei.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^source: .*$/m, `source: ${source}`));
  return dir;
}

describe('every read stops at its limit while reading', () => {
  it('/dev/zero as the project file: refused at 1 MB, in one line', async () => {
    const r = await cli(['estimate', '/dev/zero', ...AS_OF]);
    expect(r.stderr).toBe(`/dev/zero  error  ${OVER_PROJECT}\n`);
    expect(r.status).toBe(2);
  });

  it('`yes "name: x" | subsidy estimate -`: stops reading standard input just past 1 MB', async () => {
    const stdin = endless();
    const stdout = new Capture();
    const stderr = new Capture();
    const status = await main(['estimate', '-', ...AS_OF], { stdout, stderr, stdin, env: { LANG: 'C', NO_COLOR: '1' }, cwd: ROOT });
    expect(stderr.text).toBe(`<stdin>  error  ${OVER_PROJECT}\n`);
    expect(status).toBe(2);
    // Read no further than the limit and the stream's buffer beyond it.
    expect(stdin.taken).toBeLessThan(1_500_000);
  });

  it('/dev/urandom as the policy: refused at 5 MB', async () => {
    const r = await cli(['estimate', 'examples/park.yaml', '--policy', '/dev/urandom', ...AS_OF]);
    expect(r.stderr).toBe('/dev/urandom  error  is larger than 5,000,000 bytes (5 MB), the most a policy file may have: stopped reading there\n');
    expect(r.status).toBe(2);
  });

  it('a policy test case that is /dev/zero fails its own case; the shipped cases still pass', async () => {
    const dir = folder();
    cpSync(join(ROOT, 'policies'), join(dir, 'policies'), { recursive: true });
    cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
    const tests = join(dir, 'policies/liuzhou-2018-sei.test.yaml');
    writeFileSync(tests, `${readFileSync(tests, 'utf8')}\n  - name: zero\n    case: /dev/zero\n    expect: { total: 0 }\n`);
    const r = await cli(['policy', 'test'], { cwd: dir });
    expect(r.status).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('  ✓ '))).toHaveLength(14);
    expect(lines.slice(-5)).toEqual(['  ✗ zero (as of 2020-12-31)', `      /dev/zero  error  ${OVER_PROJECT}`, '', '14 passed, 1 failed', '']);
  });

  it('a policy test case that is a FIFO fails its own case at once, never waits for a writer', async () => {
    const dir = folder();
    cpSync(join(ROOT, 'policies'), join(dir, 'policies'), { recursive: true });
    spawnSync('mkfifo', [join(dir, 'policies/fifo.yaml')]);
    const tests = join(dir, 'policies/liuzhou-2018-sei.test.yaml');
    writeFileSync(tests, `${readFileSync(tests, 'utf8')}\n  - name: fifo\n    case: fifo.yaml\n    expect: { total: 0 }\n`);
    const r = await cli(['policy', 'test', '--filter', 'fifo'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('policies/fifo.yaml  error  is a FIFO or a socket, not a case file: not read');
  });

  it('batch over a folder: a FIFO, a link to /dev/zero, a folder and a broken link each fail their own row; the good file is estimated', async () => {
    const dir = folder({ 'in/a-good.yaml': GOOD });
    expect(spawnSync('mkfifo', [join(dir, 'in/b-fifo.yaml')]).status).toBe(0);
    symlinkSync('/dev/zero', join(dir, 'in/c-zero.yaml'));
    mkdirSync(join(dir, 'in/d-folder.yaml'));
    symlinkSync(join(dir, 'nowhere.yaml'), join(dir, 'in/e-broken.yaml'));
    const r = await cli(['batch', 'in', '-f', 'jsonl', ...AS_OF], { cwd: dir });
    expect(r.status).toBe(1);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const notRead = 'error  is not a regular file (a FIFO, a device or a socket): not read';
    expect(rows.map((x) => [x.row, x.applicant_id, x.status, x.total?.low ?? null, x.error ?? null])).toEqual([
      [1, 'in/a-good.yaml', 'applies', '1000000.00', null],
      [2, 'in/b-fifo.yaml', 'invalid', null, `in/b-fifo.yaml  ${notRead}`],
      [3, 'in/c-zero.yaml', 'invalid', null, `in/c-zero.yaml  ${notRead}`],
      [4, 'in/d-folder.yaml', 'invalid', null, `in/d-folder.yaml  ${notRead}`],
      [5, 'in/e-broken.yaml', 'invalid', null, 'in/e-broken.yaml  error  no such file'],
    ]);
  });

  it('batch naming a YAML file over the limit: that row fails, the others go on', async () => {
    const dir = folder({ 'a.yaml': GOOD, 'big.yaml': `name: ${'x'.repeat(1_100_000)}\n` });
    const r = await cli(['batch', 'a.yaml', 'big.yaml', '-f', 'jsonl', ...AS_OF], { cwd: dir });
    expect(r.status).toBe(1);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => [x.status, x.error ?? null])).toEqual([
      ['applies', null],
      ['invalid', `big.yaml  error  ${OVER_PROJECT}`],
    ]);
  });

  it('process substitution and a FIFO named on the command line are read like a file (real shell)', () => {
    const dir = folder({ 'p.yaml': GOOD });
    spawnSync('mkfifo', [join(dir, 'fifo')]);
    const script = `node ${BIN} estimate <(cat p.yaml) -f json --as-of 2020-12-31 | head -c 1; echo; (cat p.yaml > fifo &); node ${BIN} estimate fifo -f json --as-of 2020-12-31 | head -c 1`;
    const r = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, LANG: 'C', NO_COLOR: '1' }, timeout: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('{\n{');
  });
  it('batch <(cat list.csv) reads the list as the file itself gives it, and leaves no temporary file', () => {
    const dir = folder();
    const tmp = mkdtempSync(join(tmpdir(), 'subsidy-spool-'));
    const env = { ...process.env, LANG: 'C', NO_COLOR: '1', TMPDIR: tmp };
    const args = `-f jsonl --as-of 2020-12-31`;
    const piped = spawnSync('bash', ['-c', `node ${BIN} batch <(cat ${ROOT}examples/projects.csv) ${args}`], { cwd: dir, encoding: 'utf8', env, timeout: 30_000 });
    const file = spawnSync('bash', ['-c', `node ${BIN} batch ${ROOT}examples/projects.csv ${args}`], { cwd: dir, encoding: 'utf8', env, timeout: 30_000 });
    expect(piped.status).toBe(1); // one row of the sample is invalid on purpose
    expect(piped.stdout).toBe(file.stdout);
    expect(piped.stdout.trim().split('\n')).toHaveLength(8);
    expect(piped.stderr.split('\n')[0]).toMatch(/^\/dev\/fd\/\d+ \(utf-8\): 8 rows read, 7 valid, 1 invalid$/);
    expect(readdirSync(tmp)).toEqual([]);
    // A workbook through a pipe has no name to tell it by: its first bytes (a zip) do.
    spawnSync('bash', ['-c', `node ${BIN} template xlsx -o list.xlsx`], { cwd: dir, env, timeout: 30_000 });
    const book = spawnSync('bash', ['-c', `node ${BIN} batch <(cat list.xlsx) ${args}`], { cwd: dir, encoding: 'utf8', env, timeout: 30_000 });
    expect(book.stderr.split('\n')[0]).toMatch(/^\/dev\/fd\/\d+ \(sheet "[^"]+"\): 1 row read, 1 valid, 0 invalid$/);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe("a policy's source text stays in the policy's folder", () => {
  const SOURCE = (name: string) => `liuzhou-2018-sei.yaml:14:9  error  source: the source text "${name}" is outside the policy's folder`;

  it('source: /proc/self/environ is refused by name; no byte of it is shown', async () => {
    const dir = policyWithSource('/proc/self/environ');
    const r = await cli(['policy', 'check', 'liuzhou-2018-sei.yaml'], { cwd: dir, env: { SECRET_TOKEN: 'hunter2-secret' } });
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).not.toContain('hunter2');
    expect(r.stdout.split('\n')[0]).toBe(`${SOURCE('/proc/self/environ')} (${dir}): a policy's source must be a file in its own folder, so it is not read`);
  });

  it('a source reached by ../ or through a link out of the folder is refused; one inside, even by a link, is read', async () => {
    const up = policyWithSource('../outside.txt');
    writeFileSync(join(up, '..', 'outside.txt'), 'secret');
    const r = await cli(['policy', 'check', 'liuzhou-2018-sei.yaml'], { cwd: up });
    expect(r.stdout.split('\n')[0]).toContain(SOURCE('../outside.txt'));
    const linked = policyWithSource('linked.txt');
    symlinkSync('/etc/hostname', join(linked, 'linked.txt'));
    const l = await cli(['policy', 'check', 'liuzhou-2018-sei.yaml'], { cwd: linked });
    expect(l.stdout.split('\n')[0]).toContain(SOURCE('linked.txt'));
    const inside = policyWithSource('same.txt');
    symlinkSync('liuzhou-2018-sei.zh.txt', join(inside, 'same.txt'));
    const ok = await cli(['policy', 'check', 'liuzhou-2018-sei.yaml'], { cwd: inside });
    expect(ok.stdout).toBe('liuzhou-2018-sei.yaml: 0 errors, 0 warnings\n');
    expect(ok.status).toBe(0);
  });

  it('a source that is a FIFO in the folder is refused, not waited on', async () => {
    const dir = policyWithSource('fifo.txt');
    spawnSync('mkfifo', [join(dir, 'fifo.txt')]);
    const r = await cli(['policy', 'check', 'liuzhou-2018-sei.yaml'], { cwd: dir });
    expect(r.stdout.split('\n')[0]).toBe('liuzhou-2018-sei.yaml:14:9  error  source: the source text "fifo.txt" is not a regular file: it is not read');
  });
});
