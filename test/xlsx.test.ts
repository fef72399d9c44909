import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { type BatchOptions, runBatch } from '../src/batch/run.js';
import type { BatchSummary } from '../src/batch/summary.js';
import { csvTemplate } from '../src/batch/template.js';
import { TEMPLATE_ROWS, writeXlsxTemplate } from '../src/batch/xlsx-template.js';
import { XlsxSink } from '../src/batch/xlsx-write.js';
import { InputError } from '../src/errors/problem.js';
import { loadPolicy } from '../src/policy/load.js';
import { excelValue } from '../src/sheets/xlsx-book.js';
import { cellText, serialToIso } from '../src/sheets/xlsx-cells.js';
import { Money } from '../src/values/money.js';
import { cli } from './helpers/cli.js';

// Excel in and out: the workbook written for a batch holds, cell by cell, what the CSV output
// holds (amounts as numbers); a workbook typed by Excel (numbers, dates, booleans, rich text,
// formulas) gives the results the same data gives as CSV; the template's drop-downs hold the
// policy's choices and read back; text that looks like a formula stays text.

const policy = loadPolicy();
const AS_OF = '2020-12-31';
const dir = mkdtempSync(join(tmpdir(), 'xlsx-'));

/** A stream that keeps what is written to it. */
function sink(): Writable & { bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const w = new Writable({
    write(chunk, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  }) as Writable & { bytes: () => Buffer };
  w.bytes = () => Buffer.concat(chunks);
  return w;
}

async function batch(file: string, format: BatchOptions['format'], extra: Partial<BatchOptions> = {}): Promise<{ summary: BatchSummary; bytes: Buffer }> {
  const out = sink();
  const summary = await runBatch({ policy, file, out, format, lang: 'en', bom: false, asOf: AS_OF, ignoreUnknownColumns: false, ...extra });
  return { summary, bytes: out.bytes() };
}

async function book(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

function csvRows(bytes: Buffer): string[][] {
  return Papa.parse<string[]>(bytes.toString('utf8'), { skipEmptyLines: true }).data;
}

const jsonl = (bytes: Buffer) => bytes.toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l));

/** Rows of a sheet, as arrays from column A (exceljs numbers them from 1). */
function sheetRows(ws: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** An input workbook written with exceljs's ordinary (in-memory) writer, as most tools do. */
async function writeBook(file: string, sheets: { name: string; rows: unknown[][]; state?: 'hidden'; date1904?: boolean; formats?: Record<number, string> }[]) {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    if (s.date1904) wb.properties.date1904 = true;
    const ws = wb.addWorksheet(s.name, s.state ? { state: s.state } : {});
    for (const r of s.rows) {
      const row = ws.addRow(r);
      for (const [col, fmt] of Object.entries(s.formats ?? {})) row.getCell(Number(col)).numFmt = fmt;
    }
  }
  await wb.xlsx.writeFile(file);
}

