import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ColumnKind, cellText } from '../src/sheets/xlsx-cells.js';
import { openSheet } from '../src/sheets/xlsx-open.js';
import type { Parsed } from '../src/values/money.js';
import { handBook, xmlText } from './helpers/workbook.js';

// Random workbooks, each cell of a random kind with the value it is meant to hold: written by the
// writer we use (exceljs), and as XML by hand for the forms exceljs never makes (t="d", inline and
// shared rich text with phonetic guides, formulas with typed saved results, the 1904 date system).
// Every cell reads to its intended value, or is refused when it is an error or holds no value.

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

interface Intended {
  kind: ColumnKind;
  /** The text the cell must read as; undefined: the cell must be refused. */
  expect: string | undefined;
}

async function readAll(bytes: Buffer, kinds: Map<string, ColumnKind>): Promise<Map<string, Parsed<string>>> {
  const sheet = await openSheet({ bytes }, 'p.xlsx', undefined);
  const got = new Map<string, Parsed<string>>();
  try {
    for (let next = await sheet.rows.next(); !next.done; next = await sheet.rows.next()) {
      for (const row of next.value) {
        for (const c of row.cells) {
          const key = `${row.number}:${c.col}`;
          got.set(key, cellText(c.value, { type: kinds.get(key), date1904: sheet.date1904 }));
        }
      }
    }
  } finally {
    sheet.close();
  }
  return got;
}

function check(intended: Map<string, Intended>, got: Map<string, Parsed<string>>): void {
  for (const [key, want] of intended) {
    const g = got.get(key) ?? { ok: true, value: '' };
    if (want.expect === undefined) expect(g.ok, `cell ${key} must be refused`).toBe(false);
    else expect(g, `cell ${key}`).toEqual({ ok: true, value: want.expect });
  }
}

