import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import type { Writable } from 'node:stream';
import Papa from 'papaparse';
import { parseCase } from '../case/load.js';
import { evaluate } from '../engine/evaluate.js';
import { quotableOf } from '../engine/readings.js';
import { formatProblem, problemLine, InputError } from '../errors/problem.js';
import { unexpected } from '../errors/unexpected.js';
import type { Policy } from '../policy/model.js';
import type { Lang } from '../report/i18n.js';
import { todayIso } from '../values/money.js';
import { checkEncoding, decodeHead, decoder, READ_CHUNK_BYTES, sniffEncoding, UnreadableError } from './decode.js';
import { checkDelimiter, delimiterHint, delimiterName, sniffDelimiter } from './delimiter.js';
import type { BatchFormat } from './output.js';
import { RowAssembler, type ResultSink, TextSink } from './pipeline.js';
import { attribute, cutShort, parseRow, type RowResult } from './rows.js';
import { type BatchSummary, SummaryBuilder } from './summary.js';
import { isWorkbook, runXlsxBatch, xlsxSink } from './xlsx.js';

// The batch pipeline: bytes → text (encoding detected once) → CSV records (papaparse, chunk by
// chunk) → parsed rows → one evaluation per applicant → output rows, written as each chunk is
// done. Reading pauses while the output catches up, so memory stays flat however long the file.

export interface BatchOptions {
  policy: Policy;
  /** A CSV file or an Excel workbook (.xlsx). */
  file: string;
  /** The file's name in messages and the summary, as the user gave it (default: file). */
  display?: string;
  out: Writable;
  format: BatchFormat | 'xlsx';
  lang: Lang;
  bom: boolean;
  asOf?: string;
  /** The readings chosen with --reading (the others take the policy's default). */
  readings?: Record<string, string>;
  /** Force an encoding (utf-8, gbk, gb18030 …) instead of detecting it. */
  encoding?: string;
  /** Force a CSV's cell separator (, ; tab |) instead of detecting it from the header line. */
  delimiter?: string;
  /** A workbook's sheet to read (default: the first visible one). */
  sheet?: string;
  ignoreUnknownColumns: boolean;
  /** Called after each chunk: bytes read so far, file size, rows so far. */
  onProgress?: (bytes: number, size: number, rows: number) => void;
}

const SNIFF_BYTES = 64 * 1024;

export function unreadable(file: string, message: string): InputError {
  return new InputError([{ file, path: '', severity: 'error', message }]);
}

/** Reads the first bytes, or says why the file cannot be read. */
function openCsv(file: string, name: string): { head: Uint8Array; size: number } {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw unreadable(name, 'is a folder: give a CSV file, or project YAML files');
    size = st.size;
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(Math.min(SNIFF_BYTES, size));
      readSync(fd, head, 0, head.length, 0);
      return { head, size };
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw unreadable(name, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'error'})`);
  }
}

/** The sink for the chosen output format. */
export async function resultSink(opts: Pick<BatchOptions, 'policy' | 'format' | 'lang' | 'bom' | 'out'>): Promise<ResultSink> {
  if (opts.format === 'xlsx') return xlsxSink(opts.policy, opts.lang, opts.out);
  return new TextSink(opts.policy, opts.format, opts.lang, opts.bom, opts.out);
}

/** Runs a batch of a CSV file or an Excel workbook (by its extension); see runCsvBatch. */
export async function runBatch(opts: BatchOptions): Promise<BatchSummary> {
  return isWorkbook(opts.file) ? runXlsxBatch(opts, await resultSink(opts)) : runCsvBatch(opts);
}

/** Runs a CSV batch; resolves with the summary once the last row is written (the caller ends `out`). */
export async function runCsvBatch(opts: BatchOptions): Promise<BatchSummary> {
  const { policy, file, out } = opts;
  const name = opts.display ?? file;
  const { head, size } = openCsv(file, name);
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
    const raw = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
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

/** Project YAML files, one output row each (the row's applicant id is the file name). */
export async function runYamlBatch(
  opts: Omit<BatchOptions, 'file' | 'encoding' | 'ignoreUnknownColumns'> & { files: { name: string; text: string }[] },
): Promise<BatchSummary> {
  const { policy } = opts;
  const asOf = opts.asOf ?? todayIso();
  const sink = await resultSink(opts);
  const summary = new SummaryBuilder(policy, `${opts.files.length} project files`, 'utf-8', []);
  sink.start();
  opts.files.forEach((f, i) => {
    const row = i + 1;
    const { case: c, problems } = parseCase(f.text, policy, f.name);
    let res: RowResult = { row, applicantId: f.name, status: 'invalid', items: new Map(), unquantified: [], cannotDetermine: [] };
    if (!c) {
      res.error = problems.map(formatProblem).join('; ');
      res.errorZh = problems.map((p) => problemLine(p, 'zh')).join('；');
    }
    else {
      try {
        const result = evaluate(policy, c, { asOf, trace: false, ...(opts.readings ? { readings: opts.readings } : {}) });
        if (result.applicant.name !== undefined) res.applicant = result.applicant.name;
        res.status = 'does-not-apply';
        attribute(policy, result, 0, new Map(), [res]);
        const q = quotableOf(policy, c, result);
        if (!q.low.eq(result.total.low) || !q.high.eq(result.total.high)) res.quotable = { low: q.low, high: q.high };
      } catch (e) {
        // One file the engine cannot take is that row's error: the other files are still written.
        res = { row, applicantId: f.name, status: 'invalid', items: new Map(), unquantified: [], cannotDetermine: [], error: `${f.name}: ${unexpected(e)}` };
      }
    }
    summary.applicant([res]);
    sink.rows([res]);
  });
  const s = summary.finish();
  await sink.end(s);
  return s;
}
