import { describe, expect, it } from 'vitest';
import { InputError, loadPolicy, runBatch } from '../src/index.js';
import { type ColumnKind, cellText } from '../src/sheets/xlsx-cells.js';
import { openSheet } from '../src/sheets/xlsx-open.js';
import type { Parsed } from '../src/values/money.js';
import { Capture } from './helpers/cli.js';
import { type HandBook, handBook } from './helpers/workbook.js';

// Every cell of the file format, read exactly or refused: each type of ST_CellType, rich text
// and phonetic guides, formulas with each type of saved result, numbers by their format, the
// two date systems; and a sheet that is cut short or malformed is an error for the file, with
// no row read. The workbooks are written by hand, as Excel, WPS and other programs write them.

/** The cells of the sheet's rows, each read as a column of `kind` expects. */
async function cells(book: HandBook, kind: ColumnKind | undefined): Promise<Parsed<string>[][]> {
  const sheet = await openSheet({ bytes: handBook(book) }, 'w.xlsx', undefined);
  const out: Parsed<string>[][] = [];
  try {
    for (let next = await sheet.rows.next(); !next.done; next = await sheet.rows.next()) {
      for (const row of next.value) out.push(row.cells.map((c) => cellText(c.value, { type: kind, date1904: sheet.date1904 })));
    }
  } finally {
    sheet.close();
  }
  return out;
}

/** The one cell of a one-cell sheet. */
async function cell(c: string, kind: ColumnKind | undefined, book: Partial<HandBook> = {}): Promise<Parsed<string>> {
  const rows = await cells({ rows: `<row r="1">${c}</row>`, ...book }, kind);
  return rows[0]?.[0] as Parsed<string>;
}

const ok = (value: string) => ({ ok: true, value });
const refused = (pattern: RegExp) => expect.objectContaining({ ok: false, message: expect.stringMatching(pattern) });

