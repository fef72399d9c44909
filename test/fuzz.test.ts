import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { csvFacts, type FactColumn } from '../src/batch/columns.js';
import { loadPolicy } from '../src/policy/load.js';
import { decodeHead, sniffEncoding } from '../src/sheets/decode.js';
import { sniffDelimiter } from '../src/sheets/delimiter.js';
import { cli } from './helpers/cli.js';
import { handBook, xmlText } from './helpers/workbook.js';

// Random project files and CSVs built from the policy's facts, then damaged as files get damaged
// (cut short, cells lost or added, bad bytes, aliases, huge values, deep nesting). Whatever the
// input: exit 0, 1 or 2; never a stack trace; nothing on stdout with exit 2; in a batch, one output
// row per input row, in order; and no file touched but a completed -o. Workbooks are damaged in
// their cells, their parts and their zip structure.

// In-process runs take tens of milliseconds: 25 per property keep the suite to a few seconds;
// FUZZ_RUNS=1000 searches longer.
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const TIMEOUT = 120_000;
const AS_OF = ['--as-of', '2020-12-31'];
const policy = loadPolicy();
const facts = csvFacts(policy);

const money = fc.oneof(
  fc.integer({ min: 0, max: 50_000 }).map((n) => `${n}万`),
  fc.integer({ min: 0, max: 9_000_000_000 }).map((fen) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`),
  fc.constantFrom('1.2亿', '3,000,000', '0'),
);
const date = fc.integer({ min: 0, max: 4000 }).map((d) => new Date(Date.UTC(2014, 0, 1 + d)).toISOString().slice(0, 10));

/** A value a consultant could state for a fact, as text. */
function value(fact: FactColumn): fc.Arbitrary<string> {
  switch (fact.type) {
    case 'money':
      return money;
    case 'number':
      return fc.integer({ min: 0, max: 100 }).map(String);
    case 'rate':
      return fc.integer({ min: 0, max: 100 }).map((n) => `${n}%`);
    case 'date':
      return date;
    case 'boolean':
      return fc.constantFrom('是', '否', 'true', 'false');
    case 'enum':
      return fact.choices.length ? fc.constantFrom(...fact.choices.flatMap((c) => [c.id, c.label.zh])) : fc.constant('x');
    default:
      return fc.constantFrom('柳州某公司', 'A "quoted", name', '=1+1', 'line\nbreak', 'name with spaces');
  }
}

const topFacts = facts.filter((f) => !f.list);
const listFacts = facts.filter((f) => f.list);

/** A project file's content: the applicant's facts and a few entries of a few lists. */
const projectData = fc
  .record({
    top: fc.subarray(topFacts).chain((chosen) => fc.tuple(...chosen.map((f) => value(f).map((v) => [f.name, v] as const)))),
    lists: fc.subarray([...policy.lists.keys()], { maxLength: 3 }).chain((ids) =>
      fc.tuple(
        ...ids.map((id) =>
          fc.array(
            fc.subarray(listFacts.filter((f) => f.list === id), { minLength: 1 }).chain((fields) => fc.tuple(...fields.map((f) => value(f).map((v) => [f.name, v] as const)))),
            { minLength: 1, maxLength: 3 },
          ).map((entries) => [id, entries.map((e) => Object.fromEntries(e))] as const),
        ),
      ),
    ),
  })
  .map(({ top, lists }) => ({ name: '柳州某公司', kind: 'enterprise', ...Object.fromEntries(top), ...Object.fromEntries(lists) }));

/** Where in a file damage falls, as a share of its length (uniform: the header is not favoured). */
const at = fc.noBias(fc.integer({ min: 0, max: 1000 })).map((n) => n / 1000);

/** Damage to a file's text, as bytes: none, or one of the ways files break. */
type Damage = (text: string) => Buffer;
const utf8 = (s: string) => Buffer.from(s, 'utf8');
const damage = (...extra: fc.Arbitrary<Damage>[]): fc.Arbitrary<Damage> =>
  fc.oneof(
    fc.constant<Damage>(utf8),
    at.map<Damage>((share) => (t) => utf8(t.slice(0, Math.floor(t.length * share)))),
    fc.tuple(at, fc.constantFrom([0x00], [0xff, 0xfe], [0xc3], [0x1b, 0x5b, 0x32, 0x4a], [0xe4, 0xb8])).map<Damage>(([share, bytes]) => (t) => {
      const b = utf8(t);
      const i = Math.floor(b.length * share);
      return Buffer.concat([b.subarray(0, i), Buffer.from(bytes), b.subarray(i)]);
    }),
    fc.tuple(at, fc.constantFrom(':', '-', '[', '"', "'", '\t', '\n', ',', '*a', '&a ', '{')).map<Damage>(([share, s]) => (t) => {
      const i = Math.floor(t.length * share);
      return utf8(t.slice(0, i) + s + t.slice(i));
    }),
    fc.constantFrom('9'.repeat(5000), `${'9'.repeat(400)}万`, 'x'.repeat(200_000), '1e309', '-0', '3500 1200').map<Damage>((huge) => (t) => utf8(t.replace(/(\d[\d,.]*万?|柳州某公司)/, huge))),
    ...extra,
  );

const yamlDamage = damage(
  fc.constantFrom<Damage>(
    (t) => utf8(`${t}extra: *undefined\n`),
    (t) => utf8(`name: &n [*n]\n${t}`),
    (t) => utf8(`a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n${t}`),
    (t) => utf8(`${t}deep: ${'['.repeat(5000)}\n`),
    (t) => utf8(`${t}name: again\n`),
    (t) => utf8(`${t}---\nname: two\n`),
  ),
);

/** A sheet: a header of some of the policy's columns (always name and kind) and a few rows. */
const sheet = fc
  .subarray(facts.filter((f) => f.path !== 'name' && f.path !== 'kind'), { maxLength: 8 })
  .chain((chosen) => {
    const columns = [facts.find((f) => f.path === 'name'), facts.find((f) => f.path === 'kind'), ...chosen] as FactColumn[];
    const row = fc.tuple(...columns.map((f) => fc.option(value(f), { nil: '', freq: 3 })));
    return fc.record({ columns: fc.constant(columns.map((c) => c.path)), rows: fc.array(row, { minLength: 1, maxLength: 6 }), separator: fc.constantFrom(',', ',', ',', ';', '\t') });
  });

const cell = (v: string) => (/[",;\t\n\r]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v);

function sheetText(s: { columns: string[]; rows: string[][]; separator: string }, rowDamage: { row: number; kind: 'cut' | 'extra' | 'blank' | 'none' }): string {
  const lines = [s.columns.join(s.separator)];
  s.rows.forEach((r, i) => {
    let cells = r.map(cell);
    if (i === rowDamage.row % s.rows.length) {
      if (rowDamage.kind === 'cut') cells = cells.slice(0, Math.max(1, cells.length - 1));
      if (rowDamage.kind === 'extra') cells = [...cells, 'extra'];
      if (rowDamage.kind === 'blank') lines.push('');
    }
    lines.push(cells.join(s.separator));
  });
  return `${lines.join('\n')}\n`;
}

const rowDamage = fc.record({ row: fc.nat(10), kind: fc.constantFrom('cut', 'extra', 'blank', 'none') as fc.Arbitrary<'cut' | 'extra' | 'blank' | 'none'> });
const csvDamage = damage(fc.constant<Damage>((t) => utf8(t.replace(/\n(?=[^\n]*\n?$)/, '\n"unclosed'))));

/** A sheet's cells as XML: text inline, numbers as numbers; `hurt` may retype a filled cell. */
type CellHurt = (ref: string, v: string) => string | undefined;
const cellHurt: fc.Arbitrary<CellHurt | undefined> = fc.option(
  fc.tuple(fc.nat(40), fc.constantFrom(
    (r: string, v: string) => `<c r="${r}" t="n"><v>${xmlText(v)}</v></c>`,
    (r: string) => `<c r="${r}" t="b"><v>2</v></c>`,
    (r: string) => `<c r="${r}" t="e"><v>#REF!</v></c>`,
    (r: string) => `<c r="${r}" t="d"><v>2019-02-30</v></c>`,
    (r: string) => `<c r="${r}" t="s"><v>99</v></c>`,
    (r: string) => `<c r="${r}"><f>A1</f></c>`,
    (r: string) => `<c r="${r}" t="zz"><v>1</v></c>`,
    (r: string, v: string) => `<c r="${r}" t="inlineStr"><is><r><t>${xmlText(v)}</t></r><rPh><t>pinyin</t></rPh></is></c>`,
  )).map(([n, f]) => {
    let left = n;
    return (r: string, v: string) => (left-- === 0 ? f(r, v) : undefined);
  }),
  { nil: undefined },
);

