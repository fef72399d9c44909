import { describe, expect, it } from 'vitest';
import { InputError, loadPolicy, runBatch } from '../src/index.js';
import { Capture } from './helpers/cli.js';
import { type HandBook, handBook } from './helpers/workbook.js';

// The limits of a workbook, each refused while reading with one line naming it: the shared-string
// table (by its count, whatever count it declares), how deep the XML nests, how long it runs
// without a tag, how long a cell is, and how large a part inflates (by the size the zip declares,
// and by counting what it inflates when the declared size lies).

const policy = loadPolicy();

async function refusal(book: HandBook): Promise<string> {
  const out = new Capture();
  const e = await runBatch({ policy, source: { name: 'w.xlsx', bytes: new Uint8Array(handBook(book)) }, out, format: 'jsonl', lang: 'en', bom: false, asOf: '2020-12-31', ignoreUnknownColumns: false }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(InputError);
  expect(out.text).toBe('');
  return (e as InputError).problems.map((p) => `${p.file}: ${p.message}`).join('\n');
}

const ROWS = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>';

describe('workbook limits', () => {
  it('refuses a shared-string table of more than 1,000,000 entries, whatever count it declares', async () => {
    const many = Array.from({ length: 1_000_001 }, () => '<si/>');
    expect(await refusal({ rows: ROWS, shared: many, sstAttributes: 'count="1" uniqueCount="1"' })).toBe('w.xlsx: is refused: xl/sharedStrings.xml has more than 1,000,000 strings (the limit)');
    expect(await refusal({ rows: ROWS, shared: ['<si><t>a</t></si>'], sstAttributes: 'count="2000000" uniqueCount="2000000"' })).toBe('w.xlsx: is refused: xl/sharedStrings.xml declares 2,000,000 strings, more than 1,000,000 (the limit)');
  }, 60_000);

  it('refuses XML nested deeper than 64 elements, however deep it goes', async () => {
    const deep = (n: number) => `${'<a>'.repeat(n)}${'</a>'.repeat(n)}`;
    expect(await refusal({ rows: `${ROWS}<row r="2"><c r="A2"><v>1</v>${deep(200_000)}</c></row>`, shared: ['<si><t>h</t></si>'] })).toBe('w.xlsx: is refused: xl/worksheets/sheet1.xml nests its XML more than 64 elements deep (the limit)');
    expect(await refusal({ rows: ROWS, shared: [`<si>${deep(100)}</si>`] })).toBe('w.xlsx: is refused: xl/sharedStrings.xml nests its XML more than 64 elements deep (the limit)');
  });

  it('refuses a cell longer than Excel allows, and XML that runs on without a tag', async () => {
    const long = 'x'.repeat(32_768);
    expect(await refusal({ rows: `<row r="1"><c r="A1" t="inlineStr"><is><t>${long}</t></is></c></row>` })).toBe("w.xlsx: is refused: xl/worksheets/sheet1.xml, row 1, holds more than 32,767 characters (Excel's limit for a cell)");
    expect(await refusal({ rows: ROWS, shared: [`<si><t>${long}</t></si>`] })).toBe("w.xlsx: is refused: xl/sharedStrings.xml, string 1, holds more than 32,767 characters (Excel's limit for a cell)");
    expect(await refusal({ rows: `<row r="1"><c r="A1" t="str"><v>${'y'.repeat(2_000_000)}</v></c></row>` })).toBe('w.xlsx: is refused: xl/worksheets/sheet1.xml has more than 1,048,576 characters of XML without a tag (the limit)');
  });

  it('refuses a zip bomb by the size its directory declares, and by counting what it inflates when that size lies', async () => {
    const sheet = (declaredSize: number) => (parts: { name: string; declaredSize?: number }[]) => parts.map((p) => (p.name.endsWith('sheet1.xml') ? { ...p, declaredSize } : p)) as never;
    expect(await refusal({ rows: ROWS, shared: ['<si><t>h</t></si>'], parts: sheet(3 * 1024 ** 3) })).toBe('w.xlsx: is refused: the part xl/worksheets/sheet1.xml inflates to 3,221,225,472 bytes, more than 2 GB (the limit)');
    // Declared at 100 bytes, inflating to a megabyte: stopped as soon as it passes 100.
    const big = `<row r="1"><c r="A1" t="s"><v>0</v></c></row>${Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 2}"><c r="A${i + 2}"><v>1</v></c></row>`).join('')}`;
    expect(await refusal({ rows: big, shared: ['<si><t>h</t></si>'], parts: sheet(100) })).toMatch(/^w\.xlsx: is not an Excel workbook that can be read \(the part xl\/worksheets\/sheet1\.xml inflates to more than the 100 bytes the zip directory says\)/);
    const strings = (parts: { name: string; declaredSize?: number }[]) => parts.map((p) => (p.name.endsWith('sharedStrings.xml') ? { ...p, declaredSize: 300 * 1024 ** 2 } : p)) as never;
    expect(await refusal({ rows: ROWS, shared: ['<si><t>h</t></si>'], parts: strings })).toBe('w.xlsx: is refused: the part xl/sharedStrings.xml inflates to 314,572,800 bytes, more than 256 MB (the limit)');
  });
});
