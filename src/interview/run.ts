import type { Case } from '../case/model.js';
import { CancelledError } from '../errors/problem.js';
import type { Policy } from '../policy/model.js';
import type { Lang } from '../report/i18n.js';
import { todayIso } from '../values/money.js';
import { type Asked, DONE, Interview, UNKNOWN } from './flow.js';
import { type Given, Journal } from './journal.js';
import { GoBack, type Prompts } from './prompts.js';
import { type Answers, answersToCase, answersToYaml, checkSavePath, defaultName, writeAtomically } from './save.js';

export { type Asked, DONE, UNKNOWN };

export interface InterviewOptions {
  lang: Lang;
  asOf?: string;
  /** The readings chosen with --reading: the questions are those their items need. */
  readings?: Record<string, string>;
  /** Write the answers as a project YAML file here when done. */
  save?: string;
  /** The prompts to ask with: terminalPrompts(…), or scripted answers in tests. */
  prompts?: Prompts;
  /** Answers given before (a project file taken up again): kept, and only what is still open is asked. */
  start?: Answers;
}

/**
 * Ctrl-C in the middle: the answers so far travel with the cancellation, so that the CLI can offer
 * to keep them as a project file (see keep.ts).
 */
export class InterviewCancelled extends CancelledError {
  constructor(
    readonly answers: Answers,
    /** How many questions were answered (a cancel before the first answer has nothing to keep). */
    readonly answered: number,
  ) {
    super();
  }
}

export interface InterviewResult {
  case: Case;
  /** The answers as a project file (what --save writes). */
  yaml: string;
  asked: Asked[];
}

/**
 * Asks the questions the policy needs and returns the case, exactly as `subsidy estimate FILE`
 * would read it from the saved answers. With `save`, the answers are written there (atomically,
 * and only once every question is answered, so a cancelled interview leaves no file).
 */
export async function runInterview(policy: Policy, opts: InterviewOptions & { prompts: Prompts }): Promise<Case> {
  if (opts.save) checkSavePath(opts.save);
  const result = await interview(policy, opts, opts.prompts);
  if (opts.save) writeAtomically(opts.save, result.yaml);
  return result.case;
}

/**
 * The interview, with the prompts given. The questions come from the engine, not from a list:
 * evaluate the answers so far, take the facts that some undecided item still needs (its
 * `missing` paths), ask one, and evaluate again, until no item is waiting for anything.
 */
export async function interview(policy: Policy, opts: InterviewOptions, prompts: Prompts): Promise<InterviewResult> {
  // One as-of date for every evaluation and for the saved file's note on how to reproduce it.
  opts = { ...opts, asOf: opts.asOf ?? todayIso() };
  const run = await untilDone(policy, opts, prompts);
  const answers = run.answers;
  // A project file needs its required text facts (the applicant's name), which change no amount:
  // rather than spend a question on them, the saved file's own name stands in (大华银行.yaml →
  // 大华银行). Without --save they are left unstated, as the table then shows no name.
  const unnamed = [...policy.facts.values()].filter((f) => f.def.required && f.type === 'text' && answers.facts[f.name] === undefined);
  // (A name skipped with Enter is filled in the same way.)
  for (const fact of unnamed) answers.facts[fact.name] = opts.save ? defaultName(opts.save) : '-';
  const yaml = answersToYaml(policy, answers, { asOf: opts.asOf });
  // The case is read back from the file text, so that the interview's estimate and the saved
  // file's are the same by construction.
  const c = answersToCase(policy, yaml, opts.save);
  if (!opts.save) for (const fact of unnamed) delete c.facts[fact.name];
  return { case: c, yaml, asked: run.asked };
}

/**
 * Runs the interview; "back" runs it again with every answer but the last given back (see
 * journal.ts); Ctrl-C becomes an InterviewCancelled carrying the answers so far.
 */
async function untilDone(policy: Policy, opts: InterviewOptions, prompts: Prompts): Promise<Interview> {
  let replay: Given[] = [];
  let undone: Given | undefined;
  for (;;) {
    const journal = new Journal(prompts, replay, undone);
    const run = new Interview(policy, opts, journal, opts.start);
    try {
      await run.run();
      return run;
    } catch (e) {
      if (e instanceof GoBack) {
        undone = journal.given.at(-1);
        replay = journal.given.slice(0, -1);
        continue;
      }
      if (e instanceof CancelledError && !(e instanceof InterviewCancelled)) throw new InterviewCancelled(run.answers, journal.given.length);
      throw e;
    }
  }
}
