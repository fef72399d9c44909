import type { BatchOptions } from './options.js';
import { type ResultSink, TextSink } from './pipeline.js';
import { xlsxSink } from './xlsx.js';

/** The sink for the chosen output format (a workbook's writer is loaded only when asked for). */
export async function resultSink(opts: Pick<BatchOptions, 'policy' | 'format' | 'lang' | 'bom' | 'out'>): Promise<ResultSink> {
  if (opts.format === 'xlsx') return xlsxSink(opts.policy, opts.lang, opts.out);
  return new TextSink(opts.policy, opts.format, opts.lang, opts.bom, opts.out);
}
