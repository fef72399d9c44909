import type { Command } from 'commander';
import {
  type Case, compareReadings, type EvaluationResult, evaluate, findOpportunities, InputError, type Opportunity, openCase, type Policy, problemLine, renderMarkdown, renderReportHtml, renderTable, toJson,
} from '../estimate.js';
import { inspectOutput, refuseReplace, refuseSameFile, type Target, writeWhole } from '../io/index.js';
import {asOfOption, caseInputs, checkAsOf, checkReadings, formatOption, langOption, makeChalk, type OutputOptions, openPolicyArg, outputFileOption, policyInputs, policyOption, readInput, readingOption, reportMeta, resolveLang, 
  standardStreams, textWidth, unitOption, widthOption,writeReport, 
} from './common.js';
import { shellArg } from '../start.js';
import type { Session } from './io.js';
import { formatOfFile } from './terminal.js';

export interface EstimateOptions extends OutputOptions {
  output?: string;
  width?: number;
  save?: string;
  force?: boolean;
  interview?: boolean;
  opportunities: boolean;
  reading?: string[];
}

/** What estimate and explain need to read a case (and, in the interview, to save the answers). */
export interface CaseOptions {
  lang?: OutputOptions['lang'];
  save?: string;
  force?: boolean;
  /** With a project file: take it up in the interview, asking what it leaves open. */
  interview?: boolean;
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
    .option('--interview', 'with a project file: take it up in the interview, asking only what it leaves open')
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
        await writeReport(session, renderEstimate(result, opportunities, { ...opts, color, width }, session, policy), opts.format, opts.output, inputs, { color });
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
  if (opts.save !== undefined && (file === undefined || opts.interview)) outputs.push({ path: session.path(opts.save), display: opts.save, option: '--save' });
  refuseSameFile(inputs, outputs);
  for (const t of outputs) if (t.option === '--output') inspectOutput(t);
  return inputs;
}

/** The files batch reads: a CSV or an Excel workbook. */
const SHEET = /\.(csv|tsv|xlsx|xlsm|xls)$/i;

/** The case from a file, standard input, or (no file, a terminal) the interview. */
export async function readCase(
  file: string | undefined,
  policy: Policy,
  opts: CaseOptions,
  session: Session,
  asOf?: string,
): Promise<Case> {
  if (file === undefined || opts.interview) {
    if (file !== undefined && (!session.io.stdin.isTTY || file === '-')) {
      throw new InputError([
        {
          path: '--interview',
          severity: 'error',
          message: `the questions are asked on a terminal, and standard input is not one: run it in a terminal with a file, or leave out --interview to estimate ${file} as it is`,
          zh: `问答需要在终端中进行，而标准输入不是终端：请在终端中给出文件运行，或去掉 --interview 直接估算 ${file}`,
        },
      ]);
    }
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
    const [{ terminalPrompts }, { interview, InterviewCancelled }, { isSavedAnswers }, keep] = await Promise.all([
      import('../interview/prompts.js'), import('../interview/run.js'), import('../interview/save.js'), import('../interview/keep.js'),
    ]);
    // A file taken up again (--interview): its answers stand, and only what is still open is asked.
    let start: Parameters<typeof interview>[1]['start'];
    if (file !== undefined) {
      const { text, name } = await readInput(file, session);
      const { case: c, problems } = await openCase(text, policy, name);
      if (!c) throw new InputError(problems);
      start = keep.answersFromFile(policy, text, c);
    }
    // Checked before the first question, so that an interview is never lost to a path that cannot be written.
    const save = opts.save === undefined ? undefined : { path: session.path(opts.save), display: opts.save, option: '--save' };
    if (save) {
      refuseSameFile(policyInputs(opts.policy, policy, session), [save]);
      refuseReplace(save, { force: opts.force === true, ours: isSavedAnswers, whose: 'the interview', whoseZh: '问答' });
      inspectOutput(save);
    }
    const lang = resolveLang(opts.lang, session);
    const prompts = terminalPrompts({ input: session.io.stdin, output: session.io.stderr, lang });
    try {
      const answers = await interview(policy, { lang, asOf, save: opts.save, ...(opts.readings ? { readings: opts.readings } : {}), ...(start ? { start } : {}) }, prompts);
      // Only once every question is answered: a cancelled interview leaves no file unless asked to keep one.
      if (save) {
        await writeWhole(save, answers.yaml, standardStreams(session));
        // Said on stderr, so that the estimate on stdout stays clean for a pipe or -o.
        const where = session.display(save.path);
        session.err(lang === 'zh' ? `回答已保存到 ${where}（再次估算：subsidy estimate ${where}）\n` : `answers saved to ${where} (to estimate again: subsidy estimate ${where})\n`);
      }
      return answers.case;
    } catch (e) {
      // Ctrl-C: offer to keep the answers so far (at --save, else at a free name), then exit 130 as ever.
      if (e instanceof InterviewCancelled && keep.worthKeeping(policy, e)) {
        const display = opts.save ?? keep.suggestPath(session.io.cwd, e.answers);
        await keep.offerToKeep(policy, e, { lang, ...(asOf ? { asOf } : {}), prompts, target: save ?? { path: session.path(display), display, option: '--save' } });
      }
      throw e;
    }
  }
  if (opts.save) throw new InputError([{ path: '--save', severity: 'error', message: '--save is for the interview (no project file given)', zh: '--save 只用于问答（不给项目文件时）' }]);
  // A list of projects is batch's: say so before reading a sheet as YAML.
  if (SHEET.test(file)) {
    throw new InputError([
      {
        file,
        path: '',
        severity: 'error',
        message: `is a list of projects (one row each): run \`subsidy batch ${shellArg(file)}\`; estimate and explain read one project YAML file`,
        zh: `这是项目清单（每行一个项目）：请运行 \`subsidy batch ${shellArg(file)}\`；estimate 和 explain 读取单个项目 YAML 文件`,
      },
    ]);
  }
  const { text, name } = await readInput(file, session);
  const { case: c, problems } = await openCase(text, policy, name);
  if (!c) throw new InputError(problems);
  // What was read but may not be what was meant (a bare 3500 is 3,500 yuan): said, not refused.
  const lang = resolveLang(opts.lang, session);
  for (const p of problems) session.err(`${problemLine(p, lang)}\n`);
  return c;
}

/** The estimate in the chosen format; without a session (a library caller), English and no colour. */
export function renderEstimate(result: EvaluationResult, opportunities: Opportunity[], opts: OutputOptions & { width?: number }, session?: Session, policy?: Policy): string {
  const lang = session ? resolveLang(opts.lang, session) : (opts.lang ?? 'en');
  if (opts.format === 'json') return toJson({ ...result, opportunities });
  if (opts.format === 'markdown') return renderMarkdown(result, { lang, unit: opts.unit, opportunities, ...(policy ? { policy } : {}) });
  return renderTable(result, { lang, unit: opts.unit, chalk: makeChalk(opts.color && session !== undefined, session), opportunities, ...(opts.width ? { width: opts.width } : {}), ...(policy ? { policy } : {}) });
}
