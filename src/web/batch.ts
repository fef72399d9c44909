import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { type BatchSummary, InputError, type Lang, type Policy, problemLine, renderSummary, runBatch, safeMessage } from '../index.js';
import { type Html, html } from '../report/html/template.js';
import { problemBox } from './page.js';
import { ww } from './words.js';

// A batch in the page: an uploaded CSV or workbook run by the same runBatch as `subsidy batch`
// (same limits, errors and row accounting), read from memory and written to memory. A run starts
// and is kept in memory (never on disk): the page polls its progress while it goes, then shows its
// summary, and the last few runs stay for their downloads.

/** Bytes of the file read, of how many, and rows read so far, as runBatch reports them. */
export interface BatchProgress {
  bytes: number;
  size: number;
  rows: number;
}

/** How a run ended: its summary and results, or what was wrong with the file (a line each). */
export type BatchOutcome = { summary: BatchSummary; csv: Uint8Array } | { problems: string[] };

export interface BatchRun {
  id: string;
  name: string;
  bytes: Uint8Array;
  lang: Lang;
  asOf: string;
  progress: BatchProgress;
  /** Set when the run ends (until then, the run is going). */
  outcome?: BatchOutcome;
  /** Settles when outcome is set; never rejects. */
  done: Promise<void>;
}

/** Runs kept for download: the most recent few, the oldest finished one let go first. */
const KEPT = 3;
const runs = new Map<string, BatchRun>();

/**
 * Results written between two turns of the event loop. A run in memory reads and writes without
 * waiting on any I/O, so without these pauses it would hold the server until it ends: no progress
 * could be asked for and no other request answered.
 */
const YIELD_BYTES = 64 * 1024;

/** Collects what a run writes: the results file, whole, in memory. */
class Collect extends Writable {
  private readonly parts: Buffer[] = [];
  private sinceYield = 0;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.parts.push(b);
    this.sinceYield += b.length;
    if (this.sinceYield < YIELD_BYTES) done();
    else {
      this.sinceYield = 0;
      setImmediate(done);
    }
  }
  bytes(): Uint8Array {
    return Buffer.concat(this.parts);
  }
}

type RunInput = Pick<BatchRun, 'name' | 'bytes' | 'lang' | 'asOf'>;

/** The results of a batch in one format, from its bytes (the same call as the CLI's). */
export async function batchResults(policy: Policy, run: RunInput, format: 'csv' | 'xlsx', onProgress?: (bytes: number, size: number, rows: number) => void): Promise<{ summary: BatchSummary; bytes: Uint8Array }> {
  const out = new Collect();
  const summary = await runBatch({
    policy,
    source: { name: run.name, bytes: run.bytes },
    out,
    format,
    lang: run.lang,
    bom: true,
    asOf: run.asOf,
    ignoreUnknownColumns: false,
    ...(onProgress ? { onProgress } : {}),
  });
  await new Promise<void>((resolve) => out.end(resolve));
  return { summary, bytes: out.bytes() };
}

/** Starts a run and answers at once: the run goes on in memory, its progress kept on the run. */
export function startBatch(policy: Policy, name: string, bytes: Uint8Array, lang: Lang, asOf: string): BatchRun {
  const run: BatchRun = { id: randomBytes(9).toString('base64url'), name, bytes, lang, asOf, progress: { bytes: 0, size: bytes.length, rows: 0 }, done: Promise.resolve() };
  const onProgress = (read: number, size: number, rows: number) => {
    run.progress = { bytes: read, size: size || run.progress.size, rows };
  };
  run.done = batchResults(policy, run, 'csv', onProgress).then(
    ({ summary, bytes: csv }) => {
      run.outcome = { summary, csv };
    },
    (e: unknown) => {
      run.outcome = { problems: whatWentWrong(e, lang) };
    },
  );
  runs.set(run.id, run);
  // A run still going is never let go: its page is waiting for it.
  for (const [id, old] of runs) if (runs.size > KEPT && old.outcome) runs.delete(id);
  return run;
}

export const keptRun = (id: string): BatchRun | undefined => runs.get(id);

/** The run's summary and results, once it has ended well. */
export const finished = (run: BatchRun): { summary: BatchSummary; csv: Uint8Array } | undefined => (run.outcome && 'summary' in run.outcome ? run.outcome : undefined);

/** A file's problems in the page's language; anything else in one line, never a stack. */
function whatWentWrong(e: unknown, lang: Lang): string[] {
  if (e instanceof InputError) return e.problems.map((p) => problemLine(p, lang));
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]?.slice(0, 300) ?? '';
  return [lang === 'zh' ? `出错了：${message}` : `Something went wrong: ${message}`];
}

/**
 * The batch's part of the page: while the run goes, its progress, which asks for itself again in
 * half a second (htmx's load polling: the answer replaces it, so polling stops with the summary);
 * then the summary as the CLI prints it, a line each (cells of the file are quoted safely), and
 * the downloads; or the file's problems.
 */
export function renderBatch(run: BatchRun): Html {
  const lang = run.lang;
  const { outcome } = run;
  if (!outcome) {
    const { bytes, size, rows } = run.progress;
    const percent = size > 0 ? Math.min(100, Math.floor((bytes / size) * 100)) : 0;
    const text = ww(lang, 'batchProgress').replace('%r', rows.toLocaleString('en')).replace('%p', String(percent));
    return html`<div id="batch-result" aria-live="polite" aria-busy="true" data-running="1" hx-get="/batch/${run.id}/progress" hx-trigger="load delay:500ms" hx-swap="outerHTML">
<p class="batch-progress">${text}</p>
<progress max="100" value="${String(percent)}" aria-label="${text}">${String(percent)}%</progress>
</div>`;
  }
  if ('problems' in outcome) return html`<div id="batch-result">${problemBox(outcome.problems)}</div>`;
  const lines = renderSummary(outcome.summary, lang).trimEnd().split('\n').map((line) => safeMessage(line));
  const base = `/batch/${run.id}`;
  return html`<div id="batch-result" aria-live="polite">
<ul class="summary">${lines.map((l) => html`<li${/^(error|错误)/.test(l) ? html` class="err"` : ''}>${l}</li>`)}</ul>
<p class="downloads"><a href="${base}/results.csv" download>${ww(lang, 'batchCsv')}</a> · <a href="${base}/results.xlsx" download>${ww(lang, 'batchXlsx')}</a> · <a href="${base}/summary.html" download>${ww(lang, 'batchReport')}</a> · <a href="${base}/summary.json" download>${ww(lang, 'batchJson')}</a></p>
</div>`;
}
