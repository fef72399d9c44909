import { type Command, Option } from 'commander';
import {
  clauseNumber, compareReadings, evaluate, explainData, findOpportunities, InputError, type ItemResult, renderExplainMarkdown, renderExplainText, renderReportHtml, sameClause, suggestion, toJson,
} from '../index.js';
import {
  asOfOption, checkAsOf, checkReadings, langOption, makeChalk, type OutputOptions, outputFileOption, policyOption, readingOption, reportMeta, resolveLang, textWidth, unitOption, widthOption, writeReport,
} from './common.js';
import { checkOutputs, forceOption, formatFromOutput, readCase, saveOption } from './estimate.js';
import type { Session } from './io.js';
import { loadPolicyArg } from './load-policy.js';

export interface ExplainCommandOptions extends Omit<OutputOptions, 'format'> {
  /** text (table is accepted as a synonym, as estimate calls its text output table), json, markdown, html or pdf. */
  format: 'text' | 'table' | 'json' | 'markdown' | 'html' | 'pdf';
  item?: string;
  clause?: string;
  save?: string;
  force?: boolean;
  width?: number;
  reading?: string[];
}

export function registerExplain(program: Command, session: Session) {
  return program
    .command('explain')
    .description('explain each item: every condition with the value given, the computation step by step, and what would change it')
    .argument('[file]', 'project YAML file, or - for standard input; none on a terminal starts the interview')
    .option('--item <id>', 'explain one item (see `subsidy items` for the ids)')
    .option('--clause <clause>', 'explain the items of one clause: （二十四）, (二十四), 二十四 or 24')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown', 'table', 'html', 'pdf']).default('text'))
    .addOption(outputFileOption())
    .addOption(langOption())
    .addOption(unitOption())
    .addOption(asOfOption())
    .addOption(policyOption())
    .addOption(readingOption())
    .option(...saveOption())
    .option(...forceOption())
    .option('--no-color', 'no colour even on a terminal')
    .addOption(widthOption())
    .action(async (file: string | undefined, opts: ExplainCommandOptions, command: Command) => {
      formatFromOutput(opts, command);
      const policy = loadPolicyArg(opts.policy, session);
      const asOf = checkAsOf(opts.asOf);
      const readings = checkReadings(policy, opts.reading);
      // Check the filter and the outputs before reading the case, so a typo does not cost an interview.
      const select = selector(policy.items.map((i) => ({ id: i.id, clause: i.clause })), opts);
      const inputs = checkOutputs(session, file, policy, opts);
      const c = await readCase(file, policy, { ...opts, readings }, session, asOf);
      const result = evaluate(policy, c, { asOf, readings });
      compareReadings(policy, c, result);
      const items = result.items.filter((r) => select(r));
      const opportunities = findOpportunities(policy, c, result);
      const lang = resolveLang(opts.lang, session);
      const filtered = opts.item !== undefined || opts.clause !== undefined;
      // Colour is for a terminal, never for a file.
      const color = opts.color && !opts.output;
      const write = (text: string) => writeReport(session, text, opts.format, opts.output, inputs, { color });
      if (opts.format === 'html' || opts.format === 'pdf') {
        await write(renderReportHtml(result, { lang, unit: opts.unit, policy, opportunities, mode: 'explain', items, ...reportMeta(policy, command) }));
      } else if (opts.format === 'json') await write(toJson(explainData(result, items, opportunities)));
      else if (opts.format === 'markdown') await write(renderExplainMarkdown(result, items, { lang, unit: opts.unit, policy, opportunities, filtered }));
      else {
        const width = textWidth(session, opts.width, opts.output !== undefined);
        await write(renderExplainText(result, items, { lang, unit: opts.unit, policy, opportunities, filtered, chalk: makeChalk(color, session), width }));
      }
    });
}

/** The items asked for by --item or --clause (every item when neither is given). */
export function selector(items: { id: string; clause: string }[], opts: { item?: string; clause?: string }): (r: Pick<ItemResult, 'id' | 'clause'>) => boolean {
  if (opts.item !== undefined && opts.clause !== undefined) {
    throw new InputError([{ path: '--item', severity: 'error', message: 'give --item or --clause, not both', zh: '--item 和 --clause 只能给一个' }]);
  }
  if (opts.item !== undefined) {
    const id = opts.item;
    if (!items.some((i) => i.id === id)) {
      const ids = items.map((i) => i.id);
      const near = suggestion(id, ids);
      throw new InputError([
        {
          path: '--item',
          severity: 'error',
          message: `no item "${id}" in this policy${near.en}; the items are: ${ids.join(', ')}`,
          zh: `本政策没有编号为“${id}”的条款事项${near.zh}；可用的编号见 subsidy items`,
        },
      ]);
    }
    return (r) => r.id === id;
  }
  if (opts.clause !== undefined) {
    const wanted = opts.clause;
    const clauses = [...new Set(items.map((i) => i.clause))];
    if (!clauses.some((c) => sameClause(c, wanted))) {
      // Clauses are compared by number: (32) is （三十二）, and no number is "close" to another.
      const named = clauseNumber(wanted) === undefined ? { en: ' (write it as （三十二）, 三十二 or 32)', zh: '（可写 （三十二）、三十二 或 32）' } : { en: '', zh: '' };
      throw new InputError([
        {
          path: '--clause',
          severity: 'error',
          message: `no item cites clause "${wanted}"${named.en}; the clauses are: ${clauses.join(' ')}`,
          zh: `没有条款事项引用“${wanted}”${named.zh}；本政策的条款为：${clauses.join(' ')}`,
        },
      ]);
    }
    return (r) => sameClause(r.clause, wanted);
  }
  return () => true;
}
