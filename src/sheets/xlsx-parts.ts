import type { Readable } from 'node:stream';
import { MAX_CELL_FORMATS, MAX_SHARED_CHARS, MAX_SHARED_STRINGS, MAX_XLSX_CELL } from './limits.js';
import { readXml, XmlError } from './xml.js';

// The small parts of a workbook that say how to read a sheet, each read whole into plain data:
// the workbook's relationships (which part is which sheet), the workbook part (sheet names,
// visibility, the date system), the styles (which cells are dates or percentages) and the
// shared-string table (the text of most cells), bounded by the limits of limits.ts.

export interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

export async function readRelationships(stream: Readable, part: string): Promise<Relationship[]> {
  const rels: Relationship[] = [];
  await readXml(stream, part, {
    open(name, a) {
      if (name === 'Relationship') rels.push({ id: a.Id ?? '', type: a.Type ?? '', target: a.Target ?? '', external: a.TargetMode === 'External' });
    },
    close() {},
    text() {},
  });
  return rels;
}

export interface SheetEntry {
  name: string;
  state: string;
  relId: string;
}

export async function readWorkbookPart(stream: Readable, part: string): Promise<{ sheets: SheetEntry[]; date1904: boolean }> {
  const sheets: SheetEntry[] = [];
  let date1904 = false;
  await readXml(stream, part, {
    open(name, a) {
      if (name === 'sheet') {
        const relId = Object.entries(a).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1] ?? '';
        sheets.push({ name: a.name ?? '', state: a.state ?? 'visible', relId });
      } else if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
    },
    close() {},
    text() {},
  });
  return { sheets, date1904 };
}

/** Excel's built-in number formats that show a date (ECMA-376 18.8.30, and the CJK locales' 27–36, 50–58). */
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58]);
/** Built-in formats that show only a time of day (18–21, 45–47, 32, 33, 55, 56). */
const BUILT_IN_TIMES = new Set([18, 19, 20, 21, 32, 33, 45, 46, 47, 55, 56]);
const BUILT_IN_PERCENT = new Set([9, 10]);

export type NumberLook = 'number' | 'date' | 'time' | 'percent';

/** What a format code shows a number as: its quoted text, escapes and [colour]/[$-804] tags set aside. */
export function formatLook(code: string): NumberLook {
  const first = (code.replace(/"[^"]*"|\\.|_.|\*./g, '').split(';')[0] ?? '').toLowerCase();
  // [h], [mm], [ss] are elapsed time; other brackets are colours, conditions and locales.
  const bare = first.replace(/\[(h+|m+|s+)]/g, 'h').replace(/\[[^\]]*]/g, '').replace(/general/g, '');
  if (/[yd]/.test(bare)) return 'date';
  if (/[hs]/.test(bare)) return 'time';
  if (bare.includes('m')) return 'date';
  if (bare.includes('%')) return 'percent';
  return 'number';
}

export interface Styles {
  /** Per cell format (a cell's `s`), what its numbers are shown as. */
  looks: NumberLook[];
}

export async function readStyles(stream: Readable, part: string): Promise<Styles> {
  const custom = new Map<number, string>();
  const ids: number[] = [];
  let inCellXfs = false;
  await readXml(stream, part, {
    open(name, a) {
      if (name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        if (ids.length >= MAX_CELL_FORMATS) throw new XmlError('limit', `${part} has more than ${MAX_CELL_FORMATS.toLocaleString('en')} cell formats (the limit)`);
        ids.push(Number(a.numFmtId ?? 0));
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
    text() {},
  });
  const lookOf = (id: number): NumberLook => {
    const code = custom.get(id);
    if (code !== undefined) return formatLook(code);
    if (BUILT_IN_DATES.has(id)) return 'date';
    if (BUILT_IN_TIMES.has(id)) return 'time';
    if (BUILT_IN_PERCENT.has(id)) return 'percent';
    return 'number';
  };
  return { looks: ids.map(lookOf) };
}

/**
 * Text with its OOXML escapes read (ST_Xstring, ECMA-376 22.9.2.19): a character XML cannot carry
 * is written `_xHHHH_` (Excel writes a carriage return as `_x000D_`), and a literal `_x` that
 * would look like one as `_x005F_x`.
 */
export function unescapeText(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : s;
}

/**
 * Collects the text of a string item (`<si>` of the table, `<is>` of a cell): its `<t>`, or the
 * `<t>` of each rich-text run `<r>`; never the phonetic guide `<rPh>` (the pinyin or furigana WPS
 * and Excel keep above the text, which the cell does not show).
 */
export class StringItem {
  private inText = false;
  private phonetic = 0;
  value = '';
  constructor(private readonly where: () => string) {}
  start(): void {
    this.value = '';
    this.phonetic = 0;
  }
  open(name: string): void {
    if (name === 'rPh') this.phonetic++;
    else if (name === 't' && this.phonetic === 0) this.inText = true;
  }
  close(name: string): void {
    if (name === 'rPh') this.phonetic--;
    else if (name === 't') this.inText = false;
  }
  text(t: string): void {
    if (!this.inText) return;
    this.value += t;
    if (this.value.length > MAX_XLSX_CELL) throw new XmlError('limit', `${this.where()} holds more than ${MAX_XLSX_CELL.toLocaleString('en')} characters (Excel's limit for a cell)`);
  }
}

/** The shared-string table, bounded in entries and characters whatever count it declares. */
export async function readSharedStrings(stream: Readable, part: string): Promise<string[]> {
  const strings: string[] = [];
  let chars = 0;
  let inItem = false;
  const item = new StringItem(() => `${part}, string ${strings.length + 1},`);
  await readXml(stream, part, {
    open(name, a) {
      if (name === 'sst') {
        const declared = Number(a.uniqueCount ?? a.count ?? 0);
        if (declared > MAX_SHARED_STRINGS) throw new XmlError('limit', `${part} declares ${declared.toLocaleString('en')} strings, more than ${MAX_SHARED_STRINGS.toLocaleString('en')} (the limit)`);
      } else if (name === 'si') {
        if (strings.length >= MAX_SHARED_STRINGS) throw new XmlError('limit', `${part} has more than ${MAX_SHARED_STRINGS.toLocaleString('en')} strings (the limit)`);
        inItem = true;
        item.start();
      } else if (inItem) item.open(name);
    },
    close(name) {
      if (name === 'si') {
        inItem = false;
        chars += item.value.length;
        if (chars > MAX_SHARED_CHARS) throw new XmlError('limit', `${part} holds more than ${MAX_SHARED_CHARS.toLocaleString('en')} characters of text (the limit)`);
        strings.push(unescapeText(item.value));
      } else if (inItem) item.close(name);
    },
    text(t) {
      if (inItem) item.text(t);
    },
  });
  return strings;
}
