import type { Command } from 'commander';
import {
  type Case, compareReadings, type EvaluationResult, evaluate, findOpportunities, InputError, type Opportunity, type Policy, openCase, problemLine, renderMarkdown, renderReportHtml, renderTable, toJson,
} from '../estimate.js';
import { inspectOutput, refuseReplace, refuseSameFile, type Target, writeWhole } from '../io/index.js';
import {
  standardStreams, asOfOption, checkAsOf, checkReadings, formatOption, langOption, openPolicyArg, makeChalk, type OutputOptions, outputFileOption, policyInputs, policyOption, readInput, readingOption, reportMeta, resolveLang, unitOption, writeReport, caseInputs, textWidth, widthOption,
} from './common.js';
import type { Session } from './io.js';
import { formatOfFile } from './terminal.js';

export interface EstimateOptions extends OutputOptions {
  output?: string;
  width?: number;
  save?: string;
  force?: boolean;
  opportunities: boolean;
  reading?: string[];
}

/** What estimate and explain need to read a case (and, in the interview, to save the answers). */
export interface CaseOptions {
  lang?: OutputOptions['lang'];
  save?: string;
  force?: boolean;
  policy?: string;
  /** The readings chosen with --reading, for the interview's questions. */
  readings?: Record<string, string>;
}

export const saveOption = () => ['--save <file>', 'interview only: save the answers as a project YAML file'] as const;
export const forceOption = () => ['--force', 'with --save: replace an existing file that the interview did not write'] as const;

export function registerEstimate(program: Command, session: Session) {
  return program
    .command('estimate')
    .description('estimate what an applicant can receive, item by item: from a project file, or by interview')
    .argument('[file]', 'project YAML file, or - for standard input; none on a terminal starts the interview')
    .addOption(formatOption())
    .addOption(outputFileOption())
    .addOption(langOption())
    .addOption(unitOption())
    .addOption(asOfOption())
    .addOption(policyOption())
    .addOption(readingOption())
    .option(...saveOption())
    .option(...forceOption())
    .option('--no-opportunities', 'do not list the near misses (items one change away) under the table')
    .option('--no-color', 'no colour even on a terminal')
    .addOption(widthOption())
    .action(async (file: string | undefined, opts: EstimateOptions, command: Command) => {
      formatFromOutput(opts, command);
      const policy = await openPolicyArg(opts.policy, session);
      const asOf = checkAsOf(opts.asOf);
      const readings = checkReadings(policy, opts.reading);
      const inputs = checkOutputs(session, file, policy, opts);
      const c = await readCase(file, policy, { ...opts, readings }, session, asOf);
      const result = evaluate(policy, c, { asOf, readings });
      // Where the text can be read two ways and that changes this case: the total under each reading.
      compareReadings(policy, c, result);
      const opportunities = opts.opportunities ? findOpportunities(policy, c, result) : [];
      if (opts.format === 'html' || opts.format === 'pdf') {
        const page = renderReportHtml(result, { lang: resolveLang(opts.lang, session), unit: opts.unit, policy, opportunities, mode: 'estimate', ...reportMeta(policy, command) });
        await writeReport(session, page, opts.format, opts.output, inputs);
      } else {
        // Colour is for a terminal, never for a file.
        const color = opts.color && !opts.output;
        const width = textWidth(session, opts.width, opts.output !== undefined);
        await writeReport(session, renderEstimate(result, opportunities, { ...opts, color, width }, session), opts.format, opts.output, inputs, { color });
      }
    });
}

/** `-o report.md` with no --format: the format the file's name asks for (.json, .md, .txt, .html, .pdf). */
export function formatFromOutput(opts: { format: string; output?: string }, command: Command): void {
  const byName = formatOfFile(opts.output);
  if (byName && command.getOptionValueSource('format') === 'default') opts.format = byName;
}

