import { Composer, type CST, Document, isAlias, isCollection, isPair, Lexer, LineCounter, Parser } from 'yaml';
import type { SourceDoc } from './place.js';
import type { Problem } from './problem.js';

// Every YAML file we read (project files, policies, policy test cases) goes through here, so that
// no input can crash the tool or exhaust its memory: the yaml library recurses once per level of
// nesting (a file of ten thousand `[` overflows the stack, and at the wrong moment V8 aborts the
// process outright), and expands each alias where it is used (a "billion laughs" file of a few
// hundred bytes becomes gigabytes; `&a [*a]` never ends). So, before the library composes a
// document: the size is checked, then the nesting depth on the token stream (flow brackets and
// block indicators as the lexer yields them, stopping at the first level too deep), then on the
// parsed syntax tree (indentation) — all without recursion. Aliases are refused: none of our files
// needs one, and a value written out in full is what a reviewer of a policy or a case wants to see.

import type { YamlLimits } from './limits.js';

export { YAML_LIMITS, type YamlLimits } from './limits.js';

export interface ParsedYaml {
  source: SourceDoc;
  /** The document as plain data; undefined when there are problems. */
  data: unknown;
  problems: Problem[];
}

const megabytes = (n: number) => `${n / 1_000_000} MB`;
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * Parses YAML keeping positions; syntax errors, duplicate keys, aliases, and a file too large or
 * nested too deep become problems with line and column. Never throws on any input.
 */