describe('one cell reader, exact or refusing', () => {
  it('reads numbers (t="n" and no type) exactly, and refuses t="n" holding text, hexadecimal or not', async () => {
    expect(await cell('<c r="A1"><v>2800000</v></c>', 'money')).toEqual(ok('2800000'));
    expect(await cell('<c r="A1" t="n"><v>1.5E3</v></c>', 'money')).toEqual(ok('1500'));
    expect(await cell('<c r="A1" t="n"><v>0x1F</v></c>', 'money')).toEqual(refused(/typed as a number but holds "0x1F"/));
    expect(await cell('<c r="A1" t="n"><v>0x1F</v></c>', 'money')).toEqual(expect.objectContaining({ zh: '类型为数字，内容“0x1F”却不是数字' }));
    expect(await cell('<c r="A1" t="n"><v>3500万</v></c>', 'money')).toEqual(refused(/typed as a number but holds "3500万"/));
    expect(await cell('<c r="A1" t="n"><v>INF</v></c>', 'money')).toEqual(refused(/not one/));
    expect(await cell('<c r="A1" t="n"><is><t>12</t></is></c>', 'money')).toEqual(refused(/typed as a number but holds text/));
    // A styled empty cell is empty, not zero.
    expect(await cell('<c r="A1" s="0"/>', 'money')).toEqual(ok(''));
  });

  it('reads shared text and refuses a money cell of hexadecimal text through the money rule', async () => {
    const shared = ['<si><t>0x1F</t></si>', '<si><t xml:space="preserve"> 柳州 </t></si>'];
    expect(await cell('<c r="A1" t="s"><v>1</v></c>', 'text', { shared })).toEqual(ok(' 柳州 '));
    expect(await cell('<c r="A1" t="s"><v>0</v></c>', 'money', { shared })).toEqual(ok('0x1F'));
    expect(await cell('<c r="A1" t="s"><v>7</v></c>', 'text', { shared })).toEqual(refused(/shared string 7, which the workbook does not have/));
    const e = await batch({ rows: `${HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="B2" t="inlineStr"><is><t>甲</t></is></c><c r="C2" t="inlineStr"><is><t>企业</t></is></c><c r="D2" t="inlineStr"><is><t>新材料产业</t></is></c><c r="E2" t="inlineStr"><is><t>技术改造项目</t></is></c><c r="F2" t="s"><v>0</v></c></row>`, shared });
    expect(e.rows[0]?.status).toBe('invalid');
    expect(e.rows[0]?.error).toMatch(/"0x1F" is not an amount of money/);
  });

  it('reads rich-text runs, inline and shared, and leaves phonetic guides (<rPh>) out of the text', async () => {
    const shared = [
      '<si><r><rPr><b/></rPr><t>柳州</t></r><r><t>某公司</t></r><rPh sb="0" eb="2"><t>liǔzhōu</t></rPh><phoneticPr fontId="1"/></si>',
      '<si><t>柳州</t><rPh sb="0" eb="2"><t>りゅうしゅう</t></rPh></si>',
    ];
    expect(await cell('<c r="A1" t="s"><v>0</v></c>', 'text', { shared })).toEqual(ok('柳州某公司'));
    expect(await cell('<c r="A1" t="s"><v>1</v></c>', 'text', { shared })).toEqual(ok('柳州'));
    expect(await cell('<c r="A1" t="inlineStr"><is><r><t>柳州</t></r><r><rPr><i/></rPr><t xml:space="preserve"> 某</t></r><rPh><t>liu</t></rPh></is></c>', 'text')).toEqual(ok('柳州 某'));
    expect(await cell('<c r="A1" t="inlineStr"><is><t>2800000</t></is></c>', 'money')).toEqual(ok('2800000'));
    // OOXML's own escapes: a carriage return as _x000D_, a literal "_x" as _x005F_x.
    expect(await cell('<c r="A1" t="s"><v>0</v></c>', 'text', { shared: ['<si><t>柳州_x000D_\n公司 _x005F_x0041_</t></si>'] })).toEqual(ok('柳州\r\n公司 _x0041_'));
    expect(await cell('<c r="A1" t="str"><f>A2</f><v>a_x0009_b</v></c>', 'text')).toEqual(ok('a\tb'));
  });

  it('reads a formula as its saved result, of each type: 0, FALSE and an error are results, not "no result"', async () => {
    expect(await cell('<c r="A1"><f>B1*0</f><v>0</v></c>', 'money')).toEqual(ok('0'));
    expect(await cell('<c r="A1" t="b"><f>B1&gt;1</f><v>0</v></c>', 'boolean')).toEqual(ok('false'));
    expect(await cell('<c r="A1" t="b"><f>TRUE()</f><v>1</v></c>', 'boolean')).toEqual(ok('true'));
    expect(await cell('<c r="A1" t="str"><f>B1&amp;"公司"</f><v>柳州公司</v></c>', 'text')).toEqual(ok('柳州公司'));
    expect(await cell('<c r="A1" t="str"><f>""</f><v></v></c>', 'text')).toEqual(ok(''));
    expect(await cell('<c r="A1" t="d"><f>DATE(2019,5,1)</f><v>2019-05-01T00:00:00</v></c>', 'date')).toEqual(ok('2019-05-01'));
    expect(await cell('<c r="A1" t="e"><f>1/0</f><v>#DIV/0!</v></c>', 'money')).toEqual(refused(/^is a formula whose result is the Excel error #DIV\/0!$/));
    expect(await cell('<c r="A1" t="e"><v>#N/A</v></c>', 'text')).toEqual(refused(/^is the Excel error #N\/A$/));
    expect(await cell('<c r="A1"><f>B1*2</f></c>', 'money')).toEqual(refused(/formula with no saved result/));
    expect(await cell('<c r="A1" t="b"><v>2</v></c>', 'boolean')).toEqual(refused(/typed as TRUE\/FALSE but holds "2"/));
  });

  it('reads t="d" (ISO text) as that date in a date or text column, and refuses it where money is expected', async () => {
    expect(await cell('<c r="A1" t="d"><v>2019-05-01</v></c>', 'date')).toEqual(ok('2019-05-01'));
    expect(await cell('<c r="A1" t="d"><v>2019-05-01T00:00:00Z</v></c>', 'text')).toEqual(ok('2019-05-01'));
    expect(await cell('<c r="A1" t="d"><v>2019-05-01</v></c>', 'money')).toEqual(refused(/^is a date \(2019-05-01\), not an amount/));
    expect(await cell('<c r="A1" t="d"><v>2019-02-30</v></c>', 'date')).toEqual(refused(/typed as a date but holds "2019-02-30"/));
    expect(await cell('<c r="A1" t="zz"><v>1</v></c>', 'text')).toEqual(refused(/cell type "zz"/));
  });

  it('reads numbers by their format: dates in the 1900 and 1904 systems, percentages; refuses a date or a percentage where an amount is expected', async () => {
    const styled = { formats: [0, 14, 10, 176, 20], numFmts: { 176: 'yyyy"年"m"月"d"日"' } };
    expect(await cell('<c r="A1" s="1"><v>43586</v></c>', 'date', styled)).toEqual(ok('2019-05-01'));
    expect(await cell('<c r="A1" s="3"><v>43586</v></c>', 'text', styled)).toEqual(ok('2019-05-01'));
    expect(await cell('<c r="A1"><v>43586</v></c>', 'date', styled)).toEqual(ok('2019-05-01'));
    expect(await cell('<c r="A1" s="1"><v>42124</v></c>', 'date', { ...styled, date1904: true })).toEqual(ok('2019-05-01'));
    expect(await cell('<c r="A1" s="1"><v>43586</v></c>', 'money', styled)).toEqual(refused(/^is a date \(2019-05-01\), not an amount/));
    expect(await cell('<c r="A1" s="2"><v>0.0435</v></c>', 'rate', styled)).toEqual(ok('4.35%'));
    expect(await cell('<c r="A1" s="2"><v>0.5</v></c>', 'money', styled)).toEqual(refused(/^is a percentage \(50%\), not an amount/));
    expect(await cell('<c r="A1" s="4"><v>0.5</v></c>', 'date', styled)).toEqual(refused(/not a date/));
  });
});

const policy = loadPolicy();
const HEADER = '<row r="1">' + ['申请单位编号', '申请单位名称', '申请主体类型', '所属产业领域', '项目.项目类型', '项目.厂房、设备实际投资额', '项目.项目引进或立项日期'].map((h, i) => `<c r="${String.fromCharCode(65 + i)}1" t="inlineStr"><is><t>${h}</t></is></c>`).join('') + '</row>';
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const dataRow = (n: number) => `<row r="${n}">${inline(`A${n}`, `A${n}`)}${inline(`B${n}`, '柳州甲公司')}${inline(`C${n}`, '企业')}${inline(`D${n}`, '新材料产业')}${inline(`E${n}`, '技术改造项目')}<c r="F${n}"><v>28000000</v></c><c r="G${n}" t="d"><v>2019-05-01</v></c></row>`;

async function batch(book: HandBook) {
  const out = new Capture();
  const summary = await runBatch({ policy, source: { name: 'w.xlsx', bytes: new Uint8Array(handBook(book)) }, out, format: 'jsonl', lang: 'en', bom: false, asOf: '2020-12-31', ignoreUnknownColumns: false });
  return { summary, rows: out.text.trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l)), text: out.text };
}

describe('a workbook batch', () => {
  it('reads a t="d" date in a date column as that date, so the project counts', async () => {
    const { rows } = await batch({ rows: HEADER + dataRow(2) });
    expect(rows[0]?.status).not.toBe('invalid');
    expect(rows[0]?.error).toBeUndefined();
    expect(rows[0]?.total).toEqual({ low: '2800000.00', high: '3360000.00' });
    // The date decides: read as 1905-07-11 (as it was), the project falls before the policy.
    const before = await batch({ rows: HEADER + dataRow(2).replace('<c r="G2" t="d"><v>2019-05-01</v></c>', inline('G2', '1905-07-11')) });
    expect(before.rows[0]?.total).toEqual({ low: '0.00', high: '0.00' });
  });

  it('refuses the whole file when the sheet is cut off mid-XML, and reads no row of it', async () => {
    const rows = HEADER + Array.from({ length: 1000 }, (_, i) => dataRow(i + 2)).join('');
    const whole = await batch({ rows });
    expect(whole.summary.rows).toBe(1000);
    for (const cut of [0.6, 0.999]) {
      const out = new Capture();
      const e = await runBatch({
        policy, source: { name: 'cut.xlsx', bytes: new Uint8Array(handBook({ rows, sheetXml: (x) => x.slice(0, Math.floor(x.length * cut)) })) },
        out, format: 'jsonl', lang: 'en', bom: false, asOf: '2020-12-31', ignoreUnknownColumns: false,
      }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).problems[0]?.message).toMatch(/^is not a whole Excel workbook \(xl\/worksheets\/sheet1\.xml stops before its end/);
      expect(out.text).toBe('');
    }
  });

  it('refuses a sheet whose XML is malformed in the middle, or whose rows go back', async () => {
    const rows = HEADER + dataRow(2) + dataRow(3);
    for (const [damage, why] of [
      [(x: string) => x.replace('<row r="3">', '<row r="3"><c r="A3"></row>'), /not well-formed XML/],
      [(x: string) => x.replace('<row r="3">', '<row r="2">'), /row 2 comes after row 2/],
      [(x: string) => x.replace('</worksheet>', '</worksheet><extra/>'), /not well-formed XML|stops before its end/],
      [(x: string) => x.replace('<sheetData>', '<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]><sheetData>'), /not well-formed XML/],
    ] as const) {
      const e = await batch({ rows, sheetXml: damage }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).problems[0]?.message).toMatch(why);
    }
  });

  it('refuses a value under a blank header cell (merged headers) for its row, and reads the other rows', async () => {
    const header = HEADER.replace('</row>', '<c r="I1" t="inlineStr"><is><t>备注</t></is></c></row>').replace('备注', '项目.项目名称');
    const rows = `${header}${dataRow(2).replace('</row>', `${inline('H2', '合并单元格下的值')}</row>`)}${dataRow(3)}`;
    const { rows: out } = await batch({ rows });
    expect(out[0]?.status).toBe('invalid');
    expect(out[0]?.error).toMatch(/column H holds "合并单元格下的值" but has no header/);
    expect(out[1]?.status).not.toBe('invalid');
  });
});
