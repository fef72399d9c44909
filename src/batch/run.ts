import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import type { Writable } from 'node:stream';
import Papa from 'papaparse';
import { parseCase } from '../case/load.js';
import { evaluate } from '../engine/evaluate.js';
import { formatProblem, InputError, type Problem } from '../errors/problem.js';
import type { Policy } from '../policy/model.js';
import type { Lang } from '../report/i18n.js';
import { todayIso } from '../values/money.js';
import { planColumns } from './columns.js';
import { checkEncoding, decoder, sniffEncoding, UnreadableError } from './decode.js';
import { type BatchFormat, RowWriter } from './output.js';
import { attribute, evaluateGroup, type ParsedRow, parseRow, type RowResult, sameApplicant } from './rows.js';
import { type BatchSummary, SummaryBuilder } from './summary.js';

// The batch pipeline: bytes → text (encoding detected once) → CSV records (papaparse, chunk by
// chunk) → parsed rows → one evaluation per applicant → output rows, written as each chunk is
// done. Reading pauses while the output catches up, so memory stays flat however long the file.

export interface BatchOptions {
  policy: Policy;
  /** A CSV file path. */
  file: string;
  /** The file's name in messages and the summary, as the user gave it (default: file). */
  display?: string;
  out: Writable;
  format: BatchFormat;
  lang: Lang;
  bom: boolean;
  asOf?: string;
  /** The readings chosen with --reading (the others take the policy's default). */
  readings?: Record<string, string>;
  /** Force an encoding (utf-8, gbk, gb18030 …) instead of detecting it. */
  encoding?: string;
  ignoreUnknownColumns: boolean;
  /** Called after each chunk: bytes read so far, file size, rows so far. */
  onProgress?: (bytes: number, size: number, rows: number) => void;
}

const SNIFF_BYTES = 64 * 1024;
/** How many applicant ids are remembered for the "rows not adjacent" warning. */
const SEEN_IDS = 10_000;

