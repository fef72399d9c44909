import type { Readable } from 'node:stream';
import { MAX_XLSX_CELL, MAX_XLSX_COLUMN, MAX_XLSX_ROW } from './limits.js';
import { type CellValue, cellValue, columnNumber, type RawCell } from './xlsx-cells.js';
import { StringItem, type Styles } from './xlsx-parts.js';
import { XmlError, XmlFeeder } from './xml.js';

// A worksheet's rows, read from its XML as it streams in: only the rows of the piece just read
// are held. Each cell is read by cellValue (xlsx-cells.ts). Rows and cells must come in the order
// Excel writes them; a row or a cell that goes back, or a reference past Excel's last row or
// column, is a damaged sheet, as is XML that stops before the sheet closes.

export interface SheetRow {
  /** The row's number in the sheet (1-based). */
  number: number;
  /** The cells the row has, by ascending column (1-based). */
  cells: { col: number; value: CellValue }[];
}

const REF = /^\$?([A-Z]{1,3})\$?(\d+)$/;

/** The sheet's rows, a piece of the file at a time; fails on the first damage or limit reached. */
export async function* sheetRows(stream: Readable, part: string, shared: readonly string[], styles: Styles): AsyncGenerator<SheetRow[]> {
  let ready: SheetRow[] = [];
  let row: SheetRow | undefined;
  let lastRow = 0;
  let lastCol = 0;
  let cell: RawCell | undefined;
  let col = 0;
  let inValue = false;
  let inInline = false;
  const item = new StringItem(() => `${part}, row ${lastRow},`);
  const bad = (message: string) => new XmlError('malformed', `${part}: ${message}`);

  const feeder = new XmlFeeder(part, {
    open(name, a) {
      if (cell) {
        if (inInline) item.open(name);
        else if (name === 'v') {
          inValue = true;
          cell.v = '';
        } else if (name === 'f') cell.formula = true;
        else if (name === 'is') {
          inInline = true;
          item.start();
        }
        return;
      }
      if (name === 'row') {
        const n = a.r === undefined ? lastRow + 1 : Number(a.r);
        if (!Number.isInteger(n) || n < 1 || n > MAX_XLSX_ROW) throw bad(`row number "${a.r}" is not a row of a sheet (1 to ${MAX_XLSX_ROW.toLocaleString('en')})`);
        if (n <= lastRow) throw bad(`row ${n} comes after row ${lastRow}: the rows are out of order`);
        lastRow = n;
        lastCol = 0;
        row = { number: n, cells: [] };
      } else if (name === 'c' && row) {
        if (a.r === undefined) col = lastCol + 1;
        else {
          const m = REF.exec(a.r);
          col = m ? columnNumber(m[1] as string) : 0;
          if (!m || Number(m[2]) !== row.number) throw bad(`cell reference "${a.r.slice(0, 20)}" is not a cell of row ${row.number}`);
        }
        if (col < 1 || col > MAX_XLSX_COLUMN) throw bad(`a cell of row ${row.number} lies past Excel's last column`);
        if (col <= lastCol) throw bad(`row ${row.number} has its cells out of order`);
        lastCol = col;
        const s = a.s === undefined ? 0 : Number(a.s);
        cell = { type: a.t, v: undefined, inline: undefined, formula: false, look: styles.looks[s] ?? 'number' };
      }
    },
    close(name) {
      if (cell) {
        if (inInline) {
          if (name === 'is') {
            inInline = false;
            cell.inline = item.value;
          } else item.close(name);
        } else if (name === 'v') inValue = false;
        else if (name === 'c') {
          (row as SheetRow).cells.push({ col, value: cellValue(cell, shared) });
          cell = undefined;
        }
        return;
      }
      if (name === 'row' && row) {
        ready.push(row);
        row = undefined;
      }
    },
    text(t) {
      if (!cell) return;
      if (inValue) {
        cell.v += t;
        if ((cell.v as string).length > MAX_XLSX_CELL) throw bad(`a cell of row ${lastRow} holds more than ${MAX_XLSX_CELL.toLocaleString('en')} characters (Excel's limit for a cell)`);
      } else if (inInline) item.text(t);
    },
  });

  for await (const chunk of stream) {
    feeder.write(chunk as string);
    if (ready.length) {
      const rows = ready;
      ready = [];
      yield rows;
    }
  }
  feeder.end();
  if (ready.length) yield ready;
}
