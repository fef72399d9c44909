import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { InputError } from '../errors/problem.js';
import { todayIso } from '../values/money.js';
import type { ColumnPlan } from './columns.js';
import { type ResultSink, RowAssembler } from './pipeline.js';
import { parseRow, type RowProblem } from './rows.js';
import type { BatchOptions } from './run.js';
import type { BatchSummary } from './summary.js';
import { OLD_WORKBOOK } from './xlsx.js';
import { cellText, columnLetter } from './xlsx-cells.js';
import { openSheet, type StreamRow, unreadableWorkbook } from './xlsx-open.js';

// An Excel workbook as batch input: rows arrive one at a time from the sheet's XML (see
// xlsx-open.ts) and go through the same column plan, cell rules and applicant grouping as CSV
// rows, so the workbook is never held in memory.

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

function problem(file: string, message: string, path = ''): InputError {
  return new InputError([{ file, path, severity: 'error', message }]);
}

/** Calls the sheet's reader, turning its failures (damaged data, broken XML) into input errors. */
async function step<T>(file: string, it: AsyncIterator<T>): Promise<IteratorResult<T>> {
  try {
    return await it.next();
  } catch (e) {
    throw unreadableWorkbook(file, e);
  }
}

/** The header cells as text (a header may be a number or rich text). */
function headerCells(row: StreamRow): string[] {
  const cells: string[] = [];
  row.eachCell((cell, col) => {
    const t = cellText(cell.value, { type: undefined, date1904: false });
    cells[col - 1] = t.ok ? t.value : '';
  });
  for (let i = 0; i < cells.length; i++) cells[i] ??= '';
  while (cells.length && (cells[cells.length - 1] as string).trim() === '') cells.pop();
  return cells;
}

/** A data row's cells as the text the CSV rules read, and what could not be read. */
function dataCells(plan: ColumnPlan, row: StreamRow, date1904: boolean): { cells: string[]; problems: RowProblem[]; blank: boolean } {
  const { columns } = plan;
  const cells: string[] = [];
  const problems: RowProblem[] = [];
  let blank = true;
  row.eachCell((cell, col) => {
    const column = columns[col - 1];
    const role = column?.role;
    const t = cellText(cell.value, { type: role?.role === 'fact' ? role.fact.type : undefined, numFmt: cell.numFmt, date1904 });
    if (t.ok && t.value.trim() === '') return;
    blank = false;
    if (!column) {
      const shown = t.ok ? `"${t.value}"` : 'a value';
      problems.push({ message: `column ${columnLetter(col)} holds ${shown} but has no header: give the column a header, or clear it` });
      return;
    }
    if (t.ok) cells[col - 1] = t.value;
    else problems.push({ header: column.header, ...(role?.role === 'fact' ? { path: role.fact.path } : {}), message: t.message });
  });
  return { cells, problems, blank };
}

/** Checks the path before exceljs opens it, so a missing file gets the same words as a CSV. */
function checkFile(file: string, name = file): void {
  if (OLD_WORKBOOK.test(file)) throw problem(name, 'is an Excel 97–2003 workbook (.xls), which cannot be read: in Excel use Save As → "Excel Workbook (.xlsx)"');
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw problem(name, 'is a folder: give an Excel workbook (.xlsx), a CSV file, or project YAML files');
    if (st.size === 0) throw problem(name, 'is empty: an Excel workbook is never 0 bytes (`subsidy template xlsx -o FILE` writes a starting one)');
    // Excel saves a workbook with a password, and the old .xls format, as an OLE2 compound file.
    const head = Buffer.alloc(4);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, head, 0, 4, 0);
    } finally {
      closeSync(fd);
    }
    if (head.equals(OLE2)) throw problem(name, 'is a password-protected workbook, or an old .xls one renamed: in Excel remove the password (File → Info → Protect Workbook) or save it as "Excel Workbook (.xlsx)"');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw problem(name, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'error'})`);
  }
}

/** How many rows are read between checks that the output has caught up. */
const ROWS_PER_STEP = 256;

/** Runs a batch of a workbook's sheet; resolves with the summary once the last row is written (the caller ends `out`). */
export async function runXlsxBatch(opts: BatchOptions, sink: ResultSink): Promise<BatchSummary> {
  const { policy, file, out } = opts;
  const shown = opts.display ?? file;
  if (opts.encoding) throw problem(shown, 'is a workbook, whose text is always Unicode: --encoding is for CSV files', '--encoding');
  if (opts.delimiter !== undefined) throw problem(shown, 'is a workbook, whose cells need no separator: --delimiter is for CSV files', '--delimiter');
  checkFile(file, shown);
  const sheet = await openSheet(file, shown, opts.sheet);
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
      const row = next.value;
      if (!asm.plan) {
        const header = headerCells(row);
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
    if (!asm.plan) throw problem(shown, `sheet "${name}" has no header row: the first row names the columns (\`subsidy template xlsx -o FILE\` writes a starting workbook)`);
    return await asm.finish();
  } finally {
    out.off('error', onOutError);
    sheet.close();
  }
}
