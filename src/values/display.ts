// Text from a user's file shown back to them: in an error line, a CSV error cell, a table.
// It must not act on the terminal (ESC sequences that clear the screen or retitle the window),
// not forge lines of its own (a newline followed by "file:1:1  error …"), and not flood the
// screen or a log (a 10 MB cell). So control characters are shown escaped, and long values cut.

/** Characters that act on a terminal or a line instead of being read: C0, DEL, C1, line and bidi controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The same, one character at a time, and anything but a line break (rendered text keeps its lines). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const IS_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeControl(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** 10485760 → "10 485 760": a length a reader can take in at a glance. */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/**
 * A value made safe to show: control characters escaped (`\x1b`, `\n`), and when longer than
 * `max` characters, cut with "…" and its full length: `aaaa…(10 485 760 chars)`.
 */
export function safeText(value: unknown, max = 80): string {
  const text = String(value);
  const escaped = text.replace(CONTROL, escapeControl);
  if (escaped.length <= max) return escaped;
  let cut = escaped.slice(0, max);
  // Never end on half of a surrogate pair or of an escape such as \x1b.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  cut = cut.replace(/\\(x[0-9a-f]{0,1}|u[0-9a-f]{0,3})?$/, '');
  return `${cut}…(${grouped(text.length)} chars)`;
}

/** A quoted value inside a message: "…" (values are quoted where messages echo them). */
const QUOTED = /"([^"]*)"/g;

/**
 * A whole message made safe: each quoted value in it shortened to `maxValue` characters, control
 * characters escaped everywhere, and the message itself cut at `maxTotal` characters.
 */
export function safeMessage(message: string, maxValue = 80, maxTotal = 1000): string {
  const shortened = message.length > maxValue ? message.replace(QUOTED, (_all, v: string) => `"${safeText(v, maxValue)}"`) : message;
  return safeText(shortened, maxTotal);
}

/** Escape sequences a text rendering may carry on purpose: colour (SGR) only. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ESC is the point
const SGR = /\u001b\[[0-9;]*m/y;

/**
 * Rendered text for a terminal (a table, a text report): line breaks kept, any other control
 * character escaped, so that a name in a project file cannot clear the screen or retitle the
 * window. With `colour`, the renderer's own colour sequences (ESC [ … m) are kept.
 */
export function terminalText(text: string, colour = false): string {
  if (!IS_CONTROL.test(text)) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (colour && c === '\u001b') {
      SGR.lastIndex = i;
      const m = SGR.exec(text);
      if (m) {
        out += m[0];
        i += m[0].length;
        continue;
      }
    }
    out += IS_CONTROL.test(c) ? escapeControl(c) : c;
    i++;
  }
  return out;
}

/**
 * Text from a file placed inside a sentence of ours, isolated for the bidirectional algorithm
 * (U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE): an override in a name (U+202E
 * in "‮gpj.exe") turns only the name around, never the words or figures after it. For where no
 * element can do it (a page's <title>, plain text that is not a terminal's); HTML body text uses <bdi>.
 */
export function isolated(text: string): string {
  return `\u2068${text}\u2069`;
}

/**
 * A file name as one word of a command the user may paste into a shell: as it is when it is
 * plainly letters, digits and the punctuation of paths, else in single quotes ('my list.csv').
 */
export function shellArg(name: string): string {
  return /^[\p{L}\p{N}._\-/+,:@%（）]+$/u.test(name) ? name : `'${name.replaceAll("'", "'\\''")}'`;
}
