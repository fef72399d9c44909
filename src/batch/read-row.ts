import { isBlank, parseFactValue } from '../case/fact-values.js';
import type { CaseRecord, FactValue } from '../case/model.js';
import { isPlainIsoDate } from '../values/dates.js';
import { type Parsed, plainAmount } from '../values/money.js';
import type { ColumnPlan, FactColumn } from './columns.js';
import type { ParsedRow, RowProblem } from './rows.js';

// Reading one row's cells into facts and list entries, with the same rules (and messages) as a
// project file. This runs for every cell of a sheet that may have millions of rows, so what can
// be decided from the header alone (what each column states, which list it fills) is decided
// once, and a row costs little more than looking at its cells.

/** How many distinct cells per column are remembered once parsed (memory stays bounded). */
const PARSED_CACHE = 1024;

const SKIP = 0;
const FACT = 1;
const LIST_FIELD = 2;
const APPLICANT_ID = 3;
const PROJECT_ID = 4;

/** What a column does, decided once per header. */
interface CellReader {
  kind: typeof SKIP | typeof FACT | typeof LIST_FIELD | typeof APPLICANT_ID | typeof PROJECT_ID;
  header: string;
  fact: FactColumn | undefined;
  /** The fact's (or the list field's) name. */
  name: string;
  /** For a list field: the list, and its place among the lists of the header. */
  list: string;
  slot: number;
  /** A text fact's value is the cell as written: nothing to parse, nothing to remember. */
  text: boolean;
  /**
   * A money fact with no maximum, or a date: a cell in the usual notation (3500万, 2019-05-01) is
   * read on the spot, for less than looking it up; the others are parsed once and remembered.
   */
  plain: 'money' | 'date' | undefined;
  /** Cells already parsed: sheets repeat the same choices, dates and amounts. */
  seen: Map<string, Parsed<FactValue>> | undefined;
  /** The column's last parsed cell and what it gave. */
  lastRaw: string | undefined;
  lastParsed: Parsed<FactValue> | undefined;
}

const readerCache = new WeakMap<ColumnPlan, { readers: CellReader[]; lists: number }>();

function readersOf(plan: ColumnPlan): { readers: CellReader[]; lists: number } {
  let found = readerCache.get(plan);
  if (found) return found;
  const slots = new Map<string, number>();
  const readers = plan.columns.map(({ header, role }, i): CellReader => {
    const base = { header, fact: undefined, name: '', list: '', slot: -1, text: false, plain: undefined, seen: undefined, lastRaw: undefined, lastParsed: undefined };
    if (role.role === 'applicant-id') return { ...base, kind: APPLICANT_ID };
    if (role.role === 'project-id') return { ...base, kind: PROJECT_ID };
    if (role.role !== 'fact') return { ...base, kind: SKIP };
    const { fact } = role;
    const text = fact.type === 'text';
    const seen = text ? undefined : plan.parsed[i];
    const plain = fact.type === 'date' ? 'date' : fact.type === 'money' && fact.def.max === undefined ? 'money' : undefined;
    if (!fact.list) return { ...base, kind: FACT, fact, name: fact.name, text, plain, seen };
    let slot = slots.get(fact.list);
    if (slot === undefined) {
      slot = slots.size;
      slots.set(fact.list, slot);
    }
    return { ...base, kind: LIST_FIELD, fact, name: fact.name, list: fact.list, slot, text, plain, seen };
  });
  found = { readers, lists: slots.size };
  readerCache.set(plan, found);
  return found;
}

/** isBlank for a cell, without allocating: absent, empty, `~` and `null` all mean "not stated". */
function blank(raw: string): boolean {
  const c = raw.charCodeAt(0);
  // Only a cell starting with a space, ~ or n can be blank once trimmed.
  if (c !== 32 && c !== 9 && c !== 126 && c !== 110 && c !== 12288) return false;
  return isBlank(raw);
}

/**
 * A CSV row with fewer cells than the header was cut short (a line break inside an unquoted
 * cell, a lost tail): its missing cells must not be read as "not stated", which would give a wrong
 * amount with no word. (Trailing columns with no header may be left out; a workbook's rows end at
 * their last filled cell, so this is for CSV only.)
 */
