import { closeSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type Command, Option } from 'commander';
import {
  type BatchFormat, type BatchSummary, displayWidth, htmlToPdf, InputError, type Lang, type Problem, renderBatchHtml, renderSummary, runBatch, runYamlBatch, safeMessage, summaryJson,
} from '../index.js';
import { inspectOutput, OutputFile, refuseSameFile, type Target } from '../io/index.js';
import { READ_LIMITS, readBounded, spoolPipe } from '../io/read.js';
import { asOfOption, checkAsOf, checkReadings, langOption, policyInputs, policyOption, readingOption, reportMeta, resolveLang, standardStreams, unreadable, whyUnreadable, whyUnreadableZh } from './common.js';
import type { Session } from './io.js';
import { loadPolicyArg } from './load-policy.js';
import { outputWidth } from './terminal.js';

export interface BatchCommandOptions {
  format: BatchFormat | 'xlsx';
  sheet?: string;
  output?: string;
  /** --bom / --no-bom; when neither is given, a BOM exactly when CSV goes to a .csv file. */
  bom?: boolean;
  summary?: string;
  report?: string;
  encoding?: string;
  delimiter?: string;
  ignoreUnknownColumns: boolean;
  lang?: Lang;
  policy?: string;
  asOf?: string;
  reading?: string[];
  progress: boolean;
}

const YAML_FILE = /\.ya?ml$/i;

