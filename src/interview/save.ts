import { renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { Document } from 'yaml';
import { parseCase } from '../case/load.js';
import type { Case } from '../case/model.js';
import { InputError } from '../errors/problem.js';
import type { Policy } from '../policy/model.js';

import type { Answers } from '../questions/answers.js';

export type { Answers, RawAnswer } from '../questions/answers.js';

/** The first words of every file --save writes: how a later --save knows the file is its own. */
const SAVED_BY_INTERVIEW = ' Answers from the subsidy estimate interview';

/** Whether a file's first bytes are those of a file the interview saved. */
export function isSavedAnswers(head: string): boolean {
  return head.startsWith(`#${SAVED_BY_INTERVIEW}`);
}

/**
 * The answers as a project file, in the policy's order of facts. Money keeps the notation the
 * consultant typed; a list answered "none" is written as [] (stated empty, not unknown).
 */
export function answersToYaml(policy: Policy, answers: Answers, opts: { asOf?: string; unfinished?: boolean }): string {
  const data: Record<string, unknown> = { policy: policy.id };
  for (const [id, fact] of Object.entries(policy.file.facts)) {
    if (fact.type === 'list') {
      const entries = answers.lists[id];
      if (!entries) continue;
      const order = Object.keys(fact.fields ?? {});
      data[id] = entries.map((e) => Object.fromEntries(order.filter((f) => e[f] !== undefined).map((f) => [f, e[f]])));
    } else if (answers.facts[id] !== undefined) {
      data[id] = answers.facts[id];
    }
  }
  const doc = new Document(data);
  const asOf = opts.asOf ? ` --as-of ${opts.asOf}` : '';
  doc.commentBefore = [
    `${SAVED_BY_INTERVIEW} (policy ${policy.id}).`,
    ...(opts.unfinished ? [' Unfinished (stopped with Ctrl-C). Go on with: subsidy estimate FILE --interview'] : []),
    ` Reproduce the estimate with: subsidy estimate FILE${asOf}`,
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** The case exactly as `subsidy estimate FILE` reads it from these answers. */
export function answersToCase(policy: Policy, yaml: string, file = '(interview answers)'): Case {
  const { case: c, problems } = parseCase(yaml, policy, file);
  if (!c) throw new InputError(problems);
  return c;
}

/** The applicant's name when none was asked: the saved file's own name (大华银行.yaml → 大华银行). */
export function defaultName(file: string): string {
  const base = basename(file);
  const ext = extname(base);
  return ['.yaml', '.yml'].includes(ext.toLowerCase()) ? base.slice(0, -ext.length) : base;
}

/** Checked before the first question, so an interview is never lost to a path that cannot be written. */
export function checkSavePath(file: string): void {
  const dir = dirname(file);
  const problem = (message: string) => new InputError([{ path: '--save', severity: 'error', message }]);
  let dirStat: ReturnType<typeof statSync> | undefined;
  try {
    dirStat = statSync(dir);
  } catch {
    throw problem(`cannot save to ${file}: the folder ${dir} does not exist`);
  }
  if (!dirStat.isDirectory()) throw problem(`cannot save to ${file}: ${dir} is not a folder`);
  try {
    if (statSync(file).isDirectory()) throw problem(`cannot save to ${file}: it is a folder; give a file name such as ${join(file, 'answers.yaml')}`);
  } catch (e) {
    if (e instanceof InputError) throw e;
  }
}

/** Writes via a temporary file and a rename, so the file is either the whole answers or untouched. */
export function writeAtomically(file: string, text: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, { encoding: 'utf8', flag: 'w' });
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file was never created
    }
    const reason = e instanceof Error && 'code' in e ? String((e as NodeJS.ErrnoException).code) : String(e);
    throw new InputError([{ path: '--save', severity: 'error', message: `cannot save to ${file} (${reason})` }]);
  }
}