export function cutShort(plan: ColumnPlan, cells: readonly string[]): RowProblem | undefined {
  const n = plan.columns.length;
  if (cells.length >= n || !plan.columns.slice(cells.length).some((c) => c.header !== '')) return undefined;
  return {
    message: `has ${cells.length} cell${cells.length === 1 ? '' : 's'} but the header has ${n} columns: the row is cut short (a line break inside a cell needs "quotes")`,
    zh: `只有 ${cells.length} 个单元格，但表头有 ${n} 列：此行被截断（单元格内换行时须加英文双引号）`,
  };
}

/**
 * The cell's value, parsed once per distinct cell of the column (up to PARSED_CACHE of them); the
 * column's last cell is compared first, since an applicant's rows repeat its facts.
 */
function parsedCell(reader: CellReader, raw: string): Parsed<FactValue> {
  if (raw === reader.lastRaw) return reader.lastParsed as Parsed<FactValue>;
  const seen = reader.seen as Map<string, Parsed<FactValue>>;
  let r = seen.get(raw);
  if (!r) {
    r = parseFactValue(reader.fact as FactColumn, raw);
    if (seen.size < PARSED_CACHE) seen.set(raw, r);
  }
  reader.lastRaw = raw;
  reader.lastParsed = r;
  return r;
}

/** Parses the cells of one row with the same rules (and messages) as a project file. */
export function parseRow(plan: ColumnPlan, cells: string[], row: number): ParsedRow {
  const parsed: ParsedRow = { row, facts: {}, entries: new Map(), errors: [] };
  const { readers, lists } = readersOf(plan);
  const n = readers.length;
  if (cells.length > n) {
    const extra = cells.slice(n).filter((c) => !isBlank(c));
    if (extra.length) {
      parsed.errors.push({
        message: `has ${cells.length} cells but the header has ${n} columns (a comma inside a cell needs "quotes")`,
        zh: `有 ${cells.length} 个单元格，但表头只有 ${n} 列（单元格内有逗号时须加英文双引号）`,
      });
    }
  }
  // Each list's entry, by the list's place in the header; put in `entries` in the order the row
  // first states something of it, as a project file's lists are read.
  const entries: (CaseRecord | undefined)[] | undefined = lists ? new Array(lists) : undefined;
  for (let i = 0; i < n; i++) {
    const raw = cells[i];
    // Most cells of a wide sheet are empty: skip them before any other work.
    if (raw === undefined || raw === '') continue;
    const reader = readers[i] as CellReader;
    if (reader.kind === SKIP || blank(raw)) continue;
    if (reader.kind === APPLICANT_ID) {
      parsed.applicantId = raw.trim();
      continue;
    }
    if (reader.kind === PROJECT_ID) {
      parsed.projectId = raw.trim();
      continue;
    }
    let value: FactValue | undefined;
    if (reader.text) value = raw;
    else if (reader.plain === 'money') value = plainAmount(raw);
    else if (reader.plain === 'date' && isPlainIsoDate(raw)) value = raw;
    if (value === undefined) {
      const r = parsedCell(reader, raw);
      if (!r.ok) {
        const zh = r.zh ?? r.message;
        parsed.errors.push({
          header: reader.header,
          path: (reader.fact as FactColumn).path,
          message: r.message.includes(raw.trim()) ? r.message : `"${raw}": ${r.message}`,
          zh: zh.includes(raw.trim()) ? zh : `“${raw}”：${zh}`,
        });
        continue;
      }
      value = r.value;
      // Read, but perhaps not as meant (a bare 3500 is 3,500 yuan): the words estimate uses, in
      // the row's warning column; the row still counts.
      if (r.warning) {
        const column = reader.header;
        parsed.notes = [...(parsed.notes ?? []), { en: `column "${column}": ${r.warning.en}`, zh: `列“${column}”：${r.warning.zh}` }];
        parsed.valueWarnings = (parsed.valueWarnings ?? 0) + 1;
      }
    }
    if (reader.kind === FACT) {
      parsed.facts[reader.name] = value;
      continue;
    }
    const at = reader.slot;
    let entry = (entries as (CaseRecord | undefined)[])[at];
    if (!entry) {
      entry = {};
      (entries as (CaseRecord | undefined)[])[at] = entry;
      parsed.entries.set(reader.list, entry);
    }
    entry[reader.name] = value;
  }
  return parsed;
}
