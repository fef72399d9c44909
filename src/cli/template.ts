import { Argument, type Command, Option } from 'commander';
import { csvTemplate, type HeaderStyle, yamlTemplate } from '../index.js';
import { loadPolicyArg, policyOption } from './common.js';
import type { Session } from './io.js';

export interface TemplateOptions {
  headers: HeaderStyle;
  bom: boolean;
  policy?: string;
}

export function registerTemplate(program: Command, session: Session) {
  return program
    .command('template')
    .description('print a starting file for the policy: a CSV header row with one example row, or a commented project YAML')
    .addArgument(new Argument('<kind>', 'csv or yaml').choices(['csv', 'yaml']))
    .addOption(new Option('--headers <style>', 'csv: column headers as fact paths or as Chinese / English labels').choices(['path', 'zh', 'en']).default('path'))
    .option('--bom', 'csv: start with a UTF-8 BOM so that Excel shows Chinese correctly', false)
    .addOption(policyOption())
    .action((kind: 'csv' | 'yaml', opts: TemplateOptions) => {
      const policy = loadPolicyArg(opts.policy, session);
      if (kind === 'csv') session.out(`${opts.bom ? '\uFEFF' : ''}${csvTemplate(policy, opts.headers)}`);
      else session.out(yamlTemplate(policy));
    });
}
