import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { renderSummary, SummaryBuilder } from '../src/batch/summary.js';
import { main } from '../src/cli/main.js';
import { loadPolicy } from '../src/policy/load.js';
import { displayWidth } from '../src/report/wrap.js';
import { Capture, cli, ROOT } from './helpers/cli.js';

// The batch summary a person reads: on stderr, wrapped to the terminal between words, with its
// plurals right; names from the files (a file or sheet name, ids) never forge a line of it, and a
// bidi override in a name turns only the name around in the HTML report.

const AS_OF = ['--as-of', '2020-12-31'];

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'batch-summary-'));
}

/** A terminal's stderr, `columns` wide. */
class Terminal extends Capture {
  isTTY = true;
  constructor(readonly columns: number) {
    super();
  }
}

describe('the summary on stderr', () => {
  it('one YAML file: "1 project file" (en), "1 个项目文件" (zh), "1 row read"', async () => {
    const dir = folder();
    copyFileSync(join(ROOT, 'examples/park.yaml'), join(dir, 'park.yaml'));
    const en = await cli(['batch', 'park.yaml', ...AS_OF], { cwd: dir });
    expect(en.stderr.split('\n').slice(0, 2)).toEqual(['1 project file (utf-8): 1 row read, 1 valid, 0 invalid', '1 applicant, 1 with an award that applies']);
    const zh = await cli(['batch', 'park.yaml', '--lang', 'zh', ...AS_OF], { cwd: dir });
    expect(zh.stderr.split('\n')[0]).toBe('1 个项目文件（utf-8）：读取 1 行，有效 1 行，无效 0 行');
  });

  it('on a 60-column terminal every line fits, breaks between words, and continues indented', async () => {
    const stderr = new Terminal(60);
    const status = await main(['batch', 'examples/projects.csv', ...AS_OF], { stdout: new Capture(), stderr, stdin: Readable.from([]), env: { LANG: 'C', NO_COLOR: '1' }, cwd: ROOT });
    expect(status).toBe(1);
    const lines = stderr.text.trimEnd().split('\n');
    expect(lines.every((l) => displayWidth(l) <= 59)).toBe(true);
    const first = lines.findIndex((l) => l.startsWith('  （二十四）'));
    expect(lines.slice(first, first + 3)).toEqual([
      '  （二十四） Newly introduced, technical-renovation and',
      '    new-product industrialisation projects: 2 rows,',
      '    680万–736万',
    ]);
    // Not wrapped, the same text: nothing lost (Chinese breaks between characters, as it may).
    const flat = await cli(['batch', 'examples/projects.csv', ...AS_OF]);
    expect(lines.join('').replace(/\s+/g, '')).toBe(flat.stderr.replace(/\s+/g, ''));
    // Every Latin word is whole on its line.
    for (const word of flat.stderr.match(/[A-Za-z][A-Za-z-]+/g) ?? []) expect(lines.some((l) => l.includes(word)), word).toBe(true);
  });

  it('a file or sheet name with a newline stays on its line: no forged line', async () => {
    const dir = folder();
    const forged = 'x.csv\nerror  row 2: forged';
    writeFileSync(join(dir, forged), readFileSync(join(ROOT, 'examples/projects.csv')));
    const r = await cli(['batch', forged, ...AS_OF], { cwd: dir });
    expect(r.stderr.split('\n')[0]).toBe('x.csv\\nerror  row 2: forged (utf-8): 8 rows read, 7 valid, 1 invalid');
    expect(r.stderr.split('\n').filter((l) => l.includes('forged'))).toHaveLength(1);

    // A sheet's name is shown the same way (the workbook's XML may hold a line break in it).
    const summary = new SummaryBuilder(loadPolicy(), 'b.xlsx', 'sheet "s\nerror  row 2: forged"', []).finish();
    expect(renderSummary(summary, 'en').split('\n')[0]).toBe('b.xlsx (sheet "s\\nerror  row 2: forged"): 0 rows read, 0 valid, 0 invalid');
  });
});

describe('the HTML report isolates names', () => {
  it('a right-to-left override in a file name and an applicant name is closed inside it', async () => {
    const dir = folder();
    const name = 'list\u202Evsc.csv';
    const csv = readFileSync(join(ROOT, 'examples/projects.csv'), 'utf8').replace('柳州某新能源汽车零部件有限公司', '\u202E公司');
    writeFileSync(join(dir, name), csv);
    const r = await cli(['batch', name, '--report', 'r.html', ...AS_OF], { cwd: dir });
    expect(r.status).toBe(1);
    const page = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(page).toContain('<h1><bdi>list\u202Evsc.csv</bdi></h1>');
    expect(page).toContain('<title>');
    expect(page).toMatch(/<title>[^<]*\u2068list\u202Evsc\.csv\u2069<\/title>/);
    expect(page).toContain('<bdi>\u202E公司</bdi>');
    // Every override in the page is inside an isolate.
    const outside = page.replace(/<bdi>[^<]*<\/bdi>/g, '').replace(/\u2068[^\u2069]*\u2069/g, '');
    expect(outside).not.toMatch(/[\u202A-\u202E]/);
  });
});
