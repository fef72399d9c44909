import { Money, type Parsed } from '../values/money.js';
import { MAX_XLSX_CELL } from './limits.js';
import { type NumberLook, unescapeText } from './xlsx-parts.js';

// One reader for every cell of a workbook, exact or refusing. A cell of the sheet's XML is typed
// (ECMA-376 18.18.11, ST_CellType): a number (`n`, the default), shared text (`s`), inline text
// (`inlineStr`, rich text runs joined, phonetic guides left out), a formula's text (`str`), a
// boolean (`b`), an ISO 8601 date (`d`) or an error (`e`); a formula keeps its saved result in the
// same `<v>`, typed the same way. First the cell becomes a value (cellValue), whatever column it
// is in; then the value becomes the text the CSV rules read (cellText), by what the column expects:
// a number is yuan, written out as Excel shows it (never rounded: one that is not a whole number
// of fen is refused by the money rule); a date (by its type or its format) is an ISO date, and
// refused where an amount is expected; a boolean is true/false; an error is refused.

export type CellValue =
  | { kind: 'empty' }
  | { kind: 'number'; value: number; look: NumberLook }
  | { kind: 'text'; text: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'date'; iso: string }
  | { kind: 'error'; code: string; formula: boolean }
  | { kind: 'unreadable'; message: string };

/** A cell as the sheet's XML has it. */
export interface RawCell {
  /** `t`, the cell's type (undefined: a number). */
  type: string | undefined;
  /** The text of `<v>`, if any. */
  v: string | undefined;
  /** The text of `<is>` (an inline string), if any. */
  inline: string | undefined;
  /** Whether the cell has a formula (`<f>`). */
  formula: boolean;
  /** What the cell's format (its `s`) shows a number as. */
  look: NumberLook;
}

/** xsd:double as Excel writes it: decimal digits with an optional exponent (no hex, no INF). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** xsd:date or xsd:dateTime, as a `t="d"` cell holds it. */
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Whether YYYY-MM-DD is a day of the calendar (not 2019-02-30). */
function isIsoDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

const NO_RESULT = 'is a formula with no saved result: open and save the workbook in Excel, or paste the values';
const shown = (v: string) => (v.length > 40 ? `${v.slice(0, 40)}…` : v);

/** What a cell holds, read from its XML; shared strings by their index. */
export function cellValue(raw: RawCell, shared: readonly string[]): CellValue {
  const { type, v, formula } = raw;
  switch (type) {
    case undefined:
    case 'n': {
      if (v === undefined) return formula ? { kind: 'unreadable', message: NO_RESULT } : raw.inline !== undefined ? { kind: 'unreadable', message: 'is typed as a number but holds text' } : { kind: 'empty' };
      const t = v.trim();
      const n = Number(t);
      if (!NUMBER.test(t) || !Number.isFinite(n)) return { kind: 'unreadable', message: `is typed as a number but holds "${shown(v)}", which is not one` };
      return { kind: 'number', value: n, look: raw.look };
    }
    case 's': {
      if (v === undefined) return formula ? { kind: 'unreadable', message: NO_RESULT } : { kind: 'empty' };
      const i = Number(v.trim());
      const text = Number.isInteger(i) && i >= 0 ? shared[i] : undefined;
      if (text === undefined) return { kind: 'unreadable', message: `refers to shared string ${shown(v)}, which the workbook does not have` };
      return { kind: 'text', text };
    }
    case 'inlineStr':
      return raw.inline === undefined && v === undefined && formula ? { kind: 'unreadable', message: NO_RESULT } : { kind: 'text', text: unescapeText(raw.inline ?? v ?? '') };
    case 'str':
      return v === undefined && formula ? { kind: 'unreadable', message: NO_RESULT } : { kind: 'text', text: unescapeText(v ?? '') };
    case 'b': {
      if (v === undefined) return formula ? { kind: 'unreadable', message: NO_RESULT } : { kind: 'empty' };
      const t = v.trim();
      if (t === '1' || t === 'true') return { kind: 'boolean', value: true };
      if (t === '0' || t === 'false') return { kind: 'boolean', value: false };
      return { kind: 'unreadable', message: `is typed as TRUE/FALSE but holds "${shown(v)}"` };
    }
    case 'd': {
      if (v === undefined) return formula ? { kind: 'unreadable', message: NO_RESULT } : { kind: 'empty' };
      const m = ISO_DATE_TIME.exec(v.trim());
      if (!m || !isIsoDate(m[1] as string)) return { kind: 'unreadable', message: `is typed as a date but holds "${shown(v)}", which is not a date` };
      return { kind: 'date', iso: m[1] as string };
    }
    case 'e':
      return { kind: 'error', code: (v ?? '').trim() || '#N/A', formula };
    default:
      return { kind: 'unreadable', message: `has the cell type "${shown(type)}", which is not one of the file format's` };
  }
}

