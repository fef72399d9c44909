import { readdirSync, type Stats, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';
import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  defaultLang, htmlToPdf, InputError, type Lang, openPolicy, type Policy, parseCalendarDate, parseReadingChoices, policyVersion, resolvePolicyPath, terminalText, todayIso, type Unit,
} from '../estimate.js';
import { inspectOutput, refuseSameFile, type StandardStreams, type Target, writeWhole } from '../io/index.js';
import { READ_LIMITS, readBounded } from '../io/read.js';
import { closest } from '../start.js';
import type { OutStream, Session } from './io.js';
import { colourLevel, outputWidth, parseWidth } from './terminal.js';

/** Options shared by the commands that print results. */
export interface OutputOptions {
  format: 'table' | 'json' | 'markdown' | 'html' | 'pdf';
  /** -o: write to this file (required for pdf; the others go to standard output without it). */
  output?: string;
  lang?: Lang;
  unit: Unit;
  color: boolean;
  policy?: string;
  asOf?: string;
}

export const formatOption = () =>
  new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'markdown', 'html', 'pdf']).default('table');
export const langOption = () => new Option('--lang <lang>', 'language of the output and messages (default: zh when the locale is Chinese, else en)').choices(['zh', 'en']);
export const unitOption = () => new Option('--unit <unit>', 'amounts in 万 or in yuan').choices(['wan', 'yuan']).default('wan');
export const policyOption = () => new Option('--policy <id|file>', 'policy id in policies/, or a policy file (default: the one shipped policy)');
export const asOfOption = () =>
  new Option('--as-of <date>', 'judge every dated event (recognitions, loans, listings …) and "a full year" at this date (default: today); written 2020-12-31, 2020/12/31 or 2020年12月31日');

/** --reading ID=ALT, repeatable: where the text can be read two ways, which reading to apply. */
export const readingOption = () =>
  new Option('--reading <id=alternative>', 'read a sentence of the policy another way, e.g. scope=whole-fund (repeatable; `subsidy items` lists the readings)')
    .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .default(undefined);

/** The readings of --reading, checked against the policy (exit 2 with what it has). */
export function checkReadings(policy: Policy, pairs: string[] | undefined): Record<string, string> {
  const { choices, problems } = parseReadingChoices(policy, pairs ?? []);
  if (problems.length) throw new InputError(problems.map((message) => ({ path: '--reading', severity: 'error' as const, message })));
  return choices;
}

export const outputFileOption = () =>
  new Option('-o, --output <file>', 'write to this file instead of standard output (needed for --format pdf); without --format, the format follows the extension (.json, .md, .txt, .html, .pdf)');
export const widthOption = () =>
  new Option('--width <columns>', "lay the table out for this many columns (default: the terminal's width, else 80)").argParser((v) => {
    try {
      return parseWidth(v);
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message.replace(/^--width /, ''));
    }
  });

/** The width a text rendering is laid out for: --width, else the terminal's (for standard output), else 80. */
export function textWidth(session: Session, width: number | undefined, toFile: boolean): number {
  return toFile ? (width ?? 80) : outputWidth(width, session.io.stdout, session.io.env);
}

export function resolveLang(lang: Lang | undefined, session: Session): Lang {
  return lang ?? defaultLang(session.io.env);
}

/** Colour as the stream and the environment allow (FORCE_COLOR, NO_COLOR, TERM=dumb), never with --no-color. */
export function colourOn(color: boolean, session?: Session, stream: OutStream | undefined = session?.io.stdout): boolean {
  return colourLevel(color, stream, session?.io.env ?? {}) > 0;
}

export function makeChalk(color: boolean, session?: Session, stream: OutStream | undefined = session?.io.stdout): ChalkInstance {
  return new Chalk({ level: colourLevel(color, stream, session?.io.env ?? {}) });
}

/**
 * A text rendering (table, report, markdown) for standard output. Names and notes come from
 * project and policy files: their control characters are shown escaped, so that no file can
 * clear the screen or retitle the terminal; only our own colour codes pass.
 */
export function printText(session: Session, text: string, color = false): void {
  session.out(terminalText(text, colourOn(color, session)));
}

export function checkAsOf(asOf: string | undefined): string | undefined {
  if (asOf === undefined) return undefined;
  const d = parseCalendarDate(asOf);
  if (!d.ok) throw new InputError([{ path: '--as-of', message: d.message, ...(d.zh ? { zh: d.zh } : {}), severity: 'error' }]);
  return d.value;
}

/** --policy names a file (it has a slash or ends in .yaml), else a shipped policy's id. */
export function isPolicyPath(policy: string | undefined): boolean {
  return policy !== undefined && /[\\/]|\.ya?ml$/i.test(policy);
}

/**
 * The policy of --policy for the commands that start fast: a shipped policy comes from its
 * compiled snapshot when current, without loading the YAML parser or the schema.
 */
export async function openPolicyArg(policy: string | undefined, session: Session): Promise<Policy> {
  return openPolicy(isPolicyPath(policy) ? policyFileArg(policy as string, session) : policy);
}

/**
 * The file of a --policy that is a path, read from the run's working folder; a missing file or a
 * folder is said as such. (Loading it is load-policy.ts's, so that this module does not load the
 * YAML parser and the schema for the commands that start fast.)
 */