export function parseYaml(text: string, file: string, limits: YamlLimits, opts: { failsafe?: boolean } = {}): ParsedYaml {
  const lines = new LineCounter();
  const failed = (problem: Omit<Problem, 'file' | 'path' | 'severity'>): ParsedYaml => ({
    source: { doc: new Document(), lines, file },
    data: undefined,
    problems: [{ file, path: '', severity: 'error', ...problem }],
  });
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) {
    return failed({ line: 1, col: 1, message: `the file has ${grouped(bytes)} bytes: ${limits.kind} may have at most ${grouped(limits.maxBytes)} (${megabytes(limits.maxBytes)})` });
  }
  const tooDeep = (offset: number) => {
    const { line, col } = positionOf(text, offset);
    return failed({ line, col, message: `nested more than ${limits.maxDepth} levels deep: ${limits.kind} may nest at most ${limits.maxDepth} (check the indentation and the brackets)` });
  };

  // One pass over the tokens: the guard on each, then the parser builds the syntax tree from them.
  const parser = new Parser(lines.addNewLine);
  const tree: CST.Token[] = [];
  let offset = 0;
  let flow = 0;
  let onLine = 0;
  let values = 0;
  lines.addNewLine(0);
  for (const token of new Lexer().lex(text)) {
    const type = tokenTypeOf(token);
    if (type !== undefined ? VALUE_TOKENS.has(type) : token[0] === '"' || token[0] === "'" || token[0] === '|' || token[0] === '>') {
      if (++values > limits.maxValues) {
        const { line, col } = positionOf(text, offset);
        return failed({ line, col, message: `more than ${grouped(limits.maxValues)} keys, values and list items: ${limits.kind} may have at most ${grouped(limits.maxValues)}` });
      }
    }
    if (type === 'flow-seq-start' || type === 'flow-map-start') flow++;
    else if ((type === 'flow-seq-end' || type === 'flow-map-end') && flow > 0) flow--;
    else if (type === 'newline') onLine = 0;
    else if (flow === 0 && (type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind')) onLine++;
    if (flow > limits.maxDepth || onLine > limits.maxDepth) return tooDeep(offset);
    for (const t of parser.next(token)) tree.push(t);
    // The lexer's markers (document mode, scalar follows, flow ended) are not in the text.
    if (type !== 'doc-mode' && type !== 'flow-error-end' && !(type === 'scalar' && token.length === 1 && token.charCodeAt(0) === 0x1f)) offset += token.length;
  }
  for (const t of parser.end()) tree.push(t);
  const deep = deepestBeyond(tree, limits.maxDepth);
  if (deep !== undefined) return tooDeep(deep);

  const composer = new Composer({ uniqueKeys: true, prettyErrors: false, ...(opts.failsafe ? { schema: 'failsafe' as const } : {}) });
  let doc: Document.Parsed | undefined;
  const extra: Problem[] = [];
  for (const d of composer.compose(tree, true, text.length)) {
    if (!doc) doc = d;
    else {
      const pos = lines.linePos(d.range[0]);
      extra.push({ file, line: pos.line, col: pos.col, path: '', severity: 'error', message: 'a second YAML document (after ---): the file holds one' });
      break;
    }
  }
  if (!doc) return failed({ line: 1, col: 1, message: 'the file is empty' });
  const source: SourceDoc = { doc, lines, file };
  const problems: Problem[] = doc.errors.map((e) => {
    const pos = lines.linePos(e.pos[0]);
    const message = e.code === 'DUPLICATE_KEY' ? 'duplicate key: this field is given twice' : (e.message.split('\n')[0] ?? e.message);
    // The YAML parser speaks English: in Chinese, say what it is; the line and column lead the message.
    const zh = e.code === 'DUPLICATE_KEY' ? '重复的字段：同一字段填写了两次' : 'YAML 格式错误：请检查此处的缩进、冒号和引号';
    return { file, line: pos.line, col: pos.col, path: '', message, zh, severity: 'error' };
  });
  problems.push(...extra);
  // The first alias is enough to say what to change; a billion-laughs file has hundreds.
  const aliases = aliasesIn(doc);
  const first = aliases[0];
  if (first) {
    const pos = lines.linePos(first.offset);
    const name = /^[\w.-]{1,40}$/.test(first.name) ? `*${first.name}` : 'an alias (*)';
    const more = aliases.length > 1 ? ` (${aliases.length - 1} more alias${aliases.length > 2 ? 'es' : ''} after it)` : '';
    problems.push({ file, line: pos.line, col: pos.col, path: '', severity: 'error', message: `${name}: YAML aliases are not accepted in ${limits.kind}; write the value out in full${more}` });
  }
  return { source, data: problems.length ? undefined : doc.toJS(), problems };
}

/** Tokens that make a node: a scalar, an item or key indicator, a flow collection or its separator. */
const VALUE_TOKENS = new Set<CST.TokenType>(['scalar', 'seq-item-ind', 'explicit-key-ind', 'map-value-ind', 'flow-seq-start', 'flow-map-start', 'comma']);

function tokenTypeOf(token: string): CST.TokenType | undefined {
  // CST.tokenType, inlined for the few types the guard needs (the namespace export is a value).
  switch (token) {
    case '\x02':
      return 'doc-mode';
    case '\x18':
      return 'flow-error-end';
    case '\x1f':
      return 'scalar';
    case '':
    case '\n':
    case '\r\n':
      return 'newline';
    case '-':
      return 'seq-item-ind';
    case '?':
      return 'explicit-key-ind';
    case ':':
      return 'map-value-ind';
    case '{':
      return 'flow-map-start';
    case '}':
      return 'flow-map-end';
    case '[':
      return 'flow-seq-start';
    case ']':
      return 'flow-seq-end';
    case ',':
      return 'comma';
  }
  return undefined;
}

/** The offset of the first collection nested deeper than `max`, walking the syntax tree without recursion. */
function deepestBeyond(tree: readonly CST.Token[], max: number): number | undefined {
  const stack: { token: CST.Token | undefined; depth: number }[] = tree.map((token) => ({ token, depth: 0 }));
  while (stack.length) {
    const { token, depth } = stack.pop() as { token: CST.Token | undefined; depth: number };
    if (!token) continue;
    switch (token.type) {
      case 'document':
        stack.push({ token: token.value, depth });
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (depth + 1 > max) return token.offset;
        for (const item of token.items) {
          if ('key' in item) stack.push({ token: item.key ?? undefined, depth: depth + 1 });
          stack.push({ token: item.value, depth: depth + 1 });
        }
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

/** Every alias in a document (depth is already bounded, so the walk may recurse). */
function aliasesIn(doc: Document): { name: string; offset: number }[] {
  const found: { name: string; offset: number }[] = [];
  const walk = (node: unknown) => {
    if (isAlias(node)) found.push({ name: node.source, offset: node.range?.[0] ?? 0 });
    else if (isCollection(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          walk(item.key);
          walk(item.value);
        } else walk(item);
      }
    }
  };
  walk(doc.contents);
  return found;
}

/** Line and column (1-based) of an offset, for a problem found before the line counter saw the text. */
function positionOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}
