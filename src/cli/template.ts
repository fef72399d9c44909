import { Argument, type Command, Option } from 'commander';
import { csvTemplate, type HeaderStyle, InputError, writeXlsxTemplate, yamlTemplate } from '../index.js';
import { inspectOutput, OutputFile, refuseExisting, refuseSameFile } from '../io/index.js';
import { langOption, policyInputs, resolveLang, policyOption, standardStreams, writeReport } from './common.js';
import type { Session } from './io.js';
import { loadPolicyArg } from './load-policy.js';

export interface TemplateOptions {
  headers: HeaderStyle | 'ids';
  bom: boolean;
  output?: string;
  policy?: string;
  force?: boolean;
  lang?: 'zh' | 'en';
}

export function registerTemplate(program: Command, session: Session) {
  return program
    .command('template')
    .description('print a starting file for the policy: a CSV header row with one example row, an Excel workbook with drop-down lists, or a commented project YAML')
    .addArgument(new Argument('<kind>', 'csv, xlsx or yaml').choices(['csv', 'xlsx', 'yaml']))
    .addOption(new Option('--headers <style>', 'csv, xlsx: column headers (and xlsx drop-down choices) as fact ids or as Chinese / English labels').choices(['path', 'ids', 'zh', 'en']).default('path'))
    .option('--bom', 'csv: start with a UTF-8 BOM so that Excel shows Chinese correctly', false)
    .option('-o, --output <file>', 'write to a file instead of standard output (xlsx: required on a terminal)')
    .option('--force', 'with -o: replace an existing file (a filled-in list is never replaced without it)')
    .addOption(policyOption())
    // The files are bilingual (labels in zh and en); --lang is for the messages and the YAML's instructions.
    .addOption(langOption())
    .action(async (kind: 'csv' | 'xlsx' | 'yaml', opts: TemplateOptions) => {
      // An empty -o (an unset shell variable) is a mistake, never "standard output".
      if (opts.output === '') throw new InputError([{ path: '--output', severity: 'error', message: 'is empty: give a file name, such as projects.csv', zh: '为空：请给出文件名，例如 projects.csv' }]);
      const policy = loadPolicyArg(opts.policy, session);
      const headers: HeaderStyle = opts.headers === 'ids' ? 'path' : opts.headers;
      const inputs = policyInputs(opts.policy, policy, session);
      // A template is a fresh start: over a file that exists (perhaps the list filled in from the
      // last one), only with --force, as the interview's --save.
      if (opts.output !== undefined) refuseExisting({ path: session.path(opts.output), display: opts.output, option: '--output' }, opts.force === true);
      if (kind === 'xlsx') {
        if (!opts.output) {
          if (session.io.stdout.isTTY) {
            throw new InputError([{ path: 'template xlsx', severity: 'error', message: 'a workbook is a binary file and is not written to a terminal: give -o FILE.xlsx', zh: '工作簿是二进制文件，不输出到终端：请用 -o FILE.xlsx' }]);
          }
          await writeXlsxTemplate(policy, headers, session.io.stdout);
          return;
        }
        // Written whole or not at all, like every output (src/io).
        const target = { path: session.path(opts.output), display: opts.output, option: '--output' };
        refuseSameFile(inputs, [target]);
        inspectOutput(target);
        const out = OutputFile.open(target, standardStreams(session));
        try {
          await writeXlsxTemplate(policy, headers, out.stream);
          await out.finish();
        } catch (e) {
          out.discard();
          throw out.error ?? e;
        }
        out.publish();
        return;
      }
      const text = kind === 'csv' ? `${opts.bom ? '\uFEFF' : ''}${csvTemplate(policy, headers)}` : yamlTemplate(policy, resolveLang(opts.lang, session));
      await writeReport(session, text, 'json', opts.output, inputs);
    });
}

