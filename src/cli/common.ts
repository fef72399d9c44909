import { readFileSync } from 'node:fs';
import { Chalk, type ChalkInstance } from 'chalk';
import { Option } from 'commander';
import { InputError, parseDate, defaultLang, type Lang, type Unit } from '../index.js';

/** Options shared by the commands that print results. */
export interface OutputOptions {
  format: 'table' | 'json' | 'markdown';
  lang?: Lang;
  unit: Unit;
  color: boolean;
  policy?: string;
  asOf?: string;
}

export const formatOption = () =>
  new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table');
export const langOption = () => new Option('--lang <lang>', 'language of labels (default: zh when the locale is Chinese, else en)').choices(['zh', 'en']);
export const unitOption = () => new Option('--unit <unit>', 'amounts in 万 or in yuan').choices(['wan', 'yuan']).default('wan');
export const policyOption = () => new Option('--policy <id|file>', 'policy id in policies/, or a policy file (default: the one shipped policy)');
export const asOfOption = () => new Option('--as-of <date>', 'judge "newly recognised" and "a full year" at this date (default: today)');

export function resolveLang(lang: Lang | undefined): Lang {
  return lang ?? defaultLang();
}

/** Colour only for a terminal, and never when NO_COLOR is set or --no-color is given. */
export function makeChalk(color: boolean, stream: NodeJS.WriteStream = process.stdout): ChalkInstance {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  const on = color && !noColor && stream.isTTY === true;
  return new Chalk({ level: on ? 1 : 0 });
}

export function checkAsOf(asOf: string | undefined): string | undefined {
  if (asOf === undefined) return undefined;
  const d = parseDate(asOf);
  if (!d.ok) throw new InputError([{ path: '--as-of', message: d.message, severity: 'error' }]);
  return d.value;
}

/** Reads a named file, or standard input for "-". A missing file is an input error, not a crash. */
export function readInput(file: string): { text: string; name: string } {
  if (file === '-') return { text: readFileSync(0, 'utf8'), name: '<stdin>' };
  try {
    return { text: readFileSync(file, 'utf8'), name: file };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code ?? 'error'})`;
    throw new InputError([{ file, path: '', message: why, severity: 'error' }]);
  }
}
