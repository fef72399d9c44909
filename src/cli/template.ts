import { createWriteStream, writeFileSync } from 'node:fs';
import { Argument, type Command, Option } from 'commander';
import { policyOption } from './common.js';
import { csvTemplate, type HeaderStyle, InputError, loadPolicy, writeXlsxTemplate, yamlTemplate } from '../index.js';

export interface TemplateOptions {
  headers: HeaderStyle | 'ids';
  bom: boolean;
  output?: string;
  policy?: string;
}

export function registerTemplate(program: Command) {
  program
    .command('template')
    .description('print a starting file for the policy: a CSV header row with one example row, an Excel workbook with drop-down lists, or a commented project YAML')
    .addArgument(new Argument('<kind>', 'csv, xlsx or yaml').choices(['csv', 'xlsx', 'yaml']))
    .addOption(new Option('--headers <style>', 'csv, xlsx: column headers (and xlsx drop-down choices) as fact ids or as Chinese / English labels').choices(['path', 'ids', 'zh', 'en']).default('path'))
    .option('--bom', 'csv: start with a UTF-8 BOM so that Excel shows Chinese correctly', false)
    .option('-o, --output <file>', 'write to a file instead of standard output (xlsx: required on a terminal)')
    .addOption(policyOption())
    .action(async (kind: 'csv' | 'xlsx' | 'yaml', opts: TemplateOptions) => {
      const policy = loadPolicy(opts.policy);
      const headers: HeaderStyle = opts.headers === 'ids' ? 'path' : opts.headers;
      if (kind === 'xlsx') {
        if (!opts.output && process.stdout.isTTY) {
          throw new InputError([{ path: 'template xlsx', severity: 'error', message: 'a workbook is a binary file and is not written to a terminal: give -o FILE.xlsx' }]);
        }
        const out = opts.output ? createWriteStream(opts.output) : process.stdout;
        try {
          await writeXlsxTemplate(policy, headers, out);
          if (out !== process.stdout) await new Promise<void>((resolve, reject) => out.once('error', reject).end(() => resolve()));
        } catch (e) {
          throw cannotWrite(opts.output ?? '<stdout>', e);
        }
        return;
      }
      const text = kind === 'csv' ? `${opts.bom ? '\uFEFF' : ''}${csvTemplate(policy, headers)}` : yamlTemplate(policy);
      if (!opts.output) process.stdout.write(text);
      else {
        try {
          writeFileSync(opts.output, text);
        } catch (e) {
          throw cannotWrite(opts.output, e);
        }
      }
    });
}

function cannotWrite(file: string, e: unknown): InputError {
  return new InputError([{ file, path: '--output', severity: 'error', message: `cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` }]);
}