describe('batch results as a workbook', () => {
  it('holds, cell by cell, what the CSV output holds for the shipped sample, amounts as numbers', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const csv = csvRows((await batch('examples/projects.csv', 'csv', { lang })).bytes);
      const { bytes, summary } = await batch('examples/projects.csv', 'xlsx', { lang });
      const wb = await book(bytes);
      expect(wb.worksheets.map((w) => w.name)).toEqual(lang === 'zh' ? ['结果', '汇总', '问题'] : ['results', 'summary', 'problems']);
      const ws = wb.worksheets[0] as ExcelJS.Worksheet;
      expect(ws.rowCount).toBe(csv.length);
      csv.forEach((cells, r) => {
        const row = ws.getRow(r + 1);
        cells.forEach((text, c) => {
          const cell = row.getCell(c + 1);
          const amountColumn = r > 0 && c >= 6 && c < cells.length - 4;
          if (amountColumn && text !== '') {
            expect(typeof cell.value, `${cell.address}`).toBe('number');
            expect(cell.numFmt).toBe('#,##0.00');
            expect((cell.value as number).toFixed(2), cell.address).toBe(text);
          } else if (r > 0 && c === 0) expect(cell.value).toBe(Number(text));
          else expect(cell.value ?? '', cell.address).toBe(text);
        });
      });
      // The header is frozen and every invalid row is marked, with its error in full.
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const bad = ws.getRow(9);
      expect(bad.getCell(6).value).toBe(lang === 'zh' ? '无效' : 'invalid');
      expect(bad.getCell(6).fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFFFC7CE' } });
      const errorColumn = (csv[0] as string[]).length - 1;
      expect(bad.getCell(errorColumn).value).toBe(csv[8]?.[errorColumn - 1]);
      expect(bad.getCell(errorColumn).value).toContain(lang === 'zh' ? '“三千五”无法准确读出金额' : '"三千五" is not an amount that can be read exactly');
      expect(summary.invalid).toBe(1);
    }
  });

  it('has a summary sheet with the totals and a problems sheet with row, column and message', async () => {
    const { bytes } = await batch('examples/projects.csv', 'xlsx', { lang: 'zh' });
    const wb = await book(bytes);
    const summary = sheetRows(wb.getWorksheet('汇总') as ExcelJS.Worksheet);
    const value = (label: string) => summary.find((r) => r[0] === label)?.[1];
    expect([value('读取行数'), value('有效行'), value('无效行'), value('申请单位')]).toEqual([8, 7, 1, 5]);
    expect([value('合计下限（元）'), value('合计上限（元）')]).toEqual([8_700_000, 9_260_000]);
    expect(summary.find((r) => r[0] === '（二十四）' && r[1] === '新引进、技术改造、新产品产业化项目补助')).toEqual(['（二十四）', '新引进、技术改造、新产品产业化项目补助', 2, 6_800_000, 7_360_000]);
    expect(summary.find((r) => r[0] === '合计')?.slice(3)).toEqual([8_700_000, 9_260_000]);
    const problems = sheetRows(wb.getWorksheet('问题') as ExcelJS.Worksheet);
    expect(problems).toEqual([
      ['行号', '列', '类型', '说明'],
      [9, '项目.厂房、设备实际投资额', '错误', '“三千五”无法准确读出金额：请写全每个单位（三千五百万，而不是三千五万或三千五），或用数字（3500万）'],
    ]);
  });

  it('writes text that looks like a formula as a string cell, never a formula', async () => {
    const { bytes } = await batch('test/fixtures/batch/injection.csv', 'xlsx');
    const ws = (await book(bytes)).worksheets[0] as ExcelJS.Worksheet;
    const cells = [ws.getCell('D2'), ws.getCell('E2'), ws.getCell('D3'), ws.getCell('E3'), ws.getCell('B4')];
    expect(cells.map((c) => c.value)).toEqual(['=HYPERLINK("http://evil.example","click")', '+cmd|calc', '@SUM(A1:A2)', '-2+3', '-7']);
    for (const c of cells) {
      expect(c.type, c.address).toBe(ExcelJS.ValueType.String);
      expect(c.formula, c.address).toBeUndefined();
      // Text format, so that editing the cell in Excel keeps it text.
      expect(c.numFmt, c.address).toBe('@');
    }
  });

  it('writes amounts from their exact decimal text, and text where a double would change them', () => {
    expect(excelValue(new Money('1234567.89'))).toBe(1234567.89);
    expect(excelValue(new Money('9999999999999.99'))).toBe(9999999999999.99);
    expect(excelValue(new Money('12345678901234.56'))).toBe('12345678901234.56');
    expect(excelValue(undefined)).toBeUndefined();
  });

  it('refuses a batch longer than a sheet before writing past it', () => {
    const out = sink();
    const s = new XlsxSink(policy, 'en', out, 3);
    s.start();
    const row = (n: number) => ({ row: n, status: 'does-not-apply' as const, items: new Map(), unquantified: [], cannotDetermine: [] });
    s.rows([row(2), row(3)]);
    expect(() => s.rows([row(4)])).toThrow(InputError);
    expect(() => s.rows([row(5)])).toThrow('the batch has more than 2 rows, the most an Excel sheet holds below its header: write -f csv or -f jsonl for a batch this long');
  });
});

