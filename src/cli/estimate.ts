import type { Command } from 'commander';
import { parseCase } from '../case/load.js';
import { evaluate } from '../engine/evaluate.js';
import type { EvaluationResult } from '../engine/result.js';
import { InputError } from '../errors/problem.js';
import type { Policy } from '../policy/model.js';
import { loadPolicy } from '../policy/load.js';
import { toJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderTable } from '../report/table.js';
import {
  asOfOption, checkAsOf, formatOption, langOption, makeChalk, type OutputOptions, policyOption, readInput, resolveLang, unitOption,
} from './common.js';

export function registerEstimate(program: Command) {
  program
    .command('estimate')
    .description('estimate what an applicant can receive, item by item, from a project file')
    .argument('[file]', 'project YAML file, or - for standard input')
    .addOption(formatOption())
    .addOption(langOption())
    .addOption(unitOption())
    .addOption(asOfOption())
    .addOption(policyOption())
    .option('--no-color', 'no colour even on a terminal')
    .action((file: string | undefined, opts: OutputOptions) => {
      if (file === undefined) {
        throw new InputError([{ path: '', severity: 'error', message: 'give a project file (subsidy estimate examples/ev-battery-renovation.yaml) or - to read one from standard input' }]);
      }
      const policy = loadPolicy(opts.policy);
      const asOf = checkAsOf(opts.asOf);
      const { text, name } = readInput(file);
      const { case: c, problems } = parseCase(text, policy, name);
      if (!c) throw new InputError(problems);
      process.stdout.write(renderResult(evaluate(policy, c, { asOf }), policy, opts));
    });
}

export function renderResult(result: EvaluationResult, _policy: Policy, opts: OutputOptions): string {
  const lang = resolveLang(opts.lang);
  if (opts.format === 'json') return toJson(result);
  if (opts.format === 'markdown') return renderMarkdown(result, { lang, unit: opts.unit });
  return renderTable(result, { lang, unit: opts.unit, chalk: makeChalk(opts.color) });
}
