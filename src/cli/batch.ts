import { createWriteStream, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { type Command, Option } from 'commander';
import { asOfOption, checkAsOf, langOption, policyOption, reportMeta, resolveLang, writeReport } from './common.js';
import { type BatchFormat, type BatchSummary, InputError, type Lang, loadPolicy, renderBatchHtml, renderSummary, runCsvBatch, runYamlBatch, summaryJson } from '../index.js';

export interface BatchCommandOptions {
  format: BatchFormat;
  output?: string;
  bom: boolean;
  summary?: string;
  report?: string;
  encoding?: string;
  ignoreUnknownColumns: boolean;
  lang?: Lang;
  policy?: string;
  asOf?: string;
  progress: boolean;
}

const YAML_FILE = /\.ya?ml$/i;

export function registerBatch(program: Command) {
  program
    .command('batch')
    .description('estimate every row of a CSV of projects (one row per project), or several project YAML files')
    .argument('<files...>', 'a CSV file; or project YAML files or folders of them')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['csv', 'json', 'jsonl']).default('csv'))
    .option('-o, --output <file>', 'write the results to a file instead of standard output')
    .option('--bom', 'start CSV output with a UTF-8 BOM, so that Excel opens Chinese text correctly', false)
    .option('--summary <file>', 'also write the summary as JSON to this file')
    .option('--report <file>', 'also write the summary as a page to hand on: HTML, or PDF when the name ends in .pdf')
    .option('--encoding <name>', 'the CSV file\'s encoding (utf-8, gbk, gb18030); default: detected')
    .option('--ignore-unknown-columns', 'skip columns that are not facts of the policy instead of stopping', false)
    .option('--no-progress', 'no progress bar, even on a terminal')
    .addOption(langOption())
    .addOption(asOfOption())
    .addOption(policyOption())
    .addHelpText(
      'after',
      `
Batch exit codes: 0 every row valid; 1 some rows invalid (every row is still written, with an
error cell); 2 the file itself cannot be read (missing, not CSV, wrong encoding).`,
    )
    .action(async (files: string[], opts: BatchCommandOptions, command: Command) => {
      const policy = loadPolicy(opts.policy);
      const asOf = checkAsOf(opts.asOf);
      const lang = resolveLang(opts.lang);
      const yamlFiles = collectYaml(files);
      if (!yamlFiles && files.length > 1) {
        throw new InputError([{ path: '', severity: 'error', message: 'give one CSV file (or project YAML files / folders)' }]);
      }
      const { stream: out, done } = openOutput(opts.output);
      const common = { policy, out, format: opts.format, lang, bom: opts.bom, ...(asOf ? { asOf } : {}) };
      let summary: BatchSummary;
      if (yamlFiles) summary = await runYamlBatch({ ...common, files: yamlFiles });
      else {
        const progress = opts.progress ? progressBar() : undefined;
        try {
          summary = await runCsvBatch({
            ...common,
            file: files[0] as string,
            ...(opts.encoding ? { encoding: opts.encoding } : {}),
            ignoreUnknownColumns: opts.ignoreUnknownColumns,
            ...(progress ? { onProgress: progress.update } : {}),
          });
        } catch (e) {
          // `subsidy batch big.csv | head`: the reader has what it wanted; not an error.
          if ((e as NodeJS.ErrnoException).code === 'EPIPE') return;
          throw e;
        } finally {
          progress?.clear();
        }
      }
      await done();
      process.stderr.write(renderSummary(summary, lang));
      if (opts.summary) {
        try {
          writeFileSync(opts.summary, summaryJson(summary));
        } catch (e) {
          throw new InputError([{ file: opts.summary, path: '--summary', severity: 'error', message: `cannot be written (${(e as NodeJS.ErrnoException).code ?? 'error'})` }]);
        }
      }
      if (opts.report) {
        const meta = reportMeta(policy, command);
        const page = renderBatchHtml(summary, { lang, unit: 'wan', policy, asOf: asOf ?? meta.generated, ...meta });
        await writeReport(page, /\.pdf$/i.test(opts.report) ? 'pdf' : 'html', opts.report, files);
      }
      // Some rows were invalid: every row was written, but the run is not clean.
      if (summary.invalid > 0) process.exitCode = 1;
    });
}

/** YAML files named, or found in named folders; undefined when the argument is a CSV file. */
function collectYaml(args: string[]): { name: string; text: string }[] | undefined {
  const names: string[] = [];
  for (const a of args) {
    let isDir = false;
    try {
      isDir = statSync(a).isDirectory();
    } catch {
      // A missing file is reported by whichever reader takes it.
    }
    if (isDir) {
      const found = readdirSync(a).filter((f) => YAML_FILE.test(f)).sort();
      if (!found.length) throw new InputError([{ file: a, path: '', severity: 'error', message: 'is a folder with no project YAML files (.yaml)' }]);
      names.push(...found.map((f) => join(a, f)));
    } else if (YAML_FILE.test(a)) names.push(a);
    else if (args.length === 1) return undefined;
    else throw new InputError([{ file: a, path: '', severity: 'error', message: 'is not a project YAML file: give one CSV file, or YAML files' }]);
  }
  return names.map((name) => {
    try {
      return { name, text: readFileSync(name, 'utf8') };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new InputError([{ file: name, path: '', severity: 'error', message: code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'error'})` }]);
    }
  });
}

function openOutput(file: string | undefined): { stream: Writable; done: () => Promise<void> } {
  if (!file) return { stream: process.stdout, done: async () => {} };
  const stream = createWriteStream(file);
  let failure: Error | undefined;
  stream.on('error', (e) => {
    failure = e;
  });
  return {
    stream,
    done: () =>
      new Promise<void>((resolve, reject) => {
        const fail = (e: Error) =>
          reject(new InputError([{ file, path: '--output', severity: 'error', message: `cannot be written (${(e as NodeJS.ErrnoException).code ?? e.message})` }]));
        if (failure) return fail(failure);
        stream.once('error', fail);
        stream.end(() => resolve());
      }),
  };
}

/** A one-line progress bar on stderr, only on a terminal and only once the run takes a moment. */
function progressBar(): { update: (bytes: number, size: number, rows: number) => void; clear: () => void } | undefined {
  const err = process.stderr;
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
      const width = 30;
      const filled = Math.round(share * width);
      err.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}%  ${rows.toLocaleString('en')} rows`);
    },
    clear() {
      if (shown) err.write('\r\x1b[K');
    },
  };
}
