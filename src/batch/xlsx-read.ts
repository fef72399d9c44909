import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { InputError } from '../errors/problem.js';
import { todayIso } from '../values/money.js';
import { closest } from '../values/suggest.js';
import type { ColumnPlan } from './columns.js';
import { type ResultSink, RowAssembler } from './pipeline.js';
import { parseRow, type RowProblem } from './rows.js';
import type { BatchOptions } from './run.js';
import type { BatchSummary } from './summary.js';
import { OLD_WORKBOOK } from './xlsx.js';
import { cellText, columnLetter } from './xlsx-cells.js';

// An Excel workbook as batch input, read with exceljs's streaming reader: rows arrive one at a
// time from the sheet's XML and go through the same column plan, cell rules and applicant
// grouping as CSV rows, so the workbook is never held in memory.

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

function problem(file: string, message: string, path = ''): InputError {
  return new InputError([{ file, path, severity: 'error', message }]);
}

/** The parts of exceljs's stream reader we use that its types leave out. */
interface SheetModel {
  name: string;
  state?: string;
}
interface StreamReader {
  model?: { sheets?: SheetModel[] };
  properties?: { model?: { date1904?: boolean } };
  [Symbol.asyncIterator](): AsyncIterator<StreamSheet>;
}
interface StreamSheet {
  name: string;
  /** The sheet's XML bytes: a file stream (a sheet extracted to a temporary file) or an async iterable. */
  iterator?: AsyncIterable<Buffer | string> & { destroy?: () => void; setEncoding?: (e: BufferEncoding) => void };
  [Symbol.asyncIterator](): AsyncIterator<StreamRow>;
}
interface StreamCell {
  value: unknown;
  numFmt?: string;
}
interface StreamRow {
  number: number;
  eachCell(iteratee: (cell: StreamCell, col: number) => void): void;
}

/**
 * exceljs 4.4 decodes each chunk of XML on its own, so a Chinese character split between two
 * chunks comes out as "\uFFFD\uFFFD" (exceljs issues #2063, #2084; fixes never released). A
 * long sheet of Chinese names hits this on about one row in a thousand. The bytes are decoded
 * here across chunk boundaries instead, and exceljs's parser is handed text.
 */
function decodeWholeCharacters(reader: StreamReader) {
  const r = reader as unknown as Record<string, unknown>;
  for (const method of ['_parseSharedStrings', '_parseWorkbook', '_parseRels', '_parseStyles']) {
    const original = r[method];
    if (typeof original !== 'function') continue;
    r[method] = function (this: unknown, entry: { setEncoding?: (e: BufferEncoding) => void }, ...rest: unknown[]) {
      entry?.setEncoding?.('utf8');
      return original.call(this, entry, ...rest);
    };
  }
}

function decodeSheet(sheet: StreamSheet) {
  const bytes = sheet.iterator;
  if (!bytes) return;
  if (typeof bytes.setEncoding === 'function') {
    bytes.setEncoding('utf8');
    return;
  }
  sheet.iterator = (async function* () {
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of bytes) {
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  })();
}

/** What a workbook that cannot be opened gets as a message. */
function unreadableWorkbook(file: string, e: unknown): InputError {
  if (e instanceof InputError) return e;
  const why = String((e as Error)?.message ?? e);
  // unzipper's words for a file that is not a zip archive, or one cut short.
  if (/invalid signature/i.test(why)) return problem(file, 'is not an Excel workbook (an .xlsx file is a zip archive, and this is not one): if it is CSV text, name it .csv');
  if (/FILE_ENDED|unexpected end/i.test(why)) return problem(file, 'is not a whole Excel workbook (the file ends too early): copy or download it again');
  return problem(file, `is not an Excel workbook that can be read (${why}): open it in Excel and save it again as "Excel Workbook (.xlsx)"`);
}

/** Calls the reader, turning its failures (a zip that is not one, broken XML) into input errors. */
async function step<T>(file: string, it: AsyncIterator<T>): Promise<IteratorResult<T>> {
  try {
    return await it.next();
  } catch (e) {
    throw unreadableWorkbook(file, e);
  }
}

function visible(s: SheetModel): boolean {
  return s.state !== 'hidden' && s.state !== 'veryHidden';
}

/**
 * The rows of the wanted sheet (default: the first visible one). A sheet not found is an error
 * that lists the workbook's sheets and suggests the closest name.
 */
async function openSheet(
  file: string,
  reader: StreamReader,
  wanted: string | undefined,
): Promise<{ name: string; rows: AsyncIterator<StreamRow>; skipRest: () => Promise<void> }> {
  const sheets = reader[Symbol.asyncIterator]();
  const seen: string[] = [];
  const norm = (s: string) => s.trim().toLowerCase();
  for (;;) {
    const next = await step(file, sheets);
    if (next.done) break;
    const sheet = next.value;
    const model = reader.model?.sheets ?? [];
    const target = wanted ?? model.find(visible)?.name ?? sheet.name;
    if (norm(sheet.name) === norm(target)) {
      decodeSheet(sheet);
      // The sheets after it are passed over, which also lets exceljs delete their temporary files.
      const skipRest = async () => {
        for (let next = await step(file, sheets); !next.done; next = await step(file, sheets)) next.value.iterator?.destroy?.();
      };
      return { name: sheet.name, rows: sheet[Symbol.asyncIterator](), skipRest };
    }
    seen.push(sheet.name);
    sheet.iterator?.destroy?.();
  }
  const names = reader.model?.sheets?.map((s) => s.name) ?? seen;
  if (wanted === undefined || !names.length) throw problem(file, 'has no worksheet to read');
  const hit = closest(wanted, names);
  throw problem(file, `has no sheet "${wanted}"${hit ? ` (did you mean "${hit}"?)` : ''}; its sheets are ${names.map((n) => `"${n}"`).join(', ')}`, '--sheet');
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
function checkFile(file: string, name = file): number {
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
    return st.size;
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
  const size = checkFile(file, shown);
  const input = createReadStream(file);
  let bytes = 0;
  input.on('data', (chunk) => {
    bytes += chunk.length;
  });
  // A read error reaches the reader through the stream; this keeps it from being unhandled.
  input.on('error', () => {});
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles say which numbers are dates (and percentages); hyperlinks are read as their text.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as StreamReader;
  decodeWholeCharacters(reader);
  // The reader of our output went away or the disk is full: stop reading.
  let outFailed: Error | undefined;
  const onOutError = (e: Error) => {
    outFailed = e;
  };
  out.on('error', onOutError);
  try {
    const { name, rows, skipRest } = await openSheet(shown, reader, opts.sheet);
    const date1904 = reader.properties?.model?.date1904 === true;
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
        opts.onProgress?.(bytes, size, row.number);
        const wait = sink.flush();
        if (wait) await wait;
      }
    }
    if (!asm.plan) throw problem(shown, `sheet "${name}" has no header row: the first row names the columns (\`subsidy template xlsx -o FILE\` writes a starting workbook)`);
    await skipRest();
    return await asm.finish();
  } finally {
    out.off('error', onOutError);
    input.destroy();
  }
}
