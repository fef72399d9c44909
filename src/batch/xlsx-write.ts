import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { InputError } from '../errors/problem.js';
import type { Policy } from '../policy/model.js';
import type { Lang } from '../report/i18n.js';
import { displayWidth } from '../report/wrap.js';
import { amountItems, csvHeader, type ResultCell, resultCells, rowMessages } from './output.js';
import type { ResultSink } from './pipeline.js';
import type { RowResult } from './rows.js';
import type { BatchSummary } from './summary.js';
import { AMOUNT_FORMAT, excelValue, HEADER_STYLE, type StreamSheet, sheetFlushed, TEXT_FORMAT, workbookOn } from '../sheets/xlsx-book.js';
import { summarySheet } from './xlsx-summary.js';

// The batch results as an Excel workbook, streamed with exceljs's WorkbookWriter: each row is
// committed (turned into XML and zipped) as it comes, so a long batch is never held in memory.
// Sheets: the results (one row per input row, like the CSV), the summary, and the problems.

/** Rows in an Excel sheet, the header included. */
export const XLSX_MAX_ROWS = 1_048_576;
/** Rows looked at to size the columns before the first is written (widths come first in the file). */
const WIDTH_SAMPLE = 200;
/** Problems listed in the problems sheet; beyond it, the error column of the results has them all. */
const PROBLEMS_KEPT = 100_000;

/** Excel's own "Bad" cell style, for invalid rows. */
const BAD_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true, color: { argb: 'FF9C0006' } },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } },
  numFmt: TEXT_FORMAT,
};
const AMOUNT_STYLE: Partial<ExcelJS.Style> = { numFmt: AMOUNT_FORMAT };
const TEXT_STYLE: Partial<ExcelJS.Style> = { numFmt: TEXT_FORMAT };
const ROW_STYLE: Partial<ExcelJS.Style> = { numFmt: '0' };
const BAD_TEXT_STYLE: Partial<ExcelJS.Style> = { font: { color: { argb: 'FF9C0006' } }, numFmt: TEXT_FORMAT };

const WORDS = {
  results: { zh: '结果', en: 'results' },
  problems: { zh: '问题', en: 'problems' },
  row: { zh: '行号', en: 'row' },
  column: { zh: '列', en: 'column' },
  kind: { zh: '类型', en: 'kind' },
  message: { zh: '说明', en: 'message' },
  error: { zh: '错误', en: 'error' },
  warning: { zh: '提示', en: 'warning' },
  more: { zh: '另有 {n} 条问题未列出：见“结果”表的“错误”列', en: '{n} more problems not listed: see the error column of the results sheet' },
} as const;

type Kind = 'row' | 'text' | 'long' | 'amount';

/** The width a value takes in a column, in Excel's character units (CJK counts two). */
function valueWidth(c: ResultCell): number {
  if (c === undefined) return 0;
  if (typeof c === 'number') return String(c).length;
  if (typeof c === 'string') return displayWidth(c.length > 200 ? c.slice(0, 200) : c);
  const digits = c.abs().truncated().toFixed().length;
  return digits + Math.floor((digits - 1) / 3) + 3;
}

/** Column widths from the header and the first rows, so the columns fit without a full pass. */
function widths(header: string[], kinds: Kind[], sample: ResultCell[][]): { widths: number[]; headerLines: number } {
  let headerLines = 1;
  const out = header.map((h, i) => {
    const kind = kinds[i] as Kind;
    let w = 0;
    for (const cells of sample) w = Math.max(w, valueWidth(cells[i]));
    const max = kind === 'long' ? 80 : kind === 'text' ? 40 : 18;
    const hw = displayWidth(h);
    // A long header wraps (the header row grows) rather than widening a column of short amounts.
    const width = Math.min(max, Math.max(kind === 'row' ? 5 : 8, w, Math.min(hw, 16))) + 2;
    headerLines = Math.max(headerLines, Math.min(4, Math.ceil(hw / (width - 1))));
    return width;
  });
  return { widths: out, headerLines };
}

interface ProblemRow {
  row: number;
  column: string;
  kind: 'error' | 'warning';
  message: string;
}

/** The batch results as a workbook on `out`. */
export class XlsxSink implements ResultSink {
  private readonly items: ReturnType<typeof amountItems>;
  private readonly header: string[];
  private readonly kinds: Kind[];
  private readonly styles: Partial<ExcelJS.Style>[];
  private book: ReturnType<typeof workbookOn> | undefined;
  private sheet: StreamSheet | undefined;
  private sample: ResultCell[][] | undefined = [];
  private sampleRows: RowResult[] = [];
  private count = 0;
  private readonly problems: ProblemRow[] = [];
  private problemsLeftOut = 0;

  constructor(
    private readonly policy: Policy,
    private readonly lang: Lang,
    private readonly out: Writable,
    /** The rows a sheet holds, header included (lowered only by tests). */
    private readonly maxRows = XLSX_MAX_ROWS,
  ) {
    this.items = amountItems(policy);
    this.header = csvHeader(policy, lang);
    const n = this.header.length;
    this.kinds = this.header.map((_, i): Kind => (i === 0 ? 'row' : i >= 6 && i < n - 4 ? 'amount' : i >= n - 3 ? 'long' : 'text'));
    this.styles = this.kinds.map((kind) => (kind === 'amount' ? AMOUNT_STYLE : kind === 'row' ? ROW_STYLE : TEXT_STYLE));
  }

