import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { InputError } from '../errors/problem.js';
import { closest } from '../values/suggest.js';
import type { ByteSource } from './source.js';
import { openZipPart, readZipDirectory, ZipError, type ZipPart } from './zip-directory.js';

// Opens one sheet of a workbook for streaming. The workbook's parts are found through the zip's
// central directory and read in the order their meaning needs: relationships and the workbook
// part (sheet names, visibility, date system) first, then shared strings and styles, then the
// one sheet. exceljs's stream reader reads the zip front to back instead, which fails at random
// (exceljs #3064: with unzipper 0.10 the parts stored last, xl/workbook.xml among them, are lost
// about one read in a few hundred) and keeps the other sheets in temporary files that a skipped
// sheet's stream could still be opening when exceljs deleted them (an unhandled ENOENT). So exceljs
// is used here only for what it does well: parsing each part's XML, and the sheet's cells.

export interface StreamCell {
  value: unknown;
  numFmt?: string;
}
export interface StreamRow {
  number: number;
  eachCell(iteratee: (cell: StreamCell, col: number) => void): void;
}

/** The parts of exceljs's stream reader used here that its types leave out. */
interface SheetModel {
  name: string;
  state?: string;
  rId?: string;
}
interface Relationship {
  Id: string;
  Type?: string;
  Target?: string;
  TargetMode?: string;
}
interface PartParser {
  model?: { sheets?: SheetModel[] };
  properties?: { model?: { date1904?: boolean } };
  workbookRels?: Relationship[];
  _parseRels(part: Readable): Promise<void>;
  _parseWorkbook(part: Readable): Promise<void>;
  _parseSharedStrings(part: Readable): AsyncIterator<unknown>;
  _parseStyles(part: Readable): Promise<void>;
  _parseWorksheet(part: Readable, sheetNo: string): Iterable<{ value: StreamSheet }>;
}
interface StreamSheet {
  name: string;
  [Symbol.asyncIterator](): AsyncIterator<StreamRow>;
}

export interface OpenSheet {
  name: string;
  rows: AsyncIterator<StreamRow>;
  date1904: boolean;
  /** How much of the sheet's stored bytes has been read, of how many. */
  progress(): { bytes: number; size: number };
  /** Stops reading the sheet (its file is closed); harmless once it was read to the end. */
  close(): void;
}

function problem(file: string, message: string, path = ''): InputError {
  return new InputError([{ file, path, severity: 'error', message }]);
}

/** What a workbook that cannot be opened gets as a message. */
export function unreadableWorkbook(file: string, e: unknown): InputError {
  if (e instanceof InputError) return e;
  const why = String((e as Error)?.message ?? e);
  const kind = e instanceof ZipError ? e.kind : /invalid signature/i.test(why) ? 'not-zip' : /FILE_ENDED|unexpected end/i.test(why) ? 'cut-short' : undefined;
  if (kind === 'not-zip') return problem(file, 'is not an Excel workbook (an .xlsx file is a zip archive, and this is not one): if it is CSV text, name it .csv');
  if (kind === 'cut-short') return problem(file, 'is not a whole Excel workbook (the file ends too early): copy or download it again');
  return problem(file, `is not an Excel workbook that can be read (${why}): open it in Excel and save it again as "Excel Workbook (.xlsx)"`);
}

function visible(s: SheetModel): boolean {
  return s.state !== 'hidden' && s.state !== 'veryHidden';
}

/** The zip name of the part a relationship of the workbook part points to. */
function partName(target: string): string {
  const name = target.startsWith('/') ? target.slice(1) : posix.join('xl', target);
  return posix.normalize(name).toLowerCase();
}

/**
 * The rows of the wanted sheet (default: the first visible one). A sheet not found is an error
 * that lists the workbook's sheets and suggests the closest name.
 */
