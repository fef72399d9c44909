import type { Command } from 'commander';
import { itemsData, renderItemsMarkdown, renderItemsTable, toJson } from '../index.js';
import { formatOption, langOption, makeChalk, type OutputOptions, policyOption, printText, resolveLang, textWidth, unitOption, widthOption } from './common.js';
import type { Session } from './io.js';
import { loadPolicyArg } from './load-policy.js';

export function registerItems(program: Command, session: Session) {
  return program
    .command('items')
    .description("list the policy's items: clause, title, applicant, award and cap (a cheat sheet)")
    .addOption(formatOption())
    .addOption(langOption())
    .addOption(unitOption())
    .addOption(policyOption())
    .option('--no-color', 'no colour even on a terminal')
    .addOption(widthOption())
    .action((opts: OutputOptions & { width?: number }) => {
      const policy = loadPolicyArg(opts.policy, session);
      const lang = resolveLang(opts.lang, session);
      if (opts.format === 'json') session.out(toJson(itemsData(policy)));
      else if (opts.format === 'markdown') printText(session, renderItemsMarkdown(policy, { lang, unit: opts.unit }));
      else printText(session, renderItemsTable(policy, { lang, unit: opts.unit, chalk: makeChalk(opts.color, session), width: textWidth(session, opts.width, false) }), opts.color);
    });
}
