import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import { safeMessage, safeText } from '../values/display.js';

/**
 * A problem with some input, as a value: where it is (file, line, column, field path) and what
 * was expected. The CLI formats problems in one place; nothing below it prints or exits.
 */
export interface Problem {
  file?: string;
  line?: number;
  col?: number;
  /** The field path as a consultant reads it: projects[0].plant_equipment_investment */
  path: string;
  message: string;
  severity: 'error' | 'warning';
  /** The policy clause the problem concerns, when there is one. */
  clause?: string;
}

export type PathSegment = string | number;

/** Renders ['projects', 0, 'type'] as projects[0].type. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** Thrown at the library's edge when input cannot be used; carries every problem found. */
export class InputError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = problems;
  }
}

/**
 * One line per problem: `file:line:col  error  path: message (clause)`. Values the message echoes
 * from the input are shown safe and short (control characters escaped, long values cut), so that
 * a bad cell can neither forge a line nor flood the screen.
 */
export function formatProblem(p: Problem): string {
  const where = p.file ? `${safeText(p.file, 200)}${p.line ? `:${p.line}:${p.col ?? 1}` : ''}  ` : '';
  const what = p.path ? `${safeText(p.path, 200)}: ` : '';
  return `${where}${p.severity}  ${what}${safeMessage(p.message)}${p.clause ? ` (${p.clause})` : ''}`;
}

/** A parsed YAML document with the means to find the line and column of any path in it. */
export interface SourceDoc {
  doc: Document;
  lines: LineCounter;
  file: string;
}

/**
 * The position of a path in a YAML document: the value's node if it exists, else its key, else
 * the nearest ancestor that exists (for a missing field, the mapping that should hold it).
 * With `preferKey`, the key of the last segment (for an unknown field, point at its name).
 */
export function locate(source: SourceDoc, path: readonly PathSegment[], preferKey = false): { line: number; col: number } | undefined {
  let node: unknown = source.doc.contents;
  let best: Node | undefined = isNode(node) ? node : undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      if (last && preferKey && isNode(pair.key)) {
        best = pair.key;
        break;
      }
      node = pair.value;
      best = isNode(pair.value) ? pair.value : isNode(pair.key) ? pair.key : best;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (!isNode(node)) break;
      best = node;
    } else break;
  }
  const offset = best?.range?.[0];
  if (offset === undefined) return undefined;
  const pos = source.lines.linePos(offset);
  return { line: pos.line, col: pos.col };
}

function isNode(x: unknown): x is Node {
  return typeof x === 'object' && x !== null && 'range' in x;
}

/** Fills in file/line/col of problems that carry a path into the document. */
export function placeProblem(source: SourceDoc, path: readonly PathSegment[], p: Omit<Problem, 'file' | 'line' | 'col'>, preferKey = false): Problem {
  const pos = locate(source, path, preferKey);
  return { ...p, file: source.file, ...(pos ?? {}) };
}

/** The user stopped an interactive session (Ctrl-C / Ctrl-D): exit 130, one line, nothing written. */
export class CancelledError extends Error {
  constructor(message = 'interview cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}
