// Reads the examples that README.md and docs/*.md show, so that test/docs.test.ts can run every
// command and compare the output the page shows with the real one.
//
// What a page may contain (all directives are HTML comments on their own line, so a reader of the
// source sees them and a reader of the rendered page does not):
//
//   ```console            a terminal session: `$ subsidy …` lines, each followed by its output
//   $ subsidy items …     (stdout, then stderr, as a terminal shows them; `> FILE` and `< FILE`
//   …output…              redirect as in a shell, `*` expands in the last path segment)
//   ```
//
//   <!-- not-run: REASON -->      the next block's commands are not run (the reason is required;
//                                 the test lists every one, so nothing is skipped silently)
//   <!-- exit: N -->              the next block's commands exit with N (default 0)
//   <!-- output: SPEC -->         which lines of the output the next block shows: `all` (default),
//                                 `none`, or parts joined by `;`: `head N`, `tail N`, `/REGEX/`,
//                                 `/REGEX/ +N` (the first matching line and N more); left-out
//                                 stretches are shown as a line `…`
//   <!-- file: PATH -->           the next block is saved as PATH in the example folder
//   <!-- run: node -->            the next block is a script run with node; each line ending in
//                                 `// → TEXT` expects TEXT as the next line it prints
//   <!-- edit: PATH | OLD | NEW --> replace the one occurrence of OLD in PATH (from here on)
//   <!-- workspace: fresh -->     start again from a fresh copy of the examples and policies

export interface Directives {
  notRun?: string;
  exit?: string;
  output?: string;
  file?: string;
  run?: string;
}

export interface Command {
  /** 0-based line of the `$ ` line in the page. */
  line: number;
  text: string;
  /** The output lines the page shows, and where they are (0-based, end exclusive). */
  shown: string[];
  outputStart: number;
  outputEnd: number;
}

export interface Block {
  kind: 'block';
  line: number;
  lang: string;
  body: string[];
  bodyStart: number;
  directives: Directives;
  commands: Command[];
}

export type Action = { kind: 'fresh'; line: number } | { kind: 'edit'; line: number; file: string; from: string; to: string };

export type DocEvent = Block | Action;

export const SESSION_LANGS = new Set(['console', 'sh', 'shell', 'bash', 'zsh', 'shell-session']);

const DIRECTIVE_KEYS: Record<string, keyof Directives> = { 'not-run': 'notRun', exit: 'exit', output: 'output', file: 'file', run: 'run' };

/** The page's code blocks and actions, in order. Throws on a misplaced or malformed directive. */
export function readDoc(text: string, name: string): DocEvent[] {
  const lines = text.split('\n');
  const events: DocEvent[] = [];
  let pending: Directives = {};
  let pendingLine = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const fence = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(line);
    if (fence) {
      const marker = fence[2] as string;
      let j = i + 1;
      while (j < lines.length && !(lines[j] as string).trim().startsWith(marker)) j++;
      if (j >= lines.length) throw new Error(`${name}:${i + 1}: code block is not closed`);
      const lang = (fence[3] ?? '').trim().split(/\s+/)[0] ?? '';
      const body = lines.slice(i + 1, j);
      const commands = SESSION_LANGS.has(lang) ? readSession(body, i + 1, name) : [];
      events.push({ kind: 'block', line: i, lang, body, bodyStart: i + 1, directives: pending, commands });
      pending = {};
      i = j;
      continue;
    }
    const comment = /^<!--\s*([a-z-]+):\s*(.*?)\s*-->$/.exec(line.trim());
    if (comment) {
      const key = comment[1] as string;
      const value = comment[2] as string;
      if (key === 'edit') {
        const parts = value.split(' | ');
        if (parts.length !== 3) throw new Error(`${name}:${i + 1}: write <!-- edit: PATH | OLD | NEW -->`);
        events.push({ kind: 'edit', line: i, file: parts[0] as string, from: parts[1] as string, to: parts[2] as string });
        continue;
      }
      if (key === 'workspace') {
        if (value !== 'fresh') throw new Error(`${name}:${i + 1}: write <!-- workspace: fresh -->`);
        events.push({ kind: 'fresh', line: i });
        continue;
      }
      const field = DIRECTIVE_KEYS[key];
      if (field) {
        if (value === '') throw new Error(`${name}:${i + 1}: "${key}" needs a value (for not-run: the reason)`);
        pending[field] = value;
        pendingLine = i;
        continue;
      }
    }
    if (line.trim() !== '' && Object.keys(pending).length > 0) {
      throw new Error(`${name}:${pendingLine + 1}: a directive comment must come right before the code block it is about`);
    }
  }
  if (Object.keys(pending).length > 0) throw new Error(`${name}:${pendingLine + 1}: a directive comment with no code block after it`);
  return events;
}