export function policyFileArg(policy: string, session: Session): string {
  const file = session.path(policy);
  let st: Stats;
  try {
    st = statSync(file);
  } catch (e) {
    throw unreadable(e, policy, session, { en: 'policy file', zh: '政策文件' }, '--policy');
  }
  if (st.isDirectory()) {
    throw new InputError([
      { file: policy, path: '--policy', severity: 'error', message: 'is a folder: give a policy file (policies/x.yaml) or a policy id', zh: '这是文件夹：请给出政策文件（policies/x.yaml）或政策 id' },
    ]);
  }
  return file;
}

/** The files a policy is read from (the policy and its source text): inputs no output may replace. */
export function policyInputs(arg: string | undefined, policy: Policy, session: Session): Target[] {
  const file = resolvePolicyPath(isPolicyPath(arg) ? session.path(arg as string) : arg);
  const source = join(dirname(file), policy.file.source);
  return [
    { path: file, display: arg !== undefined && isPolicyPath(arg) ? arg : session.display(file), option: 'policy file' },
    { path: source, display: session.display(source), option: "policy's source text" },
  ];
}

/**
 * A missing file's nearest neighbour in its folder (bank.yml → bank.yaml), written as the user
 * would write it, or undefined. Only for a missing file: anything else is not a typo.
 */
export function nearestFile(e: unknown, given: string, session: Session): string | undefined {
  if ((e as NodeJS.ErrnoException)?.code !== 'ENOENT') return undefined;
  let names: string[];
  try {
    names = readdirSync(dirname(session.path(given)));
  } catch {
    return undefined;
  }
  const hit = closest(basename(given), names.filter((n) => !n.startsWith('.')));
  if (hit === undefined) return undefined;
  const folder = given.slice(0, given.length - basename(given).length);
  return `${folder}${hit}`;
}

/** An unreadable input as a problem, in both languages, with the nearest file when it is missing. */
export function unreadable(e: unknown, file: string, session: Session, what?: { en: string; zh: string }, path = ''): InputError {
  const near = nearestFile(e, file, session);
  const en = whyUnreadable(e, what?.en);
  const zh = whyUnreadableZh(e, what?.zh);
  return new InputError([
    { file, path, severity: 'error', message: near ? `${en} (did you mean "${near}"?)` : en, zh: near ? `${zh}（是否想写“${near}”？）` : zh },
  ]);
}

/** Why a file could not be opened, in Chinese. */
export function whyUnreadableZh(e: unknown, what = '文件'): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `没有这个${what}`;
  if (code === 'EISDIR') return '这是文件夹，不是文件';
  if (code === 'EACCES' || code === 'EPERM') return '无法读取：没有权限';
  return `无法读取（${code ?? 'error'}）`;
}

/** Why a file could not be opened, in words. */
export function whyUnreadable(e: unknown, what = 'file'): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `no such ${what}`;
  if (code === 'EISDIR') return 'is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read: permission denied';
  return `cannot be read (${code ?? 'error'})`;
}

/** Reads a named file, or standard input for "-". A missing file is an input error, not a crash. */
export async function readInput(file: string, session: Session): Promise<{ text: string; name: string }> {
  if (file === '-') return { text: await session.readStdin(), name: '<stdin>' };
  try {
    return { text: readBounded(session.path(file), READ_LIMITS.project, file), name: file };
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw unreadable(e, file, session);
  }
}

/**
 * A rendering to its -o file (written whole, never over an input), or to standard output. A PDF
 * (the HTML report printed) is binary: never written to a terminal or a pipe, so it needs -o.
 * Text for a terminal goes through printText; colour never goes into a file.
 */
export async function writeReport(
  session: Session,
  page: string,
  format: string,
  output: string | undefined,
  inputs: Target[],
  opts: { color?: boolean } = {},
): Promise<void> {
  if (format === 'pdf' && !output) {
    throw new InputError([{ path: '--format pdf', severity: 'error', message: 'a PDF needs a file to go to: add -o report.pdf' }]);
  }
  if (!output) {
    if (format === 'json' || format === 'html') session.out(page);
    else printText(session, page, opts.color);
    return;
  }
  const target = { path: session.path(output), display: output, option: '--output' };
  refuseSameFile(inputs, [target]);
  inspectOutput(target);
  await writeWhole(target, format === 'pdf' ? await htmlToPdf(page, session.io.env) : page, standardStreams(session));
}

/**
 * The case file given as an argument, as an input no output may replace. For "-", standard input
 * when it is this process's and a file (`subsidy estimate - -o p.yaml < p.yaml`): /dev/stdin is
 * the file on descriptor 0, compared by its inode like any other input.
 */
export function caseInputs(file: string | undefined, session: Session): Target[] {
  if (file === '-') return session.io.stdin === process.stdin ? [{ path: '/dev/stdin', display: '-', option: 'standard input' }] : [];
  return file === undefined ? [] : [{ path: session.path(file), display: file, option: '' }];
}

/** The run's standard output and error, for an -o of /dev/stdout or /dev/stderr. */
export function standardStreams(session: Session): StandardStreams {
  return { 1: session.io.stdout, 2: session.io.stderr };
}

/** What the report says about its own making: today, this tool's version, the policy data's version. */
export function reportMeta(policy: Policy, command: Command): { generated: string; toolVersion: string; policyVersion: string } {
  let root = command;
  while (root.parent) root = root.parent;
  return { generated: todayIso(), toolVersion: root.version() ?? '', policyVersion: policyVersion(policy) };
}
