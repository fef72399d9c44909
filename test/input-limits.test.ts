import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSummary, SummaryBuilder } from '../src/batch/summary.js';
import { parseCase } from '../src/case/load.js';
import { formatProblem } from '../src/errors/problem.js';
import { parseYaml, YAML_LIMITS } from '../src/errors/yaml.js';
import { loadPolicy } from '../src/policy/load.js';
import { ZERO } from '../src/values/money.js';
import { cli, ROOT } from './helpers/cli.js';

// Hostile and careless input, end to end: each case with its exit code and the exact line the
// user sees. None may crash (a stack overflow, out of memory) or take the whole run down with it.

const AS_OF = ['--as-of', '2020-12-31'];

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'limits-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** A billion-laughs file: nine levels of nine aliases each, 9^9 "lol"s once expanded. */
function laughs(): string {
  let text = `lol: &a [${Array(9).fill('"lol"').join(',')}]\n`;
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) text += `${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(',')}]\n`;
  return `${text}name: *i\nkind: enterprise\n`;
}

const GOOD = 'name: 柳州某公司\nkind: enterprise\nindustry: new-materials\nprojects:\n  - name: 改造\n    type: technical-renovation\n    date: 2019-05-01\n    plant_equipment_investment: 1000万\n';

describe('YAML aliases', () => {
  it('a billion-laughs project file is refused at its first alias, in one line', async () => {
    const dir = folder({ 'laughs.yaml': laughs() });
    const r = await cli(['estimate', 'laughs.yaml'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('laughs.yaml:2:8  error  *a: YAML aliases are not accepted in a project file; write the value out in full (72 more aliases after it)\n');
  });

  it('an undefined alias is the same clear error, not "unexpected failure"', async () => {
    const dir = folder({ 'p.yaml': 'name: *x\nkind: enterprise\n' });
    const r = await cli(['estimate', 'p.yaml'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('p.yaml:1:7  error  *x: YAML aliases are not accepted in a project file; write the value out in full\n');
  });

  it('a self-referencing alias in a policy fails policy check and --policy at its line (the shipped policy uses none)', async () => {
    const shipped = readFileSync(join(ROOT, 'policies/liuzhou-2018-sei.yaml'), 'utf8');
    expect(shipped).not.toMatch(/(^|[\s[{,])[&*][\w-]/m);
    const dir = folder({ 'loop.yaml': 'id: loop\nitems:\n  - id: x\n    when: &loop {all: [*loop]}\n', 'p.yaml': GOOD });
    const line = 'loop.yaml:4:24  error  *loop: YAML aliases are not accepted in a policy file; write the value out in full';
    const check = await cli(['policy', 'check', 'loop.yaml'], { cwd: dir });
    expect(check.status).toBe(1);
    expect(check.stdout).toBe(`${line}\nloop.yaml: 1 error, 0 warnings\n`);
    const estimate = await cli(['estimate', 'p.yaml', '--policy', './loop.yaml'], { cwd: dir });
    expect(estimate.status).toBe(2);
    // In-process the policy's path is shown from the test's own folder; a user sees loop.yaml.
    expect(estimate.stderr.replace(`${dir}/`, '')).toBe(`${line}\n`);
  });
});

describe('size, nesting and count limits', () => {
  it('a 50 MB project file is refused while it is read, at the limit, before it is parsed', async () => {
    // `name: ` and 50 MB of name, written as a hole the file system fills with zero bytes when read:
    // the size is there without 50 MB to write, and a reader that looked past the size would fail.
    const dir = folder({});
    const fd = openSync(join(dir, 'big.yaml'), 'w');
    writeSync(fd, 'name: ');
    writeSync(fd, '\nkind: enterprise\n', 6 + 50 * 1024 * 1024);
    closeSync(fd);
    const r = await cli(['estimate', 'big.yaml'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('big.yaml  error  is larger than 1,000,000 bytes (1 MB), the most a project file may have: stopped reading there\n');
  });

  it('20,000 projects in one file are refused (1,000 list entries at most; 20,000 took 2.2 GB)', async () => {
    const entries = (n: number) => Array.from({ length: n }, (_, i) => `  - { name: 项目${i}, type: rd, rd_spending: 300万 }\n`).join('');
    const dir = folder({ 'many.yaml': `name: a\nkind: enterprise\nprojects:\n${entries(20_000)}`, 'some.yaml': `name: a\nkind: enterprise\nprojects:\n${entries(1001)}` });
    const many = await cli(['estimate', 'many.yaml'], { cwd: dir });
    expect(many.status).toBe(2);
    expect(many.stderr).toBe('many.yaml  error  is larger than 1,000,000 bytes (1 MB), the most a project file may have: stopped reading there\n');
    const some = await cli(['estimate', 'some.yaml'], { cwd: dir });
    expect(some.status).toBe(2);
    expect(some.stderr).toBe(
      'some.yaml:4:3  error  projects: the file lists 1001 entries: a project file may hold at most 1000 in all its lists (it describes one applicant; for many applicants, use a batch CSV)\n',
    );
  });

  it('a compact file of many values is refused by their count, before the YAML library holds them all', async () => {
    const dir = folder({ 'flat.yaml': `name: a\nkind: enterprise\nprojects: [${'1,'.repeat(400_000)}]\n` });
    const r = await cli(['estimate', 'flat.yaml'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('flat.yaml:3:50003  error  more than 50,000 keys, values and list items: a project file may have at most 50,000\n');
  });

  it('nesting deeper than the limit is an error at the first level too deep: brackets, indentation, dashes', async () => {
    const indented = Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k:\n`).join('');
    const dir = folder({ 'brackets.yaml': `a: ${'['.repeat(100_000)}\n`, 'indented.yaml': indented, 'dashes.yaml': `${'- '.repeat(100_000)}x\n` });
    const expected: Record<string, string> = {
      'brackets.yaml': 'brackets.yaml:1:36',
      'indented.yaml': 'indented.yaml:33:33',
      'dashes.yaml': 'dashes.yaml:1:65',
    };
    for (const [file, at] of Object.entries(expected)) {
      const r = await cli(['estimate', file], { cwd: dir });
      expect(r.status, file).toBe(2);
      expect(r.stderr, file).toBe(`${at}  error  nested more than 32 levels deep: a project file may nest at most 32 (check the indentation and the brackets)\n`);
    }
  });

  it('the parser never throws and states its limits; a real file is far inside them', () => {
    const inputs = [laughs(), `a: ${'{b: '.repeat(5000)}`, '- - - - \n'.repeat(1000), '\u0000\uFFFF\uD800', '&a [*a]', '"unclosed', '---\na: 1\n---\nb: 2\n', ''];
    for (const text of inputs) {
      const r = parseYaml(text, 'x.yaml', YAML_LIMITS.project, { failsafe: true });
      expect(r.data === undefined || r.problems.length === 0).toBe(true);
    }
    expect(YAML_LIMITS).toEqual({
      project: { kind: 'a project file', maxBytes: 1_000_000, maxDepth: 32, maxValues: 50_000 },
      policy: { kind: 'a policy file', maxBytes: 5_000_000, maxDepth: 64, maxValues: 200_000 },
      tests: { kind: 'a policy test file', maxBytes: 5_000_000, maxDepth: 64, maxValues: 200_000 },
    });
    // With its readings and dates the shipped policy has about 7,100 values, nested 11 deep.
    const shipped = parseYaml(readFileSync(join(ROOT, 'policies/liuzhou-2018-sei.yaml'), 'utf8'), 'p.yaml', { ...YAML_LIMITS.policy, maxDepth: 11, maxValues: 7500 });
    expect(shipped.problems).toEqual([]);
    expect(parseYaml('a: [[1]]\n', 'x.yaml', { ...YAML_LIMITS.project, maxDepth: 2 }).problems.map(formatProblem)).toEqual([
      'x.yaml:1:5  error  nested more than 2 levels deep: a project file may nest at most 2 (check the indentation and the brackets)',
    ]);
  });

  it('a second document in a file is an error, not silently ignored', () => {
    const policy = loadPolicy();
    const r = parseCase('name: a\nkind: enterprise\n---\nname: b\n', policy, 'two.yaml');
    expect(r.problems.map(formatProblem)).toEqual(['two.yaml:3:1  error  a second YAML document (after ---): the file holds one']);
  });
});

describe('one bad file or case never takes the others down', () => {
  it('batch over a folder: the aliased file is its row\'s error, the good file is still estimated', async () => {
    const dir = folder({ 'in/a-good.yaml': GOOD, 'in/b-laughs.yaml': laughs(), 'in/c-deep.yaml': `a: ${'['.repeat(50_000)}\n` });
    const r = await cli(['batch', 'in', '-f', 'jsonl', ...AS_OF], { cwd: dir });
    expect(r.status).toBe(1);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => [x.row, x.applicant_id, x.status, x.total?.low ?? null, x.error ?? null])).toEqual([
      [1, 'in/a-good.yaml', 'applies', '1000000.00', null],
      [2, 'in/b-laughs.yaml', 'invalid', null, 'in/b-laughs.yaml:2:8  error  *a: YAML aliases are not accepted in a project file; write the value out in full (72 more aliases after it)'],
      [3, 'in/c-deep.yaml', 'invalid', null, 'in/c-deep.yaml:1:36  error  nested more than 32 levels deep: a project file may nest at most 32 (check the indentation and the brackets)'],
    ]);
  });

  it('policy test: a case file with an alias fails that case; the 14 shipped cases still run and pass', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'limits-'));
    cpSync(join(ROOT, 'policies'), join(dir, 'policies'), { recursive: true });
    cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
    writeFileSync(join(dir, 'examples/aliased.yaml'), 'name: &n 柳州某公司\nkind: enterprise\nshort_name: *n\n');
    const tests = join(dir, 'policies/liuzhou-2018-sei.test.yaml');
    writeFileSync(tests, `${readFileSync(tests, 'utf8')}\n  - name: aliased\n    case: ../examples/aliased.yaml\n    expect: { total: 0 }\n`);
    const r = await cli(['policy', 'test'], { cwd: dir });
    expect(r.status).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('  ✓ '))).toHaveLength(14);
    expect(lines.slice(-5)).toEqual([
      '  ✗ aliased (as of 2020-12-31)',
      '      examples/aliased.yaml:3:13  error  *n: YAML aliases are not accepted in a project file; write the value out in full',
      '',
      '14 passed, 1 failed',
      '',
    ]);
  });
});

describe('dates and the yearly fund', () => {
  it('a test file\'s as_of of 2020-02-30 is refused at its line and column', async () => {
    const dir = folder({ 'x.test.yaml': 'as_of: 2020-02-30\ncases:\n  - name: a\n    case: { name: a, kind: enterprise }\n    expect: { total: 0 }\n' });
    const r = await cli(['policy', 'test', 'x.test.yaml'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('x.test.yaml:1:8  error  as_of: "2020-02-30" is not a real calendar date\n');
  });

  it('budget.amount: 0 fails policy check at its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'limits-'));
    cpSync(join(ROOT, 'policies'), dir, { recursive: true });
    const file = join(dir, 'liuzhou-2018-sei.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('  amount: 5000万\n  per: year', '  amount: 0\n  per: year'));
    const r = await cli(['policy', 'check', 'liuzhou-2018-sei.yaml'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      'liuzhou-2018-sei.yaml:20:11  error  budget.amount: the yearly fund is 0: give the amount the text states (a batch shows its share of it) (（二十三）)\n' +
        // and 0 is not the 5000万 its quote states
        "liuzhou-2018-sei.yaml:20:11  error  budget.amount: 0 is not in the budget's quote 「市财政每年安排5000万元资金用于战略性新兴产业发展」, which states 5000万: correct the number, or if the difference is deliberate, name it in an interpretation note (numbers: [0]) or a reading (（二十三）)\n" +
        'liuzhou-2018-sei.yaml: 2 errors, 0 warnings\n',
    );
  });

  it('a batch summary never shows a share of a fund of 0 (no "Infinity%")', () => {
    const shipped = loadPolicy();
    const policy = { ...shipped, budget: shipped.budget && { ...shipped.budget, amount: ZERO } };
    const s = new SummaryBuilder(policy, 'x.csv', 'utf-8', []).finish();
    expect(s.budget).toBeUndefined();
    expect(renderSummary(s, 'en')).not.toMatch(/Infinity|NaN/);
  });
});

describe('policy diff and git', () => {
  it('an old version written as an option is refused; git is never given it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'limits-'));
    const target = join(dir, 'x');
    const r = await cli(['policy', 'diff', '--', `--output=${target}:y`, 'policies/liuzhou-2018-sei.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `error  --output=${target}:y: no such file, and not REV:path (a git revision never starts with "-"), e.g. HEAD~1:policies/liuzhou-2018-sei.yaml\n`,
    );
    expect(existsSync(target)).toBe(false);
  });
});

describe('CSV rows and separators', () => {
  const commas = readFileSync(join(ROOT, 'test/fixtures/batch/bad-amount.csv'), 'utf8');
  const semis = commas.replace(/,/g, ';');
  /** Excel's "Unicode text": UTF-16 LE with a BOM, tabs, CRLF. */
  const unicodeText = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(commas.replace(/,/g, '\t').replace(/\n/g, '\r\n'), 'utf16le')]);
  const rowsOf = (jsonl: string) => jsonl.trim().split('\n').map((l) => JSON.parse(l)).map((x) => [x.row, x.applicant_id, x.status, x.total?.low ?? null]);

  it('a row with fewer cells than the header is that row\'s error; the other rows are still estimated', async () => {
    const header = 'applicant_id,name,kind,industry,projects.name,projects.type,projects.plant_equipment_investment,projects.date';
    const dir = folder({ 'short.csv': `${header}\nA1,Cut,enterprise,new-materials,Line 1\nA2,Whole,enterprise,new-materials,Line 2,technical-renovation,1000万,2019-05-01\n` });
    const r = await cli(['batch', 'short.csv', '-f', 'jsonl', ...AS_OF], { cwd: dir });
    expect(r.status).toBe(1);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => [x.row, x.status, x.total?.low ?? null, x.error ?? null])).toEqual([
      [2, 'invalid', null, 'row 2: has 5 cells but the header has 8 columns: the row is cut short (a line break inside a cell needs "quotes")'],
      [3, 'applies', '1000000.00', null],
    ]);
  });

  it('a semicolon-separated file and Excel "Unicode text" (UTF-16, tabs) give the rows the comma file gives, and the summary says so', async () => {
    const dir = folder({ 'commas.csv': commas, 'semis.csv': semis, 'unicode.txt': unicodeText });
    const expected = rowsOf((await cli(['batch', 'commas.csv', '-f', 'jsonl', ...AS_OF], { cwd: dir })).stdout);
    expect(expected.map((x) => x[2])).toEqual(['applies', 'invalid', 'applies']);
    for (const [file, first] of [
      ['semis.csv', "semis.csv (utf-8, ';'-separated): 3 rows read, 2 valid, 1 invalid"],
      ['unicode.txt', 'unicode.txt (utf-16le with BOM, tab-separated): 3 rows read, 2 valid, 1 invalid'],
    ] as const) {
      const r = await cli(['batch', file, '-f', 'jsonl', ...AS_OF], { cwd: dir });
      expect(r.status, file).toBe(1);
      expect(rowsOf(r.stdout), file).toEqual(expected);
      expect(r.stderr.split('\n')[0], file).toBe(first);
    }
    const given = await cli(['batch', 'semis.csv', '-f', 'jsonl', '--delimiter', ';', ...AS_OF], { cwd: dir });
    expect(rowsOf(given.stdout)).toEqual(expected);
  });

  it('a header read with the wrong --delimiter says which separator the file looks to use; an unknown one is refused', async () => {
    const dir = folder({ 'semis.csv': semis, 'tabs.csv': commas.replace(/,/g, '\t') });
    const wrong = await cli(['batch', 'semis.csv', '--delimiter', ',', ...AS_OF], { cwd: dir });
    expect(wrong.status).toBe(2);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toBe("semis.csv:1:1  error  the header is one column read with ',' as the separator, but the file looks separated by ';': give --delimiter ';'\n");
    const tabs = await cli(['batch', 'tabs.csv', '--delimiter', ';', ...AS_OF], { cwd: dir });
    expect(tabs.stderr).toBe("tabs.csv:1:1  error  the header is one column read with ';' as the separator, but the file looks separated by tab: give --delimiter tab\n");
    const unknown = await cli(['batch', 'semis.csv', '--delimiter', 'xx'], { cwd: dir });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('error  --delimiter: "xx" is not a separator we read: use , ; tab or |\n');
    const workbook = await cli(['batch', 'test/fixtures/batch/workbook.xlsx', '--delimiter', ';']);
    expect(workbook.status).toBe(2);
    expect(workbook.stderr).toBe('test/fixtures/batch/workbook.xlsx  error  --delimiter: is a workbook, whose cells need no separator: --delimiter is for CSV files\n');
  });
});

describe('a policy at its limits stays within seconds', () => {
  /** The test policy with its per-project item given `n` conditions, and a case of 1,000 projects. */
  function bigPolicy(n: number): string {
    const dir = folder({ 'demo-city-2024.zh.txt': readFileSync(join(ROOT, 'test/fixtures/policies/demo-city-2024.zh.txt'), 'utf8') });
    const conditions = Array.from({ length: n }, () => '        - { fact: upgrades.spend, gte: 60万 }').join('\n');
    const text = readFileSync(join(ROOT, 'test/fixtures/policies/demo-city-2024.yaml'), 'utf8').replace('    each: upgrades\n', `    each: upgrades\n    when:\n      all:\n${conditions}\n`);
    writeFileSync(join(dir, 'p.yaml'), text);
    writeFileSync(join(dir, 'case.yaml'), `name: X\nkind: company\nupgrades:\n${Array.from({ length: 1000 }, (_, i) => `  - { name: U${i}, spend: 100万 }\n`).join('')}`);
    return dir;
  }

  it('an item of 3,000 conditions is refused at its line (it crashed a 1,000-entry case with "Invalid string length")', async () => {
    const dir = bigPolicy(3000);
    const r = await cli(['estimate', 'case.yaml', '--policy', 'p.yaml', '--as-of', '2024-12-31'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`${join(dir, 'p.yaml')}:72:7  error  items[digital-upgrade].when: the item has 3,001 conditions: an item may have at most 100 (each is traced for every entry of a case, up to 1,000) (（二）)`);
  });

  it('at the limit (100 conditions, 1,000 entries): JSON and explain are whole, every condition traced', async () => {
    const dir = bigPolicy(99);
    const json = await cli(['estimate', 'case.yaml', '--policy', 'p.yaml', '--as-of', '2024-12-31', '-f', 'json'], { cwd: dir });
    expect(json.stderr).toBe('');
    expect(json.status).toBe(0);
    const item = JSON.parse(json.stdout).items.find((i: { id: string }) => i.id === 'digital-upgrade');
    expect(item.lines).toHaveLength(1000);
    expect(item.amount).toEqual({ low: '200000000.00', high: '200000000.00' }); // 1,000 × 20% of 100万
    const explain = await cli(['explain', 'case.yaml', '--policy', 'p.yaml', '--as-of', '2024-12-31'], { cwd: dir });
    expect(explain.status).toBe(0);
    const last = explain.stdout.split('\n').indexOf('  project 1000: U999 — applies');
    expect(explain.stdout.split('\n').slice(last + 1, last + 4)).toEqual([
      '    Conditions: 100 of 100 met',
      '      ✓ Applicant kind: Company (required: Company)',
      '      ✓ Actual hardware and software spend: 100万 (required: ≥ 60万)',
    ]);
  }, 120_000);
});
