import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/batch.js';
import { colourLevel, outputWidth } from '../../src/cli/terminal.js';
import { displayWidth } from '../../src/report/wrap.js';
import { Capture, cli } from '../helpers/cli.js';

// What the terminal decides: the width, the colour, the language of help; and the files -o
// writes, their format taken from the name and a BOM where Excel needs one.

const AS_OF = ['--as-of', '2020-12-31'];
const dir = mkdtempSync(join(tmpdir(), 'terminal-'));
const widest = (text: string) => Math.max(...text.split('\n').map(displayWidth));

describe('--width', () => {
  it('lays the estimate out for the width: a table at 160, stacked rows at 60, never wider', async () => {
    const wide = await cli(['estimate', 'examples/ev-battery-renovation.yaml', '--lang', 'zh', '--width', '160', ...AS_OF]);
    expect(wide.stdout).toContain('│ （二十四） │ 新引进、技术改造、新产品产业化项目补助 │ 3,500万 │ 10%–12% │ 400万/项 已封顶 │ 350万–400万 │');
    expect(widest(wide.stdout)).toBeLessThanOrEqual(160);
    const narrow = await cli(['estimate', 'examples/ev-battery-renovation.yaml', '--lang', 'zh', '--width', '60', ...AS_OF]);
    expect(narrow.stdout).not.toContain('│');
    expect(narrow.stdout).toContain('    金额  350万–400万\n');
    expect(widest(narrow.stdout)).toBeLessThanOrEqual(60);
  });

  it('explain and items follow it too', async () => {
    for (const args of [['explain', 'examples/going-public.yaml', ...AS_OF], ['items']]) {
      for (const width of [60, 100]) {
        const r = await cli([...args, '--lang', 'zh', '--width', String(width)]);
        expect(r.status).toBe(0);
        expect(widest(r.stdout), `${args[0]} ${width}`).toBeLessThanOrEqual(width);
      }
    }
  });

  it('is refused below 40 columns, saying what it takes', async () => {
    const r = await cli(['estimate', 'examples/bank.yaml', '--width', '20']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("error: option '--width <columns>' argument '20' is invalid. must be a whole number of columns from 40 to 1000");
  });

  it('defaults to the terminal, else COLUMNS, else 80', () => {
    const tty = Object.assign(new Capture(), { isTTY: true, columns: 132 });
    expect(outputWidth(undefined, tty, {})).toBe(132);
    expect(outputWidth(100, tty, {})).toBe(100);
    expect(outputWidth(undefined, new Capture(), { COLUMNS: '120' })).toBe(120);
    expect(outputWidth(undefined, new Capture(), {})).toBe(80);
  });
});

describe('colour', () => {
  const tty = Object.assign(new Capture(), { isTTY: true, getColorDepth: () => 8 });
  it('follows the terminal, NO_COLOR, TERM=dumb and FORCE_COLOR, and --no-color above all', () => {
    expect(colourLevel(true, tty, {})).toBe(2);
    expect(colourLevel(true, tty, { NO_COLOR: '1' })).toBe(0);
    expect(colourLevel(true, tty, { TERM: 'dumb' })).toBe(0);
    expect(colourLevel(true, new Capture(), {})).toBe(0);
    expect(colourLevel(true, new Capture(), { FORCE_COLOR: '1' })).toBe(1);
    expect(colourLevel(true, new Capture(), { FORCE_COLOR: '3' })).toBe(3);
    expect(colourLevel(true, tty, { FORCE_COLOR: '0' })).toBe(0);
    expect(colourLevel(false, tty, { FORCE_COLOR: '1' })).toBe(0);
  });

  it('FORCE_COLOR colours a pipe; NO_COLOR does not', async () => {
    const forced = await cli(['estimate', 'examples/park.yaml', '--width', '160', ...AS_OF], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(forced.stdout).toContain('\u001b[');
    // Colour never changes the layout: without the escape codes it is the plain output.
    const plain = await cli(['estimate', 'examples/park.yaml', '--width', '160', ...AS_OF]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes start with ESC
    expect(forced.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain.stdout);
  });
});

describe('estimate -o FILE: the format from the name', () => {
  for (const [name, check] of [
    ['result.json', (t: string) => expect(JSON.parse(t).total).toEqual({ low: '330000.00', high: '330000.00' })],
    ['result.md', (t: string) => expect(t).toContain('| **合计** | | | | | **33万** |')],
    ['result.txt', (t: string) => expect(t).toContain('合计')],
  ] as const) {
    it(name, async () => {
      const out = join(dir, name);
      const r = await cli(['estimate', 'examples/bank.yaml', '--lang', 'zh', '-o', out, ...AS_OF]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('');
      check(readFileSync(out, 'utf8'));
    });
  }

  it('--format wins over the name', async () => {
    const out = join(dir, 'forced.md');
    await cli(['estimate', 'examples/bank.yaml', '--format', 'json', '-o', out, ...AS_OF]);
    expect(JSON.parse(readFileSync(out, 'utf8')).policy.id).toBe('liuzhou-2018-sei');
  });
});

describe('batch -o x.csv: a BOM for Excel by default, never on standard output', () => {
  it('writes the BOM into a .csv file, not with --no-bom, not to standard output', async () => {
    const withBom = join(dir, 'with.csv');
    const without = join(dir, 'without.csv');
    await cli(['batch', 'examples/projects.csv', '-o', withBom, ...AS_OF]);
    await cli(['batch', 'examples/projects.csv', '-o', without, '--no-bom', ...AS_OF]);
    const piped = await cli(['batch', 'examples/projects.csv', ...AS_OF]);
    expect(readFileSync(withBom, 'utf8').startsWith('\uFEFFrow,')).toBe(true);
    expect(readFileSync(without, 'utf8').startsWith('row,')).toBe(true);
    expect(piped.stdout.startsWith('row,')).toBe(true);
  });

  it('keeps the progress line within the terminal', () => {
    for (const columns of [20, 40, 60, 80, 200]) {
      for (const lang of ['zh', 'en'] as const) {
        const line = progressLine(0.42, 1_234_567, columns, lang);
        expect(displayWidth(line), `${columns} ${lang}: ${line}`).toBeLessThan(columns);
      }
    }
    expect(progressLine(0.5, 10, 80, 'zh')).toBe('[###############...............] 50%  10 行');
  });
});

describe('--help and --version', () => {
  it('--version is the package version', async () => {
    const r = await cli(['--version']);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('help follows --lang and the locale, with examples, and exit codes only where they apply', async () => {
    const zh = await cli(['estimate', '--help'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh.stdout).toContain('用法： subsidy estimate [选项] [file]');
    expect(zh.stdout).toContain('示例：\n  $ subsidy estimate examples/bank.yaml --as-of 2020-12-31');
    expect(zh.stdout).toContain('130 问答被取消');
    const en = await cli(['template', '--help', '--lang', 'en'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(en.stdout).toContain('Examples:\n  $ subsidy template csv --headers zh > projects.csv');
    expect(en.stdout).not.toContain('130');
  });

  it('wraps help to the terminal by display width', async () => {
    const stdout = Object.assign(new Capture(), { isTTY: true, columns: 60 });
    const { main } = await import('../../src/cli/main.js');
    const { Readable } = await import('node:stream');
    await main(['batch', '--help', '--lang', 'zh'], { stdout, stderr: new Capture(), stdin: Readable.from([]), env: { LANG: 'C' }, cwd: process.cwd() });
    expect(widest(stdout.text)).toBeLessThanOrEqual(60);
    expect(stdout.text).toContain('选项：');
  });
});