function sheetXmlRows(s: { columns: string[]; rows: string[][] }, hurt: CellHurt | undefined): string {
  const col = (i: number) => String.fromCharCode(65 + i);
  const inline = (r: string, v: string) => `<c r="${r}" t="inlineStr"><is><t xml:space="preserve">${xmlText(v)}</t></is></c>`;
  const rows = [s.columns, ...s.rows].map((cells, i) => {
    const inner = cells.map((v, j) => {
      if (v === '') return '';
      const r = `${col(j)}${i + 1}`;
      return (i > 0 && hurt?.(r, v)) || (/^\d{1,12}$/.test(v) ? `<c r="${r}"><v>${v}</v></c>` : inline(r, v));
    });
    return `<row r="${i + 1}">${inner.join('')}</row>`;
  });
  return rows.join('');
}

/** Damage to a workbook: to one of its parts' XML, or to the zip's bytes. */
type BookDamage = { part?: (name: string, xml: string) => string; zip?: (bytes: Buffer) => Buffer };
const bookDamage: fc.Arbitrary<BookDamage> = fc.oneof(
  fc.constant<BookDamage>({}),
  fc.tuple(fc.constantFrom('sheet1.xml', 'workbook.xml', 'workbook.xml.rels', 'styles.xml'), at).map<BookDamage>(([which, share]) => ({
    part: (name, xml) => (name.endsWith(which) ? xml.slice(0, Math.floor(xml.length * share)) : xml),
  })),
  fc.tuple(at, fc.constantFrom('<', '&', '</row>', '<x>', '\u0000', '<!DOCTYPE x [<!ENTITY a "aaaa">]>', `${'<a>'.repeat(5000)}`)).map<BookDamage>(([share, junk]) => ({
    part: (name, xml) => (name.endsWith('sheet1.xml') ? xml.slice(0, Math.floor(xml.length * share)) + junk + xml.slice(Math.floor(xml.length * share)) : xml),
  })),
  fc.tuple(at, fc.nat(255)).map<BookDamage>(([share, byte]) => ({
    zip: (b) => {
      const c = Buffer.from(b);
      c[Math.min(c.length - 1, Math.floor(c.length * share))] = byte;
      return c;
    },
  })),
  at.map<BookDamage>((share) => ({ zip: (b) => b.subarray(0, Math.floor(b.length * share)) })),
);

