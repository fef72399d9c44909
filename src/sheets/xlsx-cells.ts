import { Money, type Parsed } from '../values/money.js';

// An Excel cell is typed: a number, a date, a boolean, text, rich text, a formula with its saved
// result, or an error. The batch reads every cell through the same rules as a CSV cell, so a
// cell is first turned into the text a CSV would hold for it, by what it is and what its column
// expects: a number is yuan (written out exactly as Excel stored it, never rounded: a float that
// is not a whole number of fen is rejected by the money rule); a date, or a date serial in a
// date column, is an ISO date; a boolean is true/false.

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

/** What a cell's number format says about it: a percentage (0.0435 shown as 4.35%). */
function isPercentFormat(numFmt: string | undefined): boolean {
  return !!numFmt?.replace(/"[^"]*"|\[[^\]]*]/g, '').includes('%');
}

/** What a column holds, as the batch's columns say (a fact's type). */
export type ColumnKind = 'text' | 'money' | 'number' | 'boolean' | 'date' | 'enum' | 'rate' | 'list';

export interface CellContext {
  /** What the column holds; undefined for a column that is not a fact (ids, headers). */
  type: ColumnKind | undefined;
  numFmt?: string;
  date1904: boolean;
}

function numberText(n: number, ctx: CellContext): Parsed<string> {
  if (!Number.isFinite(n)) return { ok: false, message: 'is not a number Excel can show (an error or an overflow)' };
  if (ctx.type === 'date') return serialToIso(n, ctx.date1904);
  if (ctx.type === 'rate') {
    if (!isPercentFormat(ctx.numFmt)) {
      return { ok: false, message: `the number ${plainNumber(n)} is not a percentage: type it with a % sign (4.35%) or format the cell as a percentage` };
    }
    return { ok: true, value: `${new Money(String(n)).times(100).toFixed()}%` };
  }
  return { ok: true, value: plainNumber(n) };
}

/** The plain text of rich text or of a hyperlink's shown text. */
function richText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && Array.isArray((v as { richText?: unknown }).richText)) {
    return (v as { richText: { text?: unknown }[] }).richText.map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
  }
  return undefined;
}

/** A cell's value as the text a CSV would hold, or why it cannot be read. */
export function cellText(v: unknown, ctx: CellContext): Parsed<string> {
  if (v === null || v === undefined) return { ok: true, value: '' };
  if (typeof v === 'string') return { ok: true, value: v };
  if (typeof v === 'number') return numberText(v, ctx);
  if (typeof v === 'boolean') return { ok: true, value: v ? 'true' : 'false' };
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return { ok: false, message: 'is a date Excel cannot show' };
    // exceljs gives the serial as a UTC instant: its UTC calendar date is the date Excel shows.
    return { ok: true, value: v.toISOString().slice(0, 10) };
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const text = richText(v);
    if (text !== undefined) return { ok: true, value: text };
    if ('formula' in o || 'sharedFormula' in o) {
      const result = o.result;
      if (result === undefined) return { ok: false, message: 'is a formula with no saved result: open and save the workbook in Excel, or paste the values' };
      if (typeof result === 'number' && Number.isNaN(result)) return { ok: false, message: 'is a formula whose result is an Excel error' };
      if (result && typeof result === 'object' && 'error' in result) return { ok: false, message: `is a formula whose result is the Excel error ${String((result as { error: unknown }).error)}` };
      return cellText(result, ctx);
    }
    if ('error' in o) return { ok: false, message: `is the Excel error ${String(o.error)}` };
    if ('text' in o) {
      const shown = richText(o.text);
      if (shown !== undefined) return { ok: true, value: shown };
    }
  }
  return { ok: false, message: 'holds a value of a kind the batch cannot read (an image or an object)' };
}

/** The column letter Excel shows for a 1-based column number (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}
