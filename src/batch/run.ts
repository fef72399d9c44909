import { parseCase } from '../case/load.js';
import { evaluate } from '../engine/evaluate.js';
import { quotableOf } from '../engine/readings.js';
import { formatProblem, type Problem, problemLine } from '../errors/problem.js';
import { unexpected } from '../errors/unexpected.js';
import { isWorkbook } from '../sheets/formats.js';
import { todayIso } from '../values/money.js';
import { type BatchOptions, inputOf } from './options.js';
import { runCsvBatch } from './read-csv.js';
import { attribute, type RowResult } from './rows.js';
import { resultSink } from './sinks.js';
import { type BatchSummary, SummaryBuilder } from './summary.js';
import { runXlsxBatch } from './xlsx.js';

// The ways into a batch: a CSV file, a workbook's sheet (from a file or from bytes in memory), or
// project YAML files. Reading the sheet is the sheets room's job; here rows become cases.

export { unreadable } from './read-csv.js';
export type { BatchOptions };
export { resultSink, runCsvBatch };

/** Runs a batch of a CSV file or an Excel workbook (by its extension); see runCsvBatch. */
export async function runBatch(opts: BatchOptions): Promise<BatchSummary> {
  const { name } = inputOf(opts);
  return isWorkbook(name) ? runXlsxBatch(opts, await resultSink(opts)) : runCsvBatch(opts);
}

/** Project YAML files, one output row each (the row's applicant id is the file name). */
export async function runYamlBatch(
  opts: Omit<BatchOptions, 'file' | 'source' | 'encoding' | 'ignoreUnknownColumns'> & { files: { name: string; text?: string; problems?: Problem[] }[] },
): Promise<BatchSummary> {
  const { policy } = opts;
  const asOf = opts.asOf ?? todayIso();
  const sink = await resultSink(opts);
  const summary = new SummaryBuilder(policy, 'project files', 'utf-8', []);
  summary.projectFiles(opts.files.length);
  sink.start();
  opts.files.forEach((f, i) => {
    const row = i + 1;
    // A file that could not be read (too large, a device, no permission) is its own row's error.
    const { case: c, problems } = f.problems ? { case: undefined, problems: f.problems } : parseCase(f.text ?? '', policy, f.name);
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
