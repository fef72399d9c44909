import type { Command } from 'commander';
import {
  asOfOption, checkAsOf, formatOption, langOption, makeChalk, outputFileOption, type OutputOptions, policyOption, readInput, reportMeta, resolveLang, unitOption, writeReport,
} from './common.js';
import { parseCase, evaluate, findOpportunities, InputError, loadPolicy, toJson, renderMarkdown, renderReportHtml, renderTable, type Case, type Opportunity, type EvaluationResult, type Policy } from '../index.js';
import { runInterview } from '../interview/run.js';

export interface EstimateOptions extends OutputOptions {
  save?: string;
  opportunities: boolean;
}

export function registerEstimate(program: Command) {
  program
    .command('estimate')
    .description('estimate what an applicant can receive, item by item: from a project file, or by interview')
    .argument('[file]', 'project YAML file, or - for standard input; none on a terminal starts the interview')
    .addOption(formatOption())
    .addOption(outputFileOption())
    .addOption(langOption())
    .addOption(unitOption())
    .addOption(asOfOption())
    .addOption(policyOption())
    .option('--save <file>', 'interview only: save the answers as a project YAML file')
    .option('--no-opportunities', 'do not list the near misses (items one change away) under the table')
    .option('--no-color', 'no colour even on a terminal')
    .action(async (file: string | undefined, opts: EstimateOptions, command: Command) => {
      const policy = loadPolicy(opts.policy);
      const asOf = checkAsOf(opts.asOf);
      const c = await readCase(file, policy, opts, asOf);
      const result = evaluate(policy, c, { asOf });
      const opportunities = opts.opportunities ? findOpportunities(policy, c, result) : [];
      if (opts.format === 'html' || opts.format === 'pdf') {
        const page = renderReportHtml(result, { lang: resolveLang(opts.lang), unit: opts.unit, policy, opportunities, mode: 'estimate', ...reportMeta(policy, command) });
        await writeReport(page, opts.format, opts.output, file ? [file] : []);
      } else {
        // Colour is for a terminal, never for a file.
        await writeReport(renderEstimate(result, opportunities, { ...opts, color: opts.color && !opts.output }), opts.format, opts.output, file ? [file] : []);
      }
    });
}

/** The case from a file, standard input, or (no file, a terminal) the interview. */
export async function readCase(file: string | undefined, policy: Policy, opts: { lang?: OutputOptions['lang']; save?: string }, asOf?: string): Promise<Case> {
  if (file === undefined) {
    if (!process.stdin.isTTY) {
      throw new InputError([{ path: '', severity: 'error', message: 'no project file: give one (subsidy estimate examples/bank.yaml), or - to read it from standard input; the interview needs a terminal' }]);
    }
    return runInterview(policy, { lang: resolveLang(opts.lang), asOf, save: opts.save });
  }
  if (opts.save) throw new InputError([{ path: '--save', severity: 'error', message: '--save is for the interview (no project file given)' }]);
  const { text, name } = readInput(file);
  const { case: c, problems } = parseCase(text, policy, name);
  if (!c) throw new InputError(problems);
  return c;
}

export function renderEstimate(result: EvaluationResult, opportunities: Opportunity[], opts: OutputOptions): string {
  const lang = resolveLang(opts.lang);
  if (opts.format === 'json') return toJson({ ...result, opportunities });
  if (opts.format === 'markdown') return renderMarkdown(result, { lang, unit: opts.unit, opportunities });
  return renderTable(result, { lang, unit: opts.unit, chalk: makeChalk(opts.color), opportunities });
}
