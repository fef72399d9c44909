/** Display width in a terminal: CJK and full-width characters take two columns. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch.codePointAt(0) ?? 0);
  return w;
}

function charWidth(cp: number): number {
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

const CLOSING = /^[)\]}）】」』〉》、，。：；！？%,.;:!?]+$/u;

/**
 * Wraps text to a display width: Latin words stay whole, CJK may break between any two
 * characters. (cli-table3's own wrapping counts characters, not columns, so CJK would overflow.)
 */
export function wrapText(text: string, width: number): string {
  const tokens = text.match(/[\x21-\x7e]+|\s+|./gu) ?? [];
  const lines: string[] = [];
  let line = '';
  let w = 0;
  for (const tok of tokens) {
    const tw = displayWidth(tok);
    if (/^\s+$/.test(tok)) {
      if (w > 0 && w + tw <= width) {
        line += tok;
        w += tw;
      }
      continue;
    }
    // No line starts with closing punctuation (a light 禁则): it stays on the line before.
    if (w + tw > width && w > 0 && !CLOSING.test(tok)) {
      lines.push(line.trimEnd());
      line = '';
      w = 0;
    }
    if (tw > width) {
      // A word longer than the column: split it by characters.
      for (const ch of tok) {
        const cw = displayWidth(ch);
        if (w + cw > width && w > 0) {
          lines.push(line);
          line = '';
          w = 0;
        }
        line += ch;
        w += cw;
      }
      continue;
    }
    line += tok;
    w += tw;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.join('\n');
}