export async function openSheet(src: ByteSource, shown: string, wanted: string | undefined): Promise<OpenSheet> {
  let parts: Map<string, ZipPart>;
  try {
    parts = readZipDirectory(src);
  } catch (e) {
    throw unreadableWorkbook(shown, e);
  }
  // A file opened as a stream is closed if it is not read to the end, whatever goes wrong.
  const open: Readable[] = [];
  const closeAll = () => {
    for (const s of open) s.destroy();
  };
  const text = async (part: ZipPart, onBytes?: (n: number) => void): Promise<Readable> => {
    const stream = openZipPart(src, part, onBytes);
    open.push(stream);
    // exceljs 4.4 decodes each chunk on its own, so a Chinese character split between two chunks
    // came out as "\uFFFD\uFFFD" (exceljs #2063, #2084; fixes never released): the stream decodes
    // across chunk boundaries and hands exceljs text.
    stream.setEncoding('utf8');
    return stream;
  };
  try {
    const book = new ExcelJS.stream.xlsx.WorkbookReader(shown, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      // Styles say which numbers are dates (and percentages); hyperlinks are read as their text.
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    }) as unknown as PartParser;
    const workbookPart = parts.get('xl/workbook.xml');
    if (!workbookPart) throw problem(shown, 'is a zip archive but not an Excel workbook (it has no xl/workbook.xml): open it in Excel and save it as "Excel Workbook (.xlsx)"');
    const relsPart = parts.get('xl/_rels/workbook.xml.rels');
    if (relsPart) await book._parseRels(await text(relsPart));
    await book._parseWorkbook(await text(workbookPart));
    const rels = book.workbookRels ?? [];
    const relOf = (s: SheetModel) => rels.find((r) => r.Id === s.rId);
    // Chart sheets and macro sheets are listed with the worksheets but hold no rows.
    const sheets = (book.model?.sheets ?? []).filter((s) => relOf(s)?.Type?.endsWith('/worksheet'));
    const norm = (s: string) => s.trim().toLowerCase();
    const sheet = wanted === undefined ? (sheets.find(visible) ?? sheets[0]) : sheets.find((s) => norm(s.name) === norm(wanted));
    if (!sheet) {
      const names = sheets.map((s) => s.name);
      if (wanted === undefined || !names.length) throw problem(shown, 'has no worksheet to read');
      const hit = closest(wanted, names);
      throw problem(shown, `has no sheet "${wanted}"${hit ? ` (did you mean "${hit}"?)` : ''}; its sheets are ${names.map((n) => `"${n}"`).join(', ')}`, '--sheet');
    }
    const target = relOf(sheet)?.Target ?? '';
    const sheetPart = parts.get(partName(target));
    if (!sheetPart) throw problem(shown, `is not an Excel workbook that can be read (the part of sheet "${sheet.name}", ${target}, is missing): open it in Excel and save it again as "Excel Workbook (.xlsx)"`);
    // Shared strings and styles are found by their relationship type, as Excel does.
    const related = (type: string) => {
      const rel = rels.find((r) => r.Type?.endsWith(`/${type}`));
      return rel?.Target ? parts.get(partName(rel.Target)) : undefined;
    };
    const strings = related('sharedStrings') ?? parts.get('xl/sharedstrings.xml');
    if (strings) {
      const cache = book._parseSharedStrings(await text(strings));
      while (!(await cache.next()).done) {}
    }
    const styles = related('styles') ?? parts.get('xl/styles.xml');
    if (styles) await book._parseStyles(await text(styles));
    let bytes = 0;
    const xml = await text(sheetPart, (n) => {
      bytes += n;
    });
    const [emitted] = [...book._parseWorksheet(xml, /(\d+)\.xml$/.exec(sheetPart.name)?.[1] ?? '1')];
    if (!emitted) throw new Error('exceljs did not give a sheet reader');
    const reader = emitted.value;
    reader.name = sheet.name;
    return {
      name: sheet.name,
      rows: reader[Symbol.asyncIterator](),
      date1904: book.properties?.model?.date1904 === true,
      progress: () => ({ bytes, size: sheetPart.compressedSize }),
      close: closeAll,
    };
  } catch (e) {
    closeAll();
    throw unreadableWorkbook(shown, e);
  }
}