// The same projects as zh-headers.csv and more, typed as Excel types them.
const HEADER = ['申请单位编号', '申请单位名称', '申请主体类型', '所属产业领域', '项目.项目名称', '项目.项目类型', '项目.厂房、设备实际投资额', '项目.项目实际研发费用支出', '项目.已获国家或自治区财政资金支持', '债券与上市融资.融资方式', '债券与上市融资.融资总额', '债券与上市融资.发行、上市或挂牌日期', '项目.项目引进或立项日期'];
const TYPED: unknown[][] = [
  HEADER,
  // The projects' dates (which （二十四） depends on): a date cell and a date serial.
  ['A1', '柳州甲公司', '企业', '新能源汽车产业', '电驱扩产', '技术改造项目', 28_000_000, null, false, null, null, null, new Date(Date.UTC(2019, 4, 1))],
  ['B1', { richText: [{ text: '柳州' }, { text: '乙公司', font: { bold: true } }] }, '企业', '高端装备制造业', '机器人研发', 'rd', null, { formula: '500000*2', result: 1_000_000 }, true, null, null, null, 43647],
  ['C1', '柳州丙公司', 'enterprise', '新材料产业', null, null, null, null, null, '主板、中小板、创业板等首发上市', 680_000_000, new Date(Date.UTC(2020, 2, 18))],
  // A date serial in a date column that Excel shows as a plain number.
  ['C1', '柳州丙公司', 'enterprise', '新材料产业', null, null, null, null, null, '发行直接债务融资产品（债券等）', 30_000_000.5, 43647],
];
const AS_CSV = `${HEADER.join(',')}
A1,柳州甲公司,企业,新能源汽车产业,电驱扩产,技术改造项目,2800万,,否,,,,2019-05-01
B1,柳州乙公司,企业,高端装备制造业,机器人研发,rd,,1000000,是,,,,2019-07-01
C1,柳州丙公司,enterprise,新材料产业,,,,,,主板、中小板、创业板等首发上市,6.8亿,2020-03-18,
C1,柳州丙公司,enterprise,新材料产业,,,,,,发行直接债务融资产品（债券等）,30000000.5,2019-07-01,
`;

