import { statSync } from 'node:fs';
import { InputError } from '../errors/problem.js';
import { CsvError, CsvParser, type CsvRecord } from '../sheets/csv.js';
import { checkEncoding, checkHead, decodeHead, decoder, sniffEncoding, UnreadableError } from '../sheets/decode.js';
import { checkDelimiter, delimiterHint, delimiterName, sniffDelimiter } from '../sheets/delimiter.js';
import { MAX_CSV_HEADER, MAX_CSV_ROW } from '../sheets/limits.js';
import { type ByteSource, readAt, sourceSize, streamOf } from '../sheets/source.js';
import { todayIso } from '../values/money.js';
import { type BatchOptions, inputOf } from './options.js';
import { RowAssembler } from './pipeline.js';
import { cutShort, parseRow, type RowProblem } from './rows.js';
import { resultSink } from './sinks.js';
import type { BatchSummary } from './summary.js';

// A CSV batch: bytes → text (encoding detected once) → CSV records (chunk by chunk) → parsed
// rows → one evaluation per applicant → output rows, written as each chunk is done. Reading
// pauses while the output catches up, so memory stays flat however long the file.

const SNIFF_BYTES = 64 * 1024;

export function unreadable(file: string, message: string): InputError {
  return new InputError([{ file, path: '', severity: 'error', message }]);
}


/** Reads the first bytes, or says why the file cannot be read. */
function openCsv(src: ByteSource, name: string): { head: Uint8Array; size: number } {
  try {
    if ('file' in src && statSync(src.file).isDirectory()) throw unreadable(name, 'is a folder: give a CSV file, or project YAML files');
    const size = sourceSize(src);
    return { head: readAt(src, 0, Math.min(SNIFF_BYTES, size)), size };
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw unreadable(name, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'error'})`);
  }
}

/** Runs a CSV batch; resolves with the summary once the last row is written (the caller ends `out`). */
export async function runCsvBatch(opts: BatchOptions): Promise<BatchSummary> {
  const { policy, out } = opts;
  const { src, shown: name } = inputOf(opts);
  const { head, size } = openCsv(src, name);
  let encoding: string;
  let bom = false;
  try {
    if (opts.encoding) encoding = checkEncoding(opts.encoding);
    else ({ encoding, bom } = sniffEncoding(head));
    checkHead(head, encoding);
  } catch (e) {
    if (e instanceof UnreadableError) throw unreadable(name, e.message);
    throw e;
  }
  const text = decodeHead(head, encoding);
  const delimiter = opts.delimiter === undefined ? sniffDelimiter(text) : checkDelimiter(opts.delimiter);
  if (!delimiter) throw new InputError([{ path: '--delimiter', severity: 'error', message: `"${opts.delimiter?.slice(0, 20)}" is not a separator we read: use , ; tab or |` }]);
  if (size === 0 || (head.length === size && text.trim() === '')) {
    throw unreadable(name, 'is empty: a batch CSV starts with a header row (`subsidy template csv` prints one)');
  }
  const sink = await resultSink(opts);
  const asm = new RowAssembler({
    policy,
    file: name,
    source: `${encoding}${bom ? ' with BOM' : ''}${delimiter === ',' ? '' : `, ${delimiterName(delimiter)}-separated`}`,
    asOf: opts.asOf ?? todayIso(),
    sink,
    ignoreUnknownColumns: opts.ignoreUnknownColumns,
    ...(opts.readings ? { readings: opts.readings } : {}),
  });

  const raw = streamOf(src);
  const textStream = decoder(encoding, true);
  let bytes = 0;
  raw.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  raw.on('error', (e) => textStream.destroy(e));
  raw.pipe(textStream);
  textStream.setEncoding('utf8');
  // The reader of our output went away (`| head`) or the disk is full: stop reading.
  let outFailed: Error | undefined;
  const onOutError = (e: Error) => {
    outFailed = e;
    raw.destroy();
    textStream.destroy();
  };
  out.once('error', onOutError);

  // A header read as one column that holds another separator: say which, not "unknown column".
  const header = (cells: string[], line: number) => {
    try {
      asm.header(cells, line);
    } catch (e) {
      const hint = e instanceof InputError ? delimiterHint(cells, delimiter) : undefined;
      throw hint ? new InputError([{ file: name, line, path: '', severity: 'error', message: hint }]) : e;
    }
  };

  const parser = new CsvParser(delimiter, { header: MAX_CSV_HEADER, row: MAX_CSV_ROW });
  let record = 0;
  const rows = (records: CsvRecord[]) => {
    for (let i = 0; i < records.length; i++) {
      const { cells, strayQuote } = records[i] as CsvRecord;
      record++;
      const blank = isBlankRow(cells);
      if (!asm.plan) {
        if (!blank) header(cells, record);
        continue;
      }
      if (blank) {
        asm.blank();
        continue;
      }
      const row = parseRow(asm.plan, cells, record);
      const short = cells.length < asm.plan.columns.length ? cutShort(asm.plan, cells) : undefined;
      if (short) row.errors.push(short);
      const headless = underBlankHeader(asm.plan.columns, cells);
      if (headless) row.errors.push(headless);
      if (strayQuote) row.errors.push({ message: 'Trailing quote on quoted field is malformed (a quote inside a cell is written "")', zh: '引号使用有误（单元格内的英文双引号应写作 ""）' });
      asm.row(row);
    }
  };

  try {
    try {
      for await (const chunk of textStream) {
        parser.write(chunk as string);
        rows(parser.take());
        opts.onProgress?.(bytes, size, record);
        const wait = asm.plan ? sink.flush() : undefined;
        if (wait) await wait;
        if (outFailed) throw outFailed;
      }
      parser.end();
      rows(parser.take());
    } catch (e) {
      if (outFailed) throw outFailed;
      if (e instanceof UnreadableError) throw unreadable(name, e.message);
      if (e instanceof CsvError) throw unreadable(name, `is not valid CSV: ${e.message}`);
      throw e;
    }
    if (!asm.plan) throw unreadable(name, 'has no header row: a batch CSV starts with one (`subsidy template csv` prints it)');
    return await asm.finish();
  } finally {
    out.off('error', onOutError);
    raw.destroy();
  }
}

/**
 * A value in a column whose header cell is blank (what merged header cells leave, or a column
 * typed past the header's end with a separator left in the header) belongs to no column: the
 * row is refused rather than the value dropped.
 */
function underBlankHeader(columns: readonly { header: string }[], cells: readonly string[]): RowProblem | undefined {
  for (let i = 0; i < cells.length && i < columns.length; i++) {
    const c = cells[i] as string;
    if (c === '' || (columns[i] as { header: string }).header !== '' || c.trim() === '') continue;
    const shown = c.length > 40 ? `${c.slice(0, 40)}…` : c;
    return {
      message: `column ${i + 1} holds "${shown}" but has no header: give the column a header, or clear it`,
      zh: `第 ${i + 1} 列有值“${shown}”，但该列没有表头：请为该列填写表头，或清空它`,
    };
  }
  return undefined;
}

/** Every cell empty or white space (checked without a closure: this runs for every row). */
function isBlankRow(cells: string[]): boolean {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] as string;
    if (c !== '' && c.trim() !== '') return false;
  }
  return true;
}

