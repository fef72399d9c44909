import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { type BatchSummary, type Lang, type Policy, renderSummary, runBatch, safeMessage } from '../index.js';
import { type Html, html } from '../report/html/template.js';
import { ww } from './words.js';

// A batch in the page: an uploaded CSV or workbook run by the same runBatch as `subsidy batch`
// (same limits, errors and row accounting), read from memory and written to memory. The last few
// runs are kept in memory (never on disk) so that their results can be downloaded.

export interface BatchRun {
  id: string;
  name: string;
  bytes: Uint8Array;
  lang: Lang;
  asOf: string;
  summary: BatchSummary;
  csv: Uint8Array;
}

/** Runs kept for download: the most recent few, the oldest let go first. */
const KEPT = 3;
const runs = new Map<string, BatchRun>();

/** Collects what a run writes: the results file, whole, in memory. */
class Collect extends Writable {
  private readonly parts: Buffer[] = [];
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    done();
  }
  bytes(): Uint8Array {
    return Buffer.concat(this.parts);
  }
}

/** The results of a batch in one format, from its bytes (the same call as the CLI's). */
export async function batchResults(policy: Policy, run: Pick<BatchRun, 'name' | 'bytes' | 'lang' | 'asOf'>, format: 'csv' | 'xlsx'): Promise<{ summary: BatchSummary; bytes: Uint8Array }> {
  const out = new Collect();
  const summary = await runBatch({ policy, source: { name: run.name, bytes: run.bytes }, out, format, lang: run.lang, bom: true, asOf: run.asOf, ignoreUnknownColumns: false });
  await new Promise<void>((resolve) => out.end(resolve));
  return { summary, bytes: out.bytes() };
}

export async function startBatch(policy: Policy, name: string, bytes: Uint8Array, lang: Lang, asOf: string): Promise<BatchRun> {
  const { summary, bytes: csv } = await batchResults(policy, { name, bytes, lang, asOf }, 'csv');
  const run: BatchRun = { id: randomBytes(9).toString('base64url'), name, bytes, lang, asOf, summary, csv };
  runs.set(run.id, run);
  for (const old of runs.keys()) if (runs.size > KEPT) runs.delete(old);
  return run;
}

export const keptRun = (id: string): BatchRun | undefined => runs.get(id);

/** The summary as the CLI prints it, a line each (cells of the file are quoted safely), then the downloads. */
export function renderBatch(run: BatchRun): Html {
  const lang = run.lang;
  const lines = renderSummary(run.summary, lang).trimEnd().split('\n').map((line) => safeMessage(line));
  const base = `/batch/${run.id}`;
  return html`<div id="batch-result" aria-live="polite">
<ul class="summary">${lines.map((l) => html`<li${/^(error|错误)/.test(l) ? html` class="err"` : ''}>${l}</li>`)}</ul>
<p class="downloads"><a href="${base}/results.csv" download>${ww(lang, 'batchCsv')}</a> · <a href="${base}/results.xlsx" download>${ww(lang, 'batchXlsx')}</a> · <a href="${base}/summary.html" download>${ww(lang, 'batchReport')}</a> · <a href="${base}/summary.json" download>${ww(lang, 'batchJson')}</a></p>
</div>`;
}
