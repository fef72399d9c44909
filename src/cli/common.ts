import { readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';
import { type Command, Option } from 'commander';
import { InputError, htmlToPdf, parseDate, defaultLang, type Lang, type Policy, policyVersion, todayIso, type Unit } from '../index.js';

/** Options shared by the commands that print results. */
export interface OutputOptions {
  format: 'table' | 'json' | 'markdown' | 'html' | 'pdf';
  /** -o: write to this file (required for pdf; html goes to standard output without it). */
  output?: string;
  lang?: Lang;
  unit: Unit;
  color: boolean;
  policy?: string;
  asOf?: string;
}

export const formatOption = () =>
  new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown', 'html', 'pdf']).default('table');
export const langOption = () => new Option('--lang <lang>', 'language of labels (default: zh when the locale is Chinese, else en)').choices(['zh', 'en']);
export const unitOption = () => new Option('--unit <unit>', 'amounts in 万 or in yuan').choices(['wan', 'yuan']).default('wan');
export const policyOption = () => new Option('--policy <id|file>', 'policy id in policies/, or a policy file (default: the one shipped policy)');
export const asOfOption = () => new Option('--as-of <date>', 'judge "newly recognised" and "a full year" at this date (default: today)');

export const outputFileOption = () => new Option('-o, --output <file>', 'write to this file instead of standard output (needed for --format pdf)');

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

/**
 * Output to its -o file, or to standard output; for pdf, the HTML report printed. PDF is binary: it is
 * never written to a terminal or a pipe, so -o is required. (Stand-in until src/io's atomic writer
 * is merged: same-file refusal and write-to-temp-then-rename, with errors reported.)
 */
export async function writeReport(page: string, format: string, output: string | undefined, inputs: string[]): Promise<void> {
  if (format === 'pdf' && !output) {
    throw new InputError([{ path: '--format pdf', severity: 'error', message: 'a PDF needs a file to go to: add -o report.pdf' }]);
  }
  if (!output) {
    process.stdout.write(page);
    return;
  }
  const target = resolve(output);
  const real = (f: string) => {
    try {
      return realpathSync(f);
    } catch {
      return resolve(f);
    }
  };
  if (inputs.some((f) => f !== '-' && real(f) === real(target))) {
    throw new InputError([{ file: output, path: '-o', severity: 'error', message: 'is an input file: choose another name for the report' }]);
  }
  const data = format === 'pdf' ? await htmlToPdf(page, process.env) : page;
  const temp = join(dirname(target), `.${Date.now()}-${process.pid}.tmp`);
  try {
    writeFileSync(temp, data);
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { force: true });
    throw new InputError([{ file: output, path: '-o', severity: 'error', message: `cannot be written (${(e as NodeJS.ErrnoException).code ?? 'error'})` }]);
  }
}

/** What the report says about its own making: today, this tool's version, the policy data's version. */
export function reportMeta(policy: Policy, command: Command): { generated: string; toolVersion: string; policyVersion: string } {
  let root = command;
  while (root.parent) root = root.parent;
  return { generated: todayIso(), toolVersion: root.version() ?? '', policyVersion: policyVersion(policy) };
}
