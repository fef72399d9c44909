import type { Range } from '../engine/result.js';
import type { Policy } from '../policy/model.js';
import type { Lang } from '../report/i18n.js';
import { safeMessage } from '../values/display.js';
import { fenOf, fenText } from '../values/fen.js';
import type { Money } from '../values/money.js';
import type { RowResult } from './rows.js';

// One CSV output row, written for every row of a sheet that may have millions: the same bytes as
// the cells of resultCells joined by commas (a test compares the two on random rows), without
// building the cells first. Most of a row's amount columns are empty, so only the items the row
// has are looked at; amounts that are whole fen (all of them, after rounding) are written from
// their integer of fen rather than through the decimal's general formatting.

/** An amount as yuan with exactly two decimals: what moneyString (toFixed(2), half-up) gives. */
export function amountText(m: Money): string {
  const fen = fenOf(m);
  return fen === undefined ? m.toFixed(2) : fenText(fen);
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
