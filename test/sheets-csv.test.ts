import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { type BatchOptions, InputError, loadPolicy, runBatch } from '../src/index.js';
import { type CsvError, CsvParser } from '../src/sheets/csv.js';
import { MAX_CSV_CELL, MAX_CSV_CELLS, MAX_CSV_HEADER, MAX_CSV_ROW } from '../src/sheets/limits.js';
import { Capture } from './helpers/cli.js';

// CSV records read exactly, however the text is cut into pieces; every limit refused with one line
// naming it, as it is reached; a value under a blank header refused for its row; text that is
// neither UTF-8 nor GB18030 refused, never read with replacement characters.

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

function parse(text: string, pieces: number[] = []): string[][] {
  const p = new CsvParser(',', { header: MAX_CSV_HEADER, row: MAX_CSV_ROW });
  const out: string[][] = [];
  let at = 0;
  for (const n of [...pieces, text.length]) {
    p.write(text.slice(at, Math.min(text.length, at + n)));
    out.push(...p.take().map((r) => r.cells));
    at = Math.min(text.length, at + n);
  }
  p.write(text.slice(at));
  p.end();
  out.push(...p.take().map((r) => r.cells));
  return out;
}

const cellText = fc.stringMatching(/^[a-z柳州 ,"\r\n;]{0,12}$/);
const quote = (c: string) => (/[",\r\n]/.test(c) || c === '' ? `"${c.replaceAll('"', '""')}"` : c);

describe('the CSV reader', () => {
  it('reads back any cells written as Excel writes them, however the text is cut into pieces', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cellText, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 40 }),
        (rows, eol, pieces) => {
          const text = rows.map((r) => r.map(quote).join(',')).join(eol) + eol;
          expect(parse(text, pieces)).toEqual(rows);
        },
      ),
      { numRuns: RUNS * 40 },
    );
  });

  it('reads a last line without its line end, blank lines, and text after a closing quote (marked)', () => {
    expect(parse('a,b\n\n1,2')).toEqual([['a', 'b'], [''], ['1', '2']]);
    const p = new CsvParser(',', { header: 100, row: 100 });
    p.write('a,"b"c,d\n');
    p.end();
    expect(p.take()).toEqual([{ cells: ['a', 'bc', 'd'], strayQuote: true }]);
  });

  it('refuses, as the text arrives, a cell, a header or a row past its limit, and a quote never closed', () => {
    const fails = (text: string, pieces?: number[]) => {
      try {
        parse(text, pieces);
      } catch (e) {
        return (e as CsvError).message;
      }
      return 'read';
    };
    expect(fails(`h\n${'x'.repeat(MAX_CSV_CELL)}\n`)).toBe('read');
    expect(fails(`h\n${'x'.repeat(MAX_CSV_CELL + 1)}\n`)).toBe('a cell of row 2 is longer than 32,767 characters (the limit)');
    expect(fails(`h\n"${'x'.repeat(MAX_CSV_CELL + 1)}`, [1000, 1000])).toBe('a cell of row 2 is longer than 32,767 characters (the limit): a quote opened there may never close (a quote inside a cell is written "")');
    expect(fails(`${`${'h'.repeat(99)},`.repeat(700)}\n`)).toBe('the header (row 1) is longer than 65,536 characters (the limit)');
    expect(fails(`h\n${`${'x'.repeat(30_000)},`.repeat(40)}\n`)).toBe('a row (row 2) is longer than 1,048,576 characters (the limit)');
    expect(fails(`h\n${','.repeat(MAX_CSV_CELLS)}\n`)).toBe('row 2 has more than 16,384 cells (the limit)');
    expect(fails('h\n"open')).toBe('a quoted cell opened near row 2 is never closed');
  });
});

const policy = loadPolicy();
const HEADER = 'applicant_id,name,kind,industry,projects.name,projects.type,projects.plant_equipment_investment';

async function batch(name: string, bytes: Uint8Array, extra: Partial<BatchOptions> = {}) {
  const out = new Capture();
  const summary = await runBatch({ policy, source: { name, bytes }, out, format: 'jsonl', lang: 'en', bom: false, asOf: '2020-12-31', ignoreUnknownColumns: false, ...extra });
  return { summary, rows: out.text.trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}
const refusal = async (name: string, bytes: Uint8Array, extra: Partial<BatchOptions> = {}) => {
  const e = await batch(name, bytes, extra).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(InputError);
  return (e as InputError).problems.map((p) => `${p.file}: ${p.message}`).join('\n');
};

describe('a CSV batch', () => {
  it('refuses a stray quote in 16 MB at the cell limit, as soon as it is passed', async () => {
    const row = 'A1,One,enterprise,new-materials,Line,technical-renovation,1000万\n';
    const text = `${HEADER}\n${row}A2,"Two,enterprise,new-materials,Line,technical-renovation,1000万\n${row.repeat(Math.ceil((16 * 1024 * 1024) / row.length))}`;
    expect(await refusal('big.csv', Buffer.from(text))).toBe(
      'big.csv: is not valid CSV: a cell of row 3 is longer than 32,767 characters (the limit): a quote opened there may never close (a quote inside a cell is written "")',
    );
  });

  it('refuses a 32 MB cell and a 50 MB header at their limits', async () => {
    expect(await refusal('cell.csv', Buffer.from(`${HEADER}\nA1,${'x'.repeat(32 * 1024 * 1024)}\n`))).toBe('cell.csv: is not valid CSV: a cell of row 2 is longer than 32,767 characters (the limit)');
    expect(await refusal('header.csv', Buffer.from(`${'name,'.repeat(10 * 1024 * 1024)}\n`))).toMatch(/^header\.csv: is not valid CSV: (the header \(row 1\) is longer than 65,536 characters|row 1 has more than 16,384 cells) \(the limit\)$/);
  });

  it('refuses a value under a blank header cell (merged headers) for its row, and reads the other rows', async () => {
    const csv = `${HEADER},,projects.name_2\nA1,One,enterprise,new-materials,Line,technical-renovation,1000万,stray,\nA2,Two,enterprise,new-materials,Line,technical-renovation,1000万,,\n`.replace(',projects.name_2', '');
    const { rows } = await batch('m.csv', Buffer.from(csv));
    expect(rows[0].status).toBe('invalid');
    expect(rows[0].error).toBe('row 2: column 8 holds "stray" but has no header: give the column a header, or clear it');
    expect(rows[1].status).not.toBe('invalid');
    expect(rows[1].error).toBeUndefined();
  });

  it('refuses Latin-1 text rather than reading it as GB18030 with replacement characters, and reads it with --encoding latin1', async () => {
    const latin1 = iconv.encode(`${HEADER}\nA1,Société Générale,enterprise,new-materials,Ligne é,technical-renovation,1000万\n`.replace('1000万', '10000000'), 'latin1');
    expect(await refusal('l.csv', latin1)).toMatch(/^l\.csv: is neither UTF-8 nor GB18030 \(GBK\): the bytes near byte \d+ are no character of it, so it may be in another encoding \(Latin-1, Big5 …\)/);
    const { rows } = await batch('l.csv', latin1, { encoding: 'latin1' });
    expect(rows[0].applicant).toBe('Société Générale');
    const gbk = iconv.encode(`${HEADER}\nA1,柳州某公司,enterprise,new-materials,扩产,technical-renovation,1000万\n`, 'gbk');
    expect((await batch('g.csv', gbk)).rows[0].applicant).toBe('柳州某公司');
  });
});
