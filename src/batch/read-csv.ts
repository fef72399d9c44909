import { statSync } from 'node:fs';
import Papa from 'papaparse';
import { InputError } from '../errors/problem.js';
import { checkEncoding, decodeHead, decoder, sniffEncoding, UnreadableError } from '../sheets/decode.js';
import { checkDelimiter, delimiterHint, delimiterName, sniffDelimiter } from '../sheets/delimiter.js';
import { type ByteSource, readAt, sourceSize, streamOf } from '../sheets/source.js';
import { todayIso } from '../values/money.js';
import { type BatchOptions, inputOf } from './options.js';
import { RowAssembler } from './pipeline.js';
import { cutShort, parseRow } from './rows.js';
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

  return new Promise<BatchSummary>((resolve, reject) => {
    const raw = streamOf(src);
    const textStream = decoder(encoding, true);
    let bytes = 0;
    raw.on('data', (chunk) => {
      bytes += chunk.length;
    });
    raw.on('error', (e) => textStream.destroy(e));
    // The reader of our output went away (\`| head\`) or the disk is full: stop reading.
    out.once('error', (e) => fail(e));
    raw.pipe(textStream);

    let record = 0;
    let failed = false;

    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      raw.destroy();
      reject(e instanceof UnreadableError ? unreadable(name, e.message) : e);
    };

    // A header read as one column that holds another separator: say which, not "unknown column".
    const header = (cells: string[], line: number) => {
      try {
        asm.header(cells, line);
      } catch (e) {
        const hint = e instanceof InputError ? delimiterHint(cells, delimiter) : undefined;
        throw hint ? new InputError([{ file: name, line, path: '', severity: 'error', message: hint }]) : e;
      }
    };

    Papa.parse<string[]>(textStream as unknown as File, {
      delimiter,
      skipEmptyLines: false,
      chunk(results, parser) {
        if (failed) return;
        for (const e of results.errors) {
          if (e.code === 'MissingQuotes') {
            fail(unreadable(name, `is not valid CSV: a quoted cell opened near row ${record + (e.row ?? 0) + 1} is never closed`));
            parser.abort();
            return;
          }
        }
        const badQuotes = new Map<number, string>();
        for (const e of results.errors) if (e.row !== undefined) badQuotes.set(e.row, e.message);
        try {
          const data = results.data as (string[] | undefined)[];
          for (let i = 0; i < data.length; i++) {
            const cells = data[i] as string[];
            // Let go of each row's cells once read: a chunk holds thousands of rows, and cells
            // still held while the rows after them are evaluated would outlive the young
            // generation and fill the old one (memory would grow with the chunk, not the row).
            data[i] = undefined;
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
            const quoteProblem = badQuotes.size ? badQuotes.get(i) : undefined;
            if (quoteProblem) row.errors.push({ message: `${quoteProblem} (a quote inside a cell is written "")`, zh: '引号使用有误（单元格内的英文双引号应写作 ""）' });
            asm.row(row);
          }
          opts.onProgress?.(bytes, size, record);
          const wait = asm.plan ? sink.flush() : undefined;
          if (wait) {
            parser.pause();
            textStream.pause();
            wait.then(
              () => {
                textStream.resume();
                parser.resume();
              },
              (e: Error) => fail(e),
            );
          }
        } catch (e) {
          fail(e as Error);
          parser.abort();
        }
      },
      complete() {
        if (failed) return;
        if (!asm.plan) {
          fail(unreadable(name, 'has no header row: a batch CSV starts with one (`subsidy template csv` prints it)'));
          return;
        }
        asm.finish().then(resolve, fail);
      },
      error(e: Error) {
        fail(e);
      },
    });
  });
}

/** Every cell empty or white space (checked without a closure: this runs for every row). */
function isBlankRow(cells: string[]): boolean {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] as string;
    if (c !== '' && c.trim() !== '') return false;
  }
  return true;
}