  start() {
    this.book = workbookOn(this.out);
  }

  rows(results: RowResult[]) {
    for (const r of results) {
      if (++this.count > this.maxRows - 1) {
        throw new InputError([
          {
            path: '--format xlsx',
            severity: 'error',
            message: `the batch has more than ${(this.maxRows - 1).toLocaleString('en')} rows, the most an Excel sheet holds below its header: write -f csv or -f jsonl for a batch this long`,
          },
        ]);
      }
      this.note(r);
      if (this.sample) {
        this.sample.push(resultCells(r, this.lang, this.items, this.policy));
        this.sampleRows.push(r);
        if (this.sample.length >= WIDTH_SAMPLE) this.open();
      } else this.write(r, resultCells(r, this.lang, this.items, this.policy));
    }
  }

  flush(): Promise<void> | undefined {
    return this.sheet ? sheetFlushed(this.sheet, this.out) : undefined;
  }

  async end(summary: BatchSummary): Promise<void> {
    if (!this.book) this.start();
    const { book, done } = this.book as ReturnType<typeof workbookOn>;
    if (this.sample) this.open();
    (this.sheet as StreamSheet).commit();
    summarySheet(book, summary, this.lang);
    this.problemsSheet(book);
    await done();
  }

  /** Remembers the row's problems for the problems sheet. */
  private note(r: RowResult) {
    const add = (p: ProblemRow) => {
      if (this.problems.length < PROBLEMS_KEPT) this.problems.push(p);
      else this.problemsLeftOut++;
    };
    const said = rowMessages(r, this.lang);
    if (r.status === 'invalid') {
      if (r.problems?.length) for (const p of r.problems) add({ row: r.row, column: p.header ?? '', kind: 'error', message: this.lang === 'zh' ? (p.zh ?? p.message) : p.message });
      else add({ row: r.row, column: '', kind: 'error', message: said.error ?? '' });
    }
    if (said.warning) add({ row: r.row, column: '', kind: 'warning', message: said.warning });
  }

  /** Starts the results sheet: widths from the sampled rows, frozen header, then the sample. */
  private open() {
    const book = (this.book as ReturnType<typeof workbookOn>).book;
    const sample = this.sample ?? [];
    const { widths: w, headerLines } = widths(this.header, this.kinds, sample);
    const sheet = book.addWorksheet(WORDS.results[this.lang], { views: [{ state: 'frozen', ySplit: 1, topLeftCell: 'A2' }] }) as StreamSheet;
    sheet.columns = this.kinds.map((_, i) => ({ width: w[i] as number, style: this.styles[i] as Partial<ExcelJS.Style> }));
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: this.header.length } };
    const head = sheet.addRow(this.header);
    head.height = 15 * headerLines;
    head.eachCell((cell) => {
      cell.style = HEADER_STYLE;
    });
    head.commit();
    this.sheet = sheet;
    const rows = this.sampleRows;
    this.sample = undefined;
    this.sampleRows = [];
    sample.forEach((cells, i) => {
      this.write(rows[i] as RowResult, cells);
    });
  }

  private write(r: RowResult, cells: ResultCell[]) {
    const row = (this.sheet as StreamSheet).addRow(cells.map(excelValue));
    // One shared style object per column: exceljs caches a style by object, and would otherwise
    // work out the style of every cell again (most of the time spent writing a sheet).
    row.eachCell((cell, col) => {
      cell.style = this.styles[col - 1] as Partial<ExcelJS.Style>;
    });
    if (r.status === 'invalid') {
      row.getCell(6).style = BAD_STYLE;
      row.getCell(this.header.length - 1).style = BAD_TEXT_STYLE;
    }
    row.commit();
  }

  private problemsSheet(book: ExcelJS.stream.xlsx.WorkbookWriter) {
    const L = this.lang;
    const sheet = book.addWorksheet(WORDS.problems[L], { views: [{ state: 'frozen', ySplit: 1, topLeftCell: 'A2' }] }) as StreamSheet;
    sheet.columns = [{ width: 8 }, { width: 30, style: { numFmt: TEXT_FORMAT } }, { width: 8 }, { width: 100, style: { numFmt: TEXT_FORMAT } }];
    const head = sheet.addRow([WORDS.row[L], WORDS.column[L], WORDS.kind[L], WORDS.message[L]]);
    head.eachCell((cell) => {
      cell.style = HEADER_STYLE;
    });
    head.commit();
    for (const p of this.problems) sheet.addRow([p.row, excelValue(p.column), WORDS[p.kind][L], excelValue(p.message)]).commit();
    if (this.problemsLeftOut) sheet.addRow([undefined, undefined, undefined, WORDS.more[L].replace('{n}', String(this.problemsLeftOut))]).commit();
    sheet.commit();
  }
}
