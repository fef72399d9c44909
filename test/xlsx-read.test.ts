import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BatchOptions, runBatch } from '../src/batch/run.js';
import type { BatchSummary } from '../src/batch/summary.js';
import { loadPolicy } from '../src/policy/load.js';
import { openZipPart, readZipDirectory } from '../src/sheets/zip-directory.js';
import { type Part, zip } from './helpers/zip.js';

// A workbook is read the same whatever order its zip stores its parts in, every time: exceljs's
// front-to-back stream reader lost the parts stored last (xl/workbook.xml, as exceljs and others
// write it) about one read in a few hundred (exceljs #3064), and crashed the process with an
// unhandled ENOENT when a skipped sheet's temporary file was deleted under it. The workbooks here
// are the same parts stored in orders chosen to be the worst for a front-to-back reader.

const policy = loadPolicy();
const AS_OF = '2020-12-31';
const dir = mkdtempSync(join(tmpdir(), 'xlsx-read-'));

async function batch(file: string, extra: Partial<BatchOptions> = {}): Promise<{ summary: BatchSummary; lines: { applicant: string }[] }> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  const summary = await runBatch({ policy, file, out, format: 'jsonl', lang: 'en', bom: false, asOf: AS_OF, ignoreUnknownColumns: false, ...extra });
  const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
  return { summary, lines };
}


/** The parts of a zip file, in the order it stores them, read back with the reader under test. */
async function unzip(file: string): Promise<Part[]> {
  const parts = [...(readZipDirectory({ file })).values()].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  const out: Part[] = [];
  for (const p of parts) {
    const chunks: Buffer[] = [];
    for await (const c of openZipPart({ file }, p, 2 ** 31)) chunks.push(c);
    out.push({ name: p.name, bytes: Buffer.concat(chunks) });
  }
  return out;
}

const HEADER = ['申请单位编号', '申请单位名称', '申请主体类型', '所属产业领域'];
const ROWS = [HEADER, ['A1', '柳州甲公司', '企业', '新能源汽车产业']];
let parts: Part[] = [];
const byName = (name: string) => parts.find((p) => p.name === name) as Part;
const isSheet = (p: Part) => p.name.startsWith('xl/worksheets/');

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Notes', { state: 'hidden' }).addRow(['not a header']);
  const projects = wb.addWorksheet('Projects');
  for (const r of ROWS) projects.addRow(r);
  const other = wb.addWorksheet('Other');
  for (const r of [...ROWS, ['B1', '柳州乙公司', '企业', '新材料产业']]) other.addRow(r);
  const file = join(dir, 'exceljs.xlsx');
  await wb.xlsx.writeFile(file);
  parts = await unzip(file);
});