function unreadable(file: string, message: string): InputError {
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

/** Runs a CSV batch; resolves with the summary once the last row is written (the caller ends `out`). */
export function runCsvBatch(opts: BatchOptions): Promise<BatchSummary> {
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
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, '');
  if (size === 0 || (head.length === size && text.trim() === '')) {
    throw unreadable(name, 'is empty: a batch CSV starts with a header row (`subsidy template csv` prints one)');
  }
  const asOf = opts.asOf ?? todayIso();
  const writer = new RowWriter(policy, opts.format, opts.lang, opts.bom);

  return new Promise<BatchSummary>((resolve, reject) => {
    const raw = createReadStream(file, { highWaterMark: 256 * 1024 });
    const textStream = decoder(encoding, true);
    let bytes = 0;
    raw.on('data', (chunk) => {
      bytes += chunk.length;
    });
    raw.on('error', (e) => textStream.destroy(e));
    // The reader of our output went away (\`| head\`) or the disk is full: stop reading.
    out.once('error', (e) => fail(e));
    raw.pipe(textStream);

    let plan: ReturnType<typeof planColumns> | undefined;
    let summary: SummaryBuilder | undefined;
    let record = 0;
    let pending: ParsedRow[] = [];
    let failed = false;
    const encodingName = `${encoding}${bom ? ' with BOM' : ''}`;

    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      raw.destroy();
      reject(e instanceof UnreadableError ? unreadable(name, e.message) : e);
    };

    // Where each applicant id was first seen, to warn when its rows are not adjacent (its caps
    // would then be applied to each run of rows separately). Bounded, so memory stays flat.
    const firstSeen = new Map<string, number>();
    const flush = (): string => {
      if (!pending.length || !summary) return '';
      const results = evaluateGroup(policy, pending, { asOf, ...(opts.readings ? { readings: opts.readings } : {}) });
      const id = pending[0]?.applicantId;
      if (id) {
        const before = firstSeen.get(id);
        if (before !== undefined) {
          const note = `applicant id ${id} is also on row ${before}, not next to these rows: evaluated as a separate applicant (sort the sheet by applicant id so its caps apply across all its rows)`;
          for (const r of results) r.warning = r.warning ? `${r.warning}; ${note}` : note;
          summary.scatteredApplicant(id);
        } else if (firstSeen.size < SEEN_IDS) firstSeen.set(id, pending[0]?.row as number);
      }
      pending = [];
      summary.applicant(results);
      let s = '';
      for (const r of results) s += writer.row(r);
      return s;
    };

    Papa.parse<string[]>(textStream as unknown as File, {
      delimiter: ',',
      skipEmptyLines: false,
      chunk(results, parser) {
        if (failed) return;
        let buf = '';
        for (const e of results.errors) {
          if (e.code === 'MissingQuotes') {
            fail(unreadable(name, `is not valid CSV: a quoted cell opened near row ${record + (e.row ?? 0) + 1} is never closed`));
            parser.abort();
            return;
          }
        }
        const badQuotes = new Map<number, string>();
        for (const e of results.errors) if (e.row !== undefined) badQuotes.set(e.row, e.message);
        for (let i = 0; i < results.data.length && !failed; i++) {
          const cells = results.data[i] as string[];
          record++;
          if (!plan) {
            if (cells.every((c) => c.trim() === '')) continue;
            plan = planColumns(policy, cells, opts.ignoreUnknownColumns);
            if (plan.problems.length) {
              const problems: Problem[] = plan.problems.map((message) => ({ file: name, line: record, path: '', severity: 'error', message }));
              fail(new InputError(problems));
              parser.abort();
              return;
            }
            summary = new SummaryBuilder(policy, name, encodingName, plan.ignored);
            buf += writer.start();
            continue;
          }
          if (cells.every((c) => c.trim() === '')) {
            summary?.blankRow();
            continue;
          }
          const row = parseRow(plan, cells, record);
          const quoteProblem = badQuotes.get(i);
          if (quoteProblem) row.errors.push(`row ${record}: ${quoteProblem} (a quote inside a cell is written "")`);
          const last = pending[pending.length - 1];
          if (last && !sameApplicant(last, row)) buf += flush();
          pending.push(row);
        }
        if (failed) return;
        opts.onProgress?.(bytes, size, record);
        if (buf && !out.write(buf)) {
          parser.pause();
          textStream.pause();
          out.once('drain', () => {
            textStream.resume();
            parser.resume();
          });
        }
      },
      complete() {
        if (failed) return;
        if (!plan || !summary) {
          fail(unreadable(name, 'has no header row: a batch CSV starts with one (`subsidy template csv` prints it)'));
          return;
        }
        const tail = flush() + writer.end();
        const s = summary.finish();
        out.write(tail, () => resolve(s));
      },
      error(e: Error) {
        fail(e);
      },
    });
  });
}

/** Project YAML files, one output row each (the row's applicant id is the file name). */
export async function runYamlBatch(
  opts: Omit<BatchOptions, 'file' | 'encoding' | 'ignoreUnknownColumns'> & { files: { name: string; text: string }[] },
): Promise<BatchSummary> {
  const { policy, out } = opts;
  const asOf = opts.asOf ?? todayIso();
  const writer = new RowWriter(policy, opts.format, opts.lang, opts.bom);
  const summary = new SummaryBuilder(policy, `${opts.files.length} project files`, 'utf-8', []);
  let buf = writer.start();
  opts.files.forEach((f, i) => {
    const row = i + 1;
    const { case: c, problems } = parseCase(f.text, policy, f.name);
    const res: RowResult = { row, applicantId: f.name, status: 'invalid', items: new Map(), unquantified: [], cannotDetermine: [] };
    if (!c) res.error = problems.map(formatProblem).join('; ');
    else {
      const result = evaluate(policy, c, { asOf, trace: false, ...(opts.readings ? { readings: opts.readings } : {}) });
      if (result.applicant.name !== undefined) res.applicant = result.applicant.name;
      res.status = 'does-not-apply';
      attribute(policy, result, 0, new Map(), [res]);
    }
    summary.applicant([res]);
    buf += writer.row(res);
  });
  buf += writer.end();
  await new Promise<void>((resolve) => out.write(buf, () => resolve()));
  return summary.finish();
}
