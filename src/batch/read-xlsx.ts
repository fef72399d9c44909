import { checkWorkbook, problem } from '../sheets/formats.js';
import { cellText, type ColumnKind, columnLetter } from '../sheets/xlsx-cells.js';
import { openSheet, unreadableWorkbook } from '../sheets/xlsx-open.js';
import type { SheetRow } from '../sheets/xlsx-sheet.js';
import { todayIso } from '../values/money.js';
import type { ColumnPlan } from './columns.js';
import { type BatchOptions, inputOf } from './options.js';
import { type ResultSink, RowAssembler } from './pipeline.js';
import { parseRow, type RowProblem } from './rows.js';
import type { BatchSummary } from './summary.js';

// An Excel workbook as batch input: rows arrive a piece of the sheet at a time (see
// sheets/xlsx-open.ts) and go through the same column plan, cell rules and applicant grouping as
// CSV rows, so the workbook is never held in memory.

/** Calls the sheet's reader, turning its failures (damaged data, broken XML, a limit) into input errors. */
async function step<T>(file: string, it: AsyncIterator<T>): Promise<IteratorResult<T>> {
  try {
    return await it.next();
  } catch (e) {
    throw unreadableWorkbook(file, e);
  }
}

/** The header cells as text (a header may be a number or rich text). */
function headerCells(row: SheetRow, date1904: boolean): string[] {
  const cells: string[] = [];
  for (const { col, value } of row.cells) {
    const t = cellText(value, { type: undefined, date1904 });
    cells[col - 1] = t.ok ? t.value : '';
  }
  for (let i = 0; i < cells.length; i++) cells[i] ??= '';
  while (cells.length && (cells[cells.length - 1] as string).trim() === '') cells.pop();
  return cells;
}

/** A data row's cells as the text the CSV rules read, and what could not be read. */
function dataCells(plan: ColumnPlan, row: SheetRow, date1904: boolean): { cells: string[]; problems: RowProblem[]; blank: boolean } {
  const { columns } = plan;
  const cells: string[] = [];
  const problems: RowProblem[] = [];
  let blank = true;
  for (const { col, value } of row.cells) {
    const column = columns[col - 1];
    const role = column?.role;
    const t = cellText(value, { type: role?.role === 'fact' ? (role.fact.type as ColumnKind) : undefined, date1904 });
    if (t.ok && t.value.trim() === '') continue;
    blank = false;
    if (!column || column.header === '') {
      // A value under a blank header cell (what merged header cells leave) belongs to no column.
      const shown = t.ok ? `"${t.value.length > 40 ? `${t.value.slice(0, 40)}…` : t.value}"` : 'a value';
      problems.push({
        message: `column ${columnLetter(col)} holds ${shown} but has no header: give the column a header, or clear it`,
        zh: `第 ${columnLetter(col)} 列有值 ${shown}，但该列没有表头：请为该列填写表头，或清空它`,
      });
      continue;
    }
    if (t.ok) cells[col - 1] = t.value;
    else problems.push({ header: column.header, ...(role?.role === 'fact' ? { path: role.fact.path } : {}), message: t.message });
  }
  return { cells, problems, blank };
}

/** How many rows are read between checks that the output has caught up. */
const ROWS_PER_STEP = 256;

/** Runs a batch of a workbook's sheet; resolves with the summary once the last row is written (the caller ends `out`). */
export async function runXlsxBatch(opts: BatchOptions, sink: ResultSink): Promise<BatchSummary> {
  const { policy, out } = opts;
  const { src, name: fileName, shown } = inputOf(opts);
  if (opts.encoding) throw problem(shown, 'is a workbook, whose text is always Unicode: --encoding is for CSV files', '--encoding');
  if (opts.delimiter !== undefined) throw problem(shown, 'is a workbook, whose cells need no separator: --delimiter is for CSV files', '--delimiter');
  checkWorkbook(src, fileName, shown);
  const sheet = await openSheet(src, shown, opts.sheet);
  // The reader of our output went away or the disk is full: stop reading.
  let outFailed: Error | undefined;
  const onOutError = (e: Error) => {
    outFailed = e;
  };
  out.on('error', onOutError);
  try {
    const { name, rows, date1904 } = sheet;
    const asm = new RowAssembler({
      policy,
      file: shown,
      source: opts.lang === 'zh' ? `工作表“${name}”` : `sheet "${name}"`,
      asOf: opts.asOf ?? todayIso(),
      sink,
      ignoreUnknownColumns: opts.ignoreUnknownColumns,
      sheet: name,
      ...(opts.readings ? { readings: opts.readings } : {}),
    });
    let count = 0;
    for (;;) {
      const next = await step(shown, rows);
      if (outFailed) throw outFailed;
      if (next.done) break;
      for (const row of next.value) {
        if (!asm.plan) {
          const header = headerCells(row, date1904);
          if (header.length) asm.header(header, row.number);
          continue;
        }
        const { cells, problems, blank } = dataCells(asm.plan, row, date1904);
        if (blank) asm.blank();
        else {
          const parsed = parseRow(asm.plan, cells, row.number);
          parsed.errors.push(...problems);
          asm.row(parsed);
        }
        if (++count % ROWS_PER_STEP === 0) {
          const { bytes, size } = sheet.progress();
          opts.onProgress?.(bytes, size, row.number);
          const wait = sink.flush();
          if (wait) await wait;
        }
      }
    }
    if (!asm.plan) throw problem(shown, `sheet "${name}" has no header row: the first row names the columns (\`subsidy template xlsx -o FILE\` writes a starting workbook)`);
    return await asm.finish();
  } finally {
    out.off('error', onOutError);
    sheet.close();
  }
}