describe('a workbook whose zip stores its parts in any order', () => {
  const orders: Record<string, () => Part[]> = {
    // As exceljs writes them: the sheets before the shared strings, the styles and xl/workbook.xml.
    'as exceljs stores them (xl/workbook.xml last)': () => parts,
    'the sheets first, then everything else backwards': () => [...parts.filter(isSheet), ...parts.filter((p) => !isSheet(p)).reverse()],
    'xl/workbook.xml first, the sheets stored, not deflated': () => [byName('xl/workbook.xml'), ...parts.filter((p) => p.name !== 'xl/workbook.xml').map((p) => ({ ...p, stored: isSheet(p) }))],
    'in ZIP64 records': () => parts,
    'with data descriptors, the sizes only in the directory': () => parts,
  };

  for (const [how, order] of Object.entries(orders)) {
    it(`reads the first visible sheet, --sheet by name, and names the sheets, every time: ${how}`, async () => {
      const file = join(dir, `${how.replace(/\W+/g, '-')}.xlsx`);
      writeFileSync(file, zip(order(), { zip64: how.includes('ZIP64'), descriptors: how.includes('descriptors') }));
      const unhandled: unknown[] = [];
      const record = (e: unknown) => unhandled.push(e);
      process.on('uncaughtException', record);
      process.on('unhandledRejection', record);
      try {
        // exceljs's reader failed about once in 200 reads and crashed once in 40: 30 rounds of
        // three reads each would all but surely have met one of them.
        for (let round = 0; round < 30; round++) {
          const first = await batch(file);
          expect(first.summary).toMatchObject({ rows: 1, valid: 1, encoding: 'sheet "Projects"' });
          expect(first.lines.map((l) => l.applicant)).toEqual(['柳州甲公司']);
          const other = await batch(file, { sheet: 'other' });
          expect(other.summary).toMatchObject({ rows: 2, valid: 2, encoding: 'sheet "Other"' });
          expect(other.lines.map((l) => l.applicant)).toEqual(['柳州甲公司', '柳州乙公司']);
          await expect(batch(file, { sheet: 'Projcts' })).rejects.toThrow(`${file}  error  --sheet: has no sheet "Projcts" (did you mean "Projects"?); its sheets are "Notes", "Projects", "Other"`);
        }
        // An error a stream raised after its read had ended would surface here, a moment later.
        await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        process.off('uncaughtException', record);
        process.off('unhandledRejection', record);
      }
      expect(unhandled).toEqual([]);
    });
  }

  it('reads a hidden sheet by name, and the first sheet when none is visible', async () => {
    const file = join(dir, 'hidden.xlsx');
    writeFileSync(file, zip(parts));
    const notes = batch(file, { sheet: 'Notes' });
    await expect(notes).rejects.toThrow('sheet "Notes", row 1: column 1 "not a header" is not a fact of the policy');
    const allHidden = join(dir, 'all-hidden.xlsx');
    const book = byName('xl/workbook.xml').bytes.toString('utf8').replaceAll('state="visible"', 'state="hidden"');
    expect(book.match(/state="hidden"/g)).toHaveLength(3);
    writeFileSync(allHidden, zip(parts.map((p) => (p.name === 'xl/workbook.xml' ? { ...p, bytes: Buffer.from(book) } : p))));
    await expect(batch(allHidden)).rejects.toThrow('sheet "Notes", row 1: column 1 "not a header" is not a fact of the policy');
  });

  it('finds the parts that the relationships name with an absolute path, in any letter case', async () => {
    const file = join(dir, 'absolute.xlsx');
    const rels = byName('xl/_rels/workbook.xml.rels').bytes.toString('utf8').replace(/Target="(worksheets|sharedStrings|styles)/g, (_, t) => `Target="/xl/${t}`);
    expect(rels).toContain('Target="/xl/worksheets/sheet2.xml"');
    const renamed = (p: Part) => (p.name === 'xl/_rels/workbook.xml.rels' ? { ...p, bytes: Buffer.from(rels) } : p.name === 'xl/worksheets/sheet2.xml' ? { ...p, name: 'xl/worksheets/Sheet2.xml' } : p);
    writeFileSync(file, zip(parts.map(renamed)));
    expect((await batch(file)).lines.map((l) => l.applicant)).toEqual(['柳州甲公司']);
  });
});

describe('a workbook that cannot be read', () => {
  const cases: [string, () => Buffer, string][] = [
    ['cut short', () => readFileSync(join(dir, 'exceljs.xlsx')).subarray(0, 3000), 'is not a whole Excel workbook (the file ends too early): copy or download it again'],
    ['a zip of something else', () => zip([{ name: 'data.csv', bytes: Buffer.from('a,b\n') }]), 'is a zip archive but not an Excel workbook (it has no xl/workbook.xml): open it in Excel and save it as "Excel Workbook (.xlsx)"'],
    [
      'its sheet part missing',
      () => zip(parts.filter((p) => p.name !== 'xl/worksheets/sheet2.xml')),
      'is not an Excel workbook that can be read (the part of sheet "Projects", worksheets/sheet2.xml, is missing): open it in Excel and save it again as "Excel Workbook (.xlsx)"',
    ],
    [
      'its sheet data damaged',
      () => zip(parts.map((p) => (p.name === 'xl/worksheets/sheet2.xml' ? { ...p, raw: Buffer.alloc(64, 0xff) } : p))),
      'is not an Excel workbook that can be read (invalid block type): open it in Excel and save it again as "Excel Workbook (.xlsx)"',
    ],
    [
      // A changed shared-string index: the name would be read as another text, with no error.
      'its sheet changed after it was zipped',
      () => {
        const sheet = byName('xl/worksheets/sheet2.xml');
        const changed = Buffer.from(sheet.bytes.toString('utf8').replace('<c r="B2" t="s"><v>6</v>', '<c r="B2" t="s"><v>0</v>'));
        expect(changed.equals(sheet.bytes)).toBe(false);
        return zip(parts.map((p) => (p === sheet ? { ...p, stored: true, raw: changed } : p)));
      },
      'is not an Excel workbook that can be read (the part xl/worksheets/sheet2.xml is damaged: its checksum does not match): open it in Excel and save it again as "Excel Workbook (.xlsx)"',
    ],
    [
      'its sheet data cut short inside the zip',
      () => zip(parts.map((p) => (p.name === 'xl/worksheets/sheet2.xml' ? { ...p, raw: deflateRawSync(p.bytes).subarray(0, 100) } : p))),
      'is not a whole Excel workbook (the file ends too early): copy or download it again',
    ],
  ];
  for (const [what, bytes, message] of cases) {
    it(`says so in one line when it is ${what}`, async () => {
      const file = join(dir, `${what.replace(/\W+/g, '-')}.xlsx`);
      writeFileSync(file, bytes());
      for (let i = 0; i < 5; i++) await expect(batch(file)).rejects.toThrow(`${file}  error  ${message}`);
    });
  }
});