const text = fc.stringMatching(/^[A-Za-z0-9 柳州市新能源汽车零部件有限公司&<>"'._\-=+@%，。\n]{1,24}$/);
const fen = fc.integer({ min: 0, max: 9_000_000_000_00 });
const yuanText = (f: number) => `${Math.floor(f / 100)}${f % 100 ? `.${String(f % 100).padStart(2, '0')}`.replace(/0$/, '') : ''}`;
const day = fc.integer({ min: 0, max: 20_000 }).map((d) => new Date(Date.UTC(1990, 0, 1 + d)));
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** One cell as exceljs writes it, and what it must read as. */
const excelCell: fc.Arbitrary<{ value: ExcelJS.CellValue; numFmt?: string } & Intended> = fc.oneof(
  fen.map((f) => ({ value: f / 100, kind: 'money' as const, expect: String(f / 100) })),
  text.map((t) => ({ value: t, kind: 'text' as const, expect: t })),
  fc.boolean().map((b) => ({ value: b, kind: 'boolean' as const, expect: String(b) })),
  day.map((d) => ({ value: d, kind: 'date' as const, expect: iso(d) })),
  day.map((d) => ({ value: d, kind: 'money' as const, expect: undefined })),
  fc.integer({ min: 0, max: 10_000 }).map((bp) => ({ value: bp / 10_000, numFmt: '0.00%', kind: 'rate' as const, expect: `${bp / 100}%` })),
  fc.array(text, { minLength: 1, maxLength: 4 }).map((runs) => ({ value: { richText: runs.map((t, i) => ({ text: t, ...(i % 2 ? { font: { bold: true } } : {}) })) }, kind: 'text' as const, expect: runs.join('') })),
  fc.oneof(fen.map((f) => f / 100), fc.boolean(), text, fc.constant(0), fc.constant(false)).map((result) => ({
    value: { formula: 'A1', result } as ExcelJS.CellValue,
    kind: (typeof result === 'number' ? 'money' : typeof result === 'boolean' ? 'boolean' : 'text') as ColumnKind,
    expect: String(result),
  })),
  fc.constantFrom('#DIV/0!', '#N/A', '#REF!', '#VALUE!').map((error) => ({ value: { formula: 'A1', result: { error } } as unknown as ExcelJS.CellValue, kind: 'money' as const, expect: undefined })),
);

/** One cell as XML written by hand, and what it must read as (`shared` collects the table). */
type HandCell = { xml: (ref: string, shared: string[]) => string } & Intended;
const runsXml = (runs: string[], phonetic: string) =>
  `${runs.map((t, i) => `<r>${i % 2 ? '<rPr><b/></rPr>' : ''}<t xml:space="preserve">${xmlText(t)}</t></r>`).join('')}<rPh sb="0" eb="1"><t>${xmlText(phonetic)}</t></rPh>`;
const handCell: fc.Arbitrary<HandCell> = fc.oneof(
  day.map((d) => ({ xml: (r: string) => `<c r="${r}" t="d"><v>${iso(d)}T00:00:00</v></c>`, kind: 'date' as const, expect: iso(d) })),
  day.map((d) => ({ xml: (r: string) => `<c r="${r}" t="d"><v>${iso(d)}</v></c>`, kind: 'money' as const, expect: undefined })),
  fc.tuple(fc.array(text, { minLength: 1, maxLength: 3 }), text).map(([runs, ph]) => ({ xml: (r: string) => `<c r="${r}" t="inlineStr"><is>${runsXml(runs, ph)}</is></c>`, kind: 'text' as const, expect: runs.join('') })),
  fc.tuple(fc.array(text, { minLength: 1, maxLength: 3 }), text).map(([runs, ph]) => ({
    xml: (r: string, shared: string[]) => `<c r="${r}" t="s"><v>${shared.push(`<si>${runsXml(runs, ph)}</si>`) - 1}</v></c>`,
    kind: 'text' as const,
    expect: runs.join(''),
  })),
  fc.boolean().map((b) => ({ xml: (r: string) => `<c r="${r}" t="b"><f>A1&gt;0</f><v>${b ? 1 : 0}</v></c>`, kind: 'boolean' as const, expect: String(b) })),
  fen.map((f) => ({ xml: (r: string) => `<c r="${r}"><f>A1*1</f><v>${yuanText(f)}</v></c>`, kind: 'money' as const, expect: String(f / 100) })),
  text.map((t) => ({ xml: (r: string) => `<c r="${r}" t="str"><f>A1</f><v>${xmlText(t)}</v></c>`, kind: 'text' as const, expect: t })),
  fc.constantFrom('#DIV/0!', '#N/A').map((e) => ({ xml: (r: string) => `<c r="${r}" t="e"><f>1/0</f><v>${e}</v></c>`, kind: 'money' as const, expect: undefined })),
  fc.constantFrom('0x1F', '1e', '12万', 'NaN').map((v) => ({ xml: (r: string) => `<c r="${r}" t="n"><v>${v}</v></c>`, kind: 'money' as const, expect: undefined })),
  fc.constant({ xml: (r: string) => `<c r="${r}"><f>B1</f></c>`, kind: 'money' as const, expect: undefined }),
);

const grid = <T>(cell: fc.Arbitrary<T>) => fc.array(fc.array(fc.option(cell, { nil: undefined, freq: 4 }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 });
const ref = (row: number, col: number) => `${String.fromCharCode(64 + col)}${row}`;

describe('random workbooks read cell for cell as intended', () => {
  it('as exceljs writes them', async () => {
    await fc.assert(
      fc.asyncProperty(grid(excelCell), async (rows) => {
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('s');
        const intended = new Map<string, Intended>();
        const kinds = new Map<string, ColumnKind>();
        rows.forEach((cells, r) => {
          cells.forEach((c, i) => {
            if (!c) return;
            const cell = ws.getCell(r + 1, i + 1);
            cell.value = c.value;
            if (c.numFmt) cell.numFmt = c.numFmt;
            intended.set(`${r + 1}:${i + 1}`, c);
            kinds.set(`${r + 1}:${i + 1}`, c.kind);
          });
        });
        check(intended, await readAll(Buffer.from(await wb.xlsx.writeBuffer()), kinds));
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('as XML written by hand, in both date systems', async () => {
    await fc.assert(
      fc.asyncProperty(grid(handCell), fc.boolean(), async (rows, date1904) => {
        const shared: string[] = [];
        const intended = new Map<string, Intended>();
        const kinds = new Map<string, ColumnKind>();
        const xml = rows
          .map((cells, r) => {
            const inner = cells
              .map((c, i) => {
                if (!c) return '';
                intended.set(`${r + 1}:${i + 1}`, c);
                kinds.set(`${r + 1}:${i + 1}`, c.kind);
                return c.xml(ref(r + 1, i + 1), shared);
              })
              .join('');
            return `<row r="${r + 1}">${inner}</row>`;
          })
          .join('');
        check(intended, await readAll(handBook({ rows: xml, shared, date1904 }), kinds));
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
