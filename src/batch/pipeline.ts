import type { Writable } from 'node:stream';
import { InputError, type Problem } from '../errors/problem.js';
import type { Policy } from '../policy/model.js';
import type { Lang } from '../report/i18n.js';
import { type ColumnPlan, planColumns } from './columns.js';
import { drained } from '../sheets/streams.js';
import { type BatchFormat, RowWriter } from './output.js';
import { addWarning, type EvaluateGroupOptions, evaluateGroup, type ParsedRow, type RowResult, sameApplicant } from './rows.js';
import { type BatchSummary, SummaryBuilder } from './summary.js';
import { exampleRowWarning } from './template.js';

// The part of a batch that does not care where rows come from (CSV text or an Excel sheet) or
// where results go (CSV/JSON text or an Excel workbook): rows are grouped into applicants,
// each applicant is evaluated once, and its result rows are handed to a sink.

export { drained, whileOpen } from '../sheets/streams.js';

/** Where result rows go. The sink never ends `out`: the caller does, once `end` has resolved. */
export interface ResultSink {
  /** The output's header, once the input's header has been read. */
  start(): void;
  /** One applicant's rows, in input order. */
  rows(results: RowResult[]): void;
  /** Hands what was given so far to the output; a promise when the reader should wait for it. */
  flush(): Promise<void> | undefined;
  /** Writes what closes the output (JSON's bracket; a workbook's summary and problems sheets). */
  end(summary: BatchSummary): Promise<void>;
}

/** Characters of output text gathered before they are written (about 16 KB). */
const WRITE_PIECE = 16 * 1024;

/** CSV, JSON or JSON Lines text, written to `out` in small pieces; the reader waits at each input chunk's end. */
export class TextSink implements ResultSink {
  private readonly writer: RowWriter;
  private buf = '';
  /** The output said to wait (write() returned false) since the last flush. */
  private full = false;

  constructor(policy: Policy, format: BatchFormat, lang: Lang, bom: boolean, private readonly out: Writable) {
    this.writer = new RowWriter(policy, format, lang, bom);
  }

  start() {
    this.buf += this.writer.start();
  }

  rows(results: RowResult[]) {
    for (const r of results) this.buf += this.writer.row(r);
    // Handed on in small pieces: text held until the end of a long input chunk would outlive the
    // young generation (the stream keeps it as bytes, outside the JavaScript heap).
    if (this.buf.length >= WRITE_PIECE) this.write();
  }

  private write() {
    if (!this.out.write(this.buf)) this.full = true;
    this.buf = '';
  }

  flush(): Promise<void> | undefined {
    if (this.buf) this.write();
    if (!this.full) return undefined;
    this.full = false;
    return this.out.writableNeedDrain ? drained(this.out) : undefined;
  }

  end(): Promise<void> {
    const tail = this.buf + this.writer.end();
    this.buf = '';
    return new Promise<void>((resolve) => this.out.write(tail, () => resolve()));
  }
}

export interface AssemblerOptions {
  policy: Policy;
  file: string;
  /** How the input was read, for the summary: `utf-8 with BOM`, `sheet "项目"`. */
  source: string;
  asOf: string;
  sink: ResultSink;
  ignoreUnknownColumns: boolean;
  /** The workbook sheet the rows come from, named in messages. */
  sheet?: string;
  /** The readings chosen with --reading (the others take the policy's default). */
  readings?: Record<string, string>;
}

/** How many applicant ids are remembered for the "rows not adjacent" warning. */
const SEEN_IDS = 10_000;

/** Parsed rows in, one evaluation per applicant, result rows out to the sink. */
export class RowAssembler {
  plan: ColumnPlan | undefined;
  private summary: SummaryBuilder | undefined;
  private pending: ParsedRow[] = [];
  // Where each applicant id was first seen, to warn when its rows are not adjacent (its caps
  // would then be applied to each run of rows separately). Bounded, so memory stays flat.
  private readonly firstSeen = new Map<string, number>();
  /** The same for every applicant. */
  private readonly groupOptions: EvaluateGroupOptions;

  constructor(private readonly o: AssemblerOptions) {
    this.groupOptions = {
      asOf: o.asOf,
      ...(o.sheet !== undefined ? { sheet: o.sheet } : {}),
      ...(o.readings ? { readings: o.readings } : {}),
    };
  }

  /**
   * Reads the header row. Problems with it (unknown, ambiguous or repeated columns) are about
   * the file, not a row: they are all reported and no row is read.
   */
  header(cells: string[], line: number): ColumnPlan {
    const { policy, file, sheet } = this.o;
    const plan = planColumns(policy, cells, this.o.ignoreUnknownColumns);
    if (plan.problems.length) {
      const problems: Problem[] = plan.problems.map((message) =>
        sheet !== undefined ? { file, path: `sheet "${sheet}", row ${line}`, severity: 'error', message } : { file, line, path: '', severity: 'error', message },
      );
      throw new InputError(problems);
    }
    this.plan = plan;
    this.summary = new SummaryBuilder(policy, file, this.o.source, plan.ignored);
    this.o.sink.start();
    return plan;
  }

  blank() {
    this.summary?.blankRow();
  }

  row(row: ParsedRow) {
    // A row that is still the template's example would be estimated like any other: say so.
    const example = exampleRowWarning(row);
    if (example) {
      this.summary?.exampleRow(row.row);
      row.notes = [...(row.notes ?? []), example];
    }
    const last = this.pending[this.pending.length - 1];
    if (last && !sameApplicant(last, row)) this.applicant();
    this.pending.push(row);
  }

  /** Evaluates the pending rows (one applicant) and hands them to the sink. */
  private applicant() {
    const { pending, summary } = this;
    if (!pending.length || !summary) return;
    const results = evaluateGroup(this.o.policy, pending, this.groupOptions);
    const id = pending[0]?.applicantId;
    if (id) {
      const before = this.firstSeen.get(id);
      if (before !== undefined) {
        const note = {
          en: `applicant id ${id} is also on row ${before}, not next to these rows: evaluated as a separate applicant (sort the sheet by applicant id so its caps apply across all its rows)`,
          zh: `申请单位编号 ${id} 也出现在第 ${before} 行，与这些行不相邻：已按另一申请单位计算（请按申请单位编号排序，使其上限覆盖全部行）`,
        };
        for (const r of results) addWarning(r, note);
        summary.scatteredApplicant(id);
      } else if (this.firstSeen.size < SEEN_IDS) this.firstSeen.set(id, pending[0]?.row as number);
    }
    this.pending = [];
    summary.applicant(results);
    this.o.sink.rows(results);
  }

  /** Evaluates the last applicant, closes the output and gives the summary. */
  async finish(): Promise<BatchSummary> {
    if (!this.summary) throw new Error('finish() before header()');
    this.applicant();
    const s = this.summary.finish();
    await this.o.sink.end(s);
    return s;
  }
}