/** Every file in a folder with its bytes, to prove nothing was touched. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    const p = join(dir, f);
    try {
      out.set(f, readFileSync(p).toString('base64'));
    } catch {
      out.set(f, 'folder');
    }
  }
  return out;
}

function expectClean(r: { status: number | null; stdout: string; stderr: string }, what: string) {
  expect([0, 1, 2], what).toContain(r.status);
  expect(r.stderr, what).not.toMatch(/^\s+at .+\d+:\d+\)?$/m);
  expect(r.stderr, what).not.toMatch(/unexpected failure|Maximum call stack|heap out of memory|RangeError|TypeError/);
  if (r.status === 2) expect(r.stdout, what).toBe('');
}

/** The records a CSV holds, read whole (not streamed) with the same decoding: the rows a batch must give back. */
function expectedRows(bytes: Buffer): number[] | undefined {
  let encoding: string;
  try {
    encoding = sniffEncoding(bytes).encoding;
  } catch {
    return undefined;
  }
  const text = decodeHead(bytes, encoding);
  const records = Papa.parse<string[]>(text, { delimiter: sniffDelimiter(text), skipEmptyLines: false }).data;
  const blank = (r: string[]) => r.every((c) => c.trim() === '');
  const header = records.findIndex((r) => !blank(r));
  return records.flatMap((r, i) => (i > header && !blank(r) ? [i + 1] : []));
}

