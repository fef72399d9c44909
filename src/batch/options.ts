import type { Writable } from 'node:stream';
import type { Policy } from '../policy/model.js';
import type { Lang } from '../report/i18n.js';
import type { ByteSource } from '../sheets/source.js';
import type { BatchFormat } from './output.js';

export interface BatchOptions {
  policy: Policy;
  /** A CSV file or an Excel workbook (.xlsx), by its path. Give this or `source`. */
  file?: string;
  /**
   * The same, already in memory (an upload): its name (whose extension says CSV or workbook, and
   * which messages show) and its bytes. Nothing is written to disk.
   */
  source?: { name: string; bytes: Uint8Array };
  /** The file's name in messages and the summary, as the user gave it (default: file or source.name). */
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

/** Where the batch's input is read from, its name (for the extension) and its name in messages. */
export function inputOf(opts: Pick<BatchOptions, 'file' | 'source' | 'display'>): { src: ByteSource; name: string; shown: string } {
  if (opts.source) return { src: { bytes: opts.source.bytes }, name: opts.source.name, shown: opts.display ?? opts.source.name };
  if (opts.file === undefined) throw new TypeError('a batch needs a file or a source');
  return { src: { file: opts.file }, name: opts.file, shown: opts.display ?? opts.file };
}
