import type { Writable } from 'node:stream';
import type { Policy } from '../policy/model.js';
import type { Lang } from '../report/i18n.js';
import type { BatchOptions } from './options.js';
import type { ResultSink } from './pipeline.js';
import type { BatchSummary } from './summary.js';
import type { HeaderStyle } from './template.js';

// The way in to everything xlsx. exceljs and what it brings (a zip writer, an XML parser) add
// about 20 MB and a few hundred milliseconds to a start: they are loaded only when a workbook is
// read or written, never for `estimate` or a CSV batch.

export { isWorkbook } from '../sheets/formats.js';

/** The batch results as a workbook on `out`. */
export async function xlsxSink(policy: Policy, lang: Lang, out: Writable): Promise<ResultSink> {
  const { XlsxSink } = await import('./xlsx-write.js');
  return new XlsxSink(policy, lang, out);
}

/** Runs a batch of a workbook's sheet (see read-xlsx.ts). */
export async function runXlsxBatch(opts: BatchOptions, sink: ResultSink): Promise<BatchSummary> {
  const m = await import('./read-xlsx.js');
  return m.runXlsxBatch(opts, sink);
}

/** Writes the input workbook for the policy to `out`, which it does not end. */
export async function writeXlsxTemplate(policy: Policy, style: HeaderStyle, out: Writable): Promise<void> {
  const m = await import('./xlsx-template.js');
  return m.writeXlsxTemplate(policy, style, out);
}
