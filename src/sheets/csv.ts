import { MAX_CSV_CELL, MAX_CSV_CELLS } from './limits.js';

// CSV records (RFC 4180, as Excel and WPS write it), read from text as it streams in. Each
// character is looked at once, whatever the quoting, so the work is in proportion to the input: a
// quote that is never closed, or one long cell, costs no more than any other text of that length.
// A cell may hold at most MAX_CSV_CELL characters and a record at most `maxRecord` (the caller
// sets a smaller one for the header): past a limit the whole file is refused, since where the
// next record starts can no longer be trusted.

/** A file-level reason the CSV cannot be read on: a limit passed, a quote never closed. */
export class CsvError extends Error {
  constructor(
    readonly kind: 'limit' | 'unclosed',
    /** The record (1-based, the header's included) where it happened. */
    readonly record: number,
    message: string,
  ) {
    super(message);
  }
}

export interface CsvRecord {
  cells: string[];
  /** A quoted cell had text after its closing quote (`"a"b`): the cell is read literally, but may be wrong. */
  strayQuote: boolean;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvParser {
  /** Records fully read and not yet taken. */
  private ready: CsvRecord[] = [];
  private cells: string[] = [];
  private field = '';
  /** The current cell began with a quote (and it has not closed yet, when `inQuotes`). */
  private quoted = false;
  private inQuotes = false;
  /** The chunk ended on a quote inside a quoted cell: an escape ("") or the cell's end. */
  private quoteAtEnd = false;
  /** The chunk ended on CR: a LF starting the next belongs to it. */
  private crAtEnd = false;
  private strayQuote = false;
  /** Characters of the current record so far. */
  private recordChars = 0;
  /** Records begun so far (the current one's number). */
  private record = 1;
  private readonly delimiter: number;
  /** The longest record allowed, in characters: the header's limit until a record with text is read. */
  private maxRecord: number;
  private recordWhat = 'the header';

  constructor(
    delimiter: string,
    private readonly limits: { header: number; row: number },
  ) {
    this.delimiter = delimiter.charCodeAt(0);
    this.maxRecord = limits.header;
  }

  /** Reads a piece of text; the records it completes are returned by take(). */
  write(s: string): void {
    const n = s.length;
    if (n === 0) return;
    const d = this.delimiter;
    let i = 0;
    /** Where the current record began in this piece (0: in an earlier one). */
    let recordStart = 0;
    if (this.crAtEnd) {
      this.crAtEnd = false;
      if (s.charCodeAt(0) === LF) i = 1;
    }
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false;
      if (s.charCodeAt(0) === QUOTE) {
        this.append('"');
        i++;
      } else this.inQuotes = false;
    }
    while (i < n) {
      if (this.inQuotes) {
        const q = s.indexOf('"', i);
        if (q < 0) {
          this.append(s.slice(i));
          break;
        }
        if (q > i) this.append(s.slice(i, q));
        i = q + 1;
        if (i === n) {
          this.quoteAtEnd = true;
          break;
        }
        if (s.charCodeAt(i) === QUOTE) {
          this.append('"');
          i++;
        } else this.inQuotes = false;
        continue;
      }
      const c = s.charCodeAt(i);
      if (c === d) {
        this.endCell();
        i++;
        continue;
      }
      if (c === LF || c === CR) {
        this.endCell();
        this.checkLength(this.recordChars + i - recordStart);
        this.endRecord();
        i++;
        if (c === CR) {
          if (i === n) this.crAtEnd = true;
          else if (s.charCodeAt(i) === LF) i++;
        }
        this.recordChars = 0;
        recordStart = i;
        continue;
      }
      if (c === QUOTE && this.field === '' && !this.quoted) {
        this.quoted = true;
        this.inQuotes = true;
        i++;
        continue;
      }
      // Text after a quoted cell's closing quote: kept, and the record marked.
      if (this.quoted) this.strayQuote = true;
      let j = i + 1;
      while (j < n) {
        const e = s.charCodeAt(j);
        if (e === d || e === LF || e === CR) break;
        j++;
      }
      this.append(s.slice(i, j));
      i = j;
    }
    this.recordChars += n - recordStart;
    this.checkLength(this.recordChars);
  }

  private checkLength(chars: number): void {
    if (chars > this.maxRecord) throw new CsvError('limit', this.record, `${this.recordWhat} (row ${this.record}) is longer than ${this.maxRecord.toLocaleString('en')} characters (the limit)`);
  }

  /** The end of the text: the last record, if it has no line end; a quote still open is an error. */
  end(): void {
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false;
      this.inQuotes = false;
    }
    if (this.inQuotes) throw new CsvError('unclosed', this.record, `a quoted cell opened near row ${this.record} is never closed`);
    if (this.field !== '' || this.quoted || this.cells.length) {
      this.endCell();
      this.endRecord();
    }
  }

  /** The records completed so far, handed over once. */
  take(): CsvRecord[] {
    const r = this.ready;
    this.ready = [];
    return r;
  }

  private append(piece: string): void {
    this.field += piece;
    if (this.field.length > MAX_CSV_CELL) {
      const hint = this.inQuotes ? ': a quote opened there may never close (a quote inside a cell is written "")' : '';
      throw new CsvError('limit', this.record, `a cell of row ${this.record} is longer than ${MAX_CSV_CELL.toLocaleString('en')} characters (the limit)${hint}`);
    }
  }

  private endCell(): void {
    if (this.cells.length >= MAX_CSV_CELLS) throw new CsvError('limit', this.record, `row ${this.record} has more than ${MAX_CSV_CELLS.toLocaleString('en')} cells (the limit)`);
    this.cells.push(this.field);
    this.field = '';
    this.quoted = false;
  }

  private endRecord(): void {
    if (this.maxRecord === this.limits.header && this.recordWhat === 'the header' && this.cells.some((c) => c.trim() !== '')) {
      this.maxRecord = this.limits.row;
      this.recordWhat = 'a row';
    }
    this.ready.push({ cells: this.cells, strayQuote: this.strayQuote });
    this.cells = [];
    this.strayQuote = false;
    this.record++;
  }
}