/**
 * Before the case is read (and before any interview): the outputs, -o and --save, may be written,
 * and neither replaces the case file, the policy or the other. Returns the inputs.
 */
export function checkOutputs(session: Session, file: string | undefined, policy: Policy, opts: CaseOptions & { output?: string }): Target[] {
  const inputs = [...caseInputs(file, session), ...policyInputs(opts.policy, policy, session)];
  const outputs: Target[] = [];
  if (opts.output !== undefined) outputs.push({ path: session.path(opts.output), display: opts.output, option: '--output' });
  if (opts.save !== undefined && file === undefined) outputs.push({ path: session.path(opts.save), display: opts.save, option: '--save' });
  refuseSameFile(inputs, outputs);
  for (const t of outputs) if (t.option === '--output') inspectOutput(t);
  return inputs;
}

/** The case from a file, standard input, or (no file, a terminal) the interview. */
export async function readCase(
  file: string | undefined,
  policy: Policy,
  opts: CaseOptions,
  session: Session,
  asOf?: string,
): Promise<Case> {
  if (file === undefined) {
    if (!session.io.stdin.isTTY) {
      throw new InputError([
        {
          path: '',
          severity: 'error',
          message: 'no project file: give one (subsidy estimate examples/bank.yaml), or - to read it from standard input; the interview needs a terminal',
          zh: '没有项目文件：请给出文件（subsidy estimate examples/bank.yaml），或用 - 从标准输入读取；问答需要在终端中进行',
        },
      ]);
    }
    // The interview and its prompt library are loaded only when an interview is asked for.
    const [{ terminalPrompts }, { interview }, { isSavedAnswers }] = await Promise.all([
      import('../interview/prompts.js'), import('../interview/run.js'), import('../interview/save.js'),
    ]);
    // Checked before the first question, so that an interview is never lost to a path that cannot be written.
    const save = opts.save === undefined ? undefined : { path: session.path(opts.save), display: opts.save, option: '--save' };
    if (save) {
      refuseSameFile(policyInputs(opts.policy, policy, session), [save]);
      refuseReplace(save, { force: opts.force === true, ours: isSavedAnswers, whose: 'the interview' });
      inspectOutput(save);
    }
    const prompts = terminalPrompts({ input: session.io.stdin, output: session.io.stderr, lang: resolveLang(opts.lang, session) });
    const answers = await interview(policy, { lang: resolveLang(opts.lang, session), asOf, save: opts.save, ...(opts.readings ? { readings: opts.readings } : {}) }, prompts);
    // Only once every question is answered: a cancelled interview leaves no file.
    if (save) await writeWhole(save, answers.yaml, standardStreams(session));
    return answers.case;
  }
  if (opts.save) throw new InputError([{ path: '--save', severity: 'error', message: '--save is for the interview (no project file given)', zh: '--save 只用于问答（不给项目文件时）' }]);
  const { text, name } = await readInput(file, session);
  const { case: c, problems } = await openCase(text, policy, name);
  if (!c) throw new InputError(problems);
  // What was read but may not be what was meant (a bare 3500 is 3,500 yuan): said, not refused.
  const lang = resolveLang(opts.lang, session);
  for (const p of problems) session.err(`${problemLine(p, lang)}\n`);
  return c;
}

/** The estimate in the chosen format; without a session (a library caller), English and no colour. */
export function renderEstimate(result: EvaluationResult, opportunities: Opportunity[], opts: OutputOptions & { width?: number }, session?: Session): string {
  const lang = session ? resolveLang(opts.lang, session) : (opts.lang ?? 'en');
  if (opts.format === 'json') return toJson({ ...result, opportunities });
  if (opts.format === 'markdown') return renderMarkdown(result, { lang, unit: opts.unit, opportunities });
  return renderTable(result, { lang, unit: opts.unit, chalk: makeChalk(opts.color && session !== undefined, session), opportunities, ...(opts.width ? { width: opts.width } : {}) });
}
