import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { InputError } from '../errors/problem.js';
import { closest } from '../values/suggest.js';
import { problem } from './formats.js';
import { MAX_SHARED_STRINGS_BYTES, MAX_SHEET_BYTES, MAX_SMALL_PART_BYTES } from './limits.js';
import type { ByteSource } from './source.js';
import { readRelationships, readSharedStrings, readStyles, readWorkbookPart, type SheetEntry, type Styles } from './xlsx-parts.js';
import { type SheetRow, sheetRows } from './xlsx-sheet.js';
import { XmlError } from './xml.js';
import { openZipPart, readZipDirectory, ZipError, type ZipPart } from './zip-directory.js';

// Opens one sheet of a workbook for streaming. The workbook's parts are found through the zip's
// central directory and read in the order their meaning needs: relationships and the workbook
// part (sheet names, visibility, date system) first, then shared strings and styles, then the
// one sheet, whose rows are read as they stream in. Before any row is handed on, the sheet's
// bytes are inflated once to check that they are whole: a sheet cut short (an exporter that
// crashed still closes a valid zip) is an error for the file, never a partial read.

export interface OpenSheet {
  name: string;
  /** The sheet's rows, a piece of the file at a time. */
  rows: AsyncIterator<SheetRow[]>;
  date1904: boolean;
  /** How much of the sheet's stored bytes has been read, of how many. */
  progress(): { bytes: number; size: number };
  /** Stops reading the sheet; harmless once it was read to the end. */
  close(): void;
}

/** What a workbook that cannot be read gets as a message. */
export function unreadableWorkbook(file: string, e: unknown): InputError {
  if (e instanceof InputError) return e;
  const why = String((e as Error)?.message ?? e);
  if (e instanceof ZipError && e.kind === 'not-zip') return problem(file, 'is not an Excel workbook (an .xlsx file is a zip archive, and this is not one): if it is CSV text, name it .csv');
  if ((e instanceof ZipError || e instanceof XmlError) && e.kind === 'limit') return problem(file, `is refused: ${why}`);
  // zlib's "unexpected end of file": the deflated data of a part stops short.
  if ((e instanceof ZipError && e.kind === 'cut-short') || (e as NodeJS.ErrnoException)?.code === 'Z_BUF_ERROR') return problem(file, 'is not a whole Excel workbook (the file ends too early): copy or download it again');
  if (e instanceof XmlError && e.kind === 'cut-short') return problem(file, `is not a whole Excel workbook (${why}): the program that wrote it may have stopped half way; save it again from Excel`);
  return problem(file, `is not an Excel workbook that can be read (${why}): open it in Excel and save it again as "Excel Workbook (.xlsx)"`);
}

function visible(s: SheetEntry): boolean {
  return s.state !== 'hidden' && s.state !== 'veryHidden';
}

/** The zip name of the part a relationship of the workbook part points to. */
function partName(target: string): string {
  const name = target.startsWith('/') ? target.slice(1) : posix.join('xl', target);
  return posix.normalize(name).toLowerCase();
}

/** Checks that a part's XML ends by closing its root element, reading only its inflated bytes. */
async function checkWhole(stream: Readable, part: string, root: string): Promise<void> {
  let tail = '';
  for await (const chunk of stream) tail = (tail + (chunk as string)).slice(-256);
  const end = new RegExp(`</([A-Za-z_][\\w.-]*:)?${root}>\\s*$`);
  if (!end.test(tail)) throw new XmlError('cut-short', `${part} stops before its end (it does not close <${root}>)`);
}

/**
 * The rows of the wanted sheet (default: the first visible one). A sheet not found is an error
 * that lists the workbook's sheets and suggests the closest name.
 */
export async function openSheet(src: ByteSource, shown: string, wanted: string | undefined): Promise<OpenSheet> {
  const open: Readable[] = [];
  const closeAll = () => {
    for (const s of open) s.destroy();
  };
  const text = (part: ZipPart, limit: number, onBytes?: (n: number) => void): Readable => {
    const stream = openZipPart(src, part, limit, onBytes);
    open.push(stream);
    // Decoded across chunk boundaries: a Chinese character split between two chunks stays whole.
    stream.setEncoding('utf8');
    return stream;
  };
  try {
    const parts = readZipDirectory(src);
    const workbookPart = parts.get('xl/workbook.xml');
    if (!workbookPart) throw problem(shown, 'is a zip archive but not an Excel workbook (it has no xl/workbook.xml): open it in Excel and save it as "Excel Workbook (.xlsx)"');
    const relsPart = parts.get('xl/_rels/workbook.xml.rels');
    const rels = relsPart ? await readRelationships(text(relsPart, MAX_SMALL_PART_BYTES), relsPart.name) : [];
    const book = await readWorkbookPart(text(workbookPart, MAX_SMALL_PART_BYTES), workbookPart.name);
    const relOf = (s: SheetEntry) => rels.find((r) => r.id === s.relId);
    // Chart sheets and macro sheets are listed with the worksheets but hold no rows.
    const sheets = book.sheets.filter((s) => relOf(s)?.type.endsWith('/worksheet'));
    const norm = (s: string) => s.trim().toLowerCase();
    const sheet = wanted === undefined ? (sheets.find(visible) ?? sheets[0]) : sheets.find((s) => norm(s.name) === norm(wanted));
    if (!sheet) {
      const names = sheets.map((s) => s.name);
      if (wanted === undefined || !names.length) throw problem(shown, 'has no worksheet to read');
      const hit = closest(wanted, names);
      throw problem(shown, `has no sheet "${wanted}"${hit ? ` (did you mean "${hit}"?)` : ''}; its sheets are ${names.map((n) => `"${n}"`).join(', ')}`, '--sheet');
    }
    const rel = relOf(sheet);
    const target = rel && !rel.external ? rel.target : '';
    const sheetPart = parts.get(partName(target));
    if (!sheetPart) throw problem(shown, `is not an Excel workbook that can be read (the part of sheet "${sheet.name}", ${target}, is missing): open it in Excel and save it again as "Excel Workbook (.xlsx)"`);
    // Shared strings and styles are found by their relationship type, as Excel does.
    const related = (type: string) => {
      const r = rels.find((x) => x.type.endsWith(`/${type}`) && !x.external);
      return r ? parts.get(partName(r.target)) : undefined;
    };
    const stringsPart = related('sharedStrings') ?? parts.get('xl/sharedstrings.xml');
    const shared = stringsPart ? await readSharedStrings(text(stringsPart, MAX_SHARED_STRINGS_BYTES), stringsPart.name) : [];
    const stylesPart = related('styles') ?? parts.get('xl/styles.xml');
    const styles: Styles = stylesPart ? await readStyles(text(stylesPart, MAX_SMALL_PART_BYTES), stylesPart.name) : { looks: [] };
    await checkWhole(text(sheetPart, MAX_SHEET_BYTES), sheetPart.name, 'worksheet');
    let bytes = 0;
    const stream = text(sheetPart, MAX_SHEET_BYTES, (n) => {
      bytes += n;
    });
    return {
      name: sheet.name,
      rows: sheetRows(stream, sheetPart.name, shared, styles),
      date1904: book.date1904,
      progress: () => ({ bytes, size: sheetPart.compressedSize }),
      close: closeAll,
    };
  } catch (e) {
    closeAll();
    throw unreadableWorkbook(shown, e);
  }
}