function readSession(body: string[], bodyStart: number, name: string): Command[] {
  const commands: Command[] = [];
  body.forEach((text, k) => {
    const line = bodyStart + k;
    if (text.startsWith('$ ')) {
      const previous = commands.at(-1);
      if (previous) previous.outputEnd = line;
      commands.push({ line, text: text.slice(2), shown: [], outputStart: line + 1, outputEnd: bodyStart + body.length });
    } else if (commands.length === 0) {
      throw new Error(`${name}:${line + 1}: a shell block must start with a "$ " command line (put usage synopses in a text block)`);
    } else {
      (commands.at(-1) as Command).shown.push(text);
    }
  });
  if (commands.length === 0) throw new Error(`${name}:${bodyStart}: a shell block with no "$ " command`);
  return commands;
}

export interface Word {
  text: string;
  /** An unquoted `*` that the shell would expand. */
  glob: boolean;
}

/** Splits a command line as a POSIX shell would for the simple forms pages use: quotes, `\`, `# comment`. */
export function shellWords(command: string): Word[] {
  const words: Word[] = [];
  let current = '';
  let inWord = false;
  let glob = false;
  let quote: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i] as string;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < command.length) current += command[++i];
      else current += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < command.length) {
      current += command[++i];
      inWord = true;
    } else if (ch === '#' && !inWord) {
      break;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push({ text: current, glob });
      current = '';
      inWord = false;
      glob = false;
    } else {
      if (ch === '*') glob = true;
      current += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unclosed quote in: ${command}`);
  if (inWord) words.push({ text: current, glob });
  return words;
}

/** The lines of `output` that a page shows under the selection `spec` (see the top of this file). */
export function selectLines(lines: string[], spec = 'all'): string[] {
  if (spec === 'all') return lines;
  if (spec === 'none') return [];
  const keep = new Set<number>();
  for (const part of spec.split(';').map((s) => s.trim())) {
    const head = /^head (\d+)$/.exec(part);
    const tail = /^tail (\d+)$/.exec(part);
    const match = /^\/(.+)\/(?: \+(\d+))?$/.exec(part);
    if (head) for (let i = 0; i < Math.min(Number(head[1]), lines.length); i++) keep.add(i);
    else if (tail) for (let i = Math.max(0, lines.length - Number(tail[1])); i < lines.length; i++) keep.add(i);
    else if (match) {
      const re = new RegExp(match[1] as string);
      const at = lines.findIndex((l) => re.test(l));
      if (at < 0) throw new Error(`output: no line matches /${match[1]}/`);
      for (let i = at; i <= Math.min(at + Number(match[2] ?? 0), lines.length - 1); i++) keep.add(i);
    } else throw new Error(`output: unknown selection "${part}" (all, none, head N, tail N, /REGEX/ +N)`);
  }
  const shown: string[] = [];
  let previous = -1;
  for (const i of [...keep].sort((a, b) => a - b)) {
    if (i !== previous + 1) shown.push('…');
    shown.push(lines[i] as string);
    previous = i;
  }
  if (previous !== lines.length - 1) shown.push('…');
  return shown;
}

/** Output text as the lines a page shows: no final newline, and nothing at all for no output. */
export function outputLines(text: string): string[] {
  const trimmed = text.replace(/\n$/, '');
  return trimmed === '' ? [] : trimmed.split('\n');
}

/** GitHub's anchor for each heading of a page (`## The input CSV` → `the-input-csv`). */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let inFence = false;
  for (const line of text.split('\n')) {
    if (/^\s*(`{3,}|~{3,})/.test(line)) inFence = !inFence;
    const heading = !inFence && /^#{1,6}\s+(.*?)\s*#*$/.exec(line);
    if (!heading) continue;
    const base = (heading[1] as string)
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** The relative links of a page (outside code), with the line they are on. */
export function relativeLinks(text: string): { line: number; target: string }[] {
  const links: { line: number; target: string }[] = [];
  let inFence = false;
  text.split('\n').forEach((line, i) => {
    if (/^\s*(`{3,}|~{3,})/.test(line)) inFence = !inFence;
    if (inFence) return;
    const prose = line.replace(/`[^`]*`/g, '');
    for (const m of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1] as string;
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) links.push({ line: i + 1, target });
    }
  });
  return links;
}
