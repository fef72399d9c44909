import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { type Money, moneyString } from '../values/money.js';
import { drained, whileOpen } from './streams.js';

/** A value to write in a cell: a number, text, an exact amount, or nothing. */
export type SheetCell = number | string | Money | undefined;

// What every workbook the batch writes shares: exceljs's streaming writer on a given stream,
// with the backpressure exceljs leaves out, the cell values and the styles.

/** Characters in one Excel cell. */
const CELL_MAX = 32_767;

export const AMOUNT_FORMAT = '#,##0.00';
export const TEXT_FORMAT = '@';

export const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true },
  alignment: { wrapText: true, vertical: 'top' },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } },
};
/**
 * A cell's value for Excel. Text is always a string cell, never a formula, whatever it starts
 * with (= + - @): exceljs writes a formula only for a {formula} object. Amounts are numbers made
 * from the exact decimal text; a double holds 15 significant digits, so an amount with more
 * (above 9,999,999,999,999.99 yuan) is written as text rather than changed.
 */
export function excelValue(c: SheetCell): string | number | undefined {
  // Empty stays undefined: exceljs then creates no cell at all, which keeps long sheets small.
  if (c === undefined || c === '') return undefined;
  if (typeof c === 'number') return c;
  if (typeof c === 'string') return c.length > CELL_MAX ? `${c.slice(0, CELL_MAX - 1)}…` : c;
  const s = moneyString(c);
  return s.replace(/^-/, '').length <= 16 ? Number(s) : s;
}

/** The parts of exceljs's streaming sheet we use that its types leave out. */
export interface StreamSheet extends ExcelJS.Worksheet {
  commit(): void;
  stream?: { pipes?: unknown[] };
}

/**
 * A WorkbookWriter writing into `out` without ending it (the caller ends it, as for CSV).
 * `done` resolves when the last byte has been handed to `out`.
 */
export function workbookOn(out: Writable): { book: ExcelJS.stream.xlsx.WorkbookWriter; done: () => Promise<void> } {
  const pass = new PassThrough();
  pass.pipe(out, { end: false });
  const ended = new Promise<void>((resolve) => pass.once('end', () => resolve()));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: pass, useStyles: true, useSharedStrings: false });
  return {
    book,
    done: async () => {
      await whileOpen(book.commit(), out);
      await whileOpen(ended, out);
    },
  };
}

/**
 * exceljs's sheet writer ignores backpressure (exceljs issue #734): committed rows go into a
 * stream that the zip reads at its own pace, and the memory grows with the sheet unless the
 * writer waits for that stream to drain. This finds the stream; undefined if exceljs changed.
 */
function entryQueue(sheet: StreamSheet): (Writable & { _writableState?: { needDrain?: boolean } }) | undefined {
  const q = sheet.stream?.pipes?.[0] as (Writable & { _writableState?: { needDrain?: boolean } }) | undefined;
  return q && typeof q.once === 'function' && q._writableState ? q : undefined;
}

/** Waits until the sheet's rows so far have been taken by the zip (or `out`, if the queue is not found). */
export function sheetFlushed(sheet: StreamSheet, out: Writable): Promise<void> | undefined {
  const q = entryQueue(sheet);
  if (q) return q._writableState?.needDrain ? whileOpen(new Promise<void>((resolve) => q.once('drain', () => resolve())), out) : undefined;
  return out.writableNeedDrain ? drained(out) : undefined;
}

