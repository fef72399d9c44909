// Text laid out for a terminal: display width (CJK and full-width characters take two columns),
// and wrapping with the line-break rules of Chinese typesetting (禁则): no line starts with closing
// punctuation, none ends with an opening bracket, and a number stays whole with its unit (3,500万
// is never split into 3,50 / 0万).

/** Display width in a terminal: CJK and full-width characters take two columns. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch.codePointAt(0) ?? 0);
  return w;
}

function charWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x300 && cp <= 0x36f) || cp === 0x200b || cp === 0xfeff) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

const CLOSING = /^[)\]}）】」』〉》〕’”、，。：；！？%,.;:!?…·]+$/u;
const OPENING = /^[([{（【「『〈《〔‘“]+$/u;
const SPACE = /^\s+$/;

/**
 * The unbreakable pieces of a text: a run of Latin letters, digits and ASCII punctuation with any
 * 万/亿/元 right after it (3,500万, 2019-05-01, 10%–12%), or one CJK character; spaces apart.
 * Closing punctuation is glued to what it follows and opening punctuation to what follows it.
 */
function tokens(text: string): string[] {
  // A CJK word of up to four characters set off by spaces (已封顶, 自治区级) stays whole too.
  // A clause number in its brackets (（三十一）) is one piece: it is read as a name, not as words.
  const raw = text.match(/（[一二三四五六七八九十百]+）|(?:[\x21-\x7e\u2013\u2014\u00d7\u2264\u2265]+[万亿元]{0,2})+|(?<=^|\s)[\u4e00-\u9fff]{2,4}(?=[\s:：,，。;；、)）]|$)|\s+|./gu) ?? [];
  const out: string[] = [];
  let pendingOpen = '';
  for (const tok of raw) {
    if (OPENING.test(tok)) {
      pendingOpen += tok;
      continue;
    }
    const last = out[out.length - 1];
    // Closing punctuation stays with what it closes; what follows a slash (万/项, 元/年) with the slash.
    if (last !== undefined && !pendingOpen && !SPACE.test(last) && (CLOSING.test(tok) || (last.endsWith('/') && !SPACE.test(tok)))) {
      out[out.length - 1] = last + tok;
      continue;
    }
    if (SPACE.test(tok) && pendingOpen) {
      out.push(pendingOpen);
      pendingOpen = '';
    }
    out.push(pendingOpen + tok);
    pendingOpen = '';
  }
  if (pendingOpen) out.push(pendingOpen);
  return out;
}

/** Wraps text to lines no wider than `width` columns (a single piece wider than that is cut by characters). */
export function wrapLines(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    const pieces: string[][] = [[]];
    let w = 0;
    const current = () => pieces[pieces.length - 1] as string[];
    const flush = () => {
      while (current().length && SPACE.test(current()[current().length - 1] as string)) current().pop();
      pieces.push([]);
      w = 0;
    };
    for (const tok of tokens(paragraph)) {
      const tw = displayWidth(tok);
      if (SPACE.test(tok)) {
        // A space that does not fit ends the line (the words it separates must not run together).
        if (w > 0 && w + tw < width) {
          current().push(tok);
          w += tw;
        } else if (w > 0) flush();
        continue;
      }
      if (w + tw > width && w > 0) flush();
      if (tw > width) {
        for (const ch of tok) {
          const cw = displayWidth(ch);
          if (w + cw > width && w > 0) flush();
          current().push(ch);
          w += cw;
        }
        continue;
      }
      current().push(tok);
      w += tw;
    }
    if (current().length === 0 && pieces.length > 1) pieces.pop();
    avoidWidow(pieces, width);
    lines.push(...pieces.map((p) => p.join('').trimEnd()));
  }
  return lines;
}

/**
 * A last line of a single CJK character (列 / 支) reads as a mistake: take one more piece down
 * from the line above, when that line keeps at least half its width.
 */
function avoidWidow(pieces: string[][], width: number): void {
  if (pieces.length < 2) return;
  const last = pieces[pieces.length - 1] as string[];
  const before = pieces[pieces.length - 2] as string[];
  // Only for Chinese, where lines join with no space: a Latin word alone on a line is normal.
  if (last.length !== 1 || !/^[\u4e00-\u9fff][^\s]?$/u.test(last[0] as string) || before.length < 4) return;
  const moved = before[before.length - 1] as string;
  if (!/^[\u4e00-\u9fff]/u.test(moved)) return;
  const left = displayWidth(before.join('')) - displayWidth(moved);
  if (left * 2 < width || displayWidth(moved + (last[0] as string)) > width) return;
  before.pop();
  last.unshift(moved);
}

/** Wraps text to a display width; lines joined with newlines. */
export function wrapText(text: string, width: number): string {
  return wrapLines(text, width).join('\n');
}

/**
 * A paragraph with a hanging indent: the first line starts with `first` (a bullet), the others
 * with `rest` (as wide, so the text lines up under itself).
 */
export function wrapParagraph(text: string, width: number, first = '', rest = ' '.repeat(displayWidth(first))): string[] {
  const inner = Math.max(8, width - Math.max(displayWidth(first), displayWidth(rest)));
  return wrapLines(text, inner).map((l, i) => `${i === 0 ? first : rest}${l}`);
}

/** The widest unbreakable piece of a text: the narrowest it can be wrapped to. */
export function minWidth(text: string): number {
  let most = 0;
  for (const tok of tokens(text)) if (!SPACE.test(tok)) most = Math.max(most, displayWidth(tok));
  return most;
}

/** Pads to a display width (CJK counted as two columns). */
export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const gap = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? gap + text : text + gap;
}
