// The limits of what a sheet may hold, each checked while the bytes are read (never after the whole
// has been taken into memory), each refused with one line naming it. They are far above what Excel,
// WPS or a person typing a CSV produces, and low enough that no input runs the machine out of memory
// or time. docs/guarantees.md lists them.

/** Characters in one CSV cell, quoted or not (Excel's own limit for a cell is 32,767). */
export const MAX_CSV_CELL = 32_767;
/** Characters in a CSV's header row (its column names and separators). */
export const MAX_CSV_HEADER = 64 * 1024;
/** Characters in one CSV row, its separators and quotes included. */
export const MAX_CSV_ROW = 1024 * 1024;
/** Cells in one CSV row (Excel's sheets have 16,384 columns). */
export const MAX_CSV_CELLS = 16_384;

/** Characters in one cell of a workbook (Excel's limit), inline or shared. */
export const MAX_XLSX_CELL = 32_767;
/** Entries in a workbook's shared-string table. */
export const MAX_SHARED_STRINGS = 1_000_000;
/** Characters in all of a workbook's shared strings together. */
export const MAX_SHARED_CHARS = 100_000_000;
/** Nesting of XML elements in any part of a workbook (a sheet needs 7). */
export const MAX_XML_DEPTH = 64;
/** Characters of a workbook part's XML between two tags, or inside one. */
export const MAX_XML_RUN = 1024 * 1024;
/** Bytes of a sheet once inflated: streamed, never held whole. */
export const MAX_SHEET_BYTES = 2 * 1024 * 1024 * 1024;
/** Bytes of the shared strings once inflated: held in memory while the sheet is read. */
export const MAX_SHARED_STRINGS_BYTES = 256 * 1024 * 1024;
/** Bytes of any other part read (the workbook, its relationships, the styles) once inflated. */
export const MAX_SMALL_PART_BYTES = 32 * 1024 * 1024;
/** Cell formats in a workbook's styles (Excel's limit is 64,000). */
export const MAX_CELL_FORMATS = 65_536;
/** Excel's last row and column. */
export const MAX_XLSX_ROW = 1_048_576;
export const MAX_XLSX_COLUMN = 16_384;

/** A number of bytes as people read it: 32 MB, 2 GB. */
export function bytesText(n: number): string {
  if (n >= 1024 ** 3 && n % 1024 ** 3 === 0) return `${n / 1024 ** 3} GB`;
  if (n >= 1024 ** 2 && n % 1024 ** 2 === 0) return `${n / 1024 ** 2} MB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KB`;
  return `${n.toLocaleString('en')} bytes`;
}