/** The largest date serial Excel shows (9999-12-31), and the first after its 1900 leap-year bug. */
const MAX_SERIAL = 2_958_465;
const MIN_SERIAL = 61;
const DAY_MS = 86_400_000;

/** A number as plain decimal text, from its shortest round-trip form (1e21 → 1000000000000000000000). */
export function plainNumber(n: number): string {
  return new Money(String(n)).toFixed();
}

/** The calendar date of an Excel date serial (the time of day, if any, is dropped). */
export function serialToIso(serial: number, date1904: boolean): Parsed<string> {
  const days = Math.floor(serial) + (date1904 ? 1462 : 0);
  if (!Number.isFinite(serial) || days < MIN_SERIAL || days > MAX_SERIAL) {
    return { ok: false, message: `the number ${plainNumber(serial)} is not a date: type it as YYYY-MM-DD or format the cell as a date` };
  }
  return { ok: true, value: new Date((days - 25569) * DAY_MS).toISOString().slice(0, 10) };
}

/** What a column holds, as the batch's columns say (a fact's type). */
export type ColumnKind = 'text' | 'money' | 'number' | 'boolean' | 'date' | 'enum' | 'rate' | 'list';

export interface CellContext {
  /** What the column holds; undefined for a column that is not a fact (ids, headers). */
  type: ColumnKind | undefined;
  date1904: boolean;
}

const AMOUNTS = new Set<ColumnKind | undefined>(['money', 'number', 'rate']);

function numberText(n: number, look: NumberLook, ctx: CellContext): Parsed<string> {
  const { type } = ctx;
  if (type === 'date' || look === 'date') {
    const date = serialToIso(n, ctx.date1904);
    if (type === 'date' || !date.ok) return date;
    if (AMOUNTS.has(type)) return { ok: false, message: `is a date (${date.value}), not ${type === 'rate' ? 'a rate' : 'an amount'}: type the number, or format the cell as a number` };
    return date;
  }
  if (look === 'time') return { ok: false, message: 'is a time of day, which the batch does not read: type a date or a number' };
  const percent = `${new Money(String(n)).times(100).toFixed()}%`;
  if (type === 'rate') {
    if (look !== 'percent') return { ok: false, message: `the number ${plainNumber(n)} is not a percentage: type it with a % sign (4.35%) or format the cell as a percentage` };
    return { ok: true, value: percent };
  }
  if (look === 'percent') {
    if (type === 'money' || type === 'number') return { ok: false, message: `is a percentage (${percent}), not an amount: type the number, or format the cell as a number` };
    return { ok: true, value: percent };
  }
  return { ok: true, value: plainNumber(n) };
}

/** A cell's value as the text a CSV would hold for the column, or why it cannot be read. */
export function cellText(c: CellValue, ctx: CellContext): Parsed<string> {
  switch (c.kind) {
    case 'empty':
      return { ok: true, value: '' };
    case 'text':
      if (c.text.length > MAX_XLSX_CELL) return { ok: false, message: `holds more than ${MAX_XLSX_CELL.toLocaleString('en')} characters (Excel's limit for a cell)` };
      return { ok: true, value: c.text };
    case 'number':
      return numberText(c.value, c.look, ctx);
    case 'boolean':
      return { ok: true, value: c.value ? 'true' : 'false' };
    case 'date':
      if (AMOUNTS.has(ctx.type)) return { ok: false, message: `is a date (${c.iso}), not ${ctx.type === 'rate' ? 'a rate' : 'an amount'}: type the number, or format the cell as a number` };
      return { ok: true, value: c.iso };
    case 'error':
      return { ok: false, message: c.formula ? `is a formula whose result is the Excel error ${c.code}` : `is the Excel error ${c.code}` };
    case 'unreadable':
      return { ok: false, message: c.message };
  }
}

/** The column letter Excel shows for a 1-based column number (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** The 1-based column number of a column's letters (A → 1, AA → 27), or 0 if they are not letters. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) {
    const c = letters.charCodeAt(i);
    if (c < 65 || c > 90) return 0;
    n = n * 26 + (c - 64);
  }
  return n;
}
