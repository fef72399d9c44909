// The cell separator of a batch CSV. Excel saves "CSV" with a comma, but with a semicolon in the
// many locales whose decimal mark is a comma, and its "Unicode text" is UTF-16 with tabs. Read with
// the wrong separator, a header becomes one unknown column and every row is lost, so the header
// line decides (a header never needs a comma in a column name) and --delimiter overrides it.

export type Delimiter = ',' | ';' | '\t' | '|';

const NAMES: Record<string, Delimiter> = {
  ',': ',', comma: ',',
  ';': ';', semicolon: ';',
  '\t': '\t', '\\t': '\t', tab: '\t',
  '|': '|', pipe: '|',
};

/** How a delimiter is written in messages and in the summary. */
export function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : `'${d}'`;
}

/** Normalises a --delimiter value, or undefined when it is not one we read. */
export function checkDelimiter(name: string): Delimiter | undefined {
  return NAMES[name.toLowerCase()] ?? NAMES[name.trim().toLowerCase()];
}

/** How often each candidate separator occurs in a line, outside "quoted" cells. */
function counts(line: string): Map<Delimiter, number> {
  const out = new Map<Delimiter, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && out.has(ch as Delimiter)) out.set(ch as Delimiter, (out.get(ch as Delimiter) ?? 0) + 1);
  }
  return out;
}

/** The first line that is not blank: the header row. */
function headerLine(text: string): string {
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/, 50)) if (line.trim() !== '') return line;
  return '';
}

/**
 * The separator of a file from its first bytes (decoded): a comma when the header line has one,
 * else a tab or a semicolon when it has those (the more frequent), else a comma.
 */
export function sniffDelimiter(text: string): Delimiter {
  const c = counts(headerLine(text));
  if ((c.get(',') ?? 0) > 0) return ',';
  const tabs = c.get('\t') ?? 0;
  const semis = c.get(';') ?? 0;
  if (tabs === 0 && semis === 0) return ',';
  return tabs >= semis ? '\t' : ';';
}

/**
 * When a header read with `used` is one cell holding another separator, what to say instead of
 * "unknown column": the file looks separated by that one.
 */
export function delimiterHint(header: readonly string[], used: string): string | undefined {
  const cells = header.filter((h) => h.trim() !== '');
  if (cells.length !== 1) return undefined;
  const c = counts(cells[0] as string);
  const likely = ([',', ';', '\t'] as const).filter((d) => d !== used && (c.get(d) ?? 0) > 0).sort((a, b) => (c.get(b) ?? 0) - (c.get(a) ?? 0))[0];
  if (!likely) return undefined;
  const flag = likely === '\t' ? 'tab' : `'${likely}'`;
  return `the header is one column read with ${delimiterName(used)} as the separator, but the file looks separated by ${delimiterName(likely)}: give --delimiter ${flag}`;
}
