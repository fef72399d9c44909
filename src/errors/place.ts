// Where a problem is in a YAML document. Kept apart from problem.ts so that code which only
// reports problems (the CLI's start, --help, --version) does not load the YAML parser.
import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { PathSegment, Problem } from './problem.js';

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