describe('a workbook as batch input', () => {
  it('reads numbers as yuan, dates, booleans, rich text and formula results as the same data in CSV', async () => {
    const xlsx = join(dir, 'typed.xlsx');
    await writeBook(xlsx, [{ name: '项目', rows: TYPED, formats: { 12: 'yyyy-mm-dd', 13: 'yyyy-mm-dd' } }]);
    const csv = join(dir, 'typed.csv');
    writeFileSync(csv, AS_CSV);
    const fromXlsx = await batch(xlsx, 'jsonl');
    const fromCsv = await batch(csv, 'jsonl');
    expect(jsonl(fromXlsx.bytes)).toEqual(jsonl(fromCsv.bytes));
    expect(fromXlsx.summary.encoding).toBe('sheet "项目"');
    const rows = jsonl(fromXlsx.bytes);
    expect(rows.map((r: { applicant: string; status: string; total: { low: string; high: string } }) => [r.applicant, r.status, r.total?.low, r.total?.high])).toEqual([
      ['柳州甲公司', 'applies', '2800000.00', '3360000.00'],
      ['柳州乙公司', 'applies', '120000.00', '150000.00'],
      ['柳州丙公司', 'applies', '1000000.00', '1000000.00'],
      // 30,000,000.50 × 1% = 300,000.005, rounded half-up to the fen.
      ['柳州丙公司', 'applies', '300000.01', '300000.01'],
    ]);
  });

  it('reads a workbook in the 1904 date system (Excel for Mac) to the same dates', async () => {
    const xlsx = join(dir, 'mac.xlsx');
    // 2019-07-01 is serial 43647 in the 1900 system and 42185 in the 1904 one.
    await writeBook(xlsx, [{ name: 'Sheet1', date1904: true, rows: [HEADER, ['C1', '柳州丙公司', 'enterprise', '新材料产业', null, null, null, null, null, '发行直接债务融资产品（债券等）', 30_000_000, 42185]] }]);
    const [row] = jsonl((await batch(xlsx, 'jsonl')).bytes);
    expect(row.total).toEqual({ low: '300000.00', high: '300000.00' });
    expect(serialToIso(42185, true)).toEqual({ ok: true, value: '2019-07-01' });
  });

  it('refuses a cell it cannot read exactly, naming the sheet, the row and the column', async () => {
    const xlsx = join(dir, 'bad-cells.xlsx');
    const base = ['X', '柳州丁公司', '企业', '新材料产业', '扩产', '技术改造项目'];
    await writeBook(xlsx, [
      {
        name: '项目',
        rows: [
          HEADER.slice(0, 8),
          ['A', ...base.slice(1), 0.1 + 0.2],
          ['B', ...base.slice(1), -5],
          ['C', ...base.slice(1), { formula: 'B2*2' }],
          ['D', ...base.slice(1), { error: '#N/A' }],
          ['E', ...base.slice(1), 1000, null, 'note'],
          ['F', ...base.slice(1), 1e21],
        ],
      },
    ]);
    const rows = jsonl((await batch(xlsx, 'jsonl')).bytes);
    const col = 'column "项目.厂房、设备实际投资额" (projects.plant_equipment_investment)';
    expect(rows.map((r: { error?: string }) => r.error)).toEqual([
      `sheet "项目", row 2, ${col}: "0.30000000000000004" has fractions of a fen: give at most 2 decimals of yuan`,
      `sheet "项目", row 3, ${col}: "-5" is negative: an amount must be 0 or more`,
      `sheet "项目", row 4, ${col}: is a formula with no saved result: open and save the workbook in Excel, or paste the values`,
      `sheet "项目", row 5, ${col}: is the Excel error #N/A`,
      'sheet "项目", row 6: column I holds "note" but has no header: give the column a header, or clear it',
      `sheet "项目", row 7, ${col}: "1000000000000000000000" is more than 1万亿 yuan: check the unit (万 vs 亿 vs 元)`,
    ]);
  });

  it('reads the first visible sheet, another with --sheet, and names the sheets when one is not found', async () => {
    const xlsx = join(dir, 'sheets.xlsx');
    const rows = [HEADER.slice(0, 4), ['A1', '柳州甲公司', '企业', '新能源汽车产业']];
    await writeBook(xlsx, [
      { name: 'Notes', state: 'hidden', rows: [['not a header']] },
      { name: 'Projects', rows },
      { name: 'Other', rows: [...rows, ['B1', '柳州乙公司', '企业', '新材料产业']] },
    ]);
    expect((await batch(xlsx, 'jsonl')).summary).toMatchObject({ rows: 1, encoding: 'sheet "Projects"' });
    expect((await batch(xlsx, 'jsonl', { sheet: 'other' })).summary).toMatchObject({ rows: 2, encoding: 'sheet "Other"' });
    await expect(batch(xlsx, 'jsonl', { sheet: 'Projcts' })).rejects.toThrow(`${xlsx}  error  --sheet: has no sheet "Projcts" (did you mean "Projects"?); its sheets are "Notes", "Projects", "Other"`);
    const r = await cli(['batch', xlsx, '--sheet', 'Projcts', '--as-of', AS_OF, '--lang', 'en']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${xlsx}  error  --sheet: has no sheet "Projcts" (did you mean "Projects"?); its sheets are "Notes", "Projects", "Other"\n`);
  });

  it('says in one line why a file is not a workbook it can read', async () => {
    const cases: [string, string | Buffer, string][] = [
      ['renamed.xlsx', readFileSync('examples/projects.csv'), 'is not an Excel workbook (an .xlsx file is a zip archive, and this is not one): if it is CSV text, name it .csv'],
      ['locked.xlsx', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'is a password-protected workbook, or an old .xls one renamed: in Excel remove the password (File → Info → Protect Workbook) or save it as "Excel Workbook (.xlsx)"'],
      ['old.xls', 'x', 'is an Excel 97–2003 workbook (.xls), which cannot be read: in Excel use Save As → "Excel Workbook (.xlsx)"'],
      ['empty.xlsx', '', 'is empty: an Excel workbook is never 0 bytes (`subsidy template xlsx -o FILE` writes a starting one)'],
    ];
    for (const [name, bytes, message] of cases) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      await expect(batch(file, 'csv')).rejects.toThrow(`${file}  error  ${message}`);
    }
    await expect(batch(join(dir, 'missing.xlsx'), 'csv')).rejects.toThrow('missing.xlsx  error  no such file');
  });

  it('keeps Chinese text whole where a character falls across two chunks of the file', async () => {
    // Long enough that the XML of names and of the sheet is read in many chunks.
    const names = Array.from({ length: 4000 }, (_, i) => `柳州市第${i}号新能源汽车零部件制造有限责任公司`);
    const rows = [HEADER.slice(0, 4), ...names.map((n, i) => [`A${i}`, n, '企业', '新能源汽车产业'])];
    const shared = join(dir, 'long-shared.xlsx');
    await writeBook(shared, [{ name: 'Sheet1', rows }]);
    // exceljs's streaming writer puts strings in the sheet itself (no shared strings).
    const inline = join(dir, 'long-inline.xlsx');
    const w = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: inline, useSharedStrings: false });
    const ws = w.addWorksheet('Sheet1');
    for (const r of rows) ws.addRow(r).commit();
    await w.commit();
    for (const file of [shared, inline]) {
      const out = jsonl((await batch(file, 'jsonl')).bytes);
      expect(out.map((r: { applicant: string }) => r.applicant)).toEqual(names);
    }
  });

  it('turns cells into the text the CSV rules read', () => {
    const ctx = { date1904: false };
    const num = (value: number, look: 'number' | 'percent' | 'date' = 'number') => ({ kind: 'number' as const, value, look });
    expect(cellText(num(2800000), { type: 'money', ...ctx })).toEqual({ ok: true, value: '2800000' });
    expect(cellText(num(1e-7), { type: 'money', ...ctx })).toEqual({ ok: true, value: '0.0000001' });
    expect(cellText(num(0.0435, 'percent'), { type: 'rate', ...ctx })).toEqual({ ok: true, value: '4.35%' });
    expect(cellText(num(4.35), { type: 'rate', ...ctx })).toEqual({ ok: false, message: 'the number 4.35 is not a percentage: type it with a % sign (4.35%) or format the cell as a percentage', zh: '数字 4.35 不是百分比：请带 % 号填写（4.35%），或将单元格设为百分比格式' });
    expect(cellText(num(43908.75), { type: 'date', ...ctx })).toEqual({ ok: true, value: '2020-03-18' });
    expect(cellText(num(12), { type: 'date', ...ctx })).toEqual({ ok: false, message: 'the number 12 is not a date: type it as YYYY-MM-DD or format the cell as a date', zh: '数字 12 不是日期：请写成 YYYY-MM-DD，或将单元格设为日期格式' });
    expect(cellText(num(43908, 'date'), { type: 'text', ...ctx })).toEqual({ ok: true, value: '2020-03-18' });
    expect(cellText({ kind: 'boolean', value: true }, { type: 'boolean', ...ctx })).toEqual({ ok: true, value: 'true' });
    expect(cellText({ kind: 'text', text: '柳州' }, { type: 'text', ...ctx })).toEqual({ ok: true, value: '柳州' });
    expect(cellText({ kind: 'error', code: '#REF!', formula: true }, { type: 'money', ...ctx })).toEqual({ ok: false, message: 'is a formula whose result is the Excel error #REF!', zh: '公式的结果是 Excel 错误 #REF!' });
  });
});

describe('subsidy template xlsx', () => {
  const enums = [...policy.facts.values(), ...[...policy.lists.values()].flatMap((l) => [...l.fields.values()])].filter((f) => f.type === 'enum');

  it('has a drop-down list on every choice column, with the labels in the chosen language, and the reader accepts them', async () => {
    for (const style of ['zh', 'en', 'path'] as const) {
      const out = sink();
      await writeXlsxTemplate(policy, style, out);
      const file = join(dir, `template-${style}.xlsx`);
      writeFileSync(file, out.bytes());
      const wb = await book(out.bytes());
      const [input, choices, help] = wb.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet, ExcelJS.Worksheet];
      expect(wb.worksheets.map((w) => w.name)).toEqual(style === 'zh' ? ['项目清单', '选项', '填写说明'] : ['projects', 'choices', 'help']);
      expect(choices.state).toBe('hidden');
      const header = sheetRows(input)[0] as string[];
      const lists = sheetRows(choices);
      expect(enums.length).toBeGreaterThanOrEqual(6);
      for (const fact of enums) {
        const col = header.findIndex((h) => h === (style === 'path' ? fact.path : fact.list ? `${policy.lists.get(fact.list)?.label[style]}.${fact.label[style]}` : fact.label[style]));
        expect(col, fact.path).toBeGreaterThan(1);
        const letter = input.getColumn(col + 1).letter;
        const dv = (input as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
        for (const at of [`${letter}2`, `${letter}${TEMPLATE_ROWS + 1}`]) expect(dv[at]?.type, `${fact.path} ${at}`).toBe('list');
        // The list refers to the hidden sheet's column, which holds exactly the choices.
        const m = /^'(.+)'!\$([A-Z]+)\$2:\$\2\$(\d+)$/.exec(dv[`${letter}2`]?.formulae[0] as string);
        expect(m?.[1]).toBe(choices.name);
        const listCol = choices.getColumn(m?.[2] as string).number - 1;
        const labels = lists.slice(1, Number(m?.[3])).map((r) => r[listCol]);
        expect(labels, fact.path).toEqual(fact.choices.map((c) => (style === 'path' ? c.id : c.label[style])));
      }
      const yesNo = header.findIndex((h) => h.endsWith(style === 'zh' ? '已获国家或自治区财政资金支持' : style === 'en' ? 'Received national or autonomous-region funds' : 'higher_level_funding'));
      const dv = (input as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
      expect(dv[`${input.getColumn(yesNo + 1).letter}2`]?.formulae).toEqual([style === 'zh' ? '"是,否"' : style === 'en' ? '"yes,no"' : '"true,false"']);
      expect(sheetRows(help).length).toBe(header.length + 1);
      // The example row, marked as such, reads back as a valid row.
      expect(sheetRows(input)[1]?.[2]).toBe(style === 'zh' ? '示例单位（请删除本行）' : 'Example Co. (delete this row)');
      const { summary } = await batch(file, 'jsonl');
      expect(summary).toMatchObject({ rows: 1, valid: 1, invalid: 0 });

      // Every label of every drop-down, filled in below the header, reads back.
      const filled = join(dir, `filled-${style}.xlsx`);
      const longest = Math.max(...enums.map((f) => f.choices.length));
      const rows = Array.from({ length: longest }, (_, i) => {
        const row: unknown[] = [`F${i}`, null, `单位${i}`];
        for (const fact of enums) {
          const col = header.findIndex((h) => h === (style === 'path' ? fact.path : fact.list ? `${policy.lists.get(fact.list)?.label[style]}.${fact.label[style]}` : fact.label[style]));
          const c = fact.choices[i % fact.choices.length];
          row[col] = style === 'path' ? c?.id : c?.label[style];
        }
        return row;
      });
      await writeBook(filled, [{ name: 'in', rows: [header, ...rows] }]);
      const read = await batch(filled, 'jsonl');
      expect(read.summary).toMatchObject({ rows: longest, invalid: 0 });
    }
  });

  it('has the same example row as the CSV template, for the shipped policy and for another one', async () => {
    for (const p of [undefined, 'test/fixtures/policies/demo-city-2024.yaml']) {
      const other = p ? loadPolicy(p) : policy;
      const asOf = p ? '2024-12-31' : AS_OF;
      const out = sink();
      await writeXlsxTemplate(other, 'zh', out);
      const xlsx = join(dir, `example-${p ? 'demo' : 'shipped'}.xlsx`);
      writeFileSync(xlsx, out.bytes());
      const csv = join(dir, `example-${p ? 'demo' : 'shipped'}.csv`);
      writeFileSync(csv, csvTemplate(other, 'zh'));
      const run = async (file: string) => {
        const o = sink();
        await runBatch({ policy: other, file, out: o, format: 'jsonl', lang: 'en', bom: false, asOf, ignoreUnknownColumns: false });
        return jsonl(o.bytes());
      };
      const [fromXlsx, fromCsv] = [await run(xlsx), await run(csv)];
      expect(fromXlsx).toEqual(fromCsv);
      expect(fromXlsx[0].status).toBe('applies');
      // The demo policy: 500万 × 20% = 100万, capped at 60万 per project; cloud 500万 × 50% capped at 5万.
      if (p) expect(fromXlsx[0].total).toEqual({ low: '650000.00', high: '650000.00' });
    }
  });

  it('is written by the CLI to -o, and `batch -o FILE.xlsx` writes a workbook', async () => {
    const t = join(dir, 'cli-template.xlsx');
    const r = await cli(['template', 'xlsx', '--headers', 'en', '-o', t]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(t).subarray(0, 2).toString()).toBe('PK');
    const out = join(dir, 'cli-results.xlsx');
    const b = await cli(['batch', t, '-o', out, '--as-of', AS_OF, '--lang', 'en']);
    expect(b.status).toBe(0);
    expect(b.stderr).toContain(`${t} (sheet "projects"): 1 row read, 1 valid, 0 invalid`);
    const wb = await book(readFileSync(out));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['results', 'summary', 'problems']);
    expect(wb.worksheets[0]?.getCell('D2').value).toBe('Example Co. (delete this row)');
  });
});