export function registerBatch(program: Command, session: Session) {
  return program
    .command('batch')
    .description('estimate every row of a CSV or Excel list of projects (one row per project), or several project YAML files')
    .argument('<files...>', 'a CSV file or an Excel workbook (.xlsx); or project YAML files or folders of them')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['csv', 'json', 'jsonl', 'xlsx']).default('csv', 'csv, or xlsx for -o FILE.xlsx'))
    .option('-o, --output <file>', 'write the results to a file instead of standard output')
    .option('--sheet <name>', 'the sheet of an Excel workbook to read (default: the first)')
    .option('--bom', 'start CSV output with a UTF-8 BOM, so that Excel opens Chinese text correctly (the default for -o x.csv)')
    .option('--no-bom', 'no BOM, even in a .csv file (for programs that do not expect one)')
    .option('--summary <file>', 'also write the summary as JSON to this file')
    .option('--report <file>', 'also write the summary as a page to hand on: HTML, or PDF when the name ends in .pdf')
    .option('--encoding <name>', 'the CSV file\'s encoding (utf-8, gbk, gb18030); default: detected')
    .option('--delimiter <char>', "the CSV's cell separator: , ; tab or | (default: from the header row)")
    .option('--ignore-unknown-columns', 'skip columns that are not facts of the policy instead of stopping', false)
    .option('--no-progress', 'no progress bar, even on a terminal')
    .addOption(langOption())
    .addOption(asOfOption())
    .addOption(policyOption())
    .addOption(readingOption())
    .action(async (files: string[], opts: BatchCommandOptions, command: Command) => {
      // An empty name (an unset shell variable) would read the working folder: say so instead.
      if (files.some((f) => f === '')) throw new InputError([{ path: 'batch', severity: 'error', message: 'an empty file name: give a CSV or Excel file, or project YAML files', zh: '文件名为空：请给出 CSV 或 Excel 文件，或项目 YAML 文件' }]);
      if (opts.output === '') throw new InputError([{ path: '--output', severity: 'error', message: 'is empty: give a file name, such as results.csv', zh: '为空：请给出文件名，例如 results.csv' }]);
      // `-o results.xlsx` says the format; an explicit -f still wins.
      if (command.getOptionValueSource('format') === 'default' && opts.output && /\.xlsx$/i.test(opts.output)) opts.format = 'xlsx';
      if (opts.format === 'xlsx' && !opts.output && session.io.stdout.isTTY) {
        throw new InputError([{ path: '--format xlsx', severity: 'error', message: 'a workbook is a binary file and is not written to a terminal: give -o FILE.xlsx', zh: '工作簿是二进制文件，不输出到终端：请用 -o FILE.xlsx' }]);
      }
      const policy = loadPolicyArg(opts.policy, session);
      const asOf = checkAsOf(opts.asOf);
      const readings = checkReadings(policy, opts.reading);
      const lang = resolveLang(opts.lang, session);
      // Every input is opened and read (YAML) or checked (CSV) before any output is created.
      const yamlFiles = collectYaml(files, session);
      if (!yamlFiles && files.length > 1) {
        throw new InputError([{ path: '', severity: 'error', message: 'give one CSV file (or project YAML files / folders)' }]);
      }
      const csv = yamlFiles ? undefined : checkReadable({ path: session.path(files[0] as string), display: files[0] as string, option: '' }, session);
      const inputs = [...(csv ? [csv] : (yamlFiles ?? []).map((f) => f.target)), ...policyInputs(opts.policy, policy, session)];
      const output = opts.output === undefined ? undefined : { path: session.path(opts.output), display: opts.output, option: '--output' };
      const summaryFile = opts.summary === undefined ? undefined : { path: session.path(opts.summary), display: opts.summary, option: '--summary' };
      const reportFile = opts.report === undefined ? undefined : { path: session.path(opts.report), display: opts.report, option: '--report' };
      const outputs = [output, summaryFile, reportFile].filter((t) => t !== undefined);
      refuseSameFile(inputs, outputs);
      for (const t of outputs) inspectOutput(t);

      // `batch <(cat list.csv)`: a pipe is read once into a private temporary file, then as a file.
      const piped = csv ? spoolInput(csv) : undefined;
      const file = output ? OutputFile.open(output, standardStreams(session)) : undefined;
      // Excel reads a UTF-8 CSV file as the system's code page unless it starts with a BOM: a .csv
      // file gets one unless --no-bom; standard output (a pipe, another program) only with --bom.
      const bom = opts.bom ?? (opts.format === 'csv' && output !== undefined && /\.csv$/i.test(output.path));
      // `batch … --summary s.json | head -1`: the summary and the report are of every row, so the
      // run goes on to the end once the reader of the rows has gone (only --summary and --report
      // asked for it); without them it stops there, as `batch big.csv | head` should.
      const stdout = !file && (summaryFile || reportFile) ? outlasting(session) : session.io.stdout;
      const common = { policy, out: file?.stream ?? stdout, format: opts.format, lang, bom, ...(asOf ? { asOf } : {}), ...(Object.keys(readings).length ? { readings } : {}) };
      const progress = opts.progress && csv ? progressBar(session, lang) : undefined;
      let summary: BatchSummary;
      try {
        if (yamlFiles) summary = await runYamlBatch({ ...common, files: yamlFiles.map((f) => ({ name: f.target.display, ...(f.problems ? { problems: f.problems } : { text: f.text ?? '' }) })) });
        else {
          summary = await runBatch({
            ...common,
            file: piped?.path ?? (csv?.path as string),
            display: csv?.display as string,
            ...(opts.sheet !== undefined ? { sheet: opts.sheet } : {}),
            ...(opts.encoding ? { encoding: opts.encoding } : {}),
            ...(opts.delimiter !== undefined ? { delimiter: opts.delimiter } : {}),
            ignoreUnknownColumns: opts.ignoreUnknownColumns,
            ...(progress ? { onProgress: progress.update } : {}),
          });
        }
        if (file) await file.finish();
      } catch (e) {
        // Whatever stopped the run, a half-written -o never replaces the file that was there.
        file?.discard();
        // A closed or failing standard output is main's to judge, from the stream's state.
        throw file?.error ?? (session.stdoutState.kind === 'open' ? readFailure(e, csv) : e);
      } finally {
        progress?.clear();
        piped?.remove();
      }
      // `subsidy batch big.csv | head`: the reader has what it wanted; main ends quietly. A failed
      // standard output (a full disk) publishes nothing; a closed one still the summary and report.
      if (session.stdoutState.kind === 'failed' || (session.stdoutState.kind === 'closed' && !summaryFile && !reportFile)) return;
      // The summary and the report are made and flushed beside -o; only when every one is complete
      // on the disk do they all take their places, so a failure leaves all three as they were.
      const complete: OutputFile[] = file ? [file] : [];
      try {
        const extras: [Target, () => Promise<string | Uint8Array>][] = [];
        if (summaryFile) extras.push([summaryFile, async () => summaryJson(summary)]);
        if (reportFile) {
          extras.push([
            reportFile,
            async () => {
              const meta = reportMeta(policy, command);
              const page = renderBatchHtml(summary, { lang, unit: 'wan', policy, asOf: asOf ?? meta.generated, ...meta });
              return /\.pdf$/i.test(reportFile.path) ? htmlToPdf(page, session.io.env) : page;
            },
          ]);
        }
        for (const [target, make] of extras) {
          const data = await make();
          const out = OutputFile.open(target, standardStreams(session));
          complete.push(out);
          out.stream.write(data);
          await out.finish();
        }
      } catch (e) {
        for (const out of complete) out.discard();
        throw e;
      }
      for (const out of complete) out.publish();
      // The summary quotes cells and headers of the file: one safe, short line each.
      // (renderSummary shows every name from the files safe, on its own line; safeMessage is the
      // net under it.) Wrapped to a terminal's width; a log or a pipe gets one line each.
      const err = session.io.stderr;
      const width = err.isTTY ? outputWidth(undefined, err, session.io.env) : undefined;
      session.err(`${renderSummary(summary, lang, width).trimEnd().split('\n').map((line) => safeMessage(line)).join('\n')}\n`);
      // Some rows were invalid: every row was written, but the run is not clean.
      if (summary.invalid > 0) session.findings = true;
    });
}

/**
 * Standard output for rows that outlasts its reader: written through while it is open (waiting
 * for it as it drains), and, once it has closed or failed, taking the rest of the rows unwritten.
 */
