import type { Range } from '../engine/result.js';
import type { Policy } from '../policy/model.js';
import type { Lang } from '../report/i18n.js';
import { safeMessage } from '../values/display.js';
import type { Money } from '../values/money.js';
import type { RowResult } from './rows.js';

// One CSV output row, written for every row of a sheet that may have millions: the same bytes as
// the cells of resultCells joined by commas (a test compares the two on random rows), without
// building the cells first. Most of a row's amount columns are empty, so only the items the row
// has are looked at; amounts that are whole fen (all of them, after rounding) are written from
// the decimal's digits rather than through its general formatting.

const ZEROS = '0000000';

/**
 * An amount as yuan with exactly two decimals: what moneyString (toFixed(2), half-up) gives.
 * Read from the decimal's digits (decimal.js keeps them as words of 7 digits and the exponent of
 * the first); an amount with more decimals, a negative one or one that is not finite goes the
 * general way.
 */
export function amountText(m: Money): string {
  const words = m.d;
  if (m.s < 0 || !words) return m.toFixed(2);
  const n = words.length;
  if (n === 1 && words[0] === 0) return '0.00';
  let digits = String(words[0]);
  if (n > 1) {
    for (let i = 1; i < n - 1; i++) {
      const w = String(words[i]);
      digits += ZEROS.slice(w.length) + w;
    }
    const w = String(words[n - 1]);
    digits += ZEROS.slice(w.length) + w;
  }
  // The significant digits, without the last word's trailing zeros.
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  const whole = m.e + 1;
  if (end - whole > 2) return m.toFixed(2);
  if (whole <= 0) {
    // Below 1 yuan: 0.0x or 0.xx (a zero is the word 0, e 0, and is not here).
    const fen = ZEROS.slice(0, -whole) + digits.slice(0, end);
    return fen.length === 1 ? `0.${fen}0` : `0.${fen}`;
  }
  if (end <= whole) return `${digits.slice(0, end)}${'0'.repeat(whole - end)}.00`;
  const decimals = digits.slice(whole, end);
  return `${digits.slice(0, whole)}.${decimals.length === 1 ? `${decimals}0` : decimals}`;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell of text. A cell a spreadsheet would run as a formula (starting with = + - @, tab
 * or CR: OWASP "CSV injection") gets a leading apostrophe, which Excel and WPS show as text;
 * a plain number such as -5 is left alone, so numbers stay numbers.
 */
export function textCell(value: string | undefined): string {
  if (value === undefined || value === '') return '';
  if (plainText(value)) return value;
  let v = value;
  if (FORMULA_START.test(v) && !PLAIN_NUMBER.test(v)) v = `'${v}`;
  return NEEDS_QUOTES.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Text that textCell leaves as it is, told by its characters alone (most cells): it does not start
 * like a formula, holds no quote, comma or line break, and neither starts nor ends with anything
 * that could be white space (only printable ASCII and CJK ideographs count as surely not).
 */
function plainText(v: string): boolean {
  const first = v.charCodeAt(0);
  if (first === 61 || first === 43 || first === 45 || first === 64 || !surelyNotSpace(first) || !surelyNotSpace(v.charCodeAt(v.length - 1))) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 34 || c === 44 || c === 13 || c === 10) return false;
  }
  return true;
}

const surelyNotSpace = (c: number) => (c > 32 && c < 127) || (c >= 0x4e00 && c <= 0x9fff);

/** What every row of one output shares: where each item's columns are, the status words. */
export interface CsvLayout {
  /** An item's place among the amount items. */
  column: Map<string, number>;
  /** `,` repeated 0 … 2 × items times: the cells of items a row does not have. */
  commas: string[];
  status: Record<RowResult['status'], string>;
  /** The unquantified and cannot-determine cells (Chinese names them by clause, title and label). */
  itemCells: (r: RowResult) => [string, string];
  lang: Lang;
  /** The last applicant id and name written, and their cells: an applicant's rows repeat them. */
  last: { id?: string; idCell: string; name?: string; nameCell: string };
}

export function csvLayout(items: { id: string }[], status: Record<RowResult['status'], string>, lang: Lang, itemCells: CsvLayout['itemCells']): CsvLayout {
  const commas = [''];
  for (let i = 1; i <= 2 * items.length; i++) commas.push(`${commas[i - 1]},`);
  const statusCells = {} as Record<RowResult['status'], string>;
  for (const k of Object.keys(status) as RowResult['status'][]) statusCells[k] = textCell(status[k]);
  return { column: new Map(items.map((item, i) => [item.id, i])), commas, status: statusCells, itemCells, lang, last: { idCell: '', nameCell: '' } };
}

/** The row's amount columns: `,low,high` for each item in policy order, empty for the others. */
function amountCells(items: Map<string, Range>, layout: CsvLayout): string {
  const { commas, column } = layout;
  const n = column.size;
  if (items.size === 0) return commas[2 * n] as string;
  const present: number[] = [];
  const ranges: Range[] = [];
  for (const [id, range] of items) {
    const k = column.get(id);
    if (k === undefined) continue;
    // Insertion into a short list in column order (a row has a few items at most).
    let at = present.length;
    while (at > 0 && (present[at - 1] as number) > k) at--;
    present.splice(at, 0, k);
    ranges.splice(at, 0, range);
  }
  let out = '';
  let next = 0;
  for (let j = 0; j < present.length; j++) {
    const k = present[j] as number;
    const range = ranges[j] as Range;
    out += `${commas[2 * (k - next)]},${amountText(range.low)},${amountText(range.high)}`;
    next = k + 1;
  }
  return out + commas[2 * (n - next)];
}

/** One output row as CSV text (with its line end). */
export function csvRowText(r: RowResult, layout: CsvLayout): string {
  const { last } = layout;
  if (r.applicantId !== last.id) {
    last.id = r.applicantId;
    last.idCell = textCell(r.applicantId);
  }
  if (r.applicant !== last.name) {
    last.name = r.applicant;
    last.nameCell = textCell(r.applicant);
  }
  let line = `${r.row},${last.idCell},${textCell(r.projectId)},${last.nameCell},${textCell(r.project)},${layout.status[r.status]},`;
  line += r.total ? `${amountText(r.total.low)},${amountText(r.total.high)}` : ',';
  line += amountCells(r.items, layout);
  const noItems = r.unquantified.length === 0 && r.cannotDetermine.length === 0;
  if (noItems) line += ',,';
  else {
    const [unquantified, cannot] = layout.itemCells(r);
    line += `,${textCell(unquantified)},${textCell(cannot)}`;
  }
  const error = layout.lang === 'zh' ? (r.errorZh ?? r.error) : r.error;
  const warning = layout.lang === 'zh' ? (r.warningZh ?? r.warning) : r.warning;
  line += `,${error ? textCell(safeMessage(error)) : ''},${warning ? textCell(safeMessage(warning)) : ''}\r\n`;
  return line;
}

export type { Policy };
