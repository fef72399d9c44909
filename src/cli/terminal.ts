import { extname } from 'node:path';
import { defaultLang, type Lang } from '../start.js';
import type { OutStream } from './io.js';

// What the terminal (or its absence) decides about output: the width to lay out for, whether
// to colour, the language when --lang is not given, and a -o file's format from its name.

/** The width when nothing says otherwise (a file, a pipe): the classic terminal. */
export const DEFAULT_COLUMNS = 80;

/**
 * The width to lay out for: --width, else the terminal's columns, else COLUMNS from the
 * environment (set by shells for `less` and friends), else 80.
 */
export function outputWidth(width: number | undefined, stream: OutStream | undefined, env: Record<string, string | undefined>): number {
  if (width !== undefined) return width;
  if (stream?.isTTY && stream.columns) return stream.columns;
  const columns = Number(env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return columns;
  return DEFAULT_COLUMNS;
}

/** --width N: a whole number of columns, 40 or more (narrower, nothing reads well). */
export function parseWidth(value: string): number {
  const n = Number(value.normalize('NFKC').trim());
  if (!Number.isInteger(n) || n < 40 || n > 1000) {
    throw new Error(`--width must be a whole number of columns from 40 to 1000, got "${value}"`);
  }
  return n;
}

/**
 * The colour level for a stream (0 none, 1 16 colours, 2 256, 3 true colour), as Node's own
 * `stream.hasColors()` decides it: FORCE_COLOR forces it (even into a pipe), NO_COLOR and
 * TERM=dumb turn it off, and otherwise a terminal says what it can show. --no-color wins over all.
 */
export function colourLevel(wanted: boolean, stream: OutStream | undefined, env: Record<string, string | undefined>): 0 | 1 | 2 | 3 {
  if (!wanted) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    if (force === '2') return 2;
    if (force === '3') return 3;
    return 1;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.TERM === 'dumb') return 0;
  if (!stream?.isTTY) return 0;
  const tty = stream as OutStream & { getColorDepth?: (env?: object) => number };
  const depth = tty.getColorDepth ? tty.getColorDepth(env) : 4;
  return depth >= 24 ? 3 : depth >= 8 ? 2 : depth >= 4 ? 1 : 0;
}

/** The language of a run before commander has parsed it (for --help and usage errors): --lang, else the locale. */
export function langOfArgs(args: string[], env: Record<string, string | undefined>): Lang {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const value = a === '--lang' ? args[i + 1] : a.startsWith('--lang=') ? a.slice('--lang='.length) : undefined;
    if (value === 'zh' || value === 'en') return value;
  }
  return defaultLang(env as NodeJS.ProcessEnv);
}

const BY_EXTENSION: Record<string, string> = { '.json': 'json', '.md': 'markdown', '.markdown': 'markdown', '.txt': 'table', '.html': 'html', '.htm': 'html', '.pdf': 'pdf' };

/** The format a -o file's name asks for (report.md → markdown), when --format was not given. */
export function formatOfFile(file: string | undefined): string | undefined {
  return file === undefined ? undefined : BY_EXTENSION[extname(file).toLowerCase()];
}