function outlasting(session: Session): Writable {
  const out = session.io.stdout;
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (session.stdoutState.kind !== 'open' || out.destroyed) return done();
      if (out.write(chunk)) return done();
      const settle = () => {
        out.off('drain', settle);
        out.off('error', settle);
        out.off('close', settle);
        done();
      };
      out.once('drain', settle);
      out.once('error', settle);
      out.once('close', settle);
    },
  });
}

/** A read error in the middle of the CSV (the disk, a network share) is the input's problem: exit 2. */
function readFailure(e: unknown, csv: Target | undefined): unknown {
  if (!csv || e instanceof InputError || typeof (e as NodeJS.ErrnoException)?.code !== 'string') return e;
  return new InputError([{ file: csv.display, path: '', severity: 'error', message: `${whyUnreadable(e)} (stopped while reading it)`, zh: `${whyUnreadableZh(e)}（读取中途停止）` }]);
}

/** A CSV or workbook that is a pipe, copied to a temporary file (bounded); undefined for a file. */
function spoolInput(t: Target): ReturnType<typeof spoolPipe> {
  try {
    return spoolPipe(t.path, READ_LIMITS.pipedSheet, t.display);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError([{ file: t.display, path: '', severity: 'error', message: whyUnreadable(e), zh: whyUnreadableZh(e) }]);
  }
}

/** An input file that can be opened for reading, or the reason it cannot. */
function checkReadable(t: Target, session: Session): Target {
  try {
    if (statSync(t.path).isDirectory()) {
      throw new InputError([{ file: t.display, path: '', severity: 'error', message: 'is a folder: give a CSV file, or project YAML files' }]);
    }
    closeSync(openSync(t.path, 'r'));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw unreadable(e, t.display, session);
  }
  return t;
}

/** YAML files named, or found in named folders; undefined when the argument is a CSV file. */
function collectYaml(args: string[], session: Session): { target: Target; text?: string; problems?: Problem[] }[] | undefined {
  const names: string[] = [];
  const named = new Set<string>();
  for (const a of args) {
    let isDir = false;
    try {
      isDir = statSync(session.path(a)).isDirectory();
    } catch {
      // A missing file is reported by whichever reader takes it.
    }
    if (isDir) {
      const found = readdirSync(session.path(a)).filter((f) => YAML_FILE.test(f)).sort();
      if (!found.length) throw new InputError([{ file: a, path: '', severity: 'error', message: 'is a folder with no project YAML files (.yaml)' }]);
      names.push(...found.map((f) => join(a, f)));
    } else if (YAML_FILE.test(a)) {
      names.push(a);
      named.add(a);
    }
    else if (args.length === 1) return undefined;
    else throw new InputError([{ file: a, path: '', severity: 'error', message: 'is not a project YAML file: give one CSV file, or YAML files' }]);
  }
  return names.map((name) => {
    const target = { path: session.path(name), display: name, option: '' };
    try {
      // Found in a folder, a FIFO would wait for a writer forever and a device never end: only
      // regular files are read (a file named on the command line may be a pipe: `<(…)`).
      if (!named.has(name) && !statSync(target.path).isFile()) {
        return { target, problems: [{ file: name, path: '', severity: 'error' as const, message: 'is not a regular file (a FIFO, a device or a socket): not read', zh: '不是普通文件（管道、设备或套接字）：未读取' }] };
      }
      return { target, text: readBounded(target.path, READ_LIMITS.project, name) };
    } catch (e) {
      if (e instanceof InputError) return { target, problems: e.problems };
      // A file named that is not there is a typo: the run stops. Any other file that cannot be
      // read (no permission, a broken link in a folder) fails its own row, and the others go on.
      if (named.has(name) && (e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw unreadable(e, name, session);
      }
      return { target, problems: [{ file: name, path: '', severity: 'error' as const, message: whyUnreadable(e), zh: whyUnreadableZh(e) }] };
    }
  });
}

/**
 * The progress line, narrower than the terminal (a line that wraps could not be overwritten in
 * place): the bar shrinks first, then goes, leaving the share and the rows read.
 */
export function progressLine(share: number, rows: number, columns: number, lang: Lang): string {
  const text = ` ${Math.round(share * 100)}%  ${rows.toLocaleString('en')} ${lang === 'zh' ? '行' : 'rows'}`;
  const room = columns - 1 - displayWidth(text) - 2;
  const width = Math.min(30, room);
  if (width < 5) return displayWidth(text) < columns ? text.trimStart() : '';
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]${text}`;
}

/** A one-line progress bar on stderr, only on a terminal and only once the run takes a moment. */
function progressBar(session: Session, lang: Lang): { update: (bytes: number, size: number, rows: number) => void; clear: () => void } | undefined {
  const err = session.io.stderr;
  if (!err.isTTY) return undefined;
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(bytes, size, rows) {
      const now = Date.now();
      if (now - started < 1000 || now - last < 100) return;
      last = now;
      shown = true;
      const share = size > 0 ? Math.min(1, bytes / size) : 0;
      err.write(`\r${progressLine(share, rows, err.columns ?? 80, lang)}`);
    },
    clear() {
      if (shown) err.write('\r\x1b[K');
    },
  };
}