describe('fuzz: damaged input never crashes, loses rows or touches files', () => {
  it('estimate on a random, damaged project file', { timeout: TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(projectData, yamlDamage, async (data, hurt) => {
        const dir = mkdtempSync(join(tmpdir(), 'fuzz-'));
        writeFileSync(join(dir, 'p.yaml'), hurt(stringify(data)));
        const before = snapshot(dir);
        const r = await cli(['estimate', 'p.yaml', '-f', 'json', ...AS_OF], { cwd: dir });
        expectClean(r, 'estimate');
        if (r.status === 0) expect(JSON.parse(r.stdout)).toHaveProperty('total');
        expect(snapshot(dir)).toEqual(before);
        rmSync(dir, { recursive: true });
      }),
      { numRuns: RUNS },
    );
  });

  it('batch on a random, damaged CSV: one output row per input row, in order', { timeout: TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(sheet, rowDamage, csvDamage, async (s, rows, hurt) => {
        const dir = mkdtempSync(join(tmpdir(), 'fuzz-'));
        const bytes = hurt(sheetText(s, rows));
        writeFileSync(join(dir, 'in.csv'), bytes);
        const before = snapshot(dir);
        const r = await cli(['batch', 'in.csv', '-o', 'out.jsonl', '-f', 'jsonl', '--no-progress', ...AS_OF], { cwd: dir });
        expectClean(r, 'batch');
        expect(r.stdout).toBe('');
        const after = snapshot(dir);
        if (r.status === 2) expect(after).toEqual(before);
        else {
          after.delete('out.jsonl');
          expect(after).toEqual(before);
          const out = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).row);
          expect(out).toEqual(expectedRows(bytes));
        }
        rmSync(dir, { recursive: true });
      }),
      { numRuns: RUNS },
    );
  });

  it('batch on a random workbook, damaged in its cells, its parts or its zip: exit 2 with nothing written, or one row per sheet row', { timeout: TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(sheet, cellHurt, bookDamage, async (s, hurt, book) => {
        const dir = mkdtempSync(join(tmpdir(), 'fuzz-'));
        const xml = sheetXmlRows(s, hurt);
        const parts = (list: { name: string; bytes: Buffer }[]) => list.map((p) => (book.part ? { ...p, bytes: Buffer.from(book.part(p.name, p.bytes.toString('utf8'))) } : p));
        const bytes = handBook({ rows: xml, parts });
        writeFileSync(join(dir, 'in.xlsx'), book.zip ? book.zip(bytes) : bytes);
        const before = snapshot(dir);
        const r = await cli(['batch', 'in.xlsx', '-o', 'out.jsonl', '-f', 'jsonl', '--no-progress', ...AS_OF], { cwd: dir });
        expectClean(r, 'batch xlsx');
        expect(r.stdout).toBe('');
        const after = snapshot(dir);
        if (r.status === 2) expect(after).toEqual(before);
        else {
          after.delete('out.jsonl');
          expect(after).toEqual(before);
          const out = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).row);
          // Undamaged parts and zip: every filled row of the sheet, by its number.
          if (!book.part && !book.zip) expect(out).toEqual(s.rows.flatMap((r, i) => (r.some((v) => v.trim() !== '') ? [i + 2] : [])));
          else expect(out).toEqual([...out].sort((a, b) => a - b));
        }
        rmSync(dir, { recursive: true });
      }),
      { numRuns: RUNS },
    );
  });

  it('batch over a folder of random, damaged project files: one row per file, in order', { timeout: TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(projectData, yamlDamage), { minLength: 1, maxLength: 4 }), async (files) => {
        const dir = mkdtempSync(join(tmpdir(), 'fuzz-'));
        mkdirSync(join(dir, 'in'));
        files.forEach(([data, hurt], i) => {
          writeFileSync(join(dir, 'in', `p${i}.yaml`), hurt(stringify(data)));
        });
        const before = snapshot(dir);
        const r = await cli(['batch', 'in', '-f', 'jsonl', ...AS_OF], { cwd: dir });
        expectClean(r, 'batch folder');
        expect(r.status).not.toBe(2);
        const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
        expect(out.map((x) => [x.row, x.applicant_id])).toEqual(files.map((_, i) => [i + 1, `in/p${i}.yaml`]));
        expect(snapshot(dir)).toEqual(before);
        expect(existsSync(join(dir, 'out.jsonl'))).toBe(false);
        rmSync(dir, { recursive: true });
      }),
      { numRuns: RUNS },
    );
  });
});
