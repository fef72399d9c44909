import type { Command } from 'commander';
import { formatOption, langOption, makeChalk, type OutputOptions, policyOption, resolveLang, unitOption } from './common.js';
import { loadPolicy, itemsData, renderItemsMarkdown, renderItemsTable, toJson } from '../index.js';

export function registerItems(program: Command) {
  program
    .command('items')
    .description("list the policy's items: clause, title, applicant, award and cap (a cheat sheet)")
    .addOption(formatOption())
    .addOption(langOption())
    .addOption(unitOption())
    .addOption(policyOption())
    .option('--no-color', 'no colour even on a terminal')
    .action((opts: OutputOptions) => {
      const policy = loadPolicy(opts.policy);
      const lang = resolveLang(opts.lang);
      if (opts.format === 'json') process.stdout.write(toJson(itemsData(policy)));
      else if (opts.format === 'markdown') process.stdout.write(renderItemsMarkdown(policy, { lang, unit: opts.unit }));
      else process.stdout.write(renderItemsTable(policy, { lang, unit: opts.unit, chalk: makeChalk(opts.color) }));
    });
}
