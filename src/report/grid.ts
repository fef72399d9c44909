import { displayWidth, minWidth, pad, wrapLines } from './wrap.js';

// A box-drawn table laid out for a given width: column widths from the content, the wrappable
// columns narrowed as needed, or no table at all when the columns cannot be kept readable (the
// renderers then stack each row). Widths are measured in display columns, so CJK lines up; colour
// is applied after layout, line by line, so escape codes never count towards a width.

export interface GridColumn {
  header: string;
  align?: 'left' | 'right';
  /** The narrowest this column may become before the table is given up (default: its longest word). */
  readable?: number;
  /** Never wrapped (a clause number, an amount). */
  nowrap?: boolean;
}

export interface GridCell {
  text: string;
  /** Applied to each laid-out line of the cell (colour). */
  style?: (line: string) => string;
}

export type GridRow = (string | GridCell)[];

export interface GridStyle {
  border: (s: string) => string;
  head: (s: string) => string;
}

const PLAIN: GridStyle = { border: (s) => s, head: (s) => s };

const cellOf = (c: string | GridCell): GridCell => (typeof c === 'string' ? { text: c } : c);

/** Borders and padding: "│ a │ b │" takes 3 columns per column and one more. */
const overhead = (columns: number) => columns * 3 + 1;

/**
 * Column widths that fit `width`, or undefined when even the narrowest readable layout does not.
 * Every column starts at what it needs unwrapped; if that is too wide, the columns that can wrap
 * give up space in proportion to how much they would wrap, never below their readable minimum.
 */
export function fitColumns(columns: GridColumn[], rows: GridRow[], width: number, footer?: GridRow): number[] | undefined {
  const all = [...rows, ...(footer ? [footer] : [])];
  const want = columns.map((c, i) => Math.max(displayWidth(c.header), ...all.map((r) => lineWidth(cellOf(r[i] ?? '').text))));
  const least = columns.map((c, i) => {
    const words = Math.max(minWidth(c.header), ...rows.map((r) => minWidth(cellOf(r[i] ?? '').text)));
    return c.nowrap ? (want[i] as number) : Math.min(want[i] as number, Math.max(words, c.readable ?? 0));
  });
  const room = width - overhead(columns.length);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  if (sum(want) <= room) return want;
  if (sum(least) > room) return undefined;
  // Hand out the spare columns one at a time to whichever column saves the most wrapped lines
  // (the table gets as short as it can), else to the one furthest from what it wants.
  const widths = [...least];
  let spare = room - sum(least);
  const cells = columns.map((_, i) => rows.map((r) => cellOf(r[i] ?? '').text));
  const heights = (i: number, w: number) => cells[i]?.map((text) => cellLines(text, w).length) ?? [];
  const current = columns.map((_, i) => heights(i, widths[i] as number));
  const tableHeight = (col: number, hs: number[]) =>
    rows.reduce((acc, _, r) => acc + Math.max(...current.map((c, i) => (i === col ? (hs[r] as number) : (c[r] as number)))), 0);
  while (spare > 0) {
    const now = tableHeight(-1, []);
    // Looking a few columns ahead: a line is often saved only once a whole word fits.
    let best = { col: -1, step: 0, rate: 0, hs: [] as number[] };
    for (let i = 0; i < columns.length; i++) {
      const room = Math.min(spare, (want[i] as number) - (widths[i] as number), 12);
      for (let step = 1; step <= room; step++) {
        const hs = heights(i, (widths[i] as number) + step);
        const rate = (now - tableHeight(i, hs)) / step;
        if (rate > best.rate) best = { col: i, step, rate, hs };
      }
    }
    if (best.col < 0) {
      // No line to save: the rest goes to the columns furthest from what they want.
      let far = -1;
      widths.forEach((w, i) => {
        if (w < (want[i] as number) && (far < 0 || (want[i] as number) - w > (want[far] as number) - (widths[far] as number))) far = i;
      });
      if (far < 0) break;
      best = { col: far, step: 1, rate: 0, hs: heights(far, (widths[far] as number) + 1) };
    }
    widths[best.col] = (widths[best.col] as number) + best.step;
    current[best.col] = best.hs;
    spare -= best.step;
  }
  return widths;
}

/** A cell's lines at a width; a line that starts with "└ " (an entry under its item) hangs under its text. */
function cellLines(text: string, width: number): string[] {
  return text.split('\n').flatMap((para) =>
    para.startsWith('└ ') && width > 4 ? wrapLines(para.slice(2), width - 2).map((l, i) => `${i === 0 ? '└ ' : '  '}${l}`) : wrapLines(para, width),
  );
}

function lineWidth(text: string): number {
  return Math.max(0, ...text.split('\n').map(displayWidth));
}

/**
 * The table's lines for the given widths: header, rows with a rule between each, and a footer row
 * whose first cell spans every column but the last (合计 … amount).
 */
export function renderGrid(columns: GridColumn[], rows: GridRow[], widths: number[], opts: { style?: GridStyle; footer?: [GridCell | string, GridCell | string] } = {}): string[] {
  const style = opts.style ?? PLAIN;
  const b = style.border;
  const n = widths.length;
  const rule = (left: string, junction: (i: number) => string, right: string) =>
    b(left + widths.map((w, i) => '─'.repeat(w + 2) + (i < n - 1 ? junction(i) : '')).join('') + right);
  const line = (cells: GridCell[], ws: number[], aligns: ('left' | 'right')[]) => {
    const wrapped = cells.map((c, i) => cellLines(c.text, ws[i] as number));
    const height = Math.max(1, ...wrapped.map((l) => l.length));
    const out: string[] = [];
    for (let k = 0; k < height; k++) {
      const parts = cells.map((c, i) => {
        const text = wrapped[i]?.[k] ?? '';
        const padded = pad(text, ws[i] as number, aligns[i]);
        return text && c.style ? padded.replace(text, c.style(text)) : padded;
      });
      out.push(`${b('│')} ${parts.join(` ${b('│')} `)} ${b('│')}`);
    }
    return out;
  };
  const aligns = columns.map((c) => c.align ?? 'left');
  const out = [rule('┌', () => '┬', '┐')];
  out.push(...line(columns.map((c) => ({ text: c.header, style: style.head })), widths, aligns));
  for (const r of rows) {
    out.push(rule('├', () => '┼', '┤'));
    out.push(...line(r.map(cellOf), widths, aligns));
  }
  if (opts.footer) {
    const spanned = widths.slice(0, -1).reduce((a, w) => a + w + 3, -3);
    const last = widths[widths.length - 1] as number;
    out.push(rule('├', (i) => (i < n - 2 ? '┴' : '┼'), '┤'));
    out.push(...line(opts.footer.map(cellOf), [spanned, last], ['left', 'right']));
    out.push(rule('└', (i) => (i < n - 2 ? '─' : '┴'), '┘'));
  } else {
    out.push(rule('└', () => '┴', '┘'));
  }
  return out;
}
