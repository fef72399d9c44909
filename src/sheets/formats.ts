import { statSync } from 'node:fs';
import { InputError } from '../errors/problem.js';
import { type ByteSource, readAt } from './source.js';

// Which format a sheet is in, told without loading a parser: the CLI and the web workbench both
// decide here whether bytes are read as CSV text or as a workbook.

const WORKBOOK = /\.(xlsx|xlsm)$/i;
export const OLD_WORKBOOK = /\.xls$/i;

/** Whether a batch input is read as a workbook (by its extension, as Excel names it). */
export function isWorkbook(name: string): boolean {
  return WORKBOOK.test(name) || OLD_WORKBOOK.test(name);
}

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

export function problem(file: string, message: string, path = ''): InputError {
  return new InputError([{ file, path, severity: 'error', message }]);
}

/** Says why a workbook cannot be opened before any parser is loaded, with the same words as for a CSV. */
export function checkWorkbook(src: ByteSource, name: string, shown: string): void {
  if (OLD_WORKBOOK.test(name)) throw problem(shown, 'is an Excel 97–2003 workbook (.xls), which cannot be read: in Excel use Save As → "Excel Workbook (.xlsx)"');
  try {
    let size: number;
    if ('file' in src) {
      const st = statSync(src.file);
      if (st.isDirectory()) throw problem(shown, 'is a folder: give an Excel workbook (.xlsx), a CSV file, or project YAML files');
      size = st.size;
    } else size = src.bytes.length;
    if (size === 0) throw problem(shown, 'is empty: an Excel workbook is never 0 bytes (`subsidy template xlsx -o FILE` writes a starting one)');
    // Excel saves a workbook with a password, and the old .xls format, as an OLE2 compound file.
    if (readAt(src, 0, 4).equals(OLE2)) throw problem(shown, 'is a password-protected workbook, or an old .xls one renamed: in Excel remove the password (File → Info → Protect Workbook) or save it as "Excel Workbook (.xlsx)"');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw problem(shown, code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'error'})`);
  }
}
