import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { type BatchOptions, InputError, loadPolicy, runBatch } from '../src/index.js';
import { Capture } from './helpers/cli.js';

// A batch read from bytes in memory (what the web workbench gets from an upload) gives, row for
// row and figure for figure, what the same file on disk gives, for CSV and for a workbook; its
// messages name the upload; and nothing needs a path.

const policy = loadPolicy();
const AS_OF = '2020-12-31';
const dir = mkdtempSync(join(tmpdir(), 'sheets-source-'));
const CSV = new URL('../examples/projects.csv', import.meta.url).pathname;

async function run(input: Pick<BatchOptions, 'file' | 'source'>, extra: Partial<BatchOptions> = {}) {
  const out = new Capture();
  const summary = await runBatch({ policy, ...input, out, format: 'jsonl', lang: 'en', bom: false, asOf: AS_OF, ignoreUnknownColumns: false, ...extra });
  return { summary, text: out.text };
}

/** examples/projects.csv as a workbook typed by hand: every cell text, as pasted. */
async function projectsWorkbook(): Promise<Buffer> {
  const rows = Papa.parse<string[]>(readFileSync(CSV, 'utf8'), { skipEmptyLines: true }).data;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('项目');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('a batch from bytes in memory', () => {
  it('reads a CSV upload exactly as the file: the same rows, totals and summary', async () => {
    const fromFile = await run({ file: CSV }, { display: 'projects.csv' });
    const fromBytes = await run({ source: { name: 'projects.csv', bytes: new Uint8Array(readFileSync(CSV)) } });
    expect(fromBytes.text).toBe(fromFile.text);
    expect(fromBytes.summary).toEqual(fromFile.summary);
    expect(fromBytes.summary.rows).toBe(8);
    expect(fromBytes.summary.invalid).toBe(1);
    expect(fromBytes.summary.total.low.toFixed(2)).toBe('8700000.00');
    expect(fromBytes.summary.total.high.toFixed(2)).toBe('9260000.00');
  });

  it('reads a workbook upload (by its .xlsx name) exactly as the same workbook on disk', async () => {
    const bytes = await projectsWorkbook();
    const file = join(dir, 'projects.xlsx');
    writeFileSync(file, bytes);
    const fromFile = await run({ file }, { display: 'up.xlsx' });
    const fromBytes = await run({ source: { name: 'up.xlsx', bytes: new Uint8Array(bytes) } });
    expect(fromBytes.text).toBe(fromFile.text);
    expect(fromBytes.summary).toEqual(fromFile.summary);
    expect(fromBytes.summary.total.low.toFixed(2)).toBe('8700000.00');
    expect(fromBytes.summary.rows).toBe(8);
  });

  it('names the upload in what it refuses: empty, a workbook cut short, a workbook named .csv', async () => {
    const refused = async (name: string, bytes: Uint8Array) => {
      const e = await run({ source: { name, bytes } }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).problems.map((p) => `${p.file}: ${p.message}`).join('\n');
    };
    expect(await refused('empty.csv', new Uint8Array())).toMatch(/^empty\.csv: is empty/);
    expect(await refused('empty.xlsx', new Uint8Array())).toMatch(/^empty\.xlsx: is empty/);
    const book = await projectsWorkbook();
    expect(await refused('cut.xlsx', new Uint8Array(book.subarray(0, book.length - 100)))).toMatch(/^cut\.xlsx: is not a whole Excel workbook/);
    expect(await refused('book.csv', new Uint8Array(book))).toMatch(/^book\.csv: is an Excel workbook \(\.xlsx\) or another zip file, not CSV/);
  });

  it('reads from a slice of a larger buffer (an upload cut out of a request body) without its neighbours', async () => {
    const csv = readFileSync(CSV);
    const body = Buffer.concat([Buffer.from('--boundary\r\n\r\n'), csv, Buffer.from('\r\n--boundary--')]);
    const slice = new Uint8Array(body.buffer, body.byteOffset + 14, csv.length);
    const fromSlice = await run({ source: { name: 'p.csv', bytes: slice } });
    expect(fromSlice.summary.total.low.toFixed(2)).toBe('8700000.00');
    expect(fromSlice.summary.rows).toBe(8);
  });
});
